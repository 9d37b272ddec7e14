"""Search in the TUI as a reporter uses it (issue 17): a half-typed query keeps the last results,
find-in-article is one key, f3 / shift+f3 wrap (and shift+F3 works as xterm and tmux send it),
aliases are one key, and results get room to be read."""

from __future__ import annotations

import pytest
from textual import events
from textual.geometry import Size

from workbench.tui.screens.dialogs import TextDialog

from .test_flows import notes, searched, settle

pytestmark = pytest.mark.anyio


async def test_half_typed_query_keeps_the_last_results(seed_ws, make_app):
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        pane = app.main.sources
        await pilot.press("slash", *"Musk AN")  # a good query: Musk AND AN*
        await searched(pilot, pane)
        good = [h.source_id for h in pane.hits]
        assert good
        for key in ["D", "space", *'"carta ab']:  # "Musk AND", then an open quote: unfinished
            await pilot.press(key)
            await searched(pilot, pane)
            assert [h.source_id for h in pane.hits] == good, pane.query_text
            assert not pane.search_error and not notes(app)
        await pilot.press('quotation_mark')  # the phrase is closed: new results
        await searched(pilot, pane)
        assert pane.query_text == 'Musk AND "carta ab"'
        assert pane.hits == []  # a whole query now, and its phrase is in no source
        await pilot.press("backspace")  # open quote again, then enter: now it is an error, one line
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        msgs = notes(app)
        assert any("unbalanced double quote" in m for m in msgs) and all("\n" not in m for m in msgs)


async def test_reporter_queries_in_the_search_box(seed_ws, make_app):
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        pane = app.main.sources
        await pilot.press("slash")
        for query, n in (("10.000 GPU", 5), ("GPT-4", 2), ("musk and nvidia", 4), ("e-mail", 1)):
            pane.search_input.value = ""
            await settle(pilot)
            await pilot.press(*query)
            await searched(pilot, pane)
            assert len(pane.hits) == n, (query, pane.query_text)
            assert not pane.search_error


async def test_a_resize_pending_while_the_results_empty_does_not_crash(seed_ws, make_app):
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        rows = app.main.sources.option_list
        rows.highlighted = rows.option_count - 1
        rows.on_resize(events.Resize(Size(80, 10), Size(80, 10)))  # queues: keep the highlight in view
        rows.set_rows([])  # then a search empties the list before the next refresh
        await settle(pilot)
        assert rows.highlighted is None and app.is_running


async def test_no_hits_suggests_a_word(seed_ws, make_app):
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        pane = app.main.sources
        await pilot.press("slash", *"Babuschkim")
        await searched(pilot, app.main.sources)
        assert pane.hits == [] and pane.suggestions[0] == "babuschkin"
        row = pane.option_list.rows[0]
        assert "did you mean babuschkin" in row.prompt.plain


async def test_aliases_key_widens_a_name(seed_ws, make_app):
    seed_ws.merge_entities("Igor Babushkin", "Igor Babuschkin")  # now one person with both spellings
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        pane = app.main.sources
        await pilot.press("slash", *"Babushkin")
        await searched(pilot, app.main.sources)
        assert len(pane.hits) == 1
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert pane.aliases and len(pane.hits) == 5
        assert "with aliases" in str(app.main.query_one("#sources-title").render())


async def test_results_get_room_while_read_and_give_it_back(seed_ws, make_app):
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        left = app.main.query_one("#left")
        narrow = left.size.width
        await pilot.press("slash", *"GPU")
        await searched(pilot, app.main.sources)
        assert left.size.width >= 75  # half of 160 columns: titles and snippets can be read
        await pilot.press("enter", "enter")  # to the hits, open one
        await settle(pilot)
        assert app.focused is app.main.reader
        assert left.size.width == narrow


async def test_f3_wraps_and_shift_f3_as_tmux_sends_it(seed_ws, make_app):
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"Twitter", "enter", "enter")
        await settle(pilot)
        r = app.main.reader
        hits = [a for a, _ in r.hits]
        assert len(hits) >= 3
        for a in hits:
            await pilot.press("f3")
            assert r.cursor_offset == a
        await pilot.press("f3")  # past the last: the first again
        assert r.cursor_offset == hits[0]
        await pilot.press("shift+f3")  # before the first: the last
        assert r.cursor_offset == hits[-1]
        # xterm / tmux: shift+F3 is ESC [1;2R, which Textual's parser turns into a cursor position report
        app.post_message(events.CursorPosition(1, 0))
        await settle(pilot)
        assert r.cursor_offset == hits[-2]
        await pilot.press("f15")  # what the parser makes of it elsewhere
        assert r.cursor_offset == hits[-3]


async def test_find_in_article_is_one_key(seed_ws, make_app):
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # open the first source
        await settle(pilot)
        r = app.main.reader
        text = seed_ws.source_text(r.source_id)
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)
        await pilot.press(*'"inteligencia artificial"', "enter")
        await settle(pilot)
        assert app.focused is r and r.hits
        assert all(text[a:b].lower() == "inteligencia artificial" for a, b in r.hits)
        assert r.cursor_offset == r.hits[0][0]
        await pilot.press("f3")
        assert r.cursor_offset == r.hits[1 % len(r.hits)][0]


async def test_typing_ranks_the_newest_matches_and_enter_ranks_them_all(seed_ws, make_app, monkeypatch):
    """While typing only the newest matches are ranked (a two-letter prefix matches nearly every
    source of a large workspace); the pane says so, and enter ranks every match."""
    from workbench.tui.widgets import sources

    monkeypatch.setattr(sources, "TYPING_RANKED", 2)
    every = sorted(h.source_id for h in seed_ws.search("Musk", limit=100))
    assert len(every) > 2
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        pane = app.main.sources
        await pilot.press("slash", *"Musk")
        await searched(pilot, pane)
        title = str(pane.query_one("#sources-title").render())
        assert len(pane.hits) == 2 and pane.ranked_newest
        assert "best of the newest 2 matches (enter: all)" in title
        assert {h.source_id for h in pane.hits} <= set(every[-2:])  # the two newest
        await pilot.press("enter")
        await settle(pilot)
        assert not pane.ranked_newest and sorted(h.source_id for h in pane.hits) == every
        assert "newest" not in str(pane.query_one("#sources-title").render())
        assert app.focused is pane.option_list  # enter still moves to the results
