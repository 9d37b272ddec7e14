"""Sources that tell the same story: near-duplicates in one language and translations or rewrites
across languages, in bounded memory and about linear time.

* **Same text** (copies, light edits, one language): MinHash over word 3-shingles (64 hashes, 256
  bytes a source), banded for LSH (16 bands of 4 rows), so only sources that share a band are
  compared; their Jaccard similarity is estimated from the signatures.  One pass over the texts,
  one text in memory at a time.
* **Same story** (translations, rewrites, any language): a document vector per source -- the
  length-weighted mean of its passages' sentence vectors (:mod:`.encoder`), 512 float32 -- blocked
  by nearest "anchor" (a sample of about sqrt(n) sources, each source filed under its
  :data:`PROBES` nearest anchors) and compared exactly within each block.  Memory is the document
  vectors (2 KB a source); time is about n * sqrt(n) vector products instead of n * n.

Document vectors only *block*: on the real corpus they put different stories on one topic (two
rulings in one trial) as close as two versions of one story (cosine 0.85-0.94).  A blocked pair is
scored by :func:`aligned_share`, the share of passages that have a counterpart saying the same
thing on the other side (cosine >= :data:`ALIGN_COS`): a translation aligns passage by passage,
another story does not.  A pair's score is the larger of its estimated Jaccard and its aligned
share, so one threshold (0.5) serves both.  Only a source's :data:`NEIGHBOURS` nearest blocked
pairs are aligned (:func:`nearest_only`), so that work stays linear in the number of sources,
and only those that the passages' sign signatures do not rule out (:func:`sig_shares`, 64 bytes a
passage in memory): reading every pair's vectors from the workspace was most of the time.
Loose rewrites across languages (the five seeds retell one report: 0-24 % of passages align)
stay under it.
"""

from __future__ import annotations

import math
import re
import threading
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

from ..errors import WorkbenchError

if TYPE_CHECKING:
    from ..store.workspace import Workspace


class DuplicatesCancelled(WorkbenchError):
    """``cancel`` was set: the search stopped between two steps, nothing half-done is returned."""


N_HASH, BANDS = 64, 16
ROWS = N_HASH // BANDS
SHINGLE = 3
_PRIME = (1 << 61) - 1
COS_MIN = 0.7    # document-vector cosine a blocked pair needs to be scored at all
PROBES = 3       # anchors each source is filed under


@dataclass
class DuplicatePair:
    a: int
    b: int
    score: float
    kind: str = "same text"   # "same text" (MinHash) or "same story" (document vectors)
    jaccard: float = 0.0
    cosine: float = 0.0

    def to_dict(self) -> dict:
        return {"a": self.a, "b": self.b, "score": self.score, "kind": self.kind,
                "jaccard": self.jaccard, "cosine": self.cosine}


_WORD = re.compile(r"\w+", re.UNICODE)


def _hash_params() -> tuple["np.ndarray", "np.ndarray"]:
    import numpy as np

    rng = np.random.default_rng(20240601)
    a = rng.integers(1, 1 << 31, size=N_HASH, dtype=np.uint64)
    b = rng.integers(0, 1 << 31, size=N_HASH, dtype=np.uint64)
    return a, b


def minhash(text: str, params: tuple["np.ndarray", "np.ndarray"]) -> "np.ndarray | None":
    """The MinHash signature (64 uint32) of ``text``'s word 3-shingles, or None for texts too short."""
    import numpy as np

    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE + 2:
        return None
    shingles = {zlib.crc32(" ".join(words[i:i + SHINGLE]).encode()) for i in range(len(words) - SHINGLE + 1)}
    x = np.fromiter(shingles, dtype=np.uint64, count=len(shingles))
    a, b = params
    h = (np.outer(x, a) + b) % np.uint64(_PRIME) & np.uint64(0xFFFFFFFF)
    return h.min(axis=0).astype(np.uint32)


def same_text_pairs(texts: Iterable[tuple[int, str]], threshold: float,
                    progress: Callable[[int], None] | None = None,
                    cancel: threading.Event | None = None) -> dict[tuple[int, int], float]:
    """{(a, b): estimated Jaccard} of the sources whose signatures share an LSH band and whose
    estimate reaches ``threshold``."""
    import numpy as np

    params = _hash_params()
    sigs: dict[int, np.ndarray] = {}
    buckets: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    for i, (sid, text) in enumerate(texts, 1):
        sig = minhash(text, params)
        if sig is not None:
            sigs[sid] = sig
            for band in range(BANDS):
                buckets[(band, sig[band * ROWS:(band + 1) * ROWS].tobytes())].append(sid)
        if i % 200 == 0:
            if cancel is not None and cancel.is_set():
                raise DuplicatesCancelled("cancelled")
            if progress:
                progress(i)
    out: dict[tuple[int, int], float] = {}
    for members in buckets.values():
        if len(members) < 2:
            continue
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                key = (a, b) if a < b else (b, a)
                if key in out:
                    continue
                j = float(np.mean(sigs[a] == sigs[b]))
                if j >= threshold:
                    out[key] = j
    return out


