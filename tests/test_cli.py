"""The CLI end to end on the bundled examples: run, search, show, export; errors are sentences."""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import EXAMPLES

from marsad.cli import main


def test_run_search_show_export_on_the_examples(tmp_path):
    db = str(tmp_path / "news.db")
    runner = CliRunner()
    result = runner.invoke(main, ["run", str(EXAMPLES), "--db", db, "--quiet", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["ingest"]["added"] == 10 and summary["documents"] == 10

    again = runner.invoke(main, ["run", str(EXAMPLES), "--db", db, "--quiet", "--json"])
    assert json.loads(again.output)["ingest"]["added"] == 0
    assert json.loads(again.output)["process"]["annotated"] == 0

    hits = json.loads(runner.invoke(main, ["search", "جوميز", "--db", db, "--json"]).output)
    assert len(hits) == 2 and all("<mark>جوميز</mark>" in h["snippet"] for h in hits)
    by_outlet = json.loads(runner.invoke(main, ["search", "كسلا", "--db", db, "--json", "--outlet", "صحيفة النيل"]).output)
    assert [h["outlet"] for h in by_outlet] == ["صحيفة النيل"]

    shown = json.loads(runner.invoke(main, ["show", hits[0]["doc_id"][:8], "--db", db, "--json"]).output)
    assert shown["id"] == hits[0]["doc_id"] and shown["paragraphs"] and "sentences" in shown["layers"]

    status = json.loads(runner.invoke(main, ["status", "--db", db, "--json"]).output)
    assert status["documents"] == 10 and status["undated_documents"] == 1
    assert any(layer["name"] == "sentences" and layer["documents"] == 10 for layer in status["layers"])

    exported = runner.invoke(main, ["export", "--db", db, "--format", "jsonl"]).output.strip().split("\n")
    assert len(exported) == 10 and all(json.loads(line)["text"] for line in exported)


def test_errors_are_sentences_not_tracebacks(tmp_path):
    runner = CliRunner()
    missing = runner.invoke(main, ["search", "ليبيا", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code != 0 and "E301" in missing.output and "Traceback" not in missing.output
    bad_path = runner.invoke(main, ["ingest", str(tmp_path / "nowhere" / "*.txt"), "--db", str(tmp_path / "x.db")])
    assert bad_path.exit_code != 0 and "E101" in bad_path.output
