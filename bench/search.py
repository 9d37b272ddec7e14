"""Search latency on a workspace holding the whole real corpus, against bare FTS5 MATCH.

    .venv/bin/python bench/search.py [--db PATH] [--rounds N]

`product` is `Workspace.search(q, limit=20)` (MATCH + bm25 rank + the hits' rows + a snippet with
highlights for each).  ``word~`` is also timed as a one-shot CLI meets it (``fuzzy_oneshot``: a
fresh process per search, nothing cached).  It is compared, pair by pair, with:

* `bare`: `SELECT rowid FROM sources_fts WHERE sources_fts MATCH ? ORDER BY rank LIMIT 20`, the
  cost floor of a ranked FTS5 query (it reads no hit);
* `bare_rows`: the same MATCH returning the hits themselves (`SELECT rowid, title, text`), the bare
  query a user could actually read results from;
* `fts_snippet`: FTS5 doing the product's job alone (ranked hits with its own snippet()).

Each comparison is its own A/B pass, in a fresh process that warms only the two runs it compares:
for every query of every round the two run back to back in a random order (seeded), so machine
noise and cache warmth hit both alike.  (With all passes in one process, FTS5 ``snippet()`` queries
run before the product / bare pass moved that pass's per-query ratio from 1.28 to 1.48 for one
version of the code and left another alone: what ran earlier in the process shaped the figure.)
Ratios are reported per query (median over the queries of product / baseline for that query), on
medians and p95s of all timings, and on means (the whole query list).
Targets: product p95 < 20 ms and ratio product / bare < 1.5.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench._corpus import corpus_files, write_result  # noqa: E402

if os.environ.get("WORKBENCH_CODE"):  # the baseline: another checkout's ``workbench`` package, this harness
    sys.path.insert(0, os.environ["WORKBENCH_CODE"])

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
    # what reporters type (issue 17): numbers in any convention, hyphens, apostrophes, lower-case "and"
    "10.000 GPU", "US$ 10.000", "44 mil millones", "1,5 milhão", "OpenAI's", "e-mail", "GPT-4", "COVID-19",
    "X Corp.", "musk and nvidia", "lula or dilma",
]
# edit-distance terms and alias-widened names (issue 17), each against the plain query in the same run
FUZZY = ["Babushkin~", "Bolsonaro~", "corupção~", "presidnte~", "Temr~1", "elecions~", "Trunp~", "inteligensia~",
         "Moro~1", "governo~"]
ALIASES = ["Lula", "Bolsonaro", "Trump", "Temer", "Dilma", "Moro", "Musk", "Obama", "Renzi", "Maduro"]


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


BARE_SQL = {
    "bare": "SELECT rowid FROM sources_fts WHERE sources_fts MATCH ? ORDER BY rank LIMIT 20",
    "bare_rows": "SELECT rowid, title, text FROM sources_fts WHERE sources_fts MATCH ? ORDER BY rank LIMIT 20",
    "fts_snippet": ("SELECT rowid, snippet(sources_fts, -1, '[', ']', '…', 24) FROM sources_fts"
                    " WHERE sources_fts MATCH ? ORDER BY rank LIMIT 20"),
}


def one_pass(db: Path, baseline: str, rounds: int) -> dict:
    """The product and ``baseline`` timings (ms) per query, each pair back to back in random order."""
    from workbench.store import Workspace

    ws = Workspace(db)
    conn = ws.conn
    sql = BARE_SQL[baseline]
    fts = {q: ws.parse_query(q).fts for q in QUERIES}
    runs: dict[str, Callable[[str], object]] = {
        "product": lambda q: ws.search(q, limit=20),
        baseline: lambda q: conn.execute(sql, (fts[q],)).fetchall(),
    }
    hits = {q: len(ws.search(q, limit=20)) for q in QUERIES}
    for q in QUERIES:  # warm the page cache
        for run in runs.values():
            run(q)
    rng = random.Random(2026)
    times: dict[str, dict[str, list[float]]] = {name: {q: [] for q in QUERIES} for name in runs}
    for _ in range(rounds):
        for q in QUERIES:
            pair = ["product", baseline]
            rng.shuffle(pair)
            for name in pair:
                t0 = time.perf_counter()
                runs[name](q)
                times[name][q].append((time.perf_counter() - t0) * 1000)
    out = {"sources": ws.source_count(), "hits": hits, "product": times["product"], "baseline": times[baseline]}
    ws.close()
    return out


def variants_pass(db: Path, rounds: int) -> dict:
    """``word~`` and alias-widened searches, each timed against the plain search of the same word in
    A/B pairs: with the vocabulary read by prefix ranges (a fresh workspace object: what one CLI
    process does) and from the in-memory copy (what the TUI has after its first search)."""
    from workbench.store import Workspace

    out: dict = {}
    rng = random.Random(17)

    def timed(fn: Callable[[], object]) -> float:
        t0 = time.perf_counter()
        fn()
        return (time.perf_counter() - t0) * 1000

    ws = Workspace(db)
    out["hits"] = {q: len(ws.search(q)) for q in FUZZY} | {q + " --aliases": len(ws.search(q, aliases=True))
                                                          for q in ALIASES}
    for q in FUZZY + ALIASES:  # warm the page cache and the imports
        ws.search(q.rstrip("~1"))
    cases = {
        "fuzzy_cold": [(q, lambda q=q: Workspace(db).search(q), lambda q=q: Workspace(db).search(q.split("~")[0]))
                       for q in FUZZY],
        "fuzzy_warm": [(q, lambda q=q: ws.search(q), lambda q=q: ws.search(q.split("~")[0])) for q in FUZZY],
        "aliases": [(q, lambda q=q: ws.search(q, aliases=True), lambda q=q: ws.search(q)) for q in ALIASES],
    }
    for name, items in cases.items():
        if name == "fuzzy_warm":
            t0 = time.perf_counter()
            ws.warm_vocabulary()
            out["warm_vocabulary_ms"] = round((time.perf_counter() - t0) * 1000, 1)
        prod: list[float] = []
        base: list[float] = []
        for _ in range(rounds):
            for _q, p, b in items:
                pair = [("p", p), ("b", b)]
                rng.shuffle(pair)
                for k, fn in pair:
                    (prod if k == "p" else base).append(timed(fn))
        out[name] = {"product_median_ms": round(statistics.median(prod), 2), "product_p95_ms": round(pct(prod, 95), 2),
                     "plain_median_ms": round(statistics.median(base), 2), "plain_p95_ms": round(pct(base, 95), 2)}
    ws.close()
    return out


ONESHOT = (
    "import os, sys, time\n"
    "sys.path.insert(0, os.environ.get('WORKBENCH_CODE') or sys.argv[3])\n"
    "from workbench.store import Workspace\n"
    "ws = Workspace(sys.argv[1], create=False, readonly=True)\n"
    "t0 = time.perf_counter(); ws.search(sys.argv[2]); print((time.perf_counter() - t0) * 1000)\n")


def oneshot_pass(db: Path, rounds: int) -> dict:
    """``word~`` as a one-shot ``workbench search`` meets it: each search in a fresh process (no
    pattern, vocabulary or import cached; rapidfuzz and RE2 imported on first use), the search
    call timed, against the plain word in the same way, in A/B pairs."""
    rng = random.Random(18)
    root = str(Path(__file__).resolve().parents[1])
    prod: list[float] = []
    base: list[float] = []
    for _ in range(rounds):
        for q in FUZZY:
            pair = [(prod, q), (base, q.split("~")[0])]
            rng.shuffle(pair)
            for out, query in pair:
                r = subprocess.run([sys.executable, "-c", ONESHOT, str(db), query, root], capture_output=True,
                                   text=True, check=True)
                out.append(float(r.stdout.strip()))
    return {"product_median_ms": round(statistics.median(prod), 2), "product_p95_ms": round(pct(prod, 95), 2),
            "plain_median_ms": round(statistics.median(base), 2), "plain_p95_ms": round(pct(base, 95), 2),
            "runs": len(prod)}


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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default=None, help="an existing workspace with the corpus (default: build one)")
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--pass", dest="one", choices=sorted(BARE_SQL) + ["variants"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one == "variants":
        json.dump(variants_pass(Path(args.db), max(1, args.rounds // 4)), sys.stdout)
        return
    if args.one:
        json.dump(one_pass(Path(args.db), args.one, args.rounds), sys.stdout)
        return

    tmp = tempfile.TemporaryDirectory()
    db = Path(args.db) if args.db else Path(tmp.name) / "search.db"
    if not args.db:
        t0 = time.perf_counter()
        build(db)
        print(f"built workspace in {time.perf_counter() - t0:.1f} s")
    passes = {}
    for baseline in ("bare", "bare_rows", "fts_snippet"):
        child = subprocess.run([sys.executable, __file__, "--db", str(db), "--rounds", str(args.rounds),
                                "--pass", baseline], capture_output=True, text=True, check=True)
        passes[baseline] = json.loads(child.stdout)
    child = subprocess.run([sys.executable, __file__, "--db", str(db), "--rounds", str(args.rounds),
                            "--pass", "variants"], capture_output=True, text=True, check=True)
    variants = json.loads(child.stdout)
    variants["fuzzy_oneshot"] = oneshot_pass(db, max(2, args.rounds // 4))
    first = passes["bare"]
    prod, bare = first["product"], first["baseline"]
    print(f"{first['sources']} sources")
    res = {
        "sources": first["sources"], "queries": len(QUERIES), "rounds": args.rounds,
        "vs_bare": ratios(prod, bare),
        "vs_bare_rows": ratios(passes["bare_rows"]["product"], passes["bare_rows"]["baseline"]),
        "vs_fts_snippet": ratios(passes["fts_snippet"]["product"], passes["fts_snippet"]["baseline"]),
        "variants": variants,
        "per_query": {q: {"hits": first["hits"][q], "product_ms": round(statistics.median(prod[q]), 3),
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
    for name in ("fuzzy_oneshot", "fuzzy_cold", "fuzzy_warm", "aliases"):
        v = variants[name]
        print(f"{name:11} p95 {v['product_p95_ms']:7.2f} ms (median {v['product_median_ms']:.2f}); the plain query"
              f" p95 {v['plain_p95_ms']:.2f} ms (median {v['plain_median_ms']:.2f})   (target p95 < 50)")
    print(f"reading the whole vocabulary into memory: {variants['warm_vocabulary_ms']} ms")
    print("wrote", write_result("search", res))


if __name__ == "__main__":
    main()
