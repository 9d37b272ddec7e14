"""The scripted day in a real terminal (bench/tui_day.py): seeds, 50 corpus articles, three
claims with corroborations, a merge and an export, all by keys sent through tmux, then checks on
the workspace.  About a minute, so it runs only when asked: ``pytest -m slow`` or
``WORKBENCH_SLOW=1``; it skips without tmux or the corpus."""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def test_a_day_in_tmux(request):
    asked = os.environ.get("WORKBENCH_SLOW") == "1" or "slow" in (request.config.getoption("-m") or "")
    if not asked:
        pytest.skip("a minute of real terminal: run with -m slow or WORKBENCH_SLOW=1")
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    spec = importlib.util.spec_from_file_location("tui_day", ROOT / "bench" / "tui_day.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    if not (mod.CORPUS / "MANIFEST.tsv").exists():
        pytest.skip(f"real corpus not found at {mod.CORPUS}")
    report = mod.run()
    assert report["sources"] == 55 and report["claims"] == 6 and report["annotations"] == 6
