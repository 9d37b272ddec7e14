"""Dialogs.  In every one ``enter`` saves what has been filled in and ``escape`` cancels
(dismisses with ``None``).  Everything user-supplied is shown through literal Text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Key, Resize
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widget import Widget
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option

from ...store import CLAIM_STATUSES, ENTITY_LABELS
from ..text import STATUS_MARK, STATUS_STYLE, lit, one_line
from ..widgets.common import WBInput


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

    def on_resize(self, event: Resize) -> None:
        # short terminals (80x24): no blank lines between fields, so the key hints stay visible
        self.set_class(event.size.height < 32, "-short")

    def hint(self) -> str:
        return "enter: save · escape: cancel"

    def result(self) -> Any:
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

    def __init__(self, value: str = "unverified", **kwargs: Any) -> None:
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

    def on_key(self, event: Key) -> None:
        """Runs before TextArea's own key handler (Textual calls a subclass's first), which a
        prevented default then skips."""
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            screen = self.screen
            if isinstance(screen, Dialog):
                screen.action_save()
        elif event.key in ("ctrl+j", "shift+enter", "alt+enter"):
            event.stop()
            event.prevent_default()
            self.insert("\n")


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

    def on_key(self, event: Key) -> None:
        if event.character and event.character.isdigit():
            i = int(event.character) - 1
            if 0 <= i < len(self.choices):
                event.stop()
                self.dismiss(self.choices[i][0])

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def result(self) -> str | None:
        opt = self.query_one("#choices", OptionList).highlighted_option
        return opt.id if opt is not None else None


def status_dialog(current: str) -> ChoiceDialog:
    return ChoiceDialog("Claim status", list(CLAIM_STATUSES.items()), current)


def label_dialog(name: str, current: str) -> ChoiceDialog:
    descs = {"PER": "person", "ORG": "organisation or company", "LOC": "place", "MISC": "anything else"}
    return ChoiceDialog(f"Label for {one_line(name, 40)}", [(lb, descs.get(lb, "")) for lb in ENTITY_LABELS],
                        current)


class ListDialog(Dialog):
    """A list of (key, Text) rows; enter returns the highlighted key (mentions, candidates)."""

    AUTO_FOCUS = "#rows"  # focused by Textual once mounted (a query in on_mount once ran before compose)

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

    def hint(self) -> str:
        return self._hint or "enter: jump · escape: close"

    @on(OptionList.OptionSelected, "#rows")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose(event.option.id)

    def choose(self, key: str | None) -> None:
        self.dismiss(key)

    def result(self) -> str | None:
        opt = self.query_one("#rows", OptionList).highlighted_option
        return opt.id if opt is not None else None
