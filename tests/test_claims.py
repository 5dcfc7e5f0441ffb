"""The claims annotator on the seed articles and on short sentences of our own writing."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.annotate.claims import ANNOTATOR, SOURCE_TYPES, STANCES, annotate_claims
from marsad.document import CLAIMS, ENTITIES, Document, Span, document_id
from marsad.text import fold


def _doc(text: str) -> Document:
    return Document(id=document_id(fold(text)), text=text)


def _claims(text: str) -> list[dict]:
    return [dict(span.attrs) for span in annotate_claims(_doc(text))]


def _claim_at(claims: list[dict], text: str, cue_prefix: str) -> dict:
    """The claim whose cue (as written) starts with cue_prefix and whose sentence holds it."""
    for claim in claims:
        if fold(claim["cue"]).startswith(fold(cue_prefix)):
            return claim
    raise AssertionError(f"no claim with cue {cue_prefix!r}: {[c['cue'] for c in claims]}")


@pytest.fixture(scope="module")
def seeds(seeds_path: Path) -> dict[str, tuple[str, list[dict]]]:
    out = {}
    for path in sorted(seeds_path.glob("0*.txt")):
        text = path.read_text(encoding="utf-8")
        out[path.name[:3]] = (text, [dict(s.attrs) for s in annotate_claims(_doc(text))])
    return out


def _find(seeds: dict, number: str, phrase: str) -> dict:
    """The claim whose cue sits at the start of `phrase` in seed `number`."""
    text, claims = seeds[number]
    pos = text.find(phrase)
    assert pos != -1, phrase
    for claim in claims:
        start, end = claim["cue_span"]
        if pos <= start < pos + len(phrase):
            return claim
    raise AssertionError(f"no claim found in {phrase!r}")


# Every claim behind the timeline of EXPECTED.md, with the source type it must get.
TIMELINE_CLAIMS = [
    ("004", "أعلّن السفير الروسي", "official", "assert", "السفير الروسي في ليبيا"),
    ("004", "وأوضح مولوتكوف", "official", "assert", "مولوتكوف"),
    ("004", "مشدداً في الوقت نفسه", "official", "assert", None),
    ("001", "نفي الجانب الروسي", "official", "deny", "الجانب الروسي"),
    ("001", "تحدثت في سبتمبر", "media", "assert", "تسريبات صحافية"),
    ("001", "رفض الناطق باسم الكرملين", "official", "no_comment", "الناطق باسم الكرملين"),
    ("000", "وفق ما كشفته", "anonymous", "assert", "مصادر ليبية مطلعة"),
    ("001", "كشفت مصادر ليبية مطّلعة", "anonymous", "assert", "مصادر ليبية مطّلعة"),
    ("001", "وقال المصدر لــ", "anonymous", "assert", "المصدر"),
    ("001", "ورجّح المصدر", "anonymous", "assert", "المصدر"),
    ("002", "وقال بيان صادر", "official", "assert", "وزارة الدفاع الروسية"),
    ("002", "ذكر تقرير لتلفزيون", "media", "assert", "تقرير لتلفزيون"),
    ("002", "أكدت القناة", "media", "assert", "القناة"),
    ("003", "وأكدت القيادة العامة", "official", "assert", "القيادة العامة"),
    ("000", "قال المتحدث الرسمي", "official", "assert", "أحمد أبو زيد"),
    ("004", "أعلنت مصادر محلية", "anonymous", "assert", "مصادر محلية"),
    ("003", "نافيةً", "anonymous", "deny", None),
    ("004", "نفّى الناطق الرسمي", "official", "deny", "المسماري"),
]


@pytest.mark.parametrize(("number", "phrase", "source_type", "stance", "source_part"), TIMELINE_CLAIMS)
def test_claims_seed_timeline_source_types(seeds, number, phrase, source_type, stance, source_part):
    claim = _find(seeds, number, phrase)
    assert claim["source_type"] == source_type, claim
    assert claim["stance"] == stance, claim
    if source_part:
        assert source_part in claim["source"], claim


def test_claims_recipient_outlet_is_not_the_source(seeds):
    claim = _find(seeds, "000", "وقالت المصادر")
    assert claim["source"] == "المصادر"
    assert "العربي الجديد" not in claim["source"]
    text, _ = seeds["000"]
    start, end = claim["content_span"]
    assert text[start:end].startswith("الخبراء الروس")


def test_claims_subjectless_cues_inherit_the_previous_source(seeds):
    text, _ = seeds["000"]
    explained = _find(seeds, "000", "وأوضحت أنّ")
    assert explained["inherited"] and explained["source"] == "المصادر"
    pointing = _find(seeds, "000", "مشيرةً")
    assert pointing["inherited"] and pointing["source"] == "المصادر المقربة من معسكر حفتر"
    start, end = pointing["source_span"]
    assert text[start:end] == pointing["source"]


def test_claims_named_office_holder_stays_official_when_named_alone(seeds):
    # "وقال المسماري" after "الناطق الرسمي ... العقيد أحمد المسماري"
    claim = _find(seeds, "004", "وقال المسماري")
    assert claim["source"] == "المسماري" and claim["source_type"] == "official"


def test_claims_offsets_point_at_the_raw_text(seeds):
    for text, claims in seeds.values():
        for claim in claims:
            s, e = claim["cue_span"]
            assert text[s:e] == claim["cue"]
            if claim["source_span"]:
                s, e = claim["source_span"]
                assert text[s:e] == claim["source"]
            s, e = claim["content_span"]
            assert 0 <= s <= e <= len(text)
            assert claim["source_type"] in SOURCE_TYPES and claim["stance"] in STANCES
            assert 0 < claim["confidence"] <= 1


def test_claims_span_covers_cue_and_content(seeds):
    text, _ = seeds["002"]
    for span in annotate_claims(_doc(text)):
        assert span.label == "CLAIM"
        assert span.start <= span.attrs["cue_span"][0] and span.attrs["content_span"][1] <= span.end


# Short sentences of our own writing, one construction each.
@pytest.mark.parametrize(
    ("text", "cue", "source_type", "stance"),
    [
        ("ولم يؤكد المتحدث باسم الوزارة ولم ينف وجود اتفاق سري بين الجانبين.", "ولم يؤكد", "official", "no_comment"),
        ("ورفضت الشركة التعليق على الخبر حتى الآن.", "ورفضت", "official", "no_comment"),
        ("وامتنع مسؤول في الميناء عن الإدلاء بأي تفاصيل عن الشحنة.", "وامتنع", "anonymous", "no_comment"),
        ("وبحسب وكالة رويترز، فإن الوفدين اتفقا على جولة جديدة من المحادثات.", "وبحسب", "agency", "assert"),
        ("ذكرت وكالة الأناضول أن الحريق اندلع في مستودع قرب الميناء.", "ذكرت", "agency", "assert"),
        ("أفاد بيان لوزارة الصحة بأن عدد المصابين ارتفع إلى عشرين.", "أفاد", "official", "assert"),
        ("وقالت الوزارة في بيان نشرته على فيسبوك إن الطريق أعيد فتحه.", "وقالت", "official", "assert"),
        ("ونقلا عن صحيفة الغارديان، فإن المفاوضات تعثرت في اللحظة الأخيرة.", "ونقلا عن", "media", "assert"),
        ("ونفت الحكومة أي نية لرفع أسعار الوقود خلال العام الجاري.", "ونفت", "official", "deny"),
        ("وقال شهود عيان إن الانفجار وقع قرب السوق المركزي.", "وقال", "anonymous", "assert"),
        ("وأكد مصدر مطلع رفض الكشف عن اسمه أن الصفقة ألغيت.", "وأكد", "anonymous", "assert"),
    ],
)
def test_claims_constructions(text, cue, source_type, stance):
    claim = _claim_at(_claims(text), text, cue)
    assert (claim["source_type"], claim["stance"]) == (source_type, stance), claim


def test_claims_refusal_to_name_oneself_is_not_a_refusal_to_comment():
    claims = _claims("وأكد مصدر مطلع رفض الكشف عن اسمه أن الصفقة ألغيت.")
    assert [c["stance"] for c in claims] == ["assert"]


def test_claims_ordinary_uses_of_cue_words_are_not_claims():
    for text in (
        "وتم توزيع الطلاب حسب معايير القبول المعتمدة في الجامعة.",
        "ويبلغ عدد سكان المدينة نحو مليون نسمة.",
        "وقع الاتفاق بين البلدين في العاصمة.",
        "لا توجد معلومات مؤكدة عن موعد الافتتاح.",
    ):
        assert _claims(text) == [], text


def test_claims_entities_layer_marks_a_bare_name_as_a_person():
    text = "وبحسب سامي الخطيب، فإن المعرض سيفتتح الشهر المقبل."
    assert _claims(text) == []  # an unknown word after بحسب is not taken for a name on its own
    doc = _doc(text)
    start = text.index("سامي")
    doc.layers[ENTITIES] = [Span(start, start + len("سامي الخطيب"), "PER")]
    (claim,) = [s.attrs for s in annotate_claims(doc)]
    assert claim["source_type"] == "named_person" and claim["source"] == "سامي الخطيب"


def test_claims_annotator_contract():
    assert ANNOTATOR.name == CLAIMS and ANNOTATOR.version == "claims.rules.v6"
    assert ANNOTATOR.requires == ("sentences", "entities")


def test_claims_circumstantial_participle_without_comma_is_a_new_claim():
    text = "وقال الوزير إن المشروع سيكتمل العام المقبل مشيرا إلى أن التمويل متوفر."
    claims = _claims(text)
    assert [c["cue"] for c in claims] == ["وقال", "مشيرا"]
    assert claims[1]["source"] == "الوزير" and claims[1]["source_type"] == "official"
    assert _claims("ونشرت الوزارة خبرا مؤكدا عن الافتتاح.") == []  # an adjective agreeing with its noun


def test_claims_postposed_speaker_after_kama():
    (claim,) = _claims("ومن المرتقب أن تصل الطائرات في اليومين المقبلين، كما أضاف الوزير لكن دون تفاصيل.")
    assert claim["source"] == "الوزير" and claim["source_type"] == "official"


def test_claims_learned_from_sources_and_had_said_before():
    (learned,) = _claims("وعلمت «الصحيفة» من مصادرها الخاصة أنه تم حل مجلس الإدارة.")
    assert learned["source"] == "مصادرها الخاصة" and learned["source_type"] == "anonymous"
    (before,) = _claims("وسبق لوزارة الخارجية أن أكدت أن الاتفاق لن يوقع قريبا.")
    assert before["source"] == "وزارة الخارجية" and before["source_type"] == "official"
    assert _claims("ولم يسبق للوزارة أن أعلنت أن المشروع توقف.") == []


def test_claims_relayed_speaker_is_the_source():
    # the paper only relays: the one it quotes is the source, and goes on speaking
    text = 'ونقلت صحيفة محلية عن سامي الخطيب قوله "الفريق جاهز تماما للمباراة المقبلة أمام المنافس". وأضاف أن المباراة ستكون صعبة.'
    relay, added = _claims(text)
    assert relay["source_type"] == "named_person" and relay["source"] == "سامي الخطيب"
    assert added["source"] == "سامي الخطيب" and added["inherited"]
    (unnamed,) = _claims("ونقلت وكالة الأنباء الرسمية عن مصادر عسكرية القول إن الهجوم أحبط قبل وقوعه.")
    assert unnamed["source"] == "مصادر عسكرية" and unnamed["source_type"] == "anonymous"


def test_claims_relative_clause_speaker_and_kana_subject():
    (rel,) = _claims("ومن بين الحرفيين يظهر الحرفي عبدالله القفاص الذي تحدث عن هوايته ويقول إنه يعتمد على سعف النخيل.")
    assert rel["source"] == "الحرفي عبدالله القفاص" and rel["source_type"] == "named_person"
    text = "وكان سامي الخطيب، أحد لاعبي الفريق، صرح مرارا في الأسابيع الأخيرة أنه يريد الرحيل."
    (kana,) = _claims(text)
    assert kana["source"] == "سامي الخطيب" and kana["source_type"] == "named_person"


def test_claims_qaila_opens_the_words_and_fronted_topic_inherits():
    text = 'وصرح سامي الخطيب (27 عاما) بعد انتقاله قائلا: "أنا فخور جدا بالانضمام إلى هذا النادي الكبير". وعن خطة الموسم قال: "سنلعب للفوز بكل البطولات المحلية".'
    said, topic = _claims(text)
    assert said["cue"] == "وصرح" and said["source"] == "سامي الخطيب"
    assert topic["cue"] == "قال" and topic["inherited"] and topic["source"] == "سامي الخطيب"


def test_claims_possessive_person_words():
    claims = _claims("وقال والداها إنهما فخوران بها، وأشارت والدتها دوللي باكلاند إلى أن ابنتها تحلم أن تصبح طبيبة.")
    assert [(c["source"], c["source_type"]) for c in claims] == [("والداها", "anonymous"), ("والدتها دوللي باكلاند", "named_person")]


def test_claims_verb_after_attribution_phrase_and_kama_after_comma():
    text = 'ووفقا لـ "الألمانية"، فقد رأى سامي الخطيب أنه من المؤسف أن يتوقف المشروع.'
    assert [(c["cue"], c["source_type"]) for c in _claims(text)] == [("ووفقا ل", "agency"), ("رأى", "named_person")]
    text = "أكدت إدارة النادي في بيان رسمي، أنها سددت الرواتب حتى شهر أبريل، كما أشارت إلى أنه سيتم تسديد راتب مايو قريبا."
    claims = _claims(text)
    assert [c["cue"] for c in claims] == ["أكدت", "أشارت"] and claims[1]["source"] == "إدارة النادي"


def test_claims_name_starting_with_the_content_preposition():
    (claim,) = _claims('وأفاد روجر برايس رئيس شركة "ويندلابس" المنفذة للمشروع، بأن القرار قد يؤخر التمويل.')
    assert claim["source"].startswith("روجر برايس رئيس شركة") and claim["source_type"] == "official"
    (content,) = _claims("وأفاد المرصد بمقتل خمسة أشخاص في القصف.")
    assert content["source"] == "المرصد"


def test_claims_outlet_learned_without_a_named_source():
    (claim,) = _claims("وعلمت «عكاظ» بأن الوزارة تعقد حاليا اجتماعات مع عدد من الجهات.")
    assert claim["source_type"] == "media"


# claims.rules.v3: sentences of our own writing, one construction each.
@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        # a long quotation after the one spoken to or the setting is the verb's content
        ('وقال سامي الخطيب للإذاعة الرسمية "نحن مستعدون لكل الاحتمالات في الأيام المقبلة".', "وقال", "سامي الخطيب"),
        ('وقالت الهيئة التي تدير الميناء في بيانها "سنعيد فتح الأرصفة كلها خلال أسبوع واحد".', "وقالت", "الهيئة"),
        ('وقال مدرب الفريق للصحفيين بعد المباراة "كنا الأفضل في الشوط الثاني".', "وقال", "مدرب الفريق"),
        # a title between dashes belongs to the source
        ("وقال سامي الخطيب - المتحدث باسم البلدية - إن الأعمال ستنتهي قريبا.", "وقال", "سامي الخطيب - المتحدث باسم البلدية"),
        # the outlet spoken to is not part of the source, known outlet or not
        ('وقالت المصادر لـ"نشرة المساء" إن الاجتماع سيعقد الأسبوع المقبل.', "وقالت", "المصادر"),
        # سبق أن + verb: the source had said it before
        ("وسبق أن أكد رئيس الاتحاد أن البطولة ستقام في موعدها.", "أكد", "رئيس الاتحاد"),
        # a long official title keeps its holder's name
        (
            "وأوضح المدير الإقليمي للجمعية الوطنية لرعاية المسنين في المنطقة الشرقية الدكتور سامي بن علي الخطيب أن البرنامج بدأ.",
            "وأوضح",
            "المدير الإقليمي للجمعية الوطنية لرعاية المسنين في المنطقة الشرقية الدكتور سامي بن علي الخطيب",
        ),
        # the family of a cue: أورد، أفصح عن، نبه إلى
        ("وأوردت صحيفة محلية أن المصنع سيغلق أبوابه.", "وأوردت", "صحيفة محلية"),
        ("وأفصحت الشركة عن خطة لتوسيع مصانعها.", "وأفصحت", "الشركة"),
        ("ونبه الطبيب إلى أن الحر الشديد يضر بكبار السن.", "ونبه", "الطبيب"),
    ],
)
def test_claims_v3_constructions(text, cue, source):
    claim = _claim_at(_claims(text), text, cue)
    assert claim["source"] == source, claim


def test_claims_withheld_name_is_no_claim_of_its_own():
    text = "وقال مصدر في البلدية - فضل عدم ذكر اسمه - إن الأعمال ستنتهي قريبا."
    claims = _claims(text)
    assert [c["cue"] for c in claims] == ["وقال"] and claims[0]["source_type"] == "anonymous"
    assert _claims("وانتهت الجلسة دون ذكر أسماء المرشحين.") == []


def test_claims_short_quoted_name_after_a_setting_is_not_the_content():
    # a programme named in quotes after the setting is no quotation; without a marker there is no claim
    assert _claims('وقال سامي الخطيب في برنامج "صباح الخير" للمشاهدين.') == []


def test_claims_fronted_topic_and_occasion_inherit_the_speaker():
    text = (
        "وقال رئيس الهيئة سامي الخطيب إن الموسم كان ناجحا.\n"
        "وعن خطة العام المقبل قال إن الهيئة ستفتح فروعا جديدة.\n"
        "وفي سؤال عن الأسعار قال: «لن ترتفع هذا العام»."
    )
    claims = _claims(text)
    assert [c["cue"] for c in claims] == ["وقال", "قال", "قال"]
    assert all(c["source"] == "رئيس الهيئة سامي الخطيب" for c in claims[1:]) and claims[1]["inherited"]
    # after an occasion only quoted words are sure speech: "رأى أن يكون" is a decision
    assert _claims("وقال الوزير إن العمل بدأ.\nوحين عاد إلى مكتبه رأى أن يكون الاجتماع غدا.")[1:] == []


def test_claims_while_clause_and_the_other_side():
    text = "في الوقت الذي أكد فيه المتحدث باسم الجيش أن القصف توقف، نفى ناشطون أن يكون القصف قد توقف."
    claims = _claims(text)
    assert [(c["cue"], c["source"]) for c in claims] == [("أكد", "المتحدث باسم الجيش"), ("نفى", "ناشطون")]
    text = "وحذرت السفارة من أن القمة قد تكون هدفا محتملا، من جهته قال الرئيس إن الأمن مستتب."
    assert [c["source"] for c in _claims(text)] == ["السفارة", "الرئيس"]


def test_claims_surname_alone_and_described_person():
    (claim,) = _claims("وأوضح القحطاني، أن المشروع سينتهي العام المقبل.")
    assert (claim["source"], claim["source_type"]) == ("القحطاني", "named_person")
    (claim,) = _claims("وقالت الزائرة نورة الحربي إن التنظيم كان رائعا.")
    assert (claim["source"], claim["source_type"]) == ("الزائرة نورة الحربي", "named_person")
    # a folded alef maqsura is no nisba: الدعوى is not a surname
    assert _claims("وقالت الدعوى إن الشركة خالفت العقد.") == []


def test_claims_homographs_of_cues_are_not_claims():
    for text in (
        "وتمسك النادي بموقفه إبان تسجيل اللاعب الجديد في الموسم الماضي بأن العقد سليم.",
        "والذين تم كشف تآمرهم أحيلوا إلى المحكمة.",
    ):
        assert _claims(text) == [], text
    (claim,) = _claims("من جانبه أبان رئيس اللجنة أن الفعاليات ستبدأ غدا.")
    assert claim["source"] == "رئيس اللجنة"


def test_claims_quoted_name_after_the_source_is_kept_when_it_belongs_to_it():
    (claim,) = _claims('وامتنعت الشرطة التابعة لـ"الحركة" عن التعليق على الحادث.')
    assert claim["source"] == 'الشرطة التابعة لـ"الحركة"'
    (claim,) = _claims("وقالت مصادر في «الجيش الوطني الحر» إن المعارك مستمرة.")
    assert claim["source"] == "مصادر في «الجيش الوطني الحر»"
    claims = _claims('وقال المتحدث باسم الفصيل سامي الخطيب "نحن الذين نفذنا الهجوم" مضيفا أن العمليات مستمرة.')
    assert claims[0]["source"] == "المتحدث باسم الفصيل سامي الخطيب"


def test_claims_nested_claim_is_not_the_antecedent():
    text = (
        "وقال المستشار الثقافي سامي الخطيب، في بيان له، إن «إعلان الرياض» كشف عن اتفاق الجانبين على خطة مشتركة.\n"
        "ونوه بأهمية التنسيق بين البلدين في المرحلة المقبلة."
    )
    claims = _claims(text)
    assert claims[-1]["cue"] == "ونوه" and claims[-1]["source"] == "المستشار الثقافي سامي الخطيب"


# claims.rules.v4: sentences of our own writing, one construction each.
@pytest.mark.parametrize(
    ("text", "cue", "source", "source_type"),
    [
        # a verb of going on reports with its say-form; the cue runs to it
        ('وقال الوزير إن العمل بدأ. ومضى الوزير بالقول "سننتهي قبل الصيف".', "ومضى الوزير بالقول", "الوزير", "official"),
        ("وقالت المصادر إن القوات تقدمت. واسترسلت المصادر بالقول إن المعارك مستمرة.", "واسترسلت المصادر بالقول", "المصادر", "anonymous"),
        # one's own talk before the say-form is not part of the source
        ('وقال المدير إن الموسم نجح. واختتم المدير حديثه قائلا "شكرا للجميع".', "واختتم المدير حديثه قائلا", "المدير", "official"),
        ('وقال المدير إن الموسم نجح. وختم المدير كلمته بالقول "شكرا للجميع".', "وختم", "المدير", "official"),
        # "but he" goes on with the same speaker
        ("أكد المحافظ سامي الخطيب أن الأوضاع صعبة لكنه شدد على أن الإصلاح بدأ.", "شدد", "المحافظ سامي الخطيب", "official"),
        # the accusative after لكن is still a source word
        ("لكن مسؤولا رفيعا في الوزارة قال إن القرار لم يتخذ بعد.", "قال", "مسؤولا رفيعا في الوزارة", "anonymous"),
        # a short name between كان and قد is the subject
        ("وكان سامي الخطيب قد أشار إلى أن الفريق سيعود قريبا.", "أشار", "سامي الخطيب", "named_person"),
        # the antecedent of الذي/التي when the words follow at once
        ("وأثنى الجمهور على رئيس النادي الذي قال إن اللاعب سيبقى.", "قال", "رئيس النادي", "official"),
        # several outlets after بحسب ما ذكرته
        ("وسينتقل اللاعب إلى الفريق الإسباني بحسب ما ذكرته عدة وسائل إعلام بريطانية.", "بحسب ما ذكرته", "عدة وسائل إعلام بريطانية", "media"),
        # a club's own site speaks for the club
        ("وأعلن موقع نادي الاتحاد اتفاقه مع المدرب الجديد.", "وأعلن", "موقع نادي الاتحاد", "official"),
        # a person "called" so-and-so is named
        ("وقال رجل يدعى سامي إن المياه انقطعت منذ يومين.", "وقال", "رجل يدعى سامي", "named_person"),
        # groups of elders and bankers without names are unnamed sources
        ("وأكد عدد من المشايخ أن القبائل ستتحرك.", "وأكد", "عدد من المشايخ", "anonymous"),
        ("وقال مصرفي آخر في المنطقة إن الشروط تشددت.", "وقال", "مصرفي آخر في المنطقة", "anonymous"),
    ],
)
def test_claims_v4_constructions(text, cue, source, source_type):
    claim = _claim_at(_claims(text), text, cue)
    assert (claim["source"], claim["source_type"]) == (source, source_type), claim


def test_claims_v4_guards():
    # a verb of going on without a say-form reports nothing, nor one in the middle of a clause
    assert _claims("وواصلت القوات تقدمها نحو المدينة.") == []
    assert _claims("منذ ثلاثين عاما مضت يقولون إن الأرض كانت خضراء.") == []
    # an adjective that reads like one's own talk (دراسة حديثة) stays in the source
    (claim,) = _claims("وحذرت دراسة طبية حديثة من أضرار السهر.")
    assert claim["source"] == "دراسة طبية حديثة"
    # a relative clause whose words do not follow at once is no claim (الذي يتوقع، التي أشارت إليه)
    assert _claims("وينتظر الجمهور اللاعب الذي يتوقع أن يعود قريبا.") == []


def test_claims_definite_role_after_an_unnamed_source_stays_unnamed():
    text = "وقال مسؤول مصرفي إن القرض تأخر.\nوأوضح المسؤول المصرفي أن البنوك ترددت."
    assert [c["source_type"] for c in _claims(text)] == ["anonymous", "anonymous"]
    # with a name the office holder is no longer unnamed
    text = "وقال مسؤول في البلدية إن الطريق أغلق.\nوأضاف المسؤول في البلدية خالد الخطيب أن العمل يستمر."
    assert [c["source_type"] for c in _claims(text)] == ["anonymous", "official"]


def test_claims_refusal_object_stays_in_its_clause():
    # Rejecting a deal is not refusing to comment, though a later clause mentions a comment.
    text = 'ورفضت قوى سياسية معارضة الاتفاق، معتبرة أنه "يرهن الموارد لعقود"، فيما لم يصدر تعليق من الحكومة.'
    assert all(c["stance"] != "no_comment" for c in _claims(text))
    assert [c["stance"] for c in _claims("ورفضت الشركة التعليق على الخبر حتى الآن.")] == ["no_comment"]


@pytest.mark.parametrize(
    ("text", "cue", "source", "source_type"),
    [
        # a bare name after وفقا لـ met before as a title holder's name; an agency's short name
        ("وقال المتحدث باسم الشرطة العقيد سامي الخطيب إن الطريق أغلق. وأصيب ثلاثة أشخاص، وفقا للخطيب.", "وفقا", "للخطيب", "official"),
        ("وارتفعت الأسعار بنسبة ثلاثة في المئة، وفقا للفرنسية.", "وفقا", "للفرنسية", "agency"),
        # a present verb with a short name whose words follow at once
        ("ويرى حسن العتيبي أن الأسعار ستنخفض بعد الصيف.", "ويرى", "حسن العتيبي", "named_person"),
        ("وبين المهندس خالد الدوسري أن المشروع اكتمل.", "وبين", "المهندس خالد الدوسري", "named_person"),
        # unnamed groups of people known to no list
        ("وقال مسعفون إن ثلاثة أشخاص أصيبوا في الحادث.", "وقال", "مسعفون", "anonymous"),
        ("ويرى عسكريون أن المعركة حسمت.", "ويرى", "عسكريون", "anonymous"),
        # the topic of أما ... فـ speaks
        ("أما الكاتب سامي العلي، فيؤكد أن القراءة تراجعت.", "فيؤكد", "الكاتب سامي العلي", "named_person"),
        # the body that issued a statement speaks in it
        ("وأصدرت السفارة بيانا صحفيا أكدت فيه أن رعاياها بخير.", "أكدت", "السفارة", "official"),
        # a short name between لكن/فإن/إلا أن and a verb whose words follow
        ("ورغم الخسارة، فإن سامي العلي قال إن الفريق سيعود أقوى.", "قال", "سامي العلي", "named_person"),
        # a statement made before, in a time clause
        ("وارتفع سهم الشركة بعد أن أعلنت وزارة المالية أن الدعم سيستمر.", "أعلنت", "وزارة المالية", "official"),
        # the subject before كانت قد
        ("يذكر أن وزارة الصحة كانت قد أعلنت أمس تسجيل حالتين.", "أعلنت", "وزارة الصحة", "official"),
        # a quoted name cut by the object that follows it
        ('ونفى "العلي" نشر الخبر في الصحيفة.', "ونفى", '"العلي"', "official"),
        # a broadcaster spoken to, then its initials and the quoted words
        ("وقال سامي العلي لهيئة الإذاعة البريطانية (بي.بي.سي) «سنعود إلى المنافسة في الموسم المقبل بقوة».", "وقال", "سامي العلي", "named_person"),
        # ألمح written without its hamza
        ("لكن الرئيس لمح، في تصريحات منفصلة، إلى أنه قد يزور المنطقة.", "لمح", "الرئيس", "official"),
    ],
)
def test_claims_v6_constructions(text, cue, source, source_type):
    claim = _claim_at(_claims(text), text, cue)
    assert (claim["source"], claim["source_type"]) == (source, source_type), claim


def test_claims_v6_inheritance_and_guards():
    # a fronted setting or لكن before a subject-less verb: the earlier speaker goes on
    text = "وقال الوزير إن المشروع سيكتمل قريبا. وفي حديثه للصحفيين قال إن التمويل وصل."
    assert [c["source"] for c in _claims(text)] == ["الوزير", "الوزير"]
    text = "وقال الوزير إن المشروع سيكتمل قريبا. ولكن أضاف، إن التمويل لم يصل بعد."
    assert [c["source"] for c in _claims(text)] == ["الوزير", "الوزير"]
    # the apposition after a source ends at a new verb with و
    (first, said) = _claims("وأكد الوزير ضرورة الحل السياسي، وقال: «الحوار هو الطريق».")
    assert first["source"].startswith("الوزير") and "وقال" not in first["source"]
    # guards: a question, a subordinate present verb, an impersonal object, a topic that is no speaker
    assert _claims("ولماذا يرى البعض أن الأسعار مرتفعة؟") == []
    assert _claims("وحين يقول أي مواطن إن الوطن بيته فعليه أن يحميه.") == []
    assert _claims("وانخفضت الأسعار بعد أن أعلنت إفلاسها.") == []
    assert all(c["source"] is None for c in _claims("أما عن الشعر، فقال: «اخترت هذا الطريق منذ الصغر».") if c["cue"] == "فقال")


def test_claims_v6_source_cuts():
    # an abbreviated title keeps the name after its dot; "about him" is no part of the source
    (dr,) = _claims("وقال د. سامي العلي إن الدورة تهدف إلى التحكم بالانفعالات.")
    assert dr["source"] == "د. سامي العلي" and dr["source_type"] == "named_person"
    (about,) = _claims("وهو الشاعر الذي قال عنه الناقد سامي العلي: «إنه صوت جيله».")
    assert about["source"] == "الناقد سامي العلي"
    # a dual of an unnamed-source word, and فقد ending the source of بحسب
    (dual,) = _claims("وأكد خبيران أوروبيان أن الزيارة مهمة.")
    assert dual["source_type"] == "anonymous"
    (after,) = _claims("ووفقا للائحة فقد تم التحقيق مع المتهم.")
    assert after["source"] == "للائحة"
    # a quoted name does not take the preposition after it
    (quoted,) = _claims('وأشار "العلي" إلى أن السائق استلم البضاعة.')
    assert quoted["source"] == '"العلي"'
    # "نقلت عنه الوكالة": the medium relays the earlier speaker
    said, relayed = _claims("وقالت الوزيرة إن المواقف مختلفة. ونقلت عنها وكالة الأنباء أن المفاوضات ستستمر.")
    assert relayed["source"] == "الوزيرة" and relayed["inherited"]


@pytest.mark.parametrize(
    ("text", "cue", "source", "source_type"),
    [
        # a state's name with its nisba adjective speaks for its government
        ("أكدت الولايات المتحدة الأمريكية أن الاتفاق سيحترم.", "أكدت", "الولايات المتحدة الأمريكية", "official"),
        # أما ... فـ / فقد, with or without a comma
        ("أما خالد المطيري فيقول: إن الأسعار ارتفعت كثيرا.", "فيقول", "خالد المطيري", "named_person"),
        ("أما وزير المالية، فقد أكد أن الميزانية لن تتأثر.", "أكد", "وزير المالية", "official"),
        # a person opening the sentence, a comma, then the verb with a setting before its words
        ("الفنانة سلمى العلي، قالت أثناء حضور العرض: إن الفيلم سيعرض قريبا.", "قالت", "الفنانة سلمى العلي", "named_person"),
        # a possessed noun after a definite subject is the object
        ("وأكدت الأمانة حرصها على تخفيف الزحام.", "وأكدت", "الأمانة", "official"),
        # a study speaks with the voice of the body that made it, not of the one that carried it
        ("وكشفت دراسة أجرتها وزارة التعليم أن المتفوقين يقرؤون أكثر.", "وكشفت", "دراسة أجرتها وزارة التعليم", "official"),
        ("وأفاد بيان نشرته وكالة الأنباء الرسمية أن الوزير وصل.", "وأفاد", "بيان نشرته وكالة الأنباء الرسمية", "official"),
    ],
)
def test_claims_v6_topics_and_objects(text, cue, source, source_type):
    claim = _claim_at(_claims(text), text, cue)
    assert (claim["source"], claim["source_type"]) == (source, source_type), claim


def test_claims_v6_topic_guards():
    # a setting before the comma is no speaker; the subject after the verb is
    (claim,) = _claims("وفي تصريح للصحيفة، قال الوزير سامي العلي إن المشروع اكتمل.")
    assert claim["source"] == "الوزير سامي العلي"
    # "the same sources" keep their own word
    (same,) = _claims("وأضافت المصادر نفسها أن العملية وقعت أمس.")
    assert same["source"] == "المصادر نفسها"
