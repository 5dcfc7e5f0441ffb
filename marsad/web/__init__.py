"""The web UI: server-rendered Arabic (right-to-left) pages over the same queries as the API.

Pages: search (/), document, entity (with a small network graph), entities, stories, story (with
an interactive timeline), timeline (story, entity, pair, search or all events) and the reuse view.
Every asset is in marsad/web/static and served from /static; nothing comes from a CDN.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from marsad.errors import MarsadError
from marsad.store import stories as story_sql
from marsad.store import views
from marsad.web.render import annotated, document_marks, snippet

if TYPE_CHECKING:
    from marsad.api.app import Readers

WEB_DIR = Path(__file__).resolve().parent
ENTITY_TYPES = {"PER": "شخص", "ORG": "منظمة", "LOC": "مكان", "MISC": "أخرى"}
SOURCE_TYPES = {"official": "رسمي", "named_person": "شخص مسمى", "anonymous": "مجهول", "media": "وسيلة إعلام",
                "agency": "وكالة", "unattributed": "غير منسوب"}


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(WEB_DIR / "templates"), autoescape=select_autoescape(["html"]))
    env.globals.update(entity_types=ENTITY_TYPES, source_types=SOURCE_TYPES)
    env.filters["tojson_safe"] = lambda v: Markup(json.dumps(v, ensure_ascii=False).replace("<", "\\u003c"))
    # ISO dates keep their left-to-right order inside Arabic text (digits after Arabic letters would
    # otherwise be reordered: 2016-11-30 shown as 30-11-2016).
    env.filters["iso"] = lambda v: Markup('<bdi dir="ltr">{}</bdi>').format(v) if v else ""
    # Only web addresses become links: an ingested "javascript:" URL must not run in the page.
    env.filters["web_url"] = lambda v: v if isinstance(v, str) and v.lower().startswith(("http://", "https://")) else ""
    return env


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def mount_ui(app: FastAPI, readers: Readers) -> None:
    """Add the pages and /static to `app`."""
    from marsad.api.app import document_view, entity_view
    from marsad.timeline import build_timeline

    env = _env()
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")

    def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(name).render(**context), status_code=status)

    @app.exception_handler(404)
    async def not_found(request: Request, exc: Exception) -> Any:
        from fastapi.exception_handlers import http_exception_handler

        if request.url.path.startswith("/api/"):
            return await http_exception_handler(request, exc)
        return page("error.html", 404, title="غير موجود", message="الصفحة غير موجودة.")

    def guarded(func: Any) -> Any:
        """Coded errors become an error page with the sentence, not a traceback."""
        from functools import wraps

        @wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return func(*args, **kwargs)
            except MarsadError as exc:
                status = 404 if exc.code in {"E302", "E304", "E350"} else 400
                return page("error.html", status, title="خطأ", message=str(exc))
        return wrapper

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    @guarded
    def home(q: str = "", outlet: str = "", date_from: str = "", date_to: str = "", offset: int = 0) -> Any:
        from marsad.search import search

        with readers.use() as store:
            q, outlet = q[:300].strip(), outlet[:200]
            offset = max(0, min(offset, 100_000))
            hits = []
            if q:
                found = search(store, q, outlet=outlet or None, date_from=_date(date_from), date_to=_date(date_to),
                               limit=20, offset=offset)
                hits = [{"hit": h, "snippet": snippet(h.text, h.snippet, h.highlights)} for h in found]
            recent = [] if q else views.list_documents(store, limit=15)
            stories = [] if q else story_sql.list_stories(store, limit=10, min_size=2)
            return page("search.html", title="بحث", q=q, outlet=outlet, date_from=date_from, date_to=date_to,
                        outlets=views.outlets(store), hits=hits, offset=offset, recent=recent, stories=stories,
                        total=store.count_documents())

    @app.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    @guarded
    def document_page(doc_id: str) -> Any:
        with readers.use() as store:
            doc = document_view(store, doc_id[:80])
            marks = document_marks(doc)
            links_by_paragraph = {}
            for p in doc["paragraphs"]:
                links_by_paragraph[p["index"]] = [
                    link for link in doc["reuse_links"]
                    if (link["b_doc"] == doc["id"] and link["b_start"] < p["end"] and link["b_end"] > p["start"])
                    or (link["a_doc"] == doc["id"] and link["a_start"] < p["end"] and link["a_end"] > p["start"])]
            paragraphs = [{"index": p["index"], "html": annotated(doc["text"], p["start"], p["end"], marks),
                           "reuse": links_by_paragraph[p["index"]]} for p in doc["paragraphs"]]
            claims = doc["layers"].get("claims", [])
            return page("document.html", title=doc["title"] or doc["id"], doc=doc, paragraphs=paragraphs,
                        claims=[{**c, "text": doc["text"][c["start"]:c["end"]]} for c in claims])

    @app.get("/entities", response_class=HTMLResponse, include_in_schema=False)
    @guarded
    def entities_page(q: str = "", type: str = "") -> Any:
        with readers.use() as store:
            rows = (views.list_entities(store, query=q[:200] or None, etype=type if type in ENTITY_TYPES else None,
                                        limit=200) if story_sql.has_rows(store, "entities") else [])
            return page("entities.html", title="الكيانات", entities=rows, q=q, type=type)

    @app.get("/entities/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    @guarded
    def entity_page(entity_id: str) -> Any:
        with readers.use() as store:
            ent = entity_view(store, entity_id[:200])
        return page("entity.html", title=ent["name"], ent=ent)

    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    @guarded
    def stories_page(q: str = "", offset: int = 0) -> Any:
        offset = max(0, min(offset, 1_000_000))
        with readers.use() as store:
            rows = story_sql.list_stories(store, limit=100, offset=offset, query=q[:200] or None)
        return page("stories.html", title="القصص", stories=rows, offset=offset, q=q)

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    @guarded
    def story_page(story_id: str) -> Any:
        with readers.use() as store:
            story = story_sql.get_story(store, story_id[:80])
            if story is None:
                raise MarsadError("E350", story_id=story_id[:80])
            timeline = build_timeline(store, story=story["id"])
            return page("story.html", title=story["label"], story=story, timeline=timeline.to_json())

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    @guarded
    def timeline_page(story: str = "", entity: str = "", a: str = "", b: str = "", q: str = "") -> Any:
        with readers.use() as store:
            pair = (a[:200], b[:200]) if a and b else None
            timeline = build_timeline(store, story=story[:80] or None, entity=entity[:200] or None, pair=pair,
                                      query=q[:300] or None)
            return page("timeline.html", title=timeline.title, timeline=timeline.to_json(), story=story, entity=entity,
                        a=a, b=b, q=q)

    @app.get("/reuse/{link_id}", response_class=HTMLResponse, include_in_schema=False)
    @guarded
    def reuse_page(link_id: int) -> Any:
        with readers.use() as store:
            link = views.reuse_link(store, link_id)
        if link is None:
            return page("error.html", 404, title="غير موجود", message=f"No reuse link {link_id}.")
        return page("reuse.html", title="نص منقول", link=link)
