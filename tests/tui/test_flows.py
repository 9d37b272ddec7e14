"""Pilot tests: real key presses, assertions on the workspace."""

from __future__ import annotations

import re

import pytest
from textual.widgets import OptionList

from workbench.tui.screens.dialogs import ChoiceDialog, ClaimDialog, ConfirmDialog, ListDialog, TextDialog
from workbench.tui.screens.help import HelpScreen
from workbench.tui.screens.ingest import IngestScreen
from workbench.tui.screens.picker import PickerDialog
from workbench.tui.widgets.reader import sentence_at

from .conftest import INJECTION, add_source

pytestmark = pytest.mark.anyio


async def settle(pilot):
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def searched(pilot, pane) -> None:
    """Settle until the pane has answered what is in the search box. Under load a key's Changed
    message can still be queued when the workers are done (CI once saw 'G' of 'GPT-4')."""
    for _ in range(1000):
        await settle(pilot)
        typed = pane.search_input.value.strip()
        if not typed or pane._shown_query == typed:
            return
        await pilot.pause(0.01)
    raise AssertionError(f"the search box never answered {pane.search_input.value!r}")


async def settle_ui(pilot):
    """Let the UI catch up without waiting for workers (one may be deliberately blocked)."""
    await pilot.pause()
    await pilot.pause()


def notes(app) -> list[str]:
    return [n.message for n in app._notifications]


def first_text(ws) -> tuple[int, str]:
    s = ws.list_sources()[0]
    return s.id, ws.source_text(s.id)


def claim_in_first_source(ws, **kw):
    """A claim on the first source's sentence about the GPUs (which other seeds corroborate)."""
    sid, text = first_text(ws)
    a = text.index("El multimillonario")
    b = text.index("de la empresa.", a) + len("de la empresa.")
    return sid, ws.add_claim(sid, a, b, **kw)


# -- start-up, opening, search ---------------------------------------------------------------
async def test_startup_focus_and_open(seed_ws, make_app):
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        ol = app.main.sources.option_list
        assert app.focused is ol and ol.highlighted == 0
        assert ol.option_count == 5
        await pilot.press("down", "enter")
        await settle(pilot)
        reader = app.main.reader
        assert app.focused is reader
        assert reader.source_id == seed_ws.list_sources()[1].id
        assert reader.selection.end == (0, 0)
        src = seed_ws.source_text(reader.source_id)
        # the reader wraps by turning breaking spaces into newlines: same length, same offsets
        assert len(reader.text) == len(src) and reader.text.replace("\n", " ") == src.replace("\n", " ")


def test_the_last_word_typed_is_a_prefix_from_two_characters():
    from workbench.tui.widgets.sources import as_you_type

    assert as_you_type("p") == "p" and as_you_type("Musk a") == "Musk a"  # one letter would match a large share
    assert as_you_type("Lu") == "Lu*" and as_you_type("Musk bab") == "Musk bab*"
    assert as_you_type('"carta ab') == '"carta ab' and as_you_type("Musk AND") == "Musk AND"
    assert as_you_type("Babushkin~") == "Babushkin~" and as_you_type("GPU*") == "GPU*"


async def test_search_as_you_type_and_open_with_hits(seed_ws, make_app):
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"babusc")
        await searched(pilot, app.main.sources)
        pane = app.main.sources
        assert pane.query_text == "babusc"
        assert len(pane.hits) == 5  # Babuschkin is in every seed (prefix search while typing)
        assert all(h.marks for h in pane.hits)
        assert pane.last_latency_ms is not None
        await pilot.press("enter")  # to the hits
        assert app.focused is pane.option_list
        await pilot.press("enter")  # open
        await settle(pilot)
        r = app.main.reader
        assert app.focused is r and r.hits
        text = seed_ws.source_text(r.source_id)
        assert all(text[a:b].lower().startswith("babusc") for a, b in r.hits)
        await pilot.press("f3")
        assert r.cursor_offset == r.hits[0][0]
        # escape in the sources pane clears the search and shows the list again
        await pilot.press("f1", "escape")
        await settle(pilot)
        assert pane.query_text == "" and pane.option_list.option_count == 5


