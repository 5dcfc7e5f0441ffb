"""Training the NER model from the shared data: `marsad train ner` or `python -m marsad.train.ner`.

Steps: word clusters and the segmentation table from SaudiNewsNet (unless the model folder has
them); ANERcorp-train split into train and dev by sentence blocks; optionally (--extra) NewsFANE
and Wojood sentences that share no text with ANERcorp as extra supervision, or (--stack) an
auxiliary tagger or typed gazetteer from one of them as stacked features (both lowered dev F1,
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
from marsad.ner.data import NEWSFANE_TYPES, WOJOOD_TYPES, is_dev, merge_clitics, novel_sentences, read_conll, split_dev
from marsad.ner.features import SEGMENTS_FILE, build_segment_table, load_resources
from marsad.ner.model import MODEL_FILE, Tagger, train_crf
from marsad.ner.stacking import SOURCES, STACKER_FILES, STACKERS, jackknife, read_source, sharing, train_without
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
              stack: str | None = None, params: dict[str, Any] | None = None,
              progress: Progress | None = None) -> dict[str, Any]:
    """Train, score on dev, and (unless dev_only) train the final model into out_dir.

    data_dir (Path): the shared data folder (holding ner/ and news/).
    out_dir (Path): model folder to write (crf.model, crf-scores.json, clusters.tsv, segments.tsv;
        bilstm.pt, bilstm.json, bilstm-scores.json for kind "bilstm").
    kind (str): "crf" (the fast default) or "bilstm" (the network of the accurate one; needs
        torch; trained on the train split, the epoch that scores best on dev kept).
    stack (str | None): "source" or "source:method": a SOURCES corpus whose auxiliary tagger
        (method "tagger", the default) or typed names ("gazetteer") feed the CRF stacked features
        (see marsad.ner.stacking; not with extra); None: none.
    RETURNS (dict): data sizes, dev scores, timings.
    """
    from marsad.eval.ner import evaluate_sentences

    if stack and extra:
        raise ValueError("stacked features are computed for ANERcorp sentences only; use stack or extra, not both")
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
        stacked_train = stacked_dev = aux = None
        source, _, method = (stack or "").partition(":")
        method = method or "tagger"
        if stack:
            anercorp = read_conll(data_dir.joinpath(*ANERCORP))
            aux = read_source(source, data_dir)
            report["stack"] = {"source": source, "method": method, "sentences": len(aux)}
            # Every ANERcorp sentence's stacked features, jackknifed; the dev split is tagged at
            # dev time by a stacker that shares no text with it, as new text is at run time.
            stacked = jackknife(method, aux, anercorp, resources, dev_model, progress=progress)
            stacked_train = [x for i, x in enumerate(stacked) if not is_dev(i)]
            stacked_dev = [x for i, x in enumerate(stacked) if is_dev(i)]
            train_without(method, aux, sharing(aux, anercorp), is_dev, resources,
                          dev_model / STACKERS[method].FILE, progress=progress)
        train_crf(train + more, resources, dev_model / MODEL_FILE, params=params, stacked=stacked_train,
                  progress=progress)
        report["dev"] = evaluate_sentences(Tagger(dev_model), dev)
        if dev_only:
            shutil.copy(dev_model / MODEL_FILE, out_dir / "crf-dev.model")
        report["train_seconds"] = round(time.time() - started)
        if not dev_only:
            for name in STACKER_FILES:
                (out_dir / name).unlink(missing_ok=True)
            if aux is not None:
                # At run time the stacker knows the whole auxiliary corpus.
                STACKERS[method].train(aux, resources, out_dir / STACKERS[method].FILE, progress=progress)
            train_crf(train + dev + more, resources, out_dir / MODEL_FILE, params=params,
                      stacked=stacked_train + stacked_dev if stacked_train is not None else None, progress=progress)
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
    parser.add_argument("--stack", choices=(*SOURCES, *(f"{s}:{m}" for s in SOURCES for m in STACKERS)),
                        help="stacked features from an auxiliary corpus, source[:tagger|gazetteer] (not shipped)")
    parser.add_argument("--c1", type=float)
    parser.add_argument("--c2", type=float)
    args = parser.parse_args()
    params = {k: v for k, v in (("c1", args.c1), ("c2", args.c2)) if v is not None}
    try:
        report = train_ner(data_dir=args.data, out_dir=args.out, kind=args.model, dev_only=args.dev_only,
                           extra=tuple(x for x in args.extra.split(",") if x), params=params,
                           stack=args.stack)
    except MarsadError as exc:
        raise SystemExit(str(exc)) from None
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
