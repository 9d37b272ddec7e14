"""A long job in a worker, with a progress bar, cancellable with escape (re-running NER ...).

The job is ``job(ws, progress, cancel)`` run on the worker thread's own connection; it reports
``progress(done, total, label)`` and stops between steps when ``cancel`` is set.  What it stored
before a cancel stays stored (each step is its own transaction)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import ProgressBar, Static

from ...errors import WorkbenchError
from ..text import lit, one_line
from ..widgets.common import wb_app

Job = Callable[[Any, Callable[[int, int, str], None], threading.Event], Any]


class ProgressScreen(ModalScreen):
    """Base of the screens that show long work: a centred box with a title, a progress bar and a
    status line (ingest, re-running NER, export)."""

    DEFAULT_CSS = """
    ProgressScreen { align: center middle; background: $background 60%; }
    ProgressScreen > #box { width: 76; max-width: 95%; height: auto; border: thick $primary; background: $surface;
                            padding: 0 1; }
    ProgressScreen .dlg-title { text-style: bold; background: $primary 40%; padding: 0 1; width: 1fr; }
    ProgressScreen #status { color: $text-muted; margin-top: 1; height: auto; }
    ProgressScreen ProgressBar { margin-top: 1; }
    """

    def set_status(self, text: str) -> None:
        self.query_one("#status", Static).update(lit(text))

    def show_progress(self, done: int, total: int, label: str) -> None:
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)
        self.set_status(f"{done}/{total}  {one_line(label, 50)}  (escape cancels)")


class TaskScreen(ProgressScreen):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="task.cancel")]

    def __init__(self, title: str, job: Job, describe: Callable[[Any], str]) -> None:
        super().__init__()
        self.title_text = title
        self.job = job
        self.describe = describe
        self.cancel_event = threading.Event()

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Static(lit(self.title_text), classes="dlg-title")
            yield ProgressBar(total=None, show_eta=False)
            yield Static(lit("starting… (escape cancels)"), id="status")

    def on_mount(self) -> None:
        self.run_job()

    @work(thread=True, exclusive=True, group="task")
    def run_job(self) -> None:
        app = self.app
        try:
            ws = wb_app(app).thread_workspace()
            result = self.job(ws, lambda d, t, label: app.call_from_thread(self.show_progress, d, t, str(label)),
                              self.cancel_event)
        except WorkbenchError as exc:
            app.call_from_thread(self._done, None, str(exc))
            return
        except OSError as exc:  # a disk that is full or gone: still one line
            app.call_from_thread(self._done, None, f"{exc.strerror or exc}")
            return
        app.call_from_thread(self._done, result, None)

    def _done(self, result: Any, error: str | None) -> None:
        if error:
            self.app.notify(error, severity="error", markup=False)
        else:
            self.app.notify(self.describe(result), markup=False, timeout=6)
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.cancel_event.set()
        self.set_status("cancelling… (what was done so far stays)")
