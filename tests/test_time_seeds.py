"""The dates table of the seed articles (../shared/seeds/EXPECTED.md), exactly, and the dating
of the two undated seeds by the doc_dates pass."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import seed_doc_id

from marsad.annotate.dates import VERSION, annotate_times, times_of
from marsad.document import TIMES, Document, Span, document_id
from marsad.registry import Progress
from marsad.text import fold


def _seed(seeds_path: Path, number: str) -> tuple[str, date | None]:
    for line in (seeds_path / "seeds.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["file"].startswith(number):
            published = date.fromisoformat(row["published"]) if row["published"] else None
            return (seeds_path / row["file"]).read_text(encoding="utf-8"), published
    raise AssertionError(f"seed {number} missing")


def _span_at(text: str, spans: list[Span], expression: str, *, after: str = "") -> Span:
    """The time span that overlaps the first occurrence of expression (after `after`)."""
    start = text.index(expression, text.index(after) if after else 0)
    end = start + len(expression)
    hits = [s for s in spans if s.start < end and s.end > start]
    assert hits, f"no time expression found at '{expression}'"
    return max(hits, key=lambda s: min(s.end, end) - max(s.start, start))


# (article, expression, anchor text before it or "", value): the dates table of EXPECTED.md.
DATES = [
    ("001", "30 نوفمبر 2016", "", "2016-11-30"),
    ("001", "منذ مساء الإثنين وحتّى", "", "2016-11-28/2016-11-29"),
    ("001", "يوم الإثنين", "", "2016-11-28"),
    ("001", "الأحد الماضي", "", "2016-11-27"),
    ("001", "الشهر الماضي", "", "2016-10"),
    ("001", "في وقت سابق الشهر الماضي", "", "2016-10"),
    ("001", "يونيو/حزيران الماضي", "", "2016-06"),
    ("001", "سبتمبر/أيلول الماضي", "", "2016-09"),
    ("002", "اليوم الأربعاء", "", "2017-01-11"),
    ("002", "أمس", "رست", "2017-01-10"),
    ("003", "اليوم الخميس", "", "2023-09-28"),
    ("003", "أول أمس الثلاثاء", "", "2023-09-26"),
    ("003", "17 سبتمبر/ أيلول الماضي", "", "2023-09-17"),
    ("003", "فبراير/ شباط من عام 2022", "", "2022-02"),
    ("003", "بين إبريل/ نيسان من عام 2019 ويونيو/ حزيران من عام 2020", "", "2019-04/2020-06"),
    ("003", "أغسطس/ آب الماضي", "", "2023-08"),
    ("003", "الأسبوع قبل الماضي", "", "2023-W37"),
]


@pytest.mark.parametrize(("article", "expression", "after", "value"), DATES)
def test_time_seed_dates_table(seeds_path: Path, article: str, expression: str, after: str, value: str) -> None:
    text, published = _seed(seeds_path, article)
    spans = times_of(text, published)
    span = _span_at(text, spans, expression, after=after)
    assert span.attrs["value"] == value, (expression, span.text_in(text), span.attrs)
    assert span.attrs["anchor"] == ("published" if span.attrs["relative"] else None)


def test_time_seed_week_before_last_is_the_week_of_11_september(seeds_path: Path) -> None:
    text, published = _seed(seeds_path, "003")
    span = _span_at(text, times_of(text, published), "الأسبوع قبل الماضي")
    assert span.attrs["granularity"] == "week"
    assert date.fromisocalendar(2023, 37, 1) == date(2023, 9, 11)


def test_time_seed_last_six_months_reach_back_to_about_june(seeds_path: Path) -> None:
    text, published = _seed(seeds_path, "001")
    span = _span_at(text, times_of(text, published), "الشهور الستة الماضية")
    start, end = span.attrs["value"].split("/")
    assert span.label == "RANGE"
    assert end == "2016-11-30"
    assert date(2016, 5, 25) <= date.fromisoformat(start) <= date(2016, 6, 5)


def test_time_seed_undated_articles_stay_relative(seeds_path: Path) -> None:
    text, published = _seed(seeds_path, "000")
    assert published is None
    span = _span_at(text, times_of(text, None), "مساء أمس الاثنين")
    assert span.attrs["value"] is None
    assert span.attrs["unresolved"]["offset_days"] == -1
    assert span.attrs["unresolved"]["weekday"] == 1  # a Monday
    text4, _ = _seed(seeds_path, "004")
    span4 = _span_at(text4, times_of(text4, None), "السبت الماضي")
    assert span4.attrs["value"] is None and span4.attrs["unresolved"]["weekday"] == 6


def test_time_annotator_is_pure_and_sees_only_published(seeds_path: Path) -> None:
    text, published = _seed(seeds_path, "002")
    doc = Document(id=document_id(fold(text)), text=text, published=published)
    first = annotate_times(doc)
    assert first == annotate_times(doc)
    assert [s.attrs for s in first] == [s.attrs for s in annotate_times(doc)]
    undated = Document(id=doc.id, text=text)
    assert all(s.attrs["value"] is None for s in annotate_times(undated) if s.attrs["relative"])


def test_time_doc_dates_infers_000_from_its_reprint(seed_store) -> None:  # noqa: ANN001
    """001 reprints 000 and says the news came "earlier last month": 000 is from 2016-10, inferred."""
    from marsad.corpus.doc_dates import DOC_DATES
    from marsad.corpus.reuse import PASS as REUSE
    from marsad.store.times import doc_date, resolved_times

    for _, doc in seed_store.iter_documents():
        seed_store.save_layer(doc.id, TIMES, VERSION, annotate_times(doc))
    REUSE.run(seed_store, Progress())
    summary = DOC_DATES.run(seed_store, Progress())
    assert summary["dated"] == 3 and summary["undated"] == 2

    d000 = doc_date(seed_store, seed_doc_id(seed_store, "000"))
    assert d000["inferred"] is True
    assert (d000["date"], d000["granularity"]) == ("2016-10", "month")
    assert 0.5 <= d000["confidence"] < 1.0
    best = d000["evidence"][0]
    assert best["kind"] == "reprinted_with_date"
    assert best["doc_id"] == seed_doc_id(seed_store, "001")
    assert "الشهر الماضي" in best["text"]

    d001 = doc_date(seed_store, seed_doc_id(seed_store, "001"))
    assert d001 == {"date": "2016-11-30", "granularity": "day", "inferred": False, "confidence": 1.0, "evidence": []}

    # 004 has no reprint and no absolute date: still unknown, and it says so.
    d004 = doc_date(seed_store, seed_doc_id(seed_store, "004"))
    assert d004["inferred"] is True and d004["date"] is None and d004["confidence"] == 0.0

    times = resolved_times(seed_store, seed_doc_id(seed_store, "000"))
    yesterday = next(t for t in times if "أمس" in t["text"])
    assert yesterday["anchor"] == "inferred" and "inferred_anchor" in yesterday["flags"]
    lo, hi = yesterday["value"].split("/")
    assert "2016-09-30" <= lo <= hi <= "2016-10-31"
    # A dated document's times come from its layer, anchored on the publication date.
    t003 = resolved_times(seed_store, seed_doc_id(seed_store, "003"))
    assert any(t["value"] == "2023-09-26" and t["anchor"] == "published" for t in t003)

    # The pass is incremental: a second run dates nothing new.
    again = DOC_DATES.run(seed_store, Progress())
    assert again["dated"] == 0


def test_time_outside_evidence_dates_004(seed_store) -> None:  # noqa: ANN001
    """The hook for the events pass: a dated article reporting the same meeting dates 004."""
    from marsad.corpus.doc_dates import DOC_DATES
    from marsad.store.times import add_date_evidence, doc_date

    for _, doc in seed_store.iter_documents():
        seed_store.save_layer(doc.id, TIMES, VERSION, annotate_times(doc))
    d004 = seed_doc_id(seed_store, "004")
    with seed_store.transaction():
        add_date_evidence(seed_store, d004, kind="same_event", value="2016-06", confidence=0.5,
                          other_doc=seed_doc_id(seed_store, "001"), text="في يونيو/حزيران الماضي")
    DOC_DATES.run(seed_store, Progress())
    got = doc_date(seed_store, d004)
    assert (got["date"], got["inferred"], got["confidence"]) == ("2016-06", True, 0.5)
    assert got["evidence"][0]["kind"] == "same_event"


def test_time_doc_dates_from_the_latest_date_in_the_text(store) -> None:  # noqa: ANN001
    """Without reprints, the latest absolute date the article gives is a weak estimate."""
    from marsad.corpus.doc_dates import DOC_DATES, LATEST_DATE_CONF
    from marsad.store.times import doc_date, resolved_times

    text = ("أعلنت الحكومة في 3 مارس 2016 خطة للإصلاح، بعد احتجاجات بدأت في يناير 2015.\n"
            "وقال الوزير أمس إن الخطة ستطبق الشهر المقبل.")
    doc = Document(id=document_id(fold(text)), text=text)
    store.add_documents([doc])
    store.save_layer(doc.id, TIMES, VERSION, annotate_times(doc))
    DOC_DATES.run(store, Progress())
    got = doc_date(store, doc.id)
    assert (got["date"], got["granularity"], got["inferred"]) == ("2016-03-03", "day", True)
    assert got["confidence"] == LATEST_DATE_CONF["day"]
    assert got["evidence"][0]["kind"] == "latest_date_in_text" and got["evidence"][0]["text"] == "3 مارس 2016"
    times = {t["text"]: t for t in resolved_times(store, doc.id)}
    assert times["أمس"]["value"] == "2016-03-02" and times["أمس"]["anchor"] == "inferred"
    assert times["الشهر المقبل"]["value"] == "2016-04"
    assert times["3 مارس 2016"]["anchor"] is None  # absolute: needs no anchor
