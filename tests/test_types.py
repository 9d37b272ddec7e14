"""The type check: mypy over ``workbench/`` with the settings in pyproject.toml ([tool.mypy]) finds
no error.  Its cache lives in ``tmp/.mypy_cache`` in the checkout, so a second run checks only
what changed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_finds_no_error_in_workbench() -> None:
    pytest.importorskip("mypy", reason="mypy is a dev dependency (uv sync)")
    proc = subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"),
                           "--no-color-output", "--no-error-summary"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    errors = [ln for ln in proc.stdout.splitlines() if ": error:" in ln]
    assert proc.returncode == 0 and not errors, (
        f"mypy found {len(errors)} error(s) in workbench/:\n" + "\n".join(errors or [proc.stdout, proc.stderr]))
