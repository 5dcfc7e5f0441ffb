"""Claims and attribution: who says what, and whether they assert, deny or refuse to comment.

Rules over the folded text (`marsad.text.normalise`), offsets mapped back to the raw text.
Word lists live in `marsad/annotate/lexicons/`: reporting verbs with their stance
(claim_cues.tsv), verbal nouns (claim_nouns.tsv), "learned from" verbs (claim_learned.tsv), verbs
issuing or making a text (claim_issuers.tsv), refusals (refusal_cues.tsv), prepositional
attribution (attribution_phrases.tsv), source head words (source_heads.tsv), news outlets and
agencies (news_outlets.tsv) and countries/capitals used for their governments (state_actors.tsv).

Layer contract (layer "claims", read by the events annotator and the UI). One Span per reported
statement, label "CLAIM", covering the cue, the explicit source and the content. attrs:
    cue (str): the cue as written ("وأكدت", "مشيرةً", "بحسب", "نفي", "رفض"); after a verb of going on,
        the words up to its say-form ("ومضى الوزير بالقول").
    cue_span ([int, int]): raw offsets of the cue.
    source (str | None): the source as written ("مصادر ليبية مطلعة", "وزارة الدفاع الروسية");
        for a cue without a subject (وأوضحت أن، مشيرةً إلى أن), the source it inherits.
    source_span ([int, int] | None): raw offsets of that source text (for an inherited source, the
        earlier mention); None when the claim is unattributed.
    source_type (str): official | named_person | anonymous | media | agency | unattributed.
    inherited (bool): the source was carried over from the previous claim.
    content_span ([int, int]): the reported content: the quoted text, or the clause after أن/إن.
    stance (str): assert | deny | no_comment.
    confidence (float): how sure the rules are of the source type (see the CONF_* constants).

A media outlet named as the recipient (وقالت المصادر لـ"العربي الجديد") is never the source, nor a
medium relaying another (نقلت الصحيفة عن فلان قوله، ونقلت عنه الوكالة: فلان is the source).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from marsad.document import CLAIMS, ENTITIES, SENTENCES, Document, Span, split_paragraphs
from marsad.registry import Annotator
from marsad.text import Normalised, fold, normalise, split_sentences

LEXICON_DIR = Path(__file__).resolve().parent / "lexicons"

# Confidence of the source type, by how the source was found, set by hand in that order: a known
# source word (مصادر، وزارة، وكالة), a source carried over from an earlier claim or sentence, a
# fallback (a bare name, an earlier title, a document's default). On the dev part of the gold set
# they were right 99.5% (198 claims), 96% (81) and 97% (155) of the time; the fallbacks are the
# ones that generalise worst, hence the lowest value. An unattributed claim has no source at all.
CONF_HEAD = 0.9
CONF_INHERITED = 0.75
CONF_FALLBACK = 0.6
CONF_UNATTRIBUTED = 0.5

# A source phrase longer than this is cut: subjects of reporting verbs are short noun phrases, and a
# longer run means the scanner missed the boundary.
MAX_SOURCE_TOKENS = 12
# A source opened by an office or a body runs longer (المدير الإقليمي للحملة الوطنية السعودية لنصرة
# الأشقاء في سوريا الدكتور فلان الفلاني: 13 words on the dev part, 14 at most there); 12 cut the
# name off such titles.
MAX_TITLED_SOURCE_TOKENS = 16
# How far after the source the content marker (أن، إن، colon) may be: recipient, time and
# setting phrases sit between them (وقال المصدر لـ"العربي الجديد"، في وقت سابق، إن ...).
MAX_MARKER_GAP = 24
# A refusal object must follow its verb this closely (رفض الناطق باسم X، فلان، نفي أو تأكيد).
MAX_REFUSAL_GAP = 14
# A subject-less cue inherits from a claim in the same paragraph or in one of the three before it:
# many sites print every sentence as its own paragraph (وقالت المصادر ... / وأوضحت أن ...), and
# on the dev part a reach of one paragraph left "وأضاف" cues unattributed that a reach of three
# resolved correctly.
MAX_INHERIT_PARAGRAPHS = 3
# Words scanned around an earlier mention of a bare name for a title that makes it an office
# holder: titles run long (مدير عام الهيئة العامة للسياحة بالمنطقة المهندس محمد العمرة); 12 missed a
# title 13 words before the name on the dev part, 16 changed nothing else there.
TITLE_WINDOW = 16
TITLE_AFTER_WINDOW = 3
# Words scanned back from an earlier mention of a bare name for the body it was introduced as
# (أضافت شركة خدمات الإنترنت الأمريكية العملاقة "جوجل").
INTRODUCTION_WINDOW = 7
# How many words after a sentence's opening verb may hold the title that marks its subject as a
# speaker for a later subject-less cue.
OPENING_TITLE_WINDOW = 4
# How far after a source the words withholding its name are looked for.
ANONYMITY_WINDOW = 8
# A name in apposition (فلان، المتحدث باسم الوزارة،) is at most this long; one opened by a
# title may be longer (عبد الهادي الشيخ، المدير التنفيذي لدائرة التلفزيون في أبوظبي للإعلام:).
MAX_APPOSITION = 5
MAX_TITLE_APPOSITION = 10
# "وعلمت «الصحيفة» من مصادرها": at most this many words (the outlet's name) between the verb and من.
LEARNED_GAP = 6
# "وصرح فلان (27 عاما) بعد انتقاله قائلا:": at most this many words between the source and قائلا
# when that participle opens the verb's words.
SAY_GAP = 6
# "المطوفة فلانة الفلانية": an unknown definite word and a name of up to three words is a person
# described by what they do; longer runs are more often a noun phrase that happens to fit.
MAX_DESCRIBED_NAME = 4
# "ويرى فلان الفلاني أن": an unknown subject of a present verb (or of لكن فلان قال) is taken for a
# name when it is this short and the content follows at once; a given name, a surname and a nisba or
# "أبو فلان الفلاني" fit, and on samples of the dev days four words were more often a noun phrase.
MAX_PRESENT_NAME = 3
# An unknown plural of people (مسعفون) is at least this long; shorter words ending so are names (مأمون،
# ميمون): the five-letter ones in the samples were names, the six-letter ones participles.
MIN_GROUP_WORD = 6
# A quoted name standing as a source (أعلنت «أبوظبي للإعلام»، بحسب «غلوبو») is this short; longer
# quoted text after a verb is the quoted content.
MAX_QUOTED_NAME = 4

SOURCE_TYPES = ("official", "named_person", "anonymous", "media", "agency", "unattributed")
STANCES = ("assert", "deny", "no_comment")

_TOKEN_RE = re.compile(r"\w+|[^\w\s]")
_CLITICS = ("و", "ف")
_MARKERS = frozenset(
    "ان انه انها انهم انهما انني اننا بان بانه بانها بانهم بانهما فان فانه فانها :".split()
)
_QUOTE = '"'
_PUNCT_STOP = frozenset("، , . ؛ ; ( ) ! ؟ ? -".split())
_TIME_WORDS = frozenset(
    "اليوم امس يوم مساء صباح ظهر الليله ليله الاثنين الثلاثاء الاربعاء الخميس الجمعه السبت الاحد "
    "مؤخرا اخيرا حاليا سابقا لاحقا ايضا كذلك غدا امس انذاك الماضي الشهر الاسبوع قبل بعد عقب اثر مرارا مجددا "
    "رسميا صراحه".split()
)
# Month names are time words only beside a date (في سبتمبر/أيلول، 17 نيسان): نيسان is also a carmaker.
_MONTHS = frozenset(
    "يناير فبراير مارس ابريل مايو يونيو يوليو اغسطس سبتمبر اكتوبر نوفمبر ديسمبر "
    "كانون شباط اذار نيسان ايار حزيران تموز اب ايلول تشرين".split()
)
# Words before a noun cue that make it a verbal noun (رغم نفي الجانب الروسي) rather than a verb.
_NOUN_GOVERNORS = frozenset("رغم ورغم بعد وبعد مع ومع وسط عقب اثر قبل".split())
# Words that open a new clause inside reported content, so a cue after them is a new claim.
# "but he" (أكد أن ... لكنه شدد على أن) starts a new clause of the same speaker
_NEW_CLAUSE = frozenset("حيث فيما بينما لكن ولكن الا لكنه ولكنه لكنها ولكنها لكنهم ولكنهم".split())
# The content marker is not looked for past the start of another clause.
_CLAUSE_BREAKS = frozenset("فيما بينما حيث لكن ولكن الا ؛".split())
# Prepositions that never occur inside a name in apposition (بحسب مصادر، إضافة إلى ...).
_NON_NAME_WORDS = frozenset("الي علي في من عن مع بين حول ان".split())
_COMPLEMENTIZERS = frozenset("ان بان لان".split())
_CLAUSE_COMMAS = frozenset("، , ؛ ;".split())
# After these a subject-less reporting verb starts a clause of its own and refers back.
_CLAUSE_OPENERS = frozenset("و كما ثم فيما وفيما حيث عندما حين حينما لكن ولكن لكنه ولكنه لكنها ولكنها".split())
# Words that cannot begin a source: demonstratives, pronouns and prepositions with a pronoun
# (تؤكد ذلك، أكد عليه الجانبان، ويرى فيها).
_NOT_SOURCE = frozenset(
    "بالقول اليه اليها اليهم معي معه معها معهم كيف ماذا لماذا هل ذلك هذا هذه تلك هؤلاء هو هي هم هما عليه عليها عليهم فيه فيها فيهم منه منها منهم له لها لهم به بها "
    "كل جميع غير مثل نحو اكثر اقل عدم ما لا لم لن قد كان كانت يكون تكون الي علي عن من في مع بل هناك هنالك".split()
)
# Words that end a source phrase: (عما يشتبه، بما في ذلك، كما هو)
# Those spoken to that are no outlet (قال للصحافيين).
_RECIPIENT_WORDS = frozenset("للصحافيين للصحفيين للصحافه للاعلاميين لوسايل للمراسلين".split())
# A name or identity withheld: "طلب عدم الكشف عن اسمه"، "فضل عدم ذكر هويته".
_NAME_WORDS = frozenset("اسمه اسمها هويته هويتها اسمهم هويتهم".split())
_WITHHOLD_WORDS = frozenset("عدم رفض رفضت يكشف تكشف الكشف كشف ذكر الافصاح التكتم".split())
_SOURCE_KINDS = frozenset("title official organisation anonymous media agency person_title".split())
_SOURCE_BREAKS = frozenset("عما مما بما كما حول الذي التي الذين والذي والتي والذين".split())
_RELATIVES = frozenset("الذي التي".split())
# Words after which a function word is part of a name (أحمد بن علي: علي is also على folded).
_NAME_LINKS = frozenset("بن ابن بنت ابو عبد".split())
# Endings of common nouns (ta marbuta, plurals, verbal nouns, pronoun suffixes) that a bare name
# rarely has; a source phrase starting with such a word and known to no list is not a source.
_NOT_NAME_ENDINGS = ("ات", "اء", "ها", "هم", "هما", "ته", "نا")
# Endings of nisba adjectives (الخبير الاقتصادي، مسؤول أمني), which a word after a role word has more
# often than a name does.
_ADJECTIVE_ENDINGS = ("ي", "يه", "يون", "يين")
# "عدد من المواطنين", "بعض المسؤولين": the type is that of the phrase after the quantifier.
_QUANTIFIERS = frozenset("عدد عده بعض احد كبار كبير كبيره كثير".split())
# After an organisation word these make it a broadcaster or news body (هيئة الإذاعة، مؤسسة الإعلام);
# قناة is left out: هيئة القناة is a canal authority as often as a channel.
_BROADCAST_WORDS = frozenset("اذاعه تلفزيون اعلام صحافه انباء".split())
# "المصدر ذاته"، "نفس المصادر": the source of an earlier claim, whatever its type.
_SAME_WORDS = frozenset("ذات نفس ذاته نفسه ذاتها نفسها ذاتهم نفسهم".split())
_SETTING_PREPS = frozenset("عبر خلال اثناء امام ضمن بدوره بدورها بدورهم ومقره ومقرها".split())
# Words that open a setting between a source and its words (في بيان، عبر حسابه، على صفحته، ومقره لندن).
_SETTING_OPENERS = frozenset({"في", "علي"}) | _SETTING_PREPS
_SIDE_WORDS = frozenset("جانبه جانبها جانبهم جهته جهتها جهتهم ناحيته ناحيتها".split())
# Nouns that make "في ..." a setting of the statement rather than part of the source (في بيان،
# في تصريح لـ، في حسابه على، في مؤتمر صحفي); matched as prefixes of the word without ال.
_SETTING_NOUNS = (
    "بيان", "تصريح", "حديث", "حساب", "صفح", "تغريد", "مقابل", "مؤتمر", "موتمر", "كلم", "خطاب", "رسال",
    "اتصال", "لقاء", "منشور", "تدوين", "سياق", "وقت", "ختام", "معرض", "اجتماع", "جلس", "ندو", "مداخل",
    "برنامج", "تقرير", "احد", "اطار", "تعليق", "تعقيب", "حوار",
)
# Nouns that make "على ..." a setting (على صفحته، على حسابه، على هامش المؤتمر).
_ON_SETTING_NOUNS = ("صفح", "حساب", "هامش", "شاش", "قنا", "محط", "تلفزيون", "اذاع", "موقع")
# Cue forms that are also "during" (إبان): a report only at the start of a clause.
_DURING = frozenset({"ابان"})
# Pronouns and relatives that mark quoted words as speech, not a name (فلان "نحن الذين نفذنا الهجوم").
_SPEECH_WORDS = frozenset("نحن انا انني اننا الذين الذي التي".split())
# Words before which a cue is a verbal noun, not a verb (فضل عدم ذكر اسمه، دون ذكر الأسباب).
_MASDAR_GOVERNORS = frozenset("عدم بعدم لعدم دون بدون تم يتم سيتم".split())
_CLAUSE_STARTS = frozenset(
    "كان كانت وكان وكانت فكان فكانت لكن ولكن حيث فيما بينما الا كما ورغم رغم وقد".split()
) | _MARKERS
_NEGATORS = frozenset("لم لن لا".split())
# A site that, followed by a body, is that body speaking (موقع النادي، موقع الوزارة).
_OWN_CHANNELS = frozenset({"موقع"})
# Words before a present verb that make it subordinate or generic (وحين يقول أي مواطن، من يقول).
_SUBORDINATORS = frozenset("من ما حين وحين حينما عندما وعندما اذا واذا لو ولو كي لكي حتي الذي التي الذين لماذا ولماذا هل وهل".split())
_QUESTION_WORDS = frozenset("لماذا هل كيف متي".split())
# "called" between a description and a name (محتج يدعى فلان): a person named, not a cue (يدعي "claims")
_CALLED = frozenset("يدعي تدعي".split())
_KANA = frozenset("كان وكان كانت وكانت".split())
_ACCUSATIVE_GOVERNORS = frozenset("لكن ولكن ان وان فان".split())
# نقل عن فلان قوله: the reporting verb whose source relays another speaker, and the words after that speaker.
_RELAY_LEMMA = fold("نقل")
_SAY_LEMMA = fold("قال")
# Words opening a fronted topic before a subject-less verb (وعن الخطة قال:، وحول الاتفاق أوضح:).
_TOPIC_OPENERS = frozenset("عن وعن حول وحول بشان وبشان بخصوص وبخصوص".split())
# Words opening a fronted question or occasion (وعندما سئل عن ... قال:، وردا على سؤال ... قالت إن).
_OCCASION_OPENERS = frozenset("عندما وعندما حين وحين حينما وحينما ردا وردا".split())
# After "وفي" these nouns make a fronted occasion (وفي سؤال عن ... قال:، وفي رده على ...).
_OCCASION_NOUNS = tuple(fold(w) for w in ("سؤال", "رد", "حديث", "معرض"))
# Nouns of a statement that, fronted after "وفي", make its setting (وفي تصريح له قال، وفي أحد تصريحاته).
_SPEECH_SETTINGS = tuple(fold(w) for w in ("تصريح", "حديث", "مقابل", "كلم", "بيان", "لقاء", "خطاب", "مؤتمر", "حوار"))
# "about him" between a verb and its subject (قال عنه فلان).
_ABOUT = frozenset("عنه عنها عنهم".split())
# Resumptive pronouns between a verb and its subject (في بيان قالت فيه الوزارة إن).
_RESUMPTIVE = frozenset("فيه فيها".split())
_SAYING_WORDS = frozenset("القول قوله قولها قولهم تاكيده تاكيدها تصريحه تصريحها".split())
# Forms of "say" that open the words after a verb of going on (ومضى يقول، وختم بالقول، واستطرد
# إلى القول), like the participle قائلا does.
_SAY_FORMS = frozenset("بالقول يقول تقول يقولون".split())
_SAY_PRESENT = frozenset("يقول تقول يقولون".split())  # only right after the verb or its subject
# One's own talk between the speaker and the say-form (وأكمل فلان حديثه قائلا): not part of the source.
_TALK_WORDS = frozenset("حديثه حديثها كلمته كلمتها كلامه كلامها تصريحه تصريحها تصريحاته تصريحاتها".split())
_NEG_NO_COMMENT = frozenset("لم".split())
# Lemmas whose negation ("لم يؤكد"، "لم ينف") is a refusal to take a stance, not a non-event.
_STANCE_LEMMAS = frozenset(fold(w) for w in ("أكد", "نفى", "أنكر", "علق"))
_PERSON_LABELS = frozenset({"PER", "PERS", "PERSON", "Person"})
_ORG_LABELS = frozenset({"ORG", "Organization", "Government", "GOV"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "Population-Center", "Nation"})


@dataclass(frozen=True)
class Cue:
    """A reporting word: what it looks like, its stance and how its content is introduced."""

    lemma: str
    stance: str
    kind: str  # verb | participle | noun | refusal | phrase
    needs_marker: bool = True
    preps: frozenset[str] = frozenset()
    present: bool = False
    bare_ok: bool = True  # False: the bare form needs a clitic or the sentence start
    say_only: bool = False  # a verb of going on (مضى، واصل): it reports only with a say-form after it


# The cue a "learned from" verb stands for when its content is looked for (no preposition of its own).
_LEARNED_CUE = Cue(fold("علم"), "assert", "verb")


@dataclass(frozen=True)
class Lexicon:
    """The folded word lists, keyed for lookup (see the files in marsad/annotate/lexicons/)."""

    cues: dict[str, Cue]
    going_on: dict[str, Cue]  # verbs of going on (ومضى، وواصل): cues only before a say-form, kept apart
    nouns: dict[str, Cue]
    refusal_objects: frozenset[str]
    phrases: dict[str, tuple[tuple[str, ...], ...]]  # first word -> full phrases
    heads: dict[str, tuple[str, str]]  # word -> (type, default for documents)
    outlets: dict[str, tuple[str, bool]]  # folded name -> (type, ambiguous)
    outlet_max_words: int
    states: frozenset[str]
    state_max_words: int
    learned: frozenset[str]  # past forms of "learned from" verbs (علمت الصحيفة من مصادرها)
    issuers: frozenset[str]  # past forms of verbs issuing a statement (أصدرت الوزارة بيانا أكدت فيه)
    authors: frozenset[str]  # past forms of verbs making a text (دراسة أجرتها الهيئة، تقرير أعدته الوزارة)
    statements: frozenset[str]  # statement nouns in the accusative (بيانا، تقريرا)


def _rows(name: str) -> list[list[str]]:
    """The tab-separated rows of a lexicon file, without comments and blank lines."""
    rows = []
    for line in (LEXICON_DIR / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append([c.strip() for c in line.split("\t")])
    return rows


def _past_forms(past: str) -> list[str]:
    """Past-tense forms of a folded verb: masculine, feminine, plural, dual."""
    if past[-1] in "يا":  # defective verbs: نفى -> نفت، نفوا
        stem = past[:-1]
        return [past, stem + "ت", stem + "وا", stem + "تا"]  # not the dual نفيا: it reads as نفياً
    return [past, past + "ت", past + "وا", past + "ا", past + "تا"]


def _present_forms(present: str) -> list[str]:
    """Present-tense forms of a folded verb: يـ and تـ, plural, dual, and the jussive of ينفي."""
    fem = "ت" + present[1:]
    forms = [present, fem, present + "ون", present + "ان", fem + "ان"]
    if present[-1] in "يو":  # ينفي -> لم ينف، ينفون
        forms += [present[:-1], fem[:-1], present[:-1] + "ون"]
    return forms


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load and fold the word lists once per process."""
    phrases: dict[str, list[tuple[str, ...]]] = {}
    for (phrase,) in _rows("attribution_phrases.tsv"):
        words = tuple(fold(phrase).split())
        phrases.setdefault(words[0], []).append(words)
    reporting: dict[str, Cue] = {}
    going_on: dict[str, Cue] = {}
    for row in _rows("claim_cues.tsv"):
        past, present, participle, stance, complement, preps = row[:6]
        cues = going_on if complement == "say" else reporting
        prep_set = frozenset() if preps == "-" else frozenset(fold(p) for p in preps.split(","))
        say_only = complement == "say"
        verb = Cue(fold(past), stance, "verb", complement != "object", prep_set, say_only=say_only)
        for form in _past_forms(fold(past)):
            if form not in phrases:  # نقلا (they both reported) is far more often نقلاً عن
                cues.setdefault(form, verb)
        if len(row) > 6 and row[6] == "clitic":
            cues[fold(past)] = Cue(fold(past), stance, "verb", complement != "object", prep_set, bare_ok=False, say_only=say_only)
        present_verb = Cue(fold(past), stance, "verb", complement != "object", prep_set, present=True, say_only=say_only)
        for form in _present_forms(fold(present)) if present != "-" else []:
            cues.setdefault(form, present_verb)
        if participle != "-":
            part = Cue(fold(past), stance, "participle", True, prep_set)
            stem = fold(participle)
            for ending in ("ا", "ه", "ين", "ون", "ات"):
                cues.setdefault(stem + ending, part)
    cues = reporting
    nouns = {fold(noun): Cue(fold(noun), stance, "noun", False) for noun, stance in _rows("claim_nouns.tsv")}
    refusal_objects = set()
    for kind, word in _rows("refusal_cues.tsv"):
        w = fold(word)
        if kind == "object":
            refusal_objects.add(w)
        elif kind == "verb":
            present = w.startswith("ي")
            for form in _present_forms(w) if present else _past_forms(w):
                cues[form] = Cue(w, "no_comment", "refusal", False, present=present)
        else:
            for ending in ("ا", "ه", "ين"):
                cues[w + ending] = Cue(w, "no_comment", "refusal", False)
    heads = {}
    for row in _rows("source_heads.tsv"):
        heads[fold(row[0])] = (row[1], row[2] if len(row) > 2 else "")
    outlets = {}
    for row in _rows("news_outlets.tsv"):
        outlets[fold(row[0])] = (row[1], len(row) > 2 and row[2] == "ambiguous")
    states = frozenset(fold(r[0]) for r in _rows("state_actors.tsv"))
    return Lexicon(
        cues=cues,
        going_on=going_on,
        nouns=nouns,
        refusal_objects=frozenset(refusal_objects),
        phrases={k: tuple(sorted(v, key=len, reverse=True)) for k, v in phrases.items()},
        heads=heads,
        outlets=outlets,
        outlet_max_words=max(len(k.split()) for k in outlets),
        states=states,
        state_max_words=max(len(k.split()) for k in states),
        learned=frozenset(form for (verb,) in _rows("claim_learned.tsv") for form in _past_forms(fold(verb))),
        issuers=frozenset(form for word, kind in _rows("claim_issuers.tsv") if kind == "verb" for form in _past_forms(fold(word))),
        authors=frozenset(form for word, kind in _rows("claim_issuers.tsv") if kind == "author" for form in _past_forms(fold(word))),
        statements=frozenset(fold(word) for word, kind in _rows("claim_issuers.tsv") if kind == "statement"),
    )


