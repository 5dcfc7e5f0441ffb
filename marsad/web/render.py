"""HTML for annotated text: overlapping annotations flattened into escaped segments.

Every boundary of every annotation cuts the text; each segment carries the classes and hover
details of all annotations covering it, and its raw offsets (data-s, data-e) so the page can
mark an evidence sentence given in the address (#s-START-END).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from markupsafe import Markup


@dataclass(frozen=True)
class Mark:
    """One annotation to show: its range, CSS class, hover text and optional link."""

    start: int
    end: int
    css: str
    tip: str
    href: str | None = None


def annotated(text: str, start: int, end: int, marks: list[Mark]) -> Markup:
    """The text[start:end] as HTML with `marks` (offsets into the whole text) highlighted."""
    inside = [m for m in marks if m.start < end and m.end > start and m.end > m.start]
    cuts = sorted({start, end} | {max(start, m.start) for m in inside} | {min(end, m.end) for m in inside})
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a >= b:
            continue
        piece = escape(text[a:b])
        active = [m for m in inside if m.start <= a and m.end >= b]
        if not active:
            out.append(f'<span data-s="{a}" data-e="{b}">{piece}</span>')
            continue
        classes = " ".join(dict.fromkeys(m.css for m in active))
        tip = " · ".join(dict.fromkeys(m.tip for m in active if m.tip))
        href = next((m.href for m in active if m.href), None)
        span = f'<span class="{escape(classes)}" data-s="{a}" data-e="{b}" data-tip="{escape(tip)}">{piece}</span>'
        out.append(f'<a href="{escape(href)}">{span}</a>' if href else span)
    return Markup("".join(out))


def snippet(text: str, window: tuple[int, int], highlights: list[tuple[int, int]]) -> Markup:
    """A search snippet with matched words in <mark>, escaped."""
    start, end = window
    out, pos = [], start
    for s, e in highlights:
        out += [escape(text[pos:s]), "<mark>", escape(text[s:e]), "</mark>"]
        pos = e
    out.append(escape(text[pos:end]))
    return Markup(("… " if start > 0 else "") + "".join(out) + (" …" if end < len(text) else ""))


def document_marks(doc: dict[str, Any]) -> list[Mark]:
    """Marks for a document view (see marsad.api.app.document_view): entities (resolved ones link to
    their page), dates, claims, event triggers and reprinted paragraphs."""
    marks: list[Mark] = []
    if doc.get("mentions"):
        for m in doc["mentions"]:
            tip = f"{m['type']}: {m['name']}" + (f" ({m['latin']})" if m.get("latin") else "")
            marks.append(Mark(m["start"], m["end"], f"ent ent-{m['type']}", tip, f"/entities/{m['entity_id']}"))
    else:
        for s in doc["layers"].get("entities", []):
            marks.append(Mark(s["start"], s["end"], f"ent ent-{s['label']}", s["label"]))
    for s in doc["layers"].get("times", []):
        attrs = s["attrs"]
        if attrs.get("value"):
            extra = f", {attrs['granularity']}" if attrs.get("granularity") else ""
            tip = f"تاريخ {attrs['value']}{extra}"
        else:
            tip = "تاريخ نسبي لم يُحدَّد (لا تاريخ نشر)" if attrs.get("relative") else "تاريخ لم يُحدَّد"
        marks.append(Mark(s["start"], s["end"], "date", tip))
    for s in doc["layers"].get("claims", []):
        attrs = s["attrs"]
        who = attrs.get("source") or "?"
        tip = f"ادعاء — المصدر: {who} ({attrs.get('source_type') or 'unattributed'}), {attrs.get('stance') or 'assert'}"
        css = "claim claim-deny" if attrs.get("stance") == "deny" else "claim"
        marks.append(Mark(s["start"], s["end"], css, tip))
    for s in doc["layers"].get("events", []):
        marks.append(Mark(s["start"], s["end"], "event", f"حدث: {s['label']}"))
    for p in doc["paragraphs"]:
        for src in p["reprinted_from"]:
            verb = "منقول من" if src["relation"] == "earlier" else "مشترك مع"
            marks.append(Mark(p["start"], p["end"], "reprint", f"{verb} {src['doc_id']} ({src['similarity']})"))
    return marks
