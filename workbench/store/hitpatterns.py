"""The patterns that find a full-text query's hits in stored text (for snippets and the reader).

FTS5's own ``snippet()`` re-tokenises every hit and costs about twice the MATCH itself.  Here one
regex per query, run over each hit's stored text, finds the words the index matched (accent- and
case-insensitively) and gives exact offsets into that text, which the reader needs to mark hits
anyway (:mod:`workbench.store.snippets` builds the snippets from them).

* A looser pattern over the UTF-8 bytes (the same letters, no word boundaries), compiled by RE2,
  whose DFA scans about a byte a nanosecond, finds hit candidates without decoding the text.
* The exact pattern (Python's engine: it needs look-behinds) starts with one explicit character
  class (every form of every term's first letter) and carries no IGNORECASE flag, so the engine
  skips ahead with its character-set scan instead of trying the whole pattern at every position.
  Search runs it only inside the window and on the rare candidate with a non-ASCII neighbour;
  the reader runs it over the whole text to mark the hits.
"""

from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Callable, Iterator
from itertools import chain

from ..textutil import fold_for_match, query_phrases, query_terms

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a one-shot search never needs it)
if TYPE_CHECKING:
    from typing import Any

# Letters that Python's case-insensitive matching also treats as one, beyond upper() / lower():
# dotless i, long s, Kelvin sign, angstrom sign, micro sign, Greek letter variants, ohm sign, ...
_CASE_KIN = ("i\u0131", "s\u017f", "k\u212a", "\u00e5\u212b", "\u00b5\u03bc", "\u03b9\u0345\u1fbe",
             "\u03b2\u03d0", "\u03b5\u03f5", "\u03b8\u03d1\u03f4", "\u03ba\u03f0", "\u03c0\u03d6",
             "\u03c1\u03f1", "\u03c3\u03c2", "\u03c6\u03d5", "\u03c9\u2126", "\u1e61\u1e9b")


def _compute_fold_groups() -> dict[str, set[str]]:
    """For each base letter, the accented Latin letters the index folds to it (é, ê, è, ... -> e)."""
    groups: dict[str, set[str]] = {}
    for cp in chain(range(0x00C0, 0x0250), range(0x1E00, 0x1F00)):
        ch = chr(cp)
        base = fold_for_match(ch)
        if len(base) == 1 and base.isascii() and base.isalpha():
            groups.setdefault(base, set()).add(ch)
    return groups


# _compute_fold_groups() written out: computing it took 10-25 ms of every search process
# (tests/test_snippets.py checks the two agree)
_FOLD_TABLE: dict[str, str] = {
    'a': 'ÀÁÂÃÄÅàáâãäåĀāĂăĄąǍǎǞǟǠǡǺǻȀȁȂȃȦȧḀḁẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặ',
    'b': 'ḂḃḄḅḆḇ',
    'c': 'ÇçĆćĈĉĊċČčḈḉ',
    'd': 'ĎďḊḋḌḍḎḏḐḑḒḓ',
    'e': 'ÈÉÊËèéêëĒēĔĕĖėĘęĚěȄȅȆȇȨȩḔḕḖḗḘḙḚḛḜḝẸẹẺẻẼẽẾếỀềỂểỄễỆệ',
    'f': 'Ḟḟ',
    'g': 'ĜĝĞğĠġĢģǦǧǴǵḠḡ',
    'h': 'ĤĥȞȟḢḣḤḥḦḧḨḩḪḫẖ',
    'i': 'ÌÍÎÏìíîïĨĩĪīĬĭĮįİǏǐȈȉȊȋḬḭḮḯỈỉỊị',
    'j': 'Ĵĵǰ',
    'k': 'ĶķǨǩḰḱḲḳḴḵ',
    'l': 'ĹĺĻļĽľḶḷḸḹḺḻḼḽ',
    'm': 'ḾḿṀṁṂṃ',
    'n': 'ÑñŃńŅņŇňǸǹṄṅṆṇṈṉṊṋ',
    'o': 'ÒÓÔÕÖòóôõöŌōŎŏŐőƠơǑǒǪǫǬǭȌȍȎȏȪȫȬȭȮȯȰȱṌṍṎṏṐṑṒṓỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợ',
    'p': 'ṔṕṖṗ',
    'r': 'ŔŕŖŗŘřȐȑȒȓṘṙṚṛṜṝṞṟ',
    's': 'ŚśŜŝŞşŠšȘșṠṡṢṣṤṥṦṧṨṩ',
    't': 'ŢţŤťȚțṪṫṬṭṮṯṰṱẗ',
    'u': 'ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲųƯưǓǔǕǖǗǘǙǚǛǜȔȕȖȗṲṳṴṵṶṷṸṹṺṻỤụỦủỨứỪừỬửỮữỰự',
    'v': 'ṼṽṾṿ',
    'w': 'ŴŵẀẁẂẃẄẅẆẇẈẉẘ',
    'x': 'ẊẋẌẍ',
    'y': 'ÝýÿŶŷŸȲȳẎẏẙỲỳỴỵỶỷỸỹ',
    'z': 'ŹźŻżŽžẐẑẒẓẔẕ',
}


