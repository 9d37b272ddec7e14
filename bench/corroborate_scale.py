"""Corroboration at scale, in the short runs a shared two-core machine allows.

    nice .venv/bin/python bench/corroborate_scale.py [--sample 160] [--db PARTIAL.db]

1. **Index build rate**, A/B interleaved on the same sample of corpus articles (``--sample`` per
   language): the passage index as before vectors (``passage_rows``: splitting + lexical features)
   against the same plus the sentence vectors (``passage_vectors``), one core each; then the whole
   sample through ``index_missing`` on both cores.  The vectors are the cost.
2. **Search step with synthetic vectors** at 150,000 passages (about the 5,337-article corpus) and
   3,000,000 (about 100,000 articles): random unit vectors, quantised like real ones; timed is
   :func:`workbench.evidence.dense.search`'s work per query -- the Hamming scan of every signature
   held in memory, and the exact cosines of the 1,500 nearest, their vectors read from SQLite (a
   workspace of 150,000 synthetic passages; at 3M the read is the same 1,500 rows).  Not timed:
   the lexical FTS query and the re-ranking, which do not grow with the workspace beyond the
   candidate caps.
3. **Query latency on a real workspace** (``--db``): ``corroborate(limit=10)`` on claims made on
   random passages of a workspace whose sources are all indexed.
"""

from __future__ import annotations

import argparse
import os
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
if os.environ.get("WORKBENCH_CODE"):  # the baseline: another checkout's ``workbench`` package, this harness
    sys.path.insert(0, os.environ["WORKBENCH_CODE"])


def index_rate(sample: int) -> dict:
    from bench._corpus import corpus_files
    from workbench.evidence.passages import index_missing, passage_rows, passage_vectors
    from workbench.evidence.encoder import encode
    from workbench.ingest.clean import clean_text
    from workbench.store import Workspace

    rng = random.Random(3)
    texts = []
    for lang in ("pt", "es", "it", "en"):
        files = corpus_files(langs=(lang,))
        texts += [clean_text(f.read_text(encoding="utf-8")) for f in rng.sample(files, min(sample, len(files)))]
    encode(["warm up the model"])
    lex_t = vec_t = 0.0
    n_pass = 0
    for t in texts:  # A/B interleaved per article
        t0 = time.perf_counter()
        rows = passage_rows(t)
        t1 = time.perf_counter()
        passage_vectors(t, rows)
        t2 = time.perf_counter()
        lex_t += t1 - t0
        vec_t += (t1 - t0) + (t2 - t1)
        n_pass += len(rows)
    from workbench.evidence import encoder
    encoder._CACHE.clear()
    with tempfile.TemporaryDirectory() as tmp:
        import hashlib

        ws = Workspace(Path(tmp) / "r.db")
        with ws.tx():
            for i, t in enumerate(texts):
                ws.insert_source(sha256=hashlib.sha256(t.encode()).hexdigest() + str(i), path=f"{i}", title="",
                                 outlet="", lang="", lang_detected="", text=t)
        t0 = time.perf_counter()
        n2 = index_missing(ws, workers=2)
        both = time.perf_counter() - t0
        ws.close()
    return {"articles": len(texts), "passages": n_pass,
            "lexical_only_passages_per_s_1_core": round(n_pass / lex_t, 1),
            "with_vectors_passages_per_s_1_core": round(n_pass / vec_t, 1),
            "with_vectors_passages_per_s_2_cores_index_missing": round(n2 / both, 1),
            "index_missing_s": round(both, 2)}


