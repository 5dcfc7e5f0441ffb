"""Corpus pass "resolve": one entity per real-world actor across the collection.

1. Per document (incremental: only documents whose entities layer changed), each PER/ORG/LOC/MISC
   span becomes a mention: titles and offices before it or inside it become roles, a clitic on
   its first word is split off, and «العاصمة/مدينة» before a place marks it a city (الجزائر the
   city stays apart from الجزائر the country). Short forms link to a full name in the same
   document (كيري → جون كيري; the full name written most often, then first, wins when two share
   the surname; a father's name after «بن» is no short form); an organisation without its nisba
   links to the one with it. Mentions with the same name become a unit, kept in entity_doc_units.
2. Over the whole collection (it reads the stored units), names of one type are joined when
   their keys are equal or differ only in spacing, or when the name table gives them one Latin
   name; spelling variants (غوغل / جوجل, ميركل / ميركيل, تنظيم داعش / داعش) are joined only
   with evidence: a shared office, or enough shared, not-too-common companions. A surname alone
   joins the only full name that ends in it, or the one whose companions its document shares;
   otherwise it stays apart. A name the tagger labels one type almost everywhere takes that
   type. Every join keeps its evidence in entities.attrs.
3. Reviewer decisions (merge, split) are replayed in order. Entity ids are a hash of the type and
   the cluster's anchor, its earliest-seen full name, so they survive new documents and re-runs.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import math
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from typing import Any

from rapidfuzz import fuzz

from marsad.document import ENTITIES, Document
from marsad.entities.latin import country_city_names, known_words, latin_name, lookup
from marsad.entities.names import (
    Role,
    clitic_candidates,
    loose_key,
    name_key,
    roles_before,
    skeleton,
    strip_clitic,
    strip_leading_roles,
    title_lexicon,
    variant_key,
    without_clitic,
)
from marsad.registry import CorpusPass, Progress
from marsad.store import Store
from marsad.store import entities as db
from marsad.text import Token, clean_display, fold, split_sentences, tokenise

NAME = "resolve"
VERSION = "resolve.v2"
LABELS = ("PER", "ORG", "LOC", "MISC")
CITY = "city"
COUNTRY = "country"
# Vowel marks and tatweel vary from copy to copy of one name (الرِّياض، لنـدن); aliases drop them.
_HARAKAT = re.compile("[\u064B-\u065F\u0670\u0640]")
_CITY_WORDS = frozenset({"مدينه", "العاصمه", "عاصمه"})
_COUNTRY_WORDS = frozenset({"دوله", "سلطنه"})

# Spelling variants with the same skeleton must also be this similar (rapidfuzz ratio, 0-100, on
# the loose keys): 80 lets one vowel letter in a five-letter name differ (جازان / جيزان = 80,
# ميركل / ميركيل = 91); evidence is still required. Checked on tests/data/alias_pairs.jsonl.
FUZZY_MIN_RATIO = 80
# A co-occurring entity is evidence only when it is not everywhere: one found in more than this
# share of the documents (or in more than COMMON_DOCS_FLOOR of a small collection) is not
# (1% of SaudiNewsNet is 300 documents: السعودية، الرياض، مصر are out, a minister is in).
COMMON_SHARE = 0.01
COMMON_DOCS_FLOOR = 3
# Companions shared by two spellings must be at least this share of the smaller one's companions
# (and at least one): one shared name is evidence in a two-document story, not for a name seen
# with dozens of others. 0.1 kept قازان (Kazan) apart from جازان on SaudiNewsNet.
EVIDENCE_SHARE = 0.1
# How many documents of a name are read to know its companions (enough to know a name's circle,
# bounded so a name found in thousands of documents does not dominate the run time).
CONTEXT_DOCS = 60
# A surname alone joins the best-matching full name when it shares at least this many companions
# and at least AMBIGUITY_MARGIN times as many as the runner-up.
MIN_SHARED = 1
AMBIGUITY_MARGIN = 2.0
# A name takes its majority type where the tagger strays when that type has at least this share
# of its mentions and this many mentions (one stray label in five is the tagger's, not the name's).
TYPE_MAJORITY = 0.8
TYPE_MIN_MENTIONS = 4
# A name is compared for spelling variants only from this many letters: shorter words (عمر،
# علي) have too many legitimate near neighbours; four keeps ترمب / ترامب.
MIN_FUZZY_LENGTH = 4


# -- 1. mentions and document units -------------------------------------------------------------


def _role_json(role: Role) -> list[str]:
    return [role.kind, role.text, role.key]


def _bare(token: Token) -> str:
    word = fold(token.text)
    for _, rest in clitic_candidates(word):
        if rest in _CITY_WORDS:
            return rest
    return word


def _mention(doc: Document, label: str, toks: list[Token], before: list[Token],
             is_known: Callable[[str], bool], doc_words: set[str]) -> dict[str, Any] | None:
    """One span's mention: bare name, roles, clitic, subtype; None when nothing of a name is left."""
    roles: list[Role] = []
    subtype = None
    if label == "PER":
        inner, first = strip_leading_roles(doc.text, toks)
        roles = roles_before(doc.text, before) + inner
        toks = toks[first:]
    elif label == "LOC":
        while len(toks) > 1 and _bare(toks[0]) in _CITY_WORDS:
            subtype, toks = CITY, toks[1:]
        if len(toks) > 1 and _bare(toks[0]) in _COUNTRY_WORDS:
            subtype, toks = COUNTRY, toks[1:]
        # «العاصمة الجزائر», «العاصمة الليبية طرابلس», «بمدينة جدة»
        words = [t for t in before[-2:] if t.is_word]
        if words and (_bare(words[-1]) in _CITY_WORDS
                      or len(words) == 2 and _bare(words[0]) in _CITY_WORDS and fold(words[1].text).startswith("ال")):
            subtype = CITY
    if not toks or len(toks) == 1 and _bare(toks[0]) in _CITY_WORDS | _COUNTRY_WORDS:
        return None  # «مدينة» alone names no place
    word = fold(toks[0].text)
    clitic, bare = strip_clitic(word, lambda w: is_known(w) or w in doc_words, is_name=is_known)
    display = without_clitic(toks[0].text, clitic, bare) + doc.text[toks[0].end : toks[-1].end]
    display = " ".join(_HARAKAT.sub("", clean_display(display)).split())
    if label == "PER" and len(toks) == 1 and roles and roles[-1].kind == "title":
        # A ruler known by title and first name (الملك سلمان) is listed so in the name table.
        titled = roles[-1].text.split()[-1] + " " + display
        if lookup(titled, "PER"):
            display = titled
    key = name_key(display)
    if not key:
        return None
    return {"label": label, "start": toks[0].start, "end": toks[-1].end, "display": display, "key": key,
            "clitic": clitic, "roles": roles, "subtype": subtype}


