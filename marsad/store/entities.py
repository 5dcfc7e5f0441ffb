"""SQL of entity resolution: the per-document units, the entity tables, review decisions, and
the look-ups other areas use (`entity_at` for events, `find_entities` for the CLI and API).

Tables (002_entities.sql, 002b_entities_resolve.sql): entities, entity_aliases, entity_mentions,
entity_roles, entity_decisions, entity_doc_units, entity_latin. Every query is parameterised.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from marsad.document import ENTITIES
from marsad.store.store import Store, now

# -- the resolve pass's working state ----------------------------------------------------------


def pending_documents(store: Store) -> list[tuple[str, str]]:
    """(doc_id, stamp) of documents whose entities layer changed since their units were made.

    RETURNS (list): in ingest order; the stamp is the layer's version and write time.
    """
    return [(r[0], r[1]) for r in store.conn.execute(
        "SELECT l.doc_id, l.version || '@' || l.created_at FROM layers l JOIN documents d ON d.id = l.doc_id"
        " LEFT JOIN entity_doc_units u ON u.doc_id = l.doc_id WHERE l.name = ?"
        " AND (u.stamp IS NULL OR u.stamp != l.version || '@' || l.created_at) ORDER BY d.seq", (ENTITIES,))]


def save_doc_units(store: Store, rows: Iterable[tuple[str, str, list[dict[str, Any]]]]) -> None:
    """Store (doc_id, stamp, units) for documents just processed."""
    with store.transaction() as conn:
        conn.executemany("INSERT OR REPLACE INTO entity_doc_units (doc_id, stamp, units) VALUES (?, ?, ?)",
                         [(d, s, json.dumps(u, ensure_ascii=False, separators=(",", ":"))) for d, s, u in rows])


def clear_doc_units(store: Store) -> None:
    """Forget every document's units and the Latin forms worked out (a new pass version starts over)."""
    with store.transaction() as conn:
        conn.execute("DELETE FROM entity_doc_units")
        conn.execute("DELETE FROM entity_latin")


def iter_doc_units(store: Store) -> Iterator[tuple[int, str, list[dict[str, Any]]]]:
    """(seq, doc_id, units) of every processed document, in ingest order."""
    for seq, doc_id, units in store.conn.execute(
            "SELECT d.seq, u.doc_id, u.units FROM entity_doc_units u JOIN documents d ON d.id = u.doc_id"
            " ORDER BY d.seq"):
        yield seq, doc_id, json.loads(units)


def document_dates(store: Store) -> dict[str, str | None]:
    """Each document's date: from doc_dates where that pass ran, else documents.published."""
    return {r[0]: r[1] for r in store.conn.execute(
        "SELECT d.id, coalesce(dd.date, d.published) FROM documents d LEFT JOIN doc_dates dd ON dd.doc_id = d.id")}


def latin_cache(store: Store) -> dict[tuple[str, str, str], str]:
    return {(r[0], r[1], r[2]): r[3] for r in store.conn.execute("SELECT name, type, subtype, latin FROM entity_latin")}


def save_latin(store: Store, rows: Iterable[tuple[str, str, str, str]]) -> None:
    with store.transaction() as conn:
        conn.executemany("INSERT OR REPLACE INTO entity_latin VALUES (?, ?, ?, ?)", list(rows))


def write_entities(store: Store, entities: list[tuple[Any, ...]], aliases: list[tuple[Any, ...]],
                   mentions: list[tuple[Any, ...]], roles: list[tuple[Any, ...]]) -> None:
    """Replace the resolved entities in one transaction (readers never see half a result).

    entities (list): (id, type, name, latin, mentions, documents, attrs JSON).
    aliases (list): (entity_id, alias, count).
    mentions (list): (entity_id, doc_id, start, end, text, roles JSON, attrs JSON).
    roles (list): (entity_id, role, doc_id, date).
    """
    with store.transaction() as conn:
        for table in ("entity_roles", "entity_mentions", "entity_aliases", "entities"):
            conn.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
        conn.executemany("INSERT INTO entities (id, type, name, latin, mentions, documents, attrs)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?)", entities)
        conn.executemany("INSERT INTO entity_aliases (entity_id, alias, count) VALUES (?, ?, ?)", aliases)
        conn.executemany("INSERT OR REPLACE INTO entity_mentions (entity_id, doc_id, start, end, text, roles, attrs)"
                         " VALUES (?, ?, ?, ?, ?, ?, ?)", mentions)
        conn.executemany("INSERT OR IGNORE INTO entity_roles (entity_id, role, doc_id, date) VALUES (?, ?, ?, ?)",
                         roles)


# -- review decisions ------------------------------------------------------------------------


def decisions(store: Store) -> list[dict[str, Any]]:
    """Every merge/split decision, oldest first, args decoded."""
    return [{"id": r[0], "action": r[1], "args": json.loads(r[2]), "reason": r[3], "at": r[4]}
            for r in store.conn.execute("SELECT id, action, args, reason, at FROM entity_decisions ORDER BY id")]


def add_decision(store: Store, action: str, args: dict[str, Any], reason: str | None) -> int:
    """Log a reviewer's decision with the time; RETURNS its id."""
    with store.transaction() as conn:
        cur = conn.execute("INSERT INTO entity_decisions (action, args, reason, at) VALUES (?, ?, ?, ?)",
                           (action, json.dumps(args, ensure_ascii=False), reason, now()))
    return int(cur.lastrowid)


# -- look-ups ----------------------------------------------------------------------------------


