"""Read-only queries behind timelines, the HTTP API, the web UI and the exports.

Every query is parameterised. Tables filled by later passes (entities, events, reuse, stories)
may be empty; the functions then return empty results, never errors.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from marsad.store.entities import aliases_of as entity_aliases  # noqa: F401 (the readers' name for it)
from marsad.store.events import EVENT_FIELDS
from marsad.store.rows import decode_attrs, in_chunks, placeholders
from marsad.store.store import Store


def _rows(store: Store, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
    return [dict(r) for r in store.conn.execute(sql, tuple(params))]


# -- documents -----------------------------------------------------------------------------------

def list_documents(store: Store, *, outlet: str | None = None, date_from: str | None = None,
                   date_to: str | None = None, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Documents, newest first, with their (published or inferred) date."""
    sql = ["SELECT d.id AS doc_id, d.title, d.outlet, coalesce(d.published, dd.date) AS date,"
           " coalesce(dd.inferred, 0) AS date_inferred FROM documents d LEFT JOIN doc_dates dd ON dd.doc_id = d.id"
           " WHERE 1 = 1"]
    params: list[Any] = []
    if outlet:
        sql.append(" AND d.outlet = ?")
        params.append(outlet)
    if date_from:
        sql.append(" AND coalesce(d.published, dd.date) >= ?")
        params.append(date_from)
    if date_to:
        sql.append(" AND coalesce(d.published, dd.date) <= ?")
        params.append(date_to)
    sql.append(" ORDER BY coalesce(d.published, dd.date) IS NULL, coalesce(d.published, dd.date) DESC, d.seq DESC LIMIT ? OFFSET ?")
    params += [limit, offset]
    return _rows(store, "".join(sql), params)


def outlets(store: Store) -> list[str]:
    return [r[0] for r in store.conn.execute(
        "SELECT outlet FROM documents WHERE outlet IS NOT NULL GROUP BY outlet ORDER BY count(*) DESC")]


def doc_date(store: Store, doc_id: str) -> dict[str, Any] | None:
    """The doc_dates row of a document (evidence decoded), or None."""
    row = store.conn.execute("SELECT date, granularity, inferred, confidence, evidence FROM doc_dates WHERE doc_id = ?",
                             (doc_id,)).fetchone()
    if row is None:
        return None
    out = dict(row)
    out["evidence"] = json.loads(out["evidence"] or "[]")
    return out


def matching_doc_ids(store: Store, match: str, *, limit: int) -> list[str]:
    """Ids of the documents best matching an FTS5 expression (from marsad.search.compile_query), without
    snippets or field weights: what a timeline of a search needs (FTS5's own bm25 rank)."""
    return [r[0] for r in store.conn.execute(
        "SELECT d.id FROM documents_fts JOIN documents d ON d.seq = documents_fts.rowid"
        " WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?", (match, limit))]


# -- entities ------------------------------------------------------------------------------------

def list_entities(store: Store, *, query: str | None = None, etype: str | None = None, limit: int = 50,
                  offset: int = 0) -> list[dict[str, Any]]:
    """Entities, most mentioned first; `query` matches the name, the Latin name or an alias."""
    sql = ["SELECT id, type, name, latin, mentions, documents FROM entities e WHERE 1 = 1"]
    params: list[Any] = []
    if etype:
        sql.append(" AND type = ?")
        params.append(etype)
    if query:
        sql.append(" AND (instr(name, ?) > 0 OR instr(lower(coalesce(latin, '')), lower(?)) > 0"
                   " OR EXISTS (SELECT 1 FROM entity_aliases a WHERE a.entity_id = e.id AND instr(a.alias, ?) > 0))")
        params += [query, query, query]
    sql.append(" ORDER BY documents DESC, mentions DESC, id LIMIT ? OFFSET ?")
    params += [limit, offset]
    return _rows(store, "".join(sql), params)


def find_entity(store: Store, key: str) -> dict[str, Any] | None:
    """An entity by id, exact name, Latin name or alias (the most mentioned when several match)."""
    row = store.conn.execute(
        "SELECT id, type, name, latin, mentions, documents, attrs FROM entities WHERE id = ? OR name = ?"
        " OR lower(latin) = lower(?) OR id IN (SELECT entity_id FROM entity_aliases WHERE alias = ?)"
        " ORDER BY id = ? DESC, documents DESC LIMIT 1", (key, key, key, key, key)).fetchone()
    if row is None:
        return None
    return decode_attrs([dict(row)])[0]


def entity_roles(store: Store, entity_id: str) -> list[dict[str, Any]]:
    """Titles and offices over time: each role with its first and last dates and how many documents."""
    return _rows(store, "SELECT role, min(date) AS first, max(date) AS last, count(*) AS documents FROM entity_roles"
                        " WHERE entity_id = ? GROUP BY role ORDER BY first IS NULL, first, role", (entity_id,))


