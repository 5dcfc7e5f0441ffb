"""`marsad export --what events|entities|network` and `marsad timeline` on the hand-filled seeds database."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from marsad.cli import main


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, seeds_path: Path) -> str:
    from timeline_fixture import build

    return str(build(tmp_path_factory.mktemp("exports") / "seeds.db", seeds_path))


def run(*args: str) -> bytes:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def test_export_events_acled_and_gdelt_columns(db: str) -> None:
    rows = list(csv.DictReader(io.StringIO(run("export", "--db", db, "--what", "events", "--format", "csv").decode())))
    assert [r["event_date"] for r in rows] == ["2016-06", "2016-10", "2017-01-11", "2023-09-28"]
    tobruk = rows[2]
    assert (tobruk["actor1"], tobruk["actor2"], tobruk["location"]) == ("خليفة حفتر", "فاليري غيراسيموف", "طبرق")
    assert (tobruk["SQLDATE"], tobruk["time_precision"], tobruk["Actor1Code"]) == ("20170111", "1", "per_haftar")
    assert tobruk["actor2_latin"] == "Valery Gerasimov" and tobruk["source_scale"] == "official"
    assert rows[1]["date_inferred"] == "1" and rows[1]["NumMentions"] == "2" and rows[1]["NumSources"] == "1"
    assert rows[0]["denied_by"] == "موسكو"
    lines = run("export", "--db", db, "--what", "events", "--format", "jsonl").decode().splitlines()
    assert json.loads(lines[3])["event_id_cnty"] == "ev_2023_09_28"


def test_export_parquet(db: str) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="parquet export needs pyarrow (pip install marsad[parquet])")
    table = pq.read_table(io.BytesIO(run("export", "--db", db, "--what", "events", "--format", "parquet")))
    assert table.num_rows == 4 and "GLOBALEVENTID" in table.column_names


def test_export_network_graphml(db: str) -> None:
    root = ET.fromstring(run("export", "--db", db, "--what", "network", "--format", "graphml"))
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    nodes = {n.get("id") for n in root.iterfind(".//g:node", ns)}
    assert {"per_haftar", "per_shoigu", "loc_moscow"} <= nodes
    edges = {(e.get("source"), e.get("target")) for e in root.iterfind(".//g:edge", ns)}
    assert ("per_haftar", "per_shoigu") in edges
    entities = run("export", "--db", db, "--what", "entities", "--format", "csv").decode()
    assert "per_haftar,PER,خليفة حفتر,Khalifa Haftar" in entities


def test_export_refuses_a_wrong_format(db: str) -> None:
    result = CliRunner().invoke(main, ["export", "--db", db, "--what", "events", "--format", "graphml"])
    assert result.exit_code != 0 and "E355" in result.output


def test_timeline_cli(db: str) -> None:
    md = run("timeline", "--db", db, "--entity", "حفتر").decode()
    assert md.index("2016-06") < md.index("~2016-10 (inferred)") < md.index("2017-01-11") < md.index("2023-09-28")
    data = json.loads(run("timeline", "--db", db, "--pair", "Khalifa Haftar", "طبرق", "--json"))
    assert [e["id"] for e in data["events"]] == ["ev_2017_01_11"]
    result = CliRunner().invoke(main, ["timeline", "--db", db, "--entity", "nobody"])
    assert result.exit_code != 0 and "E304" in result.output
