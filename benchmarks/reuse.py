"""The reuse pass on SaudiNewsNet: near-duplicate groups and cross-outlet reprinted passages.

Run: `python benchmarks/reuse.py [--limit-days N] [--incremental] [--sample 30]`. Ingests the daily zips into a
temporary database (not timed), then runs the "reuse" corpus pass in a fresh child process, so its time and
peak memory belong to the pass alone. Prints JSON: seconds, peak memory, counts (links, cross-outlet links,
duplicate groups), how the number of "reports" falls when reprints are folded, and a sample of links with
both passages for checking by eye. With --incremental it also times adding the last day to a store that
already holds the others (only the new documents are profiled and checked).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from common import emit, peak_rss_mb, saudinewsnet, timed

# A document or paragraph counts as a reprint when at least this share of its characters lies in
# passages that appeared earlier elsewhere (or in a copy stored first, when dates cannot tell).
REPRINT_SHARE = 0.5


def child(db: str) -> None:
    """Run the reuse pass once in this process and print its time, memory and summary."""
    from marsad.corpus.reuse import PASS
    from marsad.registry import Progress
    from marsad.store import Store

    store = Store(db)
    summary, seconds = timed(lambda: PASS.run(store, Progress()))
    store.close()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    # CPU seconds too: on a machine shared with other jobs, wall time says more about the neighbours.
    print(json.dumps({"seconds": round(seconds, 1), "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
                      "peak_rss_mb": round(peak_rss_mb()), "summary": summary}))


def run_pass(db: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", str(db)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _covered(intervals: list[tuple[int, int]], start: int, end: int) -> int:
    """Characters of [start, end) covered by the union of intervals."""
    covered, reach = 0, start
    for lo, hi in sorted(intervals):
        lo, hi = max(lo, reach), min(hi, end)
        if hi > lo:
            covered += hi - lo
            reach = hi
    return covered


def folding(store) -> dict:  # noqa: ANN001
    """Documents and paragraphs before and after folding reprinted passages onto their origin."""
    reprinted: dict[str, list[tuple[int, int]]] = {}
    seq = {r[0]: r[1] for r in store.conn.execute("SELECT id, seq FROM documents")}
    for a_doc, b_doc, b_start, b_end, a_start, a_end, direction in store.conn.execute(
            "SELECT a_doc, b_doc, b_start, b_end, a_start, a_end, direction FROM reuse_links"):
        # Directed: the b side is the copy. Undecided: the copy stored later folds onto the first.
        if direction == "a->b" or seq[b_doc] > seq[a_doc]:
            reprinted.setdefault(b_doc, []).append((b_start, b_end))
        else:
            reprinted.setdefault(a_doc, []).append((a_start, a_end))
    docs = paragraphs = docs_folded = paragraphs_folded = 0
    lengths = {r[0]: r[1] for r in store.conn.execute("SELECT id, length(text) FROM documents")}
    for doc_id, length in lengths.items():
        docs += 1
        spans = reprinted.get(doc_id, [])
        if spans and _covered(spans, 0, length) >= REPRINT_SHARE * length:
            docs_folded += 1
    for doc_id, start, end in store.conn.execute("SELECT doc_id, start, end FROM paragraphs"):
        paragraphs += 1
        spans = reprinted.get(doc_id, [])
        if spans and _covered(spans, start, end) >= REPRINT_SHARE * (end - start):
            paragraphs_folded += 1
    grouped = store.conn.execute(
        "SELECT count(*) - count(DISTINCT group_id) FROM duplicate_groups").fetchone()[0]
    return {
        "documents": docs, "documents_mostly_reprinted": docs_folded,
        "independent_documents": docs - docs_folded,
        "documents_after_folding_near_duplicates_only": docs - grouped,
        "paragraphs": paragraphs, "paragraphs_reprinted": paragraphs_folded,
        "independent_paragraphs": paragraphs - paragraphs_folded,
    }


def sample_links(store, n: int, seed: int = 7) -> list[dict]:  # noqa: ANN001
    rows = store.conn.execute(
        "SELECT l.a_doc, l.a_start, l.a_end, l.b_doc, l.b_start, l.b_end, l.similarity, l.direction,"
        " da.outlet, db.outlet, da.published, db.published, substr(da.text, l.a_start + 1, l.a_end - l.a_start),"
        " substr(db.text, l.b_start + 1, l.b_end - l.b_start) FROM reuse_links l"
        " JOIN documents da ON da.id = l.a_doc JOIN documents db ON db.id = l.b_doc").fetchall()
    picked = random.Random(seed).sample(rows, min(n, len(rows)))
    return [{"a": f"{r[0]} [{r[1]}:{r[2]}] {r[8]} {r[10]}", "b": f"{r[3]} [{r[4]}:{r[5]}] {r[9]} {r[11]}",
             "similarity": r[6], "direction": r[7], "a_text": " ".join(r[12].split())[:400],
             "b_text": " ".join(r[13].split())[:400]} for r in picked]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit-days", type=int, default=None, help="Only the first N daily zips.")
    parser.add_argument("--incremental", action="store_true", help="Also time adding the last day to the rest.")
    parser.add_argument("--sample", type=int, default=30, help="Links to print with their passages.")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return

    from marsad.ingest import ingest
    from marsad.store import Store
    from marsad.store import reuse as db

    zips = [str(z) for z in sorted(saudinewsnet().glob("*.zip"))[: args.limit_days]]
    result: dict = {"benchmark": "reuse", "zips": len(zips)}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "full.db"
        with Store(path) as store:
            result["articles"] = ingest(store, zips).added
        result["full_run"] = run_pass(path)
        with Store(path) as store:
            counts = db.counts(store)
            counts["links_cross_outlet"] = store.conn.execute(
                "SELECT count(*) FROM reuse_links l JOIN documents a ON a.id = l.a_doc JOIN documents b ON b.id = l.b_doc"
                " WHERE coalesce(a.outlet, '') != coalesce(b.outlet, '')").fetchone()[0]
            counts["largest_duplicate_group"] = store.conn.execute(
                "SELECT coalesce(max(n), 0) FROM (SELECT count(*) n FROM duplicate_groups GROUP BY group_id)").fetchone()[0]
            result["counts"] = counts
            result["reports"] = folding(store)
            result["sample"] = sample_links(store, args.sample)
        if args.incremental and len(zips) > 1:
            part = Path(tmp) / "part.db"
            with Store(part) as store:
                ingest(store, zips[:-1])
            result["incremental"] = {"first_days": run_pass(part)}
            with Store(part) as store:
                result["incremental"]["last_day_articles"] = ingest(store, zips[-1:]).added
            result["incremental"]["last_day"] = run_pass(part)
    full = result["full_run"]
    result["targets"] = {"seconds<180": full["seconds"] < 180, "peak_rss_mb<4096": full["peak_rss_mb"] < 4096}
    emit(result)


if __name__ == "__main__":
    main()