def entity_documents(store: Store, entity_id: str, *, limit: int = 50) -> list[dict[str, Any]]:
    return _rows(store, "SELECT d.id AS doc_id, d.title, d.outlet, coalesce(d.published, dd.date) AS date,"
                        " count(*) AS mentions FROM entity_mentions m JOIN documents d ON d.id = m.doc_id"
                        " LEFT JOIN doc_dates dd ON dd.doc_id = d.id WHERE m.entity_id = ?"
                        " GROUP BY d.id ORDER BY coalesce(d.published, dd.date) IS NULL, coalesce(d.published, dd.date) DESC LIMIT ?", (entity_id, limit))


def cooccurring(store: Store, entity_id: str, *, limit: int = 20) -> list[dict[str, Any]]:
    """Entities mentioned in the same documents, by number of shared documents."""
    return _rows(store, "SELECT e.id, e.type, e.name, e.latin, count(DISTINCT o.doc_id) AS shared"
                        " FROM entity_mentions m JOIN entity_mentions o ON o.doc_id = m.doc_id AND o.entity_id != m.entity_id"
                        " JOIN entities e ON e.id = o.entity_id WHERE m.entity_id = ?"
                        " GROUP BY e.id ORDER BY shared DESC, e.documents DESC LIMIT ?", (entity_id, limit))


def pair_counts(store: Store, entity_ids: list[str]) -> list[tuple[str, str, int]]:
    """(a, b, shared documents) for every pair among `entity_ids` mentioned together, a < b."""
    if not entity_ids:
        return []
    marks = placeholders(entity_ids)
    return [(r[0], r[1], r[2]) for r in store.conn.execute(
        "SELECT a.entity_id, b.entity_id, count(DISTINCT a.doc_id) FROM entity_mentions a"
        " JOIN entity_mentions b ON b.doc_id = a.doc_id AND a.entity_id < b.entity_id"
        f" WHERE a.entity_id IN ({marks}) AND b.entity_id IN ({marks}) GROUP BY a.entity_id, b.entity_id",
        entity_ids + entity_ids)]


def document_mentions(store: Store, doc_id: str) -> list[dict[str, Any]]:
    """Resolved mentions of a document with their entity's name, Latin name and type."""
    return _rows(store, "SELECT m.start, m.end, m.text, m.roles, e.id AS entity_id, e.name, e.latin, e.type"
                        " FROM entity_mentions m JOIN entities e ON e.id = m.entity_id WHERE m.doc_id = ?"
                        " ORDER BY m.start", (doc_id,))


def iter_entities(store: Store) -> Iterator[dict[str, Any]]:
    for r in store.conn.execute("SELECT id, type, name, latin, mentions, documents FROM entities ORDER BY id"):
        yield dict(r)


def all_pair_counts(store: Store, *, min_shared: int = 1) -> list[tuple[str, str, int]]:
    """Every co-occurring entity pair with at least `min_shared` documents in common."""
    return [(r[0], r[1], r[2]) for r in store.conn.execute(
        "SELECT a.entity_id, b.entity_id, count(DISTINCT a.doc_id) AS n FROM entity_mentions a"
        " JOIN entity_mentions b ON b.doc_id = a.doc_id AND a.entity_id < b.entity_id"
        " GROUP BY a.entity_id, b.entity_id HAVING n >= ?", (min_shared,))]


# -- events --------------------------------------------------------------------------------------

EVENT_COLUMNS = ", ".join(EVENT_FIELDS)


def events_by_ids(store: Store, event_ids: list[str]) -> list[dict[str, Any]]:
    out = []
    for chunk in in_chunks(event_ids):
        out += _rows(store, f"SELECT {EVENT_COLUMNS} FROM events WHERE id IN ({placeholders(chunk)})", chunk)
    return out


def event_ids_for_docs(store: Store, doc_ids: list[str]) -> list[str]:
    out: list[str] = []
    for chunk in in_chunks(doc_ids):
        out += [r[0] for r in store.conn.execute(
            f"SELECT DISTINCT event_id FROM event_reports WHERE doc_id IN ({placeholders(chunk)})", chunk)]
    return list(dict.fromkeys(out))


def event_ids_for_entity(store: Store, entity_id: str, names: list[str]) -> list[str]:
    """Events with the entity as actor, recipient or place, by id or (unresolved) by one of its names."""
    names = names or [""]
    marks = placeholders(names)
    return [r[0] for r in store.conn.execute(
        "SELECT id FROM events WHERE actor_entity = ? OR recipient_entity = ? OR place_entity = ?"
        f" OR actor_text IN ({marks}) OR recipient_text IN ({marks}) OR place_text IN ({marks})"
        " OR instr(attrs, ?) > 0",
        (entity_id, entity_id, entity_id, *names, *names, *names, f'"{entity_id}"'))]


