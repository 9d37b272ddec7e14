"""The main screen: four panes (sources, reader, claims, entities), pane routing and focus.

Panes post Messages (OpenSource, JumpToClaim, ClaimCommand, EntityCommand); this screen routes
them to the object that owns the concern: :class:`.claim_commands.ClaimCommands`,
:class:`.entity_commands.EntityCommands`, :class:`.source_actions.SourceActions` (export, ingest,
find, language, reprocess, same story), :class:`.navigation.Places` (back / forward) and
:class:`.indexer.BackgroundIndexer`.  Every workspace call goes through :meth:`guard`, which turns
a :class:`WorkbenchError` into a one-line notification.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import DescendantFocus, Resize
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Static

from ...errors import WorkbenchError
from ..widgets.claims import ClaimsPane
from ..widgets.common import ClaimCommand, EntityCommand, JumpToClaim, OpenSource
from ..widgets.entities import EntitiesPane
from ..widgets.reader import ReaderArea, ReaderPane
from ..widgets.sources import SourcesPane, as_you_type
from .claim_commands import ClaimCommands
from .entity_commands import EntityCommands
from .indexer import BackgroundIndexer
from .navigation import Places
from .source_actions import SourceActions

if TYPE_CHECKING:
    from ...store import Claim, Workspace
    from ..app import WorkbenchApp

T = TypeVar("T")

NARROW = 110  # below this width one pane is shown at a time
MEDIUM = 150  # below this width the side panes narrow so the reader keeps a readable measure
PANES = ("sources", "reader", "claims", "entities")
PANE_NAMES = {"sources": "Sources", "reader": "Reader", "claims": "Claims", "entities": "Entities"}
INDEX_DELAY = 2.0  # seconds after start-up before new sources are indexed for corroboration


class MainScreen(Screen[None]):
    BINDINGS = [
        Binding("tab", "next_pane", "Next pane", show=False, id="main.next_pane"),
        Binding("shift+tab", "prev_pane", "Previous pane", show=False, id="main.prev_pane"),
        Binding("slash", "search", "Search", key_display="/", id="main.search"),
        Binding("ctrl+f", "find_in_source", "Find", show=False, id="main.find"),
        Binding("x", "export", "Export", show=False, id="main.export"),
        Binding("i", "ingest", "Ingest", show=False, id="main.ingest"),
        Binding("u", "source_meta", "Source details", show=False, id="main.source_meta"),
        Binding("S", "same_story", "Same story", show=False, id="main.same_story"),
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
        self.claim_cmds = ClaimCommands(self)
        self.entity_cmds = EntityCommands(self)
        self.actions = SourceActions(self)
        self.places = Places(self)
        self.indexer = BackgroundIndexer(self)

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
    def wbapp(self) -> WorkbenchApp:
        return cast("WorkbenchApp", self.app)

    @property
    def ws(self) -> Workspace:
        return self.wbapp.ws

    @property
    def sources(self) -> SourcesPane:
        return self.query_one(SourcesPane)

    @property
    def reader(self) -> ReaderArea:
        return self.query_one(ReaderArea)

    @property
    def reader_pane(self) -> ReaderPane:
        return self.query_one(ReaderPane)

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
        self.indexer.close()

    def on_resize(self, event: Resize) -> None:
        self._layout(event.size.width)

    def _layout(self, width: int) -> None:
        self.set_class(width < NARROW, "narrow")
        self.set_class(NARROW <= width < MEDIUM, "medium")
        self._panebar()

    def _panebar(self) -> None:
        t = Text(no_wrap=True, overflow="ellipsis", end="")
        for p in PANES:
            t.append(f" {PANE_NAMES[p]} ", style="bold reverse" if p == self.active else "dim")
            t.append(" ")
        t.append("tab: next pane · ?: help", style="dim")
        self.query_one("#panebar", Static).update(t)

    # -- pane routing ----------------------------------------------------------------------
    def _pane_widget(self, pane: str) -> Widget:
        return self.query_one(f"#{pane}-pane")

    def _focus_target(self, pane: str) -> Widget:
        if pane == "sources":
            return self.sources.option_list
        if pane == "claims":
            return self.claims.option_list
        if pane == "entities":
            return self.entities.option_list
        return self.reader

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

    # the screen-wide keys, each handled by the object that owns it
    def action_find_in_source(self) -> None:
        self.actions.find_in_source()

    def action_export(self) -> None:
        self.actions.export()

    def action_ingest(self) -> None:
        self.actions.ingest()

    def action_source_meta(self) -> None:
        self.actions.source_meta()

    def action_same_story(self) -> None:
        self.actions.same_story()

    def action_new_entity(self) -> None:  # E in the reader
        self.entity_cmds.create_from_selection()

    def action_language(self) -> None:  # L in the reader
        self.actions.change_language()

    def action_back(self) -> None:
        self.places.back()

    def action_forward(self) -> None:
        self.places.forward()

    # -- plumbing --------------------------------------------------------------------------
    def guard(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """Run a workspace call; a WorkbenchError becomes one line on screen."""
        try:
            return fn(*args, **kwargs)
        except WorkbenchError as exc:
            self.app.notify(str(exc), severity="error", markup=False)
            return None

    def say(self, message: str) -> None:
        self.app.notify(message, markup=False, timeout=3)

    def warn(self, message: str) -> None:
        self.app.notify(message, severity="warning", markup=False)

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
                self.reader_pane.set_title(self.ws.get_source(r.source_id))
            except WorkbenchError:
                r.source_id = None
        self.claims.reload()
        self.entities.reload()
        self.sources.reload()
        self.actions.stories.forget()  # the same-story pairs are of the sources as they were
        self.index_passages()  # after an ingest or a re-run of NER

    def index_passages(self) -> None:
        self.indexer.start()

    # -- opening and jumping ---------------------------------------------------------------
    def _hit_offsets(self, source_id: int, query: str | None) -> list[tuple[int, int]]:
        """Where the search's words are in a source (none for a half-typed query: the source opens)."""
        if not query:
            return []
        try:
            return self.ws.search_offsets(source_id, as_you_type(query), aliases=self.sources.aliases)
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
        self.reader_pane.set_pages(ws.source_pages(source_id))
        self.reader_pane.set_title(src)
        r.set_marks(claims=claims, mentions=mentions, hits=hits)
        self.claims.reload(source_id, claims=claims)
        if span is not None:
            r.select_span(*span)
        if focus:
            self.action_focus_pane("reader")
        if remember:  # after the frame that shows the source: the commit is not in the way
            self.call_after_refresh(self._remember, "reader.source", str(source_id))
        return True

    def open_and_record(self, source_id: int, *, query: str | None = None,
                        span: tuple[int, int] | None = None) -> None:
        """Open a source as a jump: alt+left comes back to where the reader was."""
        here = self.places.here()
        self.open_source(source_id, query=query, span=span)
        self.places.jumped_from(here)

    def _remember(self, key: str, value: str) -> None:
        try:
            self.ws.set_setting(key, value)
        except WorkbenchError:
            pass  # a read-only workspace: nothing to remember, the work goes on all the same

    @on(OpenSource)
    def _open(self, msg: OpenSource) -> None:
        self.open_and_record(msg.source_id, query=msg.query, span=msg.span)

    @on(JumpToClaim)
    def _jump(self, msg: JumpToClaim) -> None:
        self.jump_to_claim(msg.claim_id)

    def jump_to_claim(self, claim_id: str) -> None:
        c = self.guard(self.ws.get_claim, claim_id)
        if c is None:
            return
        here = self.places.here()
        self.show_claim(c)
        self.places.jumped_from(here)

    def show_claim(self, c: Claim) -> None:
        if self.reader.source_id != c.source_id:
            if not self.open_source(c.source_id, focus=False):
                return
            self.claims.highlight(c.id)
        self.reader.select_span(c.start, c.end)
        self.action_focus_pane("reader")

    # -- commands from the panes -------------------------------------------------------------
    def context_claim_id(self) -> str | None:
        if self.claim_context == "claims":
            return self.claims.option_list.current_claim_id()
        c = self.reader.current_claim()
        return c.id if c else None

    def context_entity_id(self) -> int | None:
        return self.entities.option_list.current_entity_id()

    @on(ClaimCommand)
    def _claim_command(self, msg: ClaimCommand) -> None:
        msg.stop()
        self.claim_command(msg.command, msg.claim_id)

    def claim_command(self, command: str, claim_id: str | None) -> None:
        self.claim_cmds.run(command, claim_id)

    @on(EntityCommand)
    def _entity_command(self, msg: EntityCommand) -> None:
        msg.stop()
        self.entity_command(msg.command, msg.entity_id)

    def entity_command(self, command: str, entity_id: int | None) -> None:
        self.entity_cmds.run(command, entity_id)

    def create_entity_from_selection(self) -> None:
        self.entity_cmds.create_from_selection()

    def change_language(self) -> None:
        self.actions.change_language()

    def palette_commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        """Every action for the command palette, generated from the bindings (see :mod:`.palette`)."""
        from .palette import palette_commands

        return palette_commands(self)
