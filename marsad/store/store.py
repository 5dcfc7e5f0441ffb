"""`Store`: documents, layers, search and pass state in one SQLite file (WAL mode).

One Store object is the only writer. Readers (API, UI) open their own read-only connections
with `Store(path, readonly=True)`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from marsad.document import Document, Span
from marsad.errors import MarsadError
from marsad.text import search_keys


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """A marsad database.

    path (str | Path): the SQLite file; ":memory:" for a throwaway store.
    readonly (bool): open without write access and without running migrations.
    """

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = str(path)
        if readonly:
            if not Path(self.path).exists():
                raise MarsadError("E301", path=self.path)
            self.conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        else:
            self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA foreign_keys=ON")
        if not readonly:
            self._migrate()

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema ---------------------------------------------------------------------------

    def _migrate(self) -> None:
        self.conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        applied = {row[0] for row in self.conn.execute("SELECT name FROM migrations")}
        folder = resources.files("marsad.store") / "migrations"
        for item in sorted(folder.iterdir(), key=lambda p: p.name):
            if not item.name.endswith(".sql") or item.name in applied:
                continue
            with self.transaction():
                for statement in _statements(item.read_text(encoding="utf-8")):
                    self.conn.execute(statement)
                self.conn.execute("INSERT INTO migrations VALUES (?, ?)", (item.name, now()))

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction; nested calls join the outer one."""
        if self.conn.in_transaction:
            yield self.conn
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- documents ------------------------------------------------------------------------

    def add_documents(self, docs: Iterable[Document]) -> list[str]:
        """Store new documents and index them; documents already stored are skipped.

        RETURNS (list): the ids of the documents added.
        """
        added: list[str] = []
        stamp = now()
        with self.transaction() as conn:
            for doc in docs:
                cur = conn.execute(
                    "INSERT OR IGNORE INTO documents (id, title, text, url, outlet, author, published, source,"
                    " external_id, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (doc.id, doc.title, doc.text, doc.url, doc.outlet, doc.author,
                     doc.published.isoformat() if doc.published else None, doc.source,
                     doc.external_id, stamp),
                )
                if cur.rowcount == 0:
                    continue
                added.append(doc.id)
                seq = cur.lastrowid
                conn.executemany(
                    "INSERT INTO paragraphs VALUES (?, ?, ?, ?)",
                    [(doc.id, p.index, p.start, p.end) for p in doc.paragraphs],
                )
                title_keys, title_alt = search_keys(doc.title or "")
                body_keys, body_alt = search_keys(doc.text)
                conn.execute(
                    "INSERT INTO documents_fts (rowid, title_keys, title_alt, body_keys, body_alt) VALUES (?, ?, ?, ?, ?)",
                    (seq, title_keys, title_alt, body_keys, body_alt),
                )
        return added

    def add_rejected(self, source: str, reason: str) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT INTO rejected (source, reason, at) VALUES (?, ?, ?)", (source, reason, now()))

    def rejected(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute("SELECT source, reason, at FROM rejected ORDER BY id")]

    def count_documents(self) -> int:
        return self.conn.execute("SELECT count(*) FROM documents").fetchone()[0]

    def get_document(self, doc_id: str, *, layers: bool = True) -> Document | None:
        """One document by id (or by a unique id prefix of at least 6 characters)."""
        row = self.conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None and len(doc_id) >= 6:
            rows = self.conn.execute(
                "SELECT * FROM documents WHERE id >= ? AND id < ? LIMIT 2", (doc_id, doc_id + "\uffff")
            ).fetchall()
            row = rows[0] if len(rows) == 1 else None
        if row is None:
            return None
        doc = _document(row)
        if layers:
            doc.layers = self.layers_of(doc.id)
        return doc

    def iter_documents(self, *, after_seq: int = 0, ids: Iterable[str] | None = None,
                       layers: bool = False) -> Iterator[tuple[int, Document]]:
        """(seq, Document) pairs in ingest order."""
        if ids is not None:
            for doc_id in ids:
                doc = self.get_document(doc_id, layers=layers)
                if doc is not None:
                    yield self.seq_of(doc.id), doc
            return
        for row in self.conn.execute("SELECT * FROM documents WHERE seq > ? ORDER BY seq", (after_seq,)).fetchall():
            doc = _document(row)
            if layers:
                doc.layers = self.layers_of(doc.id)
            yield row["seq"], doc

    def seq_of(self, doc_id: str) -> int:
        return self.conn.execute("SELECT seq FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]

    def max_seq(self) -> int:
        return self.conn.execute("SELECT coalesce(max(seq), 0) FROM documents").fetchone()[0]

    # -- search ---------------------------------------------------------------------------

    def search_rows(self, match: str, *, weights: tuple[float, ...], outlet: str | None = None,
                    date_from: date | None = None, date_to: date | None = None, limit: int = 20,
                    offset: int = 0) -> list[sqlite3.Row]:
        """Documents matching an FTS5 expression, best BM25 first.

        Ranking runs on the index alone and only the page of hits is joined to `documents`, so a common
        word does not read the text of every matching article. Filters select seqs through the
        (outlet, published) indexes; an undated document matches a date range by its inferred date.
        """
        filters, params = [], []
        if outlet:
            filters.append("rowid IN (SELECT seq FROM documents WHERE outlet = ?)")
            params.append(outlet)
        if date_from or date_to:
            low = date_from.isoformat() if date_from else "0000"
            high = date_to.isoformat() if date_to else "9999"
            filters.append("(rowid IN (SELECT seq FROM documents WHERE published BETWEEN ? AND ?)"
                           " OR rowid IN (SELECT d.seq FROM doc_dates dd JOIN documents d ON d.id = dd.doc_id"
                           " WHERE d.published IS NULL AND dd.date BETWEEN ? AND ?))")
            params += [low, high, low, high]
        where = "".join(f" AND {f}" for f in filters)
        sql = (
            "SELECT d.id, d.title, d.outlet, coalesce(d.published, dd.date) AS day, d.text, hits.rank"
            f" FROM (SELECT rowid, bm25(documents_fts, {', '.join(map(str, weights))}) AS rank FROM documents_fts"
            f" WHERE documents_fts MATCH ?{where} ORDER BY rank LIMIT ? OFFSET ?) AS hits"
            " JOIN documents d ON d.seq = hits.rowid LEFT JOIN doc_dates dd ON dd.doc_id = d.id ORDER BY hits.rank"
        )
        return self.conn.execute(sql, [match, *params, limit, offset]).fetchall()

    # -- layers ---------------------------------------------------------------------------

    def layers_of(self, doc_id: str) -> dict[str, list[Span]]:
        layers: dict[str, list[Span]] = {
            r[0]: [] for r in self.conn.execute("SELECT name FROM layers WHERE doc_id = ?", (doc_id,))
        }
        for r in self.conn.execute(
            "SELECT layer, start, end, label, attrs FROM spans WHERE doc_id = ? ORDER BY layer, start, end, id",
            (doc_id,),
        ):
            layers.setdefault(r[0], []).append(Span(r[1], r[2], r[3], json.loads(r[4])))
        return layers

    def layer_versions(self, doc_id: str) -> dict[str, str]:
        return {r[0]: r[1] for r in self.conn.execute("SELECT name, version FROM layers WHERE doc_id = ?", (doc_id,))}

    def docs_missing_layer(self, name: str, version: str) -> list[str]:
        """Ids of documents whose layer `name` is absent or from another version, in ingest order."""
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT d.id FROM documents d LEFT JOIN layers l ON l.doc_id = d.id AND l.name = ?"
                " WHERE l.version IS NULL OR l.version != ? ORDER BY d.seq",
                (name, version),
            )
        ]

    def save_layer(self, doc_id: str, name: str, version: str, spans: list[Span]) -> None:
        """Replace one document's layer; other layers are untouched."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM spans WHERE doc_id = ? AND layer = ?", (doc_id, name))
            conn.executemany(
                "INSERT INTO spans (doc_id, layer, start, end, label, attrs) VALUES (?, ?, ?, ?, ?, ?)",
                [(doc_id, name, s.start, s.end, s.label, json.dumps(dict(s.attrs), ensure_ascii=False)) for s in spans],
            )
            conn.execute("INSERT OR REPLACE INTO layers VALUES (?, ?, ?, ?)", (doc_id, name, version, now()))

    # -- corpus pass state ----------------------------------------------------------------

    def pass_state(self, name: str) -> tuple[str | None, int]:
        """(version, last seq processed) of a corpus pass; (None, 0) if it never ran."""
        row = self.conn.execute("SELECT version, last_seq FROM pass_state WHERE name = ?", (name,)).fetchone()
        return (row[0], row[1]) if row else (None, 0)

    def pending_documents(self, name: str, version: str, *,
                          reset: Callable[[Store], None]) -> list[tuple[int, Document]]:
        """(seq, Document) pairs a corpus pass has still to process.

        name (str): the pass. version (str): its current version; when the stored one differs
        (or the pass never ran), reset(self) clears the pass's output and every document is pending.
        RETURNS (list): the documents after the last seq the pass recorded, in ingest order.
        """
        stored_version, last_seq = self.pass_state(name)
        if stored_version != version:
            reset(self)
            last_seq = 0
        return list(self.iter_documents(after_seq=last_seq))

    def set_pass_state(self, name: str, version: str, last_seq: int) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO pass_state VALUES (?, ?, ?, ?)", (name, version, last_seq, now()))


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (complete_statement keeps triggers whole)."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip() and not buffer.strip().startswith("--"):
        statements.append(buffer.strip())
    return statements


def _document(row: sqlite3.Row) -> Document:
    return Document(
        id=row["id"], text=row["text"], title=row["title"], url=row["url"], outlet=row["outlet"],
        author=row["author"], published=date.fromisoformat(row["published"]) if row["published"] else None,
        source=row["source"], external_id=row["external_id"],
    )
