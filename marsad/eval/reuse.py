"""Text-reuse evaluation in the PAN layout (`marsad eval reuse DIR`).

DIR holds suspicious/*.txt, source/*.txt and annotations/*.xml (one per suspicious document, with
`feature` elements giving this_offset/this_length/source_reference/source_offset/source_length).
Every suspicious document is checked against the whole source collection with the detector of
the corpus pass (`marsad.corpus.reuse`), detections are written in the same XML layout, and
scored with the PAN measures (Potthast et al. 2010): macro-averaged character precision and
recall, granularity, and plagdet = F1 / log2(1 + granularity).

Our own dev/tune split: suspicious documents in name order alternate between "tune" (even
positions, used to choose the thresholds) and "dev" (odd positions, never tuned on).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from marsad.corpus.reuse import DEFAULT_PARAMS, Params, align, candidate_pairs, profile
from marsad.errors import MarsadError
from marsad.registry import Progress

SPLITS = ("all", "tune", "dev")
_FEATURE = re.compile(r"<feature\b([^>]*)/?>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True)
class Case:
    """One reuse case or detection: a stretch of a suspicious document and its source stretch."""

    susp: str
    this_offset: int
    this_length: int
    source: str
    source_offset: int
    source_length: int


def read_text(path: Path) -> str:
    """A PAN text: UTF-8, newlines kept as they are (offsets count every character)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def suspicious_names(folder: Path, split: str = "all") -> list[str]:
    """Names of the suspicious documents of one split (see the module docstring)."""
    names = sorted(p.name for p in (folder / "suspicious").glob("*.txt"))
    if split == "all":
        return names
    return names[0::2] if split == "tune" else names[1::2]


def read_cases(folder: Path, names: list[str]) -> list[Case]:
    """The gold cases of the given suspicious documents."""
    cases = []
    for name in names:
        xml = folder / "annotations" / (Path(name).stem + ".xml")
        if not xml.exists():
            continue
        for match in _FEATURE.finditer(xml.read_text(encoding="utf-8")):
            attrs = dict(_ATTR.findall(match.group(1)))
            if "source_reference" not in attrs:
                continue
            cases.append(Case(name, int(attrs["this_offset"]), int(attrs["this_length"]), attrs["source_reference"],
                              int(attrs["source_offset"]), int(attrs["source_length"])))
    return cases


def check_layout(folder: Path) -> None:
    for part in ("suspicious", "source"):
        if not (folder / part).is_dir():
            raise MarsadError("E402", path=folder, detail=f"no {part}/ folder")


def detect(folder: Path, names: list[str], *, params: Params = DEFAULT_PARAMS,
           progress: Progress | None = None) -> list[Case]:
    """Detect reuse between each named suspicious document and every source document."""
    progress = progress or Progress()
    sources = sorted(p.name for p in (folder / "source").glob("*.txt"))
    progress.start("profile", len(sources) + len(names))
    profiles = []
    for part, files in (("source", sources), ("suspicious", names)):
        for name in files:
            profiles.append(profile(read_text(folder / part / name)))
            progress.advance()
    progress.finish()
    pairs = candidate_pairs([p.distinct_hashes() for p in profiles], new_from=len(sources), new_vs_new=False,
                            params=params)
    progress.start("align", len(pairs))
    detections = []
    for i, j, _ in pairs:
        susp = names[j - len(sources)]
        for passage in align(profiles[i], profiles[j], params=params):
            detections.append(Case(susp, passage.b_start, passage.b_end - passage.b_start, sources[i],
                                   passage.a_start, passage.a_end - passage.a_start))
        progress.advance()
    progress.finish()
    return detections


