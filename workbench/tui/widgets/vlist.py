"""A virtual list: renders only the rows on screen (the Toolong idea), so 5,000 sources or 1,000
claims cost nothing until they are scrolled to.  Rows are literal ``rich.text.Text`` (never markup),
one or more lines each (``\\n``), never wrapped: lines are cut to the width.

The API mirrors the bits of OptionList the panes use (``option_count``, ``highlighted``,
``highlighted_option``, ``OptionSelected``), so panes read the same either way.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any, overload

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip


class Row:
    """One entry: an id and its Text.  ``make`` builds the Text lazily (only when the row is
    scrolled into view); then ``height`` must be given, since nothing is rendered up front."""

    __slots__ = ("id", "_prompt", "_make", "height")

    def __init__(self, id: str, prompt: Text | None = None, *, make: Callable[[], Text] | None = None, height: int | None = None) -> None:
        self.id = id
        self._prompt = prompt
        self._make = make
        self.height = height if height is not None else (prompt.plain.count("\n") + 1 if prompt is not None else 1)

    @property
    def prompt(self) -> Text:
        if self._prompt is None:
            self._prompt = self._make() if self._make is not None else Text("")
        return self._prompt


class PagedRows(Sequence[Row]):
    """Rows of one line each read from the store a page at a time, as they are scrolled into
    view (the Sources and Entities panes on a workspace of 100,000 articles): ``fetch(offset,
    limit)`` returns the rows of a page, ``total`` is how many there are (from an index).  A few
    pages stay cached; nothing is read for rows never shown."""

    PAGE = 100
    KEEP = 16  # pages kept

    def __init__(self, total: int, fetch: Callable[[int, int], list[Row]]) -> None:
        self.total = max(0, int(total))
        self._fetch = fetch
        self._pages: OrderedDict[int, list[Row]] = OrderedDict()

    def __len__(self) -> int:
        return self.total

    def _page(self, p: int) -> list[Row]:
        rows = self._pages.get(p)
        if rows is None:
            rows = list(self._fetch(p * self.PAGE, self.PAGE))
            self._pages[p] = rows
            while len(self._pages) > self.KEEP:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(p)
        return rows

    @overload
    def __getitem__(self, i: int) -> Row: ...

    @overload
    def __getitem__(self, i: slice) -> list[Row]: ...

    def __getitem__(self, i: int | slice) -> Row | list[Row]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(self.total))]
        if i < 0:
            i += self.total
        if not 0 <= i < self.total:
            raise IndexError(i)
        rows = self._page(i // self.PAGE)
        k = i % self.PAGE
        return rows[k] if k < len(rows) else Row("", Text(""))  # the store changed under us

    def find(self, row_id: str) -> int | None:
        """The index of a row among the pages read so far (None if not read)."""
        for p, rows in self._pages.items():
            for k, r in enumerate(rows):
                if r.id == row_id:
                    return p * self.PAGE + k
        return None

    def set_cached(self, index: int, row: Row) -> None:
        rows = self._pages.get(index // self.PAGE)
        if rows is not None and index % self.PAGE < len(rows):
            rows[index % self.PAGE] = row


class VirtualList(ScrollView, can_focus=True):
    BINDINGS = [
        Binding("up", "cursor_up", "Up", show=False, id="list.up"),
        Binding("down", "cursor_down", "Down", show=False, id="list.down"),
        Binding("pageup", "page_up", "Page up", show=False, id="list.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("home", "first", "First", show=False, id="list.first"),
        Binding("end", "last", "Last", show=False, id="list.last"),
        Binding("enter", "select", "Open", show=False, id="list.select"),
    ]
    COMPONENT_CLASSES = {"vlist--highlight", "vlist--highlight-blur"}
    DEFAULT_CSS = """
    VirtualList { height: 1fr; background: $surface; }
    VirtualList > .vlist--highlight { background: $block-cursor-background; color: $block-cursor-foreground; }
    VirtualList > .vlist--highlight-blur { background: $block-cursor-blurred-background; }
    """

    class OptionSelected(Message):
        def __init__(self, vlist: "VirtualList", option: Row, index: int) -> None:
            super().__init__()
            self.vlist, self.option, self.option_index = vlist, option, index

        @property
        def control(self) -> "VirtualList":
            return self.vlist

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rows: Sequence[Row] = []
        self._index: dict[str, int] = {}
        self._starts: list[int] = []
        self._total = 0
        self._highlighted: int | None = None
        self._split: dict[int, list[Text]] = {}

    # -- content ---------------------------------------------------------------------------
    @property
    def paged(self) -> bool:
        return isinstance(self.rows, PagedRows)

    def set_rows(self, rows: Sequence[Row], highlight: str | int | None = None) -> None:
        """Show ``rows``: a list (every row given, any height) or :class:`PagedRows` (one line
        each, read as they are scrolled to; nothing here walks them)."""
        self.rows = rows
        if isinstance(rows, PagedRows):
            self._index, self._starts, y = {}, [], len(rows)
        else:
            self._index = {r.id: i for i, r in enumerate(rows)}
            starts, y = [], 0
            for r in rows:
                starts.append(y)
                y += r.height
            self._starts = starts
        self._total = y
        self._split.clear()
        self.virtual_size = Size(self.size.width, y)
        if isinstance(highlight, str):
            highlight = self._find(highlight)
        self._highlighted = None
        self.highlighted = (highlight if highlight is not None else 0) if rows else None
        self.refresh()

    def _find(self, row_id: str) -> int | None:
        if isinstance(self.rows, PagedRows):
            return self.rows.find(row_id)
        return self._index.get(row_id)

    def _top(self, i: int) -> int:
        return i if isinstance(self.rows, PagedRows) else self._starts[i]

    def _bottom(self, i: int) -> int:
        if isinstance(self.rows, PagedRows):
            return i + 1
        return self._starts[i + 1] if i + 1 < len(self._starts) else self._total

    def _row_at(self, line_no: int) -> int:
        return line_no if isinstance(self.rows, PagedRows) else bisect_right(self._starts, line_no) - 1

    def replace_option_prompt(self, row_id: str, prompt: Text) -> None:
        i = self._find(row_id)
        if i is None:
            return
        if isinstance(self.rows, PagedRows):
            self.rows.set_cached(i, Row(row_id, prompt))  # paged rows are one line each
            self._split.pop(i, None)
            self.refresh()
            return
        if prompt.plain.count("\n") + 1 != self.rows[i].height:
            rows = list(self.rows)
            rows[i] = Row(row_id, prompt)
            self.set_rows(rows, self._highlighted)
            return
        rows = self.rows if isinstance(self.rows, list) else list(self.rows)
        rows[i] = Row(row_id, prompt)
        self.rows = rows
        self._split.pop(i, None)
        self.refresh()

    @property
    def option_count(self) -> int:
        return len(self.rows)

    def get_option_index(self, row_id: str) -> int:
        i = self._find(row_id)
        if i is None:
            raise KeyError(row_id)
        return i

    @property
    def highlighted(self) -> int | None:
        return self._highlighted

    @highlighted.setter
    def highlighted(self, index: int | None) -> None:
        if index is not None and self.rows:
            index = max(0, min(index, len(self.rows) - 1))
        elif not self.rows:
            index = None
        self._highlighted = index
        if index is not None:
            self._scroll_to_row(index)
        self.refresh()

    @property
    def highlighted_option(self) -> Row | None:
        return self.rows[self._highlighted] if self._highlighted is not None and self.rows else None

    def _scroll_to_row(self, index: int) -> None:
        if not 0 <= index < len(self.rows):  # an index from before the rows were replaced
            return
        top, bottom = self._top(index), self._bottom(index)
        height = self.scrollable_content_region.height or self.size.height
        y = self.scroll_offset.y
        if top < y:
            self.scroll_to(y=top, animate=False, immediate=True)
        elif height and bottom > y + height:
            self.scroll_to(y=bottom - height, animate=False, immediate=True)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, self._total)
        self.call_after_refresh(self._keep_highlight_in_view)

    def _keep_highlight_in_view(self) -> None:
        # the row highlighted when it runs: the rows may have been replaced since the resize
        if self._highlighted is not None:
            self._scroll_to_row(self._highlighted)

    # -- rendering -------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        line_no = y + self.scroll_offset.y
        base = self.rich_style
        if line_no >= self._total or not self.rows:
            return Strip.blank(width, base)
        i = self._row_at(line_no)
        lines = self._split.get(i)
        if lines is None:
            lines = list(self.rows[i].prompt.split("\n", allow_blank=True))
            if len(self._split) > 2000:
                self._split.clear()
            self._split[i] = lines
        k = line_no - self._top(i)
        text = lines[k].copy() if k < len(lines) else Text("")
        text.truncate(width, overflow="ellipsis", pad=True)
        style = base
        if i == self._highlighted:
            hl = self.get_component_rich_style("vlist--highlight" if self.has_focus else "vlist--highlight-blur")
            style = base + hl
            text.stylize(Style(bgcolor=hl.bgcolor), 0, len(text))
        segments = list(text.render(self.app.console))
        return Strip(Segment.apply_style(segments, style), width).crop_extend(0, width, base)

    def on_focus(self, event: events.Focus) -> None:
        self.refresh()

    def on_blur(self, event: events.Blur) -> None:
        self.refresh()

    # -- keys and mouse --------------------------------------------------------------------
    def action_cursor_up(self) -> None:
        if self.rows:
            self.highlighted = max(0, (self._highlighted or 0) - 1)

    def action_cursor_down(self) -> None:
        if self.rows:
            self.highlighted = 0 if self._highlighted is None else min(len(self.rows) - 1, self._highlighted + 1)

    def _page_rows(self) -> int:
        return max(1, (self.size.height or 10) // max(1, self._total // max(1, len(self.rows))) - 1)

    def action_page_up(self) -> None:
        if self.rows:
            self.highlighted = max(0, (self._highlighted or 0) - self._page_rows())

    def action_page_down(self) -> None:
        if self.rows:
            self.highlighted = min(len(self.rows) - 1, (self._highlighted or 0) + self._page_rows())

    def action_first(self) -> None:
        if self.rows:
            self.highlighted = 0

    def action_last(self) -> None:
        if self.rows:
            self.highlighted = len(self.rows) - 1

    def action_select(self) -> None:
        row = self.highlighted_option
        if row is not None:
            self.post_message(self.OptionSelected(self, row, self._highlighted or 0))

    def on_click(self, event: events.Click) -> None:
        line_no = event.y + self.scroll_offset.y
        if 0 <= line_no < self._total:
            i = self._row_at(line_no)
            if event.chain >= 2 and i == self._highlighted:
                self.action_select()
            self.highlighted = i