def document_units(doc: Document) -> list[dict[str, Any]]:
    """The entity units of one document (pure: reads only the document and the lexicons).

    RETURNS (list): one dict per (type, name) after in-document linking:
        t (type), k (key), st (subtype), short (a surname alone, not linked here),
        m (mentions: [start, end, display, clitic, roles]), link (how short forms were linked).
    """
    spans = sorted((s for s in doc.layer(ENTITIES) if s.label in LABELS), key=lambda s: (s.start, s.end))
    if not spans:
        return []
    tokens = tokenise(doc.text)
    starts = [t.start for t in tokens]
    sentence_starts = [s for s, _ in split_sentences(doc.text)]
    words_known = known_words()
    is_known = lambda w: loose_key(w) in words_known  # noqa: E731
    doc_words: set[str] = set()
    per_span: list[tuple[str, list[Token], list[Token]]] = []
    for span in spans:
        lo, hi = bisect.bisect_left(starts, span.start), bisect.bisect_left(starts, span.end)
        toks = [t for t in tokens[lo:hi] if t.is_word and t.end <= span.end]
        if not toks:
            continue
        sentence_start = sentence_starts[max(0, bisect.bisect_right(sentence_starts, span.start) - 1)]
        first_before = bisect.bisect_left(starts, sentence_start, hi=lo)
        per_span.append((span.label, toks, tokens[max(first_before, lo - 12):lo]))
        doc_words.update(fold(t.text) for t in toks[1:])
        doc_words.update(fold(t.text) for t in toks[:1] if not clitic_candidates(fold(t.text)))
    mentions = [m for label, toks, before in per_span
                if (m := _mention(doc, label, toks, before, is_known, doc_words)) is not None]
    return _group(_link_in_document(mentions))


