"""Re-anchoring a claim in a changed text, the way Hypothesis does it, but stricter.

A claim remembers its ``quote``, the 32 characters before (``prefix``) and after (``suffix``) and
its old ``start``.  When the text changes:

1. **Same place**: the quote is still at ``start`` and its context still agrees -> keep it.
2. **Exact elsewhere**: every exact occurrence of the quote is scored on prefix, suffix and
   nearness to the old position; the best one is taken if its context agrees, or if it is the only
   occurrence of a quote long enough not to be a coincidence.
3. **Fuzzy** (only when the exact quote occurs nowhere): occurrences within an edit budget (``len(quote) // 8``, at most 32 edits) are found
   from exact seeds (pigeonhole: with *k* edits one of *k + 1* pieces survives intact), aligned with
   rapidfuzz, and scored on quote (50), prefix (20), suffix (20) and nearness (2), as Hypothesis
   weighs them.
4. Otherwise the claim is **orphaned** (``None``).

Being strict means a fuzzy match must also be supported by its context, must keep every digit of
the quote and every negation word (so "10.000 GPU" never attaches to "20.000 GPU", nor "es cierto"
to "no es cierto"), and must clearly beat any other candidate.  A wrong anchor is worse than an
orphan: an orphan is shown and kept; a wrong anchor silently changes what the reporter claimed.

Positions are Python string indices (Unicode code points).  Pure functions over text, below every
layer: ingest re-anchors a changed source's claims with them (:mod:`workbench.ingest.reanchor`),
import and verify find an evidence file's quotes with them (:mod:`workbench.evidence.importer`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

CONTEXT = 32  # characters of prefix / suffix, as in the Web Annotation selectors we write
MIN_UNIQUE = 12  # a unique exact occurrence shorter than this needs its context to agree
MIN_FUZZY = 10  # quotes shorter than this are never matched fuzzily
MAX_ERRORS = 32
SUPPORT = 0.5  # context similarity (0..1) that counts as "the context agrees"
MAX_SEED_HITS = 2000  # a seed piece occurring more often than this carries no information
MAX_CANDIDATES = 40
AMBIGUITY = 0.03  # a runner-up scoring within this of the best makes a fuzzy match ambiguous

NEGATIONS = frozenset(
    "no not never nor non ni nunca jamás jamas tampoco nada nadie sin ningún ningun ninguna "
    "não nao nem nunca nenhum nenhuma sem mai né nessun nessuno nessuna senza none nobody nothing "
    "without".split())
_WORD = re.compile(r"\w+(?:['’]t)?")


@dataclass(frozen=True)
class Anchor:
    """Where a quote was found again and how: ``exact`` (same place), ``moved`` (exact quote
    elsewhere) or ``fuzzy`` (the text at the new span differs slightly from the quote)."""

    start: int
    end: int
    method: str
    score: float = 1.0

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


# -- public -------------------------------------------------------------------------------------
def reanchor(text: str, *, quote: str, prefix: str, suffix: str, start: int) -> tuple[int, int] | None:
    """The new ``(start, end)`` of the quote in ``text``, or ``None`` when it is orphaned."""
    found = locate(text, quote=quote, prefix=prefix, suffix=suffix, start=start)
    return found.span if found else None


def locate(text: str, *, quote: str, prefix: str, suffix: str, start: int) -> Anchor | None:
    """Like :func:`reanchor`, but says how the quote was found."""
    if not quote or not text:
        return None
    same = _same_place(text, quote, prefix, suffix, start)
    if same:
        return same
    if quote in text:
        # the exact words are there but their context does not say which occurrence is ours:
        # a near-variant elsewhere is never a better answer than "orphaned"
        return _exact_elsewhere(text, quote, prefix, suffix, start)
    return _fuzzy(text, quote, prefix, suffix, start)


# -- scoring helpers ------------------------------------------------------------------------------
def similarity(a: str, b: str) -> float:
    """Normalised Levenshtein similarity (two empty strings are identical)."""
    if not a and not b:
        return 1.0
    return Levenshtein.normalized_similarity(a, b)


def context_scores(text: str, s: int, e: int, prefix: str, suffix: str) -> tuple[float, float]:
    """How well the text around ``s..e`` agrees with the remembered prefix and suffix."""
    before = text[max(0, s - CONTEXT):s]
    after = text[e:e + CONTEXT]
    # the remembered context may be shorter than CONTEXT only at the edges of the old text
    return similarity(prefix, before[-len(prefix):] if len(before) > len(prefix) == CONTEXT else before), \
        similarity(suffix, after[:len(suffix)] if len(after) > len(suffix) == CONTEXT else after)


def _nearness(text: str, s: int, old: int) -> float:
    return 1.0 - min(1.0, abs(s - old) / max(1, len(text)))


def _supported(p: float, s: float) -> bool:
    return max(p, s) >= SUPPORT


# -- the three steps ----------------------------------------------------------------------------
def _same_place(text: str, quote: str, prefix: str, suffix: str, start: int) -> Anchor | None:
    end = start + len(quote)
    if start < 0 or text[start:end] != quote:
        return None
    p, s = context_scores(text, start, end, prefix, suffix)
    if p < 1.0 or s < 1.0:
        # a context that only looks alike here, while the whole remembered context is intact
        # elsewhere, means the text moved ("el " inserted before a repetitive stretch)
        whole = text.find(prefix + quote + suffix)
        if whole != -1 and whole + len(prefix) != start:
            return None
    if _supported(p, s) or (len(quote) >= MIN_UNIQUE and text.count(quote) == 1):
        return Anchor(start, end, "exact", 1.0)
    return None


def occurrences(text: str, quote: str) -> list[int]:
    """Start of every occurrence of ``quote`` (overlapping ones too)."""
    out, i = [], text.find(quote)
    while i != -1:
        out.append(i)
        i = text.find(quote, i + 1)
    return out


def _exact_elsewhere(text: str, quote: str, prefix: str, suffix: str, start: int) -> Anchor | None:
    starts = occurrences(text, quote)
    if not starts:
        return None
    scored = []
    for s in starts:
        p, x = context_scores(text, s, s + len(quote), prefix, suffix)
        scored.append(((20 * p + 20 * x + 2 * _nearness(text, s, start)) / 42, p, x, s))
    scored.sort(reverse=True)
    score, p, x, s = scored[0]
    if _supported(p, x) or (len(starts) == 1 and len(quote) >= MIN_UNIQUE):
        return Anchor(s, s + len(quote), "exact" if s == start else "moved", round(score, 4))
    return None


def _fuzzy(text: str, quote: str, prefix: str, suffix: str, start: int) -> Anchor | None:
    if len(quote) < MIN_FUZZY:
        return None
    budget = min(MAX_ERRORS, len(quote) // 8)
    found = []
    for guess in _seed_candidates(text, quote, budget):
        match = _align(text, quote, guess, budget)
        if match is None:
            continue
        s, e, dist = match
        if not _acceptable(text, quote, s, e):
            continue
        p, x = context_scores(text, s, e, prefix, suffix)
        score = (50 * (1 - dist / len(quote)) + 20 * p + 20 * x + 2 * _nearness(text, s, start)) / 92
        found.append((score, s, e, _supported(p, x)))
    return _pick(found)


def _pick(found: list[tuple[float, int, int, bool]]) -> Anchor | None:
    if not found:
        return None
    found = sorted(set(found), reverse=True)
    score, s, e, supported = found[0]
    if not supported:
        return None
    for other, s2, e2, _ in found[1:]:
        if s2 < e and s < e2:  # the same place, aligned slightly differently
            continue
        if score - other < AMBIGUITY:
            return None  # two look-alikes: refuse to choose
        break
    return Anchor(s, e, "fuzzy", round(score, 4))


def _seed_candidates(text: str, quote: str, budget: int) -> list[int]:
    """Likely starts of an approximate occurrence: with at most ``budget`` edits, one of
    ``budget + 1`` pieces of the quote occurs unchanged; each hit implies a start."""
    n = budget + 1
    size = len(quote) // n
    votes: dict[int, int] = {}
    for k in range(n):
        off = k * size
        piece = quote[off:off + size] if k < n - 1 else quote[off:]
        hits = occurrences(text, piece)
        if len(hits) > MAX_SEED_HITS:
            continue
        for h in hits:
            bucket = (h - off) // (budget + 1)
            votes[bucket] = votes.get(bucket, 0) + 1
    ranked = sorted(votes.items(), key=lambda kv: -kv[1])[:MAX_CANDIDATES]
    return [b * (budget + 1) for b, _ in ranked]


def _align(text: str, quote: str, guess: int, budget: int) -> tuple[int, int, int] | None:
    """The span near ``guess`` closest to ``quote`` in edit distance, if within ``budget``:
    best start for the quote's length, then best end, then best start again for that end."""
    n, cut = len(quote), 2 * budget + 1

    def dist(a: int, b: int) -> int:
        return Levenshtein.distance(quote, text[a:b], score_cutoff=cut)

    starts = range(max(0, guess - cut), min(len(text) - 1, guess + cut) + 1)
    if not starts:
        return None
    s = min(starts, key=lambda x: (dist(x, x + n), abs(x - guess)))
    ends = range(max(s + 1, s + n - budget), min(len(text), s + n + budget) + 1)
    if not ends:
        return None
    e = min(ends, key=lambda x: (dist(s, x), abs(x - s - n)))
    starts = range(max(0, e - n - budget), min(e - 1, e - n + budget) + 1)
    if starts:
        s = min(starts, key=lambda x: (dist(x, e), abs(e - x - n)))
    d = dist(s, e)
    return (s, e, d) if d <= budget else None


def _acceptable(text: str, quote: str, s: int, e: int) -> bool:
    """A fuzzy span must not cut a character sequence in two, nor change a number or a negation."""
    if unicodedata.combining(text[s]) or (e < len(text) and unicodedata.combining(text[e])):
        return False
    cand = text[s:e]
    return _digits(cand) == _digits(quote) and _negations(cand) == _negations(quote)


def _digits(s: str) -> list[str]:
    """Runs of numeric characters (any script: "10", "²", "½", "十")."""
    return "".join(c if c.isnumeric() else " " for c in s).split()


def _negations(s: str) -> list[str]:
    words = (m.group(0).casefold().replace("’", "'") for m in _WORD.finditer(s))
    return sorted(w for w in words if w in NEGATIONS or w.endswith("n't"))
