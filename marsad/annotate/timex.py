"""Arabic temporal expressions: a tagger that finds them and a resolver that dates them.

The tagger works on the words of `marsad.text.tokenise`, folded. Each word is classified with the
lexicon in `lexicons/time_words.tsv` (month names also come from babel's Arabic locales) after
its clitics are stripped, runs of number words are merged into one number, and every token
becomes one symbol (M month, W weekday, D digits, U unit, L "last", X "next" ...). Grammar rules
are regular expressions over that symbol string; a rule's builder turns the matched tokens into a
*frame*, a small dict that says what is known (`{"kind": "weekday", "weekday": 7, "mod": -1}`).
A second round of rules combines the first round's expressions into ranges ("بين ... و...") and
parts of periods ("أواخر العام الماضي").

The resolver turns a frame into a value against an anchor date (the publication date):
"X الماضي" is the most recent past X (the current month counts when the day has passed), a weekday
with اليوم/أمس is checked against the anchor, and past tense (the default in news) favours the
past reading. Without an anchor a relative frame stays unresolved and keeps what is known.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad.text import fold, split_sentences
from marsad.text import tokenise as text_tokenise

LEXICON_PATH = Path(__file__).resolve().parent / "lexicons" / "time_words.tsv"

# babel locales whose month names news uses: Egyptian/Gulf (ar), Levantine/Iraqi (ar_SY),
# Moroccan (ar_MA), Algerian/Tunisian (ar_DZ), Mauritanian (ar_MR).
BABEL_LOCALES = ("ar", "ar_SY", "ar_MA", "ar_DZ", "ar_MR")

# Category -> symbol of the grammar.
SYMBOLS = {
    "month": "M", "hijri": "H", "weekday": "W", "reldate": "R", "unit": "U", "plural": "P",
    "dual": "Q", "past": "L", "next": "X", "this": "T", "beforelast": "Z", "afternext": "z",
    "number": "N", "ordinal": "O", "part": "p", "rest": "r", "weekend": "E", "later": "l",
    "earlier": "e", "season": "S", "daypart": "k", "decade": "C", "from": "f", "to": "t",
    "between": "b", "and": "&", "in": "i", "within": "w", "ago": "a", "after": "A", "now": "n",
    "each": "c", "set": "$", "hijrimark": "h", "gregmark": "g", "quarter": "q", "hour": "o",
    "few": "F", "for": "d", "multiplier": "m", "since": "s", "about": "~", "half": "j",
}
# Categories that only inform the tagger and never make a symbol of their own.
CONTEXT_CATEGORIES = {"numctx", "future", "notfuture", "ambiguousmonth", "namedmonth", "idiom"}
PUNCT = {"/": "/", "-": "-", ".": ".", ",": ",", "،": ",", ":": ":", "(": "(", ")": ")", "%": "%"}

# The longest phrase in the lexicon ("عطلة نهاية الأسبوع" is three words).
MAX_PHRASE = 4
# Plausible years for a four-digit number read as a year after في/منذ/عام: news rarely dates
# anything before 1800 in digits, and numbers above 2100 are counts.
MIN_YEAR, MAX_YEAR = 1800, 2100
# A year spelled in words ("ألف وسبعمائة وتسعة وثمانين") is a year even when older.
MIN_WORD_YEAR = 1000
# "بضعة"/"عدة" (a few) and plural units without a number ("قبل أيام") are read as 3, as the
# Recognizers suite does; the value is flagged approximate.
FEW = 3


@dataclass(frozen=True)
class Lexicon:
    """The time words, folded. words: form -> (category, value); phrases: word tuple -> same."""

    words: dict[str, tuple[str, str]]
    phrases: dict[tuple[str, ...], tuple[str, str]]
    context: dict[str, set[str]]
    phrase_firsts: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Read the lexicon file and babel's month names once."""
    words: dict[str, tuple[str, str]] = {}
    phrases: dict[tuple[str, ...], tuple[str, str]] = {}
    context: dict[str, set[str]] = {c: set() for c in CONTEXT_CATEGORIES}

    def add(category: str, form: str, value: str) -> None:
        key = tuple(fold(form).split())
        if not key:
            return
        if category in CONTEXT_CATEGORIES:
            context[category].add(" ".join(key))
        elif len(key) == 1:
            words.setdefault(key[0], (category, value))
        else:
            phrases.setdefault(key, (category, value))

    for line in LEXICON_PATH.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        add(parts[0], parts[1], parts[2] if len(parts) > 2 else "")
    from babel import Locale

    for name in BABEL_LOCALES:
        for number, form in Locale.parse(name).months["format"]["wide"].items():
            add("month", form, str(number))
    return Lexicon(words, phrases, context, frozenset(k[0] for k in phrases))


# ---------------------------------------------------------------- tokens


@dataclass(slots=True)
class Tok:
    """One token with its grammar symbol.

    start, end (int): raw offsets in the text being tagged.
    word (str): the folded surface.
    sym (str): grammar symbol ("_" for an unknown word, "?" for other punctuation).
    val (Any): the symbol's value (month number, number, unit name, ...).
    conj (bool): the word carried و/ف.
    stem (str): the word without clitics.
    ordinal (bool): an ordinal number word (الثالث).
    idx (int): position in the token list.
    """

    start: int
    end: int
    word: str
    sym: str = "_"
    val: Any = None
    conj: bool = False
    stem: str = ""
    ordinal: bool = False
    idx: int = -1


@lru_cache(maxsize=200_000)
def _variants(word: str) -> tuple[tuple[str, bool], ...]:
    """The word with clitics stripped, least stripping first: (stem, had و/ف)."""
    out = [(word, False)]
    conj = False
    w = word
    if len(w) > 2 and w[0] in "وف":
        w, conj = w[1:], True
        out.append((w, conj))
    if w.startswith("لل") and len(w) > 3:
        out.append(("ال" + w[2:], conj))
        out.append((w[2:], conj))
    elif len(w) > 2 and w[0] in "بلك":
        out.append((w[1:], conj))
        if w[1:].startswith("ال") and len(w) > 4:
            out.append((w[3:], conj))
    if w.startswith("ال") and len(w) > 3:
        out.append((w[2:], conj))
    return tuple(out)


_PIECE_RE = re.compile(r"\d+|\D+")


def _raw_tokens(text: str) -> list[Tok]:
    """The words, numbers and marks of raw text (raw offsets), each folded; a word glued to
    digits ("سبتمبر10", "الـ24") is split in two."""
    out = []
    for t in text_tokenise(text):
        if not t.is_word:
            mark = fold(t.text)
            if mark:  # a lone tatweel or invisible mark folds to nothing
                out.append(Tok(t.start, t.end, mark))
            continue
        for m in _PIECE_RE.finditer(t.text):
            word = fold(m.group())
            if word:
                out.append(Tok(t.start + m.start(), t.start + m.end(), word))
    return out


@lru_cache(maxsize=200_000)
def _classify(word: str) -> tuple[str, Any, bool, str, bool]:
    """(symbol, value, had و/ف, stem, is ordinal) of one folded word."""
    lex = lexicon()
    for stem, conj in _variants(word):
        hit = lex.words.get(stem)
        if hit:
            return SYMBOLS[hit[0]], _value(*hit), conj, stem, hit[0] == "ordinal"
    return "_", None, False, word, False


@lru_cache(maxsize=200_000)
def _may_start_phrase(word: str) -> bool:
    firsts = lexicon().phrase_firsts
    return any(stem in firsts for stem, _ in _variants(word))


def tokenise(text: str) -> list[Tok]:
    """Tokens of raw text (raw offsets, folded words), classified, with phrases and number
    words merged."""
    lex = lexicon()
    raw = _raw_tokens(text)
    toks: list[Tok] = []
    i = 0
    while i < len(raw):
        tok = raw[i]
        if tok.word.isdigit():
            tok.sym, tok.val, tok.stem = "D", int(tok.word), tok.word
            toks.append(tok)
            i += 1
            continue
        if not tok.word[:1].isalpha():
            tok.sym = PUNCT.get(tok.word, "?")
            toks.append(tok)
            i += 1
            continue
        matched = _match_phrase(raw, i, lex) if _may_start_phrase(tok.word) else None
        if matched:
            n, (category, value), conj = matched
            toks.append(Tok(tok.start, raw[i + n - 1].end, " ".join(t.word for t in raw[i:i + n]),
                            SYMBOLS[category], _value(category, value), conj, category))
            i += n
            continue
        tok.sym, tok.val, tok.conj, tok.stem, tok.ordinal = _classify(tok.word)
        if tok.stem == "اثنين" and toks and toks[-1].sym == "U" and toks[-1].val == "day":
            tok.sym, tok.val = "W", 1  # "أول يوم اثنين": Monday, not the number two
        toks.append(tok)
        i += 1
    merged = _merge_numbers(toks)
    for k, tok in enumerate(merged):
        tok.idx = k
    return merged


def _value(category: str, value: str) -> Any:
    if category in {"month", "hijri", "weekday", "reldate", "number", "ordinal", "decade",
                    "past", "next", "this", "beforelast", "afternext", "multiplier"}:
        return int(value)
    return value


def _match_phrase(raw: list[Tok], i: int, lex: Lexicon) -> tuple[int, tuple[str, str], bool] | None:
    for n in range(MAX_PHRASE, 1, -1):
        if i + n > len(raw):
            continue
        rest = tuple(t.word for t in raw[i + 1:i + n])
        for stem, conj in _variants(raw[i].word):
            hit = lex.phrases.get((stem, *rest))
            if hit:
                return n, hit, conj
    return None


