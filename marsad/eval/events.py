"""Scoring the event annotator: sentence-level detection of PLOVER types.

A case is one sentence with the PLOVER types of the events it reports as having happened
(negated, hypothetical and future events are not labelled). A line of the JSONL file is either
{"id", "text", "labels"} or a reference into SaudiNewsNet that the text is read from at run
time: {"id", "zip", "index", "sentence": [start, end], "labels", "split"} (tests/data/events_gold.jsonl;
split "dev" is for tuning, "test" is held out; dev holds the first 252 sentences and five rounds of 80-100
sentences from other days, each scored once with the rules of its time before any rule was tuned on it).

The sentence alone becomes a Document; every registered annotator before the event annotator
runs on it (a layer whose model is missing is left out), then the event annotator. A type is
predicted for the sentence when an event of that type is found that is neither negated nor
hypothetical, with a confidence of at least marsad.annotate.event_model.DETECTION_CONFIDENCE. Per type: precision, recall,
F1 and support (gold sentences with the type); micro averages over all types.
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import Any

from marsad.annotate.event_lexicon import PLOVER_TYPES
from marsad.annotate.event_model import detected
from marsad.document import EVENTS, Document, document_id
from marsad.errors import MarsadError
from marsad.eval import read_jsonl
from marsad.text import fold


def read_cases(path: Path, *, split: str | None = None) -> list[dict[str, Any]]:
    """The cases of a JSONL gold file, texts resolved; E402 when the file (or SaudiNewsNet) is missing.

    split (str | None): keep only cases of this split ("dev" or "test"); cases without one count as "dev".
    """
    cases = []
    for case in read_jsonl(path, check=check_case):
        if split is not None and case.get("split", "dev") != split:
            continue
        if "text" not in case:
            from marsad.eval.claims import load_article

            start, end = case["sentence"]
            case = {**case, "text": load_article(case["zip"], case["index"])["content"][start:end]}
        cases.append(case)
    return cases


def check_case(case: dict[str, Any]) -> None:
    """Raise ValueError when a gold line lacks labels or text, or names an unknown type."""
    if "labels" not in case or not ("text" in case or {"zip", "index", "sentence"} <= case.keys()):
        raise ValueError("needs labels and text, or zip, index and sentence")
    unknown = [t for t in case["labels"] if t not in PLOVER_TYPES]
    if unknown:
        raise ValueError(f"unknown type {unknown[0]}")


def layers_before_events() -> list[Any]:
    """The registered annotators that run before the event annotator, in order."""
    from marsad.annotate import ANNOTATORS

    out = []
    for annotator in ANNOTATORS:
        if annotator.name == EVENTS:
            break
        out.append(annotator)
    return out


def sentence_document(text: str, annotators: list[Any]) -> Document:
    """One sentence as a Document with the layers of the annotators given (a layer whose model is not
    installed is left out: the event annotator guards for a missing layer)."""
    doc = Document(id=document_id(fold(text)), text=text)
    for annotator in annotators:
        try:
            doc.layers[annotator.name] = annotator.func(doc)
        except MarsadError:
            continue
    return doc


def detect(text: str, *, annotators: list[Any] | None = None) -> set[str]:
    """The PLOVER types of the events a sentence reports as real.

    text (str): one sentence.
    annotators (list | None): annotators to run first (default: the registered ones before events).
    RETURNS (set): PLOVER type names.
    """
    from marsad.annotate.events import annotate_events

    doc = sentence_document(text, annotators if annotators is not None else layers_before_events())
    return {s.label for s in annotate_events(doc) if detected(s)}


def annotator_version() -> str:
    """The version of the event annotator as it runs now: the rules, and the learned model the flag chooses
    ($MARSAD_EVENT_MODEL) when it is installed."""
    from marsad.annotate.event_model import model_kind, shipped_model
    from marsad.annotate.events import MODEL_VERSIONS, RULES_VERSION

    return RULES_VERSION + ("+" + MODEL_VERSIONS[model_kind()] if shipped_model() is not None else "")


def score(cases: list[dict[str, Any]]) -> dict[str, Any]:
    """Per-type and micro precision/recall/F1 of sentence-level detection over cases with text and labels."""
    annotators = layers_before_events()
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    errors = []
    started = time.perf_counter()
    for case in cases:
        gold = set(case["labels"])
        found = detect(case["text"], annotators=annotators)
        for t in found & gold:
            tp[t] += 1
        for t in found - gold:
            fp[t] += 1
        for t in gold - found:
            fn[t] += 1
        if found != gold:
            errors.append({"id": case.get("id"), "gold": sorted(gold), "found": sorted(found)})
    per_type = {t: _prf(tp[t], fp[t], fn[t]) for t in PLOVER_TYPES if tp[t] + fp[t] + fn[t]}
    elapsed = time.perf_counter() - started
    return {"annotator": annotator_version(),
            "per_type": per_type, "micro": _prf(sum(tp.values()), sum(fp.values()), sum(fn.values())),
            "sentences": len(cases), "sentences_per_second": round(len(cases) / elapsed, 1) if elapsed else None,
            "errors": errors}


def _prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3), "support": tp + fn}


def evaluate_file(path: Path, *, split: str | None = None) -> dict[str, Any]:
    """Score the event annotator on a gold JSONL file (see the module docstring)."""
    return score(read_cases(path, split=split))
