"""Sources pane: every source (language, claim count, title) and search-as-you-type over FTS.

The list reads only the rows on screen, a page at a time (:class:`PagedRows`), and its count
comes from the store's counter: opening a workspace of 100,000 sources reads one page.

The search runs in a thread worker (exclusive: a new keystroke supersedes the old query) on its own
read connection, so typing never waits for SQLite.
"""

from __future__ import annotations

import time
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Key
from textual.widgets import Static
from textual.worker import get_current_worker

from ...errors import WorkbenchError
from ...store import SearchHit, Source
from ...store.query import OPERATORS, is_complete, parse
from ..text import lit, one_line, snippet_line
from .common import OpenSource, WBInput, wb_app, workspace
from .vlist import PagedRows, Row, VirtualList

# the last word typed becomes a prefix from this many characters: a prefix of one letter matches a
# large share of the index (``p*`` took 120 ms on the 5,337-article corpus, ``pr*`` 40 ms, ``pre*``
# 17 ms) and its hits say nothing about what is being typed
MIN_PREFIX = 2
# while typing, only this many of the most recently added matches are ranked (see
# Workspace.search_newest): a two-letter prefix matches nearly every source, and ranking 97,000
# matches took 0.5 s a key on 100,000 articles; enter ranks them all
TYPING_RANKED = 3_000


def as_you_type(query: str) -> str:
    """While typing, the last word is a prefix: ``intelig`` finds ``inteligencia`` (from
    :data:`MIN_PREFIX` characters; shorter, it is searched as the word it is).  A query that ends in
    syntax (a quote, a star, ``~``, a parenthesis, an upper-case operator) is left alone."""
    q = query.strip()
    last = q.rsplit(None, 1)[-1] if q else ""
    if len(last) >= MIN_PREFIX and last[-1].isalnum() and last not in OPERATORS and q.count('"') % 2 == 0 \
            and "~" not in last and ":" not in last:
        return q + "*"
    return q


