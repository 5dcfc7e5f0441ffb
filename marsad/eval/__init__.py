"""Scoring marsad components against gold data (one module per area)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from marsad.errors import MarsadError


def prf(tp: int, gold: int, predicted: int) -> dict[str, Any]:
    """tp (int): items found and right; gold / predicted (int): items expected / found.
    RETURNS (dict): precision, recall and F1 (4 decimals, 0.0 where undefined) with the gold and predicted counts.
    """
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "gold": gold, "predicted": predicted}


def read_jsonl(path: Path, *, required: tuple[str, ...] = (),
               check: Callable[[dict[str, Any]], None] | None = None) -> list[dict[str, Any]]:
    """The objects of a gold JSON-lines file, blank lines skipped.

    required (tuple): keys every object must have (checked before `check`).
    check (callable): raises ValueError (or KeyError/TypeError) with what is wrong with one object.
    RAISES MarsadError E402 when the file is missing, E401 naming the line that is not valid.
    """
    if not path.is_file():
        raise MarsadError("E402", path=path, detail="no such file")
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
            if not isinstance(case, dict):
                raise ValueError("expected a JSON object")
            missing = [key for key in required if key not in case]
            if missing:
                raise ValueError("missing " + ", ".join(missing))
            if check is not None:
                check(case)
        except (ValueError, KeyError, TypeError) as exc:  # JSONDecodeError is a ValueError
            raise MarsadError("E401", path=path, line=number, detail=str(exc)) from None
        cases.append(case)
    return cases