def _link_in_document(mentions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Point short forms at a full name of the same document: unit key, and how it was linked."""
    full_per = [(i, m) for i, m in enumerate(mentions) if m["label"] == "PER" and len(m["key"].split()) > 1]
    orgs = [(i, m) for i, m in enumerate(mentions) if m["label"] in ("ORG", "MISC")]
    for m in mentions:
        m["unit"], m["link"], m["short"] = m["key"], None, False
        words = loose_key(m["key"]).split()
        if m["label"] == "PER":
            candidates = [(j, f) for j, f in full_per if len(f["key"].split()) > len(words)
                          and loose_key(f["key"]).split()[-len(words):] == words
                          and not _patronymic(f["key"], len(words))]
            if candidates:
                # The full name written most often in the document wins, then the one that
                # introduced the person first (a tagger's stray «قال كيري» loses to «جون كيري»).
                freq = Counter(f["key"] for _, f in candidates)
                _, full = min(candidates, key=lambda jf: (-freq[jf[1]["key"]], jf[0]))
                m["unit"] = full["key"]
                distinct = {f["key"] for _, f in candidates}
                m["link"] = f"short form of «{full['display']}» in the same document" + (
                    " (nearest of several)" if len(distinct) > 1 else "")
            elif len(words) == 1:
                m["short"] = True
        elif m["label"] in ("ORG", "MISC"):
            for _, f in orgs:
                extra = f["key"].split()[len(words):]
                if (f["key"].split()[: len(words)] == m["key"].split() and extra
                        and all(w.startswith("ال") and (w.endswith("ي") or w.endswith("يه")) for w in extra)):
                    m["unit"] = f["key"]
                    m["link"] = f"«{m['display']}» is «{f['display']}» without its nisba in the same document"
                    break
    return mentions


_NASAB = frozenset({"بن", "ابن", "بنت", "ولد"})


def _patronymic(full_key: str, tail: int) -> bool:
    """Whether the last `tail` words of a name follow «بن/ابن/بنت»: in «محمد بن سلمان» a bare
    «سلمان» is the father, not a short form of the son."""
    words = full_key.split()
    return len(words) > tail and words[-tail - 1] in _NASAB


def _group(mentions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Mentions with the same type and unit key (and city/country reading) become one unit."""
    ambiguous = country_city_names()
    units: dict[tuple[str, str], dict[str, Any]] = {}
    for m in mentions:
        key = m["unit"]
        if m["label"] == "LOC" and loose_key(key) in ambiguous:
            key = key + "#" + (m["subtype"] or COUNTRY)
        unit = units.setdefault((m["label"], key), {"t": m["label"], "k": key, "st": None, "short": True,
                                                    "m": [], "link": []})
        unit["short"] = unit["short"] and m["short"]
        if m["subtype"]:
            unit["st"] = m["subtype"]
        unit["m"].append([m["start"], m["end"], m["display"], m["clitic"], [_role_json(r) for r in m["roles"]]])
        if m["link"] and m["link"] not in unit["link"]:
            unit["link"].append(m["link"])
    return list(units.values())


# -- 2. resolution over the collection -----------------------------------------------------------


@dataclass
class _Node:
    """One (type, key) over the collection."""

    type: str
    key: str
    count: int = 0
    docs: list[str] = field(default_factory=list)
    first_seq: int = 0
    roles: set[str] = field(default_factory=set)
    short: bool = True


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[Any, Any] = {}

    def find(self, x: Any) -> Any:
        root = x
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while self.parent.get(x, x) != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: Any, b: Any) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The smaller node (deterministic order) stays the root.
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


def entity_id(etype: str, anchor: str) -> str:
    """A stable id: the first 12 hex digits of SHA-1 over type and anchor key."""
    return hashlib.sha1(f"{etype}|{anchor}".encode()).hexdigest()[:12]


