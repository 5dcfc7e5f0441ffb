"""The corpus pass "doc_dates": every document's date, given or honestly inferred.

A document with a publication date gets it (inferred 0, confidence 1). A document without one
gets an estimate, recorded as inferred, with its evidence and a confidence:

- reprint with a date: a dated article that reprints passages of this one (a `reuse_links`
  row) and, next to a reprinted passage, dates when the text was first published ("كشفت
  مصادر ... في وقت سابق الشهر الماضي، عن ..." before the reprinted paragraphs): that resolved
  expression dates this document. The nearest such expression in the lead-in or inside the
  passage is taken.
- outside evidence recorded by other components with `marsad.store.times.add_date_evidence`
  (e.g. a dated article that reports the same event).
- bounds: a dated article that reprints this one is not earlier than it (upper bound); a dated
  article this one reprints is not later (lower bound); the latest absolute date in the text
  is a lower bound. With no better evidence, the bound itself is the estimate, at low confidence.

The estimate with the highest confidence wins; one that breaks a bound loses half its
confidence; agreeing evidence from different source documents adds up (1 - product of
(1 - confidence)), evidence from one source document counts once. The
document's relative expressions are then resolved against the estimate and stored in
`doc_times` (see `marsad.store.times.resolved_times`); an estimate coarser than a day resolves
them against its first and last day and keeps what both readings share.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from marsad.annotate.dates import resolve_frame
from marsad.annotate.timex import value_bounds
from marsad.document import TIMES, Span
from marsad.registry import CorpusPass, Progress
from marsad.store import Store
from marsad.store import times as store_times

NAME = "doc_dates"
VERSION = "doc_dates.v1"
# How far before a reprinted passage (in characters) a dating expression is looked for: about
# one lead-in sentence ("وكانت مصادر خاصة قد كشفت، في وقت سابق الشهر الماضي، عن ...").
NEAR_CHARS = 300
# Confidences, set by hand from what each kind of evidence says (no tuning set exists):
# an explicit "earlier/last month" next to the reprint names the original's period; any other
# relative date there may be the event's date rather than the publication's.
REPRINT_EARLIER_CONF = 0.7
REPRINT_DATE_CONF = 0.55
# A bound alone says only "not after this" / "not before this".
BOUND_CONF = 0.25
# The latest absolute date in the text: articles usually appear soon after what they report,
# more surely when the date is a day than a year.
LATEST_DATE_CONF = {"day": 0.35, "month": 0.25, "year": 0.1}
CONFLICT_FACTOR = 0.5
DATE_GRANULARITIES = ("day", "month", "year")


def run(store: Store, progress: Progress) -> dict[str, Any]:
    """Date new documents and (re)infer the undated ones. RETURNS counts for the run summary."""
    version, last_seq = store.pass_state(NAME)
    if version != VERSION:
        last_seq = 0
    max_seq = store.max_seq()
    dated = 0
    with store.transaction():
        for _, doc in store.iter_documents(after_seq=last_seq):
            if doc.published is not None:
                store_times.save_doc_date(store, doc.id, value=doc.published.isoformat(), granularity="day",
                                          inferred=False, confidence=1.0, evidence=[])
                dated += 1
    undated = store_times.undated_docs(store)
    progress.start("doc_dates", len(undated))
    inferred = 0
    with store.transaction():
        for doc_id in undated:
            inferred += redate(store, doc_id)
            progress.advance()
    progress.finish()
    store.set_pass_state(NAME, VERSION, max_seq)
    return {"dated": dated, "undated": len(undated), "inferred": inferred}


def redate(store: Store, doc_id: str) -> bool:
    """Infer an undated document's date from the evidence now known, and re-resolve its relative
    expressions against it. RETURNS whether a date was found."""
    estimate = infer(store, doc_id)
    store_times.save_doc_date(store, doc_id, inferred=True, **estimate)
    store_times.save_doc_times(store, doc_id, reresolve(store, doc_id, estimate["value"]))
    return estimate["value"] is not None


def infer(store: Store, doc_id: str) -> dict[str, Any]:
    """Estimate the date of an undated document.

    RETURNS (dict): value (ISO or None), granularity, confidence, evidence (list of
    {kind, doc_id, text, value, confidence}).
    """
    candidates: list[dict[str, Any]] = []
    lower: list[dict[str, Any]] = []
    upper: list[dict[str, Any]] = []
    latest = _latest_date(store.layers_of(doc_id).get(TIMES, []), store, doc_id)
    if latest:
        lower.append(latest)
        candidates.append({**latest, "confidence": LATEST_DATE_CONF[latest["granularity"]]})
    _reuse_evidence(store, doc_id, candidates, lower, upper)
    for item in store_times.date_evidence(store, doc_id):
        bounds = value_bounds(item["value"])
        if bounds:
            candidates.append({**item, "granularity": _granularity(item["value"])})
    if not candidates:
        return {"value": None, "granularity": None, "confidence": 0.0, "evidence": []}
    for cand in candidates:
        cand["score"] = cand["confidence"] * (CONFLICT_FACTOR if _conflicts(cand, lower, upper) else 1.0)
    best = max(candidates, key=lambda c: (c["score"], _precision(c["granularity"])))
    # Agreeing evidence adds up, but only once per source document: a reprint and a shared
    # event in the same article are one witness.
    by_source: dict[str | None, float] = {}
    for c in candidates:
        if c["value"] == best["value"]:
            by_source[c.get("doc_id")] = max(by_source.get(c.get("doc_id"), 0.0), c["score"])
    miss = 1.0
    for score in by_source.values():
        miss *= 1.0 - score
    evidence = [_evidence(c) for c in sorted(candidates, key=lambda c: -c["score"])]
    evidence += [_evidence({**b, "kind": "not_before"}) for b in lower if b is not latest]
    evidence += [_evidence({**b, "kind": "not_after"}) for b in upper]
    return {"value": best["value"], "granularity": best["granularity"], "confidence": round(1.0 - miss, 3),
            "evidence": evidence}


def _evidence(c: dict[str, Any]) -> dict[str, Any]:
    out = {"kind": c["kind"], "doc_id": c.get("doc_id"), "text": c.get("text"), "value": c["value"]}
    if "score" in c:
        out["confidence"] = round(c["score"], 3)
    return out


def _precision(granularity: str | None) -> int:
    return {"day": 3, "week": 2, "month": 2, "year": 1}.get(granularity or "", 0)


def _granularity(value: str) -> str:
    if "-W" in value:
        return "week"
    return {10: "day", 7: "month", 4: "year"}.get(len(value), "range")


def _conflicts(cand: dict[str, Any], lower: list[dict[str, Any]], upper: list[dict[str, Any]]) -> bool:
    bounds = value_bounds(cand["value"])
    if bounds is None:
        return False
    start, end = bounds
    for b in lower:
        lb = value_bounds(b["value"])
        if lb and end <= lb[0]:
            return True
    for b in upper:
        ub = value_bounds(b["value"])
        if ub and start >= ub[1]:
            return True
    return False


def _latest_date(spans: list[Span], store: Store, doc_id: str) -> dict[str, Any] | None:
    """The latest absolute (not relative) date the document mentions."""
    doc = store.get_document(doc_id, layers=False)
    best: tuple[date, dict[str, Any]] | None = None
    for span in spans:
        attrs = span.attrs
        if span.label != "DATE" or attrs.get("relative") or attrs.get("granularity") not in DATE_GRANULARITIES:
            continue
        bounds = value_bounds(attrs.get("value"))
        if bounds and (best is None or bounds[1] > best[0]):
            best = (bounds[1], {"kind": "latest_date_in_text", "doc_id": None, "value": attrs["value"],
                                "granularity": attrs["granularity"], "text": doc.text[span.start:span.end] if doc else None})
    return best[1] if best else None


def _reuse_evidence(store: Store, doc_id: str, candidates: list[dict[str, Any]],
                    lower: list[dict[str, Any]], upper: list[dict[str, Any]]) -> None:
    """Dates and bounds from dated documents that share passages with this one."""
    seen: set[tuple[str, int]] = set()
    for row in store_times.reuse_rows(store, doc_id):
        if not row["published"]:
            continue
        published = row["published"][:10]
        bound = {"doc_id": row["other"], "value": published, "text": None}
        if row["direction"] == "a->b":
            (upper if row["role"] == "source" else lower).append(bound)
        if row["role"] == "reprint" and row["direction"] == "a->b":
            continue  # this document reprints the other: the other's words do not date this one
        other = store.get_document(row["other"], layers=True)
        if other is None:
            continue
        near = _dating_expression(other.layer(TIMES), row["there"], published)
        if near is None:
            if row["role"] == "source":
                candidates.append({"kind": "reprinted_later", "doc_id": row["other"], "value": published[:7],
                                   "granularity": "month", "confidence": BOUND_CONF,
                                   "text": None})
            continue
        span, earlier = near
        if (row["other"], span.start) in seen:
            continue
        seen.add((row["other"], span.start))
        candidates.append({
            "kind": "reprinted_with_date", "doc_id": row["other"], "value": span.attrs["value"],
            "granularity": span.attrs["granularity"], "text": other.text[span.start:span.end],
            "confidence": REPRINT_EARLIER_CONF if earlier else REPRINT_DATE_CONF,
        })


def _dating_expression(spans: list[Span], passage: tuple[int, int], published: str) -> tuple[Span, bool] | None:
    """The resolved past date nearest before (or inside) a reprinted passage of the other document."""
    start, end = passage
    limit = date.fromisoformat(published) + timedelta(days=1)
    best: tuple[int, Span] | None = None
    for span in spans:
        attrs = span.attrs
        if span.label != "DATE" or not attrs.get("relative") or attrs.get("value") is None:
            continue
        if attrs.get("granularity") not in ("day", "week", "month"):
            continue
        bounds = value_bounds(attrs["value"])
        if bounds is None or bounds[0] >= limit:
            continue
        if start - NEAR_CHARS <= span.end <= start:
            distance = start - span.end
        elif start <= span.start < end:
            distance = NEAR_CHARS  # inside the passage: more likely the event's own date
        else:
            continue
        if best is None or distance < best[0]:
            best = (distance, span)
    if best is None:
        return None
    frame = best[1].attrs.get("frame") or {}
    return best[1], frame.get("kind") == "part" and frame.get("part") == "earlier" or frame.get("kind") == "period"


def reresolve(store: Store, doc_id: str, value: str | None) -> list[dict[str, Any]]:
    """The relative expressions of an undated document resolved against its inferred date."""
    if value is None:
        return []
    bounds = value_bounds(value)
    if bounds is None:
        return []
    first, last = bounds[0], bounds[1] - timedelta(days=1)
    rows = []
    for span in store.layers_of(doc_id).get(TIMES, []):
        frame = span.attrs.get("frame")
        if not frame or not span.attrs.get("relative"):
            continue
        future = span.attrs.get("tense") == "future"
        lo = resolve_frame(frame, first, future=future)
        hi = resolve_frame(frame, last, future=future)
        if lo["value"] is None or hi["value"] is None:
            continue
        flags = sorted(set(lo["flags"]) | set(hi["flags"]) | {"inferred_anchor"})
        if lo["value"] == hi["value"]:
            val, gran = lo["value"], lo["granularity"]
        else:
            # The endpoints of the estimate are not the real anchor: a weekday check against
            # them means nothing.
            flags = [f for f in flags if f != "weekday_mismatch"]
            a, b = value_bounds(lo["value"]), value_bounds(hi["value"])
            if a is None or b is None:
                continue
            start, stop = a[0], b[1] - timedelta(days=1)
            if (start.year, start.month) == (stop.year, stop.month):
                val, gran = f"{start.year:04d}-{start.month:02d}", "month"
            else:
                val, gran = f"{start.isoformat()}/{stop.isoformat()}", "range"
        rows.append({"start": span.start, "end": span.end, "label": span.label, "value": val,
                     "granularity": gran, "flags": flags})
    return rows


DOC_DATES = CorpusPass(name=NAME, version=VERSION, requires=(TIMES, "reuse"), run=run)
