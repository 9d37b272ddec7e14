"""Dense retrieval over the passage vectors: which passages mean the same as a query, whatever
words they use.

Two steps, so that memory stays at 64 bytes a passage and a query stays cheap at any size:

1. **Coarse**: the query's sign signature against every passage's (Hamming distance, XOR and
   popcount over ``uint64`` words), held in memory per process and per workspace and refreshed
   when passages change; the :data:`COARSE` nearest are kept.
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

COARSE = 1500  # nearest signatures re-scored exactly


@dataclass
class _Sigs:
    state: tuple[int, int]
    ids: "np.ndarray"      # passage ids (int64), ascending
    sources: "np.ndarray"  # their source ids (int64)
    words: "np.ndarray"    # signatures as (n, 8) uint64


_CACHE: dict[str, _Sigs] = {}
_LOCK = threading.Lock()


def _signatures(ws) -> _Sigs:
    import numpy as np

    from ..store.vectors import signature_state, signatures_since

    key = str(getattr(ws, "path", id(ws)))
    state = signature_state(ws.conn)
    with _LOCK:
        old = _CACHE.get(key)
        if old is not None and old.state == state:
            return old
        # only appended since (the usual case after an ingest): read just those
        after = int(old.ids[-1]) if old is not None and len(old.ids) else 0
        rows = signatures_since(ws.conn, after) if old is not None else signatures_since(ws.conn, 0)
        if old is not None and len(old.ids) + len(rows) != state[0]:
            rows, old = signatures_since(ws.conn, 0), None  # something was deleted: read them all
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        src = np.fromiter((r[1] for r in rows), dtype=np.int64, count=len(rows))
        words = (np.frombuffer(b"".join(r[2] for r in rows), dtype=np.uint64).reshape(len(rows), 8)
                 if rows else np.zeros((0, 8), dtype=np.uint64))
        if old is not None:
            ids, src, words = (np.concatenate([old.ids, ids]), np.concatenate([old.sources, src]),
                               np.concatenate([old.words, words]))
        sigs = _CACHE[key] = _Sigs(state, ids, src, words)
        return sigs


def search(ws, queries: "np.ndarray", *, exclude_source: int | None = None, top: int = 200,
           coarse: int = COARSE) -> list[tuple[int, float]]:
    """(passage id, cosine) of the ``top`` passages nearest to any of the unit vectors ``queries``
    (k x 512), best first, leaving out ``exclude_source``'s passages."""
    import numpy as np

    from ..store.vectors import vectors_for
    from .encoder import dequantise

    sigs = _signatures(ws)
    if not len(sigs.ids):
        return []
    qw = np.packbits(queries > 0, axis=1).view(np.uint64)  # (k, 8)
    dist = np.full(len(sigs.ids), 1 << 20, dtype=np.int64)
    for q in qw:
        d = np.bitwise_count(sigs.words ^ q).sum(axis=1, dtype=np.int64)
        np.minimum(dist, d, out=dist)
    if exclude_source is not None:
        dist[sigs.sources == exclude_source] = 1 << 20
    n = min(coarse, len(dist))
    near = np.argpartition(dist, n - 1)[:n] if n < len(dist) else np.arange(len(dist))
    near = near[dist[near] < (1 << 20)]
    pids = [int(x) for x in sigs.ids[near]]
    blobs = vectors_for(ws.conn, pids)
    pids = [p for p in pids if p in blobs]
    if not pids:
        return []
    cos = (dequantise([blobs[p] for p in pids]) @ queries.T).max(axis=1)
    order = np.argsort(-cos)[:top]
    return [(pids[i], float(cos[i])) for i in order]


def cosines(ws, passage_ids: list[int], queries: "np.ndarray") -> dict[int, float]:
    """Best cosine of each passage (its stored vector) against ``queries``."""
    from ..store.vectors import vectors_for
    from .encoder import dequantise

    blobs = vectors_for(ws.conn, passage_ids)
    ids = [p for p in passage_ids if p in blobs]
    if not ids:
        return {}
    cos = (dequantise([blobs[p] for p in ids]) @ queries.T).max(axis=1)
    return {p: float(c) for p, c in zip(ids, cos)}