class Resolver:
    """The collection-level step, over the units of every document.

    docs (list): (seq, doc_id, units) in ingest order.
    """

    def __init__(self, docs: list[tuple[int, str, list[dict[str, Any]]]]) -> None:
        self.docs = docs
        self.nodes: dict[tuple[str, str], _Node] = {}
        self.doc_nodes: dict[str, set[tuple[str, str]]] = defaultdict(set)
        self.evidence: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.uf = _UnionFind()
        self._neighbours: dict[tuple[str, str], set[tuple[str, str]]] = {}
        self._fix_types()
        self._fix_clitics()
        self._index()
        limit = max(COMMON_DOCS_FLOOR, COMMON_SHARE * len(docs))
        self.common = {node for node, info in self.nodes.items() if len(info.docs) > limit}

    # - bookkeeping -

    def _index(self) -> None:
        self.nodes.clear()
        self.doc_nodes.clear()
        for seq, doc_id, units in self.docs:
            for unit in units:
                node_key = (unit["t"], unit["k"])
                node = self.nodes.get(node_key)
                if node is None:
                    node = self.nodes[node_key] = _Node(unit["t"], unit["k"], first_seq=seq)
                node.count += len(unit["m"])
                node.docs.append(doc_id)
                node.short = node.short and unit["short"]
                for mention in unit["m"]:
                    node.roles.update(r[2] for r in mention[4] if r[0] == "office" or len(r[2].split()) > 1)
                self.doc_nodes[doc_id].add(node_key)

    def _fix_types(self) -> None:
        """A name the tagger labels one way almost everywhere takes that type where it strays
        (كيري as LOC once among 40 PER), unless the name table knows it with the stray type."""
        by_name: dict[str, Counter[str]] = defaultdict(Counter)
        for _, _, units in self.docs:
            for unit in units:
                by_name[unit["k"].split("#")[0]][unit["t"]] += len(unit["m"])
        for _, _, units in self.docs:
            for unit in units:
                base = unit["k"].split("#")[0]
                (major, count), = by_name[base].most_common(1)
                if (unit["t"] == major or count < TYPE_MIN_MENTIONS
                        or count < TYPE_MAJORITY * sum(by_name[base].values()) or lookup(base, unit["t"])):
                    continue
                unit["link"].append(f"«{base}» is {major} in {count} of {sum(by_name[base].values())} mentions")
                unit["t"] = major
                if major != "LOC":
                    unit["k"] = base

    def _fix_clitics(self) -> None:
        """A name seen only with a clitic (وموسكو) that the collection also knows bare joins it."""
        self._index()
        words = known_words()
        remap: dict[tuple[str, str], tuple[str, str]] = {}
        for (etype, key), node in self.nodes.items():
            first, _, rest_words = key.partition(" ")
            if loose_key(first) in words:
                continue
            for clitic, rest in clitic_candidates(first):
                bare_key = (rest + " " + rest_words).strip()
                target = self.nodes.get((etype, bare_key))
                if target is not None and target.count >= node.count:
                    remap[(etype, key)] = (bare_key, clitic)
                    break
        if not remap:
            return
        for _, _, units in self.docs:
            for unit in units:
                found = remap.get((unit["t"], unit["k"]))
                if found is None:
                    continue
                new_key, clitic = found
                unit["k"] = new_key
                for mention in unit["m"]:
                    if not mention[3] and clitic:
                        head, _, tail = mention[2].partition(" ")
                        mention[2] = (without_clitic(head, clitic, new_key.split()[0]) + " " + tail).strip()
                        mention[3] = clitic

    def neighbours(self, node: tuple[str, str]) -> set[tuple[str, str]]:
        """Informative companions of a name (or of a cluster's names): not everywhere, not itself."""
        cached = self._neighbours.get(node)
        if cached is None:
            cached = set()
            for doc_id in self.nodes[node].docs[:CONTEXT_DOCS]:
                cached |= self.doc_nodes[doc_id]
            cached -= self.common
            cached.discard(node)
            self._neighbours[node] = cached
        return cached

    def shared_evidence(self, a: tuple[str, str], b: tuple[str, str]) -> str | None:
        """Why two spellings are one actor, or None: a shared office, or a shared companion."""
        roles = self.nodes[a].roles & self.nodes[b].roles
        if roles:
            return f"both hold «{sorted(roles)[0]}»"
        shared = (self.neighbours(a) & self.neighbours(b)) - {a, b}
        # A companion is no evidence when it is the other spelling's own cluster.
        shared = {n for n in shared if self.uf.find(n) not in (self.uf.find(a), self.uf.find(b))}
        needed = max(1, math.ceil(EVIDENCE_SHARE * min(len(self.neighbours(a)), len(self.neighbours(b)))))
        if len(shared) >= needed:
            names = "», «".join(n[1] for n in sorted(shared)[:3])
            return f"both appear with «{names}»" + (f" and {len(shared) - 3} more" if len(shared) > 3 else "")
        return None

    def _join(self, a: tuple[str, str], b: tuple[str, str], why: str) -> None:
        if self.uf.find(a) == self.uf.find(b):
            return
        self.uf.union(a, b)
        self.evidence[self.uf.find(a)].append(f"«{a[1]}» = «{b[1]}»: {why}")

    # - the steps -

    def join_variants(self) -> None:
        """Spelling variants of one name, cheapest evidence first.

        1. The same name with or without spaces (عبدربه / عبد ربه): joined.
        2. The same variant key (غ/ج/ق/ك, a descriptor, the article): joined with evidence.
        3. The same skeleton and similar spelling (ميركل / ميركيل): joined with evidence.
        4. Two names the override table gives the same Latin name (الناتو / حلف شمال الأطلسي).
        """
        groups: dict[str, dict[tuple[str, str], list[tuple[str, str]]]] = {
            "spacing": defaultdict(list), "variant": defaultdict(list), "skeleton": defaultdict(list),
            "table": defaultdict(list)}
        for node in sorted(self.nodes):
            etype, key = node
            base = key.split("#")[0]
            suffix = key[len(base):]
            groups["spacing"][(etype, base.replace(" ", "") + suffix)].append(node)
            groups["variant"][(etype, variant_key(base) + suffix)].append(node)
            if len(base.replace(" ", "")) >= MIN_FUZZY_LENGTH:
                groups["skeleton"][(etype, f"{len(base.split())}|{skeleton(base)}{suffix}")].append(node)
            latin = _table_latin(etype, base, suffix)
            if latin:
                groups["table"][(etype, latin)].append(node)
        for group in groups["spacing"].values():
            for other in group[1:]:
                self._join(group[0], other, "the same name written with and without spaces")
        for group in groups["variant"].values():
            for other in group[1:]:
                if not _may_vary(group[0], other):
                    continue
                why = self.shared_evidence(group[0], other)
                if why:
                    self._join(group[0], other, f"spelling variants, {why}")
        for group in groups["skeleton"].values():
            for i, a in enumerate(group):
                for b in group[i + 1:]:
                    if self.uf.find(a) == self.uf.find(b) or not _may_vary(a, b):
                        continue
                    ratio = fuzz.ratio(loose_key(a[1]), loose_key(b[1]))
                    if ratio < FUZZY_MIN_RATIO:
                        continue
                    why = self.shared_evidence(a, b)
                    if why:
                        self._join(a, b, f"spelling variants (similarity {ratio:.0f}), {why}")
        for (_, latin), group in groups["table"].items():
            for other in group[1:]:
                self._join(group[0], other, f"both are {latin} in the name table")

    def join_short_forms(self) -> dict[tuple[str, str], tuple[str, str]]:
        """A shorter form of a person's name, not linked in its document, joins a full name.

        A surname alone (كيري) joins the only full name ending in it; a longer tail (جواد ظريف,
        ولد الشيخ أحمد) or a spelling variant of the surname (ترمب / دونالد ترامب) needs evidence
        too. When several full names end in it, each document's other names pick one, or none.
        RETURNS (dict): (doc_id, unit key) -> the node that document's unit joins.
        """
        by_tail: dict[str, list[tuple[str, str]]] = defaultdict(list)
        # «الملك سلمان» is a title and a first name: «سلمان» alone is no short form of it.
        titles = {words[0] for words in title_lexicon().entries}
        for node in sorted(self.nodes):
            etype, key = node
            if etype == "PER" and len(key.split()) > 1 and key.split()[0] not in titles:
                words = key.split()
                for size in range(1, len(words)):
                    by_tail[skeleton(" ".join(words[-size:]))].append(node)
        per_unit: dict[tuple[str, str], tuple[str, str]] = {}
        for node in sorted(self.nodes):
            etype, key = node
            if etype != "PER" or (len(key.split()) == 1 and not self.nodes[node].short):
                continue
            candidates = [n for n in by_tail.get(skeleton(key), []) if len(n[1].split()) > len(key.split())
                          and not _patronymic(n[1], len(key.split()))]
            if len(key.split()) == 1:
                # One word spelled otherwise (سليمان / سلمان) is another name: same letters only.
                candidates = [n for n in candidates if loose_key(n[1]).split()[-1] == loose_key(key)]
            roots = sorted({self.uf.find(n) for n in candidates} - {self.uf.find(node)})
            if not roots:
                continue
            if len(roots) == 1:
                if len(key.split()) == 1:
                    self._join(roots[0], node, f"«{key}» alone: the only full name ending in it is «{roots[0][1]}»")
                    continue
                why = self.shared_evidence(node, candidates[0])
                if why:
                    self._join(roots[0], node, f"«{key}» is the end of «{candidates[0][1]}», {why}")
                continue
            members = defaultdict(list)
            for n in candidates:
                members[self.uf.find(n)].append(n)
            circles = {root: set().union(*(self.neighbours(n) for n in members[root])) for root in roots}
            for doc_id in self.nodes[node].docs:
                context = self.doc_nodes[doc_id] - self.common - {node}
                scores = sorted(((len(context & circles[r]), r) for r in roots), reverse=True)
                best, runner_up = scores[0][0], scores[1][0]
                if best >= MIN_SHARED and best >= AMBIGUITY_MARGIN * runner_up:
                    per_unit[(doc_id, key)] = scores[0][1]
        return per_unit

    def run(self) -> dict[tuple[str, str], tuple[str, str]]:
        """Join variants, then short forms. RETURNS the per-document choices of join_short_forms."""
        self.join_variants()
        return self.join_short_forms()


