"""Ingest: files, folders, globs and archives into the store, one batch transaction at a time.

A bad file or record is reported by name with its reason, recorded in the `rejected` table,
and the batch goes on. Re-ingesting the same text is a no-op (the id hashes the normalised text).
"""

from __future__ import annotations

import glob
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from marsad.document import Document, document_id
from marsad.errors import MarsadError
from marsad.ingest.readers import SUFFIXES, Article, Record, Rejection, parse_date, read_bytes, read_manifest
from marsad.registry import Progress
from marsad.store import Store
from marsad.text import arabic_share, fold

__all__ = ["IngestReport", "ingest", "read_paths", "to_document", "Article", "Rejection"]

# Documents per write transaction: large enough to amortise commits, small enough that a crash
# loses little and memory stays flat on any corpus size.
BATCH_SIZE = 500
DEFAULT_MAX_MB = 200
# Share of Arabic letters below which a text is not taken as an Arabic article. Low on purpose:
# Arabic reviews that list Latin film or book titles run at 15-30% (seen in SaudiNewsNet).
MIN_ARABIC_SHARE = 0.1

_SPACES = re.compile(r"\s+")


@dataclass
class IngestReport:
    """What an ingest run did."""

    added: int = 0
    duplicates: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "added": self.added, "duplicates": self.duplicates,
            "rejected": [{"source": r.source, "reason": r.reason} for r in self.rejected],
        }


def to_document(article: Article) -> Document:
    """An Article as a Document whose id is the hash of its normalised, whitespace-folded text."""
    key = _SPACES.sub(" ", fold(article.text)).strip()
    return Document(
        id=document_id(key), text=article.text, title=article.title, url=article.url, outlet=article.outlet,
        author=article.author, published=article.published, source=article.source, external_id=article.external_id,
    )


def expand_paths(paths: Iterable[str]) -> list[Path]:
    """Files named, found under folders (recursively) or matched by globs, in a stable order."""
    files: list[Path] = []
    for given in paths:
        matches = [Path(p) for p in sorted(glob.glob(given, recursive=True))] or [Path(given)]
        for path in matches:
            if path.is_dir():
                files.extend(p for p in sorted(path.rglob("*")) if p.is_file() and p.suffix.lower() in SUFFIXES
                             and not p.name.startswith("."))
            elif path.exists():
                files.append(path)
            else:
                raise MarsadError("E101", pattern=given)
    return list(dict.fromkeys(files))


def read_paths(paths: Iterable[str], *, max_mb: float = DEFAULT_MAX_MB, any_language: bool = False) -> Iterator[Record]:
    """Every Article or Rejection in the given paths; manifests add metadata to the files they name."""
    files = expand_paths(paths)
    manifests: dict[Path, dict[str, object]] = {}
    manifest_files: set[Path] = set()
    for path in files:
        entries = read_manifest(path) if path.suffix.lower() == ".jsonl" else None
        if entries is not None:
            manifest_files.add(path)
            manifests.update({(path.parent / name).resolve(): meta for name, meta in entries.items()})
    for path in files:
        if path in manifest_files:
            continue
        source = str(path)
        size_mb = path.stat().st_size / 1e6
        if size_mb > max_mb:
            yield Rejection(source, str(MarsadError("E106", source=source, limit=max_mb)))
            continue
        for record in read_bytes(path.read_bytes(), name=path.name, source=source):
            if isinstance(record, Article):
                meta = manifests.get(path.resolve())
                if meta:
                    _apply_manifest(record, meta)
                share = arabic_share(record.text)
                if not any_language and share < MIN_ARABIC_SHARE:
                    record = Rejection(record.source, str(MarsadError("E113", source=record.source, share=share)))
            yield record


def _apply_manifest(article: Article, meta: dict[str, object]) -> None:
    article.published = parse_date(meta.get("published")) or article.published
    for key in ("outlet", "title", "url", "author"):
        if meta.get(key):
            setattr(article, key, str(meta[key]))
    if meta.get("id") is not None:
        article.external_id = str(meta["id"])


def ingest(store: Store, paths: Iterable[str], *, progress: Progress | None = None, max_mb: float = DEFAULT_MAX_MB,
           any_language: bool = False) -> IngestReport:
    """Read paths into the store in batch transactions.

    A batch that fails to write is rolled back alone; documents of earlier batches stay stored.
    RETURNS (IngestReport): counts, rejected records and the ids of new documents.
    """
    progress = progress or Progress()
    report = IngestReport()
    progress.start("ingest", None)
    batch: list[Document] = []
    for record in read_paths(paths, max_mb=max_mb, any_language=any_language):
        if isinstance(record, Rejection):
            report.rejected.append(record)
            store.add_rejected(record.source, record.reason)
            continue
        batch.append(to_document(record))
        if len(batch) >= BATCH_SIZE:
            _flush(store, batch, report, progress)
    _flush(store, batch, report, progress)
    progress.finish()
    return report


def _flush(store: Store, batch: list[Document], report: IngestReport, progress: Progress) -> None:
    if not batch:
        return
    added_ids = store.add_documents(batch)
    report.added += len(added_ids)
    report.duplicates += len(batch) - len(added_ids)
    report.doc_ids.extend(added_ids)
    progress.advance(len(batch))
    batch.clear()
