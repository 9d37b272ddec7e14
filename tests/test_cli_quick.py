"""``workbench search`` answered without click (workbench/cli/quick.py) prints exactly what the
click command prints, and leaves to it every case it does not take."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from workbench.cli.quick import parse_args

CLICK = "import sys; sys.argv[0] = 'workbench'; from workbench.cli.base import main; main()"
QUICK = "import sys; sys.argv[0] = 'workbench'; from workbench.cli import run; run()"


def _run(code: str, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    r = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120,
                       env={**os.environ, **(env or {})})
    return r.returncode, r.stdout, r.stderr


@pytest.mark.parametrize("args", [
    ["Musk"], ["10.000 GPU", "--json"], ["--json", "-n", "2", "inteligencia artificial"], ["--limit=1", "Twitter"],
    ["-a", "Babushkin"], ["Babuschkim"], ["Babuschkim", "--json"], ["zzzzqqqq", "--json"], ["Babushkin~", "--json"],
    ["Musk AND"], ['"carta ab'], ["--limit", "0", "Musk"], ["-n3", "Musk"], ["--help"], ["Musk", "Twitter"],
])
def test_quick_search_prints_what_the_click_command_prints(seeded_db, args):
    quick = _run(QUICK, "search", "--db", str(seeded_db), *args)
    assert quick == _run(CLICK, "search", "--db", str(seeded_db), *args)
    assert "Traceback" not in quick[2]


def test_quick_search_reads_workbench_db_and_leaves_odd_files_to_click(seeded_db, tmp_path):
    env = {"WORKBENCH_DB": str(seeded_db)}
    assert _run(QUICK, "search", "Musk", "--json", env=env) == _run(CLICK, "search", "Musk", "--json", env=env)
    other = tmp_path / "other.db"
    other.write_bytes(b"not a database at all" * 100)
    quick = _run(QUICK, "search", "--db", str(other), "Musk")
    assert quick == _run(CLICK, "search", "--db", str(other), "Musk")
    assert quick[0] == 1 and quick[2].count("\n") == 1 and "not a workspace" in quick[2]


def test_parse_args_takes_only_plain_spellings():
    assert parse_args(["Musk"]) == {"aliases": False, "as_json": False, "limit": 20, "db": None, "query": "Musk"}
    assert parse_args(["--db=x.db", "-a", "--json", "-n", "5", "q"]) == {
        "aliases": True, "as_json": True, "limit": 5, "db": "x.db", "query": "q"}
    for argv in ([], ["a", "b"], ["--limit", "0", "q"], ["--limit", "x", "q"], ["-n"], ["--", "q"], ["-h"],
                 ["--color", "q"], ["-an", "3", "q"], ["--json=1", "q"]):
        assert parse_args(argv) is None, argv
