"""Entities pane: label, name, mention and source counts, status; ``/`` filters.  Corrections
(m merge, r rename, l label, ! reject, + confirm) apply to the whole workspace."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from ...store import Entity
from ..text import lit, one_line
from .common import EntityCommand, WBInput
from .vlist import Row, VirtualList

LABEL_STYLE = {"PER": "bold #ffaf5f", "ORG": "bold #5fafff", "LOC": "bold #5fd75f", "MISC": "bold #d7afff"}


def entity_prompt(e: Entity) -> Text:
    t = Text(end="")
    t.append(f"{e.label:<5}", style=LABEL_STYLE.get(e.label, ""))
    mark = {"confirmed": "✓ ", "rejected": "✗ "}.get(e.status, "")
    if mark:
        t.append(mark, style="green" if e.status == "confirmed" else "red")
    t.append_text(lit(one_line(e.name, 28)))
    t.append(f"  {e.mentions}×/{e.sources}", style="dim")
    return t


def split_label_filter(value: str) -> tuple[str, str | None]:
    """``label:PER musk`` -> ("musk", "PER"): the entities filter takes a label as well as a name."""
    words, label = [], None
    for w in value.split():
        key, sep, val = w.partition(":")
        if sep and key.casefold() == "label" and val:
            label = val.upper()
        else:
            words.append(w)
    return " ".join(words), label


class EntitiesList(VirtualList):
    BINDINGS = [
        Binding("m", "entity('merge')", "Merge", id="entities.merge"),
        Binding("r", "entity('rename')", "Rename", show=False, id="entities.rename"),
        Binding("l", "entity('label')", "Label", show=False, id="entities.label"),
        Binding("exclamation_mark", "entity('reject')", "Reject", key_display="!", id="entities.reject"),
        Binding("plus", "entity('confirm')", "Confirm", key_display="+", id="entities.confirm"),
        Binding("s", "entity('split')", "Split", id="entities.split"),
        Binding("c", "entity('claims')", "Claims", id="entities.claims"),
        Binding("slash", "filter", "Filter", key_display="/", id="entities.filter"),
    ]

    def current_entity_id(self) -> int | None:
        opt = self.highlighted_option
        return int(opt.id) if opt is not None and opt.id else None

    def action_entity(self, command: str) -> None:
        eid = self.current_entity_id()
        if eid is None:
            self.app.notify("no entity highlighted", severity="warning", markup=False)
            return
        self.post_message(EntityCommand(command, eid))

    def action_filter(self) -> None:
        self.parent.query_one("#entity-filter", WBInput).focus()  # type: ignore[union-attr]


class EntitiesPane(Vertical):
    BINDINGS = [Binding("escape", "clear_filter", "Clear filter", show=False, id="entities.clear")]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.entities: list[Entity] = []

    def compose(self) -> ComposeResult:
        yield Static(lit("Entities"), id="entities-title", classes="pane-title")
        yield WBInput(placeholder="/ filter: name, label:PER…", id="entity-filter")
        yield EntitiesList(id="entities-list")

    @property
    def option_list(self) -> EntitiesList:
        return self.query_one(EntitiesList)

    def reload(self) -> None:
        ws = self.app.ws  # type: ignore[attr-defined]
        q, label = split_label_filter(self.query_one("#entity-filter", WBInput).value)
        self.entities = ws.list_entities(query=q or None)
        if label:
            self.entities = [e for e in self.entities if e.label == label]
        ol = self.option_list
        keep = ol.highlighted_option.id if ol.highlighted_option is not None else None
        ol.set_rows([Row(str(e.id), entity_prompt(e)) for e in self.entities], keep)
        self.query_one("#entities-title", Static).update(lit(f"Entities ({len(self.entities)})"))

    @on(WBInput.Changed, "#entity-filter")
    def _filter(self) -> None:
        self.reload()

    @on(WBInput.Submitted, "#entity-filter")
    def _submit(self) -> None:
        self.option_list.focus()

    def on_key(self, event) -> None:
        if event.key == "down" and self.query_one("#entity-filter").has_focus:
            event.stop()
            self.option_list.focus()

    def action_clear_filter(self) -> None:
        f = self.query_one("#entity-filter", WBInput)
        if f.value:
            f.value = ""
        self.option_list.focus()

    @on(VirtualList.OptionSelected, "#entities-list")
    def _selected(self, event: VirtualList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(EntityCommand("mentions", int(event.option.id)))
