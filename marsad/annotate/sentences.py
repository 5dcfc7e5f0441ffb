"""Sentence boundaries, so that evidence links and claims can point at whole sentences."""

from marsad.document import SENTENCES, Document, Span
from marsad.registry import Annotator
from marsad.text import split_sentences


def annotate_sentences(doc: Document) -> list[Span]:
    return [Span(start, end, "SENT") for start, end in split_sentences(doc.text)]


ANNOTATOR = Annotator(name=SENTENCES, version="sentences.rules.v2", requires=(), func=annotate_sentences)
