"""Print the hardening closing-note table: inputs tried, crashes survived, concurrent writes
attempted / lost, and what each class of bad input produces, measured now with the real CLI.

    .venv/bin/python bench/hardening_report.py [--kills 20]

It reuses the generators of tests/hardening/ (nothing binary is committed)."""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hardening import test_hostile_files as hf  # noqa: E402
from tests.hardening.conftest import make_workspace, run_cli, run_cli_rss  # noqa: E402
from tests.hardening.crashlib import build_corpus, check_whole, reference_mentions, run_and_kill, timed_ingest  # noqa: E402


def hostile_files(d: Path) -> list[tuple[str, str]]:
    corpus = d / "corpus"
    corpus.mkdir()
    cases = hf._cases()
    for name, (data, _e, _f) in cases.items():
        (corpus / name).write_bytes(data)
    import os

    os.symlink(".", corpus / "loop")
    os.mkfifo(corpus / "pipe.txt")
    os.symlink("/proc/self/mem", corpus / "unreadable.txt")
    with open(os.fsencode(corpus) + b"/bad-\xff-name.txt", "wb") as fh:
        fh.write(b"non-UTF-8 file name\n")
    big = d / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(0)
        chunk = b"texto de relleno " * 65536
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(chunk)
    run, rss = run_cli_rss("ingest", "--db", d / "ws.db", corpus, big, d / "missing.txt")
    out = []
    fails = {}
    for ln in run.err_lines:
        if ln.startswith("failed: "):
            path, msg = ln[len("failed: "):].split(": ", 1)
            fails[path.rsplit("/", 1)[-1]] = msg
    c = sqlite3.connect(d / "ws.db")
    stored = {p.rsplit("/", 1)[-1]: t for p, t in c.execute("SELECT path, text FROM sources")}
    for name, (_data, expected, _f) in cases.items():
        key = name.rsplit("/", 1)[-1]
        if key in fails:
            out.append((name, f"refused: {fails[key]}"))
        elif key in stored:
            ok = "exact" if stored[key] == expected else "DIFFERS"
            out.append((name, f"ingested ({ok})"))
        else:
            out.append((name, "MISSING"))
    for name in ("pipe.txt", "unreadable.txt", "big.txt", "missing.txt"):
        out.append((name, f"refused: {fails.get(name, 'NOT REPORTED')}"))
    out.append(("bad-\\xff-name.txt", "ingested" if "bad-\\xff-name.txt" in stored else "MISSING"))
    out.append(("symlink loop", "followed once, no duplicate" if len(stored) == len(set(stored.values())) else "DUP"))
    out.append(("whole run", f"exit {run.code}, traceback: {'Traceback' in run.err}, peak RSS {rss} MB"))
    return out


def bad_dbs(d: Path) -> list[tuple[str, str]]:
    p = d / "text.db"
    p.write_text("not a db")
    other = d / "other.db"
    c = sqlite3.connect(other)
    c.execute("CREATE TABLE t(x)")
    c.commit()
    c.close()
    newer = d / "newer.db"
    make_workspace(newer)
    c = sqlite3.connect(newer)
    c.execute("PRAGMA user_version = 99")
    c.close()
    rows = []
    for label, target in (("non-SQLite file", p), ("SQLite, not a workspace", other), ("newer schema", newer),
                          ("a folder", d), ("missing folder", d / "no" / "ws.db")):
        r = run_cli("status", "--db", target)
        rows.append((f"--db {label}", " | ".join(r.err_lines) or f"exit {r.code}"))
    ws = d / "ws.db"
    make_workspace(ws)
    for q in ['"', "NEAR(", "col:x", "'; DROP TABLE sources; --", "x" * 5000]:
        r = run_cli("search", q, "--db", ws)
        rows.append((f"search {q[:30]!r}", " | ".join(r.err_lines) or f"{len(r.out.splitlines())} lines"))
    r = run_cli("source", "show", "999999999", "--db", ws)
    rows.append(("unknown source id", " | ".join(r.err_lines)))
    r = run_cli("export", "-o", d / "missing" / "x.json", "--db", ws)
    rows.append(("export to missing folder", " | ".join(r.err_lines)))
    f = d / "trunc.json"
    f.write_text('{"@context": "http://www.w3.org/ns/anno.jsonld", "items": [')
    r = run_cli("import", f, "--db", ws)
    rows.append(("import truncated file", " | ".join(r.err_lines)))
    return rows


