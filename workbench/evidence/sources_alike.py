"""Sources that tell the same story: whole-source TF-IDF vectors over the passage features, the
blocked pair search over them, and :func:`find_duplicates` (near-duplicates and translations, see
:mod:`.duplicates`)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..store.corroboration_reads import passage_keys
from .duplicates import DuplicatePair
from .indexing import ensure_index

if TYPE_CHECKING:
    from ..store import Workspace

DUPLICATE_THRESHOLD = 0.5


def source_vectors(ws: Workspace, progress: Callable[[int, int], None] | None = None) -> dict[int, dict[str, float]]:
    """TF-IDF vectors (L2-normalised) of whole sources over the passage features."""
    ensure_index(ws, progress)
    tf: dict[int, Counter[str]] = defaultdict(Counter)
    for sid, ents, nums, terms in passage_keys(ws):
        toks = [t for t in ents.split() if t.startswith("k")] + nums.split() + terms.split()
        tf[sid].update(toks)
    n = len(tf)
    df: Counter[str] = Counter()
    for c in tf.values():
        df.update(c.keys())
    vecs: dict[int, dict[str, float]] = {}
    for sid, c in tf.items():
        v = {t: (1 + math.log(k)) * math.log((n + 1) / (df[t] + 0.5)) for t, k in c.items() if df[t] > 1}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs[sid] = {t: x / norm for t, x in v.items()}
    return vecs


def cosine(va: dict[str, float], vb: dict[str, float]) -> float:
    if len(va) > len(vb):
        va, vb = vb, va
    return sum(x * vb.get(t, 0.0) for t, x in va.items())


def find_duplicates(ws: Workspace, threshold: float = DUPLICATE_THRESHOLD, *,
                    progress: Callable[[int, int], None] | None = None) -> list[DuplicatePair]:
    """Pairs of sources that tell the same story, best first: near-duplicate texts (MinHash / LSH)
    and translations or rewrites in any language (document vectors, blocked); see
    :mod:`.duplicates`.  ``a < b`` are source ids.  Sources not indexed yet are indexed first."""
    from .duplicates import find_pairs

    ensure_index(ws, progress)
    return find_pairs(ws, threshold, progress)
