"""Named entities (PER, ORG, LOC, MISC) from the bundled CRF tagger, with raw-text offsets.

The text is split into sentences and tokens by marsad.text; the tagger (loaded once per
process) labels each sentence's words, then spreads each confident name to its untagged
repeats in the article; each entity becomes a Span over the raw text from its first token's
start to its last token's end, with attrs {"score": lowest tag marginal}.
Spans cover the name only (ANERcorp convention): a title such as اللواء stays outside.
"""

from __future__ import annotations

import os
from functools import lru_cache

from marsad.document import ENTITIES, Document, Span
from marsad.errors import MarsadError
from marsad.ner import model as crf
from marsad.paths import model_path
from marsad.registry import Annotator
from marsad.text import Token, split_sentences, tokenise

# The flag: which tagger runs. "fast" (default) is the feature CRF, no extra dependency;
# "accurate" averages it with a BiLSTM-CRF and needs torch. Read when the annotator registers.
MODEL_ENV = "MARSAD_NER_MODEL"
VERSIONS = {"fast": "ner.crf.v2", "accurate": "ner.crf-bilstm.v2"}
KINDS = tuple(VERSIONS)
# A sentence longer than this many tokens (a list, a table flattened to text) is tagged in
# pieces, so one run-on line does not cost a quadratic-looking pause; 200 tokens is far above
# the news-sentence length the model was trained on (ANERcorp: 31 on average).
MAX_TOKENS = 200


def model_kind() -> str:
    """The tagger chosen by $MARSAD_NER_MODEL ("fast" when unset)."""
    kind = os.environ.get(MODEL_ENV, "fast").strip().lower() or "fast"
    if kind not in KINDS:
        raise MarsadError("E210", value=kind, env=MODEL_ENV)
    return kind


@lru_cache(maxsize=len(KINDS))
def get_tagger(kind: str | None = None) -> crf.Tagger:
    """A shipped tagger ("fast" or "accurate"; default from the flag), loaded once per process."""
    kind = kind or model_kind()
    folder = model_path("ner")
    if not (folder / crf.MODEL_FILE).exists():
        raise MarsadError("E202", path=folder / crf.MODEL_FILE, command="marsad train ner")
    if kind == "fast":
        return crf.Tagger(folder)
    try:
        from marsad.ner import neural
    except ImportError:
        raise MarsadError("E211", env=MODEL_ENV) from None
    if not (folder / neural.MODEL_FILE).exists():
        raise MarsadError("E202", path=folder / neural.MODEL_FILE, command="marsad train ner --model bilstm")
    return neural.EnsembleTagger(crf.Tagger(folder), neural.NeuralTagger.load(folder))


def find_entities(text: str, *, tagger: crf.Tagger | None = None) -> list[Span]:
    """Entity spans of a raw text.

    text (str): the raw text.
    tagger (Tagger | None): a tagger to use instead of the flagged shipped one.
    RETURNS (list): Spans labelled PER, ORG, LOC or MISC with attrs {"score": float}.
    """
    tagger = tagger or get_tagger()
    tokens = tokenise(text)
    chunks: list[list[Token]] = []
    i = 0
    for _, end in split_sentences(text):
        sentence: list[Token] = []
        while i < len(tokens) and tokens[i].start < end:
            sentence.append(tokens[i])
            i += 1
        chunks.extend(sentence[k : k + MAX_TOKENS] for k in range(0, len(sentence), MAX_TOKENS))
    spans: list[Span] = []
    for chunk, mentions in zip(chunks, tagger.document_mentions([[t.text for t in c] for c in chunks]), strict=True):
        for m in mentions:
            spans.append(Span(chunk[m.start].start, chunk[m.end - 1].end, m.label, {"score": m.score}))
    return spans


def annotate_entities(doc: Document) -> list[Span]:
    return find_entities(doc.text)


# An unknown flag value is reported when the tagger is first needed (E210), not at import.
VERSION = VERSIONS.get(os.environ.get(MODEL_ENV, "fast").strip().lower(), VERSIONS["fast"])
ANNOTATOR = Annotator(name=ENTITIES, version=VERSION, requires=(), func=annotate_entities)
