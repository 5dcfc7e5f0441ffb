"""Scoring the temporal tagger and resolver on cases in the Recognizers-Text date format.

A case (one JSON line) has `text`, `reference` (the anchor, YYYY-MM-DD) and `expected`: a list
of {text, start, end, type, timex, values}; `values` holds the acceptable resolutions (the past
and the future reading where they differ; a range as "start/end"). The shared dev file is
../shared/data/time/recognizers-ar-dev.jsonl; marsad's own news cases are in
tests/data/time_news_cases.jsonl, in the same format.

An expected expression is *found* when a tagged span overlaps it; the span with the largest
overlap is the one judged. It is *correct* when that span's value, written in any of the forms
the suite uses, is one of `values`. The suite writes a period as the half-open range of its
days (a month "2015-03" as "2015-03-01/2015-04-01", an ISO week from Monday to the next
Monday) and a range of named days with its end included ("2016-12-04/2016-12-23"), so a value
is compared in its own form and in both of those. A case whose `values` is empty (the suite's
seasons, which it does not resolve) is correct when the expression is found.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

from marsad.annotate.dates import times_of
from marsad.annotate.timex import value_bounds
from marsad.eval import read_jsonl

REQUIRED = ("text", "reference", "expected")


def read_cases(path: Path) -> list[dict[str, Any]]:
    """The cases of a JSON-lines file; E402 when it is missing, E401 on a malformed line."""
    return read_jsonl(path, required=REQUIRED, check=_check_case)


def _check_case(case: dict[str, Any]) -> None:
    date.fromisoformat(case["reference"])
    for exp in case["expected"]:
        if not {"start", "end", "values"} <= exp.keys():
            raise ValueError("an expected item needs start, end and values")


def value_forms(value: str | None) -> set[str]:
    """The forms of a value the suite may use (see the module docstring)."""
    if not value:
        return set()
    forms = {value}
    if "/" in value:
        a, b = value.split("/", 1)
        ba, bb = value_bounds(a), value_bounds(b)
        if ba and bb:
            forms.add(f"{ba[0].isoformat()}/{bb[0].isoformat()}")
            forms.add(f"{ba[0].isoformat()}/{bb[1].isoformat()}")
        return forms
    bounds = value_bounds(value)
    if bounds:
        forms.add(f"{bounds[0].isoformat()}/{bounds[1].isoformat()}")
    return forms


def judge(case: dict[str, Any]) -> dict[str, Any]:
    """Tag one case and judge each expected expression. RETURNS a dict with the details."""
    text = case["text"]
    spans = times_of(text, date.fromisoformat(case["reference"]))
    results = []
    for exp in case["expected"]:
        best, overlap = None, 0
        for span in spans:
            ov = min(span.end, exp["end"]) - max(span.start, exp["start"])
            if ov > overlap:
                best, overlap = span, ov
        found = best is not None
        value = best.attrs.get("value") if best else None
        correct = found and (not exp["values"] or bool(value_forms(value) & set(exp["values"])))
        results.append({"expected": exp.get("text", text[exp["start"]:exp["end"]]), "values": exp["values"],
                        "found": found, "got": best.text_in(text) if best else None, "value": value,
                        "correct": correct})
    return {"text": text, "reference": case["reference"], "results": results}


def evaluate(cases: list[dict[str, Any]]) -> dict[str, Any]:
    """Score a list of cases. A case is correct when all its expected expressions are.

    RETURNS (dict): cases, correct, accuracy, span_recall, expressions, seconds, failures.
    """
    t0 = time.perf_counter()
    judged = [judge(case) for case in cases]
    seconds = time.perf_counter() - t0
    correct = sum(all(r["correct"] for r in j["results"]) for j in judged)
    expressions = [r for j in judged for r in j["results"]]
    found = sum(r["found"] for r in expressions)
    return {
        "cases": len(cases),
        "correct": correct,
        "accuracy": correct / len(cases) if cases else 0.0,
        "expressions": len(expressions),
        "span_recall": found / len(expressions) if expressions else 0.0,
        "seconds": round(seconds, 3),
        "failures": [j for j in judged if not all(r["correct"] for r in j["results"])],
    }


def evaluate_file(path: Path) -> dict[str, Any]:
    """Score the cases of one file (see `evaluate`)."""
    return evaluate(read_cases(path))
