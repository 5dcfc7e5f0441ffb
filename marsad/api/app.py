"""The HTTP API (FastAPI; the OpenAPI document at /openapi.json) and the web UI on one app.

Reads are open on localhost; other machines (when bound beyond 127.0.0.1) and every write
(POST /api/documents) need the token from marsad.toml ([api] token) or MARSAD_TOKEN. Each request
reads through a read-only connection of its own (a pool); one lock-guarded writable Store does the
writes. Inputs are validated, bodies are limited ([api] max_request_mb), and every query is
parameterised (the SQL lives in marsad/store/). Settings: marsad.config.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from marsad.config import load_config
from marsad.errors import MarsadError
from marsad.store import Store, views
from marsad.store import events as events_sql
from marsad.store import stories as story_sql

MAX_LIMIT = 200
MAX_QUERY_CHARS = 300
ID_PATTERN = r"^[A-Za-z0-9_:.\-]{1,80}$"
TOKEN_COOKIE = "marsad_token"

NOT_FOUND = {"E302", "E304", "E350"}
STATUS = {"E352": 401, "E353": 413}

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
Text = Annotated[str | None, Query(max_length=MAX_QUERY_CHARS)]


class Readers:
    """A pool of read-only Stores: each request holds one for itself, so no connection is shared
    by two requests at once, whatever threads they run on."""

    def __init__(self, db_path: str) -> None:
        self.db_path = db_path
        self.idle: queue.SimpleQueue[Store] = queue.SimpleQueue()
        Store(db_path, readonly=True).close()  # fail now, with E301, if there is no database

    def acquire(self) -> Store:
        try:
            return self.idle.get_nowait()
        except queue.Empty:
            return Store(self.db_path, readonly=True)

    def release(self, store: Store) -> None:
        self.idle.put(store)

    @contextmanager
    def use(self) -> Iterator[Store]:
        store = self.acquire()
        try:
            yield store
        finally:
            self.release(store)


def _reader(request: Request) -> Iterator[Store]:
    with request.app.state.readers.use() as store:
        yield store


Reader = Annotated[Store, Depends(_reader)]


def create_app(db_path: str | Path, *, token: str | None = None, ui: bool = True,
               max_request_mb: float | None = None) -> FastAPI:
    """The marsad app for one database.

    db_path (str | Path): the SQLite file (it must exist).
    token (str): the write token; None takes it from the settings (marsad.toml [api] token, MARSAD_TOKEN).
        Without one, writes are refused.
    ui (bool): also serve the web UI at / (pages) and /static.
    max_request_mb (float): the largest request body; None takes [api] max_request_mb.
    """
    db_path = str(db_path)
    readers = Readers(db_path)
    settings = load_config()
    write_token = token if token is not None else settings.api_token
    limit_mb = max_request_mb if max_request_mb is not None else settings.api_max_request_mb
    write_lock = threading.Lock()
    # FastAPI's /docs and /redoc pages load their scripts from a CDN: off, so nothing leaves this
    # machine; the OpenAPI document itself is at /openapi.json.
    app = FastAPI(title="marsad", version="0.1.0", docs_url=None, redoc_url=None,
                  description="Arabic news: documents, search, entities, events, claims, stories, timelines, reuse.")
    app.state.readers = readers
    app.state.db_path = db_path

    @app.exception_handler(MarsadError)
    async def marsad_error(_: Request, exc: MarsadError) -> JSONResponse:
        status = 404 if exc.code in NOT_FOUND else STATUS.get(exc.code, 400)
        return JSONResponse({"error": exc.code, "message": str(exc)}, status_code=status)

    @app.middleware("http")
    async def guard(request: Request, call_next: Any) -> Response:
        """Refuse oversized bodies; let other machines in only with the token (reads are open on
        localhost). A browser gives the token once as ?token=...; a cookie keeps it."""
        length = request.headers.get("content-length")
        if length and (not length.isdigit() or int(length) > limit_mb * 1e6):
            err = MarsadError("E353", limit=limit_mb)
            return JSONResponse({"error": err.code, "message": str(err)}, status_code=413)
        host = request.client.host if request.client else ""
        from_query = request.query_params.get("token")
        if not is_loopback(host):
            given = from_query or request.cookies.get(TOKEN_COOKIE) or _bearer(request.headers.get("authorization"))
            if not token_matches(given, write_token):
                err = MarsadError("E356")
                return JSONResponse({"error": err.code, "message": str(err)}, status_code=401)
        response = await call_next(request)
        if from_query and token_matches(from_query, write_token):
            response.set_cookie(TOKEN_COOKIE, from_query, httponly=True, samesite="strict")
        return response

    # -- documents ---------------------------------------------------------------------------

    @app.get("/api/documents", tags=["documents"])
    def list_documents(store: Reader, outlet: Text = None, date_from: date | None = None,
                       date_to: date | None = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        """Documents, newest first."""
        rows = views.list_documents(store, outlet=outlet, date_from=_iso(date_from), date_to=_iso(date_to),
                                    limit=limit, offset=offset)
        return {"documents": rows, "total": store.count_documents()}

    @app.get("/api/documents/{doc_id}", tags=["documents"])
    def get_document(store: Reader, doc_id: Annotated[str, _path_id()]) -> dict[str, Any]:
        """One document: text, paragraphs with their reprint sources, layers, resolved mentions, date, stories."""
        return document_view(store, doc_id)

    @app.post("/api/documents", tags=["documents"], status_code=201)
    async def post_documents(request: Request, process: bool = False,
                             authorization: Annotated[str | None, Header(max_length=500)] = None) -> dict[str, Any]:
        """Ingest articles: a JSON object, an array of objects or JSON lines, each with `text` and
        optional `title`, `url`, `outlet`, `author`, `published`. `process=true` also annotates them.
        Needs 'Authorization: Bearer TOKEN'."""
        if not token_matches(_bearer(authorization), write_token):
            raise MarsadError("E352")
        body = await _read_limited(request, limit_mb)
        with write_lock:
            return ingest_body(db_path, body, json_lines=request.headers.get("content-type", "").startswith(
                "application/x-ndjson"), process=process)

    # -- search, entities, events, claims ----------------------------------------------------

    @app.get("/api/search", tags=["search"])
    def search_documents(store: Reader, q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS)],
                         outlet: Text = None, date_from: date | None = None, date_to: date | None = None,
                         limit: Annotated[int, Query(ge=1, le=100)] = 20, offset: Offset = 0) -> dict[str, Any]:
        """Full-text search with Arabic-aware keys; snippets mark matches with <mark>."""
        from marsad.search import search

        hits = search(store, q, outlet=outlet, date_from=date_from, date_to=date_to, limit=limit, offset=offset)
        return {"query": q, "hits": [h.to_json() for h in hits]}

    @app.get("/api/entities", tags=["entities"])
    def list_entities(store: Reader, q: Text = None,
                      type: Annotated[str | None, Query(pattern="^(PER|ORG|LOC|MISC)$")] = None,
                      limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        """Entities, most mentioned first; q matches names, Latin names and aliases."""
        if not story_sql.has_rows(store, "entities"):
            return {"entities": []}
        return {"entities": views.list_entities(store, query=q, etype=type, limit=limit, offset=offset)}

    @app.get("/api/entities/{entity_id}", tags=["entities"])
    def get_entity(store: Reader, entity_id: Annotated[str, _path_id(200)]) -> dict[str, Any]:
        """An entity (by id, name or alias): aliases, roles over time, documents, co-occurring entities, events, network."""
        return entity_view(store, entity_id)

    @app.get("/api/events", tags=["events"])
    def list_events(store: Reader, type: Annotated[str | None, Query(max_length=40)] = None,
                    date_from: date | None = None, date_to: date | None = None,
                    limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
        """Merged events in date order, with sources and denials."""
        from marsad.timeline import build_events

        if not story_sql.has_rows(store, "events"):
            return {"events": []}
        rows = events_sql.list_events(store, event_type=type, date_from=_iso(date_from), date_to=_iso(date_to),
                                      limit=limit, offset=offset)
        return {"events": build_events(store, [r["id"] for r in rows])}

    @app.get("/api/events/{event_id}", tags=["events"])
    def get_event(store: Reader, event_id: Annotated[str, _path_id()]) -> Any:
        from marsad.timeline import build_events

        events = build_events(store, [event_id])
        if not events:
            return JSONResponse({"error": "E404", "message": f"No event with id '{event_id}'."}, status_code=404)
        return events[0]

    @app.get("/api/claims", tags=["claims"])
    def list_claims(store: Reader, doc_id: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
                    stance: Annotated[str | None, Query(max_length=20)] = None,
                    limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
        """Claims (reported statements) with their source, source type and stance."""
        rows = views.layer_spans(store, "claims", doc_id=doc_id, limit=limit if not stance else MAX_LIMIT * 5,
                                 offset=offset)
        if stance:
            rows = [r for r in rows if r["attrs"].get("stance") == stance][:limit]
        return {"claims": rows}

    # -- stories, timelines, reuse -----------------------------------------------------------

    @app.get("/api/stories", tags=["stories"])
    def list_stories(store: Reader, q: Text = None, min_size: Annotated[int, Query(ge=1, le=100000)] = 1,
                     limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        """Stories, largest first, with their label and span of dates."""
        return {"stories": story_sql.list_stories(store, limit=limit, offset=offset, min_size=min_size, query=q)}

    @app.get("/api/stories/{story_id}", tags=["stories"])
    def get_story(store: Reader, story_id: Annotated[str, _path_id()]) -> dict[str, Any]:
        story = story_sql.get_story(store, story_id)
        if story is None:
            raise MarsadError("E350", story_id=story_id)
        return story

    @app.get("/api/timeline", tags=["timelines"])
    def get_timeline(store: Reader, story: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
                     entity: Annotated[str | None, Query(max_length=200)] = None,
                     pair: Annotated[str | None, Query(max_length=401, description="two entities, 'a,b'")] = None,
                     q: Text = None, format: Annotated[str, Query(pattern="^(json|csv|md)$")] = "json") -> Any:
        """The events of a story, an entity, a pair of entities or a search, in date order (json, csv or md)."""
        from marsad.timeline import build_timeline, render

        pair_ids = _pair(pair) if pair else None
        timeline = build_timeline(store, story=story, entity=entity, pair=pair_ids, query=q)
        if format == "json":
            return timeline.to_json()
        media = "text/csv" if format == "csv" else "text/markdown"
        return PlainTextResponse(render(timeline, format), media_type=f"{media}; charset=utf-8")

    @app.get("/api/reuse", tags=["reuse"])
    def list_reuse(store: Reader, doc_id: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
                   limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
        """Reused passages: passage of a reappears in b ('a->b': a is the earlier source)."""
        return {"links": views.reuse_links(store, doc_id=doc_id, limit=limit, offset=offset)}

    @app.get("/api/reuse/{link_id}", tags=["reuse"])
    def get_reuse(store: Reader, link_id: int) -> Any:
        """One reuse link with both passages, for a side-by-side view."""
        link = views.reuse_link(store, link_id)
        if link is None:
            return JSONResponse({"error": "E404", "message": f"No reuse link {link_id}."}, status_code=404)
        return link

    if ui:
        from marsad.web import mount_ui

        mount_ui(app, readers)
    return app


def app_from_env() -> FastAPI:
    """The app for uvicorn's worker processes (`factory=True`): MARSAD_DB names the database; the
    token comes from MARSAD_TOKEN or marsad.toml as usual."""
    return create_app(os.environ["MARSAD_DB"])


def is_loopback(host: str) -> bool:
    """Whether a client address is this machine."""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def token_matches(given: str | None, token: str | None) -> bool:
    """A constant-time comparison; no configured token matches nothing."""
    return bool(token) and bool(given) and hmac.compare_digest(str(given).encode(), str(token).encode())


def _bearer(header: str | None) -> str:
    return (header or "").removeprefix("Bearer ").strip()


def _path_id(max_length: int = 80) -> Any:
    from fastapi import Path as PathParam

    return PathParam(min_length=1, max_length=max_length)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _pair(value: str) -> tuple[str, str]:
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 2 or not all(parts):
        raise MarsadError("E351")
    return parts[0], parts[1]


async def _read_limited(request: Request, limit_mb: float) -> bytes:
    """The body, refused once it passes the limit even when no Content-Length was sent."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit_mb * 1e6:
            raise MarsadError("E353", limit=limit_mb)
        chunks.append(chunk)
    return b"".join(chunks)


