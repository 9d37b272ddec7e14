"""The command palette is built from the bindings (a remapped key shows remapped), and every
private Textual name the TUI relies on still exists in the installed Textual."""

from __future__ import annotations

import pytest
from textual.command import CommandList, CommandPalette

from workbench.tui import textual_compat

from .test_flows import settle

pytestmark = pytest.mark.anyio


def palette_rows(app) -> list[str]:
    assert isinstance(app.screen, CommandPalette)
    ol = app.screen.query_one(CommandList)
    return [str(ol.get_option_at_index(i).prompt) for i in range(ol.option_count)]


async def test_palette_shows_the_remapped_key(seed_ws, make_app, tmp_path, monkeypatch):
    km = tmp_path / "keymap.toml"
    km.write_text('"entities.merge" = "M"\n"main.export" = "ctrl+e"\n', encoding="utf-8")
    monkeypatch.setenv("WORKBENCH_KEYMAP", str(km))
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"merge into another")
        await settle(pilot)
        rows = [r for r in palette_rows(app) if "merge into another" in r]
        assert rows and "entities: M" in rows[0], rows
        assert "entities: m" not in rows[0]
        await pilot.press(*["backspace"] * len("merge into another"), *"Export…")
        await settle(pilot)
        rows = [r for r in palette_rows(app) if "Export…" in r]
        assert rows and "ctrl+e" in rows[0] and "x:" not in rows[0] and not rows[0].startswith("x"), rows
        await pilot.press("escape")
        # the remapped key does what the palette says
        await pilot.press("f5", "M")
        await settle(pilot)
        from workbench.tui.screens.picker import PickerDialog

        assert isinstance(app.screen, PickerDialog) and app.screen.title_text.startswith("Merge ")


async def test_every_binding_with_an_id_is_in_the_palette(seed_ws, make_app):
    from workbench.tui.screens.palette import SKIP, scopes

    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        main = app.main
        helps = [h for _t, h, _cb in main.palette_commands()]
        for scope in scopes(main):
            for b in scope.bindings:
                if b.id not in SKIP:
                    key = b.key_display or b.key
                    assert any(h.startswith(f"{scope.where}: {key}" if scope.where else key) for h in helps), b.id


async def test_palette_runs_an_entity_command_on_the_highlighted_entity(seed_ws, make_app):
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Entity: rename", "enter")
        await settle(pilot)
        from workbench.tui.screens.dialogs import TextDialog

        top = seed_ws.entities_page(0, 1)[0]
        assert isinstance(app.screen, TextDialog) and app.screen.value == top.name


def test_textual_private_api_is_there():
    """Fails naming what changed when Textual drops or changes a private name the reader uses."""
    assert textual_compat.missing() == []


def test_no_private_textual_name_outside_the_adapter():
    """Every private Textual access lives in textual_compat: no other TUI module imports a private
    Textual module or touches the names the adapter wraps."""
    import re
    from pathlib import Path

    import workbench.tui as tui

    wrapped = {*textual_compat.TEXT_AREA_PRIVATE, *textual_compat.TEXT_AREA_INSTANCE, "_wrap_offsets", "_keymap",
               "_on_key", "_on_focus", "_on_blur"}
    pattern = re.compile(r"from textual(\.\w+)*\._\w+|\.(" + "|".join(map(re.escape, sorted(wrapped))) + r")\b")
    offenders = []
    for path in Path(tui.__file__).parent.rglob("*.py"):
        if path.name == "textual_compat.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line) or re.search(r"def (" + "|".join(map(re.escape, wrapped)) + r")\b", line):
                offenders.append(f"{path.name}:{n}: {line.strip()}")
    assert not offenders, offenders
