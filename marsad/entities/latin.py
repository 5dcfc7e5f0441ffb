"""Latin names as a newspaper prints them, and the gazetteer of well-known names behind them.

Order of trust: the override table (marsad/annotate/lexicons/latin_names.tsv, facts we write
ourselves) for a whole name; CLDR country names from babel; for an organisation, its common words
translated (latin_org_words.tsv: «البنك المركزي الأوروبي» → European Central Bank) and only its
proper names romanised; the table's name parts (Sergei, Putin, bin) word by word; and
arabic-name-romanizer for whatever is left.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from marsad.entities.names import loose_key, name_key

TABLE_FILE = "latin_names.tsv"
ORG_WORDS_FILE = "latin_org_words.tsv"


@dataclass(frozen=True)
class Known:
    """One line of the override table: type, subtype (country/city/region/site or "-"), Latin."""

    type: str
    subtype: str
    latin: str


@lru_cache(maxsize=1)
def _exact() -> dict[tuple[str, str], list[Known]]:
    """(name key, type) -> entries: the table's own spellings, before the foreign-g folding."""
    names: dict[tuple[str, str], list[Known]] = {}
    text = (resources.files("marsad.annotate") / "lexicons" / TABLE_FILE).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            etype, subtype, arabic, latin = line.split("\t")
            if etype != "PART":
                names.setdefault((name_key(arabic), etype), []).append(Known(etype, subtype, latin))
    for key, english in _babel_countries().items():
        names.setdefault((key, "LOC"), []).append(Known("LOC", "country", english))
    return names


@lru_cache(maxsize=1)
def _table() -> tuple[dict[tuple[str, str], list[Known]], dict[str, str]]:
    """(loose key, type) -> entries, and loose key -> Latin for name parts."""
    names: dict[tuple[str, str], list[Known]] = {}
    parts: dict[str, str] = {}
    text = (resources.files("marsad.annotate") / "lexicons" / TABLE_FILE).read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        etype, subtype, arabic, latin = line.split("\t")
        key = loose_key(name_key(arabic))
        if etype == "PART":
            parts.setdefault(key, latin)
        else:
            names.setdefault((key, etype), []).append(Known(etype, subtype, latin))
    for key, english in _babel_countries().items():
        entries = names.setdefault((loose_key(key), "LOC"), [])
        if not any(e.subtype == "country" for e in entries):
            entries.append(Known("LOC", "country", english))
    return names, parts


@lru_cache(maxsize=1)
def _babel_countries() -> dict[str, str]:
    """Arabic CLDR country name (name key) -> English name."""
    from babel import Locale

    arabic, english = Locale("ar").territories, Locale("en").territories
    # Two-letter codes are countries; three-digit codes are world regions.
    return {name_key(arabic[code]): english[code] for code in arabic if len(code) == 2 and code in english}


def lookup(name: str, etype: str, *, loose: bool = True) -> list[Known]:
    """Override-table entries for a name of a type (several for a country/capital pair).

    loose (bool): also match spellings of a foreign g (جوجل for غوغل); with False only the
        table's own spellings (after marsad's fold) match: جازان is not قازان (Kazan).
    """
    if not loose:
        return _exact().get((name_key(name), etype), [])
    return _table()[0].get((loose_key(name_key(name)), etype), [])


@lru_cache(maxsize=1)
def gazetteer_places() -> set[str]:
    """Name keys of the countries and places we know (for office phrases and clitics)."""
    return {key for (key, etype), _ in _table()[0].items() if etype == "LOC"} | {
        loose_key(k) for k in _babel_countries()} | set(_babel_countries())


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    """Every word of every name in the table and of every country name, as loose keys."""
    words: set[str] = set()
    for key, _ in _table()[0]:
        words.update(key.split())
    words.update(_table()[1])
    return frozenset(words)


@lru_cache(maxsize=1)
def country_city_names() -> frozenset[str]:
    """Loose keys of names that are both a country and a city (الجزائر، تونس، الكويت)."""
    out = set()
    for (key, etype), entries in _table()[0].items():
        subtypes = {e.subtype for e in entries}
        if etype == "LOC" and "country" in subtypes and "city" in subtypes:
            out.add(key)
    return frozenset(out)


