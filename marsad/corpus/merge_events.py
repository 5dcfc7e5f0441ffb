"""Cross-document event merging: reports of the same event become one event with all its sources.

Each event span of each new document is a report. A report joins the existing event that
(1) has the same type and the same negated/hypothetical status, (2) shares participants
(resolved entity ids, else the last word of the name), and (3) has a compatible date: the
date ranges overlap; a publication-date fallback only says "shortly before publication"; an
undated report needs two shared participants, or one and the same place. Two reports in one
document with different explicit dates are different events. A reprint (reuse links) joins
the event of its original directly and does not count as an independent report.

Dates: an event takes the most precise date its reports give in their text. An undated report
that joins a dated event records that it took the date from there ("matched"). An undated
document whose report got a date that way is itself dated to it (or by the doc_dates pass, when
that knows better), and its other undated events take that estimate, marked as inferred.
"""

from __future__ import annotations

import calendar
import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from marsad.annotate import event_lexicon
from marsad.annotate.events import VERSION as ANNOTATOR_VERSION
from marsad.corpus.doc_dates import redate
from marsad.registry import CorpusPass, Progress
from marsad.store import events as sql
from marsad.store.entities import entity_at
from marsad.store.reuse import origin_of
from marsad.store.times import add_date_evidence, doc_date, resolved_times
from marsad.text import fold

if TYPE_CHECKING:
    from marsad.store import Store

NAME = "merge_events"
VERSION = f"merge_events.v2+{ANNOTATOR_VERSION}"
# A publication-date fallback means "at most this many days before publication": news reports
# what happened in the last days; a week covers weekly round-ups.
RECENT_DAYS = 7
# A reprint's trigger lies within this many characters of the original's, after offset mapping.
REPRINT_SLACK = 40
# A country or city named as a participant is weak evidence of the same event: Russia is in every
# story about Russia. It counts half a person or body.
PLACE_WEIGHT = 0.5
# Score a match needs: participants shared, +1 for the same place.
MIN_SCORE_DATED = 1
MIN_SCORE_UNDATED = 2
# How sure a date taken from a matched report of the same event is, for the dates area: the match
# rests on type, two shared participants and the place; about an even chance that the report's
# own "yesterday" sits in the same month.
SAME_EVENT_CONFIDENCE = 0.5
# Granularity rank: the more precise date wins.
_PRECISION = {"day": 4, "week": 3, "month": 2, "year": 1}


@dataclass
class Report:
    """One event span of one document, as the merge sees it."""

    doc_id: str
    span_start: int
    span_end: int
    label: str
    attrs: dict[str, Any]
    published: str | None
    keys: set[str] = field(default_factory=set)
    parts: list[set[str]] = field(default_factory=list)  # one key set per participant
    weights: list[float] = field(default_factory=list)  # how much sharing each participant counts
    place_key: str | None = None
    interval: tuple[date, date] | None = None
    weak: bool = False  # interval from the publication date only
    origin: tuple[str, int, int] | None = None
    date_source: str = "none"
    report_date: str | None = None
    entities: dict[str, str | None] = field(default_factory=dict)

    @property
    def own_time(self) -> str | None:
        t = self.attrs.get("time") or {}
        return t.get("value") if t.get("source") == "text" else None


@dataclass
class Event:
    id: str
    type: str
    negated: bool
    hypothetical: bool
    reports: list[Report] = field(default_factory=list)
    doc_estimate: tuple[str, str, str] | None = None  # (value, granularity, evidence)

    def best_dated(self) -> Report | None:
        dated = [r for r in self.reports if r.interval is not None and not r.weak and r.date_source == "text"]
        if not dated:
            return None
        return max(dated, key=lambda r: (_PRECISION.get((r.attrs.get("time") or {}).get("granularity") or "", 0),
                                         -(r.interval[1] - r.interval[0]).days))

    def interval(self) -> tuple[tuple[date, date] | None, bool]:
        best = self.best_dated()
        if best is not None:
            return best.interval, False
        weak = [r.interval for r in self.reports if r.interval is not None]
        if weak:
            return (max(i[0] for i in weak), min(i[1] for i in weak)), True
        return None, False

    def keys(self) -> set[str]:
        out: set[str] = set()
        for r in self.reports:
            out |= r.keys
        return out

    def places(self) -> set[str]:
        return {r.place_key for r in self.reports if r.place_key}


