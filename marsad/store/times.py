"""SQL of the time area: document dates (`doc_dates`), re-resolved times of undated documents
(`doc_times`) and outside dating evidence (`doc_date_evidence`).

`resolved_times(store, doc_id)` is what events and timelines read: the document's `times`
layer with each value resolved against the publication date, or, for an undated document,
against the date the `doc_dates` pass inferred (marked "inferred").
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from marsad.document import TIMES
from marsad.store.store import Store


def save_doc_date(store: Store, doc_id: str, *, value: str | None, granularity: str | None, inferred: bool,
                  confidence: float | None, evidence: list[dict[str, Any]]) -> None:
    """Write (replace) the date of one document."""
    store.conn.execute(
        "INSERT OR REPLACE INTO doc_dates (doc_id, date, granularity, inferred, confidence, evidence)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (doc_id, value, granularity, int(inferred), confidence, json.dumps(evidence, ensure_ascii=False)))


def doc_date(store: Store, doc_id: str) -> dict[str, Any] | None:
    """The stored date of a document: {date, granularity, inferred, confidence, evidence}, or None."""
    row = store.conn.execute(
        "SELECT date, granularity, inferred, confidence, evidence FROM doc_dates WHERE doc_id = ?",
        (doc_id,)).fetchone()
    if row is None:
        return None
    return {"date": row[0], "granularity": row[1], "inferred": bool(row[2]), "confidence": row[3],
            "evidence": json.loads(row[4])}


def save_doc_times(store: Store, doc_id: str, rows: Iterable[dict[str, Any]]) -> None:
    """Replace the re-resolved times of one undated document."""
    store.conn.execute("DELETE FROM doc_times WHERE doc_id = ?", (doc_id,))
    store.conn.executemany(
        'INSERT OR REPLACE INTO doc_times (doc_id, start, "end", label, value, granularity, flags)'
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(doc_id, r["start"], r["end"], r["label"], r["value"], r["granularity"], json.dumps(r["flags"]))
         for r in rows])


def add_date_evidence(store: Store, doc_id: str, *, kind: str, value: str, confidence: float,
                      other_doc: str | None = None, text: str | None = None) -> None:
    """Record outside evidence for the date of a document, for the next doc_dates run.

    This is the hook for the events pass: when an undated article reports an event that a
    dated article dates ("in June"), call
    `add_date_evidence(store, undated_id, kind="same_event", value="2016-06", confidence=0.5,
    other_doc=dated_id, text="في يونيو")`.
    value (str): ISO date, YYYY-MM or YYYY. confidence (float): 0..1.
    """
    # The same evidence recorded again (a pass run twice) replaces the old row, so it counts once.
    store.conn.execute(
        "DELETE FROM doc_date_evidence WHERE doc_id = ? AND kind = ? AND other_doc IS ? AND value = ?",
        (doc_id, kind, other_doc, value))
    store.conn.execute(
        "INSERT INTO doc_date_evidence (doc_id, kind, other_doc, value, confidence, text) VALUES (?, ?, ?, ?, ?, ?)",
        (doc_id, kind, other_doc, value, confidence, text))


def date_evidence(store: Store, doc_id: str) -> list[dict[str, Any]]:
    """Outside evidence recorded with `add_date_evidence`."""
    rows = store.conn.execute(
        "SELECT kind, other_doc, value, confidence, text FROM doc_date_evidence WHERE doc_id = ? ORDER BY id",
        (doc_id,)).fetchall()
    return [{"kind": r[0], "doc_id": r[1], "value": r[2], "confidence": r[3], "text": r[4]} for r in rows]


def undated_docs(store: Store) -> list[str]:
    """Documents without a publication date."""
    return [r[0] for r in store.conn.execute("SELECT id FROM documents WHERE published IS NULL ORDER BY seq")]


def reuse_rows(store: Store, doc_id: str) -> list[dict[str, Any]]:
    """Reuse links that touch a document, with the other side's publication date.

    RETURNS (list): {"other", "published", "this": (start, end), "there": (start, end),
    "direction", "role"}; role "source" when this document is a_doc (the other reprints it).
    """
    rows = store.conn.execute(
        "SELECT l.b_doc, d.published, l.a_start, l.a_end, l.b_start, l.b_end, l.direction, 'source', l.similarity"
        " FROM reuse_links l JOIN documents d ON d.id = l.b_doc WHERE l.a_doc = ?"
        " UNION ALL SELECT l.a_doc, d.published, l.b_start, l.b_end, l.a_start, l.a_end, l.direction, 'reprint',"
        " l.similarity FROM reuse_links l JOIN documents d ON d.id = l.a_doc WHERE l.b_doc = ?",
        (doc_id, doc_id)).fetchall()
    return [{"other": r[0], "published": r[1], "this": (r[2], r[3]), "there": (r[4], r[5]),
             "direction": r[6], "role": r[7], "similarity": r[8]} for r in rows]


def resolved_times(store: Store, doc_id: str) -> list[dict[str, Any]]:
    """The times of a document, resolved: what events and timelines should use.

    RETURNS (list): one dict per span of the `times` layer: start, end, label, text, value,
    granularity, relative, flags, and "anchor": "published" (resolved against the publication
    date), "inferred" (against the date the doc_dates pass inferred; "inferred_anchor" is in
    flags) or None (absolute, or still unresolved: then "unresolved" says what is known).
    """
    doc = store.get_document(doc_id, layers=False)
    if doc is None:
        return []
    spans = store.layers_of(doc_id).get(TIMES, [])
    inferred = {(r[0], r[1]): r for r in store.conn.execute(
        'SELECT start, "end", value, granularity, flags FROM doc_times WHERE doc_id = ?', (doc_id,))}
    out = []
    for span in spans:
        attrs = dict(span.attrs)
        attrs.pop("frame", None)
        item = {"start": span.start, "end": span.end, "label": span.label, "text": doc.text[span.start:span.end], **attrs}
        row = inferred.get((span.start, span.end))
        if row is not None and row[2] is not None:
            item.update(value=row[2], granularity=row[3], flags=json.loads(row[4]), anchor="inferred")
            item.pop("unresolved", None)
        out.append(item)
    return out
