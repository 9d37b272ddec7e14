"""``workbench corroborate``: passages of other sources that make the same claim, and accepting one
as corroborating / contradicting.  (``workbench sources --duplicates`` lives in ``core`` and calls
:func:`workbench.evidence.corroborate.find_duplicates`.)"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from .base import console, echo, emit_json, index_progress, json_option, main, with_workspace

if TYPE_CHECKING:
    from ..store.workspace import Workspace


@main.command()
@with_workspace
@json_option
@click.argument("claim_id", required=False)
@click.option("--limit", "-n", type=click.IntRange(1, 200), default=10, show_default=True,
              help="How many passages to list.")
@click.option("--accept", "accept_n", type=click.IntRange(1, 200), default=None, metavar="N",
              help="Accept the Nth passage of the list: make it a claim linked to CLAIM_ID.")
@click.option("--contradicts", is_flag=True, help="With --accept: the passage contradicts the claim.")
@click.option("--reindex", is_flag=True, help="Rebuild the passage index of every source first.")
def corroborate(ws: Workspace, as_json: bool, claim_id: str | None, limit: int, accept_n: int | None, contradicts: bool,
                reindex: bool) -> None:
    """Find passages in OTHER sources, any language, that make the same claim as CLAIM_ID.

    Ranked by the meaning of the sentences (a multilingual sentence encoder) together with shared
    entities, numbers and amounts (10.000 = 10,000 = 10 mil), dates and word stems; the score is a
    calibrated probability, with two bands ("same claim" from 0.5, "related" from 0.1; nothing
    below).  Each passage shows the origin it credits and possible contradictions (other figures
    or dates); the list ends with the sources grouped by independent origin.  With --accept N the Nth passage becomes a claim in its source linked
    to CLAIM_ID as corroborating (or, with --contradicts, contradicting); undo reverts it.
    """
    from ..evidence.corroborate import accept, corroborate as find
    from ..evidence.passages import reindex_all
    from ..errors import InputError

    if reindex:
        with index_progress() as tick:
            n = reindex_all(ws, tick)
        echo(f"indexed {n} passages", err=True)
        if not claim_id:
            return
    if not claim_id:
        raise InputError("give a CLAIM_ID (or --reindex alone)")
    if contradicts and accept_n is None:
        raise InputError("--contradicts goes with --accept N")
    with index_progress() as tick:  # sources ingested since the last query are indexed first
        results = find(ws, claim_id, limit=max(limit, accept_n or 0), progress=tick)
    if accept_n is not None:
        if accept_n > len(results):
            raise InputError(f"there is no passage {accept_n}: the list has {len(results)}")
        relation = "contradicts" if contradicts else "corroborates"
        new = accept(ws, claim_id, results[accept_n - 1], relation)
        if as_json:
            emit_json([new])
        else:
            echo(new.id)
        return
    results = results[:limit]
    if as_json:
        emit_json(results)
        return
    if not results:
        echo("no passage of another source is close enough to this claim (an empty list is an honest answer)",
                   err=True)
        return
    _print(ws, claim_id, results)


def _print(ws: Workspace, claim_id: str, results) -> None:
    from rich.table import Table
    from rich.text import Text

    from ..evidence.corroborate import contradiction_line, origins

    t = Table(box=None, pad_edge=False, show_lines=True)
    for col in ("#", "score", "band", "source", "lang", "passage"):
        t.add_column(col, no_wrap=col != "passage", overflow="fold")
    for i, c in enumerate(results, 1):
        body = Text(" ".join(c.text.split()))
        for line, style in ((c.reasons_line(), "dim"), (c.origin_line(), "dim"),
                            (contradiction_line(c.contradiction), "yellow")):
            if line:
                body.append("\n" + line, style=style)
        t.add_row(str(i), f"{c.score:.2f}", "same claim" if c.band == "same" else "related",
                  Text(f"{c.source_id} {c.title[:30]}"), Text(c.lang), body)
    console().print(t)
    console().print(Text(origins(results, ws, ws.get_claim(claim_id)).line()))
