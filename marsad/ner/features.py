"""Token features for the CRF tagger.

Each word gets, once per process (cached), a bundle of features: its folded form, its core
(the word without the clitics و ف ب ل ك س ال, as Farasa segments it), affixes, shape, its
distributional clusters from SaudiNewsNet, gazetteer hits (Farasa's place and person lists,
babel's country names) and trigger-list hits (titles, organisation heads, place words). A
token's feature list is its own bundle plus a smaller bundle from each neighbour within two
words, so a name unseen in training is still known by its cluster and its context.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from marsad.paths import PACKAGE_DIR, model_path
from marsad.text import fold

LEXICONS = PACKAGE_DIR / "annotate" / "lexicons"
_PROCLITICS = ("و", "ف", "ب", "ل", "ك", "س", "ال", "لل")
_ARTICLE = "ال"
WINDOW = 2


def _read_list(name: str) -> list[str]:
    lines = (LEXICONS / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def _farasa():  # noqa: ANN202
    # Farasa loads ~35 MB of tables on import: only when the tagger first needs it.
    from farasa import segmentation

    return segmentation


SEGMENTS_FILE = "segments.tsv"


@lru_cache(maxsize=1)
def _segment_table() -> dict[str, tuple[str, str, str]]:
    """Farasa's answers for the frequent news words, shipped with the model (Farasa costs ~0.4 ms
    a word, a third of the tagger's time on fresh text); empty when the file is absent."""
    path = model_path("ner", SEGMENTS_FILE)
    if not path.exists():
        return {}
    table = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            word, prefixes, stem, suffixes = line.rstrip("\n").split("\t")
            table[word] = (prefixes, stem, suffixes)
    return table


@lru_cache(maxsize=300_000)
def segment(word: str) -> tuple[str, str, str]:
    """Farasa's segmentation of one word as (prefixes, stem, suffixes), each folded."""
    return _segment_table().get(word) or farasa_segment(word)


def farasa_segment(word: str) -> tuple[str, str, str]:
    """`segment` computed by Farasa itself (what the shipped table holds for frequent words)."""
    if not word[:1].isalpha() or not ("\u0621" <= word[0] <= "\u064a"):
        return "", fold(word).lower(), ""
    # Farasa may return nothing (a word of marks only) or several pieces (its own tokeniser).
    parts = [fold(p) for p in "+".join(_farasa().segmentLine(word)).split("+") if p]
    if not parts:
        return "", fold(word), ""
    stem_at = 0
    while stem_at < len(parts) - 1 and parts[stem_at] in _PROCLITICS:
        stem_at += 1
    prefixes = "+".join(parts[:stem_at])
    # The longest remaining part is the stem; what follows it are suffixes.
    rest = parts[stem_at:]
    longest = max(range(len(rest)), key=lambda i: len(rest[i]))
    return prefixes, "".join(rest[: longest + 1]), "+".join(rest[longest + 1 :])


def core(word: str) -> str:
    """The folded word without its proclitics: "وبموسكو" -> "موسكو", "والمشير" -> "مشير"."""
    prefixes, stem, suffixes = segment(word)
    return stem + suffixes.replace("+", "")


