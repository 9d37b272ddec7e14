"""Two CLI writers adding claims in a loop while an ingest runs: no lost write, no "locked"."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from concurrent.futures import ThreadPoolExecutor

from .conftest import cli_cmd, cli_env, make_workspace, run_cli
from .crashlib import build_corpus

PER_WRITER = 10


def _writer(db, name: str) -> list[tuple[int, str, str]]:
    out = []
    for i in range(PER_WRITER):
        r = run_cli("claim", "add", "--source", "1", "--quote", "Gobierno de España", "--tag", name,
                    "--note", f"{name}-{i}", "--db", db)
        out.append((r.code, r.out.strip(), r.err))
    return out


def test_two_writers_and_an_ingest(tmp_path):
    db = tmp_path / "ws.db"
    make_workspace(db)
    corpus = build_corpus(tmp_path / "corpus", n_generated=30)
    ingest = subprocess.Popen([*cli_cmd(), "ingest", "-q", "--lang", "it", "--db", str(db), str(corpus)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=cli_env())
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda n: _writer(db, n), ["alpha", "beta"]))
    out, err = ingest.communicate(timeout=300)
    assert ingest.returncode == 0, err.decode()
    for res in results:
        for code, cid, err_text in res:
            assert code == 0, err_text
            assert "locked" not in err_text.lower() and "busy" not in err_text.lower()
            assert len(cid) == 36
    ids = {cid for res in results for _c, cid, _e in res}
    assert len(ids) == 2 * PER_WRITER
    r = run_cli("claims", "--json", "--db", db)
    assert r.code == 0, r.err
    stored = {c["id"]: c for c in json.loads(r.out)}
    assert ids <= set(stored), "lost writes"
    notes = sorted(stored[i]["note"] for i in ids)
    assert notes == sorted(f"{n}-{i}" for n in ("alpha", "beta") for i in range(PER_WRITER))
    c = sqlite3.connect(db)
    assert c.execute("SELECT count(*) FROM sources").fetchone()[0] == 3 + 35
    assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # every claim add is in the undo log too
    assert c.execute("SELECT count(*) FROM log WHERE action = 'claim.add'").fetchone()[0] == 2 * PER_WRITER


def test_a_second_connection_in_this_process_does_not_expose_the_wal(tmp_path):
    """The TUI opens one connection per worker thread.  Opening one must not drop this process's
    locks on the file (a plain open()/close() of it does, on POSIX): another process closing its
    connection would then take itself for the last one, checkpoint, and delete the WAL under this
    process's connections, and their later commits were lost."""
    import hashlib
    import sys

    from workbench.store import Workspace

    db = tmp_path / "w.db"
    ws = Workspace(db)

    def add(i: int) -> None:
        text = f"source {i}"
        with ws.tx():
            ws.insert_source(sha256=hashlib.sha256(text.encode()).hexdigest(), path=f"{i}.txt", title=text,
                             outlet="", lang="en", lang_detected="en", text=text)

    other = f"import sqlite3; c = sqlite3.connect({str(db)!r}); c.execute('SELECT count(*) FROM sources'); c.close()"
    for i in range(20):
        add(i)
        if i == 5:
            Workspace(db).close()  # what a TUI worker thread does
        subprocess.run([sys.executable, "-c", other], check=True)
        assert (tmp_path / "w.db-wal").exists(), f"the WAL was deleted under an open connection (after {i})"
    ws.close()
    assert sqlite3.connect(db).execute("SELECT count(*) FROM sources").fetchone()[0] == 20
