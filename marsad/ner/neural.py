"""The accurate tagger: a BiLSTM-CRF over words, characters and the CRF tagger's word features,
averaged with the CRF tagger.

Each token is seen through three inputs: a word embedding (initialised from the SaudiNewsNet
PPMI-SVD vectors, so unseen-in-training names start near their kind), a character CNN (for
spelling: foreign names, nisba endings) and the sum of embeddings of the word's discrete
features from `marsad.ner.features` (clusters, gazetteers, trigger lists, affixes). A BiLSTM
reads the sentence both ways and a linear-chain CRF scores tag sequences. `EnsembleTagger`
averages its tag marginals with the feature CRF's, which makes fewer errors than either alone.
Needs torch (optional: `pip install marsad[neural]`); the default CRF tagger does not.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
from torch import nn

from marsad.ner.clusters import cluster_key
from marsad.ner.data import LABELS, Sentence
from marsad.ner.features import Resources, core, load_resources
from marsad.ner.model import Mention, Tagger, spans_of, spread_names

TAGS = ["O"] + [f"{p}-{label}" for label in LABELS for p in ("B", "I")]
MODEL_FILE = "bilstm.pt"
VOCAB_FILE = "bilstm.json"
MAX_WORD_CHARS = 20
PAD, UNK = 0, 1
# Training settings, chosen once on the dev split and left there (no search: one run is ~10 min).
NEWS_WORDS = 50_000  # news words given a row besides the training words: names met only in news
VECTOR_SCALE = 3.0  # unit PPMI-SVD vectors scaled to about the norm of the randomly initialised rows
WORD_DROPOUT = 0.05  # share of known words hidden as <unk>, so <unk> learns what an unseen word is
LEARNING_RATE = 2e-3
MIN_FEATURE_COUNT = 2  # a feature seen once in training gets no embedding


class BiLstmCrf(nn.Module):
    """The network; sizes are stored with the weights so a saved model rebuilds itself."""

    def __init__(self, *, n_words: int, n_chars: int, n_feats: int, word_dim: int = 100, char_dim: int = 32,
                 char_filters: int = 64, feat_dim: int = 64, hidden: int = 128, dropout: float = 0.5) -> None:
        super().__init__()
        # Sparse gradients: an update touches only the rows of the batch's words and features,
        # which makes training several times faster on a CPU than dense Adam over 5M rows.
        self.words = nn.Embedding(n_words, word_dim, padding_idx=PAD, sparse=True)
        self.chars = nn.Embedding(n_chars, char_dim, padding_idx=PAD)
        self.char_cnn = nn.Conv1d(char_dim, char_filters, kernel_size=3, padding=1)
        self.feats = nn.EmbeddingBag(n_feats, feat_dim, mode="sum", padding_idx=PAD, sparse=True)
        self.lstm = nn.LSTM(word_dim + char_filters + feat_dim, hidden, batch_first=True, bidirectional=True)
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(2 * hidden, len(TAGS))
        self.trans = nn.Parameter(torch.zeros(len(TAGS), len(TAGS)))
        self.start = nn.Parameter(torch.zeros(len(TAGS)))
        self.end = nn.Parameter(torch.zeros(len(TAGS)))

    def emissions(self, words: torch.Tensor, chars: torch.Tensor, feats: torch.Tensor,
                  feat_offsets: torch.Tensor, lengths: torch.Tensor | None = None) -> torch.Tensor:
        """Tag scores (batch, time, tags) from word ids (B, T), char ids (B, T, C) and a feature bag per token.

        lengths (Tensor | None): each sentence's length; given, the LSTM skips the padding.
        """
        b, t, c = chars.shape
        ch = self.chars(chars.view(b * t, c)).transpose(1, 2)
        ch = torch.relu(self.char_cnn(ch)).max(dim=2).values.view(b, t, -1)
        fe = self.feats(feats, feat_offsets).view(b, t, -1)
        x = self.drop(torch.cat([self.words(words), ch, fe], dim=2))
        if lengths is None:
            h, _ = self.lstm(x)
        else:
            packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
            h, _ = nn.utils.rnn.pad_packed_sequence(self.lstm(packed)[0], batch_first=True, total_length=t)
        return self.out(self.drop(h))

    def nll(self, em: torch.Tensor, tags: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Mean negative log-likelihood of the gold tags under the CRF."""
        b, t, _ = em.shape
        idx = torch.arange(b)
        gold = self.start[tags[:, 0]] + em[idx, 0, tags[:, 0]]
        alpha = self.start + em[:, 0]
        for i in range(1, t):
            m = mask[:, i]
            gold = gold + (self.trans[tags[:, i - 1], tags[:, i]] + em[idx, i, tags[:, i]]) * m
            step = torch.logsumexp(alpha.unsqueeze(2) + self.trans + em[:, i].unsqueeze(1), dim=1)
            alpha = torch.where(m.unsqueeze(1) > 0, step, alpha)
        last = tags[idx, mask.sum(1).long() - 1]
        gold = gold + self.end[last]
        return (torch.logsumexp(alpha + self.end, dim=1) - gold).mean()

    def marginals(self, em: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """Each tag's marginal probability (B, T, tags) by forward-backward; padding rows are junk."""
        t = em.shape[1]
        alpha = [self.start + em[:, 0]]
        for i in range(1, t):
            alpha.append(torch.logsumexp(alpha[-1].unsqueeze(2) + self.trans + em[:, i].unsqueeze(1), dim=1))
        end = self.end.expand_as(em[:, 0])
        beta = [end]
        for j in range(t - 2, -1, -1):
            step = torch.logsumexp(self.trans + (em[:, j + 1] + beta[-1]).unsqueeze(1), dim=2)
            # A sentence's last word (and its padding) starts the backward pass from the end scores.
            beta.append(torch.where((j < lengths - 1).unsqueeze(1), step, end))
        beta.reverse()
        a, b = torch.stack(alpha, dim=1), torch.stack(beta, dim=1)
        last = a[torch.arange(em.shape[0]), lengths - 1]
        z = torch.logsumexp(last + self.end, dim=1)
        return torch.exp(a + b - z[:, None, None])

    def decode(self, em: torch.Tensor, *, marginals: bool = True) -> tuple[list[int], list[float]]:
        """Viterbi tags of one sentence (T, tags) and, with marginals, each tag's marginal probability."""
        t = em.shape[0]
        score = self.start + em[0]
        back = []
        for i in range(1, t):
            total = score.unsqueeze(1) + self.trans + em[i].unsqueeze(0)
            score, best = total.max(dim=0)
            back.append(best)
        score = score + self.end
        path = [int(score.argmax())]
        for best in reversed(back):
            path.append(int(best[path[-1]]))
        path.reverse()
        if not marginals:
            return path, []
        marg = self.marginals(em.unsqueeze(0), torch.tensor([t]))[0]
        return path, [float(marg[i, j]) for i, j in enumerate(path)]


class Encoder:
    """Word, character and feature vocabularies: sentences to tensors."""

    def __init__(self, words: list[str], chars: list[str], feats: list[str], resources: Resources) -> None:
        self.word_list, self.char_list, self.feat_list = words, chars, feats
        self.word_ids = {w: i for i, w in enumerate(words)}
        self.char_ids = {c: i for i, c in enumerate(chars)}
        self.feat_ids = {f: i for i, f in enumerate(feats)}
        self.resources = resources

    def word_id(self, word: str) -> int:
        # The word as written, else without its clitics (وبموسكو -> موسكو).
        for form in (cluster_key(word), core(word)):
            if form in self.word_ids:
                return self.word_ids[form]
        return UNK

    def encode(self, words: list[str]) -> tuple[list[int], list[list[int]], list[list[int]]]:
        """One sentence's word ids, character ids and feature ids (lists, cheap to keep)."""
        chars = [[self.char_ids.get(c, UNK) for c in cluster_key(w)[:MAX_WORD_CHARS]] or [UNK] for w in words]
        feats = [[self.feat_ids[f] for f in self.resources.bundle(w)[0] if f in self.feat_ids] or [PAD] for w in words]
        return [self.word_id(w) for w in words], chars, feats

    @staticmethod
    def batch(encoded: list[tuple[list[int], list[list[int]], list[list[int]]]]) -> tuple[torch.Tensor, ...]:
        """Pad encoded sentences into (words, chars, feats, feat_offsets, mask) tensors."""
        t = max(len(e[0]) for e in encoded)
        b = len(encoded)
        words = torch.zeros(b, t, dtype=torch.long)
        chars = torch.zeros(b, t, MAX_WORD_CHARS, dtype=torch.long)
        mask = torch.zeros(b, t)
        feats: list[int] = []
        offsets: list[int] = []
        for i, (w, c, f) in enumerate(encoded):
            n = len(w)
            words[i, :n] = torch.tensor(w)
            mask[i, :n] = 1
            for j, ids in enumerate(c):
                chars[i, j, : len(ids)] = torch.tensor(ids)
            for j in range(t):
                offsets.append(len(feats))
                feats.extend(f[j] if j < n else [PAD])
        return words, chars, torch.tensor(feats), torch.tensor(offsets), mask


def train_bilstm(train: list[Sentence], dev: list[Sentence], resources: Resources, *, vectors: tuple[list[str], np.ndarray],
                 out_dir: Path, epochs: int = 12, batch_size: int = 32, seed: int = 13, log: Callable[[str], None] = print) -> dict:
    """Train on train, keep the epoch that scores best on dev, save it to out_dir.

    vectors (tuple): (words, unit vectors) from `marsad.ner.clusters.word_vectors`.
    RETURNS (dict): best dev F1 and its epoch.
    """
    from marsad.eval.ner import score_spans

    torch.manual_seed(seed)
    random.seed(seed)
    counts = Counter(cluster_key(w) for s in train for w, _ in s)
    news_words, news_vectors = vectors
    words = ["<pad>", "<unk>"] + sorted(set(counts) | set(news_words[:NEWS_WORDS]))
    chars = ["<pad>", "<unk>"] + sorted({c for s in train for w, _ in s for c in cluster_key(w)})
    feat_counts = Counter(f for s in train for w, _ in s for f in resources.bundle(w)[0] if not f.startswith("w="))
    feats = ["<pad>"] + sorted(f for f, n in feat_counts.items() if n >= MIN_FEATURE_COUNT)
    enc = Encoder(words, chars, feats, resources)
    sizes = {"n_words": len(words), "n_chars": len(chars), "n_feats": len(feats)}
    model = BiLstmCrf(**sizes)
    row_of = {w: i for i, w in enumerate(news_words)}
    with torch.no_grad():
        for w, i in enc.word_ids.items():
            if w in row_of:
                model.words.weight[i] = torch.from_numpy(news_vectors[row_of[w]]) * VECTOR_SCALE
    sparse = [model.words.weight, model.feats.weight]
    dense = [p for p in model.parameters() if all(p is not q for q in sparse)]
    optimisers = [torch.optim.SparseAdam(sparse, lr=LEARNING_RATE), torch.optim.Adam(dense, lr=LEARNING_RATE)]
    tag_ids = {t: i for i, t in enumerate(TAGS)}
    best = {"f1": -1.0, "epoch": 0}
    encoded = [enc.encode([x for x, _ in s]) for s in train]
    # Batches of sentences of similar length waste little time on padding.
    by_length = sorted(range(len(train)), key=lambda i: len(train[i]))
    batches = [by_length[k : k + batch_size] for k in range(0, len(by_length), batch_size)]
    for epoch in range(1, epochs + 1):
        model.train()
        random.shuffle(batches)
        total = 0.0
        for batch in batches:
            chunk = [train[i] for i in batch]
            w, c, f, o, mask = enc.batch([encoded[i] for i in batch])
            w = torch.where((torch.rand(w.shape) < WORD_DROPOUT) & (w > UNK), torch.full_like(w, UNK), w)
            tags = torch.zeros(w.shape, dtype=torch.long)
            for i, s in enumerate(chunk):
                tags[i, : len(s)] = torch.tensor([tag_ids[t] for _, t in s])
            loss = model.nll(model.emissions(w, c, f, o), tags, mask)
            for opt in optimisers:
                opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(dense, 5.0)
            for opt in optimisers:
                opt.step()
            total += loss.item() * len(chunk)
        pred = NeuralTagger(model, enc).tag_many([[x for x, _ in s] for s in dev])
        result = score_spans([[t for _, t in s] for s in dev], pred)
        log(json.dumps({"epoch": epoch, "loss": round(total / len(train), 3), "dev_f1": result["f1"],
                        "P": result["precision"], "R": result["recall"]}))
        if result["f1"] > best["f1"]:
            best = {"f1": result["f1"], "epoch": epoch, "precision": result["precision"], "recall": result["recall"]}
            save(model, enc, sizes, out_dir)
    return best


def save(model: BiLstmCrf, enc: Encoder, sizes: dict, out_dir: Path) -> None:
    """Weights in half precision (the file stays small) and the vocabularies as JSON."""
    torch.save({k: v.half() for k, v in model.state_dict().items()}, out_dir / MODEL_FILE)
    (out_dir / VOCAB_FILE).write_text(json.dumps({"sizes": sizes, "words": enc.word_list, "chars": enc.char_list,
                                                  "feats": enc.feat_list}, ensure_ascii=False), encoding="utf-8")


class NeuralTagger:
    """Tags like `marsad.ner.model.Tagger` (tag, mentions, document_mentions)."""

    def __init__(self, model: BiLstmCrf, enc: Encoder) -> None:
        self.model, self.enc = model, enc

    @classmethod
    def load(cls, folder: Path) -> NeuralTagger:
        """Load bilstm.pt and bilstm.json from a model folder (tagging then runs on one thread)."""
        torch.set_num_threads(1)
        meta = json.loads((folder / VOCAB_FILE).read_text(encoding="utf-8"))
        model = BiLstmCrf(**meta["sizes"])
        model.load_state_dict({k: v.float() for k, v in torch.load(folder / MODEL_FILE).items()})
        return cls(model, Encoder(meta["words"], meta["chars"], meta["feats"], load_resources(folder)))

    def _decode(self, words: list[str]) -> tuple[list[str], list[float]]:
        self.model.eval()
        with torch.no_grad():
            w, c, f, o, _ = self.enc.batch([self.enc.encode(words)])
            path, marg = self.model.decode(self.model.emissions(w, c, f, o)[0])
        return [TAGS[i] for i in path], marg

    def tag(self, words: list[str]) -> list[str]:
        return self.tag_many([words])[0]

    def tag_many(self, sentences: list[list[str]], *, batch_size: int = 64) -> list[list[str]]:
        """BIO tags of many sentences, run through the network in batches (Viterbi only)."""
        self.model.eval()
        out: list[list[str]] = []
        with torch.no_grad():
            for k in range(0, len(sentences), batch_size):
                chunk = sentences[k : k + batch_size]
                encoded = [self.enc.encode(s) for s in chunk if s]
                em = self.model.emissions(*self.enc.batch(encoded)[:4]) if encoded else None
                row = 0
                for s in chunk:
                    if not s:
                        out.append([])
                        continue
                    path, _ = self.model.decode(em[row, : len(s)], marginals=False)
                    out.append([TAGS[i] for i in path])
                    row += 1
        return out

    def mentions(self, words: list[str]) -> list[Mention]:
        if not words:
            return []
        tags, marg = self._decode(words)
        return [Mention(s, e, label, round(min(marg[s:e]), 4)) for s, e, label in spans_of(tags)]

    def document_mentions(self, sentences: list[list[str]]) -> list[list[Mention]]:
        """The entities of a document's sentences (see `marsad.ner.model.spread_names`)."""
        return spread_names(sentences, [self.mentions(words) for words in sentences])

    def marginals(self, sentences: list[list[str]]) -> list[np.ndarray]:
        """Tag marginals (len(words), len(TAGS)) of each non-empty sentence, all in one batch."""
        self.model.eval()
        with torch.no_grad():
            w, c, f, o, mask = self.enc.batch([self.enc.encode(words) for words in sentences])
            lengths = mask.sum(dim=1).long()
            marg = self.model.marginals(self.model.emissions(w, c, f, o, lengths), lengths).numpy()
        return [marg[i, : len(words)] for i, words in enumerate(sentences)]


# The ensemble's weight on the CRF's marginals (the BiLSTM's get the rest): 0.5 scored best on
# the dev split among 0, 0.3, 0.5, 0.7 and 1 (dev F1 0.789 against 0.764 and 0.766 alone, with
# the CRF as it was before its name gazetteer; 0.797 with the shipped CRF).
CRF_WEIGHT = 0.5
# BIO: I-X may only follow B-X or I-X, and a sentence cannot open with I-X.
_ALLOWED = np.array([[not b.startswith("I-") or a[2:] == b[2:] for b in TAGS] for a in TAGS])
_OPENS = np.array([not t.startswith("I-") for t in TAGS])


class EnsembleTagger:
    """The accurate tagger: CRF and BiLSTM-CRF marginals averaged, then the best valid BIO path."""

    def __init__(self, crf: Tagger, neural: NeuralTagger) -> None:
        self.crf, self.neural = crf, neural

    def mentions(self, words: list[str]) -> list[Mention]:
        return self.document_mentions([words])[0]

    def tag(self, words: list[str]) -> list[str]:
        tags = ["O"] * len(words)
        for m in self.mentions(words):
            tags[m.start : m.end] = [f"B-{m.label}"] + [f"I-{m.label}"] * (m.end - m.start - 1)
        return tags

    def document_mentions(self, sentences: list[list[str]]) -> list[list[Mention]]:
        """The entities of a document's sentences (see `marsad.ner.model.spread_names`)."""
        filled = [words for words in sentences if words]
        neural = iter(self.neural.marginals(filled) if filled else [])
        found: list[list[Mention]] = []
        for words in sentences:
            if not words:
                found.append([])
                continue
            self.crf.crf.set(self.crf.features(words))
            crf = np.array([[self.crf.crf.marginal(t, i) for t in TAGS] for i in range(len(words))])
            probs = CRF_WEIGHT * crf + (1 - CRF_WEIGHT) * next(neural)
            path = _best_path(np.log(np.maximum(probs, 1e-9)))
            tags = [TAGS[j] for j in path]
            found.append([Mention(s, e, label, round(float(min(probs[i, path[i]] for i in range(s, e))), 4))
                          for s, e, label in spans_of(tags)])
        return spread_names(sentences, found)


def _best_path(logp: np.ndarray) -> list[int]:
    """The highest-scoring BIO-valid tag path through per-position log probabilities."""
    trans = np.where(_ALLOWED, 0.0, -1e9)
    score = np.where(_OPENS, logp[0], -1e9)
    back = []
    for i in range(1, len(logp)):
        total = score[:, None] + trans + logp[i][None, :]
        back.append(total.argmax(axis=0))
        score = total.max(axis=0)
    path = [int(score.argmax())]
    for best in reversed(back):
        path.append(int(best[path[-1]]))
    return path[::-1]