def is_country(name: str) -> bool:
    return any(e.subtype == "country" for e in lookup(name, "LOC"))


@lru_cache(maxsize=1)
def _org_words() -> dict[str, tuple[str, str]]:
    """Name key of a word without its article -> (class, English), from latin_org_words.tsv."""
    words: dict[str, tuple[str, str]] = {}
    text = (resources.files("marsad.annotate") / "lexicons" / ORG_WORDS_FILE).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            kind, arabic, english = line.split("\t")
            words.setdefault(name_key(arabic), (kind, english))
    return words


def _org_word(word: str) -> tuple[str, str, str]:
    """(class, English, preposition) of one word of an organisation name.

    The article is read off, «لل» and «ل» are "for" and «و» is "and"; «بجدة» is "in Jeddah" when the place is known.
    A word not in the table is a proper name: class "name" (its Latin form from the tables, else
    romanised), or "unknown" when it carries the article and no table knows it (likely a common word
    that we cannot translate).
    """
    table = _org_words()
    for conjunction in ("", "و"):
        bare = word[len(conjunction):] if word.startswith(conjunction) else ""
        for prefix, prep in (("ال", ""), ("لل", "for"), ("", ""), ("ل", "for")):
            core = bare[len(prefix):] if bare.startswith(prefix) else None
            if core and core in table:
                kind, english = table[core]
                return kind, f"and {english}" if conjunction else english, prep
    if word.startswith("ب") and len(word) > 3:
        place = lookup(word[1:], "LOC", loose=False)
        if place:
            return "name", place[0].latin, "in"
    known = lookup(word, "LOC", loose=False) or lookup(word, "ORG", loose=False)
    if known:
        return "name", known[0].latin, ""
    return ("unknown" if word.startswith(("ال", "لل", "وال")) else "name"), _romanise(word), ""


def _org_parts(name: str) -> list[tuple[str, str, str]]:
    """The words of a name classified by `_org_word`; a run of 2+ words that the tables know as one name
    (الهلال الأحمر → Red Crescent, class "known") or the word table as one phrase is taken whole, longest first."""
    keys = name_key(name).split()
    table = _org_words()
    parts: list[tuple[str, str, str]] = []
    i = 0
    while i < len(keys):
        for j in range(len(keys), i + 1, -1):
            phrase = " ".join(keys[i:j])
            known = lookup(phrase, "ORG", loose=False) or lookup(phrase, "LOC", loose=False)
            if known:
                parts.append(("known", known[0].latin, ""))
                i = j
                break
            prep = "for" if phrase.startswith("ل") and not phrase.startswith("ال") else ""
            words = table.get(phrase.removeprefix("ال").removeprefix("ل" if prep else ""))
            if words:  # a phrase of the word table: «لكرة القدم»
                parts.append((*words, prep))
                i = j
                break
        else:
            parts.append(_org_word(keys[i]))
            i += 1
    return parts


@dataclass
class _Phrase:
    """One noun of an organisation name with its adjectives (Arabic order) and preposition."""

    noun: str
    prep: str = ""
    adjectives: list[str] = field(default_factory=list)

    def english(self) -> str:
        # Adjectives stack in reverse in English (البنك المركزي الأوروبي: European Central Bank), but
        # coordinated ones keep their order (البلدية والقروية: Municipal and Rural).
        coordinated = any(a.startswith("and ") for a in self.adjectives)
        adjectives = self.adjectives if coordinated else self.adjectives[::-1]
        return " ".join([self.prep, *adjectives, self.noun]).strip()


