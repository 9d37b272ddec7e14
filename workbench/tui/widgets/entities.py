"""Entities pane: label, name, mention and source counts, status; ``/`` filters.  Corrections
(m merge, r rename, l label, ! reject, + confirm) apply to the whole workspace.

The list reads only the rows on screen, a page at a time, most mentioned first (an index keeps
that order); the filter is a lookup in the ``entity_names`` FTS index (every typed word is a word
prefix of a name or alias), not a scan, so each key costs the same on any workspace size."""

from __future__ import annotations
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Key
from textual.widgets import Static

from ...store import Entity
from ..text import lit, one_line
from .common import EntityCommand, WBInput, workspace
from .vlist import PagedRows, Row, VirtualList

FILTER_CAP = 10_000  # a filter lists (and counts) at most this many matches; type more to narrow it
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
        if self.parent is not None:
            self.parent.query_one("#entity-filter", WBInput).focus()


class EntitiesPane(Vertical):
    BINDINGS = [Binding("escape", "clear_filter", "Clear filter", show=False, id="entities.clear")]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.total = 0  # entities listed (capped at FILTER_CAP + 1 while filtering)

    def compose(self) -> ComposeResult:
        yield Static(lit("Entities"), id="entities-title", classes="pane-title")
        yield WBInput(placeholder="/ filter: name, label:PER…", id="entity-filter")
        yield EntitiesList(id="entities-list")

    @property
    def option_list(self) -> EntitiesList:
        return self.query_one(EntitiesList)

    def reload(self) -> None:
        ws = workspace(self.app)
        text, label = split_label_filter(self.query_one("#entity-filter", WBInput).value)
        q = text.strip() or None
        self.total = ws.entity_count(q, cap=FILTER_CAP if q else None, label=label)
        shown = f"{FILTER_CAP:,}+" if q and self.total > FILTER_CAP else str(self.total)
        ol = self.option_list
        keep = ol.highlighted if ol.paged and (q, label) == getattr(self, "_query", None) else None
        self._query = (q, label)

        def page(offset: int, limit: int, q: str | None = q) -> list[Row]:
            return [Row(str(e.id), entity_prompt(e)) for e in ws.entities_page(offset, limit, q, label)]

        ol.set_rows(PagedRows(min(self.total, FILTER_CAP) if q else self.total, page), keep)
        self.query_one("#entities-title", Static).update(lit(f"Entities ({shown})"))

    @on(WBInput.Changed, "#entity-filter")
    def _filter(self) -> None:
        self.reload()

    @on(WBInput.Submitted, "#entity-filter")
    def _submit(self) -> None:
        self.option_list.focus()

    def on_key(self, event: Key) -> None:
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
