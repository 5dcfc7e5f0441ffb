"""Dates: accuracy on the date cases and what tagging plus resolution costs per document.

Run: `python benchmarks/time.py [--sample N]`. Prints JSON with
- accuracy and span recall on ../shared/data/time/recognizers-ar-dev.jsonl and on our news cases
  (tests/data/time_news_cases.jsonl), as `marsad eval time` reports them;
- the per-document time of every registered annotator on SaudiNewsNet articles (one core, in
  process), and the share the `times` annotator adds to the rest of the pipeline (target < 10%);
- the doc_dates corpus pass on the same store.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from common import emit, saudinewsnet, shared_data, timed

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sample", type=int, default=500, help="Articles for the timing.")
    args = parser.parse_args()

    from marsad.eval.time import evaluate_file
    from marsad.ingest import ingest
    from marsad.pipeline import annotate, registered_annotators
    from marsad.registry import Progress
    from marsad.store import Store

    out: dict = {"benchmark": "time"}
    for name, path in (("dev", shared_data("time", "recognizers-ar-dev.jsonl")),
                       ("news_cases", ROOT / "tests" / "data" / "time_news_cases.jsonl")):
        if path.exists():
            r = evaluate_file(path)
            out[name] = {"cases": r["cases"], "correct": r["correct"], "accuracy": round(r["accuracy"], 4),
                         "span_recall": round(r["span_recall"], 4), "seconds": r["seconds"]}

    zips = [str(z) for z in sorted(saudinewsnet().glob("*.zip"))[:1]]
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        ingest(store, zips)
        docs = [doc for _, doc in store.iter_documents()][: args.sample]
        per_doc: dict[str, float] = {}
        for annotator in registered_annotators():
            annotate(docs[0], [annotator])  # load lexicons and models outside the timing
            _, seconds = timed(lambda a=annotator: [annotate(d, [a]) for d in docs])
            per_doc[annotator.name] = seconds / len(docs) * 1000
        times_ms = per_doc.get("times", 0.0)
        rest_ms = sum(v for k, v in per_doc.items() if k != "times")
        from marsad.corpus.doc_dates import DOC_DATES
        from marsad.document import TIMES

        with store.transaction():
            for d in docs:
                store.save_layer(d.id, TIMES, "time.rules.v1", d.layers.get(TIMES, []))
        summary, pass_seconds = timed(lambda: DOC_DATES.run(store, Progress()))
        store.close()
    out["timing"] = {
        "documents": len(docs),
        "ms_per_document": {k: round(v, 3) for k, v in per_doc.items()},
        "times_ms_per_document": round(times_ms, 3),
        "times_share_of_rest_of_pipeline": round(times_ms / rest_ms, 4) if rest_ms else None,
        "doc_dates_pass_seconds": round(pass_seconds, 3),
        "doc_dates_pass": summary,
    }
    emit(out)


if __name__ == "__main__":
    main()
