"""Dense retrieval over the passage vectors: which passages mean the same as a query, whatever
words they use.

Two steps, so that memory stays at 64 bytes a passage and a query stays cheap at any size:

1. **Coarse**: the query's sign signature against every passage's (Hamming distance, XOR and
   popcount over ``uint64`` words), held in memory per process and per workspace and refreshed
   when passages change; the :data:`COARSE` nearest are kept.  The signatures are held word by
   word (eight contiguous arrays): each step of the scan is then one pass over contiguous memory,
   twice as fast at 2M passages as XOR-ing rows of eight words and summing across them.
2. **Exact**: their quantised vectors are read from the workspace and the true cosines computed.

Several query vectors (a claim and the passages it covers) are searched at once; a passage's
distance is its best over them.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from ..store import Workspace

COARSE = 1500  # nearest signatures re-scored exactly


@dataclass
class _Sigs:
    state: tuple[int, int]
    ids: "np.ndarray"      # passage ids (int64), ascending
    sources: "np.ndarray"  # their source ids (int64)
    cols: "np.ndarray"     # signatures as (8, n) uint64: word k of every passage is row k


_CACHE: dict[str, _Sigs] = {}
_LOCK = threading.Lock()


def _signatures(ws: Workspace) -> _Sigs:
    import numpy as np

    from ..store.corroboration_reads import signature_state, signatures_since

    key = str(getattr(ws, "path", id(ws)))
    state = signature_state(ws)
    with _LOCK:
        old = _CACHE.get(key)
        if old is not None and old.state == state:
            return old
        # only appended since (the usual case after an ingest): read just those
        after = int(old.ids[-1]) if old is not None and len(old.ids) else 0
        rows = signatures_since(ws, after) if old is not None else signatures_since(ws, 0)
        if old is not None and len(old.ids) + len(rows) != state[0]:
            rows, old = signatures_since(ws, 0), None  # something was deleted: read them all
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        src = np.fromiter((r[1] for r in rows), dtype=np.int64, count=len(rows))
        cols = (np.frombuffer(b"".join(r[2] for r in rows), dtype=np.uint64).reshape(len(rows), 8).T
                if rows else np.zeros((8, 0), dtype=np.uint64))
        if old is not None:
            ids, src, cols = (np.concatenate([old.ids, ids]), np.concatenate([old.sources, src]),
                              np.concatenate([old.cols, cols], axis=1))
        sigs = _CACHE[key] = _Sigs(state, ids, src, np.ascontiguousarray(cols))
        return sigs


def loaded(ws: Workspace) -> bool:
    """Whether this process holds ``ws``'s signatures already (a later query only reads what changed)."""
    return str(getattr(ws, "path", id(ws))) in _CACHE


SCAN_CHUNK = 65_536  # signatures per step of the scan (a step's arrays stay in the CPU cache)


def nearest_signatures(words: "np.ndarray", qw: "np.ndarray", k: int,
                       excluded: "np.ndarray | None" = None) -> "np.ndarray":
    """:func:`nearest_columns` for signatures given as rows (``words``: n x 8 uint64)."""
    import numpy as np

    return nearest_columns(np.ascontiguousarray(words.T), qw, k, excluded)


PREFILTER_FROM = 500_000  # signatures from which the scan reads the first half of each first ...
PREFILTER = 15_000        # ... keeping this many for the whole signature.  At 2.18M passages: 39 ms a
                          # query of three views against 77, and the 200 best by exact cosine agree
                          # with the full scan's at .98, where the full scan with 1,500 and with 3,000
                          # kept agree at .97 (the coarse step's own approximation; bench/results/scale.md)


def nearest_columns(cols: "np.ndarray", qw: "np.ndarray", k: int,
                    excluded: "np.ndarray | None" = None) -> "np.ndarray":
    """Indexes of the ``k`` signatures (``cols``: 8 x n uint64, word by word) with the smallest
    Hamming distance to any of the query signatures ``qw`` (q x 8), scanned in cache-sized
    chunks; ``excluded`` indexes (a boolean mask) are never returned.  From
    :data:`PREFILTER_FROM` signatures, the first four words of each are compared first and the
    :data:`PREFILTER` nearest by them compared whole."""
    import numpy as np

    if cols.shape[1] >= PREFILTER_FROM and k < PREFILTER:
        near = _scan(cols[:4], qw[:, :4], PREFILTER, excluded)
        return near[_scan(np.ascontiguousarray(cols[:, near]), qw, k, None)]
    return _scan(cols, qw, k, excluded)