def entity_at(store: Store, doc_id: str, start: int, end: int) -> str | None:
    """The entity resolved for a span of a document: the mention with those offsets, else the
    mention overlapping it most; None when no resolved mention overlaps."""
    row = store.conn.execute(
        "SELECT entity_id FROM entity_mentions WHERE doc_id = ? AND start < ? AND end > ?"
        " ORDER BY (min(end, ?) - max(start, ?)) DESC, abs(start - ?) + abs(end - ?) LIMIT 1",
        (doc_id, end, start, end, start, start, end)).fetchone()
    return row[0] if row else None


def get_entity(store: Store, entity_id: str) -> dict[str, Any] | None:
    row = store.conn.execute("SELECT id, type, name, latin, mentions, documents, attrs FROM entities WHERE id = ?",
                             (entity_id,)).fetchone()
    if row is None:
        return None
    out = dict(row)
    out["attrs"] = json.loads(out["attrs"])
    return out


def find_entities(store: Store, name: str, *, key: str | None = None) -> list[dict[str, Any]]:
    """Entities matching an id, an id prefix, a canonical or Latin name, or an alias.

    name (str): what the user typed.
    key (str | None): the name's matching key (marsad.entities.names.name_key), to match
        aliases written differently (hamza, spacing); the caller computes it.
    RETURNS (list): entity rows, most mentioned first.
    """
    params: list[Any] = [name, name + "%" if len(name) >= 6 else name, name, name, name]
    sql = ("SELECT DISTINCT e.id, e.type, e.name, e.latin, e.mentions, e.documents FROM entities e"
           " LEFT JOIN entity_aliases a ON a.entity_id = e.id"
           " WHERE e.id = ? OR e.id LIKE ? OR e.name = ? OR lower(e.latin) = lower(?) OR a.alias = ?")
    if key:
        sql += " OR json_extract(e.attrs, '$.keys') LIKE ?"
        params.append(f'%"{key}"%')
    sql += " ORDER BY e.mentions DESC, e.id"
    found = [dict(r) for r in store.conn.execute(sql, params)]
    if not found and key:
        # Part of a name (كيري for جون كيري): any entity one of whose names holds it as a word.
        found = [dict(r) for r in store.conn.execute(
            "SELECT id, type, name, latin, mentions, documents FROM entities"
            " WHERE (' ' || replace(replace(json_extract(attrs, '$.keys'), '\",\"', ' '), '\"', ' ') || ' ') LIKE ?"
            " ORDER BY mentions DESC, id", (f"% {key} %",))]
    return found


def list_entities(store: Store, *, etype: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """The most mentioned entities with their aliases and roles."""
    sql = "SELECT id, type, name, latin, mentions, documents, attrs FROM entities"
    params: list[Any] = []
    if etype:
        sql += " WHERE type = ?"
        params.append(etype)
    sql += " ORDER BY mentions DESC, documents DESC, id LIMIT ?"
    params.append(limit)
    out = []
    for row in store.conn.execute(sql, params).fetchall():
        item = dict(row)
        attrs = json.loads(item.pop("attrs"))
        item["subtype"] = attrs.get("subtype")
        item["aliases"] = aliases_of(store, item["id"])
        item["roles"] = roles_of(store, item["id"])
        out.append(item)
    return out


def aliases_of(store: Store, entity_id: str) -> list[dict[str, Any]]:
    return [{"alias": r[0], "count": r[1]} for r in store.conn.execute(
        "SELECT alias, count FROM entity_aliases WHERE entity_id = ? ORDER BY count DESC, alias", (entity_id,))]


def roles_of(store: Store, entity_id: str) -> list[dict[str, Any]]:
    """Each role with the dates of the documents using it, earliest first (undated last)."""
    grouped: dict[str, dict[str, Any]] = {}
    for role, _doc_id, date in store.conn.execute(
            "SELECT role, doc_id, date FROM entity_roles WHERE entity_id = ? ORDER BY date IS NULL, date, doc_id",
            (entity_id,)):
        item = grouped.setdefault(role, {"role": role, "dates": [], "documents": 0})
        item["documents"] += 1
        if date and date not in item["dates"]:
            item["dates"].append(date)
    return sorted(grouped.values(), key=lambda r: (not r["dates"], r["dates"][:1], r["role"]))


def documents_of(store: Store, entity_id: str, *, limit: int = 100) -> list[dict[str, Any]]:
    return [dict(r) for r in store.conn.execute(
        "SELECT m.doc_id, d.title, coalesce(dd.date, d.published) AS date, count(*) AS mentions"
        " FROM entity_mentions m JOIN documents d ON d.id = m.doc_id LEFT JOIN doc_dates dd ON dd.doc_id = d.id"
        " WHERE m.entity_id = ? GROUP BY m.doc_id ORDER BY date IS NULL, date, d.seq LIMIT ?", (entity_id, limit))]


def cooccurring(store: Store, entity_id: str, *, limit: int = 20) -> list[dict[str, Any]]:
    """Entities mentioned in the same documents, with the number of documents shared."""
    return [dict(r) for r in store.conn.execute(
        "SELECT e.id, e.type, e.name, e.latin, count(DISTINCT o.doc_id) AS documents"
        " FROM (SELECT DISTINCT doc_id FROM entity_mentions WHERE entity_id = ?) m"
        " JOIN entity_mentions o ON o.doc_id = m.doc_id AND o.entity_id != ?"
        " JOIN entities e ON e.id = o.entity_id GROUP BY e.id ORDER BY documents DESC, e.mentions DESC, e.id LIMIT ?",
        (entity_id, entity_id, limit))]


def count_entities(store: Store) -> dict[str, int]:
    return {r[0]: r[1] for r in store.conn.execute("SELECT type, count(*) FROM entities GROUP BY type ORDER BY type")}
