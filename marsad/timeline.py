"""Timelines: the events of a story, an entity, a pair of entities or a search, in date order.

One builder serves the CLI (`marsad timeline`), the HTTP API, the web UI and the exports. Each
event carries its date and granularity (and whether the date was inferred, and from what), its
type, participants and place, every report with its source and source type, the count of
independent reports, the denials, and links to the evidence sentences.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from marsad.errors import MarsadError
from marsad.store import Store, views
from marsad.store import events as events_sql
from marsad.store import stories as story_sql

# A timeline is one page: past this many events the rest are counted, not listed.
MAX_EVENTS = 1000
# Characters of an article's title that stand for an unattributed source.
TITLE_CHARS = 40
# Documents of a search whose events make its timeline.
SEARCH_DOCS = 200

CSV_COLUMNS = ["date", "date_end", "granularity", "date_inferred", "type", "mode", "actor", "recipient", "place",
               "negated", "hypothetical", "reports", "independent_reports", "sources", "denied_by", "evidence", "id"]


@dataclass
class Timeline:
    """Events in date order (undated ones last).

    kind (str): story, entity, pair, query or all. subject (str): what was asked for.
    title (str): a heading for people. events (list[dict]): see `event_json`.
    """

    kind: str
    subject: str
    title: str
    events: list[dict[str, Any]] = field(default_factory=list)
    truncated: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "subject": self.subject, "title": self.title, "count": len(self.events),
                "truncated": self.truncated, "events": self.events}

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for event in self.events:
            writer.writerow(flat_event(event))
        return out.getvalue()

    def to_markdown(self) -> str:
        lines = [f"# {self.title}", "",
                 "| when | what | who | with whom | where | according to | reports | denied by | evidence |",
                 "|---|---|---|---|---|---|---|---|---|"]
        for event in self.events:
            flat = flat_event(event)
            when = display_date(event)
            what = event["type"] + (f" ({event['mode']})" if event.get("mode") else "")
            if event["negated"]:
                what += " [negated]"
            if event["hypothetical"]:
                what += " [hypothetical]"
            reports = f"{event['reports']} ({event['independent_reports']} independent)"
            cells = [when, what, flat["actor"], flat["recipient"], flat["place"], flat["sources"], reports,
                     flat["denied_by"] or "—", flat["evidence"]]
            lines.append("| " + " | ".join(_md_cell(c) for c in cells) + " |")
        if self.truncated:
            lines += ["", f"… and {self.truncated} more events."]
        return "\n".join(lines) + "\n"


def _md_cell(value: Any) -> str:
    return str(value or "—").replace("|", "\\|").replace("\n", " ")


def display_date(event: dict[str, Any]) -> str:
    """The date as a reader sees it: a range when there is an end, '~' when inferred, 'undated' when none."""
    if not event.get("date"):
        return "undated"
    text = event["date"] + (f" / {event['date_end']}" if event.get("date_end") else "")
    return f"~{text} (inferred)" if event.get("date_inferred") else text


def _party(event: dict[str, Any], role: str) -> str:
    party = event.get(role) or {}
    name = party.get("name") or party.get("text") or ""
    if party.get("latin"):
        name += f" ({party['latin']})"
    return name


def source_name(source: dict[str, Any]) -> str:
    """Who says so: the source as written, else the outlet, else the article's title (unattributed)."""
    if source.get("source_text"):
        return source["source_text"]
    if source.get("outlet"):
        return source["outlet"]
    title = source.get("title") or source["doc_id"]
    return f"«{title[:TITLE_CHARS]}…»" if len(title) > TITLE_CHARS else f"«{title}»"


def flat_event(event: dict[str, Any]) -> dict[str, Any]:
    """One event as a flat row (CSV columns)."""
    sources = []
    for source in event["sources"]:
        who = source_name(source)
        kind = source.get("source_type") or "unattributed"
        sources.append(f"{who} ({kind}{', reprint' if source.get('is_reprint') else ''})")
    denied = [source_name(d) for d in event["denials"]]
    return {
        "id": event["id"], "date": event["date"] or "", "date_end": event["date_end"] or "",
        "granularity": event["granularity"] or "", "date_inferred": int(bool(event["date_inferred"])),
        "type": event["type"], "mode": event["mode"] or "", "actor": _party(event, "actor"),
        "recipient": _party(event, "recipient"), "place": _party(event, "place"),
        "negated": int(bool(event["negated"])), "hypothetical": int(bool(event["hypothetical"])),
        "reports": event["reports"], "independent_reports": event["independent_reports"],
        "sources": "; ".join(dict.fromkeys(sources)), "denied_by": "; ".join(dict.fromkeys(denied)),
        "evidence": " ".join(dict.fromkeys(s["evidence"] for s in event["sources"])),
    }


def sort_key(value: str | None) -> tuple[int, str]:
    """Dates of any granularity in time order: weeks (2023-W37) placed at their Monday; undated last."""
    if not value:
        return (1, "")
    if "-W" in value:
        try:
            year, week = value.split("-W")
            return (0, date.fromisocalendar(int(year), int(week[:2]), 1).isoformat())
        except ValueError:
            return (0, value)
    return (0, value)


def evidence_link(doc_id: str, start: int, end: int) -> str:
    """The web UI's address of a sentence: the document page, scrolled to and marking the range."""
    return f"/documents/{doc_id}#s-{start}-{end}"


