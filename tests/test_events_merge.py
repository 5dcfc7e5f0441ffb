"""Cross-document merging on hand-made event layers: matching, dates taken from a matched report,
reprints folded, incremental runs, and the `marsad events` command."""

from __future__ import annotations

import json
from datetime import date

from click.testing import CliRunner

from marsad.cli import main
from marsad.corpus.merge_events import parse_interval, run
from marsad.document import EVENTS, Document, Span, document_id
from marsad.registry import Progress
from marsad.store import Store
from marsad.store import events as sql
from marsad.text import fold


def _event(text: str, trigger: str, label: str, *, actor: str | None = None, recipient: str | None = None,
           place: str | None = None, time: dict | None = None, **extra: object) -> Span:
    start = text.index(trigger)

    def arg(name: str | None, kind: str) -> dict | None:
        if name is None:
            return None
        i = text.index(name)
        return {"text": name, "span": [i, i + len(name)], "label": kind}

    parts = [a for a in (arg(actor, "PER"), arg(recipient, "PER")) if a]
    attrs = {"mode": "meeting", "cameo": "044", "trigger": [start, start + len(trigger)], "text": trigger,
             "sentence": [0, len(text)], "actor": arg(actor, "PER"), "recipient": arg(recipient, "PER"),
             "participants": parts, "place": arg(place, "LOC"),
             "time": time or {"value": None, "granularity": None, "span": None, "source": "none"},
             "negated": False, "hypothetical": False, "confidence": 0.9, "claim": None,
             "casualties": None, "value": None, **extra}
    return Span(start, start + len(trigger), label, attrs)


def _add(store: Store, text: str, spans: list[Span], published: date | None = None) -> str:
    doc = Document(id=document_id(fold(text)), text=text, published=published)
    store.add_documents([doc])
    store.save_layer(doc.id, EVENTS, "test", spans)
    return doc.id


DATED = "التقى سالم الأحمد بالوزير خالد العمر في الرياض في يونيو الماضي."
UNDATED = "وكان سالم الأحمد قد التقى أمس الوزير خالد العمر في الرياض."
OTHER = "التقى سالم الأحمد بالسفير فهد الزيد في جدة."


def test_intervals_cover_days_months_weeks_and_ranges():
    assert parse_interval("2016-06") == (date(2016, 6, 1), date(2016, 6, 30))
    assert parse_interval("2016-11-28/2016-11-29") == (date(2016, 11, 28), date(2016, 11, 29))
    assert parse_interval("2023-W37") == (date(2023, 9, 11), date(2023, 9, 17))
    assert parse_interval("soon") is None


def test_an_undated_report_joins_the_dated_event_and_records_where_its_date_came_from(store: Store):
    june = {"value": "2016-06", "granularity": "month", "span": [50, 62], "source": "text"}
    dated = _add(store, DATED, [_event(DATED, "التقى", "CONSULT", actor="سالم الأحمد", recipient="خالد العمر",
                                       place="الرياض", time=june)], published=date(2016, 11, 30))
    undated = _add(store, UNDATED, [_event(UNDATED, "التقى", "CONSULT", actor="سالم الأحمد",
                                           recipient="خالد العمر", place="الرياض")])
    other = _add(store, OTHER, [_event(OTHER, "التقى", "CONSULT", actor="سالم الأحمد", recipient="فهد الزيد",
                                       place="جدة")])
    counts = run(store, Progress())
    assert counts == {"documents": 3, "reports": 3, "events": 2, "merged": 1}
    merged = next(e for e in sql.list_events(store) if e["date"] == "2016-06")
    assert merged["reports"] == 2 and merged["independent_reports"] == 2 and merged["date_evidence"] == "text"
    reports = {r["doc_id"]: r for r in sql.reports_of(store, [merged["id"]])}
    assert reports[dated]["date_source"] == "text"
    assert reports[undated]["date_source"] == "matched" and reports[undated]["report_date"] == "2016-06"
    assert other not in reports
    # Nothing new: nothing to do. A new document only costs its own reports.
    assert run(store, Progress())["reports"] == 0
    again = "التقى سالم الأحمد والوزير خالد العمر في الرياض خلال يونيو."
    _add(store, again, [_event(again, "التقى", "CONSULT", actor="سالم الأحمد", recipient="خالد العمر",
                               place="الرياض", time={**june, "span": [48, 53]})], published=date(2016, 7, 1))
    assert run(store, Progress()) == {"documents": 1, "reports": 1, "events": 0, "merged": 1}
    assert next(e for e in sql.list_events(store) if e["id"] == merged["id"])["reports"] == 3


def test_the_events_command_lists_filters_and_prints_json(tmp_path):
    db = tmp_path / "events.db"
    with Store(db) as store:
        june = {"value": "2016-06", "granularity": "month", "span": [50, 62], "source": "text"}
        _add(store, DATED, [_event(DATED, "التقى", "CONSULT", actor="سالم الأحمد", recipient="خالد العمر",
                                   place="الرياض", time=june)], published=date(2016, 11, 30))
        _add(store, OTHER, [_event(OTHER, "التقى", "CONSULT", actor="سالم الأحمد", recipient="فهد الزيد",
                                   place="جدة", negated=True)])
        run(store, Progress())
    runner = CliRunner()
    out = runner.invoke(main, ["events", "--db", str(db), "--json"])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.output)
    assert [r["date"] for r in rows] == ["2016-06"]  # the negated meeting is not listed as happened
    assert rows[0]["actor"] == "سالم الأحمد" and rows[0]["reports"][0]["date_source"] == "text"
    everything = json.loads(runner.invoke(main, ["events", "--db", str(db), "--json", "--all"]).output)
    assert len(everything) == 2
    assert json.loads(runner.invoke(main, ["events", "--db", str(db), "--json", "--entity", "فهد الزيد",
                                           "--all"]).output)[0]["negated"]
    assert json.loads(runner.invoke(main, ["events", "--db", str(db), "--json", "--from", "2016-07"]).output) == []
    text = runner.invoke(main, ["events", "--db", str(db)]).output
    assert "2016-06" in text and "CONSULT/meeting" in text
    bad = runner.invoke(main, ["events", "--db", str(db), "--type", "PARTY"])
    assert bad.exit_code != 0 and "E240" in bad.output
