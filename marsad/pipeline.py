"""Run the pipeline: annotate documents that lack a layer, then the corpus passes.

1. Check that every annotator's inputs are assigned by an earlier one.
2. Find, per document, the annotators whose layer is missing or from another version, plus every
   later annotator that depends on one of them.
3. Annotate those documents in a process pool (annotators are pure functions of one document)
   and save the layers in batch transactions, so a killed run resumes where it stopped.
4. Run the corpus passes in order; each is incremental and keeps its own state.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from typing import Any

from marsad.document import Document, Span
from marsad.errors import MarsadError
from marsad.registry import Annotator, CorpusPass, Progress
from marsad.store import Store

# Below this many documents a process pool costs more than it saves.
MIN_DOCS_FOR_POOL = 40
SAVE_BATCH = 200


@dataclass
class ProcessReport:
    """What a `process` run did: documents annotated, per-layer counts, pass summaries."""

    annotated: int = 0
    layers: dict[str, int] = field(default_factory=dict)
    passes: dict[str, dict[str, Any]] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"annotated": self.annotated, "layers": self.layers, "passes": self.passes,
                "failures": self.failures}


def registered_annotators() -> list[Annotator]:
    from marsad.annotate import ANNOTATORS

    return list(ANNOTATORS)


def registered_passes() -> list[CorpusPass]:
    from marsad.corpus import PASSES

    return list(PASSES)


def check_order(annotators: Sequence[Annotator]) -> None:
    """Raise E201 if an annotator requires a layer that no earlier annotator assigns."""
    assigned: set[str] = set()
    for annotator in annotators:
        for needed in annotator.requires:
            if needed not in assigned:
                raise MarsadError("E201", name=annotator.version, missing=needed)
        assigned.add(annotator.name)


def stale_annotators(versions: dict[str, str], annotators: Sequence[Annotator]) -> list[Annotator]:
    """The annotators to (re)run on a document whose layers have `versions`, in order."""
    rerun: set[str] = set()
    todo = []
    for annotator in annotators:
        if versions.get(annotator.name) != annotator.version or rerun.intersection(annotator.requires):
            rerun.add(annotator.name)
            todo.append(annotator)
    return todo


def annotate(doc: Document, annotators: Sequence[Annotator], *,
             failures: list[str] | None = None) -> dict[str, list[Span]]:
    """Run annotators in order on one document, each seeing the layers before it.

    failures (list): when given, an annotator that raises leaves its layer empty and its error
        sentence (E205, naming the document) is appended here, so one bad document cannot stop a batch.
    RETURNS (dict): layer name -> spans, for the annotators run.
    """
    produced: dict[str, list[Span]] = {}
    for annotator in annotators:
        try:
            spans = annotator.func(doc)
        except Exception as exc:
            if failures is None:
                raise
            failures.append(str(MarsadError("E205", name=annotator.version, doc_id=doc.id,
                                            detail=f"{type(exc).__name__}: {exc}")))
            spans = []
        doc.layers[annotator.name] = spans
        produced[annotator.name] = spans
    return produced


Result = tuple[str, dict[str, list[Span]], list[str]]


def _annotate_job(job: tuple[Document, list[str]]) -> Result:
    doc, names = job
    by_name = {a.name: a for a in registered_annotators()}
    failures: list[str] = []
    return doc.id, annotate(doc, [by_name[n] for n in names], failures=failures), failures


def process(store: Store, *, progress: Progress | None = None, workers: int | None = None,
            passes: Iterable[str] | None = None) -> ProcessReport:
    """Annotate what is missing, then run the corpus passes.

    workers (int): processes for annotation; default: all cores.
    passes (iterable): names of corpus passes to run; default: all registered.
    """
    progress = progress or Progress()
    annotators = registered_annotators()
    check_order(annotators)
    report = ProcessReport()

    jobs = []
    for _, doc in store.iter_documents(layers=False):
        todo = stale_annotators(store.layer_versions(doc.id), annotators)
        if todo:
            doc.layers = store.layers_of(doc.id)
            jobs.append((doc, [a.name for a in todo]))
    if jobs:
        for name in {n for _, names in jobs for n in names}:
            check = next(a.check for a in annotators if a.name == name)
            if check is not None:
                check()
        progress.start("annotate", len(jobs))
        versions = {a.name: a.version for a in annotators}
        pending: list[Result] = []
        for result in _run_jobs(jobs, workers):
            pending.append(result)
            if len(pending) >= SAVE_BATCH:
                _save(store, pending, versions, report, progress)
        _save(store, pending, versions, report, progress)
        progress.finish()

    wanted = set(passes) if passes is not None else None
    for corpus_pass in registered_passes():
        if wanted is not None and corpus_pass.name not in wanted:
            continue
        report.passes[corpus_pass.name] = corpus_pass.run(store, progress)
    return report


def _save(store: Store, results: list[Result], versions: dict[str, str], report: ProcessReport,
          progress: Progress) -> None:
    with store.transaction():
        for doc_id, layers, failures in results:
            for name, spans in layers.items():
                store.save_layer(doc_id, name, versions[name], spans)
                report.layers[name] = report.layers.get(name, 0) + len(spans)
            for failure in failures:
                store.add_rejected(f"document {doc_id}", failure)
                report.failures.append(failure)
    report.annotated += len(results)
    progress.advance(len(results))
    results.clear()


def _run_jobs(jobs: list[tuple[Document, list[str]]], workers: int | None):  # noqa: ANN202
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(jobs) < MIN_DOCS_FOR_POOL:
        for job in jobs:
            yield _annotate_job(job)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
        yield from pool.map(_annotate_job, jobs, chunksize=8)
