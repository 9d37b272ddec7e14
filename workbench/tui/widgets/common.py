"""Small pieces shared by panes and dialogs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

if TYPE_CHECKING:
    from textual.app import App

    from ...store import Workspace
    from ..app import WorkbenchApp


def wb_app(app: App[Any]) -> WorkbenchApp:
    """The running app as the workbench's own (its workspace, its worker connections)."""
    return cast("WorkbenchApp", app)


def workspace(app: App[Any]) -> Workspace:
    """The UI thread's workspace connection."""
    return wb_app(app).ws


class WBInput(Input):
    """An Input that follows the app's cursor-blink setting (off in tests and snapshots).

    Focus never selects the text: editing tags or a note starts with the cursor at the end of
    the old value, so typing adds to it instead of replacing it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "cursor_blink", True)
        self.cursor_position = len(self.value)


@dataclass
class ClaimCommand(Message):
    """A pane asks for something to be done to a claim (``tags``, ``status``, ``entities``,
    ``note``, ``delete``, ``corroborate``)."""

    command: str
    claim_id: str | None


@dataclass
class EntityCommand(Message):
    """The entities pane asks for a correction (``merge``, ``rename``, ``label``, ``reject``,
    ``confirm``) or for the entity's mentions (``mentions``)."""

    command: str
    entity_id: int | None


@dataclass
class OpenSource(Message):
    """Open a source in the reader (optionally marking search hits, selecting a span)."""

    source_id: int
    query: str | None = None
    span: tuple[int, int] | None = None


@dataclass
class JumpToClaim(Message):
    claim_id: str


def claim_bindings() -> list[Binding]:
    """The claim keys, the same in the reader and in the claims pane (same ids, so one keymap
    entry remaps both)."""
    return [
        Binding("t", "claim('tags')", "Tags", show=False, id="claim.tags"),
        Binding("v", "claim('status')", "Status", show=False, id="claim.status"),
        Binding("e", "claim('entities')", "Entities", show=False, id="claim.entities"),
        Binding("n", "claim('note')", "Note", show=False, id="claim.note"),
        Binding("d", "claim('delete')", "Delete", show=False, id="claim.delete"),
        Binding("o", "claim('corroborate')", "Corroborate", id="claim.corroborate"),
        Binding("g", "claim('links')", "Linked claims", show=False, id="claim.links"),
        Binding("h", "claim('history')", "History", show=False, id="claim.history"),
        Binding("y", "claim('copy')", "Copy+cite", show=False, id="claim.copy"),
        Binding("w", "claim('span')", "Edit span", show=False, id="claim.span"),
        Binding("right_square_bracket", "next_claim", "Next", key_display="]", id="claim.next"),
        Binding("left_square_bracket", "prev_claim", "Prev", key_display="[", id="claim.prev"),
    ]
