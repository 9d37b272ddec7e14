"""The layers the README promises, enforced: import-linter checks the contracts in pyproject.toml
(``[tool.importlinter]``) against every import in ``workbench/``, function-level ones included."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_layer_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    r = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]
    assert f"{len(contracts)} kept, 0 broken" in r.stdout, r.stdout[-2000:]


def test_no_sql_outside_the_store() -> None:
    """Only ``workbench/store`` talks to SQLite: no other layer calls ``execute`` or holds SQL text
    (the evidence, ingest, TUI and CLI code pass the workspace, or its connection, to store functions)."""
    import re

    sql = re.compile(r"""\.execute(many|script)?\(|["'](SELECT|INSERT|UPDATE|DELETE|CREATE|PRAGMA)\s""")
    offenders = []
    for path in sorted((ROOT / "workbench").rglob("*.py")):
        rel = path.relative_to(ROOT / "workbench").as_posix()
        if rel.startswith("store/"):
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if sql.search(line):
                offenders.append(f"{rel}:{n}: {line.strip()}")
    assert not offenders, "SQL outside workbench/store:\n" + "\n".join(offenders)


def test_modules_and_functions_stay_small() -> None:
    """No module over 450 lines and no function over 60, except a hot loop inlined on purpose, whose
    docstring says so (it names the measurement: "inlined" and "bench/")."""
    import ast

    offenders = []
    for path in sorted((ROOT / "workbench").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        source = path.read_text(encoding="utf-8")
        if len(source.splitlines()) > 450:
            offenders.append(f"{rel}: {len(source.splitlines())} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                doc = ast.get_docstring(node) or ""
                if length > 60 and not ("inlined" in doc and "bench/" in doc):
                    offenders.append(f"{rel}:{node.lineno}: {node.name}() is {length} lines")
    assert not offenders, "\n".join(offenders)