def document_vectors(rows: Iterable[tuple[int, bytes, int]], chunk: int = 20_000) -> tuple[list[int], "np.ndarray"]:
    """(source ids, unit document vectors) from (source id, passage vector blob, passage length)
    rows grouped by source: each passage weighted by the square root of its length.  Rows are
    taken ``chunk`` at a time (whole sources), so memory stays flat over a whole workspace, and
    each chunk is decoded at once (decoding each source's rows apart cost 40 ms a query for 200
    sources)."""
    import numpy as np

    from .encoder import DIM, dequantise

    ids: list[int] = []
    vecs: list[np.ndarray] = []
    buf: list[tuple[int, bytes, int]] = []

    def flush() -> None:
        if not buf:
            return
        sids = [r[0] for r in buf]
        starts = [0, *(i for i in range(1, len(sids)) if sids[i] != sids[i - 1])]
        weights = np.sqrt(np.maximum(1, np.asarray([r[2] for r in buf], dtype=np.float32)))
        weighted = dequantise([r[1] for r in buf]) * weights[:, None]
        for a, b in zip(starts, [*starts[1:], len(buf)]):  # (np.add.reduceat is slower on rows)
            v = weighted[a:b].sum(axis=0)
            n = float(np.linalg.norm(v))
            if n > 0:
                ids.append(sids[a])
                vecs.append(v / n)
        buf.clear()

    for row in rows:
        if len(buf) >= chunk and row[0] != buf[-1][0]:
            flush()
        buf.append(row)
    flush()
    return ids, (np.vstack(vecs).astype(np.float32) if vecs else np.zeros((0, DIM), dtype=np.float32))


def same_story_pairs(ids: list[int], vecs: "np.ndarray", *, cos_min: float = COS_MIN,
                     probes: int = PROBES, seed: int = 7,
                     progress: Callable[[int, int], None] | None = None,
                     cancel: threading.Event | None = None, keep: int | None = None) -> dict[tuple[int, int], float]:
    """{(a, b): cosine} of the document vectors at ``cos_min`` or more, found within blocks (each
    source filed under its ``probes`` nearest anchors, a random sample of about sqrt(n)).  With
    ``keep``, only the pairs among the ``keep`` nearest of one of their sources in some block
    (ties at the last place included): a superset of what :func:`nearest_only` keeps with that
    ``k``, at most n x probes x ``keep`` pairs.  Without it, every pair above the floor: on
    100,000 recombined one-language articles that dict passed 7 GB."""
    import numpy as np

    n = len(ids)
    if n < 2:
        return {}
    k = max(1, int(math.sqrt(n)))
    rng = np.random.default_rng(seed)
    anchors = vecs[rng.choice(n, size=k, replace=False)]
    probes = min(probes, k)
    block_of: dict[int, list[int]] = defaultdict(list)
    for s in range(0, n, 4096):
        sims = vecs[s:s + 4096] @ anchors.T
        near = np.argpartition(-sims, probes - 1, axis=1)[:, :probes] if probes < k else np.tile(np.arange(k), (len(sims), 1))
        for i, row in enumerate(near):
            for c in row:
                block_of[int(c)].append(s + i)
    out: dict[tuple[int, int], float] = {}
    for done, members in enumerate(block_of.values(), 1):
        if cancel is not None and cancel.is_set():
            raise DuplicatesCancelled("cancelled")
        if len(members) > 1:
            _block_pairs(ids, vecs, np.asarray(members), cos_min, out, keep)
        if progress:
            progress(done, len(block_of))
    return out


BLOCK_ROWS = 512  # rows of a block compared at once: memory is BLOCK_ROWS x block size floats