def iter_events(store: Store) -> Iterator[dict[str, Any]]:
    for r in store.conn.execute(f"SELECT {EVENT_COLUMNS} FROM events ORDER BY date IS NULL, date, id"):
        yield dict(r)


def event_reports(store: Store, event_ids: list[str]) -> list[dict[str, Any]]:
    """Reports of the events with their document's title, outlet and date, and the evidence sentence."""
    out = []
    for chunk in in_chunks(event_ids):
        out += _rows(store, "SELECT r.event_id, r.doc_id, r.trigger_start, r.trigger_end, r.sentence_start,"
                            " r.sentence_end, r.source_text, r.source_type, r.stance, r.is_reprint, r.origin_doc,"
                            " d.title, d.outlet, d.url, coalesce(d.published, dd.date) AS doc_date,"
                            " substr(d.text, r.sentence_start + 1, r.sentence_end - r.sentence_start) AS sentence"
                            " FROM event_reports r JOIN documents d ON d.id = r.doc_id"
                            " LEFT JOIN doc_dates dd ON dd.doc_id = d.id"
                            f" WHERE r.event_id IN ({placeholders(chunk)}) ORDER BY doc_date, r.doc_id", chunk)
    return out


def entity_labels(store: Store, entity_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    ids = [e for e in dict.fromkeys(entity_ids) if e]
    out = {}
    for chunk in in_chunks(ids):
        for r in store.conn.execute(f"SELECT id, name, latin, type FROM entities WHERE id IN ({placeholders(chunk)})",
                                    chunk):
            out[r[0]] = {"id": r[0], "name": r[1], "latin": r[2], "type": r[3]}
    return out


# -- layers: claims and spans --------------------------------------------------------------------

def layer_spans(store: Store, layer: str, *, doc_id: str | None = None, label: str | None = None,
                limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
    """Spans of one layer across documents, with the span's text and its document's title and date."""
    sql = ["SELECT s.doc_id, s.start, s.end, s.label, s.attrs, substr(d.text, s.start + 1, s.end - s.start) AS text,"
           " d.title, coalesce(d.published, dd.date) AS date FROM spans s JOIN documents d ON d.id = s.doc_id"
           " LEFT JOIN doc_dates dd ON dd.doc_id = d.id WHERE s.layer = ?"]
    params: list[Any] = [layer]
    if doc_id:
        sql.append(" AND s.doc_id = ?")
        params.append(doc_id)
    if label:
        sql.append(" AND s.label = ?")
        params.append(label)
    sql.append(" ORDER BY d.seq, s.start LIMIT ? OFFSET ?")
    params += [limit, offset]
    return decode_attrs(_rows(store, "".join(sql), params))


# -- reuse ---------------------------------------------------------------------------------------

def reuse_links(store: Store, *, doc_id: str | None = None, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
    sql = "SELECT id, a_doc, a_start, a_end, b_doc, b_start, b_end, similarity, direction FROM reuse_links"
    params: list[Any] = []
    if doc_id:
        sql += " WHERE a_doc = ? OR b_doc = ?"
        params += [doc_id, doc_id]
    sql += " ORDER BY id LIMIT ? OFFSET ?"
    params += [limit, offset]
    return _rows(store, sql, params)


def reuse_link(store: Store, link_id: int) -> dict[str, Any] | None:
    """One reuse link with both passages' text and their documents' titles and dates."""
    row = store.conn.execute(
        "SELECT l.id, l.a_doc, l.a_start, l.a_end, l.b_doc, l.b_start, l.b_end, l.similarity, l.direction,"
        " substr(a.text, l.a_start + 1, l.a_end - l.a_start) AS a_text,"
        " substr(b.text, l.b_start + 1, l.b_end - l.b_start) AS b_text, a.title AS a_title, b.title AS b_title,"
        " a.outlet AS a_outlet, b.outlet AS b_outlet, a.published AS a_date, b.published AS b_date"
        " FROM reuse_links l JOIN documents a ON a.id = l.a_doc JOIN documents b ON b.id = l.b_doc WHERE l.id = ?",
        (link_id,)).fetchone()
    return dict(row) if row else None


def duplicate_group(store: Store, doc_id: str) -> list[dict[str, Any]]:
    """The other members of a document's near-duplicate group."""
    return _rows(store, "SELECT g.doc_id, g.similarity, d.title, d.outlet FROM duplicate_groups g"
                        " JOIN documents d ON d.id = g.doc_id WHERE g.group_id ="
                        " (SELECT group_id FROM duplicate_groups WHERE doc_id = ?) AND g.doc_id != ?",
                 (doc_id, doc_id))
