"""Helpers shared by the benchmarks: timing in a child process, peak memory, JSON output."""

from __future__ import annotations

import json
import resource
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from marsad.paths import shared_data  # noqa: E402


def saudinewsnet() -> Path:
    path = shared_data("news", "saudinewsnet")
    if not path.exists():
        sys.exit(f"SaudiNewsNet is not at {path}; set MARSAD_SHARED to the folder holding data/.")
    return path


def copy_db(source: str | Path, target: Path) -> None:
    """Copy an SQLite database opened read-only (the benchmark never changes the original)."""
    src, dst = sqlite3.connect(f"file:{source}?mode=ro", uri=True), sqlite3.connect(target)
    src.backup(dst)
    src.close()
    dst.close()


def peak_rss_mb() -> float:
    """Peak resident memory of this process (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(func: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = func()
    return result, time.perf_counter() - start


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def emit(data: dict[str, Any]) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))
