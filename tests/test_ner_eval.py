"""`marsad eval ner`: reading CoNLL-style gold and scoring entities as conlleval does."""

from __future__ import annotations

import json

from click.testing import CliRunner

from marsad.cli import main
from marsad.eval.ner import score_spans
from marsad.ner.data import NEWSFANE_TYPES, merge_clitics, read_conll, split_dev

# Our own sentences, tagged by hand in ANERcorp style (PERS, tab and space separators).
GOLD = """استقبل B-PERS
الرئيس O
عبد\tB-PERS
الله\tI-PERS
في O
عمان B-LOC
وفدا O
من O
البنك B-ORG
الدولي I-ORG
. O

وصل O
الوفد O
إلى O
دمشق B-LOC
. O
"""


def test_read_conll_maps_tags_and_separators(tmp_path) -> None:
    path = tmp_path / "gold.txt"
    path.write_text(GOLD, encoding="utf-8")
    sentences = read_conll(path)
    assert len(sentences) == 2
    assert sentences[0][2] == ("عبد", "B-PER") and sentences[0][3] == ("الله", "I-PER")
    assert sentences[1][3] == ("دمشق", "B-LOC")


def test_scores_need_exact_span_and_type() -> None:
    gold = [["B-PER", "I-PER", "O", "B-LOC", "B-ORG", "I-ORG"]]
    pred = [["B-PER", "O", "O", "B-LOC", "B-LOC", "I-LOC"]]
    result = score_spans(gold, pred)
    assert result["precision"] == round(1 / 3, 4) and result["recall"] == round(1 / 3, 4)
    assert result["per_type"]["LOC"]["precision"] == 0.5 and result["per_type"]["LOC"]["recall"] == 1.0
    assert result["per_type"]["PER"]["f1"] == 0.0


def test_stray_inside_tag_starts_an_entity() -> None:
    assert score_spans([["O", "I-ORG", "I-ORG"]], [["O", "B-ORG", "I-ORG"]])["f1"] == 1.0


def test_newsfane_types_and_clitics_map_onto_ours() -> None:
    sentence = [("و", "O"), ("المانيا", "B-Nation"), ("قال", "O"), ("ه", "O")]
    assert NEWSFANE_TYPES["Nation"] == "LOC" and NEWSFANE_TYPES["Politician"] == "PER"
    merged = merge_clitics([(w, t.replace("Nation", "LOC")) for w, t in sentence])
    assert merged == [("والمانيا", "B-LOC"), ("قاله", "O")]


def test_dev_split_is_block_wise() -> None:
    sentences = [[(str(i), "O")] for i in range(2000)]
    train, dev = split_dev(sentences)
    assert len(dev) == 200 and dev[0][0][0] == "900" and dev[-1][0][0] == "1999"
    assert not {s[0][0] for s in train} & {s[0][0] for s in dev}


def test_cli_prints_scores_and_json(tmp_path) -> None:
    path = tmp_path / "gold.txt"
    path.write_text(GOLD, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["eval", "ner", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) >= {"precision", "recall", "f1", "per_type", "tokens_per_second"}
    assert data["per_type"]["LOC"]["gold"] == 2 and data["per_type"]["LOC"]["recall"] >= 0.5
    plain = runner.invoke(main, ["eval", "ner", str(path)])
    assert plain.exit_code == 0 and "F1" in plain.output and "LOC" in plain.output


def test_cli_explains_a_missing_file(tmp_path) -> None:
    result = CliRunner().invoke(main, ["eval", "ner", str(tmp_path / "none.txt")])
    assert result.exit_code != 0 and "E402" in result.output and "Traceback" not in result.output


def test_train_command_refuses_without_data(tmp_path) -> None:
    result = CliRunner().invoke(main, ["train", "ner", "--data", str(tmp_path), "--out", str(tmp_path / "m")])
    assert result.exit_code != 0 and "E203" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "m").exists() or not any((tmp_path / "m").iterdir())


def test_name_gazetteer_marks_known_names_by_their_cores(tmp_path) -> None:
    from marsad.ner.features import load_gazetteer, name_gazetteer, save_gazetteer, sentence_features
    from marsad.ner.model import Tagger
    from marsad.paths import model_path

    gold = read_conll(_write(tmp_path, GOLD))
    gazetteer = name_gazetteer(gold)
    assert gazetteer[("بنك", "دولي")] == "ORG" and gazetteer[("دمشق",)] == "LOC"
    save_gazetteer(gazetteer, tmp_path / "g.tsv")
    assert load_gazetteer(tmp_path / "g.tsv") == gazetteer
    resources = Tagger(model_path("ner")).resources
    feats = sentence_features(["زار", "وفد", "من", "للبنك", "الدولي", "دمشق"], resources, gazetteer=gazetteer)
    assert "tg=B-ORG" in feats[3] and "tg=I-ORG" in feats[4] and "tg=B-LOC" in feats[5]
    assert not any(f.startswith("tg=") for f in feats[0])


def _write(tmp_path, text: str):
    path = tmp_path / "gold.txt"
    path.write_text(text, encoding="utf-8")
    return path
