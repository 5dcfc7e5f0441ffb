"""The target of the issue: `marsad serve` on the seeds database (the whole pipeline, nothing filled
by hand) shows the seed timeline of EXPECTED.md on one page, in date order."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

from marsad.api import create_app

warnings.filterwarnings("ignore", category=DeprecationWarning)
from fastapi.testclient import TestClient  # noqa: E402

# (date, actor, other party or place) of EXPECTED.md rows, in the timeline's order.
EXPECTED_ROWS = [
    ("2016-06", "خليفة حفتر", "موسكو"),
    ("2016-11-27", "عقيلة صالح", "الجزائر"),
    ("2017-01-11", "خليفة حفتر", "طبرق"),
    ("2023-09-17", "خليفة حفتر", "بنغازي"),
    ("2023-09-28", "فلاديمير بوتين", "خليفة حفتر"),
]


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory, seeds_path: Path) -> Path:
    from marsad.ingest import ingest
    from marsad.pipeline import process
    from marsad.store import Store

    path = tmp_path_factory.mktemp("seeds") / "seeds.db"
    with Store(path) as store:
        ingest(store, [str(seeds_path)])
        process(store, workers=1)
    return path


def test_web_seed_timeline_on_one_page(seeds_db: Path) -> None:
    client = TestClient(create_app(seeds_db, token=""), client=("127.0.0.1", 50000))
    events = client.get("/api/timeline").json()["events"]
    rows = [(e["date"] or "", " ".join(filter(None, [_name(e, "actor"), _name(e, "recipient"), _name(e, "place")])))
            for e in events]
    position = -1
    for day, first, second in EXPECTED_ROWS:
        found = [i for i, (d, parties) in enumerate(rows) if d == day and first in parties and second in parties]
        assert found, f"no event on {day} with {first} and {second}"
        assert found[0] > position, f"{day} is out of order"
        position = found[0]
    # One page holds them all, in the same order.
    timeline = client.get("/api/timeline").json()
    assert timeline["truncated"] == 0
    page = client.get("/timeline").text
    cards = re.findall(r'class="event-card[^"]*" id="ev-[^"]+" data-type="[^"]*" data-date="([^"]*)"', page)
    assert cards == [e["date"] or "" for e in events]


def _name(event: dict, role: str) -> str:
    party = event.get(role) or {}
    return party.get("name") or party.get("text") or ""
