"""Hand-made entity spans on the seed articles, standing in for the NER layer in resolve tests.

A span covers the whole written word, clitics included (و، ب، ل، لـ), as a word-level tagger
gives it; the resolver must strip them.
"""

from __future__ import annotations

import re

from marsad.document import ENTITIES, Span
from marsad.store import Store
from marsad.text import fold

# Seed names by type (tests may name seed actors; the code and lexicons may not).
SEED_NAMES = {
    "PER": [
        "خليفة حفتر", "حفتر", "سيرغي شويغو", "سيرغي شويجو", "شويغو", "فلاديمير بوتين", "بوتين",
        "نيكولاي باتروشيف", "فاليري غيراسيموف", "غيراسيموف", "عقيلة صالح", "فائز السراج", "السراج",
        "سامح شكري", "شكري", "يونس بك يفكيروف", "يفكيروف", "إيفان مولوتكوف", "مولوتكوف", "ديميتري بيسكوف",
        "معمر القذافي", "القذافي", "أحمد أبو زيد", "أبو زيد", "محمد المنفور", "عبد الرازق الناظوري",
        "فرج المهدوي", "سيرغي لافروف", "عبد الباسط البدري", "ميخائيل بوغدانوف", "أحمد معيتيق", "معيتيق",
        "رضا عيسى", "أحمد المسماري", "المسماري", "الناجي بوعلويه",
    ],
    "LOC": [
        "ليبيا", "روسيا", "موسكو", "طبرق", "بنغازي", "درنة", "سرت", "مصراتة", "أجدابيا", "القاهرة", "مصر",
        "الجزائر", "قاعدة الجفرة", "قاعدة بنينا", "أوكرانيا", "طرابلس", "أفريقيا", "أوروبا", "السعودية",
    ],
    "ORG": [
        "وزارة الدفاع الروسية", "مجلس النواب", "المجلس الرئاسي", "حكومة الوفاق", "مجلس الأمن الدولي",
        "الاتحاد الأوروبي", "داعش", "البنيان المرصوص", "فاغنر", "أورال فاغون زافود", "العربي الجديد",
        "فرانس برس", "ديبكا", "نوفوستي", "زفيزدا", "الكرملين",
    ],
}

# The alias groups of ../shared/seeds/EXPECTED.md: each must be exactly one entity.
EXPECTED_GROUPS = [
    ["حفتر", "خليفة حفتر"],
    ["سيرغي شويغو", "سيرغي شويجو", "شويغو"],
    ["فلاديمير بوتين", "بوتين"], ["نيكولاي باتروشيف"], ["فاليري غيراسيموف", "غيراسيموف"], ["عقيلة صالح"],
    ["فائز السراج", "السراج"], ["سامح شكري", "شكري"], ["يونس بك يفكيروف", "يفكيروف"],
    ["إيفان مولوتكوف", "مولوتكوف"], ["ديميتري بيسكوف"], ["القذافي", "معمر القذافي"],
    ["ليبيا"], ["روسيا"], ["موسكو"], ["طبرق"], ["بنغازي"], ["درنة"], ["سرت"], ["مصراتة"], ["أجدابيا"],
    ["القاهرة"], ["مصر"], ["قاعدة الجفرة"], ["قاعدة بنينا"], ["أوكرانيا"], ["طرابلس"],
    ["وزارة الدفاع الروسية"], ["مجلس النواب"], ["المجلس الرئاسي"], ["حكومة الوفاق"], ["مجلس الأمن الدولي"],
    ["الاتحاد الأوروبي"], ["داعش"], ["البنيان المرصوص"], ["فاغنر"], ["أورال فاغون زافود"], ["العربي الجديد"],
    ["فرانس برس"], ["ديبكا"], ["نوفوستي"], ["زفيزدا"],
]

_CLITICS = {"", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك"}
_LETTER = re.compile(r"[\w\u0640\u064B-\u065F]")


def hand_spans(text: str, names: dict[str, list[str]] = SEED_NAMES) -> list[Span]:
    """Every whole-word occurrence of the names, longest first, no overlaps."""
    taken: list[tuple[int, int]] = []
    spans: list[Span] = []
    by_length = sorted(((n, label) for label, ns in names.items() for n in ns), key=lambda x: -len(x[0]))
    for name, label in by_length:
        for m in re.finditer(re.escape(name), text):
            start, end = m.start(), m.end()
            if end < len(text) and _LETTER.match(text[end]):
                continue
            word_start = start
            while word_start > 0 and _LETTER.match(text[word_start - 1]):
                word_start -= 1
            if fold(text[word_start:start]).replace("ـ", "") not in _CLITICS:
                continue
            if any(s < end and start < e for s, e in taken):
                continue
            taken.append((word_start, end))
            spans.append(Span(word_start, end, label, {"score": 1.0}))
    return sorted(spans, key=lambda s: (s.start, s.end))


def add_hand_entities(store: Store) -> None:
    """Write hand-made entities layers on every stored document."""
    for _, doc in store.iter_documents():
        store.save_layer(doc.id, ENTITIES, "hand.v1", hand_spans(doc.text))
