"""Arabic-aware full-text search over the store's FTS5 index, with highlighted snippets.

Queries are reduced to the same light-stem keys as the index (`marsad.text.search_key`), so
"اكد" finds "أكّد" and "موسكو" finds "بموسكو". Syntax: words (all must match), "quoted phrases",
OR between terms, and -word to exclude.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from marsad.errors import MarsadError
from marsad.store import Store
from marsad.text import query_keys, search_key

_COLUMNS = "{title_keys title_alt body_keys body_alt}"
# A title hit weighs three body hits.
_BM25_WEIGHTS = (3.0, 3.0, 1.0, 1.0)
_QUERY_TERM = re.compile(r'(-?)"([^"]*)"|(\S+)')


@dataclass
class SearchHit:
    """One matching document.

    snippet (tuple): (start, end) raw offsets of the best window of the text.
    highlights (list): (start, end) raw offsets of matched words inside the window.
    """

    doc_id: str
    title: str | None
    outlet: str | None
    published: str | None
    score: float
    snippet: tuple[int, int]
    highlights: list[tuple[int, int]] = field(default_factory=list)
    text: str = ""

    def snippet_text(self, *, mark: tuple[str, str] = ("[", "]")) -> str:
        """The snippet with each matched word wrapped in `mark`."""
        start, end = self.snippet
        out, pos = [], start
        for s, e in self.highlights:
            out += [self.text[pos:s], mark[0], self.text[s:e], mark[1]]
            pos = e
        out.append(self.text[pos:end])
        prefix = "… " if start > 0 else ""
        suffix = " …" if end < len(self.text) else ""
        return prefix + "".join(out).replace("\n", " ") + suffix

    def to_json(self) -> dict[str, object]:
        return {
            "doc_id": self.doc_id, "title": self.title, "outlet": self.outlet, "published": self.published,
            "score": round(self.score, 3), "snippet": self.snippet_text(mark=("<mark>", "</mark>")),
        }


def compile_query(query: str) -> tuple[str, set[str]]:
    """An FTS5 MATCH expression for a user query, and the keys to highlight.

    RAISES MarsadError E303 when the query has no words.
    """
    parts: list[str] = []
    keys: set[str] = set()
    for m in _QUERY_TERM.finditer(query):
        negate, phrase, word = m.group(1), m.group(2), m.group(3)
        if word == "OR":
            if parts and parts[-1] != "OR":
                parts.append("OR")
            continue
        if word is not None and word.startswith("-") and len(word) > 1:
            negate, word = "-", word[1:]
        pairs = query_keys(phrase if phrase is not None else word)
        if not pairs:
            continue
        words = [p[0] for p in pairs]
        term = f'"{" ".join(words)}"'
        alt_words = [p[1] for p in pairs]
        if alt_words != words:
            # "بموسكو" in a query also finds plain "موسكو".
            term = f'({term} OR "{" ".join(alt_words)}")'
            keys.update(alt_words)
        if negate:
            parts.append(f"NOT {term}")
        else:
            parts.append(term)
            keys.update(words)
    while parts and parts[-1] == "OR":
        parts.pop()
    if not keys:
        raise MarsadError("E303", query=query)
    # FTS5 cannot start with NOT: put the positive terms first.
    positive = [p for p in parts if not p.startswith("NOT ")]
    negative = [p for p in parts if p.startswith("NOT ")]
    # FTS5 wants an explicit AND between parenthesised groups.
    joined: list[str] = []
    for part in positive:
        if joined and part != "OR" and joined[-1] != "OR":
            joined.append("AND")
        joined.append(part)
    expression = " ".join(joined + negative).replace(" OR NOT", " NOT")
    return f"{_COLUMNS} : ({expression})", keys


def search(store: Store, query: str, *, outlet: str | None = None, date_from: date | None = None,
           date_to: date | None = None, limit: int = 20, offset: int = 0) -> list[SearchHit]:
    """Documents matching `query`, best first.

    outlet (str): keep only this outlet.
    date_from / date_to (date): keep documents whose (published or inferred) date lies in the range.
    """
    match, keys = compile_query(query)
    rows = store.search_rows(match, weights=_BM25_WEIGHTS, outlet=outlet, date_from=date_from, date_to=date_to,
                             limit=limit, offset=offset)
    hits = []
    for row in rows:
        window, highlights = best_window(row["text"], keys)
        hits.append(SearchHit(row["id"], row["title"], row["outlet"], row["day"], -row["rank"], window, highlights,
                              row["text"]))
    return hits


# Snippet window, in characters: some context before the densest cluster of matches, more after.
SNIPPET_BEFORE = 80
SNIPPET_CHARS = 260
_WORD_SCAN = re.compile(r"[\w\u064B-\u065F\u0670\u0640]+")


def best_window(text: str, keys: set[str]) -> tuple[tuple[int, int], list[tuple[int, int]]]:
    """The snippet range holding the most matched words, and those words' raw offsets.

    A lean scan (no Token objects): this runs for every hit of every query.
    """
    matches = [(m.start(), m.end()) for m in _WORD_SCAN.finditer(text) if not keys.isdisjoint(search_key(m.group()))]
    if not matches:
        return (0, _snap_end(text, SNIPPET_CHARS)), []
    best, best_count, last = matches[0][0], 0, 0
    for i, (start, _) in enumerate(matches):
        last = max(last, i)
        while last + 1 < len(matches) and matches[last + 1][0] < start + SNIPPET_CHARS - SNIPPET_BEFORE:
            last += 1
        if last - i + 1 > best_count:
            best, best_count = start, last - i + 1
    window_start = _snap_start(text, best - SNIPPET_BEFORE)
    window_end = _snap_end(text, window_start + SNIPPET_CHARS)
    return (window_start, window_end), [(s, e) for s, e in matches if s >= window_start and e <= window_end]


def _snap_start(text: str, pos: int) -> int:
    if pos <= 0:
        return 0
    space = text.find(" ", pos)
    return space + 1 if 0 <= space < pos + 20 else pos


def _snap_end(text: str, pos: int) -> int:
    if pos >= len(text):
        return len(text)
    space = text.rfind(" ", pos - 20, pos)
    return space if space > 0 else pos
