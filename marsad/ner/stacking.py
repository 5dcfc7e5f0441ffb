"""Stacked features: what a second tagger, trained on a differently typed corpus, says about each word.

NewsFANE Gold labels the same kind of newswire with 45 fine types (a Nation, a Population-Center,
Government, Media, Sports clubs, Groups such as nationalities ...). Mapped onto ANERcorp's four
types it hurt as training data (its conventions differ), so it is used here through an auxiliary
CRF trained on its own classes (coarsened to AUX_CLASSES): for each word the main CRF sees the
auxiliary tag, its confidence bucket, and the tags of the words on either side, and learns how
far each of them agrees with ANERcorp's conventions.

NewsFANE shares text with ANERcorp-train, so the auxiliary tags a training sentence gets must come
from an auxiliary model that never saw that sentence: the ANERcorp sentences are dealt into
folds of blocks (AUX_FOLDS, AUX_FOLD_BLOCK, by their position in the file), and each fold is
tagged by an auxiliary model trained without the NewsFANE sentences that share text with it
(`jackknife_groups`). At run time the auxiliary model is trained on all of NewsFANE.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pycrfsuite

from marsad.ner.data import Sentence, merge_clitics, read_conll, shingles
from marsad.ner.features import (
    Resources,
    load_gazetteer,
    mark_names,
    name_gazetteer,
    save_gazetteer,
    sentence_features,
)
from marsad.registry import Progress
from marsad.text import fold

# NewsFANE's fine types grouped into the classes the auxiliary tagger learns: kinds of place and
# organisation that ANERcorp treats differently (a nation may be ORG there, a city rarely is;
# a sports club named after its city is ORG; nationalities and groups are no entity at all).
# Types with fewer than ~100 examples share a class with their nearest kin.
AUX_CLASSES = {
    **dict.fromkeys(("Politician", "Athlete", "Artist", "Other_PER", "Religious_PER", "Scientist",
                     "Businessperson", "Lawyer", "Engineer"), "PER"),
    "Nation": "NAT",
    **dict.fromkeys(("Population-Center", "State-or-Province", "County-or-District"), "CITY"),
    **dict.fromkeys(("GPE-Cluster", "Continent", "Water-Body", "Land", "Land-Region-Natural", "Celestial",
                     "Water"), "REGION"),
    **dict.fromkeys(("Government", "Police"), "GOV"),
    **dict.fromkeys(("Non-Governmental", "Religious_ORG"), "NGO"),
    "Sports": "SPORT",
    "Media": "MEDIA",
    **dict.fromkeys(("Commercial", "Educational", "Medical-Science", "Entertainment"), "COM"),
    "Group": "GROUP",
    **dict.fromkeys(("Building-Grounds", "Airport", "Path", "Subarea-Facility"), "FAC"),
    **dict.fromkeys(("Book", "Movie", "Software", "Hardware", "Air", "Projectile", "Shooting", "Food", "Drug",
                     "Plant"), "WORK"),
}

# The auxiliary CRF: the main model's settings, fewer iterations (it only has to be roughly right,
# and it is trained AUX_FOLDS + 1 times per experiment).
AUX_PARAMS = {"c1": 0.05, "c2": 0.05, "max_iterations": 100, "feature.possible_transitions": True}

# Jackknife: blocks of 50 ANERcorp sentences (a few articles, so an article stays in one fold)
# dealt round 5 folds by position in the file.
AUX_FOLDS = 5
AUX_FOLD_BLOCK = 50
# A NewsFANE sentence is left out of a fold's auxiliary model when this share of its text
# (20-letter shingles) occurs in the fold: low, because leaving out too much costs little while a
# leaked sentence teaches the main CRF to trust the auxiliary tags more than it should.
MAX_SHARED = 0.1

# Marginal buckets of the auxiliary tag: sure, fairly sure, unsure.
BUCKETS = ((0.9, "hi"), (0.6, "mid"), (0.0, "lo"))


# The Wojood sample's types (its outer layer) that name something; DATE, numbers and the like
# are left out.
WOJOOD_CLASSES = {"PERS": "PER", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "LOC", "NORP": "NORP",
                  "OCC": "OCC", "EVENT": "EVENT"}

# The corpora an auxiliary tagger can learn from: name -> files under the shared data folder.
SOURCES = {"newsfane": (("ner", "newsfane-gold-fine.tsv"),),
           "wojood": (("ner", "wojood-sample-train.txt"), ("ner", "wojood-sample-val.txt"))}


def read_source(name: str, data_dir: Path) -> list[Sentence]:
    """The sentences of a SOURCES corpus with its auxiliary classes (NewsFANE's clitics glued back)."""
    out: list[Sentence] = []
    for parts in SOURCES[name]:
        path = data_dir.joinpath(*parts)
        if name == "newsfane":
            out += [merge_clitics(s) for s in read_conll(path, type_map=AUX_CLASSES)]
        else:
            out += read_conll(path, type_map=WOJOOD_CLASSES)
    return out


def aux_fold(index: int) -> int:
    """The jackknife fold of the ANERcorp sentence at this position of the file."""
    return (index // AUX_FOLD_BLOCK) % AUX_FOLDS


def sharing(aux: list[Sentence], anercorp: list[Sentence]) -> list[list[frozenset[int]]]:
    """Per auxiliary sentence, per shingle of its text, the ANERcorp sentences holding that shingle."""
    holders: dict[str, set[int]] = {}
    for i, sentence in enumerate(anercorp):
        text = fold("".join(w for w, _ in sentence))
        for j in range(max(1, len(text) - 19)):
            holders.setdefault(text[j : j + 20], set()).add(i)
    frozen = {key: frozenset(value) for key, value in holders.items()}
    empty: frozenset[int] = frozenset()
    return [[frozen.get(g, empty) for g in shingles(s)] for s in aux]


def disjoint(shared: list[list[frozenset[int]]], members: Callable[[int], bool]) -> list[int]:
    """Indices of the auxiliary sentences that share less than MAX_SHARED of their text with
    the ANERcorp sentences for which members(index) holds."""
    out = []
    for k, grams in enumerate(shared):
        hits = sum(any(members(i) for i in holders) for holders in grams)
        if not grams or hits / len(grams) < MAX_SHARED:
            out.append(k)
    return out


class AuxTagger:
    """A trained auxiliary CRF that turns a sentence's features into stacked features."""

    FILE = "aux.model"

    def __init__(self, path: Path) -> None:
        self.crf = pycrfsuite.Tagger()
        self.crf.open(str(path))

    @staticmethod
    def train(sentences: list[Sentence], resources: Resources, path: Path, *,
              progress: Progress | None = None) -> None:
        """Train the auxiliary CRF on sentences with auxiliary classes and write it to path."""
        progress = progress or Progress()
        trainer = pycrfsuite.Trainer(verbose=False)
        progress.start("auxiliary features", len(sentences))
        for sentence in sentences:
            trainer.append(sentence_features([w for w, _ in sentence], resources, gazetteer={}),
                           [t for _, t in sentence])
            progress.advance()
        progress.finish()
        trainer.set_params(AUX_PARAMS)
        trainer.train(str(path))

    def stacked(self, words: list[str], features: list[list[str]]) -> list[list[str]]:
        """The stacked features of a sentence's tokens, from their base features (unknown ones,
        such as the training-name gazetteer's, are ignored by the auxiliary model).

        RETURNS (list): per token, its auxiliary tag with and without its confidence bucket,
            its class, and the tags of the words on either side.
        """
        tags = self.crf.tag(features)
        out: list[list[str]] = []
        for i, tag in enumerate(tags):
            feats = [f"ax={tag}"]
            if tag != "O":
                p = self.crf.marginal(tag, i)
                bucket = next(name for floor, name in BUCKETS if p >= floor)
                feats += [f"axb={tag}|{bucket}", f"axc={tag[2:]}"]
            feats.append(f"ax-1={tags[i - 1] if i else '^'}")
            feats.append(f"ax+1={tags[i + 1] if i + 1 < len(tags) else '$'}")
            out.append(feats)
        return out


class AuxGazetteer:
    """The auxiliary corpus's names with their classes, marked in a sentence as stacked features."""

    FILE = "aux-gazetteer.tsv"

    def __init__(self, path: Path) -> None:
        self.names = load_gazetteer(path)

    @staticmethod
    def train(sentences: list[Sentence], resources: Resources, path: Path, *,
              progress: Progress | None = None) -> None:
        """Write the names of sentences with auxiliary classes (see features.name_gazetteer)."""
        save_gazetteer(name_gazetteer(sentences), path)

    def stacked(self, words: list[str], features: list[list[str]]) -> list[list[str]]:
        """Per token, the auxiliary names it is part of (`ng=B-class` ..., `ng+1=` before one)."""
        out: list[list[str]] = [[] for _ in words]
        mark_names(words, self.names, out, prefix="ng")
        return out


# How the auxiliary corpus feeds the CRF: its tagger's output, or its names as a typed gazetteer.
STACKERS: dict[str, type[AuxTagger] | type[AuxGazetteer]] = {"tagger": AuxTagger, "gazetteer": AuxGazetteer}
STACKER_FILES = tuple(kind.FILE for kind in STACKERS.values())


def load_stacker(folder: Path) -> AuxTagger | AuxGazetteer | None:
    """The stacker a model folder holds (its file, see STACKERS), or None."""
    for kind in STACKERS.values():
        if (folder / kind.FILE).exists():
            return kind(folder / kind.FILE)
    return None


def train_without(method: str, aux: list[Sentence], shared: list[list[frozenset[int]]],
                  members: Callable[[int], bool], resources: Resources, path: Path, *,
                  progress: Progress | None = None) -> None:
    """Train a STACKERS[method] on the auxiliary sentences that share no text with the ANERcorp
    sentences for which members(index) holds (see `disjoint`)."""
    STACKERS[method].train([aux[k] for k in disjoint(shared, members)], resources, path, progress=progress)


def jackknife(method: str, aux: list[Sentence], anercorp: list[Sentence], resources: Resources, work: Path, *,
              progress: Progress | None = None) -> list[list[list[str]]]:
    """Stacked features for every ANERcorp sentence, each from a stacker trained without the
    auxiliary sentences that share text with the sentence's fold (see `aux_fold`).

    method (str): a STACKERS key.
    work (Path): folder for the fold stackers (fold<k>-<file>).
    RETURNS (list): per ANERcorp sentence, per token, its stacked features.
    """
    shared = sharing(aux, anercorp)
    kind = STACKERS[method]
    out: list[list[list[str]]] = [[] for _ in anercorp]
    for k in range(AUX_FOLDS):
        path = work / f"fold{k}-{kind.FILE}"
        train_without(method, aux, shared, lambda i, k=k: aux_fold(i) == k, resources, path, progress=progress)
        stacker = kind(path)
        for i, sentence in enumerate(anercorp):
            if aux_fold(i) == k:
                words = [w for w, _ in sentence]
                out[i] = stacker.stacked(words, sentence_features(words, resources, gazetteer={}))
    return out