def synthetic_search(sizes: tuple[int, ...] = (150_000, 3_000_000), queries: int = 30) -> dict:
    import numpy as np

    from workbench.evidence.dense import nearest_signatures

    from workbench.evidence.encoder import quantise
    from workbench.store import Workspace
    from workbench.store.vectors import vectors_for
    from workbench.evidence.encoder import dequantise

    rng = np.random.default_rng(5)
    out: dict = {}
    for n in sizes:
        words = rng.integers(0, 2**63, size=(n, 8), dtype=np.uint64)
        q = rng.standard_normal((2, 512)).astype(np.float32)
        q /= np.linalg.norm(q, axis=1, keepdims=True)
        qw = np.packbits(q > 0, axis=1).view(np.uint64)
        times = []
        excluded = np.zeros(n, dtype=bool)
        excluded[:40] = True  # the claim's own source
        for _ in range(queries):
            t0 = time.perf_counter()
            nearest_signatures(words, qw, 1500, excluded)
            times.append((time.perf_counter() - t0) * 1000)
        out[f"coarse_scan_{n}"] = {"median_ms": round(statistics.median(times), 1),
                                   "p95_ms": round(sorted(times)[int(0.95 * (len(times) - 1))], 1),
                                   "memory_mb": round(words.nbytes / 1e6, 1)}
        del words
    # the exact step: 1,500 vectors read by id from a workspace of 150,000 synthetic passages
    n = 150_000
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace(Path(tmp) / "s.db")
        with ws.tx() as conn:
            conn.execute("INSERT INTO sources (sha256, text, chars, added_at, updated_at) VALUES ('x', 'x', 1, '', '')")
            conn.executemany("INSERT INTO passages (id, source_id, start, end) VALUES (?, 1, 0, 1)",
                             ((i,) for i in range(1, n + 1)))
            for s in range(0, n, 10_000):
                v = rng.standard_normal((10_000, 512)).astype(np.float32)
                v /= np.linalg.norm(v, axis=1, keepdims=True)
                conn.executemany("INSERT INTO passage_vectors (passage_id, vec) VALUES (?, ?)",
                                 ((s + i + 1, quantise(x)) for i, x in enumerate(v)))
        q = rng.standard_normal((2, 512)).astype(np.float32)
        times = []
        for _ in range(queries):
            ids = [int(x) for x in rng.choice(n, 1500, replace=False) + 1]
            t0 = time.perf_counter()
            blobs = vectors_for(ws.conn, ids)
            (dequantise([blobs[i] for i in ids]) @ q.T).max(axis=1)
            times.append((time.perf_counter() - t0) * 1000)
        ws.close()
    out["exact_1500_from_150000"] = {"median_ms": round(statistics.median(times), 1),
                                     "p95_ms": round(sorted(times)[int(0.95 * (len(times) - 1))], 1)}
    return out


