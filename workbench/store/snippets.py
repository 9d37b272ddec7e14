"""Highlighted snippets for the hits of a full-text query, computed in Python.

The snippet is a one-line window of about 160 characters that shows the most of what was searched
for: of the windows that start a third of their width before one of the first 64 hits in the
first 2,048 bytes of the text (else its first hit), the first whose hits are of the most distinct
query terms (a number in all its conventions, a ``word~`` with
its variants or an entity with its aliases each count once).  A query of one term takes its first
phrase hit, else its first hit (``e-mail``: "e mail" before "email").

Search reads each hit's text as UTF-8 bytes and decodes only the snippet's window, and what lies
between the first and the last hit of a text with hits of several terms (to count characters):
decoding whole articles cost as much as the query.  Hits are found on the bytes by RE2 (see
:mod:`workbench.store.hitpatterns`); the two bytes around a candidate settle its word boundaries
in the usual case, the exact pattern on the decoded neighbourhood otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from ..textutil import fold_for_match, query_phrases
from .hitpatterns import (  # noqa: F401  (re-exported: the reader and the tests use them from here)
    _RAW_MAX_LETTERS, _compute_fold_groups, _fold_groups, _only_prefixes, _raw_regex, _units, hit_offsets,
    letter_forms, query_regex)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a one-shot search never needs it)
if TYPE_CHECKING:
    from typing import Any

# bytes that are a whole character and not a word character: a term next to one is a whole word
_NON_WORD = bytes(1 if b < 0x80 and not (chr(b).isalnum() or b == 0x5F) else 0 for b in range(256))

SNIPPET_WIDTH = 160
# at most this many hits of a text, in its first SCAN_BYTES bytes (the lede and the paragraphs
# after it), are weighed when choosing its window: finding hits runs at about 7 ns a byte (RE2 on
# this machine), and a search that scanned whole articles for them cost twice the MATCH
MAX_HITS = 64
SCAN_BYTES = 2048
SCAN_SLACK = 512  # how far past SCAN_BYTES a hit that starts before it may end

_WORD_RE = re.compile(r"[^\W_]+")
# a parenthesised OR of words and phrases: one query term written several ways
_OR_GROUP_RE = re.compile(r'\((\s*(?:"(?:[^"]|"")*"\*?|[^\s()"]+)(?:\s+OR\s+(?:"(?:[^"]|"")*"\*?|[^\s()"]+))*\s*)\)')


class _Span(tuple[int, int]):
    """A hit's byte span, shaped like a regex match."""

    def __new__(cls, start: int, end: int) -> _Span:
        return super().__new__(cls, (start, end))

    def span(self) -> tuple[int, int]:
        return self[0], self[1]


@lru_cache(maxsize=256)
def term_groups(query: str) -> tuple[dict[tuple[str, ...], int], list[tuple[tuple[str, ...], int]]]:
    """Which query term each word or phrase of an FTS5 query belongs to: the forms inside one
    parenthesised ``OR`` (``("10 000" OR "10000" OR "10 mil")``) are one term.  Returns the
    exact forms (folded words -> term) and the prefix forms (words, term)."""
    group_of: dict[tuple[tuple[str, ...], bool], int] = {}
    for k, m in enumerate(_OR_GROUP_RE.finditer(query)):
        for unit in query_phrases(m.group(1)):
            group_of.setdefault(unit, k)
    exact: dict[tuple[str, ...], int] = {}
    prefixes: list[tuple[tuple[str, ...], int]] = []
    for words, prefix in query_phrases(query):
        words = tuple(w for w in words if w)
        g = group_of.get((words, prefix), 10_000 + len(exact) + len(prefixes))
        if prefix:
            prefixes.append((words, g))
        else:
            exact.setdefault(words, g)
    return exact, prefixes


@lru_cache(maxsize=4096)
def hit_term(query: str, hit: str) -> int:
    """The query term a hit (the text it matched) is a form of (-1 when none is recognised)."""
    exact, prefixes = term_groups(query)
    words = tuple(fold_for_match(w) for w in _WORD_RE.findall(hit))
    g = exact.get(words)
    if g is not None:
        return g
    for pw, pg in prefixes:
        if len(pw) == len(words) and words[:-1] == pw[:-1] and words[-1].startswith(pw[-1]):
            return pg
    return -1


def term_count(query: str) -> int:
    """How many distinct terms an FTS5 query looks for (the forms of one term count once)."""
    exact, prefixes = term_groups(query)
    return len(set(exact.values()) | {g for _, g in prefixes})


def best_anchor(hits: list[tuple[int, int, int]], reach: int) -> int:
    """The index of the first hit whose window holds the most distinct terms: ``hits`` are (start,
    end, term) in text order, none overlapping, and a hit's window holds the hits that start at it
    and end within ``reach`` of its start (their ends grow with their starts, so a window is a run
    of hits and one pass slides it, counting the terms inside)."""
    best, most, j, n = 0, 0, 0, len(hits)
    inside: dict[int, int] = {}
    for i, (start, _, term) in enumerate(hits):
        j = max(j, i)
        while j < n and hits[j][1] - start <= reach:
            t = hits[j][2]
            inside[t] = inside.get(t, 0) + 1
            j += 1
        if len(inside) > most:
            best, most = i, len(inside)
        if j > i:  # hit i leaves the window
            left = inside[term] - 1
            if left:
                inside[term] = left
            else:
                del inside[term]
    return best


