"""Scoring the claims annotator against gold claims in SaudiNewsNet articles.

The gold file (tests/data/claims_gold.jsonl) holds references, not text: one JSON object per
claim with the article (`zip` day and `index` in that day's array, plus its `url`), the raw
offsets of the claim's `sentence` and `cue_span` in the article's `content`, the `source` as
written, its `source_type`, the `stance`, and the `split` ("dev" for tuning, "test" held out).
The article text is read at run time from ../shared/data/news/saudinewsnet.

A gold claim is found when a predicted claim's cue overlaps the gold cue. Scores:
- found: the share of gold claims whose cue was found;
- source_type accuracy on found claims, and strict accuracy (a missed claim counts as wrong);
- per-type precision/recall/F1 and macro-F1 over the gold types, strict;
- stance accuracy on found claims;
- source_exact: the share of found claims whose source text is the gold one (both folded, without
  quotes, punctuation, a leading و/ل or a recipient-style ل), and source_token_f1, the mean token
  F1 of the two source texts: how well the source span is cut, not only typed.
"""

from __future__ import annotations

import json
import re
import time
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from marsad.annotate.claims import SOURCE_TYPES, STANCES, annotate_claims
from marsad.document import SENTENCES, Document, Span, document_id
from marsad.errors import MarsadError
from marsad.eval import prf, read_jsonl
from marsad.paths import shared_data
from marsad.text import fold, split_sentences

REQUIRED = ("zip", "index", "cue_span", "source_type", "stance", "split")
MISSED = "missed"
_WORD_RE = re.compile(r"\w+")


def saudinewsnet_dir() -> Path:
    return shared_data("news", "saudinewsnet")


def read_gold(path: Path) -> list[dict[str, Any]]:
    """The gold claims of a JSONL file; raises E401 on a malformed line, E402 when the file is missing."""
    return read_jsonl(path, required=REQUIRED, check=_check_claim)


def _check_claim(case: dict[str, Any]) -> None:
    if case["source_type"] not in SOURCE_TYPES or case["stance"] not in STANCES:
        raise ValueError(f"unknown type or stance {case['source_type']}/{case['stance']}")


@lru_cache(maxsize=4)
def _day(folder: Path, day: str) -> list[dict[str, Any]]:
    path = folder / f"{day}.zip"
    if not path.is_file():
        raise MarsadError("E402", path=path, detail="the SaudiNewsNet day archive is missing; it is read from ../shared/data")
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read(archive.namelist()[0]))


def load_article(day: str, index: int, *, folder: Path | None = None) -> dict[str, Any]:
    """One SaudiNewsNet article (source, url, title, content, ...) by day and index."""
    return _day(folder or saudinewsnet_dir(), day)[index]


def article_document(article: dict[str, Any]) -> Document:
    """A Document with its sentence layer, as the pipeline would give the claims annotator."""
    text = article["content"]
    doc = Document(id=document_id(fold(text)), text=text, url=article.get("url"), outlet=article.get("source"))
    doc.layers[SENTENCES] = [Span(s, e, "SENT") for s, e in split_sentences(text)]
    return doc


def evaluate(cases: Iterable[dict[str, Any]], *, folder: Path | None = None) -> dict[str, Any]:
    """Annotate every referenced article once and score the claims found against the gold cases."""
    by_article: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for case in cases:
        by_article[(case["zip"], int(case["index"]))].append(case)
    pairs: list[tuple[dict[str, Any], Span | None]] = []
    elapsed = 0.0
    for (day, index), gold in sorted(by_article.items()):
        doc = article_document(load_article(day, index, folder=folder))
        start = time.perf_counter()
        predicted = annotate_claims(doc)
        elapsed += time.perf_counter() - start
        for case in gold:
            gs, ge = case["cue_span"]
            match = next((p for p in predicted if p.attrs["cue_span"][0] < ge and gs < p.attrs["cue_span"][1]), None)
            pairs.append((case, match))
    result = score(pairs)
    result["articles"] = len(by_article)
    result["articles_per_second"] = round(len(by_article) / elapsed, 1) if elapsed else None
    return result


def score(pairs: list[tuple[dict[str, Any], Span | None]]) -> dict[str, Any]:
    """Scores of (gold case, matched predicted claim or None) pairs."""
    n = len(pairs)
    found = [(g, p) for g, p in pairs if p is not None]
    type_ok = sum(1 for g, p in found if p.attrs["source_type"] == g["source_type"])
    sourced = [(g, p) for g, p in found if g.get("source")]
    source_f1 = [_token_f1(_source_words(g["source"]), _source_words(p.attrs.get("source") or "")) for g, p in sourced]
    stance_ok = sum(1 for g, p in found if p.attrs["stance"] == g["stance"])
    confusion: Counter[tuple[str, str]] = Counter()
    for g, p in pairs:
        confusion[(g["source_type"], p.attrs["source_type"] if p else MISSED)] += 1
    per_type = {}
    for label in SOURCE_TYPES:
        tp = confusion[(label, label)]
        gold_n = sum(v for (g, _), v in confusion.items() if g == label)
        pred_n = sum(v for (_, p), v in confusion.items() if p == label)
        if gold_n or pred_n:
            per_type[label] = prf(tp, gold_n, pred_n)
    gold_types = [label for label, row in per_type.items() if row["gold"]]
    return {
        "claims": n,
        "found": round(len(found) / n, 4) if n else 0.0,
        "source_type_accuracy": round(type_ok / len(found), 4) if found else 0.0,
        "source_type_accuracy_strict": round(type_ok / n, 4) if n else 0.0,
        "source_type_macro_f1": round(sum(per_type[t]["f1"] for t in gold_types) / len(gold_types), 4) if gold_types else 0.0,
        "stance_accuracy": round(stance_ok / len(found), 4) if found else 0.0,
        "source_exact": round(sum(1 for f in source_f1 if f == 1.0) / len(source_f1), 4) if source_f1 else 0.0,
        "source_token_f1": round(sum(source_f1) / len(source_f1), 4) if source_f1 else 0.0,
        "per_type": per_type,
        "confusion": {f"{g}->{p}": v for (g, p), v in sorted(confusion.items())},
    }


def _source_words(text: str) -> list[str]:
    """The folded words of a source text, without a leading و or a fused ل (لوكالة -> وكاله)."""
    words = _WORD_RE.findall(fold(text))
    if words and len(words[0]) > 3 and words[0][0] in "ول" and not words[0].startswith("ال"):
        words[0] = words[0][1:]
    return words


def _token_f1(gold: list[str], predicted: list[str]) -> float:
    """Token F1 of two word lists (as multisets)."""
    common = sum((Counter(gold) & Counter(predicted)).values())
    if not common:
        return 0.0
    precision, recall = common / len(predicted), common / len(gold)
    return 2 * precision * recall / (precision + recall)


def evaluate_file(path: Path, *, split: str = "all", folder: Path | None = None) -> dict[str, Any]:
    """Score the annotator on the gold claims of one split ("dev", "test" or "all") of a gold file."""
    cases = [c for c in read_gold(path) if split == "all" or c["split"] == split]
    result = evaluate(cases, folder=folder)
    result["split"] = split
    return result
