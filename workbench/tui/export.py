"""Export from the TUI: the file goes next to the workspace with a timestamped name, e.g.
``workspace-evidence-20240501-142233.md`` (the export dialog lets the user change it and choose
which claims go in).  Rendering and the all-or-nothing write belong to
:mod:`workbench.evidence.export`; this module only names the file and lets a cancel win."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..evidence.bundle import ExportFilter
    from ..store import Workspace


# format -> (name shown, file extension)
FORMATS: dict[str, tuple[str, str]] = {
    "json": ("JSON (W3C Web Annotation)", "json"),
    "md": ("Markdown report", "md"),
    "ftm": ("FollowTheMoney entities (JSON lines)", "ftm.jsonl"),
    "claimreview": ("ClaimReview (schema.org JSON-LD, graded claims)", "claimreview.jsonld"),
}


def export_path(ws: Workspace, fmt: str, now: datetime | None = None) -> Path:
    """A name that does not exist yet (a second export in the same second gets ``-2``)."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    db = Path(ws.path).resolve()
    path = db.with_name(f"{db.stem}-evidence-{stamp}.{FORMATS[fmt][1]}")
    n = 2
    while path.exists():
        path = db.with_name(f"{db.stem}-evidence-{stamp}-{n}.{FORMATS[fmt][1]}")
        n += 1
    return path


def export(ws: Workspace, fmt: str, progress: Callable[[int, int, str], None] | None = None,
           cancel: threading.Event | None = None, *, path: Path | None = None, flt: ExportFilter | None = None) -> Path | None:
    """Render and write the export (to ``path``, else a new timestamped name; the claims ``flt``
    chooses, else all); returns its path, or None when cancelled before the write (nothing is
    written then).  Raises WorkbenchError (one line)."""
    from ..evidence.export import atomic_write, check_writable, render

    if path is not None:
        check_writable(path)
    say = progress or (lambda done, total, label: None)
    say(0, 2, f"rendering {FORMATS[fmt][0]}")
    text = render(ws, fmt, flt) if flt is not None else render(ws, fmt)
    if cancel is not None and cancel.is_set():
        return None
    path = path if path is not None else export_path(ws, fmt)
    say(1, 2, f"writing {path.name}")
    atomic_write(path, text)
    say(2, 2, path.name)
    return path
