"""The CRF tagger: training with python-crfsuite, and tagging words with per-entity scores."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite

from marsad.ner.data import Sentence
from marsad.ner.features import (
    GAZETTEER_FILE,
    Resources,
    core,
    load_resources,
    name_gazetteer,
    save_gazetteer,
    sentence_features,
)
from marsad.ner.stacking import load_stacker
from marsad.registry import Progress

MODEL_FILE = "crf.model"
# Jackknifed name gazetteer (see features.GAZETTEER_FILE): blocks of 50 sentences (a few
# articles, so one article's repeats stay in one fold) dealt round 5 folds.
FOLDS = 5
FOLD_BLOCK = 50

# Spreading a name to its untagged repeats in the same document (see document_mentions): only
# names the tagger is fairly sure of, and not one- or two-letter remnants; a spread mention's
# score is discounted because no tagger decision backs it. Chosen on the dev split.
PROPAGATE_MIN_SCORE = 0.6
PROPAGATE_MIN_CHARS = 3
PROPAGATED_DISCOUNT = 0.8

# L-BFGS with elastic net. c1 (L1) prunes rare features so the model file stays small;
# c1 picked on the dev split among 0.02, 0.05 and 0.1 (F1 within 0.015 of each other) at c2 0.01;
# then c2 (L2) among 0.01, 0.05, 0.1 and 0.3 at c1 0.05: dev F1 0.783, 0.802, 0.794, 0.779;
# c1 0.02 / 0.1 at c2 0.05: 0.783 / 0.798.
DEFAULT_PARAMS = {"c1": 0.05, "c2": 0.05, "max_iterations": 250, "feature.possible_transitions": True}


def train_crf(sentences: list[Sentence], resources: Resources, path: Path, *,
              params: dict | None = None, stacked: list[list[list[str]]] | None = None,
              progress: Progress | None = None) -> None:
    """Train a CRF on BIO-tagged sentences and write it to path, and their names to gazetteer.tsv beside it.

    sentences (list): (token, tag) sentences.
    resources (Resources): clusters and word lists the features read.
    path (Path): the model file to write.
    params (dict | None): crfsuite parameters over DEFAULT_PARAMS.
    stacked (list | None): per sentence, per token, stacked features to add (see
        marsad.ner.stacking; jackknifed by the caller); None: none.
    """
    progress = progress or Progress()
    trainer = pycrfsuite.Trainer(verbose=False)
    progress.start("features", len(sentences))
    fold_of = [(i // FOLD_BLOCK) % FOLDS for i in range(len(sentences))]
    for fold in range(FOLDS):
        others = name_gazetteer([s for s, f in zip(sentences, fold_of, strict=True) if f != fold])
        for k, (sentence, f) in enumerate(zip(sentences, fold_of, strict=True)):
            if f == fold:
                features = sentence_features([w for w, _ in sentence], resources, gazetteer=others)
                if stacked is not None:
                    for token_features, more in zip(features, stacked[k], strict=True):
                        token_features.extend(more)
                trainer.append(features, [t for _, t in sentence])
                progress.advance()
    progress.finish()
    trainer.set_params({**DEFAULT_PARAMS, **(params or {})})
    trainer.train(str(path))
    save_gazetteer(name_gazetteer(sentences), path.parent / GAZETTEER_FILE)


@dataclass(frozen=True)
class Mention:
    """An entity found among a sentence's words: [start, end) word indices, label, score."""

    start: int
    end: int
    label: str
    score: float


class Tagger:
    """A trained CRF plus the resources its features read, and the stacker whose output it reads
    when the folder has one (see marsad.ner.stacking); one per process."""

    def __init__(self, folder: Path) -> None:
        self.resources = load_resources(folder)
        self.crf = pycrfsuite.Tagger()
        self.crf.open(str(folder / MODEL_FILE))
        self.stacker = load_stacker(folder)

    def features(self, words: list[str]) -> list[list[str]]:
        """The CRF's feature lists for one sentence's words, stacked features included."""
        features = sentence_features(words, self.resources)
        if self.stacker is not None:
            for token_features, more in zip(features, self.stacker.stacked(words, features), strict=True):
                token_features.extend(more)
        return features

    def tag(self, words: list[str]) -> list[str]:
        """BIO tags of one sentence's words."""
        if not words:
            return []
        return self.crf.tag(self.features(words))

    def mentions(self, words: list[str]) -> list[Mention]:
        """The entities of one sentence, each scored by the lowest marginal of its tags."""
        tags = self.tag(words)
        out = []
        for start, end, label in spans_of(tags):
            score = min(self.crf.marginal(tags[i], i) for i in range(start, end))
            out.append(Mention(start, end, label, round(score, 4)))
        return out

    def document_mentions(self, sentences: list[list[str]]) -> list[list[Mention]]:
        """The entities of a document's sentences (see `spread_names`)."""
        return spread_names(sentences, [self.mentions(words) for words in sentences])


def spread_names(sentences: list[list[str]], found: list[list[Mention]]) -> list[list[Mention]]:
    """Spread the names found in a document to their repeats that the tagger left untagged.

    A news article names someone in full once and then again and again; the tagger may miss
    a repeat in a weaker context. A name tagged with score >= PROPAGATE_MIN_SCORE is looked
    for, by its words' cores, wherever every word of it is untagged.
    sentences (list): each sentence's words.
    found (list): the tagger's mentions per sentence; extended in place and returned.
    """
    cores = [[core(w) for w in words] for words in sentences]
    memory: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    scores: dict[tuple[str, ...], list[float]] = defaultdict(list)
    for sentence_cores, mentions in zip(cores, found, strict=True):
        for m in mentions:
            key = tuple(sentence_cores[m.start : m.end])
            if m.score >= PROPAGATE_MIN_SCORE and len("".join(key)) >= PROPAGATE_MIN_CHARS:
                memory[key][m.label] += 1
                scores[key].append(m.score)
    if not memory:
        return found
    longest = max(map(len, memory))
    for sentence_cores, mentions in zip(cores, found, strict=True):
        taken = [False] * len(sentence_cores)
        for m in mentions:
            taken[m.start : m.end] = [True] * (m.end - m.start)
        i = 0
        while i < len(sentence_cores):
            for size in range(min(longest, len(sentence_cores) - i), 0, -1):
                key = tuple(sentence_cores[i : i + size])
                if key in memory and not any(taken[i : i + size]):
                    label, votes = memory[key].most_common(1)[0]
                    score = votes / sum(memory[key].values()) * sum(scores[key]) / len(scores[key])
                    mentions.append(Mention(i, i + size, label, round(score * PROPAGATED_DISCOUNT, 4)))
                    i += size - 1
                    break
            i += 1
        mentions.sort(key=lambda m: m.start)
    return found


def spans_of(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) of the entities in a BIO sequence; a stray I- starts an entity."""
    spans: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        kind = tag[2:]
        if tag.startswith("I-") and kind == label and start >= 0:
            continue
        if start >= 0:
            spans.append((start, i, label))
            start, label = -1, ""
        if tag != "O":
            start, label = i, kind
    return spans
