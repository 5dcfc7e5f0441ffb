"""SQL of the stories pass: what it reads per document, and the stories it writes.

Every function takes a Store; every query is parameterised. Tables written by other passes
(entities, events) may be absent or empty: the readers return nothing for them then.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from marsad.store.store import Store

# Tables other passes fill, which readers check before relying on them.
OPTIONAL_TABLES = frozenset({"entities", "entity_mentions", "entity_aliases", "entity_roles", "doc_dates",
                             "reuse_links", "duplicate_groups", "events", "event_reports", "stories"})


def has_rows(store: Store, table: str) -> bool:
    """Whether one of OPTIONAL_TABLES exists and holds at least one row."""
    if table not in OPTIONAL_TABLES:
        raise ValueError(f"not an optional table: {table}")
    exists = store.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
    # A table name cannot be a parameter; it comes from the fixed set above, never from input.
    return bool(exists) and store.conn.execute(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone() is not None


def document_dates(store: Store, doc_ids: Iterable[str]) -> dict[str, str | None]:
    """Each document's date: the published one, else the one the doc_dates pass inferred."""
    out: dict[str, str | None] = {}
    for doc_id in doc_ids:
        row = store.conn.execute(
            "SELECT coalesce(d.published, dd.date) FROM documents d LEFT JOIN doc_dates dd ON dd.doc_id = d.id"
            " WHERE d.id = ?", (doc_id,)).fetchone()
        out[doc_id] = row[0] if row else None
    return out


def resolved_entities(store: Store, doc_id: str) -> list[tuple[str, str]]:
    """(entity id, type) of each resolved mention in a document (empty until the resolve pass ran)."""
    return [(r[0], r[1]) for r in store.conn.execute(
        "SELECT m.entity_id, e.type FROM entity_mentions m JOIN entities e ON e.id = m.entity_id WHERE m.doc_id = ?",
        (doc_id,))]


def mention_spans(store: Store, doc_id: str) -> list[tuple[str, int, int]]:
    """(label, start, end) of the entities-layer spans of a document: the fallback before resolution."""
    return [(r[0], r[1], r[2]) for r in store.conn.execute(
        "SELECT label, start, end FROM spans WHERE doc_id = ? AND layer = 'entities'", (doc_id,))]


def reported_events(store: Store, doc_id: str) -> list[str]:
    """Ids of the merged events a document reports."""
    return [r[0] for r in store.conn.execute("SELECT DISTINCT event_id FROM event_reports WHERE doc_id = ?", (doc_id,))]


def reuse_partners(store: Store, doc_id: str) -> list[str]:
    """Documents sharing a reused passage or a near-duplicate group with this one."""
    return [r[0] for r in store.conn.execute(
        "SELECT b_doc FROM reuse_links WHERE a_doc = ? UNION SELECT a_doc FROM reuse_links WHERE b_doc = ?"
        " UNION SELECT group_id FROM duplicate_groups WHERE doc_id = ? AND group_id != ?",
        (doc_id, doc_id, doc_id, doc_id))]


def entity_names(store: Store, entity_ids: Iterable[str]) -> dict[str, tuple[str, str | None, str, int]]:
    """entity id -> (Arabic name, Latin name, type, documents mentioning it)."""
    out = {}
    for entity_id in entity_ids:
        row = store.conn.execute("SELECT name, latin, type, documents FROM entities WHERE id = ?",
                                 (entity_id,)).fetchone()
        if row:
            out[entity_id] = (row[0], row[1], row[2], row[3])
    return out


def term_document_counts(store: Store) -> tuple[dict[str, int], int]:
    """Document frequency of every search key in the full-text index, and the number of documents.

    Read from the FTS5 index itself (fts5vocab), so it stays current as documents arrive and costs
    no table of its own.
    """
    store.conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.story_vocab USING fts5vocab(main, documents_fts, row)")
    counts = {r[0]: r[1] for r in store.conn.execute("SELECT term, doc FROM temp.story_vocab")}
    return counts, store.count_documents()


def clear_stories(store: Store) -> None:
    with store.transaction() as conn:
        conn.execute("DELETE FROM story_documents")
        conn.execute("DELETE FROM stories")


def load_stories(store: Store) -> list[dict[str, Any]]:
    """Every stored story with its attrs decoded (the pass keeps its centroid there)."""
    return [{"id": r[0], "label": r[1], "start_date": r[2], "end_date": r[3], "size": r[4], "attrs": json.loads(r[5])}
            for r in store.conn.execute("SELECT id, label, start_date, end_date, size, attrs FROM stories")]


def save_stories(store: Store, stories: Iterable[dict[str, Any]], members: Iterable[tuple[str, str, float]]) -> None:
    """Insert or replace stories, and add (story id, doc id, score) memberships."""
    with store.transaction() as conn:
        conn.executemany(
            "INSERT OR REPLACE INTO stories (id, label, start_date, end_date, size, attrs) VALUES (?, ?, ?, ?, ?, ?)",
            [(s["id"], s["label"], s["start_date"], s["end_date"], s["size"],
              json.dumps(s["attrs"], ensure_ascii=False)) for s in stories])
        conn.executemany("INSERT OR REPLACE INTO story_documents (story_id, doc_id, score) VALUES (?, ?, ?)",
                         list(members))


# -- reads for timelines, the API and the UI -------------------------------------------------

def list_stories(store: Store, *, limit: int = 50, offset: int = 0, min_size: int = 1,
                 query: str | None = None) -> list[dict[str, Any]]:
    """Stories, largest first; `query` keeps those whose label contains it."""
    sql = "SELECT id, label, start_date, end_date, size FROM stories WHERE size >= ?"
    params: list[Any] = [min_size]
    if query:
        sql += " AND instr(label, ?) > 0"
        params.append(query)
    sql += " ORDER BY size DESC, start_date DESC, id LIMIT ? OFFSET ?"
    params += [limit, offset]
    return [dict(r) for r in store.conn.execute(sql, params)]


def get_story(store: Store, story_id: str) -> dict[str, Any] | None:
    """One story with its documents in date order (attrs without the internal centroid)."""
    row = store.conn.execute("SELECT id, label, start_date, end_date, size, attrs FROM stories WHERE id = ?",
                             (story_id,)).fetchone()
    if row is None:
        return None
    attrs = json.loads(row["attrs"])
    attrs.pop("centroid", None)
    docs = [dict(r) for r in store.conn.execute(
        "SELECT d.id AS doc_id, d.title, d.outlet, coalesce(d.published, dd.date) AS date, sd.score"
        " FROM story_documents sd JOIN documents d ON d.id = sd.doc_id LEFT JOIN doc_dates dd ON dd.doc_id = d.id"
        " WHERE sd.story_id = ? ORDER BY coalesce(d.published, dd.date) IS NULL, coalesce(d.published, dd.date), d.seq", (story_id,))]
    return {"id": row["id"], "label": row["label"], "start_date": row["start_date"], "end_date": row["end_date"],
            "size": row["size"], "attrs": attrs, "documents": docs}


def stories_of_document(store: Store, doc_id: str) -> list[dict[str, Any]]:
    return [dict(r) for r in store.conn.execute(
        "SELECT s.id, s.label, s.size FROM story_documents sd JOIN stories s ON s.id = sd.story_id WHERE sd.doc_id = ?",
        (doc_id,))]