# --- tokens -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Tok:
    """A token of the folded text with folded offsets."""

    start: int  # folded offsets
    end: int
    text: str


def _strip_clitic(word: str, table: dict | frozenset) -> str | None:
    """The word, or the word without a leading و/ف, if that is in the table."""
    if word in table:
        return word
    if len(word) > 3 and word[0] in _CLITICS and word[1:] in table:
        return word[1:]
    return None


def _bare(word: str) -> str:
    """A word without و/ف and the article (والمصادر -> مصادر, للوزارة -> وزاره)."""
    if len(word) > 3 and word[0] in _CLITICS:
        word = word[1:]
    for article in ("ال", "لل", "بال", "وال"):
        if word.startswith(article) and len(word) - len(article) >= 2:
            return word[len(article) :]
    return word


# --- the annotator ----------------------------------------------------------------------------


@dataclass
class _Claim:
    """A claim while the document is being read (folded offsets; mutable content end)."""

    cue_span: tuple[int, int]  # folded
    cue_text: str
    stance: str
    source: tuple[int, int] | None  # folded
    source_type: str
    confidence: float
    inherited: bool
    content: tuple[int, int]  # folded
    paragraph: int
    sentence: int = -1  # folded start of its sentence
    by_phrase: bool = False  # found through بحسب/وفقا ل, not a reporting verb
    nested: bool = False  # reported inside another claim's words (قال فلان إن «الإعلان» كشف عن)


