"""Events per document: PLOVER type and mode, who did it to whom, where, when, according to whom.

Method (rules over our own lexicon, see marsad/annotate/lexicons/event_*.tsv):
1. Clauses are sentences, joined where a sentence ends on a comma (a line break inside one).
2. Each word is matched, clitics and pronoun suffixes off, against the trigger lexicon
   (generated verb inflections, nouns, phrases, participles of manner such as مستنكرين); a verb
   phrase may have its subject inside it ("ألقت الأجهزة الأمنية القبض").
3. Context words give the mode (military, humanitarian, aerial, ...), turn generic verbs
   (قدم، أرسل، فرض) into events or drop them, and turn arrivals of personnel into deployments;
   entering (دخل) is an event only when troops enter.
4. Arguments come from the entities layer: the actor is the subject (after the verb in
   verb-first clauses, before it otherwise, the genitive of a noun), the recipient the next
   participant or the one after مع/ب/ل/إلى, the place a location after في/ب/إلى. "X تلقى اتصالا من Y"
   makes Y the actor; "الرجلين" takes the last two people named; a pronoun suffix takes the last person.
5. A time expression of the clause dates the nearest trigger before it (news prose puts the
   time after the event: "زار، يوم الإثنين، ..."), else the nearest after it, never across a
   relative clause or a contrast; later triggers of the clause go on at the same time; else the
   time of the previous event in the paragraph; else the publication date, marked as such.
6. Negation and hypothetical cues before the trigger, future and purpose prefixes (ستتبعهم, للاتفاق),
   a future time of the trigger ("يغادر يوم غد ... في زيارة"),
   the topic of a discussion or request (يبحث توريد الأسلحة), and the scope of a denial mark events
   that did not happen. Same-type triggers with the same actor in one clause are one event; a
   definite noun with no parties of its own ("وتكشف الزيارة") refers back to the last event of
   its type and mode (attrs "refers_to").
7. An event inside a claim carries the claim's source, source type and stance; a denied event
   is negated and says who denies it.
8. Senses that are no events are filtered by general rules: sport, accidents and disasters, market
   and administrative senses (event_context.tsv); words of an organisation's name (مجلس التعاون);
   nouns that look like verbs (after a number or a preposition, a final ة); anything in a condition
   (إذا ...) up to its answer; verbs in a subjunctive أن-clause, nouns after
   a verb of stopping (ووقف القصف) or before "التي لم"; and a definite noun with no party of its own
   (المحادثات) is given a lower confidence unless a verb of taking part governs it (حضر الاجتماع).
9. A learned model (marsad.annotate.event_model, trained by `marsad train events`) judges each clause
   and the rule events in it: a type it is sure of that the rules missed is added (an unsure rule event
   of that type made sure, else a new event on the word that weighs most for the type, its arguments
   found as for a trigger, never where the rules' negation, condition or topic cues govern that word);
   a frequent type it finds improbable would be dropped (the cross-validated thresholds drop none).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from marsad.annotate import event_lexicon, event_model
from marsad.annotate.event_lexicon import DENIAL, Lexicon, Trigger
from marsad.config import model_flag
from marsad.document import CLAIMS, ENTITIES, EVENTS, SENTENCES, TIMES, Document, Span
from marsad.registry import Annotator
from marsad.text import fold, split_sentences, tokenise

RULES_VERSION = "events.rules.v6"
# The rules, then the learned model the flag $MARSAD_EVENT_MODEL chooses (marsad/models/events/): retrained with
# every rules version. An unknown flag value is reported when the model is first needed (E212), not at import.
MODEL_VERSIONS = {"fast": "event_model.v4", "accurate": "event_model_e5.v3"}
VERSION = RULES_VERSION + "+" + MODEL_VERSIONS.get(model_flag(event_model.MODEL_ENV), MODEL_VERSIONS["fast"])

# Verb-first clauses put the subject within this many word tokens after the verb (titles included).
VSO_GAP = 4
# A verb's object follows its subject (and the subject's titles): looked for this many words on.
VSO_OBJECT_WINDOW = 8
# The ب-complement of a "bi" trigger (طالب X بـ) follows the subject and the object: 12 words, not 8, since
# verb-first sentences put a long subject with titles and an object before it ("طالب الرئيس اليمني عبدربه
# منصور هادي المليشيات الحوثية وقوات صالح باحترام"); chosen on the dev split (events.rules.v3).
BI_WINDOW = 12
# How far back a subject may stand before its verb (relative clauses: "إن الوزير، الذي ...، زار").
SVO_WINDOW = 30
# How far back a noun's subject may stand (the verb that governs it: "عقد الوزير اجتماعا").
NOUN_SUBJECT_WINDOW = 12
# A noun this close after a discussion or request verb is its topic ("يبحث ... توريد الأسلحة"); what
# is requested can be spelled out at more length ("طلب ترقية العلاقة إلى مستوى توقيع اتفاق").
TOPIC_WINDOW = 6
REQUEST_WINDOW = 12
# A partner (مع/بين) stands this many words (punctuation not counted) after a reciprocal verb (its subject comes first) or noun.
PARTNER_WINDOW_VERB = 10
PARTNER_WINDOW_NOUN = 4
# Rejections, condemnations and expulsions of nobody in particular are figures of speech ("رفضوا
# موتي"، "إدانة دولية"): they need a named party this close (a host's long titles included: "استقبل
# نائب خادم الحرمين الشريفين صاحب السمو الملكي الأمير ..."). Set on the development sentences.
PARTY_WINDOW = 10
# A source this many words or fewer after a trigger is the subject of the trigger itself ("نفت أمس وزارة
# المياه"); one farther on tells of the event and takes no part in it.
SOURCE_GAP = 2
# A future time dates the trigger it follows only this close ("يزور فرنسا الأسبوع المقبل"); one farther on
# mostly dates a later verb that is no trigger ("يطلب من المفوضية ... وضع تقرير مطلع سبتمبر المقبل"). A
# future time before a trigger dates it unless a comma or a past or temporal word stands between ("يغادر يوم
# غد ... في زيارة" but not "خلال الأسبوع المقبل، بعد تحريره"). Set on the development split and SaudiNewsNet.
FUTURE_GAP = 3
# A verb phrase flagged "split" may have a subject of this many words between its verb and the rest
# ("رفع المشرف العام الدكتور فلان الشكر" is longer and is missed): names with a title or two.
PHRASE_GAP = 4
# Participants of one event: at most this many names after the trigger.
MAX_PARTICIPANTS = 5
# Confidence adjustments, set by reading development sentences: an event without a known
# actor is right about half as often; one with actor and recipient more often.
NO_ACTOR_PENALTY = 0.15
FULL_ARGS_BONUS = 0.05
# A definite noun with no party of its own ("المحادثات"، "الاجتماع"، "الإفراج") mostly names an event told
# of elsewhere, a standing process or a topic: on the development and fresh sentences such events were
# right 9 times in 22. This takes a noun of weight 0.8 below the detection threshold (0.5) of marsad
# eval events. Attacks and protests are reported without parties ("الغارات"، "الاحتجاجات") and keep theirs.
BARE_DEFINITE_PENALTY = 0.2
_STANDALONE_TYPES = {"ASSAULT", "PROTEST"}

_PREPOSITIONS = {"في", "من", "الي", "علي", "عن", "مع", "لدي", "حول", "ضد", "بين", "عبر", "نحو", "داخل"}
_PLACE_MARKERS = {"في", "ب", "الي", "داخل"}
_TEMPORAL = {"اثناء", "خلال", "بعد", "قبل", "عقب", "لدي"}
_COMPLEMENTIZERS = {"ان", "انه", "انها", "بان", "لان"}
# How far back from a trigger the أن of a subjunctive clause may stand ("أن يؤدي الاتفاق ... إلى تسريع
# الإفراج"); set on the development sentences.
SUBJUNCTIVE_SCOPE = 12
# How far the head of an organisation's name stands before its "for ..." part: "مركز الملك سلمان للإغاثة".
NAME_WINDOW = 4
# أن before an imperfect verb with no subject between makes it subjunctive (folded أن = إن = ان).
_SUBJUNCTIVE = {"ان", "وان"}
_RELATIVES = {"الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي"}
_RECIPIENT_MARKERS = {"مع", "ب", "ل", "الي", "من"}
# Prepositions that make a country the target when right before it (هجوم على أوكرانيا، حملة ضد إيران).
_TARGET_MARKERS = {"علي", "ضد"}
# What may govern a place that is a party: nothing ("هاجمت روسيا أوكرانيا"), a recipient's preposition, بين.
_LOC_RECIPIENT_MARKERS = {None, "بين", *_RECIPIENT_MARKERS}
_CONJ = ("", "و", "ف")
# Clitics a tagger may leave on a name, longest first; those with the article always are clitics.
_CLITICS = ("وبال", "وال", "بال", "لل", "ول", "وب", "و", "ب", "ل")
_ARTICLE_CLITICS = ("وبال", "وال", "بال", "لل")
_VERB_PREFIXES = ("", "س", "ل")
_NOUN_PREFIXES = ("", "ال", "بال", "لل", "كال", "ب", "ل", "ك")
_PRONOUNS = ("", "ه", "ها", "هم", "هما")
_ARABIC_WORD = re.compile(r"^[\u0621-\u064a]+$")
_YEAR = re.compile(r"^\d{4}")
_CASUALTIES = re.compile(
    r"(\d+)\s+(?:من\s+)?(?:(قتيل\w*|قتلي|شهيد\w*|شهداء|وفيات|قتلا)|(جريح\w*|جرحي|مصاب\w*|اصاب\w*))"
)
_VALUE = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(مليار\w*|مليون|ملايين|الف|الاف)?\s*"
    r"(دينار|دولار|ريال|يورو|جنيه|درهم|ليره|روبل)\s*(\w+ي)?"
)
_MULTIPLIERS = {"مليار": 1e9, "مليارات": 1e9, "مليون": 1e6, "ملايين": 1e6, "الف": 1e3, "الاف": 1e3}


@dataclass
class Mention:
    """A participant candidate: an entity span mapped onto tokens."""

    start: int
    end: int
    tok_start: int
    tok_end: int
    label: str
    text: str
    marker: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "span": [self.start, self.end], "label": self.label}


@dataclass
class Candidate:
    """A trigger found in a clause, with its arguments as they are filled in."""

    trigger: Trigger
    tok_start: int
    tok_end: int
    prefix: str
    suffix: str
    type: str
    mode: str | None
    actor: Mention | None = None
    recipient: Mention | None = None
    place: Mention | None = None
    participants: list[Mention] = field(default_factory=list)
    time: Span | None = None
    negated: bool = False
    hypothetical: bool = False
    denied_by: str | None = None
    personnel: Mention | None = None  # the deployed personnel, when they are no named entity
    anchored: bool = False  # the name governed by the trigger is the place ("معركة تحرير بنغازي"), no actor missed
    denies: list[Candidate] = field(default_factory=list)  # for a denial: the events it denies


class _Doc:
    """Per-document working state: folded tokens, mentions, times, claims."""

    def __init__(self, doc: Document, lex: Lexicon) -> None:
        self.doc = doc
        self.lex = lex
        self.tokens = tokenise(doc.text)
        self.folded = [fold(t.text) for t in self.tokens]
        self.heads = {w for _, w in lex.cue_words("head")}
        self.stop = {w for _, w in lex.cue_words("stop")}
        self.name_heads = {w for _, w in lex.cue_words("name_head")}
        self.has_entities = ENTITIES in doc.layers
        self.mentions = self._mentions(doc.layer(ENTITIES))
        # Words inside an organisation's name are no triggers: "مركز الملك سلمان للإغاثة"، "مجلس التعاون".
        self.in_name = {k for m in self.mentions if m.label == "ORG" for k in range(m.tok_start, m.tok_end)}
        self.times = [s for s in doc.layer(TIMES) if s.label in ("DATE", "TIME", "RANGE")]
        self.claims = [s for s in doc.layer(CLAIMS) if s.label == "CLAIM"]

    def tok_index(self, offset: int) -> int:
        """Index of the token containing or following a raw offset."""
        lo, hi = 0, len(self.tokens)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.tokens[mid].end <= offset:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def _mentions(self, spans: list[Span]) -> list[Mention]:
        """Entity spans as mentions, a clitic the tagger left on the name (لفرنسا، وسالم) taken off
        and kept as the preposition that governs it."""
        spans = [s for s in sorted(spans, key=lambda s: s.start) if s.label in ("PER", "ORG", "LOC", "MISC")]
        firsts = {(fold(self.doc.text[s.start:s.end]).split() or [""])[0] for s in spans}
        out: list[Mention] = []
        ends: set[int] = set()
        for s in spans:
            start, marker = s.start, None
            text = fold(self.doc.text[s.start:s.end])
            for clitic in _CLITICS:
                rest = (text[len(clitic):].split() or [""])[0] if text.startswith(clitic) else ""
                if len(rest) >= 3 and (clitic in _ARTICLE_CLITICS or rest in firsts or "ال" + rest in firsts):
                    start = _skip_folded(self.doc.text, s.start, len(clitic))
                    marker = clitic.lstrip("و")[:1] or None
                    break
            ts, te = self.tok_index(start), self.tok_index(s.end - 1) + 1
            if ts >= len(self.tokens) or start >= s.end:
                continue
            if marker is None:
                marker = self._marker(start, ts, ends)
            out.append(Mention(start, s.end, ts, te, s.label, self.doc.text[start:s.end], marker))
            ends.add(te)
        return out

    def _marker(self, start: int, ts: int, ends: set[int]) -> str | None:
        """The preposition that governs a mention: a clitic inside its first token, or a word up to
        four words before it (over titles and first names), not past punctuation or another name."""
        token = self.tokens[ts]
        if token.start < start:
            prefix = fold(self.doc.text[token.start:start])
            if prefix and prefix[-1] in "بلك":
                return prefix[-1]
        for i in range(ts - 1, max(-1, ts - 5), -1):
            if not self.tokens[i].is_word or i + 1 in ends or self.folded[i] in _COMPLEMENTIZERS:
                return None
            word = self.folded[i]
            if word in _PREPOSITIONS:
                return word
            if _match_token(word, self.lex) is not None:
                return None  # "عن وصول مندوب X": the preposition governs the event word, not the name
            bare = word[1:] if word[:1] in "وف" else word
            if i == ts - 1 and bare.startswith(("بال", "لل")):
                return bare[0]
            if bare[:1] in "بل" and (bare[1:] in self.heads or bare[1:].removeprefix("ال") in self.heads):
                return bare[0]
        return None


def _skip_folded(text: str, start: int, n: int) -> int:
    """The raw offset after the first n folded characters from start (diacritics do not count)."""
    i = start
    while n > 0 and i < len(text):
        if fold(text[i]):
            n -= 1
        i += 1
    while i < len(text) and not fold(text[i]):
        i += 1
    return i


def _match_token(word: str, lex: Lexicon, *, ta_marbuta: bool = False) -> tuple[Trigger, str, str] | None:
    """The trigger a folded word is an inflection of, with the clitic prefix and pronoun suffix.

    ta_marbuta (bool): the raw word ends in ة, so a final ه is no pronoun (سيطرة is not سيطر + ه).
    """
    for conj in _CONJ:
        if conj and not word.startswith(conj):
            continue
        rest = word[len(conj):]
        for prefix in _VERB_PREFIXES:
            if prefix and not rest.startswith(prefix):
                continue
            core = rest[len(prefix):]
            for suffix in _PRONOUNS:
                if suffix and not core.endswith(suffix) or ta_marbuta and suffix == "ه":
                    continue
                stem = core[: len(core) - len(suffix)] if suffix else core
                if len(stem) < 2:  # geminate verbs are two letters folded: حث
                    continue
                if stem in lex.verbs:
                    return lex.verbs[stem][0], conj + prefix, suffix
                if suffix and stem.endswith("ا") and stem[:-1] + "ي" in lex.verbs:  # التقاه
                    return lex.verbs[stem[:-1] + "ي"][0], conj + prefix, suffix
        for prefix in _NOUN_PREFIXES:
            if prefix and not rest.startswith(prefix):
                continue
            core = rest[len(prefix):]
            for suffix in _PRONOUNS + ("ا", "ي"):
                if suffix and not core.endswith(suffix) or ta_marbuta and suffix == "ه":
                    continue  # "قتلة" (killers) is no "قتل" + pronoun
                stem = core[: len(core) - len(suffix)] if suffix else core
                if suffix == "ي" and not stem.endswith("ت"):
                    continue  # only the dual construct زيارتي; اجتماعي is "social"
                if suffix and stem.endswith("ت") and stem not in lex.nouns:
                    stem = stem[:-1] + "ه"  # زيارته -> زياره; the dual زيارتي/زيارتا too; لقاءاته stays
                elif suffix in ("ه", "ها", "هم", "هما") and stem.endswith(("ي", "و")):
                    stem = stem[:-1] + "ء"  # لقائه (folded لقايه) -> لقاء
                if len(stem) < 3:
                    continue
                if stem in lex.nouns:
                    return lex.nouns[stem][0], conj + prefix, suffix
    return None


def _clauses(doc: Document) -> list[tuple[int, int]]:
    """Sentences, joined where one ends on a comma (a line break in the middle of a sentence)."""
    ranges = [(s.start, s.end) for s in doc.layer(SENTENCES)] or split_sentences(doc.text)
    joined: list[tuple[int, int]] = []
    for start, end in ranges:
        if joined and doc.text[joined[-1][1] - 1] in "،,":
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _find_triggers(state: _Doc, ts: int, te: int) -> list[Candidate]:
    lex = state.lex
    found: list[Candidate] = []
    i = ts
    while i < te:
        word = state.folded[i]
        if not _ARABIC_WORD.match(word) or i in state.in_name:
            i += 1
            continue
        phrase = _match_phrase(state, i, te)
        if phrase is not None:
            trig, n, width, clitic = phrase
            found.append(Candidate(trig, i, i + n, clitic, "", trig.type, trig.mode))
            i += width
            continue
        raw = state.tokens[i].text
        hit = None if any(_cue_match(word, w) for w in state.stop) else _match_token(
            word, lex, ta_marbuta=raw.endswith("ة"))
        if hit is not None:
            trig, prefix, suffix = hit
            found.append(Candidate(trig, i, i + 1, prefix, suffix, trig.type, trig.mode))
        i += 1
    return found


def _match_phrase(state: _Doc, i: int, te: int) -> tuple[Trigger, int, int, str] | None:
    """A phrase trigger starting at token i: (trigger, tokens it covers, tokens it spans, clitic on its
    first word). A "split" phrase may have its subject between its verb and the rest ("ألقت الشرطة القبض"،
    "أطلق مسلحون مجهولون النار"): it then covers the verb only, so that the subject is read as the actor."""
    word = state.folded[i]
    for conj in ("", "و", "ف", "ب", "ل", "ول", "وب"):
        key = word[len(conj):] if conj and word.startswith(conj) else (word if not conj else None)
        if key is None:
            continue
        for trig in state.lex.phrases.get(key, []):
            n = len(trig.words)
            if i + n <= te and all(state.folded[i + k] == trig.words[k] for k in range(1, n)):
                return trig, n, n, conj
            if n > 1 and "split" in trig.flags:
                for gap in range(1, PHRASE_GAP + 1):
                    if i + gap + n > te or not _ARABIC_WORD.match(state.folded[i + gap]):
                        break
                    if all(state.folded[i + gap + k] == trig.words[k] for k in range(1, n)):
                        return trig, 1, gap + n, conj
    return None


def _context(state: _Doc, cand: Candidate, ts: int, te: int, *, senses_only: bool = False) -> bool:
    """Apply context rules: mode, need_ctx, personnel, blocks. RETURNS False to drop the candidate.

    senses_only (bool): only the sense filters (block rules, a word of a name), for a word the learned model
        chose: the trigger-specific conditions (a partner, a military context) are what it learnt to do without.
    """
    lex = state.lex
    words = state.folded
    after3 = [w for w in words[cand.tok_end: min(te, cand.tok_end + 4)] if _ARABIC_WORD.match(w)][:3]
    before1 = words[cand.tok_start - 1: cand.tok_start] if cand.tok_start > ts else []
    subject = words[max(ts, cand.tok_start - 3): cand.tok_start] + words[cand.tok_end: min(te, cand.tok_end + 3)]
    clause = words[ts:te]
    bare = [_strip_clitics(w) for w in clause]

    def any_match(rule: event_lexicon.ContextRule, pool: list[str]) -> bool:
        return any(rule.matches(w) or rule.matches(_strip_clitics(w)) for w in pool)

    pools = {"after3": after3, "before1": before1, "after1": after3[:1], "clause": clause,
             "before3": words[max(ts, cand.tok_start - 3): cand.tok_start],
             "before10": words[max(ts, cand.tok_start - 10): cand.tok_start],
             "after10": [w for w in words[cand.tok_end:te] if _ARABIC_WORD.match(w)][:10],
             "subject": subject if cand.trigger.flags & {"arrive", "troops"} else []}

    def blocked() -> bool:
        return any(rule.kind == "block" and rule.applies(cand.type) and any_match(rule, pools.get(rule.scope, []))
                   for rule in lex.context)

    if blocked():
        return False
    flags = cand.trigger.flags
    if cand.trigger.kind != "v" and _in_name(state, cand, ts):
        return False
    if senses_only:
        return True
    if cand.trigger.kind == "v" and before1 and before1[0].isdigit():
        return False  # "1300 طالب": after a number it is a noun (a student), not a verb
    if cand.trigger.kind == "v" and not cand.prefix and before1 and before1[0] in _PREPOSITIONS \
            and before1[0] != "من" and _verb_core(words[cand.tok_start], cand) in lex.imperfect:
        return False  # "عن توقع زيادة الدعم": after a preposition an imperfect is a noun (expectation), not "she signs"
    if "host" in cand.trigger.flags and cand.suffix and before1 and before1[0] in _RELATIVES:
        return False  # "المهرجان الذي تستضيفه": what is hosted is an event or a thing, no visitor
    before3 = words[max(ts, cand.tok_start - 3): cand.tok_start]
    if "anchor" in flags and not (_any_cue(before3, lex.cue_words("anchor")) or _any_cue(
            words[cand.tok_end: cand.tok_end + 3], lex.cue_words("anchor_after"))):
        return False
    if "with" in flags and not _has_partner(words, cand, te):
        return False
    if "party" in flags and state.has_entities and not _named_near(state, cand, ts, te):
        return False
    if "threat" in flags and not (cand.suffix in _PRONOUNS[1:] or any(
            w.startswith(("ب", "وب")) and len(w) > 3 for w in words[cand.tok_end: min(te, cand.tok_end + 8)])):
        return False
    if "bi" in flags and not any(w.startswith(("ب", "وب")) and len(w) > 3
                                 for w in words[cand.tok_end: min(te, cand.tok_end + BI_WINDOW)]):
        return False
    if "expressed" in flags and not any(_cue_match(w, cue) for window, cue in lex.cue_words("express")
                                        for w in words[max(ts, cand.tok_start - window): cand.tok_start]):
        return False
    if "military" in flags and not any(r.kind == "mode" and r.type == "*" and r.value == "military"
                                       and any(r.matches(w) for w in bare) for r in lex.context):
        return False
    for rule in lex.context:
        if rule.kind == "retype" and rule.type != cand.type and any_match(
                rule, before1 if rule.scope == "before1" else after3):
            cand.type, cand.mode = rule.type, rule.value
    if "need_ctx" in flags:
        for rule in lex.context:
            if rule.kind != "need":
                continue
            pool = bare if rule.scope == "clause" else after3
            if rule.scope == "object" and cand.suffix:
                pool = after3 + pools["before3"]  # "العقد تم توقيعه"
            elif rule.scope == "object" and cand.trigger.kind == "v":
                pool = pools["after10"][:VSO_OBJECT_WINDOW]  # "وقعت الدول الغربية ... اتفاقا": the subject comes first
            if any_match(rule, pool) and (rule.scope == "after3" or rule.type == cand.type):
                cand.type = rule.type
                cand.mode = rule.value or cand.mode
                break
        else:
            return False
        if blocked():
            return False  # the blocks of the type the context gave: "تقدم طلبات الترشح" is an application
    if "count" in cand.trigger.flags and not any(w.isdigit() or w[1:].isdigit()
                                                  for w in words[max(ts, cand.tok_start - 2): cand.tok_start]):
        return False
    if "troops" in flags:
        # "دخلوا سوريا"، "دخلت القوات القرية": entering is a deployment only when troops enter.
        if not any(r.kind == "personnel" and any_match(r, subject) for r in lex.context):
            return False
        if cand.tok_start > ts and words[cand.tok_start - 1] in _RELATIVES:
            cand.personnel = _noun_phrase(state, max(ts, cand.tok_start - 4), cand.tok_start - 1)
        else:
            cand.personnel = _noun_phrase(state, cand.tok_end, te)
    if "arrive" in cand.trigger.flags:
        to = next((k for k in range(cand.tok_end, te) if words[k] in ("الي", "لي") or words[k].startswith("الي")), None)
        if to is None:
            return False
        # With names known, the destination must be a place: "وصل إلى قناعة" is no arrival. The tagger
        # misses some ("إلى جمهورية المالديف"): a word of place after إلى stands for the name.
        if state.has_entities and not any(m.label in ("LOC", "ORG") and to <= m.tok_start <= to + 3
                                          for m in state.mentions) \
                and not _any_cue([_strip_clitics(w) for w in words[to + 1:to + 2]], lex.cue_words("destination")):
            return False
        if any(r.kind == "cargo" and any_match(r, subject) for r in lex.context):
            cand.type, cand.mode = "AID", None  # "وصلت الطائرة الإغاثية": a delivery; the mode comes from the words
            cand.mode = next((r.value for r in lex.context if r.kind == "mode" and r.type == "*"
                              and any(r.matches(w) for w in bare)), None)
        elif any(r.kind == "personnel" and any_match(r, subject) for r in lex.context):
            # A deployment, whether or not its purpose is support ("لدعم قوات ..."), so that the reports
            # of one arrival share a type.
            cand.type, cand.mode = "MOBILIZE", "deploy"
            if cand.tok_start > ts and words[cand.tok_start - 1] in _RELATIVES:
                cand.personnel = _noun_phrase(state, max(ts, cand.tok_start - 4), cand.tok_start - 1)
            else:
                cand.personnel = _noun_phrase(state, cand.tok_end, te)
    if cand.mode == "ctx":
        cand.mode = None
        specific = [r for r in lex.context if r.kind == "mode" and r.type == cand.type]
        generic = [] if cand.type == "ASSAULT" else [r for r in lex.context if r.kind == "mode" and r.type == "*"]
        for rule in specific + generic:
            if any(rule.matches(w) for w in bare):
                cand.mode = rule.value
                break
        if "need_mode" in cand.trigger.flags and not (cand.mode or any(
                r.kind == "violence" and any(r.matches(w) for w in bare) for r in lex.context)):
            return False
    return True


def _has_partner(words: list[str], cand: Candidate, te: int) -> bool:
    """A reciprocal event needs a partner: مع/بين after it (past the subject for a verb), or a
    dual or plural verb (ناقشا، بحثوا)."""
    window = PARTNER_WINDOW_VERB if cand.trigger.kind == "v" else PARTNER_WINDOW_NOUN
    following = [w for w in words[cand.tok_end:te] if _ARABIC_WORD.match(w)][:window]
    if any(w in ("مع", "بين") for w in following):
        return True
    surface = words[cand.tok_start]
    return cand.trigger.kind == "v" and (surface.endswith("وا") or surface.endswith("ا") and not cand.suffix)


def _named_near(state: _Doc, cand: Candidate, ts: int, te: int) -> bool:
    """Whether a named person, body or place stands within a few words of a trigger (its likely party)."""
    lo, hi = max(ts, cand.tok_start - PARTY_WINDOW), min(te, cand.tok_end + PARTY_WINDOW)
    return any(lo <= m.tok_start < hi and m.label in ("PER", "ORG", "LOC") for m in state.mentions)


def _cue_match(word: str, cue: str) -> bool:
    """A folded word matches a cue: exactly, by prefix for "x*", or after a conjunction و/ف."""
    for w in (word, word[1:] if word[:1] in "وف" else None):
        if w and (w == cue or cue.endswith("*") and w.startswith(cue[:-1])):
            return True
    return False


def _any_cue(words: list[str], cues: list[tuple[int, str]]) -> bool:
    return any(_cue_match(w, cue) for w in words for _, cue in cues)


def _in_name(state: _Doc, cand: Candidate, ts: int) -> bool:
    """Whether a noun trigger is part of an organisation's name, tagged or not: right after the head of
    the name ("مجلس التعاون"، "هيئة التنسيق"), or as its "for ..." part a few words on ("مركز الملك
    سلمان للإغاثة")."""
    heads = state.name_heads
    window = NAME_WINDOW if cand.prefix.lstrip("وف") in ("ل", "لل") else 1
    for k in range(cand.tok_start - 1, max(ts, cand.tok_start - window) - 1, -1):
        word = state.folded[k]
        if not _ARABIC_WORD.match(word):
            return False
        if _strip_clitics(word) in heads:
            return True
    return False


def _bare_definite(state: _Doc, cand: Candidate) -> bool:
    """A noun with the article and no preposition (المحادثات، والاجتماع; not بالتعاون مع) that no verb of
    taking part or of making governs (حضر اللقاء، توقيع الاتفاق): a mention more than a report."""
    if cand.trigger.kind != "n" or cand.prefix.lstrip("وف") != "ال" or cand.type in _STANDALONE_TYPES:
        return False
    before = state.folded[max(0, cand.tok_start - 3): cand.tok_start]
    return not (_any_cue(before, state.lex.cue_words("attend")) or _any_cue(before, state.lex.cue_words("anchor")))


def _in_subjunctive(state: _Doc, cand: Candidate, ts: int) -> bool:
    """Whether a trigger is, or stands in the clause of, a verb made subjunctive by أن (أن يزور، أن يؤدي
    الاتفاق إلى الإفراج): within SUBJUNCTIVE_SCOPE words, no punctuation between. "قبل أن تغرس" tells
    of what happened next and does not count."""
    words = state.folded
    for k in range(cand.tok_start - 1, max(ts, cand.tok_start - SUBJUNCTIVE_SCOPE) - 1, -1):
        if not _ARABIC_WORD.match(words[k]):
            return False
        if words[k] not in _SUBJUNCTIVE or k > 0 and words[k - 1] == "قبل":
            continue
        if k + 1 == cand.tok_start:
            return cand.trigger.kind == "v" and _verb_core(words[k + 1], cand) in state.lex.imperfect
        verb = words[k + 1]
        return verb in state.lex.imperfect or len(verb) >= 4 and verb[0] in "يتن" and not verb.startswith("تم")
    return False


def _future(state: _Doc, span: Span) -> bool:
    """Whether a time expression lies ahead: a future word in it or right before it (غدا، الأسبوع المقبل،
    "يوم غد الخميس", where the time layer keeps only the weekday). Not the time layer's forward frames:
    "اليوم التالي" counts a day on from the story, not from today.

    state (_Doc): the document's working state.
    span (Span): a span of the times layer.
    RETURNS (bool): True for a time after the reference date.
    """
    t0, t1 = state.tok_index(span.start), state.tok_index(span.end - 1) + 1
    return _any_cue(state.folded[max(0, t0 - 2):t1], state.lex.cue_words("future"))


def _dates_ahead(state: _Doc, cand: Candidate, span: Span) -> bool:
    """Whether a future time puts a trigger ahead: it is no past verb ("زار أمس"), and the time follows it
    closely or comes before it in the same stretch of words, no comma, تم or temporal preposition between
    ("خلال الأسبوع المقبل، بعد تحريره": the liberation is past).

    state (_Doc): the document's working state.
    cand (Candidate): the trigger the time was given to.
    span (Span): its time expression.
    RETURNS (bool): True when the time makes the event a plan.
    """
    if cand.trigger.kind == "v" and _verb_core(state.folded[cand.tok_start], cand) not in state.lex.imperfect:
        return False
    t0, t1 = state.tok_index(span.start), state.tok_index(span.end - 1) + 1
    if t0 >= cand.tok_end:
        return t0 - cand.tok_end <= FUTURE_GAP
    between = state.folded[t1:cand.tok_start]
    return all(_ARABIC_WORD.match(w) and w not in _TEMPORAL and w != "تم" for w in between)


def _verb_core(word: str, cand: Candidate) -> str:
    """A verb trigger's surface form without its clitic prefix and pronoun suffix."""
    core = word[len(cand.prefix):]
    return core[: len(core) - len(cand.suffix)] if cand.suffix else core


@lru_cache(maxsize=1 << 16)  # called for every word of a clause against every context rule
def _strip_clitics(word: str) -> str:
    for prefix in ("وبال", "وال", "بال", "لل", "ال", "و", "ب", "ل"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            return word[len(prefix):]
    return word


def _cues(state: _Doc, cand: Candidate, ts: int) -> None:
    """Negation and hypothetical cues before the trigger; future and purpose prefixes on it."""
    lex = state.lex
    words = state.folded
    not_negation = {w for _, w in lex.cue_words("not_negation")}
    for kind in ("negation", "hypothetical"):
        for window, cue in lex.cue_words(kind):
            start = max(ts, cand.tok_start - window)
            for k in range(start, cand.tok_start):
                w = words[k]
                if not (w == cue or (cue.endswith("*") and w.startswith(cue[:-1])) or (w[:1] in "وف" and w[1:] == cue)):
                    continue
                if kind == "negation" and k > 0 and words[k - 1] in not_negation:
                    continue
                setattr(cand, "negated" if kind == "negation" else "hypothetical", True)
    # "إذا لم يسبب قلقا لتركيا وقطع علاقاته ... وتعاون مع المعارضة": the whole condition, up to punctuation
    # or the ف of its answer (فإن، فقد), is unreal.
    conditions = {w for _, w in lex.cue_words("condition")}
    answers = {w for _, w in lex.cue_words("condition_end")}
    for k in range(cand.tok_start - 1, ts - 1, -1):
        if not _ARABIC_WORD.match(words[k]) or words[k] in answers:
            break
        if words[k] in conditions or words[k][:1] == "و" and words[k][1:] in conditions:
            cand.hypothetical = True
            break
    # "الصفقة (العسكرية) التي لم تتم": the relative clause says it did not (or will not) happen.
    k = cand.tok_end
    while k < min(len(words) - 1, cand.tok_end + 2) and words[k].startswith("ال") and words[k] not in _RELATIVES:
        k += 1  # over an adjective
    if k + 1 < len(words) and words[k] in _RELATIVES:
        if words[k + 1] == "لم":
            cand.negated = True
        elif words[k + 1] == "لن":
            cand.hypothetical = True
    for window, cue in lex.cue_words("may"):
        for k in range(max(ts, cand.tok_start - window), cand.tok_start):
            if words[k] == cue and k + 1 <= cand.tok_start and words[k + 1][:1] in "يتن":
                cand.hypothetical = True  # "قد تشن": may; "قد شنت" is already done
    before = words[cand.tok_start - 1] if cand.tok_start > ts else ""
    if _in_subjunctive(state, cand, ts):
        cand.hypothetical = True  # "يريد أن يلتقي"، "أملها أن يؤدي إلى الإفراج": wished for, not done
    purpose = before not in {w for _, w in lex.cue_words("not_purpose")}
    if cand.trigger.kind == "v" and (cand.prefix.endswith("س") or cand.prefix.endswith("ل") and purpose):
        cand.hypothetical = True
    if cand.trigger.kind in ("n", "p") and cand.prefix.lstrip("وف") in ("ل", "لل") and purpose:
        cand.hypothetical = True  # "لدعم القوات"، "دعوته لوقف إطلاق النار": a purpose, not a deed
    if cand.trigger.kind == "n":
        for window, cue in lex.cue_words("after"):
            pool = words[cand.tok_end: cand.tok_end + window]
            if any(w.startswith(cue.rstrip("*")) for w in pool):
                cand.hypothetical = True


def _arguments(state: _Doc, cand: Candidate, clause_mentions: list[Mention], ts: int, te: int,
               next_trigger: int, history: list[Mention], taken: dict[str, set[str]]) -> None:
    """Fill actor, recipient, place and participants of a candidate from the clause's mentions."""
    words = state.folded
    after = [m for m in clause_mentions if m.tok_start >= cand.tok_end and not _trailing_source(state, cand, m)]
    before = [m for m in clause_mentions if m.tok_end <= cand.tok_start]
    actors = [m for m in after if m.label in ("PER", "ORG", "LOC", "NP")]

    def gap(m: Mention) -> int:
        return sum(1 for w in words[cand.tok_end:m.tok_start] if _ARABIC_WORD.match(w))

    # "بين X و Y"
    if any(w == "بين" for w in words[cand.tok_end:cand.tok_end + 3]) and len(actors) >= 2:
        cand.actor, cand.recipient = actors[0], actors[1]
    elif cand.trigger.kind == "v" and before and before[-1].marker is None and before[-1].label != "LOC" \
            and all(_ARABIC_WORD.match(w) for w in words[before[-1].tok_end:cand.tok_start]) \
            and cand.tok_start - before[-1].tok_end <= 1:
        cand.actor = before[-1]  # subject right before its verb: "سالم زار فرنسا"، "سالم قد وصل"
        first_loc = next((m for m in actors if m.marker is None and m.label == "LOC"), None)
        if first_loc is not None and cand.mode in ("visit", "host") and first_loc.tok_start - cand.tok_end <= 1:
            cand.place = first_loc
    elif cand.trigger.kind == "v":
        first = next((m for m in actors if m.marker is None), None)
        if first is not None and first.label == "LOC" and (cand.mode in ("visit", "host") or "troops" in cand.trigger.flags):
            # "زار فرنسا"، "دخلوا سوريا": a place right after a verb of visiting or entering is where, not who.
            cand.place = first
            first = next((m for m in actors if m.marker is None and m.label != "LOC"), None)
        if first is not None and gap(first) <= VSO_GAP:
            cand.actor = first
        else:
            cand.actor = _subject_before(before, cand.tok_start, SVO_WINDOW, words)
    else:
        first = actors[0] if actors else None
        if first is not None and first.label == "LOC" and first.marker in ("ل", "الي") and cand.mode == "visit":
            cand.place, first = first, None  # "زيارة لبنغازي": where to, not who
        elif first is not None and first.label == "LOC" and first.marker is None and gap(first) == 0 \
                and cand.type == "CONSULT":
            # "مفاوضات جنيف"، "قمة الرياض": talks are named after where they are held
            cand.place, cand.anchored, first = first, True, None
        if first is not None and gap(first) <= 1 and first.marker in (None, "ل", "من"):
            cand.actor = first  # "زيارة سالم"، "طلب من سالم": the genitive or من-phrase is the agent
        else:
            subject = _subject_before(before, cand.tok_start, NOUN_SUBJECT_WINDOW, words)
            # A second noun of the same type brings its own agent: "سبقت زيارة سالم زيارة ... لخالد".
            if subject is not None and _key(subject.text) not in taken.get(cand.type, set()):
                cand.actor = subject
    envoys = {w for kind in ("envoy", "office") for _, w in state.lex.cue_words(kind)}
    title = words[cand.actor.tok_start - 1] if cand.actor is not None and cand.actor.tok_start > 0 else ""
    if cand.actor is not None and (title in envoys or _strip_clitics(title) in envoys):  # "والي" is no "و" + "الي"
        # "وصول مندوب الرئيس": the envoy came, not the one who sent him; "نفى والي كسلا": the governor denied.
        k = cand.actor.tok_start - 1
        cand.actor = Mention(state.tokens[k].start, cand.actor.end, k, cand.actor.tok_end, "NP",
                             state.doc.text[state.tokens[k].start:cand.actor.end])
    elif cand.actor is not None and _placed(state, cand.actor):
        # "معركة تحرير بنغازي"، "غادر مدينة أجدابيا ... تعرض للقصف": a town is no party; after a noun
        # trigger it is where the event is, before it a place told of earlier.
        if cand.place is None and cand.actor.tok_start >= cand.tok_end:
            cand.place, cand.anchored = cand.actor, True
        cand.actor = None
    if cand.actor is None and cand.personnel is not None:
        cand.actor = cand.personnel  # "وصل خبراء عسكريون روس": the experts are the actor
    co_actors = _coordinated(words, cand.actor, after)
    if cand.recipient is None:
        for m in after:
            inside_actor = cand.actor is not None and cand.actor.start <= m.start and m.end <= cand.actor.end
            if m is cand.actor or inside_actor or m in co_actors or m.tok_start >= next_trigger \
                    or _key(m.text) in taken.get(cand.type, set()) or _apposed(state, cand.actor, m):
                continue
            # "هجومها على أوكرانيا": على right before a place makes it the target; "على ساحل البحر" does not.
            target = m.marker in _TARGET_MARKERS and words[m.tok_start - 1] == m.marker
            if m.label == "LOC" and (_placed(state, m) or m is cand.place
                                     or not (target or m.marker in _LOC_RECIPIENT_MARKERS)):
                continue  # "سفير ... لدى السعودية"، "زار القاهرة": where, not whom
            if m.label in ("PER", "ORG") or m.marker in _RECIPIENT_MARKERS or m.label == "LOC":
                cand.recipient = m
                break
    if cand.place is None:
        cand.place = next((m for m in after if m.label == "LOC" and m.marker in _PLACE_MARKERS
                           and m.tok_start < next_trigger and m is not cand.recipient and m is not cand.actor), None)
    if cand.place is None:
        cand.place = next((m for m in reversed(before) if m.label == "LOC" and m.marker in _PLACE_MARKERS), None)
    # "X تلقى اتصالا من Y": Y called X.
    if "receive" in cand.trigger.flags:
        receive = {w for _, w in state.lex.cue_words("receive")}
        for k in range(max(ts, cand.tok_start - 6), cand.tok_start):
            if words[k] in receive or words[k][1:] in receive:
                caller = next((m for m in after if m.label in ("PER", "ORG") and m.tok_start - cand.tok_end <= 8
                               and "من" in words[cand.tok_end:m.tok_start]), None)
                callee = _subject_before([m for m in before if m.tok_end <= k], k, NOUN_SUBJECT_WINDOW, words) or next(
                    (m for m in before if m.tok_start > k), None)
                if caller is not None:
                    cand.actor, cand.recipient = caller, callee
                break
    # "الرجلين": the last two people named before.
    duals = {w for _, w in state.lex.cue_words("dual")}
    if any(w in duals for w in words[cand.tok_start: cand.tok_end + 4]):
        people: list[Mention] = []
        for m in reversed(history):
            if m.label == "PER" and all(_key(m.text) != _key(p.text) for p in people):
                people.append(m)
            if len(people) == 2:
                break
        if len(people) == 2:
            cand.actor, cand.recipient = people[1], people[0]
    # A pronoun suffix points at the last person named: the visitor of a reception, else the actor.
    # A feminine pronoun may point at a country too ("هجومها" after "روسيا"), and the name may stand
    # earlier in the same clause.
    if cand.suffix in ("ه", "ها") and (history or before):
        labels = ("PER", "ORG", "LOC") if cand.suffix == "ها" else ("PER", "ORG")
        last = next((m for m in reversed(history + before) if m.label in labels
                     and (m.label != "LOC" or m.marker is None)), None)  # "في أفريقيا" is where, not who
        if last is not None and "host" in cand.trigger.flags:
            if cand.actor is None or _key(cand.actor.text) != _key(last.text):
                cand.recipient = last
        elif last is not None and cand.actor is None:
            cand.actor = last
    if cand.trigger.kind == "n" and cand.mode == "visit" and cand.actor is None and cand.place is not None \
            and cand.recipient is not None and cand.recipient.label == "PER":
        cand.actor, cand.recipient = cand.recipient, None  # "زيارة ... لرئيس البرلمان خالد إلى تونس": the person visits
    if cand.place is not None:
        # One name fills one role: "زيارتي فلان لبنغازي" is a visit to Benghazi, not of it.
        if cand.recipient is not None and cand.recipient.start == cand.place.start:
            cand.recipient = None
        if cand.actor is not None and cand.actor.start == cand.place.start:
            cand.actor = None
    region = [m for m in after if m.tok_start < next_trigger and m.label in ("PER", "ORG")
              and _key(m.text) not in taken.get(cand.type, set())]
    seen: set[str] = set()
    for m in [cand.actor, *co_actors, cand.recipient, *region]:
        if m is not None and _key(m.text) not in seen and len(cand.participants) < MAX_PARTICIPANTS:
            seen.add(_key(m.text))
            cand.participants.append(m)


def _apposed(state: _Doc, actor: Mention | None, m: Mention) -> bool:
    """Whether a person's name closes an apposition to the actor, "X، TITLE ...، NAME" (مندوب فلان، سفير
    البرلمان لدى السعودية، علان): the same person named again, not a second party.

    state (_Doc): the document's working state.
    actor (Mention | None): the event's actor.
    m (Mention): a later mention.
    RETURNS (bool): True when m only names the actor again.
    """
    if actor is None or m.label != "PER" or m.tok_start - actor.tok_end < 3:
        return False
    words = state.folded
    titles = {w for kind in ("head", "office", "envoy") for _, w in state.lex.cue_words(kind)}
    return words[actor.tok_end] == "،" and words[m.tok_start - 1] == "،" and (
        words[actor.tok_end + 1] in titles or _strip_clitics(words[actor.tok_end + 1]) in titles)


def _trailing_source(state: _Doc, cand: Candidate, m: Mention) -> bool:
    """Whether a mention after a trigger is in the source of a report that does not start at the trigger
    ("وصلت طائرة إغاثة ...، وفق ما ذكرته وكالة الأنباء السعودية"): who tells of an event is no party to it,
    unless the trigger is the telling itself ("نفت وزارة المياه").

    state (_Doc): the document's working state.
    cand (Candidate): the trigger.
    m (Mention): a mention after it.
    RETURNS (bool): True for a mention that only names the report's source.
    """
    for claim in state.claims:
        source = claim.attrs.get("source_span")
        if source and source[0] <= m.start and m.end <= source[1]:
            gap = state.tok_index(source[0]) - cand.tok_end
            return sum(1 for w in state.folded[cand.tok_end:cand.tok_end + max(gap, 0)]
                       if _ARABIC_WORD.match(w)) > SOURCE_GAP
    return False


def _placed(state: _Doc, m: Mention) -> bool:
    """Whether a place name is where, not who: governed by a locative preposition (في، ب، داخل) or named
    after a town or region noun (مدينة أجدابيا، بضواحي درنة). A country or capital standing for its state
    ("روسيا تنفي"، "هددت الخرطوم") has neither.

    state (_Doc): the document's working state.
    m (Mention): the mention.
    RETURNS (bool): True for a LOC that is a place only.
    """
    if m.label != "LOC":
        return False
    if m.marker in _PLACE_MARKERS:
        return True
    nouns = {w for _, w in state.lex.cue_words("place_noun")}
    return m.tok_start > 0 and _strip_clitics(state.folded[m.tok_start - 1]) in nouns


def _disaster(state: _Doc, m: Mention) -> bool:
    """Whether a mention names a flood, storm or other natural event (السيول), which is never a party.

    state (_Doc): the document's working state.
    m (Mention): the mention.
    RETURNS (bool): True when the mention's first word is a disaster noun.
    """
    first = (fold(m.text).split() or [""])[0]
    return _any_cue([_strip_clitics(first)], state.lex.cue_words("disaster"))


def _subject_before(before: list[Mention], tok: int, window: int, words: list[str]) -> Mention | None:
    """The subject before a trigger: the nearest name not governed by a preposition; when that name sits
    inside a relative clause (إن سالم، الذي يرافقه فلان، زار), the name the clause describes."""
    found = None
    for m in reversed(before):
        if tok - m.tok_end > window or any(w in _COMPLEMENTIZERS for w in words[m.tok_end:tok]):
            return None  # the subject of "... أن X زار" is not before أن
        if m.marker is None and m.label in ("PER", "ORG", "LOC", "NP"):
            found = m
            break
    if found is None:
        return None
    for k in range(found.tok_start - 1, max(-1, found.tok_start - 8), -1):
        if words[k] in _RELATIVES:
            head = next((m for m in reversed(before) if m.tok_end <= k and k - m.tok_end <= 2
                         and m.marker is None), None)
            return head or found
    return found


def _coordinated(words: list[str], actor: Mention | None, after: list[Mention]) -> list[Mention]:
    """Names joined to the actor by و right after it (الرئيس، ووزير دفاعه فلان): co-actors."""
    out: list[Mention] = []
    last = actor
    for m in after:
        if last is None or m.tok_start < last.tok_end:
            continue
        between = [w for w in words[last.tok_end:m.tok_start] if _ARABIC_WORD.match(w)]
        first_word = fold(m.text).split()[0] if m.text else ""
        if len(between) <= 4 and ((between and between[0].startswith("و")) or (not between and first_word.startswith("و"))):
            out.append(m)
            last = m
        else:
            break
    return out


def _key(text: str) -> str:
    return fold(text).replace("ال", "", 1) if text else ""


def _noun_phrase(state: _Doc, start: int, te: int) -> Mention | None:
    """The words from a token up to punctuation or a preposition (at most four), as a mention."""
    words = []
    i = start
    while i < te and len(words) < 4:
        w = state.folded[i]
        if not _ARABIC_WORD.match(w) or w in _PREPOSITIONS:
            break
        words.append(i)
        i += 1
    if not words:
        return None
    s, e = state.tokens[words[0]].start, state.tokens[words[-1]].end
    return Mention(s, e, words[0], words[-1] + 1, "NP", state.doc.text[s:e])


def _fallback_mentions(state: _Doc, ts: int, te: int, triggers: list[Candidate]) -> list[Mention]:
    """Without an entities layer: the noun phrase after each trigger stands in for a name."""
    return [m for m in (_noun_phrase(state, cand.tok_end, te) for cand in triggers) if m is not None]


def _assign_times(state: _Doc, cands: list[Candidate], ts: int, te: int, clause: tuple[int, int]) -> None:
    """Give each trigger at most one time expression of its clause and each expression to one trigger.

    In news prose the time follows the event it dates (زار، يوم الإثنين، ...), so an expression goes
    to the nearest trigger before it, else to the nearest one after it; closest pairs are served first.
    """
    pairs = []
    contrast = {w for _, w in state.lex.cue_words("contrast")}
    for span in state.times:
        if not (clause[0] <= span.start < clause[1]):
            continue
        t0 = state.tok_index(span.start)
        if span.label != "RANGE" and t0 > 0 and state.folded[t0 - 1] == "منذ":
            continue  # "منذ عام 2019": a reference point, not the event's time
        t1 = state.tok_index(span.end - 1) + 1
        for k, cand in enumerate(cands):
            if cand.tok_end <= t0:
                if any(w in _RELATIVES or w in contrast or w[1:] in contrast for w in state.folded[cand.tok_end:t0]):
                    continue  # "زار الحاملة التي رست أمس"، "نفي ...، إلا أن ... في سبتمبر": not this trigger's time
                pairs.append((0, t0 - cand.tok_end, k, span))
            elif cand.tok_start >= t1:
                pairs.append((1, cand.tok_start - t1, k, span))
    used: set[int] = set()
    for _side, _dist, k, span in sorted(pairs, key=lambda p: (p[0], p[1])):
        if cands[k].time is None and id(span) not in used:
            cands[k].time = span
            used.add(id(span))
    # "وصل إلى فرنسا في سبتمبر، حيث قدّم رسالة": a later trigger of the clause goes on at the same time.
    for before, cand in zip(cands, cands[1:], strict=False):
        if cand.time is None and before.time is not None and not (before.negated or before.hypothetical):
            cand.time = before.time


def _time_attrs(doc: Document, span: Span | None) -> dict[str, Any]:
    if span is not None:
        attrs = span.attrs
        value = attrs.get("value")
        # A value without a four-digit year ("19") is a time expression the time layer could not place.
        unresolved = bool(attrs.get("unresolved")) or not value or not _YEAR.match(str(value))
        return {"value": None if unresolved else value, "granularity": attrs.get("granularity"),
                "span": [span.start, span.end], "text": doc.text[span.start:span.end],
                "source": "text", "unresolved": unresolved}
    if doc.published is not None:
        return {"value": doc.published.isoformat(), "granularity": "day", "span": None, "source": "published"}
    return {"value": None, "granularity": None, "span": None, "source": "none"}


def _casualties(text: str) -> dict[str, int] | None:
    killed = wounded = 0
    for m in _CASUALTIES.finditer(fold(text)):
        if m.group(2):
            killed += int(m.group(1))
        else:
            wounded += int(m.group(1))
    return {"killed": killed, "wounded": wounded} if killed or wounded else None


def _value(text: str) -> dict[str, Any] | None:
    m = _VALUE.search(fold(text))
    if m is None:
        return None
    amount = float(m.group(1).replace(",", ".")) * _MULTIPLIERS.get(m.group(2) or "", 1)
    currency = m.group(3) + (" " + m.group(4) if m.group(4) else "")
    return {"amount": amount, "currency": currency, "text": m.group(0).strip()}


def _claim_of(state: _Doc, start: int, end: int) -> dict[str, Any] | None:
    """The attribution of the innermost claim that overlaps a trigger, or None."""
    inside = [c for c in state.claims if c.start < end and start < c.end]
    if not inside:
        return None
    claim = min(inside, key=lambda c: c.end - c.start)
    attrs = claim.attrs
    return {"source": attrs.get("source"), "source_type": attrs.get("source_type"),
            "stance": attrs.get("stance"), "span": [claim.start, claim.end],
            "source_span": attrs.get("source_span")}


def annotate_events(doc: Document, *, learned: bool = True) -> list[Span]:
    """The events layer of one document (see the module docstring for the method).

    doc (Document): with sentences, entities, times and claims layers where they exist.
    learned (bool): let the learned model judge the rule events (step 9); False: the rules alone (what
        the model is trained on). Without an installed model the rules stand alone too.
    RETURNS (list): one Span per event, label = PLOVER type or DENIAL, attrs as in the layer contract.
    """
    lex = event_lexicon.load()
    state = _Doc(doc, lex)
    spans: list[Span] = []
    history: list[Mention] = []
    last_time: tuple[int, Span] | None = None  # (paragraph start, time span) of the previous event
    last_of_type: dict[tuple[str, str | None], Span] = {}  # last real event of each type and mode: "the visit"
    paragraphs = doc.paragraphs
    for clause in _clauses(doc):
        ts, te = state.tok_index(clause[0]), min(len(state.tokens), state.tok_index(clause[1] - 1) + 1)
        cands = [c for c in _find_triggers(state, ts, te) if _context(state, c, ts, te)]
        clause_mentions = [m for m in state.mentions if ts <= m.tok_start < te and not _disaster(state, m)]
        if not state.has_entities:
            clause_mentions = _fallback_mentions(state, ts, te, cands)
        para = next((p.start for p in paragraphs if p.start <= clause[0] < p.end + 1), clause[0])
        if not cands:
            history.extend(clause_mentions)
            if last_time is not None and last_time[0] != para:
                last_time = None
            continue
        taken: dict[str, set[str]] = {}  # actors of earlier triggers of each type in the clause
        for k, cand in enumerate(cands):
            next_trigger = cands[k + 1].tok_start if k + 1 < len(cands) else te
            _arguments(state, cand, clause_mentions, ts, te, next_trigger, history, taken)
            if cand.actor is not None:
                taken.setdefault(cand.type, set()).add(_key(cand.actor.text))
            _cues(state, cand, ts)
        _deny_scope(state, cands)
        _assign_times(state, cands, ts, te, clause)
        for cand in cands:
            if cand.time is not None and _future(state, cand.time) and _dates_ahead(state, cand, cand.time):
                cand.hypothetical = True  # "يغادر غدا ... في زيارة": a trip announced is not yet made
        cands = _collapse(cands, state.folded)
        if last_time is not None and last_time[0] != para:
            last_time = None
        habitual = _any_cue(state.folded[ts:te], lex.cue_words("habitual"))
        clause_claim = None
        for cand in cands:
            time_span = cand.time
            if time_span is None and last_time is not None and cand.type != DENIAL and not habitual:
                time_span = last_time[1]  # narrative continuation: "وكان في استقباله ..."
            antecedent = last_of_type.get((cand.type, cand.mode))
            if cand.actor is not None or cand.recipient is not None:
                antecedent = None  # "المباحثات الجارية بين سالم و...": a noun with its own parties introduces
            if antecedent is not None and cand.trigger.kind == "n" and cand.prefix.endswith("ال") \
                    and not cand.negated and not cand.hypothetical:
                # "وتكشف الزيارة"، "أن اللقاء تناول": the meeting already told of; no time of its own here.
                time_span = cand.time
            span = _span(state, cand, clause, time_span, undated=habitual and time_span is None)
            if antecedent is not None and cand.trigger.kind == "n" and cand.prefix.endswith("ال") \
                    and not cand.negated and not cand.hypothetical:
                span.attrs["refers_to"] = list(antecedent.attrs["trigger"])
            if not span.attrs["negated"] and not span.attrs["hypothetical"]:
                last_of_type[(cand.type, cand.mode)] = span
            if span.attrs["claim"] is None and clause_claim is not None:
                span.attrs["claim"] = clause_claim  # the sentence goes on in the same reported speech
            clause_claim = span.attrs["claim"] or clause_claim
            spans.append(span)
        dated = [c.time for c in cands if c.time is not None]
        if dated:
            last_time = (para, dated[-1])
        history.extend(clause_mentions)
    model = event_model.shipped_model() if learned else None
    return _learned(state, spans, model) if model is not None else spans


def _learned(state: _Doc, spans: list[Span], model: event_model.EventModel) -> list[Span]:
    """The rule events of each clause judged by the learned model: a type it finds improbable is dropped; a
    type it is sure of is added: a rule event of that type below the detection confidence is made sure, else
    a new event stands on the content word that weighs most for the type (attrs "source": "model", "p")."""
    by_clause: dict[tuple[int, int], list[Span]] = {}
    for span in spans:
        by_clause.setdefault(tuple(span.attrs["sentence"]), []).append(span)
    out: list[Span] = []
    clauses = _clauses(state.doc)
    vectors = None
    if model.dense is not None:  # one call for the whole document: the encoder is fastest in batches
        vectors = event_model.sentence_vectors([state.doc.text[a:b] for a, b in clauses])
    for k, clause in enumerate(clauses):
        mine = by_clause.pop(clause, [])
        verdict = event_model.judge(model, state.doc.text[clause[0]:clause[1]], mine,
                                    vector=None if vectors is None else vectors[k])
        mine = [s for s in mine if not (s.label in verdict.drop and event_model.detected(s))]
        for event_type, confidence in verdict.add.items():
            span = next((s for s in mine if s.label == event_type and not s.attrs["negated"]
                         and not s.attrs["hypothetical"]), None)
            if span is None:
                span = _model_event(state, model, clause, event_type)
                if span is None or span.attrs["negated"]:
                    continue  # no content word speaks for it, or the claim that carries it denies it
                mine.append(span)
            span.attrs.update(confidence=confidence, source="model", p=round(verdict.probs[event_type], 3))
        out += mine
    for rest in by_clause.values():
        out += rest  # no clause of their own (none expected): left as the rules made them
    return out


def _model_event(state: _Doc, model: event_model.EventModel, clause: tuple[int, int], event_type: str) -> Span | None:
    """An event the rules missed, on the word the model weighs most for its type, its arguments found by
    the rules for a trigger of that word (a lexicon trigger where the word is one, else a noun); None when
    no content word speaks for the type, the rules' sense filters reject the word or their cues make it unreal."""
    text = state.doc.text[clause[0]:clause[1]]
    k = model.trigger_token(text, event_type)
    if k is None:
        return None
    i = state.tok_index(clause[0] + tokenise(text)[k].start)
    ts, te = state.tok_index(clause[0]), min(len(state.tokens), state.tok_index(clause[1] - 1) + 1)
    hit = _match_token(state.folded[i], state.lex, ta_marbuta=state.tokens[i].text.endswith("ة"))
    if hit is not None and hit[0].type == event_type:
        trigger, prefix, suffix = hit
    else:
        trigger, prefix, suffix = Trigger((state.folded[i],), "n", event_type, None, frozenset(), 0.5), "", ""
    cand = Candidate(trigger, i, i + 1, prefix, suffix, event_type, trigger.mode if trigger.mode != "ctx" else None)
    if not _context(state, cand, ts, te, senses_only=True):
        return None  # the rules' sense filters hold for the word too: "لقي ... مصرعهم في حادث مروري" is no attack
    mentions = [m for m in state.mentions if ts <= m.tok_start < te and not _disaster(state, m)]
    if not state.has_entities:
        mentions = _fallback_mentions(state, ts, te, [cand])
    history = [m for m in state.mentions if m.tok_start < ts]
    _arguments(state, cand, mentions, ts, te, te, history, {})
    # The rules' cues and scopes hold for the word as for their own triggers: "لم يتم الاتفاق على موعد وصول".
    others = [c for c in _find_triggers(state, ts, te) if _context(state, c, ts, te) and c.tok_start != i]
    for c in [*others, cand]:
        _cues(state, c, ts)
    _deny_scope(state, sorted([*others, cand], key=lambda c: c.tok_start))
    if cand.negated or cand.hypothetical:
        return None
    _assign_times(state, [cand], ts, te, clause)
    return _span(state, cand, clause, cand.time)


def _deny_scope(state: _Doc, cands: list[Candidate]) -> None:
    """Events after a denial trigger in the same clause, up to a contrast (إلا أن، لكن), are what is denied;
    a noun trigger after a discussion, request or unreal event is its topic, not an event that happened."""
    contrast = {w for _, w in state.lex.cue_words("contrast")}
    for k, cand in enumerate(cands):
        for other in cands[k + 1:]:
            if any(w in contrast or w[1:] in contrast for w in state.folded[cand.tok_end:other.tok_start]):
                break
            if cand.type == DENIAL and not cand.negated and other.type != DENIAL and (
                    other.trigger.kind != "v"
                    or any(w in _COMPLEMENTIZERS for w in state.folded[cand.tok_end:other.tok_start])):
                # "نفى الأنباء عن وقف النار"، "نفت أن تكون القوات انسحبت"; not "نفت ...، وحثت المجلس"
                other.negated = True
                other.denied_by = cand.actor.text if cand.actor else None
                cand.denies.append(other)
            elif (other.trigger.kind == "n" and cand.type != DENIAL
                  and state.folded[other.tok_start - 1] not in _TEMPORAL  # "طلبه في أثناء زيارته": it happened
                  and (other.tok_start - cand.tok_end <= TOPIC_WINDOW or state.folded[other.tok_start - 1] in ("الي", "علي")
                       # what is asked for has not happened
                       or cand.type == "REQUEST" and other.tok_start - cand.tok_end <= REQUEST_WINDOW)
                  and (cand.type in ("CONSULT", "REQUEST", "AGREE", "THREATEN", "REJECT")
                       and (cand.trigger.kind == "v" or state.folded[other.tok_start - 1] in ("الي", "علي"))
                       or cand.negated or cand.hypothetical)):  # "الاتفاق على زيارة": agreed, not yet made
                other.hypothetical = True


def _collapse(cands: list[Candidate], words: list[str]) -> list[Candidate]:
    """Same-type triggers in one clause with the same (or no) actor are one event; so is a verb in a
    relative clause on an earlier trigger of its type (زيارته ...، التي التقى فيها X): X is its partner."""
    kept: list[Candidate] = []
    for cand in cands:
        if cand.trigger.kind == "v" and cand.tok_start > 0 and words[cand.tok_start - 1] in _RELATIVES:
            head = next((k for k in reversed(kept) if k.type == cand.type and k.negated == cand.negated), None)
            if head is not None:
                head.recipient = head.recipient or cand.actor
                head.time = head.time or cand.time
                head.place = head.place or cand.place
                for m in cand.participants:
                    if all(_key(m.text) != _key(p.text) for p in head.participants):
                        head.participants.append(m)
                continue
        if cand.trigger.kind == "n" and cand.prefix.endswith("ال") and not cand.negated and not cand.hypothetical:
            # "خلال الزيارة": a definite noun after a trigger of its type refers back to that event.
            head = next((k for k in reversed(kept) if k.type == cand.type and not k.negated and not k.hypothetical), None)
            if head is not None:
                head.time = head.time or cand.time
                continue
        twin = next((k for k in kept if k.type == cand.type and k.negated == cand.negated
                     and k.hypothetical == cand.hypothetical
                     and (k.actor is None and cand.actor is None
                          or k.actor is not None and cand.actor is not None
                          and _key(k.actor.text) == _key(cand.actor.text))), None)
        if twin is None:
            kept.append(cand)
            continue
        if cand.trigger.weight > twin.trigger.weight:
            # the surer wording names the merged event ("تم تدميرها ... لقوا مصرعهم": مصرع, not the weak تدمير)
            twin.trigger, twin.tok_start, twin.tok_end = cand.trigger, cand.tok_start, cand.tok_end
            twin.prefix, twin.suffix = cand.prefix, cand.suffix
        twin.actor = twin.actor or cand.actor
        twin.recipient = twin.recipient or cand.recipient
        twin.place = twin.place or cand.place
        twin.time = twin.time or cand.time
        twin.mode = twin.mode or cand.mode
        for m in cand.participants:
            if all(_key(m.text) != _key(p.text) for p in twin.participants) and len(twin.participants) < MAX_PARTICIPANTS:
                twin.participants.append(m)
    return kept


def _span(state: _Doc, cand: Candidate, clause: tuple[int, int], time_span: Span | None, *,
          undated: bool = False) -> Span:
    doc = state.doc
    start, end = state.tokens[cand.tok_start].start, state.tokens[cand.tok_end - 1].end
    claim = _claim_of(state, start, end)
    source_span = (claim or {}).get("source_span")
    if cand.type != DENIAL and cand.actor is not None and source_span and \
            cand.actor.start < source_span[1] and source_span[0] < cand.actor.end:
        cand.actor = None  # the one who tells of an event is not its actor
    if claim and claim.get("stance") == "no_comment":
        cand.hypothetical = True  # "declined to confirm or deny": reported as unconfirmed
    if "count" in cand.trigger.flags:
        cand.actor = None  # "سقوط 4 قتلى": the dead are victims, and whoever stands before them is no actor
    if cand.type == DENIAL and claim and claim.get("source") and claim.get("stance") == "deny":
        cand.actor = None  # the one who denies is the claim's source, whatever name stands nearby
    if cand.type == DENIAL and cand.actor is None and claim and claim.get("source"):
        # The one who denies is the claim's source: "نفي الجانب الآخر" with no name tagged.
        src = claim["source_span"] if claim.get("source_span") else None
        cand.actor = Mention(src[0] if src else start, src[1] if src else end, 0, 0, "SOURCE", claim["source"])
    if cand.actor is not None and cand.recipient is not None \
            and _surname_key(cand.actor.text) == _surname_key(cand.recipient.text):
        cand.recipient = None  # "اتفاق بين حفتر وقوات حفتر": one party named twice is not a second party
    confidence = cand.trigger.weight
    # A possessive pronoun on a firm noun names its agent as surely as a name would (استقباله، تهديده
    # للمملكة); on weak or expressed nouns (شكره وتقديره، موافقتهم) it adds too many mentions (dev split).
    # A noun whose genitive is its place (معركة تحرير بنغازي) was read whole as before v5, when that place
    # stood as its actor: it keeps that confidence.
    if cand.actor is None and not cand.anchored and not (
            cand.trigger.kind == "n" and cand.suffix in _PRONOUNS[1:] and not cand.trigger.flags & {"weak", "expressed"}):
        confidence -= NO_ACTOR_PENALTY
        if cand.recipient is None and _bare_definite(state, cand):
            confidence -= BARE_DEFINITE_PENALTY
    elif cand.recipient is not None:
        confidence += FULL_ARGS_BONUS
    clause_text = doc.text[clause[0]:clause[1]]
    attrs: dict[str, Any] = {
        "mode": cand.mode,
        "cameo": state.lex.cameo_code(cand.type, cand.mode),
        "trigger": [start, end],
        "text": doc.text[start:end],
        "sentence": [clause[0], clause[1]],
        "actor": cand.actor.to_json() if cand.actor else None,
        "recipient": cand.recipient.to_json() if cand.recipient else None,
        "participants": [m.to_json() for m in cand.participants],
        "place": cand.place.to_json() if cand.place else None,
        "time": _time_attrs(doc, time_span) if not undated else {"value": None, "granularity": None, "span": None,
                                                                   "source": "none", "habitual": True},
        "negated": cand.negated,
        "hypothetical": cand.hypothetical,
        "confidence": round(min(0.99, max(0.05, confidence)), 2),
        "claim": claim,
        "casualties": _casualties(clause_text) if cand.type == "ASSAULT" else None,
        "value": _value(clause_text) if cand.type in ("AGREE", "COOPERATE", "AID") else None,
    }
    if cand.denied_by is not None:
        attrs["denied_by"] = cand.denied_by
    if cand.denies:
        attrs["denies"] = [{"type": o.type, "mode": o.mode, "text": doc.text[state.tokens[o.tok_start].start:
                                                                            state.tokens[o.tok_end - 1].end]}
                           for o in cand.denies]
    if attrs["claim"] and attrs["claim"].get("stance") == "deny" and cand.type != DENIAL:
        attrs["negated"] = True  # the claim that carries it denies it
        attrs["denied_by"] = attrs["claim"].get("source")
    return Span(start, end, cand.type, attrs)


ANNOTATOR = Annotator(name=EVENTS, version=VERSION, requires=(SENTENCES, ENTITIES, TIMES, CLAIMS),
                      func=annotate_events, check=event_model.shipped_model)


def _surname_key(text: str) -> str:
    """The last word of a name, folded and without a leading conjunction: what two mentions of one party share."""
    words = fold(text).split()
    last = words[-1] if words else ""
    return last[1:] if len(last) > 3 and last[0] in "وف" else last
