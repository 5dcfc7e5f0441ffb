"""The claims gold set (references into SaudiNewsNet) and the scores of `marsad eval claims`."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from marsad.cli import main
from marsad.eval.claims import evaluate_file, load_article, read_gold, score
from marsad.paths import PROJECT_ROOT

GOLD = PROJECT_ROOT / "tests" / "data" / "claims_gold.jsonl"
# The target for source-type classification of claims.
TARGET_ACCURACY = 0.85


def test_claims_gold_is_large_enough_and_keeps_a_held_out_part():
    cases = read_gold(GOLD)
    assert len(cases) >= 150
    splits = Counter(c["split"] for c in cases)
    assert set(splits) == {"dev", "test"} and splits["test"] >= 60
    # the held-out part comes from other days than the tuning part
    assert not {c["zip"] for c in cases if c["split"] == "dev"} & {c["zip"] for c in cases if c["split"] == "test"}
    types = Counter(c["source_type"] for c in cases)
    assert all(types[t] >= 5 for t in ("official", "named_person", "anonymous", "media", "agency"))
    assert {c["stance"] for c in cases} == {"assert", "deny", "no_comment"}


def test_claims_gold_holds_references_not_article_text():
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        assert "content" not in case and "text" not in case
        assert len(case["source"]) <= 120 and len(case["cue"]) <= 20


def test_claims_gold_offsets_match_the_articles(saudinewsnet_path: Path):
    for case in read_gold(GOLD):
        article = load_article(case["zip"], case["index"], folder=saudinewsnet_path)
        assert article["url"] == case["url"]
        s, e = case["cue_span"]
        assert article["content"][s:e] == case["cue"]
        assert case["sentence"][0] <= s < e <= case["sentence"][1]


def test_claims_source_type_accuracy_on_the_tuning_part(saudinewsnet_path: Path):
    result = evaluate_file(GOLD, split="dev", folder=saudinewsnet_path)
    assert result["found"] >= 0.9
    assert result["source_type_accuracy"] >= TARGET_ACCURACY
    assert result["stance_accuracy"] >= TARGET_ACCURACY


def test_claims_source_type_accuracy_on_the_held_out_part(saudinewsnet_path: Path):
    result = evaluate_file(GOLD, split="test", folder=saudinewsnet_path)
    assert result["source_type_accuracy"] >= TARGET_ACCURACY


def test_claims_score_counts_missed_claims_as_wrong_in_the_strict_figure():
    from marsad.document import Span

    found = Span(0, 5, "CLAIM", {"source_type": "anonymous", "stance": "assert"})
    pairs = [({"source_type": "anonymous", "stance": "assert"}, found), ({"source_type": "official", "stance": "deny"}, None)]
    result = score(pairs)
    assert result["found"] == 0.5 and result["source_type_accuracy"] == 1.0
    assert result["source_type_accuracy_strict"] == 0.5
    assert result["confusion"] == {"anonymous->anonymous": 1, "official->missed": 1}


def test_claims_eval_cli_json(saudinewsnet_path: Path):
    result = CliRunner().invoke(main, ["eval", "claims", str(GOLD), "--split", "dev", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["split"] == "dev" and data["claims"] == sum(1 for c in read_gold(GOLD) if c["split"] == "dev")


def test_claims_eval_cli_missing_gold_is_a_sentence(tmp_path: Path):
    result = CliRunner().invoke(main, ["eval", "claims", str(tmp_path / "none.jsonl")])
    assert result.exit_code != 0 and "[E402]" in result.output and "Traceback" not in result.output


def test_claims_eval_rejects_a_malformed_case(tmp_path: Path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"zip": "2015-07-21", "index": 1, "cue_span": [0, 3], "source_type": "boss", "stance": "assert", "split": "dev"}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "claims", str(bad)])
    assert result.exit_code != 0 and "[E401]" in result.output


@pytest.mark.parametrize("split", ["dev", "test"])
def test_claims_gold_split_is_not_empty(split):
    assert any(c["split"] == split for c in read_gold(GOLD))
