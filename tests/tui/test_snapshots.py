"""SVG snapshots (pytest-textual-snapshot): fixed sizes, cursor blink off, no toasts.

Update with ``pytest tests/tui/test_snapshots.py --snapshot-update`` after a deliberate change, and
look at the report before committing the new SVGs.
"""

from __future__ import annotations

from .conftest import INJECTION, add_source


async def settle(pilot):
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def with_claims(ws):
    """Claims of every status on the first seed, with tags and entities."""
    sid = ws.list_sources()[0].id
    text = ws.source_text(sid)
    spans = [("Parece que", "varios meses.", "supported", ["carta"]),
             ("El multimillonario", "de la empresa.", "disputed", ["gpu", "cifras"]),
             ("Las tecnológicas", "nueva tecnología.", "unverified", []),
             ("A principios de marzo", "de Alphabet.", "false", ["deepmind"]),
             ("Hotz se marchó", "de un mes.", "unclear", [])]
    for head, tail, status, tags in spans:
        a = text.index(head)
        b = text.index(tail, a) + len(tail)
        ents = [e.id for e in ws.entities_in_span(sid, a, b)]
        ws.add_claim(sid, a, b, status=status, tags=tags, entity_ids=ents, note="")
    return sid


def test_main_screen_on_seeds(seed_ws, make_app, snap_compare):
    assert snap_compare(make_app(seed_ws), terminal_size=(160, 50), run_before=settle)


def test_source_with_claims_highlighted(seed_ws, make_app, snap_compare):
    with_claims(seed_ws)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("enter", "right_square_bracket")
        await settle(pilot)

    assert snap_compare(make_app(seed_ws), terminal_size=(160, 50), run_before=run_before)


def test_claim_dialog(seed_ws, make_app, snap_compare):
    seed_ws.add_claim(seed_ws.list_sources()[0].id, 0, 9, tags=["ai", "funding"])  # tags to complete from

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("enter", "down", "down", "s", "c")
        await settle(pilot)
        await pilot.press("f", "u")
        await settle(pilot)

    assert snap_compare(make_app(seed_ws), terminal_size=(120, 36), run_before=run_before)


def test_entity_picker(seed_ws, make_app, snap_compare):
    with_claims(seed_ws)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("enter", "right_square_bracket", "right_square_bracket", "e")
        await settle(pilot)
        await pilot.press("down", "down", "space")
        await settle(pilot)

    assert snap_compare(make_app(seed_ws), terminal_size=(120, 36), run_before=run_before)


def test_help_screen(seed_ws, make_app, snap_compare):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(make_app(seed_ws), terminal_size=(120, 50), run_before=run_before)


def test_80x24_sources(seed_ws, make_app, snap_compare):
    assert snap_compare(make_app(seed_ws), terminal_size=(80, 24), run_before=settle)


def test_80x24_reader_with_claims(seed_ws, make_app, snap_compare):
    with_claims(seed_ws)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("enter", "right_square_bracket")
        await settle(pilot)

    assert snap_compare(make_app(seed_ws), terminal_size=(80, 24), run_before=run_before)


def test_markup_source_displays_literally(seed_ws, make_app, snap_compare):
    add_source(seed_ws, INJECTION, "Title [bold]x[/] [/foo] [@click=app.quit]t[/]", "en", "[@click=app.quit]o[/]")

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("end", "enter", "s")
        await settle(pilot)

    assert snap_compare(make_app(seed_ws), terminal_size=(120, 30), run_before=run_before)
