"""Shared fixtures: the seed articles, the bundled examples, throwaway stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.paths import PROJECT_ROOT, seeds_dir, shared_data
from marsad.store import Store

EXAMPLES = PROJECT_ROOT / "examples"


@pytest.fixture(scope="session")
def seeds_path() -> Path:
    path = seeds_dir()
    if not (path / "seeds.jsonl").exists():
        pytest.skip(f"the seed articles are not at {path} (set MARSAD_SHARED)")
    return path


@pytest.fixture(scope="session")
def saudinewsnet_path() -> Path:
    path = shared_data("news", "saudinewsnet")
    if not path.exists():
        pytest.skip(f"SaudiNewsNet is not at {path}")
    return path


@pytest.fixture
def store() -> Store:
    db = Store(":memory:")
    yield db
    db.close()


@pytest.fixture
def seed_store(seeds_path: Path) -> Store:
    """A fresh in-memory store holding the five seed articles (ingested, not processed)."""
    from marsad.ingest import ingest

    db = Store(":memory:")
    ingest(db, [str(seeds_path)])
    yield db
    db.close()


def seed_doc_id(store: Store, number: str) -> str:
    """The id of seed article 000..004 in a store."""
    row = store.conn.execute("SELECT id FROM documents WHERE source LIKE ?", (f"%/{number}_%",)).fetchone()
    assert row is not None, f"seed {number} not ingested"
    return row[0]
