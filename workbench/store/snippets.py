"""Highlighted snippets and hit offsets for a full-text query, computed in Python.

FTS5's own ``snippet()`` re-tokenises every hit and costs about twice the MATCH itself.  Here one
regex per query, run over each hit's stored text, finds the words the index matched (accent- and
case-insensitively) and gives exact offsets into that text, which the reader needs to mark hits
anyway.

Two things keep this cheap next to the query (``bench/search.py`` measures it):

* Search reads each hit's text as UTF-8 bytes and decodes only the snippet's window.  The first
  hit is found on the bytes by a looser pattern (the same letters, no word boundaries) compiled by
  RE2, whose DFA scans about a byte a nanosecond; the two bytes around a candidate settle the word
  boundary in the usual case, the exact pattern otherwise.
* The exact pattern (Python's engine: it needs look-behinds) starts with one explicit character
  class (every form of every term's first letter) and carries no IGNORECASE flag, so the engine
  skips ahead with its character-set scan instead of trying the whole pattern at every position.
  Search runs it only inside the window and on the rare candidate with a non-ASCII neighbour;
  the reader runs it over the whole text to mark the hits.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..textutil import fold_for_match, query_phrases, query_terms

if TYPE_CHECKING:
    import re2

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


def _ranges(codes: list[int], esc) -> str:
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


def _units(query: str, phrases_only: bool = False) -> list[tuple[tuple[str, ...], bool]]:
    """The query's words and phrases, longest first (so that at one position a phrase is tried
    before its first word alone)."""
    units = {(tuple(w for w in words if w), prefix) for words, prefix in query_phrases(query)}
    units = {(words, prefix) for words, prefix in units if words and (len(words) > 1 or not phrases_only)}
    return sorted(units, key=lambda u: (-sum(map(len, u[0])) - len(u[0]), u))


# what separates two words of a phrase in the text (the index splits on every non-letter, non-digit)
_GAP = r"[\W_]+"


@lru_cache(maxsize=256)
def query_regex(query: str, phrases_only: bool = False) -> re.Pattern[str] | None:
    """One pattern matching every term (a phrase as a whole) of an FTS5 query in the original
    (unfolded) text.  With ``phrases_only``, only its phrases of two or more words."""
    units = _units(query, phrases_only)
    if not units:
        return None
    firsts = {words[0][0] for words, _ in units}
    branches = []
    for words, prefix in units:
        term = words[0]
        guard = f"(?<={_char_class(letter_forms(term[0]))})" if len(firsts) > 1 else ""
        rest = "".join(_char_class(letter_forms(c)) for c in term[1:])
        for w in words[1:]:
            rest += _GAP + "".join(_char_class(letter_forms(c)) for c in w)
        branches.append(guard + rest + (r"\w*" if prefix else r"(?!\w)"))
    head = _char_class(set().union(*(letter_forms(c) for c in firsts)))
    # head letter, then "no word character before it", then which term it starts
    return re.compile(head + r"(?<!\w.)(?:" + "|".join(branches) + ")")


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
def _raw_regex(query: str, phrases_only: bool = False) -> re2.Pattern | None:
    """A pattern over the UTF-8 bytes of a text that matches wherever a term of ``query`` starts
    (a superset of :func:`query_regex`'s matches: no word-boundary checks), compiled by RE2.

    RE2 scans with a DFA, about a nanosecond a byte however often the terms' letters occur.
    Python's engine tries the pattern at every occurrence of a term's first letter, some 200 ns
    each; for a query like "Casa Branca" over Portuguese text that made finding the first hit
    most of the cost of a search."""
    units = [words for words, _ in _units(query, phrases_only)]
    if not units or sum(len(w) for words in units for w in words) > _RAW_MAX_LETTERS:
        return None
    import re2  # pyre2 (Google's RE2 behind a Cython binding): imported here, not on every start-up (12 ms)

    source = "|".join(_RAW_GAP.join("".join(_byte_alternatives({f.encode() for f in letter_forms(c)}) for c in w)
                                    for w in words) for words in units)
    return re2.compile(source.encode("latin-1"))


def hit_offsets(text: str, query: str) -> list[tuple[int, int]]:
    rx = query_regex(query)
    return [m.span() for m in rx.finditer(text)] if rx else []


@lru_cache(maxsize=256)
def _only_prefixes(query: str) -> bool:
    terms = query_terms(query)
    return bool(terms) and all(prefix for _, prefix in terms)


# bytes that are a whole character and not a word character: a term next to one is a whole word
_NON_WORD = bytes(1 if b < 0x80 and not (chr(b).isalnum() or b == 0x5F) else 0 for b in range(256))

SNIPPET_WIDTH = 160


class _Span(tuple):
    """A hit's byte span, shaped like a regex match for the loop in :meth:`Snippets.many`."""

    def __new__(cls, start: int, end: int) -> _Span:
        return super().__new__(cls, (start, end))

    def span(self) -> tuple[int, int]:
        return self[0], self[1]


class Snippets:
    """Snippets for the hits of one query: ``Snippets(query).many(texts)`` gives ``(snippet, marks)``
    for each text, a one-line window of about ``width`` characters around its first hit, and where
    the hits are in it.  ``Snippets(query)(text)`` does one.

    A text may be the UTF-8 bytes of the text, as search reads it: only the window is decoded,
    and decoding whole articles cost as much as the query.  The first hit is found on the bytes by
    a looser pattern (no word boundaries), and checked with the exact one when a neighbour is not
    plain ASCII.  ``many`` runs the whole loop in one frame: a snippet costs a few microseconds, and
    a method call per hit was a tenth of that."""

    __slots__ = ("rx", "raw", "prefixes", "width", "before", "after", "query", "phrases", "raw_phrase")

    def __init__(self, query: str, width: int = SNIPPET_WIDTH) -> None:
        self.rx = query_regex(query)
        self.raw = _raw_regex(query)
        # a phrase match beats a lone word: the window centres on the first phrase hit if any (the
        # exact phrase pattern is compiled only if a candidate needs it: the RE2 one settles most)
        self.query = query
        self.phrases = bool(_units(query, True))
        self.raw_phrase = _raw_regex(query, True) if self.phrases else None
        self.prefixes = _only_prefixes(query)  # then a word character may follow a hit
        self.width = width
        # the bytes the window can reach: width // 3 + 15 characters before the hit and width after
        # the window start, at most 4 bytes each (a character cut at either end is dropped)
        self.before = 4 * (width // 3 + 16)
        self.after = 4 * width + 8

    def __call__(self, text: str | bytes) -> tuple[str, list[tuple[int, int]]]:
        return self.many([text if isinstance(text, bytes) else text.encode("utf-8")])[0]

    def _opening(self, data: bytes) -> str:
        """The snippet of a text without a hit in it (the query matched its title): its opening."""
        width, hi = self.width, self.after
        region = data[:hi].decode("utf-8", "ignore")
        n = len(region)
        window_end = width if width < n else n
        cut = window_end < n or hi < len(data)
        if cut:
            sp = region.rfind(" ", 0, window_end)
            window_end = sp if sp > 0 else window_end
        return region[:window_end].replace("\n", " ").replace("\t", " ") + ("…" if cut else "")

    def _first_hit_exact(self, data: bytes, pos: int, rx: re.Pattern[str] | None = None) -> _Span | None:
        """Where the first hit is in ``data`` (byte offsets), found by the exact pattern on the
        decoded text: for a query too long for the raw pattern (the span has ``span()`` like a match)."""
        text = data.decode("utf-8", "ignore")
        m = (rx or self.rx).search(text, len(data[:pos].decode("utf-8", "ignore")))  # type: ignore[union-attr]
        if m is None:
            return None
        at = len(text[:m.start()].encode())
        return _Span(at, at + len(m.group().encode()))

    def many(self, texts: list[bytes]) -> list[tuple[str, list[tuple[int, int]]]]:
        raw, rx = self.raw, self.rx
        if rx is None:
            return [(self._opening(data), []) for data in texts]
        prefixes, width, back, ahead = self.prefixes, self.width, self.before, self.after
        third = width // 3
        need_before = third + 16
        near_back, near_ahead = 3 * need_before // 2, 3 * width // 2 + 8
        raw_search = raw.search if raw is not None else self._first_hit_exact
        searches: list[tuple[Callable[[bytes, int], Any], Callable[[str, int], Any], bool]] = [
            (raw_search, rx.match, False)]
        if self.phrases:
            query = self.query

            def phrase_exact(d: bytes, p: int) -> _Span | None:
                return self._first_hit_exact(d, p, query_regex(query, True))

            def phrase_match(text: str, pos: int) -> re.Match[str] | None:
                return query_regex(query, True).match(text, pos)  # type: ignore[union-attr]

            searches.insert(0, (self.raw_phrase.search if self.raw_phrase is not None else phrase_exact,
                                phrase_match, True))
        search = rx.search
        out: list[tuple[str, list[tuple[int, int]]]] = []
        for data in texts:
            size = len(data)
            # the first hit (of a phrase, if the query has one and the text holds it): a raw match
            # with a non-word byte (or nothing) on either side settles it, unless a phrase match
            # holds non-ASCII bytes; otherwise the characters around it are decoded and the exact
            # pattern decides
            found = False
            for find, check, phrase in searches:
                pos = 0
                whole = False  # the raw match is the whole hit (so its end is the hit's end)
                while (m := find(data, pos)) is not None:
                    at, end = m.span()
                    if ((at == 0 or _NON_WORD[data[at - 1]]) and (prefixes or end == size or _NON_WORD[data[end]])
                            and (not phrase or data[at:end].isascii())):
                        whole = not prefixes
                        found = True
                        break
                    near = data[max(0, at - 4):at].decode("utf-8", "ignore")
                    if check(near + data[at:end + 4].decode("utf-8", "ignore"), len(near)):
                        found = True
                        break
                    pos = at + 1  # candidates may overlap
                if found:
                    break
            if not found:
                out.append((self._opening(data), []))
                continue
            match = check
            # the bytes around the hit: first for 1.5 bytes a character (enough for text in Latin
            # script), and for 4 when that holds too few characters to settle the window
            lo = at - near_back
            if lo < 0:
                lo = 0
            hi = at + near_ahead
            before = data[lo:at].decode("utf-8", "ignore")
            if lo and len(before) < need_before:
                lo = at - back if at > back else 0
                before = data[lo:at].decode("utf-8", "ignore")
            region = before + data[at:hi].decode("utf-8", "ignore")
            n = len(region)
            start = len(before)
            if whole:
                seen = start + len(data[at:end].decode("utf-8", "ignore"))
                first = None
            else:  # a prefix runs on to the end of its word; a checked candidate may end elsewhere
                first = match(region, start)
                seen = first.end() if first is not None else n
            if hi < size and (seen >= n or (start - third if start > third else 0) + width >= n):
                hi = at + ahead  # the window or the hit may run past the decoded bytes
                region = before + data[at:hi].decode("utf-8", "ignore")
                n = len(region)
                if not whole:
                    first = match(region, start)
                    seen = first.end() if first is not None else n
            if not whole and first is None:  # cannot happen (the loop above checked it)
                out.append((self._opening(data), []))
                continue
            # the window: width // 3 before the hit, on word boundaries
            window_start = start - third
            if window_start < 0:
                window_start = 0
            window_end = window_start + width
            if window_end > n:
                window_end = n
            if window_start > 0:  # start on a word: back to a space at most 15 characters away, or on
                sp = region.rfind(" ", window_start - 15 if window_start > 15 else 0, window_start)
                if sp == -1:
                    sp = region.find(" ", window_start, start)
                if sp != -1:
                    window_start = sp + 1
            cut = window_end < n or hi < size
            if cut:
                sp = region.rfind(" ", seen if seen > window_start else window_start, window_end)
                if sp > window_start:
                    window_end = sp
            lead = "…" if window_start > 0 or lo > 0 else ""
            snippet = (lead + region[window_start:window_end].replace("\n", " ").replace("\t", " ")
                       + ("…" if cut else ""))
            shift = len(lead) - window_start
            if seen > window_end:  # a long prefix match: the window cuts it
                out.append((snippet, [(m.start() + shift, m.end() + shift)
                                      for m in rx.finditer(region, window_start, window_end)]))
                continue
            # no hit lies before the first, so the marks start with it
            marks = [(start + shift, seen + shift)]
            while (m := search(region, seen, window_end)) is not None:
                seen = m.end()
                marks.append((m.start() + shift, seen + shift))
            out.append((snippet, marks))
        return out
