"""Back and forward across jumps (claims, linked claims, passages, mentions): alt+left / alt+right."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets.text_area import Selection

from ...errors import WorkbenchError

if TYPE_CHECKING:
    from .main import MainScreen

Place = tuple[int, int, int]  # source id, selection start, selection end
HISTORY = 100  # places kept each way


class Places:
    """The places (source, selection) the reader was at before each jump."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.back_stack: list[Place] = []
        self.forward_stack: list[Place] = []

    def here(self) -> Place | None:
        r = self.screen.reader
        if r.source_id is None:
            return None
        return r.source_id, r.offset_of(r.selection.start), r.offset_of(r.selection.end)

    def jumped_from(self, here: Place | None) -> None:
        """Record where a jump started (if it went somewhere else), for alt+left."""
        if here is not None and here != self.here():
            if not self.back_stack or self.back_stack[-1] != here:
                self.back_stack.append(here)
            del self.back_stack[:-HISTORY]
            self.forward_stack.clear()

    def go(self, place: Place) -> bool:
        s = self.screen
        sid, a, b = place
        if s.reader.source_id != sid and not s.open_source(sid, focus=False):
            return False
        r = s.reader
        r.selection = Selection(r.location_of(a), r.location_of(b))
        r.scroll_cursor_visible(center=True, animate=False)
        s.action_focus_pane("reader")
        return True

    def back(self) -> None:
        self._walk(self.back_stack, self.forward_stack, "back")

    def forward(self) -> None:
        self._walk(self.forward_stack, self.back_stack, "forward")

    def _walk(self, src: list[Place], dst: list[Place], word: str) -> None:
        while src:
            here = self.here()
            place = src.pop()
            try:
                self.screen.ws.get_source(place[0])
            except WorkbenchError:
                continue  # a source removed since: skip it
            if here is not None:
                dst.append(here)
            self.go(place)
            return
        self.screen.app.notify(f"nothing to go {word} to", severity="warning", markup=False, timeout=2)
