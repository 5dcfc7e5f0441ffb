"""Cluster SaudiNewsNet into stories from scratch; print the time and the 20 largest stories.

Run: `python benchmarks/stories.py [--db PATH]`. With --db, a database that already holds SaudiNewsNet
(ingested, processed or not) is copied and used; without it, SaudiNewsNet is ingested into a
temporary database first (not timed). Prints JSON: documents, stories, stories with 2+ articles,
seconds for the pass, peak memory, and the 20 largest stories with their labels, for checking by eye.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from common import copy_db, emit, peak_rss_mb, saudinewsnet, timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an existing SaudiNewsNet database (copied, never changed)")
    args = parser.parse_args()

    from marsad.corpus.stories import STORIES, VERSION
    from marsad.registry import Progress
    from marsad.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "snn.db"
        if args.db:
            copy_db(args.db, db)
        else:
            from marsad.ingest import ingest

            with Store(db) as store:
                ingest(store, [str(p) for p in sorted(saudinewsnet().glob("*.zip"))])
        with Store(db) as store:
            store.set_pass_state(STORIES.name, "reset", 0)  # start over: time the full clustering
            summary, seconds = timed(lambda: STORIES.run(store, Progress()))
            top = [dict(r) for r in store.conn.execute(
                "SELECT label, size, start_date, end_date FROM stories ORDER BY size DESC, id LIMIT 20")]
            multi = store.conn.execute("SELECT count(*), coalesce(sum(size), 0) FROM stories WHERE size >= 2").fetchone()
        shutil.rmtree(tmp, ignore_errors=True)
    emit({"version": VERSION, "documents": summary["documents"], "stories": summary["stories"],
          "stories_2plus": multi[0], "documents_in_2plus": multi[1], "seconds": round(seconds, 1),
          "target_seconds": 300, "peak_rss_mb": round(peak_rss_mb()), "largest": top})


if __name__ == "__main__":
    main()
