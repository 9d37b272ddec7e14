"""The entity pickers (``m`` merge, ``e`` link entities) per key on a workspace of half a million
entities (issue 18: "design for half a million entities").

    nice .venv/bin/python bench/tui_picker.py [--entities 400000]

Builds (once, cached in ``bench/.cache/picker_<n>.db``) a workspace holding only entities: names
made of capitalised words of the real corpus (1-3 words, seeded), with a Zipf-like mention count
so the "most mentioned first" order is realistic.  Then, for each typed query, times every key as
the picker runs it (``entity_candidates`` through the store's FTS index, then the rapidfuzz
re-rank of the picker; wall and CPU time: on a shared machine the wall time is mostly waiting for
a core), against the picker before issue 18 measured in the same run: it loaded
every entity once per dialog (``list_entities``), then re-ranked all of them on every key.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench._corpus import corpus_files, write_result  # noqa: E402

CACHE = ROOT / "bench" / ".cache"
QUERIES = ["gpu", "the info", "lop obr", "nvidai", "musk", "banco central", "silva", "rio de jan"]
LABELS = ["PER", "ORG", "LOC", "MISC"]


def build(path: Path, n: int) -> None:
    from workbench.store import Workspace

    rng = random.Random(18)
    words: set[str] = set()
    for f in corpus_files(1500):
        words.update(re.findall(r"\b[A-ZÁÉÍÓÚ][a-záéíóúãõâêôçñà]{2,}\b", f.read_text(encoding="utf-8")))
    vocab = sorted(words)
    names: dict[str, None] = {}
    while len(names) < n:
        names[" ".join(rng.choice(vocab) for _ in range(rng.choice((1, 2, 2, 3))))] = None
    ws = Workspace(path)
    items = [(name, rng.choice(LABELS), []) for name in names]
    for i in range(0, len(items), 20_000):
        with ws.tx():
            ws.create_entities(items[i:i + 20_000])
    # a Zipf-like mention count (the bench sets it directly: these entities have no sources)
    with ws.tx():
        ws.conn.executemany("UPDATE entities SET n_mentions = ?, n_sources = ? WHERE id = ?",
                            [(max(1, int(5000 / (r + 1) ** 0.9)), 1, eid) for r, eid in
                             enumerate(rng.sample(range(1, n + 1), n))])
    ws.close()


def old_ranked(items: list, typed: str) -> list:
    """The picker before issue 18: every entity, re-ranked on every key (same ranking rule)."""
    from workbench.textutil import fold_for_match
    from workbench.tui.screens.picker import rank_items

    return rank_items(fold_for_match(" ".join(typed.split())), items)


def new_key(ws, typed: str) -> tuple[float, float, str]:
    from workbench.tui.screens.picker import PickerDialog
    from workbench.tui.screens.entity_search import entity_candidates

    t0, c0 = time.perf_counter(), time.process_time()
    picker = PickerDialog("bench", fetch=lambda q: entity_candidates(ws, q))
    picker.filter = typed
    ranked = picker.ranked()
    return time.perf_counter() - t0, time.process_time() - c0, ranked[0][1] if ranked else ""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entities", type=int, default=400_000)
    ap.add_argument("--old-keys", type=int, default=3, help="keys to time with the old picker (it is slow)")
    args = ap.parse_args()
    from workbench.store import Workspace
    from workbench.tui.screens.entity_search import entity_item

    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"picker_{args.entities}.db"
    if not path.exists():
        t0 = time.perf_counter()
        build(path, args.entities)
        print(f"built {path.name} in {time.perf_counter() - t0:.0f} s")
    ws = Workspace(path)
    n = ws.entity_count()
    new_times: list[float] = []
    cpu_times: list[float] = []
    per_key: list[tuple[float, str]] = []
    tops: dict[str, str] = {}
    for q in QUERIES:
        for k in range(1, len(q) + 1):
            dt, cpu, top = new_key(ws, q[:k])
            new_times.append(dt)
            cpu_times.append(cpu)
            per_key.append((dt, q[:k]))
        tops[q] = top
    t0 = time.perf_counter()
    items = [entity_item(e) for e in ws.list_entities()] if args.old_keys else []
    load = time.perf_counter() - t0
    old_times = []
    for q in QUERIES[:args.old_keys]:
        t0 = time.perf_counter()
        old_ranked(items, q)
        old_times.append(time.perf_counter() - t0)
    ws.close()
    res = {"entities": n, "keys": len(new_times),
           "new_per_key_ms": {"median": round(statistics.median(new_times) * 1000, 1),
                              "p95": round(sorted(new_times)[int(0.95 * (len(new_times) - 1))] * 1000, 1),
                              "max": round(max(new_times) * 1000, 1)},
           "new_per_key_cpu_ms": {"median": round(statistics.median(cpu_times) * 1000, 1),
                                  "p95": round(sorted(cpu_times)[int(0.95 * (len(cpu_times) - 1))] * 1000, 1),
                                  "max": round(max(cpu_times) * 1000, 1)},
           "load_average": os.getloadavg()[0],
           "slowest_keys_ms": {k: round(dt * 1000, 1) for dt, k in sorted(per_key, reverse=True)[:5]},
           "old_open_s": round(load, 2), "old_per_key_s": [round(x, 2) for x in old_times], "top": tops}
    print(f"{n:,} entities, {len(new_times)} keys: per key median {res['new_per_key_ms']['median']} ms, "
          f"p95 {res['new_per_key_ms']['p95']} ms, max {res['new_per_key_ms']['max']} ms")
    print(f"CPU per key (this process, SQLite included): median {res['new_per_key_cpu_ms']['median']} ms, "
          f"p95 {res['new_per_key_cpu_ms']['p95']} ms, max {res['new_per_key_cpu_ms']['max']} ms; "
          f"load average {res['load_average']:.1f} on {os.cpu_count()} cores")
    print(f"before (same run): opening the picker loaded every entity in {load:.2f} s; "
          f"each key then re-ranked them all: {', '.join(f'{x:.2f} s' for x in old_times)}")
    print("slowest keys (ms):", res["slowest_keys_ms"])
    print("best match after the last key:", tops)
    print("wrote", write_result("tui_picker", res))


if __name__ == "__main__":
    main()
