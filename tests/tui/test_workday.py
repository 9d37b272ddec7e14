"""Pilot tests for issue 13, the TUI through a fact-checker's working day: each drives the keys a
user presses and checks the workspace (or the screen) afterwards."""

from __future__ import annotations

import pytest

from workbench.tui.screens.dialogs import TextDialog
from workbench.tui.screens.picker import PickerDialog

from .conftest import add_entities
from .test_flows import first_text, notes, searched, settle

pytestmark = pytest.mark.anyio


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


# -- following the evidence -----------------------------------------------------------------------
async def test_claims_filter_by_tag_status_entity_lang(seed_ws, make_app):
    ws = seed_ws
    srcs = ws.list_sources()
    es, pt = srcs[0], next(s for s in srcs if s.lang == "pt")
    musk = ws.find_entity("Elon Musk").id
    c1 = ws.add_claim(es.id, 0, 9, tags=["gpu"], status="disputed", entity_ids=[musk])
    ws.add_claim(es.id, 20, 30, tags=["gpu"])
    c3 = ws.add_claim(pt.id, 0, 9, tags=["carta"], entity_ids=[musk])
    app = make_app(ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        pane = app.main.claims
        await pilot.press("f4", "f")
        await settle(pilot)
        await pilot.press(*"tag:gpu status:disputed", "enter")
        await settle(pilot)
        assert [c.id for c in pane.claims] == [c1.id]
        await pilot.press("f", "ctrl+u", *'entity:"Elon Musk" lang:pt', "enter")
        await settle(pilot)
        assert [c.id for c in pane.claims] == [c3.id]
        title = str(pane.query_one("#claims-title").render())
        assert "lang:pt" in title and "(1)" in title
        await pilot.press("f", "ctrl+u", *"colour:red", "enter")  # a bad filter: one line, nothing changes
        await settle(pilot)
        assert [c.id for c in pane.claims] == [c3.id]
        assert any("not understood" in m for m in notes(app))
        await pilot.press("f", "ctrl+u", "enter")  # empty clears
        await settle(pilot)
        assert len(pane.claims) == 3


async def test_scope_and_last_source_are_remembered(tmp_path, make_app):
    from workbench.store import Workspace

    from .conftest import build_seed_workspace

    ws = build_seed_workspace(tmp_path / "ws.db")
    sid = ws.list_sources()[2].id
    ws.add_claim(sid, 0, 9)
    ws.add_claim(ws.list_sources()[0].id, 0, 9)
    app = make_app(ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert app.main.reader.source_id == sid
        assert len(app.main.claims.claims) == 1
        await pilot.press("f4", "a")
        await settle(pilot)
        assert len(app.main.claims.claims) == 2
    ws.close()
    ws = Workspace(tmp_path / "ws.db")
    app = make_app(ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        assert app.main.reader.source_id == sid  # reopened
        pane = app.main.claims
        assert pane.show_all and len(pane.claims) == 2  # not "Claims (0)"
    ws.close()


async def test_jump_to_linked_claim_and_back_and_forward(seed_ws, make_app):
    from workbench.evidence.corroborate import accept

    ws = seed_ws
    srcs = ws.list_sources()
    sid, text = first_text(ws)
    a, b = span_of(text, "El multimillonario", "de la empresa.")
    c0 = ws.add_claim(sid, a, b)
    other = srcs[1].id
    linked = accept(ws, c0.id, (other, 0, 20), "corroborates")
    app = make_app(ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "right_square_bracket")
        r = app.main.reader
        assert r.current_claim().id == c0.id
        await pilot.press("g")  # one link: straight there
        await settle(pilot)
        assert r.source_id == other and r.selected_span == (0, 20)
        await pilot.press("g")  # and from there back along the link
        await settle(pilot)
        assert r.source_id == sid and r.current_claim().id == c0.id
        await pilot.press("alt+left")
        await settle(pilot)
        assert r.source_id == other and r.current_claim().id == linked.id
        await pilot.press("alt+left")
        await settle(pilot)
        assert r.source_id == sid and r.selected_span == (a, b)
        await pilot.press("alt+right")
        await settle(pilot)
        assert r.source_id == other


async def test_corroboration_list_stays_open_and_accepts_claim_sentences(seed_ws, make_app):
    from workbench.tui.screens.corroboration import CandidatesDialog

    ws = seed_ws
    sid, text = first_text(ws)
    a, b = span_of(text, "El multimillonario", "de la empresa.")
    c0 = ws.add_claim(sid, a, b, tags=["gpu"], note="check")
    app = make_app(ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "right_square_bracket", "o")
        await settle(pilot)
        for _ in range(100):
            if isinstance(app.screen, CandidatesDialog):
                break
            await pilot.pause(0.1)
        dlg = app.screen
        assert isinstance(dlg, CandidatesDialog) and len(dlg.cands) >= 2
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("exclamation_mark")  # the highlight moved on: the next passage
        await settle(pilot)
        assert app.screen is dlg
        await pilot.press("escape")
        await settle(pilot)
    first = ws.get_claim(c0.id)
    rels = sorted(lk.relation for lk in first.links)
    assert rels == ["contradicts", "corroborates"]
    from workbench.evidence.passages import split_sentences

    for lk in first.links:
        new = ws.get_claim(lk.claim_id)
        assert new.tags == []  # the first claim's tags are not copied
        src_text = ws.source_text(new.source_id)
        # one sentence of its source, not a two-sentence passage
        assert (new.start, new.end) in set(split_sentences(src_text))
        assert {e["id"] for e in new.entities} == {e.id for e in ws.entities_in_span(new.source_id, new.start,
                                                                                          new.end)}


async def test_widen_and_narrow_a_claim_span(seed_ws, make_app):
    sid, text = first_text(seed_ws)
    a, b = span_of(text, "multimillonario", "de la empresa.")
    c = seed_ws.add_claim(sid, a, b)
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "right_square_bracket", "w")
        await settle(pilot)
        await pilot.press("shift+left", "shift+left", "enter")  # narrow the end by two characters
        await settle(pilot)
        assert (seed_ws.get_claim(c.id).start, seed_ws.get_claim(c.id).end) == (a, b - 2)
        await pilot.press("w", "space", "ctrl+shift+left", "enter")  # widen the start by a word
        await settle(pilot)
        got = seed_ws.get_claim(c.id)
        assert text[got.start:a] == "El " and got.end == b - 2 and got.quote == text[got.start:got.end]
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert seed_ws.get_claim(c.id).start == a


async def test_note_spans_several_lines_and_history_shows_changes(seed_ws, make_app):
    from workbench.tui.screens.dialogs import ListDialog

    sid, text = first_text(seed_ws)
    a, b = span_of(text, "El multimillonario", "de la empresa.")
    c = seed_ws.add_claim(sid, a, b)
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "right_square_bracket", "n", *"line one", "ctrl+j", *"line two", "enter")
        await settle(pilot)
        assert seed_ws.get_claim(c.id).note == "line one\nline two"
        await pilot.press("v", "2")
        await settle(pilot)
        assert any("status: supported" in m for m in notes(app))
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, ListDialog)
        rows = [str(o.prompt) for o in app.screen.query_one("#rows").options]
        assert len(rows) == 3 and "created" in rows[0] and "edited" in rows[-1]


