"""This code's search against another checkout's, interleaved query by query (a loaded machine
moves both alike).

    .venv/bin/python bench/search_ab.py --db WORKSPACE --other /path/to/other/checkout [--rounds N]

Two worker processes, one per code, each with the workspace open read-only, take the same
requests in turn, in a random (seeded) order per request: ``plain`` (the queries of
``bench/search.py``, ``Workspace.search``) and ``fuzzy`` (its ``word~`` queries, each in a fresh
Workspace; patterns cached in the process, as in the TUI).  ``oneshot`` spawns a fresh process per
``word~`` search (nothing cached: what one ``workbench search`` meets), alternating the two codes.
Reported: median and p95 (ms) of each, per code, and the medians of the per-query ratios.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench._corpus import write_result  # noqa: E402

WORKER = (
    "import sys, time\n"
    "sys.path.insert(0, sys.argv[2])\n"
    "from workbench.store import Workspace\n"
    "db = sys.argv[1]\n"
    "ws = Workspace(db, create=False, readonly=True)\n"
    "for line in sys.stdin:\n"
    "    mode, q = line.rstrip('\\n').split('\\t', 1)\n"
    "    t0 = time.perf_counter()\n"
    "    (Workspace(db, create=False, readonly=True) if mode == 'fuzzy' else ws).search(q)\n"
    "    print((time.perf_counter() - t0) * 1000, flush=True)\n")
ONESHOT = (
    "import sys, time\n"
    "sys.path.insert(0, sys.argv[3])\n"
    "from workbench.store import Workspace\n"
    "ws = Workspace(sys.argv[1], create=False, readonly=True)\n"
    "t0 = time.perf_counter(); ws.search(sys.argv[2]); print((time.perf_counter() - t0) * 1000)\n")


def _load_queries() -> tuple[list[str], list[str]]:
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_search", ROOT / "bench" / "search.py")
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod.QUERIES, mod.FUZZY


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def summary(times: dict[str, dict[str, list[float]]]) -> dict:
    out: dict = {}
    for code, per_q in times.items():
        every = [x for v in per_q.values() for x in v]
        out[code] = {"median_ms": round(statistics.median(every), 3), "p95_ms": round(pct(every, 95), 3)}
    qs = list(times["this"])
    out["ratio_this_other_per_query"] = round(statistics.median(
        [statistics.median(times["this"][q]) / statistics.median(times["other"][q]) for q in qs]), 3)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--other", required=True, help="the other checkout (its workbench package is used)")
    ap.add_argument("--rounds", type=int, default=6)
    args = ap.parse_args()
    queries, fuzzy = _load_queries()
    roots = {"this": str(ROOT), "other": args.other}
    workers = {k: subprocess.Popen([sys.executable, "-c", WORKER, args.db, r], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, text=True) for k, r in roots.items()}

    def ask(code: str, mode: str, q: str) -> float:
        w = workers[code]
        w.stdin.write(f"{mode}\t{q}\n")  # type: ignore[union-attr]
        w.stdin.flush()  # type: ignore[union-attr]
        return float(w.stdout.readline())  # type: ignore[union-attr]

    rng = random.Random(2026)
    res: dict = {"db": args.db, "rounds": args.rounds}
    for mode, qs in (("plain", queries), ("fuzzy", fuzzy)):
        times: dict[str, dict[str, list[float]]] = {k: {q: [] for q in qs} for k in roots}
        for q in qs:  # warm the page cache and the imports
            for k in roots:
                ask(k, mode, q)
        for _ in range(args.rounds):
            for q in qs:
                for k in rng.sample(list(roots), 2):
                    times[k][q].append(ask(k, mode, q))
        res[mode] = summary(times)
    for w in workers.values():
        w.stdin.close()  # type: ignore[union-attr]
        w.wait()
    times = {k: {q: [] for q in fuzzy} for k in roots}
    for _ in range(max(2, args.rounds // 3)):
        for q in fuzzy:
            for k in rng.sample(list(roots), 2):
                r = subprocess.run([sys.executable, "-c", ONESHOT, args.db, q, roots[k]], capture_output=True,
                                   text=True, check=True)
                times[k][q].append(float(r.stdout))
    res["oneshot"] = summary(times)
    for mode in ("plain", "fuzzy", "oneshot"):
        r = res[mode]
        print(f"{mode:8} this median {r['this']['median_ms']:8.2f} p95 {r['this']['p95_ms']:8.2f}   other median"
              f" {r['other']['median_ms']:8.2f} p95 {r['other']['p95_ms']:8.2f}   this/other per query"
              f" {r['ratio_this_other_per_query']:.2f}")
    print("wrote", write_result("search_ab", res))


if __name__ == "__main__":
    main()
