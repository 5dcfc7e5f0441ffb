"""Load-test the HTTP API on SaudiNewsNet: 20 concurrent clients, search and timeline queries.

Run: `python benchmarks/api.py --db PATH [--clients 20] [--requests 30] [--rate 2] [--workers 1]`. PATH is a database
holding SaudiNewsNet (copied, never changed); the stories pass is run on the copy if it has no stories
yet. `marsad serve` runs in a child process. Two phases: "saturated" (every client sends its next
request as soon as the last returns: the server's throughput limit, where latency is mostly queueing)
and "paced" (every client sends --rate requests per second, like analysts at work). Latency is measured
at the client. Prints JSON: p50/p95/p99 in ms for search and timeline, requests per second, the target
(p95 < 50 ms).
"""

from __future__ import annotations

import argparse
import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import copy_db, emit, percentile

TARGET_P95_MS = 50


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def workload(db: Path, n: int, seed: int = 11) -> list[tuple[str, str, dict[str, str]]]:
    """n requests, half searches (1-2 words from real titles), half timelines (stories, entities, searches)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    titles = [r[0] for r in conn.execute("SELECT title FROM documents WHERE title IS NOT NULL LIMIT 5000")]
    stories = [r[0] for r in conn.execute("SELECT id FROM stories ORDER BY size DESC LIMIT 300")]
    entities = [r[0] for r in conn.execute("SELECT id FROM entities ORDER BY documents DESC LIMIT 200")]
    conn.close()
    rng = random.Random(seed)

    def words() -> str:
        while True:
            ws = [w for w in rng.choice(titles).split() if len(w) > 3 and w.isalpha()]
            if ws:
                k = rng.randint(1, min(2, len(ws)))
                start = rng.randint(0, len(ws) - k)
                return " ".join(ws[start:start + k])

    out = []
    for i in range(n):
        if i % 2 == 0:
            out.append(("search", "/api/search", {"q": words()}))
        else:
            choice = rng.random()
            if entities and choice < 0.3:
                out.append(("timeline", "/api/timeline", {"entity": rng.choice(entities)}))
            elif stories and choice < 0.75:
                out.append(("timeline", "/api/timeline", {"story": rng.choice(stories)}))
            else:
                out.append(("timeline", "/api/timeline", {"q": words()}))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a database holding SaudiNewsNet")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=30, help="requests per client and phase")
    parser.add_argument("--rate", type=float, default=2.0, help="requests per second per client in the paced phase")
    parser.add_argument("--workers", type=int, default=1, help="server processes (marsad serve --workers)")
    args = parser.parse_args()

    import httpx

    from marsad.corpus.stories import STORIES
    from marsad.registry import Progress
    from marsad.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "snn.db"
        copy_db(args.db, db)
        with Store(db) as store:
            if store.conn.execute("SELECT count(*) FROM stories").fetchone()[0] == 0:
                STORIES.run(store, Progress())
            documents = store.count_documents()
        port = free_port()
        server = subprocess.Popen([sys.executable, "-c", "from marsad.cli import main; main()", "serve", "--db", str(db), "--port", str(port),
                                   "--workers", str(args.workers)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.time() + 60
            while True:
                try:
                    httpx.get(base + "/api/stories?limit=1", timeout=2)
                    break
                except httpx.HTTPError:
                    if time.time() > deadline or server.poll() is not None:
                        sys.exit("the server did not start: " + server.stderr.read().decode()[-2000:])
                    time.sleep(0.3)
            jobs = workload(db, args.clients * args.requests)
            with httpx.Client(base_url=base, timeout=30) as warm:
                for _, path, params in jobs[:40]:
                    warm.get(path, params=params)
            saturated = load(base, jobs, args.clients, rate=0.0)
            paced = load(base, workload(db, args.clients * args.requests, seed=12), args.clients, rate=args.rate)
        finally:
            server.terminate()
            server.wait(timeout=10)

    emit({"documents": documents, "clients": args.clients, "server_workers": args.workers,
          "requests_per_phase": len(jobs),
          "target_p95_ms": TARGET_P95_MS,
          "saturated": {"what": "each client sends its next request as soon as the last one returns", **saturated},
          "paced": {"what": f"each client sends {args.rate} requests per second", **paced}})


def load(base: str, jobs: list[tuple[str, str, dict[str, str]]], clients: int, *, rate: float) -> dict[str, object]:
    """Send `jobs` from `clients` threads (each paced to `rate` requests per second, or back to back
    when 0) and measure each request's latency at the client."""
    import httpx

    timings: dict[str, list[float]] = {"search": [], "timeline": []}
    errors: list[str] = []
    lock = threading.Lock()

    def client(index: int, mine: list[tuple[str, str, dict[str, str]]]) -> None:
        interval = 1.0 / rate if rate > 0 else 0.0
        next_at = time.perf_counter() + interval * index / clients  # spread the clients' first requests
        with httpx.Client(base_url=base, timeout=30) as http:
            for kind, path, params in mine:
                if interval:
                    time.sleep(max(0.0, next_at - time.perf_counter()))
                    next_at += interval
                start = time.perf_counter()
                response = http.get(path, params=params)
                ms = (time.perf_counter() - start) * 1000
                with lock:
                    timings[kind].append(ms)
                    if response.status_code != 200:
                        errors.append(f"{response.status_code} {path} {params}")

    threads = [threading.Thread(target=client, args=(i, jobs[i::clients])) for i in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started

    def figures(values: list[float]) -> dict[str, float]:
        return {"n": len(values), "p50_ms": round(percentile(values, 50), 1),
                "p95_ms": round(percentile(values, 95), 1), "p99_ms": round(percentile(values, 99), 1)}

    return {"requests_per_s": round(len(jobs) / wall, 1), "search": figures(timings["search"]),
            "timeline": figures(timings["timeline"]), "error_count": len(errors), "errors": errors[:5]}


if __name__ == "__main__":
    main()
