"""Dialogs.  In every one ``enter`` saves what has been filled in and ``escape`` cancels
(dismisses with ``None``).  Everything user-supplied is shown through literal Text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widget import Widget
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option

from ...store import CLAIM_STATUSES, ENTITY_LABELS
from ...textutil import fold_for_match
from ..text import STATUS_MARK, STATUS_STYLE, lit, one_line
from ..widgets.common import WBInput


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


def split_tags(value: str) -> list[str]:
    return [t for t in (" ".join(p.split()) for p in value.split(",")) if t]


class TagSuggester(Suggester):
    """Completes the tag being typed (after the last comma) from the workspace's tags."""

    def __init__(self, tags: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.tags = tags

    async def get_suggestion(self, value: str) -> str | None:
        head, sep, last = value.rpartition(",")
        stem = last.lstrip()
        if not stem:
            return None
        low = stem.casefold()
        for t in self.tags:
            if t.casefold().startswith(low) and t != stem:
                return value[: len(value) - len(stem)] + t
        return None


class Dialog(ModalScreen):
    """Base: a centred box with a title; enter saves, escape cancels."""

    BINDINGS = [
        Binding("enter", "save", "Save", id="dialog.save"),
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]
    DEFAULT_CSS = """
    Dialog { align: center middle; background: $background 60%; }
    Dialog > #box { width: 76; max-width: 95%; height: auto; max-height: 90%; border: thick $primary;
                    background: $surface; padding: 0 1; }
    Dialog .dlg-title { text-style: bold; color: $text; background: $primary 40%; width: 1fr; padding: 0 1; }
    Dialog .dlg-hint { color: $text-muted; margin-top: 1; }
    Dialog .dlg-label { margin-top: 1; color: $text-muted; }
    Dialog .dlg-quote { color: $text; background: $boost; padding: 0 1; max-height: 5; margin-top: 1; }
    Dialog Input { border: none; height: 1; padding: 0 1; background: $boost; }
    Dialog Input:focus { border: none; background: $accent 25%; }
    Dialog OptionList { height: auto; max-height: 16; }
    Dialog.-short .dlg-label { margin-top: 0; }
    Dialog.-short .dlg-hint { margin-top: 0; }
    Dialog.-short .dlg-quote { margin-top: 0; max-height: 3; }
    Dialog.-short OptionList { max-height: 10; }
    Dialog.-short > #box { max-height: 100%; }
    """
    TITLE_TEXT = ""

    def __init__(self, title: str | None = None) -> None:
        super().__init__()
        self.title_text = title if title is not None else self.TITLE_TEXT

    def compose(self) -> ComposeResult:
        with Vertical(id="box"):
            yield Static(lit(self.title_text), classes="dlg-title")
            yield from self.body()
            yield Static(lit(self.hint()), classes="dlg-hint")

    def body(self) -> ComposeResult:
        yield from ()

    def on_resize(self, event) -> None:
        # short terminals (80x24): no blank lines between fields, so the key hints stay visible
        self.set_class(event.size.height < 32, "-short")

    def hint(self) -> str:
        return "enter: save · escape: cancel"

    def result(self):
        return True

    def action_save(self) -> None:
        self.dismiss(self.result())

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(WBInput.Submitted)
    def _input_submitted(self, event: WBInput.Submitted) -> None:
        event.stop()
        self.action_save()


# -- status -------------------------------------------------------------------------------
class StatusPicker(Widget, can_focus=True):
    """The five statuses on one line; left/right or 1-5 choose.  Enter is left to the dialog."""

    DEFAULT_CSS = """
    StatusPicker { height: 1; padding: 0 1; background: $boost; }
    StatusPicker:focus { background: $accent 25%; }
    """
    BINDINGS = [
        Binding("left", "move(-1)", "Previous status", show=False, id="status.prev"),
        Binding("right", "move(1)", "Next status", show=False, id="status.next"),
        *[Binding(str(i + 1), f"pick({i})", s, show=False, id=f"status.{s}")
          for i, s in enumerate(CLAIM_STATUSES)],
    ]

    def __init__(self, value: str = "unverified", **kwargs) -> None:
        super().__init__(**kwargs)
        self.statuses = list(CLAIM_STATUSES)
        self.value = value if value in self.statuses else "unverified"

    def render(self) -> Text:
        t = Text(end="")
        for i, s in enumerate(self.statuses):
            label = f" {i + 1} {STATUS_MARK[s]} {s} "
            if s == self.value:
                t.append(label, style="reverse " + STATUS_STYLE[s])
            else:
                t.append(label, style="dim")
        return t

    def action_move(self, step: int) -> None:
        i = (self.statuses.index(self.value) + step) % len(self.statuses)
        self.action_pick(i)

    def action_pick(self, index: int) -> None:
        self.value = self.statuses[index]
        self.refresh()


@dataclass
class ClaimDraft:
    tags: list[str] = field(default_factory=list)
    status: str = "unverified"
    note: str = ""
    entity_ids: list[int] = field(default_factory=list)


class ClaimDialog(Dialog):
    """New claim: quote shown, tags (completion), status, note; the entities mentioned inside the
    span are linked by default.  Enter with nothing touched saves the defaults."""

    TITLE_TEXT = "New claim"

    def __init__(self, quote: str, known_tags: list[str], entities: list[tuple[int, str]],
                 draft: ClaimDraft | None = None, title: str | None = None) -> None:
        super().__init__(title)
        self.quote = quote
        self.known_tags = known_tags
        self.entities = entities
        self.draft = draft or ClaimDraft(entity_ids=[e for e, _ in entities])

    def body(self) -> ComposeResult:
        yield Static(lit(one_line(self.quote, 400)), classes="dlg-quote", id="claim-quote")
        yield Static(lit("Tags (comma-separated; → completes)"), classes="dlg-label")
        yield WBInput(", ".join(self.draft.tags), id="claim-tags", placeholder="e.g. ai, funding",
                      suggester=TagSuggester(self.known_tags))
        yield Static(lit("Status (←/→ or 1-5)"), classes="dlg-label")
        yield StatusPicker(self.draft.status, id="claim-status")
        yield Static(lit("Note"), classes="dlg-label")
        yield WBInput(self.draft.note, id="claim-note", placeholder="what to check, who said it…")
        names = ", ".join(n for _, n in self.entities) or "none mentioned in the span"
        yield Static(lit(f"Entities linked: {names}  (e on the claim changes them)"), classes="dlg-label",
                     id="claim-entities")

    def hint(self) -> str:
        tags = ", ".join(self.known_tags[:8])
        return "enter: save · escape: cancel · tab: next field" + (f" · tags in use: {tags}" if tags else "")

    def result(self) -> ClaimDraft:
        return ClaimDraft(tags=split_tags(self.query_one("#claim-tags", WBInput).value),
                          status=self.query_one(StatusPicker).value,
                          note=self.query_one("#claim-note", WBInput).value.strip(),
                          entity_ids=list(self.draft.entity_ids))


class TextDialog(Dialog):
    """One line of text (note, new name, tags, a path)."""

    def __init__(self, title: str, value: str = "", *, label: str = "", placeholder: str = "",
                 suggester: Suggester | None = None, hint: str = "") -> None:
        super().__init__(title)
        self.value, self.label, self.placeholder = value, label, placeholder
        self.suggester, self._hint = suggester, hint

    def body(self) -> ComposeResult:
        if self.label:
            yield Static(lit(self.label), classes="dlg-label")
        yield WBInput(self.value, placeholder=self.placeholder, suggester=self.suggester, id="dlg-input")

    def hint(self) -> str:
        return self._hint or super().hint()

    def result(self) -> str:
        return self.query_one("#dlg-input", WBInput).value


class NoteArea(TextArea):
    """The note box: several lines.  enter saves (as in every dialog); ctrl+j, shift+enter or
    alt+enter start a new line."""

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "cursor_blink", True)
        self.move_cursor(self.document.end)  # typing adds to the note

    async def _on_key(self, event) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            screen = self.screen
            if isinstance(screen, Dialog):
                screen.action_save()
            return
        if event.key in ("ctrl+j", "shift+enter", "alt+enter"):
            event.stop()
            event.prevent_default()
            self.insert("\n")
            return
        await super()._on_key(event)


