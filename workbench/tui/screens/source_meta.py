"""The source details dialog: what a citation needs (title, outlet, author, URL, publication and
capture dates), as ``workbench source set`` sets it.  Enter saves every field that changed (one
action, undoable with ctrl+z); escape cancels."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from ...store.models import Source
from ..text import lit
from ..widgets.common import WBInput
from .dialogs import Dialog

# (field, label, placeholder)
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("title", "Title", ""),
    ("outlet", "Outlet", "newspaper, site, agency, institution"),
    ("author", "Author", ""),
    ("url", "URL", "https://…"),
    ("published_at", "Published (ISO 8601)", "2025-03-04 or 2025-03-04T10:00:00+01:00"),
    ("captured_at", "Captured (ISO 8601)", "when it was archived or retrieved"),
)


class SourceMetaDialog(Dialog):
    """One input per field, pre-filled; dismisses with {field: new value} for the fields changed."""

    def __init__(self, source: Source, values: dict[str, str] | None = None) -> None:
        super().__init__(f"Source {source.id}: details for citations")
        self.source = source
        self.initial = {f: str(getattr(source, f) or "") for f, _l, _p in FIELDS}
        self.values = {**self.initial, **(values or {})}

    def body(self) -> ComposeResult:
        if self.source.pages:
            name = self.source.path.rsplit("/", 1)[-1]
            yield Static(lit(f"{name} · {self.source.pages} pages"), classes="dlg-label")
        for f, label, placeholder in FIELDS:
            yield Static(lit(label), classes="dlg-label")
            yield WBInput(self.values[f], placeholder=placeholder, id=f"meta-{f}")

    def hint(self) -> str:
        return "enter: save · escape: cancel · tab: next field · an emptied field is cleared"

    def result(self) -> dict[str, str]:
        out = {}
        for f, _l, _p in FIELDS:
            value = self.query_one(f"#meta-{f}", WBInput).value.strip()
            if value != self.initial[f]:
                out[f] = value
        return out
