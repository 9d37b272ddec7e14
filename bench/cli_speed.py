"""Whole-process CLI speed against a bare Python process doing the same SQLite work (issue 17).

    nice .venv/bin/python bench/cli_speed.py [--rounds 3] [--db PATH]

For each of 10 queries, ``workbench search QUERY`` (the installed entry point, a fresh process) is
timed against a bare ``python -c`` process that opens the same file and runs the same FTS5
``MATCH`` (the expression the product builds from the query, so that ``10.000 GPU`` is a valid
query for both), ranked, 20 rows.  The two alternate in a random (seeded) order, so machine noise
hits both alike.  Reported: the median over all runs of each, and their ratio.  Goal: <= 4x.

``workbench sources --json`` and ``workbench claims --json`` are measured the same way against a
bare process that selects the same rows and prints them with ``json.dumps``.

The workspace holds 1,000 articles of the corpus (every fifth of the four languages, inserted with
``insert_source``: no NER) and 300 claims, built once under ``bench/.cache/`` and reused.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench._corpus import corpus_files, write_result  # noqa: E402

CACHE = ROOT / "bench" / ".cache"
WORKBENCH_CMD = [str(Path(sys.executable).with_name("workbench"))]

QUERIES = ["10.000 GPU", "inteligência artificial", '"Lava Jato"', "Trump OR Clinton", "presiden*",
           "musk and nvidia", "e-mail", "corrupção NOT Lula", "governo federal", "elecciones"]

BARE_SEARCH = (
    "import sqlite3,sys\n"
    "c=sqlite3.connect(sys.argv[1])\n"
    "for r in c.execute('SELECT rowid, title FROM sources_fts WHERE sources_fts MATCH ? ORDER BY rank LIMIT 20',"
    "(sys.argv[2],)): print(*r)\n")
BARE_SOURCES = (
    "import sqlite3,sys,json\n"
    "c=sqlite3.connect(sys.argv[1]); c.row_factory=sqlite3.Row\n"
    "print(json.dumps([dict(r) for r in c.execute('SELECT id, title, outlet, lang, chars, sha256, path, added_at"
    " FROM sources ORDER BY id')], ensure_ascii=False, indent=2))\n")
BARE_CLAIMS = (
    "import sqlite3,sys,json\n"
    "c=sqlite3.connect(sys.argv[1]); c.row_factory=sqlite3.Row\n"
    "print(json.dumps([dict(r) for r in c.execute('SELECT id, source_id, start, end, quote, status, note, created,"
    " modified FROM claims ORDER BY created')], ensure_ascii=False, indent=2))\n")


def build(db: Path) -> None:
    from workbench.ingest.clean import clean_text, sha256_text, title_and_outlet
    from workbench.store import Workspace

    if db.exists():
        return
    db.parent.mkdir(parents=True, exist_ok=True)
    tmp = db.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    ws = Workspace(tmp)
    files = corpus_files()[::5][:1000]
    with ws.tx():
        for f in files:
            text = clean_text(f.read_text(encoding="utf-8"))
            if ws.source_by_sha(sha256_text(text)):
                continue
            title, outlet = title_and_outlet(text)
            ws.insert_source(sha256=sha256_text(text), path=str(f), title=title, outlet=outlet,
                             lang=f.parent.name, lang_detected=f.parent.name, text=text)
    rng = random.Random(17)
    ids = [s.id for s in ws.list_sources()]
    for sid in rng.sample(ids, 300):
        text = ws.source_text(sid)
        start = rng.randrange(0, max(1, len(text) - 120))
        ws.add_claim(sid, start, start + 100, tags=[rng.choice(["economia", "politica", "saude"])])
    ws.close()
    tmp.rename(db)


# Python may write its bytecode caches, as it does for a user (this machine's environment sets
# PYTHONDONTWRITEBYTECODE, and then every process compiles every module it imports from source)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV)
    return (time.perf_counter() - t0) * 1000


def ab(cases: list[tuple[list[str], ...]], rounds: int, rng: random.Random) -> list[list[float]]:
    """Each case is one command per variant (product, bare, and maybe the code before); every round
    runs each case's commands back to back in a random order."""
    times: list[list[float]] = [[] for _ in cases[0]]
    for _ in range(rounds):
        for cmds in cases:
            order = list(enumerate(cmds))
            rng.shuffle(order)
            for k, cmd in order:
                times[k].append(timed(cmd))
    return times


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default=str(CACHE / "k1000.db"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--before", default=None,
                    help="also time `python -m workbench` run from this source tree (the code before), interleaved")
    ap.add_argument("--no-bytecode-cache", action="store_true",
                    help="keep PYTHONDONTWRITEBYTECODE: every process compiles what it imports (this machine's default)")
    args = ap.parse_args()
    if args.no_bytecode_cache:
        ENV["PYTHONDONTWRITEBYTECODE"] = "1"
    db = Path(args.db)
    build(db)
    from workbench.store import Workspace

    ws = Workspace(db)
    fts = {q: ws.parse_query(q).fts for q in QUERIES}
    n = ws.source_count()
    ws.close()
    py = sys.executable
    rng = random.Random(2026)
    variants = {"workbench": WORKBENCH_CMD}
    if args.before:
        # the same interpreter, the old package first on the path (an env var would need a shell)
        variants["before"] = [py, "-c", "import sys; sys.path.insert(0, sys.argv.pop(1)); sys.argv[0] = 'workbench';"
                              " from workbench.cli import main; main()", args.before]
    for cmd in variants.values():  # warm the page cache, and write the bytecode caches
        for sub in (["search", "--db", str(db), "x"], ["sources", "--db", str(db)], ["claims", "--db", str(db)],
                    ["--help"]):
            timed([*cmd, *sub])
    timed([py, "-c", "pass"])
    res: dict = {"sources": n, "rounds": args.rounds, "bytecode_cache": not args.no_bytecode_cache}
    cases = {
        "search": [[[*c, "search", "--db", str(db), q] for c in variants.values()]
                   + [[py, "-c", BARE_SEARCH, str(db), fts[q]]] for q in QUERIES],
        "sources --json": [[[*c, "sources", "--json", "--db", str(db)] for c in variants.values()]
                           + [[py, "-c", BARE_SOURCES, str(db)]]] * 5,
        "claims --json": [[[*c, "claims", "--json", "--db", str(db)] for c in variants.values()]
                          + [[py, "-c", BARE_CLAIMS, str(db)]]] * 5,
    }
    for name, items in cases.items():
        times = ab(items, args.rounds, rng)
        bare = statistics.median(times[-1])
        r = {"bare_median_ms": round(bare, 1), "runs": len(times[-1])}
        line = f"{name:15} bare python {bare:6.1f} ms"
        for (label, _), t in zip(variants.items(), times):
            med = statistics.median(t)
            r[f"{label}_median_ms"] = round(med, 1)
            r[f"{label}_ratio"] = round(med / bare, 2)
            line += f"   {label} {med:6.1f} ms = {med / bare:4.2f}x"
        res[name] = r
        print(line + f"   ({r['runs']} runs each, {n} sources)")
    print("wrote", write_result("cli_speed" + ("_no_bytecode_cache" if args.no_bytecode_cache else ""), res))


if __name__ == "__main__":
    main()
