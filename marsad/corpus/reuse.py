"""Reprints and reused passages: the detector, and the corpus pass "reuse" built on it.

The detector works on plain texts, so the store pass and the PAN evaluation
(`marsad.eval.reuse`) call the very same code:

1. `profile(text)`: the content words of a text as light-stemmed search keys (function words
   dropped), each with its raw character span and paragraph; a MinHash signature of key
   3-grams; and the set of distinct key hashes.
2. `near_duplicates(...)`: whole-document near-duplicates, by LSH over the MinHash signatures
   (banding), verified by the estimated Jaccard similarity.
3. `candidate_pairs(...)`: document pairs worth aligning, found by locality-sensitive hashing
   of the documents' rare words: each key whose document frequency is at most `rare_df` is a
   bucket, and two documents that fall into `min_shared` buckets together are candidates. A
   reused passage keeps its rare words even when its words are shuffled or some replaced by
   synonyms, where n-gram fingerprints break.
4. `align(a, b)`: seed-and-extend on the dot plot of shared words. Every pair of positions with
   the same key is a seed; seeds are grouped by splitting the plot wherever a gap along either
   text exceeds `gap` words, and a group dense enough on both sides is a reused passage. Verbatim
   copies are diagonal runs, shuffled ones dense blocks, edited ones runs with holes: the same
   rule finds all three. Sparse seeds at a group's edges are trimmed, the passage then grows over
   identical words on either side, its edges snap to sentence edges, and where two passages
   overlap in b the more similar one wins. With `by_paragraph`, passages are cut at paragraph
   boundaries so each reprinted paragraph gets its own link.

The pass stores signatures (table `reuse_signatures`), so a later run profiles only the new
documents and checks them against everything stored.
"""

from __future__ import annotations

import bisect
import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

# The function-word lexicon's keys, shared with story similarity (one loader for one lexicon).
from marsad.document import split_paragraphs
from marsad.registry import CorpusPass, Progress
from marsad.text import function_words, search_key, split_sentences, tokenise

NAME = "reuse"
VERSION = "reuse.minhash.v1"

# MinHash of key 3-grams for whole documents: 128 permutations in 16 bands of 8 rows put the
# LSH threshold near Jaccard (1/16)^(1/8) = 0.71; pairs are then verified at NEAR_DUP_JACCARD,
# the usual cut for "the same article with a different header or footer".
NUM_PERM = 128
BANDS = 16
SHINGLE = 3
NEAR_DUP_JACCARD = 0.8
_MERSENNE = np.uint64((1 << 61) - 1)
_MASK32 = np.uint64(0xFFFFFFFF)
_rng = np.random.RandomState(20150721)
_PERM_A = _rng.randint(1, (1 << 31) - 1, size=NUM_PERM).astype(np.uint64)
_PERM_B = _rng.randint(0, (1 << 31) - 1, size=NUM_PERM).astype(np.uint64)


@dataclass(frozen=True)
class Params:
    """The detector's thresholds; the defaults were tuned on the tune half of the PAN corpus
    (see `marsad eval reuse` and benchmarks/reuse.py for the figures).

    rare_df (int): a key in at most this many documents is a candidate bucket.
    rare_df_share (float): ... or in at most this share of them, whichever is larger.
    min_shared (int): rare keys two documents must share to be aligned.
    max_occ (int): a key more frequent than this in one document seeds nothing (too common there).
    gap (int): seeds further apart than this many content words, in either text, split a passage.
    min_seeds (int): seeds a passage needs.
    min_piece_seeds (int): seeds one paragraph's piece of a passage needs (with by_paragraph); set so
        that a one-sentence news paragraph reprinted with light edits still links.
    min_density (float): share of a passage's content words, on each side, that are seeds.
    min_similarity (float): Dice similarity of the two passages' key sets.
    merge_gap (int): passages closer than this many content words in both texts are joined.
    edge_window, edge_seeds (int): a passage's first and last seeded word must each open a
        window of edge_window content words holding at least edge_seeds seeded ones (see `_trim`).
    min_piece_similarity (float): Dice similarity one paragraph's piece needs (with by_paragraph):
        news paragraphs are short, and below this the SaudiNewsNet sample showed stock phrases
        (titles, formulas) rather than reprints.
    snap_words (int): a passage boundary moves to the sentence boundary when no more than this
        many words lie between them (unmatched function words at the edges).
    """

    rare_df: int = 20
    rare_df_share: float = 0.002
    min_shared: int = 5
    max_occ: int = 6
    gap: int = 8
    min_seeds: int = 12
    min_piece_seeds: int = 6
    min_density: float = 0.3
    min_similarity: float = 0.45
    min_piece_similarity: float = 0.65
    snap_words: int = 4
    merge_gap: int = 25
    edge_window: int = 6
    edge_seeds: int = 3