async def test_bad_search_query_is_one_line_not_a_crash(seed_ws, make_app):
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *'"musk')
        await searched(pilot, app.main.sources)
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running
        msgs = notes(app)
        assert any("quote" in m for m in msgs), msgs
        assert all("\n" not in m for m in msgs)


# -- reader: selection and claims ------------------------------------------------------------
def test_sentence_at():
    t = "Uno dos. Tres cuatro!  Cinco\nSeis siete. Ocho"
    assert t[slice(*sentence_at(t, 2))] == "Uno dos."
    assert t[slice(*sentence_at(t, 10))] == "Tres cuatro!"
    assert t[slice(*sentence_at(t, 24))] == "Cinco"
    assert t[slice(*sentence_at(t, 29))] == "Seis siete."
    assert sentence_at("   ", 0) is None
    t = "El Sr. Musk compró 10.000 GPU en EE.UU. el lunes. Después habló."
    assert t[slice(*sentence_at(t, 5))] == "El Sr. Musk compró 10.000 GPU en EE.UU. el lunes."


async def test_s_selects_sentence_and_c_creates_claim(seed_ws, make_app):
    sid, text = first_text(seed_ws)
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "down", "down", "s")
        r = app.main.reader
        start = text.index("Parece que")
        end = text.index("varios meses.") + len("varios meses.")
        assert r.selected_span == (start, end)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ClaimDialog)
        await pilot.press(*"ai, carta", "tab", "3", "tab", *"ver fuente", "enter")
        await settle(pilot)
        claims = seed_ws.list_claims(source_id=sid)
        assert len(claims) == 1
        c = claims[0]
        assert (c.start, c.end) == (start, end)
        assert c.quote == text[start:end]
        assert c.tags == ["ai", "carta"]
        assert c.status == "disputed"
        assert c.note == "ver fuente"
        assert {e["name"] for e in c.entities} == {"Elon Musk", "Twitter"}  # mentioned in the span
        assert app.focused is r
        assert [x.id for x in r.claims] == [c.id]  # highlighted in the reader
        assert app.main.claims.claims[0].id == c.id


async def test_second_s_extends_to_next_sentence(seed_ws, make_app):
    sid, text = first_text(seed_ws)
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        p = text.index("El multimillonario")
        await pilot.press("enter")
        app.main.reader.select_span(p, p)
        await pilot.press("s", "s")
        a, b = app.main.reader.selected_span
        assert a == p
        assert text[a:b].endswith("movimientos de la empresa.") is False  # first sentence is longer
        assert text[a:b].rstrip().endswith("tecnología.")


async def test_shift_selection_enter_saves_defaults(seed_ws, make_app):
    sid, text = first_text(seed_ws)
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "ctrl+shift+right", "ctrl+shift+right", "shift+right", "shift+left", "c")
        await settle(pilot)
        assert isinstance(app.screen, ClaimDialog)
        await pilot.press("enter")
        await settle(pilot)
        (c,) = seed_ws.list_claims()
        assert (c.start, c.end, c.quote) == (0, 9, "Elon Musk")
        assert c.status == "unverified" and c.tags == [] and c.note == ""
        assert [e["name"] for e in c.entities] == ["Elon Musk"]


async def test_escape_cancels_claim_dialog_and_clears_selection(seed_ws, make_app):
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "s", "c")
        await settle(pilot)
        await pilot.press(*"zzz", "escape")
        await settle(pilot)
        assert seed_ws.list_claims() == []
        assert app.main.reader.selected_span is not None
        await pilot.press("escape")
        assert app.main.reader.selected_span is None


async def test_c_without_selection_tells_the_user(seed_ws, make_app):
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "c")
        await settle(pilot)
        assert not isinstance(app.screen, ClaimDialog)
        assert any("select" in m for m in notes(app))


