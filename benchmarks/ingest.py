"""Ingest all of SaudiNewsNet into a fresh database; then time 200 searches.

Run: `python benchmarks/ingest.py [--limit-days N]`. Prints JSON: articles/s, peak memory, database size,
search p50/p95, and the same figures for a baseline run side by side (plain FTS5 over the raw text, no
Arabic processing), with our/baseline ratios, because this machine's speed varies from run to run.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from common import emit, peak_rss_mb, percentile, saudinewsnet, timed


def run_marsad(db: Path, zips: list[Path]) -> dict[str, float]:
    from marsad.ingest import ingest
    from marsad.store import Store

    store = Store(db)
    report, seconds = timed(lambda: ingest(store, [str(z) for z in zips]))
    store.close()
    return {"articles": report.added, "duplicates": report.duplicates, "rejected": len(report.rejected),
            "seconds": seconds, "articles_per_s": report.added / seconds}


def run_baseline(db: Path, zips: list[Path]) -> dict[str, float]:
    def load() -> int:
        conn = sqlite3.connect(db)
        conn.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body)")
        count = 0
        for day in zips:
            with zipfile.ZipFile(day) as archive:
                for item in json.loads(archive.read(archive.namelist()[0])):
                    conn.execute("INSERT INTO docs VALUES (?, ?)", (item.get("title"), item.get("content")))
                    count += 1
        conn.commit()
        conn.close()
        return count

    count, seconds = timed(load)
    return {"articles": count, "seconds": seconds, "articles_per_s": count / seconds}


def child(kind: str, db: str, zips: list[str]) -> None:
    """Run one ingest in this (fresh) process, so peak memory belongs to it alone."""
    paths = [Path(z) for z in zips]
    result = run_marsad(Path(db), paths) if kind == "marsad" else run_baseline(Path(db), paths)
    result["peak_rss_mb"] = peak_rss_mb()
    result["db_mb"] = sum(p.stat().st_size for p in Path(db).parent.glob(Path(db).name + "*")) / 1e6
    print(json.dumps(result))


def queries(db: Path, n: int = 200, seed: int = 7) -> list[str]:
    """n queries of 1-3 words taken from real titles."""
    conn = sqlite3.connect(db)
    titles = [r[0] for r in conn.execute("SELECT title FROM documents WHERE title IS NOT NULL LIMIT 5000")]
    conn.close()
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        words = [w for w in rng.choice(titles).split() if len(w) > 3 and w.isalpha()]
        if words:
            k = rng.randint(1, min(3, len(words)))
            start = rng.randint(0, len(words) - k)
            out.append(" ".join(words[start:start + k]))
    return out


def time_search(db: Path, qs: list[str]) -> dict[str, float]:
    from marsad.search import search
    from marsad.store import Store

    store = Store(db, readonly=True)
    for q in qs[:10]:
        search(store, q)
    times = []
    for q in qs:
        _, seconds = timed(lambda q=q: search(store, q, limit=20))
        times.append(seconds * 1000)
    return {"p50_ms": percentile(times, 50), "p95_ms": percentile(times, 95)}


def time_baseline_search(db: Path, qs: list[str]) -> dict[str, float]:
    conn = sqlite3.connect(db)
    times = []
    for q in qs:
        match = " ".join(f'"{w}"' for w in q.split())
        _, seconds = timed(lambda m=match: conn.execute(
            "SELECT rowid, snippet(docs, 1, '[', ']', '…', 20) FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT 20",
            (m,)).fetchall())
        times.append(seconds * 1000)
    return {"p50_ms": percentile(times, 50), "p95_ms": percentile(times, 95)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit-days", type=int, default=None, help="Only the first N daily zips.")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], args.child[2:])
        return
    zips = sorted(saudinewsnet().glob("*.zip"))[: args.limit_days]
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for kind in ("baseline", "marsad"):
            db = Path(tmp) / f"{kind}.db"
            out = subprocess.run([sys.executable, __file__, "--child", kind, str(db), *map(str, zips)],
                                 check=True, capture_output=True, text=True).stdout
            results[kind] = json.loads(out.strip().splitlines()[-1])
        qs = queries(Path(tmp) / "marsad.db")
        results["marsad"]["search"] = time_search(Path(tmp) / "marsad.db", qs)
        results["baseline"]["search"] = time_baseline_search(Path(tmp) / "baseline.db", qs)
    ours, base = results["marsad"], results["baseline"]
    emit({
        "benchmark": "ingest", "zips": len(zips),
        "marsad": ours, "baseline_plain_fts5": base,
        "ratio_articles_per_s": ours["articles_per_s"] / base["articles_per_s"],
        "ratio_search_p95": ours["search"]["p95_ms"] / base["search"]["p95_ms"],
        "targets": {"articles_per_s>=1000": ours["articles_per_s"] >= 1000, "peak_rss_mb<1024": ours["peak_rss_mb"] < 1024,
                    "search_p95_ms<20": ours["search"]["p95_ms"] < 20},
    })


if __name__ == "__main__":
    main()
