"""SQL of the reuse area: near-duplicate groups, reuse links and the detector's saved state.

Tables (migration 004_reuse.sql): `duplicate_groups` (doc -> id of its group's original, the
earliest document), `reuse_links` (a passage of a_doc reappears in b_doc; direction 'a->b' when
publication dates show a came first, 'undecided' when they cannot tell), `reuse_signatures`.

For other areas (events, claims, stories), to fold reprints into one report:

- `origin_of(store, doc_id, start, end)` -> (origin_doc_id, start, end) | None: is this span of
  the raw text inside a passage reprinted from an earlier document? Returns the earliest known
  source (links are followed back) with the corresponding span there, mapped proportionally
  inside the passage. With `undecided=True`, a passage shared with a document of unknown order
  also answers, with the copy first ingested: a stable representative for counting, not a claim
  of who wrote it first.
- `independent_count(store, mentions)`: how many independent reports a list of (doc_id, start,
  end) mentions makes once reprints (and undecided copies) are folded.
- `duplicate_group(store, doc_id)` -> {"group_id", "members": [...]} | None: the document's
  near-duplicate group; group_id is the original's id.
- `dating_evidence(store, doc_id)`: dated documents that share a passage with this one, for the
  time area to bound an undated article's date.
- `links(store, doc_id=..., limit=...)` and `counts(store)` for the CLI and the benchmark.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from marsad.corpus.reuse import Passage
    from marsad.store import Store

# Share of a span that must lie inside a reused passage for the span to count as reprinted.
SPAN_INSIDE = 0.5
# Sorts undated documents after every dated one.
_NO_DATE = "9999-12-31"

LinkRow = tuple[str, int, int, str, int, int, float, str]


def reset(store: Store) -> None:
    """Forget everything the pass stored (a new detector version starts over)."""
    with store.transaction() as conn:
        for table in ("reuse_links", "duplicate_groups", "reuse_signatures"):
            conn.execute(f"DELETE FROM {table}")


def save_signatures(store: Store, rows: Iterable[tuple[str, np.ndarray, np.ndarray]]) -> None:
    """Store (doc_id, MinHash signature, distinct key hashes) of newly profiled documents."""
    store.conn.executemany(
        "INSERT OR REPLACE INTO reuse_signatures (doc_id, seq, minhash, keys)"
        " SELECT ?, seq, ?, ? FROM documents WHERE id = ?",
        [(doc_id, sig.astype(np.uint32).tobytes(), keys.astype(np.int64).tobytes(), doc_id)
         for doc_id, sig, keys in rows],
    )


def load_signatures(store: Store) -> tuple[list[str], np.ndarray, np.ndarray, list[np.ndarray]]:
    """All stored signatures in ingest order.

    RETURNS (tuple): doc ids, seqs (int64 array), MinHash matrix (docs x perms, uint32),
        per-document key-hash arrays.
    """
    ids, seqs, sigs, keys = [], [], [], []
    for doc_id, seq, minhash, key_blob in store.conn.execute(
            "SELECT doc_id, seq, minhash, keys FROM reuse_signatures ORDER BY seq"):
        ids.append(doc_id)
        seqs.append(seq)
        sigs.append(np.frombuffer(minhash, dtype=np.uint32))
        keys.append(np.frombuffer(key_blob, dtype=np.int64))
    matrix = np.vstack(sigs) if sigs else np.zeros((0, 0), dtype=np.uint32)
    return ids, np.array(seqs, dtype=np.int64), matrix, keys


def document_meta(store: Store) -> dict[str, tuple[str | None, int]]:
    """doc_id -> (published ISO date or None, seq)."""
    return {r[0]: (r[1], r[2]) for r in store.conn.execute("SELECT id, published, seq FROM documents")}


def _order_key(meta: dict[str, tuple[str | None, int]], doc_id: str) -> tuple[str, int]:
    published, seq = meta[doc_id]
    return (published or _NO_DATE, seq)


def directed_link(old_id: str, new_id: str, passage: Passage, meta: dict[str, tuple[str | None, int]]) -> LinkRow:
    """A link row for a passage of old_id (a side) found in new_id (b side), directed by dates.

    Only two different known publication dates decide; otherwise the link stays 'undecided'
    with the document stored first on the a side.
    """
    old_date, new_date = meta[old_id][0], meta[new_id][0]
    row_old = (old_id, passage.a_start, passage.a_end)
    row_new = (new_id, passage.b_start, passage.b_end)
    if old_date and new_date and old_date != new_date:
        first, second = (row_old, row_new) if old_date < new_date else (row_new, row_old)
        return (*first, *second, passage.similarity, "a->b")
    return (*row_old, *row_new, passage.similarity, "undecided")


def save_links(store: Store, rows: Sequence[LinkRow]) -> None:
    store.conn.executemany(
        "INSERT INTO reuse_links (a_doc, a_start, a_end, b_doc, b_start, b_end, similarity, direction)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)


def add_duplicates(store: Store, pairs: Sequence[tuple[str, str, float]],
                   meta: dict[str, tuple[str | None, int]]) -> int:
    """Merge new near-duplicate pairs into the stored groups; each group's id is its earliest member.

    RETURNS (int): the number of groups created or changed.
    """
    if not pairs:
        return 0
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    best: dict[str, float] = {}
    involved = {d for a, b, _ in pairs for d in (a, b)}
    # The table holds only grouped documents (a few per cent of a collection): read it whole
    # rather than build IN lists that could pass SQLite's variable limit.
    stored = store.conn.execute("SELECT doc_id, group_id, similarity FROM duplicate_groups").fetchall()
    touched = {group_id for doc_id, group_id, _ in stored if doc_id in involved}
    for doc_id, group_id, similarity in stored:
        if group_id in touched:
            parent[find(doc_id)] = find(group_id)
            best[doc_id] = similarity
    for a, b, similarity in pairs:
        parent[find(a)] = find(b)
        for d in (a, b):
            best[d] = max(best.get(d, 0.0), similarity)
    components: dict[str, list[str]] = {}
    for d in list(parent):
        components.setdefault(find(d), []).append(d)
    rows = []
    for members in components.values():
        original = min(members, key=lambda d: _order_key(meta, d))
        rows.extend((d, original, 1.0 if d == original else round(best.get(d, 0.0), 4)) for d in members)
    store.conn.executemany("INSERT OR REPLACE INTO duplicate_groups VALUES (?, ?, ?)", rows)
    return len(components)


# -- reading ----------------------------------------------------------------------------------


def counts(store: Store) -> dict[str, int]:
    """Totals: links (and how many directed), groups, grouped documents, documents with a link."""
    conn = store.conn
    return {
        "links": conn.execute("SELECT count(*) FROM reuse_links").fetchone()[0],
        "links_directed": conn.execute("SELECT count(*) FROM reuse_links WHERE direction = 'a->b'").fetchone()[0],
        "duplicate_groups": conn.execute("SELECT count(DISTINCT group_id) FROM duplicate_groups").fetchone()[0],
        "documents_in_duplicate_groups": conn.execute("SELECT count(*) FROM duplicate_groups").fetchone()[0],
        "documents_reprinting": conn.execute(
            "SELECT count(DISTINCT b_doc) FROM reuse_links WHERE direction = 'a->b'").fetchone()[0],
    }


def links(store: Store, *, doc_id: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Reuse links (all, or those touching doc_id), most similar first."""
    sql = ("SELECT a_doc, a_start, a_end, b_doc, b_start, b_end, similarity, direction FROM reuse_links"
           + (" WHERE a_doc = ? OR b_doc = ?" if doc_id else "")
           + " ORDER BY similarity DESC, id" + (" LIMIT ?" if limit else ""))
    params: list[Any] = [doc_id, doc_id] if doc_id else []
    if limit:
        params.append(limit)
    return [{"a_doc": r[0], "a_start": r[1], "a_end": r[2], "b_doc": r[3], "b_start": r[4], "b_end": r[5],
             "similarity": r[6], "direction": r[7]} for r in store.conn.execute(sql, params)]


