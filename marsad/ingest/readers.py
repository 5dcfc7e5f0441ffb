"""Readers for the formats a user will have: .txt, JSON Lines, JSON arrays, HTML, RSS/Atom, zip.

Each reader yields `Article` records or `Rejection`s; it never stops the batch for one bad record.
"""

from __future__ import annotations

import html
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from marsad.errors import MarsadError
from marsad.ingest.clean import split_title
from marsad.ingest.decode import decode

TEXT_FIELDS = ("text", "content", "body", "article")
SUFFIXES = {".txt", ".jsonl", ".json", ".html", ".htm", ".xml", ".rss", ".atom", ".zip"}


@dataclass
class Article:
    """One article as read, before it becomes a Document."""

    text: str
    source: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: date | None = None
    external_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Rejection:
    """A file, archive member or line that could not be read, and why."""

    source: str
    reason: str


Record = Article | Rejection


def parse_date(value: Any) -> date | None:
    """A publication date from ISO strings, datetimes or feed time tuples; None if unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if hasattr(value, "tm_year"):
        return date(value.tm_year, value.tm_mon, value.tm_mday)
    text = str(value).strip().replace("/", "-")
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError):
        return None


def read_bytes(data: bytes, *, name: str, source: str) -> Iterator[Record]:
    """Dispatch one file's bytes to the reader for its suffix."""
    suffix = PurePosixPath(name).suffix.lower()
    try:
        if suffix == ".zip":
            yield from _read_zip(data, source=source)
        elif suffix == ".txt":
            yield _read_txt(data, source=source)
        elif suffix == ".jsonl":
            yield from _read_jsonl(data, source=source)
        elif suffix == ".json":
            yield from _read_json(data, source=source)
        elif suffix in (".html", ".htm"):
            yield _read_html(data, source=source)
        elif suffix in (".xml", ".rss", ".atom"):
            yield from _read_feed(data, source=source)
        else:
            yield Rejection(source, str(MarsadError("E111", source=source, suffix=suffix or "(none)")))
    except MarsadError as exc:
        yield Rejection(source, str(exc))


def _read_txt(data: bytes, *, source: str) -> Record:
    title, body = split_title(decode(data, source=source))
    if not body:
        return Rejection(source, str(MarsadError("E103", source=source)))
    return Article(text=body, title=title, source=source)


def article_from_json(obj: Any, *, source: str) -> Record:
    """One JSON object (JSONL line, array item) as an Article: text/content, title, url, published, ..."""
    if not isinstance(obj, dict):
        return Rejection(source, str(MarsadError("E104", source=source, detail="expected an object")))
    text = next((obj[k] for k in TEXT_FIELDS if isinstance(obj.get(k), str) and obj[k].strip()), None)
    if text is None:
        return Rejection(source, str(MarsadError("E105", source=source)))
    published = obj.get("published") or obj.get("date") or obj.get("date_extracted")
    return Article(
        text=text.replace("\r\n", "\n").strip(),
        source=source,
        # Crawled titles often keep HTML entities (&quot; in SaudiNewsNet); bodies rarely do.
        title=html.unescape(obj.get("title") or "").strip() or None,
        url=obj.get("url"),
        outlet=obj.get("outlet") or obj.get("source"),
        author=(obj.get("author") or "").strip() or None,
        published=parse_date(published),
        external_id=str(obj["id"]) if obj.get("id") is not None else None,
    )


def _read_jsonl(data: bytes, *, source: str) -> Iterator[Record]:
    for lineno, line in enumerate(decode(data, source=source).split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Rejection(where, str(MarsadError("E104", source=where, detail=exc.msg)))
            continue
        yield article_from_json(obj, source=where)


def _read_json(data: bytes, *, source: str) -> Iterator[Record]:
    try:
        obj = json.loads(decode(data, source=source))
    except json.JSONDecodeError as exc:
        yield Rejection(source, str(MarsadError("E104", source=source, detail=f"{exc.msg}, line {exc.lineno}")))
        return
    items = obj if isinstance(obj, list) else obj.get("articles", [obj]) if isinstance(obj, dict) else [obj]
    for index, item in enumerate(items):
        yield article_from_json(item, source=f"{source}[{index}]" if isinstance(obj, list) else source)


def _read_html(data: bytes, *, source: str) -> Record:
    import trafilatura

    html = decode(data, source=source)
    result = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, favor_recall=True)
    text = getattr(result, "text", None) if result is not None else None
    if not text or not text.strip():
        return Rejection(source, str(MarsadError("E107", source=source)))
    return Article(
        text=text.strip(), source=source, title=getattr(result, "title", None), url=getattr(result, "url", None),
        outlet=getattr(result, "sitename", None), author=getattr(result, "author", None),
        published=parse_date(getattr(result, "date", None)),
    )


def _read_feed(data: bytes, *, source: str) -> Iterator[Record]:
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        detail = str(feed.get("bozo_exception") or "no entries")
        yield Rejection(source, str(MarsadError("E108", source=source, detail=detail)))
        return
    outlet = feed.feed.get("title")
    for index, entry in enumerate(feed.entries):
        where = f"{source}#{index}"
        html = entry.content[0].value if entry.get("content") else entry.get("summary", "")
        text = _html_to_text(html)
        if not text:
            yield Rejection(where, str(MarsadError("E105", source=where)))
            continue
        yield Article(
            text=text, source=where, title=entry.get("title"), url=entry.get("link"), outlet=outlet,
            author=entry.get("author"),
            published=parse_date(entry.get("published_parsed") or entry.get("updated_parsed")),
            external_id=entry.get("id"),
        )


def _html_to_text(html: str) -> str:
    import lxml.html

    if not html.strip():
        return ""
    if "<" not in html:
        return html.strip()
    root = lxml.html.fromstring(html)
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks = [" ".join(el.text_content().split()) for el in root.iter("p", "div", "li", "h1", "h2", "h3")]
    blocks = [b for b in blocks if b]
    return "\n".join(blocks) if blocks else " ".join(root.text_content().split())


def _read_zip(data: bytes, *, source: str) -> Iterator[Record]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir() and not _hidden(m.filename)]
    except zipfile.BadZipFile as exc:
        yield Rejection(source, str(MarsadError("E109", source=source, detail=str(exc))))
        return
    for member in sorted(members, key=lambda m: m.filename):
        where = f"{source}!{member.filename}"
        try:
            content = archive.read(member)
        except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
            yield Rejection(where, str(MarsadError("E109", source=where, detail=str(exc))))
            continue
        yield from read_bytes(content, name=member.filename, source=where)


def _hidden(name: str) -> bool:
    return any(part.startswith((".", "__MACOSX")) for part in PurePosixPath(name).parts)


def read_manifest(path: Path) -> dict[str, dict[str, Any]] | None:
    """A seeds.jsonl-style manifest (lines with "file" and no text) as {file name: metadata}; else None."""
    try:
        lines = [line for line in path.read_text(encoding="utf-8-sig").splitlines() if line.strip()]
        records = [json.loads(line) for line in lines]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not records or not all(isinstance(r, dict) and "file" in r and not any(k in r for k in TEXT_FIELDS) for r in records):
        return None
    return {str(r["file"]): r for r in records}
