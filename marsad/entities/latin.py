"""Latin names as a newspaper prints them, and the gazetteer of well-known names behind them.

Order of trust: the override table (marsad/annotate/lexicons/latin_names.tsv, facts we write
ourselves) for a whole name; CLDR country names from babel; the table's name parts (Sergei,
Putin, bin) word by word; and arabic-name-romanizer for whatever is left.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from marsad.entities.names import loose_key, name_key

TABLE_FILE = "latin_names.tsv"


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
