"""``S``: the sources that tell the same story as a source, in any language (issue 16)."""

from __future__ import annotations

import pytest

from workbench.tui.screens.dialogs import ListDialog

from .test_flows import settle

pytestmark = pytest.mark.anyio


async def wait_for_list(pilot) -> ListDialog:
    for _ in range(300):  # the first S compares every source (and indexes them first) in a worker
        await pilot.pause(0.1)
        if isinstance(pilot.app.screen, ListDialog):
            return pilot.app.screen
    raise AssertionError(f"no same-story list; screen is {pilot.app.screen!r}")


async def test_same_story_lists_the_other_seeds_in_other_languages_and_opens_one(seed_ws, make_app):
    sources = seed_ws.list_sources()
    first = sources[0]
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # open the first seed
        await settle(pilot)
        await pilot.press("S")
        dlg = await wait_for_list(pilot)
        ids = [int(key) for key, _t in dlg.rows]
        # the five seeds retell one report in es / pt / it: the other four are listed, in their languages
        assert sorted(ids) == sorted(s.id for s in sources if s.id != first.id)
        shown = "\n".join(t.plain for _k, t in dlg.rows)
        assert " pt " in shown and " it " in shown
        assert "passages saying the same thing" in shown and "document similarity" in shown
        assert "Same story as" in dlg.title_text
        # enter opens the highlighted one in the reader; alt+left comes back
        target = int(dlg.rows[0][0])
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.reader.source_id == target
        await pilot.press("alt+left")
        await settle(pilot)
        assert app.main.reader.source_id == first.id
        # the pairs are kept: S on another source lists at once, without a second pass
        pairs = app.main.actions.stories.pairs
        assert pairs is not None
        await pilot.press("f1", "down", "S")
        await settle(pilot)
        assert isinstance(app.screen, ListDialog)
        assert app.main.actions.stories.pairs is pairs
        assert sources[1].id not in [int(k) for k, _t in app.screen.rows]


async def test_same_story_says_so_when_no_source_is_close(empty_ws, make_app):
    from .conftest import add_source

    add_source(empty_ws, "Un artículo solitario sobre la cosecha de aceitunas en Jaén este otoño.\n", "Aceitunas")
    app = make_app(empty_ws, check_empty=False)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("S")
        for _ in range(300):
            await pilot.pause(0.1)
            if any("no other source tells the story" in n.message for n in app._notifications):
                break
        assert any("no other source tells the story" in n.message for n in app._notifications)
        assert not isinstance(app.screen, ListDialog)
