"""The entity's mentions list shows the words around each mention with their spaces (issue 15)."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from workbench.tui.screens.dialogs import ListDialog

pytestmark = pytest.mark.anyio


async def _settle(pilot):
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_mentions_list_keeps_the_spaces_around_the_mention(seed_ws, make_app):
    ent = seed_ws.find_entity("Igor Babuschkin")
    mentions = seed_ws.mentions_for_entity(ent.id)
    assert mentions
    app = make_app(seed_ws)
    async with app.run_test(size=(200, 50)) as pilot:
        await _settle(pilot)
        await pilot.press("f5", "slash", *"babuschkin", "enter", "enter")
        await _settle(pilot)
        assert isinstance(app.screen, ListDialog)
        options = app.screen.query_one(OptionList)
        assert options.option_count == len(mentions)
        for i, m in enumerate(mentions):
            line = str(options.get_option_at_index(i).prompt)
            text = seed_ws.source_text(m.source_id)
            name = text[m.start:m.end]
            assert name in line
            at = line.index(name)
            if text[m.start - 1].isspace():
                assert line[at - 1] == " ", line  # not "ingenierosIgor Babuschkin"
            if m.end < len(text) and text[m.end].isspace():
                assert line[at + len(name)] == " ", line  # not "Babuschkiny Manuel"
