"""Shared helpers for the hardening suite: run the real CLI, build small workspaces fast."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
VENV_BIN = ROOT / ".venv" / "bin" / "workbench"


def cli_cmd() -> list[str]:
    """The real entry point: the installed console script if present, else ``python -m workbench``."""
    if VENV_BIN.exists():
        return [str(VENV_BIN)]
    return [sys.executable, "-m", "workbench"]


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return [ln for ln in self.err.splitlines() if ln.strip()]


def cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WORKBENCH_", "PYTEST_"))}
    env.update({"PYTHONUNBUFFERED": "1", "COLUMNS": "120", "TERM": "dumb", "NO_COLOR": "1"})
    env.update(extra)
    return env


def run_cli(*args: str | os.PathLike, cwd: str | os.PathLike | None = None, timeout: float = 120,
            env: dict[str, str] | None = None, input: str | None = None) -> Run:
    p = subprocess.run([*cli_cmd(), *map(os.fsencode, args)], cwd=cwd, capture_output=True, timeout=timeout,
                       env=env or cli_env(), input=input.encode() if input is not None else None)
    return Run(p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"))


def assert_one_line_error(r: Run, *, contains: str | None = None, code: int | None = None) -> str:
    """A failed command: non-zero exit, exactly one line on stderr, no traceback."""
    assert "Traceback" not in r.err and "Traceback" not in r.out, r.err
    assert r.code != 0, (r.code, r.out, r.err)
    if code is not None:
        assert r.code == code, (r.code, r.err)
    assert len(r.err_lines) == 1, r.err
    line = r.err_lines[0]
    assert line.startswith("error:"), line
    assert "internal error" not in line, line
    if contains is not None:
        assert contains.lower() in line.lower(), line
    return line


def assert_no_traceback(r: Run) -> None:
    assert "Traceback" not in r.err and "Traceback" not in r.out, r.err
    assert "internal error" not in r.err, r.err


SAMPLE_TEXTS = {
    "es": "El Gobierno de España anunció el martes una inversión de 500 millones de euros en inteligencia "
          "artificial. Pedro Sánchez dijo en Madrid que la medida creará empleo.\n\nLa oposición criticó el plan.",
    "pt": "O governo de Portugal aprovou ontem um pacote de 200 milhões de euros para a inteligência artificial, "
          "disse o ministro em Lisboa.",
    "it": "Il governo italiano ha stanziato 300 milioni di euro per l'intelligenza artificiale, ha detto il "
          "ministro a Roma.",
}


def make_workspace(path: Path, texts: dict[str, str] | None = None) -> list[int]:
    """A workspace with sources inserted through the data layer (no NER: fast).  Returns ids."""
    from workbench.ingest.clean import clean_text, sha256_text, title_and_outlet
    from workbench.store import Workspace

    ids = []
    with Workspace(path) as ws:
        for i, (lang, raw) in enumerate((texts or SAMPLE_TEXTS).items()):
            text = clean_text(raw)
            title, outlet = title_and_outlet(text)
            with ws.tx():
                ids.append(ws.insert_source(sha256=sha256_text(text), path=f"/corpus/{i}-{lang}.txt", title=title,
                                            outlet=outlet, lang=lang if len(lang) == 2 else "und",
                                            lang_detected=lang if len(lang) == 2 else "und", text=text))
    return ids


def have(module: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def cli_has(command: str) -> bool:
    from workbench.cli import main

    return command in main.commands


@pytest.fixture
def ws_path(tmp_path: Path) -> Path:
    p = tmp_path / "ws.db"
    make_workspace(p)
    return p


# Runs the command in a fork of this small process and reports its peak RSS: a child's ru_maxrss
# counts the memory of the process it was forked from (Linux records the parent's high-water mark
# into it at exec), so measured straight from a test worker that had grown to 800 MB by earlier
# tests, every child "peaked" at 800 MB.
_RSS_LAUNCHER = """
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_pid, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as f:
    f.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status) % 256)
"""


def run_cli_rss(*args: str | os.PathLike, cwd=None, timeout: float = 300, env=None) -> tuple[Run, int]:
    """Like :func:`run_cli`, and also the command's peak RSS in MB (from ``wait4`` in a small
    launcher process, see :data:`_RSS_LAUNCHER`)."""
    import signal
    import tempfile
    import threading

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        cmd = [*cli_cmd(), *map(os.fsencode, args)]
        cmd[0] = os.fsencode(shutil.which(os.fsdecode(cmd[0])) or cmd[0])  # execv needs a path
        p = subprocess.Popen([sys.executable, "-c", _RSS_LAUNCHER, rss.name, *cmd], cwd=cwd, stdout=out,
                             stderr=err, stdin=subprocess.DEVNULL, env=env or cli_env(), start_new_session=True)
        timer = threading.Timer(timeout, lambda: os.killpg(p.pid, signal.SIGKILL))
        timer.start()
        try:
            p.wait()
        finally:
            timer.cancel()
        out.seek(0)
        err.seek(0)
        run = Run(p.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))
        kib = int(rss.read() or 0)
    return run, kib // 1024  # Linux reports KiB


def source_rows(db: Path) -> list[dict]:
    import sqlite3

    c = sqlite3.connect(db)
    c.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in c.execute("SELECT id, path, title, text, chars FROM sources ORDER BY id")]
    finally:
        c.close()
