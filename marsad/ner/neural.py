"""The accurate tagger: a BiLSTM-CRF over words, characters and the CRF tagger's word features.

Each token is seen through three inputs: a word embedding (initialised from the SaudiNewsNet
PPMI-SVD vectors, so unseen-in-training names start near their kind), a character CNN (for
spelling: foreign names, nisba endings) and the sum of embeddings of the word's discrete
features from `marsad.ner.features` (clusters, gazetteers, trigger lists, affixes). A BiLSTM
reads the sentence both ways and a linear-chain CRF picks the tag sequence. Needs torch
(optional: `pip install torch`); the default CRF tagger does not.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import numpy as np
import torch
from torch import nn

from marsad.ner.clusters import cluster_key
from marsad.ner.data import LABELS, Sentence
from marsad.ner.features import Resources, core, load_resources
from marsad.ner.model import Mention, spans_of, spread_names

TAGS = ["O"] + [f"{p}-{label}" for label in LABELS for p in ("B", "I")]
MODEL_FILE = "bilstm.pt"
VOCAB_FILE = "bilstm.json"
MAX_WORD_CHARS = 20
PAD, UNK = 0, 1


class BiLstmCrf(nn.Module):
    """The network; sizes are stored with the weights so a saved model rebuilds itself."""

    def __init__(self, *, n_words: int, n_chars: int, n_feats: int, word_dim: int = 100, char_dim: int = 32,
                 char_filters: int = 64, feat_dim: int = 64, hidden: int = 128, dropout: float = 0.5) -> None:
        super().__init__()
        self.words = nn.Embedding(n_words, word_dim, padding_idx=PAD)
        self.chars = nn.Embedding(n_chars, char_dim, padding_idx=PAD)
        self.char_cnn = nn.Conv1d(char_dim, char_filters, kernel_size=3, padding=1)
        self.feats = nn.EmbeddingBag(n_feats, feat_dim, mode="sum", padding_idx=PAD)
        self.lstm = nn.LSTM(word_dim + char_filters + feat_dim, hidden, batch_first=True, bidirectional=True)
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(2 * hidden, len(TAGS))
        self.trans = nn.Parameter(torch.zeros(len(TAGS), len(TAGS)))
        self.start = nn.Parameter(torch.zeros(len(TAGS)))
        self.end = nn.Parameter(torch.zeros(len(TAGS)))

    def emissions(self, words: torch.Tensor, chars: torch.Tensor, feats: torch.Tensor,
                  feat_offsets: torch.Tensor) -> torch.Tensor:
        """Tag scores (batch, time, tags) from word ids (B, T), char ids (B, T, C) and a feature bag per token."""
        b, t, c = chars.shape
        ch = self.chars(chars.view(b * t, c)).transpose(1, 2)
        ch = torch.relu(self.char_cnn(ch)).max(dim=2).values.view(b, t, -1)
        fe = self.feats(feats, feat_offsets).view(b, t, -1)
        x = self.drop(torch.cat([self.words(words), ch, fe], dim=2))
        h, _ = self.lstm(x)
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
        alpha = [self.start + em[0]]
        for i in range(1, t):
            alpha.append(torch.logsumexp(alpha[-1].unsqueeze(1) + self.trans + em[i].unsqueeze(0), dim=0))
        beta = [self.end]
        for i in range(t - 1, 0, -1):
            beta.append(torch.logsumexp(self.trans + (em[i] + beta[-1]).unsqueeze(0), dim=1))
        beta.reverse()
        z = torch.logsumexp(alpha[-1] + self.end, dim=0)
        marg = [float(torch.exp(alpha[i][path[i]] + beta[i][path[i]] - z)) for i in range(t)]
        return path, marg


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
                 out_dir: Path, epochs: int = 20, batch_size: int = 16, seed: int = 13, log=print) -> dict:
    """Train on train, keep the epoch that scores best on dev, save it to out_dir.

    vectors (tuple): (words, unit vectors) from `marsad.ner.clusters.word_vectors`.
    RETURNS (dict): best dev F1 and its epoch.
    """
    from marsad.eval.ner import score_spans

    torch.manual_seed(seed)
    random.seed(seed)
    counts = Counter(cluster_key(w) for s in train for w, _ in s)
    news_words, news_vectors = vectors
    # Training words, and the news words a name may turn up as (top of the frequency list).
    words = ["<pad>", "<unk>"] + sorted(set(counts) | set(news_words[:50_000]))
    chars = ["<pad>", "<unk>"] + sorted({c for s in train for w, _ in s for c in cluster_key(w)})
    feat_counts = Counter(f for s in train for w, _ in s for f in resources.bundle(w)[0] if not f.startswith("w="))
    feats = ["<pad>"] + sorted(f for f, n in feat_counts.items() if n >= 2)
    enc = Encoder(words, chars, feats, resources)
    sizes = {"n_words": len(words), "n_chars": len(chars), "n_feats": len(feats)}
    model = BiLstmCrf(**sizes)
    row_of = {w: i for i, w in enumerate(news_words)}
    with torch.no_grad():
        for w, i in enc.word_ids.items():
            if w in row_of:
                model.words.weight[i] = torch.from_numpy(news_vectors[row_of[w]]) * 3.0
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
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
            # Word dropout teaches the <unk> vector: a name unseen in training is common at test.
            w = torch.where((torch.rand(w.shape) < 0.05) & (w > UNK), torch.full_like(w, UNK), w)
            tags = torch.zeros(w.shape, dtype=torch.long)
            for i, s in enumerate(chunk):
                tags[i, : len(s)] = torch.tensor([tag_ids[t] for _, t in s])
            loss = model.nll(model.emissions(w, c, f, o), tags, mask)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
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
