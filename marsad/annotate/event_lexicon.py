"""The event lexicons: triggers, context words, cues and the PLOVER→CAMEO table, read once.

The data lives in marsad/annotate/lexicons/ (event_triggers.tsv, event_context.tsv,
event_cues.tsv, plover_cameo.tsv); this module only parses it and answers look-ups.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from marsad.text import fold

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
DENIAL = "DENIAL"
EVENT_TYPES = PLOVER_TYPES + (DENIAL,)


@dataclass(frozen=True)
class Trigger:
    """One lexicon entry.

    words (tuple): the folded words of the trigger (one for verbs and nouns).
    kind (str): "v" verb, "n" noun, "p" phrase (participles, kind "a" in the file, become one-word phrases).
    type (str): PLOVER type or DENIAL.
    mode (str | None): PLOVER mode, "ctx" to read it from the context, None for none.
    flags (frozenset): with, arrive, troops, host, receive, need_ctx, weak, ... (see event_triggers.tsv).
    weight (float): base confidence.
    """

    words: tuple[str, ...]
    kind: str
    type: str
    mode: str | None
    flags: frozenset[str]
    weight: float


@dataclass(frozen=True)
class ContextRule:
    """A context word: it gives a mode, satisfies a need_ctx trigger, marks personnel, or blocks."""

    kind: str
    scope: str
    word: str
    type: str
    value: str | None

    def applies(self, event_type: str) -> bool:
        """Whether the rule is about an event type: "*" is every type, "A|B" several."""
        return self.type == "*" or event_type in self.type.split("|")

    def matches(self, word: str) -> bool:
        if self.word.endswith("*"):
            return word.startswith(self.word[:-1])
        return word == self.word


@dataclass
class Lexicon:
    """Everything the event annotator looks up, indexed for speed."""

    verbs: dict[str, list[Trigger]] = field(default_factory=dict)
    nouns: dict[str, list[Trigger]] = field(default_factory=dict)
    phrases: dict[str, list[Trigger]] = field(default_factory=dict)
    context: list[ContextRule] = field(default_factory=list)
    cues: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    cameo: dict[tuple[str, str], str] = field(default_factory=dict)
    imperfect: set[str] = field(default_factory=set)  # the imperfect forms among the verb keys: يزور، تلتقي

    def cue_words(self, kind: str) -> list[tuple[int, str]]:
        return self.cues.get(kind, [])

    def cameo_code(self, event_type: str, mode: str | None) -> str | None:
        return self.cameo.get((event_type, mode or "-")) or self.cameo.get((event_type, "-"))


def _rows(name: str) -> list[list[str]]:
    """The rows of a lexicon file, folded (the files may carry hamza or ة; matching is on folded text)."""
    text = (resources.files("marsad.annotate") / "lexicons" / name).read_text(encoding="utf-8")
    return [fold(line).split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def verb_forms(past: str, imperfect: str) -> set[str]:
    """The 3rd-person inflections of a verb that news text uses, from two citation forms.

    past (str): 3rd masculine singular past, folded (التقي, زار, دعا).
    imperfect (str): 3rd masculine singular imperfect, folded (يلتقي, يزور, يدعو).
    RETURNS (set): folded surface forms (التقت, التقوا, تلتقي, يلتقون, ...).
    """
    forms = {past, past + "ت", past + "وا", past + "ا", past + "تا"}
    if past[-1] in "يا":  # defective verbs: التقي -> التقت, التقوا; دعا -> دعت, دعوا
        forms |= {past[:-1] + "ت", past[:-1] + "وا", past[:-1] + "تا"}
    return forms | imperfect_forms(imperfect)


def participle_forms(masculine: str) -> set[str]:
    """The circumstantial (حال) forms of an active participle: "مشيدا"، "مشيدين"، the defective "داعيا"، "داعين".

    masculine (str): the masculine singular participle, folded (مشيد, داعي, مستنكر).
    RETURNS (set): the accusative singular and the plural forms.
    """
    plural = masculine[:-1] + "ين" if masculine.endswith("ي") else masculine + "ين"
    return {masculine + "ا", plural}


def imperfect_forms(imperfect: str) -> set[str]:
    """The 3rd-person imperfect inflections of a verb (يلتقي -> يلتقي, تلتقي, يلتقيان, يلتقون, ...).

    imperfect (str): 3rd masculine singular imperfect, folded.
    RETURNS (set): folded surface forms.
    """
    forms: set[str] = set()
    stem = imperfect[1:]
    for prefix in ("ي", "ت"):
        forms |= {prefix + stem, prefix + stem + "ان"}
        forms.add(prefix + (stem[:-1] if stem[-1] in "يو" else stem) + "ون")
    return forms


@lru_cache(maxsize=1)
def load() -> Lexicon:
    """The parsed lexicons (cached: they are read once per process)."""
    lex = Lexicon()
    for form, kind, event_type, mode, flags, weight in _rows("event_triggers.tsv"):
        words = tuple(form.split()) if kind != "v" else (form,)
        entry = Trigger(words, kind, event_type, None if mode == "-" else mode,
                        frozenset(f for f in flags.split(",") if f != "-"), float(weight))
        if kind == "a":  # a participle: each of its forms is a one-word phrase
            for surface in participle_forms(form):
                lex.phrases.setdefault(surface, []).append(
                    Trigger((surface,), "p", entry.type, entry.mode, entry.flags, entry.weight))
        elif kind == "p" and "|" in form.split()[0]:  # a verb phrase: every inflection of its verb
            verb, *rest = form.split()
            for surface in verb_forms(*verb.split("|")):
                lex.phrases.setdefault(surface, []).append(
                    Trigger((surface, *rest), "p", entry.type, entry.mode, entry.flags, entry.weight))
        elif kind == "v":
            past, imperfect = form.split("|") if "|" in form else (form, form)
            if past != imperfect:
                keys = verb_forms(past, imperfect)
                lex.imperfect |= imperfect_forms(imperfect)
            else:  # one form given: an imperfect (يورد) or a past (سيطر)
                keys = {imperfect, "ت" + imperfect[1:]}
                lex.imperfect |= keys if imperfect.startswith("ي") else set()
            for key in keys:
                lex.verbs.setdefault(key, []).append(entry)
        elif kind == "n":
            lex.nouns.setdefault(words[0], []).append(entry)
        else:
            lex.phrases.setdefault(words[0], []).append(entry)
    for kind, scope, word, event_type, value in _rows("event_context.tsv"):
        lex.context.append(ContextRule(kind, scope, word, event_type, None if value == "-" else value))
    for kind, window, word in _rows("event_cues.tsv"):
        lex.cues.setdefault(kind, []).append((int(window), word))
    for event_type, mode, code, _name in _rows("plover_cameo.tsv"):
        lex.cameo[(event_type, mode)] = code
    return lex