def duplicate_group(store: Store, doc_id: str) -> dict[str, Any] | None:
    """The near-duplicate group of a document: {"group_id", "members": [{"doc_id", "similarity"}]}."""
    row = store.conn.execute("SELECT group_id FROM duplicate_groups WHERE doc_id = ?", (doc_id,)).fetchone()
    if row is None:
        return None
    members = store.conn.execute(
        "SELECT g.doc_id, g.similarity FROM duplicate_groups g JOIN documents d ON d.id = g.doc_id"
        " WHERE g.group_id = ? ORDER BY coalesce(d.published, ?), d.seq", (row[0], _NO_DATE)).fetchall()
    return {"group_id": row[0], "members": [{"doc_id": m[0], "similarity": m[1]} for m in members]}


def _map(start: int, end: int, src: tuple[int, int], dst: tuple[int, int]) -> tuple[int, int]:
    """Map [start, end) inside passage src proportionally onto passage dst."""
    scale = (dst[1] - dst[0]) / max(1, src[1] - src[0])
    lo = dst[0] + round((max(start, src[0]) - src[0]) * scale)
    hi = dst[0] + round((min(end, src[1]) - src[0]) * scale)
    return lo, max(lo, hi)


def _inside(start: int, end: int, lo: int, hi: int) -> bool:
    overlap = min(end, hi) - max(start, lo)
    return overlap > 0 and overlap >= SPAN_INSIDE * max(1, end - start)