_TEEN_WORDS = {"عشر", "عشره"}
_MULTIPLIERS = {fold(w): v for w, v in (("ألف", 1000), ("آلاف", 1000), ("مائة", 100), ("مئة", 100))}
_PERCENT = tuple(fold(w) for w in ("في المئة", "في المائة", "بالمئة", "بالمائة", "%"))


def _merge_numbers(toks: list[Tok]) -> list[Tok]:
    """Merge runs of number words ("ألف وتسعمائة وثمانية وسبعون") into one N or O token."""
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if tok.sym not in "NO":
            out.append(tok)
            i += 1
            continue
        parts = [tok]
        j = i + 1
        while j < len(toks):
            nxt = toks[j]
            if nxt.sym in "NO" and nxt.stem in _TEEN_WORDS and not nxt.conj and parts[-1].val < 10:
                parts.append(nxt)
            elif nxt.stem in _MULTIPLIERS and not nxt.conj and parts[-1].val < 10:
                parts.append(nxt)
            elif nxt.sym in "NO" and nxt.conj and _adds_to(parts[-1].val, nxt.val):
                parts.append(nxt)
            elif (nxt.sym == "&" and nxt.word == "و" and j + 1 < len(toks) and toks[j + 1].sym in "NO"
                  and _adds_to(parts[-1].val, toks[j + 1].val)):
                toks[j + 1].conj = True
                j += 1
                continue
            else:
                break
            j += 1
        value = _number_value(parts)
        merged = Tok(tok.start, parts[-1].end, " ".join(p.word for p in parts),
                     "O" if tok.ordinal else "N", value, tok.conj, tok.stem, tok.ordinal)
        out.append(merged)
        i = j
    return out


def _adds_to(last: int, value: int) -> bool:
    """Can "و" + value continue a number whose last word is worth `last`? Arabic says thousands,
    hundreds, then units before tens ("ألف وتسعمائة وثمانية وسبعون"); "الأول والخامس" are two
    numbers."""
    if last >= 1000:
        return value < 1000
    if last >= 100:
        return value < 100
    if last == 10:  # the عشر of a teen: "تسعة عشر وثمانية وسبعين" (a year said in two halves)
        return value < 100
    if last < 10:
        return 20 <= value <= 90 and value % 10 == 0
    return False


def _number_value(parts: list[Tok]) -> int:
    """The value of merged number words; a teen then more ("تسعة عشر وثمانية وسبعين") is a year."""
    total = current = 0
    groups: list[int] = []
    k = 0
    while k < len(parts):
        p = parts[k]
        if p.stem in _TEEN_WORDS and k > 0 and not p.conj:
            current += 10
        elif p.stem in _MULTIPLIERS and k > 0 and not p.conj:
            factor = _MULTIPLIERS[p.stem]
            if factor == 1000:
                total += (current or 1) * 1000
                current = 0
            else:
                current = (current or 1) * factor
        else:
            if p.conj and current and 10 < current < 20 and not total and not groups:
                groups.append(current)
                current = 0
            current += p.val
        k += 1
    if groups:
        return groups[0] * 100 + current
    return total + current


# ---------------------------------------------------------------- mentions


@dataclass
class Mention:
    """One temporal expression found by the tagger (raw offsets; token range in the tagged tokens)."""

    start: int
    end: int
    tok_start: int
    tok_end: int
    frame: dict[str, Any]
    label: str = "DATE"
    future: bool = False
    parts: list[Mention] = field(default_factory=list)


# A frame: what the tagger knows of one expression, e.g. {"kind": "weekday", "weekday": 7, "mod": -1}.
Frame = dict[str, Any]
# Group: the tokens of one named group of a rule's match.
Group = Callable[[str], list[Tok]]
# A builder reads a rule's match (all tokens, the match, its groups) into a frame, or refuses it.
Builder = Callable[[list[Tok], "re.Match[str]", Group], Frame | None]

# Symbol macros for the rules.
_DAY = "[DNO]"
_MON = r"M(?:[/\-]M|\(M\))?"
_YEAR = "[DN]"


def _mon(tokens: list[Tok]) -> int:
    return next(t.val for t in tokens if t.sym == "M")


def _day_ok(v: int) -> bool:
    return 1 <= v <= 31


def _year_of(tok: Tok) -> int | None:
    if tok.sym == "D" and len(tok.word) == 2:
        return 2000 + tok.val if tok.val < 50 else 1900 + tok.val
    if MIN_YEAR <= tok.val <= MAX_YEAR or (tok.sym == "D" and len(tok.word) == 4):
        return int(tok.val)
    return None


def _mod(tokens: list[Tok]) -> int | None:
    for t in tokens:
        if t.sym in "LXTZz":
            return int(t.val)
    return None


def b_day_month(toks: list[Tok], m: re.Match[str], g: Group) -> Frame | None:
    day = g("d")
    if not day or not _day_ok(day[0].val):
        return None
    frame: dict[str, Any] = {"kind": "abs", "month": _mon(g("m")), "day": day[0].val}
    year = g("y")
    y = _year_of(year[0]) if year else None
    nxt = m.end("y") if year else m.end()
    if year and year[0].sym == "D" and len(year[0].word) == 2 and nxt < len(toks) and toks[nxt].sym == "_":
        y = None  # "5 يناير 15 قتيلا": a count, not the year 2015
    if y is not None:
        frame["year"] = y
    elif year:
        frame["_end"] = m.start("y")
        while toks[frame["_end"] - 1].sym in ",fiU":
            frame["_end"] -= 1
    mod = _mod(g("mod")) if y is not None or not year else None
    if mod is not None:
        frame["mod"] = mod
    wd = [t for t in g("wd") if t.sym == "W"]
    if wd:
        frame["weekday"] = wd[0].val
    return frame


def b_month_year(toks: list[Tok], m: re.Match[str], g: Group) -> Frame | None:
    y = _year_of(g("y")[0])
    if y is None:
        return None
    unit = g("u")
    if unit and unit[0].val not in ("month", "year"):
        return None
    return {"kind": "abs", "month": _mon(g("m")), "year": y}


def b_month_mod(toks: list[Tok], m: re.Match[str], g: Group) -> Frame | None:
    unit = g("u")
    if unit and unit[0].val != "month":
        return None
    return {"kind": "abs", "month": _mon(g("m")), "mod": _mod(g("mod"))}


def b_month_bare(toks: list[Tok], m: re.Match[str], g: Group) -> Frame | None:
    """A month named alone ("في أكتوبر", "شهر يناير"). "مارس" is also a verb and "نيسان" a car
    maker, so those need شهر, في/منذ/حتى or a part word (منتصف مارس); "آب" (also "father" and
    the city إب) needs شهر."""
    ctx = g("ctx")
    if ctx and ctx[0].sym == "U" and ctx[0].val != "month":
        return None
    if not ctx and len(g("m")) == 1 and g("m")[0].stem in lexicon().context["namedmonth"]:
        return None
    before = toks[m.start() - 1].sym if m.start() else "^"
    if not ctx and before not in "ipst" and g("m")[0].stem in lexicon().context["ambiguousmonth"] and len(g("m")) == 1:
        return None
    return {"kind": "abs", "month": _mon(g("m"))}


def b_numeric(toks: list[Tok], m: re.Match[str], g: Group) -> Frame | None:
    matched = toks[m.start():m.end()]
    nums = [t for t in matched if t.sym == "D"]
    seps = {t.word for t in matched if t.sym != "D"}
    numctx = lexicon().context["numctx"]
    if m.start() and any(v in numctx for v, _ in _variants(toks[m.start() - 1].word)):
        return None  # "بنسبة 4.22"
    after = " ".join(t.word for t in toks[m.end():m.end() + 2])
    if after.startswith(_PERCENT):
        return None  # "4.22 في المئة"
    gaps = any(matched[k].end != matched[k + 1].start for k in range(len(matched) - 1))
    if gaps and len(nums) == 2:
        return None  # "5 - 4", "(3/ 1)": a score, not a date
    if len(seps) != 1:
        return None
    a = nums[0]
    if len(nums) == 3:
        b, c = nums[1], nums[2]
        if m.end() < len(toks) and toks[m.end()].sym == "h":
            return _hijri_numeric(a, b, c)
        if len(a.word) == 4:
            y, mo, d = a.val, b.val, c.val
        elif len(c.word) in (2, 4):
            y, mo, d = _year_of(c), b.val, a.val
            if mo > 12 and d <= 12:
                mo, d = d, mo
        else:
            return None
        return _checked(y, mo, d)
    b = nums[1]
    if len(a.word) == 4 and len(b.word) == 4 and "-" in seps or "/" in seps and len(a.word) == 4 == len(b.word):
        if MIN_YEAR <= a.val < b.val <= MAX_YEAR:
            return {"kind": "range", "a": {"kind": "abs", "year": a.val}, "b": {"kind": "abs", "year": b.val}}
        return None
    if len(a.word) == 4 and b.val <= 12 and "." not in seps:
        return {"kind": "abs", "year": a.val, "month": b.val} if MIN_YEAR <= a.val <= MAX_YEAR else None
    if len(b.word) == 4 and a.val <= 12 and "." not in seps:
        return {"kind": "abs", "year": b.val, "month": a.val} if MIN_YEAR <= b.val <= MAX_YEAR else None
    if "." in seps:
        mo, d = a.val, b.val
    else:
        d, mo = a.val, b.val
    if mo > 12 and d <= 12:
        d, mo = mo, d  # "4/22": month first
    if 1 <= mo <= 12 and _day_ok(d) and len(a.word) <= 2 and len(b.word) <= 2:
        return {"kind": "abs", "month": mo, "day": d}
    return None