def _block_pairs(ids: list[int], vecs: "np.ndarray", idx: "np.ndarray", cos_min: float,
                 out: dict[tuple[int, int], float], keep: int | None = None) -> None:
    """Pairs of one block at ``cos_min`` or more (with ``keep``: only each row's ``keep`` best,
    ties included), the block's similarity matrix computed a band of rows at a time (a block of
    50,000 sources would otherwise need 10 GB)."""
    import numpy as np

    block = vecs[idx]
    size = len(idx)
    for r in range(0, size, BLOCK_ROWS):
        sims = block[r:r + BLOCK_ROWS] @ block.T
        rows = np.arange(len(sims))
        sims[rows, r + rows] = -np.inf  # a source is not its own pair
        threshold: "float | np.ndarray" = cos_min
        if keep is not None and size - 1 > keep:
            kth = np.partition(sims, size - keep, axis=1)[:, size - keep]  # each row's keep-th best
            threshold = np.maximum(kth, cos_min)[:, None]
        ii, jj = np.nonzero(sims >= threshold)
        for i, j in zip(ii.tolist(), jj.tolist()):
            a, b = ids[idx[r + i]], ids[idx[j]]
            key = (a, b) if a < b else (b, a)
            if key not in out:
                out[key] = float(sims[i, j])


ALIGN_COS = 0.65  # two passages say the same thing (translations / paraphrases) from this cosine


def aligned_share(va: "np.ndarray", vb: "np.ndarray", cos: float = ALIGN_COS) -> float:
    """The share of passages, on the shorter side, that have a counterpart saying the same thing
    on the other side (best-match cosine >= ``cos``).  A translation or a rewrite aligns passage
    by passage; another story on the same topic has a close document vector but few such
    passages."""
    if not len(va) or not len(vb):
        return 0.0
    sims = va @ vb.T
    a = float((sims.max(axis=1) >= cos).mean())
    b = float((sims.max(axis=0) >= cos).mean())
    return max(a, b) if min(len(va), len(vb)) >= 3 else min(a, b)


NEIGHBOURS = 20     # blocked pairs kept per source (its nearest by document vector): linear work
CACHE_SOURCES = 2048  # sources whose passage vectors stay in memory while pairs are aligned


def nearest_only(cos: dict[tuple[int, int], float], k: int = NEIGHBOURS) -> dict[tuple[int, int], float]:
    """The pairs that are among the ``k`` nearest (by document cosine) of either of their
    sources: on a corpus of one topic, blocks hold many pairs above the cosine floor, and
    aligning them all grew faster than the corpus; a translation or copy is among a source's
    nearest documents."""
    per: dict[int, list[tuple[float, tuple[int, int]]]] = defaultdict(list)
    for key, c in cos.items():
        per[key[0]].append((c, key))
        per[key[1]].append((c, key))
    keep: set[tuple[int, int]] = set()
    for items in per.values():
        items.sort(reverse=True)
        keep.update(key for _c, key in items[:k])
    return {key: cos[key] for key in keep}


SIG_COS = 0.55  # the pre-check's cosine (see :func:`sig_shares`): ten points under ALIGN_COS
SIG_BITS = 512