@lru_cache(maxsize=200_000)
def translate_org(name: str) -> str | None:
    """An organisation's name in English word by word, when it opens with an institution noun.

    «وزارة الدفاع الروسية» → Russian Ministry of Defense, «حكومة الوفاق الوطني» → Government of National
    Accord, «نادي الهلال» → Al-Hilal Club, «الدفاع المدني» → Civil Defense, «الهلال الأحمر السعودي» →
    Saudi Red Crescent. RETURNS None when the name does not open with one, or holds a common word the
    table lacks (the name is then romanised whole).
    """
    parts = _org_parts(name)
    classes = {cls for cls, _, _ in parts}
    first = parts[0][0] if parts else None
    if not (first in ("head", "brand", "known") or (first == "noun" and not {"name", "unknown"} & classes)):
        return None
    if "unknown" in classes and not (first == "brand" and classes <= {"brand", "name", "unknown", "title", "nisba"}):
        return None
    head = _Phrase(parts[0][1])
    front: list[str] = []  # national adjectives: before the whole name
    rest: list[_Phrase] = []  # the nouns after the head
    place = ""
    for i, (cls, english, prep) in enumerate(parts[1:], start=1):
        after = parts[i - 1][0]
        if prep == "in":
            place = f" in {english}"
        elif cls == "nisba" and (i == len(parts) - 1 or not rest):
            front.append(english)
        elif cls in ("adj", "nisba"):
            # After a proper name the adjective agrees with the head (جامعة ... بن سعود الإسلامية).
            owner = head if not rest or after in ("name", "title", "known") else rest[-1]
            owner.adjectives.append(english)
        elif cls in ("name", "known") and after == "noun" and rest:
            rest[-1].adjectives.append(english)  # «منطقة الرياض»: Riyadh Region
        elif english.startswith("and "):
            rest.append(_Phrase(english[4:], "and"))
        else:
            rest.append(_Phrase(english, prep))
    core = " ".join([*front, head.english()])
    tail = " ".join(p.english() for p in rest)
    if first in ("brand", "known"):
        return " ".join(filter(None, [*front, tail, head.english()])) + place
    if not rest:
        return core + place
    return f"{core} {tail}{place}" if rest[0].prep == "for" else f"{core} of {tail}{place}"


@lru_cache(maxsize=1)
def _romaniser():  # noqa: ANN202
    """arabic-name-romanizer with its dictionary and rules only: its neural fallback costs ~5 ms
    a name (minutes on a large collection) and reads foreign names no better (Valerie Grassim)."""
    from arabic_name_romanizer import Transliterator

    return Transliterator(auto_load_model=False)


@lru_cache(maxsize=200_000)
def _romanise(text: str) -> str:
    return str(_romaniser().transliterate(text))


@lru_cache(maxsize=200_000)
def latin_name(name: str, etype: str, subtype: str | None = None, *, romanise: bool = True) -> str | None:
    """The Latin form of a canonical Arabic name.

    name (str): the Arabic name (titles already stripped).
    etype (str): PER, ORG, LOC or MISC.
    subtype (str | None): for LOC, "city" or "country" where the context said which.
    romanise (bool): with False, only the tables answer (fast) and None means "not known".
    RETURNS (str | None): e.g. "Barack Obama", "Vladimir Putin", "Riyadh", "Algiers".
    """
    # Foreign people's names vary in the g letters; places one letter apart are other places.
    loose = etype == "PER"
    entries = lookup(name, etype, loose=loose) or [
        e for t in ("ORG", "LOC", "PER") if t != etype for e in lookup(name, t, loose=loose)]
    if entries:
        preferred = [e for e in entries if e.subtype == subtype] or [e for e in entries if e.subtype == "country"]
        return (preferred or entries)[0].latin
    translated = translate_org(name) if etype == "ORG" else None
    if translated:
        return translated
    parts = _table()[1]
    words = name_key(name).split()
    if not romanise:
        known = [parts.get(loose_key(w)) for w in words] if etype == "PER" else [None]
        return " ".join(known) if all(known) else None
    if etype == "PER" and any(loose_key(w) in parts for w in words):
        out: list[str] = []
        pending: list[str] = []
        for word in words:
            latin = parts.get(loose_key(word))
            if latin is None:
                pending.append(word)
                continue
            if pending:
                out.append(_romanise(" ".join(pending)))
                pending = []
            out.append(latin)
        if pending:
            out.append(_romanise(" ".join(pending)))
        return " ".join(out)
    return _romanise(name)


@lru_cache(maxsize=1)
def multiword_places() -> frozenset[tuple[str, ...]]:
    """The places of several words in the override table and CLDR's countries, as tuples of name-key words
    ("اديس ابابا", "جنوب افريقيا"): what the entity annotator completes when the tagger cuts one."""
    return frozenset(tuple(key.split()) for key, etype in _exact() if etype == "LOC" and " " in key)