def _earlier_copy(store: Store, doc_id: str, start: int, end: int, undecided: bool) -> tuple[str, int, int] | None:
    """One step back: the earlier copy of the span, if any (the most similar link wins)."""
    rows = store.conn.execute(
        "SELECT a_doc, a_start, a_end, b_start, b_end, similarity, direction, 0 FROM reuse_links"
        " WHERE b_doc = ? AND b_start < ? AND b_end > ?"
        " UNION ALL SELECT b_doc, b_start, b_end, a_start, a_end, similarity, direction, 1 FROM reuse_links"
        " WHERE a_doc = ? AND direction = 'undecided' AND a_start < ? AND a_end > ?",
        (doc_id, end, start, doc_id, end, start)).fetchall()
    seq = store.seq_of(doc_id)
    best = None
    for other, o_start, o_end, s_start, s_end, similarity, direction, reverse in rows:
        if not _inside(start, end, s_start, s_end):
            continue
        if direction == "undecided":
            # Undecided copies fold onto the copy stored first; never forwards in time.
            if not undecided or store.seq_of(other) >= seq:
                continue
        elif reverse:
            continue
        if best is None or similarity > best[0]:
            best = (similarity, other, *_map(start, end, (s_start, s_end), (o_start, o_end)))
    if best is not None:
        return best[1], best[2], best[3]
    group = duplicate_group(store, doc_id)
    if group is not None and group["group_id"] != doc_id:
        return group["group_id"], start, end
    return None


def origin_of(store: Store, doc_id: str, start: int, end: int, *, undecided: bool = False) -> tuple[str, int, int] | None:
    """Where a span of a document was first published, if it is a reprint (see the module docstring).

    doc_id (str): the document; start, end (int): raw character offsets of the span.
    undecided (bool): also fold onto copies whose order dates cannot tell (first stored wins).
    RETURNS (tuple | None): (origin doc id, start, end) there, or None when the span is not reprinted.
    """
    seen = {doc_id}
    current = None
    step = _earlier_copy(store, doc_id, start, end, undecided)
    while step is not None and step[0] not in seen:
        current = step
        seen.add(step[0])
        step = _earlier_copy(store, *step, undecided)
    return current


def independent_count(store: Store, mentions: Iterable[tuple[str, int, int]]) -> int:
    """How many independent reports the mentions make: reprints and copies fold onto their origin."""
    origins = set()
    for doc_id, start, end in mentions:
        origin = origin_of(store, doc_id, start, end, undecided=True)
        origins.add(origin[0] if origin else doc_id)
    return len(origins)


def dating_evidence(store: Store, doc_id: str) -> list[dict[str, Any]]:
    """Dated documents sharing a passage with this one (either direction), most similar first.

    A reprint cannot predate its source: when the link is directed that bounds the date; an
    undecided link to a dated document is evidence of the same period, to be weighed by the caller.
    """
    rows = store.conn.execute(
        "SELECT l.b_doc, d.published, l.similarity, l.direction, 'a' FROM reuse_links l"
        " JOIN documents d ON d.id = l.b_doc WHERE l.a_doc = ? AND d.published IS NOT NULL"
        " UNION ALL SELECT l.a_doc, d.published, l.similarity, l.direction, 'b' FROM reuse_links l"
        " JOIN documents d ON d.id = l.a_doc WHERE l.b_doc = ? AND d.published IS NOT NULL"
        " ORDER BY 3 DESC", (doc_id, doc_id)).fetchall()
    out = []
    for other, published, similarity, direction, side in rows:
        if direction == "undecided":
            relation = "shares a passage (order unknown)"
        else:
            relation = "reprinted by (this one is not later)" if side == "a" else "reprints (this one is not earlier)"
        out.append({"doc_id": other, "published": published, "similarity": similarity, "relation": relation})
    return out
