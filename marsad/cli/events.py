"""`marsad events`: the merged events, who did what to whom, where, when, and according to whom."""

from __future__ import annotations

from typing import Any

import click

from marsad.cli.app import db_option, friendly_errors, json_option, main, open_store, print_json
from marsad.errors import MarsadError
from marsad.text import fold


@main.command("events")
@db_option
@click.option("--entity", "entity", default=None, help="Only events with this participant (name, alias or Latin form).")
@click.option("--type", "event_type", default=None, help="Only this PLOVER type (CONSULT, ASSAULT, ...) or DENIAL.")
@click.option("--from", "date_from", default=None, help="Only events on or after this date (YYYY[-MM[-DD]]).")
@click.option("--to", "date_to", default=None, help="Only events on or before this date (YYYY[-MM[-DD]]).")
@click.option("--all", "include_unreal", is_flag=True, help="Also list negated and hypothetical events.")
@click.option("--limit", default=200, show_default=True, help="Show at most this many events.")
@json_option
@friendly_errors
def events_command(db_path: str, entity: str | None, event_type: str | None, date_from: str | None,
                   date_to: str | None, include_unreal: bool, limit: int, as_json: bool) -> None:
    """List merged events in date order, each with its reports and sources."""
    from marsad.annotate.event_lexicon import EVENT_TYPES
    from marsad.store import events as sql

    if event_type and event_type.upper() not in EVENT_TYPES:
        raise MarsadError("E240", value=event_type, known=", ".join(EVENT_TYPES))
    with open_store(db_path) as store:
        rows = sql.list_events(store, event_type=event_type.upper() if event_type else None, date_from=date_from,
                               date_to=date_to, include_unreal=include_unreal)
        if entity:
            rows = [r for r in rows if _involves(r, entity, sql.entity_ids_named(store, entity))]
        rows = rows[:limit]
        reports = sql.reports_of(store, [r["id"] for r in rows])
    by_event: dict[str, list[dict[str, Any]]] = {}
    for rep in reports:
        by_event.setdefault(rep["event_id"], []).append(rep)
    data = [_event_json(r, by_event.get(r["id"], [])) for r in rows]
    if as_json:
        print_json(data)
        return
    if not data:
        click.echo("No events match.")
        return
    for ev in data:
        when = ev["date"] or "(undated)"
        if ev["date_end"]:
            when += "/" + ev["date_end"]
        if ev["date_inferred"]:
            when += f" [{ev['date_evidence']}]"
        who = " → ".join(x for x in (ev["actor"], ev["recipient"]) if x) or "?"
        kind = ev["type"] + (f"/{ev['mode']}" if ev["mode"] else "")
        flags = " NOT" if ev["negated"] else ""
        flags += " IF" if ev["hypothetical"] else ""
        click.echo(f"{when:<24} {kind:<20} {who}" + (f" @ {ev['place']}" if ev["place"] else "") + flags)
        sources = ", ".join(sorted({f"{r['source'] or '-'} ({r['source_type']}, {r['stance']})" for r in ev["reports"]}))
        click.echo(f"{'':<24} {ev['reports_count']} report(s), {ev['independent_reports']} independent; {sources}")
        if ev["denied_by"]:
            click.echo(f"{'':<24} denied by: {', '.join(ev['denied_by'])}")
        if ev["denies"]:
            click.echo(f"{'':<24} denies: {', '.join(d['type'] + ' (' + d['text'] + ')' for d in ev['denies'])}")


def _involves(row: dict[str, Any], name: str, entity_ids: set[str]) -> bool:
    if entity_ids and entity_ids & {row["actor_entity"], row["recipient_entity"], row["place_entity"], *row["attrs"].get("keys", [])}:
        return True
    key = fold(name)
    texts = [row["actor_text"], row["recipient_text"], row["place_text"],
             *(p.get("text") for p in row["attrs"].get("participants", []))]
    return any(t and (key in fold(t) or fold(t) in key) for t in texts)


def _event_json(row: dict[str, Any], reports: list[dict[str, Any]]) -> dict[str, Any]:
    attrs = row["attrs"]
    return {
        "id": row["id"], "type": row["type"], "mode": row["mode"], "cameo": row["cameo"],
        "actor": row["actor_text"], "actor_entity": row["actor_entity"],
        "recipient": row["recipient_text"], "recipient_entity": row["recipient_entity"],
        "place": row["place_text"], "place_entity": row["place_entity"],
        "participants": [p["text"] for p in attrs.get("participants", [])],
        "date": row["date"], "date_end": row["date_end"], "granularity": row["granularity"],
        "date_inferred": bool(row["date_inferred"]), "date_evidence": row["date_evidence"],
        "negated": bool(row["negated"]), "hypothetical": bool(row["hypothetical"]),
        "confidence": row["confidence"], "casualties": attrs.get("casualties"), "value": attrs.get("value"),
        "denied_by": attrs.get("denied_by") or [], "denies": attrs.get("denies") or [],
        "reports_count": row["reports"], "independent_reports": row["independent_reports"],
        "reports": [{"doc_id": r["doc_id"], "trigger": [r["trigger_start"], r["trigger_end"]],
                     "text": r["trigger_text"], "sentence": [r["sentence_start"], r["sentence_end"]],
                     "source": r["source_text"], "source_type": r["source_type"], "stance": r["stance"],
                     "is_reprint": bool(r["is_reprint"]), "origin_doc": r["origin_doc"],
                     "date": r["report_date"], "date_source": r["date_source"]} for r in reports],
    }