async def test_copy_quote_with_citation(seed_ws, make_app):
    sid, text = first_text(seed_ws)
    src = seed_ws.get_source(sid)
    a, b = span_of(text, "El multimillonario", "de la empresa.")
    seed_ws.add_claim(sid, a, b)
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "right_square_bracket", "y")
        await settle(pilot)
        clip = app.clipboard
        assert clip.startswith("\u201cEl multimillonario") and src.title in clip and src.outlet in clip
        assert any("copied the quote with its citation" in m for m in notes(app))
        await pilot.press("escape", "shift+right", "shift+right", "ctrl+c")
        await settle(pilot)
        assert app.clipboard == text[a:a + 2]
        assert any("copied 2 characters" in m for m in notes(app))


async def test_delete_dialog_says_what_the_claim_carries(seed_ws, make_app):
    from workbench.tui.screens.dialogs import ConfirmDialog

    sid, text = first_text(seed_ws)
    a, b = span_of(text, "El multimillonario", "de la empresa.")
    musk = seed_ws.find_entity("Elon Musk").id
    seed_ws.add_claim(sid, a, b, tags=["gpu"], entity_ids=[musk])
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "right_square_bracket", "d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        detail = str(app.screen.query_one("#confirm-detail").render())
        assert "1 tag" in detail and "1 linked entity" in detail