async def test_claim_keys_in_reader_then_undo_redo(seed_ws, make_app):
    sid, text = first_text(seed_ws)
    a = text.index("Parece que")
    b = text.index("varios meses.") + len("varios meses.")
    c0 = seed_ws.add_claim(sid, a, b, tags=["old"])
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        r = app.main.reader
        r.select_span(a + 5, a + 5)
        # t: tags (replaces the list; completion offers existing tags)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TextDialog)
        await pilot.press("ctrl+u", *"ia, musk", "enter")
        await settle(pilot)
        assert seed_ws.get_claim(c0.id).tags == ["ia", "musk"]
        # v: status
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert seed_ws.get_claim(c0.id).status == "supported"
        # n: note
        await pilot.press("n", *"llamar a la fuente", "enter")
        await settle(pilot)
        assert seed_ws.get_claim(c0.id).note == "llamar a la fuente"
        # e: entities, the ones mentioned in the span are pre-selected
        await pilot.press("e")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, PickerDialog)
        ids = {e["name"]: e["id"] for e in [{"name": x.name, "id": x.id} for x in seed_ws.list_entities()]}
        assert set(picker.selected) == {ids["Elon Musk"], ids["Twitter"]}
        await pilot.press(*"deepmind", "space", "enter")
        await settle(pilot)
        assert {e["name"] for e in seed_ws.get_claim(c0.id).entities} == {"Elon Musk", "Twitter", "DeepMind"}
        # d: delete with confirmation
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert seed_ws.list_claims() == []
        assert r.claims == []
        # ctrl+z brings it back with everything on it; ctrl+y deletes it again
        await pilot.press("ctrl+z")
        await settle(pilot)
        back = seed_ws.get_claim(c0.id)
        assert back.tags == ["ia", "musk"] and back.status == "supported" and back.note == "llamar a la fuente"
        assert len(back.entities) == 3
        assert [c.id for c in r.claims] == [c0.id]
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert seed_ws.list_claims() == []
        await pilot.press("ctrl+z", "ctrl+z")  # undo the delete, then the entity link
        await settle(pilot)
        back = seed_ws.get_claim(c0.id)
        assert back.entities == [] and back.note == "llamar a la fuente"


async def test_claim_keys_outside_a_claim_warn(seed_ws, make_app):
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "t")
        await settle(pilot)
        assert not isinstance(app.screen, TextDialog)
        assert any("no claim" in m for m in notes(app))


async def test_claims_pane_navigation_and_jump(seed_ws, make_app):
    sid, text = first_text(seed_ws)
    other = seed_ws.list_sources()[2].id
    p = text.index("El multimillonario")
    c1 = seed_ws.add_claim(sid, 0, 9)
    c2 = seed_ws.add_claim(sid, p, p + 18, status="false")
    c3 = seed_ws.add_claim(other, 0, 9)
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        r = app.main.reader
        await pilot.press("right_square_bracket")
        assert r.cursor_offset == p and r.selected_span == (p, p + 18)
        await pilot.press("left_square_bracket")
        assert r.selected_span == (0, 9)
        await pilot.press("tab")  # reader -> claims
        cl = app.main.claims.option_list
        assert app.focused is cl
        assert [c.id for c in app.main.claims.claims] == [c1.id, c2.id]
        await pilot.press("right_square_bracket", "enter")
        await settle(pilot)
        assert app.focused is r and r.selected_span == (p, p + 18)
        # all claims, and a jump into another source
        await pilot.press("tab", "a")
        assert len(app.main.claims.claims) == 3
        await pilot.press("end", "enter")
        await settle(pilot)
        assert r.source_id == other and r.selected_span == (0, 9)
        # claim keys work in the claims pane too
        await pilot.press("tab")
        await pilot.press("v", "5")
        await settle(pilot)
        assert seed_ws.get_claim(c3.id).status == "unclear"