DEFAULT_PARAMS = Params()


@lru_cache(maxsize=500_000)
def key_hash(key: str) -> int:
    """A stable signed 64-bit hash of a key (Python's hash() changes between processes)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


@dataclass
class Profile:
    """What the detector knows of one text.

    keys (ndarray): int64 hashes of the content words' search keys, in text order.
    starts, ends (ndarray): raw character span of each content word.
    paras (ndarray): paragraph index of each content word.
    sentences (ndarray): raw (start, end) rows of the sentences, for snapping passage edges.
    words (ndarray): raw start of every word token (content or not), to count words between offsets.

    Arrays are int32 where they can be: the pass keeps tens of thousands of profiles in memory.
    """

    keys: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    paras: np.ndarray
    sentences: np.ndarray
    words: np.ndarray

    def distinct_hashes(self) -> np.ndarray:
        """Sorted distinct key hashes (int64): the document's buckets for candidate search."""
        return np.unique(self.keys)

    def signature(self) -> np.ndarray:
        """MinHash signature (NUM_PERM uint32 values) of the key 3-grams."""
        hashes = self.keys.view(np.uint64)
        if len(hashes) >= SHINGLE:
            shingles = hashes[:-2] * np.uint64(0x9E3779B97F4A7C15) ^ hashes[1:-1] * np.uint64(0xC2B2AE3D27D4EB4F) ^ hashes[2:]
        else:
            shingles = hashes
        if len(shingles) == 0:
            return np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
        shingles = np.unique(shingles & _MASK32)
        values = (np.outer(shingles, _PERM_A) + _PERM_B) % _MERSENNE & _MASK32
        return values.min(axis=0).astype(np.uint32)

    def seed_index(self, max_occ: int) -> tuple[np.ndarray, np.ndarray]:
        """(sorted key hashes, their positions) of the words whose key occurs at most max_occ times."""
        cached = getattr(self, "_seed_index", None)
        if cached is None or cached[0] != max_occ:
            order = np.argsort(self.keys, kind="stable")
            ordered = self.keys[order]
            _, inverse, counts = np.unique(ordered, return_inverse=True, return_counts=True)
            keep = counts[inverse] <= max_occ
            cached = (max_occ, ordered[keep], order[keep])
            self._seed_index = cached
        return cached[1], cached[2]


def profile(text: str) -> Profile:
    """Profile a raw text (offsets stay raw)."""
    stop = function_words()
    paragraph_starts = [p.start for p in split_paragraphs(text)] or [0]
    keys: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    paras: list[int] = []
    words: list[int] = []
    for token in tokenise(text):
        if not token.is_word:
            continue
        words.append(token.start)
        key = search_key(token.text)[0]
        if key in stop or (len(key) < 2 and not key.isdigit()):
            continue
        keys.append(key_hash(key))
        starts.append(token.start)
        ends.append(token.end)
        paras.append(max(0, bisect.bisect_right(paragraph_starts, token.start) - 1))
    sentences = np.array(split_sentences(text) or [(0, 0)], dtype=np.int32).reshape(-1, 2)
    return Profile(np.array(keys, dtype=np.int64), np.array(starts, dtype=np.int32), np.array(ends, dtype=np.int32),
                   np.array(paras, dtype=np.int32), sentences, np.array(words, dtype=np.int32))


