"""Highlighted snippets and hit offsets for a full-text query, computed in Python.

FTS5's own ``snippet()`` re-tokenises every hit and costs about twice the MATCH itself; one
accent- and case-insensitive regex per query, run over each hit's text, is several times cheaper
and gives exact offsets into the stored text (which the reader needs to mark hits anyway).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..textutil import query_terms


@lru_cache(maxsize=1)
def _variants() -> dict[str, str]:
    """For each base letter, a regex class of every Latin letter that folds to it (é, ê, è, ... -> e)."""
    groups: dict[str, set[str]] = {}
    for cp in range(0x00C0, 0x0250):
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)).lower()
        if len(base) == 1 and base.isalpha() and base.isascii():
            groups.setdefault(base, set()).update({ch, ch.lower(), ch.upper()})
    return {b: "[" + re.escape(b) + "".join(sorted(re.escape(c) for c in cs)) + "]" for b, cs in groups.items()}


def _term_pattern(term: str, prefix: bool) -> str:
    v = _variants()
    body = "".join(v.get(ch, re.escape(ch)) for ch in term)
    return r"(?<!\w)" + body + (r"\w*" if prefix else r"(?!\w)")


@lru_cache(maxsize=256)
def query_regex(query: str) -> re.Pattern[str] | None:
    """One pattern matching every term of an FTS5 query in original (unfolded) text."""
    terms = sorted(set(query_terms(query)), key=lambda t: -len(t[0]))
    if not terms:
        return None
    return re.compile("|".join(_term_pattern(t, p) for t, p in terms), re.IGNORECASE)


def hit_offsets(text: str, query: str) -> list[tuple[int, int]]:
    rx = query_regex(query)
    return [(m.start(), m.end()) for m in rx.finditer(text)] if rx else []


def make_snippet(title: str, text: str, query: str, width: int = 160) -> tuple[str, list[tuple[int, int]]]:
    """A one-line window of about ``width`` characters around the first hit, with the hits in it."""
    rx = query_regex(query)
    first = rx.search(text) if rx else None
    if first is None:
        window_start, window_end = 0, min(len(text), width)
    else:
        window_start = max(0, first.start() - width // 3)
        window_end = min(len(text), window_start + width)
        # start and end on word boundaries
        if window_start > 0:
            sp = text.rfind(" ", max(0, window_start - 15), first.start())
            window_start = sp + 1 if sp != -1 else window_start
    if window_end < len(text):
        sp = text.rfind(" ", first.end() if first else window_start, window_end)
        window_end = sp if sp > window_start else window_end
    lead = "…" if window_start > 0 else ""
    tail = "…" if window_end < len(text) else ""
    body = text[window_start:window_end]
    snippet = lead + body.replace("\n", " ").replace("\t", " ") + tail
    marks = []
    if rx:
        for m in rx.finditer(text, window_start, window_end):
            marks.append((m.start() - window_start + len(lead), m.end() - window_start + len(lead)))
    return snippet, marks