def _may_vary(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Whether two names may be joined as spelling variants at all. A one-word name the name
    table knows (الكويت، القاهرة، جازان) is joined only by the forms the table lists: one letter
    away there is usually another place (الكوت، قازان، المنيا), not a misspelling."""
    if len(a[1].split()) > 1 or len(b[1].split()) > 1:
        return True
    return not (lookup(a[1].split("#")[0], a[0]) or lookup(b[1].split("#")[0], b[0]))


def _table_latin(etype: str, base: str, suffix: str) -> str | None:
    """The override table's Latin name for a name (the city reading for a «#city» key)."""
    entries = lookup(base, etype, loose=False)
    if not entries:
        return None
    wanted = CITY if suffix == "#" + CITY else COUNTRY
    preferred = [e for e in entries if e.subtype == wanted] or entries
    return preferred[0].latin


def _members(resolver: Resolver, per_unit: dict[tuple[str, str], tuple[str, str]]) -> dict[Any, list[tuple]]:
    """Cluster root -> mentions (seq, doc_id, unit, mention, unit evidence)."""
    clusters: dict[Any, list[tuple]] = defaultdict(list)
    for seq, doc_id, units in resolver.docs:
        for unit in units:
            node = (unit["t"], unit["k"])
            target = per_unit.get((doc_id, unit["k"])) if unit["short"] else None
            root = resolver.uf.find(target or node)
            for mention in unit["m"]:
                clusters[root].append((seq, doc_id, unit, mention))
    return clusters


def _anchor(resolver: Resolver, keys: set[tuple[str, str]]) -> tuple[str, str]:
    """The cluster's anchor: its earliest-seen full name (then the earliest name at all)."""
    return min(keys, key=lambda n: (resolver.nodes[n].short, len(n[1].split()) < 2,
                                    resolver.nodes[n].first_seq, n[1]))


def _find_cluster(clusters: dict[str, dict[str, Any]], entity: str, keys: list[str]) -> str | None:
    """A decision's entity now: by its id, else (new documents moved the anchor) by its names."""
    if entity in clusters:
        return entity
    wanted = set(keys)
    for cid in sorted(clusters):
        if wanted & {k for _, k in clusters[cid]["keys"]}:
            return cid
    return None


def _apply_decisions(clusters: dict[str, dict[str, Any]], decisions: list[dict[str, Any]]) -> int:
    """Replay merges and splits in the order they were made; RETURNS how many applied."""
    applied = 0
    for decision in decisions:
        args = decision["args"]
        if decision["action"] == "merge":
            args = {**args, "keep": _find_cluster(clusters, args["keep"], args.get("keep_keys", [])),
                    "merge": _find_cluster(clusters, args["merge"], args.get("merge_keys", []))}
            keep, gone = clusters.get(args["keep"]), clusters.get(args["merge"])
            if keep is None or gone is None or keep is gone or keep["type"] != gone["type"]:
                continue
            keep["mentions"].extend(gone["mentions"])
            keep["keys"] |= gone["keys"]
            keep["evidence"].append(f"merged with {args['merge']} by a reviewer: {decision.get('reason') or ''}".strip())
            del clusters[args["merge"]]
            applied += 1
        elif decision["action"] == "split":
            found = _find_cluster(clusters, args["entity"], args.get("entity_keys", []))
            source = clusters.get(found) if found else None
            wanted = {name_key(a) for a in args["aliases"]}
            if source is None:
                continue
            moved = [m for m in source["mentions"] if name_key(m[3][2]) in wanted]
            kept = [m for m in source["mentions"] if name_key(m[3][2]) not in wanted]
            if not moved or not kept:
                continue
            new_id = entity_id(source["type"], "split|" + args["entity"] + "|" + "|".join(sorted(wanted)))
            source["mentions"] = kept
            clusters[new_id] = {"type": source["type"], "mentions": moved, "keys": set(), "anchor": sorted(wanted)[0],
                                "evidence": [f"split from {args['entity']} by a reviewer: {decision.get('reason') or ''}".strip()]}
            applied += 1
    return applied


def _canonical(etype: str, aliases: Counter[str]) -> str:
    """The most used full form (for people, a name of two words or more when there is one)."""
    ranked = sorted(aliases.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))
    if etype == "PER":
        full = [a for a, _ in ranked if len(a.split()) > 1]
        if full:
            return full[0]
    return ranked[0][0]


