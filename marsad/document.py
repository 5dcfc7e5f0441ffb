"""The data model: documents and their stand-off annotation layers.

A `Document` owns its raw text. Everything found in it is a `Span` whose offsets point
into that raw text; spans are grouped into named layers (`entities`, `times`, `claims`,
`events`, ...), each written by one annotator at one version. Annotators never edit text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

# Layer names used across marsad. An annotator assigns exactly one of them.
SENTENCES = "sentences"
ENTITIES = "entities"
TIMES = "times"
CLAIMS = "claims"
EVENTS = "events"


@dataclass(frozen=True)
class Span:
    """A labelled range of a document's raw text.

    start (int): offset of the first character in the raw text.
    end (int): offset one past the last character.
    label (str): the span's type, e.g. "PER", "DATE", "CONSULT".
    attrs (dict): JSON-serialisable details (score, resolved value, roles, ...).
    """

    start: int
    end: int
    label: str
    attrs: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "label": self.label, "attrs": dict(self.attrs)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Span:
        return cls(int(data["start"]), int(data["end"]), str(data["label"]), dict(data.get("attrs") or {}))


@dataclass(frozen=True)
class Paragraph:
    """One paragraph: its position in the document and its character range."""

    index: int
    start: int
    end: int


@dataclass
class Document:
    """One article: immutable raw text and metadata, plus annotation layers.

    id (str): hash of the normalised text (see `document_id`), so re-ingest is a no-op.
    text (str): the body as ingested, never changed afterwards.
    published (date | None): publication date when the source gives one.
    layers (dict): layer name -> list of Span.
    """

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: date | None = None
    source: str | None = None
    external_id: str | None = None
    layers: dict[str, list[Span]] = field(default_factory=dict)

    @property
    def paragraphs(self) -> list[Paragraph]:
        return split_paragraphs(self.text)

    def layer(self, name: str) -> list[Span]:
        return self.layers.get(name, [])


def split_paragraphs(text: str) -> list[Paragraph]:
    """Paragraphs are runs of non-blank lines separated by line breaks."""
    paragraphs: list[Paragraph] = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + line.index(stripped[0])
            paragraphs.append(Paragraph(len(paragraphs), start, start + len(stripped)))
        pos += len(line) + 1
    return paragraphs


def document_id(normalised_text: str) -> str:
    """A stable id: the first 16 hex digits of the SHA-256 of the normalised text."""
    return hashlib.sha256(normalised_text.encode("utf-8")).hexdigest()[:16]
