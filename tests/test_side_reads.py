"""Reads run beside the caller (store.side): corroboration's lexical retriever runs its FTS5 query
on a second, read-only connection in a worker thread while the dense retriever works.  It must
give what the caller's own connection gives, see the caller's uncommitted writes (it then runs
inline), pass errors on, and close with its workspace."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path

import pytest

from workbench.store import Workspace
from workbench.store import corroboration_reads as reads
from workbench.store import side


def _source(ws: Workspace, text: str) -> int:
    with ws.tx():
        return ws.insert_source(sha256=hashlib.sha256(text.encode()).hexdigest(), path="", title="t", outlet="",
                                lang="es", lang_detected="es", text=text)


def _titles(reader) -> list[str]:
    return [r[0] for r in reader.conn.execute("SELECT title FROM sources ORDER BY id")]


def test_the_side_connection_reads_what_was_committed_in_another_thread(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "w.db")
    _source(ws, "Twitter compró 10.000 GPU.")
    seen: list[str] = []

    def where(reader) -> list[str]:
        seen.append(threading.current_thread().name)
        assert reader is not ws and reader.conn is not ws.conn
        return _titles(reader)

    assert reads.beside(ws, where)() == ["t"]
    assert seen and seen[0].startswith("workbench-side")
    ws.close()


def test_inside_a_transaction_it_runs_inline_and_sees_the_uncommitted_rows(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "w.db")
    with ws.tx():
        ws.insert_source(sha256="a" * 64, path="", title="uncommitted", outlet="", lang="es", lang_detected="es",
                         text="Texto.")
        got = reads.beside(ws, _titles)()
    assert got == ["uncommitted"]
    ws.close()


def test_an_error_in_the_thread_reaches_the_caller(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "w.db")

    def bad(reader) -> None:
        reader.conn.execute("SELECT * FROM no_such_table")

    wait = reads.beside(ws, bad)
    with pytest.raises(sqlite3.OperationalError):
        wait()
    ws.close()


def test_the_side_connection_is_read_only_and_closes_with_its_workspace(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "w.db")
    _source(ws, "Texto.")

    def write(reader) -> None:
        reader.conn.execute("DELETE FROM sources")

    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        reads.beside(ws, write)()
    conn = ws.__dict__["_side"].conn
    ws.close()
    assert "_side" not in ws.__dict__
    with pytest.raises(sqlite3.ProgrammingError):
        conn.execute("SELECT 1")
    # the workspace file is whole, its rows still there
    ws2 = Workspace(tmp_path / "w.db")
    assert ws2.conn.execute("SELECT count(*) FROM sources").fetchone()[0] == 1
    ws2.close()


def test_corroborate_gives_the_same_list_with_the_lexical_step_inline(seeded_ws, monkeypatch) -> None:
    """The overlap changes when the lexical candidates are read, not which: the list, scores and
    reasons are those of the same query run on the caller's connection alone."""
    from workbench.evidence.corroborate import corroborate

    ws = seeded_ws
    src = ws.list_sources()[0]
    text = ws.source_text(src.id)
    start = text.index(".") + 2
    claim = ws.add_claim(src.id, start, start + 120)
    beside = [c.to_dict() for c in corroborate(ws, claim.id, limit=10)]
    assert "_side" in ws.__dict__  # the thread's connection was used
    monkeypatch.setattr(side, "_open", lambda db: None)
    inline = [c.to_dict() for c in corroborate(ws, claim.id, limit=10)]
    assert beside and beside == inline


def test_a_view_equal_to_an_earlier_one_is_searched_once() -> None:
    """A selection that is a whole passage is also that passage's stored vector: one scan of the
    signatures for the two, not two (each view costs a pass over every passage)."""
    import numpy as np

    from workbench.evidence.corroborate import SAME_VIEW, _distinct

    rng = np.random.default_rng(5)
    a, b = rng.standard_normal((2, 512)).astype(np.float32)
    a /= np.linalg.norm(a)
    b /= np.linalg.norm(b)
    near_a = a + 0.01 * b
    near_a /= np.linalg.norm(near_a)
    assert float(near_a @ a) >= SAME_VIEW
    views = np.vstack([a, b, near_a])
    kept = _distinct(views)
    assert len(kept) == 2 and np.array_equal(kept, views[:2])
    assert len(_distinct(views[:2])) == 2
