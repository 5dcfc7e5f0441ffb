"""NER speed, end to end from raw text, on one core.

Run: python benchmarks/ner.py [--articles N] [--model fast|accurate] [--folder DIR] (DIR: a CRF
model folder other than the shipped one, e.g. one written by `python -m marsad.train.ner --out DIR`). Prints JSON: model load seconds, tokens per second
over N SaudiNewsNet articles (tokenising, sentence splitting, features, CRF, spans), and the
milliseconds for a 500-word article (median of 20 repeats, and once on text not seen before).
Accuracy is measured by `marsad eval ner GOLD` and by training (dev split), not here.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import emit, percentile, saudinewsnet, timed  # noqa: E402
from marsad.text import tokenise  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--model", choices=("fast", "accurate"), default="fast")
    parser.add_argument("--folder", type=Path, help="time the CRF model in this folder instead of the shipped one")
    args = parser.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says
    from marsad.annotate.entities import find_entities, get_tagger
    from marsad.ner.clusters import iter_news_texts
    from marsad.ner.model import Tagger

    tagger, load_s = timed(lambda: Tagger(args.folder) if args.folder else get_tagger(args.model))
    texts = [t for t in itertools.islice(iter_news_texts(saudinewsnet()), 5000, 5000 + args.articles) if t.strip()]
    find_entities(texts[0], tagger=tagger)  # warm the word caches as a long-running process would be
    tokens = sum(len(tokenise(t)) for t in texts)
    cpu_start = time.process_time()
    spans, seconds = timed(lambda: [find_entities(t, tagger=tagger) for t in texts])
    cpu_seconds = time.process_time() - cpu_start
    words = " ".join(texts).split()
    article = " ".join(words[:500])
    per_article = [timed(lambda: find_entities(article, tagger=tagger))[1] * 1000 for _ in range(20)]
    cold = " ".join(words[-500:])
    emit({
        "model_load_s": round(load_s, 2),
        "articles": len(texts),
        "tokens": tokens,
        "entities": sum(map(len, spans)),
        "tokens_per_second": round(tokens / seconds),
        # CPU time of this (one-core) process: the wall figure's ceiling on a machine shared with others.
        "tokens_per_cpu_second": round(tokens / cpu_seconds),
        "load_average": round(os.getloadavg()[0], 1),
        "ms_per_500_word_article_median": round(percentile(per_article, 50), 1),
        "ms_per_500_word_article_unseen": round(timed(lambda: find_entities(cold, tagger=tagger))[1] * 1000, 1),
        "model": str(args.folder) if args.folder else args.model,
    })


if __name__ == "__main__":
    main()
