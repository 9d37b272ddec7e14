"""An inverted-file index over the passage vectors, so that dense retrieval does not scan every
passage's signature at 100,000 articles (about 2 million passages).

* **Lists**: a spherical k-means over a sample of the stored vectors (:data:`TRAIN_SAMPLE`) gives
  ``K`` centroids (:func:`n_lists`: about sqrt(n) / 2); every passage is filed under its nearest
  centroid.  Centroids and list numbers are stored in the workspace (``store/vectors.py``), so a
  new process reads them instead of computing them.
* **Query**: each query vector probes its :func:`n_probe` nearest lists; only the passages of those
  lists (and any passage not filed yet) go through :mod:`.dense`'s Hamming step and exact cosines.
  At 2M passages, 707 lists and 88 probes, that is about 12 % of the signatures per query vector.
* **Upkeep**: :func:`refresh`, run after every indexing pass (:func:`.passages.index_missing`),
  trains the lists once the index holds :data:`ANN_MIN` passages and files every new passage
  under its list.  Below that size (and in a workspace never refreshed) the full scan is used: it
  is exact and fast enough there.

Recall against the exact search is measured in ``bench/corroborate_scale.py --ann``.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from ..store.workspace import Workspace

ANN_MIN = 4_000_000    # passages from which the lists are trained and used (below, the full scan:
                       # exact).  At 115,000 passages the lists' recall was 0.71 against the scan's
                       # 0.96; at 2M they scanned 15 % of the signatures in 518 ms (recall 0.78)
                       # against the full scan's 990 ms (load 20), and the column-wise scan now takes
                       # a third of that (bench/results/scale.md): exact and faster up to about 4M
TRAIN_SAMPLE = 20_000  # vectors the centroids are fitted on
ITERATIONS = 10
ASSIGN_PAGE = 20_000   # passages filed per transaction


def n_lists(n: int) -> int:
    return max(16, min(1024, int(math.sqrt(n) / 2)))


def n_probe(k: int) -> int:
    return max(8, k // 8)


def _dequantise(blobs: list[bytes]) -> "np.ndarray":
    """Unit float32 vectors from the quantised blobs (scale + int8; see :mod:`.encoder`)."""
    from .encoder import dequantise

    return dequantise(blobs)


def kmeans(x: "np.ndarray", k: int, iterations: int = ITERATIONS, seed: int = 5) -> "np.ndarray":
    """Spherical k-means: ``k`` unit centroids of the unit rows of ``x``."""
    import numpy as np

    rng = np.random.default_rng(seed)
    c = x[rng.choice(len(x), size=k, replace=False)].copy()
    for _ in range(iterations):
        near = np.argmax(x @ c.T, axis=1)
        sums = np.zeros_like(c)
        np.add.at(sums, near, x)
        norms = np.linalg.norm(sums, axis=1)
        empty = norms == 0
        if empty.any():  # an empty list takes a random point
            sums[empty] = x[rng.choice(len(x), size=int(empty.sum()), replace=False)]
            norms[empty] = 1.0
        c = (sums / norms[:, None]).astype(np.float32)
    return c


def assign(vectors: "np.ndarray", cents: "np.ndarray") -> "np.ndarray":
    """List number of each unit vector (its nearest centroid)."""
    import numpy as np

    return np.argmax(vectors @ cents.T, axis=1).astype(np.int64)


def _file_unassigned(ws: Workspace, cents: "np.ndarray",
                     progress: Callable[[int], None] | None = None) -> int:
    """File every passage that has a vector and no list; returns how many."""
    from ..store.vectors import store_lists, unassigned_vectors

    done, after = 0, 0
    while True:
        rows = unassigned_vectors(ws.conn, after, ASSIGN_PAGE)
        if not rows:
            return done
        lists = assign(_dequantise([b for _p, b in rows]), cents)
        with ws.tx() as conn:
            store_lists(conn, ((p, int(li)) for (p, _b), li in zip(rows, lists)))
        after = rows[-1][0]
        done += len(rows)
        if progress:
            progress(done)


def refresh(ws: Workspace, progress: Callable[[int], None] | None = None) -> int:
    """Train the lists when the index has grown to :data:`ANN_MIN` passages and has none; file
    the passages not filed yet.  Returns the passages filed."""
    import numpy as np

    from ..store.vectors import centroids, list_state, sample_vectors, signature_state, store_centroids

    if ws.readonly:
        return 0
    blobs = centroids(ws.conn)
    n = signature_state(ws.conn)[0]
    if not blobs:
        if n < ANN_MIN:
            return 0
        sample = _dequantise(sample_vectors(ws.conn, TRAIN_SAMPLE))
        cents = kmeans(sample, min(n_lists(n), len(sample)))
        with ws.tx() as conn:
            store_centroids(conn, [c.tobytes() for c in cents])
    elif list_state(ws.conn)[0] >= n:
        return 0  # every passage is filed (both counts are memoised: no scan)
    else:
        cents = np.vstack([np.frombuffer(b, dtype=np.float32) for b in blobs])
    return _file_unassigned(ws, cents, progress)


@dataclass
class _Index:
    state: tuple[tuple[int, int], int]
    cents: "np.ndarray"     # (k, 512) float32
    order: "np.ndarray"     # signature rows, grouped by list
    offsets: "np.ndarray"   # list l holds order[offsets[l]:offsets[l + 1]]
    unfiled: "np.ndarray"   # signature rows with no list (always searched)


_CACHE: dict[str, _Index] = {}
_LOCK = threading.Lock()


def _index(ws: Workspace, sig_ids: "np.ndarray") -> _Index | None:
    import numpy as np

    from ..store.vectors import centroids, list_state, lists_of

    state = (list_state(ws.conn), len(sig_ids))
    key = str(ws.path)
    with _LOCK:
        old = _CACHE.get(key)
        if old is not None and old.state == state:
            return old
        blobs = centroids(ws.conn)
        if not blobs:
            return None
        cents = np.vstack([np.frombuffer(b, dtype=np.float32) for b in blobs])
        rows = lists_of(ws.conn)
        pids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        lists = np.fromiter((r[1] for r in rows), dtype=np.int64, count=len(rows))
        at = np.searchsorted(sig_ids, pids)
        ok = (at < len(sig_ids)) & (sig_ids[np.minimum(at, len(sig_ids) - 1)] == pids) if len(sig_ids) else at < 0
        at, lists = at[ok], lists[ok]
        filed = np.zeros(len(sig_ids), dtype=bool)
        filed[at] = True
        by_list = np.argsort(lists, kind="stable")
        order = at[by_list]
        offsets = np.searchsorted(lists[by_list], np.arange(len(cents) + 1))
        idx = _CACHE[key] = _Index(state, cents, order, offsets, np.nonzero(~filed)[0])
        return idx


def candidate_rows(ws: Workspace, sig_ids: "np.ndarray", queries: "np.ndarray") -> "np.ndarray | None":
    """Rows of the signature arrays (``sig_ids``: passage ids, ascending) worth a Hamming look for
    the unit ``queries``: the passages of each query's :func:`n_probe` nearest lists, plus those
    not filed yet.  None when the workspace has no lists or fewer than :data:`ANN_MIN` passages
    (search everything)."""
    import numpy as np

    if len(sig_ids) < ANN_MIN:
        return None  # small enough for the exact full scan (lists trained at a larger size, too)
    idx = _index(ws, sig_ids)
    if idx is None:
        return None
    k = len(idx.cents)
    probe = min(k, n_probe(k))
    sims = queries @ idx.cents.T
    lists = np.unique(np.argpartition(-sims, probe - 1, axis=1)[:, :probe]) if probe < k else np.arange(k)
    parts = [idx.order[idx.offsets[li]:idx.offsets[li + 1]] for li in lists]
    parts.append(idx.unfiled)
    return np.concatenate(parts)
