"""The pipeline runner: order checks, incremental annotation, version bumps, resume."""

from __future__ import annotations

import pytest

from marsad import pipeline
from marsad.document import Document, Span
from marsad.errors import MarsadError
from marsad.registry import Annotator
from marsad.store import Store

CALLS: list[str] = []


def _words(doc: Document) -> list[Span]:
    CALLS.append(doc.id)
    return [Span(0, doc.text.index(" "), "FIRST_WORD")]


def _count(doc: Document) -> list[Span]:
    return [Span(0, 0, "COUNT", {"first_words": len(doc.layer("words"))})]


def _use(monkeypatch, *annotators: Annotator) -> None:
    monkeypatch.setattr(pipeline, "registered_annotators", lambda: list(annotators))
    monkeypatch.setattr(pipeline, "registered_passes", lambda: [])


def test_order_check_names_the_missing_layer():
    late = Annotator("count", "count.v1", ("words",), _count)
    with pytest.raises(MarsadError, match="E201.*'words'"):
        pipeline.check_order([late])


def test_second_run_does_nothing_and_a_new_version_reruns_dependents(monkeypatch, seed_store: Store):
    words = Annotator("words", "words.v1", (), _words)
    count = Annotator("count", "count.v1", ("words",), _count)
    _use(monkeypatch, words, count)
    CALLS.clear()
    first = pipeline.process(seed_store, workers=1)
    assert first.annotated == 5 and len(CALLS) == 5
    assert pipeline.process(seed_store, workers=1).annotated == 0
    assert len(CALLS) == 5
    doc_id = CALLS[0]
    assert seed_store.layers_of(doc_id)["count"][0].attrs == {"first_words": 1}

    _use(monkeypatch, Annotator("words", "words.v2", (), _words), count)
    third = pipeline.process(seed_store, workers=1)
    assert third.annotated == 5 and third.layers == {"words": 5, "count": 5}
    assert seed_store.layer_versions(doc_id) == {"words": "words.v2", "count": "count.v1"}


def test_a_run_killed_halfway_resumes_without_duplicates(monkeypatch, seed_store: Store):
    def flaky(doc: Document) -> list[Span]:
        if len(CALLS) >= 3:
            raise KeyboardInterrupt
        return _words(doc)

    CALLS.clear()
    monkeypatch.setattr(pipeline, "SAVE_BATCH", 1)
    _use(monkeypatch, Annotator("words", "words.v1", (), flaky))
    with pytest.raises(KeyboardInterrupt):
        pipeline.process(seed_store, workers=1)
    assert seed_store.conn.execute("SELECT count(*) FROM layers").fetchone()[0] == 3
    _use(monkeypatch, Annotator("words", "words.v1", (), _words))
    CALLS.clear()
    assert pipeline.process(seed_store, workers=1).annotated == 2
    assert seed_store.conn.execute("SELECT count(*) FROM spans WHERE layer='words'").fetchone()[0] == 5


def test_process_pool_gives_the_same_layers_as_one_process(tmp_path, seeds_path):
    from marsad.ingest import ingest

    results = []
    for workers in (1, 2):
        db = Store(tmp_path / f"w{workers}.db")
        ingest(db, [str(seeds_path)] * 1)
        pipeline.MIN_DOCS_FOR_POOL, saved = 1, pipeline.MIN_DOCS_FOR_POOL
        try:
            pipeline.process(db, workers=workers, passes=[])
        finally:
            pipeline.MIN_DOCS_FOR_POOL = saved
        results.append(db.conn.execute("SELECT doc_id, layer, start, end, label FROM spans ORDER BY 1, 2, 3").fetchall())
        db.close()
    assert results[0] == results[1] and results[0]


def test_an_annotator_failing_on_one_document_is_reported_and_the_batch_goes_on(monkeypatch, seed_store: Store):
    def fragile(doc: Document) -> list[Span]:
        if doc.published is None:
            raise IndexError("string index out of range")
        return _words(doc)

    _use(monkeypatch, Annotator("words", "words.v1", (), fragile))
    report = pipeline.process(seed_store, workers=1)
    assert report.annotated == 5 and len(report.failures) == 2
    assert all("E205" in f and "words.v1" in f and "IndexError" in f for f in report.failures)
    assert len(seed_store.rejected()) == 2 and seed_store.rejected()[0]["source"].startswith("document ")
    assert pipeline.process(seed_store, workers=1).annotated == 0  # not retried until a new version


def test_an_annotator_that_cannot_run_stops_the_run_with_one_sentence(monkeypatch, seed_store: Store):
    from marsad.annotate.event_model import MODEL_ENV

    monkeypatch.setenv(MODEL_ENV, "bogus")  # an unknown event model: no document could be annotated
    with pytest.raises(MarsadError, match="E212"):
        pipeline.process(seed_store, workers=1)
    assert all(not seed_store.layers_of(doc.id) for _, doc in seed_store.iter_documents(layers=False))
    assert len(list(seed_store.iter_documents(layers=False))) == 5  # what was stored stays
    monkeypatch.delenv(MODEL_ENV)
    assert pipeline.process(seed_store, workers=1).annotated == 5
