"""The Arabic text layer: normalisation with an offset map, tokens, sentences, search keys.

Every annotator matches on normalised text but reports offsets into the raw text, so the
normaliser returns, with the folded string, the raw offset of each folded character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Harakat, tanwin, shadda, sukun, superscript alef and Quranic marks carry no lexical
# difference for matching; tatweel is typographic; bidi and zero-width marks are invisible.
_DROP = set(range(0x064B, 0x0660)) | {0x0670, 0x0640} | set(range(0x06D6, 0x06EE))
_DROP |= {0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF, 0x061C}

_FOLD = {
    # alef forms and hamza carriers
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ؤ": "و", "ئ": "ي",
    # alef maqsura, ta marbuta, Persian/Urdu letters
    "ى": "ي", "ی": "ي", "ې": "ي", "ة": "ه", "ک": "ك", "ڪ": "ك",
    "گ": "ك", "ڤ": "ف", "پ": "ب", "چ": "ج", "ژ": "ز",
    # typographic quotes and dashes
    "«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'",
    "–": "-", "—": "-", "ـ": "",
}
for _i in range(10):
    _FOLD[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits
    _FOLD[chr(0x06F0 + _i)] = str(_i)  # Persian digits

_TABLE = {ord(k): v for k, v in _FOLD.items()} | {c: None for c in _DROP}


@dataclass(frozen=True)
class Normalised:
    """Folded text plus, for each folded character, its offset in the raw text.

    text (str): the folded text.
    offsets (list[int]): offsets[i] is the raw offset of text[i]; one extra entry
        at the end holds the raw length, so an end offset maps too.
    """

    text: str
    offsets: list[int]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) range of the folded text back to the raw text."""
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


def fold(text: str) -> str:
    """Normalise for matching, without an offset map (hamza, alef maqsura, ta marbuta, ...)."""
    return text.translate(_TABLE)


def normalise(text: str) -> Normalised:
    """Normalise for matching and keep an offset map back to the raw text."""
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        mapped = _TABLE.get(ord(ch), ch)
        if not mapped:
            continue
        out.append(mapped)
        offsets.extend([i] * len(mapped))
    offsets.append(len(text))
    return Normalised("".join(out), offsets)


def clean_display(text: str) -> str:
    """Remove only invisible marks (bidi, zero-width, BOM); keep everything a reader sees."""
    return text.translate({c: None for c in _DROP if c >= 0x200B or c == 0x061C})


@dataclass(frozen=True)
class Token:
    """A word, number or punctuation mark with its raw offsets."""

    start: int
    end: int
    text: str

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()


# A word is a run of letters, combining marks, digits and tatweel; anything else is one
# punctuation token. Invisible marks inside a word are allowed so a stray U+200E does not split it.
_TOKEN_RE = re.compile(r"[\w\u064B-\u065F\u0670\u0640\u200c-\u200f]+|[^\w\s]", re.UNICODE)


def tokenise(text: str) -> list[Token]:
    """Split raw text into tokens with character offsets."""
    tokens = []
    for m in _TOKEN_RE.finditer(text):
        start, end = m.start(), m.end()
        # Do not start or end a token on an invisible mark.
        while start < end and ord(text[start]) in _DROP and ord(text[start]) >= 0x200B:
            start += 1
        while end > start and ord(text[end - 1]) in _DROP and ord(text[end - 1]) >= 0x200B:
            end -= 1
        if start < end:
            tokens.append(Token(start, end, text[start:end]))
    return tokens


_SENTENCE_END = re.compile(r"[.!?؟…]+[\"'»”)]*(?=\s|$)|\n+")
# Initials before a full stop: a lone Latin capital (J. Smith) or the Arabic «د.» (doctor) and «أ.»
# (professor); not «م.» or «هـ.», which close year numbers at the ends of sentences.
_INITIALS = frozenset("دأABCDEFGHIJKLMNOPQRSTUVWXYZ")
_NAME_FOLLOWS = re.compile(r"[ \t]*\w")


