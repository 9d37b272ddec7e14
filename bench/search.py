"""Search latency on a workspace holding the whole real corpus, against bare FTS5 MATCH.

    .venv/bin/python bench/search.py [--db PATH] [--rounds N]

`product` is `Workspace.search(q, limit=20)` (MATCH + bm25 rank + the hits' rows + a snippet with
highlights for each);
`bare` is `SELECT rowid FROM sources_fts WHERE sources_fts MATCH ? ORDER BY rank LIMIT 20` on the same
connection; `bare_rows` is that MATCH returning the hits themselves (`SELECT rowid, title, text`), the
least a search that shows anything must read.  Queries alternate between them so machine noise hits
all alike.  `fts_snippet` is FTS5 doing the product's job alone (ranked hits with its own snippet()).
Targets: product p95 < 20 ms and ratio product/bare < 1.5 (reported on medians, per query and on p95s).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
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
    # the same job done by FTS5 alone: ranked hits with its own snippet() (re-tokenises each hit)
    fts_sql = ("SELECT rowid, snippet(sources_fts, -1, '[', ']', '…', 24) FROM sources_fts"
               " WHERE sources_fts MATCH ? ORDER BY rank LIMIT 20")
    fts: dict[str, list[float]] = {q: [] for q in QUERIES}
    prod: dict[str, list[float]] = {q: [] for q in QUERIES}
    bare: dict[str, list[float]] = {q: [] for q in QUERIES}
    bare_rows: dict[str, list[float]] = {q: [] for q in QUERIES}
    hits: dict[str, int] = {}
    for q in QUERIES:  # warm the page cache
        hits[q] = len(ws.search(q, limit=20))
        ws.conn.execute(bare_sql, (q,)).fetchall()
    for _ in range(args.rounds):
        for q in QUERIES:
            t0 = time.perf_counter()
            ws.conn.execute(bare_sql, (q,)).fetchall()
            t1 = time.perf_counter()
            ws.search(q, limit=20)
            t2 = time.perf_counter()
            ws.conn.execute(fts_sql, (q,)).fetchall()
            t3 = time.perf_counter()
            ws.conn.execute(rows_sql, (q,)).fetchall()
            bare_rows[q].append(time.perf_counter() - t3)
            fts[q].append(t3 - t2)
            bare[q].append(t1 - t0)
            prod[q].append(t2 - t1)
    per_q_prod = [statistics.median(v) * 1000 for v in prod.values()]
    per_q_bare = [statistics.median(v) * 1000 for v in bare.values()]
    all_prod = [x * 1000 for v in prod.values() for x in v]
    all_bare = [x * 1000 for v in bare.values() for x in v]
    all_fts = [x * 1000 for v in fts.values() for x in v]
    all_rows = [x * 1000 for v in bare_rows.values() for x in v]
    per_q_rows = [statistics.median(v) * 1000 for v in bare_rows.values()]
    ratios = [p / b for p, b in zip(per_q_prod, per_q_bare) if b > 0]
    res = {
        "sources": ws.source_count(), "queries": len(QUERIES), "rounds": args.rounds,
        "product_median_ms": round(statistics.median(all_prod), 3), "product_p95_ms": round(pct(all_prod, 95), 3),
        "bare_median_ms": round(statistics.median(all_bare), 3), "bare_p95_ms": round(pct(all_bare, 95), 3),
        "fts_snippet_median_ms": round(statistics.median(all_fts), 3),
        "ratio_of_medians": round(statistics.median(all_prod) / statistics.median(all_bare), 3),
        "ratio_to_fts_snippet": round(statistics.median(all_prod) / statistics.median(all_fts), 3),
        "median_per_query_ratio": round(statistics.median(ratios), 3),
        "ratio_of_p95": round(pct(all_prod, 95) / pct(all_bare, 95), 3),
        "ratio_of_means": round(statistics.mean(all_prod) / statistics.mean(all_bare), 3),
        "bare_rows_median_ms": round(statistics.median(all_rows), 3),
        "ratio_to_bare_rows_medians": round(statistics.median(all_prod) / statistics.median(all_rows), 3),
        "median_per_query_ratio_to_bare_rows": round(statistics.median(
            [p / b for p, b in zip(per_q_prod, per_q_rows) if b > 0]), 3),
        "per_query": {q: {"hits": hits[q], "product_ms": round(p, 3), "bare_ms": round(b, 3)}
                      for q, p, b in zip(QUERIES, per_q_prod, per_q_bare)},
    }
    print(f"{'query':34}{'hits':>6}{'product ms':>12}{'bare ms':>10}")
    for q, d in res["per_query"].items():
        print(f"{q[:33]:34}{d['hits']:6}{d['product_ms']:12.2f}{d['bare_ms']:10.2f}")
    print(f"product: median {res['product_median_ms']} ms, p95 {res['product_p95_ms']} ms (target p95 < 20)")
    print(f"bare:    median {res['bare_median_ms']} ms, p95 {res['bare_p95_ms']} ms")
    print(f"FTS5 alone with its snippet(): median {res['fts_snippet_median_ms']} ms;"
          f" product / that = {res['ratio_to_fts_snippet']}")
    print(f"ratio to rowid-only MATCH: of medians {res['ratio_of_medians']}, median per query"
          f" {res['median_per_query_ratio']}, of p95s {res['ratio_of_p95']}, of means {res['ratio_of_means']}"
          " (target < 1.5)")
    print(f"MATCH returning the hit rows: median {res['bare_rows_median_ms']} ms; product / that: of medians"
          f" {res['ratio_to_bare_rows_medians']}, median per query {res['median_per_query_ratio_to_bare_rows']}")
    print("wrote", write_result("search", res))
    ws.close()


if __name__ == "__main__":
    main()
