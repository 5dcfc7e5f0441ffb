"""Claims: source-type and stance scores on the gold claims, and what the annotator costs.

Run: `python benchmarks/claims.py [--sample N] [--held-out]`. Prints JSON with
- the scores of `marsad eval claims` on tests/data/claims_gold.jsonl for the tuning part (dev), and,
  only with --held-out (so it is scored on purpose and rarely), the held-out part (test) and both;
- articles per second of the claims annotator alone, and of sentences + claims, on N SaudiNewsNet
  articles in one process on one core (target: at least 50 articles/s together with events);
- claims per article and the share of each source type and stance on those articles.
"""

from __future__ import annotations

import argparse
import json
import zipfile
from collections import Counter
from pathlib import Path

from common import emit, saudinewsnet, timed

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "claims_gold.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sample", type=int, default=1000, help="Articles for the timing.")
    parser.add_argument("--held-out", action="store_true", help="Also score the held-out test part.")
    args = parser.parse_args()

    from marsad.annotate.claims import annotate_claims, lexicon
    from marsad.annotate.sentences import annotate_sentences
    from marsad.document import SENTENCES
    from marsad.eval.claims import article_document, evaluate_file

    folder = saudinewsnet()
    out: dict = {"benchmark": "claims"}
    for split in ("dev", "test", "all") if args.held_out else ("dev",):
        r = evaluate_file(GOLD, split=split, folder=folder)
        out[f"gold_{split}"] = {k: r[k] for k in ("claims", "articles", "found", "source_type_accuracy",
                                                   "source_type_accuracy_strict", "source_type_macro_f1", "stance_accuracy")}

    articles: list[dict] = []
    for day in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(day) as archive:
            articles.extend(json.loads(archive.read(archive.namelist()[0])))
        if len(articles) >= args.sample:
            break
    docs = [article_document(a) for a in articles[: args.sample]]
    lexicon()  # loaded once per process, as in a worker
    claims, seconds = timed(lambda: [annotate_claims(d) for d in docs])

    def with_sentences() -> None:
        for d in docs:
            d.layers[SENTENCES] = annotate_sentences(d)
            annotate_claims(d)

    _, seconds_both = timed(with_sentences)
    n = sum(len(c) for c in claims)
    types = Counter(s.attrs["source_type"] for c in claims for s in c)
    stances = Counter(s.attrs["stance"] for c in claims for s in c)
    out["speed"] = {
        "articles": len(docs),
        "mean_chars": round(sum(len(d.text) for d in docs) / len(docs)),
        "claims_articles_per_second": round(len(docs) / seconds, 1),
        "sentences_and_claims_articles_per_second": round(len(docs) / seconds_both, 1),
    }
    out["claims_per_article"] = round(n / len(docs), 2)
    out["source_types"] = {k: round(v / n, 3) for k, v in types.most_common()}
    out["stances"] = {k: round(v / n, 4) for k, v in stances.most_common()}
    emit(out)


if __name__ == "__main__":
    main()