def _hijri_numeric(a: Tok, b: Tok, c: Tok) -> Frame | None:
    """"18/10/1436هـ"."""
    y, mo, d = (a.val, b.val, c.val) if len(a.word) == 4 else (c.val, b.val, a.val)
    if not (1 <= mo <= 12 and 1 <= d <= 30 and 1 <= y <= 1600):
        return None
    return {"kind": "abs", "hijri": True, "year": y, "month": mo, "day": d}


def b_day_range_month(toks: list[Tok], m: re.Match[str], g: Group) -> Frame | None:
    """"1-4 يونيو 2015": days 1 to 4 of June."""
    end = b_day_month(toks, m, g)
    first = g("a")[0].val
    if end is None or not 1 <= first < end["day"]:
        return None
    return {"kind": "range", "a": {"kind": "dayof", "day": first}, "b": end}


def _checked(y: int | None, mo: int, d: int) -> dict | None:
    if y is None or y < MIN_YEAR:
        return None
    try:
        date(y, mo, d)
    except ValueError:
        return None
    return {"kind": "abs", "year": y, "month": mo, "day": d}


def b_year(toks: list[Tok], m: re.Match[str], g: Group) -> Frame | None:
    unit = g("u")
    if unit and unit[0].val != "year":
        return None
    tok = g("y")[0]
    hijri = bool(g("h"))
    if hijri:
        if not 1 <= tok.val <= 1600:
            return None
        return {"kind": "abs", "year": tok.val, "hijri": True}
    if tok.sym == "D" and len(tok.word) != 4:
        return None
    y = _year_of(tok)
    if y is None:
        return None
    return {"kind": "abs", "year": y}


def b_year_ctx(toks: list[Tok], m: re.Match[str], g: Group) -> Frame | None:
    tok = g("y")[0]
    # A year in words ("ألف وسبعمائة وتسعة وثمانين") may be older than a year in digits.
    low = MIN_WORD_YEAR if tok.sym == "N" and " " in tok.word else MIN_YEAR
    if tok.sym == "D" and len(tok.word) != 4 or not low <= tok.val <= MAX_YEAR:
        return None
    if m.end() < len(toks) and toks[m.end()].sym in "UPM%":
        return None  # "في ألف ومائة عام", "في 2000 شهر": a count
    return {"kind": "abs", "year": tok.val}


def b_ordinal_day(toks: list[Tok], m: re.Match[str], g: Group) -> Frame | None:
    """"حتى الحادي والعشرين"، "للثلاثين": a day of the anchor's month named by a definite
    ordinal or tens word alone at the end of a clause. Only days from 11 on: "إلى الثانية"
    is more often a rank or an hour."""
    tok = g("d")[0]
    if not 11 <= tok.val <= 31 or not tok.word.startswith(("ال", "لل", "وال", "بال")):
        return None
    if m.end() < len(toks) and toks[m.end()].sym not in ".,?!":
        return None
    if g("t") == [] and not tok.word.startswith("لل"):
        return None
    return {"kind": "abs", "day": tok.val}


def b_decade_word(toks: list[Tok], m: re.Match[str], g: Group) -> Frame | None:
    """"في الألفين": the definite thousands word alone names the decade (the 2000s)."""
    tok = g("y")[0]
    if tok.val != 2000 or " " in tok.word or not tok.word.startswith(("ال", "بال", "فال", "وال")):
        return None
    if m.start() > 0 and toks[m.start() - 1].sym == "U":
        return None
    return {"kind": "decade", "decade": 0, "century": 20}


def b_reldate(toks: list[Tok], m: re.Match[str], g: Group) -> Frame | None:
    if m.end() < len(toks) and toks[m.end()].word in lexicon().context["idiom"]:
        return None  # "في أمس الحاجة": in dire need
    frame: dict[str, Any] = {"kind": "rel", "offset_days": g("r")[0].val}
    wd = g("wd")
    if wd:
        frame["weekday"] = wd[0].val
    dp = g("k")
    if dp:
        frame["daypart"] = dp[0].val
    return frame


def b_weekday(toks: list[Tok], m: re.Match[str], g: Group) -> Frame | None:
    frame: dict[str, Any] = {"kind": "weekday", "weekday": g("wd")[0].val}
    unit = g("u")
    if unit and unit[0].val != "day":
        return None
    mod = _mod(g("mod"))
    if mod is not None:
        frame["mod"] = mod
    return frame


def b_weekday_day(toks: list[Tok], m: re.Match[str], g: Group) -> Frame | None:
    day = g("d")[0]
    if not _day_ok(day.val) or day.ordinal:
        return None
    # "الخميس 3 قتلى": a number followed by a word is a count, not a day; "الثلاثاء 5-10"
    # is a numeric date this rule does not read.
    if m.end() < len(toks) and toks[m.end()].sym in "_M-/.":
        return None
    return {"kind": "abs", "day": day.val, "weekday": g("wd")[0].val}


def b_nth_weekday(toks: list[Tok], m: re.Match[str], g: Group) -> Frame | None:
    n = g("n")[0]
    if n.val > 5 or n.sym != "O":
        return None
    return {"kind": "nthwd", "weekday": g("wd")[0].val, "n": n.val}


def b_period(toks: list[Tok], m: re.Match[str], g: Group) -> Frame | None:
    unit = g("u")[0]
    if unit.val not in ("week", "month", "year", "decade", "century"):
        return None
    mods = g("pre") + g("mod")
    if not mods:
        return None
    if g("mod") and g("mod")[0].stem.startswith("الاخير") and m.end() < len(toks) and toks[m.end()].sym in "fi":
        return None  # "الأسبوع الأخير من يوليو" is the last week of July
    if not g("pre") and not unit.word.startswith(("ال", "وال", "بال", "لل", "فال")):
        return None
    return {"kind": "period", "unit": unit.val, "offset": sum(int(t.val) for t in mods)}


def b_period_weekday(toks: list[Tok], m: re.Match[str], g: Group) -> Frame | None:
    period = b_period(toks, m, g)
    if not period or period["unit"] != "week":
        return None
    return {"kind": "weekday", "weekday": g("wd")[0].val, "week_offset": period["offset"]}


def b_year_range(toks: list[Tok], m: re.Match[str], g: Group) -> Frame | None:
    a, b = g("a")[0], g("b")[0]
    unit = g("u")
    if unit and unit[0].val != "year":
        return None
    if len(a.word) != 4 or len(b.word) != 4 or not MIN_YEAR <= a.val < b.val <= MAX_YEAR:
        return None
    return {"kind": "range", "a": {"kind": "abs", "year": a.val}, "b": {"kind": "abs", "year": b.val}}


def _year_period(g: Callable[[str], list[Tok]]) -> dict[str, Any] | None:
    unit = g("u")[0]
    mods = g("pre") + g("mod")
    if unit.val != "year" or not mods:
        return None
    return {"kind": "period", "unit": "year", "offset": sum(int(t.val) for t in mods)}


def b_month_of_year(toks: list[Tok], m: re.Match[str], g: Group) -> Frame | None:
    """"مايو من العام الجاري": a month of a relative year."""
    year = _year_period(g)
    if year is None:
        return None
    return {"kind": "monthof", "month": _mon(g("m")), "of": year}


def b_month_pair_of_year(toks: list[Tok], m: re.Match[str], g: Group) -> Frame | None:
    """"مارس/آذار ومايو/أيار من العام الجاري": two months (the second joined by و) of one year."""
    m1, m2 = g("m"), g("m2")
    if not m2[0].conj or m1[0].val >= m2[0].val:
        return None
    year = _year_period(g)
    if year is None:
        return None
    return {"kind": "range", "a": {"kind": "monthof", "month": m1[0].val, "of": year},
            "b": {"kind": "monthof", "month": m2[0].val, "of": year}}


def b_nth_week_of_month(toks: list[Tok], m: re.Match[str], g: Group) -> Frame | None:
    unit, nth = g("u")[0], g("n")[0]
    if unit.val != "week" or nth.sym == "O" and not 1 <= nth.val <= 5:
        return None
    if nth.sym == "L" and not nth.stem.startswith("الاخير"):
        return None
    return {"kind": "nthweek", "n": -1 if nth.sym == "L" else nth.val, "of": {"kind": "abs", "month": _mon(g("m"))}}


def b_this_weekday(toks: list[Tok], m: re.Match[str], g: Group) -> Frame | None:
    """"هذه الجمعة": the Friday of this week."""
    return {"kind": "weekday", "weekday": g("wd")[0].val, "week_offset": 0}


def b_part_of_current(toks: list[Tok], m: re.Match[str], g: Group) -> Frame | None:
    """"نهاية الشهر", "بداية العام": a part of the current period (the unit has the article)."""
    unit = g("u")[0]
    if unit.val not in ("week", "month", "year") or unit.word == unit.stem and not unit.word.startswith("ال"):
        return None
    if not unit.word.startswith(("ال", "وال", "بال", "فال", "لل")):
        return None
    return {"kind": "part", "part": g("p")[0].val, "of": {"kind": "period", "unit": unit.val, "offset": 0}}


