"""SQL of the events area: merged events, their reports, and the readers the CLI uses.

Tables (migration 005_events.sql): `events` (one row per real-world event, merged across
documents) and `event_reports` (every sentence that reports it, with who says so, whether it
is a reprint, and where its date came from). The corpus pass `merge_events` writes them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from marsad.document import EVENTS, Span
from marsad.store.rows import decode_attrs, in_chunks, placeholders

if TYPE_CHECKING:
    from marsad.store import Store

EVENT_FIELDS = ("id", "type", "mode", "cameo", "actor_entity", "actor_text", "recipient_entity", "recipient_text",
                "place_entity", "place_text", "date", "date_end", "granularity", "date_inferred", "date_evidence",
                "negated", "hypothetical", "confidence", "reports", "independent_reports", "attrs")
REPORT_FIELDS = ("event_id", "doc_id", "trigger_start", "trigger_end", "sentence_start", "sentence_end", "source_text",
                 "source_type", "stance", "is_reprint", "origin_doc", "report_date", "date_source", "trigger_text",
                 "confidence", "attrs")


def reset(store: Store) -> None:
    """Forget all merged events (a new pass or annotator version starts over)."""
    with store.transaction() as conn:
        conn.execute("DELETE FROM event_reports")
        conn.execute("DELETE FROM events")


def event_spans(store: Store, doc_id: str) -> list[Span]:
    """The events layer of one document, in text order."""
    return [
        Span(r[0], r[1], r[2], json.loads(r[3]))
        for r in store.conn.execute(
            "SELECT start, end, label, attrs FROM spans WHERE doc_id = ? AND layer = ? ORDER BY start, id",
            (doc_id, EVENTS),
        )
    ]


def all_events(store: Store) -> list[dict[str, Any]]:
    """Every merged event as a dict (attrs parsed)."""
    return decode_attrs([dict(r) for r in store.conn.execute(f"SELECT {', '.join(EVENT_FIELDS)} FROM events")])


def reports_of(store: Store, event_ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Reports (attrs parsed) of some events, or of all events when event_ids is None."""
    columns = ", ".join(f"r.{f}" for f in REPORT_FIELDS)
    base = f"SELECT {columns}, d.published FROM event_reports r JOIN documents d ON d.id = r.doc_id"
    if event_ids is None:
        rows = store.conn.execute(base + " ORDER BY r.doc_id, r.trigger_start").fetchall()
    else:
        rows = []
        for chunk in in_chunks(list(event_ids)):
            rows += store.conn.execute(
                base + f" WHERE r.event_id IN ({placeholders(chunk)}) ORDER BY r.doc_id, r.trigger_start", chunk
            ).fetchall()
    return decode_attrs([dict(r) for r in rows])


def save(store: Store, events: list[dict[str, Any]], reports: list[dict[str, Any]], *, drop: Iterable[str] = ()) -> None:
    """Write merged events and their full report lists; events in `drop` (absorbed by others) go away.

    events (list): rows with EVENT_FIELDS (attrs as a dict); their old reports are replaced.
    reports (list): rows with REPORT_FIELDS for those events.
    """
    with store.transaction() as conn:
        for event_id in [*drop, *(e["id"] for e in events)]:
            conn.execute("DELETE FROM event_reports WHERE event_id = ?", (event_id,))
        for event_id in drop:
            conn.execute("DELETE FROM events WHERE id = ?", (event_id,))
        conn.executemany(
            f"INSERT OR REPLACE INTO events ({', '.join(EVENT_FIELDS)}) VALUES ({', '.join('?' * len(EVENT_FIELDS))})",
            [_values(e, EVENT_FIELDS) for e in events],
        )
        conn.executemany(
            f"INSERT OR REPLACE INTO event_reports ({', '.join(REPORT_FIELDS)}) VALUES ({', '.join('?' * len(REPORT_FIELDS))})",
            [_values(r, REPORT_FIELDS) for r in reports],
        )


def _values(row: dict[str, Any], fields: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(json.dumps(row[f], ensure_ascii=False) if f == "attrs" else row.get(f) for f in fields)


def entity_ids_named(store: Store, name: str) -> set[str]:
    """Ids of resolved entities whose canonical name, Latin form or an alias is `name`."""
    rows = store.conn.execute(
        "SELECT id FROM entities WHERE name = ? OR latin = ? COLLATE NOCASE"
        " UNION SELECT entity_id FROM entity_aliases WHERE alias = ?",
        (name, name, name),
    ).fetchall()
    return {r[0] for r in rows}


def list_events(store: Store, *, event_type: str | None = None, date_from: str | None = None,
                date_to: str | None = None, include_unreal: bool = False, limit: int = -1,
                offset: int = 0) -> list[dict[str, Any]]:
    """Merged events in date order, filtered by type and date range.

    include_unreal (bool): also list negated and hypothetical events (default: only what happened).
    limit / offset (int): one page of the list (limit -1: all).
    RETURNS (list): event dicts (attrs parsed), undated events last.
    """
    sql = [f"SELECT {', '.join(EVENT_FIELDS)} FROM events WHERE 1 = 1"]
    params: list[Any] = []
    if event_type:
        sql.append("AND type = ?")
        params.append(event_type)
    if date_from:
        sql.append("AND coalesce(date_end, date) >= ?")
        params.append(date_from)
    if date_to:
        sql.append("AND date <= ?")
        params.append(date_to + "\uffff")
    if not include_unreal:
        sql.append("AND negated = 0 AND hypothetical = 0")
    sql.append("ORDER BY date IS NULL, date, id LIMIT ? OFFSET ?")
    params += [limit, offset]
    return decode_attrs([dict(r) for r in store.conn.execute(" ".join(sql), params)])