# -- entities --------------------------------------------------------------------------------------
async def test_entity_from_selection_split_label_filter_and_claims(seed_ws, make_app):
    from workbench.tui.screens.dialogs import ListDialog

    ws = seed_ws
    sid, text = first_text(ws)
    a = text.index("DeepMind")
    a2, b2 = span_of(text, "El multimillonario", "de la empresa.")
    musk = ws.find_entity("Elon Musk")
    ws.add_claim(sid, a2, b2, entity_ids=[musk.id])
    app = make_app(ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        # E: the selection becomes an entity (here an existing name: one clear line, nothing changes)
        await pilot.press("enter")
        app.main.reader.select_span(a, a + len("DeepMind"), cursor_at_start=False)
        await pilot.press("E")
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)
        await pilot.press(*" Labs", "enter", "2")  # ORG is choice 2
        await settle(pilot)
        assert ws.find_entity("DeepMind Labs").label == "ORG"
        # label filter
        await pilot.press("f5", "slash", *"label:PER", "enter")
        await settle(pilot)
        shown = [ws.get_entity(int(r.id)) for r in app.main.entities.option_list.rows]  # read page by page
        assert shown and {e.label for e in shown} == {"PER"}
        # split a wrong merge: merge Babushkin into Babuschkin, then split it off again
        ws.merge_entities("Igor Babushkin", "Igor Babuschkin")
        await pilot.press("escape", "slash", *"babuschkin", "enter")
        await settle(pilot)
        assert app.main.entities.option_list.current_entity_id() == ws.find_entity("Igor Babuschkin").id
        await pilot.press("s")
        await settle(pilot)
        await pilot.press(*"igor babush", "enter")
        await settle(pilot)
        split = ws.find_entity("Igor Babushkin")
        assert split.mentions == 1 and ws.find_entity("Igor Babuschkin").mentions == 8
        # c: the claims linked to an entity, enter jumps
        await pilot.press("escape", "slash", *"elon", "enter", "c")
        await settle(pilot)
        assert isinstance(app.screen, ListDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.reader.selected_span == (a2, b2)


async def test_change_language_and_palette_finds_reprocess(seed_ws, make_app):
    from workbench.tui.screens.dialogs import ChoiceDialog, ConfirmDialog

    sid, _ = first_text(seed_ws)
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "L")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("3")  # Italian
        await settle(pilot)
        assert seed_ws.get_source(sid).lang == "it"
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        titles = [t for t, _h, _cb in app.main.palette_commands()]
        assert any("Reprocess" in t for t in titles)


# -- ingest ----------------------------------------------------------------------------------------
async def test_ingest_completes_paths_counts_files_and_refreshes_panes(seed_ws, make_app, tmp_path, monkeypatch):
    from workbench.tui.screens.ingest import IngestScreen

    folder = tmp_path / "articles_in"
    folder.mkdir()
    for i in range(3):
        (folder / f"a{i}.txt").write_text(f"Titulo {i}\n\nUn texto de prueba número {i} sobre Twitter y Musk.\n",
                                          encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"musk")
        await searched(pilot, app.main.sources)
        assert app.main.sources.hits
        await pilot.press("enter", "i")  # from the hit list, the search still on
        await settle(pilot)
        scr = app.screen
        assert isinstance(scr, IngestScreen)
        await pilot.press("ctrl+u", *"artic")
        await settle(pilot)
        await pilot.press("right")  # accept the completion
        await settle(pilot)
        inp = scr.query_one("#ingest-path")
        assert inp.value == "articles_in/"
        assert "3 files to read" in str(scr.query_one("#ingest-count").render())
        await pilot.press("enter")
        for _ in range(300):
            await pilot.pause(0.1)
            if not isinstance(app.screen, IngestScreen):
                break
        await settle(pilot)
        assert len(seed_ws.list_sources()) == 8
        pane = app.main.sources
        assert pane.query_text == "" and pane.option_list.option_count == 8  # no stale hit list
        assert app.main.entities.option_list.highlighted == 0


# -- words -----------------------------------------------------------------------------------------
async def test_word_movement_keeps_numbers_whole_and_s_on_a_title_selects_the_title(seed_ws, make_app):
    sid, text = first_text(seed_ws)
    title_end = text.index("\n")
    n = text.index("10.000")
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "end", "s")  # the cursor rests after the title's last letter
        r = app.main.reader
        assert r.selected_span == (0, title_end)
        r.select_span(n, n)
        await pilot.press("ctrl+shift+right")
        assert text[slice(*r.selected_span)] == "10.000"
        await pilot.press("escape", "ctrl+shift+left")
        assert r.cursor_offset == n