def build_events(store: Store, event_ids: list[str]) -> list[dict[str, Any]]:
    """Full timeline entries for events, in date order."""
    if not event_ids or not story_sql.has_rows(store, "events"):
        return []
    rows = views.events_by_ids(store, event_ids)
    reports: dict[str, list[dict[str, Any]]] = {}
    for report in views.event_reports(store, [r["id"] for r in rows]):
        reports.setdefault(report.pop("event_id"), []).append(report)
    labels = views.entity_labels(store, [r[k] for r in rows for k in ("actor_entity", "recipient_entity", "place_entity")])
    events = [event_json(row, reports.get(row["id"], []), labels) for row in rows]
    events.sort(key=lambda e: (sort_key(e["date"]), e["date_end"] or "", e["id"]))
    return events


def event_json(row: dict[str, Any], reports: list[dict[str, Any]], labels: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """One event with its parties, sources, denials and evidence links."""
    attrs = json.loads(row.get("attrs") or "{}") if isinstance(row.get("attrs"), str) else dict(row.get("attrs") or {})

    def party(role: str) -> dict[str, Any] | None:
        entity_id, text = row.get(f"{role}_entity"), row.get(f"{role}_text")
        if not entity_id and not text:
            return None
        label = labels.get(entity_id or "", {})
        return {"entity_id": entity_id, "text": text, "name": label.get("name") or text, "latin": label.get("latin")}

    sources = []
    for r in reports:
        sources.append({
            "doc_id": r["doc_id"], "title": r.get("title"), "outlet": r.get("outlet"), "url": r.get("url"),
            "doc_date": r.get("doc_date"), "source_text": r.get("source_text"),
            "source_type": r.get("source_type") or "unattributed", "stance": r.get("stance") or "assert",
            "is_reprint": bool(r.get("is_reprint")), "origin_doc": r.get("origin_doc"),
            "sentence": r.get("sentence"), "sentence_start": r["sentence_start"], "sentence_end": r["sentence_end"],
            "trigger_start": r["trigger_start"], "trigger_end": r["trigger_end"],
            "evidence": evidence_link(r["doc_id"], r["sentence_start"], r["sentence_end"]),
        })
    return {
        "id": row["id"], "type": row["type"], "mode": row.get("mode"), "cameo": row.get("cameo"),
        "date": row.get("date"), "date_end": row.get("date_end"), "granularity": row.get("granularity"),
        "date_inferred": bool(row.get("date_inferred")), "date_evidence": row.get("date_evidence"),
        "actor": party("actor"), "recipient": party("recipient"), "place": party("place"),
        "participants": attrs.get("participants") or [],
        "negated": bool(row.get("negated")), "hypothetical": bool(row.get("hypothetical")),
        "confidence": row.get("confidence"),
        "reports": row.get("reports") or len(sources),
        "independent_reports": row.get("independent_reports") or len({s["doc_id"] for s in sources if not s["is_reprint"]}),
        "sources": sources,
        "denials": [s for s in sources if s["stance"] == "deny"],
        "attrs": attrs,
    }


def build_timeline(store: Store, *, story: str | None = None, entity: str | None = None,
                   pair: tuple[str, str] | None = None, query: str | None = None,
                   limit: int = MAX_EVENTS) -> Timeline:
    """The timeline of one subject: a story id, an entity (id, name or alias), a pair, or a search query;
    with none, every event.

    RAISES MarsadError E304 (unknown entity), E350 (unknown story), E351 (several subjects).
    """
    given = [x for x in (story, entity, pair, query) if x]
    if len(given) > 1:
        raise MarsadError("E351")
    if not given:
        ids = [e["id"] for e in events_sql.list_events(store, limit=limit + 1)] if story_sql.has_rows(store, "events") else []
        timeline = Timeline("all", "", "كل الأحداث")
    elif story:
        found = story_sql.get_story(store, story)
        if found is None:
            raise MarsadError("E350", story_id=story)
        ids = views.event_ids_for_docs(store, [d["doc_id"] for d in found["documents"]])
        timeline = Timeline("story", story, found["label"])
    elif entity:
        ent = _entity(store, entity)
        ids = entity_event_ids(store, ent)
        timeline = Timeline("entity", ent["id"], _entity_title(ent))
    elif pair:
        a, b = (_entity(store, p) for p in pair)
        other = set(entity_event_ids(store, b))
        ids = [e for e in entity_event_ids(store, a) if e in other]
        timeline = Timeline("pair", f"{a['id']}+{b['id']}", f"{_entity_title(a)} — {_entity_title(b)}")
    else:
        from marsad.search import compile_query

        match, _ = compile_query(str(query))
        ids = views.event_ids_for_docs(store, views.matching_doc_ids(store, match, limit=SEARCH_DOCS))
        timeline = Timeline("query", str(query), f"«{query}»")
    events = build_events(store, ids)
    timeline.events = events[:limit]
    timeline.truncated = max(0, len(events) - limit)
    return timeline


def _entity(store: Store, key: str) -> dict[str, Any]:
    ent = views.find_entity(store, key) if story_sql.has_rows(store, "entities") else None
    if ent is None:
        raise MarsadError("E304", name=key)
    return ent


def entity_event_ids(store: Store, ent: dict[str, Any]) -> list[str]:
    if not story_sql.has_rows(store, "events"):
        return []
    names = [ent["name"]] + [a["alias"] for a in views.entity_aliases(store, ent["id"])]
    return views.event_ids_for_entity(store, ent["id"], names)


def _entity_title(ent: dict[str, Any]) -> str:
    return ent["name"] + (f" ({ent['latin']})" if ent.get("latin") else "")


def render(timeline: Timeline, fmt: str) -> str:
    """The timeline as json, csv or md text."""
    if fmt == "json":
        return json.dumps(timeline.to_json(), ensure_ascii=False, indent=2)
    if fmt == "csv":
        return timeline.to_csv()
    if fmt == "md":
        return timeline.to_markdown()
    raise ValueError(f"unknown timeline format {fmt!r}")