def _quantity(tokens: list[Tok]) -> list[tuple[float, str]] | None:
    """(n, unit) pairs of "2 سنة و1 شهر و21 أيام", "يومين", "بضعة أشهر"."""
    out: list[tuple[float, str]] = []
    n: float | None = None
    for t in tokens:
        if t.sym in "DN":
            n = t.val
        elif t.sym == "Q":
            out.append((2, t.val))
            n = None
        elif t.sym in "UP":
            if n is None:
                n = 1 if t.sym == "U" else FEW
            out.append((n, t.val))
            n = None
    return out or None


def b_ago(toks: list[Tok], m: re.Match[str], g: Group) -> Frame | None:
    now = g("n")
    if len(now) == 2 and now[1].val != 0:
        return None  # "بعد 3 أسابيع من اليوم" counts from today; "من أمس" is not handled
    q = _quantity(g("q"))
    if not q:
        return None
    direction = g("dir")
    sign = -1
    if direction and direction[0].sym == "A":
        sign = 1
    frame: dict[str, Any] = {"kind": "ago", "parts": q, "sign": sign}
    if not direction:
        frame["tense"] = True
    nxt = m.end()
    # "منذ عام 2019" is a year, not "a year ago".
    if nxt < len(toks) and toks[nxt].sym == "D":
        return None
    while nxt < len(toks) and (toks[nxt].sym == "F" or toks[nxt].sym == "N" and toks[nxt].val == 1):
        nxt += 1  # "قبل أيام قليلة من"، "قبل يوم واحد من"
    if m.start() > 0 and g("dir") and toks[m.start() - 1].sym in "UP":
        return None  # "يوما بعد يوم": day after day
    # "بعد أيام على الفيضانات", "قبل أسبوع من الانتخابات": counted from an event, not the anchor.
    if not g("n") and nxt < len(toks) and (toks[nxt].sym == "f" or toks[nxt].stem == "علي"):
        return None
    if not any(t.sym in "DNQU" for t in g("q")) and nxt == m.end() and nxt < len(toks) and toks[nxt].sym not in ".,?":
        return None  # "منذ أشهر فيما ..." / "خلال أيام العيد": a bare plural before a word
    if any(u == "hour" for _, u in q) or any(isinstance(n, int) and n > 1000 for n, _ in q):
        return None
    if any(t.sym in "NP" and t.val == FEW for t in g("q")) or any(t.sym == "P" for t in g("q")) and not any(t.sym in "DN" for t in g("q")):
        frame["approximate"] = True
    return frame


def b_span(toks: list[Tok], m: re.Match[str], g: Group) -> Frame | None:
    unit = g("u")[0]
    nums = g("n1") + g("n2")
    mod = int(g("mod")[0].val)
    if unit.sym == "U" and (not nums or unit.word != unit.stem):
        return None  # "23 الشهر المقبل" is a day of next month, not 23 months
    n = nums[0].val if nums else (2 if unit.sym == "Q" else FEW)
    frame = {"kind": "span", "n": n, "unit": unit.val, "dir": 1 if mod > 0 else -1}
    if not nums and unit.sym == "P":
        frame["approximate"] = True
    return frame


def b_decade(toks: list[Tok], m: re.Match[str], g: Group) -> Frame | None:
    unit = g("u")
    if unit and unit[0].val != "decade":
        return None
    frame: dict[str, Any] = {"kind": "decade", "decade": g("c")[0].val}
    cent = g("cent")
    if cent:
        cunit = [t for t in cent if t.sym == "U"]
        if not cunit or cunit[0].val != "century":
            return None
        num = [t for t in cent if t.sym in "NOD"]
        if num:
            frame["century"] = num[0].val - 1
        else:
            frame["century_offset"] = _mod(cent) or 0
    return frame


def b_century(toks: list[Tok], m: re.Match[str], g: Group) -> Frame | None:
    unit = g("u")[0]
    n = g("n")[0]
    if unit.val != "century" or not 1 <= n.val <= 21:
        return None
    return {"kind": "century", "century": n.val - 1}


def b_rest(toks: list[Tok], m: re.Match[str], g: Group) -> Frame | None:
    unit = g("u")[0]
    if unit.val not in ("week", "month", "year"):
        return None
    return {"kind": "part", "part": "rest", "of": {"kind": "period", "unit": unit.val, "offset": _mod(g("mod")) or 0}}


def b_weekend(toks: list[Tok], m: re.Match[str], g: Group) -> Frame | None:
    offset = sum(int(t.val) for t in g("mod"))
    if not g("mod") and m.end() < len(toks) and toks[m.end()].sym in "Of":
        return None  # "نهاية الأسبوع الثاني من البرنامج": the end of some other week
    if g("mod") and not toks[m.start()].word.startswith(("عطله", "وعطله", "بعطله")):
        # "نهاية الأسبوع المقبل" is the end of next week, like "أواخر الأسبوع المقبل".
        return {"kind": "part", "part": "late", "of": {"kind": "period", "unit": "week", "offset": offset}}
    return {"kind": "weekend", "offset": offset}


def b_season(toks: list[Tok], m: re.Match[str], g: Group) -> Frame | None:
    season = g("s")[0]
    frame: dict[str, Any] = {"kind": "season", "season": season.val}
    mod = _mod(g("pre") + g("mod"))
    year = g("y")
    if year:
        y = _year_of(year[0])
        if y is None:
            return None
        frame["year"] = y
    if mod is not None:
        frame["offset"] = mod
    if season.val == "SP" and mod is None and not year:
        return None  # الربيع alone is often a name (الربيع العربي)
    if season.conj and mod is None and not year and season.word[1:] == season.stem:
        return None  # "وصيف" is also "runner-up"
    return frame


def b_hijri(toks: list[Tok], m: re.Match[str], g: Group) -> Frame | None:
    frame: dict[str, Any] = {"kind": "abs", "hijri": True, "month": g("m")[0].val}
    day, year, mod = g("d"), g("y"), _mod(g("mod"))
    if day:
        if not _day_ok(day[0].val) or day[0].val > 30:
            return None
        frame["day"] = day[0].val
    if year:
        if not 1 <= year[0].val <= 1600:
            return None
        frame["year"] = year[0].val
    if mod is not None:
        frame["mod"] = mod
    if not (year or mod is not None or g("u") or day):
        return None
    if frame["month"] == 2 and not year:
        return None  # صفر is also "zero"
    return frame


def b_time(toks: list[Tok], m: re.Match[str], g: Group) -> Frame | None:
    hour = g("h")[0].val
    minute = g("mi")[0].val if g("mi") else 0
    if not 0 <= hour <= 24 or not 0 <= minute < 60:
        return None
    dp = g("k")
    if dp and dp[0].val in ("evening", "night", "afternoon") and hour < 12:
        hour += 12
    return {"kind": "time", "hour": hour, "minute": minute}


def b_duration(toks: list[Tok], m: re.Match[str], g: Group) -> Frame | None:
    if m.end() < len(toks) and toks[m.end()].sym in "NDLXFTZz":
        return None  # "خلال الشهور الستة الماضية" is a span, read by its own rule
    if any(t.sym in "UP" and t.word != t.stem and t.stem != t.word[1:] for t in g("q")):
        return None  # "خلال الشهر" is "during the month", not a length of time
    if m.end() < len(toks) and toks[m.end()].sym in "HM_" and not any(t.sym in "DNQ" for t in g("q")):
        return None  # "خلال شهر رمضان", "خلال أيام العيد"
    q = _quantity(g("q"))
    if not q:
        return None
    return {"kind": "duration", "parts": q}


def b_set(toks: list[Tok], m: re.Match[str], g: Group) -> Frame | None:
    if g("u"):
        unit = g("u")[0].val
        return {"kind": "set", "unit": unit} if unit in ("day", "week", "month", "year") else None
    return {"kind": "set", "period": g("s")[0].val}


def b_first_weekday_of(toks: list[Tok], m: re.Match[str], g: Group) -> Frame | None:
    n = g("n")[0]
    unit = g("u")[0]
    if unit.val != "day" or n.sym != "O" or n.val > 5:
        return None
    # "أول يوم جمعة من يوليو"; without "من ..." the ordinal belongs to the noun before it
    # ("الجولة الثانية يوم الأحد").
    if m.end() >= len(toks) or toks[m.end()].sym not in "fi":
        return None
    return {"kind": "nthwd", "weekday": g("wd")[0].val, "n": n.val}