# -- entities ----------------------------------------------------------------------------------
async def test_merge_entities_and_undo(seed_ws, make_app):
    app = make_app(seed_ws)
    dup = seed_ws.find_entity("Igor Babushkin")
    keep = seed_ws.find_entity("Igor Babuschkin")
    app_ = app
    async with app_.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # a source in the reader, to see it refresh
        await pilot.press("f5", "slash", *"babushkin", "enter")
        await settle(pilot)
        el = app.main.entities.option_list
        assert app.focused is el and el.current_entity_id() == dup.id
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, PickerDialog)
        await pilot.press(*"babusch", "enter")
        await settle(pilot)
        names = {e.name for e in seed_ws.list_entities()}
        assert "Igor Babushkin" not in names
        merged = seed_ws.get_entity(keep.id)
        assert merged.mentions == keep.mentions + dup.mentions
        assert "Igor Babushkin" in merged.aliases
        reader_names = {m.entity_name for m in app.main.reader.mentions}
        assert "Igor Babushkin" not in reader_names
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert seed_ws.get_entity(dup.id).mentions == dup.mentions


async def test_rename_relabel_reject_confirm(seed_ws, make_app):
    nv = seed_ws.find_entity("Nvidia")
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("f5", "slash", *"nvidia", "enter")
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("2")  # ORG
        await settle(pilot)
        assert seed_ws.get_entity(nv.id).label == "ORG"
        await pilot.press("r", "ctrl+u", *"NVIDIA Corp", "enter")
        await settle(pilot)
        assert seed_ws.get_entity(nv.id).name == "NVIDIA Corp"
        await pilot.press("plus")
        await settle(pilot)
        assert seed_ws.get_entity(nv.id).status == "confirmed"
        await pilot.press("exclamation_mark")
        await settle(pilot)
        assert seed_ws.get_entity(nv.id).status == "rejected"
        assert seed_ws.get_entity(nv.id).mentions == 0
        assert all(r.id != str(nv.id) for r in app.main.entities.option_list.rows)  # read page by page
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert seed_ws.get_entity(nv.id).status == "confirmed"


async def test_entity_mentions_list_jumps(seed_ws, make_app):
    dm = seed_ws.find_entity("DeepMind")
    mentions = seed_ws.mentions_for_entity(dm.id)
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("f5", "slash", *"deepmind", "enter", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ListDialog)
        assert app.screen.query_one(OptionList).option_count == len(mentions)
        await pilot.press("down", "enter")
        await settle(pilot)
        r = app.main.reader
        m = mentions[1]
        assert app.focused is r and r.source_id == m.source_id and r.selected_span == (m.start, m.end)


# -- markup, help, palette, export, ingest, layout ---------------------------------------------
async def test_source_text_is_never_markup(seed_ws, make_app):
    sid = add_source(seed_ws, INJECTION, "Title [bold]x[/] [/foo] [@click=app.quit]t[/]", "en",
                     "[@click=app.quit]outlet[/]")
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("end", "enter")
        await settle(pilot)
        r = app.main.reader
        assert r.source_id == sid
        flat = r.text.replace("\n", " ")
        assert "[@click=app.quit]click me[/]" in flat and "[/foo]" in flat
        assert "\x1b" not in r.text and len(r.text) == len(INJECTION)  # ESC shown as U+FFFD, offsets kept
        title = str(app.main.query_one("#reader-title").render())
        assert "[@click=app.quit]outlet[/]" in title and "[/foo]" in title
        lines = [r.get_line(i).plain for i in range(r.document.line_count)]
        assert "[bold]not bold[/bold]" in lines[0]
        # select the markup sentence and make it a claim: the dialog and panes show it literally
        await pilot.press("s", "c")
        await settle(pilot)
        quote = str(app.screen.query_one("#claim-quote").render())
        assert "[@click=app.quit]click me[/]" in quote
        await pilot.press("enter")
        await settle(pilot)
        c = seed_ws.list_claims(source_id=sid)[0]
        assert c.quote.startswith("Markup [bold]")
        await pilot.press("slash", *"click")
        await settle(pilot)
        assert app.is_running  # nothing was clicked, nothing crashed


