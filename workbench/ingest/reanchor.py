"""Re-anchoring the claims of a source whose text an ingest just replaced (a new version of the
same file).  The algorithm is :mod:`workbench.anchor` (pure, below every layer); this module writes
what it finds into the workspace, inside the ingest's own transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..anchor import locate

if TYPE_CHECKING:
    from ..store import Workspace


def reanchor_source(ws: Workspace, source_id: int, new_text: str) -> list[dict[str, Any]]:
    """Re-anchor every claim of a source whose text was just replaced by ``new_text``.

    Runs inside the caller's transaction (the ingest of a new version); orphans are kept and
    flagged, never deleted.  Returns one report per claim:
    ``{"claim_id", "method": exact|moved|fuzzy|orphaned, "old": [s, e], "new": [s, e] | None}``.
    """
    report: list[dict[str, Any]] = []
    for c in ws.list_claims(source_id=source_id):
        found = locate(new_text, quote=c.quote, prefix=c.prefix, suffix=c.suffix, start=c.start)
        unchanged = found is not None and found.span == (c.start, c.end) and not c.orphaned \
            and new_text[found.start:found.end] == c.quote
        if not unchanged:
            ws.set_claim_anchor(c.id, *(found.span if found else (None, None)), text=new_text)
        report.append({"claim_id": c.id, "method": found.method if found else "orphaned",
                       "old": [c.start, c.end], "new": list(found.span) if found else None})
    _log_reanchor(ws, source_id, report)
    return report


def _log_reanchor(ws: Workspace, source_id: int, report: list[dict[str, Any]]) -> None:
    counts: dict[str, int] = {}
    for item in report:
        counts[item["method"]] = counts.get(item["method"], 0) + 1
    if not report or set(counts) == {"exact"}:
        return
    summary = ", ".join(f"{n} {m}" for m, n in sorted(counts.items()))
    ws.log_action("claims.reanchor", f"source {source_id} changed; claims re-anchored: {summary}",
                  scope={"claims": [i["claim_id"] for i in report]}, after=report, undoable=False)