# Rules of the first round: (name, pattern over symbols, builder, label).
RULES1: list[tuple[str, str, Builder, str]] = [
    ("ordinal_day", r"(?P<t>t)?(?P<d>[ON])", b_ordinal_day, "DATE"),
    ("decade_word", r"(?P<y>N)", b_decade_word, "DATE"),
    ("day_month", rf"(?P<wd>U?W,?)?(?P<d>{_DAY})f?(?P<m>{_MON}),?(?:[fi]?U?(?P<y>{_YEAR})g?)?(?P<mod>[LXT])?", b_day_month, "DATE"),
    ("month_day", rf"(?P<wd>U?W,?)?(?P<m>{_MON})(?P<d>{_DAY}),?(?:f?U?(?P<y>{_YEAR})g?)?", b_day_month, "DATE"),
    ("month_year", rf"(?P<u>U)?(?P<m>{_MON})[fi,]?U?(?P<y>{_YEAR})g?", b_month_year, "DATE"),
    ("month_mod", rf"(?P<u>U)?(?P<m>{_MON})(?P<mod>[LXT])", b_month_mod, "DATE"),
    ("month_bare", rf"(?P<ctx>U)?(?P<m>{_MON})", b_month_bare, "DATE"),
    ("numeric3", r"D([/\-.])D\1D", b_numeric, "DATE"),
    ("numeric2", r"D[/\-.]D(?![%M])", b_numeric, "DATE"),
    ("day_range_month", rf"(?P<a>D)[/\-](?P<d>D)(?P<m>{_MON}),?(?:[fi]?U?(?P<y>{_YEAR})g?)?(?P<mod>[LXT])?", b_day_range_month, "RANGE"),
    ("year", r"(?P<u>U)(?P<y>[DN])(?P<h>h)?g?", b_year, "DATE"),
    ("year_hijri", r"(?P<y>D)(?P<h>h)", b_year, "DATE"),
    ("year_ctx", r"(?<=[iftsp])(?P<y>[DN])", b_year_ctx, "DATE"),
    ("reldate", r"(?P<k>k)?(?P<r>R),?(?P<wd>W)?", b_reldate, "DATE"),
    ("weekday", r"(?P<k>k)?(?P<u>U)?(?P<wd>W)(?P<mod>[LXZz])?", b_weekday, "DATE"),
    ("weekday_day", r"(?P<u>U)?(?P<wd>W)(?P<d>D)", b_weekday_day, "DATE"),
    ("nth_weekday", r"(?P<u>U)?(?P<wd>W)(?P<n>O)", b_nth_weekday, "DATE"),
    ("first_weekday_of", r"(?P<n>O)(?P<u>U)(?P<wd>W)", b_first_weekday_of, "DATE"),
    ("year_range", r"(?<=[bfts])(?P<u>U)?(?P<a>D)(?:&|&?t|-)(?P<b>D)", b_year_range, "RANGE"),
    ("month_of_year", rf"(?P<m>{_MON})[fi](?P<pre>T)?(?P<u>U)(?P<mod>[LXTZz])?", b_month_of_year, "DATE"),
    ("month_pair_of_year", rf"(?P<m>{_MON})(?P<m2>{_MON})[fi](?P<pre>T)?(?P<u>U)(?P<mod>[LXTZz])?", b_month_pair_of_year, "RANGE"),
    ("nth_week_of_month", rf"(?P<u>U)(?P<n>[OL])[fi](?P<m>{_MON})", b_nth_week_of_month, "DATE"),
    ("period", r"(?P<pre>T)?(?P<u>U)(?P<mod>[LXTZz])?", b_period, "DATE"),
    ("this_weekday", r"(?P<pre>T)U?(?P<wd>W)", b_this_weekday, "DATE"),
    ("part_of_current", r"(?P<p>p)(?P<u>U)(?![LXTZz])", b_part_of_current, "DATE"),
    ("period_weekday", r"(?P<pre>T)?(?P<u>U)(?P<mod>[LXTZz])?U?(?P<wd>W)", b_period_weekday, "DATE"),
    ("weekday_of_period", r"U?(?P<wd>W)f(?P<pre>T)?(?P<u>U)(?P<mod>[LXTZz])?", b_period_weekday, "DATE"),
    ("ago", r"(?P<dir>[asA])~?(?P<q>(?:[DN]?[UP]|Q)(?:&?(?:[DN]?[UP]|Q))*)(?P<n>n|fR)?", b_ago, "DATE"),
    ("ago_now", r"(?P<q>(?:[DN]?[UP]|Q)(?:&?(?:[DN]?[UP]|Q))*)(?P<n>n)", b_ago, "DATE"),
    ("span", r"(?P<n1>[DN])?(?P<u>[PQU])(?P<n2>[DN])?F?(?P<mod>[LX])", b_span, "RANGE"),
    ("decade", r"(?P<u>U)?(?P<c>C)(?P<cent>f?U(?:[NOD]|[LTX]))?", b_decade, "DATE"),
    ("century", r"(?P<u>U)(?P<n>[ONDN])", b_century, "DATE"),
    ("rest", r"r(?P<pre>T)?(?P<u>U)(?P<mod>[TL])?", b_rest, "RANGE"),
    ("weekend", r"E(?P<mod>[TLXZz])?", b_weekend, "RANGE"),
    ("season", r"(?P<pre>T)?(?P<s>S)(?P<mod>[LXT])?(?:U?(?P<y>[DN]))?", b_season, "DATE"),
    ("hijri", rf"(?:(?P<d>{_DAY})f?)?(?P<u>U)?(?P<m>H)(?:,?f?U?(?P<y>[DN]))?h?(?P<mod>[LXT])?", b_hijri, "DATE"),
    ("time", r"o(?P<h>[DNO])(?::(?P<mi>D))?(?P<k>k)?", b_time, "TIME"),
    ("duration", r"[dw]~?(?P<q>(?:[DN]?[UP]|Q)(?:&?(?:[DN]?[UP]|Q))*)", b_duration, "DURATION"),
    ("set", r"(?P<s>\$)|c(?P<u>U)", b_set, "SET"),
]
_COMPILED1 = [(name, re.compile(p), b, label) for name, p, b, label in RULES1]


def _run_rules(toks: list[Tok], syms: str, rules: list[tuple[str, re.Pattern[str], Builder, str]],
               make: Callable[..., Mention | None]) -> list[Mention]:
    """Longest match at each position, left to right; a builder may refuse its match."""
    out: list[Mention] = []
    pos = 0
    while pos < len(syms):
        if syms[pos] in "_?":
            pos += 1
            continue
        best: tuple[int, Mention] | None = None
        for _name, pattern, builder, label in rules:
            m = pattern.match(syms, pos)
            if not m or m.end() <= (best[0] if best else pos):
                continue
            mention = make(m, builder, label)
            if mention is not None and mention.tok_end > (best[0] if best else pos):
                best = (mention.tok_end, mention)
        if best:
            out.append(best[1])
            pos = best[0]
        else:
            pos += 1
    return out


def _symbols(toks: list[Tok]) -> str:
    return "".join(t.sym for t in toks)


# Symbols without which a sentence holds no time expression: sentences with none of them are
# skipped before tokenising, which is most of the cost.
TRIGGERS = frozenset("DMHWRUPQSCNO$E")
_TRIGGER_WORD_RE = re.compile(r"[^\W\d_]+|\d")


@lru_cache(maxsize=200_000)
def _is_trigger(word: str) -> bool:
    return word.isdigit() or _classify(word)[0] in TRIGGERS


@lru_cache(maxsize=1)
def _trigger_bigrams() -> frozenset[tuple[str, str]]:
    """First two words of the phrases whose symbol is a trigger ("بعد غد", "ذي القعدة")."""
    return frozenset(k[:2] for k, (cat, _) in lexicon().phrases.items() if SYMBOLS[cat] in TRIGGERS)


def _has_trigger(text: str) -> bool:
    words = _TRIGGER_WORD_RE.findall(fold(text))
    if any(_is_trigger(w) for w in words):
        return True
    bigrams = _trigger_bigrams()
    return any((stem, b) in bigrams for a, b in zip(words, words[1:], strict=False) for stem, _ in _variants(a))


def tag(text: str) -> list[Mention]:
    """Find the temporal expressions of a raw text, sentence by sentence.

    RETURNS (list): mentions with raw offsets.
    """
    mentions: list[Mention] = []
    for start, end in split_sentences(text):
        chunk = text[start:end]
        if not _has_trigger(chunk):
            continue
        for m in _tag_sentence(chunk):
            m.start += start
            m.end += start
            mentions.append(m)
    return mentions


def _tag_sentence(text: str) -> list[Mention]:
    toks = tokenise(text)
    syms = _symbols(toks)
    first = _run_rules(toks, syms, _COMPILED1, _maker(toks))
    mentions = _combine(toks, first)
    for mention in mentions:
        mention.future = _is_future(toks, mention.tok_start)
    return mentions


def _maker(toks: list[Tok]) -> Callable:
    def make(m: re.Match[str], builder: Builder, label: str) -> Mention | None:
        def group(name: str) -> list[Tok]:
            try:
                s, e = m.start(name), m.end(name)
            except IndexError:
                return []
            return toks[s:e] if s >= 0 else []

        frame = builder(toks, m, group)
        if frame is None:
            return None
        # A builder may keep only the first tokens of its match ("5 يناير 3 قتلى").
        start, end = m.start(), frame.pop("_end", m.end())
        # Leading prepositions and connectors are context, not part of the expression.
        while start < end - 1 and toks[start].sym in "iftsbwa," and frame["kind"] not in ("ago", "duration"):
            start += 1
        while end > start + 1 and toks[end - 1].sym in ",&":
            end -= 1
        first = toks[start]
        # "والأسبوع قبل الماضي": the conjunction is not part of the expression.
        offset = 1 if first.conj and first.word[:1] in ("و", "ف") else 0
        return Mention(first.start + offset, toks[end - 1].end, start, end, frame, label)

    return make


# ---------------------------------------------------------------- second round


