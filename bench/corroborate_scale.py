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
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sample", type=int, default=40, help="articles per language for the index rate")
    ap.add_argument("--db", type=Path, default=None, help="a fully indexed workspace for query latency")
    ap.add_argument("--skip-rate", action="store_true")
    ap.add_argument("--only-coarse", action="store_true", help="just the in-memory signature scan")
    args = ap.parse_args()
    out: dict = {}
    if args.db:
        out["real_latency"] = real_latency(args.db)
        print("real latency:", out["real_latency"], flush=True)
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
