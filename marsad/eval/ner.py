"""Entity-level scoring of the NER tagger against CoNLL-style gold, as conlleval counts it.

An entity counts as found only when its span and its type are both exact. Gold tags PERS/PER,
LOC, ORG and MISC map onto ours; other types are ignored (read as O).
"""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path
from typing import Any

from marsad.eval import prf
from marsad.ner.data import Sentence, read_conll
from marsad.ner.model import Tagger, spans_of


def score_spans(gold: list[list[str]], predicted: list[list[str]]) -> dict[str, Any]:
    """Micro and per-type precision, recall and F1 of predicted BIO tags against gold.

    gold (list): one BIO tag list per sentence.
    predicted (list): the same shape.
    RETURNS (dict): precision, recall, f1, per_type {label: {precision, recall, f1, gold, predicted}}.
    """
    tp: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    for g, p in zip(gold, predicted, strict=True):
        gs, ps = set(spans_of(g)), set(spans_of(p))
        for span in gs:
            n_gold[span[2]] += 1
        for span in ps:
            n_pred[span[2]] += 1
            if span in gs:
                tp[span[2]] += 1
    per_type = {label: prf(tp[label], n_gold[label], n_pred[label]) for label in sorted(n_gold | n_pred)}
    return {**prf(sum(tp.values()), sum(n_gold.values()), sum(n_pred.values())), "per_type": per_type}


# Gold files carry no article boundaries; this many consecutive sentences stand in for the
# article the annotator would see (ANERcorp articles run ~25 sentences).
CONTEXT_SENTENCES = 20


def evaluate_sentences(tagger: Tagger, sentences: list[Sentence], *, documents: bool = True) -> dict[str, Any]:
    """Tag gold sentences (their own tokens) and score them; adds tokens_per_second and tokens.

    documents (bool): tag runs of CONTEXT_SENTENCES sentences together as the annotator tags an
        article (names spread to their repeats); False tags each sentence alone.
    """
    start = time.perf_counter()
    predicted: list[list[str]] = []
    step = CONTEXT_SENTENCES if documents else 1
    for i in range(0, len(sentences), step):
        chunk = [[w for w, _ in s] for s in sentences[i : i + step]]
        for words, mentions in zip(chunk, tagger.document_mentions(chunk), strict=True):
            tags = ["O"] * len(words)
            for m in mentions:
                tags[m.start : m.end] = [f"B-{m.label}"] + [f"I-{m.label}"] * (m.end - m.start - 1)
            predicted.append(tags)
    elapsed = time.perf_counter() - start
    tokens = sum(len(s) for s in sentences)
    result = score_spans([[t for _, t in s] for s in sentences], predicted)
    result["tokens"] = tokens
    result["tokens_per_second"] = round(tokens / elapsed) if elapsed else 0
    return result


def evaluate_file(path: Path, *, tagger: Tagger) -> dict[str, Any]:
    """Score the tagger on a CoNLL-style gold file (see `read_conll`)."""
    return evaluate_sentences(tagger, read_conll(path))