def _scan(cols: "np.ndarray", qw: "np.ndarray", k: int, excluded: "np.ndarray | None") -> "np.ndarray":
    import numpy as np

    n = cols.shape[1]
    dist = np.empty(n, dtype=np.uint16)
    for s in range(0, n, SCAN_CHUNK):
        block = cols[:, s:s + SCAN_CHUNK]
        best = None
        for q in qw:
            d = np.bitwise_count(block[0] ^ q[0]).astype(np.uint16)
            for w in range(1, len(block)):
                d += np.bitwise_count(block[w] ^ q[w])
            best = d if best is None else np.minimum(best, d, out=best)
        if best is not None:
            dist[s:s + block.shape[1]] = best
    if excluded is not None:
        dist[excluded] = np.iinfo(np.uint16).max
    keep = n if excluded is None else n - int(excluded.sum())
    k = min(k, keep)
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    near = _smallest(dist, k) if k < n else np.arange(n)
    return near[dist[near] < np.iinfo(np.uint16).max]


def _smallest(dist: "np.ndarray", k: int) -> "np.ndarray":
    """Indexes of ``k`` smallest of ``dist`` (small integers: Hamming distances), unordered: the
    distance that the ``k``-th reaches, from a histogram, then the indexes under it and the first
    ones at it.  A quarter of ``argpartition``'s time over 2M passages (4 ms against 18)."""
    import numpy as np

    reach = int(np.searchsorted(np.cumsum(np.bincount(dist)), k))
    below = np.flatnonzero(dist < reach)
    return np.concatenate([below, np.flatnonzero(dist == reach)[:k - len(below)]])


def search(ws: Workspace, queries: "np.ndarray", *, exclude_source: int | None = None, top: int = 200,
           coarse: int = COARSE) -> list[tuple[int, float]]:
    """(passage id, cosine) of the ``top`` passages nearest to any of the unit vectors ``queries``
    (k x 512), best first, leaving out ``exclude_source``'s passages."""
    import numpy as np

    from ..store.corroboration_reads import vectors as vectors_for
    from .ann import candidate_rows
    from .encoder import dequantise

    sigs = _signatures(ws)
    if not len(sigs.ids):
        return []
    qw = np.packbits(queries > 0, axis=1).view(np.uint64)  # (k, 8)
    excluded = sigs.sources == exclude_source if exclude_source is not None else None
    rows = candidate_rows(ws, sigs.ids, queries)  # the inverted lists' share, or None: scan all
    if rows is None:
        near = nearest_columns(sigs.cols, qw, coarse, excluded)
    else:
        near = rows[nearest_columns(sigs.cols[:, rows], qw, coarse, None if excluded is None else excluded[rows])]
    pids = [int(x) for x in sigs.ids[near]]
    blobs = vectors_for(ws, pids)
    pids = [p for p in pids if p in blobs]
    if not pids:
        return []
    cos = (dequantise([blobs[p] for p in pids]) @ queries.T).max(axis=1)
    order = np.argsort(-cos)[:top]
    return [(pids[i], float(cos[i])) for i in order]


def cosines(ws: Workspace, passage_ids: list[int], queries: "np.ndarray") -> dict[int, float]:
    """Best cosine of each passage (its stored vector) against ``queries``."""
    from ..store.corroboration_reads import vectors as vectors_for
    from .encoder import dequantise

    blobs = vectors_for(ws, passage_ids)
    ids = [p for p in passage_ids if p in blobs]
    if not ids:
        return {}
    cos = (dequantise([blobs[p] for p in ids]) @ queries.T).max(axis=1)
    return {p: float(c) for p, c in zip(ids, cos)}
