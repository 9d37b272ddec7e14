"""``S``: the sources that tell the same story as a source (copies, edits, translations and
rewrites in any language), from :func:`workbench.evidence.corroborate.find_duplicates`.

The pairs are computed once for the whole workspace, in a worker with a progress screen (escape
cancels), and kept until the sources change (an ingest, a re-run of NER), so ``S`` on the next
source is instant.  Two bands, as in the corroboration list: "same story" (a pair at the
duplicates threshold: the texts match, or most passages have a counterpart saying the same thing)
and "close" (the documents are close, fewer passages align: a retelling, or another story on the
same topic: the share of aligned passages is shown so the reporter can judge)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text

from ..text import lit, one_line, plural
from .dialogs import ListDialog

if TYPE_CHECKING:
    from ...evidence.duplicates import DuplicatePair
    from ...store import Source, Workspace
    from .main import MainScreen

SHOWN = 30  # at most this many other sources are listed


class Cancelled(Exception):
    pass


def story_pairs(ws: Workspace, progress: Callable[[int, int, str], None], cancel: threading.Event
                ) -> list[DuplicatePair] | None:
    """Every pair the duplicates pass finds, at any score (the bands are drawn when shown); None
    when cancelled."""
    from ...evidence.corroborate import find_duplicates

    def tick(done: int, total: int) -> None:
        if cancel.is_set():
            raise Cancelled
        progress(done, total, "comparing sources")

    try:
        return find_duplicates(ws, 0.0, progress=tick)
    except Cancelled:
        return None


def story_rows(source_id: int, pairs: list[DuplicatePair], titles: dict[int, str], langs: dict[int, str],
               threshold: float) -> list[tuple[str, Text]]:
    """The other sources paired with ``source_id``, "same story" first, then by score and cosine."""
    mine = [p for p in pairs if source_id in (p.a, p.b)]
    mine.sort(key=lambda p: (p.score < threshold, -p.score, -p.cosine))
    rows = []
    for p in mine[:SHOWN]:
        other = p.b if p.a == source_id else p.a
        same = p.score >= threshold
        t = Text(end="")
        t.append("same story " if same else "close ", style="bold green" if same else "dim")
        t.append(f"{langs.get(other, '') or 'und'} ", style="cyan")
        t.append_text(lit(one_line(titles.get(other, "") or "(untitled)", 60), "italic"))
        t.append("\n")
        how = "same text" if p.kind == "same text" else "passages saying the same thing"
        t.append(f"{p.score:.0%} {how} · document similarity {p.cosine:.2f}", style="dim")
        rows.append((str(other), t))
    return rows


class SameStory:
    """Shows the same-story sources of a source; enter opens one (alt+left comes back)."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.pairs: list[DuplicatePair] | None = None  # for the workspace as it was when computed

    def forget(self) -> None:
        """The sources changed: the pairs are computed again on the next ``S``."""
        self.pairs = None

    def show(self, src: Source) -> None:
        if self.pairs is not None:
            self._list(src, self.pairs)
            return
        from .task import TaskScreen

        def done(pairs: list[DuplicatePair] | None) -> None:
            if pairs is not None:
                self.pairs = pairs
                self._list(src, pairs)

        def describe(pairs: list[DuplicatePair] | None) -> str:
            if pairs is None:
                return "cancelled: nothing was compared"
            return f"compared the sources: {plural(len(pairs), 'close pair')}"

        self.screen.app.push_screen(TaskScreen("Finding sources that tell the same story", story_pairs, describe),
                                    done)

    def _list(self, src: Source, pairs: list[DuplicatePair]) -> None:
        from ...evidence.corroborate import DUPLICATE_THRESHOLD

        ws = self.screen.ws
        ids = [q for p in pairs if src.id in (p.a, p.b) for q in (p.a, p.b) if q != src.id]
        if not ids:
            self.screen.say(f"no other source tells the story of {one_line(src.title, 40)!r}")
            return
        titles = ws.source_titles(ids)
        langs = {sid: s.lang for sid in ids[:SHOWN * 4] if (s := self.screen.guard(ws.get_source, sid)) is not None}
        rows = story_rows(src.id, pairs, titles, langs, DUPLICATE_THRESHOLD)
        same = sum(1 for p in pairs if src.id in (p.a, p.b) and p.score >= DUPLICATE_THRESHOLD)

        def open_(key: str | None) -> None:
            if key:
                self.screen.open_and_record(int(key))

        title = f"Same story as {one_line(src.title, 40)}: {same} same, {len(ids) - same} close"
        self.screen.app.push_screen(ListDialog(title, rows, hint="enter: open (alt+left comes back) · escape: close"),
                                    open_)