@lru_cache(maxsize=1)
def _fold_groups() -> dict[str, set[str]]:
    return {k: set(v) for k, v in _FOLD_TABLE.items()}


@lru_cache(maxsize=1024)
def letter_forms(ch: str) -> frozenset[str]:
    """Every character that search treats as the (folded) query character ``ch``: the accented
    letters the index folds to it, in every case form."""
    forms = {ch} | _fold_groups().get(ch, set())
    while True:
        grown = set(forms)
        for f in forms:
            grown.update(c for c in (f.lower(), f.upper(), f.swapcase(), f.casefold()) if len(c) == 1)
        for kin in _CASE_KIN:
            if grown.intersection(kin):
                grown.update(kin)
        if grown == forms:
            return frozenset(forms)
        forms = grown


def _ranges(codes: list[int], esc: Callable[[int], str]) -> str:
    """A regex class of the given code points (or bytes), runs written as ranges: a shorter
    pattern compiles faster, and every new query typed in the TUI compiles two."""
    codes = sorted(set(codes))
    if len(codes) == 1:
        return esc(codes[0])
    parts, i = [], 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        parts.append(esc(codes[i]) + ("-" if j > i + 1 else "") + (esc(codes[j]) if j > i else ""))
        i = j + 1
    return "[" + "".join(parts) + "]"


def _char_class(chars: set[str] | frozenset[str]) -> str:
    return _ranges([ord(c) for c in chars], lambda cp: re.escape(chr(cp)))


@lru_cache(maxsize=256)
def _units(query: str, phrases_only: bool = False) -> tuple[tuple[tuple[str, ...], bool], ...]:
    """The query's words and phrases, longest first (so that at one position a phrase is tried
    before its first word alone).  Cached: every search asks for them again."""
    units = {(tuple(w for w in words if w), prefix) for words, prefix in query_phrases(query)}
    units = {(words, prefix) for words, prefix in units if words and (len(words) > 1 or not phrases_only)}
    return tuple(sorted(units, key=lambda u: (-sum(map(len, u[0])) - len(u[0]), u)))


# what separates two words of a phrase in the text (the index splits on every non-letter, non-digit)
_GAP = r"[\W_]+"


@lru_cache(maxsize=1024)
def _letter_class(ch: str) -> str:
    return _char_class(letter_forms(ch))


def _class_regex(units: tuple[tuple[tuple[str, ...], bool], ...]) -> re.Pattern[str]:
    """The exact pattern with each letter a class of all its forms: the fastest to run, but
    compiling a class of some sixty letters takes Python about 0.2 ms, and a ``word~`` of twenty
    variants holds two hundred (see :class:`FoldedPattern`)."""
    firsts = {words[0][0] for words, _ in units}
    branches = []
    for words, prefix in units:
        term = words[0]
        guard = f"(?<={_letter_class(term[0])})" if len(firsts) > 1 else ""
        rest = "".join(_letter_class(c) for c in term[1:])
        for w in words[1:]:
            rest += _GAP + "".join(_letter_class(c) for c in w)
        branches.append(guard + rest + (r"\w*" if prefix else r"(?!\w)"))
    head = _char_class(set().union(*(letter_forms(c) for c in firsts)))
    # head letter, then "no word character before it", then which term it starts
    return re.compile(head + r"(?<!\w.)(?:" + "|".join(branches) + ")")


_WORD_CHAR = re.compile(r"\w")


@lru_cache(maxsize=1024)
def _forms_to(ch: str) -> tuple[int, ...] | None:
    """The code points written as ``ch`` on the folded text: its forms (None when one of them is a
    word character and ``ch`` is not, or the other way round: the fold would move a boundary)."""
    word = _WORD_CHAR.match(ch) is not None
    forms = letter_forms(ch)
    if any((_WORD_CHAR.match(f) is not None) != word for f in forms):
        return None
    return tuple(ord(f) for f in forms)


def _fold_table(chars: set[str]) -> dict[int, str] | None:
    """``str.translate`` table writing every form of each query letter as the letter itself, one
    code point for one; None when two query letters share a form."""
    table: dict[int, str] = {}
    for ch in chars:
        forms = _forms_to(ch)
        if forms is None:
            return None
        for cp in forms:
            if table.setdefault(cp, ch) != ch:
                return None
    return table


_END = 2**63 - 1
# Queries with more letters than this (a word~ with its variants, a number in its conventions) get
# the folded pattern: compiling a class per letter costs about 0.2 ms a letter, and folding the
# text (``str.translate``, about 0.1 us a character) costs each search a little
_FOLD_MIN_LETTERS = 48


