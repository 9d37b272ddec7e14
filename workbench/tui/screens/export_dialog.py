"""The export dialog: where to write an export and which claims go in."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.app import ComposeResult
from textual.widgets import Static

from ...store import CLAIM_STATUSES
from ..text import lit
from ..widgets.common import WBInput
from .dialogs import Dialog, TagSuggester, split_tags


@dataclass
class ExportChoice:
    path: str
    tags: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    sources: list[int] = field(default_factory=list)


class ExportDialog(Dialog):
    """Where to write an export and which claims go in: the file name (editable; a timestamped
    name next to the workspace is filled in), tags, statuses and source ids (comma-separated;
    empty: all).  Enter exports, escape cancels."""

    def __init__(self, title: str, path: str, tags: list[str], source_id: int | None = None) -> None:
        super().__init__(title)
        self.path = path
        self.tags = tags
        self.source_id = source_id
        self.error = ""

    def body(self) -> ComposeResult:
        yield Static(lit("File"), classes="dlg-label")
        yield WBInput(self.path, id="export-path", select_on_focus=False)
        yield Static(lit("Only claims with these tags (comma-separated; empty: any)"), classes="dlg-label")
        yield WBInput("", id="export-tags", suggester=TagSuggester(self.tags))
        yield Static(lit("Only these statuses (" + ", ".join(CLAIM_STATUSES) + "; empty: any)"), classes="dlg-label")
        yield WBInput("", id="export-statuses")
        here = f"; {self.source_id} is the open one" if self.source_id is not None else ""
        yield Static(lit(f"Only these source ids (empty: all{here})"), classes="dlg-label")
        yield WBInput("", id="export-sources")
        yield Static("", id="export-error", classes="dlg-hint")

    def on_mount(self) -> None:
        self.query_one("#export-path", WBInput).focus()

    def hint(self) -> str:
        return "enter: export · tab: next field · escape: cancel"

    def result(self) -> ExportChoice | None:
        path = self.query_one("#export-path", WBInput).value.strip()
        statuses = split_tags(self.query_one("#export-statuses", WBInput).value)
        sources = split_tags(self.query_one("#export-sources", WBInput).value)
        bad = [s for s in statuses if s not in CLAIM_STATUSES]
        problem = ("the file name is empty" if not path else f"unknown status {bad[0]!r}" if bad else
                   "" if all(s.isdigit() and len(s) < 18 for s in sources) else
                   "source ids are numbers, separated by commas")
        if problem:
            self._complain(problem)
            return None
        return ExportChoice(path, split_tags(self.query_one("#export-tags", WBInput).value), statuses,
                            [int(s) for s in sources])

    def _complain(self, message: str) -> None:
        self.error = message
        self.query_one("#export-error", Static).update(lit(message, "bold red"))

    def action_save(self) -> None:
        choice = self.result()
        if choice is not None:
            self.dismiss(choice)