def crashes(d: Path, kills: int) -> tuple[int, int, int]:
    corpus = build_corpus(d / "corpus")
    ref_db = d / "ref.db"
    timed_ingest(ref_db, corpus, "it")
    ref = reference_mentions(ref_db)
    n = len(ref)
    survived = attempted = 0
    rnd = random.Random(99)
    db = d / "crash.db"
    for k in range(kills):
        if k % 7 == 0 and db.exists():
            timed_ingest(db, corpus, "it")
            db = d / f"crash-{k}.db"
        group = (1, 3, 8)[k % 3]  # files per commit, so kills also land inside open groups
        killed = (run_and_kill(db, corpus, "it", after=rnd.uniform(0.05, 1.5), group=group) if k % 7 == 0
                  else run_and_kill(db, corpus, "it", at_sources=rnd.randint(1, n - 1), group=group))
        attempted += killed
        try:
            if db.exists():
                check_whole(db, ref)
            survived += killed
        except AssertionError as exc:
            print(f"kill {k}: {exc}", file=sys.stderr)
    timed_ingest(db, corpus, "it")
    complete = check_whole(db, ref) == n
    return attempted, survived, int(complete)


def concurrency(d: Path, per_writer: int = 10) -> tuple[int, int, int]:
    import subprocess

    from tests.hardening.conftest import cli_cmd, cli_env

    db = d / "ws.db"
    make_workspace(db)
    corpus = build_corpus(d / "corpus", n_generated=30)
    ing = subprocess.Popen([*cli_cmd(), "ingest", "-q", "--lang", "it", "--db", str(db), str(corpus)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=cli_env())

    def writer(name):
        ids, locked = [], 0
        for i in range(per_writer):
            r = run_cli("claim", "add", "--source", "1", "--quote", "Gobierno", "--note", f"{name}{i}", "--db", db)
            ids.append(r.out.strip())
            locked += "locked" in r.err.lower()
        return ids, locked

    with ThreadPoolExecutor(2) as pool:
        res = list(pool.map(writer, ["a", "b"]))
    ing.communicate()
    ids = [i for r, _l in res for i in r if i]
    stored = {c["id"] for c in json.loads(run_cli("claims", "--json", "--db", db).out)}
    return 2 * per_writer, len([i for i in ids if i not in stored]) + (2 * per_writer - len(ids)), sum(l for _r, l in res)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--kills", type=int, default=21)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as t:
        t = Path(t)
        for sub in ("files", "dbs", "crash", "conc"):
            (t / sub).mkdir()
        files = hostile_files(t / "files")
        dbs = bad_dbs(t / "dbs")
        attempted, survived, complete = crashes(t / "crash", args.kills)
        writes, lost, locked = concurrency(t / "conc")
    print("| measure | result |\n|---|---|")
    print(f"| hostile inputs tried | {len(files) - 2} files + {len(dbs)} commands |")
    print(f"| kill -9 during ingest | {survived}/{attempted} survived (integrity, FTS, mentions, passages ok); "
          f"re-run completed: {'yes' if complete else 'NO'} |")
    print(f"| concurrent claim writes (2 writers + ingest) | {writes} attempted, {lost} lost, "
          f"{locked} 'locked' messages |")
    print("\n| input | outcome |\n|---|---|")
    for name, outcome in files + dbs:
        print(f"| {name!r} | {outcome} |".replace("\n", "\\n"))


if __name__ == "__main__":
    main()