async def test_help_lists_every_binding(seed_ws, make_app):
    from workbench.tui.screens.help import _sections

    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        from rich.console import Console

        from workbench.tui.screens.help import help_text

        con = Console(width=200, record=True)
        con.print(help_text())
        shown = con.export_text()
        for _title, bindings, _extra in _sections():
            for b in bindings:
                assert b.description in shown
                if b.id:
                    assert b.id in shown
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


def test_every_binding_has_an_id():
    from textual.binding import Binding

    from workbench.tui.app import WorkbenchApp
    from workbench.tui.screens import corroboration, dialogs, help, ingest, main, picker
    from workbench.tui.widgets import claims, entities, reader, sources

    classes = [WorkbenchApp, main.MainScreen, corroboration.CandidatesDialog, dialogs.Dialog, dialogs.StatusPicker,
               help.HelpScreen, ingest.IngestScreen, picker.PickerDialog, reader.ReaderArea, claims.ClaimsList, entities.EntitiesList,
               entities.EntitiesPane, sources.SourcesPane]
    ids = []
    for cls in classes:
        for b in cls.__dict__.get("BINDINGS", []):
            assert isinstance(b, Binding) and b.id, (cls.__name__, b)
            ids.append((cls.__name__, b.id))
    assert len(ids) > 40


async def test_command_palette_runs_actions(seed_ws, make_app):
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        assert app.main.reader.show_mentions
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"toggle entity mentions")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.reader.show_mentions is False
        titles = [t for t, _h, _cb in app.main.palette_commands()]
        for needed in ("Export…", "Undo", "Redo", "Claim: tags", "Entity: merge into another", "Search sources"):
            assert needed in titles


async def test_export_writes_next_to_workspace(seed_ws, make_app):
    seed_ws.add_claim(seed_ws.list_sources()[0].id, 0, 9, tags=["t"])
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("2")  # Markdown
        await settle(pilot)
        await pilot.press("enter")  # the export dialog: the proposed file name, every claim
        await settle(pilot)
        await settle(pilot)
        path = app.last_export
        assert path is not None and path.exists()
        assert path.parent == seed_ws.path.resolve().parent
        assert re.fullmatch(r"ws-evidence-\d{8}-\d{6}\.md", path.name)
        assert "Elon Musk" in path.read_text(encoding="utf-8")
        assert any(str(path) in m for m in notes(app))
        await pilot.press("x", "2", "enter")  # the same format again in the same second: a new file
        await settle(pilot)
        await settle(pilot)
        assert app.last_export != path and app.last_export.exists() and path.exists()


async def test_export_failure_is_one_line(seed_ws, make_app, monkeypatch):
    import workbench.evidence.export as ev

    def full_disk(path, text):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ev, "atomic_write", full_disk)
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("x", "3")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        assert app.last_export is None
        assert any(m == "No space left on device" for m in notes(app))


async def test_export_cancel_writes_nothing(seed_ws, make_app, monkeypatch):
    import threading

    import workbench.evidence.export as ev

    gate = threading.Event()
    real = ev.render

    def slow_render(ws, fmt, *args, **kw):
        gate.wait(5)
        return real(ws, fmt, *args, **kw)

    monkeypatch.setattr(ev, "render", slow_render)
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle_ui(pilot)
        await pilot.press("x", "1")
        await settle_ui(pilot)
        await pilot.press("enter")
        await settle_ui(pilot)
        await pilot.press("escape")  # cancel while rendering
        await settle_ui(pilot)
        gate.set()
        await settle(pilot)
        await settle(pilot)
        assert app.last_export is None
        assert not list(seed_ws.path.resolve().parent.glob("*-evidence-*"))
        assert any("cancelled" in m for m in notes(app))


async def test_undo_with_nothing_to_undo_notifies(seed_ws, make_app):
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert "nothing to undo" in notes(app)


