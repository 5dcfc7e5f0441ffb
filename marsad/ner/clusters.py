"""Distributional word clusters learned from unlabelled news (SaudiNewsNet), with numpy and scipy.

A name the labelled data never shows (a new minister, a small town) usually shares its
neighbours with names it does show. We count, for each frequent word, the words just left and
just right of it, weight the counts by positive PMI, reduce them with a truncated SVD, and
cluster the unit vectors with k-means at three granularities (coarse to fine, as Brown-cluster
prefixes would be). The tagger reads the cluster ids as features.
"""

from __future__ import annotations

import json
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from marsad.registry import Progress
from marsad.text import fold, tokenise

# Sizes chosen to fit the 2-core build machine in a few minutes: 80k words cover ~97% of
# running text in SaudiNewsNet; 4k left + 4k right context words; 100 SVD dimensions.
VOCAB_SIZE = 80_000
MIN_COUNT = 5
CONTEXT_SIZE = 4_000
DIMENSIONS = 100
# Coarse to fine: 64 classes for word kinds, 256 and 1024 for finer name groups.
GRANULARITIES = (64, 256, 1024)
KMEANS_ITERATIONS = 15


def cluster_key(word: str) -> str:
    """The form a word is clustered under: folded, Latin lowercased."""
    return fold(word).lower()


def iter_news_texts(folder: Path) -> Iterator[str]:
    """The title and body of every article in the SaudiNewsNet daily zips."""
    for path in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if not name.endswith(".json"):
                    continue
                for item in json.loads(archive.read(name).decode("utf-8")):
                    yield (item.get("title") or "") + "\n" + (item.get("content") or "")


def _sentences_of_ids(texts: Iterator[str], progress: Progress) -> tuple[list[np.ndarray], dict[str, int]]:
    vocab: dict[str, int] = {}
    docs: list[np.ndarray] = []
    for text in texts:
        ids = [vocab.setdefault(cluster_key(t.text), len(vocab)) for t in tokenise(text)]
        docs.append(np.asarray(ids, dtype=np.int32))
        progress.advance()
    return docs, vocab


def frequent_words(news_dir: Path, *, limit: int) -> list[str]:
    """The limit most frequent Arabic word forms of the news, as written (not folded)."""
    counts: Counter[str] = Counter()
    for text in iter_news_texts(news_dir):
        counts.update(t.text for t in tokenise(text) if "\u0621" <= t.text[0] <= "\u064a")
    return [w for w, _ in counts.most_common(limit)]


def _kmeans(x: np.ndarray, k: int, *, seed: int) -> np.ndarray:
    """Spherical k-means (cosine), initialised on k random rows; returns the label of each row."""
    rng = np.random.default_rng(seed)
    centres = x[rng.choice(len(x), size=k, replace=False)].copy()
    labels = np.zeros(len(x), dtype=np.int32)
    for _ in range(KMEANS_ITERATIONS):
        labels = np.argmax(x @ centres.T, axis=1).astype(np.int32)
        sums = np.zeros_like(centres)
        np.add.at(sums, labels, x)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        empty = norms[:, 0] == 0
        sums[empty] = x[rng.choice(len(x), size=int(empty.sum()), replace=False)]
        norms[empty] = 1.0
        centres = sums / norms
    return labels


def word_vectors(news_dir: Path, *, progress: Progress | None = None) -> tuple[list[str], np.ndarray]:
    """PPMI-SVD vectors of the frequent words of the news in news_dir.

    news_dir (Path): folder of SaudiNewsNet daily zips.
    RETURNS (tuple): the words (cluster keys, most frequent first) and their unit vectors (float32).
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.linalg import svds

    progress = progress or Progress()
    progress.start("reading news", None)
    docs, vocab = _sentences_of_ids(iter_news_texts(news_dir), progress)
    progress.finish()
    counts = np.bincount(np.concatenate(docs), minlength=len(vocab))
    order = np.argsort(-counts)
    keep = order[: VOCAB_SIZE][counts[order[: VOCAB_SIZE]] >= MIN_COUNT]
    row_of = np.full(len(vocab), -1, dtype=np.int64)
    row_of[keep] = np.arange(len(keep))
    ctx_of = np.full(len(vocab), -1, dtype=np.int64)
    ctx_of[order[:CONTEXT_SIZE]] = np.arange(CONTEXT_SIZE)
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    for ids in docs:
        if len(ids) < 2:
            continue
        for offset in (1, 2):
            if len(ids) <= offset:
                continue
            left, right = ids[:-offset], ids[offset:]
            # The right neighbour as a context of the left word, and the other way round;
            # left and right contexts (and distances 1 and 2) are distinct columns.
            base = (offset - 1) * 2 * CONTEXT_SIZE
            for word, ctx, shift in ((left, right, base), (right, left, base + CONTEXT_SIZE)):
                r, c = row_of[word], ctx_of[ctx]
                ok = (r >= 0) & (c >= 0)
                rows.append(r[ok])
                cols.append(c[ok] + shift)
    r = np.concatenate(rows)
    c = np.concatenate(cols)
    matrix = coo_matrix((np.ones(len(r), dtype=np.float32), (r, c)), shape=(len(keep), 4 * CONTEXT_SIZE)).tocsr()
    matrix.sum_duplicates()
    total = matrix.sum()
    row_sums = np.asarray(matrix.sum(axis=1)).ravel()
    # Context distribution smoothed with exponent 0.75, as in word2vec, to temper rare contexts.
    col_sums = np.asarray(matrix.sum(axis=0)).ravel() ** 0.75
    col_sums /= col_sums.sum()
    coo = matrix.tocoo()
    pmi = np.log(coo.data * 1.0 / (row_sums[coo.row] / total) / col_sums[coo.col] / total)
    positive = pmi > 0
    ppmi = coo_matrix((pmi[positive], (coo.row[positive], coo.col[positive])), shape=matrix.shape).tocsr()
    u, s, _ = svds(ppmi, k=DIMENSIONS)
    vectors = u * np.sqrt(s)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    words = {i: w for w, i in vocab.items()}
    return [words[int(v)] for v in keep], vectors.astype(np.float32)


def build_clusters(words: list[str], vectors: np.ndarray) -> dict[str, tuple[int, ...]]:
    """Cluster word vectors at each granularity in GRANULARITIES.

    RETURNS (dict): cluster key -> one cluster id per granularity.
    """
    labels = [_kmeans(vectors, k, seed=k) for k in GRANULARITIES]
    return {word: tuple(int(lab[i]) for lab in labels) for i, word in enumerate(words)}


def save_clusters(clusters: dict[str, tuple[int, ...]], path: Path) -> None:
    """Write clusters as TSV: word, then one id per granularity."""
    with path.open("w", encoding="utf-8") as fh:
        for word, ids in clusters.items():
            fh.write(word + "\t" + "\t".join(map(str, ids)) + "\n")


def load_clusters(path: Path) -> dict[str, tuple[int, ...]]:
    """Read clusters written by save_clusters."""
    out: dict[str, tuple[int, ...]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            word, *ids = line.rstrip("\n").split("\t")
            out[word] = tuple(int(i) for i in ids)
    return out