class NoteDialog(Dialog):
    """A note of one or more lines."""

    DEFAULT_CSS = """
    NoteDialog NoteArea { height: 6; border: none; padding: 0 1; background: $boost; }
    NoteDialog NoteArea:focus { border: none; background: $accent 25%; }
    """

    def __init__(self, title: str, value: str = "", *, label: str = "") -> None:
        super().__init__(title)
        self.value, self.label = value, label

    def body(self) -> ComposeResult:
        if self.label:
            yield Static(lit(self.label), classes="dlg-label")
        yield NoteArea(self.value, id="note-area", soft_wrap=True, show_line_numbers=False)

    def on_mount(self) -> None:
        self.query_one(NoteArea).focus()

    def hint(self) -> str:
        return "enter: save · ctrl+j: new line · esc: cancel"

    def result(self) -> str:
        return self.query_one(NoteArea).text


class ConfirmDialog(Dialog):
    def __init__(self, title: str, message: str) -> None:
        super().__init__(title)
        self.message = message

    def body(self) -> ComposeResult:
        quote, _sep, detail = self.message.partition("\n\n")  # the thing asked about, then what it implies
        yield Static(lit(quote), classes="dlg-quote")
        if detail:
            yield Static(lit(detail, "bold"), classes="dlg-label", id="confirm-detail")

    def hint(self) -> str:
        return "enter: yes · escape: no"


