"""The `times` layer: every date and time expression of a document, resolved.

Layer contract (the events, stories and timeline code read it):

- span label: DATE (a day, week, month, year, decade or century), TIME, DURATION, RANGE (an
  interval: "بين أبريل 2019 ويونيو 2020", "الشهور الستة الماضية", "أواخر العام الماضي"), SET
  (a recurrence: يوميا, كل أسبوع).
- attrs:
  - "value": ISO text. YYYY-MM-DD, YYYY-MM, YYYY, YYYY-Www (ISO week), a decade as 198X, a
    century as 19, "start/end" for a range (each end at its own granularity, both ends
    included: "2019-04/2020-06"), YYYY-MM-DDTHH:MM for a time, P6M for a duration, P1W for a
    set. None when it cannot be resolved (no anchor, or a season).
  - "granularity": day, week, month, year, decade, century, range, time, duration or set.
  - "relative" (bool): the value depends on the anchor (أمس, الأحد الماضي, سبتمبر الماضي).
  - "anchor": "published" when resolved against doc.published, else None.
  - "unresolved": for a relative expression without an anchor, what is known of it, e.g.
    {"kind": "weekday", "weekday": 1} (a Monday; ISO weekday numbers, Monday 1) or
    {"kind": "rel", "offset_days": -1} (yesterday). Absent otherwise.
  - "flags": e.g. ["weekday_mismatch"] (اليوم الأربعاء on a Thursday), ["approximate"]
    ("قبل أيام", "قبل بضعة أشهر").
  - "frame": the structured reading the value came from, so a later pass can re-resolve the
    expression against another anchor (see `resolve_frame`).

The annotator is pure: it sees doc.text and doc.published only. Undated documents get an
inferred date from the `doc_dates` corpus pass (marsad/corpus/doc_dates.py), which re-resolves
their relative expressions against it; `marsad.store.times.resolved_times` returns them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from marsad.annotate import timex
from marsad.document import TIMES, Document, Span
from marsad.registry import Annotator

VERSION = "time.rules.v1"


def resolve_frame(frame: dict[str, Any], anchor: date | None, *, future: bool = False) -> dict[str, Any]:
    """The attrs of one expression resolved against an anchor (None: no anchor).

    frame (dict): the tagger's reading (attrs["frame"] of a span).
    anchor (date | None): the publication date, or an inferred one.
    RETURNS (dict): value, granularity, relative, anchor, flags and, when unresolved, unresolved.
    """
    relative = timex.needs_anchor(frame)
    res = timex.resolve(frame, anchor if relative else None, future=future) if (anchor or not relative) else None
    attrs: dict[str, Any] = {
        "value": res.value if res else None,
        "granularity": res.granularity if res else _granularity(frame),
        "relative": relative,
        "anchor": "published" if relative and res is not None else None,
        "flags": list(res.flags) if res else [],
    }
    if res is None:
        attrs["unresolved"] = {k: v for k, v in frame.items() if not isinstance(v, dict)}
    return attrs


def _granularity(frame: dict[str, Any]) -> str:
    kind = frame["kind"]
    if kind in ("rel", "weekday", "nthwd", "ago", "dayof"):
        return "day"
    if kind == "period":
        return frame["unit"]
    if kind == "abs":
        return "day" if "day" in frame else "month" if "month" in frame else "year"
    if kind == "monthof":
        return "month"
    if kind in ("decade", "century"):
        return kind
    if kind == "nthweek":
        return "week"
    if kind in ("time", "duration", "set"):
        return kind
    return "range"


def times_of(text: str, published: date | None) -> list[Span]:
    """Tag and resolve the time expressions of a text, with raw offsets.

    text (str): raw text.
    published (date | None): the anchor.
    RETURNS (list[Span]): the `times` layer.
    """
    spans = []
    for m in timex.tag(text):
        start, end = m.start, m.end
        attrs = resolve_frame(m.frame, published, future=m.future)
        attrs["frame"] = m.frame
        if m.future:
            attrs["tense"] = "future"
        label = m.label
        if label in ("DATE", "RANGE"):
            label = "RANGE" if attrs["granularity"] == "range" else "DATE"
        spans.append(Span(start, end, label, attrs))
    return spans


def annotate_times(doc: Document) -> list[Span]:
    return times_of(doc.text, doc.published)


ANNOTATOR = Annotator(name=TIMES, version=VERSION, requires=(), func=annotate_times)
