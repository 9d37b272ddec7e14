"""Pilot tests for issue 13, the TUI through a fact-checker's working day: each drives the keys a
user presses and checks the workspace (or the screen) afterwards."""

from __future__ import annotations

import pytest

from workbench.tui.screens.dialogs import PickerDialog, TextDialog

from .conftest import add_entities

pytestmark = pytest.mark.anyio


async def settle(pilot):
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def notes(app) -> list[str]:
    return [n.message for n in app._notifications]


def first_text(ws) -> tuple[int, str]:
    s = ws.list_sources()[0]
    return s.id, ws.source_text(s.id)


def span_of(text: str, head: str, tail: str) -> tuple[int, int]:
    a = text.index(head)
    return a, text.index(tail, a) + len(tail)


# -- 1. pickers act on the entity shown ----------------------------------------------------------
@pytest.fixture
def gpu_ws(seed_ws):
    """Entities whose names trap a picker that keeps its old highlight: ChatGPT sorts first
    (most mentions), "GPUs" is the duplicate to fix, "GPU" the right target."""
    add_entities(seed_ws, [("ChatGPT", "MISC", []), ("GPUs", "MISC", []), ("GPU", "MISC", []),
                           ("Información", "MISC", []), ("The Boring Company", "ORG", [])])
    return seed_ws


async def test_merge_after_filtering_merges_into_the_entity_shown(gpu_ws, make_app):
    ws = gpu_ws
    src, dst = ws.find_entity("GPUs"), ws.find_entity("GPU")
    app = make_app(ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("f5", "slash", *"GPUs", "enter")
        await settle(pilot)
        assert app.main.entities.option_list.current_entity_id() == src.id
        await pilot.press("m")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, PickerDialog)
        for key in "gpu":
            await pilot.press(key)
            await settle(pilot)
            # after every keystroke the highlight is the best match, and the dialog says so
            top = picker.ranked()[0]
            assert picker.result() == top[0]
        assert picker.result() == dst.id
        preview = str(picker.query_one("#picker-preview").render())
        assert "merge 'GPUs' into 'GPU'" in preview
        await pilot.press("enter")
        await settle(pilot)
    names = {e.name for e in ws.list_entities()}
    assert "GPUs" not in names and "ChatGPT" in names
    assert "GPUs" in ws.get_entity(dst.id).aliases


async def test_merge_picker_prefers_word_matches_over_fuzzy_ones(gpu_ws, make_app):
    ws = gpu_ws
    app = make_app(ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("f5", "slash", *"Twitter", "enter")
        await settle(pilot)
        await pilot.press("m", *"the info")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, PickerDialog)
        assert ws.get_entity(picker.result()).name == "Información"
        await pilot.press(*["backspace"] * 8, *"zqxj")  # nothing matches: enter must not merge into a hidden row
        await settle(pilot)
        assert picker.result() is None
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is picker
        await pilot.press("escape")
    assert ws.find_entity("Twitter")


async def test_link_entities_picker_highlights_best_match(gpu_ws, make_app):
    ws = gpu_ws
    sid, text = first_text(ws)
    a, b = span_of(text, "Parece que", "varios meses.")
    c = ws.add_claim(sid, a, b)
    app = make_app(ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        app.main.reader.select_span(a + 3, a + 3)
        await pilot.press("e")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, PickerDialog)
        for key in "gpu":  # "g" and "gp" rank ChatGPT first; "gpu" must bring GPU up
            await pilot.press(key)
            await settle(pilot)
        await pilot.press("space", "enter")
        await settle(pilot)
    assert "GPU" in {e["name"] for e in ws.get_claim(c.id).entities}


# -- 2. editing tags or a note keeps the old value ------------------------------------------------
async def test_typing_in_the_tag_and_note_dialogs_keeps_the_old_value(seed_ws, make_app):
    sid, text = first_text(seed_ws)
    a, b = span_of(text, "Parece que", "varios meses.")
    c = seed_ws.add_claim(sid, a, b, tags=["gpus", "hardware"], note="ver la carta")
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        app.main.reader.select_span(a + 3, a + 3)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)
        await pilot.press(*" musk", "enter")
        await settle(pilot)
        assert seed_ws.get_claim(c.id).tags == ["gpus", "hardware", "musk"]
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*" original", "enter")
        await settle(pilot)
        assert seed_ws.get_claim(c.id).note == "ver la carta original"


# -- 3. the selection drawn is what c saves ---------------------------------------------------------
def _cell_styles(reader, y: int) -> list:
    styles = []
    for seg in reader.render_line(y):  # the row as painted (selection and cursor included)
        styles.extend([seg.style] * len(seg.text))
    return styles


async def test_the_cell_after_a_forward_selection_is_not_drawn_selected(seed_ws, make_app):
    sid, text = first_text(seed_ws)
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        r = app.main.reader
        await pilot.press(*["shift+right"] * 6)
        await settle(pilot)
        assert r.selected_span == (0, 6)
        bg = [s.bgcolor for s in _cell_styles(r, 0)]
        assert len(set(bg[:6])) == 1
        # the 7th character is not part of the span, and is drawn like any unselected one
        assert bg[6] != bg[0]
        assert bg[6] == bg[12]
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
    (claim,) = seed_ws.list_claims()
    assert claim.quote == text[0:6]