def parse_interval(value: str | None) -> tuple[date, date] | None:
    """The days an ISO value covers: day, month, year, ISO week, or "start/end".

    value (str): "2016-11-28", "2016-06", "2016", "2023-W37", "2016-11-28/2016-11-29".
    RETURNS (tuple | None): (first day, last day), None when it cannot be read.
    """
    if not value:
        return None
    if "/" in value:
        lo, hi = (parse_interval(v) for v in value.split("/", 1))
        return (lo[0], hi[1]) if lo and hi else None
    try:
        if "-W" in value:
            year, week = value.split("-W")
            first = date.fromisocalendar(int(year), int(week[:2]), 1)
            return first, first + timedelta(days=6)
        parts = value.split("T")[0].split("-")
        if len(parts) == 3:
            day = date(int(parts[0]), int(parts[1]), int(parts[2]))
            return day, day
        if len(parts) == 2:
            year, month = int(parts[0]), int(parts[1])
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        if len(parts) == 1 and parts[0].isdigit():
            return date(int(parts[0]), 1, 1), date(int(parts[0]), 12, 31)
    except ValueError:
        return None
    return None


def name_key(text: str | None, *, phrase: bool = False) -> str | None:
    """A participant's fallback key: the last word of its name (the head word of a phrase such as
    "خبراء عسكريون روس"), folded, article off."""
    if not text:
        return None
    words = [w for w in fold(text).split() if len(w) >= 3]
    if not words:
        return None
    word = words[0] if phrase else words[-1]
    for prefix in ("وال", "بال", "لل", "ال"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            word = word[len(prefix):]
            break
    return None if word in _generic_words() else word


@lru_cache(maxsize=1)
def _generic_words() -> frozenset[str]:
    """Words that name no one in particular (lexicons/event_cues.tsv, kind "generic")."""
    return frozenset(w for _, w in event_lexicon.load().cue_words("generic"))


def _resolved_times(store: Store, doc_id: str) -> dict[tuple[int, int], dict[str, Any]]:
    """The time layer of an undated document as the doc_dates pass re-resolved it, by span."""
    return {(t["start"], t["end"]): t for t in resolved_times(store, doc_id) if t.get("anchor") == "inferred"}


def _report(store: Store, doc_id: str, published: str | None, span: Any,
            resolved: dict[tuple[int, int], dict[str, Any]]) -> Report:
    attrs = dict(span.attrs)
    rep = Report(doc_id, span.start, span.end, span.label, attrs, published)
    for role in ("actor", "recipient", "place"):
        arg = attrs.get(role)
        rep.entities[role] = entity_at(store, doc_id, *arg["span"]) if arg else None
    for part in [*(attrs.get("participants") or []), attrs.get("actor"), attrs.get("recipient")]:
        if not part:
            continue
        # Both the resolved entity and the name's own key: resolution may split one person (a tagger
        # calling him LOC in one article) and spellings may differ (غ or ج for a foreign g); either match counts.
        ent = entity_at(store, doc_id, *part["span"]) if part.get("label") != "NP" else None
        keys = {k for k in (ent, name_key(part.get("text"), phrase=part.get("label") == "NP")) if k}
        if keys and not any(keys & p for p in rep.parts):
            rep.parts.append(keys)
            rep.weights.append(PLACE_WEIGHT if part.get("label") == "LOC" else 1.0)
            rep.keys |= keys
    place = attrs.get("place")
    rep.place_key = name_key(place.get("text")) if place else None
    time = attrs.get("time") or {}
    inferred = resolved.get(tuple(time["span"])) if time.get("span") else None
    if time.get("source") == "text" and not time.get("value") and inferred and inferred.get("value"):
        # An undated document's relative time, resolved against the date the doc_dates pass inferred.
        rep.interval = parse_interval(inferred["value"])
        rep.date_source, rep.report_date = "document", inferred["value"]
    elif time.get("source") == "text" and time.get("value"):
        rep.interval = parse_interval(time["value"])
        rep.date_source, rep.report_date = "text", time["value"]
    elif time.get("source") == "published" and published:
        day = date.fromisoformat(published)
        rep.interval, rep.weak = (day - timedelta(days=RECENT_DAYS), day), True
        rep.date_source, rep.report_date = "published", published
    rep.origin = origin_of(store, doc_id, span.start, span.end, undecided=True)
    return rep


def _event_id(rep: Report) -> str:
    raw = f"{rep.doc_id}:{rep.span_start}:{rep.label}"
    return "ev_" + hashlib.sha256(raw.encode()).hexdigest()[:14]


def _score(rep: Report, event: Event) -> int | None:
    """How well a report fits an event; None when it cannot be the same event."""
    if event.type != rep.label or event.negated != bool(rep.attrs.get("negated")) \
            or event.hypothetical != bool(rep.attrs.get("hypothetical")):
        return None
    interval, weak = event.interval()
    if rep.interval is not None and interval is not None:
        if rep.interval[1] < interval[0] or interval[1] < rep.interval[0]:
            return None
    own = rep.own_time
    for other in event.reports:
        if other.doc_id == rep.doc_id and own and other.own_time and own != other.own_time:
            return None  # one writer, two explicit dates: two events
    # Overlap with the closest single report, so a much-reported event does not draw in everything.
    shared = max((sum(w for p, w in zip(rep.parts, rep.weights, strict=True) if p & o.keys)
                  for o in event.reports), default=0)
    places = event.places()
    # Matching dates from the text are evidence; a publication-date window or no date is not, so
    # then two participants (or one and the place) must agree and a different place counts against.
    loose = rep.interval is None or rep.weak or interval is None or weak
    score = shared
    if rep.place_key and places:
        if rep.place_key in places:
            score += 1
        elif loose:
            score -= 1  # with firm dates a different place is no evidence against: a city and its country
    same_doc = [o for o in event.reports if o.doc_id == rep.doc_id]
    if rep.attrs.get("casualties") and any(o.attrs.get("casualties") == rep.attrs["casualties"] for o in same_doc):
        return MIN_SCORE_UNDATED + shared  # one article counting the same dead twice
    if shared == 0:
        if not (same_doc and not rep.keys and not any(o.keys for o in event.reports) and rep.place_key in places):
            return None
        return MIN_SCORE_UNDATED
    return score if score >= (MIN_SCORE_UNDATED if loose else MIN_SCORE_DATED) else None


class EventIndex:
    """The merged events by (type, participant key) and (type, document), so that a report is
    scored only against events it could join, not against every event of its type."""

    def __init__(self) -> None:
        self._by: dict[tuple[str, str], dict[str, Event]] = {}
        self._docs: dict[str, dict[str, Event]] = {}

    def add(self, event: Event, rep: Report) -> None:
        """Record that `rep` is now one of `event`'s reports."""
        for key in [*rep.keys, "doc:" + rep.doc_id]:
            self._by.setdefault((event.type, key), {})[event.id] = event
        self._docs.setdefault(rep.doc_id, {})[event.id] = event

    def candidates_in(self, doc_id: str) -> list[Event]:
        """Every event a document reports."""
        return list(self._docs.get(doc_id, {}).values())

    def candidates(self, rep: Report) -> list[Event]:
        keys = [*rep.keys, "doc:" + rep.doc_id] + (["doc:" + rep.origin[0]] if rep.origin else [])
        found: dict[str, Event] = {}
        for key in keys:
            found.update(self._by.get((rep.label, key), {}))
        return list(found.values())


def _match(rep: Report, index: EventIndex) -> Event | None:
    candidates = index.candidates(rep)
    if rep.origin is not None:  # a reprint joins its original's event
        origin_doc, start, _ = rep.origin
        for event in candidates:
            if event.negated == bool(rep.attrs.get("negated")) and event.hypothetical == bool(
                    rep.attrs.get("hypothetical")) and any(
                    o.doc_id == origin_doc and abs(o.span_start - start) <= REPRINT_SLACK for o in event.reports):
                return event
    refers = rep.attrs.get("refers_to")
    if refers:  # "the visit" further on in the same article: the event told of before
        for event in index.candidates_in(rep.doc_id):
            if event.type == rep.label and not event.negated and not event.hypothetical and any(
                    o.doc_id == rep.doc_id and o.span_start == refers[0] for o in event.reports):
                return event
    best, best_key = None, None
    for event in candidates:
        score = _score(rep, event)
        if score is None:
            continue
        interval, _ = event.interval()
        # Ties go to the event this document already reports (one article tells one story), then
        # to the most precisely dated one.
        same_doc = any(o.doc_id == rep.doc_id for o in event.reports)
        key = (score, same_doc, -((interval[1] - interval[0]).days if interval else 10_000))
        if best_key is None or key > best_key:
            best, best_key = event, key
    return best


def _load(store: Store) -> EventIndex:
    """The events already merged, rebuilt from the tables."""
    events: dict[str, Event] = {}
    index = EventIndex()
    for row in sql.all_events(store):
        events[row["id"]] = Event(row["id"], row["type"], bool(row["negated"]), bool(row["hypothetical"]))
        est = row["attrs"].get("doc_estimate")
        if est:
            events[row["id"]].doc_estimate = tuple(est)
    for row in sql.reports_of(store):
        event = events.get(row["event_id"])
        if event is None:
            continue
        attrs = row["attrs"]
        rep = Report(row["doc_id"], row["trigger_start"], attrs.get("_end", row["trigger_end"]), event.type,
                     attrs, row["published"])
        rep.parts = [set(p) for p in attrs.get("_parts", [])]
        rep.weights = list(attrs.get("_weights", [1.0] * len(rep.parts)))
        rep.keys = set().union(*rep.parts) if rep.parts else set()
        rep.place_key = attrs.get("_place_key")
        rep.entities = attrs.get("_entities", {})
        rep.origin = tuple(attrs["_origin"]) if attrs.get("_origin") else None
        rep.date_source, rep.report_date = row["date_source"] or "none", row["report_date"]
        if rep.date_source in ("text", "published"):
            rep.interval = parse_interval(rep.report_date)
            if rep.date_source == "published" and rep.interval:
                rep.interval = (rep.interval[0] - timedelta(days=RECENT_DAYS), rep.interval[1])
                rep.weak = True
        event.reports.append(rep)
        index.add(event, rep)
    return index


def run(store: Store, progress: Progress) -> dict[str, Any]:
    """Merge the event layers of documents added since the last run into the events tables.

    RETURNS (dict): counts: documents, reports, events (new), merged (reports that joined an event).
    """
    docs = store.pending_documents(NAME, VERSION, reset=sql.reset)
    if not docs:
        return {"documents": 0, "reports": 0, "events": 0, "merged": 0}
    index = _load(store)
    touched: dict[str, Event] = {}
    counts = {"documents": len(docs), "reports": 0, "events": 0, "merged": 0}
    progress.start("merge events", len(docs))
    for _seq, doc in docs:
        published = doc.published.isoformat() if doc.published else None
        times = _resolved_times(store, doc.id) if published is None else {}
        for span in sql.event_spans(store, doc.id):
            rep = _report(store, doc.id, published, span, times)
            counts["reports"] += 1
            event = _match(rep, index)
            if event is None:
                event = Event(_event_id(rep), rep.label, bool(rep.attrs.get("negated")),
                              bool(rep.attrs.get("hypothetical")))
                counts["events"] += 1
            else:
                counts["merged"] += 1
            event.reports.append(rep)
            index.add(event, rep)
            touched[event.id] = event
        progress.advance()
    progress.finish()
    _date_undated(store, index, touched)
    rows, report_rows = [], []
    for event in touched.values():
        row, reps = _rows(store, event)
        rows.append(row)
        report_rows.extend(reps)
    sql.save(store, rows, report_rows)
    store.set_pass_state(NAME, VERSION, docs[-1][0])
    return counts


def _date_undated(store: Store, index: EventIndex, touched: dict[str, Event]) -> None:
    """Undated reports take a matched event's date; undated documents take an estimate from them
    (or from the doc_dates pass), and their undated events take that estimate, marked as inferred."""
    estimates: dict[str, tuple[str, str, str]] = {}
    strongest: dict[str, int] = {}
    evidenced: set[str] = set()
    for event in touched.values():
        best = event.best_dated()
        for rep in event.reports:
            if rep.date_source in ("none", "matched") and not rep.published and best is not None \
                    and best.doc_id != rep.doc_id:
                rep.date_source, rep.report_date = "matched", best.report_date
                gran = (best.attrs.get("time") or {}).get("granularity") or "day"
                strength = len(rep.parts)  # the match naming most participants dates the document
                if rep.doc_id not in strongest or strength > strongest[rep.doc_id]:
                    strongest[rep.doc_id] = strength
                    estimates[rep.doc_id] = (best.report_date, gran, f"event {event.id}")
                if _record_evidence(store, rep, best):
                    evidenced.add(rep.doc_id)
    # The doc_dates pass ran before this one: re-date now, so that one run is enough.
    for doc_id in sorted(evidenced):
        redate(store, doc_id)
    undated = {r.doc_id for e in touched.values() for r in e.reports if not r.published}
    for doc_id in undated:
        known = doc_date(store, doc_id)
        if known and known["date"] and known["inferred"]:
            estimates[doc_id] = (known["date"], known.get("granularity") or "day", "doc_dates")
    if not estimates:
        return
    for doc_id, estimate in estimates.items():
        for event in index.candidates_in(doc_id):
            if event.best_dated() is not None or event.doc_estimate is not None:
                continue
            for rep in event.reports:
                if rep.doc_id == doc_id and rep.date_source in ("none", "document"):
                    event.doc_estimate = estimate
                    if rep.date_source == "none":
                        rep.date_source, rep.report_date = "document", estimate[0]
                    touched[event.id] = event
                    break


def _record_evidence(store: Store, rep: Report, best: Report) -> bool:
    """Tell the dates area that an undated document reports an event a dated one dates. RETURNS whether
    there was a date to tell."""
    value = (best.report_date or "").split("/")[0]
    if not value:
        return False
    add_date_evidence(store, rep.doc_id, kind="same_event", value=value, confidence=SAME_EVENT_CONFIDENCE,
                      other_doc=best.doc_id, text=(best.attrs.get("time") or {}).get("text"))
    return True


def _rows(store: Store, event: Event) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The events row and event_reports rows of one merged event."""
    # The headline comes from the report with the best-named parties, dated in its text, earliest in
    # its article (a news lead sums the story up).
    main = max(event.reports, key=lambda r: (_arg_rank(r.attrs.get("actor")) + _arg_rank(r.attrs.get("recipient")),
                                             r.date_source == "text", -r.span_start))
    best = event.best_dated()
    attrs = main.attrs
    if best is not None:
        value = best.report_date or ""
        date_value, date_end = (value.split("/", 1) + [None])[:2] if "/" in value else (value, None)
        granularity = (best.attrs.get("time") or {}).get("granularity")
        inferred, evidence = 0, "text"
    elif event.doc_estimate is not None:
        date_value, date_end = event.doc_estimate[0], None
        granularity, inferred, evidence = event.doc_estimate[1], 1, f"document date estimated from {event.doc_estimate[2]}"
    else:
        published = sorted(r.published for r in event.reports if r.date_source == "published" and r.published)
        date_value, date_end = (published[0], None) if published else (None, None)
        granularity = "day" if published else None
        inferred, evidence = (1, "published") if published else (0, None)
    origins = {r.origin[0] if r.origin else r.doc_id for r in event.reports}
    participants: list[dict[str, Any]] = []
    seen: set[str] = set()
    for rep in event.reports:
        for part in rep.attrs.get("participants") or []:
            key = name_key(part.get("text")) or part.get("text")
            if key not in seen:
                seen.add(key)
                participants.append({"text": part.get("text"), "doc_id": rep.doc_id, "span": part.get("span")})
    denied_by = sorted({r.attrs["denied_by"] for r in event.reports if r.attrs.get("denied_by")})
    row = {
        "id": event.id, "type": event.type, "mode": attrs.get("mode"), "cameo": attrs.get("cameo"),
        "actor_entity": main.entities.get("actor"), "actor_text": (attrs.get("actor") or {}).get("text"),
        "recipient_entity": main.entities.get("recipient"),
        "recipient_text": (attrs.get("recipient") or {}).get("text"),
        "place_entity": main.entities.get("place"), "place_text": _first_place(event),
        "date": date_value, "date_end": date_end, "granularity": granularity,
        "date_inferred": inferred, "date_evidence": evidence,
        "negated": int(event.negated), "hypothetical": int(event.hypothetical),
        "confidence": max(r.attrs.get("confidence") or 0 for r in event.reports),
        "reports": len(event.reports), "independent_reports": len(origins),
        "attrs": {"participants": participants, "keys": sorted(event.keys()),
                  "casualties": next((r.attrs["casualties"] for r in event.reports if r.attrs.get("casualties")), None),
                  "value": next((r.attrs["value"] for r in event.reports if r.attrs.get("value")), None),
                  "denied_by": denied_by,
                  "denies": [d for r in event.reports for d in r.attrs.get("denies") or []],
                  "doc_estimate": list(event.doc_estimate) if event.doc_estimate else None},
    }
    reports = []
    for rep in event.reports:
        claim = rep.attrs.get("claim") or {}
        stored = dict(rep.attrs)
        stored.update({"_parts": [sorted(p) for p in rep.parts], "_weights": rep.weights, "_place_key": rep.place_key, "_entities": rep.entities,
                       "_origin": list(rep.origin) if rep.origin else None, "_end": rep.span_end})
        sentence = rep.attrs.get("sentence") or [rep.span_start, rep.span_end]
        reports.append({
            "event_id": event.id, "doc_id": rep.doc_id, "trigger_start": rep.span_start, "trigger_end": rep.span_end,
            "sentence_start": sentence[0], "sentence_end": sentence[1],
            "source_text": claim.get("source"), "source_type": claim.get("source_type") or "unattributed",
            "stance": claim.get("stance") or "assert", "is_reprint": int(rep.origin is not None),
            "origin_doc": rep.origin[0] if rep.origin else None, "report_date": rep.report_date,
            "date_source": rep.date_source, "trigger_text": rep.attrs.get("text"),
            "confidence": rep.attrs.get("confidence"), "attrs": stored,
        })
    return row, reports


def _arg_rank(arg: dict[str, Any] | None) -> int:
    """How good an actor or recipient is for the event's headline: a person or body beats a place or phrase."""
    if not arg:
        return 0
    return 2 if arg.get("label") in ("PER", "ORG") else 1


def _first_place(event: Event) -> str | None:
    for rep in event.reports:
        place = rep.attrs.get("place")
        if place:
            return place.get("text")
    return None


MERGE_EVENTS = CorpusPass(name=NAME, version=VERSION, requires=("events",), run=run)
