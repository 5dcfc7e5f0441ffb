"""Speed of the learned event-type model (marsad.annotate.event_model).

Run: `python benchmarks/event_model.py [--articles N]`. The sentences of N SaudiNewsNet articles of one
day are annotated by the rules first (not timed); then the model's prediction (features and
probabilities) is timed on one core, once on fresh sentences (its word caches cold) and once again
(warm). Prints JSON: sentences, sentences/s cold and warm, the target (1,000/s).
"""

from __future__ import annotations

import argparse
import json
import random
import zipfile

from common import emit, saudinewsnet, timed

TARGET_PER_S = 1000


def sentences(count: int) -> list[str]:
    from marsad.text import split_sentences

    day = sorted(saudinewsnet().glob("*.zip"))[0]
    with zipfile.ZipFile(day) as archive:
        rows = json.loads(archive.read(archive.namelist()[0]))
    random.Random(2).shuffle(rows)
    out = []
    for row in [r for r in rows if r.get("content")][:count]:
        out += [row["content"][s:e] for s, e in split_sentences(row["content"])]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    args = parser.parse_args()
    from marsad.annotate.event_model import load_model, resources
    from marsad.train.events import rule_spans

    texts = sentences(args.articles)
    spans = rule_spans(texts)
    model = load_model()
    resources()  # the clusters file is read once per process, not per sentence

    def run() -> None:
        for text, ss in zip(texts, spans, strict=True):
            model.predict(text, ss)

    _, cold = timed(run)
    _, warm = timed(run)
    emit({"sentences": len(texts), "sentences_per_s_cold": round(len(texts) / cold, 1),
          "sentences_per_s_warm": round(len(texts) / warm, 1), "target_per_s": TARGET_PER_S})


if __name__ == "__main__":
    main()
