"""The shipped tagger on the seed articles: the names EXPECTED.md lists, found with the right type.

No seed name is in any list or rule of the tagger; this measures what the trained model finds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.annotate.entities import find_entities
from marsad.ner.features import core
from marsad.text import tokenise

# From ../shared/seeds/EXPECTED.md ("Entities and their aliases").
EXPECTED = {
    "PER": ["خليفة حفتر", "حفتر", "سيرغي شويغو", "سيرغي شويجو", "بوتين", "باتروشيف", "غيراسيموف", "عقيلة صالح",
            "السراج", "سامح شكري", "يفكيروف", "مولوتكوف", "بيسكوف", "معمر القذافي"],
    "LOC": ["ليبيا", "روسيا", "موسكو", "طبرق", "بنغازي", "درنة", "سرت", "مصراتة", "أجدابيا", "القاهرة", "مصر",
            "الجزائر", "أوكرانيا", "طرابلس"],
    "ORG": ["وزارة الدفاع الروسية", "مجلس النواب", "المجلس الرئاسي", "حكومة الوفاق", "مجلس الأمن الدولي",
            "الاتحاد الأوروبي", "داعش", "فاغنر", "أورال فاغون زافود", "فرانس برس", "ديبكا", "نوفوستي", "زفيزدا"],
}
# Share of the listed names the model must find with the right type: measured 0.83 (34 of 41)
# with either shipped model (v2; the v1 accurate one found 35); the floor sits one or two names
# below, so a real regression fails.
MIN_FOUND = 0.78


def _cores(text: str) -> list[str]:
    return [core(t.text) for t in tokenise(text) if t.is_word]


def _found(name: str, label: str, spans: list[tuple[str, list[str]]]) -> bool:
    want = _cores(name)
    for span_label, words in spans:
        if span_label != label:
            continue
        for i in range(len(words) - len(want) + 1):
            if words[i : i + len(want)] == want:
                return True
    return False


@pytest.fixture(scope="module")
def seed_spans(seeds_path: Path) -> list[tuple[str, list[str]]]:
    out = []
    for path in sorted(seeds_path.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out += [(s.label, _cores(s.text_in(text))) for s in find_entities(text)]
    return out


def test_expected_names_found_with_their_type(seed_spans: list[tuple[str, list[str]]]) -> None:
    results = {(label, name): _found(name, label, seed_spans) for label, names in EXPECTED.items() for name in names}
    missed = [f"{label}:{name}" for (label, name), ok in results.items() if not ok]
    share = sum(results.values()) / len(results)
    assert share >= MIN_FOUND, f"found {share:.0%} of the seed names; missed {missed}"


@pytest.mark.parametrize("label,name", [("PER", "حفتر"), ("LOC", "موسكو"), ("LOC", "ليبيا"), ("PER", "بوتين")])
def test_central_names(seed_spans: list[tuple[str, list[str]]], label: str, name: str) -> None:
    assert _found(name, label, seed_spans)