def resolve_entities(store: Store, progress: Progress | None = None) -> dict[str, Any]:
    """Step 2 and 3 over the stored units; writes the entity tables. RETURNS counts."""
    progress = progress or Progress()
    docs = list(db.iter_doc_units(store))
    resolver = Resolver(docs)
    per_unit = resolver.run()
    raw = _members(resolver, per_unit)
    clusters: dict[str, dict[str, Any]] = {}
    for root, mentions in raw.items():
        keys = {(m[2]["t"], m[2]["k"]) for m in mentions}
        anchor = _anchor(resolver, keys)
        clusters[entity_id(anchor[0], anchor[1])] = {
            "type": anchor[0], "mentions": mentions, "keys": keys, "anchor": anchor[1],
            "evidence": list(resolver.evidence.get(root, []))}
    applied = _apply_decisions(clusters, db.decisions(store))
    dates = db.document_dates(store)
    latin_known = db.latin_cache(store)
    new_latin: list[tuple[str, str, str, str]] = []
    role_names = _role_displays(docs)
    entities, aliases, mention_rows, role_rows = [], [], [], []
    progress.start("resolve entities", len(clusters))
    for eid in sorted(clusters):
        cluster = clusters[eid]
        etype = cluster["type"]
        alias_counts: Counter[str] = Counter(m[3][2] for m in cluster["mentions"])
        subtypes = Counter(m[2]["st"] for m in cluster["mentions"] if m[2]["st"])
        subtype = subtypes.most_common(1)[0][0] if subtypes else None
        if etype == "LOC" and cluster["anchor"].endswith("#" + CITY):
            subtype = CITY
        name = _canonical(etype, alias_counts)
        cache_key = (name, etype, subtype or "")
        latin = latin_known.get(cache_key)
        if latin is None:
            latin = latin_name(name, etype, subtype, romanise=len(cluster["mentions"]) >= LATIN_MIN_MENTIONS)
            if latin is not None:
                latin_known[cache_key] = latin
                new_latin.append((*cache_key, latin))
        doc_ids = {m[1] for m in cluster["mentions"]}
        unit_links = sorted({link for m in cluster["mentions"] for link in m[2]["link"]})
        attrs = {"subtype": subtype, "anchor": cluster["anchor"],
                 "keys": sorted({k for _, k in cluster["keys"]}),
                 "evidence": (cluster["evidence"] + unit_links)[:MAX_EVIDENCE]}
        entities.append((eid, etype, name, latin, len(cluster["mentions"]), len(doc_ids),
                         json.dumps(attrs, ensure_ascii=False)))
        aliases.extend((eid, alias, count) for alias, count in sorted(alias_counts.items()))
        seen_roles: set[tuple[str, str]] = set()
        for _, doc_id, _, mention in cluster["mentions"]:
            start, end, display, clitic, roles = mention
            mention_rows.append((eid, doc_id, start, end, display,
                                 json.dumps([r[1] for r in roles], ensure_ascii=False),
                                 json.dumps({"clitic": clitic} if clitic else {}, ensure_ascii=False)))
            for role in roles:
                shown = role_names.get(role[2], role[1])
                if (shown, doc_id) not in seen_roles:
                    seen_roles.add((shown, doc_id))
                    role_rows.append((eid, shown, doc_id, dates.get(doc_id)))
        progress.advance()
    progress.finish()
    db.write_entities(store, entities, aliases, mention_rows, role_rows)
    if new_latin:
        db.save_latin(store, new_latin)
    return {"entities": len(entities), "mentions": len(mention_rows), "decisions_applied": applied}