class Resources:
    """What the features look up: clusters and word lists, loaded once.

    clusters (dict): cluster key -> ids per granularity (see marsad.ner.clusters).
    gazetteer (dict | None): names from the training data (see `name_gazetteer`).
    """

    def __init__(self, clusters: dict[str, tuple[int, ...]], *,
                 gazetteer: dict[tuple[str, ...], str] | None = None) -> None:
        self.clusters = clusters
        self.gazetteer = gazetteer or {}
        self.person_triggers = {core(w) for w in _read_list("ner_person_triggers.txt")}
        self.org_heads = {core(w) for w in _read_list("ner_org_heads.txt")}
        self.place_triggers = {core(w) for w in _read_list("ner_place_triggers.txt")}
        seg = _farasa()
        self.gaz_place = {fold(w) for w in seg.hmLocations}
        self.gaz_person = {fold(w) for w in seg.hmPeople}
        self.countries, self.country_parts = _country_names()
        self.bundle = lru_cache(maxsize=300_000)(self._bundle)

    def _bundle(self, word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(own features, neighbour features) of one word, without position prefixes."""
        f = fold(word).lower()
        prefixes, stem, suffixes = segment(word)
        c = stem + suffixes.replace("+", "")
        own = [f"w={f}", f"c={c}", f"st={stem}", f"pre={prefixes}", f"suf={suffixes}",
               f"p2={f[:2]}", f"p3={f[:3]}", f"s2={f[-2:]}", f"s3={f[-3:]}", f"sc2={c[-2:]}",
               f"shape={_shape(f)}", f"len={min(len(c), 8)}"]
        ctx = [f"w={f}", f"c={c}", f"shape={_shape(f)}"]
        if prefixes.endswith(_ARTICLE) or prefixes.endswith("لل"):
            own.append("al")
            ctx.append("al")
        ids = self.clusters.get(f) or self.clusters.get(c) or self.clusters.get(_ARTICLE + c)
        if ids:
            for level, cid in enumerate(ids):
                own.append(f"k{level}={cid}")
                ctx.append(f"k{level}={cid}")
        else:
            own.append("k=none")
            ctx.append("k=none")
        for name, table in (("gp", self.gaz_place), ("gh", self.gaz_person), ("gc", self.countries)):
            if c in table or f in table:
                own.append(name)
                ctx.append(name)
        if c in self.country_parts:
            own.append("gcp")
        for name, table in (("tp", self.person_triggers), ("to", self.org_heads), ("tl", self.place_triggers)):
            if c in table:
                own.append(name)
                ctx.append(name)
        return tuple(own), tuple(ctx)


def _shape(word: str) -> str:
    if word.isdigit():
        return "d"
    if all(ch.isalpha() and ch.isascii() for ch in word):
        return "L" if word[:1].isupper() else "l"
    if word[:1].isalpha():
        return "a"
    return "p"


@lru_cache(maxsize=1)
def _country_names() -> tuple[frozenset[str], frozenset[str]]:
    """babel's Arabic territory names: whole one-word names, and the words of longer ones."""
    from babel import Locale

    whole, parts = set(), set()
    for name in Locale("ar").territories.values():
        words = [core(w) for w in name.split()]
        if len(words) == 1:
            whole.add(words[0])
        else:
            parts.update(w for w in words if len(w) > 2)
    return frozenset(whole), frozenset(parts)


def sentence_features(words: list[str], resources: Resources, *,
                      gazetteer: dict[tuple[str, ...], str] | None = None) -> list[list[str]]:
    """The CRF feature lists of one sentence's tokens.

    gazetteer (dict | None): names from the training data to mark (see `name_gazetteer`);
        None: the resources' own (the one shipped with the model).
    """
    bundles = [resources.bundle(w) for w in words]
    n = len(words)
    out: list[list[str]] = []
    for i in range(n):
        feats = ["b"] + list(bundles[i][0])
        for offset in range(-WINDOW, WINDOW + 1):
            j = i + offset
            if offset == 0:
                continue
            if 0 <= j < n:
                feats.extend(f"{offset}{x}" for x in bundles[j][1])
            elif j == -1 or j == n:
                feats.append(f"{offset}edge")
        if i > 0:
            feats.append(f"bg-={bundles[i - 1][1][1]}|{bundles[i][1][1]}")
        if i + 1 < n:
            feats.append(f"bg+={bundles[i][1][1]}|{bundles[i + 1][1][1]}")
        out.append(feats)
    mark_names(words, resources.gazetteer if gazetteer is None else gazetteer, out)
    return out


# Names from the training data: a name of at least 3 letters, up to 6 words, matched on the
# words' cores, longest first. During training each block of sentences is marked with the names
# of the other blocks only (see model.train_crf), so the CRF learns how far to trust a name it
# has met before, as it will meet one at run time. Dev: F1 0.783 with, 0.778 without (recall
# 0.770 against 0.746).
GAZETTEER_FILE = "gazetteer.tsv"
GAZETTEER_MIN_CHARS = 3
GAZETTEER_LONGEST = 6


def name_gazetteer(sentences: list[list[tuple[str, str]]]) -> dict[tuple[str, ...], str]:
    """The names tagged in BIO sentences, by their words' cores, each with its commonest label."""
    from collections import Counter, defaultdict

    from marsad.ner.model import spans_of

    seen: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for sentence in sentences:
        words = [w for w, _ in sentence]
        for start, end, label in spans_of([t for _, t in sentence]):
            seen[tuple(core(w) for w in words[start:end])][label] += 1
    return {key: labels.most_common(1)[0][0] for key, labels in seen.items()
            if len("".join(key)) >= GAZETTEER_MIN_CHARS and len(key) <= GAZETTEER_LONGEST}


def mark_names(words: list[str], gazetteer: dict[tuple[str, ...], str], out: list[list[str]], *,
                prefix: str = "tg") -> None:
    """Add to out, per word, the gazetteer names it is part of (features `<prefix>=B-label` ...)."""
    if not gazetteer:
        return
    cores = [core(w) for w in words]
    i = 0
    while i < len(words):
        for size in range(min(GAZETTEER_LONGEST, len(words) - i), 0, -1):
            label = gazetteer.get(tuple(cores[i : i + size]))
            if label:
                out[i].append(f"{prefix}=B-{label}")
                for j in range(i + 1, i + size):
                    out[j].append(f"{prefix}=I-{label}")
                if i > 0:
                    out[i - 1].append(f"{prefix}+1=B-{label}")
                i += size - 1
                break
        i += 1


def save_gazetteer(gazetteer: dict[tuple[str, ...], str], path: Path) -> None:
    """Write a name gazetteer as TSV: label, then the name's cores separated by spaces."""
    path.write_text("".join(f"{label}\t{' '.join(key)}\n" for key, label in sorted(gazetteer.items())),
                    encoding="utf-8")


def load_gazetteer(path: Path) -> dict[tuple[str, ...], str]:
    """Read a gazetteer written by save_gazetteer ({} when the file is absent)."""
    if not path.exists():
        return {}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        label, name = line.split("\t")
        out[tuple(name.split(" "))] = label
    return out


def build_segment_table(words: list[str], path: Path) -> None:
    """Write Farasa's segmentation of words (word, prefixes, stem, suffixes per line)."""
    with path.open("w", encoding="utf-8") as fh:
        for word in words:
            fh.write(word + "\t" + "\t".join(farasa_segment(word)) + "\n")


def load_resources(folder: Path) -> Resources:
    """Resources for a model folder holding clusters.tsv (and gazetteer.tsv, when trained)."""
    from marsad.ner.clusters import load_clusters

    return Resources(load_clusters(folder / "clusters.tsv"), gazetteer=load_gazetteer(folder / GAZETTEER_FILE))
