"""The temporal tagger and resolver on news phrasing: anchoring, the traps, what it must not tag."""

from __future__ import annotations

from datetime import date

import pytest

from marsad.annotate.dates import times_of

THU = date(2023, 9, 28)   # a Thursday
WED = date(2016, 11, 30)  # a Wednesday


def one(text: str, anchor: date | None, expression: str) -> dict:
    start = text.index(expression)
    end = start + len(expression)
    hits = [s for s in times_of(text, anchor) if s.start < end and s.end > start]
    assert hits, f"'{expression}' not tagged in: {text}"
    span = max(hits, key=lambda s: min(s.end, end) - max(s.start, start))
    return {"label": span.label, **span.attrs}


def test_time_weekday_with_today_is_checked_against_the_anchor() -> None:
    ok = one("قال الوزير اليوم الخميس إن الهدنة صامدة.", THU, "اليوم الخميس")
    assert ok["value"] == "2023-09-28" and ok["flags"] == []
    wrong = one("قال الوزير اليوم الجمعة إن الهدنة صامدة.", THU, "اليوم الجمعة")
    assert wrong["value"] == "2023-09-28" and wrong["flags"] == ["weekday_mismatch"]
    assert one("وصل أمس الثلاثاء.", THU, "أمس الثلاثاء")["flags"] == ["weekday_mismatch"]


def test_time_month_named_last_can_be_the_current_month() -> None:
    assert one("التقيا في 17 سبتمبر الماضي.", THU, "17 سبتمبر الماضي")["value"] == "2023-09-17"
    # The 30th has not come round yet this September: the previous one.
    assert one("انتهت ولايته في 30 سبتمبر الماضي.", THU, "30 سبتمبر الماضي")["value"] == "2022-09-30"
    assert one("زاره في أغسطس الماضي.", THU, "أغسطس الماضي")["value"] == "2023-08"
    assert one("تجرى الانتخابات في أكتوبر المقبل.", THU, "أكتوبر المقبل")["value"] == "2023-10"


def test_time_last_weekday_said_on_that_weekday_is_a_week_ago() -> None:
    assert one("عقد الاجتماع الخميس الماضي.", THU, "الخميس الماضي")["value"] == "2023-09-21"
    assert one("عقد الاجتماع الأحد الماضي.", WED, "الأحد الماضي")["value"] == "2016-11-27"


def test_time_past_tense_favours_the_past_and_future_the_future() -> None:
    assert one("اعتقلته الشرطة يوم السبت.", THU, "يوم السبت")["value"] == "2023-09-23"
    future = one("ستجرى الجولة الثانية يوم الأحد.", THU, "يوم الأحد")
    assert future["value"] == "2023-10-01" and future["tense"] == "future"


@pytest.mark.parametrize(("text", "expression", "value"), [
    ("نشر في 10 ذي الحجة 1437 هـ.", "10 ذي الحجة 1437", "2016-09-11"),
    ("تراجعت المبيعات خلال شهر رمضان الماضي.", "رمضان الماضي", "2016-06-06/2016-07-05"),
    ("صدر القرار في عام 1437 هـ.", "عام 1437", "2015-10-14/2016-10-01"),
])
def test_time_hijri_dates(text: str, expression: str, value: str) -> None:
    assert one(text, WED, expression)["value"] == value


@pytest.mark.parametrize(("text", "expression", "value"), [
    ("بين إبريل/ نيسان من عام 2019 ويونيو/ حزيران من عام 2020", "إبريل", "2019-04/2020-06"),
    ("يقام المعرض في الفترة من 10 إلى 15 يوليو الجاري.", "10 إلى 15", "2016-07-10/2016-07-15"),
    ("تراجع الإنتاج بين 2014 و2016.", "2014", "2014/2016"),
    ("استمرت الاحتجاجات منذ مساء الإثنين وحتى الثلاثاء.", "الإثنين", "2016-11-28/2016-11-29"),
    ("تراجعت الصادرات بين مارس/آذار ومايو/أيار من العام الجاري.", "مارس", "2016-03/2016-05"),
])
def test_time_ranges(text: str, expression: str, value: str) -> None:
    got = one(text, WED, expression)
    assert got["label"] == "RANGE" and got["value"] == value


def test_time_arabic_indic_digits_and_number_words() -> None:
    assert one("التقيا في ١٧ سبتمبر ٢٠٢٣ في بنغازي.", None, "١٧ سبتمبر ٢٠٢٣")["value"] == "2023-09-17"
    assert one("في الحادي عشر من سبتمبر 2001", None, "الحادي عشر")["value"] == "2001-09-11"
    assert one("في سبتمبر الحادي والعشرين من ألف وتسعمائة وثمانية وسبعون", None, "سبتمبر")["value"] == "1978-09-21"


def test_time_decades_centuries_durations_sets() -> None:
    assert one("في عقد الثمانينيات", WED, "عقد الثمانينيات")["value"] == "198X"
    assert one("في القرن الحادي والعشرين", None, "القرن")["value"] == "20"
    assert one("حظر التجول لمدة ثلاثة أشهر.", None, "لمدة")["value"] == "P3M"
    assert one("تصدر النشرة يومياً.", None, "يومياً")["label"] == "SET"


def test_time_without_anchor_keeps_what_is_known() -> None:
    got = one("وصل الوفد الأحد الماضي.", None, "الأحد الماضي")
    assert got["value"] is None and got["relative"] is True and got["anchor"] is None
    assert got["unresolved"] == {"kind": "weekday", "weekday": 7, "mod": -1}
    absolute = one("وقع الاتفاق في 17 ديسمبر 2015.", None, "17 ديسمبر 2015")
    assert absolute["value"] == "2015-12-17" and absolute["relative"] is False


@pytest.mark.parametrize("text", [
    "ينحدر من أب جزائري وأم فرنسية.",          # أب: father, not August
    "مارس الحزب ضغوطا كبيرة على الحكومة.",    # مارس: a verb
    "هذه المجتمعات في أمس الحاجة إلى الدعم.",  # في أمس الحاجة: an idiom
    "ارتفعت الأسهم بنسبة 4.22 في المئة.",      # a decimal number
    "قتل في الهجوم 27 شخصا يوم أمس الأول.",    # "27" is a count; only أمس الأول is a date
    "ارتفع السهم 2.6 في المائة.",               # a percentage
    "تغلب الفريق على منافسه 5 - 4 بضربات الترجيح.",  # a score
    "حل وصيف بطل الدوري ثالثا.",               # وصيف: runner-up, not summer
    "عاشت المدينة في ألف ومائة عام من الحروب.",  # a count of years
])
def test_time_not_dates(text: str) -> None:
    tagged = [s.text_in(text) for s in times_of(text, WED)]
    assert all("أمس الأول" in t for t in tagged), tagged


def test_time_counted_from_an_event_is_not_anchored() -> None:
    text = "بعد أيام قليلة على الفيضانات التي ضربت المدينة"
    assert times_of(text, THU) == []


def test_time_numeric_hijri_and_day_ranges() -> None:
    text = "يبدأ التسجيل يوم الاثنين 18/10/1436هـ الموافق 03/08/2015"
    assert one(text, None, "18/10/1436")["value"] == "2015-08-03"
    got = one("خلال الفترة 1-4 يونيو 2015م", None, "1-4")
    assert got["label"] == "RANGE" and got["value"] == "2015-06-01/2015-06-04"