def _role_displays(docs: list[tuple[int, str, list[dict[str, Any]]]]) -> dict[str, str]:
    """Role key -> the way it is most often written (اللواء الليبي المتقاعد shows as اللواء المتقاعد)."""
    written: dict[str, Counter[str]] = defaultdict(Counter)
    for _, _, units in docs:
        for unit in units:
            for mention in unit["m"]:
                for _kind, text, key in mention[4]:
                    written[key][text] += 1
    out = {}
    for key, texts in written.items():
        exact = [t for t in texts if fold(t) == key or name_key(t) == key]
        ranked = sorted(texts.items(), key=lambda kv: (-(kv[0] in exact), -kv[1], len(kv[0]), kv[0]))
        out[key] = ranked[0][0]
    return out


# Entities mentioned once get a romanised Latin name when shown (marsad.cli.entities), not in the
# pass (the name table still answers for them): they are most of a large collection's entities
# and few are ever looked at.
LATIN_MIN_MENTIONS = 2
# Evidence lines kept per entity (a country can gather hundreds of identical-looking joins).
MAX_EVIDENCE = 100


# -- the pass -------------------------------------------------------------------------------------

# Below this many documents a process pool costs more than it saves (as in marsad.pipeline).
MIN_DOCS_FOR_POOL = 200
SAVE_BATCH = 500