def _combine(toks: list[Tok], mentions: list[Mention]) -> list[Mention]:
    """Join first-round mentions into ranges, parts of periods and days of a named month."""
    if not mentions and not any(t.sym in "qj" for t in toks):
        return mentions
    # Symbol string where each mention is "#", with a map back to the mention.
    syms: list[str] = []
    items: list[Tok | Mention] = []
    by_tok = {m.tok_start: m for m in mentions}
    i = 0
    while i < len(toks):
        if i in by_tok:
            m = by_tok[i]
            syms.append("#")
            items.append(m)
            i = m.tok_end
        else:
            syms.append(toks[i].sym)
            items.append(toks[i])
            i += 1
    syms, items = _apply(syms, items, _RULES_PARTS)
    if any(c in "bftsD" for c in syms):
        syms, items = _apply(syms, items, _RULES_RANGES)
    return [x for x in items if isinstance(x, Mention)]


def _apply(syms: list[str], items: list[Tok | Mention],
           rules: list[tuple[re.Pattern[str], Callable[..., Mention | None]]]) -> tuple[list[str], list[Tok | Mention]]:
    """One round of combination rules over the symbol list; combined items become "#"."""
    s = "".join(syms)
    out: list = []
    pos = 0
    while pos < len(s):
        if s[pos] in "_?":
            out.append(items[pos])
            pos += 1
            continue
        combined = None
        for pattern, fn in rules:
            m = pattern.match(s, pos)
            if m:
                combined = fn(m, items)
                if combined:
                    break
        if combined:
            out.append(combined)
            pos = m.end()
            continue
        out.append(items[pos])
        pos += 1
    return ["#" if isinstance(x, Mention) else x.sym for x in out], out


def _period_like(frame: dict[str, Any]) -> bool:
    return frame["kind"] in ("period", "season", "decade") or (
        frame["kind"] == "abs" and "day" not in frame and not frame.get("hijri"))


def _wrap(parts: list[Tok | Mention], frame: Frame, label: str, subs: list[Mention]) -> Mention:
    """A mention from the first to the last of parts (tokens or mentions)."""
    first, last = parts[0], parts[-1]
    tok_start = first.tok_start if isinstance(first, Mention) else first.idx
    tok_end = last.tok_end if isinstance(last, Mention) else last.idx + 1
    return Mention(first.start, last.end, tok_start, tok_end, frame, label, parts=subs)


def r_range(m: re.Match[str], items: list[Tok | Mention]) -> Mention | None:
    a, b = items[m.start("a")], items[m.end("b") - 1]
    fb = b.frame
    fa = a.frame if isinstance(a, Mention) else None
    if isinstance(a, Tok):
        # A bare day number: "من 4 إلى 23 الشهر المقبل", "بين 3 و 12 سبتمبر".
        if not _day_ok(a.val) or not (fb["kind"] == "abs" and "day" in fb or fb.get("kind") == "dayof"):
            return None
        fa = {"kind": "dayof", "day": a.val}
    if fa["kind"] in ("duration", "set", "time", "ago", "span") or fb["kind"] in ("duration", "set", "time", "span"):
        return None
    ctx = items[m.start("ctx")] if m.groupdict().get("ctx") else None
    frame: dict[str, Any] = {"kind": "range", "a": fa, "b": fb}
    if ctx is not None:
        if ctx.frame["kind"] != "period" or ctx.frame["unit"] != "week" or fa["kind"] != "weekday" or fb["kind"] != "weekday":
            return None
        off = ctx.frame["offset"]
        frame = {"kind": "range", "a": {**fa, "week_offset": off}, "b": {**fb, "week_offset": off}}
    start_item = items[m.start()] if ctx is not None else (a if isinstance(a, Mention) else items[m.start("a")])
    subs = [x for x in (ctx, a, b) if isinstance(x, Mention)]
    return _wrap([start_item, b], frame, "RANGE", subs)


def r_day_of(m: re.Match[str], items: list[Tok | Mention]) -> Mention | None:
    day, period = items[m.start("d")], items[m.end() - 1]
    if not _day_ok(day.val) or not _period_like(period.frame):
        return None
    if day.sym == "O" and m.end() - m.start() == 2:
        return None  # "المرحلة الثانية الشهر المقبل": an ordinal names a day only with من
    pf = period.frame
    if not ((pf["kind"] == "period" and pf["unit"] == "month") or (pf["kind"] == "abs" and "month" in pf and "day" not in pf)):
        return None
    return _wrap([day, period], {"kind": "dayof", "day": day.val, "of": pf}, "DATE", [period])


def r_part(m: re.Match[str], items: list[Tok | Mention]) -> Mention | None:
    word, target = items[m.start()], items[m.end() - 1]
    if not _period_like(target.frame) and target.frame["kind"] not in ("weekend",):
        return None
    if word.sym == "O" and word.stem != "اول":
        return None
    part = {"p": word.val, "l": "later", "e": "earlier", "O": "early"}[word.sym]
    if target.frame["kind"] == "weekend":
        return None
    return _wrap([word, target], {"kind": "part", "part": part, "of": target.frame}, "RANGE", [target])


def r_nth_week(m: re.Match[str], items: list[Tok | Mention]) -> Mention | None:
    unit, nth, target = items[m.start()], items[m.start() + 1], items[m.end() - 1]
    if unit.val != "week" or not _period_like(target.frame):
        return None
    n = -1 if nth.sym == "L" else nth.val
    if nth.sym == "O" and not 1 <= n <= 5:
        return None
    return _wrap([unit, target], {"kind": "nthweek", "n": n, "of": target.frame}, "DATE", [target])


def r_quarter(m: re.Match[str], items: list[Tok | Mention]) -> Mention | None:
    """"الربع الثالث من عام 2016", "النصف الأول من العام"; alone, of the current year."""
    q, nth, target = items[m.start()], items[m.start() + 1], items[m.end() - 1]
    if isinstance(target, Tok):
        this_year = Mention(target.start, target.end, 0, 0, {"kind": "period", "unit": "year", "offset": 0})
        frame = r_quarter_frame(q, nth, this_year)
        if frame is None:
            return None
        return Mention(q.start, nth.end, q.idx, nth.idx + 1, frame, "RANGE")
    frame = r_quarter_frame(q, nth, target)
    if frame is None:
        return None
    return _wrap([q, target], frame, "RANGE", [target])


def r_quarter_frame(q: Tok, nth: Tok, target: Mention) -> Frame | None:
    size = 6 if q.sym == "j" else 3
    n = 12 // size if nth.sym == "L" else nth.val
    if nth.sym == "L" and not nth.stem.startswith("الاخير"):
        return None
    if not 1 <= n <= 12 // size or target.frame["kind"] not in ("abs", "period") or "month" in target.frame:
        return None
    if target.frame["kind"] == "period" and target.frame["unit"] != "year":
        return None
    return {"kind": "quarter", "n": n, "size": size, "of": target.frame}


def r_nthwd_of(m: re.Match[str], items: list[Tok | Mention]) -> Mention | None:
    head, target = items[m.start()], items[m.end() - 1]
    if head.frame["kind"] != "nthwd" or not _period_like(target.frame):
        return None
    return _wrap([head, target], {**head.frame, "of": target.frame}, "DATE", [head, target])


def r_weekday_of(m: re.Match[str], items: list[Tok | Mention]) -> Mention | None:
    """A weekday followed by a date that names it: "الاثنين 12 يناير" is handled in round one;
    "الأحد يناير الحادي والعشرين" reaches here as weekday + date."""
    head, target = items[m.start()], items[m.end() - 1]
    if head.frame["kind"] != "weekday" or "mod" in head.frame or target.frame["kind"] != "abs" or "day" not in target.frame:
        return None
    return _wrap([head, target], {**target.frame, "weekday": head.frame["weekday"]}, "DATE", [target])


# Second round: days of a named month and parts of periods, then ranges between the results.
_RULES_PARTS: list[tuple[re.Pattern[str], Callable]] = [
    (re.compile(r"(?P<d>[DNO])f?#"), r_day_of),
    (re.compile(r"[pleO][fi]?#"), r_part),
    (re.compile(r"U[OL][fi]?#"), r_nth_week),
    (re.compile(r"[qj][OL][fi]?#"), r_quarter),
    (re.compile(r"[qj][OL](?![fi#])"), r_quarter),
    (re.compile(r"#[fi]#"), r_nthwd_of),
    (re.compile(r"#,?#"), r_weekday_of),
]
_RULES_RANGES: list[tuple[re.Pattern[str], Callable]] = [
    (re.compile(r"(?P<ctx>#)?b(?P<a>#|[DNO])&?(?P<b>#)"), r_range),
    (re.compile(r"[fs](?P<a>#|[DNO])&?t(?P<b>#)"), r_range),
    (re.compile(r"(?P<a>#)&?t(?P<b>#)"), r_range),
    (re.compile(r"(?P<a>[DNO])t(?P<b>#)"), r_range),
]


def _is_future(toks: list[Tok], i: int) -> bool:
    """Is the nearest verb before token i, within the clause, a future form (سيزور، سوف)?"""
    ctx = lexicon().context
    for j in range(i - 1, max(-1, i - 8), -1):
        t = toks[j]
        if t.sym in ".?":
            break
        w = t.word
        if w in ctx["future"]:
            return True
        if t.sym == "_" and len(w) >= 4 and re.match(r"^[وف]?س[يتنا]", w):
            stem = w[1:] if w[0] in "وف" else w
            if stem not in ctx["notfuture"] and not any(stem.startswith(n) for n in ctx["notfuture"]):
                return True
    return False


