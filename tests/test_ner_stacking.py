"""Stacked features: the auxiliary corpus is kept apart from the ANERcorp text it shares, and
the stackers turn a sentence into features the main CRF reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.ner.data import is_dev, read_conll
from marsad.ner.features import sentence_features
from marsad.ner.model import Tagger
from marsad.ner.stacking import (
    AUX_CLASSES,
    MAX_SHARED,
    AuxGazetteer,
    AuxTagger,
    aux_fold,
    disjoint,
    load_stacker,
    read_source,
    sharing,
)
from marsad.paths import model_path, shared_data

ANERCORP = ("ner", "anercorp-camel-train.txt")


@pytest.fixture(scope="module")
def corpora() -> tuple[list, list]:
    data = shared_data()
    if not data.joinpath(*ANERCORP).exists() or not (data / "ner" / "newsfane-gold-fine.tsv").exists():
        pytest.skip(f"ANERcorp and NewsFANE are not under {data / 'ner'}")
    return read_conll(data.joinpath(*ANERCORP)), read_source("newsfane", data)


def test_newsfane_keeps_fine_classes_and_whole_words(corpora) -> None:
    _, newsfane = corpora
    tags = {t[2:] for s in newsfane for _, t in s if t != "O"}
    assert {"NAT", "CITY", "GOV", "MEDIA", "SPORT", "GROUP", "PER"} <= tags <= set(AUX_CLASSES.values())
    # Clitics are glued back onto the next word, as the annotator sees them.
    assert not any(w in ("و", "ال") for s in newsfane for w, _ in s[:-1])


def test_fold_models_never_see_their_fold(corpora) -> None:
    anercorp, newsfane = corpora
    sample = newsfane[:400]
    shared = sharing(sample, anercorp)
    kept = set(disjoint(shared, lambda i: aux_fold(i) == 0))
    # Most of the sample is ANERcorp text: some of it in fold 0 (left out), the rest kept.
    assert 0 < len(kept) < len(sample)
    for k in kept:
        grams = shared[k]
        assert not grams or sum(any(aux_fold(i) == 0 for i in g) for g in grams) / len(grams) < MAX_SHARED
    # A left-out sentence really is fold-0 text: its words are found in a fold-0 sentence.
    left_out = next(k for k in range(len(sample)) if k not in kept)
    fold0 = {w for i, s in enumerate(anercorp) if aux_fold(i) == 0 for w, _ in s}
    words = [w for w, _ in sample[left_out]]
    assert sum(w in fold0 for w in words) > len(words) / 2
    # The dev split's stacker is kept apart from the dev text the same way.
    kept_dev = set(disjoint(shared, is_dev))
    assert all(sum(any(is_dev(i) for i in g) for g in shared[k]) / len(shared[k]) < MAX_SHARED
               for k in kept_dev if shared[k])


def test_typed_gazetteer_marks_names_with_their_class(tmp_path: Path) -> None:
    gold = [[("زار", "O"), ("وزير", "O"), ("خارجية", "O"), ("فرنسا", "B-NAT"), ("مدينة", "O"), ("حلب", "B-CITY")],
            [("وقالت", "O"), ("وكالة", "B-MEDIA"), ("الأنباء", "I-MEDIA"), ("الألمانية", "I-MEDIA")]]
    AuxGazetteer.train(gold, None, tmp_path / AuxGazetteer.FILE)
    stacker = load_stacker(tmp_path)
    assert isinstance(stacker, AuxGazetteer)
    words = ["ونقلت", "وكالة", "الأنباء", "الألمانية", "عن", "مسؤول", "في", "فرنسا"]
    feats = stacker.stacked(words, [[] for _ in words])
    assert feats[1] == ["ng=B-MEDIA"] and feats[3] == ["ng=I-MEDIA"] and "ng+1=B-MEDIA" in feats[0]
    assert feats[7] == ["ng=B-NAT"] and feats[4] == []


def test_auxiliary_tagger_gives_tags_confidence_and_neighbours(tmp_path: Path) -> None:
    resources = Tagger(model_path("ner")).resources
    gold = [[("زار", "O"), ("الرئيس", "O"), ("فرنسا", "B-NAT"), ("امس", "O")],
            [("وصل", "O"), ("الوفد", "O"), ("الى", "O"), ("فرنسا", "B-NAT"), ("صباحا", "O")],
            [("قالت", "O"), ("وكالة", "B-MEDIA"), ("رويترز", "I-MEDIA"), ("ان", "O"), ("فرنسا", "B-NAT")]] * 3
    AuxTagger.train(gold, resources, tmp_path / AuxTagger.FILE)
    stacker = load_stacker(tmp_path)
    assert isinstance(stacker, AuxTagger)
    words = ["غادر", "الوزير", "فرنسا", "امس"]
    feats = stacker.stacked(words, sentence_features(words, resources, gazetteer={}))
    assert feats[2][0] == "ax=B-NAT" and "axc=NAT" in feats[2] and any(f.startswith("axb=B-NAT|") for f in feats[2])
    assert feats[0] == ["ax=O", "ax-1=^", "ax+1=O"] and "ax-1=B-NAT" in feats[3] and "ax+1=$" in feats[3]


def test_shipped_tagger_reads_its_stacker_only_when_shipped() -> None:
    folder = model_path("ner")
    tagger = Tagger(folder)
    words = ["قال", "وزير", "الخارجية", "الفرنسي", "في", "باريس"]
    stacked = [f for token in tagger.features(words) for f in token if f.startswith(("ax", "ng"))]
    # The shipped fast model (v2) has no stacker: stacked features lowered dev F1 (see the model card).
    assert (load_stacker(folder) is None) == (not stacked)
    assert len(tagger.tag(words)) == len(words)