class FoldedPattern:
    """The exact pattern of a query, run on the text with each form of a query letter written as
    that letter (``É``, ``é``, ``e`` -> ``e``): the pattern holds plain letters, so it compiles in
    a fraction of the time a class per letter takes, and since each character is replaced by one,
    every offset is the text's.  (A match's ``group()`` is the folded text: use its span.)"""

    __slots__ = ("rx", "table")

    def __init__(self, rx: re.Pattern[str], table: dict[int, str]) -> None:
        self.rx = rx
        self.table = table

    def search(self, text: str, pos: int = 0, endpos: int = _END) -> re.Match[str] | None:
        return self.rx.search(text.translate(self.table), pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = _END) -> re.Match[str] | None:
        return self.rx.match(text.translate(self.table), pos, endpos)

    def fullmatch(self, text: str, pos: int = 0, endpos: int = _END) -> re.Match[str] | None:
        return self.rx.fullmatch(text.translate(self.table), pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = _END) -> Iterator[re.Match[str]]:
        return self.rx.finditer(text.translate(self.table), pos, endpos)


@lru_cache(maxsize=256)
def query_regex(query: str, phrases_only: bool = False) -> FoldedPattern | re.Pattern[str] | None:
    """One pattern matching every term (a phrase as a whole) of an FTS5 query in the original
    (unfolded) text.  With ``phrases_only``, only its phrases of two or more words."""
    units = _units(query, phrases_only)
    if not units:
        return None
    letters = [c for words, _ in units for w in words for c in w]
    table = _fold_table(set(letters)) if len(letters) > _FOLD_MIN_LETTERS else None
    if table is None:
        return _class_regex(units)
    return _folded_regex(units, table)


def _folded_regex(units: tuple[tuple[tuple[str, ...], bool], ...], table: dict[int, str]) -> FoldedPattern:
    firsts = {words[0][0] for words, _ in units}
    branches = []
    for words, prefix in units:
        guard = f"(?<={re.escape(words[0][0])})" if len(firsts) > 1 else ""
        rest = re.escape(words[0][1:]) + "".join(_GAP + re.escape(w) for w in words[1:])
        branches.append(guard + rest + (r"\w*" if prefix else r"(?!\w)"))
    head = _char_class(firsts)
    return FoldedPattern(re.compile(head + r"(?<!\w.)(?:" + "|".join(branches) + ")"), table)


def _byte_alternatives(encodings: set[bytes]) -> str:
    """A bytes-regex source matching exactly the given UTF-8 strings, factored on leading bytes."""
    if encodings == {b""}:
        return ""
    by_lead: dict[int, set[bytes]] = {}
    for e in encodings:
        by_lead.setdefault(e[0], set()).add(e[1:])
    singles = sorted(b for b, tails in by_lead.items() if tails == {b""})
    parts = []
    if singles:
        parts.append(_byte_class(singles))
    for lead in sorted(set(by_lead) - set(singles)):
        tails = by_lead[lead]
        if all(len(t) == 1 for t in tails):  # the common case: a 2-byte letter
            parts.append(_byte_class([lead]) + _byte_class(sorted(t[0] for t in tails)))
        else:
            parts.append(_byte_class([lead]) + "(?:" + _byte_alternatives(tails) + ")")
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


@lru_cache(maxsize=1024)
def _letter_bytes(ch: str) -> str:
    """A bytes-regex source matching the UTF-8 of every form of ``ch``."""
    return _byte_alternatives({f.encode() for f in letter_forms(ch)})


def _byte_class(values: list[int]) -> str:
    return _ranges(values, lambda b: re.escape(bytes([b])).decode("latin-1"))


# Queries with more letters than this (a pasted paragraph) use the exact pattern on the decoded
# text instead: RE2's DFA for a term of a thousand-odd letters outgrows its memory budget, and RE2
# then says so on stderr, under the TUI.
_RAW_MAX_LETTERS = 400


# between two words of a phrase, in UTF-8 bytes: any run of bytes that are not ASCII letters or
# digits (a superset: a candidate with non-ASCII bytes inside is checked by the exact pattern)
_RAW_GAP = "[^0-9A-Za-z]+"


@lru_cache(maxsize=256)
def _raw_regex(query: str, phrases_only: bool = False) -> Any:
    """A pattern over the UTF-8 bytes of a text that matches wherever a term of ``query`` starts
    (a superset of :func:`query_regex`'s matches: no word-boundary checks), compiled by RE2.

    RE2 scans with a DFA, about a nanosecond a byte however often the terms' letters occur.
    Python's engine tries the pattern at every occurrence of a term's first letter, some 200 ns
    each; for a query like "Casa Branca" over Portuguese text that made finding the first hit
    most of the cost of a search."""
    units = [words for words, _ in _units(query, phrases_only)]
    if not units or sum(len(w) for words in units for w in words) > _RAW_MAX_LETTERS:
        return None
    import re2  # type: ignore[import-not-found, unused-ignore]  # pyre2 (RE2 behind Cython), no stubs; imported here, not on every start-up

    source = "|".join(_RAW_GAP.join("".join(_letter_bytes(c) for c in w) for w in words) for words in units)
    return re2.compile(source.encode("latin-1"))


def hit_offsets(text: str, query: str) -> list[tuple[int, int]]:
    rx = query_regex(query)
    return [m.span() for m in rx.finditer(text)] if rx else []


@lru_cache(maxsize=256)
def _only_prefixes(query: str) -> bool:
    terms = query_terms(query)
    return bool(terms) and all(prefix for _, prefix in terms)