# ---------------------------------------------------------------- resolution


@dataclass
class Res:
    """A resolved expression: its value, the days it covers (inclusive) and its granularity."""

    value: str
    start: date
    end: date
    granularity: str
    flags: list[str] = field(default_factory=list)


ONE_DAY = timedelta(days=1)
# The parts of a period, as fractions of it: early = first half, mid = the middle, late = second
# half (the Recognizers convention: late month from the 16th, late year from July, late week
# from Thursday).
PARTS = {"early": (0.0, 0.5), "mid": (0.3, 0.7), "late": (0.5, 1.0)}


def add_months(d: date, n: int) -> date:
    """d moved by n calendar months, the day clamped to the month's length."""
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _month_res(y: int, m: int) -> Res:
    return Res(f"{y:04d}-{m:02d}", date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]), "month")


def _year_res(y: int) -> Res:
    return Res(f"{y:04d}", date(y, 1, 1), date(y, 12, 31), "year")


def _day_res(d: date) -> Res:
    return Res(d.isoformat(), d, d, "day")


def _week_res(monday: date) -> Res:
    iso = monday.isocalendar()
    return Res(f"{iso[0]:04d}-W{iso[1]:02d}", monday, monday + 6 * ONE_DAY, "week")


def _decade_res(start_year: int) -> Res:
    return Res(f"{start_year // 10:03d}X", date(start_year, 1, 1), date(start_year + 9, 12, 31), "decade")


def _days_res(a: date, b: date) -> Res:
    return Res(f"{a.isoformat()}/{b.isoformat()}", a, b, "range")


