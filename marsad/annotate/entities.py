"""Named entities (PER, ORG, LOC, MISC) from the bundled CRF tagger, with raw-text offsets.

The text is split into sentences and tokens by marsad.text; the tagger (loaded once per
process) labels each sentence's words, then spreads each confident name to its untagged
repeats in the article; each entity becomes a Span over the raw text from its first token's
start to its last token's end, with attrs {"score": lowest tag marginal}.
Spans cover the name only (ANERcorp convention): a title such as اللواء stays outside.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache

from marsad.config import model_flag
from marsad.document import ENTITIES, Document, Span
from marsad.errors import MarsadError
from marsad.ner import model as crf
from marsad.paths import model_path
from marsad.registry import Annotator
from marsad.text import Token, split_sentences, tokenise

# The flag: which tagger runs. "fast" (default) is the feature CRF, no extra dependency;
# "accurate" averages it with a BiLSTM-CRF and needs torch. Read when the annotator registers.
MODEL_ENV = "MARSAD_NER_MODEL"
# The tagger's version, then "+places.v1": multi-word place names completed after tagging (complete_places).
VERSIONS = {"fast": "ner.crf.v2+places.v1", "accurate": "ner.crf-bilstm.v2+places.v1"}
KINDS = tuple(VERSIONS)
# One-letter proclitics a completed place name's first word may carry (بأديس أبابا، وتل أبيب).
PROCLITICS = ("و", "ب", "ل", "ف")
# A sentence longer than this many tokens (a list, a table flattened to text) is tagged in
# pieces, so one run-on line does not cost a quadratic-looking pause; 200 tokens is far above
# the news-sentence length the model was trained on (ANERcorp: 31 on average).
MAX_TOKENS = 200


def model_kind() -> str:
    """The tagger chosen by $MARSAD_NER_MODEL ("fast" when unset)."""
    kind = model_flag(MODEL_ENV)
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


def find_entities(text: str, *, tagger: crf.Tagger | None = None, tokens: list[Token] | None = None) -> list[Span]:
    """Entity spans of a raw text.

    text (str): the raw text.
    tagger (Tagger | None): a tagger to use instead of the flagged shipped one.
    tokens (list | None): tokenise(text), when the caller has it.
    RETURNS (list): Spans labelled PER, ORG, LOC or MISC with attrs {"score": float}.
    """
    tagger = tagger or get_tagger()
    tokens = tokenise(text) if tokens is None else tokens
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


@lru_cache(maxsize=1)
def _known_places() -> tuple[frozenset[tuple[str, ...]], frozenset[str], int]:
    """The multi-word places (marsad.entities.latin.multiword_places), their words, and the longest's length."""
    from marsad.entities.latin import multiword_places

    names = multiword_places()
    return names, frozenset(w for name in names for w in name), max(map(len, names), default=0)


def _in_names(word: str, words: frozenset[str]) -> bool:
    """Whether a word, or the word without a one-letter proclitic, is a word of a known place name."""
    return word in words or (word[:1] in PROCLITICS and word[1:] in words)


def complete_places(text: str, spans: list[Span], *, tokens: list[Token] | None = None) -> list[Span]:
    """Place names of several words that the tagger cut ("أبابا" of "أديس أبابا"), completed from the
    override table's and CLDR's multi-word places (marsad.entities.latin.multiword_places); the first word
    may carry a one-letter proclitic ("بأديس أبابا"). Words of another entity are never taken.

    tokens (list | None): tokenise(text), when the caller has it.
    RETURNS (list): the spans, LOC ones widened where a known name covers them and their untagged neighbours.
    """
    from marsad.entities.names import name_key

    names, words, longest = _known_places()
    if not names or not any(s.label == "LOC" for s in spans):
        return spans
    tokens = tokenise(text) if tokens is None else tokens
    keys: dict[int, str] = {}  # only the words near a place are keyed

    def key(k: int) -> str:
        if k not in keys:
            keys[k] = name_key(tokens[k].text)
        return keys[k]
    starts = [t.start for t in tokens]
    owner = [-1] * len(tokens)
    covered: list[list[int]] = []
    for n, span in enumerate(spans):
        k = bisect_left(starts, span.start)
        mine = []
        while k < len(tokens) and tokens[k].end <= span.end:
            owner[k] = n
            mine.append(k)
            k += 1
        covered.append(mine)
    out = []
    for n, span in enumerate(spans):
        mine = covered[n]
        best = None
        if span.label == "LOC" and mine:
            i, j = mine[0], mine[-1] + 1
            # Only untagged words that occur in some known name can be taken: most spans stop at once.
            left, right = i, j
            while left > 0 and i - left < longest and owner[left - 1] == -1 and _in_names(key(left - 1), words):
                left -= 1
            while right < len(tokens) and right - i < longest and owner[right] == -1 and key(right) in words:
                right += 1
            for a in range(left, i + 1):
                for b in range(max(j, a + 2), right + 1):
                    first = key(a)
                    for clitic in ("", *PROCLITICS):
                        if first.startswith(clitic) and len(first) - len(clitic) > 1 \
                                and (first[len(clitic):], *(key(k) for k in range(a + 1, b))) in names \
                                and (best is None or b - a > best[1] - best[0]):
                            best = (a, b, len(clitic))
        if best is None:
            out.append(span)
        else:
            a, b, clitic = best
            out.append(Span(tokens[a].start + clitic, tokens[b - 1].end, span.label, dict(span.attrs)))
    return out


def annotate_entities(doc: Document) -> list[Span]:
    tokens = tokenise(doc.text)
    return complete_places(doc.text, find_entities(doc.text, tokens=tokens), tokens=tokens)


# An unknown flag value is reported when the tagger is first needed (E210), not at import.
VERSION = VERSIONS.get(model_flag(MODEL_ENV), VERSIONS["fast"])
ANNOTATOR = Annotator(name=ENTITIES, version=VERSION, requires=(), func=annotate_entities, check=get_tagger)
