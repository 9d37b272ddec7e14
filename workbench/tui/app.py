"""The Textual app: thin.  It owns the Workspace, the global keys and the notification of errors;
the panes live in :mod:`.screens.main`."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.notifications import SeverityLevel

from ..errors import WorkbenchError
from ..textutil import display
from .commands import WorkbenchCommands
from .screens.main import MainScreen

if TYPE_CHECKING:
    from ..store import Workspace


def _tune_gc() -> None:
    """Once the screen is built: move the start-up objects (Textual's DOM, styles, modules) out of
    the collector's way and collect less often.  Opening a 200,000-character source with 1,000
    claims went from a median 197 ms to 120 ms here; full collections walking the whole start-up
    heap were most of the difference (bench/tui_startup.py)."""
    gc.freeze()
    gc.set_threshold(20_000, 50, 50)


class WorkbenchApp(App[None]):
    CSS_PATH = Path(__file__).with_name("workbench.tcss")  # absolute: subclasses may live anywhere
    TITLE = "workbench"
    COMMANDS = App.COMMANDS | {WorkbenchCommands}
    BINDINGS = [
        Binding("q", "quit", "Quit", show=False, id="app.quit"),
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
        Binding("ctrl+z", "undo", "Undo", show=False, id="app.undo"),
        Binding("ctrl+y", "redo", "Redo", show=False, id="app.redo"),
    ]

    def __init__(self, ws: Workspace, *, cursor_blink: bool = True, check_empty: bool = True, tune_gc: bool = True) -> None:
        super().__init__()
        self.ws = ws
        if not ws.session:  # undo / redo act on this session's own actions (issue 12, item 6)
            from . import new_session

            ws.session = new_session()
        self.cursor_blink = cursor_blink
        self.check_empty = check_empty
        self.tune_gc = tune_gc
        self.last_export: Path | None = None
        self.keymap: dict[str, str] = {}  # binding id -> key, as the user's keymap file says
        self._local = threading.local()
        self._thread_ws: list[Workspace] = []
        self.sub_title = display(str(ws.path), oneline=True)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every notification (a path, a title, a tag, a name) is shown through ``display()``: an
        ingested file named with escape codes set the terminal's title and wiped the screen."""
        super().notify(display(str(message)), title=display(str(title), oneline=True), severity=severity,
                       timeout=timeout, markup=markup)

    def on_mount(self) -> None:
        from .keymap import load_keymap

        try:
            keymap = load_keymap()
        except WorkbenchError as exc:
            self.fail(exc)
        else:
            if keymap:
                self.keymap = keymap
                self.set_keymap(keymap)
        self.push_screen(MainScreen())
        if self.tune_gc:
            self.call_after_refresh(_tune_gc)
        if self.check_empty and self.ws.source_count() == 0:
            from .screens.ingest import IngestScreen

            self.push_screen(IngestScreen(empty=True), lambda _r: self.main.refresh_all())

    @property
    def main(self) -> MainScreen:
        for s in self.screen_stack:
            if isinstance(s, MainScreen):
                return s
        raise LookupError("no main screen")

    def thread_workspace(self) -> Workspace:
        """A connection of this thread's own, for workers (SQLite transactions are per connection)."""
        ws: Workspace | None = getattr(self._local, "ws", None)
        if ws is None:
            from ..store import Workspace

            ws = Workspace(self.ws.path)
            ws.session, ws.author = self.ws.session, self.ws.author  # the workers act for this session
            self._local.ws = ws
            self._thread_ws.append(ws)
        return ws

    def fail(self, exc: WorkbenchError) -> None:
        self.notify(str(exc), severity="error", markup=False)

    def action_undo(self) -> None:
        self._history(self.ws.undo, "undone")

    def action_redo(self) -> None:
        self._history(self.ws.redo, "redone")

    def _history(self, fn: Callable[[], str], word: str) -> None:
        try:
            summary = fn()
        except WorkbenchError as exc:
            self.fail(exc)
            return
        self.main.refresh_all()
        self.notify(f"{word}: {summary}", markup=False, timeout=3)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def on_cursor_position(self, event: events.CursorPosition) -> None:
        """xterm and tmux send shift+F3 as ESC [1;2R, the form of a cursor position report (row 1,
        column 2), and Textual's parser reads it as one.  The full-screen app never asks for a
        report, so this is the key."""
        if (event.x, event.y) == (1, 0):
            self.simulate_key("shift+f3")

    def on_unmount(self) -> None:
        for ws in self._thread_ws:
            ws.close()
