"""Comparing entity names (no context): same key, close spelling, acronym, short form, country.

The rules are those of ``resolve`` (its module docstring); keys come from ``textutil.name_key``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ..textutil import ARTICLES, NAME_JOINERS, fold_word, name_key, name_words
from ._lexicon import CAR_MAKES, KNOWN_ORGS, ORG_HEADS, PLACE_HEADS, PLACES, SENTENCE_WORDS
from .tokens import _city_names, _common_en, _common_words, _region_names

__all__ = ["club_of", "concept_key", "concept_keys", "expands", "fuller_of", "generic_word", "initials",
           "person_name_shape", "same_entity", "shouted_word", "whole_company_of"]

_name_words = name_words


@lru_cache(maxsize=1)
def _country_concepts() -> dict[str, str]:
    """name key -> "country:XX" for every country name in es / pt / it / en (``data/countries.tsv``,
    CLDR via babel, see ``bench/make_countries.py``). A key two countries share is left out."""
    path = Path(__file__).with_name("data") / "countries.tsv"
    out: dict[str, str] = {}
    clash: set[str] = set()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return out
    for line in lines:
        code, _, names = line.partition("\t")
        for n in names.split("|"):
            k = name_key(n)
            if not k:
                continue
            if out.setdefault(k, "country:" + code) != "country:" + code:
                clash.add(k)
    for k in clash:
        del out[k]
    return out


@lru_cache(maxsize=1)
def _concept_members() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for k, c in _country_concepts().items():
        out.setdefault(c, []).append(k)
    return {c: tuple(ks) for c, ks in out.items()}


def concept_keys(concept: str) -> tuple[str, ...]:
    """Every name key of a concept ("country:IT" -> "italia", "italy", ...)."""
    return _concept_members().get(concept, ())


def concept_key(name: str) -> str | None:
    """A key shared by the names of one place across languages (Italia / Italy / Itália), or None.
    A name in capitals is a country only as a code the list writes in capitals ("UK", "EUA"):
    "IRA" is not "Irã" (Iran in Portuguese)."""
    key = name_key(name)
    if _is_acronym(name) and key not in _country_codes():
        return None
    return _country_concepts().get(key)


@lru_cache(maxsize=1)
def _country_codes() -> frozenset[str]:
    """Keys of the country names ``data/countries.tsv`` writes in capitals ("UK", "EE.UU.", "USA")."""
    path = Path(__file__).with_name("data") / "countries.tsv"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    return frozenset(name_key(n) for line in lines for n in line.partition("\t")[2].split("|") if n.isupper())


def initials(name: str) -> str:
    """First letters of the significant words ("Supremo Tribunal Federal" -> "stf")."""
    return "".join(w[0] for w in _name_words(name) if w)


def initials_keeping_acronyms(name: str) -> str:
    """Initials where a word in capitals counts whole ("USA Track & Field" -> "usatf")."""
    out = []
    for w in name.split():
        f = fold_word(w)
        if not any(c.isalnum() for c in w) or f in ARTICLES or f in NAME_JOINERS:
            continue
        out.append(f if w.isupper() and w.isalpha() and len(w) >= 2 else f[:1])
    return "".join(out)


def _camel_initials(name: str) -> str:
    """Initials where a word written in camel case gives each of its capitals ("PlayStation Portable"
    -> "psp", "GameCube Online" -> "gco")."""
    out = []
    for w in name.split():
        f = fold_word(w)
        if not any(c.isalnum() for c in w) or f in ARTICLES or f in NAME_JOINERS:
            continue
        caps = [c for c in w[1:] if c.isupper()]
        out.append(f[:1] + ("".join(caps).lower() if w[:1].isupper() and caps and not w.isupper() else ""))
    return "".join(out)


def expands(acronym: str, label: str, name: str, name_label: str) -> bool:
    """Whether ``name`` (two words or more) spells out ``acronym`` by its initials ("STF" / "Supremo
    Tribunal Federal", "USATF" / "USA Track & Field", "PSP" / "PlayStation Portable").  A place's code
    spells a place ("GB" is not "Gelete Burka"), and two letters no person's name ("PP" is not "Paulo
    Paim"; "AMLO" labelled ORG is Andrés Manuel López Obrador)."""
    key = name_key(acronym)
    if len(_name_words(name)) < 2 or key not in (initials(name), initials_keeping_acronyms(name), _camel_initials(name)):
        return False
    if label == "LOC" and name_label != "LOC":
        return False
    return not (label != "PER" and name_label == "PER" and len(key) < 3)


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return 2 <= len(letters) <= 6 and name.isupper() and " " not in name.strip()


def _sub_run(short: Sequence[str], full: Sequence[str]) -> bool:
    """``short`` is a contiguous run of ``full``'s words, and shorter."""
    n, m = len(short), len(full)
    if not n or n >= m:
        return False
    return any(tuple(full[i : i + n]) == tuple(short) for i in range(m - n + 1))


def fuller_of(w: Sequence[str], fulls: Mapping[int, Sequence[Sequence[str]]]) -> int | None:
    """The one person among ``fulls`` (entity -> its full aliases' words) named so far only by short
    forms of ``w`` after its first name ("López Obrador" met before "Andrés Manuel López Obrador"):
    every full alias is a run of ``w``'s last words ("Maria Souza" is not "Gloria Maria Souza Rocha").
    Rule 4 of ``resolve`` the other way round, so the order in which articles come does not decide."""
    if len(w) < 3:
        return None
    found = [e for e, aliases in fulls.items() if aliases and all(
        len(a) < len(w) and tuple(w[-len(a) :]) == tuple(a) for a in aliases)]
    return found[0] if len(found) == 1 else None


def _head_of(short: str, full: str) -> bool:
    """``full`` is "<short> de/do/of ..." ("Câmara" / "Câmara dos Deputados")."""
    ws = full.split()
    sw = short.split()
    if len(sw) != 1 or len(ws) < 3:
        return False
    lead = 1 if fold_word(ws[0]) in ARTICLES and len(ws) > 3 else 0
    return fold_word(ws[lead]) == fold_word(sw[0]) and fold_word(ws[lead + 1]) in NAME_JOINERS


def _tail_of(short: str, full: str) -> bool:
    """``full`` is "<generic head> de/do/of <short>" ("Planalto" / "Palácio do Planalto", "Hacienda" /
    "Ministerio de Hacienda"), and ``short`` is not a place of its own (a country, region or city:
    "México" is not "Ciudad de México"; a smaller town may be: "Planalto")."""
    ws, sw = full.split(), short.split()
    if len(sw) != 1 or len(ws) < 3 or len(ws) > 5:
        return False
    lead = 1 if fold_word(ws[0]) in ARTICLES and len(ws) > 3 else 0
    head = fold_word(ws[lead])
    if head not in PLACE_HEADS and head not in ORG_HEADS:
        return False
    rest = ws[lead + 1 :]
    while rest and fold_word(rest[0]) in NAME_JOINERS:
        rest = rest[1:]
    if len(rest) != 1 or rest[0] != sw[0] or len(rest) == len(ws) - lead - 1:
        return False
    f = fold_word(short)
    return concept_key(short) is None and f not in PLACES and f not in _region_names()


def club_of(short: str, label: str, full: str, full_label: str) -> bool:
    """``full`` is "<city> <common English word>", a club, and ``short`` that word, the name it goes by
    ("United" / "Manchester United", "City" / "Leicester City", "Post" / "Washington Post"), tagged ORG
    or MISC."""
    ws, sw = full.split(), short.split()
    return (full_label == "ORG" and label in ("ORG", "MISC") and len(sw) == 1 and len(ws) == 2 and ws[1] == sw[0]
            and fold_word(ws[0]) in _city_names() and fold_word(short) in _common_en())


def _lead_of(short: str, full: str) -> bool:
    """``full`` is an institution whose first word is ``short`` and whose head comes after it
    ("Supremo" / "Supremo Tribunal Federal"), ``short`` being a head or a common word, not a name of
    its own; never a company and its product ("Google Fiber", "Microsoft Office")."""
    ws, sw = full.split(), short.split()
    if len(sw) != 1 or not 2 <= len(ws) <= 5 or ws[0] != sw[0]:
        return False
    if not generic_word(short):
        # a name of its own names the whole only before a party's or a group's word ("Labour Party"):
        # "Microsoft" is not "Microsoft Office", nor "Sky" "Sky News"
        return len(ws) == 2 and fold_word(ws[1]) in _WHOLE_HEADS
    return any(fold_word(w) in ORG_HEADS for w in ws[1:])  # "Supremo" is a head too: one comes after it


_WHOLE_HEADS = frozenset("party partido partito club group grupo gruppo".split())
# last words that a company's full name adds to the name it is known by ("Altria Group", "Circuit City Stores")
_COMPANY_TAILS = frozenset("group grupo gruppo holding holdings stores corp".split())


def shouted_word(name: str) -> bool:
    """One word of four letters or more in capitals ("ANAYA", "GUILLÉN"): a headline's surname as
    often as an acronym, so rule 4 may take it for a person's short form whatever its label."""
    return name.isalpha() and name.isupper() and len(name) >= 4


def whole_company_of(short: str, full: str) -> bool:
    """``full`` is ``short`` and one word that only says it is a company ("Altria" / "Altria Group",
    "Circuit City" / "Circuit City Stores"): the same company, whatever label each mention got.  Not
    a product nor a unit ("Google Fiber", "Sony Pictures")."""
    ws, sw = full.split(), short.split()
    return len(ws) == len(sw) + 1 and ws[:-1] == sw and fold_word(ws[-1]) in _COMPANY_TAILS


def generic_word(word: str) -> bool:
    """Whether one word is a head or a common word rather than a name of its own ("Gobierno",
    "Parlamento", "Supremo", "Polizia" against "Microsoft", "Labour", "Modena"): the body or place
    it stands for is the one its article names in full, a different one in each article."""
    f = fold_word(word)
    return f in ORG_HEADS or f in PLACE_HEADS or (f in _common_words() and f not in KNOWN_ORGS)


def _model_of(short: str, full: str) -> bool:
    """``full`` is a maker and its product ("Fiat Punto" / "Punto", "Renault Scenic" / "Scenic"): the
    product's name alone is the same thing (the maker alone never is: "Google" is not "Google Fiber").
    Or ``full`` is a work's title and ``short`` the word it goes by in the same text: its last ("Fockers"
    / "Meet The Fockers") or its first ("Howl" / "Howl's Moving Castle", "Zika" / "Zika Virus")."""
    ws, sw = full.split(), short.split()
    if len(sw) != 1 or len(ws) < 2 or fold_word(short) in CAR_MAKES | KNOWN_ORGS:
        return len(sw) == 1 and len(ws) == 2 and ws[1] == sw[0] and fold_word(ws[0]) in CAR_MAKES | KNOWN_ORGS
    return ws[-1] == sw[0] or ws[0].removesuffix("'s").removesuffix("’s") == sw[0]


def _close_word(a: str, b: str) -> bool:
    if a == b:
        return True
    if not (a.isalpha() and b.isalpha()) or min(len(a), len(b)) < 5:
        return False
    budget = 2 if min(len(a), len(b)) >= 12 else 1
    if abs(len(a) - len(b)) > budget:
        return False  # more edits than the budget, whatever the letters
    return fuzz.ratio(a, b) >= 85 and Levenshtein.distance(a, b, score_cutoff=budget) <= budget


def _fuzzy_words(wa: Sequence[str], wb: Sequence[str]) -> bool:
    if len(wa) < 2 or len(wa) != len(wb):
        return False
    diff = 0
    for a, b in zip(wa, wb):
        if a == b:
            continue
        diff += 1
        if diff > 1 or not _close_word(a, b):
            return False
    return diff == 1


def _slots(words: Sequence[str]) -> list[tuple[int, int, str]]:
    n = len(words)
    return [(n, p, w) for p, w in enumerate(words)]


def same_entity(a: str, b: str) -> bool:
    """True when names ``a`` and ``b`` denote the same entity under rules 1-3 (no context)."""
    ka, kb = name_key(a), name_key(b)
    if ka and ka == kb:
        return True
    return _fuzzy_words(_name_words(a), _name_words(b))


def _labels_compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b or "MISC" in (a, b)


def person_name_shape(name: str) -> bool:
    """Whether a PER name of two words or more can name its entity: its first word is no common
    word nor a word that opens sentences.  NER sometimes keeps a sentence's first word on a name
    ("Entregar Lula ...", "Discurso de Temer foi ...", "Caso Lula seja absolvido"); such a span may
    still point at the person, but "Entregar Lula" must not become the name of an entity that
    "Lula" names 250 times."""
    words = name.split()
    if len(words) < 2:
        return True
    if name.isupper():
        return False  # a headline's "SÉRGIO MORO": the name in its own case will come
    first = fold_word(words[0].strip("\"'«“‘(¿¡"))
    return first not in _common_words() and first not in SENTENCE_WORDS
