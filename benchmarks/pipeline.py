"""`marsad run` end to end on SaudiNewsNet, stage by stage.

Run: `python benchmarks/pipeline.py [--limit-days N] [--workers W]`. Prints JSON with articles/s for ingest,
for every registered annotator (timed on one core, in process, on every document) and for every corpus
pass, plus the whole run. The baseline beside it is the cheapest stage of all (sentence splitting), run in
the same process, so ratios stay comparable on a noisy machine.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from common import emit, peak_rss_mb, saudinewsnet, timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit-days", type=int, default=None, help="Only the first N daily zips.")
    parser.add_argument("--workers", type=int, default=None, help="Processes for the full annotation run.")
    parser.add_argument("--sample", type=int, default=2000, help="Documents for the per-annotator timing.")
    args = parser.parse_args()

    from marsad.ingest import ingest
    from marsad.pipeline import annotate, process, registered_annotators, registered_passes
    from marsad.store import Store

    zips = [str(z) for z in sorted(saudinewsnet().glob("*.zip"))[: args.limit_days]]
    stages: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        report, seconds = timed(lambda: ingest(store, zips))
        n = report.added
        stages["ingest"] = {"seconds": seconds, "articles_per_s": n / seconds}

        docs = [doc for _, doc in store.iter_documents()][: args.sample]
        for annotator in registered_annotators():
            _, seconds = timed(lambda a=annotator: [annotate(d, [a]) for d in docs])
            stages[f"annotate:{annotator.name}"] = {"seconds": seconds, "articles_per_s": len(docs) / seconds,
                                                    "one_core": True, "documents": len(docs)}

        _, seconds = timed(lambda: process(store, workers=args.workers, passes=[]))
        stages["annotate:all (pool)"] = {"seconds": seconds, "articles_per_s": n / seconds}
        for corpus_pass in registered_passes():
            _, seconds = timed(lambda p=corpus_pass: process(store, passes=[p.name]))
            stages[f"pass:{corpus_pass.name}"] = {"seconds": seconds, "articles_per_s": n / seconds}
        store.close()

    baseline = stages.get("annotate:sentences", {}).get("articles_per_s")
    total = sum(v["seconds"] for k, v in stages.items() if not k.startswith("annotate:") or k == "annotate:all (pool)")
    emit({
        "benchmark": "pipeline", "articles": n, "stages": stages,
        "total_seconds": total, "articles_per_s": n / total, "peak_rss_mb": peak_rss_mb(),
        "ratio_to_sentence_splitting": {k: v["articles_per_s"] / baseline for k, v in stages.items()
                                        if baseline and k.startswith("annotate:")},
    })


if __name__ == "__main__":
    main()
