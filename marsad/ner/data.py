"""Reading the NER training and gold sets: CoNLL-style BIO files, tag mapping, the dev split.

Three sets feed training (see ../shared/data/README.md): ANERcorp (our label scheme, the
primary set), NewsFANE Gold (45 fine types, clitic-segmented tokens) and the Wojood sample
(21 types, nested columns). Each is mapped onto PER, ORG, LOC, MISC and onto the raw-word
tokenisation the annotator sees at run time.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from marsad.errors import MarsadError
from marsad.text import fold

LABELS = ("PER", "ORG", "LOC", "MISC")
Sentence = list[tuple[str, str]]

# Gold tags of other schemes that name the same thing as ours.
ALIASES = {"PERS": "PER", "PER": "PER", "PERSON": "PER", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}

# NewsFANE fine types onto ANERcorp's four (people, organisations, places; the rest MISC).
NEWSFANE_TYPES = {
    **dict.fromkeys(("Politician", "Athlete", "Artist", "Other_PER", "Religious_PER", "Scientist",
                     "Businessperson", "Lawyer", "Engineer"), "PER"),
    **dict.fromkeys(("Non-Governmental", "Government", "Media", "Sports", "Commercial", "Educational",
                     "Police", "Religious_ORG", "Medical-Science", "Entertainment"), "ORG"),
    **dict.fromkeys(("Nation", "Population-Center", "State-or-Province", "GPE-Cluster", "Continent",
                     "County-or-District", "Water-Body", "Land", "Land-Region-Natural", "Celestial",
                     "Water", "Building-Grounds", "Airport", "Path", "Subarea-Facility"), "LOC"),
    **dict.fromkeys(("Book", "Movie", "Software", "Hardware", "Shooting", "Projectile", "Air"), "MISC"),
}

# Wojood types onto ours; NORP, DATE, EVENT and the others have no ANERcorp counterpart and stay O.
WOJOOD_TYPES = {"PERS": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}

# NewsFANE splits clitics off (ATB style); the annotator sees whole words, so we glue them back.
_PROCLITICS = {"و", "ف", "ب", "ل", "ك", "س", "ال"}
_ENCLITICS = {"ه", "ها", "هم", "هما", "هن", "نا", "ي", "كم", "كما", "ني"}


def read_conll(path: Path, *, type_map: dict[str, str] | None = None) -> list[Sentence]:
    """Read `token TAG` or `token<TAB>TAG` lines, blank line between sentences.

    path (Path): the file.
    type_map (dict | None): gold type -> our label; types not in it become O. None: ALIASES.
    RETURNS (list): sentences of (token, BIO tag) with our labels and repaired BIO.
    """
    if not path.is_file():
        raise MarsadError("E402", path=path, detail="no such file")
    type_map = ALIASES if type_map is None else type_map
    sentences: list[Sentence] = []
    current: Sentence = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            parts = line.rstrip("\n").replace("\t", " ").split()
            if not parts:
                if current:
                    sentences.append(repair_bio(current))
                    current = []
                continue
            if len(parts) < 2:
                raise MarsadError("E401", path=path, line=number, detail="expected a token and a tag")
            token = parts[0].replace("\u200e", "").replace("\u200f", "")
            current.append((token, _map_tag(parts[1], type_map)))
    if current:
        sentences.append(repair_bio(current))
    return sentences


def _map_tag(tag: str, type_map: dict[str, str]) -> str:
    if tag == "O" or "-" not in tag:
        return "O"
    prefix, kind = tag.split("-", 1)
    label = type_map.get(kind)
    return f"{prefix}-{label}" if label and prefix in ("B", "I") else "O"


def repair_bio(sentence: Sentence) -> Sentence:
    """An I- tag that does not continue an entity of its type starts one (B-)."""
    out: Sentence = []
    previous = "O"
    for token, tag in sentence:
        if tag.startswith("I-") and previous[2:] != tag[2:]:
            tag = "B-" + tag[2:]
        out.append((token, tag))
        previous = tag
    return out


def merge_clitics(sentence: Sentence) -> Sentence:
    """Glue ATB-style clitic tokens (و + الصادرات, كتاب + ه) back onto their word."""
    out: Sentence = []
    pending = ""
    for token, tag in sentence:
        if token in _PROCLITICS:
            pending += token
            continue
        if token in _ENCLITICS and out and not pending and out[-1][0][-1:].isalpha():
            out[-1] = (out[-1][0] + token, out[-1][1])
            continue
        out.append((pending + token, tag))
        pending = ""
    if pending:
        out.append((pending, "O"))
    return repair_bio(out)


def shingles(sentence: Sentence, size: int = 20) -> set[str]:
    """Character shingles of a sentence's folded text without spaces (tokenisation-blind)."""
    text = fold("".join(token for token, _ in sentence))
    return {text[i : i + size] for i in range(0, max(1, len(text) - size + 1), 4)}


def novel_sentences(sentences: Iterable[Sentence], known: Iterable[Sentence], *, max_overlap: float = 0.2) -> list[Sentence]:
    """The sentences that share (almost) no text with the known ones.

    max_overlap (float): share of a sentence's shingles allowed in the known text; 0.2 lets a
        common phrase through but catches the same sentence cut or tokenised differently.
    """
    seen: set[str] = set()
    for sentence in known:
        text = fold("".join(token for token, _ in sentence))
        seen.update(text[i : i + 20] for i in range(max(1, len(text) - 19)))
    out = []
    for sentence in sentences:
        grams = shingles(sentence)
        if grams and sum(g in seen for g in grams) / len(grams) <= max_overlap:
            out.append(sentence)
    return out


# The dev split: blocks of consecutive sentences (several articles each), every tenth block.
DEV_BLOCK = 100
DEV_EVERY = 10


def is_dev(index: int) -> bool:
    """Whether the ANERcorp-train sentence at this position belongs to the dev split."""
    return (index // DEV_BLOCK) % DEV_EVERY == DEV_EVERY - 1


def split_dev(sentences: list[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    """Split ANERcorp-train into (train, dev) by blocks of DEV_BLOCK sentences, one in DEV_EVERY."""
    train, dev = [], []
    for i, sentence in enumerate(sentences):
        (dev if is_dev(i) else train).append(sentence)
    return train, dev
