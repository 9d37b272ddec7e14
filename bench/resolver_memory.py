"""Peak memory of ingesting a few articles into a workspace that already holds many entities:
does it grow with the workspace?  The product against a baseline checkout, same run.

    nice .venv/bin/python bench/resolver_memory.py [--entities 0 100000] [--files 20]
    WORKBENCH_BASE=/path/to/other/checkout ...   # the baseline (default: none, product only)

For each size a workspace is built once with that many synthetic entities (two-word names made of
random syllables, two aliases each: the shape of what ingest stores, nothing from the corpus); then,
for each code, a fresh process copies it and ingests the same ``--files`` Portuguese corpus
articles (``ingest_paths(..., workers=1)``: resolution runs in the measured process), and reports
its peak RSS (``ru_maxrss``) and the time taken.  The old resolver reads the whole entity table
into memory at the start of every ingest; the bounded one looks candidates up per file.  Results go
to bench/results/resolver_memory.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import ROOT, corpus_files, write_result  # noqa: E402

CHILD = r"""
import json, resource, shutil, sys, time, warnings
warnings.filterwarnings("ignore")
code, src, db, paths = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
sys.path.insert(0, code)
shutil.copy(src, db)
from workbench.ingest import pipeline
from workbench.store import Workspace
ws = Workspace(db)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
t = time.perf_counter()
report = pipeline.ingest_paths(ws, paths, workers=1)
took = time.perf_counter() - t
ws.close()
print(json.dumps({"rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "rss_before_mb": before,
                  "seconds": took, "added": len(report.added), "failed": len(report.failed)}))
"""


def build(db: Path, n: int, seed: int = 18) -> None:
    sys.path.insert(0, str(ROOT))
    from workbench.store import Workspace

    rng = random.Random(seed)
    syl = "ba be bi bo bu da de di do ka ke ki ko la le li lo ma me mi mo na ne ni no ra re ri ro sa se si so ta te ti to va ve vi".split()

    def word() -> str:
        return "".join(rng.choice(syl) for _ in range(rng.randint(2, 4))).capitalize()

    from workbench.textutil import name_key

    ws = Workspace(db)
    c = ws.conn
    ents, aliases = [], []
    for eid in range(1, n + 1):
        first, last = word(), word()
        ents.append((eid, f"{first} {last}", rng.choice(("PER", "ORG", "LOC", "MISC"))))
        aliases += [(eid, f"{first} {last}", name_key(f"{first} {last}")), (eid, f"{last} {first}", name_key(f"{last} {first}"))]
    with c:  # the way ingest stores them, without the per-alias trigger: the names index is filled once
        c.execute("DROP TRIGGER aliases_names_ai")
        c.executemany("INSERT INTO entities (id, name, label, status, created) VALUES (?, ?, ?, 'proposed', '')", ents)
        c.executemany("INSERT OR IGNORE INTO aliases (entity_id, alias, key) VALUES (?, ?, ?)", aliases)
        c.execute("INSERT INTO entity_names (rowid, names) SELECT entity_id, group_concat(alias, ' | ') FROM aliases"
                  " GROUP BY entity_id")
    ws.close()
    ws = Workspace(db)  # re-creates the trigger if this schema version does that; else restore it:
    if not ws.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'aliases_names_ai'").fetchone():
        with ws.conn:
            ws.conn.execute("""CREATE TRIGGER aliases_names_ai AFTER INSERT ON aliases BEGIN
    DELETE FROM entity_names WHERE rowid = new.entity_id;
    INSERT INTO entity_names (rowid, names)
        SELECT new.entity_id, group_concat(alias, ' | ') FROM aliases WHERE entity_id = new.entity_id;
END""")
    ws.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--entities", type=int, nargs="+", default=[0, 100_000])
    ap.add_argument("--files", type=int, default=20)
    ap.add_argument("--json", default="resolver_memory")
    args = ap.parse_args()
    files = [str(p) for p in corpus_files(langs=("pt",))[: args.files]]
    codes = {"product": str(ROOT)}
    if os.environ.get("WORKBENCH_BASE"):
        codes["baseline"] = os.environ["WORKBENCH_BASE"]
    out: dict = {"files": len(files), "runs": []}
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.entities:
            src = Path(tmp) / f"ws{n}.db"
            build(src, n)
            for name, code in codes.items():
                db = Path(tmp) / f"run-{name}-{n}.db"
                r = subprocess.run([sys.executable, "-c", CHILD, code, str(src), str(db), *files],
                                   capture_output=True, text=True, cwd=tmp)
                if r.returncode:
                    sys.exit(f"{name} at {n}: {r.stderr[-800:]}")
                res = json.loads(r.stdout.strip().splitlines()[-1]) | {"code": name, "entities": n}
                out["runs"].append(res)
                print(f"{name:9} {n:>8,} entities: peak RSS {res['rss_mb']:7.1f} MB, {res['seconds']:6.2f} s, "
                      f"{res['added']} added, {res['failed']} failed")
                db.unlink(missing_ok=True)
                for extra in (Path(str(db) + "-wal"), Path(str(db) + "-shm")):
                    extra.unlink(missing_ok=True)
            src.unlink()
    print("wrote", write_result(args.json, out))


if __name__ == "__main__":
    main()