def _shift(d: date, n: float, unit: str) -> date:
    if unit == "day":
        return d + timedelta(days=n)
    if unit == "week":
        return d + timedelta(weeks=n)
    if unit == "hour":
        return d + timedelta(days=int(n // 24))
    months = {"month": 1, "year": 12, "decade": 120, "century": 1200}[unit]
    return add_months(d, int(round(n * months)))


def resolve(frame: dict[str, Any], anchor: date | None, *, future: bool = False) -> Res | None:
    """Resolve a frame against the anchor; None when it needs an anchor and has none."""
    fn = _RESOLVERS[frame["kind"]]
    try:
        return fn(frame, anchor, future)
    except (ValueError, OverflowError):
        return None


def _abs(f: dict[str, Any], anchor: date | None, future: bool) -> Res | None:
    if f.get("hijri"):
        return _hijri(f, anchor, future)
    y, m, d = f.get("year"), f.get("month"), f.get("day")
    if y is None:
        if anchor is None:
            return None
        if m is None:
            m = anchor.month  # a bare day: the anchor's month
            y = anchor.year
        else:
            y = _pick_year(m, d, f.get("mod"), anchor, future)
    if m is None:
        return _year_res(y)
    if d is None:
        return _month_res(y, m)
    res = _day_res(date(y, m, d))
    if "weekday" in f and res.start.isoweekday() != f["weekday"]:
        if "year" not in f and "month" not in f and anchor is not None:
            # "الخميس 21": the nearest month whose 21st is a Thursday.
            for k in (0, -1, 1, -2, 2):
                cand = add_months(date(anchor.year, anchor.month, 1), k)
                try:
                    day = date(cand.year, cand.month, d)
                except ValueError:
                    continue
                if day.isoweekday() == f["weekday"]:
                    return _day_res(day)
        res.flags.append("weekday_mismatch")
    return res


def _pick_year(m: int, d: int | None, mod: int | None, anchor: date, future: bool) -> int:
    """The year of a month (and day) named without one.

    "الماضي" (or past tense): the latest one not after the anchor; the current month counts
    when its named day has passed. "المقبل" (or future tense): the first one after it.
    """
    def start(y: int) -> date:
        return date(y, m, d) if d else date(y, m, 1)

    candidates = [anchor.year - 1, anchor.year, anchor.year + 1]
    if mod == 0:
        return anchor.year
    if mod is not None and mod > 0 or (mod is None and future):
        for y in candidates:
            s = start(y)
            if (s > anchor) if d else (s > date(anchor.year, anchor.month, 1)) or (mod is None and (y, m) == (anchor.year, anchor.month)):
                return y
        return anchor.year + 1
    for y in reversed(candidates):
        if start(y) <= anchor:
            return y
    return anchor.year - 1


def _hijri(f: dict[str, Any], anchor: date | None, future: bool) -> Res | None:
    from hijridate import Gregorian, Hijri

    m, d, y = f.get("month"), f.get("day"), f.get("year")
    if y is None:
        if anchor is None:
            return None
        hy = Gregorian(anchor.year, anchor.month, anchor.day).to_hijri().year
        mod = f.get("mod")
        cands = [hy - 1, hy, hy + 1]

        def first(yy: int) -> date:
            return Hijri(yy, m or 1, d or 1).to_gregorian()

        if mod is not None and mod > 0 or (mod is None and future):
            y = next((c for c in cands if first(c) > anchor), hy + 1)
        else:
            y = next((c for c in reversed(cands) if first(c) <= anchor), hy - 1)
    if m is None:
        a = Hijri(y, 1, 1).to_gregorian()
        b = Hijri(y + 1, 1, 1).to_gregorian() - ONE_DAY
        return _days_res(a, b)
    if d is not None:
        return _day_res(Hijri(y, m, d).to_gregorian())
    a = Hijri(y, m, 1).to_gregorian()
    nm = Hijri(y + (m == 12), m % 12 + 1, 1).to_gregorian()
    return _days_res(a, nm - ONE_DAY)


def _rel(f: dict[str, Any], anchor: date | None, future: bool) -> Res | None:
    if anchor is None:
        return None
    res = _day_res(anchor + timedelta(days=f["offset_days"]))
    if "weekday" in f and res.start.isoweekday() != f["weekday"]:
        res.flags.append("weekday_mismatch")
    return res


def _weekday(f: dict[str, Any], anchor: date | None, future: bool) -> Res | None:
    if anchor is None:
        return None
    wd = f["weekday"]
    if "week_offset" in f:
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=f["week_offset"])
        return _day_res(monday + timedelta(days=wd - 1))
    mod = f.get("mod")
    back = (anchor.isoweekday() - wd) % 7
    if mod is not None and mod < 0:
        back = back or 7  # "الأحد الماضي" said on a Sunday is a week ago
        return _day_res(anchor - timedelta(days=back + 7 * (-mod - 1)))
    ahead = (wd - anchor.isoweekday()) % 7
    if mod is not None and mod > 0:
        return _day_res(anchor + timedelta(days=(ahead or 7) + 7 * (mod - 1)))
    if future:
        return _day_res(anchor + timedelta(days=ahead))
    return _day_res(anchor - timedelta(days=back))


def _nthwd(f: dict[str, Any], anchor: date | None, future: bool) -> Res | None:
    of = resolve(f["of"], anchor, future=future) if "of" in f else (
        _month_res(anchor.year, anchor.month) if anchor else None)
    if of is None:
        return None
    first = of.start
    day = first + timedelta(days=(f["weekday"] - first.isoweekday()) % 7 + 7 * (f["n"] - 1))
    return _day_res(day)


def _period(f: dict[str, Any], anchor: date | None, future: bool) -> Res | None:
    if anchor is None:
        return None
    unit, off = f["unit"], f["offset"]
    if unit == "week":
        return _week_res(anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=off))
    if unit == "month":
        d = add_months(date(anchor.year, anchor.month, 1), off)
        return _month_res(d.year, d.month)
    if unit == "year":
        return _year_res(anchor.year + off)
    if unit == "decade":
        return _decade_res((anchor.year // 10 + off) * 10)
    c = anchor.year // 100 + off
    return Res(f"{c:02d}", date(c * 100, 1, 1), date(c * 100 + 99, 12, 31), "century")


def _ago(f: dict[str, Any], anchor: date | None, future: bool) -> Res | None:
    if anchor is None:
        return None
    sign = f["sign"]
    if f.get("tense"):
        sign = 1 if future else -1
    d = anchor
    for n, unit in f["parts"]:
        d = _shift(d, sign * n, unit)
    res = _day_res(d)
    if f.get("approximate"):
        res.flags.append("approximate")
    return res


def _span(f: dict[str, Any], anchor: date | None, future: bool) -> Res | None:
    if anchor is None:
        return None
    n, unit = f["n"], f["unit"]
    if unit == "decade":
        current = anchor.year // 10 * 10
        if f["dir"] < 0:
            a, b = _decade_res(current - 10 * n), _decade_res(current - 10)
        else:
            a, b = _decade_res(current + 10), _decade_res(current + 10 * n)
        return Res(f"{a.value}/{b.value}", a.start, b.end, "range")
    if f["dir"] < 0:
        res = _days_res(_shift(anchor, -n, unit), anchor)
    else:
        start = anchor + ONE_DAY
        res = _days_res(start, _shift(start, n, unit) - ONE_DAY)
    if f.get("approximate"):
        res.flags.append("approximate")
    return res


def _decade(f: dict[str, Any], anchor: date | None, future: bool) -> Res | None:
    dec = f["decade"]
    if "century" in f:
        return _decade_res(f["century"] * 100 + dec)
    if anchor is None:
        return None
    century = anchor.year // 100 + f.get("century_offset", 0)
    start = century * 100 + dec
    if "century_offset" not in f and start > anchor.year:
        start -= 100
    return _decade_res(start)


def _century(f: dict[str, Any], anchor: date | None, future: bool) -> Res | None:
    c = f["century"]
    return Res(f"{c:02d}", date(max(c * 100, 1), 1, 1), date(c * 100 + 99, 12, 31), "century")


def _part(f: dict[str, Any], anchor: date | None, future: bool) -> Res | None:
    of = resolve(f["of"], anchor, future=future)
    if of is None:
        return None
    part = f["part"]
    if part == "rest":
        if anchor is None:
            return None
        return _days_res(max(anchor, of.start), of.end)
    if part in ("later", "earlier"):
        if anchor is None or not of.start <= anchor <= of.end:
            return of
        if part == "earlier":
            return _days_res(of.start, max(of.start, anchor - ONE_DAY))
        late = _part_range(of, "late")
        return _days_res(max(late.start, anchor + ONE_DAY), of.end)
    return _part_range(of, part)


def _part_range(of: Res, part: str) -> Res:
    lo, hi = PARTS[part]
    if of.granularity == "year":
        y = of.start.year
        a, b = 1 + int(round(12 * lo)), int(round(12 * hi))
        return Res(f"{y:04d}-{a:02d}/{y:04d}-{b:02d}", date(y, a, 1), _month_res(y, b).end, "range")
    if of.granularity == "decade":
        y = of.start.year
        a, b = y + int(round(10 * lo)), y + int(round(10 * hi)) - 1
        return Res(f"{a:04d}/{b:04d}", date(a, 1, 1), date(b, 12, 31), "range")
    days = (of.end - of.start).days + 1
    if of.granularity == "month":
        # Early month: 1-15, mid: 10-20, late: 16-end.
        bounds = {"early": (1, 15), "mid": (10, 20), "late": (16, days)}[part]
        return _days_res(of.start + timedelta(days=bounds[0] - 1), of.start + timedelta(days=bounds[1] - 1))
    if of.granularity == "week":
        bounds = {"early": (0, 2), "mid": (1, 3), "late": (3, 6)}[part]
        return _days_res(of.start + timedelta(days=bounds[0]), of.start + timedelta(days=bounds[1]))
    a = of.start + timedelta(days=int(days * lo))
    b = of.start + timedelta(days=max(int(days * hi) - 1, int(days * lo)))
    return _days_res(a, b)


def _weekend(f: dict[str, Any], anchor: date | None, future: bool) -> Res | None:
    if anchor is None:
        return None
    saturday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=f["offset"], days=5)
    return _days_res(saturday, saturday + ONE_DAY)


def _nthweek(f: dict[str, Any], anchor: date | None, future: bool) -> Res | None:
    of = resolve(f["of"], anchor, future=future)
    if of is None:
        return None
    n = f["n"]
    if of.granularity == "year":
        y = of.start.year
        if n < 0:
            return _week_res(date.fromisocalendar(y, date(y, 12, 28).isocalendar()[1], 1))
        return _week_res(date.fromisocalendar(y, n, 1))
    if n < 0:
        # The last week of a month is the last Monday-to-Sunday week that ends inside it.
        last_sunday = of.end - timedelta(days=(of.end.weekday() + 1) % 7)
        return _week_res(last_sunday - timedelta(days=6))
    first_monday = of.start + timedelta(days=(7 - of.start.weekday()) % 7)
    return _week_res(first_monday + timedelta(weeks=n - 1))


def _quarter(f: dict[str, Any], anchor: date | None, future: bool) -> Res | None:
    of = resolve(f["of"], anchor, future=future)
    if of is None:
        return None
    y, n, size = of.start.year, f["n"], f.get("size", 3)
    a, b = size * (n - 1) + 1, size * n
    return Res(f"{y:04d}-{a:02d}/{y:04d}-{b:02d}", date(y, a, 1), _month_res(y, b).end, "range")


def _monthof(f: dict[str, Any], anchor: date | None, future: bool) -> Res | None:
    of = resolve(f["of"], anchor, future=future)
    if of is None:
        return None
    return _month_res(of.start.year, f["month"])


def _dayof(f: dict[str, Any], anchor: date | None, future: bool) -> Res | None:
    of = resolve(f["of"], anchor, future=future) if "of" in f else None
    if of is None:
        return None
    return _day_res(date(of.start.year, of.start.month, f["day"]))


def _range(f: dict[str, Any], anchor: date | None, future: bool) -> Res | None:
    b = resolve(f["b"], anchor, future=future)
    if b is None:
        return None
    fa = f["a"]
    if fa["kind"] == "dayof" and "of" not in fa:
        a = _day_res(date(b.start.year, b.start.month, fa["day"]))
    elif fa["kind"] == "weekday" and "mod" not in fa and "week_offset" not in fa:
        # "منذ مساء الإثنين وحتى الثلاثاء": the start is the weekday on or before the end.
        back = (b.start.isoweekday() - fa["weekday"]) % 7
        a = _day_res(b.start - timedelta(days=back))
    else:
        a = resolve(fa, anchor, future=future)
        if a is None:
            return None
        if fa["kind"] == "abs" and "year" not in fa and "year" in f["b"] and a.start.year != b.start.year:
            # "من 2 إلى 7 فبراير ، 2018": the end's year carries to the start.
            a = resolve({**fa, "year": b.start.year}, anchor, future=future) or a
    if a.start > b.end and needs_anchor(f["b"]):
        # "مطلع يوليو حتى منتصف سبتمبر": the end comes after the start.
        b = resolve(f["b"], anchor, future=True) or b
    if a.start > b.end:
        return None
    return Res(f"{a.value}/{b.value}", a.start, b.end, "range", a.flags + b.flags)


def _season(f: dict[str, Any], anchor: date | None, future: bool) -> Res | None:
    return None  # seasons differ by hemisphere and convention: kept unresolved


def _time(f: dict[str, Any], anchor: date | None, future: bool) -> Res | None:
    if anchor is None:
        return None
    value = f"{anchor.isoformat()}T{f['hour'] % 24:02d}:{f['minute']:02d}"
    return Res(value, anchor, anchor, "time")


_DURATION_UNITS = {"day": "D", "week": "W", "month": "M", "year": "Y", "decade": "0Y", "century": "00Y"}


def _duration(f: dict[str, Any], anchor: date | None, future: bool) -> Res | None:
    date_part = "".join(f"{n:g}{_DURATION_UNITS[u]}" for n, u in f["parts"] if u != "hour")
    time_part = "".join(f"{n:g}H" for n, u in f["parts"] if u == "hour")
    value = "P" + date_part + (f"T{time_part}" if time_part else "")
    return Res(value, date.min, date.min, "duration")


def _set(f: dict[str, Any], anchor: date | None, future: bool) -> Res | None:
    value = f.get("period") or "P1" + _DURATION_UNITS[f["unit"]]
    return Res(value, date.min, date.min, "set")


_RESOLVERS: dict[str, Callable[[dict[str, Any], date | None, bool], Res | None]] = {
    "abs": _abs, "rel": _rel, "weekday": _weekday, "nthwd": _nthwd, "period": _period,
    "ago": _ago, "span": _span, "decade": _decade, "century": _century, "part": _part,
    "weekend": _weekend, "nthweek": _nthweek, "quarter": _quarter, "dayof": _dayof,
    "range": _range, "monthof": _monthof, "season": _season, "time": _time, "duration": _duration, "set": _set,
}


def needs_anchor(frame: dict[str, Any]) -> bool:
    """Does the frame's value depend on the anchor date?"""
    kind = frame["kind"]
    if kind == "abs":
        return "year" not in frame
    if kind == "dayof" and "of" not in frame:
        return False  # a range's bare first day takes its month from the range's end
    if kind in ("range", "part", "nthweek", "quarter", "dayof", "nthwd", "monthof"):
        subs = [frame[k] for k in ("a", "b", "of") if k in frame]
        return not subs or any(needs_anchor(s) for s in subs) or kind == "part" and frame["part"] in ("rest", "later", "earlier")
    if kind == "decade":
        return "century" not in frame
    return kind not in ("century", "duration", "set", "season")


def value_bounds(value: str | None) -> tuple[date, date] | None:
    """The first day and the day after the last day of a value (day, ISO week, month, year,
    decade 198X, or "start/end" of those); None for anything else."""
    if not value:
        return None
    if "/" in value:
        a, b = value.split("/", 1)
        ba, bb = value_bounds(a), value_bounds(b)
        return (ba[0], bb[1]) if ba and bb else None
    try:
        if len(value) == 10:
            d = date.fromisoformat(value)
            return d, d + ONE_DAY
        if "-W" in value:
            y, w = value.split("-W")
            monday = date.fromisocalendar(int(y), int(w), 1)
            return monday, monday + timedelta(weeks=1)
        if len(value) == 7 and value[4] == "-":
            d = date(int(value[:4]), int(value[5:7]), 1)
            return d, add_months(d, 1)
        if len(value) == 4 and value.isdigit():
            return date(int(value), 1, 1), date(int(value) + 1, 1, 1)
        if len(value) == 4 and value.endswith("X") and value[:3].isdigit():
            y = int(value[:3]) * 10
            return date(y, 1, 1), date(y + 10, 1, 1)
    except ValueError:
        return None
    return None