async def test_empty_workspace_offers_ingest(empty_ws, make_app, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("A headline about Acme\n\nAcme Corp said on Monday that it bought Widget Ltd. "
                                  "The deal was worth ten million euros, according to Jane Smith.\n",
                                  encoding="utf-8")
    app = make_app(empty_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, IngestScreen)
        await pilot.press("ctrl+u", *str(folder), "enter")
        await settle(pilot)
        for _ in range(100):
            if not isinstance(app.screen, IngestScreen):
                break
            await pilot.pause(0.1)
        assert not isinstance(app.screen, IngestScreen)
        assert empty_ws.source_count() == 1
        assert app.main.sources.option_list.option_count == 1
        assert any("1 added" in m for m in notes(app))


async def test_empty_workspace_escape_skips_and_bad_path_errors(empty_ws, make_app):
    app = make_app(empty_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+u", *"/no/such/place", "enter")
        await settle(pilot)
        assert isinstance(app.screen, IngestScreen)
        assert any("no such file" in m for m in notes(app))
        await pilot.press("escape")
        assert not isinstance(app.screen, IngestScreen)


async def test_ingest_cancel(empty_ws, make_app, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(40):
        (folder / f"{i}.txt").write_text(f"Story {i}\n\nPerson Number{i} met Someone Else in Town{i}. " * 20,
                                         encoding="utf-8")
    app = make_app(empty_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = app.screen
        original = screen._progress

        def progress(done, total, path):  # runs on the UI thread: press escape after 3 files
            original(done, total, path)
            if done == 3:
                screen.action_cancel()

        screen._progress = progress
        await pilot.press("ctrl+u", *str(folder), "enter")
        await settle(pilot)
        for _ in range(100):
            if not isinstance(app.screen, IngestScreen):
                break
            await pilot.pause(0.1)
        assert screen.report is not None and screen.report.cancelled
        assert empty_ws.source_count() < 40


async def test_narrow_layout_one_pane_at_a_time(seed_ws, make_app):
    app = make_app(seed_ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        main = app.main
        assert main.has_class("narrow")

        def shown():
            return [p for p in ("sources", "reader", "claims", "entities")
                    if main.query_one(f"#{p}-pane").display and main.query_one(f"#{p}-pane").region.area]

        assert shown() == ["sources"]
        await pilot.press("enter")
        await settle(pilot)
        assert shown() == ["reader"] and app.focused is main.reader
        assert main.reader.region.width >= 76
        await pilot.press("tab")
        assert shown() == ["claims"]
        assert main.claims.region.width == 80
        await pilot.press("tab")
        assert shown() == ["entities"]
        assert main.entities.region.width == 80
        await pilot.press("tab")
        assert shown() == ["sources"]
        await pilot.press("shift+tab")
        assert shown() == ["entities"]
        await pilot.press("shift+tab")
        assert shown() == ["claims"]
        await pilot.press("slash")  # search from anywhere but the entities pane (there / filters)
        assert shown() == ["sources"] and app.focused is main.sources.search_input
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        assert not app.main.has_class("narrow")
        assert all(app.main.query_one(f"#{p}-pane").region.area for p in ("sources", "reader", "claims", "entities"))


async def test_q_quits_but_not_inside_inputs(seed_ws, make_app):
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("slash", "q")
        await searched(pilot, app.main.sources)
        assert app.is_running and app.main.sources.query_text == "q"
        await pilot.press("escape", "q")
        await pilot.pause()
    assert app.return_code == 0 or app.return_code is None


async def test_o_corroborates_and_a_accepts(seed_ws, make_app):
    from workbench.tui.screens.corroboration import CandidatesDialog

    sid, c0 = claim_in_first_source(seed_ws, tags=["gpu"])
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "right_square_bracket", "o")
        await settle(pilot)
        for _ in range(100):
            if isinstance(app.screen, CandidatesDialog):
                break
            await pilot.pause(0.1)
        dlg = app.screen
        assert isinstance(dlg, CandidatesDialog)
        assert dlg.cands and all(c.source_id != sid for c in dlg.cands)
        first = dlg.cands[0]
        await pilot.press("a")
        await settle(pilot)
        claims = seed_ws.list_claims(source_id=first.source_id)
        # the claim sentence of the passage (issue 13), inside it
        assert len(claims) == 1 and first.start <= claims[0].start < claims[0].end <= first.end
        assert seed_ws.get_claim(c0.id).corroboration_count == 1
        assert app.screen is dlg  # the list stays open for the next passage
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert seed_ws.list_claims(source_id=first.source_id) == []


def test_hard_wrap_keeps_offsets():
    from workbench.tui.widgets.reader import hard_wrap

    text = "uno dos tres cuatro cinco seis siete ocho nueve diez\n\n" + "palabra " * 40 + "x" * 50 + " fin"
    out = hard_wrap(text, 20)
    assert len(out) == len(text)
    assert all(len(line) <= 20 or " " not in line for line in out.split("\n"))
    assert all(a == b or (a == " " and b == "\n") for a, b in zip(text, out))


async def test_reader_rewraps_on_resize_and_keeps_selection(seed_ws, make_app):
    sid, text = first_text(seed_ws)
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "down", "down", "s")
        span = app.main.reader.selected_span
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        r = app.main.reader
        assert r.selected_span == span
        assert max(len(x) for x in r.text.split("\n")) <= r.scrollable_content_region.width


async def test_export_all_three_formats_for_real(seed_ws, make_app):
    seed_ws.add_claim(seed_ws.list_sources()[0].id, 0, 9, tags=["t"])
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        paths = []
        for key in ("1", "3"):
            await pilot.press("x", key)
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
            await settle(pilot)
            paths.append(app.last_export)
        assert paths[0].suffix == ".json" and paths[0].read_text(encoding="utf-8").lstrip().startswith("{")
        assert paths[1].name.endswith(".ftm.jsonl") and paths[1].stat().st_size > 0


async def test_palette_reruns_ner_on_this_source_in_a_worker(seed_ws, make_app):
    sid, _text = first_text(seed_ws)
    seed_ws.set_source_lang(sid, "it")  # no model for Italian: the rule path must produce the mentions
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Re-run NER on this source")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        ms = seed_ws.mentions_for_source(sid)
        assert ms and {m.origin for m in ms} == {"rule"}
        assert any("re-ran NER on 1 source" in n for n in notes(app))


async def test_new_sources_are_indexed_for_corroboration_in_the_background(seed_ws, make_app, monkeypatch):
    from workbench.evidence.passages import missing_sources
    from workbench.tui.screens import indexer as I
    from workbench.tui.screens import main as M

    monkeypatch.setattr(M, "INDEX_DELAY", 0.05)
    monkeypatch.setattr(I, "INDEX_NOTICE", 3)  # the five seeds count as a big backlog here
    with seed_ws.tx():
        seed_ws.conn.execute("DELETE FROM passages")
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        seen: list[str] = []  # notifications expire: collect them as they come
        for _ in range(600):  # the low-priority indexer loads the sentence encoder first: slow on a busy machine
            await pilot.pause(0.1)
            await settle(pilot)
            seen += [n for n in notes(app) if n not in seen]
            if not missing_sources(seed_ws) and "corroboration index ready" in seen:
                break
        assert missing_sources(seed_ws) == []
        assert seen[-2:] == ["indexing 5 new sources for corroboration in the background…",
                             "corroboration index ready"]


async def test_o_takes_over_from_the_background_indexer(seed_ws, make_app, monkeypatch):
    """The background indexer is gentle (one low-priority process); once someone waits on ``o``
    it is stopped and the rest is indexed there and then, on both cores."""
    from workbench.evidence import corroborate as corr
    from workbench.tui.screens import main as M
    from workbench.tui.screens.corroboration import CandidatesDialog

    class Slow:  # a background indexer that would take a long time
        total = 5
        stopped = False

        def running(self):
            return not self.stopped

        def stop(self):
            self.stopped = True

        def succeeded(self):
            return False

    slow = Slow()
    monkeypatch.setattr(M, "INDEX_DELAY", 0.01)
    monkeypatch.setattr(corr, "index_in_background", lambda ws: slow)
    claim_in_first_source(seed_ws)
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause(0.2)
        await settle(pilot)
        assert app.main.indexer.current is slow and not slow.stopped
        await pilot.press("enter", "right_square_bracket", "o")
        for _ in range(100):
            await pilot.pause(0.1)
            if isinstance(app.screen, CandidatesDialog):
                break
        assert slow.stopped and isinstance(app.screen, CandidatesDialog)


async def test_claims_pane_sorts_by_corroborations(seed_ws, make_app):
    sources = seed_ws.list_sources()
    a = seed_ws.add_claim(sources[0].id, 0, 20)
    b = seed_ws.add_claim(sources[0].id, 30, 60)
    c = seed_ws.add_claim(sources[1].id, 0, 20)
    seed_ws.link_claims(c.id, b.id, "corroborates")
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        app.main.action_focus_pane("claims")
        await settle(pilot)
        pane = app.main.claims
        assert [x.id for x in pane.claims] == [a.id, b.id]
        await pilot.press("s")  # position -> corroborations
        await settle(pilot)
        assert pane.sort == "corroborations" and [x.id for x in pane.claims] == [b.id, a.id]


def test_snippet_line_keeps_marks_on_their_words_and_shows_the_first():
    from workbench.tui.text import snippet_line

    snippet = "…o  G20   Trump foi irônico\tao elogiar o Brasil  e Temer acreditou  "
    marks = [(snippet.index("Trump"), snippet.index("Trump") + 5), (snippet.index("Temer"), snippet.index("Temer") + 5)]
    t = snippet_line(snippet, marks)
    assert t.plain == "…o G20 Trump foi irônico ao elogiar o Brasil e Temer acreditou"
    assert [t.plain[s.start:s.end] for s in t.spans] == ["Trump", "Temer"]
    # a narrow pane: the line starts shortly before the first hit instead of hiding it
    long = "palavra " * 20 + "Trump disse"
    t = snippet_line(long, [(160, 165)], width=30)
    assert t.plain.startswith("…") and [t.plain[s.start:s.end] for s in t.spans] == ["Trump"]
    assert t.plain.index("Trump") < 30


@pytest.mark.parametrize("size", [(80, 24), (120, 30)])  # one pane at a time; a 28-column sources pane
async def test_search_hits_show_the_marked_word_in_a_narrow_pane(seed_ws, make_app, size):
    # paragraph breaks and double spaces before the hit (the snippet keeps them; the line does not)
    add_source(seed_ws, "Notas\n\n" + "Uma frase longa sobre outra coisa qualquer.\n\n  " * 3
               + "E  então  a inteligência artificial chegou.\n", "Notas", lang="pt")
    app = make_app(seed_ws)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"artificial")
        await searched(pilot, app.main.sources)
        pane = app.main.sources
        width = pane.option_list.scrollable_content_region.width
        rows = [r for r in pane.option_list.rows if r.id.startswith("h")]
        assert rows
        for r in rows:
            snippet_line = r.prompt.plain.split("\n")[1]
            marked = [r.prompt.plain[s.start:s.end] for s in r.prompt.spans if "reverse" in str(s.style)]
            assert marked and all(m.lower().startswith("artificial") for m in marked), (snippet_line, marked)  # a prefix as you type
            first = snippet_line.lower().index("artificial")
            assert first + len("artificial") <= width


async def test_export_dialog_file_name_and_filters(seed_ws, make_app):
    src = seed_ws.list_sources()[0].id
    kept = seed_ws.add_claim(src, 0, 9, tags=["cifras"], status="false")
    dropped = seed_ws.add_claim(src, 10, 20, tags=["otras"])
    app = make_app(seed_ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("x", "1")
        await settle(pilot)
        field = app.screen.query_one("#export-path")
        field.value = "mine.json"  # the file name is editable
        await pilot.press("tab", *"cifras", "tab", *"nonsense")
        await pilot.press("enter")
        await settle(pilot)
        assert "unknown status 'nonsense'" in str(app.screen.query_one("#export-error").render())
        app.screen.query_one("#export-statuses").value = "false, disputed"
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        path = app.last_export
        assert path == seed_ws.path.resolve().parent / "mine.json"
        text = path.read_text(encoding="utf-8")
        assert kept.id in text and dropped.id not in text