def real_latency(db: Path, n_queries: int = 40) -> dict:
    from workbench.evidence.corroborate import corroborate
    from workbench.store import Workspace

    ws = Workspace(db)
    rng = random.Random(7)
    rows = ws.conn.execute("SELECT source_id, start, end FROM passages WHERE end - start >= 60").fetchall()
    claims = [ws.add_claim(*rng.choice(rows)).id for _ in range(n_queries)]
    corroborate(ws, claims[0])  # loads the model and the signatures
    times = []
    for cid in claims:
        t0 = time.perf_counter()
        corroborate(ws, cid, limit=10)
        times.append((time.perf_counter() - t0) * 1000)
    for cid in claims:
        ws.delete_claim(cid)
    info = {"sources": ws.source_count(), "passages": ws.conn.execute("SELECT count(*) FROM passages").fetchone()[0]}
    ws.close()
    times.sort()
    return {**info, "queries": len(times), "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1)}


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return round(xs[int(q * (len(xs) - 1))], 1)


def ann_real(db: Path, n_queries: int = 40) -> dict:
    """On a real indexed workspace: dense retrieval through the inverted lists against the full
    scan (today's search), both against the exact top 120 by cosine over every stored vector.
    Queries are stored passage vectors (their own source excluded), A/B interleaved."""
    import numpy as np

    from workbench.evidence import ann, dense
    from workbench.evidence.encoder import dequantise
    from workbench.store import Workspace

    ws = Workspace(db)
    ann.refresh(ws)
    rows = ws.conn.execute("SELECT v.passage_id, g.source_id, v.vec FROM passage_vectors v"
                           " JOIN passage_sigs g ON g.passage_id = v.passage_id ORDER BY v.passage_id").fetchall()
    pids = np.array([r[0] for r in rows])
    srcs = np.array([r[1] for r in rows])
    allv = dequantise([r[2] for r in rows])
    rng = np.random.default_rng(9)
    picks = rng.choice(len(rows), n_queries, replace=False)
    full_cand = ann.candidate_rows
    res: dict = {"passages": len(rows), "lists": len(ann._index(ws, dense._signatures(ws).ids).cents)}
    t_ann, t_full, r_ann, r_full, agree = [], [], [], [], []
    dense.search(ws, allv[picks[:1]], exclude_source=int(srcs[picks[0]]))  # load caches
    for i in picks:
        q = allv[i:i + 1]
        cos = allv @ q[0]
        cos[srcs == srcs[i]] = -2
        truth = set(pids[np.argpartition(-cos, 120)[:120]].tolist())
        t0 = time.perf_counter()
        a = dense.search(ws, q, exclude_source=int(srcs[i]), top=120)
        t1 = time.perf_counter()
        ann.candidate_rows = lambda *_a: None  # type: ignore[assignment,misc]
        try:
            f = dense.search(ws, q, exclude_source=int(srcs[i]), top=120)
        finally:
            ann.candidate_rows = full_cand  # type: ignore[assignment]
        t2 = time.perf_counter()
        t_ann.append((t1 - t0) * 1000)
        t_full.append((t2 - t1) * 1000)
        r_ann.append(len(truth & {p for p, _c in a}) / 120)
        r_full.append(len(truth & {p for p, _c in f}) / 120)
        agree.append(len({p for p, _c in a[:10]} & {p for p, _c in f[:10]}) / 10)
    ws.close()
    res.update({"queries": n_queries,
                "ann_ms": {"median": round(statistics.median(t_ann), 1), "p95": _pct(t_ann, 0.95)},
                "full_scan_ms": {"median": round(statistics.median(t_full), 1), "p95": _pct(t_full, 0.95)},
                "recall_at_120_vs_exact": {"ann": round(float(np.mean(r_ann)), 3),
                                           "full_scan": round(float(np.mean(r_full)), 3)},
                "top10_overlap_ann_vs_full_scan": round(float(np.mean(agree)), 3)})
    return res


def ann_synthetic(db: Path, n: int = 2_000_000, n_queries: int = 20, coarse: int = 1500) -> dict:
    """2M vectors derived from a real workspace's vectors (each the normalised sum of a real vector,
    0.6 of another and unit Gaussian noise x 0.5, so they cluster like real text), held in memory
    as int8: the in-memory work of one dense query through the inverted lists (lists trained
    like ann.refresh does) against the full Hamming scan, and recall of the top 120 against exact
    cosines.  Not timed: reading the 1,500 rescored vectors from SQLite (same in both)."""
    import numpy as np

    from workbench.evidence import ann
    from workbench.evidence.dense import nearest_signatures
    from workbench.evidence.encoder import dequantise
    from workbench.store import Workspace

    ws = Workspace(db)
    real = dequantise([r[0] for r in ws.conn.execute("SELECT vec FROM passage_vectors")])
    ws.close()
    rng = np.random.default_rng(21)
    t0 = time.perf_counter()
    cents = ann.kmeans(real[rng.choice(len(real), min(ann.TRAIN_SAMPLE, len(real)), replace=False)],
                       ann.n_lists(n))
    train_s = time.perf_counter() - t0
    q8 = np.empty((n, 512), dtype=np.int8)
    words = np.empty((n, 8), dtype=np.uint64)
    lists = np.empty(n, dtype=np.int64)
    t0 = time.perf_counter()
    for s in range(0, n, 50_000):
        m = min(50_000, n - s)
        v = real[rng.integers(0, len(real), m)] + 0.6 * real[rng.integers(0, len(real), m)]
        v += 0.5 * rng.standard_normal((m, 512)).astype(np.float32) / np.sqrt(512)
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        q8[s:s + m] = np.clip(np.rint(v * 127 / np.abs(v).max(axis=1, keepdims=True)), -127, 127)
        words[s:s + m] = np.packbits(v > 0, axis=1).view(np.uint64)
        lists[s:s + m] = ann.assign(v, cents)
    assign_s = time.perf_counter() - t0
    order = np.argsort(lists, kind="stable")
    offsets = np.searchsorted(lists[order], np.arange(len(cents) + 1))
    k = len(cents)
    probes = sorted({ann.n_probe(k), max(4, k // 16), max(4, k // 4)})
    t_ann: dict[int, list[float]] = {p: [] for p in probes}
    r_ann: dict[int, list[float]] = {p: [] for p in probes}
    scanned: dict[int, list[float]] = {p: [] for p in probes}
    t_full: list[float] = []
    r_full: list[float] = []
    qs = real[rng.integers(0, len(real), n_queries)] + 0.3 * rng.standard_normal((n_queries, 512)).astype(
        np.float32) / np.sqrt(512)
    qs = (qs / np.linalg.norm(qs, axis=1, keepdims=True)).astype(np.float32)
    cos_all = np.empty((n_queries, n), dtype=np.float32)  # exact cosines, one pass for all queries
    for s in range(0, n, 100_000):
        block = q8[s:s + 100_000].astype(np.float32)
        cos_all[:, s:s + len(block)] = (qs @ block.T) / np.linalg.norm(block, axis=1)
    for qi in range(n_queries):
        q = qs[qi:qi + 1]
        qw = np.packbits(q > 0, axis=1).view(np.uint64)
        truth = set(np.argpartition(-cos_all[qi], 120)[:120].tolist())

        def rescore(rows: "np.ndarray") -> set:
            v = q8[rows].astype(np.float32)
            c = (v @ q[0]) / np.linalg.norm(v, axis=1)
            return set(rows[np.argsort(-c)[:120]].tolist())

        t1 = time.perf_counter()
        got_f = rescore(nearest_signatures(words, qw, coarse))
        t2 = time.perf_counter()
        t_full.append((t2 - t1) * 1000)
        r_full.append(len(truth & got_f) / 120)
        for p in probes:
            t0 = time.perf_counter()
            ls = np.argpartition(-(q @ cents.T)[0], p - 1)[:p]
            rows = np.concatenate([order[offsets[li]:offsets[li + 1]] for li in ls])
            got_a = rescore(rows[nearest_signatures(words[rows], qw, coarse)])
            t_ann[p].append((time.perf_counter() - t0) * 1000)
            r_ann[p].append(len(truth & got_a) / 120)
            scanned[p].append(len(rows) / n)
    return {"vectors": n, "lists": k, "default_probes": ann.n_probe(k), "train_s": round(train_s, 1),
            "assign_s_all": round(assign_s, 1), "queries": n_queries,
            "full_scan_ms": {"median": round(statistics.median(t_full), 1), "p95": _pct(t_full, 0.95)},
            "full_scan_recall_at_120_vs_exact": round(float(np.mean(r_full)), 3),
            "ann": {str(p): {"scanned_share": round(float(np.mean(scanned[p])), 4),
                             "ms": {"median": round(statistics.median(t_ann[p]), 1), "p95": _pct(t_ann[p], 0.95)},
                             "recall_at_120_vs_exact": round(float(np.mean(r_ann[p])), 3)} for p in probes},
            "memory_mb_signatures": round(words.nbytes / 1e6, 1)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sample", type=int, default=40, help="articles per language for the index rate")
    ap.add_argument("--db", type=Path, default=None, help="a fully indexed workspace for query latency")
    ap.add_argument("--skip-rate", action="store_true")
    ap.add_argument("--latency-only", action="store_true", help="with --db: only the query latency")
    ap.add_argument("--only-coarse", action="store_true", help="just the in-memory signature scan")
    ap.add_argument("--ann", type=Path, default=None,
                    help="an indexed workspace: inverted lists against the full scan (real, then 2M derived)")
    ap.add_argument("--ann-n", type=int, default=2_000_000)
    ap.add_argument("--ann-skip-real", action="store_true")
    args = ap.parse_args()
    out: dict = {}
    if args.ann:
        from bench._corpus import write_result

        if not args.ann_skip_real:
            out["ann_real"] = ann_real(args.ann)
            print("ann, real:", out["ann_real"], flush=True)
        out["ann_synthetic"] = ann_synthetic(args.ann, args.ann_n)
        print("ann, synthetic:", out["ann_synthetic"], flush=True)
        out["loadavg"] = Path("/proc/loadavg").read_text().split()[:3]
        print("wrote", write_result("corroborate_ann", out))
        return
    if args.db:
        import workbench

        out["real_latency"] = real_latency(args.db)
        out["real_latency"]["code"] = str(Path(workbench.__file__).parents[1])
        out["real_latency"]["loadavg"] = Path("/proc/loadavg").read_text().split()[:3]
        print("real latency:", json.dumps(out["real_latency"]), flush=True)
        if args.latency_only:
            return
    if args.only_coarse:
        import numpy as np

        from workbench.evidence.dense import nearest_signatures

        rng = np.random.default_rng(5)
        for n in (150_000, 3_000_000):
            words = rng.integers(0, 2**63, size=(n, 8), dtype=np.uint64)
            qw = rng.integers(0, 2**63, size=(2, 8), dtype=np.uint64)
            ts = []
            for _ in range(20):
                t0 = time.perf_counter()
                nearest_signatures(words, qw, 1500)
                ts.append((time.perf_counter() - t0) * 1000)
            out[f"coarse_scan_{n}"] = {"median_ms": round(statistics.median(ts), 1), "p95_ms": round(sorted(ts)[18], 1)}
            print(n, out[f"coarse_scan_{n}"], flush=True)
        return
    out["synthetic_search"] = synthetic_search()
    print("synthetic search:", out["synthetic_search"], flush=True)
    if not args.skip_rate:
        out["index_rate"] = index_rate(args.sample)
        print("index rate:", out["index_rate"], flush=True)
    from bench._corpus import write_result

    print("wrote", write_result("corroborate_scale", out))


if __name__ == "__main__":
    main()
