"""``--db`` at things that are not a usable workspace: one clear line each, and the file untouched."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from .conftest import assert_no_traceback, assert_one_line_error, make_workspace, run_cli


def _digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _sqlite_other(p: Path) -> None:
    c = sqlite3.connect(p)
    c.execute("CREATE TABLE notes (x)")
    c.execute("INSERT INTO notes VALUES ('mine')")
    c.commit()
    c.close()


def _newer(p: Path) -> None:
    make_workspace(p)
    c = sqlite3.connect(p)
    c.execute("PRAGMA journal_mode = DELETE")
    c.execute("PRAGMA user_version = 999")
    c.close()


CASES = {
    "text file": (lambda p: p.write_text("hello, I am not a database\n"), "not an SQLite database"),
    "random bytes": (lambda p: p.write_bytes(bytes(range(256)) * 8), "not an SQLite database"),
    "truncated sqlite": (lambda p: p.write_bytes(b"SQLite format 3\x00" + b"\x10\x00" + b"\x00" * 30),
                         "workspace"),
    "other sqlite": (_sqlite_other, "not a workbench workspace"),
    "newer schema": (_newer, "newer workbench"),
}


@pytest.mark.parametrize("kind", list(CASES))
@pytest.mark.parametrize("command", [["status"], ["search", "gobierno"], ["ingest", "__seed__"]])
def test_bad_db(tmp_path, kind, command):
    make, expected = CASES[kind]
    db = tmp_path / "target.db"
    make(db)
    before = _digest(db)
    seed = tmp_path / "a.txt"
    seed.write_text("Un texto corto para ingerir.\n", encoding="utf-8")
    args = [str(seed) if a == "__seed__" else a for a in command]
    r = run_cli(*args, "--db", db)
    assert_one_line_error(r, contains=expected)
    assert _digest(db) == before, "the file was modified"
    assert sorted(x.name for x in tmp_path.iterdir()) == ["a.txt", "target.db"]  # no -wal / -shm left


def test_folder_as_db(tmp_path):
    r = run_cli("status", "--db", tmp_path)
    assert_one_line_error(r, contains="directory")


def test_db_in_missing_folder(tmp_path):
    r = run_cli("status", "--db", tmp_path / "no" / "such" / "ws.db")
    assert_one_line_error(r, contains="does not exist")
    assert not (tmp_path / "no").exists()


def test_empty_file_becomes_workspace(tmp_path):
    """A zero-byte file is a valid empty SQLite database: it is made a workspace."""
    db = tmp_path / "ws.db"
    db.touch()
    r = run_cli("status", "--db", db)
    assert r.code == 0 and "0 sources" in r.out
    assert_no_traceback(r)


@pytest.fixture(params=["ro.db", "odd #1?%/ro.db"])  # a read-only file is opened by URI: these need escaping
def immutable(tmp_path, request):
    """A workspace root cannot write to: ``chattr +i`` (tests run as root, so chmod does not stop it)."""
    db = tmp_path / request.param
    db.parent.mkdir(exist_ok=True)
    make_workspace(db)
    c = sqlite3.connect(db)
    c.execute("PRAGMA journal_mode = DELETE")  # no -wal needed to read it
    c.close()
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", db], capture_output=True).returncode:
        pytest.skip("cannot make a read-only file here (chattr +i unsupported); root ignores chmod")
    yield db
    subprocess.run(["chattr", "-i", db], capture_output=True)


def test_read_only_workspace(immutable, tmp_path):
    db = immutable
    before = _digest(db)
    r = run_cli("status", "--db", db)
    assert r.code == 0 and "3 sources" in r.out, r.err
    r = run_cli("search", "gobierno", "--db", db)
    assert r.code == 0 and "Gobierno" in r.out, r.err
    f = tmp_path / "a.txt"
    f.write_text("Un texto nuevo.\n", encoding="utf-8")
    assert_one_line_error(run_cli("ingest", f, "--db", db), contains="read-only")
    assert_one_line_error(run_cli("source", "lang", "1", "pt", "--db", db), contains="read-only")
    assert _digest(db) == before


def test_unknown_ids(ws_path):
    assert_one_line_error(run_cli("source", "show", "999999", "--db", ws_path), contains="no source")
    assert_one_line_error(run_cli("source", "show", "-5", "--db", ws_path))
    assert_one_line_error(run_cli("source", "show", "abc", "--db", ws_path), code=2)
    assert_one_line_error(run_cli("source", "show", "99999999999999999999999", "--db", ws_path))
    assert_one_line_error(run_cli("entity", "show", "nobody-at-all", "--db", ws_path))
    assert_one_line_error(run_cli("source", "lang", "1", "klingon!", "--db", ws_path))


def test_usage_errors_are_one_line(ws_path):
    assert_one_line_error(run_cli("no-such-command", "--db", ws_path), code=2)
    assert_one_line_error(run_cli("--no-such-option"), code=2)
    assert_one_line_error(run_cli("search", "--db", ws_path), contains="missing argument", code=2)
