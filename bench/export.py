"""Export benchmark: 10,000 claims over the real corpus, in each format, with peak memory, the
product against a baseline version of the code in the same run.

    .venv/bin/python bench/export.py [--claims 10000] [--repeat 3] [--baseline REF]

The baseline is another revision of this repository (default ``cc82de3``, the code before
issue 20), extracted with ``git archive`` into a temporary folder.  Each side builds its own
workspace with the same generator and the same seed (sources inserted directly, no NER; entities
are the corpus's most frequent capitalised words, linked to the claims whose quote contains them;
10 % of the claims linked to an earlier one), so each side reads a workspace of its own schema.
Every measurement runs in a fresh process (``--worker``), old and new interleaved, format by
format: the render time is the best of ``--repeat``; the peak is ``tracemalloc``'s peak during one
render (Python allocations), and the process's max RSS is reported next to it.  The product's
Markdown matrix searches corroboration for the claims it shows: the passage index is built during
set-up so that the figure is the export's own cost.

A second part measures what a *filtered* export costs (the claims of one tag, about a tenth) in
the product, against the whole export: it should cost about a tenth, not the whole workspace.
Writes bench/results/export.json and prints a table.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TAGS = ["economía", "política", "salud", "tecnología", "justicia", "deporte", "clima", "cifras", "citas", "dudoso"]
STATUSES = ["unverified", "supported", "disputed", "false", "unclear"]


# -- building a workspace (runs inside a worker, with either version of the code) ---------------
def build(db: str, n_claims: int, seed: int = 7, index: bool = False) -> dict:
    from bench._corpus import corpus_files
    from workbench.store import Workspace
    from workbench.store.db import utcnow
    from workbench.textutil import context

    ws = Workspace(db)
    sources = []
    with ws.tx():
        for path in corpus_files():
            text = path.read_text(encoding="utf-8")
            if len(text) < 200:
                continue
            sha = hashlib.sha256(text.encode()).hexdigest()
            if ws.source_by_sha(sha):
                continue
            sid = ws.insert_source(sha256=sha, path=f"/home/reporter/corpus/{path.parent.name}/{path.name}",
                                   title=text.split("\n", 1)[0][:200], outlet="", lang=path.parent.name,
                                   lang_detected=path.parent.name, text=text)
            sources.append((sid, text))
    counts = Counter(w for _, t in sources[:1500] for w in re.findall(r"\b[A-ZÁÉÍÓÚ][a-záéíóúñç]{3,}\b", t))
    ents = []
    with ws.tx():
        for i, (word, _) in enumerate(counts.most_common(150)):
            ents.append((ws.create_entity(word, ("PER", "ORG", "LOC", "MISC")[i % 4]), word))
    rnd = random.Random(seed)
    now = utcnow()
    rows, tags, links, ce, mentions = [], [], [], [], []
    for _ in range(n_claims):
        sid, text = rnd.choice(sources)
        s = rnd.randrange(0, len(text) - 60)
        s = text.find(" ", s) + 1 or s
        e = text.find(" ", s + rnd.randint(40, 200))
        e = len(text) if e == -1 else max(e, s + 1)
        cid = str(uuid.UUID(int=rnd.getrandbits(128), version=4))
        pre, suf = context(text, s, e)
        note = "Comprobar con la fuente original." if rnd.random() < 0.2 else ""
        rows.append((cid, sid, s, e, text[s:e], pre, suf, rnd.choice(STATUSES), note, now, now))
        tags += [(cid, t) for t in rnd.sample(TAGS, rnd.randint(0, 2))]
        for eid, name in ents:
            i = text.find(name, s, e)
            if i >= 0:
                ce.append((cid, eid))
                mentions.append((sid, eid, i, i + len(name), name, "rule"))
        if len(rows) > 1 and rnd.random() < 0.1:
            links.append((cid, rnd.choice(rows[:-1])[0], rnd.choice(["corroborates", "contradicts"]), now))
    with ws.tx() as c:
        c.executemany("INSERT INTO claims (id, source_id, start, end, quote, prefix, suffix, status, note, created,"
                      " modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        c.executemany("INSERT OR IGNORE INTO tags (name) VALUES (?)", [(t,) for t in TAGS])
        c.executemany("INSERT OR IGNORE INTO claim_tags (claim_id, tag_id) SELECT ?, id FROM tags WHERE name = ?", tags)
        c.executemany("INSERT OR IGNORE INTO claim_entities (claim_id, entity_id) VALUES (?, ?)", ce)
        c.executemany("INSERT OR IGNORE INTO mentions (source_id, entity_id, start, end, text, origin)"
                      " VALUES (?, ?, ?, ?, ?, ?)", mentions)
        c.executemany("INSERT OR IGNORE INTO claim_links (from_claim, to_claim, relation, created)"
                      " VALUES (?, ?, ?, ?)", links)
    if index:
        from workbench.evidence.corroborate import ensure_index

        ensure_index(ws)
    out = {"sources": len(sources), "claims": len(rows), "links": len(links), "entities": len(ents)}
    ws.close()
    return out


def measure(db: str, fmt: str, repeat: int, tag: str | None) -> dict:
    import resource
    import tracemalloc

    from workbench.evidence import export as ex
    from workbench.store import Workspace

    ws = Workspace(db)
    if tag is not None:
        from workbench.evidence.bundle import ExportFilter

        run = lambda: ex.render(ws, fmt, ExportFilter(tags=[tag]))  # noqa: E731
    else:
        run = lambda: ex.render(ws, fmt)  # noqa: E731
    best, size = float("inf"), 0
    for _ in range(repeat):
        t = time.perf_counter()
        text = run()
        best = min(best, time.perf_counter() - t)
        size = len(text.encode())
        del text
    tracemalloc.start()
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    ws.close()
    return {"seconds": round(best, 3), "bytes": size, "peak_mb": round(peak / 1e6, 1),
            "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3, 1)}


# -- the driver -------------------------------------------------------------------------------------
def _worker(code: Path, *args: str) -> dict:
    from bench._corpus import corpus_root

    env = {**os.environ, "PYTHONPATH": str(code), "WORKBENCH_AUTHOR": "bench", "WORKBENCH_CONFIG": os.devnull,
           "WORKBENCH_CORPUS": str(corpus_root())}
    r = subprocess.run(["nice", sys.executable, str(Path(__file__).resolve()), "--worker", str(code), *args],
                       capture_output=True, text=True, env=env, cwd=code)
    if r.returncode != 0:
        raise SystemExit(f"worker failed ({' '.join(args)}): {r.stderr.strip().splitlines()[-1:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def _extract(ref: str, into: Path) -> Path:
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    shutil.copytree(ROOT / "bench", into / "bench", dirs_exist_ok=True)  # this generator on both sides
    return into


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--baseline", default="cc82de3")
    ap.add_argument("--worker", nargs="+", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        code, job, *rest = args.worker
        sys.path.insert(0, code)
        if job == "build":
            print(json.dumps(build(rest[0], int(rest[1]), index=rest[2] == "1")))
        else:
            print(json.dumps(measure(rest[0], rest[1], int(rest[2]), rest[3] if len(rest) > 3 else None)))
        return
    from bench._corpus import corpus_dir, write_result

    corpus_dir()
    tmp = Path(tempfile.mkdtemp(prefix="wb-bench-export-"))
    try:
        base = _extract(args.baseline, tmp / "baseline")
        sides = {"baseline": (base, str(tmp / "base.db")), "product": (ROOT, str(tmp / "new.db"))}
        t0 = time.perf_counter()
        info = {name: _worker(code, "build", db, str(args.claims), "1" if name == "product" else "0")
                for name, (code, db) in sides.items()}
        setup = round(time.perf_counter() - t0, 1)
        results: dict[str, dict] = {}
        for fmt in ("json", "md", "ftm", "claimreview"):
            for name, (code, db) in sides.items():  # interleaved: old, new, format by format
                if fmt == "claimreview" and name == "baseline":
                    continue
                results[f"{fmt} {name}"] = _worker(code, "measure", db, fmt, str(args.repeat))
        for fmt in ("json", "md"):
            code, db = sides["product"]
            results[f"{fmt} product, one tag"] = _worker(code, "measure", db, fmt, str(args.repeat), "cifras")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    data = {"claims": args.claims, "baseline": args.baseline, "workspace": info["product"], "setup_seconds": setup,
            "repeat": args.repeat, "results": results}
    out = write_result("export", data)
    w = info["product"]
    print(f"{w['claims']} claims over {w['sources']} sources, {w['entities']} entities, {w['links']} links "
          f"(set-up {setup} s; best of {args.repeat}; baseline = {args.baseline})")
    print(f"{'export':<28} {'seconds':>8} {'MB out':>8} {'peak MB':>8} {'max RSS':>8}")
    for name, r in results.items():
        print(f"{name:<28} {r['seconds']:>8.3f} {r['bytes'] / 1e6:>8.1f} {r['peak_mb']:>8.1f} {r['max_rss_mb']:>8.1f}")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