@dataclass(frozen=True)
class Passage:
    """A passage of text a that reappears in text b (raw offsets), with its similarity."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    similarity: float


# -- whole-document near-duplicates -----------------------------------------------------------


def near_duplicates(signatures: np.ndarray, *, new_from: int) -> list[tuple[int, int, float]]:
    """Near-duplicate pairs among the rows of `signatures` with at least one row >= new_from.

    signatures (ndarray): one MinHash signature per document (rows in ingest order).
    new_from (int): rows before this were checked by an earlier run.
    RETURNS (list): (i, j, estimated Jaccard) with i < j.
    """
    rows = NUM_PERM // BANDS
    pairs: dict[tuple[int, int], float] = {}
    for band in range(BANDS):
        buckets: dict[bytes, list[int]] = defaultdict(list)
        block = np.ascontiguousarray(signatures[:, band * rows:(band + 1) * rows])
        for index in range(len(block)):
            buckets[block[index].tobytes()].append(index)
        for members in buckets.values():
            if len(members) < 2 or members[-1] < new_from:
                continue
            for j in members:
                if j < new_from:
                    continue
                for i in members:
                    if i >= j:
                        break
                    if (i, j) not in pairs:
                        pairs[(i, j)] = float(np.mean(signatures[i] == signatures[j]))
    return [(i, j, s) for (i, j), s in sorted(pairs.items()) if s >= NEAR_DUP_JACCARD]


# -- candidate pairs for passage alignment ----------------------------------------------------


def candidate_pairs(hashes: Sequence[np.ndarray], *, new_from: int, new_vs_new: bool = True,
                    params: Params = DEFAULT_PARAMS) -> list[tuple[int, int, int]]:
    """Document pairs sharing at least `min_shared` rare keys, one of them new.

    hashes (sequence): per document, its sorted distinct key hashes (`Profile.distinct_hashes`).
    new_from (int): documents before this index are old; pairs of two old ones are skipped.
    new_vs_new (bool): also pair new documents with each other (False for query vs collection).
    RETURNS (list): (i, j, shared rare keys) with i < j.
    """
    if not hashes:
        return []
    doc = np.concatenate([np.full(len(h), i, dtype=np.int64) for i, h in enumerate(hashes)])
    key = np.concatenate(hashes)
    order = np.lexsort((doc, key))
    doc, key = doc[order], key[order]
    _, first, counts = np.unique(key, return_index=True, return_counts=True)
    limit = max(params.rare_df, int(params.rare_df_share * len(hashes)))
    keep = np.repeat((counts >= 2) & (counts <= limit), counts)
    doc, key = doc[keep], key[keep]
    n = len(hashes)
    pair_keys: list[np.ndarray] = []
    # Within one bucket the documents are sorted, so pairing each entry with the one `step`
    # places on yields every pair (i < j) once when the key is the same.
    for step in range(1, limit):
        if step >= len(key):
            break
        same = key[step:] == key[:-step]
        i, j = doc[:-step][same], doc[step:][same]
        wanted = j >= new_from
        if not new_vs_new:
            wanted &= i < new_from
        if wanted.any():
            pair_keys.append(i[wanted] * n + j[wanted])
    if not pair_keys:
        return []
    codes, shared = np.unique(np.concatenate(pair_keys), return_counts=True)
    good = shared >= params.min_shared
    return [(int(c // n), int(c % n), int(s)) for c, s in zip(codes[good], shared[good], strict=True)]


# -- alignment --------------------------------------------------------------------------------


def _seeds(a: Profile, b: Profile, max_occ: int) -> np.ndarray:
    """Every (i, j) with the same key at word i of a and word j of b (keys at most max_occ times in each)."""
    keys_a, pos_a = a.seed_index(max_occ)
    keys_b, pos_b = b.seed_index(max_occ)
    shared = np.intersect1d(keys_a, keys_b)
    if not len(shared):
        return np.zeros((0, 2), dtype=np.int64)
    lo_a, hi_a = np.searchsorted(keys_a, shared), np.searchsorted(keys_a, shared, side="right")
    lo_b, hi_b = np.searchsorted(keys_b, shared), np.searchsorted(keys_b, shared, side="right")
    n_a, n_b = hi_a - lo_a, hi_b - lo_b
    # Expand each shared key into the n_a x n_b grid of its positions.
    per_key = n_a * n_b
    key_of = np.repeat(np.arange(len(shared)), per_key)
    within = np.arange(per_key.sum()) - np.repeat(np.cumsum(per_key) - per_key, per_key)
    i = pos_a[lo_a[key_of] + within // n_b[key_of]]
    j = pos_b[lo_b[key_of] + within % n_b[key_of]]
    return np.stack((i, j), axis=1)


def _split(points: np.ndarray, axis: int, gap: int) -> list[np.ndarray]:
    ordered = points[np.argsort(points[:, axis], kind="stable")]
    breaks = np.nonzero(np.diff(ordered[:, axis]) > gap)[0] + 1
    if not len(breaks):
        return [ordered]
    bounds = [0, *breaks.tolist(), len(ordered)]
    return [ordered[lo:hi] for lo, hi in zip(bounds, bounds[1:], strict=False)]


def _groups(points: np.ndarray, gap: int, min_seeds: int) -> list[np.ndarray]:
    """Split the dot plot along both axes until no gap larger than `gap` is left in a group."""
    todo, done = [points], []
    while todo:
        group = todo.pop()
        if len(group) < min_seeds:
            continue
        parts = _split(group, 0, gap)
        if len(parts) == 1:
            parts = _split(group, 1, gap)
        if len(parts) == 1:
            done.append(group)
        else:
            todo.extend(parts)
    return done


def _merge(groups: list[np.ndarray], merge_gap: int) -> list[np.ndarray]:
    """Join passages that follow each other closely in both texts (a repeated word or an
    edited sentence between two stretches of one copied passage leaves a hole without seeds)."""
    boxes = sorted(([int(g[:, 0].min()), int(g[:, 0].max()), int(g[:, 1].min()), int(g[:, 1].max()), g]
                    for g in groups), key=lambda box: box[0])
    merged: list[list[Any]] = []
    for box in boxes:
        last = merged[-1] if merged else None
        if (last is not None and box[0] - last[1] <= merge_gap
                and max(box[2] - last[3], last[2] - box[3]) <= merge_gap):
            last[1], last[2], last[3] = max(last[1], box[1]), min(last[2], box[2]), max(last[3], box[3])
            last[4] = np.vstack((last[4], box[4]))
        else:
            merged.append(box)
    return [box[4] for box in merged]


def _snap(start: int, end: int, p: Profile, snap_words: int) -> tuple[int, int]:
    """Move passage edges to the enclosing sentence edges when few words lie between."""
    sentence_starts, sentence_ends = p.sentences[:, 0], p.sentences[:, 1]
    index = int(np.searchsorted(sentence_starts, start, side="right")) - 1
    if index >= 0:
        s_start = int(sentence_starts[index])
        if np.searchsorted(p.words, start) - np.searchsorted(p.words, s_start) <= snap_words:
            start = s_start
    index = int(np.searchsorted(sentence_starts, end, side="right")) - 1
    if index >= 0 and sentence_starts[index] < end <= sentence_ends[index]:
        s_end = int(sentence_ends[index])
        if np.searchsorted(p.words, s_end) - np.searchsorted(p.words, end) <= snap_words:
            end = s_end
    return start, end


def align(a: Profile, b: Profile, *, by_paragraph: bool = False, params: Params = DEFAULT_PARAMS) -> list[Passage]:
    """Passages of text a that reappear in text b.

    a, b (Profile): the two texts.
    by_paragraph (bool): cut passages at paragraph boundaries of both texts.
    RETURNS (list): Passage objects in the order of text a.
    """
    seeds = _seeds(a, b, params.max_occ)
    if len(seeds) < params.min_seeds:
        return []
    groups = _merge([g for g in _groups(seeds, params.gap, params.min_seeds)
                     if _passage(g, a, b, params, params.min_seeds) is not None], params.merge_gap)
    if by_paragraph:
        cut = []
        for group in groups:
            label = a.paras[group[:, 0]].astype(np.int64) * (len(b.paras) + 1) + b.paras[group[:, 1]]
            cut.extend(group[label == value] for value in np.unique(label))
        groups = cut
    min_seeds = params.min_piece_seeds if by_paragraph else params.min_seeds
    found = [p for p in (_passage(group, a, b, params, min_seeds, within_paragraph=by_paragraph) for group in groups)
             if p is not None
             and (not by_paragraph or p.similarity >= params.min_piece_similarity)]
    # A stretch of b copies one place of a (a may be copied twice): where passages overlap in b,
    # the one with the most similar text (then the longest) wins.
    kept: list[Passage] = []
    for passage in sorted(found, key=lambda p: (-p.similarity * (p.b_end - p.b_start), p.a_start)):
        if not any(passage.b_start < other.b_end and other.b_start < passage.b_end for other in kept):
            kept.append(passage)
    return sorted(kept, key=lambda p: (p.a_start, p.b_start))


def _trim(group: np.ndarray, window: int, need: int) -> np.ndarray:
    """Drop seeds at the ends of a group until, on both axes, the outermost seeded word opens a
    window of `window` content words of which at least `need` are seeded: inside a copied
    passage nearly every word is a seed, while words shared by chance just outside are sparse."""
    for axis in (0, 1, 0, 1):
        if not len(group):
            break
        seeded = np.unique(group[:, axis])
        ahead = np.searchsorted(seeded, seeded + window) - np.arange(len(seeded))
        behind = np.arange(1, len(seeded) + 1) - np.searchsorted(seeded, seeded - window, side="right")
        first = np.nonzero(ahead >= need)[0]
        last = np.nonzero(behind >= need)[0]
        if not len(first) or not len(last) or seeded[first[0]] > seeded[last[-1]]:
            return group[:0]
        group = group[(group[:, axis] >= seeded[first[0]]) & (group[:, axis] <= seeded[last[-1]])]
    return group


def _extend(a: Profile, b: Profile, lo_a: int, lo_b: int, hi_a: int, hi_b: int,
            within_paragraph: bool) -> tuple[int, int, int, int]:
    """Grow a passage over words identical in both texts on either side: words too frequent
    in one document to seed (max_occ) still belong to a copy that runs on verbatim."""
    def same(i: int, j: int, edge_a: int, edge_b: int) -> bool:
        if within_paragraph and (a.paras[i] != a.paras[edge_a] or b.paras[j] != b.paras[edge_b]):
            return False
        return bool(a.keys[i] == b.keys[j])

    while lo_a > 0 and lo_b > 0 and same(lo_a - 1, lo_b - 1, lo_a, lo_b):
        lo_a, lo_b = lo_a - 1, lo_b - 1
    while hi_a + 1 < len(a.keys) and hi_b + 1 < len(b.keys) and same(hi_a + 1, hi_b + 1, hi_a, hi_b):
        hi_a, hi_b = hi_a + 1, hi_b + 1
    return lo_a, lo_b, hi_a, hi_b


def _passage(group: np.ndarray, a: Profile, b: Profile, params: Params, min_seeds: int, *,
             within_paragraph: bool = False) -> Passage | None:
    """The passage a seed group spans, or None when it is too small, sparse or dissimilar."""
    group = _trim(group, params.edge_window, params.edge_seeds)
    if len(group) < min_seeds:
        return None
    lo_a, hi_a = int(group[:, 0].min()), int(group[:, 0].max())
    lo_b, hi_b = int(group[:, 1].min()), int(group[:, 1].max())
    dense_a = len(np.unique(group[:, 0])) / (hi_a - lo_a + 1)
    dense_b = len(np.unique(group[:, 1])) / (hi_b - lo_b + 1)
    if min(dense_a, dense_b) < params.min_density:
        return None
    keys_a, keys_b = np.unique(a.keys[lo_a:hi_a + 1]), np.unique(b.keys[lo_b:hi_b + 1])
    similarity = 2 * len(np.intersect1d(keys_a, keys_b, assume_unique=True)) / (len(keys_a) + len(keys_b))
    if similarity < params.min_similarity:
        return None
    lo_a, lo_b, hi_a, hi_b = _extend(a, b, lo_a, lo_b, hi_a, hi_b, within_paragraph)
    a_start, a_end = _snap(int(a.starts[lo_a]), int(a.ends[hi_a]), a, params.snap_words)
    b_start, b_end = _snap(int(b.starts[lo_b]), int(b.ends[hi_b]), b, params.snap_words)
    return Passage(a_start, a_end, b_start, b_end, round(similarity, 4))


# -- the corpus pass --------------------------------------------------------------------------


def run(store: Any, progress: Progress) -> dict[str, Any]:
    """The "reuse" pass: profile new documents, group near-duplicates, link reused passages."""
    from marsad.store import reuse as db

    new = store.pending_documents(NAME, VERSION, reset=db.reset)
    if not new:
        return {"documents": 0, "duplicate_pairs": 0, "links": 0}
    progress.start("reuse: profile", len(new))
    profiles: dict[str, Profile] = {}
    fresh = []
    for _, doc in new:
        p = profiles[doc.id] = profile(doc.text)
        fresh.append((doc.id, p.signature(), p.distinct_hashes()))
        progress.advance()
    progress.finish()
    with store.transaction():
        db.save_signatures(store, fresh)
    ids, seqs, signatures, hashes = db.load_signatures(store)
    new_from = int(np.searchsorted(seqs, new[0][0]))
    meta = db.document_meta(store)

    duplicates = near_duplicates(signatures, new_from=new_from)
    pairs = candidate_pairs(hashes, new_from=new_from)
    progress.start("reuse: align", len(pairs))
    links = []
    # New documents keep their profile from above; stored ones are profiled again when a pair
    # needs them (their text is at hand, and recomputing is cheaper than storing word arrays).
    for i, j, _ in pairs:
        for doc_id in (ids[i], ids[j]):
            if doc_id not in profiles:
                profiles[doc_id] = profile(store.get_document(doc_id, layers=False).text)
        for passage in align(profiles[ids[i]], profiles[ids[j]], by_paragraph=True):
            links.append(db.directed_link(ids[i], ids[j], passage, meta))
        progress.advance()
    progress.finish()
    with store.transaction():
        groups = db.add_duplicates(store, [(ids[i], ids[j], s) for i, j, s in duplicates], meta)
        db.save_links(store, links)
        store.set_pass_state(NAME, VERSION, int(seqs[-1]))
    return {"documents": len(new), "duplicate_pairs": len(duplicates), "duplicate_groups_touched": groups,
            "candidate_pairs": len(pairs), "links": len(links)}


PASS = CorpusPass(name=NAME, version=VERSION, requires=(), run=run)
