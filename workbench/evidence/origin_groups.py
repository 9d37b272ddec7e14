"""Where corroborations come from: the sources of a result list, or of a claim and the claims
accepted as corroborating it, grouped by the origin each credits (:mod:`.attribution`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..store.corroboration_reads import corroborating_spans, passages_around, publication_dates
from .attribution import OriginSummary, article_origin, group_by_origin, passage_origin

if TYPE_CHECKING:
    from ..store import Claim, Workspace
    from .candidate import Candidate


def origins(cands: Sequence[Candidate], ws: Workspace | None = None, claim: Claim | None = None) -> OriginSummary:
    """The candidates' sources grouped by the origin they cite ("4 sources, 1 independent origin:
    Business Insider"), earliest marked where sources have publication dates.  With ``ws`` and
    ``claim``, the claim's own source counts too."""
    items = [(c.source_id, getattr(c, "origin", ""), "") for c in cands]
    if ws is not None and claim is not None:
        text = ws.source_text(claim.source_id)
        a, b = context_span(ws, claim.source_id, claim.start, claim.end)
        items.insert(0, (claim.source_id, passage_origin(text, a, b, article_origin(text)).origin, ""))
    if ws is not None:
        dates = publication_dates(ws, [i[0] for i in items])
        items = [(s, o, dates.get(s, "")) for s, o, _ in items]
    return group_by_origin(items)


def context_span(ws: Workspace, source_id: int, start: int, end: int) -> tuple[int, int]:
    """A claim's span widened to the passages it touches: the attribution of a fragment is in its
    sentence ("según X, ... <claim>")."""
    around = passages_around(ws, source_id, start, end)
    return (min(start, around[0]), max(end, around[1])) if around else (start, end)


def claim_origins(ws: Workspace, claim_id: str) -> OriginSummary:
    """For the claims pane and the Markdown brief: the claim's source and the sources of the claims
    accepted as corroborating it, grouped by the origin each cites (see
    :mod:`.attribution`).  ``.sources`` is the raw count, ``.independent`` the independent
    origins, ``.line()`` the sentence to show."""
    claim = ws.get_claim(claim_id)
    spans = [(claim.source_id, claim.start, claim.end), *corroborating_spans(ws, claim.id)]
    dates = publication_dates(ws, [s for s, _a, _b in spans])
    items: list[tuple[int, str, str]] = []
    for sid, a, b in spans:
        text = ws.source_text(sid)
        a, b = context_span(ws, sid, a, b)
        items.append((sid, passage_origin(text, a, b, article_origin(text)).origin, dates.get(sid, "")))
    return group_by_origin(items)
