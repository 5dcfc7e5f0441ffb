"""Named entities (PER, ORG, LOC, MISC) from the bundled CRF tagger, with raw-text offsets.

The text is split into sentences and tokens by marsad.text; the tagger (loaded once per
process) labels each sentence's words; each entity becomes a Span over the raw text from its
first token's start to its last token's end, with attrs {"score": lowest tag marginal}.
Spans cover the name only (ANERcorp convention): a title such as اللواء stays outside.
"""

from __future__ import annotations

from functools import lru_cache

from marsad.document import ENTITIES, Document, Span
from marsad.errors import MarsadError
from marsad.ner.model import MODEL_FILE, Tagger
from marsad.paths import model_path
from marsad.registry import Annotator
from marsad.text import Token, split_sentences, tokenise

VERSION = "ner.crf.v1"
# A sentence longer than this many tokens (a list, a table flattened to text) is tagged in
# pieces, so one run-on line does not cost a quadratic-looking pause; 200 tokens is far above
# the news-sentence length the model was trained on (ANERcorp: 31 on average).
MAX_TOKENS = 200


@lru_cache(maxsize=1)
def get_tagger() -> Tagger:
    """The shipped tagger, loaded on first use and kept for the process."""
    folder = model_path("ner")
    if not (folder / MODEL_FILE).exists():
        raise MarsadError("E202", path=folder / MODEL_FILE, command="marsad train ner")
    return Tagger(folder)


def find_entities(text: str, *, tagger: Tagger | None = None) -> list[Span]:
    """Entity spans of a raw text.

    text (str): the raw text.
    tagger (Tagger | None): a tagger to use instead of the shipped one.
    RETURNS (list): Spans labelled PER, ORG, LOC or MISC with attrs {"score": float}.
    """
    tagger = tagger or get_tagger()
    tokens = tokenise(text)
    spans: list[Span] = []
    i = 0
    for _, end in split_sentences(text):
        sentence: list[Token] = []
        while i < len(tokens) and tokens[i].start < end:
            sentence.append(tokens[i])
            i += 1
        for piece in range(0, len(sentence), MAX_TOKENS):
            chunk = sentence[piece : piece + MAX_TOKENS]
            for m in tagger.mentions([t.text for t in chunk]):
                spans.append(Span(chunk[m.start].start, chunk[m.end - 1].end, m.label, {"score": m.score}))
    return spans


def annotate_entities(doc: Document) -> list[Span]:
    return find_entities(doc.text)


ANNOTATOR = Annotator(name=ENTITIES, version=VERSION, requires=(), func=annotate_entities)
