"""The merge decision on 140+ alias pairs from news of several domains (same / different actor)."""

from __future__ import annotations

from resolve_pairs import load_pairs, predict, score_pairs


def test_the_pair_set_is_large_and_balanced() -> None:
    pairs = load_pairs()
    assert len(pairs) >= 100
    assert 0.3 < sum(p["same"] for p in pairs) / len(pairs) < 0.7
    assert len({p["domain"] for p in pairs}) >= 5


def test_merge_decision_precision_and_recall() -> None:
    scores = score_pairs(load_pairs())
    # Wrongly merged actors are worse than a missed alias: precision must stay near perfect.
    assert scores["precision"] >= 0.97, scores["wrong"]
    assert scores["recall"] >= 0.9, scores["wrong"]


def test_same_surname_different_people_in_one_document_stay_apart() -> None:
    pair = {"a": "هيلاري كلينتون", "b": "بيل كلينتون", "type": "PER", "same": False, "same_doc": True}
    assert predict(pair) is False


def test_spelling_variant_without_evidence_is_not_merged() -> None:
    # غاري / جاري are one name only because the documents share a companion; alone they stay apart.
    pair = {"a": "غاري لينيكر", "b": "جاري لينيكر", "type": "PER", "same": True}
    assert predict(pair) is False
    assert predict({**pair, "context": ["ORG:بي بي سي"]}) is True
