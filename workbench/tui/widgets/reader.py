"""The reader: a read-only TextArea with claims, mentions and search hits painted on top.

Highlights are precomputed per line (``_spans``) and applied in :meth:`ReaderArea.get_line`
with ``Text.stylize``; the TextArea's line cache is cleared whenever they change.  Offsets are
code points into the stored text; rows/columns convert through precomputed line starts.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Resize
from textual.widgets import Static, TextArea
from textual.widgets.text_area import Selection

from ...store import Claim, Mention, Source
from ..text import display_text, lit
from ..textual_compat import CompatTextArea
from .common import ClaimCommand, claim_bindings
from .reader_text import WORD_BOUNDARY, hard_wrap, sentence_at

__all__ = ["ReaderArea", "ReaderPane", "hard_wrap", "sentence_at"]


class ReaderArea(CompatTextArea):
    """The article text, read-only, with keyboard selection (shift / ctrl+shift + arrows).

    Lines are wrapped by :func:`hard_wrap` (breaking spaces become newlines in the *displayed*
    text only), so rows map to offsets through ``_starts`` exactly as before and soft wrap stays
    off."""

    COMPONENT_CLASSES = {
        "reader--claim-unverified", "reader--claim-supported", "reader--claim-disputed",
        "reader--claim-false", "reader--claim-unclear", "reader--mention", "reader--hit",
    }
    DEFAULT_CSS = """
    ReaderArea { border: none; padding: 0 1; scrollbar-gutter: stable; }
    ReaderArea > .reader--claim-unverified { background: #5a4a10; }
    ReaderArea > .reader--claim-supported { background: #1d4d2b; }
    ReaderArea > .reader--claim-disputed { background: #6a3a10; }
    ReaderArea > .reader--claim-false { background: #6b1f1f; }
    ReaderArea > .reader--claim-unclear { background: #2f2f6b; }
    ReaderArea > .reader--mention { color: #7fd7ff; text-style: underline; }
    ReaderArea > .reader--hit { background: #d7d700; color: #000000; text-style: bold; }
    """
    BINDINGS = [
        Binding("s", "select_sentence", "Sentence", id="reader.sentence"),
        Binding("c", "make_claim", "Claim", id="reader.claim"),
        Binding("m", "toggle_mentions", "Mentions", show=False, id="reader.mentions"),
        Binding("f3", "next_hit", "Next hit", show=False, id="reader.next_hit"),
        # xterm and tmux send shift+F3 as ESC [1;2R, which Textual reads as F15 or (see the app) as a
        # cursor position report
        Binding("shift+f3,f15", "prev_hit", "Prev hit", show=False, id="reader.prev_hit"),
        Binding("escape", "clear_selection", "Clear selection", show=False, id="reader.clear"),
        Binding("ctrl+c", "copy", "Copy", show=False, id="reader.copy"),
        # the screen owns these (they open dialogs and write to the workspace)
        Binding("E", "screen.new_entity", "New entity", show=False, id="reader.new_entity"),
        Binding("L", "screen.language", "Language", show=False, id="reader.language"),
        Binding("enter", "save_span", "Save span", show=False, id="reader.save_span"),
        Binding("space", "swap_span_end", "Other end", show=False, id="reader.swap_end"),
        # TextArea's own undo/redo would swallow these keys in a read-only view
        Binding("ctrl+z", "app.undo", "Undo", show=False, id="reader.undo"),
        Binding("ctrl+y", "app.redo", "Redo", show=False, id="reader.redo"),
        *claim_bindings(),
    ]

    _fresh_document = False  # the text was just loaded (and wrapped): see skip_rewrap

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("", read_only=True, highlight_cursor_line=False, soft_wrap=False,
                         show_line_numbers=False, **kwargs)
        self.source_id: int | None = None
        self._text = ""
        self._starts: list[int] = [0]
        self.claims: list[Claim] = []
        self.mentions: list[Mention] = []
        self.hits: list[tuple[int, int]] = []
        self.show_mentions = True
        self._spans: dict[int, list[tuple[int, int, Style]]] = {}
        self._styled: dict[int, Text] = {}  # line index -> highlighted Text (a wrapped paragraph asks per row)
        self._last_sentence: tuple[int, int] | None = None
        self._wrapped_at = 0
        self.span_edit: str | None = None  # the claim whose span is being widened / narrowed (w)
        self.set_word_pattern(WORD_BOUNDARY)

    def on_mount(self) -> None:
        self.cursor_blink = getattr(self.app, "cursor_blink", True)

    def skip_rewrap(self) -> bool:
        # load_text builds a WrappedDocument (which wraps at width 0, the only width a reader uses:
        # lines are hard-wrapped) and then wraps it again; the second pass over a 200,000-character
        # article is skipped.
        if self._fresh_document and self.wrap_width == 0:
            self._fresh_document = False
            return True
        return False

    # -- content ---------------------------------------------------------------------------
    def _wrap_width(self) -> int:
        w = self.scrollable_content_region.width
        return (w - 1) if w > 10 else 78

    def _load(self, text: str) -> None:
        width = self._wrap_width()
        shown = hard_wrap(display_text(text), width)
        self._wrapped_at = width
        starts = [0]
        find = shown.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self._starts = starts
        self._styled.clear()
        self._fresh_document = True
        self.load_text(shown)
        self.cache_document_height()

    def show_source(self, source_id: int, text: str) -> None:
        self.source_id = source_id
        self._text = text
        self._last_sentence = None
        self._load(text)
        self.move_cursor((0, 0))
        self.scroll_home(animate=False)

    def on_resize(self, event: Resize) -> None:
        if self.source_id is None or self._wrap_width() == self._wrapped_at:
            return
        sel = (self.offset_of(self.selection.start), self.offset_of(self.selection.end))
        self._load(self._text)
        self._rebuild()
        self.selection = Selection(self.location_of(sel[0]), self.location_of(sel[1]))
        self.call_after_refresh(self.scroll_cursor_visible, True, False)

    def set_marks(self, *, claims: list[Claim] | None = None, mentions: list[Mention] | None = None,
                  hits: list[tuple[int, int]] | None = None) -> None:
        if claims is not None:
            self.claims = sorted((c for c in claims if not c.orphaned), key=lambda c: (c.start, c.end))
        if mentions is not None:
            self.mentions = mentions
        if hits is not None:
            self.hits = hits
        self._rebuild()

    def _rebuild(self) -> None:
        spans: dict[int, list[tuple[int, int, Style]]] = {}
        if self.source_id is not None:
            style = self.get_component_rich_style
            if self.show_mentions:
                ms = style("reader--mention", partial=True)
                for m in self.mentions:
                    self._add(spans, m.start, m.end, ms)
            cs = {s: style(f"reader--claim-{s}", partial=True) for s in
                  ("unverified", "supported", "disputed", "false", "unclear")}
            # longer claims first, so a claim nested inside another stays visible
            for c in sorted(self.claims, key=lambda c: c.start - c.end):
                self._add(spans, c.start, c.end, cs.get(c.status, cs["unverified"]))
            hs = style("reader--hit", partial=True)
            for a, b in self.hits:
                self._add(spans, a, b, hs)
        self._spans = spans
        self._styled.clear()
        self.clear_line_cache()
        self.refresh()

    def _add(self, spans: dict, start: int, end: int, style: Style) -> None:
        starts, n = self._starts, len(self._text)
        start, end = max(0, start), min(end, n)
        if end <= start:
            return
        row = bisect_right(starts, start) - 1
        last = bisect_right(starts, end - 1) - 1
        while row <= last:
            ls = starts[row]
            le = starts[row + 1] - 1 if row + 1 < len(starts) else n
            a, b = max(start, ls) - ls, min(end, le) - ls
            if b > a:
                spans.setdefault(row, []).append((a, b, style))
            row += 1

    def get_line(self, line_index: int) -> Text:
        styled = self._styled.get(line_index)
        if styled is None:
            styled = super().get_line(line_index)
            for a, b, style in self._spans.get(line_index, ()):
                styled.stylize(style, a, b)
            if len(self._styled) > 512:
                self._styled.clear()
            self._styled[line_index] = styled
        return styled.copy()  # the TextArea stylizes what it gets (selection, cursor)

    def cursor_drawn(self) -> bool:
        """A forward selection ends *before* the cursor's cell, so drawing the cursor there made
        one more character look selected than ``c`` saves.  While a selection extends forward the
        cursor is not drawn: what is highlighted is exactly the span."""
        sel = self.selection
        return not sel.end > sel.start

    # -- offsets ---------------------------------------------------------------------------
    def offset_of(self, location: tuple[int, int]) -> int:
        row, col = location
        row = max(0, min(row, len(self._starts) - 1))
        return min(self._starts[row] + col, len(self._text))

    def location_of(self, offset: int) -> tuple[int, int]:
        offset = max(0, min(offset, len(self._text)))
        row = bisect_right(self._starts, offset) - 1
        return row, offset - self._starts[row]

    @property
    def cursor_offset(self) -> int:
        return self.offset_of(self.selection.end)

    @property
    def selected_span(self) -> tuple[int, int] | None:
        a, b = sorted((self.offset_of(self.selection.start), self.offset_of(self.selection.end)))
        while a < b and self._text[a].isspace():
            a += 1
        while b > a and self._text[b - 1].isspace():
            b -= 1
        return (a, b) if b > a else None

    def select_span(self, start: int, end: int, *, cursor_at_start: bool = True) -> None:
        a, b = self.location_of(start), self.location_of(end)
        self.selection = Selection(b, a) if cursor_at_start else Selection(a, b)
        self.scroll_cursor_visible(center=True, animate=False)
        self.call_after_refresh(self.scroll_cursor_visible, True, False)

    def current_claim(self) -> Claim | None:
        """The innermost claim holding the cursor (or the selection's start)."""
        if self.source_id is None:
            return None
        off = min(self.offset_of(self.selection.start), self.offset_of(self.selection.end))
        inside = [c for c in self.claims if c.start <= off < c.end]
        return min(inside, key=lambda c: c.end - c.start) if inside else None

    # -- actions ---------------------------------------------------------------------------
    def action_select_sentence(self) -> None:
        if self.source_id is None:
            return
        text = self._text
        span: tuple[int, int] | None
        if self._last_sentence and self.selected_span == self._last_sentence:
            nxt = sentence_at(text, self._last_sentence[1] + 1)
            if nxt is None or nxt[0] < self._last_sentence[1]:
                self.app.bell()
                return
            span = (self._last_sentence[0], nxt[1])
        else:
            found = sentence_at(text, self.offset_of(self.selection.start))
            if found is None:
                self.app.bell()
                return
            span = found
        self._last_sentence = span
        self.selection = Selection(self.location_of(span[0]), self.location_of(span[1]))
        self.scroll_cursor_visible(animate=False)

    def action_make_claim(self) -> None:
        span = self.selected_span
        if self.source_id is None:
            self.app.notify("open a source first", severity="warning", markup=False)
        elif span is None:
            self.app.notify("select some text first: s selects a sentence, shift+arrows extend",
                            severity="warning", markup=False)
        else:
            self.post_message(ClaimCommand("create", None))

    def action_clear_selection(self) -> None:
        self._last_sentence = None
        if self.span_edit is not None:
            self.span_edit = None
            self.app.notify("span unchanged", markup=False, timeout=2)
        self.selection = Selection.cursor(self.selection.end)

    def action_copy(self) -> None:
        span = self.selected_span
        if span is None:
            self.app.notify("nothing selected to copy (y copies a claim with its citation)", severity="warning",
                            markup=False)
            return
        quote = self._text[span[0]:span[1]]
        self.app.copy_to_clipboard(quote)
        self.app.notify(f"copied {len(quote):,} characters (y copies the quote with its citation)", markup=False,
                        timeout=3)

    def start_span_edit(self, claim: Claim) -> None:
        """``w``: the claim's span becomes the selection; shift+arrows move the end with the cursor,
        space switches ends, enter saves, escape cancels."""
        self.span_edit = claim.id
        self.select_span(claim.start, claim.end, cursor_at_start=False)
        self.app.notify("edit the span: shift+arrows move this end (ctrl: by word) · space: other end · "
                        "enter: save · escape: cancel", markup=False, timeout=6)

    def action_swap_span_end(self) -> None:
        if self.span_edit is None:
            return
        sel = self.selection
        self.selection = Selection(sel.end, sel.start)
        self.scroll_cursor_visible(animate=False)

    def action_save_span(self) -> None:
        if self.span_edit is None:
            return
        self.post_message(ClaimCommand("span-save", self.span_edit))

    def action_toggle_mentions(self) -> None:
        self.show_mentions = not self.show_mentions
        self._rebuild()
        self.app.notify("entity mentions " + ("shown" if self.show_mentions else "hidden"), markup=False,
                        timeout=2)

    def _jump(self, offset: int) -> None:
        self.selection = Selection.cursor(self.location_of(offset))
        self.scroll_cursor_visible(center=True, animate=False)

    def action_next_hit(self) -> None:
        """The next search hit after the cursor; past the last, the first again."""
        if not self.hits:
            self.app.bell()
            return
        off = self.cursor_offset
        nxt = [a for a, _ in self.hits if a > off]
        if not nxt:
            self.app.notify("search hits: back to the first", markup=False, timeout=2)
        self._jump(nxt[0] if nxt else self.hits[0][0])

    def action_prev_hit(self) -> None:
        """The search hit before the cursor; before the first, the last."""
        if not self.hits:
            self.app.bell()
            return
        off = self.cursor_offset
        prv = [a for a, _ in self.hits if a < off]
        if not prv:
            self.app.notify("search hits: on to the last", markup=False, timeout=2)
        self._jump(prv[-1] if prv else self.hits[-1][0])

    def action_next_claim(self) -> None:
        off = self.cursor_offset
        nxt = [c for c in self.claims if c.start > off]
        if nxt:
            self.select_span(nxt[0].start, nxt[0].end)
        else:
            self.app.bell()

    def action_prev_claim(self) -> None:
        off = min(self.offset_of(self.selection.start), self.cursor_offset)
        prv = [c for c in self.claims if c.start < off]
        if prv:
            c = max(prv, key=lambda c: c.start)
            self.select_span(c.start, c.end)
        else:
            self.app.bell()

    def action_claim(self, command: str) -> None:
        if command == "copy" and self.selected_span is not None:
            claim = self.current_claim()
            if claim is None or (claim.start, claim.end) != self.selected_span:
                self.post_message(ClaimCommand("copy-selection", None))
                return
        claim = self.current_claim()
        if claim is None:
            self.app.notify("no claim under the cursor ([ and ] jump between claims)", severity="warning",
                            markup=False)
            return
        self.post_message(ClaimCommand(command, claim.id))


class ReaderPane(Vertical):
    """Title bar (title · language · outlet) above the reader."""

    def compose(self) -> ComposeResult:
        yield Static(lit("No source open: pick one in Sources and press enter"), id="reader-title",
                     classes="pane-title", markup=False)
        yield ReaderArea(id="reader")

    @property
    def area(self) -> ReaderArea:
        return self.query_one(ReaderArea)

    _source: Source | None = None
    _pages: list[tuple[int, int, int]] = []  # (page, start, end) of a paged source (a PDF)
    _page_label: str = ""

    def set_pages(self, pages: list[tuple[int, int, int]]) -> None:
        """The page map of the source about to be shown ([] when it has none)."""
        self._pages = list(pages)
        self._page_label = f"p. {pages[0][0]}" if pages else ""  # the reader opens at the start

    def set_title(self, source: Source) -> None:
        self._source = source
        t = Text(no_wrap=True, overflow="ellipsis", end="")
        if self._page_label:
            t.append(self._page_label + "  ", style="bold reverse")
        t.append_text(lit(source.title or "(untitled)", "bold"))
        t.append("  ·  ")
        t.append_text(lit(source.lang or "und"))
        if source.outlet:
            t.append("  ·  ")
            t.append_text(lit(source.outlet, "italic"))
        if source.published_at:
            t.append("  ·  ")
            t.append_text(lit(source.published_at[:10]))
        t.append(f"  ·  {source.chars:,} chars · {source.claims} claims", style="dim")
        if source.pages:
            t.append(f" · {source.pages} pages", style="dim")
        self.query_one("#reader-title", Static).update(t)

    def page_label(self, offset: int) -> str:
        """"p. 4" for the page under ``offset`` ("pp. 4-5" when the cursor is in a claim crossing
        pages); '' for a source without pages."""
        if not self._pages:
            return ""
        claim = self.area.current_claim()
        pages = getattr(claim, "pages", "") if claim is not None else ""
        if not pages:  # the page the offset is on (between two pages: the next one)
            pages = str(next((p for p, _s, e in self._pages if offset < e), self._pages[-1][0]))
        return f"{'pp' if '-' in pages else 'p'}. {pages}"

    def on_text_area_selection_changed(self, event: TextArea.SelectionChanged) -> None:
        if not self._pages or self._source is None:
            return
        label = self.page_label(self.area.cursor_offset)
        if label != self._page_label:
            self._page_label = label
            self.set_title(self._source)