class ChoiceDialog(Dialog):
    """Pick one of a few choices (status, label, export format).  Enter picks the highlighted one;
    number keys pick directly."""

    def __init__(self, title: str, choices: list[tuple[str, str]], current: str | None = None) -> None:
        super().__init__(title)
        self.choices = choices
        self.current = current

    def body(self) -> ComposeResult:
        opts = []
        for i, (key, desc) in enumerate(self.choices):
            t = Text(end="")
            t.append(f"{i + 1}  ", style="dim")
            t.append(key, style=STATUS_STYLE.get(key, "bold"))
            if desc:
                t.append("  ")
                t.append_text(lit(desc, "dim"))
            if key == self.current:
                t.append("  (current)", style="italic")
            opts.append(Option(t, id=key))
        ol = OptionList(*opts, id="choices")
        yield ol

    def on_mount(self) -> None:
        ol = self.query_one("#choices", OptionList)
        keys = [k for k, _ in self.choices]
        ol.highlighted = keys.index(self.current) if self.current in keys else 0
        ol.focus()

    def hint(self) -> str:
        return "enter: choose · 1-9: choose directly · escape: cancel"

    def on_key(self, event) -> None:
        if event.character and event.character.isdigit():
            i = int(event.character) - 1
            if 0 <= i < len(self.choices):
                event.stop()
                self.dismiss(self.choices[i][0])

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def result(self):
        opt = self.query_one("#choices", OptionList).highlighted_option
        return opt.id if opt is not None else None


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

    def result(self):
        path = self.query_one("#export-path", WBInput).value.strip()
        statuses = split_tags(self.query_one("#export-statuses", WBInput).value)
        sources = split_tags(self.query_one("#export-sources", WBInput).value)
        bad = [s for s in statuses if s not in CLAIM_STATUSES]
        if not path:
            return self._complain("the file name is empty")
        if bad:
            return self._complain(f"unknown status {bad[0]!r}")
        if not all(s.isdigit() and len(s) < 18 for s in sources):
            return self._complain("source ids are numbers, separated by commas")
        return ExportChoice(path, split_tags(self.query_one("#export-tags", WBInput).value), statuses,
                            [int(s) for s in sources])

    def _complain(self, message: str) -> None:
        self.error = message
        self.query_one("#export-error", Static).update(lit(message, "bold red"))
        return None

    def action_save(self) -> None:
        choice = self.result()
        if choice is not None:
            self.dismiss(choice)


