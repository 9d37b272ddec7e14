"""Kill -9 during ingest, and the checks that a workspace is whole afterwards.  Shared by the test
suite and bench/hardening_report.py."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from workbench.evidence.passages import split_passages

from .conftest import SEEDS, cli_cmd, cli_env

NAMES = ["Giorgia Meloni", "Mario Draghi", "Banca d'Italia", "Leonardo", "Roma", "Milano", "Elon Musk",
         "OpenAI", "Pedro Sánchez", "Telefónica", "Lisboa", "António Costa", "Nvidia", "Unione Europea"]


def build_corpus(d: Path, n_generated: int = 40, seed: int = 7) -> Path:
    """The seeds plus generated articles with names in them (so that mentions are written)."""
    d.mkdir(parents=True, exist_ok=True)
    for f in sorted(SEEDS.glob("*.txt")):
        shutil.copy(f, d / f.name)
    rnd = random.Random(seed)
    for i in range(n_generated):
        paras = []
        for _p in range(rnd.randint(2, 6)):
            a, b = rnd.sample(NAMES, 2)
            paras.append(f"Secondo {a}, l'accordo con {b} vale {rnd.randint(2, 900)} milioni di euro. "
                         f"Il ministro ha detto che {rnd.choice(NAMES)} ne discuterà a {rnd.choice(['Roma', 'Milano'])} "
                         f"il {rnd.randint(1, 28)} marzo, ma la notizia numero {i} non è confermata.")
        (d / f"gen_{i:03d}.txt").write_text(f"Notizia {i}\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8")
    return d


def ingest_cmd(db: Path, corpus: Path, lang: str | None) -> list[str]:
    return [*cli_cmd(), "ingest", "-q", "--db", str(db), str(corpus), *(["--lang", lang] if lang else [])]


def _count(db: Path) -> int:
    try:
        c = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.2)
        try:
            return c.execute("SELECT count(*) FROM sources").fetchone()[0]
        finally:
            c.close()
    except sqlite3.Error:
        return 0


def run_and_kill(db: Path, corpus: Path, lang: str | None, *, after: float | None = None,
                 at_sources: int | None = None, timeout: float = 120, group: int | None = None) -> bool:
    """Start an ingest and SIGKILL its whole process group (workers too) either ``after`` seconds or
    as soon as the workspace holds ``at_sources`` sources.  ``group`` sets the files per commit
    (``$WORKBENCH_INGEST_GROUP``; default: the product's).  True if it was still running."""
    env = cli_env()
    if group is not None:
        env["WORKBENCH_INGEST_GROUP"] = str(group)
    p = subprocess.Popen(ingest_cmd(db, corpus, lang), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         env=env, start_new_session=True)
    deadline = time.monotonic() + (after if after is not None else timeout)
    while p.poll() is None and time.monotonic() < deadline:
        if at_sources is not None and db.exists() and _count(db) >= at_sources:
            break
        time.sleep(0.005)
    if p.poll() is not None:
        return False
    os.killpg(p.pid, signal.SIGKILL)
    p.wait()
    return True


def check_whole(db: Path, reference: dict[str, list[tuple[int, int, str]]] | None = None) -> int:
    """Raise AssertionError unless the workspace is consistent.  Returns the number of sources."""
    c = sqlite3.connect(db)
    try:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert not c.execute("PRAGMA foreign_key_check").fetchall()
        tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "sources" not in tables:  # killed before the schema transaction committed
            return 0
        # FTS5 external-content integrity: the index holds exactly the rows of `sources`
        c.execute("INSERT INTO sources_fts(sources_fts, rank) VALUES ('integrity-check', 1)")
        if "passages_fts" in tables:
            c.execute("INSERT INTO passages_fts(passages_fts, rank) VALUES ('integrity-check', 1)")
        rows = c.execute("SELECT id, sha256, text, chars FROM sources").fetchall()
        for sid, sha, text, chars in rows:
            assert chars == len(text)
            ms = c.execute("SELECT start, end, text FROM mentions WHERE source_id = ? ORDER BY start", (sid,)).fetchall()
            for s, e, t in ms:
                assert text[s:e] == t, (sid, s, e, t)
            if reference is not None:
                assert sha in reference, "a source that a clean ingest does not produce"
                assert ms == reference[sha], f"source {sid}: mentions differ from a clean ingest"
            if "passages" in tables:
                # the passage index is built by the first corroboration query, a source at a time:
                # a source has all its passages or none
                n = c.execute("SELECT count(*) FROM passages WHERE source_id = ?", (sid,)).fetchone()[0]
                assert n in (0, len(split_passages(text))), f"source {sid}: {n} passages (half-indexed)"
        for t in tables & {"mentions", "passages", "claims"}:
            orphans = c.execute(f"SELECT count(*) FROM {t} WHERE source_id NOT IN (SELECT id FROM sources)").fetchone()[0]
            assert orphans == 0, t
        fts_rows = c.execute("SELECT count(*) FROM sources_fts").fetchone()[0]
        assert fts_rows == len(rows)
        return len(rows)
    finally:
        c.close()


def reference_mentions(db: Path) -> dict[str, list[tuple[int, int, str]]]:
    c = sqlite3.connect(db)
    try:
        out = {}
        for sid, sha in c.execute("SELECT id, sha256 FROM sources").fetchall():
            out[sha] = c.execute("SELECT start, end, text FROM mentions WHERE source_id = ? ORDER BY start",
                                 (sid,)).fetchall()
        return out
    finally:
        c.close()


def timed_ingest(db: Path, corpus: Path, lang: str | None) -> tuple[float, subprocess.CompletedProcess]:
    t = time.monotonic()
    p = subprocess.run(ingest_cmd(db, corpus, lang), capture_output=True, env=cli_env(), timeout=300)
    return time.monotonic() - t, p
