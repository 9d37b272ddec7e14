"""Ingest from the TUI: a path (``seeds/`` by default), progress in a worker, cancellable.

Shown by itself when the workspace is empty, and on ``i``.  The worker uses its own connection
(ingest writes in its own transactions) and imports the ingest pipeline, and so spaCy, only when
it starts.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.notifications import SeverityLevel
from textual.suggester import Suggester
from textual.widgets import ProgressBar, Static

from ...errors import WorkbenchError
from ..text import lit
from ..widgets.common import WBInput, wb_app
from .task import ProgressScreen


def default_seeds() -> Path | None:
    for p in (Path.cwd() / "seeds", Path(__file__).resolve().parents[3] / "seeds"):
        if p.is_dir():
            return p
    return None


INGESTABLE = (".txt", ".md", ".markdown", ".html", ".htm")


def count_files(path: Path, limit: int = 100_000) -> int | None:
    """How many ingestable files ``path`` holds (a file counts as one); None if it is neither a
    file nor a folder.  Stops counting at ``limit``."""
    import os

    if path.is_file():
        return 1
    if not path.is_dir():
        return None
    n = 0
    for _root, _dirs, files in os.walk(path):
        n += sum(1 for f in files if f.lower().endswith(INGESTABLE))
        if n >= limit:
            break
    return n


class PathSuggester(Suggester):
    """Completes the path being typed from the file system (folders end in "/")."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        import os

        if not value:
            return None
        expanded = os.path.expanduser(value)
        folder, stem = os.path.split(expanded)
        try:
            names = sorted(os.listdir(folder or "."))
        except OSError:
            return None
        for name in names:
            if name.startswith(stem) and name != stem and (stem.startswith(".") or not name.startswith(".")):
                full = os.path.join(folder, name)
                done = value[: len(value) - len(stem)] + name
                return done + ("/" if os.path.isdir(full) else "")
        return None


class IngestScreen(ProgressScreen):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="ingest.cancel"),
        Binding("enter", "start", "Ingest", id="ingest.start"),
    ]

    def __init__(self, *, empty: bool = False) -> None:
        super().__init__()
        self.empty = empty
        self.cancel_event = threading.Event()
        self.running = False
        self.report = None

    def compose(self) -> ComposeResult:
        seeds = default_seeds()
        with Vertical(id="box"):
            title = "This workspace is empty: add some sources" if self.empty else "Ingest sources"
            yield Static(lit(title), classes="dlg-title")
            yield Static(lit("A file or folder of .txt / .md / .html articles:"), classes="dlg-label")
            yield WBInput(str(seeds) if seeds else "", placeholder="path/to/articles (→ completes)",
                          id="ingest-path", suggester=PathSuggester())
            yield Static(lit(""), id="ingest-count", classes="dlg-label")
            yield ProgressBar(total=None, show_eta=False)
            yield Static(lit("enter: ingest · escape: " + ("cancel" if not self.empty else "skip")),
                         id="status")

    def on_mount(self) -> None:
        self._count(self.query_one("#ingest-path", WBInput).value)

    def on_input_changed(self, event: WBInput.Changed) -> None:
        self._count(event.value)

    def _count(self, value: str) -> None:
        value = value.strip()
        n = count_files(Path(value).expanduser()) if value else None
        if n is None:
            text = "no such file or folder yet" if value else ""
        else:
            text = f"{n:,}{'+' if n >= 100_000 else ''} file{'s' if n != 1 else ''} to read (.txt .md .html)"
        self.query_one("#ingest-count", Static).update(lit(text))

    def on_input_submitted(self, event: WBInput.Submitted) -> None:
        event.stop()
        self.action_start()

    def action_start(self) -> None:
        if self.running:
            return
        path = self.query_one("#ingest-path", WBInput).value.strip()
        if not path:
            self.app.notify("type a file or folder path", severity="warning", markup=False)
            return
        if not Path(path).expanduser().exists():
            self.app.notify(f"no such file or folder: {path}", severity="error", markup=False)
            return
        self.running = True
        self.cancel_event.clear()
        self._status(f"reading {path}… (escape cancels)")
        self.run_ingest(str(Path(path).expanduser()))

    def _status(self, text: str) -> None:
        self.set_status(text)

    def _progress(self, done: int, total: int, path: str) -> None:
        self.show_progress(done, total, Path(path).name)

    @work(thread=True, exclusive=True, group="ingest")
    def run_ingest(self, path: str) -> None:
        app = self.app
        try:
            from ...ingest import ingest_paths

            ws = wb_app(app).thread_workspace()
            report = ingest_paths(ws, [path], workers=1, cancel=self.cancel_event,
                                  progress=lambda d, t, p: app.call_from_thread(self._progress, d, t, str(p)))
        except WorkbenchError as exc:
            app.call_from_thread(self._failed, str(exc))
            return
        app.call_from_thread(self._finished, report)

    def _failed(self, message: str) -> None:
        self.running = False
        self.app.notify(message, severity="error", markup=False)
        self._status("enter: try again · escape: close")

    def _finished(self, report: Any) -> None:
        self.running = False
        self.report = report
        summary = report.summary() if hasattr(report, "summary") else "done"
        severity: SeverityLevel = "warning" if getattr(report, "failed", None) else "information"
        self.app.notify(f"ingest: {summary}", severity=severity, markup=False, timeout=8)
        for path, why in list(getattr(report, "failed", []))[:5]:
            self.app.notify(f"{Path(path).name}: {why}", severity="error", markup=False, timeout=10)
        self.dismiss(report)

    def action_cancel(self) -> None:
        if self.running:
            self.cancel_event.set()
            self._status("cancelling… (what was stored so far stays)")
        else:
            self.dismiss(None)
