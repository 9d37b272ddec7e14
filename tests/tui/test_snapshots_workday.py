"""Snapshots of the states issue 13 added, at 80x24, 120x40 and 200x60: the merge picker saying
what enter will do, the claims pane filtered, the new-claim dialog with its key hints, the delete
dialog saying what the claim carries."""

from __future__ import annotations

import pytest

from .conftest import add_entities
from .test_snapshots import settle, with_claims

SIZES = [(80, 24), (120, 40), (200, 60)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_merge_picker_says_what_enter_does(seed_ws, make_app, snap_compare, size):
    add_entities(seed_ws, [("ChatGPT", "MISC", []), ("GPUs", "MISC", []), ("GPU", "MISC", [])])

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f5", "slash", *"GPUs", "enter", "m", *"gpu")
        await settle(pilot)

    assert snap_compare(make_app(seed_ws), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_claims_pane_filtered(seed_ws, make_app, snap_compare, size):
    with_claims(seed_ws)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f4", "f", *"tag:gpu", "enter")
        await settle(pilot)

    assert snap_compare(make_app(seed_ws), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_new_claim_dialog_shows_its_keys(seed_ws, make_app, snap_compare, size):
    seed_ws.add_claim(seed_ws.list_sources()[0].id, 0, 9, tags=["ai", "funding"])

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("enter", "down", "down", "s", "c")
        await settle(pilot)

    assert snap_compare(make_app(seed_ws), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_delete_dialog_says_what_goes_with_the_claim(seed_ws, make_app, snap_compare, size):
    with_claims(seed_ws)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("enter", "right_square_bracket", "right_square_bracket", "d")
        await settle(pilot)

    assert snap_compare(make_app(seed_ws), terminal_size=size, run_before=run_before)