def ingest_body(db_path: str, body: bytes, *, json_lines: bool = False, process: bool = False) -> dict[str, Any]:
    """Ingest a request body of JSON (object or array) or JSON lines through marsad's readers.

    RETURNS (dict): added ids, duplicates and rejected records with their reasons.
    """
    from marsad.ingest import MIN_ARABIC_SHARE, to_document
    from marsad.ingest.readers import Article, read_bytes
    from marsad.text import arabic_share

    docs, rejected = [], []
    for record in read_bytes(body, name="request.jsonl" if json_lines else "request.json", source="api"):
        if isinstance(record, Article):
            share = arabic_share(record.text)
            if share < MIN_ARABIC_SHARE:
                rejected.append({"source": record.source,
                                 "reason": str(MarsadError("E113", source=record.source, share=share))})
                continue
            docs.append(to_document(record))
        else:
            rejected.append({"source": record.source, "reason": record.reason})
    with Store(db_path) as store:
        added = store.add_documents(docs)
        for item in rejected:
            store.add_rejected(item["source"], item["reason"])
        summary: dict[str, Any] = {"added": added, "duplicates": len(docs) - len(added), "rejected": rejected}
        if process and added:
            from marsad.pipeline import process as run_pipeline

            summary["processed"] = run_pipeline(store, workers=1).to_json()
    return summary


