"""The alias-pair test set (tests/data/alias_pairs.jsonl) and how the merge decision is scored.

Each pair is two mentions: in two documents (or one, with "same_doc"), each document also naming
the pair's "context" (plus "context_a" / "context_b"), and a title or office before a mention
where "role_a" / "role_b" say so. The resolve pass runs on that small collection; the pair is
predicted "same" when both mentions end up in one entity.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from marsad.corpus.resolve import run as run_resolve
from marsad.document import ENTITIES, Document, Span, document_id
from marsad.registry import Progress
from marsad.store import Store
from marsad.store import entities as db
from marsad.text import fold

PAIRS = Path(__file__).resolve().parent / "data" / "alias_pairs.jsonl"


def load_pairs(path: Path = PAIRS) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _document(parts: list[tuple[str, str | None]]) -> tuple[str, list[Span], list[tuple[int, int]]]:
    """Text from (words, label) parts; RETURNS text, spans and the offsets of the labelled parts."""
    text, spans, where = "", [], []
    for words, label in parts:
        if text:
            text += " "
        if label is not None:
            spans.append(Span(len(text), len(text) + len(words), label, {"score": 1.0}))
            where.append((len(text), len(text) + len(words)))
        text += words
    return text, spans, where


def _context(names: list[str]) -> list[tuple[str, str | None]]:
    parts: list[tuple[str, str | None]] = []
    for item in names:
        label, name = item.split(":", 1)
        parts += [("وتحدث أيضا عن", None), (name, label), ("،", None)]
    return parts


def predict(pair: dict[str, Any]) -> bool:
    """Whether the resolve pass puts the pair's two mentions in one entity."""
    sides = []
    for side in ("a", "b"):
        parts: list[tuple[str, str | None]] = [("قالت المصادر إن", None)]
        if pair.get(f"role_{side}"):
            parts.append((pair[f"role_{side}"], None))
        parts.append((pair[side], pair["type"]))
        parts.append(("تحدث اليوم .", None))
        parts += _context(pair.get("context", []) + pair.get(f"context_{side}", []))
        sides.append(parts)
    documents = [sides[0] + sides[1]] if pair.get("same_doc") else sides
    store = Store(":memory:")
    try:
        placed: list[tuple[str, tuple[int, int]]] = []
        for n, parts in enumerate(documents):
            text, spans, where = _document(parts)
            text += f"\n({n})"  # distinct ids for documents with the same words
            doc = Document(id=document_id(fold(text)), text=text)
            store.add_documents([doc])
            store.save_layer(doc.id, ENTITIES, "hand.v1", spans)
            placed += [(doc.id, w) for w in where]
        run_resolve(store, Progress())
        # The pair's mentions are the first labelled part of each side.
        if pair.get("same_doc"):
            first_b = 1 + len(pair.get("context", []) + pair.get("context_a", []))
            a, b = placed[0], placed[first_b]
        else:
            a = placed[0]
            b = placed[1 + len(pair.get("context", []) + pair.get("context_a", []))]
        ea = db.entity_at(store, a[0], *a[1])
        eb = db.entity_at(store, b[0], *b[1])
        return ea is not None and ea == eb
    finally:
        store.close()


def score_pairs(pairs: list[dict[str, Any]]) -> dict[str, Any]:
    """Precision and recall of the merge decision, with the pairs it got wrong."""
    tp = fp = fn = tn = 0
    wrong = []
    for pair in pairs:
        said = predict(pair)
        if said and pair["same"]:
            tp += 1
        elif said:
            fp += 1
        elif pair["same"]:
            fn += 1
        else:
            tn += 1
        if said != pair["same"]:
            wrong.append(f"{pair['a']} / {pair['b']} ({'same' if pair['same'] else 'different'})")
    return {"pairs": len(pairs), "same": tp + fn, "different": fp + tn,
            "precision": round(tp / (tp + fp), 3) if tp + fp else 0.0,
            "recall": round(tp / (tp + fn), 3) if tp + fn else 0.0,
            "true_pos": tp, "false_pos": fp, "false_neg": fn, "true_neg": tn, "wrong": wrong}
