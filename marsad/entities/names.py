"""Mention normalisation: spelling keys, clitics, and the titles and offices around a name.

A mention such as «وزير الخارجية الأمريكي، جون كيري» or «للواء المتقاعد منصور التركي» becomes a bare
name («جون كيري», «منصور التركي»), its roles («وزير الخارجية الأمريكي», «اللواء المتقاعد») and the
clitic it carried («ل»). Names are compared through three keys of increasing looseness:

- `name_key`: marsad's fold (hamza, alef maqsura, ta marbuta, Persian letters), punctuation
  dropped, «عبد ال…» written as one word;
- `loose_key`: also the four spellings of a foreign g (غ ج ق ك) as one letter;
- `skeleton`: also the long vowels inside a word dropped (ميركل / ميركيل).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from marsad.text import Token, fold, tokenise

TITLES_FILE = "entity_titles.tsv"
# An office phrase longer than this many words before a name is not one phrase any more
# (news offices run to 6-7 words: «رئيس أركان القوات البحرية الليبية»).
MAX_ROLE_WORDS = 9
# Title kinds that describe a person (they date: اللواء → المشير) rather than an office.
TITLE_KINDS = ("rank", "honorific")

_G_LETTERS = str.maketrans({"غ": "ك", "ج": "ك", "ق": "ك", "گ": "ك"})
_NON_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")
_ABD = re.compile(r"\b(عبد|ابو) (?=ال)")
# Clitics that can stand before a name: a conjunction, then a preposition; «لل» is ل + ال.
_CONJ = ("و", "ف")
_PREP = ("ب", "ل", "ك")


@lru_cache(maxsize=500_000)
def name_key(text: str) -> str:
    """The matching key of a name: folded, no punctuation or tatweel, single spaces.

    "عبد الله" and "عبدالله" share a key, as do "أوباما" and "اوباما".
    """
    key = _SPACES.sub(" ", _NON_WORD.sub(" ", fold(text).lower())).strip()
    return _ABD.sub(r"\1", key)


@lru_cache(maxsize=500_000)
def loose_key(key: str) -> str:
    """A name key with the foreign-g letters (غ ج ق ك) as one: غوغل = جوجل."""
    return key.translate(_G_LETTERS)


@lru_cache(maxsize=500_000)
def skeleton(key: str) -> str:
    """A loose key without long vowels inside words: أنجيلا ميركل = أنجيلا ميركيل."""
    words = []
    for word in loose_key(key).split():
        words.append(word[0] + re.sub("[اوي]", "", word[1:-1]) + (word[-1] if len(word) > 1 else ""))
    return " ".join(words)


def clitic_candidates(word: str) -> list[tuple[str, str]]:
    """The ways a folded word may split into (clitic, rest), most stripped first.

    An article after a preposition is kept: «للجيش» → ("ل", "الجيش"), «والقاهرة» → ("و", "القاهرة").
    """
    out: list[tuple[str, str]] = []
    conj = ""
    rest = word
    if len(rest) > 3 and rest[0] in _CONJ:
        conj, rest = rest[0], rest[1:]
        out.append((conj, rest))
    if len(rest) > 3 and rest[0] in _PREP:
        out.append((conj + rest[0], rest[1:]))
        if rest.startswith("لل") and len(rest) > 4:
            # ل + ال + جيش is written للجيش, and ل + ال + لواء is للواء (one ل lost).
            out.append((conj + "ل", "ال" + rest[2:]))
            out.append((conj + "ل", "ال" + rest[1:]))
    return sorted(out, key=lambda cr: -len(cr[0]))  # stable: more stripped, then file order


def strip_clitic(word: str, known: Callable[[str], bool], *,
                 is_name: Callable[[str], bool] | None = None) -> tuple[str, str]:
    """Split a clitic off the first word of a name when the rest is a name we know.

    word (str): the word, folded.
    known (callable): folded word -> whether the rest is a known name or name part.
    is_name (callable): folded word -> whether the whole word is a name as it stands (فرنسا،
        وليد); default: `known`.
    RETURNS (tuple): (clitic, rest); clitic "" when nothing is stripped. A clitic before the
        article (والقاهرة، للجيش) always goes: no name starts with «وال» or «لل».
    """
    if (is_name or known)(word):
        return "", word
    candidates = clitic_candidates(word)
    for clitic, rest in candidates:
        if known(rest):
            return clitic, rest
    for clitic, rest in candidates:
        if rest.startswith("ال") and len(rest) > 4:
            return clitic, rest
    return "", word


def without_clitic(raw_word: str, clitic: str, bare: str) -> str:
    """A raw word with its clitic taken off and the article restored where ل swallowed it.

    ("للواء", "ل", "اللواء") -> "اللواء"; ("للجيش", "ل", "الجيش") -> "الجيش"; ("وموسكو", "و", "موسكو") -> "موسكو".
    """
    if not clitic:
        return raw_word
    # Skip the clitic letters in the raw word (it may carry diacritics or tatweel between them).
    seen, i = 0, 0
    while i < len(raw_word) and seen < len(clitic):
        if fold(raw_word[i]):
            seen += 1
        i += 1
    rest = raw_word[i:].lstrip("ـ")
    missing = len(bare) - len(fold(rest))
    return {2: "ال", 1: "ا"}.get(missing, "") + rest


@dataclass(frozen=True)
class Role:
    """A title or office found with a mention.

    kind (str): "title" (rank, honorific) or "office".
    text (str): as written, the leading clitic removed (للواء المتقاعد → اللواء المتقاعد).
    key (str): the folded form used to group roles; nisba adjectives are dropped from titles
        (اللواء الليبي المتقاعد → اللواء المتقاعد) but kept in offices (الرئيس الروسي).
    """

    kind: str
    text: str
    key: str


@dataclass
class TitleLexicon:
    """Titles, offices, qualifiers and complements, folded, with the lengths of the longest entries."""

    entries: dict[tuple[str, ...], str] = field(default_factory=dict)
    words: dict[str, set[str]] = field(default_factory=dict)
    places: frozenset[str] = frozenset()
    descriptors: set[str] = field(default_factory=set)

    def kinds_of(self, word: str) -> set[str]:
        return self.words.get(word, set())

    def match(self, words: Sequence[str], i: int) -> tuple[str, int] | None:
        """The longest title/head entry starting at words[i]: (kind, length)."""
        for length in range(min(4, len(words) - i), 0, -1):
            kind = self.entries.get(tuple(words[i : i + length]))
            if kind in ("rank", "honorific", "head"):
                return kind, length
        return None


@lru_cache(maxsize=1)
def title_lexicon() -> TitleLexicon:
    """The bundled title lexicon, plus country and place names that may end an office phrase."""
    from marsad.entities.latin import gazetteer_places

    lexicon = TitleLexicon(places=frozenset(gazetteer_places()))
    text = (resources.files("marsad.annotate") / "lexicons" / TITLES_FILE).read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, phrase = line.split("\t")
        words = tuple(fold(phrase).replace(".", "").split())
        if kind == "descriptor":
            lexicon.descriptors.add(" ".join(words))
            continue
        lexicon.entries.setdefault(words, kind)
        for position, word in enumerate(words):
            lexicon.words.setdefault(word, set()).add(kind if position == 0 else "continuation")
    return lexicon


@lru_cache(maxsize=1)
def descriptors() -> frozenset[str]:
    """Folded words that name a kind of body or place before its name (تنظيم، شركة، دولة)."""
    return frozenset(title_lexicon().descriptors)


def variant_key(key: str) -> str:
    """A loose key that also ignores spaces, a leading descriptor and the article of the first
    word: «تنظيم داعش» = «داعش», «الفيفا» = «فيفا», «فيس بوك» = «فيسبوك». Names that share it
    are variants only given evidence."""
    words = key.split()
    if len(words) > 1 and words[0] in descriptors():
        words = words[1:]
    if words[0].startswith("ال") and len(words[0]) > 4:
        words[0] = words[0][2:]
    return loose_key("".join(words))


def _is_nisba(word: str) -> bool:
    """A definite relational adjective (الروسي، الليبية): it continues an office phrase."""
    return word.startswith("ال") and len(word) >= 5 and (word.endswith("ي") or word.endswith("يه"))


@dataclass
class _Word:
    token: Token
    bare: str        # folded, clitic stripped
    clitic: str
    kinds: set[str]


def _classify(token: Token, lexicon: TitleLexicon) -> _Word | None:
    """A word that may belong to a title or office phrase, or None."""
    folded = fold(token.text).replace("ـ", "")
    options = [("", folded), *clitic_candidates(folded)]
    for clitic, bare in options:
        kinds = set(lexicon.kinds_of(bare))
        if _is_nisba(bare):
            kinds.add("nisba")
        if bare in lexicon.places:
            kinds.add("place")
        if kinds:
            return _Word(token, bare, clitic, kinds)
    return None


def _segments(words: list[_Word], text: str, lexicon: TitleLexicon) -> list[Role]:
    """Cut a run of title/office words into roles: each starts at a title or office head."""
    bares = [w.bare for w in words]
    starts: list[tuple[int, str]] = []
    i = 0
    while i < len(words):
        found = lexicon.match(bares, i)
        if found is None:
            i += 1
            continue
        kind, length = found
        # Two office heads in a row are one office (نائب رئيس، نائب وزير الخارجية).
        previous_head = bool(starts) and starts[-1][1] == "head" and i > 0 and "head" in words[i - 1].kinds
        if not previous_head:
            starts.append((i, kind))
        i += length
    roles: list[Role] = []
    for n, (begin, kind) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(words)
        part = words[begin:end]
        first = part[0]
        raw = without_clitic(text[first.token.start : first.token.end], first.clitic, first.bare)
        raw += text[first.token.end : part[-1].token.end]
        raw = _SPACES.sub(" ", raw.replace("،", " ").replace(",", " ")).strip()
        if kind in TITLE_KINDS:
            key_words = [w.bare for w in part if not ("nisba" in w.kinds and len(w.kinds) == 1)]
            roles.append(Role("title", raw, " ".join(key_words)))
        else:
            roles.append(Role("office", raw, " ".join(w.bare for w in part)))
    return roles


def roles_before(text: str, tokens: Sequence[Token], *, lexicon: TitleLexicon | None = None) -> list[Role]:
    """The titles and offices written just before a name.

    text (str): the raw text the tokens come from.
    tokens (sequence): the tokens before the name, in text order (the sentence so far).
    RETURNS (list): roles in text order; empty when the words before the name are not a title.
    """
    lexicon = lexicon or title_lexicon()
    run: list[_Word] = []
    commas = 0
    for token in reversed(tokens):
        if token.text in ("،", ","):
            # «وزير الخارجية الأمريكي، جون كيري»: one comma may separate the office from the name.
            commas += 1
            if commas > 1:
                break
            continue
        word = _classify(token, lexicon)
        if word is None or len(run) >= MAX_ROLE_WORDS:
            break
        run.append(word)
    run.reverse()
    # The phrase starts at its first title or office head; words before it belong to something else.
    bares = [w.bare for w in run]
    for i in range(len(run)):
        if lexicon.match(bares, i):
            roles = _segments(run[i:], text, lexicon)
            # A bare office noun right before a name is a construct, not a title: «مندوب سلمان»
            # is Salman's envoy. An office without the article needs its complement (وزير الخارجية).
            last = run[-1]
            if roles and "head" in last.kinds and not last.bare.startswith("ال") and len(roles[-1].key.split()) == 1:
                roles.pop()
            return roles
    return []


def strip_leading_roles(text: str, tokens: Sequence[Token], *,
                        lexicon: TitleLexicon | None = None) -> tuple[list[Role], int]:
    """Titles and offices at the start of a span (a tagger that took «اللواء» into the name).

    RETURNS (tuple): (roles, index of the first name token). At least one token is left.
    """
    lexicon = lexicon or title_lexicon()
    run: list[_Word] = []
    for token in tokens[:-1]:
        if token.text in ("،", ","):
            continue
        word = _classify(token, lexicon)
        if word is None:
            break
        run.append(word)
    if not run or lexicon.match([w.bare for w in run], 0) is None:
        return [], 0
    # A head word with no article and nothing after it is as likely a first name (أمين، أمير).
    first = run[0]
    if lexicon.match([w.bare for w in run], 0)[0] == "head" and not first.bare.startswith("ال") and len(run) == 1:
        return [], 0
    last = run[-1].token
    index = next(i for i, t in enumerate(tokens) if t.start == last.start) + 1
    return _segments(run, text, lexicon), index


def name_tokens(text: str) -> list[Token]:
    """The word tokens of a span's text (quotes and punctuation dropped)."""
    return [t for t in tokenise(text) if t.is_word]
