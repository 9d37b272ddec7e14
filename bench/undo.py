"""Undo / redo on a large workspace: the time of one undo and one redo of a claim edit, against the
number of sources, entities and claims the workspace holds.

    .venv/bin/python bench/undo.py [--sizes 2000,20000] [--repeat 15]
    WORKBENCH_CODE=/path/to/other/checkout .venv/bin/python bench/undo.py   # the same, on other code

An undo restores the rows one action changed; what it costs should not grow with the workspace.
(Before issue 18's fix, each undo and redo read every source, entity and claim id to check that what
it restored still referred to live rows.)  The workspace is built by direct inserts (no NER, no
ingest): short sources, one entity and one mention per source, one claim per source.  Prints one
line per size: the median of ``--repeat`` undo and redo timings, and the code measured.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
if os.environ.get("WORKBENCH_CODE"):  # the baseline: another checkout's ``workbench`` package, this harness
    sys.path.insert(0, os.environ["WORKBENCH_CODE"])

from workbench.store import Workspace  # noqa: E402


def build(path: Path, n: int) -> str:
    """A workspace of ``n`` sources, entities, mentions and claims; returns the id of one claim."""
    ws = Workspace(path)
    with ws.tx():
        for i in range(n):
            text = f"Artículo {i}: Twitter {i} compró unas {i} GPU según la prensa."
            sid = ws.insert_source(sha256=hashlib.sha256(text.encode()).hexdigest(), path=f"s{i}.txt",
                                   title=f"s{i}", outlet="", lang="es", lang_detected="es", text=text)
            eid = ws.create_entity(f"Twitter {i}", "ORG")
            ws.add_mentions(sid, [(eid, text.index("Twitter"), text.index("Twitter") + len(f"Twitter {i}"),
                                   f"Twitter {i}", "model")])
            ws.put_claim(f"{i:08d}-0000-4000-8000-000000000000", sid, 0, 10, quote=text[:10], prefix="",
                         suffix=text[10:42], status="unverified", note="", orphaned=False, created="2026-01-01",
                         modified="2026-01-01", tags=[], entity_ids=[eid])
    ws.close()
    return f"{n // 2:08d}-0000-4000-8000-000000000000"


def measure(path: Path, claim_id: str, repeat: int) -> tuple[float, float]:
    ws = Workspace(path)
    ws.update_claim(claim_id, note="checked", add_tags=["gpu"])
    undos, redos = [], []
    for _ in range(repeat):
        t = time.perf_counter()
        ws.undo()
        undos.append(time.perf_counter() - t)
        t = time.perf_counter()
        ws.redo()
        redos.append(time.perf_counter() - t)
    ws.close()
    return statistics.median(undos) * 1000, statistics.median(redos) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="2000,20000", help="workspace sizes (sources), comma-separated")
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args()
    import workbench

    code = str(Path(workbench.__file__).resolve().parents[1])
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(x) for x in args.sizes.split(",")):
            path = Path(tmp) / f"ws{n}.db"
            claim = build(path, n)
            undo_ms, redo_ms = measure(path, claim, args.repeat)
            print(f"{n:>7} sources  undo {undo_ms:7.2f} ms  redo {redo_ms:7.2f} ms  (median of {args.repeat}; "
                  f"code {code})", flush=True)


if __name__ == "__main__":
    main()
