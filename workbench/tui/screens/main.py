"""The main screen: four panes (sources, reader, claims, entities) and the glue between them.

Panes post Messages (OpenSource, JumpToClaim, ClaimCommand, EntityCommand); this screen calls the
Workspace and refreshes the panes.  Every workspace call goes through :meth:`guard`, which turns a
:class:`WorkbenchError` into a one-line notification.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import DescendantFocus, Resize
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, OptionList, Static
from textual.widgets.text_area import Selection

from ...errors import WorkbenchError
from ..text import cite, lit, one_line, plural
from ..widgets.claims import ClaimsPane
from ..widgets.common import ClaimCommand, EntityCommand, JumpToClaim, OpenSource
from ..widgets.entities import EntitiesPane
from ..widgets.reader import ReaderArea, ReaderPane
from ..widgets.sources import SourcesPane, as_you_type
from .dialogs import (ChoiceDialog, ClaimDialog, ClaimDraft, ConfirmDialog, ListDialog, NoteDialog, PickerDialog,
                      TagSuggester, TextDialog, label_dialog, split_tags, status_dialog)

ACTION_WORDS = {"claim.add": "created", "claim.edit": "edited", "claim.delete": "deleted", "claim.accept": "linked",
                "claim.link": "linked", "claim.unlink": "unlinked", "claim.span": "span changed",
                "claim.import": "imported"}


def saved_message(changes: dict[str, Any]) -> str:
    """What a claim edit did, in the user's words (not field names)."""
    parts = []
    for key, value in changes.items():
        if key == "tags":
            parts.append("tags: " + (", ".join(value) if value else "none"))
        elif key == "status":
            parts.append(f"status: {value}")
        elif key == "note":
            parts.append("note saved" if value else "note removed")
        elif key == "entity_ids":
            n = len(value)
            parts.append(f"{n} linked entit{'y' if n == 1 else 'ies'}" if n else "no linked entities")
        else:
            parts.append(key)
    return "claim saved: " + "; ".join(parts)


