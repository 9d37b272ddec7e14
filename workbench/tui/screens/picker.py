"""The fuzzy picker (merge into, link entities, split a name off).  Type to filter; after every
key the highlight moves to the best match and the last line says what enter will do.

Its items are a fixed list, or come from ``fetch(filter)`` on every key: a bounded candidate set
read from the store (see :mod:`.entity_search`), so a workspace of half a million entities costs
the same per key as one of fifty.  Either way the candidates are re-ranked here by
:func:`match_score` (whole words and prefixes before fuzzy matches, accents ignored)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.events import Key
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...textutil import fold_for_match
from ..text import lit, one_line
from .dialogs import Dialog

Item = tuple[int, str, str, list[str]]  # id, name, detail, aliases
SHOWN = 200  # rows in the list


def match_score(q: str, name: str) -> float:
    """How well a typed filter ``q`` names ``name`` (both folded: no accents, casefolded), 0-100.
    Whole-name and word-prefix matches outrank fuzzy ones, so "gpu" finds "GPUs" before
    "ChatGPT" and "info" finds "Información" before "The Boring Company"."""
    from rapidfuzz import fuzz

    if not q or not name:
        return 0.0
    if name == q:
        return 100.0
    if name.startswith(q):
        return 98.0
    words = name.split()
    qwords = q.split()
    if all(any(w.startswith(qw) for w in words) for qw in qwords):
        return 95.0
    if q in name:
        return 90.0
    hit = [qw for qw in qwords if any(w.startswith(qw) for w in words)]
    if len(qwords) > 1 and hit and sum(map(len, hit)) * 2 >= sum(map(len, qwords)):
        # some typed words start words of the name: partial credit by the share of typed letters
        # matched (so "info" outweighs "the" in "the info")
        share = sum(map(len, hit)) / sum(map(len, qwords))
        return max(70.0 + 15.0 * share, 0.85 * fuzz.WRatio(q, name))
    return 0.85 * fuzz.WRatio(q, name)




def rank_items(q: str, items: Sequence[Item]) -> list[Item]:
    """``items`` whose name or an alias matches the folded query ``q`` (score 60 or more), best
    first; ties go to the shorter name, then alphabetical."""
    scored = []
    for it in items:
        best = max(match_score(q, fold_for_match(n)) for n in [it[1], *it[3]])
        if best >= 60:
            scored.append((-best, len(it[1]), it[1].casefold(), it))
    return [it for *_, it in sorted(scored, key=lambda x: x[:3])]

class PickerDialog(Dialog):
    """A fuzzy picker over (id, name, detail, aliases) items.  Type to filter, up/down move,
    ``space`` toggles in multi mode; enter saves (multi: the ticked set; single: the highlighted).

    ``items`` is a fixed list; with ``fetch`` the candidates for a filter are asked for on every
    key instead (``pinned``: the items ticked at the start, offered first while they stay ticked)."""

    DEFAULT_CSS = """
    PickerDialog #picker-filter { padding: 0 1; background: $boost; margin-top: 1; }
    PickerDialog OptionList { height: auto; max-height: 14; }
    """

    def __init__(self, title: str, items: Sequence[Item] = (), *, multi: bool = False,
                 selected: list[int] | None = None, describe: Callable[[str], str] | None = None,
                 fetch: Callable[[str], list[Item]] | None = None, pinned: Sequence[Item] = ()) -> None:
        super().__init__(title)
        self.items = list(items)
        self.fetch = fetch
        self._known: dict[int, Item] = {it[0]: it for it in pinned}  # every item fetched so far
        self.multi = multi
        self.selected: list[int] = list(selected or [])
        self.filter = ""
        # single mode: what enter will do to the highlighted item ("merge 'GPUs' into 'Nvidia'")
        self.describe = describe
        self._names = {it[0]: it[1] for it in [*self.items, *pinned]}

    def body(self) -> ComposeResult:
        yield Static(self._filter_text(), id="picker-filter")
        yield OptionList(id="picker-list")
        yield Static(Text(""), id="picker-preview", classes="dlg-label")

    def on_mount(self) -> None:
        self._refill()
        self.query_one("#picker-list", OptionList).focus()

    def hint(self) -> str:
        if self.multi:
            return "type to filter · ↑/↓ move · space: tick/untick · enter: save · escape: cancel"
        return "type to filter · ↑/↓ move · enter: choose · escape: cancel"

    def _filter_text(self) -> Text:
        t = Text("filter: ", style="dim", end="")
        t.append_text(lit(self.filter or "", "bold"))
        t.append("▏")
        if self.multi:
            t.append(f"   {len(self.selected)} ticked", style="dim")
        return t

    def candidates(self) -> list[Item]:
        """The items the filter is matched against: the fixed list, or the store's candidates for
        the current filter, then the ticked ones, each once."""
        if self.fetch is None:
            return self.items
        seen: dict[int, Item] = {}
        for it in self.fetch(self.filter):
            seen.setdefault(it[0], it)
            self._known.setdefault(it[0], it)
            self._names.setdefault(it[0], it[1])
        for i in self.selected:  # ticked, and not among this filter's candidates
            if i in self._known and i not in seen:
                seen[i] = self._known[i]
        return list(seen.values())

    def ranked(self) -> list[Item]:
        items = self.candidates()
        q = fold_for_match(" ".join(self.filter.split())) if self.filter else ""
        if not q:
            chosen = [it for it in items if it[0] in self.selected]
            return chosen + [it for it in items if it[0] not in self.selected]
        return rank_items(q, items)

    def _refill(self, keep_highlight: bool = False) -> None:
        """Rebuild the list.  After a change of the filter the highlight goes to the best match
        (the top row): keeping the old row would let enter act on an entity the user no longer
        sees at the top (typing "gpu" left ChatGPT highlighted, and merged into it)."""
        ol = self.query_one("#picker-list", OptionList)
        keep = ol.highlighted_option.id if keep_highlight and ol.highlighted_option is not None else None
        opts = []
        for eid, name, detail, _aliases in self.ranked()[:SHOWN]:
            t = Text(no_wrap=True, overflow="ellipsis", end="")
            if self.multi:
                t.append("[x] " if eid in self.selected else "[ ] ", style="bold green" if eid in self.selected else "dim")
            t.append_text(lit(name, "bold"))
            if detail:
                t.append("  ")
                t.append_text(lit(detail, "dim"))
            opts.append(Option(t, id=str(eid)))
        ol.clear_options()
        ol.add_options(opts)
        if opts:
            ids = [o.id for o in opts]
            ol.highlighted = ids.index(keep) if keep in ids else 0
        self.query_one("#picker-filter", Static).update(self._filter_text())
        self._preview()

    def _preview(self) -> None:
        """Say what enter will do, before it does it."""
        ol = self.query_one("#picker-list", OptionList)
        opt = ol.highlighted_option
        t = Text(end="")
        if self.multi:
            names = [self._names[i] for i in self.selected if i in self._names]
            t.append("enter saves: ", style="dim")
            t.append_text(lit(one_line(", ".join(names), 200) if names else "no entities", "bold"))
        elif opt is None or not opt.id:
            t.append("nothing matches: enter does nothing", style="dim")
        else:
            name = self._names.get(int(opt.id), "")
            t.append("enter: ", style="dim")
            t.append_text(lit(self.describe(name) if self.describe else name, "bold"))
        self.query_one("#picker-preview", Static).update(t)

    @on(OptionList.OptionHighlighted, "#picker-list")
    def _moved(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._preview()

    def on_key(self, event: Key) -> None:
        if event.key == "space" and self.multi:
            event.stop()
            event.prevent_default()
            opt = self.query_one("#picker-list", OptionList).highlighted_option
            if opt is not None and opt.id:
                eid = int(opt.id)
                self.selected.remove(eid) if eid in self.selected else self.selected.append(eid)
                self._refill(keep_highlight=True)
        elif event.key == "backspace":
            event.stop()
            self.filter = self.filter[:-1]
            self._refill()
        elif event.is_printable and event.character and event.key != "space":
            event.stop()
            event.prevent_default()
            self.filter += event.character
            self._refill()
        elif event.key == "space":
            event.stop()
            self.filter += " "
            self._refill()

    @on(OptionList.OptionSelected, "#picker-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        if not self.multi and self.result() is None:
            self.app.bell()  # nothing matches the filter: enter must not act on a hidden row
            return
        super().action_save()

    def result(self) -> list[int] | int | None:
        if self.multi:
            return list(self.selected)
        opt = self.query_one("#picker-list", OptionList).highlighted_option
        return int(opt.id) if opt is not None and opt.id else None


