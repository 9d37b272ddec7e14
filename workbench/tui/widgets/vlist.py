"""A virtual list: renders only the rows on screen (the Toolong idea), so 5,000 sources or 1,000
claims cost nothing until they are scrolled to.  Rows are literal ``rich.text.Text`` (never markup),
one or more lines each (``\\n``), never wrapped: lines are cut to the width.

The API mirrors the bits of OptionList the panes use (``option_count``, ``highlighted``,
``highlighted_option``, ``OptionSelected``), so panes read the same either way.
"""

from __future__ import annotations

from bisect import bisect_right

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

    def __init__(self, id: str, prompt: Text | None = None, *, make=None, height: int | None = None) -> None:
        self.id = id
        self._prompt = prompt
        self._make = make
        self.height = height if height is not None else (prompt.plain.count("\n") + 1 if prompt is not None else 1)

    @property
    def prompt(self) -> Text:
        if self._prompt is None:
            self._prompt = self._make() if self._make is not None else Text("")
        return self._prompt


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

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: list[Row] = []
        self._index: dict[str, int] = {}
        self._starts: list[int] = []
        self._total = 0
        self._highlighted: int | None = None
        self._split: dict[int, list[Text]] = {}

    # -- content ---------------------------------------------------------------------------
    def set_rows(self, rows: list[Row], highlight: str | int | None = None) -> None:
        self.rows = rows
        self._index = {r.id: i for i, r in enumerate(rows)}
        starts, y = [], 0
        for r in rows:
            starts.append(y)
            y += r.height
        self._starts, self._total = starts, y
        self._split.clear()
        self.virtual_size = Size(self.size.width, y)
        if isinstance(highlight, str):
            highlight = self._index.get(highlight)
        self._highlighted = None
        self.highlighted = (highlight if highlight is not None else 0) if rows else None
        self.refresh()

    def replace_option_prompt(self, row_id: str, prompt: Text) -> None:
        i = self._index.get(row_id)
        if i is None:
            return
        if prompt.plain.count("\n") + 1 != self.rows[i].height:
            rows = list(self.rows)
            rows[i] = Row(row_id, prompt)
            self.set_rows(rows, self._highlighted)
            return
        self.rows[i] = Row(row_id, prompt)
        self._split.pop(i, None)
        self.refresh()

    @property
    def option_count(self) -> int:
        return len(self.rows)

    def get_option_index(self, row_id: str) -> int:
        return self._index[row_id]

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
        top = self._starts[index]
        bottom = (self._starts[index + 1] if index + 1 < len(self._starts) else self._total)
        height = self.scrollable_content_region.height or self.size.height
        y = self.scroll_offset.y
        if top < y:
            self.scroll_to(y=top, animate=False, immediate=True)
        elif height and bottom > y + height:
            self.scroll_to(y=bottom - height, animate=False, immediate=True)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, self._total)
        if self._highlighted is not None:
            self.call_after_refresh(self._scroll_to_row, self._highlighted)

    # -- rendering -------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        line_no = y + self.scroll_offset.y
        base = self.rich_style
        if line_no >= self._total or not self.rows:
            return Strip.blank(width, base)
        i = bisect_right(self._starts, line_no) - 1
        lines = self._split.get(i)
        if lines is None:
            lines = self.rows[i].prompt.split("\n", allow_blank=True)
            if len(self._split) > 2000:
                self._split.clear()
            self._split[i] = lines
        k = line_no - self._starts[i]
        text = lines[k].copy() if k < len(lines) else Text("")
        text.truncate(width, overflow="ellipsis", pad=True)
        style = base
        if i == self._highlighted:
            hl = self.get_component_rich_style("vlist--highlight" if self.has_focus else "vlist--highlight-blur")
            style = base + hl
            text.stylize(Style(bgcolor=hl.bgcolor), 0, len(text))
        segments = list(text.render(self.app.console))
        return Strip(Segment.apply_style(segments, style), width).crop_extend(0, width, base)

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
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
            i = bisect_right(self._starts, line_no) - 1
            if event.chain >= 2 and i == self._highlighted:
                self.action_select()
            self.highlighted = i
