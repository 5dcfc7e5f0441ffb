"""Entity resolution on SaudiNewsNet, and the merge decision on the alias-pair test set.

Run: `python benchmarks/entities.py --db /tmp/snn_entities.db`. The database is built once and
reused: SaudiNewsNet is ingested if it holds no documents, and the NER annotator tags documents
that have no entities layer yet (slow: about half an hour on one core; resumable). Then the
resolve pass runs from scratch and is timed. Prints JSON: resolution seconds (mentions step and
collection step), entity counts by type, the 50 most frequent entities with Latin names and
aliases, and precision / recall of the merge decision on tests/data/alias_pairs.jsonl.
Options: --annotate-only (tag and stop), --workers N (annotation processes), --top N, --out FILE
(also write the JSON there, for a person to check the top entities by eye).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from common import emit, peak_rss_mb, saudinewsnet

ROOT = Path(__file__).resolve().parents[1]


def ensure_documents(db_path: str) -> None:
    from marsad.ingest import ingest
    from marsad.store import Store

    with Store(db_path) as store:
        if store.count_documents() == 0:
            ingest(store, [str(p) for p in sorted(saudinewsnet().glob("*.zip"))])


def _tag(job: tuple[str, str]) -> tuple[str, list]:
    from marsad.annotate.entities import find_entities

    doc_id, text = job
    return doc_id, find_entities(text)


def ensure_entities(db_path: str, workers: int) -> int:
    """Tag documents without an entities layer; RETURNS how many were tagged now."""
    from concurrent.futures import ProcessPoolExecutor

    from marsad.annotate.entities import ANNOTATOR
    from marsad.document import ENTITIES
    from marsad.store import Store

    with Store(db_path) as store:
        missing = store.docs_missing_layer(ENTITIES, ANNOTATOR.version)
        texts = ((d, store.conn.execute("SELECT text FROM documents WHERE id = ?", (d,)).fetchone()[0])
                 for d in missing)
        done = 0
        pending: list[tuple[str, list]] = []

        def flush() -> None:
            with store.transaction():
                for doc_id, spans in pending:
                    store.save_layer(doc_id, ENTITIES, ANNOTATOR.version, spans)
            pending.clear()

        with ProcessPoolExecutor(max_workers=workers) as pool:
            for result in pool.map(_tag, texts, chunksize=16):
                pending.append(result)
                done += 1
                if len(pending) >= 500:
                    flush()
                    print(f"tagged {done}/{len(missing)}", file=sys.stderr, flush=True)
        flush()
    return done


def pair_scores() -> dict[str, float]:
    sys.path.insert(0, str(ROOT / "tests"))
    from resolve_pairs import load_pairs, score_pairs

    return score_pairs(load_pairs())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="/tmp/snn_entities.db")
    parser.add_argument("--annotate-only", action="store_true")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--top", type=int, default=50)
    parser.add_argument("--out", default=None, help="Also write the JSON to this file.")
    args = parser.parse_args()

    ensure_documents(args.db)
    tagged = ensure_entities(args.db, args.workers)
    if args.annotate_only:
        emit({"tagged": tagged})
        return

    from marsad.corpus import resolve
    from marsad.registry import Progress
    from marsad.store import Store
    from marsad.store import entities as db

    with Store(args.db) as store:
        # From scratch: forget the units and the pass state, keep the review decisions.
        db.clear_doc_units(store)
        store.set_pass_state(resolve.NAME, resolve.VERSION, 0)
        with store.transaction() as conn:
            conn.execute("DELETE FROM entity_latin")
        start = time.perf_counter()
        counts = resolve.run(store, Progress())
        total = time.perf_counter() - start
        # The collection step alone, as a re-run after new documents would pay it.
        start = time.perf_counter()
        resolve.resolve_entities(store)
        rerun = time.perf_counter() - start
        top = db.list_entities(store, limit=args.top)
        by_type = db.count_entities(store)
        mentions = store.conn.execute("SELECT count(*) FROM entity_mentions").fetchone()[0]
        documents = store.count_documents()
    result = {
        "documents": documents,
        "tagged_now": tagged,
        "mentions": mentions,
        "entities": sum(by_type.values()),
        "entities_by_type": by_type,
        "resolve_seconds_from_scratch": round(total, 1),
        "resolve_seconds_rerun": round(rerun, 1),
        "counts": counts,
        "peak_rss_mb": round(peak_rss_mb()),
        "alias_pairs": pair_scores(),
        "top": [{"name": e["name"], "latin": e["latin"], "type": e["type"], "mentions": e["mentions"],
                 "documents": e["documents"], "aliases": [a["alias"] for a in e["aliases"][:6]],
                 "roles": [r["role"] for r in e["roles"][:4]]} for e in top],
    }
    if args.out:
        Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    emit(result)


if __name__ == "__main__":
    main()