def _is_initial(text: str, stop: int) -> bool:
    """Whether the full stop at `stop` closes a one-letter initial (a word of one letter before it)."""
    return stop >= 1 and text[stop - 1] in _INITIALS and (stop < 2 or text[stop - 2].isspace() or text[stop - 2] in "(«\"")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence ranges: a full stop, question or exclamation mark, or a line break ends one.

    A full stop between digits (3.5), or after an initial (a single Latin capital, or «د.»، «أ.» before a
    name on the same line), does not end a sentence.
    """
    ranges: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if m.group().startswith(".") and m.start() > 0 and text[m.start() - 1].isdigit() and end < len(text) and text[end:end + 1].isdigit():
            continue
        if m.group() == "." and _is_initial(text, m.start()) and _NAME_FOLLOWS.match(text, end):
            continue
        _append_trimmed(text, start, end, ranges)
        start = end
    _append_trimmed(text, start, len(text), ranges)
    return ranges


def _append_trimmed(text: str, start: int, end: int, ranges: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        ranges.append((start, end))


# Light stemming for search, in the manner of light10: a conjunction, then the article
# (with a preposition fused to it), then one common ending. A bare preposition (بموسكو) is
# stripped only for the second, "alt" key, because stripping it everywhere would eat root
# letters (ليبية -> يبية).
_CONJ = ("و", "ف")
_ARTICLES = ("بال", "كال", "لل", "ال")
_PREP = ("ب", "ك", "ل")
_SUFFIXES = ("يات", "يين", "يون", "يه", "ات", "ون", "ين", "ان", "ه", "ي")


def _strip_suffix(w: str) -> str:
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            return w[: -len(suffix)]
    return w


@lru_cache(maxsize=200_000)
def search_key(word: str) -> tuple[str, str]:
    """The search keys of one word: its light stem, and the stem with a bare preposition off.

    "الليبي" and "ليبية" -> "ليب"; "أكّد" -> "اكد"; "بموسكو" -> ("بموسكو", "موسكو").
    The index stores both keys at the same position in two columns; a query word uses the
    first, so "موسكو" finds "بموسكو" through the second.
    """
    w = fold(word).lower()
    if not w or not ("\u0621" <= w[0] <= "\u064a"):
        return w, w
    if len(w) > 3 and w[0] in _CONJ:
        w = w[1:]
    for article in _ARTICLES:
        if w.startswith(article) and len(w) - len(article) >= 2:
            stem = _strip_suffix(w[len(article):])
            return stem, stem
    stem = _strip_suffix(w)
    if len(w) > 3 and w[0] in _PREP:
        # The remainder is keyed as a word of its own, so "بوزير" meets "وزير" on the same key.
        return stem, search_key(w[1:])[0]
    return stem, stem


def search_keys(text: str) -> tuple[str, str]:
    """Both key columns of a text: space-separated, one key per word, positions aligned."""
    pairs = [search_key(m.group()) for m in _WORD_RE.finditer(fold(text))]
    return " ".join(p[0] for p in pairs), " ".join(p[1] for p in pairs)


def query_keys(text: str) -> list[tuple[str, str]]:
    """The (stem, alt) keys of each word of a query."""
    return [search_key(m.group()) for m in _WORD_RE.finditer(fold(text))]


_WORD_RE = re.compile(r"\w+", re.UNICODE)


def arabic_share(text: str) -> float:
    """The share of letters that are Arabic (0.0 when there are no letters)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if "\u0600" <= c <= "\u06ff" or "\u0750" <= c <= "\u077f") / len(letters)


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """Search keys of the function-word lexicon (prepositions, pronouns, particles)."""
    from marsad.paths import PACKAGE_DIR

    path = PACKAGE_DIR / "annotate" / "lexicons" / "function_words.txt"
    words = [w.strip() for w in path.read_text(encoding="utf-8").splitlines() if w.strip() and not w.startswith("#")]
    return frozenset(search_key(w)[0] for w in words)