def _sig_table(ws: Workspace) -> tuple[dict[int, tuple[int, int]], "np.ndarray"]:
    """({source id: (first row, end row)}, every passage's sign signature as 8 uint64 words, the
    rows of a source together): 64 bytes a passage, 140 MB at 2.2M passages."""
    import numpy as np

    from ..store.vectors import iter_signatures

    sids: list[int] = []
    buf = bytearray()
    for sid, sig in iter_signatures(ws.conn):
        sids.append(sid)
        buf += sig
    words = np.frombuffer(bytes(buf), dtype=np.uint64).reshape(-1, SIG_BITS // 64)
    del buf
    order = np.argsort(np.asarray(sids, dtype=np.int64), kind="stable")
    words = words[order]
    ordered = np.asarray(sids, dtype=np.int64)[order]
    del sids
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if len(ordered) else np.zeros(0, dtype=np.int64)
    ends = np.r_[starts[1:], len(ordered)]
    return {int(ordered[a]): (int(a), int(b)) for a, b in zip(starts, ends)}, words


def sig_shares(keys: list[tuple[int, int]], rows: dict[int, tuple[int, int]], words: "np.ndarray",
               cos: float = SIG_COS, cancel: threading.Event | None = None) -> dict[tuple[int, int], float]:
    """:func:`aligned_share` of each pair estimated from the passages' 512-bit sign signatures
    (two vectors at angle t differ in about a share t / pi of their signs), with the lenient
    cosine ``cos``, so that it over-estimates: a pair under the threshold here is taken to be
    under it exactly.  That is a measured bet, not a bound: on the 5,337-article corpus the
    output was identical with and without the pre-check at thresholds 0.5 and 0.3.  The pairs of
    one source are done in one array operation (about 20 partners)."""
    import numpy as np

    hmax = int(SIG_BITS * math.acos(cos) / math.pi)
    by_a: dict[int, list[int]] = defaultdict(list)
    for a, b in keys:
        by_a[a].append(b)
    out: dict[tuple[int, int], float] = {}
    for i, (a, partners) in enumerate(by_a.items()):
        if i % 1000 == 0 and cancel is not None and cancel.is_set():
            raise DuplicatesCancelled("cancelled")
        ra = rows.get(a)
        have = [b for b in partners if b in rows]
        for b in partners:
            if ra is None or b not in rows:
                out[(a, b)] = 0.0
        if ra is None or not have:
            continue
        A = words[ra[0]:ra[1]]
        lens = np.array([rows[b][1] - rows[b][0] for b in have])
        B = np.concatenate([words[rows[b][0]:rows[b][1]] for b in have])
        ok = np.bitwise_count(A[:, None, :] ^ B[None, :, :]).sum(axis=2, dtype=np.int32) <= hmax
        starts = np.r_[0, np.cumsum(lens)[:-1]]
        share_a = np.logical_or.reduceat(ok, starts, axis=1).mean(axis=0)
        share_b = np.add.reduceat(ok.any(axis=0), starts) / lens
        small = np.minimum(len(A), lens) < 3
        est = np.where(small, np.minimum(share_a, share_b), np.maximum(share_a, share_b))
        for b, e in zip(have, est.tolist()):
            out[(a, b)] = e
    return out


def _aligned_shares(ws: Workspace, keys: list[tuple[int, int]],
                    cancel: threading.Event | None) -> dict[tuple[int, int], float]:
    """:func:`aligned_share` of each pair, the passage vectors of the last :data:`CACHE_SOURCES`
    sources kept in memory (least recently used out)."""
    from collections import OrderedDict

    from ..store.vectors import source_passage_vectors
    from .encoder import dequantise

    cache: OrderedDict[int, "np.ndarray"] = OrderedDict()

    def pv(sid: int) -> "np.ndarray":
        v = cache.get(sid)
        if v is None:
            v = cache[sid] = dequantise(source_passage_vectors(ws.conn, sid))
            if len(cache) > CACHE_SOURCES:
                cache.popitem(last=False)
        else:
            cache.move_to_end(sid)
        return v

    out = {}
    for i, key in enumerate(keys):
        if i % 1000 == 0 and cancel is not None and cancel.is_set():
            raise DuplicatesCancelled("cancelled")
        out[key] = aligned_share(pv(key[0]), pv(key[1]))
    return out


def find_pairs(ws: Workspace, threshold: float = 0.5, progress: Callable[[int, int], None] | None = None,
               cancel: threading.Event | None = None) -> list[DuplicatePair]:
    """Pairs of sources that tell the same story, best first (see the module docstring).
    ``progress(done, total)`` follows the pass over the texts; setting ``cancel`` stops the search
    between two sources or two blocks (:class:`DuplicatesCancelled`)."""
    from ..store.vectors import source_texts, source_vector_rows

    total = ws.source_count()
    jac = same_text_pairs(source_texts(ws.conn), threshold, (lambda i: progress(i, total)) if progress else None,
                          cancel)
    ids, vecs = document_vectors(source_vector_rows(ws.conn))
    cos = nearest_only(same_story_pairs(ids, vecs, cancel=cancel, keep=NEIGHBOURS))
    del vecs
    keys = [k for k in sorted(cos) if k not in jac or jac[k] < 0.9]
    # the signatures rule out most pairs at once; only those that may reach the threshold (or whose
    # kind depends on it) are aligned with their vectors, read from the workspace
    rows, words = _sig_table(ws)
    estimate = sig_shares(keys, rows, words, cancel=cancel)
    del rows, words
    aligned = _aligned_shares(ws, [k for k in keys if estimate[k] >= threshold or jac.get(k, 0.0) >= threshold],
                              cancel)
    out = []
    for key in set(jac) | set(cos):
        j, c = jac.get(key, 0.0), cos.get(key, 0.0)
        score = max(j, aligned.get(key, 0.0))
        if score >= threshold:
            out.append(DuplicatePair(key[0], key[1], round(score, 4), "same text" if j >= score else "same story",
                                     round(j, 4), round(c, 4)))
    out.sort(key=lambda p: (-p.score, p.a, p.b))
    if progress:
        progress(total, total)
    return out
