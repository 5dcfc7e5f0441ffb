"""`marsad entities` / `marsad entity` and the review decisions, on the seeds with hand-made spans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from resolve_helpers import add_hand_entities

from marsad.cli import main
from marsad.corpus import resolve
from marsad.ingest import ingest
from marsad.registry import Progress
from marsad.store import Store
from marsad.store import entities as db


@pytest.fixture
def seed_db(tmp_path: Path, seeds_path: Path) -> str:
    path = str(tmp_path / "news.db")
    with Store(path) as store:
        ingest(store, [str(seeds_path)])
        add_hand_entities(store)
        resolve.run(store, Progress())
    return path


def cli(*args: str) -> object:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result


def test_entities_lists_aliases_latin_roles_and_counts(seed_db: str) -> None:
    rows = json.loads(cli("entities", "--db", seed_db, "--json").output)
    assert rows[0]["name"] == "خليفة حفتر" and rows[0]["latin"] == "Khalifa Haftar"
    assert {"alias": "حفتر", "count": rows[0]["aliases"][0]["count"]} in rows[0]["aliases"]
    assert any(r["role"] == "المشير" and r["dates"] == ["2017-01-11"] for r in rows[0]["roles"])
    places = json.loads(cli("entities", "--db", seed_db, "--type", "LOC", "--json", "--limit", "200").output)
    assert {r["type"] for r in places} == {"LOC"} and "Tobruk" in {r["latin"] for r in places}
    text = cli("entities", "--db", seed_db).output
    assert "Khalifa Haftar" in text and "aliases:" in text


def test_entity_shows_aliases_roles_documents_and_companions(seed_db: str) -> None:
    record = json.loads(cli("entity", "شويجو", "--db", seed_db, "--json").output)
    assert record["name"] == "سيرغي شويغو" and record["latin"] == "Sergei Shoigu"
    assert record["documents"] == 4 and len(record["documents_list"]) == 4
    assert "خليفة حفتر" in {c["name"] for c in record["cooccurring"]}
    assert record["roles"][0]["role"] == "وزير الدفاع الروسي"
    assert "Sergei Shoigu" in cli("entity", "Sergei Shoigu", "--db", seed_db).output


def test_merge_and_split_are_logged_and_survive_reprocessing(seed_db: str) -> None:
    # Different types refuse to merge, with a sentence.
    refused = CliRunner().invoke(main, ["entities", "merge", "عقيلة صالح", "مجلس النواب", "--db", seed_db])
    assert refused.exit_code != 0 and "[E312]" in refused.output
    out = json.loads(cli("entities", "merge", "فائز السراج", "أحمد معيتيق", "--db", seed_db, "--json",
                         "--reason", "test: one government").output)
    with Store(seed_db) as store:
        (sarraj,) = db.find_entities(store, "فائز السراج")
        assert sarraj["id"] == out["entity"] and {a["alias"] for a in db.aliases_of(store, sarraj["id"])} >= {
            "أحمد معيتيق", "فائز السراج"}
    split = json.loads(cli("entities", "split", "خليفة حفتر", "خليفة حفتر", "--db", seed_db, "--json",
                           "--reason", "test").output)
    assert split["new_entity"] and split["new_entity"] != split["entity"]
    log = json.loads(cli("entities", "log", "--db", seed_db, "--json").output)
    assert [d["action"] for d in log] == ["merge", "split"] and log[0]["reason"] == "test: one government"
    assert all(d["at"] for d in log)
    # Re-processing from scratch (a new pass version) replays both decisions.
    with Store(seed_db) as store:
        store.set_pass_state(resolve.NAME, "resolve.v0", 0)
        resolve.run(store, Progress())
        (sarraj,) = db.find_entities(store, "فائز السراج")
        assert "أحمد معيتيق" in {a["alias"] for a in db.aliases_of(store, sarraj["id"])}
        assert db.get_entity(store, split["new_entity"])["name"] == "خليفة حفتر"
        assert db.get_entity(store, split["entity"])["name"] == "حفتر"


def test_unknown_or_ambiguous_names_are_sentences(seed_db: str) -> None:
    missing = CliRunner().invoke(main, ["entity", "لا أحد", "--db", seed_db])
    assert missing.exit_code != 0 and "[E304]" in missing.output
    bad = CliRunner().invoke(main, ["entities", "split", "خليفة حفتر", "موسكو", "--db", seed_db])
    assert bad.exit_code != 0 and "[E313]" in bad.output