def status_dialog(current: str) -> ChoiceDialog:
    return ChoiceDialog("Claim status", list(CLAIM_STATUSES.items()), current)


def label_dialog(name: str, current: str) -> ChoiceDialog:
    descs = {"PER": "person", "ORG": "organisation or company", "LOC": "place", "MISC": "anything else"}
    return ChoiceDialog(f"Label for {one_line(name, 40)}", [(lb, descs.get(lb, "")) for lb in ENTITY_LABELS],
                        current)


class PickerDialog(Dialog):
    """A fuzzy picker over (id, name, detail) items.  Type to filter (rapidfuzz), up/down move,
    ``space`` toggles in multi mode; enter saves (multi: the ticked set; single: the highlighted)."""

    DEFAULT_CSS = """
    PickerDialog #picker-filter { padding: 0 1; background: $boost; margin-top: 1; }
    PickerDialog OptionList { height: auto; max-height: 14; }
    """

    def __init__(self, title: str, items: list[tuple[int, str, str, list[str]]], *, multi: bool = False,
                 selected: list[int] | None = None, describe: Callable[[str], str] | None = None) -> None:
        super().__init__(title)
        self.items = items  # (id, name, detail, aliases)
        self.multi = multi
        self.selected: list[int] = list(selected or [])
        self.filter = ""
        # single mode: what enter will do to the highlighted item ("merge 'GPUs' into 'Nvidia'")
        self.describe = describe
        self._names = {it[0]: it[1] for it in items}

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

    def ranked(self) -> list[tuple[int, str, str, list[str]]]:
        if not self.filter:
            chosen = [it for it in self.items if it[0] in self.selected]
            return chosen + [it for it in self.items if it[0] not in self.selected]
        q = fold_for_match(" ".join(self.filter.split()))
        if not q:
            return list(self.items)
        scored = []
        for it in self.items:
            best = max(match_score(q, fold_for_match(n)) for n in [it[1], *it[3]])
            if best >= 60:
                scored.append((-best, len(it[1]), it[1].casefold(), it))
        return [it for *_, it in sorted(scored, key=lambda x: x[:3])]

    def _refill(self, keep_highlight: bool = False) -> None:
        """Rebuild the list.  After a change of the filter the highlight goes to the best match
        (the top row): keeping the old row would let enter act on an entity the user no longer
        sees at the top (typing "gpu" left ChatGPT highlighted, and merged into it)."""
        ol = self.query_one("#picker-list", OptionList)
        keep = ol.highlighted_option.id if keep_highlight and ol.highlighted_option is not None else None
        opts = []
        for eid, name, detail, _aliases in self.ranked()[:200]:
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

    def on_key(self, event) -> None:
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

    def result(self):
        if self.multi:
            return list(self.selected)
        opt = self.query_one("#picker-list", OptionList).highlighted_option
        return int(opt.id) if opt is not None and opt.id else None


class ListDialog(Dialog):
    """A list of (key, Text) rows; enter returns the highlighted key (mentions, candidates)."""

    DEFAULT_CSS = """
    ListDialog #box { width: 100; } ListDialog OptionList { max-height: 20; }
    ListDialog.-short OptionList { max-height: 12; }
    """

    def __init__(self, title: str, rows: list[tuple[str, Text]], hint: str = "") -> None:
        super().__init__(title)
        self.rows = rows
        self._hint = hint

    def body(self) -> ComposeResult:
        yield OptionList(*[Option(t, id=k) for k, t in self.rows], id="rows")

    def on_mount(self) -> None:
        self.query_one("#rows", OptionList).focus()

    def hint(self) -> str:
        return self._hint or "enter: jump · escape: close"

    @on(OptionList.OptionSelected, "#rows")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose(event.option.id)

    def choose(self, key: str | None) -> None:
        self.dismiss(key)

    def result(self):
        opt = self.query_one("#rows", OptionList).highlighted_option
        return opt.id if opt is not None else None
