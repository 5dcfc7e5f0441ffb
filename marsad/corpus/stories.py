"""Corpus pass "stories": articles clustered into stories, one new article at a time.

Each article becomes a sparse vector of four parts, each L2-normalised and weighted:
- text: TF-IDF of the search keys of its title (counted twice) and lead, the document
  frequencies read from the full-text index;
- entities: the resolved entities it mentions (or, before resolution, its entity mentions), weighted by
  how rarely the collection names them;
- events: the merged events it reports;
- reuse: itself and the documents it shares a reused passage or a duplicate group with, so a
  reprint lands in the story of its source even when its title and lead were rewritten.
In date order, an article joins the story whose centroid it is most similar to (cosine), if that
similarity reaches JOIN_THRESHOLD and its date lies within MAX_GAP_DAYS of the story's span;
otherwise it starts a new story. Centroids are kept (truncated) in the story's attrs, so a later
run only places the new articles. A story's label names its main actors, place and dates.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from marsad.registry import CorpusPass, Progress
from marsad.store import Store
from marsad.store import stories as sql
from marsad.text import fold, function_words, search_key, tokenise

NAME = "stories"
VERSION = "stories.tfidf.v3"

# Words of the body read after the title: the lead carries the who/what/where of a news story,
# later paragraphs drift into background shared with other stories.
LEAD_WORDS = 80
TITLE_REPEAT = 2
# Relative weights of the four parts of a vector (renormalised over the parts an article has).
TEXT_WEIGHT = 0.6
ENTITY_WEIGHT = 0.25
EVENT_WEIGHT = 0.15
REUSE_WEIGHT = 0.3
# Cosine to a story centroid needed to join it. Chosen by eye on SaudiNewsNet (benchmarks/stories.py):
# at 0.3 reprints and follow-ups of one development group together, while lower values start
# chaining same-topic but distinct developments (two different football matches).
JOIN_THRESHOLD = 0.3
# A story is one development: a gap of more than this many days between an article and the
# story's dates starts a new story even on similar text.
MAX_GAP_DAYS = 7
# Only the rarest (highest-weighted) features of an article look for candidate stories, which keeps
# the posting lists short; the similarity itself uses the whole vector.
CANDIDATE_FEATURES = 12
# Candidate stories scored per article: those sharing the most of its probe features. Checked on
# SaudiNewsNet: with the cap 99.5% of articles land in the same story as without it, in a quarter of
# the time (77 s against 321 s on the same loaded machine).
MAX_CANDIDATES = 30
# Features of a centroid kept between runs, and entities remembered for the label.
CENTROID_FEATURES = 100
LABEL_ENTITIES = 12
LABEL_ACTORS = 2


def text_terms(title: str | None, body: str) -> Counter[str]:
    """Search-key counts of the title (repeated) and the lead, without function words and one-letter keys."""
    stop = function_words()
    counts: Counter[str] = Counter()
    title_words = [t.text for t in tokenise(title or "") if t.is_word]
    lead_words = [t.text for t in tokenise(body[: LEAD_WORDS * 12]) if t.is_word][:LEAD_WORDS]
    for words, repeat in ((title_words, TITLE_REPEAT), (lead_words, 1)):
        for word in words:
            key = search_key(word)[0]
            if len(key) > 1 and key not in stop and not key.isdigit():
                counts[key] += repeat
    return counts


def _normalised(vector: dict[str, float], weight: float) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    if norm == 0:
        return {}
    scale = math.sqrt(weight) / norm
    return {k: v * scale for k, v in vector.items()}


def combine(parts: list[tuple[dict[str, float], float]]) -> dict[str, float]:
    """One unit vector from parts (vector, weight): each part normalised, so its share of a cosine is its weight."""
    present = [(v, w) for v, w in parts if v]
    total = sum(w for _, w in present)
    out: dict[str, float] = {}
    for vector, weight in present:
        out.update(_normalised(vector, weight / total))
    return out


def _day(value: str | None) -> date | None:
    """A day date from an ISO value; coarser values (month, year) give None: they cannot bound a gap."""
    if value and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


@dataclass
class Cluster:
    """A story being built: centroid = sum of member vectors."""

    id: str
    label: str = ""
    start: str | None = None
    end: str | None = None
    size: int = 0
    centroid: dict[str, float] = field(default_factory=dict)
    norm2: float = 0.0
    entities: dict[str, list[Any]] = field(default_factory=dict)  # key -> [type, name, latin, count, documents]
    first_title: str | None = None
    changed: bool = False

    def similarity(self, vector: dict[str, float]) -> float:
        if self.norm2 <= 0:
            return 0.0
        return sum(w * self.centroid.get(k, 0.0) for k, w in vector.items()) / math.sqrt(self.norm2)

    def within_reach(self, day: date | None) -> bool:
        start, end = _day(self.start), _day(self.end)
        if day is None or start is None or end is None:
            return True
        return (start - day).days <= MAX_GAP_DAYS and (day - end).days <= MAX_GAP_DAYS

    def add(self, vector: dict[str, float], day_value: str | None) -> None:
        for k, w in vector.items():
            old = self.centroid.get(k, 0.0)
            self.centroid[k] = old + w
            self.norm2 += (old + w) ** 2 - old * old
        self.size += 1
        if day_value:
            if self.start is None or day_value < self.start:
                self.start = day_value
            if self.end is None or day_value > self.end:
                self.end = day_value
        self.changed = True

    def salience(self, entry: list[Any], n_docs: int) -> float:
        """How much an entity characterises this story: its mentions here, weighed by how rare it is
        in the whole collection (a country named everywhere does not label every story)."""
        return entry[3] * math.log((n_docs + 1) / (entry[4] + 1) + 1)

    def to_row(self, n_docs: int) -> dict[str, Any]:
        top = sorted(self.centroid.items(), key=lambda kv: -kv[1])[:CENTROID_FEATURES]
        entities = sorted(self.entities.items(), key=lambda kv: -self.salience(kv[1], n_docs))[:LABEL_ENTITIES]
        return {"id": self.id, "label": self.make_label(n_docs), "start_date": self.start, "end_date": self.end,
                "size": self.size, "attrs": {"centroid": [[k, round(v, 5)] for k, v in top],
                                             "entities": [[k, *v] for k, v in entities],
                                             "first_title": self.first_title}}

    def make_label(self, n_docs: int) -> str:
        """Main actors, place and dates, e.g. "حفتر (Khalifa Haftar)، شويغو — موسكو — 2016-06-01 … 2016-11-30"."""
        ranked = sorted(self.entities.values(), key=lambda v: -self.salience(v, n_docs))
        actors = [v for v in ranked if v[0] in ("PER", "ORG")][:LABEL_ACTORS]
        places = [v for v in ranked if v[0] == "LOC"][:1]
        parts = []
        if actors:
            parts.append("، ".join(_name(v) for v in actors))
        if places:
            parts.append(_name(places[0]))
        if not parts and self.first_title:
            parts.append(self.first_title[:80])
        if self.start:
            # Each date isolated (LRI … PDI) so Arabic text around it cannot reorder its digits.
            span = [self.start] if self.start == self.end or not self.end else [self.start, self.end]
            parts.append(" … ".join(f"\u2066{d}\u2069" for d in span))
        return " — ".join(parts) or self.id

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Cluster:
        attrs = row["attrs"]
        centroid = {k: float(v) for k, v in attrs.get("centroid", [])}
        return cls(id=row["id"], label=row["label"], start=row["start_date"], end=row["end_date"], size=row["size"],
                   centroid=centroid, norm2=sum(v * v for v in centroid.values()),
                   entities={e[0]: list(e[1:]) for e in attrs.get("entities", [])},
                   first_title=attrs.get("first_title"))


def _name(entry: list[Any]) -> str:
    name, latin = entry[1], entry[2]
    return f"{name} ({latin})" if latin else name


def run(store: Store, progress: Progress) -> dict[str, Any]:
    """Place every document not yet in a story. RETURNS (dict): counts for the run summary."""
    new_docs = store.pending_documents(NAME, VERSION, reset=sql.clear_stories)
    if not new_docs:
        return {"documents": 0, "stories": store.conn.execute("SELECT count(*) FROM stories").fetchone()[0]}
    progress.start("stories", len(new_docs))
    df, n_docs = sql.term_document_counts(store)
    dates = sql.document_dates(store, [d.id for _, d in new_docs])
    use_entities = sql.has_rows(store, "entity_mentions")
    use_events = sql.has_rows(store, "event_reports")
    use_reuse = sql.has_rows(store, "reuse_links") or sql.has_rows(store, "duplicate_groups")

    clusters = [Cluster.from_row(row) for row in sql.load_stories(store)]
    index: dict[str, list[int]] = defaultdict(list)
    for i, cluster in enumerate(clusters):
        for key in cluster.centroid:
            index[key].append(i)

    order = sorted(new_docs, key=lambda sd: (dates[sd[1].id] is None, dates[sd[1].id] or "", sd[0]))
    members: list[tuple[str, str, float]] = []
    new_count = 0
    for _, doc in order:
        terms = text_terms(doc.title, doc.text)
        tfidf = {k: (1 + math.log(c)) * math.log((n_docs + 1) / (df.get(k, 0) + 1) + 1) for k, c in terms.items()}
        found = _entities(store, doc.id, doc.text, use_entities=use_entities, df=df)
        entity_vector = _entity_vector(found, n_docs)
        event_vector = {f"v:{e}": 1.0 for e in sql.reported_events(store, doc.id)} if use_events else {}
        partners = sql.reuse_partners(store, doc.id) if use_reuse else []
        reuse_vector = {f"r:{d}": 1.0 for d in [doc.id, *partners]} if partners else {}
        vector = combine([(tfidf, TEXT_WEIGHT), (entity_vector, ENTITY_WEIGHT), (event_vector, EVENT_WEIGHT),
                          (reuse_vector, REUSE_WEIGHT)])
        day_value = dates[doc.id]
        day = _day(day_value)

        probes = sorted(vector, key=lambda k: -vector[k])[:CANDIDATE_FEATURES]
        shared = Counter(i for k in probes for i in index.get(k, ()))
        best, best_score = None, 0.0
        for i, _ in shared.most_common(MAX_CANDIDATES):
            if clusters[i].within_reach(day):
                score = clusters[i].similarity(vector)
                if score > best_score:
                    best, best_score = i, score
        if best is None or best_score < JOIN_THRESHOLD:
            clusters.append(Cluster(id=f"st_{doc.id}", first_title=doc.title or _opening(doc.text)))
            best, best_score = len(clusters) - 1, 1.0
            new_count += 1
        cluster = clusters[best]
        known = set(cluster.centroid)
        cluster.add(vector, day_value)
        for key in vector.keys() - known:
            index[key].append(best)
        for key, etype, name, latin, documents in found:
            entry = cluster.entities.setdefault(key, [etype, name, latin, 0, documents])
            entry[3] += 1
        members.append((cluster.id, doc.id, round(best_score, 4)))
        progress.advance()

    sql.save_stories(store, [c.to_row(n_docs) for c in clusters if c.changed], members)
    store.set_pass_state(NAME, VERSION, max(seq for seq, _ in new_docs))
    progress.finish()
    return {"documents": len(new_docs), "new_stories": new_count, "joined": len(new_docs) - new_count,
            "stories": len(clusters)}


def _entity_vector(found: list[tuple[str, str, str, str | None, int]], n_docs: int) -> dict[str, float]:
    """TF-IDF over the entities an article names: a capital named in every other article (الرياض) says little
    about which story it belongs to, a rarely named person says much."""
    counts = Counter(key for key, *_ in found)
    documents = {key: docs for key, *_, docs in found}
    return {k: (1 + math.log(c)) * math.log((n_docs + 1) / (documents[k] + 1) + 1) for k, c in counts.items()}


def _entities(store: Store, doc_id: str, text: str, *, use_entities: bool,
              df: dict[str, int]) -> list[tuple[str, str, str, str | None, int]]:
    """(key, type, name, latin, documents naming it) of each entity mention of a document, one row per mention.

    Resolved entities when the resolve pass has run; else the raw entities-layer mentions, keyed by
    type and folded text, so the same name spelt with or without hamza still matches; their document
    count is that of their rarest word in the full-text index.
    """
    if use_entities:
        mentions = sql.resolved_entities(store, doc_id)
        names = sql.entity_names(store, {e for e, _ in mentions})
        return [(f"e:{e}", t, names[e][0], names[e][1], names[e][3]) for e, t in mentions if e in names]
    out = []
    for label, start, end in sql.mention_spans(store, doc_id):
        surface = text[start:end]
        keys = [search_key(t.text)[0] for t in tokenise(surface) if t.is_word]
        if keys:
            out.append((f"m:{label}:{fold(' '.join(keys))}", label, surface, None, min(df.get(k, 0) for k in keys)))
    return out


STORIES = CorpusPass(name=NAME, version=VERSION, requires=(), run=run)


def _opening(text: str, words: int = 12) -> str:
    """The first words of an untitled article, to stand in for its title."""
    return " ".join(t.text for t in tokenise(text[: words * 15]) if t.is_word)[:80]
