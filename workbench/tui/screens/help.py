"""``?``: every key binding, grouped by where it works, read from the BINDINGS themselves (and
the app's keymap), so the list cannot drift from the code."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from ..text import lit
from .palette import binding_key


def only(bindings: Iterable[BindingType]) -> list[Binding]:
    """The Binding objects of a BINDINGS list (Textual also allows tuples; the workbench uses none)."""
    return [b for b in bindings if isinstance(b, Binding)]


def _sections() -> list[tuple[str, list[Binding], list[tuple[str, str]]]]:
    from ..widgets.claims import ClaimsList
    from ..widgets.common import claim_bindings
    from ..widgets.entities import EntitiesList, EntitiesPane
    from ..widgets.reader import ReaderArea
    from ..widgets.sources import SourcesPane
    from .dialogs import Dialog, StatusPicker
    from .ingest import IngestScreen
    from .corroboration import CandidatesDialog
    from .main import MainScreen

    from ..app import WorkbenchApp

    claim_ids = {b.id for b in claim_bindings()}
    selection = [b for b in only(TextArea.BINDINGS) if "select" in b.action or b.action.startswith("cursor")]
    return [
        ("Everywhere", only([*WorkbenchApp.BINDINGS, *MainScreen.BINDINGS]),
         [("ctrl+p", "command palette: every action by name"), ("ctrl+q", "quit, even inside a text box")]),
        ("Sources pane", only(SourcesPane.BINDINGS),
         [("enter", "open the highlighted source in the reader"), ("↑/↓", "move"),
          ("/", "type to search all sources; enter or ↓ goes to the hits")]),
        ("Reader", [b for b in only(ReaderArea.BINDINGS) if b.id not in claim_ids],
         [("arrows, page keys", "move"), ("shift+arrows", "extend the selection by character / line"),
          ("ctrl+shift+←/→", "extend the selection by word")]),
        ("Reader text movement (from TextArea)", selection, []),
        ("On a claim (reader cursor inside it, or Claims pane)", claim_bindings(), []),
        ("Claims pane", [b for b in only(ClaimsList.BINDINGS) if b.id not in claim_ids],
         [("enter", "jump to the claim in the reader")]),
        ("Entities pane", only([*EntitiesList.BINDINGS, *EntitiesPane.BINDINGS]),
         [("enter", "list the entity's mentions across sources; enter on one jumps to it")]),
        ("Dialogs", only([*Dialog.BINDINGS, *StatusPicker.BINDINGS]),
         [("space", "entity pickers: tick / untick"), ("letters", "entity pickers: filter (fuzzy)"),
          ("→", "tag box: accept the completion")]),
        ("Corroboration list", only(CandidatesDialog.BINDINGS), [("enter", "open the passage")]),
        ("Ingest", only(IngestScreen.BINDINGS), []),
    ]


def help_text(keymap: dict[str, str] | None = None) -> Group:
    """One small table per section (key, what it does, binding id), so a long section title or
    key never widens every other row; fits 80 columns."""
    keymap = keymap or {}
    parts: list = []
    for title, bindings, extra in _sections():
        table = Table.grid(padding=(0, 2), expand=True)
        table.add_column(style="bold cyan", no_wrap=True, min_width=10, max_width=26)
        table.add_column(ratio=1)
        table.add_column(style="dim", no_wrap=True)
        seen = set()
        for b in bindings:
            if not isinstance(b, Binding):
                continue
            display = binding_key(b, keymap)
            row = (display, b.description or b.action)
            if row in seen:
                continue
            seen.add(row)
            table.add_row(lit(display), lit(b.description or b.action), lit(b.id or ""))
        for k, desc in extra:
            table.add_row(lit(k), lit(desc), Text(""))
        parts += [Text(""), Text(title, style="bold underline"), table]
    return Group(*parts)


class HelpScreen(ModalScreen):
    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close help", id="help.close"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; background: $background 60%; }
    HelpScreen > VerticalScroll { width: 100; max-width: 98%; height: 90%; border: thick $primary;
                                  background: $surface; padding: 0 1; }
    HelpScreen #help-title { text-style: bold; background: $primary 40%; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(lit("Keys  (↑/↓ scroll · escape closes · ids remap keys in the keymap)"), id="help-title")
            yield Static(help_text(getattr(self.app, "keymap", {})), id="help-body")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
