"""Search latency on a workspace holding the whole real corpus, against bare FTS5 MATCH.

    .venv/bin/python bench/search.py [--db PATH] [--rounds N]

`product` is `Workspace.search(q, limit=20)` (MATCH + bm25 rank + the hits' rows + a snippet with
highlights for each).  It is compared, pair by pair, with:

* `bare`: `SELECT rowid FROM sources_fts WHERE sources_fts MATCH ? ORDER BY rank LIMIT 20`, the
  cost floor of a ranked FTS5 query (it reads no hit);
* `bare_rows`: the same MATCH returning the hits themselves (`SELECT rowid, title, text`), the bare
  query a user could actually read results from;
* `fts_snippet`: FTS5 doing the product's job alone (ranked hits with its own snippet()).

Each comparison is its own A/B pass on the same connection: for every query of every round the two
run back to back in a random order (seeded), so machine noise and cache warmth hit both alike.
Ratios are reported per query (median over the queries of product / baseline for that query), on
medians and p95s of all timings, and on means (the whole query list).
Targets: product p95 < 20 ms and ratio product / bare < 1.5.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench._corpus import corpus_files, write_result  # noqa: E402

QUERIES = [
    # single words, four languages, with and without accents
    "inteligencia", "inteligência", "intelligenza", "government", "presidente", "polícia", "carabinieri",
    "elecciones", "economia", "football", "corrupção", "Temer", "Trump", "Modena", "México",
    # phrases
    '"Lava Jato"', '"Banco Central"', '"Casa Branca"', '"prime minister"', '"carta abierta"',
    '"Supremo Tribunal Federal"', '"vigili del fuoco"',
    # prefixes
    "GPU*", "presiden*", "govern*", "econ*", "invest*",
    # booleans
    "Temer AND Dilma", "Trump OR Clinton", "polícia NOT Rio", "(music OR film) AND award",
    "NEAR(Lula Moro, 10)", "elecciones AND México NOT PRI",
]


def build(db: Path) -> None:
    from workbench.ingest.clean import clean_text, sha256_text, title_and_outlet
    from workbench.store import Workspace

    ws = Workspace(db)
    with ws.tx():
        for f in corpus_files():
            lang = f.parent.name
            text = clean_text(f.read_text(encoding="utf-8"))
            title, outlet = title_and_outlet(text)
            if ws.source_by_sha(sha256_text(text)):
                continue
            ws.insert_source(sha256=sha256_text(text), path=str(f), title=title, outlet=outlet, lang=lang,
                             lang_detected=lang, text=text)
    ws.close()


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default=None, help="an existing workspace with the corpus (default: build one)")
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()
    from workbench.store import Workspace

    tmp = tempfile.TemporaryDirectory()
    db = Path(args.db) if args.db else Path(tmp.name) / "search.db"
    if not args.db:
        t0 = time.perf_counter()
        build(db)
        print(f"built workspace in {time.perf_counter() - t0:.1f} s")
    ws = Workspace(db)
    print(f"{ws.source_count()} sources")
    bare_sql = "SELECT rowid FROM sources_fts WHERE sources_fts MATCH ? ORDER BY rank LIMIT 20"
    rows_sql = "SELECT rowid, title, text FROM sources_fts WHERE sources_fts MATCH ? ORDER BY rank LIMIT 20"
    fts_sql = ("SELECT rowid, snippet(sources_fts, -1, '[', ']', '…', 24) FROM sources_fts"
               " WHERE sources_fts MATCH ? ORDER BY rank LIMIT 20")
    conn = ws.conn
    runs: dict[str, Callable[[str], object]] = {
        "product": lambda q: ws.search(q, limit=20),
        "bare": lambda q: conn.execute(bare_sql, (q,)).fetchall(),
        "bare_rows": lambda q: conn.execute(rows_sql, (q,)).fetchall(),
        "fts_snippet": lambda q: conn.execute(fts_sql, (q,)).fetchall(),
    }
    hits = {q: len(ws.search(q, limit=20)) for q in QUERIES}
    for q in QUERIES:  # warm the page cache
        for run in runs.values():
            run(q)
    rng = random.Random(2026)

    def ab(baseline: str) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
        """Product and ``baseline`` timings (ms) per query, each pair run back to back in random order."""
        times: dict[str, dict[str, list[float]]] = {"product": {q: [] for q in QUERIES},
                                                    baseline: {q: [] for q in QUERIES}}
        for _ in range(args.rounds):
            for q in QUERIES:
                pair = ["product", baseline]
                rng.shuffle(pair)
                for name in pair:
                    t0 = time.perf_counter()
                    runs[name](q)
                    times[name][q].append((time.perf_counter() - t0) * 1000)
        return times["product"], times[baseline]

    def ratios(prod: dict[str, list[float]], base: dict[str, list[float]]) -> dict[str, float]:
        all_p = [x for v in prod.values() for x in v]
        all_b = [x for v in base.values() for x in v]
        per_q = [statistics.median(prod[q]) / statistics.median(base[q]) for q in QUERIES]
        return {
            "product_median_ms": round(statistics.median(all_p), 3), "product_p95_ms": round(pct(all_p, 95), 3),
            "baseline_median_ms": round(statistics.median(all_b), 3), "baseline_p95_ms": round(pct(all_b, 95), 3),
            "ratio_median_per_query": round(statistics.median(per_q), 3),
            "ratio_of_medians": round(statistics.median(all_p) / statistics.median(all_b), 3),
            "ratio_of_p95": round(pct(all_p, 95) / pct(all_b, 95), 3),
            "ratio_of_means": round(statistics.mean(all_p) / statistics.mean(all_b), 3),
        }

    prod, bare = ab("bare")
    res = {
        "sources": ws.source_count(), "queries": len(QUERIES), "rounds": args.rounds,
        "vs_bare": ratios(prod, bare),
        "vs_bare_rows": ratios(*ab("bare_rows")),
        "vs_fts_snippet": ratios(*ab("fts_snippet")),
        "per_query": {q: {"hits": hits[q], "product_ms": round(statistics.median(prod[q]), 3),
                          "bare_ms": round(statistics.median(bare[q]), 3)} for q in QUERIES},
    }
    print(f"{'query':34}{'hits':>6}{'product ms':>12}{'bare ms':>10}")
    for q, d in res["per_query"].items():
        print(f"{q[:33]:34}{d['hits']:6}{d['product_ms']:12.2f}{d['bare_ms']:10.2f}")
    vb = res["vs_bare"]
    print(f"product: median {vb['product_median_ms']} ms, p95 {vb['product_p95_ms']} ms (target p95 < 20)")
    print(f"bare:    median {vb['baseline_median_ms']} ms, p95 {vb['baseline_p95_ms']} ms")
    for name in ("vs_bare", "vs_bare_rows", "vs_fts_snippet"):
        r = res[name]
        print(f"product / {name[3:]:12} per query {r['ratio_median_per_query']:5.2f}, of medians"
              f" {r['ratio_of_medians']:5.2f}, of p95s {r['ratio_of_p95']:5.2f}, of means {r['ratio_of_means']:5.2f}"
              + ("   (target < 1.5)" if name == "vs_bare" else ""))
    print("wrote", write_result("search", res))
    ws.close()


if __name__ == "__main__":
    main()