def local_time(iso: str) -> str:
    """An ISO-8601 UTC stamp from the log, shown in local time to the minute."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso[:16]


NARROW = 110  # below this width one pane is shown at a time
MEDIUM = 150  # below this width the side panes narrow so the reader keeps a readable measure
PANES = ("sources", "reader", "claims", "entities")
PANE_NAMES = {"sources": "Sources", "reader": "Reader", "claims": "Claims", "entities": "Entities"}
INDEX_DELAY = 2.0  # seconds after start-up before new sources are indexed for corroboration
INDEX_NOTICE = 200  # a backlog this large is announced (it takes a few seconds)


class MainScreen(Screen):
    BINDINGS = [
        Binding("tab", "next_pane", "Next pane", show=False, id="main.next_pane"),
        Binding("shift+tab", "prev_pane", "Previous pane", show=False, id="main.prev_pane"),
        Binding("slash", "search", "Search", key_display="/", id="main.search"),
        Binding("ctrl+f", "find_in_source", "Find", show=False, id="main.find"),
        Binding("x", "export", "Export", show=False, id="main.export"),
        Binding("i", "ingest", "Ingest", show=False, id="main.ingest"),
        Binding("u", "source_meta", "Source details", show=False, id="main.source_meta"),
        Binding("f1", "focus_pane('sources')", "Sources pane", show=False, id="main.pane_sources"),
        Binding("f2", "focus_pane('reader')", "Reader pane", show=False, id="main.pane_reader"),
        Binding("f4", "focus_pane('claims')", "Claims pane", show=False, id="main.pane_claims"),
        Binding("f5", "focus_pane('entities')", "Entities pane", show=False, id="main.pane_entities"),
        Binding("alt+left,ctrl+o", "back", "Back", show=False, id="main.back"),
        Binding("alt+right", "forward", "Forward", show=False, id="main.forward"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.active = "sources"
        self.claim_context = "reader"  # where claim commands from the palette look for "the" claim
        self._indexer = None  # the background corroboration indexer (see index_passages)
        self._closing = False
        # places (source id, selection start, selection end) before each jump: alt+left / alt+right
        self._back: list[tuple[int, int, int]] = []
        self._forward: list[tuple[int, int, int]] = []

    # -- layout ----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(id="panebar")
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield SourcesPane(id="sources-pane", classes="pane")
                yield EntitiesPane(id="entities-pane", classes="pane")
            yield ReaderPane(id="reader-pane", classes="pane")
            yield ClaimsPane(id="claims-pane", classes="pane")
        yield Footer(compact=True)

    @property
    def ws(self):
        return self.app.ws  # type: ignore[attr-defined]

    @property
    def sources(self) -> SourcesPane:
        return self.query_one(SourcesPane)

    @property
    def reader(self) -> ReaderArea:
        return self.query_one(ReaderArea)

    @property
    def claims(self) -> ClaimsPane:
        return self.query_one(ClaimsPane)

    @property
    def entities(self) -> EntitiesPane:
        return self.query_one(EntitiesPane)

    def on_mount(self) -> None:
        self.sources.reload()
        self.entities.reload()
        self.claims.reload(None)
        self._set_active("sources")
        self.sources.option_list.focus()
        # the source open when the app was last closed comes back after the first frame, so a big
        # one does not hold up start-up
        self.call_after_refresh(self._reopen_last)
        self._layout(self.size.width)
        self.set_timer(INDEX_DELAY, self.index_passages)

    def _reopen_last(self) -> None:
        last = self.guard(self.ws.get_setting, "reader.source")
        if not last or not last.isdigit() or self.reader.source_id is not None:
            return
        try:
            self.ws.get_source(int(last))
        except WorkbenchError:
            return  # deleted since: start empty
        self.open_source(int(last), focus=False, remember=False)
        self.sources.highlight(int(last))

    def on_unmount(self) -> None:
        self._closing = True
        if self._indexer is not None:
            self._indexer.stop()  # the batch it was writing rolls back; the next start resumes

    def on_resize(self, event: Resize) -> None:
        self._layout(event.size.width)

    def _layout(self, width: int) -> None:
        self.set_class(width < NARROW, "narrow")
        self.set_class(NARROW <= width < MEDIUM, "medium")
        self._panebar()

    def _panebar(self) -> None:
        t = Text(no_wrap=True, overflow="ellipsis", end="")
        for i, p in enumerate(PANES):
            label = f" {PANE_NAMES[p]} "
            t.append(label, style="bold reverse" if p == self.active else "dim")
            t.append(" ")
        t.append("tab: next pane · ?: help", style="dim")
        self.query_one("#panebar", Static).update(t)

    def _pane_widget(self, pane: str) -> Widget:
        return self.query_one(f"#{pane}-pane")

    def _focus_target(self, pane: str) -> Widget:
        return {"sources": lambda: self.sources.option_list, "reader": lambda: self.reader,
                "claims": lambda: self.claims.option_list, "entities": lambda: self.entities.option_list}[pane]()

    def _set_active(self, pane: str) -> None:
        self.active = pane
        for p in PANES:
            self._pane_widget(p).set_class(p == pane, "-active")
        self.query_one("#left").set_class(pane in ("sources", "entities"), "-active")
        if pane in ("reader", "claims"):
            self.claim_context = pane
        if pane == "claims":  # it may have been built while hidden (narrow layout): fit it to its width
            self.call_after_refresh(self.claims.list_resized)
        self._panebar()

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        for node in event.widget.ancestors_with_self:
            if node.id and node.id.endswith("-pane") and node.id[:-5] in PANES:
                if node.id[:-5] != self.active:
                    self._set_active(node.id[:-5])
                return

    def action_focus_pane(self, pane: str) -> None:
        self._set_active(pane)
        self._focus_target(pane).focus()

    def action_next_pane(self) -> None:
        self.action_focus_pane(PANES[(PANES.index(self.active) + 1) % len(PANES)])

    def action_prev_pane(self) -> None:
        self.action_focus_pane(PANES[(PANES.index(self.active) - 1) % len(PANES)])

    def action_search(self) -> None:
        self._set_active("sources")
        self.sources.start_search()

    def action_find_in_source(self) -> None:
        """Find in the open source: the words are marked and the cursor goes to the next one
        (``f3`` / ``shift+f3`` move on, and wrap).  Same syntax as search."""
        r = self.reader
        sid = r.source_id
        if sid is None:
            self.app.notify("open a source first (enter on a source)", markup=False, timeout=3)
            return

        def found(query: str | None) -> None:
            if not query or not query.strip() or r.source_id != sid:
                return
            self._last_find = query.strip()
            try:
                hits = self.ws.search_offsets(sid, self._last_find, aliases=self.sources.aliases)
            except WorkbenchError as exc:
                self.app.notify(str(exc), severity="error", markup=False)
                return
            r.set_marks(hits=hits)
            self._set_active("reader")
            r.focus()
            if hits:
                r.action_next_hit()
                self.app.notify(f"{len(hits)} match{'es' if len(hits) != 1 else ''} in this source (f3 / shift+f3)",
                                markup=False, timeout=3)
            else:
                self.app.notify(f"not in this source: {self._last_find}", markup=False, timeout=3)

        self.app.push_screen(TextDialog("Find in this source", getattr(self, "_last_find", ""),
                                        placeholder='words, "a phrase", GPU*, Babushkin~'), found)

    # -- plumbing --------------------------------------------------------------------------
    def guard(self, fn: Callable[..., Any], *args, **kwargs) -> Any:
        """Run a workspace call; a WorkbenchError becomes one line on screen."""
        try:
            return fn(*args, **kwargs)
        except WorkbenchError as exc:
            self.app.notify(str(exc), severity="error", markup=False)
            return None

    def say(self, message: str) -> None:
        self.app.notify(message, markup=False, timeout=3)

    def refresh_claims(self, select: str | None = None) -> None:
        r = self.reader
        if r.source_id is not None:
            r.set_marks(claims=self.ws.list_claims(source_id=r.source_id))
        self.claims.reload(select=select)
        self.sources.reload()  # its count, and the rows on screen when next painted

    def refresh_all(self) -> None:
        r = self.reader
        if r.source_id is not None:
            try:
                r.set_marks(claims=self.ws.list_claims(source_id=r.source_id),
                            mentions=self.ws.mentions_for_source(r.source_id))
                self.query_one(ReaderPane).set_title(self.ws.get_source(r.source_id))
            except WorkbenchError:
                r.source_id = None
        self.claims.reload()
        self.entities.reload()
        self.sources.reload()
        self.index_passages()  # after an ingest or a re-run of NER

    # -- background work -------------------------------------------------------------------
    def index_passages(self) -> None:
        """Index new sources for corroboration in the background, so the first ``o`` after a big
        ingest does not wait for it.  The work runs in a process of its own: typing and scrolling
        stay as quick as without it (a thread shared the interpreter lock with the UI)."""
        if self._indexer is None or not self._indexer.running():
            self.start_indexer()

    @work(thread=True, group="passages", exit_on_error=False)
    def start_indexer(self) -> None:
        from ...evidence import corroborate as corr

        try:  # started from a worker: starting a process takes a moment the UI need not wait
            indexer = corr.index_in_background(self.app.thread_workspace())  # type: ignore[attr-defined]
        except (WorkbenchError, OSError):
            return  # the next corroboration query indexes in its own worker, and reports problems
        if indexer is not None:
            self.app.call_from_thread(self._watch_indexer, indexer)

    def _watch_indexer(self, indexer) -> None:
        if self._closing:
            indexer.stop()
            return
        self._indexer = indexer
        told = indexer.total >= INDEX_NOTICE
        if told:
            self.say(f"indexing {indexer.total:,} new sources for corroboration in the background…")

        def check() -> None:
            if indexer.running():
                return
            timer.stop()
            if told and indexer.succeeded():
                self.say("corroboration index ready")

        timer = self.set_interval(0.5, check)

    # -- back and forward ------------------------------------------------------------------
    def _here(self) -> tuple[int, int, int] | None:
        r = self.reader
        if r.source_id is None:
            return None
        return r.source_id, r.offset_of(r.selection.start), r.offset_of(r.selection.end)

    def _jumped_from(self, here: tuple[int, int, int] | None) -> None:
        """Record where a jump started (if it went somewhere else), for alt+left."""
        if here is not None and here != self._here():
            if not self._back or self._back[-1] != here:
                self._back.append(here)
            del self._back[:-100]
            self._forward.clear()

    def _go(self, place: tuple[int, int, int]) -> bool:
        sid, a, b = place
        if self.reader.source_id != sid and not self.open_source(sid, focus=False):
            return False
        r = self.reader
        r.selection = Selection(r.location_of(a), r.location_of(b))
        r.scroll_cursor_visible(center=True, animate=False)
        self.action_focus_pane("reader")
        return True

    def action_back(self) -> None:
        self._walk(self._back, self._forward, "back")

    def action_forward(self) -> None:
        self._walk(self._forward, self._back, "forward")

    def _walk(self, src: list, dst: list, word: str) -> None:
        while src:
            here = self._here()
            place = src.pop()
            try:
                self.ws.get_source(place[0])
            except WorkbenchError:
                continue  # a source removed since: skip it
            if here is not None:
                dst.append(here)
            self._go(place)
            return
        self.app.notify(f"nothing to go {word} to", severity="warning", markup=False, timeout=2)

    # -- opening and jumping ---------------------------------------------------------------
    def _hit_offsets(self, source_id: int, query: str | None) -> list[tuple[int, int]]:
        """Where the search's words are in a source (none for a half-typed query: the source opens)."""
        if not query:
            return []
        try:
            return self.ws.search_offsets(source_id, as_you_type(query), aliases=self.query_one(SourcesPane).aliases)
        except WorkbenchError:
            return []

    def open_source(self, source_id: int, *, query: str | None = None, span: tuple[int, int] | None = None,
                    focus: bool = True, remember: bool = True) -> bool:
        ws = self.ws
        try:
            src = ws.get_source(source_id)
            text = ws.source_text(source_id)
            hits = self._hit_offsets(source_id, query)
            claims = ws.list_claims(source_id=source_id)
            mentions = ws.mentions_for_source(source_id)
        except WorkbenchError as exc:
            self.app.notify(str(exc), severity="error", markup=False)
            return False
        r = self.reader
        r.show_source(source_id, text)
        self.query_one(ReaderPane).set_pages(ws.source_pages(source_id))
        self.query_one(ReaderPane).set_title(src)
        r.set_marks(claims=claims, mentions=mentions, hits=hits)
        self.claims.reload(source_id, claims=claims)
        if span is not None:
            r.select_span(*span)
        if focus:
            self.action_focus_pane("reader")
        if remember:  # after the frame that shows the source: the commit is not in the way
            self.call_after_refresh(self._remember, "reader.source", str(source_id))
        return True

    def _remember(self, key: str, value: str) -> None:
        try:
            self.ws.set_setting(key, value)
        except WorkbenchError:
            pass  # a read-only workspace: nothing to remember, the work goes on all the same

    @on(OpenSource)
    def _open(self, msg: OpenSource) -> None:
        here = self._here()
        self.open_source(msg.source_id, query=msg.query, span=msg.span)
        self._jumped_from(here)

    @on(JumpToClaim)
    def _jump(self, msg: JumpToClaim) -> None:
        self.jump_to_claim(msg.claim_id)

    def jump_to_claim(self, claim_id: str) -> None:
        c = self.guard(self.ws.get_claim, claim_id)
        if c is None:
            return
        here = self._here()
        self._jump_to(c)
        self._jumped_from(here)

    def _jump_to(self, c) -> None:
        if self.reader.source_id != c.source_id:
            if not self.open_source(c.source_id, focus=False):
                return
            self.claims.highlight(c.id)
        self.reader.select_span(c.start, c.end)
        self.action_focus_pane("reader")

    # -- claims ----------------------------------------------------------------------------
    def context_claim_id(self) -> str | None:
        if self.claim_context == "claims":
            return self.claims.option_list.current_claim_id()
        c = self.reader.current_claim()
        return c.id if c else None

    @on(ClaimCommand)
    def _claim_command(self, msg: ClaimCommand) -> None:
        msg.stop()
        self.claim_command(msg.command, msg.claim_id)

    def claim_command(self, command: str, claim_id: str | None) -> None:
        if command == "create":
            self.create_claim()
            return
        if command == "copy-selection":
            self.copy_selection()
            return
        if claim_id is None:
            self.app.notify("no claim here: put the cursor in a claim or highlight one in Claims",
                            severity="warning", markup=False)
            return
        claim = self.guard(self.ws.get_claim, claim_id)
        if claim is None:
            return
        ws = self.ws

        def update(**kw):
            def done(value):
                if value is None:
                    return
                kwargs = {k: (f(value) if callable(f) else f) for k, f in kw.items()}
                if self.guard(ws.update_claim, claim.id, **kwargs) is not None:
                    self.refresh_claims(claim.id)
                    self.say(saved_message(kwargs))
            return done

        if command == "tags":
            tags = [t["tag"] for t in ws.list_tags()]
            value = ", ".join(claim.tags) + (", " if claim.tags else "")
            self.app.push_screen(TextDialog("Tags", value, label="Comma-separated tags; → completes a tag",
                                            placeholder="e.g. ai, funding", suggester=TagSuggester(tags),
                                            hint="enter: save · escape: cancel · in use: " + ", ".join(tags[:10])),
                                 update(tags=split_tags))
        elif command == "status":
            self.app.push_screen(status_dialog(claim.status), update(status=lambda v: v))
        elif command == "note":
            self.app.push_screen(NoteDialog("Note", claim.note, label="Note on this claim (several lines allowed)"),
                                 update(note=lambda v: v.strip()))
        elif command == "entities":
            selected = [e["id"] for e in claim.entities]
            if not selected:
                selected = [e.id for e in ws.entities_in_span(claim.source_id, claim.start, claim.end)]
            self.app.push_screen(PickerDialog("Entities this claim is about", self._entity_items(),
                                              multi=True, selected=selected),
                                 update(entity_ids=lambda v: v))
        elif command == "delete":
            def gone(ok):
                if ok and self.guard(ws.delete_claim, claim.id) is not None:
                    self.refresh_claims()
                    self.say("claim deleted (ctrl+z undoes)")
            carries = []
            if claim.tags:
                carries.append(f"{len(claim.tags)} tag{'s' if len(claim.tags) != 1 else ''}")
            if claim.entities:
                carries.append(f"{len(claim.entities)} linked entit{'ies' if len(claim.entities) != 1 else 'y'}")
            if claim.links:
                carries.append(f"{len(claim.links)} link{'s' if len(claim.links) != 1 else ''} to other claims "
                               "(corroborations / contradictions)")
            if claim.note:
                carries.append("a note")
            message = one_line(claim.quote, 300)
            if carries:
                message += "\n\nIt carries " + ", ".join(carries) + ": they go with it (ctrl+z undoes)."
            self.app.push_screen(ConfirmDialog("Delete this claim?", message), gone)
        elif command == "corroborate":
            self.corroborate(claim.id)
        elif command == "links":
            self.show_linked(claim)
        elif command == "history":
            self.show_history(claim)
        elif command == "copy":
            self.copy_cited(claim.source_id, claim.start, claim.end)
        elif command == "span":
            if self.reader.source_id != claim.source_id or self.claim_context == "claims":
                self.jump_to_claim(claim.id)
            self.reader.start_span_edit(claim)
        elif command == "span-save":
            r = self.reader
            span = r.selected_span
            r.span_edit = None
            if span is None:
                self.app.notify("empty span: the claim is unchanged", severity="warning", markup=False)
                return
            moved = self.guard(ws.move_claim, claim.id, *span)
            if moved is not None:
                self.refresh_claims(claim.id)
                r.select_span(moved.start, moved.end)
                self.say(f"claim span saved ({moved.end - moved.start} characters; ctrl+z undoes)")

    # -- following the evidence --------------------------------------------------------------
    def show_linked(self, claim) -> None:
        """``g``: the claims this one corroborates or contradicts, and those that do so to it."""
        if not claim.links:
            self.say("no linked claims yet: o finds corroborating passages")
            return
        titles = {s.id: s.title for s in self.ws.list_sources()}
        rows = []
        for lk in claim.links:
            other = self.guard(self.ws.get_claim, lk.claim_id)
            if other is None:
                continue
            t = Text(end="")
            arrow = ("this claim " if lk.direction == "out" else "") + lk.relation + \
                    ("" if lk.direction == "out" else " this claim")
            t.append(arrow, style="bold green" if lk.relation == "corroborates" else "bold red")
            t.append("  ")
            t.append_text(lit(one_line(titles.get(other.source_id, ""), 40), "italic cyan"))
            t.append("\n")
            t.append_text(lit(one_line(other.quote, 200)))
            rows.append((other.id, t))
        if len(rows) == 1:
            self.jump_to_claim(rows[0][0])
            self.say("jumped to the linked claim (alt+left goes back)")
            return

        def jump(key: str | None) -> None:
            if key:
                self.jump_to_claim(key)

        self.app.push_screen(ListDialog(f"Claims linked to this one ({len(rows)})", rows,
                                        hint="enter: jump (alt+left comes back) · escape: close"), jump)

    def show_history(self, claim) -> None:
        """``h``: who changed what and when, from the action log."""
        rows = []
        for entry in self.guard(self.ws.claim_history, claim.id) or []:
            t = Text(no_wrap=True, overflow="ellipsis", end="")
            t.append(local_time(entry.get("at") or ""), style="dim")
            author = entry.get("author")
            if author:
                t.append("  ")
                t.append_text(lit(one_line(str(author), 20), "bold cyan"))
            t.append("  ")
            t.append(ACTION_WORDS.get(entry.get("action", ""), entry.get("action", "")), style="bold")
            state = entry.get("state")
            if state in ("undone", "dropped"):
                t.append(" (undone)", style="italic red")
            t.append("\n")
            t.append_text(lit(one_line(entry.get("summary") or "", 200), "dim"))
            rows.append((str(entry.get("id")), t))
        if not rows:
            self.say("no recorded changes to this claim")
            return
        self.app.push_screen(ListDialog(f"History of this claim ({len(rows)} changes)", rows,
                                        hint="escape: close"), lambda _k: None)

    def copy_selection(self) -> None:
        r = self.reader
        span = r.selected_span
        if r.source_id is None or span is None:
            self.app.notify("select some text first", severity="warning", markup=False)
            return
        self.copy_cited(r.source_id, *span)

    def copy_cited(self, source_id: int, start: int, end: int) -> None:
        """``y``: the quote and its citation (title, outlet, date, URL when known) to the clipboard."""
        src = self.guard(self.ws.get_source, source_id)
        if src is None:
            return
        quote = self.ws.source_text(source_id)[start:end]
        text = cite(quote, src)
        self.app.copy_to_clipboard(text)
        self.say(f"copied the quote with its citation ({len(text):,} characters)")

    def _entity_items(self, exclude: int | None = None) -> list[tuple[int, str, str, list[str]]]:
        return [(e.id, e.name, f"{e.label} · {plural(e.mentions, 'mention')} in {plural(e.sources, 'source')}", e.aliases)
                for e in self.ws.list_entities() if e.id != exclude]

    def create_claim(self) -> None:
        r = self.reader
        span = r.selected_span
        if r.source_id is None or span is None:
            self.app.notify("select some text in the reader first (s selects a sentence)", severity="warning",
                            markup=False)
            return
        sid, (a, b) = r.source_id, span
        ws = self.ws
        quote = ws.source_text(sid)[a:b]
        ents = self.guard(ws.entities_in_span, sid, a, b) or []
        tags = [t["tag"] for t in ws.list_tags()]

        def save(draft: ClaimDraft | None) -> None:
            if draft is None:
                return
            c = self.guard(ws.add_claim, sid, a, b, tags=draft.tags, entity_ids=draft.entity_ids,
                           status=draft.status, note=draft.note)
            if c is not None:
                self.refresh_claims(c.id)
                r.select_span(c.start, c.start)
                self.say(f"claim saved ({c.status}{', ' + ', '.join(c.tags) if c.tags else ''})")

        self.app.push_screen(ClaimDialog(quote, tags, [(e.id, e.name) for e in ents]), save)

    def corroborate(self, claim_id: str) -> None:
        self.run_corroborate(claim_id)

    @work(thread=True, exclusive=True, group="corroborate")
    def run_corroborate(self, claim_id: str) -> None:
        from ...evidence import corroborate as corr

        ws = self.app.thread_workspace()  # type: ignore[attr-defined]

        told = False

        def indexing(done: int, total: int) -> None:
            nonlocal told
            if not told and done < total:
                told = True
                self.app.call_from_thread(self.say, f"indexing {total:,} new sources for corroboration…")

        indexer = self._indexer
        if indexer is not None and indexer.running():
            indexer.stop()  # the background indexer is gentle; someone is waiting now: both cores, here
        try:  # sources ingested since the last query are indexed first
            cands = corr.corroborate(ws, claim_id, limit=10, progress=indexing)
            summary = corr.origins(cands, ws, ws.get_claim(claim_id)).line() if cands else ""
        except WorkbenchError as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self._show_candidates, claim_id, cands, summary)

    def _show_candidates(self, claim_id: str, cands: list, summary: str = "") -> None:
        if not cands:
            self.say("no other source says anything close to this claim")
            return
        from ...evidence.corroborate import contradiction_line as corr_line

        titles = self.ws.source_titles([c.get("source_id") if isinstance(c, dict) else c.source_id for c in cands])
        rows = []
        for i, c in enumerate(cands):
            g = (lambda k, c=c: c.get(k) if isinstance(c, dict) else getattr(c, k))
            t = Text(end="")
            t.append(f"{float(g('score')):.2f} ", style="bold green")
            band = g("band") if hasattr(c, "band") or isinstance(c, dict) else None
            if band:
                t.append("same claim " if band == "same" else "related ", style="bold" if band == "same" else "dim")
            t.append(f"{g('lang')} ", style="cyan")
            t.append_text(lit(one_line(titles.get(g("source_id"), ""), 40), "italic"))
            t.append("\n")
            t.append_text(lit(one_line(g("text"), 220)))
            reasons = g("reasons") or {}
            if isinstance(reasons, dict):
                line = "; ".join(f"{k}: {', '.join(str(v) for v in vs)}" for k, vs in reasons.items() if vs)
            else:
                line = "; ".join(str(x) for x in reasons)
            if line:
                t.append("\n")
                t.append_text(lit(one_line(line, 200), "dim"))
            extra = [] if isinstance(c, dict) else [c.origin_line(), corr_line(c.contradiction)]
            for x in filter(None, extra):
                t.append("\n")
                t.append_text(lit(one_line(x, 200), "yellow" if x.startswith("possible") else "dim"))
            rows.append((str(i), t))
        dlg = CandidatesDialog(claim_id, cands, rows, summary)
        self.app.push_screen(dlg, lambda key: self._candidate_done(cands, key))

    def _candidate_done(self, cands: list, key: str | None) -> None:
        if key is None:
            return
        self.refresh_claims()
        if key.startswith("jump:"):
            c = cands[int(key[5:])]
            g = (lambda k: c.get(k) if isinstance(c, dict) else getattr(c, k))
            here = self._here()
            self.open_source(g("source_id"), span=(g("start"), g("end")))
            self._jumped_from(here)  # alt+left comes back to the claim

    # -- entities --------------------------------------------------------------------------
    @on(EntityCommand)
    def _entity_command(self, msg: EntityCommand) -> None:
        msg.stop()
        self.entity_command(msg.command, msg.entity_id)

    def context_entity_id(self) -> int | None:
        return self.entities.option_list.current_entity_id()

    def entity_command(self, command: str, entity_id: int | None) -> None:
        if entity_id is None:
            self.app.notify("no entity highlighted in Entities", severity="warning", markup=False)
            return
        ws = self.ws
        ent = self.guard(ws.get_entity, entity_id)
        if ent is None:
            return

        def after(result, message: str) -> None:
            if result is not None:
                self.refresh_all()
                self.say(message)

        if command == "mentions":
            self.show_mentions(ent.id)
        elif command == "merge":
            def merge(target: int | None) -> None:
                if target is not None:
                    res = self.guard(ws.merge_entities, ent.id, target)
                    after(res, f"merged {ent.name!r} into {res.name!r} (ctrl+z undoes)" if res else "")
            self.app.push_screen(PickerDialog(f"Merge {one_line(ent.name, 40)} into…", self._entity_items(ent.id),
                                              describe=lambda into: f"merge {one_line(ent.name, 40)!r} into "
                                                                    f"{one_line(into, 40)!r}"),
                                 merge)
        elif command == "rename":
            def rename(name: str | None) -> None:
                if name is not None and name.strip() and name.strip() != ent.name:
                    res = self.guard(ws.rename_entity, ent.id, name)
                    after(res, f"renamed to {res.name!r}" if res else "")
            self.app.push_screen(TextDialog(f"Rename {one_line(ent.name, 40)}", ent.name, label="New name"), rename)
        elif command == "label":
            def relabel(label: str | None) -> None:
                if label is not None and label != ent.label:
                    res = self.guard(ws.relabel_entity, ent.id, label)
                    after(res, f"{ent.name!r} is now {label}")
            self.app.push_screen(label_dialog(ent.name, ent.label), relabel)
        elif command == "reject":
            after(self.guard(ws.reject_entity, ent.id),
                  f"rejected {ent.name!r}: its mentions are gone everywhere (ctrl+z undoes)")
        elif command == "confirm":
            self.say(f"confirming {ent.name!r} across every source…")
            self.run_confirm(ent.id)
        elif command == "split":
            others = [a for a in ent.aliases if a != ent.name]
            if not others:
                self.say(f"{ent.name!r} has no other names to split off")
                return

            def split(index: int | None) -> None:
                if index is not None:
                    res = self.guard(ws.split_entity, ent.id, others[index])
                    after(res, f"split {res.name!r} off {ent.name!r}: {plural(res.mentions, 'mention')} moved (ctrl+z undoes)"
                          if res else "")
            self.app.push_screen(PickerDialog(f"Split a name off {one_line(ent.name, 40)}",
                                              [(i, a, "", []) for i, a in enumerate(others)],
                                              describe=lambda name: f"make {one_line(name, 40)!r} an entity of "
                                                                    f"its own, with its mentions"), split)
        elif command == "claims":
            self.show_entity_claims(ent)

    def show_entity_claims(self, ent) -> None:
        """``c`` in Entities: the claims linked to an entity; enter jumps to one."""
        claims = self.guard(self.ws.list_claims, entity_id=ent.id)
        if claims is None:
            return
        if not claims:
            self.say(f"no claims are linked to {ent.name!r}")
            return
        titles = {s.id: s.title for s in self.ws.list_sources()}
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
                self.jump_to_claim(key)

        self.app.push_screen(ListDialog(f"Claims about {one_line(ent.name, 40)} ({len(claims)})", rows), jump)

    def create_entity_from_selection(self) -> None:
        """``E`` in the reader: the selected words become a (confirmed) entity, found in every source."""
        r = self.reader
        span = r.selected_span
        if r.source_id is None or span is None:
            self.app.notify("select the name in the reader first (shift+arrows)", severity="warning", markup=False)
            return
        name = " ".join(self.ws.source_text(r.source_id)[span[0]:span[1]].split())

        def named(value: str | None) -> None:
            if value is None or not value.strip():
                return

            def labelled(label: str | None) -> None:
                if label:
                    self.say(f"adding {value.strip()!r} and finding it in every source…")
                    self.run_add_entity(value.strip(), label)
            self.app.push_screen(label_dialog(value.strip(), "PER"), labelled)

        self.app.push_screen(TextDialog("New entity from the selection", name, label="Name"), named)

    @work(thread=True, exclusive=True, group="confirm")
    def run_add_entity(self, name: str, label: str) -> None:
        ws = self.app.thread_workspace()  # type: ignore[attr-defined]
        try:
            from ...nlp.gazetteer import gazetteer_mentions

            ent, added = ws.add_user_entity(name, label, find=gazetteer_mentions)
        except WorkbenchError as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self._entity_added, ent.name, ent.label, added)

    def _entity_added(self, name: str, label: str, added: int) -> None:
        self.refresh_all()
        self.say(f"added {name!r} ({label}): found {plural(added, 'time')} across the sources (ctrl+z undoes)")

    @work(thread=True, exclusive=True, group="confirm")
    def run_confirm(self, entity_id: int) -> None:
        ws = self.app.thread_workspace()  # type: ignore[attr-defined]
        try:
            from ...nlp.gazetteer import gazetteer_mentions

            ent, added = ws.confirm_entity(entity_id, find=gazetteer_mentions)
        except WorkbenchError as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self._confirmed, ent.name, added)

    def _confirmed(self, name: str, added: int) -> None:
        self.refresh_all()
        self.say(f"confirmed {name!r}: {plural(added, 'new mention')} found (ctrl+z undoes)")

    def show_mentions(self, entity_id: int) -> None:
        ws = self.ws
        mentions = self.guard(ws.mentions_for_entity, entity_id)
        if mentions is None:
            return
        ent = ws.get_entity(entity_id)
        if not mentions:
            self.say(f"{ent.name!r} has no mentions")
            return
        titles = ws.source_titles([m.source_id for m in mentions[:500]])
        texts: dict[int, str] = {}
        rows = []
        for m in mentions[:500]:
            if m.source_id not in texts:
                texts[m.source_id] = ws.source_text(m.source_id)
            text = texts[m.source_id]
            t = Text(no_wrap=True, overflow="ellipsis", end="")
            t.append_text(lit(one_line(titles.get(m.source_id, ""), 34), "italic cyan"))
            t.append("  ")
            before, after = text[max(0, m.start - 40):m.start], text[m.end:m.end + 60]
            # one_line trims the ends: keep the space that separates the mention from its context
            t.append_text(lit(one_line(before)[-40:], "dim"))
            t.append(" " if before[-1:].isspace() else "")
            t.append_text(lit(text[m.start:m.end], "bold reverse"))
            t.append(" " if after[:1].isspace() else "")
            t.append_text(lit(one_line(after), "dim"))
            rows.append((f"{m.source_id}:{m.start}:{m.end}", t))
        more = f" (first 500 of {len(mentions)})" if len(mentions) > 500 else ""

        def jump(key: str | None) -> None:
            if key:
                sid, a, b = (int(x) for x in key.split(":"))
                here = self._here()
                self.open_source(sid, span=(a, b))
                self._jumped_from(here)

        self.app.push_screen(ListDialog(f"{one_line(ent.name, 40)}: {plural(len(mentions), 'mention')}{more}", rows),
                             jump)

    # -- export and ingest -----------------------------------------------------------------
    def action_export(self) -> None:
        from ..export import FORMATS

        def chosen(fmt: str | None) -> None:
            if fmt:
                self.export_options(fmt)

        self.app.push_screen(ChoiceDialog("Export evidence", [(k, v[0]) for k, v in FORMATS.items()]), chosen)

    def export_options(self, fmt: str) -> None:
        """The file name (editable) and which claims go in (tags, statuses, sources)."""
        from ..export import FORMATS, export_path
        from .dialogs import ExportDialog

        def chosen(choice) -> None:
            if choice is not None:
                self.run_export(fmt, choice)

        tags = [t["tag"] for t in self.ws.list_tags()]
        src = getattr(self.reader, "source_id", None)
        self.app.push_screen(ExportDialog(f"Export {FORMATS[fmt][0]}", str(export_path(self.ws, fmt)),
                                          tags, src if isinstance(src, int) else None), chosen)

    def run_export(self, fmt: str, choice=None) -> None:
        """Export in a worker behind a progress screen; escape cancels before anything is written."""
        from pathlib import Path

        from ...evidence.bundle import ExportFilter
        from ..export import export
        from .task import TaskScreen

        path = flt = None
        if choice is not None:
            path = Path(choice.path).expanduser()
            if not path.is_absolute():
                path = Path(self.ws.path).resolve().parent / path
            flt = ExportFilter(tags=choice.tags, statuses=choice.statuses, source_ids=choice.sources)

        def done(path) -> None:
            if path is not None:
                self.app.last_export = path  # type: ignore[attr-defined]

        def describe(path) -> str:
            return f"exported to {path}" if path is not None else "export cancelled; nothing was written"

        self.app.push_screen(TaskScreen("Exporting evidence", lambda ws, progress, cancel: export(
            ws, fmt, progress, cancel, path=path, flt=flt), describe), done)

    def action_source_meta(self, values: dict[str, str] | None = None) -> None:
        """Edit the citation details (URL, outlet, author, dates) of the highlighted source in
        Sources, or of the source open in the reader."""
        from .source_meta import SourceMetaDialog

        sid = self.sources.highlighted_source_id() if self.active == "sources" else None
        sid = sid if sid is not None else self.reader.source_id
        src = self.guard(self.ws.get_source, sid) if sid is not None else None
        if src is None:
            self.app.notify("no source: highlight one in Sources or open one", severity="warning", markup=False)
            return

        def save(changes: dict[str, str] | None) -> None:
            if not changes:
                return
            try:
                self.ws.set_source_meta(src.id, **changes)
            except WorkbenchError as exc:  # say why, and give the dialog back with what was typed
                self.app.notify(str(exc), severity="error", markup=False)
                self.action_source_meta({**{f: str(getattr(src, f)) for f in changes}, **changes})
                return
            self.say(f"source {src.id}: {', '.join(changes)} saved")
            self.refresh_all()

        self.app.push_screen(SourceMetaDialog(src, values), save)

    def action_ingest(self) -> None:
        from .ingest import IngestScreen

        self.app.push_screen(IngestScreen(), lambda _r: self.after_ingest())

    def after_ingest(self) -> None:
        """New sources: the search hits are stale (the query is cleared) and the lists start at the top."""
        if self.sources.search_input.value:
            self.sources.search_input.value = ""
            self.sources.query_text = ""
        self.refresh_all()
        for lst in (self.entities.option_list, self.sources.option_list):
            lst.scroll_home(animate=False)
            if lst.option_count:
                lst.highlighted = 0

    def change_language(self) -> None:
        """``L`` in the reader: override the open source's language, then offer to re-run NER."""
        sid = self.reader.source_id
        if sid is None:
            self.app.notify("open a source first", severity="warning", markup=False)
            return
        src = self.guard(self.ws.get_source, sid)
        if src is None:
            return
        choices = [("es", "Spanish"), ("pt", "Portuguese"), ("it", "Italian"), ("en", "English"),
                   ("fr", "French"), ("de", "German"), ("ca", "Catalan"), ("und", "unknown")]

        def chosen(lang: str | None) -> None:
            if lang is None or lang == src.lang:
                return
            try:
                self.ws.set_source_lang(sid, lang)
            except WorkbenchError as exc:
                self.app.notify(str(exc), severity="error", markup=False)
                return
            self.refresh_all()

            def rerun(ok) -> None:
                if ok:
                    self.reprocess(True)
            self.app.push_screen(ConfirmDialog(f"Language set to {lang}", "Re-run NER on this source now, so its "
                                               "entities follow the new language?"), rerun)

        self.app.push_screen(ChoiceDialog(f"Language of {one_line(src.title, 40)}", choices, src.lang), chosen)

    def reprocess(self, this_source: bool) -> None:
        """Re-run NER (after a language override, or to apply entity corrections) in a worker."""
        from .task import TaskScreen

        ids = None
        if this_source:
            if self.reader.source_id is None:
                self.app.notify("open a source first", severity="warning", markup=False)
                return
            ids = [self.reader.source_id]

        def job(ws, progress, cancel):
            from ...ingest import reanalyse_sources

            return reanalyse_sources(ws, ids, progress=progress, cancel=cancel)

        def describe(report) -> str:
            return f"re-ran NER on {plural(len(report.updated), 'source')}" + (" (cancelled)" if report.cancelled else "")

        self.app.push_screen(TaskScreen("Re-running NER", job, describe), lambda _r: self.refresh_all())

    # -- the command palette ---------------------------------------------------------------
    def palette_commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        from ..export import FORMATS

        def claim(cmd: str):
            return lambda: self.claim_command(cmd, self.context_claim_id())

        def entity(cmd: str):
            return lambda: self.entity_command(cmd, self.context_entity_id())

        cmds: list[tuple[str, str, Callable[[], Any]]] = [
            ("Search sources", "full-text search as you type (/)", self.action_search),
            ("Focus sources pane", "f1", lambda: self.action_focus_pane("sources")),
            ("Focus reader", "f2", lambda: self.action_focus_pane("reader")),
            ("Focus claims pane", "f4", lambda: self.action_focus_pane("claims")),
            ("Focus entities pane", "f5", lambda: self.action_focus_pane("entities")),
            ("Select sentence", "reader: s (again: extend to the next sentence)",
             lambda: self.reader.action_select_sentence()),
            ("Create claim from selection", "reader: c", self.create_claim),
            ("Claim: tags", "t", claim("tags")),
            ("Claim: status", "v", claim("status")),
            ("Claim: link entities", "e", claim("entities")),
            ("Claim: note", "n", claim("note")),
            ("Claim: delete", "d", claim("delete")),
            ("Claim: corroborate in other sources", "o", claim("corroborate")),
            ("Next claim", "]", lambda: self.reader.action_next_claim()),
            ("Previous claim", "[", lambda: self.reader.action_prev_claim()),
            ("Next search hit", "f3", lambda: self.reader.action_next_hit()),
            ("Toggle entity mentions", "reader: m", lambda: self.reader.action_toggle_mentions()),
            ("Toggle claims: this source / all", "claims: a", lambda: self.claims.option_list.action_toggle_all()),
            ("Entity: list mentions", "entities: enter", entity("mentions")),
            ("Entity: merge into another", "entities: m", entity("merge")),
            ("Entity: rename", "entities: r", entity("rename")),
            ("Entity: change label", "entities: l", entity("label")),
            ("Entity: reject as false positive", "entities: !", entity("reject")),
            ("Entity: confirm", "entities: +", entity("confirm")),
            ("Entity: split a name off", "entities: s (undo a wrong merge)", entity("split")),
            ("Entity: list linked claims", "entities: c", entity("claims")),
            ("Entity: create from the selection", "reader: E", self.create_entity_from_selection),
            ("Claim: linked claims (jump)", "g", claim("links")),
            ("Claim: history", "h", claim("history")),
            ("Claim: copy quote with citation", "y", claim("copy")),
            ("Claim: widen / narrow the span", "w", claim("span")),
            ("Filter claims (tag, status, entity, language)", "claims: f",
             lambda: self.claims.edit_filter()),
            ("Back", "alt+left", self.action_back),
            ("Forward", "alt+right", self.action_forward),
            ("Source: change language", "reader: L", self.change_language),
            ("Filter entities", "entities: /", lambda: (self.action_focus_pane("entities"),
                                                          self.entities.option_list.action_filter())),
            ("Undo", "ctrl+z", self.app.action_undo),  # type: ignore[attr-defined]
            ("Redo", "ctrl+y", self.app.action_redo),  # type: ignore[attr-defined]
            ("Export…", "x: choose the format, the file and which claims", self.action_export),
            ("Ingest files…", "i: add files or a folder", self.action_ingest),
            ("Re-run NER on this source", "reprocess: after a language change or entity corrections",
             lambda: self.reprocess(True)),
            ("Re-run NER on all sources", "reprocess: in a worker; escape cancels", lambda: self.reprocess(False)),
            ("Reprocess this source", "re-run NER on it", lambda: self.reprocess(True)),
            ("Reprocess all sources", "re-run NER on every source", lambda: self.reprocess(False)),
            ("Help: every key", "?", self.app.action_help),  # type: ignore[attr-defined]
            ("Quit", "q", self.app.exit),
        ]
        for fmt, (name, _ext) in FORMATS.items():
            cmds.append((f"Export {name}", f"write {name} next to the workspace", lambda f=fmt: self.run_export(f)))
        return cmds