def write_detections(out: Path, names: list[str], detections: list[Case]) -> None:
    """One XML file per suspicious document, in the PAN annotation layout."""
    out.mkdir(parents=True, exist_ok=True)
    by_doc: dict[str, list[Case]] = defaultdict(list)
    for d in detections:
        by_doc[d.susp].append(d)
    for name in names:
        lines = ['<?xml version="1.0" encoding="UTF-8"?>', f"<document reference={quoteattr(name)}>"]
        for d in sorted(by_doc[name], key=lambda c: c.this_offset):
            lines.append(f'<feature name="detected-plagiarism" this_offset="{d.this_offset}" '
                         f'this_length="{d.this_length}" source_reference={quoteattr(d.source)} '
                         f'source_offset="{d.source_offset}" source_length="{d.source_length}"/>')
        lines.append("</document>")
        (out / (Path(name).stem + ".xml")).write_text("\n".join(lines) + "\n", encoding="utf-8")


# -- PAN measures -----------------------------------------------------------------------------


def _overlapping(a: Case, b: Case) -> bool:
    """b detects a: same documents, and the stretches overlap in both of them."""
    return (a.susp == b.susp and a.source == b.source
            and a.this_offset < b.this_offset + b.this_length and b.this_offset < a.this_offset + a.this_length
            and a.source_offset < b.source_offset + b.source_length
            and b.source_offset < a.source_offset + a.source_length)


def _chars(c: Case) -> tuple[set[int], set[int]]:
    return (set(range(c.this_offset, c.this_offset + c.this_length)),
            set(range(c.source_offset, c.source_offset + c.source_length)))


def _macro(targets: list[Case], others: list[Case]) -> float:
    """Mean over targets of the share of its characters (both documents) covered by overlapping others."""
    by_pair: dict[tuple[str, str], list[Case]] = defaultdict(list)
    for o in others:
        by_pair[(o.susp, o.source)].append(o)
    total = 0.0
    for t in targets:
        this_chars, source_chars = _chars(t)
        hit_this: set[int] = set()
        hit_source: set[int] = set()
        for o in by_pair[(t.susp, t.source)]:
            if _overlapping(t, o):
                o_this, o_source = _chars(o)
                hit_this |= this_chars & o_this
                hit_source |= source_chars & o_source
        total += (len(hit_this) + len(hit_source)) / (len(this_chars) + len(source_chars))
    return total / len(targets)


def score(cases: list[Case], detections: list[Case]) -> dict[str, float]:
    """PAN precision, recall, granularity and plagdet of detections against gold cases."""
    if not cases and not detections:
        return {"precision": 1.0, "recall": 1.0, "granularity": 1.0, "plagdet": 1.0}
    if not cases or not detections:
        return {"precision": 0.0, "recall": 0.0, "granularity": 1.0, "plagdet": 0.0}
    precision = _macro(detections, cases)
    recall = _macro(cases, detections)
    by_pair: dict[tuple[str, str], list[Case]] = defaultdict(list)
    for d in detections:
        by_pair[(d.susp, d.source)].append(d)
    hits = [sum(1 for d in by_pair[(c.susp, c.source)] if _overlapping(c, d)) for c in cases]
    detected = [h for h in hits if h > 0]
    granularity = sum(detected) / len(detected) if detected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "granularity": round(granularity, 4),
            "plagdet": round(f1 / math.log2(1 + granularity), 4)}


def evaluate(folder: Path, *, split: str = "all", limit: int | None = None, out: Path | None = None,
             params: Params = DEFAULT_PARAMS, progress: Progress | None = None) -> dict[str, Any]:
    """Detect, write detections (when out is given) and score one split of a PAN folder.

    split (str): "all", "tune" or "dev" (see the module docstring).
    limit (int): only the first N suspicious documents of the split (for quick checks).
    RETURNS (dict): precision, recall, granularity, plagdet and counts.
    """
    folder = Path(folder)
    check_layout(folder)
    names = suspicious_names(folder, split)[:limit]
    if not names:
        raise MarsadError("E402", path=folder, detail="no suspicious/*.txt files")
    detections = detect(folder, names, params=params, progress=progress)
    if out is not None:
        write_detections(out, names, detections)
    cases = read_cases(folder, names)
    result: dict[str, Any] = score(cases, detections)
    result.update({"split": split, "suspicious": len(names), "cases": len(cases), "detections": len(detections)})
    return result
