"""Issue 12, item 2: a file name with escape codes, ingested from the TUI, reaches no notification
(nor the status line) raw: every value shown goes through ``textutil.display``."""

from __future__ import annotations

import pytest

from workbench.tui.screens.ingest import IngestScreen

pytestmark = pytest.mark.anyio

HOSTILE = "\x1b]2;PWNED\x07\x1b]52;c;ZXZpbA==\x07\x1b[2J\u202eeslaf"


async def test_ingest_notifications_show_hostile_names_inertly(empty_ws, make_app, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / f"e{HOSTILE}.txt").write_text("", encoding="utf-8")  # fails: its name is in a notification
    (folder / "a.txt").write_text("A headline about Acme\n\nAcme Corp said on Monday that it bought Widget Ltd.\n",
                                  encoding="utf-8")
    app = make_app(empty_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, IngestScreen)
        await pilot.press("ctrl+u", *str(folder), "enter")
        for _ in range(150):
            await pilot.pause(0.1)
            if not isinstance(app.screen, IngestScreen) and app._notifications:
                break
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = [(n.title, n.message) for n in app._notifications]
        app.notify(f"direct {HOSTILE}", title=f"t{HOSTILE}")  # any caller, any value
        shown += [(n.title, n.message) for n in app._notifications]
    text = " ".join(t + " " + m for t, m in shown)
    assert "1 added" in text and "<U+202E>eslaf" in text  # the failing file is named, visibly
    for ch in ("\x1b", "\x07", "\u202e"):
        assert ch not in text, repr(text)