class CandidatesDialog(ListDialog):
    """Corroboration candidates: ``a`` accepts one as corroborating, ``!`` as contradicting (the
    list stays open, so several can be accepted in a row), enter opens the passage in the reader."""

    BINDINGS = [
        Binding("a", "accept('corroborates')", "Corroborates", id="corroborate.accept"),
        Binding("exclamation_mark", "accept('contradicts')", "Contradicts", key_display="!",
                id="corroborate.contradict"),
    ]

    def __init__(self, claim_id: str, cands: list, rows: list[tuple[str, Text]], summary: str = "") -> None:
        super().__init__("Other sources on this claim" + (f" · {summary}" if summary else ""), rows,
                         hint="a: corroborates · !: contradicts · enter: open · escape: close")
        self.claim_id = claim_id
        self.cands = cands
        self.accepted: dict[str, str] = {}  # row key -> relation

    def action_accept(self, relation: str) -> None:
        from ...evidence import corroborate as corr

        ol = self.query_one("#rows", OptionList)
        opt = ol.highlighted_option
        if opt is None or opt.id is None:
            return
        cand = self.cands[int(opt.id)]
        try:  # the claim sentence of the passage, with the entities of its own span (no copied tags)
            new = corr.accept(self.app.ws, self.claim_id, cand, relation,  # type: ignore[attr-defined]
                              copy_tags=False, sentence=True)
        except WorkbenchError as exc:
            self.app.notify(str(exc), severity="error", markup=False)
            return
        self.accepted[opt.id] = relation
        row = dict(self.rows)[opt.id]
        t = Text(end="")
        t.append("✓ corroborates  " if relation == "corroborates" else "✗ contradicts  ",
                 style="bold green" if relation == "corroborates" else "bold red")
        t.append_text(row)
        index = ol.highlighted
        ol.replace_option_prompt(opt.id, t)
        if index is not None and index + 1 < ol.option_count:
            ol.highlighted = index + 1  # on to the next passage
        words = "corroborates" if relation == "corroborates" else "contradicts"
        self.app.notify(f"new claim in {one_line(getattr(cand, 'title', '') or 'the other source', 40)} "
                        f"{words} this one: {one_line(new.quote, 60)}", markup=False, timeout=3)

    def action_cancel(self) -> None:
        self.dismiss("accepted" if self.accepted else None)

    def choose(self, key: str | None) -> None:  # enter: open the passage
        if key is not None:
            self.dismiss(f"jump:{key}")