def _doc_units(doc: Document) -> tuple[str, list[dict[str, Any]]]:
    return doc.id, document_units(doc)


def _units_of(docs: Iterator[Document], count: int) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """document_units over many documents, in a process pool when there are enough of them."""
    workers = os.cpu_count() or 1
    if workers == 1 or count < MIN_DOCS_FOR_POOL:
        yield from map(_doc_units, docs)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
        yield from pool.map(_doc_units, docs, chunksize=32)


def run(store: Store, progress: Progress) -> dict[str, Any]:
    """Units for documents whose entities layer is new or changed, then the collection step."""
    version, _ = store.pass_state(NAME)
    if version != VERSION:
        db.clear_doc_units(store)
    pending = db.pending_documents(store)
    if pending:
        progress.start("entity mentions", len(pending))
        stamps = dict(pending)
        docs = (doc for doc_id, _ in pending if (doc := store.get_document(doc_id)) is not None)
        batch: list[tuple[str, str, list[dict[str, Any]]]] = []
        for doc_id, units in _units_of(docs, len(pending)):
            batch.append((doc_id, stamps[doc_id], units))
            if len(batch) >= SAVE_BATCH:
                db.save_doc_units(store, batch)
                progress.advance(len(batch))
                batch = []
        db.save_doc_units(store, batch)
        progress.advance(len(batch))
        progress.finish()
    counts = resolve_entities(store, progress)
    store.set_pass_state(NAME, VERSION, store.max_seq())
    counts["documents_processed"] = len(pending)
    return counts


RESOLVE = CorpusPass(name=NAME, version=VERSION, requires=(ENTITIES,), run=run)
