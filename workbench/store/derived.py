"""Derived data that other layers build and the store must forget when what it was derived from
changes.  The corroboration passage index (``passages``, built by :mod:`workbench.evidence.passages`)
is derived from a source's text and entities: a source whose NER is re-run loses its passages here,
and the next corroboration query indexes it again.  Ingest calls this without importing evidence."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .workspace import Workspace


def drop_passages(ws: Workspace, source_id: int) -> None:
    """Forget a source's passages (inside the caller's transaction, or one of its own)."""
    from .passages import delete_passages

    with ws.tx() as conn:
        delete_passages(conn, source_id)  # recorded there: the next query's index check sees it
