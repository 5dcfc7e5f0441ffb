"""Speed and quality of the event annotator.

Run: `python benchmarks/events.py [--articles N] [--held-out]`. Prints JSON:
- speed: articles/s of the per-document event annotator alone, and of the claim and event
  annotators together, on one core, over N SaudiNewsNet articles of one day whose sentence,
  entity and time layers are computed first (not timed), after one warm-up call that loads the
  lexicons and the event-type model; events per article;
- quality: sentence-level event detection on tests/data/events_gold.jsonl, micro and per-type
  precision/recall/F1 on the dev split (rules were tuned on it), and on the held-out test split only
  with --held-out, so that it is scored on purpose and rarely.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import zipfile
from pathlib import Path

from common import emit, saudinewsnet, timed

ROOT = Path(__file__).resolve().parents[1]


def articles(count: int) -> list[dict]:
    day = sorted(saudinewsnet().glob("*.zip"))[-1]
    with zipfile.ZipFile(day) as archive:
        rows = json.loads(archive.read(archive.namelist()[0]))
    random.Random(1).shuffle(rows)
    return [r for r in rows if r.get("content")][:count]


def speed(count: int) -> dict[str, float]:
    from marsad.annotate import claims, dates, entities, events, sentences
    from marsad.document import Document, document_id
    from marsad.text import fold

    docs = []
    for row in articles(count):
        doc = Document(id=document_id(fold(row["content"])), text=row["content"])
        for annotator in (sentences, entities, dates):
            doc.layers[annotator.ANNOTATOR.name] = annotator.ANNOTATOR.func(doc)
        docs.append(doc)
    for doc in docs:
        doc.layers["claims"] = claims.ANNOTATOR.func(doc)
    events.ANNOTATOR.func(docs[0])  # loads the lexicons and the event-type model: once per process, not timed
    found, event_seconds = timed(lambda: [events.ANNOTATOR.func(d) for d in docs])
    _, claim_seconds = timed(lambda: [claims.ANNOTATOR.func(d) for d in docs])
    return {"articles": len(docs), "events_per_article": round(sum(map(len, found)) / len(docs), 2),
            "event_articles_per_s": round(len(docs) / event_seconds, 1),
            "claims_and_events_articles_per_s": round(len(docs) / (event_seconds + claim_seconds), 1)}


def quality(*, held_out: bool) -> dict[str, dict]:
    from marsad.eval.events import evaluate_file

    gold = ROOT / "tests" / "data" / "events_gold.jsonl"
    out = {}
    for split in ("dev", "test") if held_out else ("dev",):
        result = evaluate_file(gold, split=split)
        out[split] = {"sentences": result["sentences"], "micro": result["micro"], "per_type": result["per_type"]}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--held-out", action="store_true", help="Also score the held-out test split.")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    emit({"speed": speed(args.articles), "quality": quality(held_out=args.held_out)})


if __name__ == "__main__":
    main()
