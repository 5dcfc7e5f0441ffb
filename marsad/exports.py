"""Exports for other tools: events (ACLED-like and GDELT-like columns), entities, and the entity
network (GraphML, or its edges as rows).

Events are built by `marsad.timeline.build_events`, so an export says exactly what a timeline
shows: date and granularity, whether the date was inferred, parties, place, sources, denials.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from marsad.errors import MarsadError
from marsad.store import Store, views
from marsad.store import stories as story_sql
from marsad.timeline import build_events, source_name

FORMATS = {"events": ("csv", "jsonl", "parquet"), "entities": ("csv", "jsonl", "parquet"),
           "network": ("graphml", "csv", "jsonl", "parquet")}
# Events per batch of build_events: bounded memory on any collection.
EVENT_BATCH = 500
# ACLED's time_precision: 1 = the day is known, 2 = within a week or so, 3 = only the month or coarser.
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}

EVENT_COLUMNS = [
    # ACLED-like
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "actor2", "location", "source", "source_scale", "notes", "fatalities",
    # GDELT-like
    "GLOBALEVENTID", "SQLDATE", "Actor1Name", "Actor1Code", "Actor2Name", "Actor2Code", "EventCode", "EventRootCode",
    "NumMentions", "NumSources", "NumArticles", "ActionGeo_FullName", "SOURCEURL",
    # marsad
    "date_end", "granularity", "date_inferred", "date_evidence", "negated", "hypothetical", "denied_by",
    "actor1_latin", "actor2_latin", "location_latin", "evidence",
]
ENTITY_COLUMNS = ["id", "type", "name", "latin", "mentions", "documents", "aliases"]
EDGE_COLUMNS = ["source", "target", "shared_documents"]


def _party(event: dict[str, Any], role: str, key: str) -> str:
    party = event.get(role) or {}
    return party.get(key) or ""


def participant_name(participant: Any) -> str:
    """A participant as written: events store {text, doc_id, span} (or {name, ...}) per mention."""
    if isinstance(participant, dict):
        return str(participant.get("name") or participant.get("text") or "")
    return str(participant)


def event_row(event: dict[str, Any]) -> dict[str, Any]:
    """One timeline event as an export row."""
    day = event["date"] or ""
    sources = event["sources"]
    first_url = next((s["url"] for s in sources if s.get("url")), "")
    cameo = event.get("cameo") or ""
    casualties = (event.get("attrs") or {}).get("casualties")
    participants = event.get("participants") or []
    return {
        "event_id_cnty": event["id"], "event_date": day, "year": day[:4], "time_precision":
            TIME_PRECISION.get(event.get("granularity") or "", 3) if day else "",
        "event_type": event["type"], "sub_event_type": event.get("mode") or "",
        "actor1": _party(event, "actor", "name"),
        "assoc_actor_1": "; ".join(dict.fromkeys(participant_name(p) for p in participants)),
        "actor2": _party(event, "recipient", "name"), "location": _party(event, "place", "name"),
        "source": "; ".join(x for x in dict.fromkeys(s.get("source_text") or s.get("outlet") or "" for s in sources) if x),
        "source_scale": "; ".join(dict.fromkeys(s["source_type"] for s in sources)),
        "notes": " … ".join(dict.fromkeys((s.get("sentence") or "").replace("\n", " ") for s in sources[:3])),
        "fatalities": casualties.get("killed", "") if isinstance(casualties, dict) else (casualties or ""),
        "GLOBALEVENTID": event["id"], "SQLDATE": day.replace("-", "") if len(day) == 10 else "",
        "Actor1Name": _party(event, "actor", "name"), "Actor1Code": _party(event, "actor", "entity_id"),
        "Actor2Name": _party(event, "recipient", "name"), "Actor2Code": _party(event, "recipient", "entity_id"),
        "EventCode": cameo, "EventRootCode": cameo[:2], "NumMentions": event["reports"],
        "NumSources": event["independent_reports"], "NumArticles": len({s["doc_id"] for s in sources}),
        "ActionGeo_FullName": _party(event, "place", "name"), "SOURCEURL": first_url,
        "date_end": event.get("date_end") or "", "granularity": event.get("granularity") or "",
        "date_inferred": int(bool(event["date_inferred"])), "date_evidence": event.get("date_evidence") or "",
        "negated": int(bool(event["negated"])), "hypothetical": int(bool(event["hypothetical"])),
        "denied_by": "; ".join(dict.fromkeys(source_name(d) for d in event["denials"])),
        "actor1_latin": _party(event, "actor", "latin"), "actor2_latin": _party(event, "recipient", "latin"),
        "location_latin": _party(event, "place", "latin"),
        "evidence": " ".join(dict.fromkeys(s["evidence"] for s in sources)),
    }


def event_rows(store: Store) -> Iterator[dict[str, Any]]:
    """Every merged event as an export row, in date order."""
    if not story_sql.has_rows(store, "events"):
        return
    ids = [e["id"] for e in views.iter_events(store)]
    for i in range(0, len(ids), EVENT_BATCH):
        for event in build_events(store, ids[i:i + EVENT_BATCH]):
            yield event_row(event)


def entity_rows(store: Store) -> Iterator[dict[str, Any]]:
    if not story_sql.has_rows(store, "entities"):
        return
    for ent in views.iter_entities(store):
        aliases = "; ".join(a["alias"] for a in views.entity_aliases(store, ent["id"]))
        yield {**{k: ent[k] for k in ENTITY_COLUMNS if k != "aliases"}, "aliases": aliases}


def edge_rows(store: Store, *, min_shared: int = 1) -> Iterator[dict[str, Any]]:
    if not story_sql.has_rows(store, "entity_mentions"):
        return
    for a, b, n in views.all_pair_counts(store, min_shared=min_shared):
        yield {"source": a, "target": b, "shared_documents": n}


def graphml(store: Store, *, min_shared: int = 1) -> str:
    """The entity co-occurrence network as GraphML: nodes are entities (name, Latin name, type,
    documents), edges join entities named in the same documents, weighted by how many."""
    keys = [("name", "node", "string"), ("latin", "node", "string"), ("type", "node", "string"),
            ("documents", "node", "int"), ("weight", "edge", "int")]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">']
    lines += [f'  <key id="{k}" for="{f}" attr.name="{k}" attr.type="{t}"/>' for k, f, t in keys]
    lines.append('  <graph id="entities" edgedefault="undirected">')
    for ent in entity_rows(store):
        lines.append(f"    <node id={quoteattr(ent['id'])}>")
        for key in ("name", "latin", "type", "documents"):
            if ent.get(key) not in (None, ""):
                lines.append(f'      <data key="{key}">{escape(str(ent[key]))}</data>')
        lines.append("    </node>")
    for i, edge in enumerate(edge_rows(store, min_shared=min_shared)):
        lines.append(f"    <edge id=\"e{i}\" source={quoteattr(edge['source'])} target={quoteattr(edge['target'])}>"
                     f"<data key=\"weight\">{edge['shared_documents']}</data></edge>")
    lines += ["  </graph>", "</graphml>"]
    return "\n".join(lines) + "\n"


def export(store: Store, what: str, fmt: str, out: IO[bytes]) -> int:
    """Write `what` (events, entities, network) as `fmt` to a binary stream.

    RETURNS (int): the number of rows (or nodes and edges) written.
    RAISES MarsadError E355 for a format the subject does not take, E354 when parquet lacks pyarrow.
    """
    if fmt not in FORMATS.get(what, ()):
        raise MarsadError("E355", what=what, fmt=fmt, allowed=", ".join(FORMATS.get(what, ())))
    if fmt == "graphml":
        text = graphml(store)
        out.write(text.encode("utf-8"))
        return text.count("<node ") + text.count("<edge ")
    rows, columns = {"events": (event_rows, EVENT_COLUMNS), "entities": (entity_rows, ENTITY_COLUMNS),
                     "network": (edge_rows, EDGE_COLUMNS)}[what]
    return write_rows(rows(store), columns, fmt, out, what=what)


def write_rows(rows: Iterable[dict[str, Any]], columns: list[str], fmt: str, out: IO[bytes], *, what: str) -> int:
    """Rows as CSV (UTF-8 with header), JSON lines or Parquet."""
    count = 0
    if fmt == "parquet":
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise MarsadError("E354", what=what, fmt=fmt, package="pyarrow") from None
        data = list(rows)
        table = pa.table({c: [_cell(r.get(c)) for r in data] for c in columns})
        buffer = pa.BufferOutputStream()
        pq.write_table(table, buffer)
        out.write(buffer.getvalue().to_pybytes())
        return len(data)
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    if fmt == "csv":
        writer = csv.DictWriter(text, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})
            count += 1
    else:
        for row in rows:
            text.write(json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False) + "\n")
            count += 1
    text.flush()
    text.detach()
    return count


def _cell(value: Any) -> str | None:
    """Parquet columns are typed: keep every cell a string (or null) so mixed values fit one column."""
    return None if value is None else str(value)
