"""Small helpers the SQL modules of marsad/store/ share: IN-list parameters and decoded attrs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

# Ids bound per `IN (...)` query: under SQLite's historical limit of 999 parameters per statement,
# leaving room for the other parameters of the query.
IN_CHUNK = 500


def placeholders(values: list[Any]) -> str:
    """'?, ?, ?' for an IN list of len(values) parameters (never the values themselves)."""
    return ", ".join("?" for _ in values)


def in_chunks(values: list[Any]) -> Iterator[list[Any]]:
    """values (list): ids for an IN list. RETURNS (iterator): consecutive slices of at most IN_CHUNK."""
    for i in range(0, len(values), IN_CHUNK):
        yield values[i:i + IN_CHUNK]


def decode_attrs(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """rows (list): row dicts with an `attrs` JSON column (NULL read as {}). RETURNS (list): the same rows, decoded."""
    for row in rows:
        row["attrs"] = json.loads(row["attrs"] or "{}")
    return rows
