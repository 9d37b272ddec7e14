"""Remapping keys by binding id from a keymap file."""

from __future__ import annotations

import pytest

from workbench.errors import InputError
from workbench.tui.keymap import load_keymap
from workbench.tui.screens.help import HelpScreen

pytestmark = pytest.mark.anyio


async def test_keymap_file_remaps_help(seed_ws, make_app, tmp_path, monkeypatch):
    km = tmp_path / "keymap.toml"
    km.write_text('"app.help" = "f9"\n', encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_KEYMAP", str(km))
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_broken_keymap_is_one_line_and_defaults_stay(seed_ws, make_app, tmp_path, monkeypatch):
    km = tmp_path / "keymap.toml"
    km.write_text("this is = not toml [", encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_KEYMAP", str(km))
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        assert any("keymap" in n.message and "ignored" in n.message for n in app._notifications)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


def test_load_keymap_shapes(tmp_path):
    assert load_keymap(tmp_path / "missing.toml") == {}
    f = tmp_path / "k.toml"
    f.write_text('[keymap]\n"claim.tags" = "g"\n', encoding="utf-8")
    assert load_keymap(f) == {"claim.tags": "g"}
    f.write_text('"claim.tags" = 3\n', encoding="utf-8")
    with pytest.raises(InputError):
        load_keymap(f)
