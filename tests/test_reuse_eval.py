"""`marsad eval reuse`: the PAN measures, and the detector on a slice of the PAN corpus."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from marsad.cli import main
from marsad.eval.reuse import Case, evaluate, read_cases, score, suspicious_names
from marsad.paths import shared_data

GOLD = [Case("s1.txt", 100, 200, "r1.txt", 1000, 200), Case("s1.txt", 600, 100, "r2.txt", 0, 100)]


@pytest.fixture(scope="module")
def pan() -> Path:
    path = shared_data("reuse")
    if not (path / "suspicious").is_dir():
        pytest.skip(f"the PAN reuse corpus is not at {path}")
    return path


def test_pan_measures_on_known_cases():
    assert score(GOLD, GOLD) == {"precision": 1.0, "recall": 1.0, "granularity": 1.0, "plagdet": 1.0}
    # Half of the first case found, in two pieces: recall 1/4, granularity 2 for the detected case.
    halves = [Case("s1.txt", 100, 50, "r1.txt", 1000, 50), Case("s1.txt", 150, 50, "r1.txt", 1050, 50)]
    result = score(GOLD, halves)
    assert result["precision"] == 1.0 and result["recall"] == 0.25 and result["granularity"] == 2.0
    assert result["plagdet"] == round((2 * 0.25 / 1.25) / math.log2(3), 4)
    # The right passage attributed to the wrong source detects nothing.
    wrong = [Case("s1.txt", 100, 200, "r9.txt", 1000, 200)]
    assert score(GOLD, wrong)["plagdet"] == 0.0


def test_splits_are_disjoint_halves(pan):
    tune, dev = suspicious_names(pan, "tune"), suspicious_names(pan, "dev")
    assert not set(tune) & set(dev) and abs(len(tune) - len(dev)) <= 1
    assert len(read_cases(pan, dev)) > 100


def test_detector_on_a_slice_of_the_dev_half(pan, tmp_path):
    result = evaluate(pan, split="dev", limit=12, out=tmp_path)
    assert result["suspicious"] == 12 and result["cases"] > 0
    assert result["plagdet"] >= 0.75 and result["granularity"] < 1.2
    written = sorted(tmp_path.glob("*.xml"))
    assert len(written) == 12 and "detected-plagiarism" in "".join(p.read_text() for p in written)


def test_eval_reuse_cli_on_a_small_pan_folder(seeds_path, tmp_path):
    source = next(seeds_path.glob("000_*.txt")).read_text(encoding="utf-8")
    host = next(seeds_path.glob("003_*.txt")).read_text(encoding="utf-8")
    para = source.split("\n")[3]
    cut = host.index("\n", len(host) // 2) + 1
    folder = tmp_path / "pan"
    for part in ("suspicious", "source", "annotations"):
        (folder / part).mkdir(parents=True)
    (folder / "source" / "r1.txt").write_text(source, encoding="utf-8")
    (folder / "source" / "r2.txt").write_text(next(seeds_path.glob("002_*.txt")).read_text(encoding="utf-8"))
    (folder / "suspicious" / "s1.txt").write_text(host[:cut] + para + "\n" + host[cut:], encoding="utf-8")
    (folder / "annotations" / "s1.xml").write_text(
        f'<document reference="s1.txt"><feature name="plagiarism" this_offset="{cut}" this_length="{len(para)}" '
        f'source_reference="r1.txt" source_offset="{source.index(para)}" source_length="{len(para)}"/></document>')
    out = CliRunner().invoke(main, ["eval", "reuse", str(folder), "--json", "--out", str(tmp_path / "det")])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["cases"] == 1 and data["detections"] == 1
    assert data["precision"] > 0.95 and data["recall"] > 0.95 and data["plagdet"] > 0.95
    assert (tmp_path / "det" / "s1.xml").exists()
    bad = CliRunner().invoke(main, ["eval", "reuse", str(tmp_path / "nowhere")])
    assert bad.exit_code != 0 and "E402" in bad.output
