"""Training the NER model from the shared data: `marsad train ner` or `python -m marsad.train.ner`.

Steps: word clusters and the segmentation table from SaudiNewsNet (unless the model folder has
them); ANERcorp-train split into train and dev by sentence blocks; optionally (--extra) NewsFANE
and Wojood sentences that share no text with ANERcorp as extra supervision (they lowered dev F1,
see the model card); a model trained on train (+ extra) and scored on dev; then, unless
--dev-only, the shipped CRF trained on train + dev (the BiLSTM stays the one that scored best on dev).
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from marsad.errors import MarsadError
from marsad.ner.clusters import build_clusters, frequent_words, save_clusters, word_vectors
from marsad.ner.data import NEWSFANE_TYPES, WOJOOD_TYPES, merge_clitics, novel_sentences, read_conll, split_dev
from marsad.ner.features import SEGMENTS_FILE, build_segment_table, load_resources
from marsad.ner.model import MODEL_FILE, Tagger, train_crf
from marsad.paths import model_path, shared_data
from marsad.registry import Progress

ANERCORP = ("ner", "anercorp-camel-train.txt")
NEWSFANE = ("ner", "newsfane-gold-fine.tsv")
WOJOOD = ("wojood-sample-train.txt", "wojood-sample-val.txt")
NEWS = ("news", "saudinewsnet")
# Word forms whose Farasa segmentation ships with the model: the 100k most frequent in
# SaudiNewsNet cover 96% of the running words of the seed articles, for 2.8 MB.
SEGMENTED_WORDS = 100_000


def _need(path: Path) -> Path:
    if not path.exists():
        raise MarsadError("E203", path=path)
    return path


EXTRA_SETS = ("newsfane", "wojood")


def load_training_data(data_dir: Path, *, extra: tuple[str, ...] = ()) -> tuple[list, list, list]:
    """(train, dev, extra) sentences; extra holds the sentences of the named sets unseen in ANERcorp.

    extra (tuple): any of EXTRA_SETS.
    """
    anercorp = read_conll(_need(data_dir.joinpath(*ANERCORP)))
    train, dev = split_dev(anercorp)
    more: list = []
    if "newsfane" in extra:
        more += [merge_clitics(s) for s in read_conll(_need(data_dir.joinpath(*NEWSFANE)), type_map=NEWSFANE_TYPES)]
    if "wojood" in extra:
        for name in WOJOOD:
            more += read_conll(_need(data_dir / "ner" / name), type_map=WOJOOD_TYPES)
    # Novelty against all of ANERcorp-train keeps dev text out of training too.
    return train, dev, novel_sentences(more, anercorp) if more else []


def train_ner(*, data_dir: Path, out_dir: Path, kind: str = "crf", dev_only: bool = False, extra: tuple[str, ...] = (),
              params: dict[str, Any] | None = None, progress: Progress | None = None) -> dict[str, Any]:
    """Train, score on dev, and (unless dev_only) train the final model into out_dir.

    data_dir (Path): the shared data folder (holding ner/ and news/).
    out_dir (Path): model folder to write (crf.model, crf-scores.json, clusters.tsv, segments.tsv;
        bilstm.pt, bilstm.json, bilstm-scores.json for kind "bilstm").
    kind (str): "crf" (the fast default) or "bilstm" (the network of the accurate one; needs
        torch; trained on the train split, the epoch that scores best on dev kept).
    RETURNS (dict): data sizes, dev scores, timings.
    """
    from marsad.eval.ner import evaluate_sentences

    progress = progress or Progress()
    train, dev, more = load_training_data(data_dir, extra=extra)
    out_dir.mkdir(parents=True, exist_ok=True)
    clusters_file = out_dir / "clusters.tsv"
    vectors = None
    if not clusters_file.exists() or kind == "bilstm":
        vectors = word_vectors(_need(data_dir.joinpath(*NEWS)), progress=progress)
    if not clusters_file.exists():
        save_clusters(build_clusters(*vectors), clusters_file)
    if not (out_dir / SEGMENTS_FILE).exists():
        build_segment_table(frequent_words(_need(data_dir.joinpath(*NEWS)), limit=SEGMENTED_WORDS),
                            out_dir / SEGMENTS_FILE)
    resources = load_resources(out_dir)
    report: dict[str, Any] = {
        "model": kind, "train_sentences": len(train), "dev_sentences": len(dev), "extra_sentences": len(more),
        "train_tokens": sum(map(len, train)) + sum(map(len, more)), "dev_tokens": sum(map(len, dev)),
    }
    started = time.time()
    if kind == "bilstm":
        from marsad.ner.neural import NeuralTagger, train_bilstm

        report["best_epoch"] = train_bilstm(train + more, dev, resources, vectors=vectors, out_dir=out_dir)["epoch"]
        report["train_seconds"] = round(time.time() - started)
        report["dev"] = evaluate_sentences(NeuralTagger.load(out_dir), dev)
        (out_dir / "bilstm-scores.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        return report
    with tempfile.TemporaryDirectory() as tmp:
        dev_model = Path(tmp)
        shutil.copy(clusters_file, dev_model / "clusters.tsv")
        train_crf(train + more, resources, dev_model / MODEL_FILE, params=params, progress=progress)
        report["dev"] = evaluate_sentences(Tagger(dev_model), dev)
        if dev_only:
            shutil.copy(dev_model / MODEL_FILE, out_dir / "crf-dev.model")
    report["train_seconds"] = round(time.time() - started)
    if not dev_only:
        train_crf(train + dev + more, resources, out_dir / MODEL_FILE, params=params, progress=progress)
        (out_dir / "crf-scores.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return report


def main() -> None:
    """`python -m marsad.train.ner [--model crf|bilstm] [--dev-only] [--extra newsfane,wojood] [--out DIR] [--data DIR]`."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=shared_data())
    parser.add_argument("--out", type=Path, default=model_path("ner"))
    parser.add_argument("--model", choices=("crf", "bilstm"), default="crf")
    parser.add_argument("--dev-only", action="store_true")
    parser.add_argument("--extra", default="", help="comma-separated extra sets: newsfane, wojood")
    parser.add_argument("--c1", type=float)
    parser.add_argument("--c2", type=float)
    args = parser.parse_args()
    params = {k: v for k, v in (("c1", args.c1), ("c2", args.c2)) if v is not None}
    try:
        report = train_ner(data_dir=args.data, out_dir=args.out, kind=args.model, dev_only=args.dev_only,
                           extra=tuple(x for x in args.extra.split(",") if x), params=params)
    except MarsadError as exc:
        raise SystemExit(str(exc)) from None
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