class SourcesPane(Vertical):
    BINDINGS = [
        Binding("escape", "clear_search", "Clear search", show=False, id="sources.clear"),
        Binding("ctrl+o", "toggle_aliases", "Aliases", id="sources.aliases"),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.total = 0  # sources in the workspace
        self.hits: list[SearchHit] = []
        self.query_text = ""
        self.search_error = ""
        self.aliases = False  # widen a name to every alias of its entity
        self.suggestions: list[str] = []
        self.last_latency_ms: float | None = None
        self._typed_at = 0.0
        self._shown_query = ""
        self.ranked_newest = False  # the hits shown rank only the newest TYPING_RANKED matches

    def compose(self) -> ComposeResult:
        yield Static(lit("Sources"), id="sources-title", classes="pane-title")
        yield WBInput(placeholder="/ search all sources (FTS)…", id="source-search")
        yield VirtualList(id="source-list")

    @property
    def option_list(self) -> VirtualList:
        return self.query_one("#source-list", VirtualList)

    @property
    def search_input(self) -> WBInput:
        return self.query_one("#source-search", WBInput)

    # -- listing ---------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read the count and drop the cached pages: the rows on screen are read again when
        they are next painted (after an ingest, a claim saved, a language changed)."""
        ws = workspace(self.app)
        self.total = ws.source_count()
        if self.query_text:
            return
        self._show_sources()

    def _page(self, offset: int, limit: int) -> list[Row]:
        ws = workspace(self.app)
        return [Row(f"s{s.id}", self._prompt(s)) for s in ws.sources_page(offset, limit)]

    def _prompt(self, s: Source) -> Text:
        t = Text(end="")
        t.append(f"{(s.lang or 'und')[:3]:<3}", style="bold cyan")
        t.append(f"{s.claims:>4} " if s.claims else "     ", style="bold yellow")
        t.append(one_line(s.title or s.path or f"source {s.id}"))
        return t

    def on_resize(self) -> None:
        if self.query_text and self.hits:
            self._show_hits()  # the snippet lines are fitted to the width

    def _title(self) -> None:
        if self.query_text:
            label = f"Search: {len(self.hits)} hit{'s' if len(self.hits) != 1 else ''}"
            if self.aliases:
                label += " (with aliases)"
            if self.ranked_newest:
                label += f", best of the newest {TYPING_RANKED:,} matches (enter: all)"
        else:
            label = f"Sources ({self.total})"
        self.query_one("#sources-title", Static).update(lit(label))

    def _show_sources(self) -> None:
        ol = self.option_list
        keep = ol.highlighted if ol.paged else None  # the cursor stays where it was
        ol.set_rows(PagedRows(self.total, self._page), keep)
        self._title()

    def _show_hits(self) -> None:
        width = self.option_list.scrollable_content_region.width or None  # None before the first layout
        rows = []
        if self.search_error:
            rows.append(Row("err", lit(self.search_error, "red")))
        elif not self.hits and self.suggestions:
            rows.append(Row("err", lit("no hits; did you mean " + " or ".join(self.suggestions) + "?", "yellow")))
        for h in self.hits:
            t = Text(end="")
            t.append_text(lit(h.title or f"source {h.source_id}", "bold"))
            t.append(f"  {h.lang}\n", style="cyan")
            t.append_text(snippet_line(h.snippet, h.marks, width))
            rows.append(Row(f"h{h.source_id}", t))
        self.option_list.set_rows(rows, 1 if self.search_error and self.hits else 0)
        self._title()

    def highlight(self, source_id: int) -> None:
        """Put the list's highlight on a source (when it is listed)."""
        ol = self.option_list
        try:
            ol.highlighted = ol.get_option_index(f"s{source_id}")
        except KeyError:
            pass

    def highlighted_source_id(self) -> int | None:
        opt = self.option_list.highlighted_option
        if opt is None or not opt.id or opt.id == "err":
            return None
        return int(opt.id[1:])

    # -- search ----------------------------------------------------------------------------
    def start_search(self) -> None:
        self.search_input.focus()

    @on(WBInput.Changed, "#source-search")
    def _changed(self, event: WBInput.Changed) -> None:
        self.query_text = event.value.strip()
        self._typed_at = time.perf_counter()
        if self.parent is not None:  # results get the room they need while they are read (the .tcss)
            self.parent.set_class(bool(self.query_text), "-searching")
        if not self.query_text:
            self.hits, self.search_error = [], ""
            self._show_sources()
            return
        self.run_search(self.query_text)

    def action_toggle_aliases(self) -> None:
        self.aliases = not self.aliases
        self.app.notify("search widens names to every alias" if self.aliases else "search takes names as typed",
                        markup=False, timeout=2)
        if self.query_text:
            self.run_search(self.query_text)

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str, every_match: bool = False) -> None:
        """Search in a worker: as typed, ranking the newest :data:`TYPING_RANKED` matches; with
        ``every_match`` (enter) ranking them all."""
        worker = get_current_worker()
        if not is_complete(query):
            # half typed ("carta ab, Musk AND): the last good results stay; enter explains
            self.app.call_from_thread(self._incomplete, query)
            return
        ws = wb_app(self.app).thread_workspace()
        hits: list[SearchHit] = []
        err = ""
        better: list[str] = []
        newest = None if every_match else TYPING_RANKED
        capped = False
        try:
            for q in dict.fromkeys((as_you_type(query), query)):
                # the second: the word may be whole, "Musk" as typed, not "Musk*" ... or misspelt
                if newest is None:
                    hits = ws.search(q, limit=100, aliases=self.aliases)
                else:
                    hits, capped = ws.search_newest(q, 100, newest, aliases=self.aliases)
                if hits:
                    break
            if not hits and not worker.is_cancelled:
                better = ws.suggest(query)
        except WorkbenchError as exc:
            err = str(exc)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._hits_ready, query, hits, err, better, capped)
        if not worker.is_cancelled:
            ws.warm_vocabulary()  # later suggestions and word~ terms then cost milliseconds

    def _incomplete(self, query: str) -> None:
        if query == self.query_text:
            self._shown_query = query

    def _hits_ready(self, query: str, hits: list[SearchHit], err: str, better: list[str] | None = None,
                    capped: bool = False) -> None:
        if query != self.query_text:
            return  # superseded while it ran
        self.hits, self.search_error, self.suggestions = hits, err, better or []
        self.ranked_newest = capped
        self._show_hits()
        self._shown_query = query
        self.last_latency_ms = (time.perf_counter() - self._typed_at) * 1000

    @on(WBInput.Submitted, "#source-search")
    def _submitted(self, event: WBInput.Submitted) -> None:
        if self.query_text and not is_complete(self.query_text):
            try:  # only now, at enter, is a malformed query an error
                parse(self.query_text)
            except WorkbenchError as exc:
                self.app.notify(f"invalid search query: {exc}", severity="error", markup=False)
                return
        if self.search_error:
            self.app.notify(self.search_error, severity="error", markup=False)
        if self.ranked_newest and self.query_text == self._shown_query:
            self.run_search(self.query_text, every_match=True)  # the hits move to the list when ready
        if self.option_list.option_count:
            self.option_list.focus()

    def on_key(self, event: Key) -> None:
        if event.key == "down" and self.search_input.has_focus and self.option_list.option_count:
            event.stop()
            self.option_list.focus()

    def action_clear_search(self) -> None:
        if self.search_input.value:
            self.search_input.value = ""  # fires Changed -> back to the list
        self.option_list.focus()

    @on(VirtualList.OptionSelected, "#source-list")
    def _selected(self, event: VirtualList.OptionSelected) -> None:
        event.stop()
        sid = self.highlighted_source_id()
        if sid is not None:
            self.post_message(OpenSource(sid, query=self.query_text or None))
