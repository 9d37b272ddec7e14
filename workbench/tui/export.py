"""Export glue: the TUI picks a format, :mod:`workbench.evidence` writes the file.

The file goes next to the workspace with a timestamped name, e.g.
``workspace-evidence-20240501-142233.md``.  The writers belong to the evidence package; this
module only finds them, so the TUI never duplicates export logic.
"""

from __future__ import annotations

import importlib
from datetime import datetime
from pathlib import Path

from ..errors import WorkbenchError

# format -> (name shown, file extension)
FORMATS: dict[str, tuple[str, str]] = {
    "json": ("JSON (W3C Web Annotation)", "json"),
    "md": ("Markdown report", "md"),
    "ftm": ("FollowTheMoney entities (JSON lines)", "ftm.json"),
}

# where the evidence package may provide writers: (module, function) tried in order; each takes
# (ws, path) and writes the file
_WRITERS: dict[str, list[tuple[str, str]]] = {
    "json": [("workbench.evidence.export", "write_json"), ("workbench.evidence.webanno", "write_json"),
             ("workbench.evidence.export", "export_json")],
    "md": [("workbench.evidence.export", "write_markdown"), ("workbench.evidence.markdown", "write_markdown"),
           ("workbench.evidence.export", "export_markdown")],
    "ftm": [("workbench.evidence.export", "write_ftm"), ("workbench.evidence.ftm", "write_ftm"),
            ("workbench.evidence.export", "export_ftm")],
}


def export_path(ws, fmt: str, now: datetime | None = None) -> Path:
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    db = Path(ws.path).resolve()
    return db.with_name(f"{db.stem}-evidence-{stamp}.{FORMATS[fmt][1]}")


def find_writer(fmt: str):
    try:  # the evidence package's one entry point: render(ws, fmt) + an all-or-nothing write
        from ..evidence.export import atomic_write, render
    except ImportError:
        pass
    else:
        return lambda ws, path: atomic_write(path, render(ws, fmt))
    for mod, fn in _WRITERS.get(fmt, []):
        try:
            m = importlib.import_module(mod)
        except ImportError:
            continue
        f = getattr(m, fn, None)
        if callable(f):
            return f
    return None


def export(ws, fmt: str) -> Path:
    """Write the export and return its path.  Raises WorkbenchError (one line)."""
    if fmt not in FORMATS:
        raise WorkbenchError(f"unknown export format {fmt!r}")
    writer = find_writer(fmt)
    if writer is None:
        raise WorkbenchError(f"{FORMATS[fmt][0]} export is not available in this build yet")
    path = export_path(ws, fmt)
    writer(ws, path)
    return path
