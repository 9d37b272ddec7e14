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


RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\u200b")
HOSTILE = "x\x1b]2;PWNED\x07\x1b]52;c;ZXZpbA==\x07\x1b[2J\x1b[8m\x9b31m\u202eeslaf\u200b"


def _raw_free(*texts: str) -> bool:
    return not any(ch in t for t in texts for ch in RAW)


def _one_line(r) -> bool:
    return r.code != 0 and len(r.err_lines) == 1 and r.err_lines[0].startswith("error:") and \
        "internal error" not in r.err and "Traceback" not in r.err


def round_two(d: Path) -> list[tuple[str, int, int]]:
    """Issue 12's classes, measured with the real CLI: (class, tries, held)."""
    rows: list[tuple[str, int, int]] = []
    ws = d / "ws.db"
    make_workspace(ws)
    cid = run_cli("claim", "add", "--source", "1", "--quote", "Pedro Sánchez", "--db", ws).out.strip()
    ev = d / "ev.json"
    run_cli("export", "-o", ev, "--db", ws)
    base = json.loads(ev.read_text(encoding="utf-8"))

    # 1. escape codes through an evidence file's orphaned annotation
    tries = held = 0
    for k, exact in enumerate(["Q\x1b]2;PWNED\x1b\\\x1b[2J", "\x1b]52;c;ZXZpbA==\x07x", "a\x9b2Jb\u202e",
                               "\x1b[8mhidden", "\x1bc reset"]):
        doc = json.loads(json.dumps(base))
        a = doc["first"]["items"][0]
        a.update(orphaned=True, id=f"urn:uuid:11111111-2222-4333-8444-{k:012d}")
        a["target"]["selector"][0]["exact"] = exact
        a["target"]["selector"][1]["end"] = a["target"]["selector"][1]["start"] + len(exact)
        f = d / f"evil{k}.json"
        f.write_text(json.dumps(doc), encoding="utf-8")
        run_cli("import", f, "--db", ws)
        for args in (("claims",), ("claim", "show", f"11111111-2222-4333-8444-{k:012d}"), ("export", "--format", "md")):
            r = run_cli(*args, "--db", ws)
            tries += 1
            held += r.code == 0 and _raw_free(r.out, r.err)
    rows.append(("escape codes from an evidence file (orphans)", tries, held))

    # 2. hostile names, tags, notes and paths, in every place that shows them
    folder = d / "hostile"
    folder.mkdir()
    (folder / f"e{HOSTILE}.txt").write_text(f"{HOSTILE}\n\nEl ministro Pedro Sánchez habló en Madrid.\n",
                                           encoding="utf-8")
    (folder / f"f{HOSTILE}.txt").write_text("", encoding="utf-8")
    hw = d / "hostile.db"
    runs = [run_cli("ingest", folder, "--db", hw)]
    hid = run_cli("claim", "add", "--source", "1", "--quote", "Pedro Sánchez", "--tag", f"t{HOSTILE}", "--note",
                  f"n{HOSTILE}", "--db", hw).out.strip()
    runs.append(run_cli("entity", "add", f"Ana{HOSTILE}", "--db", hw))
    for args in (("status",), ("sources",), ("search", "Madrid"), ("entities",), ("claims",), ("claim", "show", hid),
                 ("tags",), ("log",), ("export", "--format", "md"), ("export", "--format", "ftm"),
                 ("export", "--format", "json"), ("claims", "--json"), ("ingest", folder)):
        runs.append(run_cli(*args, "--db", hw))
    rows.append(("hostile paths / titles / tags / names / notes shown", len(runs),
                 sum(_raw_free(r.out, r.err) and "Traceback" not in r.err for r in runs)))

    # 5. export onto the workspace, its -wal / -shm, a symlink or hard link to it, a folder
    (d / "link.json").symlink_to(ws)
    import os

    os.link(ws, d / "hard.json")
    (d / "dir").mkdir()
    before = ws.read_bytes()
    targets = [ws, f"{ws}-wal", f"{ws}-shm", d / "link.json", d / "hard.json", d / "dir"]
    held = sum(_one_line(run_cli("export", "--format", fmt, "-o", t, "--db", ws)) for t in targets for fmt in ("json", "md"))
    held_ws = ws.read_bytes() == before
    rows.append(("export onto the workspace (or a link to it, a folder)", 2 * len(targets), held if held_ws else 0))

    # 9 + 13 + 18. evidence files that plant, nest or loosen
    cases = []
    doc = json.loads(json.dumps(base))
    doc["entities"] = [{"id": "urn:workbench:entity:900", "entity_id": 900, "name": "de", "label": "ORG",
                        "status": "confirmed", "aliases": ["la", "el", "que"]}]
    doc["first"]["items"][0]["body"].append({"type": "SpecificResource", "purpose": "identifying",
                                             "source": "urn:workbench:entity:900"})
    doc["first"]["items"][0]["modified"] = "2999-01-01T00:00:00.000Z"
    f = d / "plant.json"
    f.write_text(json.dumps(doc), encoding="utf-8")
    run_cli("import", f, "--db", ws)
    c = sqlite3.connect(ws)
    planted = c.execute("SELECT count(*) FROM entities WHERE name = 'de' AND status = 'confirmed'").fetchone()[0]
    c.close()
    tries, held = 1, int(planted == 0)
    for name in ("\u200b", "\u3164", " \u202e "):
        doc["entities"][0]["name"] = name
        f.write_text(json.dumps(doc), encoding="utf-8")
        tries += 1
        held += _one_line(run_cli("import", f, "--db", ws))
    rows.append(("evidence file plants a confirmed / invisible entity", tries, held))
    loose = [lambda x: x.update(version=True), lambda x: x["first"]["items"][0].update(orphaned="no"),
             lambda x: x["first"]["items"][0].update(body=5),
             lambda x: x["first"]["items"].append(dict(x["first"]["items"][0])),
             lambda x: x["first"]["items"][0]["body"].append({"type": "SpecificResource", "purpose": "linking",
                                                            "source": x["first"]["items"][0]["id"],
                                                            "relation": "corroborates"})]
    tries = held = 0
    for mutate in loose:
        doc = json.loads(json.dumps(base))
        mutate(doc)
        f.write_text(json.dumps(doc), encoding="utf-8")
        tries += 1
        held += _one_line(run_cli("import", f, "--db", ws))
    for text in ('{"a": ' + "[" * 50_000 + "]" * 50_000 + "}", '{"version": ' + "9" * 5000 + "}"):
        f.write_text(text, encoding="utf-8")
        tries += 1
        held += _one_line(run_cli("import", f, "--db", ws))
    rows.append(("loose / deep / huge-number evidence files", tries, held))

    # 16. claim id prefixes as LIKE patterns
    tries = held = 0
    for ref in ("%%%%", "____", "%", "ab"):
        run_cli("claim", "delete", ref, "--db", ws)
        tries += 1
        held += run_cli("claim", "show", cid, "--db", ws).code == 0
    rows.append(("claim id prefix patterns (%%%%, ____)", tries, held))

    # 12. damaged workspaces: each write refused in one line naming the damage
    import random as _random

    good = d / "good.db"
    make_workspace(good)
    sqlite3.connect(good).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
    data = good.read_bytes()
    tries = held = 0
    for k in range(6):
        rnd = _random.Random(k)
        b = bytearray(data)
        if k % 3 == 0:
            p = rnd.randrange(2, len(b) // 4096)
            b[p * 4096:(p + 1) * 4096] = bytes(rnd.randrange(256) for _ in range(4096))
        elif k % 3 == 1:
            for _ in range(64):
                i = rnd.randrange(100, len(b))
                b[i] ^= 1 << rnd.randrange(8)
        else:
            b[len(b) // 2:] = bytes(len(b) - len(b) // 2)
        bad = d / f"bad{k}.db"
        bad.write_bytes(bytes(b))
        for args in (("claim", "add", "--source", "1", "--quote", "Pedro"), ("search", "Madrid")):
            r = run_cli(*args, "--db", bad)
            tries += 1
            # held: told it is damaged in one line, or (a read that never touched the damage) a normal answer
            held += (_one_line(r) and "damaged" in r.err) or (args[0] == "search" and r.code == 0)
    rows.append(("damaged workspace (a page, 64 bits, half zeroed)", tries, held))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--kills", type=int, default=21)
    ap.add_argument("--round-two", action="store_true", help="only the round-two classes (quick)")
    args = ap.parse_args()
    if args.round_two:
        with tempfile.TemporaryDirectory() as t:
            print("| round two class (issue 12) | tries | held | lost |\n|---|---|---|---|")
            for name, tries, held in round_two(Path(t)):
                print(f"| {name} | {tries} | {held} | {tries - held} |")
        return
    with tempfile.TemporaryDirectory() as t:
        t = Path(t)
        for sub in ("files", "dbs", "crash", "conc"):
            (t / sub).mkdir()
        files = hostile_files(t / "files")
        dbs = bad_dbs(t / "dbs")
        attempted, survived, complete = crashes(t / "crash", args.kills)
        writes, lost, locked = concurrency(t / "conc")
        (t / "round2").mkdir()
        round2 = round_two(t / "round2")
    print("| measure | result |\n|---|---|")
    print(f"| hostile inputs tried | {len(files) - 2} files + {len(dbs)} commands |")
    print(f"| kill -9 during ingest | {survived}/{attempted} survived (integrity, FTS, mentions, passages ok); "
          f"re-run completed: {'yes' if complete else 'NO'} |")
    print(f"| concurrent claim writes (2 writers + ingest) | {writes} attempted, {lost} lost, "
          f"{locked} 'locked' messages |")
    print("\n| round two class (issue 12) | tries | held | lost |\n|---|---|---|---|")
    for name, tries, held in round2:
        print(f"| {name} | {tries} | {held} | {tries - held} |")
    print("\n| input | outcome |\n|---|---|")
    for name, outcome in files + dbs:
        print(f"| {name!r} | {outcome} |".replace("\n", "\\n"))


if __name__ == "__main__":
    main()