def document_view(store: Store, doc_id: str) -> dict[str, Any]:
    """Everything the document page shows, as JSON."""
    from marsad.cli.show import document_json

    doc = store.get_document(doc_id)
    if doc is None:
        raise MarsadError("E302", doc_id=doc_id)
    data = document_json(store, doc)
    data["mentions"] = views.document_mentions(store, doc.id) if story_sql.has_rows(store, "entity_mentions") else []
    data["date"] = views.doc_date(store, doc.id)
    data["stories"] = story_sql.stories_of_document(store, doc.id)
    data["reuse_links"] = views.reuse_links(store, doc_id=doc.id)
    data["duplicates"] = views.duplicate_group(store, doc.id)
    return data


def entity_view(store: Store, key: str, *, network_size: int = 15) -> dict[str, Any]:
    """Everything the entity page shows, as JSON: the network is the entity, its top co-occurring
    entities, and the links among them weighted by shared documents."""
    from marsad.timeline import build_events, entity_event_ids

    ent = views.find_entity(store, key) if story_sql.has_rows(store, "entities") else None
    if ent is None:
        raise MarsadError("E304", name=key)
    neighbours = views.cooccurring(store, ent["id"], limit=network_size)
    nodes = [{"id": ent["id"], "name": ent["name"], "latin": ent["latin"], "type": ent["type"], "weight": ent["documents"]}]
    nodes += [{"id": n["id"], "name": n["name"], "latin": n["latin"], "type": n["type"], "weight": n["shared"]}
              for n in neighbours]
    edges = [{"source": a, "target": b, "weight": w} for a, b, w in views.pair_counts(store, [n["id"] for n in nodes])]
    return {**ent, "aliases": views.entity_aliases(store, ent["id"]), "roles": views.entity_roles(store, ent["id"]),
            "documents_list": views.entity_documents(store, ent["id"]), "cooccurring": neighbours,
            "events": build_events(store, entity_event_ids(store, ent)), "network": {"nodes": nodes, "edges": edges}}