class _Doc:
    """One document's folded text, tokens per sentence and entity spans (folded offsets)."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.norm: Normalised = normalise(doc.text)
        self.text = self.norm.text
        self.lex = lexicon()
        raw_sents = [(s.start, s.end) for s in doc.layer(SENTENCES)] or split_sentences(doc.text)
        self.sentences = [(self.fpos(s), self.fpos(e)) for s, e in raw_sents]
        self.par_starts = [self.fpos(p.start) for p in split_paragraphs(doc.text)]
        self.entities = [(self.fpos(s.start), self.fpos(s.end), s.label) for s in doc.layer(ENTITIES)]
        # (paragraph, start, end, type, confidence) of the speaker-like subject opening each
        # earlier sentence (أعرب الوزير فلان عن ...), for cues that refer back to it
        self.openings: list[tuple[int, int, int, str, float]] = []

    def fpos(self, raw: int) -> int:
        return bisect_left(self.norm.offsets, raw, hi=len(self.norm.offsets) - 1)

    def paragraph_of(self, pos: int) -> int:
        return max(0, bisect_left(self.par_starts, pos + 1) - 1)

    def tokens(self, start: int, end: int) -> list[_Tok]:
        return [_Tok(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(self.text, start, end)]

    def entity_label(self, start: int, end: int) -> str | None:
        for s, e, label in self.entities:
            if s < end and start < e:
                return label
        return None


def annotate_claims(doc: Document) -> list[Span]:
    """Find the reported statements of one document (see the module docstring for the attrs)."""
    d = _Doc(doc)
    claims: list[_Claim] = []
    for s_start, s_end in d.sentences:
        toks = d.tokens(s_start, s_end)
        _sentence_claims(d, toks, s_end, claims)
        opening = _opening_subject(d, toks, len(toks))
        if opening is not None:
            d.openings.append((d.paragraph_of(s_start), toks[opening[0]].start, toks[opening[1] - 1].end, opening[2], opening[3]))
    return [_to_span(d, c) for c in claims]


def _sentence_claims(d: _Doc, toks: list[_Tok], s_end: int, claims: list[_Claim]) -> None:
    """Append the claims of one sentence: attribution phrases, reporting verbs, participles,
    verbal nouns and refusals, left to right."""
    lex = d.lex
    quote_depth = _quote_parity(toks)
    first_in_sentence = len(claims)
    consumed: set[int] = set()
    for i, tok in enumerate(toks):
        if i in consumed:
            continue
        word = tok.text
        prev_word = toks[i - 1].text if i > 0 else ""
        phrase = _match_phrase(lex, toks, i)
        if phrase:
            if any(c.content[0] <= tok.start < c.content[1] for c in claims[first_in_sentence:]):
                # بحسب inside quoted speech belongs to the speaker's words; after a comma it
                # attributes what came before (أعلنت السلطات أن ...، حسبما أفاد مصدر رسمي)
                if quote_depth[i] or prev_word not in _CLAUSE_COMMAS:
                    continue
                claims[-1].content = (claims[-1].content[0], max(claims[-1].content[0], toks[i - 1].start))
            claim = _phrase_claim(d, toks, i, phrase, s_end, claims, consumed)
            if claim:
                claims.append(claim)
            continue
        prev_word = toks[i - 1].text if i > 0 else ""
        if _strip_clitic(word, lex.learned) is not None:
            claim = _learned_claim(d, toks, i, s_end, claims)
            if claim:
                claims.append(claim)
            continue
        noun_key = _strip_clitic(word, lex.nouns)
        if noun_key is not None and (prev_word in _NOUN_GOVERNORS or word.startswith("ال")):
            cue = lex.nouns[noun_key]
            key = noun_key
        else:
            table = lex.cues
            key = _strip_clitic(word, table)
            if key is None:
                table = lex.going_on
                key = _strip_clitic(word, table)
            if key is None or (
                prev_word in _COMPLEMENTIZERS and _preceded_source(toks, i) is None and not _had_said(toks, i) and not (_after_since(toks, i) and not table[key].present)
            ):
                continue  # قبل أن يعلن: a subordinate verb, not a report
            if key == word and _strip_clitic(prev_word, _MASDAR_GOVERNORS) is not None:
                continue  # فضل عدم ذكر اسمه: a verbal noun
            if _strip_clitic(prev_word, _QUESTION_WORDS) is not None:
                continue  # ولماذا اعتبرت الجهات أن ...؟: a question, not a report
            if quote_depth[i] and prev_word == _QUOTE and i + 1 < len(toks) and toks[i + 1].text == _QUOTE:
                continue  # دار «أكد»: a quoted name
            if key == word and word in _DURING and prev_word[:1].isalpha() and prev_word not in _CLAUSE_OPENERS and prev_word not in _SIDE_WORDS and prev_word != "ذلك" and toks[0].text not in _TOPIC_OPENERS:
                continue  # إبان فترة رئاسته ("during"): أبان reports only where a clause starts
            cue = table[key]
            if cue.say_only and key == word and i > 0 and prev_word not in _CLAUSE_COMMAS and prev_word not in _CLAUSE_OPENERS:
                continue  # منذ 30 عاما مضت: a verb of going on reports only where a clause starts
            if not cue.bare_ok and key == word and i > 0:
                continue  # بين روسيا ومجلس النواب: "between", not "explained"
        in_content = any(c.content[0] <= tok.start < c.content[1] for c in claims[first_in_sentence:])
        # a participle closing a claim's words with no comma (... مشيرا إلى): outside reported words
        # such a participle mostly describes an act (سدد الكرة معلنا هدف التعادل)
        circumstantial = in_content and cue.kind == "participle" and _circumstantial(toks, i)
        if in_content:
            # A reporting verb inside reported content is nested speech, unless a new clause starts
            # here (", وأضاف أن", ", مشيرة إلى أن", "حيث رفض"); then the earlier content ends there.
            after_comma = prev_word in _CLAUSE_COMMAS and (cue.kind != "verb" or key != word)
            after_comma = after_comma or (cue.kind == "participle" and (_opens_content(toks, i + 1, cue) or circumstantial))
            # "...، ولم تؤكد صحة الصورة": a negated stance after a comma is a clause of its own
            after_comma = after_comma or (prev_word in ("لم", "ولم") and i > 1 and toks[i - 2].text in _CLAUSE_COMMAS)
            back = _scan_back(d, toks, i) if cue.kind == "verb" and key == word else None
            after_subject = back is not None and back[0] > 0 and toks[back[0] - 1].text in _NEW_CLAUSE
            # "... على الفور وقال ...": a reporting verb with و outside quotes starts a new claim
            and_verb = cue.kind == "verb" and key != word and word[0] == "و"
            # "...، كما أشارت إلى أن": كما after a comma adds a statement of its own
            and_verb = and_verb or (prev_word in ("كما", "وكما") and i > 1 and toks[i - 2].text in _CLAUSE_COMMAS)
            # "وفقا لـ"الألمانية"، فقد رأى فلان أن": the verb right after بحسب's source is the claim
            and_verb = and_verb or _opens_phrase_content(claims[first_in_sentence:], toks, i)
            # "وعن الأول قال إنه ...، وعن الثاني قال إنه": a new fronted topic opens a new claim
            and_verb = and_verb or _new_topic(toks, claims[-1], i)
            # "في الوقت الذي أكد فيه فلان أن ...، نفى علان": the main clause after the time clause
            and_verb = and_verb or (prev_word in _CLAUSE_COMMAS and _opens_with_while(toks))
            # "...، من جهته قال فلان:": the other side's turn, a claim of its own
            and_verb = and_verb or prev_word in _SIDE_WORDS or _bare(prev_word) in ("دوره", "دورها")
            if quote_depth[i] or not (after_comma or prev_word in _NEW_CLAUSE or after_subject or and_verb):
                continue
            prev = claims[-1]
            prev.content = (prev.content[0], max(prev.content[0], toks[i - 1].start))
        if cue.kind == "participle" and cue.lemma == _SAY_LEMMA and _opened_by_say(claims[first_in_sentence:], toks, i):
            continue  # وأضاف قائلا: the participle only opens the verb's words
        if cue.kind == "participle" and not (
            prev_word in _CLAUSE_COMMAS or prev_word in ("و", "") or _opens_content(toks, i + 1, cue) or circumstantial
        ):
            continue  # معلومات مؤكدة: an adjective, not a cue
        claim = _cue_claim(d, toks, i, cue, s_end, claims, consumed)
        if claim:
            claims.append(claim)


def _learned_claim(d: _Doc, toks: list[_Tok], i: int, s_end: int, claims: list[_Claim]) -> _Claim | None:
    """وعلمت «الصحيفة» من مصادرها الخاصة أن ...: the source is the phrase after من; the outlet
    that learned it is only the one told."""
    at = next((m for m in range(i + 1, min(len(toks), i + 1 + LEARNED_GAP)) if toks[m].text == "من"), None)
    if at is None or any(t.text in _MARKERS or t.text in (".", "؛") for t in toks[i + 1 : at]):
        # وعلمت «عكاظ» بأن ...: no source named, the outlet reports what it learned itself
        at = i
    src = _scan_source(d, toks, at + 1, None)
    if src is None:
        return None
    s_lo, s_hi, k = src
    stype, conf = _classify(d, toks, s_lo, s_hi, claims, strict=True)
    content_start = _find_content(d, toks, k, _LEARNED_CUE)
    if stype is None or content_start is None or (at == i and stype not in ("media", "agency")):
        return None
    return _Claim(
        (toks[i].start, toks[i].end), toks[i].text, "assert", (toks[s_lo].start, toks[s_hi - 1].end), stype, conf, False,
        _content_range(d, content_start, s_end), d.paragraph_of(toks[i].start), toks[0].start,
    )


def _resumed(toks: list[_Tok], i: int) -> bool:
    """Whether the verb at toks[i] follows what a resumptive فيه refers to: a relative or a time
    word (في الوقت الذي أكد فيه، في وقت أعلنت فيه); after a statement (بيانا أكدت فيه) the
    subject came before and the words after فيه are the content. (إليه is left out: "الذي تحدثت
    إليه الصحيفة" names the one spoken to, not the speaker.)"""
    return i > 0 and _bare(toks[i - 1].text) in ("ذي", "تي", "وقت")


def _opens_with_while(toks: list[_Tok]) -> bool:
    """Whether the sentence opens with a "while" clause (في الوقت الذي، في وقت ...)."""
    words = [t.text for t in toks[:3]]
    return len(words) == 3 and words[0] in ("في", "ففي", "وفي") and words[1] in ("الوقت", "وقت")


def _new_topic(toks: list[_Tok], prev: _Claim, i: int) -> bool:
    """Whether a fronted topic with و (وعن، وحول) stands between the previous claim's cue and toks[i]."""
    return any(t.text in _TOPIC_OPENERS and t.text[0] == "و" and prev.cue_span[1] <= t.start for t in toks[max(0, i - MAX_SOURCE_TOKENS) : i])


def _opens_phrase_content(claims: list[_Claim], toks: list[_Tok], i: int) -> bool:
    """Whether toks[i] opens (after قد/فقد at most) the content of an attribution-phrase claim."""
    lead = 0
    while lead < i and toks[i - 1 - lead].text in ("قد", "فقد", "وقد"):
        lead += 1
    start = toks[i - lead].start
    return any(c.by_phrase and c.content[0] == start for c in claims)


def _opened_by_say(claims: list[_Claim], toks: list[_Tok], i: int) -> bool:
    """Whether a claim of this sentence with its cue before toks[i] has its content starting right
    after it (وصرح فلان قائلا: "..."), so the participle is part of that claim."""
    nxt = [t.start for t in toks[i + 1 : i + 4]]
    return bool(nxt) and any(c.cue_span[0] < toks[i].start and nxt[0] <= c.content[0] <= nxt[-1] + 1 for c in claims)


def _circumstantial(toks: list[_Tok], i: int) -> bool:
    """A participle in the accusative (مشيرا، مؤكدا، مضيفا) closing a clause with no comma before it
    (... العام الجاري كاشفا عن محادثات): it reports on the speaker's behalf, unless it agrees with an
    accusative noun before it (خبرا مؤكدا) or nothing follows it."""
    if i == 0 or i + 1 >= len(toks) or not toks[i].text.endswith("ا"):
        return False
    prev, nxt = toks[i - 1].text, toks[i + 1].text
    # what follows is its object, preposition or quote, not a coordinated noun (منكرا ونكير)
    return prev[0].isalpha() and not prev.endswith("ا") and not (nxt[:1] == "و" or nxt in _PUNCT_STOP)


def _opens_content(toks: list[_Tok], m: int, cue: Cue) -> bool:
    """Whether a marker (أن، إن) or the cue's preposition and a marker start at toks[m]."""
    if m >= len(toks):
        return False
    w = toks[m].text
    if w in _MARKERS or (w.startswith("ب") and w[1:] in _MARKERS):
        return True
    return w in cue.preps and m + 1 < len(toks) and toks[m + 1].text in _MARKERS


def _quote_parity(toks: list[_Tok]) -> list[bool]:
    """For each token, whether it sits inside a quotation; a sentence with an unclosed quote (the
    quotation runs on past the full stop) tells nothing and counts as unquoted."""
    if sum(1 for t in toks if t.text == _QUOTE) % 2:
        return [False] * len(toks)
    inside, out = False, []
    for t in toks:
        out.append(inside)
        if t.text == _QUOTE:
            inside = not inside
    return out


def _match_phrase(lex: Lexicon, toks: list[_Tok], i: int) -> tuple[str, ...] | None:
    """The attribution phrase (بحسب، وفقا ل، نقلا عن ...) starting at toks[i], if any."""
    word = toks[i].text
    # only و attaches to an attribution phrase: فحسب is "only"
    first = word if word in lex.phrases else (word[1:] if len(word) > 2 and word[0] == "و" and word[1:] in lex.phrases else None)
    if first is None:
        return None
    for phrase in lex.phrases[first]:
        n = len(phrase)
        words = (first, *(t.text for t in toks[i + 1 : i + n]))
        if len(words) < n or words[: n - 1] != phrase[: n - 1]:
            continue
        if words[-1] == phrase[-1]:
            return phrase
        # a trailing ل may be fused to the next word: وفقا لذات المصادر
        if n > 1 and phrase[-1] == "ل" and words[-1].startswith("ل") and len(words[-1]) > 2:
            return phrase
    return None


def _phrase_claim(d: _Doc, toks: list[_Tok], i: int, phrase: tuple[str, ...], s_end: int, claims: list[_Claim], consumed: set[int]) -> _Claim | None:
    """بحسب/وفقا ل/نقلا عن X: the source follows; the content is the rest of the sentence."""
    n = len(phrase)
    j = i + n
    fused_l = n > 1 and phrase[-1] == "ل" and toks[i + n - 1].text != "ل"
    if fused_l:
        j = i + n - 1
    cue_span = (toks[i].start, toks[j - 1].end)
    # وفق ما كشفته مصادر / بحسب ما أفاد به المصدر / وفقا لما ذكرته / حسبما ذكر تقرير
    if j < len(toks) and toks[j].text in ("ما", "لما"):
        j += 1
        fused_l = False
    if j < len(toks) and _verb_with_object(d.lex, toks[j].text):
        consumed.add(j)
        cue_span = (cue_span[0], toks[j].end)  # the cue is the whole "وفق ما كشفته"
        j += 1
        if j < len(toks) and toks[j].text in ("به", "بها"):
            j += 1
        fused_l = False
    src = _scan_source(d, toks, j, None, fused_first=fused_l)
    if src is None:
        return None
    s_lo, s_hi, k = src
    stype, conf = _classify(d, toks, s_lo, s_hi, claims, strict=True, fused=fused_l)
    credit = s_hi - s_lo == 1 and (s_hi >= len(toks) or toks[s_hi].text in _PUNCT_STOP or toks[s_hi].text in _MARKERS)
    outlet = d.lex.outlets.get(_unfuse_l(d.lex, toks[s_lo].text)) if credit else None
    if stype is None and outlet is not None:
        # وفقا للألمانية.: an outlet's short name ending the clause needs no quotes (not وفق الدستور ...)
        stype, conf = outlet[0], CONF_FALLBACK
    if stype is None:
        return None
    sent_start = toks[0].start
    before = (sent_start, toks[i - 1].end) if i > 0 else None
    after_start = k
    while after_start < len(toks) and toks[after_start].text in _PUNCT_STOP | _MARKERS:
        after_start += 1
    if after_start < len(toks) and (before is None or len(toks) - after_start >= 3):
        content = (toks[after_start].start, s_end)
    elif before is not None:
        content = before
    else:
        return None
    for idx in range(i, k):
        consumed.add(idx)
    return _Claim(
        cue_span, d.text[cue_span[0] : cue_span[1]], "assert", (toks[s_lo].start, toks[s_hi - 1].end), stype, conf, False,
        content, d.paragraph_of(toks[i].start), toks[0].start, by_phrase=True,
    )


def _verb_with_object(lex: Lexicon, word: str) -> bool:
    """A reporting verb, possibly with an object pronoun (كشفته، ذكرتها)."""
    if word in lex.cues and lex.cues[word].kind == "verb":
        return True
    for suffix in ("ه", "ها"):
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and stem in lex.cues and lex.cues[stem].kind == "verb":
            return True
    return False


def _cue_claim(d: _Doc, toks: list[_Tok], i: int, cue: Cue, s_end: int, claims: list[_Claim], consumed: set[int]) -> _Claim | None:
    """The claim of the reporting word at toks[i]: its stance, its source (after the verb, before
    it, or carried over), and its content; None when the word does not report a statement here."""
    if cue.kind == "noun":
        return _noun_claim(d, toks, i, cue, claims)
    stance = cue.stance
    cue_lo, cue_hi = i, i + 1
    prev = toks[i - 1].text if i > 0 else ""
    if prev[:1] == "و" and prev[1:] in _NEGATORS:
        prev = prev[1:]  # ولم يعلق
    if prev in _NEGATORS or (i > 1 and prev == "ان" and toks[i - 2].text in ("دون", "بدون")):
        if prev not in _NEG_NO_COMMENT or cue.lemma not in _STANCE_LEMMAS:
            return None  # دون أن يكشف، لم يعلن: nothing was said
        stance, cue_lo = "no_comment", i - 1
        # لم يؤكد ولم ينف / لم يؤكد أو ينفي
        k = i + 1
        while k < len(toks) and toks[k].text in ("ولم", "او", "لم", "ولا"):
            k += 1
        if i + 1 < k < len(toks) and _strip_clitic(toks[k].text, d.lex.cues):
            cue_hi = k + 1
            consumed.update(range(i + 1, k + 1))
    clitic = toks[i].text[0] in _CLITICS and toks[i].text not in d.lex.cues
    # SVO order (موسكو أعلنت، لكن المصادر أكدت، وكان موقع "X" قد كشف): a known source before the verb.
    back = None if cue.kind == "participle" or clitic else _scan_back(d, toks, cue_lo)
    s_lo = s_hi = None
    k = cue_hi
    if back is not None:
        s_lo, s_hi = back
    elif cue.kind != "participle":
        after = cue_hi + 1 if cue_hi < len(toks) and toks[cue_hi].text in _RESUMPTIVE and _resumed(toks, cue_lo) else cue_hi
        # نقلت عنه الوكالة أن: the medium relays the earlier speaker, who stays the source
        relays_back = cue.lemma == _RELAY_LEMMA and after < len(toks) and toks[after].text in _ABOUT
        if (
            after + 1 < len(toks) and toks[after].text in _ABOUT and "عن" not in cue.preps
            and toks[after + 1].text[:1].isalpha() and toks[after + 1].text not in _MARKERS
        ):
            after += 1  # قال عنه فلان: about whom, then the speaker (not أعلنت عنها الوزارة, its object)
        src = _scan_source(d, toks, after, cue)
        if src is not None and relays_back:
            k = src[2]  # the medium is passed over; the words follow it
        elif src is not None:
            s_lo, s_hi, k = src
            if s_hi - s_lo >= 2 and _possessed_object(d.lex, toks, s_hi - 1):
                s_hi -= 1  # أكدت الأمانة حرصها على: the possessed noun is the object
    topic = _fronted_topic(d, toks, i, claims) if s_lo is None else None
    topic = topic or (_statement_issuer(d, toks, i, claims) if s_lo is None and not clitic and cue.kind == "verb" else None)
    fronted = topic is not None
    if topic is not None:
        s_lo, s_hi = topic  # أما الكاتب فلان، فيؤكد أن; أصدرت الوزارة بيانا أكدت فيه: the topic or issuer speaks
    marked = True  # the content opens with a marker, not a bare object
    if cue.say_only:
        # ومضى البيان بالقول إن: the cue runs to the say-form, the words start after it
        say = _say_content(d.lex, toks, k)
        if say is None:
            return None
        cue_hi = say + 1
        consumed.add(say)
        content_start = _find_content(d, toks, say, cue) if toks[say + 1].text == ":" else toks[say + 1].start
    elif cue.kind == "refusal":
        content_start = _refused(d, toks, i, k, consumed)
    else:
        content_start = _find_content(d, toks, k, cue)
        marked = content_start is not None or cue.kind == "participle"
        if content_start is None and cue.kind == "participle":
            content_start = _object_start(toks, k)  # مرجحة ارتفاع الحصيلة، مؤكدا أهمية التعاون
        if content_start is None and not cue.needs_marker and s_lo is not None:
            if back is None and not (s_hi < len(toks) and toks[s_hi].text in ("،", ",")):
                # أعلنت القيادة العامة وقف إطلاق النار: the subject ends where the object begins
                s_hi = _definite_end(d, toks, s_lo, s_hi)
            content_start = _object_start(toks, cue_hi if back is not None else s_hi)
    before_as = None  # "...، كما أضاف الوزير": the content is the clause before the cue
    if content_start is None and prev == "كما" and s_lo is not None and back is None and i >= 3:
        s_hi = next((m for m in range(s_lo, s_hi) if toks[m].text in _CLAUSE_BREAKS or toks[m].text in _PUNCT_STOP), s_hi)
        end = i - 3 if toks[i - 2].text in _CLAUSE_COMMAS else i - 2
        if s_hi > s_lo and end >= 1:
            before_as = (toks[0].start, toks[end].end)
            content_start = before_as[0]
    if content_start is None:
        return None
    if s_lo is None and cue.kind == "verb" and (clitic or (prev in _RELATIVES and cue_lo == i and _relative_report(toks, i, cue))):
        # يظهر الحرفي فلان الذي تحدث ... ويقول إن; التقارير التي أكدت أن: the relative's antecedent
        s_lo, s_hi = _relative_speaker(d, toks, i) or (None, None)
    relayed = _relayed_speaker(d, toks, s_lo, s_hi, cue, claims) if s_lo is not None else None
    if relayed is not None:
        s_lo, s_hi = relayed  # نقلت الصحيفة عن فلان قوله: the paper relays, فلان is the source
    source: tuple[int, int] | None = None
    inherited = False
    if s_lo is not None:
        # a present verb (يبلغ، تؤكد) or an object taken for content (أكد سيطرة المقاومة) makes the
        # subject boundary unsure, so an unknown word is not taken for a name there
        clear_end = s_hi < len(toks) and (toks[s_hi].text in _PUNCT_STOP or toks[s_hi].text in _TIME_WORDS)
        # a cue that is also a common word (وبين "and between") needs a subject known as a source
        # ... unless a short subject is followed at once by the content (ويرى فلان أن، وتقول فلانة إن)
        named_then_words = (
            (cue.present or not cue.bare_ok) and s_hi - s_lo <= MAX_PRESENT_NAME and _opens_content(toks, s_hi, cue)
            and prev not in _SUBORDINATORS and _strip_clitic(toks[i].text, _CALLED) is None and _name_like(d, toks, s_lo, s_hi)
        )
        strict = relayed is None and not named_then_words and not fronted and (
            cue.present or not cue.bare_ok or not (marked or clear_end) or (_after_since(toks, cue_lo) and not _name_like(d, toks, s_lo, s_hi))
        )
        stype, conf = _classify(d, toks, s_lo, s_hi, claims, strict=strict)
        if stype is None and fronted:
            stype, conf = "named_person", CONF_FALLBACK  # أما المولوي فلان، فقال: a topic that reads as a person
        if stype is None and stance == "no_comment":
            s_lo = None  # ولم تؤكد صحة الصورة: the phrase after a negated verb is its object
        elif stype is None:
            return None
        else:
            if stype in ("official", "named_person") and _withheld_name(toks, s_lo, s_hi):
                stype = "anonymous"  # المسؤول الذي طلب عدم الكشف عن اسمه
            # سبق للوزارة أن أكدت: the source is written with a fused ل
            fused = back is not None and s_lo > 0 and _bare(toks[s_lo - 1].text) == "سبق" and toks[s_lo].text[0] == "ل"
            source = (toks[s_lo].start + (fused and not toks[s_lo].text.startswith("لل")), toks[s_hi - 1].end)
    if s_lo is None:
        # Only a participle or a clause-initial past verb (وأوضحت أن) carries the earlier source on;
        # a subject-less present verb is impersonal (يذكر أن) or subordinate.
        clause_initial = i == 0 or prev in _CLAUSE_COMMAS or prev in _CLAUSE_OPENERS or clitic or _after_topic(d, toks, i)
        if (cue.present and stance != "no_comment") or not (cue.kind == "participle" or clause_initial or stance == "no_comment"):
            return None
        ante = _antecedent(d, toks[i].start, claims)
        in_sentence = ante is not None and ante.cue_span[0] >= toks[0].start
        opening = None if cue.kind == "participle" and in_sentence else _opening_subject(d, toks, i)
        earlier = _earlier_opening(d, toks[i].start, ante) if opening is None and not in_sentence else None
        if opening is not None:
            # ودشن عضو مجلس الإدارة فلان المعرض، وأشار إلى أن: the subject of the sentence's first verb
            s_lo, s_hi, stype, conf = opening
            source = (toks[s_lo].start, toks[s_hi - 1].end)
        elif earlier is not None:
            # أعرب الوزير فلان عن ... . وأضاف أن: the speaker opened an earlier sentence
            source, stype, conf, inherited = (earlier[1], earlier[2]), earlier[3], earlier[4], True
        elif ante is not None:
            source, stype, inherited = ante.source, ante.source_type, True
            conf = min(ante.confidence, CONF_INHERITED)
        else:
            stype, conf = "unattributed", CONF_UNATTRIBUTED
    content = before_as or _content_range(d, content_start, s_end)
    cue_span = (toks[cue_lo].start, toks[cue_hi - 1].end)
    claim = _Claim(cue_span, d.text[cue_span[0] : cue_span[1]], stance, source, stype, conf, inherited, content, d.paragraph_of(toks[i].start), toks[0].start)
    # a subject right where another claim's words start (قال فلان إن «الإعلان» كشف): reported speech
    # of that speaker, so a later subject-less cue refers back past it
    claim.nested = back is not None and any(c.sentence == toks[0].start and c.content[0] in (toks[s_lo].start, toks[s_lo].end) for c in claims)
    return claim


def _possessed_object(lex: Lexicon, toks: list[_Tok], m: int) -> bool:
    """Whether toks[m] is a noun with a possessive pronoun right after a definite word (الأمانة حرصها،
    الوزارة رفضها): the verb's object, not part of its subject."""
    w, prev = toks[m].text, _unfuse_article(toks[m - 1].text)
    return (
        w.endswith(("ها", "هم", "هما")) and len(w) >= 5 and w[0] not in "بل" and not w.startswith("ال") and prev.startswith("ال") and len(prev) > 3
        and w not in _NOT_SOURCE
        and w[1:] not in _NOT_SOURCE and w not in _SAME_WORDS and w not in _SAYING_WORDS and not w.startswith(("بقول", "وقول"))
        and _head_type(lex, w) is None and _possessed_source(lex, w) is None
    )


def _relayed_speaker(d: _Doc, toks: list[_Tok], s_lo: int, s_hi: int, cue: Cue, claims: list[_Claim]) -> tuple[int, int] | None:
    """In "نقلت الصحيفة عن فلان قوله" the paper only relays and فلان is the source: the token range
    of the one quoted, when it reads as a source (الصحيفة عن الوزارة، وسائل إعلام عن مصادر)."""
    if cue.lemma != _RELAY_LEMMA:
        return None
    at = next((m for m in range(s_lo + 1, s_hi) if toks[m].text == "عن"), None)
    if at is None or at + 1 >= s_hi:
        return None
    end = next((m for m in range(at + 1, s_hi) if toks[m].text in _SAYING_WORDS), s_hi)
    if end == at + 1 or _classify(d, toks, at + 1, end, claims)[0] is None:
        return None
    return at + 1, end


def _earlier_opening(d: _Doc, pos: int, ante: _Claim | None) -> tuple[int, int, int, str, float] | None:
    """The latest sentence-opening subject before pos, in reach and more recent than the antecedent."""
    if not d.openings:
        return None
    last = d.openings[-1]
    if d.paragraph_of(pos) - last[0] > MAX_INHERIT_PARAGRAPHS:
        return None
    if ante is not None and ante.cue_span[0] > last[1]:
        return None
    return last


def _opening_subject(d: _Doc, toks: list[_Tok], i: int) -> tuple[int, int, str, float] | None:
    """The known source right after the verb that opens the sentence, when the cue comes later.

    Only a phrase whose first word is a source word counts (عضو، وزارة، مصادر), so an ordinary
    object of that verb is not taken for a speaker.
    """
    if len(toks) > 3 and toks[1].text in _CLAUSE_COMMAS:
        toks = toks[2:]  # دوليا، دان الأمين العام ... وقال
        i -= 2
        shift = 2
    else:
        shift = 0
    if i < 3 or not toks[0].text[0].isalpha() or _strip_clitic(toks[0].text, d.lex.cues):
        return None
    kinds = [_head_type(d.lex, t.text) for t in toks[1 : 1 + OPENING_TITLE_WINDOW]]
    if kinds[0] not in _SOURCE_KINDS:
        # أثار بيب جوارديولا مدرب الفريق ... وقال: a name of two words or more, then its title
        name_words = next((n for n, kind in enumerate(kinds) if kind in ("title", "person_title")), 0)
        if name_words < 2 or toks[1].text.startswith("ال") or any(
            t.text in _NOT_SOURCE and toks[n].text not in _NAME_LINKS for n, t in enumerate(toks[1 : 1 + name_words], start=0)
        ):
            return None
    src = _scan_source(d, toks, 1, None)
    if src is None or src[1] > i:
        return None
    stype, conf = _classify(d, toks, src[0], src[1], [])
    if stype is None:
        return None
    return src[0] + shift, src[1] + shift, stype, min(conf, CONF_INHERITED)


def _withheld_name(toks: list[_Tok], lo: int, hi: int) -> bool:
    """Whether a source or the words after it say its name is withheld (الذي طلب عدم الكشف عن اسمه)."""
    window = [t.text for t in toks[lo : hi + ANONYMITY_WINDOW]]
    return any(w in _NAME_WORDS for w in window) and any(w in _WITHHOLD_WORDS for w in window)


def _refused(d: _Doc, toks: list[_Tok], i: int, k: int, consumed: set[int]) -> int | None:
    """Where the content of a refusal starts: after what is refused (رفض ... نفي أو تأكيد استلام)."""
    objects = d.lex.refusal_objects
    for m in range(k, min(len(toks), k + MAX_REFUSAL_GAP)):
        if toks[m].text in _MARKERS or toks[m].text in _CLAUSE_BREAKS or toks[m].text == _QUOTE:
            return None  # «ورفضت قوى المعارضة الاتفاق، معتبرة أنه ...، فيما لم يصدر تعليق»: a later clause's word
        if toks[m].text in objects or _bare(toks[m].text) in objects:
            m2 = m + 1
            while m2 < len(toks) and (toks[m2].text in ("او", "و", "ولا") or toks[m2].text in objects or _bare(toks[m2].text) in objects):
                m2 += 1
            consumed.update(range(i, m2))
            return toks[m2].start if m2 < len(toks) else toks[m].start
    return None


def _definite_end(d: _Doc, toks: list[_Tok], lo: int, hi: int) -> int:
    """The end of a subject followed by an object: at the first indefinite word after a definite one."""
    first = toks[lo]
    if first.text == _QUOTE:
        name = _quoted_name(toks, lo)  # ونفى "العلي" نشر الخبر: the quoted name is the subject
        return min(hi, lo + len(name.split()) + 2) if name else hi
    if not first.text.startswith("ال") and _head_type(d.lex, first.text) is None and d.text.find(first.text, 0, first.start) != -1:
        return lo + 1  # ونفى عسيري إمكانية ...: a name already met in the article stands alone
    seen_definite = False
    for m in range(lo, hi):
        w = _unfuse_article(toks[m].text)
        definite = w.startswith("ال")
        if seen_definite and not definite and w not in (_QUOTE, "باسم"):
            return m
        seen_definite = seen_definite or definite
    return hi


def _unfuse_article(w: str) -> str:
    """A word with للـ written back as الـ and a و before الـ dropped (للجيش -> الجيش)."""
    if w.startswith("لل"):
        return "ال" + w[2:]
    if w[:1] in _CLITICS and w[1:3] == "ال":
        return w[1:]
    return w


def _object_start(toks: list[_Tok], m: int) -> int | None:
    """Where an object phrase taken as content starts, past time words and punctuation."""
    while m < len(toks) and (toks[m].text in _TIME_WORDS or toks[m].text in _PUNCT_STOP):
        m += 1
    if m < len(toks) and len(toks) - m >= 2:
        return toks[m].start
    return None


def _noun_claim(d: _Doc, toks: list[_Tok], i: int, cue: Cue, claims: list[_Claim]) -> _Claim | None:
    """رغم نفي الجانب الروسي تقديم الأسلحة: a definite (or construct) phrase, then the content."""
    j = i + 1
    seen_definite = False
    while j < len(toks) and j - i <= 4:
        w = _unfuse_article(toks[j].text)
        if w in _PUNCT_STOP or w == _QUOTE or w in _MARKERS:
            break
        definite = w.startswith("ال")
        if seen_definite and not definite:
            break
        seen_definite = seen_definite or definite
        j += 1
        if _bare(w) in d.lex.states or w in d.lex.states:
            break
    if j == i + 1 or j >= len(toks) or toks[j].text in _PUNCT_STOP:
        return None
    stype, conf = _classify(d, toks, i + 1, j, claims)
    if stype is None or stype == "named_person":
        return None  # an ordinary noun phrase, not a source (نفي التهمة)
    source = (toks[i + 1].start, toks[j - 1].end)
    # the denied content is the object phrase, up to the next comma or semicolon
    end = j
    while end < len(toks) and toks[end].text not in ("،", ",", "؛", ";", "."):
        end += 1
    content = (toks[j].start, toks[end - 1].end)
    return _Claim((toks[i].start, toks[i].end), toks[i].text, cue.stance, source, stype, conf, False, content, d.paragraph_of(toks[i].start), toks[0].start)


def _content_range(d: _Doc, start: int, s_end: int) -> tuple[int, int]:
    """From the content start to the sentence end; a quote that runs on closes the range."""
    text = d.text
    while start < s_end and text[start] in ' "':
        if text[start] == _QUOTE:
            close = text.find(_QUOTE, start + 1)
            par_end = text.find("\n", start)
            if close != -1 and (par_end == -1 or close < par_end):
                return start + 1, close
        start += 1
    end = s_end
    while end > start and text[end - 1] in " .":
        end -= 1
    return start, end


def _find_content(d: _Doc, toks: list[_Tok], k: int, cue: Cue) -> int | None:
    """Where the content starts after the source: a marker, the verb's preposition or a quote."""
    m = k
    # a relative clause on the source (موقع جودي الذي يستمد معلوماته من ...) pushes the marker further
    gap = 2 * MAX_MARKER_GAP if k < len(toks) and _bare(toks[k].text) in ("ذي", "تي", "ذين") else MAX_MARKER_GAP
    limit = min(len(toks), k + gap)
    adjacent = True  # only time words and commas so far between the source and here
    # a recipient or a setting was passed over (وقال لرويترز في مقابلة "...", وقالت الحكومة في
    # بيانها "..."): a long quotation right after it is still the verb's content
    after_setting = False
    while m < limit:
        w = toks[m].text
        if _adjacent_say(d.lex, toks, m, k):
            # وصرح فلان (27 عاما) بعد انتقاله قائلا: the participle of "say" opens the content
            return toks[m + 1].start if m + 1 < len(toks) and toks[m + 1].text != ":" else (toks[m + 2].start if m + 2 < len(toks) else None)
        if w == "؛" and m == k and m + 2 < len(toks) and toks[m + 1].text in _MARKERS:
            return toks[m + 2].start  # فلان "الدكتور فلان"؛ أن: a semicolon for a comma
        if w in _CLAUSE_BREAKS or (
            m > k and _strip_clitic(w, d.lex.cues) and toks[m - 1].text not in _NEGATORS and _strip_clitic(toks[m - 1].text, _MASDAR_GOVERNORS) is None
            and toks[m - 1].text not in ("ما", "لما")  # بحسب ما أورد الموقع: inside an attribution phrase
            and _bare(toks[m - 1].text) not in ("ذي", "تي")  # الصحيفة التي أوردت الخبر: inside a relative clause
            and (d.lex.cues[_strip_clitic(w, d.lex.cues)].bare_ok or w not in d.lex.cues)  # بين سكانها: "between"
        ):
            break
        if w in _MARKERS:
            return toks[m + 1].start if m + 1 < len(toks) else None
        if w == _QUOTE and not (m > 0 and toks[m - 1].text == "ل") and (adjacent or (after_setting and not _short_quote(toks, m))):
            return toks[m].start  # a quote right after the verb and its subject (وتابع المصدر "...")
        if w in cue.preps:
            nxt = toks[m + 1].text if m + 1 < len(toks) else ""
            if nxt in _MARKERS:
                return toks[m + 2].start if m + 2 < len(toks) else None
            # the verb's own preposition, right after the subject (كشفت مصادر عن وصول، شدد على ضرورة)
            if (adjacent or toks[m - 1].text in ("،", ",")) and m + 1 < len(toks):
                return toks[m + 1].start
        if (adjacent or toks[m - 1].text in ("،", ",")) and len(w) > 3 and w[0] in cue.preps and w[0] in "بل":
            return toks[m].start  # أفادت مصادر أمس بسقوط قتلى، ونوه لوجود
        if w.startswith("ل") and _recipient_at(d, toks, m):
            m = _skip_recipient(d, toks, m)
            adjacent = False
            after_setting = True
            continue
        if w in _SETTING_OPENERS and not _is_filler(toks, m) and _is_setting(toks, m):
            # في تصريح له، عبر حسابه على "تويتر": the setting does not part the source from its words
            after_setting = True
            m += 1
            while m < limit and toks[m].text not in _MARKERS and toks[m].text not in ("،", ",", ":"):
                if toks[m].text in cue.preps and m + 1 < len(toks) and toks[m + 1].text in _MARKERS:
                    break
                if toks[m].text == _QUOTE:
                    name = _quoted_name(toks, m)
                    if toks[m - 1].text in ("له", "لها", "لهم") or not _short_quote(toks, m):
                        break  # في تصريح له "...": the quote is the content
                    m += len(name.split()) + 1  # على موقع "فيسبوك": a name inside the setting
                m += 1
            continue
        adjacent = adjacent and _is_filler(toks, m)
        m += 1
    return None


def _adjacent_say(lex: Lexicon, toks: list[_Tok], m: int, k: int) -> bool:
    """Whether toks[m] is a participle or another say-form of قال (قائلا، بالقول، يقول، إلى القول)
    after the source, followed by content."""
    if m - k > SAY_GAP or m + 1 >= len(toks) or any(t.text in _CLAUSE_COMMAS for t in toks[k:m]):
        return False
    w = toks[m].text
    if w in _SAY_PRESENT:
        return m == k  # ومضى فلان يقول; not "... أنك تعني ما تقول"
    if w in _SAY_FORMS or (w == "القول" and m > 0 and toks[m - 1].text == "الي"):
        return True
    key = _strip_clitic(w, lex.cues)
    return key is not None and lex.cues[key].kind == "participle" and lex.cues[key].lemma == _SAY_LEMMA


def _talk_ends_source(lex: Lexicon, toks: list[_Tok], m: int) -> bool:
    """Whether toks[m] (حديثه، تصريحاته) is the speaker's own talk, followed by a say-form, the one
    spoken to or a setting (وواصل فلان حديثه أمام اللجنة قائلا), not an adjective (دراسة حديثة)."""
    nxt = toks[m + 1].text if m + 1 < len(toks) else ""
    return _adjacent_say(lex, toks, m + 1, m) or nxt.startswith("ل") or nxt in _SETTING_OPENERS or nxt == "امام"


def _say_content(lex: Lexicon, toks: list[_Tok], k: int) -> int | None:
    """For a verb of going on, the index of the say-form that opens its words (ومضى البيان بالقول)."""
    return next((m for m in range(k, min(len(toks), k + SAY_GAP + 1)) if _adjacent_say(lex, toks, m, k)), None)


def _is_filler(toks: list[_Tok], m: int) -> bool:
    """A time expression or comma between the source and its content (في سبتمبر/أيلول الماضي، أمس)."""
    w = toks[m].text
    if w in _TIME_WORDS or w in ("،", ",", "/", "-") or w.isdigit():
        return True
    nxt = toks[m + 1].text if m + 1 < len(toks) else ""
    prev = toks[m - 1].text if m > 0 else ""
    if w in _MONTHS:
        return prev in ("في", "/") or prev.isdigit() or nxt.isdigit() or nxt == "/"
    if (w == "علي" and nxt == "وجه") or (w == "وجه" and prev == "علي") or (prev == "وجه" and w in ("الخصوص", "التحديد")):
        return True  # على وجه الخصوص
    return w == "في" and (nxt in _TIME_WORDS or nxt in _MONTHS or nxt.isdigit())


def _recipient_at(d: _Doc, toks: list[_Tok], m: int) -> bool:
    """True when toks[m] starts "لـ'outlet'" or "لوكالة/لموقع/لصحيفة ...": the one spoken to."""
    w = toks[m].text
    if w in _RECIPIENT_WORDS:
        return True
    if w == "ل" and m + 1 < len(toks) and toks[m + 1].text == _QUOTE:
        # between a source and its words لـ"..." names the one spoken to, known outlet or not,
        # except after a title or التابع, where it names the body the source belongs to
        # (الناطق الإعلامي لـ"صحة الطائف"، الشرطة التابعة لـ"حماس")
        if _quoted_name(toks, m + 1) in d.lex.outlets:
            return True
        owner = any(_bare(t.text).startswith("تابع") or _head_type(d.lex, t.text) == "title" for t in toks[max(0, m - 2) : m])
        return _short_quote(toks, m + 1) and not owner
    if w.startswith("ل") and len(w) > 2:
        rest = _bare(w[1:]) if not w.startswith("لل") else w[2:]
        head = d.lex.heads.get(rest) or d.lex.heads.get(w[1:])
        if head and head[0] in ("media", "agency"):
            return True
        if head and head[0] == "organisation" and m + 1 < len(toks) and _bare(toks[m + 1].text) in _BROADCAST_WORDS:
            return True  # لهيئة الإذاعة البريطانية: a broadcaster spoken to
        if w[1:] in d.lex.outlets and not d.lex.outlets[w[1:]][1]:
            return True
    return False


def _short_quote(toks: list[_Tok], q: int) -> bool:
    """Whether the quote at toks[q] holds a short name (an outlet, a programme), not quoted words."""
    name = _quoted_name(toks, q)
    return name is not None and len(name.split()) <= MAX_QUOTED_NAME


def _quoted_name(toks: list[_Tok], q: int) -> str | None:
    """The words between the quote at toks[q] and its closing quote, when that is close."""
    words = []
    for t in toks[q + 1 : q + 8]:
        if t.text == _QUOTE:
            return " ".join(words)
        words.append(t.text)
    return None


def _skip_recipient(d: _Doc, toks: list[_Tok], m: int) -> int:
    """The index after a recipient phrase: a quoted name or an outlet word and its name."""
    if toks[m].text in _RECIPIENT_WORDS:
        return m + 1
    m += 1
    if m < len(toks) and toks[m].text == _QUOTE:
        m += 1
        while m < len(toks) and toks[m].text != _QUOTE:
            m += 1
        return m + 1
    while m < len(toks) and toks[m].text not in _PUNCT_STOP and toks[m].text not in _MARKERS and toks[m].text not in _TIME_WORDS:
        if _is_setting(toks, m) or (toks[m].text == _QUOTE and not _short_quote(toks, m)):
            break  # لرويترز في مقابلة، للإذاعة الحكومية "...": the setting or the quoted words follow
        if toks[m].text == _QUOTE:
            m += 1
            while m < len(toks) and toks[m].text != _QUOTE:
                m += 1
        m += 1
    return m


def _is_setting(toks: list[_Tok], m: int) -> bool:
    """Whether toks[m] opens the setting of a statement (في بيان، عبر حسابه، من جانبه، أمس)."""
    w = toks[m].text
    if w in _SETTING_PREPS or w in _TIME_WORDS:
        return True
    if w == "في" and m + 1 < len(toks) and (toks[m + 1].text in _MONTHS or toks[m + 1].text.isdigit()):
        return True  # في سبتمبر الماضي
    if w == "من" and m + 1 < len(toks) and (toks[m + 1].text in _SIDE_WORDS or _bare(toks[m + 1].text).startswith(("مقر", "مكتب", "منبر"))):
        return True  # من جانبه، من مقر الرئاسة
    if w == "في":
        for t in toks[m + 1 : m + 3]:
            if _bare(t.text).startswith(_SETTING_NOUNS):
                return True
    if w == "علي" and m + 1 < len(toks):
        return _bare(toks[m + 1].text).startswith(_ON_SETTING_NOUNS)
    return False


def _scan_source(d: _Doc, toks: list[_Tok], j: int, cue: Cue | None, *, fused_first: bool = False) -> tuple[int, int, int] | None:
    """The source phrase starting at toks[j]: (first, last+1, index where scanning stopped).

    None when no subject stands there (the next word is a marker, a preposition or punctuation).
    """
    lex = d.lex
    lo = j
    m = j
    document_head = False
    preps = cue.preps if cue else frozenset()
    limit = MAX_SOURCE_TOKENS
    while m < len(toks) and m - lo < limit:
        w = toks[m].text
        if m == lo:
            limit = MAX_TITLED_SOURCE_TOKENS if _head_type(lex, w) in ("title", "official", "organisation") else MAX_SOURCE_TOKENS
        if w == "-" and m > lo:
            close = _dash_apposition(lex, toks, m)
            if close is None:
                break
            m = close  # فلان - المتحدث باسم الوزارة - إن: the title between dashes is the source's
            continue
        if w == "." and m > lo and len(toks[m - 1].text) == 1 and _head_type(lex, toks[m - 1].text):
            m += 1  # د. فلان: the dot of an abbreviated title
            continue
        if w in _MARKERS or w in preps or w in ("قد", "فقد", "وقد") or w in _SOURCE_BREAKS or (m > lo and w in _NEW_CLAUSE and w.lstrip("و").startswith("لكن")) or w in _PUNCT_STOP and w not in ("،", ","):
            break
        if cue is not None and cue.kind == "refusal" and m > lo and (w in lex.refusal_objects or _bare(w) in lex.refusal_objects):
            break  # ورفض فلان الكشف عن: the refused act ends the subject
        bare_l = w == "ل" and not (m + 1 < len(toks) and toks[m + 1].text == _QUOTE)  # لـ(إيه.بي.سي)
        if w in _CALLED and m > lo and m + 1 < len(toks) and toks[m + 1].text[:1].isalpha() and toks[m + 1].text not in _MARKERS:
            m += 1  # وقال محتج يدعى فلان
            continue
        if w in _SAY_FORMS or (w in _TALK_WORDS and (m == lo or _talk_ends_source(lex, toks, m))):
            if m == lo:
                return None  # ومضى يقول، واختتم حديثه لـ"الصحيفة" قائلا
            break  # وختم فلان حديثه بالقول: one's own talk is not part of the source
        if bare_l or w in _RECIPIENT_WORDS or _is_participle(lex, w):
            if m == lo:
                return None  # واستطرد قائلا
            break  # قال فلان للصحافيين، ويؤكد فلان قائلا
        if m == lo and w.startswith("ل") and not w.startswith("لل") and _unfuse_l(lex, w) == w and not fused_first and not _recipient_at(d, toks, m):
            return None  # أكدت للعالم أجمع: a prepositional phrase, not a subject
        if w.startswith("ب") and w[1:] in _MARKERS:
            break
        if _is_setting(toks, m) and m > lo:
            break
        if m == lo and not fused_first and (w in _TIME_WORDS or w in _NOT_SOURCE or _is_setting(toks, m)):
            return None  # وأضاف إلى أنه، وقال في بيان: no subject here
        if m == lo and cue is not None and w.startswith("ل") and _recipient_at(d, toks, m):
            m = lo = _skip_recipient(d, toks, m)  # كشف لـ"الاقتصادية" مصدر مطلع أن
            continue
        if "ب" in preps and w.startswith("ب") and len(w) > 3 and _head_type(lex, w) is None:
            if m == lo:
                return None  # ونوه بوقوع حالتي غرق: the preposition opens the content
            if not _marker_ahead(lex, toks, m + 1):
                break  # أفاد المرصد بمقتل; but in "أفاد روجر برايس ... بأن" the word is a name
        if w == _QUOTE:
            name = _quoted_name(toks, m)
            if name is None or (m == lo and not _quoted_subject(toks, m, name)):
                break
            if m > lo and toks[m - 1].text == "ل" and not document_head and _recipient_at(d, toks, m - 1):
                break  # recipient: لـ"العربي الجديد"، لـ"مرصد الأخبار"; not الشرطة التابعة لـ"حماس"
            prev_w = toks[m - 1].text
            speech = any(w in _NOT_SOURCE or w in _SPEECH_WORDS for w in name.split())
            if m > lo and (speech or (
                _head_type(lex, prev_w) is None and not prev_w.startswith("ال") and prev_w not in _NON_NAME_WORDS and prev_w != "ل"
                and _bare(prev_w) not in ("عنوان", "اسم", "باسم", "بعنوان") and len(name.split()) > 2
            )):
                break  # المتحدث فلان "نحن الذين نفذنا الهجوم": quoted words, not a name the source goes on with
            m += len(name.split()) + 2
            # after a quoted name only adjectives go on (موقع "بوليتيكو" الأمريكي), not a new clause
            # (بحسب تقرير «صحارى» ارتفع مؤشر البورصة)
            while (
                m < len(toks) and m - lo < MAX_SOURCE_TOKENS and toks[m].text.startswith(("ال", "ل"))
                and toks[m].text not in _SOURCE_BREAKS and toks[m].text not in _NON_NAME_WORDS  # "حمدان" إلى أن
            ):
                m += 1
            break
        if w in ("،", ","):
            if m == lo:
                return None
            ext = _apposition(d, toks, m, preps)
            if ext is None:
                break
            m = ext
            continue
        if m > lo and w.startswith("ل") and not document_head and _recipient_at(d, toks, m):
            break
        if m == lo:
            head = lex.heads.get(w) or lex.heads.get(_bare(w))
            document_head = bool(head and head[0] == "document")
        m += 1
    if m == lo:
        return None
    if limit > m - lo > MAX_SOURCE_TOKENS and not (m < len(toks) and _clear_source_end(d, toks, m)):
        m = lo + MAX_SOURCE_TOKENS  # no sure boundary within the longer reach: as long as any source
    hi = m
    while hi > lo + 1 and toks[hi - 1].text == "-":
        hi -= 1
    return lo, hi, m


def _clear_source_end(d: _Doc, toks: list[_Tok], m: int) -> bool:
    """Whether toks[m] surely ends a subject: a content marker, a quote, a recipient or a setting
    (a comma may part a subject from its object: أكد الوزير ...، معتبرا)."""
    w = toks[m].text
    return w in _MARKERS or w in ("فقد", "وقد") or w == _QUOTE or (w.startswith("ب") and w[1:] in _MARKERS) or _recipient_at(d, toks, m) or _is_setting(toks, m)


def _dash_apposition(lex: Lexicon, toks: list[_Tok], m: int) -> int | None:
    """After "X - Y -" or "X- Y:": the index past the closing dash, or of the marker that ends Y,
    when Y is a short phrase in apposition; None when the dash opens something else."""
    for n in range(m + 1, min(len(toks), m + 2 + MAX_TITLE_APPOSITION)):
        w = toks[n].text
        if w == "-":
            return n + 1 if n > m + 1 else None
        if w in _MARKERS:
            return n if n > m + 1 else None
        if w in _PUNCT_STOP or w == _QUOTE or _strip_clitic(w, lex.phrases) is not None:
            return None  # المصدر - حسب وكالة ... -: an attribution of its own, not the source's title
    return None


def _marker_ahead(lex: Lexicon, toks: list[_Tok], m: int) -> bool:
    """Whether a content marker (أن، بأن، colon) comes within reach after toks[m], before another clause
    (a reporting verb with و opens one: أفاد البنك بهبوط ...، وتوقع أن)."""
    for t in toks[m : m + MAX_MARKER_GAP]:
        if t.text in _MARKERS or (t.text.startswith("ب") and t.text[1:] in _MARKERS):
            return True
        if t.text in _CLAUSE_BREAKS or t.text in (".", "؛") or (t.text[0] in _CLITICS and _strip_clitic(t.text, lex.cues) not in (None, t.text)):
            return False
    return False


def _is_participle(lex: Lexicon, word: str) -> bool:
    """Whether the word is a reporting participle (مشيرا، مؤكدة)."""
    key = _strip_clitic(word, lex.cues)
    return key is not None and lex.cues[key].kind == "participle"


def _quoted_subject(toks: list[_Tok], q: int, name: str) -> bool:
    """A short quoted name right after the verb (نوهت "غو برو" إلى أن), not quoted speech."""
    after = q + len(name.split()) + 2
    return 0 < len(name.split()) <= MAX_QUOTED_NAME and after < len(toks) and toks[after].text not in _PUNCT_STOP - {"،", ","}


def _apposition(d: _Doc, toks: list[_Tok], m: int, preps: frozenset[str]) -> int | None:
    """After "X، Y،" or "X، Y إن": the index past Y when Y is a short name or a title in apposition."""
    n = m + 1
    titled = n < len(toks) and _head_type(d.lex, toks[n].text) == "title"
    limit = MAX_TITLE_APPOSITION if titled else MAX_APPOSITION
    while n < len(toks) and n - m <= limit:
        w = toks[n].text
        if w in ("،", ",") or w in _MARKERS or (titled and w == ":"):
            break
        if (w in _PUNCT_STOP and not (titled and w in "()")) or (w == _QUOTE and not titled) or w in preps or _is_setting(toks, n) or w == "قد":
            return None
        if (w in _NON_NAME_WORDS and not titled) or _is_participle(d.lex, w):
            return None
        key = _strip_clitic(w, d.lex.cues)
        if (n == m + 1 and w in _NOT_SOURCE) or (key is not None and key != w and not d.lex.cues[key].present):
            return None  # "فلان، هو أن"، "دخول التنظيم ...، وقال:": a new clause, not a name in apposition
        n += 1
    else:
        return None
    if n == m + 1 or n >= len(toks):
        return None
    return n


def _had_said(toks: list[_Tok], i: int) -> bool:
    """"وسبق أن أكد فلان أن": سبق أن before a verb says the source had said it before (but not
    after a negation: لم يسبق أن)."""
    if i < 2 or toks[i - 1].text != "ان" or toks[i - 2].text not in ("سبق", "وسبق", "فسبق"):
        return False
    return i < 3 or _bare(toks[i - 3].text) not in _NEGATORS


def _after_since(toks: list[_Tok], i: int) -> bool:
    """"بعد أن أعلنت الوزارة أن"، "بعدما أشار الأمين العام إلى": a statement already made, reported in a
    time clause (not "قبل أن يعلن", which has not been made)."""
    if i >= 1 and toks[i - 1].text in ("بعدما", "وبعدما"):
        return True
    return i >= 2 and toks[i - 1].text == "ان" and toks[i - 2].text in ("بعد", "وبعد", "عقب", "وعقب")


def _preceded_source(toks: list[_Tok], i: int) -> tuple[int, int] | None:
    """The X of "سبق لـX أن أكد" (X had said before): the words between سبق and أن, opened by a
    fused ل; None after a negation (لم يسبق لـX أن), which says nothing was said."""
    if i < 3 or toks[i - 1].text != "ان":
        return None
    for m in range(i - 2, max(-1, i - 3 - MAX_SOURCE_TOKENS), -1):
        w = toks[m].text
        if w in _PUNCT_STOP:
            return None
        if _bare(w) == "سبق" and w in ("سبق", "وسبق", "فسبق"):
            if m > 0 and _bare(toks[m - 1].text) in _NEGATORS:
                return None
            lo = m + 1
            if lo < i - 1 and toks[lo].text.startswith("ل") and len(toks[lo].text) > 2:
                return lo, i - 1
            return None
    return None


def _scan_back(d: _Doc, toks: list[_Tok], i: int) -> tuple[int, int] | None:
    """A subject before the verb (مصادر ليبية تكشف، وكانت مصادر خاصة قد كشفت، لكن المصادر أكدت)."""
    preceded = _preceded_source(toks, i)
    if preceded is not None:
        return preceded
    hi = i
    if hi > 0 and toks[hi - 1].text == "قد":
        hi -= 1
        if hi > 1 and toks[hi - 1].text in ("كان", "كانت"):
            hi -= 1  # أن وزارة الدفاع كانت قد أعلنت: the subject stands before كان
    if hi > 0 and toks[hi - 1].text in ("،", ","):
        hi -= 1  # وكان مساعد الوزير فلان، أكد أن
    lo = hi
    while lo > 0 and hi - lo < MAX_SOURCE_TOKENS:
        w = toks[lo - 1].text
        if w in _CLAUSE_STARTS or w in _PUNCT_STOP:
            break
        lo -= 1
    if lo == hi or toks[hi - 1].text in _RELATIVES:
        return None  # رئيس النادي الذي قال: the relative's antecedent is found apart (_relative_report)
    first = toks[lo].text
    quoted = first == _QUOTE and toks[hi - 1].text == _QUOTE and hi - lo - 2 <= MAX_QUOTED_NAME
    if first == _QUOTE and not quoted:
        return None
    outlet = _outlet_at(d, toks, lo, hi)
    known = (
        quoted or _head_type(d.lex, first) or _accusative_head(d.lex, toks, lo) or (outlet and outlet[2] == 0) or _state_phrase(d, toks, lo, hi)
        or any(_head_type(d.lex, t.text) == "title" for t in toks[lo:hi])
    )
    if not known and lo == 0 and hi - lo <= 2 and i + 1 < len(toks) and toks[i + 1].text in _MARKERS and first not in _CLAUSE_OPENERS:
        known = True  # روحاني قال: ... a short name opening the sentence, then the verb and its content
    if not known and toks[i - 1].text == "قد" and hi - lo <= 2 and lo > 0 and toks[lo - 1].text in _KANA and first[:1].isalpha():
        known = True  # وكان البرقان قد أشار: a short name between كان and قد is the subject
    opener = lo > 0 and (toks[lo - 1].text in ("لكن", "ولكن", "فان") or (lo > 1 and toks[lo - 1].text == "ان" and toks[lo - 2].text == "الا"))
    if not known and opener and hi == i and hi - lo <= MAX_PRESENT_NAME:
        # لكن تشونغ رأى أن، إلا أن العيدان قال إن: a short name between لكن/فإن and a verb whose words follow
        known = _words_follow(d.lex, toks, i) and _name_like(d, toks, lo, hi)
    if not known and lo == 0 and hi < i and toks[hi].text in ("،", ",") and _marker_ahead(d.lex, toks, i + 1) and _scan_source(d, toks, i + 1, None) is None:
        # نجمة هوليوود فلانة، قالت إن: a person opening the sentence, a comma, then the verb and its words
        name_end = next((m for m in range(lo, hi) if toks[m].text in ("،", ",")), hi)
        known = _name_like(d, toks, lo, name_end)
    if not known and hi < i and lo > 1 and toks[lo - 1].text in ("،", ","):
        return _kana_subject(toks, lo - 1)
    # Only a known source word counts: a preverbal noun is otherwise the verb's object or a topic.
    if not known or (lo > 0 and toks[lo - 1].text not in _CLAUSE_STARTS and toks[lo - 1].text not in ("،", ",")):
        return None
    return lo, hi


def _words_follow(lex: Lexicon, toks: list[_Tok], i: int) -> bool:
    """Whether the content opens right after the cue at toks[i], past a pronoun of the one spoken to
    (قال إن، قال له بأن، رأى أن)."""
    key = _strip_clitic(toks[i].text, lex.cues)
    m = i + 2 if i + 1 < len(toks) and toks[i + 1].text in ("له", "لها", "لهم", "لنا") else i + 1
    return key is not None and _opens_content(toks, m, lex.cues[key])


def _relative_speaker(d: _Doc, toks: list[_Tok], i: int) -> tuple[int, int] | None:
    """The speaker of "يظهر الحرفي فلان الذي تحدث عن هوايته ويقول إن": the known source word or
    person right before the relative pronoun the and-verb's clause goes on from."""
    r = i - 1
    while r > 0 and toks[r].text not in _RELATIVES:
        if toks[r].text in _PUNCT_STOP or toks[r].text in _MARKERS or toks[r].text == _QUOTE:
            return None
        r -= 1
    if r <= 0:
        return None
    for lo in range(max(0, r - MAX_APPOSITION), r):
        if any(t.text in _PUNCT_STOP or t.text in _CLAUSE_STARTS for t in toks[lo:r]):
            continue
        if _head_type(d.lex, toks[lo].text) in _SOURCE_KINDS | {"role"} or d.entity_label(toks[lo].start, toks[lo].end) in _PERSON_LABELS:
            return lo, r
    return None


def _relative_report(toks: list[_Tok], i: int, cue: Cue) -> bool:
    """Whether the past cue after الذي/التي opens its words at once with a marker or a quote
    (التقارير التي أكدت أن، مورينيو الذي قال "..."): not "الذي يتوقع"، "التي أشارت إليه"."""
    if cue.present or i + 2 >= len(toks):
        return False
    nxt = toks[i + 1].text
    return nxt in _MARKERS or nxt == _QUOTE or (nxt in cue.preps and toks[i + 2].text in _MARKERS)


def _after_topic(d: _Doc, toks: list[_Tok], i: int) -> bool:
    """"وعن خطة الحكومة قال: ..."، "وفي سؤال عن المنافسة قالت إن ..."، "واليوم قال إنه ...": a
    fronted topic, question or time, then the verb and its words; the speaker is the one of the
    earlier sentences."""
    if i + 1 >= len(toks) or not (toks[i + 1].text in _MARKERS or toks[i + 1].text == _QUOTE) or toks[i - 1].text in _RELATIVES | {"الذين"}:
        return False  # ... الذي أكد أن: a relative clause inside the fronted words
    if all(_bare(t.text) in _TIME_WORDS or t.text in _TIME_WORDS or t.text.isdigit() for t in toks[:i]):
        return True  # واليوم الأربعاء قال إنه
    first = toks[0].text
    occasion = first in _OCCASION_OPENERS or (
        first in ("في", "وفي") and len(toks) > 1 and _bare(toks[1].text).startswith(_OCCASION_NOUNS)
    )
    # "وفي أحد تصريحاته قال إن"، "وفي حديثه للصحيفة قال": a fronted setting of the statement
    setting = first in ("في", "وفي") and any(_bare(t.text).startswith(_SPEECH_SETTINGS) for t in toks[1:3])
    if occasion and not setting and toks[i + 1].text not in (":", _QUOTE):
        return False  # حين عاد إلى القاهرة رأى أن يكون: after an occasion only quoted words are sure speech
    if first not in _TOPIC_OPENERS and not occasion and not setting:
        return False
    # only the fronted words before the verb, not another sentence
    return all(t.text not in (".", "؛") for t in toks[1:i])


def _fronted_topic(d: _Doc, toks: list[_Tok], i: int, claims: list[_Claim]) -> tuple[int, int] | None:
    """The topic of "أما فلان، صفته، فيقول/فقال": the words between أما and the comma before the
    verb with ف, which is the verb's subject when it is a known source or reads as a person (not
    "أما عن الشعر، فقال" or "أما مشروع «القطار»، فبينت", where the speaker is an earlier one)."""
    j = i - 1 if toks[i - 1].text == "فقد" else i  # أما فلان، فقد أكد
    if j < 2 or toks[0].text not in ("اما", "واما") or (toks[j].text[:1] != "ف" and j == i):
        return None
    end = j - 1 if toks[j - 1].text in _CLAUSE_COMMAS else j  # أما فلان فيقول، with or without a comma
    if end < 2 or end - 1 > MAX_TITLED_SOURCE_TOKENS or any(t.text in _PUNCT_STOP - {"،", ","} or t.text in _MARKERS for t in toks[1:end]):
        return None
    if _classify(d, toks, 1, end, claims, strict=True)[0] is not None:
        return 1, end
    name_end = next((m for m in range(1, end) if toks[m].text in _CLAUSE_COMMAS), end)
    return (1, name_end) if _name_like(d, toks, 1, name_end, construct_ok=True) else None


def _statement_issuer(d: _Doc, toks: list[_Tok], i: int, claims: list[_Claim]) -> tuple[int, int] | None:
    """The issuer of "أصدرت السفارة بيانا (صحفيا) قالت فيه إن": the words between an issuing verb and
    the statement noun the cue follows, when they read as a source."""
    j = i - 1
    while j > 0 and i - j <= 3 and _unfuse_article(toks[j].text) not in d.lex.statements:
        j -= 1  # بيانا صحفيا رسميا أكدت: at most two adjectives
    if j <= 0 or toks[j].text not in d.lex.statements or any(t.text in _PUNCT_STOP for t in toks[j:i]):
        return None
    verb = next((m for m in range(j - 1, max(-1, j - 2 - MAX_TITLED_SOURCE_TOKENS), -1) if _strip_clitic(toks[m].text, d.lex.issuers)), None)
    if verb is None or verb + 1 >= j:
        return None
    hi = j
    while hi > verb + 1 and (toks[hi - 1].text in _TIME_WORDS or toks[hi - 1].text in ("،", ",")):
        hi -= 1  # أصدرت مجموعة استثمارية تقريرا هذا الأسبوع / أمس
    if hi == verb + 1 or _classify(d, toks, verb + 1, hi, claims)[0] is None:
        return None
    return verb + 1, hi


def _kana_subject(toks: list[_Tok], comma: int) -> tuple[int, int] | None:
    """The subject of "وكان فلان، صفته، صرح": a short phrase between كان and the comma that opens
    the apposition; a subject introduced by كان is the speaker even when no list knows it."""
    lo = comma
    while lo > 0 and comma - lo < MAX_APPOSITION and toks[lo - 1].text not in _CLAUSE_STARTS and toks[lo - 1].text not in _PUNCT_STOP:
        lo -= 1
    if lo == comma or lo == 0 or toks[lo - 1].text not in ("كان", "وكان", "كانت", "وكانت"):
        return None
    return lo, comma


def _head_type(lex: Lexicon, word: str) -> str | None:
    """The source-head type of one word (its clitics, a fused ل and the article tried off)."""
    w = _unfuse_l(lex, word)
    head = lex.heads.get(w) or lex.heads.get(_bare(w))
    return head[0] if head else None


def _issued(lex: Lexicon, w: str) -> bool:
    """Whether w is a verb of making a text with its object pronoun (أصدرته، أجرتها، أعدتها)."""
    return any(w.endswith(suffix) and _strip_clitic(w[: -len(suffix)], lex.authors) is not None for suffix in ("ه", "ها"))


def _dual_head(lex: Lexicon, w: str) -> tuple[str, str] | None:
    """The head row of an unnamed-source or role word in the dual (خبيران، مسؤولان، مصدران)."""
    if not w.endswith(("ان", "ين")) or len(w) < 5:
        return None
    head = lex.heads.get(w[:-2])
    return head if head and head[0] in ("anonymous", "role") else None


def _accusative_head(lex: Lexicon, toks: list[_Tok], m: int) -> tuple[str, str] | None:
    """The source-head row of toks[m] in the accusative right after لكن/إن (لكن مسؤولا رفيعا قال،
    إن مصدرا مطلعا أكد): the word without its tanwin alif."""
    w = toks[m].text
    if m == 0 or toks[m - 1].text not in _ACCUSATIVE_GOVERNORS or not w.endswith("ا") or len(w) < 5:
        return None
    return lex.heads.get(w[:-1])


def _outlet_at(d: _Doc, toks: list[_Tok], lo: int, hi: int) -> tuple[str, bool, int] | None:
    """An outlet name among toks[lo:hi] (an ambiguous one only in quotes or after an outlet word):
    (type, ambiguous, offset of its first word from lo)."""
    words = [t.text for t in toks[lo:hi]]
    for a in range(len(words)):
        for b in range(min(len(words), a + d.lex.outlet_max_words), a, -1):
            name = " ".join(words[a:b])
            cand = d.lex.outlets.get(name) or d.lex.outlets.get(_bare(name) if b == a + 1 else name)
            if cand is None and words[a].startswith("ل"):
                cand = d.lex.outlets.get(" ".join([words[a][1:]] + words[a + 1 : b]))
            if cand is None:
                continue
            quoted = a > 0 and words[a - 1] == _QUOTE
            after_outlet_word = a > 0 and (d.lex.heads.get(_bare(words[a - 1].lstrip("ل")), ("",))[0] in ("media", "agency"))
            if not cand[1] or quoted or after_outlet_word:
                return (*cand, a)
    return None


def _state_phrase(d: _Doc, toks: list[_Tok], lo: int, hi: int) -> bool:
    """Whether toks[lo:hi] is a country or capital speaking for its government."""
    words = [t.text for t in toks[lo:hi]]
    # الولايات المتحدة الأمريكية: a state name and up to two nisba adjectives after it
    while len(words) > 1 and len(words) > hi - lo - 2 and _unfuse_article(words[-1]).startswith("ال") and words[-1].endswith(("يه", "ي")) and " ".join(words[:-1]) in d.lex.states:
        words = words[:-1]
    if len(words) > d.lex.state_max_words:
        return False
    name = " ".join(words)
    return name in d.lex.states or (len(words) == 1 and _bare(name) in d.lex.states) or (name[:1] in _CLITICS and name[1:] in d.lex.states)


def _classify(d: _Doc, toks: list[_Tok], lo: int, hi: int, claims: list[_Claim], *, strict: bool = False, fused: bool = False) -> tuple[str | None, float]:
    """The type of the source toks[lo:hi], with a confidence; None when it is not a source at all.

    strict (bool): for cues that often govern ordinary nouns (بحسب المعايير، يبلغ تعداد), an
        unknown word is not taken for a person's name unless the entity layer or an earlier
        mention says it is one.
    fused (bool): the first word carries the ل of "وفقا لـ" (وفقا للخزرجي).
    """
    lex = d.lex
    w = toks[lo].text
    # a short credit ending its clause (وفقا للخزرجي.، ووفقا لسميث فإن): a name may follow the ل
    credit = hi - lo <= 2 and (hi >= len(toks) or toks[hi].text in _PUNCT_STOP or toks[hi].text in _MARKERS or toks[hi].text == _QUOTE)
    if fused and w.startswith("ل") and len(w) > 3 and _unfuse_l(lex, w) == w:
        name = "ال" + w[2:] if w.startswith("لل") else w[1:]
        if name in _NOT_SOURCE or (credit and name.endswith(_NOT_NAME_ENDINGS) and _head_type(lex, name) is None):
            return None, 0.0  # وفقا لذلك، وفقا لاحتياجات البلاد
        if w.startswith("لل") or credit:
            # وفقا للخزرجي: an earlier mention (اللواء فلان الخزرجي) is looked up without the ل; and
            # وفقا للمعايير is a definite noun, no name
            toks = [*toks[:lo], _Tok(toks[lo].start + 1, toks[lo].end, name), *toks[lo + 1 :]]
    start = toks[lo].text
    if _bare(start) in _NOT_SOURCE or start in _NOT_SOURCE or not (start[0].isalpha() or start == _QUOTE):
        return None, 0.0
    words = {_bare(_unfuse_l(lex, t.text)) for t in toks[lo:hi]}
    if hi - lo <= 2 and words & _SAME_WORDS and words & {"مصدر", "مصادر"}:
        ante = next((c for c in reversed(claims) if c.source is not None), None)
        if ante is not None:
            return ante.source_type, min(ante.confidence, CONF_INHERITED)
    first = lo
    while first < hi and _bare(_unfuse_l(lex, toks[first].text)) in _SAME_WORDS:
        first += 1
    if first < hi and _bare(toks[first].text) in _QUANTIFIERS:
        first += 1
        if first < hi and toks[first].text in ("منهم", "منها"):
            return "anonymous", CONF_FALLBACK  # صرح كثير منهم: some of them, unnamed
        if first < hi and toks[first].text == "من":
            first += 1
        if first < hi:
            # كثير من الجماهير، بعض المتابعين: a part of a group is unnamed, not a person named so
            sub, conf = _classify(d, toks, first, hi, claims, strict=strict)
            people = _bare(toks[first].text).endswith(("يين", "يون"))  # عدد من اليمنيين: people, not the state
            # أحد أبناء الحي فلان، أحد المحققين ويدعى فلان: one of them, named
            named = _full_name_in(d, toks, first, hi) or any(_strip_clitic(t.text, _CALLED) for t in toks[first:hi])
            if sub == "named_person" or (sub is None and not strict):
                return ("named_person" if named else "anonymous"), CONF_FALLBACK
            if sub == "official" and people:
                return "anonymous", CONF_FALLBACK
            return sub, conf
    if first == hi:
        return None, 0.0
    if toks[first].text == _QUOTE:
        return _classify_quoted(d, toks, first, hi)
    if any(_strip_clitic(t.text, _CALLED) for t in toks[first + 1 : hi]):
        return "named_person", CONF_HEAD  # محتج يدعى فلان، أحد المحققين ويدعى فلان
    w = _unfuse_l(lex, toks[first].text)
    head = lex.heads.get(w) or lex.heads.get(_bare(w)) or _accusative_head(lex, toks, first) or _dual_head(lex, w)
    possessed = _possessed_source(lex, w) if head is None else None
    head = head or possessed
    # a possessive pronoun makes the word definite: والدتها فلانة (named), والداها (unnamed)
    definite = w.startswith("ال") or (w[:1] in _CLITICS and w[1:].startswith("ال")) or possessed is not None
    if head is not None:
        kind, default = head
        if kind == "anonymous":
            return ("media" if _press_modifier(toks, first, hi) else "anonymous"), CONF_HEAD
        if kind in ("official", "title"):
            return "official", CONF_HEAD
        if kind == "organisation":
            # هيئة الإذاعة، مؤسسة الإعلام: a broadcaster is media, other bodies speak officially
            if first + 1 < hi and _bare(toks[first + 1].text) in _BROADCAST_WORDS:
                return "media", CONF_HEAD
            return "official", CONF_HEAD
        if kind == "media":
            if _bare(w) in _OWN_CHANNELS and first + 1 < hi and _head_type(lex, toks[first + 1].text) in ("official", "organisation"):
                # موقع نادي شالكه، موقع الوزارة: a body speaking on its own site (not موقع هيئة الإذاعة)
                sub, conf = _classify(d, toks, first + 1, hi, claims)
                if sub == "official":
                    return sub, conf
            outlet = _outlet_at(d, toks, first, hi)
            if outlet is not None and outlet[0] == "agency":
                return "agency", CONF_HEAD
            return "media", CONF_HEAD
        if kind == "agency":
            # وكالة الأنباء / وكالة "رويترز" vs a government agency (وكالة الطاقة الذرية)
            nxt = _bare(toks[first + 1].text) if first + 1 < hi else ""
            if first + 1 == hi or nxt.startswith("انباء") or toks[first + 1].text == _QUOTE or _outlet_at(d, toks, first + 1, hi):
                return "agency", CONF_HEAD
            return "official", CONF_FALLBACK
        if kind == "document":
            # the author after لـ / صادر عن / من / نشرته decides
            for m in range(first + 1, hi):
                t = toks[m].text
                if _bare(t).startswith("رسمي"):
                    return "official", CONF_HEAD  # أرقام رسمية، إحصاءات رسمية
                if m == first + 1 and (_head_type(lex, t) not in (None, "document") or d.lex.outlets.get(t) or t in lex.states):
                    sub, conf = _classify(d, toks, m, hi, claims)  # معلومات منظمة أوبك: a plain genitive
                    if sub is not None:
                        return sub, conf
                if _issued(lex, t) and m + 1 < hi:
                    # دراسة أجرتها هيئة الاتصالات، تقرير أصدرته الوزارة: the one who made it is its author
                    sub, conf = _classify(d, toks, m + 1, hi, claims, strict=True)
                    if sub is not None:
                        return sub, conf
                if _verb_with_object(lex, t):
                    break  # بيان نقلته وكالة الأنباء: the agency carried the statement, it did not make it
                if t in ("عن", "من") or (t.startswith("ل") and len(t) > 2):
                    start = m if t.startswith("ل") else m + 1
                    sub, conf = _classify(d, toks, start, hi, claims, strict=True) if start < hi else (None, 0.0)
                    if sub is not None:
                        return sub, conf
            return default or "unattributed", CONF_FALLBACK
        if kind == "role":
            if not definite or (_unnamed_earlier(d, w, claims) and not _name_word_in(d, toks, first + 1, hi)):
                return "anonymous", CONF_HEAD
            if default:
                return default, CONF_FALLBACK
            if _has_name(d, toks, first + 1, hi):
                return "named_person", CONF_FALLBACK
            return "anonymous", CONF_FALLBACK
        if kind == "person_title":
            if first + 1 == hi:
                return "anonymous", CONF_FALLBACK
            if any(_head_type(lex, t.text) == "title" for t in toks[first + 1 : hi]) or _titled_earlier(d, toks[first + 1 : hi]):
                return "official", CONF_FALLBACK
            return "named_person", CONF_HEAD
    outlet = _outlet_at(d, toks, first, hi)
    if outlet is not None and outlet[2] == 0:
        return outlet[0], CONF_HEAD
    if _state_phrase(d, toks, first, hi) or w in lex.states:
        return "official", CONF_HEAD
    label = d.entity_label(toks[first].start, toks[first].end)
    if label in _ORG_LABELS or label in _PLACE_LABELS:
        return "official", CONF_FALLBACK
    # A name followed by its office (فلان رئيس قطاع الشاحنات في الشركة), or that held a title
    # where it was mentioned before, is an office holder.
    if any(_head_type(lex, t.text) == "title" for t in toks[first + 1 : hi]) or _titled_earlier(d, toks[first:hi]):
        return "official", CONF_FALLBACK
    if any(_head_type(lex, t.text) == "person_title" for t in toks[first + 1 : hi]):
        return "named_person", CONF_FALLBACK  # الفرنسي آرسين فينغر، مدرب الفريق
    introduced = _introduced_as(d, toks[first])
    if introduced is not None:
        return introduced, CONF_FALLBACK
    if definite and not strict and (_described_name(d, toks, first, hi) or _surname_alone(d, toks, first, hi)):
        return "named_person", CONF_FALLBACK  # وأوضحت المطوفة فلانة الفلانية أن: a description, then a name
    if label in _PERSON_LABELS:
        return "named_person", CONF_FALLBACK
    if not definite and _unnamed_group(w) and not (first + 1 < hi and _surname_like(toks[first + 1].text)):
        return "anonymous", CONF_FALLBACK  # قال مسعفون، يقول منتقدون، ويرى عسكريون; not مارتين جورجييف
    if not strict and not definite and w[0].isalpha() and not w.endswith(_NOT_NAME_ENDINGS):
        return "named_person", CONF_FALLBACK
    # a surname met before after a given name (جيسون رضايان ... وينفي رضايان، أحمد الحربي ... الحربي)
    if (not definite or not strict) and _named_earlier(d, toks[first]):
        return "named_person", CONF_FALLBACK
    return None, 0.0


def _unnamed_group(w: str) -> bool:
    """An indefinite plural of people known to no list: a participle (مسعفون، منتقدون، مختصين) or a
    nisba (عسكريون، حقوقيون). Such plurals are rarely names; short words (مأمون، ميمون) are left out."""
    if len(w) < MIN_GROUP_WORD:
        return False
    if w.endswith(("يون", "يين")):
        return True
    # مارتين، ميلتون، موكوين: foreign names, not مُفعِلون
    return w[0] == "م" and w.endswith(("ون", "ين")) and w[1] not in "اي" and not w.endswith("وين")


def _surname_like(w: str) -> bool:
    """Whether a word after a first word reads as its surname (مارتين جورجييف), not a coordinated
    or qualifying word (مسعفون ومسؤولون، مختصون اقتصاديون، منتقدون للخطة، مندوبون في)."""
    return (
        w[0].isalpha() and w[0] not in "وبل" and not w.startswith("ال") and w not in _NON_NAME_WORDS and w not in _NOT_SOURCE
        and not w.endswith(("ون", "ين", "ي"))
    )


def _name_like(d: _Doc, toks: list[_Tok], lo: int, hi: int, *, construct_ok: bool = False) -> bool:
    """Whether toks[lo:hi] reads as a person: a surname met before in the document (ويتابع الخطي:)
    or two or three words with no function word, preposition, conjunction, plural or accusative
    ending (حسين العطاس، الكاتبة فاتن حسين; not "بكل وضوح"، "بصوت قوي وواثق"، "تنامي الاحتياطيات");
    an indefinite word before a definite one is a name only before a nisba surname (بدر العسيري),
    not in a construct (جمهور الفقهاء، مطورو الدراجة، أحدث الأرقام), unless construct_ok (bool): the
    place alone says a speaker stands there (أما وحيد البراق فيقول).
    RETURNS (bool): whether the words read as a person."""
    if hi - lo == 1:
        w = toks[lo].text
        return not w.endswith(_NOT_NAME_ENDINGS) and (_named_earlier(d, toks[lo]) or _titled_earlier(d, toks[lo:hi]))
    first, last = toks[lo].text, toks[hi - 1].text
    if not construct_ok and not first.startswith("ال") and last.startswith("ال") and not last.endswith("ي"):
        return False
    if len(first) > 3 and first.endswith("و"):
        return False
    for n, t in enumerate(toks[lo:hi]):
        w = t.text
        if not w[0].isalpha() or w in _NOT_SOURCE or w in _NON_NAME_WORDS or w in _TIME_WORDS or w in _NEW_CLAUSE or _strip_clitic(w, d.lex.cues):
            return False
        if w[0] in _CLITICS and (w[1:] in _NON_NAME_WORDS or w[1:] in _NOT_SOURCE or w[1:] in _TIME_WORDS or w[1:] in _SUBORDINATORS):
            return False  # وفي تصريح، وهو، وقبل انعقاد، وحتى
        if w.startswith(("بال", "لل")) or (w[0] in "بل" and w[1:] in _NOT_SOURCE) or (n > 0 and w[0] == "و") or _bare(w) in ("اخر", "اخري"):
            return False
        if n == 0 and w[0] == "ب" and w.endswith("ه") and len(w) > 4:  # بدرجة كبيرة، بصورة واضحة: a manner, not a name
            return False
        if w.endswith(("ات", "ون", "ين")) or (len(w) > 3 and w.endswith("ا") and not w.endswith("اا")):
            return False
    return True


def _surname_alone(d: _Doc, toks: list[_Tok], first: int, hi: int) -> bool:
    """"وأوضح القبانجي، أن": one definite word with a nisba ending, known to no list, right
    before the content marker (a comma between them at most): a surname standing for its bearer."""
    if hi - first != 1 or hi >= len(toks) or len(toks[first].text) < 5:
        return False
    raw_start, raw_end = d.norm.raw_span(toks[first].start, toks[first].end)
    if not d.doc.text[raw_start:raw_end].endswith("ي"):
        return False  # الدعوى، المستوى: a folded alef maqsura, no nisba
    nxt = hi + 1 if toks[hi].text in _CLAUSE_COMMAS and hi + 1 < len(toks) else hi
    return toks[nxt].text in _MARKERS or (toks[nxt].text.startswith("ب") and toks[nxt].text[1:] in _MARKERS)


def _described_name(d: _Doc, toks: list[_Tok], first: int, hi: int) -> bool:
    """"المطوفة فلانة الفلانية" before أن/إن/colon: an unknown definite word, then one to three
    words that look like a name (no article on the first, no pronoun or plural ending, no cue)."""
    if not 2 <= hi - first <= MAX_DESCRIBED_NAME or hi >= len(toks):
        return False
    nxt = toks[hi].text
    if not (nxt in _MARKERS or (nxt.startswith("ب") and nxt[1:] in _MARKERS)):
        return False
    words = [t.text for t in toks[first + 1 : hi]]
    return not words[0].startswith("ال") and all(
        w[0].isalpha() and w not in _NOT_SOURCE and w not in _TIME_WORDS and not w.endswith(_NOT_NAME_ENDINGS + ("يه",))
        and _strip_clitic(w, d.lex.cues) is None and _head_type(d.lex, w) is None
        for w in words
    )


def _possessed_source(lex: Lexicon, w: str) -> tuple[str, str] | None:
    """An unnamed-source or person word with a possessive pronoun: مصادرها (the outlet's own
    sources), والدتها، والداها، شقيقهم (ta marbuta written ت and the dual's ن dropped before it)."""
    # not ـه alone: folded, it is also the ta marbuta of a feminine noun (خبيرة)
    for suffix in ("هما", "ها", "هم"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            for stem in dict.fromkeys((w[: -len(suffix)], _bare(w[: -len(suffix)]))):
                for cand in (stem, stem[:-1] + "ه" if stem.endswith("ت") else "", stem[:-1] if stem.endswith("ا") else ""):
                    head = lex.heads.get(cand)
                    if head and head[0] in ("anonymous", "role"):
                        return head
            return None
    return None


def _classify_quoted(d: _Doc, toks: list[_Tok], q: int, hi: int) -> tuple[str | None, float]:
    """A quoted name as the source: an outlet, a name with an outlet word in it, or whatever the
    word before it said where it was first introduced (شركة "غو برو" ... نوهت "غو برو")."""
    name = _quoted_name(toks, q)
    if not name:
        return None, 0.0
    outlet = d.lex.outlets.get(name)
    if outlet is not None:
        return outlet[0], CONF_HEAD
    for word in name.split():
        kind = _head_type(d.lex, word)
        if kind in ("media", "agency"):
            return kind, CONF_HEAD
    pos = d.text.find(name, 0, toks[q].start)
    while pos != -1:
        before = _TOKEN_RE.findall(d.text, max(0, pos - 40), pos)
        if len(before) >= 2 and before[-1] == _QUOTE:
            kind = _head_type(d.lex, before[-2])
            if kind in ("media", "agency", "anonymous"):
                return kind, CONF_FALLBACK
            if kind in ("official", "title", "organisation"):
                return "official", CONF_FALLBACK
        pos = d.text.find(name, pos + 1, toks[q].start)
    # quoted names in news are bodies, brands and programmes far more often than people
    return "official", CONF_FALLBACK


def _unfuse_l(lex: Lexicon, w: str) -> str:
    """A word without a fused ل when that leaves a known source word (لذات، للوزارة، لوكالة)."""
    if not w.startswith("ل") or w.startswith("ال") or len(w) <= 3:
        return w
    # للجنة is ل + اللجنة as well as ل + الجنة; للوزارة is ل + الوزارة
    cands = ("ال" + w[2:], "ال" + w[1:]) if w.startswith("لل") else (w[1:],)
    for cand in cands:
        if cand in ("ذات", "نفس") or cand in lex.heads or _bare(cand) in lex.heads or cand in lex.outlets or cand in lex.states:
            return cand
    return w


def _press_modifier(toks: list[_Tok], first: int, hi: int) -> bool:
    """تسريبات صحافية، تقارير إعلامية: unnamed, but from the press."""
    return any(_bare(t.text).startswith(("صحاف", "صحفي", "اعلامي")) for t in toks[first + 1 : hi])


def _has_name(d: _Doc, toks: list[_Tok], lo: int, hi: int) -> bool:
    """Whether a name follows a role word (الخبير فلان): a person entity, or a word that is not
    an adjective, a function word or definite."""
    if any(d.entity_label(t.start, t.end) in _PERSON_LABELS for t in toks[lo:hi]):
        return True
    if lo >= hi:
        return False
    def plain(w: str) -> bool:
        return not w.startswith("ال") and w[0].isalpha() and w not in _NOT_SOURCE

    w = toks[lo].text
    if not w.endswith(_ADJECTIVE_ENDINGS):
        return plain(w)
    # a word ending like an adjective is a given name when a surname follows (دوللي باكلاند)
    nxt = toks[lo + 1].text if lo + 1 < hi else ""
    return plain(w) and bool(nxt) and plain(nxt) and not nxt.endswith(_ADJECTIVE_ENDINGS)


def _introduced_as(d: _Doc, tok: _Tok) -> str | None:
    """The type of the body a bare name was introduced as earlier (شركة ... "جوجل" -> official)."""
    if len(tok.text) < 3:
        return None
    pos = d.text.find(tok.text, 0, tok.start)
    while pos != -1:
        before = _TOKEN_RE.findall(d.text, max(0, pos - 80), pos)[-INTRODUCTION_WINDOW:]
        for word in reversed(before):
            if word in (".", "،", ",") or word in _MARKERS or word in _NOT_SOURCE or _strip_clitic(word, d.lex.cues):
                break
            kind = _head_type(d.lex, word)
            if kind in ("organisation", "official"):
                return "official"
            if kind in ("media", "agency"):
                return kind
        pos = d.text.find(tok.text, pos + len(tok.text), tok.start)
    return None


def _unnamed_earlier(d: _Doc, word: str, claims: list[_Claim]) -> bool:
    """Whether a definite role word (المسؤول المصرفي) takes up an unnamed source of an earlier
    claim (قال مسؤول مصرفي): the same role word heading a source typed anonymous."""
    bare = _bare(word)
    for c in claims:
        if c.source_type == "anonymous" and c.source is not None:
            first = d.text[c.source[0] : c.source[1]].split(maxsplit=1)
            if first and _bare(first[0]) == bare:
                return True
    return False


def _full_name_in(d: _Doc, toks: list[_Tok], lo: int, hi: int) -> bool:
    """Whether a given name and a surname stand side by side among toks[lo:hi] (أحد أبناء الحي
    إسماعيل غالب): two plain words, neither definite nor a function, source or plural word."""
    def plain(w: str) -> bool:
        return (
            w[0].isalpha() and not w.startswith(("ال", "لل", "بال", "وال")) and w not in _NOT_SOURCE and w not in _NON_NAME_WORDS and w not in d.lex.states
            and w not in _TIME_WORDS and not w.endswith(("ات", "اء", "ين", "ون", "ه")) and _head_type(d.lex, w) is None
            and _strip_clitic(w, d.lex.cues) is None
        )

    return any(plain(toks[m].text) and plain(toks[m + 1].text) and toks[m + 1].text[0] != "و" for m in range(lo, hi - 1))


def _name_word_in(d: _Doc, toks: list[_Tok], lo: int, hi: int) -> bool:
    """Whether a word like a name stands among toks[lo:hi] (المسؤول في مركز الأرصاد غلام رسول):
    not definite, no function word, adjective, source word or "the same"."""
    return any(
        t.text[0].isalpha() and not t.text.startswith("ال") and t.text not in _NOT_SOURCE and t.text not in _NON_NAME_WORDS
        and t.text not in _SAME_WORDS and not t.text.endswith(_ADJECTIVE_ENDINGS) and _head_type(d.lex, t.text) is None
        for t in toks[lo:hi]
    )


def _titled_earlier(d: _Doc, words: list[_Tok]) -> bool:
    """Whether the last word of this name stood next to an office title earlier in the document."""
    # a phrase of several words is looked up whole (then without its last words, down to three:
    # عبد الله بن زايد آل نهيان -> عبد الله بن زايد), so a common first name does not borrow the
    # title of a namesake (الملك عبدالعزيز); a single word is looked up alone
    if len(words) > 3 and _titled_earlier(d, words[:-1]):
        return True
    name = d.text[words[0].start : words[-1].end] if len(words) > 1 else words[-1].text
    if len(name) < 3:
        return False
    if name.startswith("ابن ") and d.text.find(name, 0, words[0].start) == -1:
        name = name[1:]  # ابن علي after أحمد بن علي رئيس النادي
    pos = d.text.find(name, 0, words[0].start)
    while pos != -1:
        before = _TOKEN_RE.findall(d.text, max(0, pos - 120), pos)[-TITLE_WINDOW:]
        if "." in before:
            before = before[len(before) - before[::-1].index(".") :]
        after = _TOKEN_RE.findall(d.text, pos + len(name), pos + len(name) + 40)[:TITLE_AFTER_WINDOW]
        if any(_head_type(d.lex, b) == "title" for b in before + after):
            return True
        pos = d.text.find(name, pos + len(name), words[0].start)
    return False


def _named_earlier(d: _Doc, tok: _Tok) -> bool:
    """A definite word used earlier as the last part of a longer name (أحمد الحربي -> الحربي):
    the word before it there looks like a given name, not a function word or a common noun."""
    pos = d.text.find(" " + tok.text, 0, tok.start)
    while pos != -1:
        prev = _TOKEN_RE.findall(d.text, max(0, pos - 20), pos)
        if prev:
            p = prev[-1]
            if p.startswith("ال") and len(prev) > 1 and prev[-2] == "عبد":
                return True  # عبد الرحمن السمحان: a compound given name before the surname
            if (
                len(p) >= 3 and p[0].isalpha() and not p.startswith("ال") and p not in _NOT_SOURCE
                and p not in d.lex.cues and _head_type(d.lex, p) is None and not p.endswith(_NOT_NAME_ENDINGS + ("يه",))
            ):
                return True
        pos = d.text.find(" " + tok.text, pos + 1, tok.start)
    return False


def _antecedent(d: _Doc, pos: int, claims: list[_Claim]) -> _Claim | None:
    """The claim a subject-less cue refers back to: the last one with a source, in this paragraph
    or the one before. "وفقا لوكالة رويترز" after "وأضاف فلان" names who carried the words, not who
    spoke them, so such a phrase is passed over when a speaker precedes it in its sentence."""
    par = d.paragraph_of(pos)
    for n in range(len(claims) - 1, -1, -1):
        c = claims[n]
        if par - c.paragraph > MAX_INHERIT_PARAGRAPHS:
            return None
        if c.nested or (c.by_phrase and n > 0 and claims[n - 1].sentence == c.sentence and claims[n - 1].source is not None):
            continue
        if c.source is not None:
            return c
    return None


def _to_span(d: _Doc, c: _Claim) -> Span:
    """The layer Span of a claim, with raw offsets (see the module docstring)."""
    raw = d.norm.raw_span
    cue = raw(*c.cue_span)
    content = raw(*c.content)
    source = raw(*c.source) if c.source else None
    points = [cue[0], cue[1], content[0], content[1]]
    if source and not c.inherited:
        points += list(source)
    return Span(
        min(points),
        max(points),
        "CLAIM",
        {
            "cue": d.doc.text[cue[0] : cue[1]],
            "cue_span": list(cue),
            "source": d.doc.text[source[0] : source[1]] if source else None,
            "source_span": list(source) if source else None,
            "source_type": c.source_type,
            "inherited": c.inherited,
            "content_span": list(content),
            "stance": c.stance,
            "confidence": c.confidence,
        },
    )


ANNOTATOR = Annotator(name=CLAIMS, version="claims.rules.v6", requires=(SENTENCES, ENTITIES), func=annotate_claims)
