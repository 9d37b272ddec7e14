"""Commands on an entity (enter mentions, ``m`` merge, ``r`` rename, ``l`` label, ``!`` reject,
``+`` confirm, ``s`` split, ``c`` claims) and ``E`` (a new entity from the reader's selection): a
dispatch table of small methods.  Corrections apply to the whole workspace and are undoable."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text

from ...errors import WorkbenchError
from ..text import lit, one_line, plural
from .dialogs import ListDialog, TextDialog, label_dialog
from .entity_search import entity_picker
from .picker import PickerDialog

if TYPE_CHECKING:
    from ...store import Entity, Workspace
    from ...store.entities import AliasFinder
    from .main import MainScreen

MENTIONS_SHOWN = 500  # the mentions list shows at most this many


def _alias_finder() -> AliasFinder:
    """NLP's alias matcher, handed to the store (which never imports nlp); loaded in the worker."""
    from ...nlp.gazetteer import gazetteer_mentions

    return gazetteer_mentions


class EntityCommands:
    """Entity commands, looked up by name in :attr:`table` (the ``EntityCommand`` message carries it)."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.table: dict[str, Callable[[Entity], None]] = {
            "mentions": self.mentions, "merge": self.merge, "rename": self.rename, "label": self.label,
            "reject": self.reject, "confirm": self.confirm, "split": self.split, "claims": self.claims}

    @property
    def ws(self) -> Workspace:
        return self.screen.ws

    def run(self, command: str, entity_id: int | None) -> None:
        if entity_id is None:
            self.screen.warn("no entity highlighted in Entities")
            return
        ent = self.screen.guard(self.ws.get_entity, entity_id)
        if ent is not None and command in self.table:
            self.table[command](ent)

    def _after(self, result: Any, message: str) -> None:
        if result is not None:
            self.screen.refresh_all()
            self.screen.say(message)

    # -- corrections -------------------------------------------------------------------------
    def merge(self, ent: Entity) -> None:
        def merge(target: int | None) -> None:
            if target is not None:
                res = self.screen.guard(self.ws.merge_entities, ent.id, target)
                self._after(res, f"merged {ent.name!r} into {res.name!r} (ctrl+z undoes)" if res else "")

        self.screen.app.push_screen(entity_picker(
            self.ws, f"Merge {one_line(ent.name, 40)} into…", exclude=ent.id,
            describe=lambda into: f"merge {one_line(ent.name, 40)!r} into {one_line(into, 40)!r}"), merge)

    def rename(self, ent: Entity) -> None:
        def rename(name: str | None) -> None:
            if name is not None and name.strip() and name.strip() != ent.name:
                res = self.screen.guard(self.ws.rename_entity, ent.id, name)
                self._after(res, f"renamed to {res.name!r}" if res else "")

        self.screen.app.push_screen(TextDialog(f"Rename {one_line(ent.name, 40)}", ent.name, label="New name"),
                                    rename)

    def label(self, ent: Entity) -> None:
        def relabel(label: str | None) -> None:
            if label is not None and label != ent.label:
                self._after(self.screen.guard(self.ws.relabel_entity, ent.id, label), f"{ent.name!r} is now {label}")

        self.screen.app.push_screen(label_dialog(ent.name, ent.label), relabel)

    def reject(self, ent: Entity) -> None:
        self._after(self.screen.guard(self.ws.reject_entity, ent.id),
                    f"rejected {ent.name!r}: its mentions are gone everywhere (ctrl+z undoes)")

    def confirm(self, ent: Entity) -> None:
        self.screen.say(f"confirming {ent.name!r} across every source…")
        self._in_worker(lambda ws: ws.confirm_entity(ent.id, find=_alias_finder()),
                        lambda e, added: f"confirmed {e.name!r}: {plural(added, 'new mention')} found (ctrl+z undoes)")

    def split(self, ent: Entity) -> None:
        others = [a for a in ent.aliases if a != ent.name]
        if not others:
            self.screen.say(f"{ent.name!r} has no other names to split off")
            return

        def split(index: int | None) -> None:
            if index is not None:
                res = self.screen.guard(self.ws.split_entity, ent.id, others[index])
                self._after(res, f"split {res.name!r} off {ent.name!r}: {plural(res.mentions, 'mention')} moved "
                            "(ctrl+z undoes)" if res else "")

        self.screen.app.push_screen(PickerDialog(
            f"Split a name off {one_line(ent.name, 40)}", [(i, a, "", []) for i, a in enumerate(others)],
            describe=lambda name: f"make {one_line(name, 40)!r} an entity of its own, with its mentions"), split)

    def create_from_selection(self) -> None:
        """``E`` in the reader: the selected words become a (confirmed) entity, found in every source."""
        r = self.screen.reader
        span = r.selected_span
        if r.source_id is None or span is None:
            self.screen.warn("select the name in the reader first (shift+arrows)")
            return
        name = " ".join(self.ws.source_text(r.source_id)[span[0]:span[1]].split())

        def named(value: str | None) -> None:
            if value is None or not value.strip():
                return
            value = value.strip()

            def labelled(label: str | None) -> None:
                if label:
                    self.screen.say(f"adding {value!r} and finding it in every source…")
                    self._in_worker(lambda ws: ws.add_user_entity(value, label, find=_alias_finder()),
                                    lambda e, added: f"added {e.name!r} ({e.label}): found {plural(added, 'time')} "
                                                     "across the sources (ctrl+z undoes)")
            self.screen.app.push_screen(label_dialog(value, "PER"), labelled)

        self.screen.app.push_screen(TextDialog("New entity from the selection", name, label="Name"), named)

    def _in_worker(self, job: Callable[[Workspace], tuple[Entity, int]],
                   message: Callable[[Entity, int], str]) -> None:
        """Finding a name in every source reads them all: in a worker, on its own connection."""
        app = self.screen.wbapp

        def work() -> None:
            try:
                ent, added = job(app.thread_workspace())
            except WorkbenchError as exc:
                app.call_from_thread(app.notify, str(exc), severity="error", markup=False)
                return
            app.call_from_thread(self._after, ent, message(ent, added))

        self.screen.run_worker(work, thread=True, exclusive=True, group="confirm")

    # -- lists -------------------------------------------------------------------------------
    def claims(self, ent: Entity) -> None:
        """``c`` in Entities: the claims linked to an entity; enter jumps to one."""
        claims = self.screen.guard(self.ws.list_claims, entity_id=ent.id)
        if claims is None:
            return
        if not claims:
            self.screen.say(f"no claims are linked to {ent.name!r}")
            return
        titles = self.ws.source_titles([c.source_id for c in claims])
        rows = []
        for c in claims:
            t = Text(end="")
            t.append(f"{c.status:<10} ", style="bold")
            t.append_text(lit(one_line(titles.get(c.source_id, ""), 40), "italic cyan"))
            t.append("\n")
            t.append_text(lit(one_line(c.quote, 200)))
            rows.append((c.id, t))

        def jump(key: str | None) -> None:
            if key:
                self.screen.jump_to_claim(key)

        self.screen.app.push_screen(ListDialog(f"Claims about {one_line(ent.name, 40)} ({len(claims)})", rows), jump)

    def mentions(self, ent: Entity) -> None:
        """enter in Entities: the entity's mentions across sources, in context; enter jumps to one."""
        mentions = self.screen.guard(self.ws.mentions_for_entity, ent.id)
        if mentions is None:
            return
        if not mentions:
            self.screen.say(f"{ent.name!r} has no mentions")
            return
        shown = mentions[:MENTIONS_SHOWN]
        titles = self.ws.source_titles([m.source_id for m in shown])
        texts: dict[int, str] = {}
        rows = []
        for m in shown:
            if m.source_id not in texts:
                texts[m.source_id] = self.ws.source_text(m.source_id)
            rows.append((f"{m.source_id}:{m.start}:{m.end}",
                         mention_row(titles.get(m.source_id, ""), texts[m.source_id], m.start, m.end)))
        more = f" (first {MENTIONS_SHOWN} of {len(mentions)})" if len(mentions) > MENTIONS_SHOWN else ""

        def jump(key: str | None) -> None:
            if key:
                sid, a, b = (int(x) for x in key.split(":"))
                self.screen.open_and_record(sid, span=(a, b))

        self.screen.app.push_screen(
            ListDialog(f"{one_line(ent.name, 40)}: {plural(len(mentions), 'mention')}{more}", rows), jump)


def mention_row(title: str, text: str, start: int, end: int) -> Text:
    """The source's title, then the mention in its context (on one line)."""
    t = Text(no_wrap=True, overflow="ellipsis", end="")
    t.append_text(lit(one_line(title, 34), "italic cyan"))
    t.append("  ")
    before, after = text[max(0, start - 40):start], text[end:end + 60]
    # one_line trims the ends: keep the space that separates the mention from its context
    t.append_text(lit(one_line(before)[-40:], "dim"))
    t.append(" " if before[-1:].isspace() else "")
    t.append_text(lit(text[start:end], "bold reverse"))
    t.append(" " if after[:1].isspace() else "")
    t.append_text(lit(one_line(after), "dim"))
    return t