class Snippets:
    """Snippets for the hits of one query: ``Snippets(query).many(texts)`` gives ``(snippet, marks)``
    for each text (a window of about ``width`` characters, and where the hits are in it);
    ``Snippets(query)(text)`` does one.  A text may be the UTF-8 bytes of the text, as search reads
    it: only the windows are decoded."""

    __slots__ = ("rx", "raw", "prefixes", "width", "before", "after", "query", "terms", "phrases", "raw_phrase",
                 "term_of")

    def __init__(self, query: str, width: int = SNIPPET_WIDTH) -> None:
        self.rx = query_regex(query)
        self.raw = _raw_regex(query)
        self.query = query
        # a query of several terms weighs its hits; one of a single term takes its first phrase hit,
        # else its first hit
        self.terms = term_count(query)
        self.phrases = bool(_units(query, True))
        self.raw_phrase = _raw_regex(query, True) if self.phrases and self.terms == 1 else None
        self.prefixes = _only_prefixes(query)  # then a word character may follow a hit
        self.term_of: dict[bytes, int] = {}  # a hit's bytes -> the query term it is a form of
        self.width = width
        # the bytes the window can reach: width // 3 + 15 characters before the hit and width after
        # the window start, at most 4 bytes each (a character cut at either end is dropped)
        self.before = 4 * (width // 3 + 16)
        self.after = 4 * width + 8

    def __call__(self, text: str | bytes) -> tuple[str, list[tuple[int, int]]]:
        return self.many([text if isinstance(text, bytes) else text.encode("utf-8")])[0]

    def many(self, texts: list[bytes]) -> list[tuple[str, list[tuple[int, int]]]]:
        """The snippet of each text.  Past finding the hit it starts from, the window is computed
        inline, in this one frame: a snippet costs a few microseconds, and the two method calls per
        text this loop was once split into made a search of one word 15 % slower (bench/search.py).

        The window: the characters around the hit are decoded (first 1.5 bytes a character, enough
        for Latin script; 4 when that holds too few to settle the window), ``width // 3`` of them
        before the hit, both ends moved to a space, and the hits inside it marked."""
        rx = self.rx
        if rx is None:
            return [(self._opening(data), []) for data in texts]
        width, back, ahead, anchor = self.width, self.before, self.after, self._anchor
        third = width // 3
        need_before = third + 16
        near_back, near_ahead = 3 * need_before // 2, 3 * width // 2 + 8
        out: list[tuple[str, list[tuple[int, int]]]] = []
        for data in texts:
            hit = anchor(data)
            if hit is None:
                out.append((self._opening(data), []))
                continue
            at, end, whole = hit
            size = len(data)
            lo = at - near_back if at > near_back else 0
            before = data[lo:at].decode("utf-8", "ignore")
            if lo and len(before) < need_before:
                lo = at - back if at > back else 0
                before = data[lo:at].decode("utf-8", "ignore")
            start, hi = len(before), at + near_ahead
            for attempt in (0, 1):
                region = before + data[at:hi].decode("utf-8", "ignore")
                n = len(region)
                if whole:
                    seen = start + len(data[at:end].decode("utf-8", "ignore"))
                else:  # a prefix runs on to the end of its word; a checked candidate may end elsewhere
                    first = rx.match(region, start)
                    seen = first.end() if first is not None else n
                if attempt or hi >= size or (seen < n and (start - third if start > third else 0) + width < n):
                    break
                hi = at + ahead  # the window or the hit may run past the decoded bytes
            window_start = start - third if start > third else 0
            window_end = window_start + width if window_start + width < n else n
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
            shift = len(lead) - window_start
            out.append((lead + region[window_start:window_end].replace("\n", " ").replace("\t", " ")
                        + ("…" if cut else ""),
                        [(m.start() + shift, m.end() + shift) for m in rx.finditer(region, window_start, window_end)]))
        return out

    # -- the hits -------------------------------------------------------------------------------
    def _exact_hit(self, data: bytes, pos: int, endpos: int | None = None) -> _Span | None:
        """The first hit at or after byte ``pos``, found by the exact pattern on the decoded text:
        for a query too long for the raw pattern (``endpos`` is not needed: this path is rare)."""
        text = data.decode("utf-8", "ignore")
        m = self.rx.search(text, len(data[:pos].decode("utf-8", "ignore")))  # type: ignore[union-attr]
        if m is None:
            return None
        at = len(text[:m.start()].encode())
        return _Span(at, at + len(text[m.start():m.end()].encode()))

    def _verified(self, data: bytes, at: int, end: int, phrase: bool = False) -> tuple[int, bool] | None:
        """Where a raw candidate ends as a hit (and whether that end is exact), or None when it is
        not one: a non-word byte (or nothing) on either side settles it, unless a non-ASCII byte
        lies inside; otherwise the characters around it are decoded and the exact pattern decides."""
        size = len(data)
        if ((at == 0 or _NON_WORD[data[at - 1]]) and (self.prefixes or end == size or _NON_WORD[data[end]])
                and (not self.phrases or data[at:end].isascii())):  # a raw gap may be a non-ASCII letter
            return end, not self.prefixes
        near = data[max(0, at - 4):at].decode("utf-8", "ignore")
        rx = query_regex(self.query, True) if phrase else self.rx
        around = near + data[at:end + 4].decode("utf-8", "ignore")
        m = rx.match(around, len(near))  # type: ignore[union-attr]
        if m is None:
            return None
        return at + len(around[m.start():m.end()].encode()), True

    def _first(self, data: bytes, find: Callable[[bytes, int], Any], phrase: bool) -> tuple[int, int, bool] | None:
        """The first hit (byte start, byte end, whether the end is exact).  (The usual case, a
        candidate between two non-word bytes, is settled here without a call: this runs once for
        every hit of every search.)"""
        size, prefixes, ascii_only = len(data), self.prefixes, self.phrases
        pos = 0
        while (m := find(data, pos)) is not None:
            at, end = m.span()
            if ((at == 0 or _NON_WORD[data[at - 1]]) and (prefixes or end == size or _NON_WORD[data[end]])
                    and (not ascii_only or data[at:end].isascii())):
                return at, end, not prefixes
            v = self._verified(data, at, end, phrase)
            if v is not None:
                return at, v[0], v[1]
            pos = at + 1  # candidates may overlap
        return None

    def _hits(self, data: bytes, find: Callable[[bytes, int, int], Any],
              target: int) -> tuple[list[tuple[int, int, bool, int]], int]:
        """Up to :data:`MAX_HITS` hits (byte start, byte end, whether the end is exact, term) that
        start in the first :data:`SCAN_BYTES` bytes, in text order, and the index of the best
        window's first hit (see :func:`best_anchor`; offsets in characters).

        The scan stops at the first window found to hold all ``target`` terms: it is the best, as a
        window that began earlier and held them all would have been found first (unless a hit of no
        recognised term is about, which could make a window of more distinct values later).  This
        runs for every hit of a search of several terms: the usual candidate is settled inline,
        characters are counted by decoding only the gaps between hits, and the terms near the
        latest hit are counted as a sliding window."""
        hits: list[tuple[int, int, bool, int]] = []
        spans: list[tuple[int, int, int]] = []  # the hits in characters: (start, end, term)
        pos, first, chars, done, unknown = 0, 0, 0, 0, False
        reach = self.width - self.width // 3
        size, prefixes, ascii_only, term_of = len(data), self.prefixes, self.phrases, self.term_of
        near: dict[int, int] = {}  # the terms of the hits that end within reach of the latest
        # the scan ends a little past SCAN_BYTES (a hit starting before it ends there): without the
        # bound, the search after the last hit ran on to the end of the article
        limit = min(size, SCAN_BYTES + SCAN_SLACK)
        while pos < SCAN_BYTES and (m := find(data, pos, limit)) is not None:
            at, end = m.span()
            if at >= SCAN_BYTES:
                break
            if ((at == 0 or _NON_WORD[data[at - 1]]) and (prefixes or end == size or _NON_WORD[data[end]])
                    and (not ascii_only or data[at:end].isascii())):
                exact = not prefixes
            else:
                v = self._verified(data, at, end)
                if v is None:
                    pos = at + 1  # candidates may overlap
                    continue
                end, exact = v
            term = term_of.get(key := data[at:end])
            if term is None:
                term = term_of[key] = hit_term(self.query, key.decode("utf-8", "ignore"))
            unknown = unknown or term < 0
            chars += len(data[done:at].decode("utf-8", "ignore"))
            start, done = chars, end
            chars += len(key.decode("utf-8", "ignore"))
            hits.append((at, end, exact, term))
            spans.append((start, chars, term))
            near[term] = near.get(term, 0) + 1
            while chars - spans[first][0] > reach:
                t = spans[first][2]
                near[t] -= 1
                if not near[t]:
                    del near[t]
                first += 1
            if len(near) >= target and not unknown:
                return hits, first
            if len(hits) >= MAX_HITS:
                break
            pos = end if end > at else at + 1
        return hits, best_anchor(spans, reach) if hits else -1

    def _anchor(self, data: bytes) -> tuple[int, int, bool] | None:
        """The byte span of the hit the window starts from (see the module's docstring), and
        whether its end is known exactly."""
        find = self.raw.search if self.raw is not None else self._exact_hit
        if self.terms <= 1:
            first = self._first(data, self.raw_phrase.search, True) if self.raw_phrase is not None else None
            return first or self._first(data, find, False)
        hits, best = self._hits(data, find, self.terms)
        return hits[best][:3] if hits else self._first(data, find, False)

    # -- the window -----------------------------------------------------------------------------
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
