"""``o`` on a claim: passages of other sources that make the same claim, found in a worker, shown
in a list where ``a`` / ``!`` accept one as corroborating / contradicting and enter opens it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList

from ...errors import WorkbenchError
from ..text import lit, one_line
from .dialogs import ListDialog

if TYPE_CHECKING:
    from ...evidence.corroborate import Candidate
    from ...store import Workspace
    from .main import MainScreen


def candidate_row(c: Candidate, title: str) -> Text:
    """One passage: score, band, language, title; the passage; why it matched; where it comes from
    and what it may contradict."""
    from ...evidence.corroborate import contradiction_line

    t = Text(end="")
    t.append(f"{float(c.score):.2f} ", style="bold green")
    if c.band:
        t.append("same claim " if c.band == "same" else "related ", style="bold" if c.band == "same" else "dim")
    t.append(f"{c.lang} ", style="cyan")
    t.append_text(lit(one_line(title, 40), "italic"))
    t.append("\n")
    t.append_text(lit(one_line(c.text, 220)))
    line = c.reasons_line()
    if line:
        t.append("\n")
        t.append_text(lit(one_line(line, 200), "dim"))
    for x in filter(None, [c.origin_line(), contradiction_line(c.contradiction)]):
        t.append("\n")
        t.append_text(lit(one_line(x, 200), "yellow" if x.startswith("possible") else "dim"))
    return t


class CandidatesDialog(ListDialog):
    """Corroboration candidates: ``a`` accepts one as corroborating, ``!`` as contradicting (the
    list stays open, so several can be accepted in a row), enter opens the passage in the reader."""

    BINDINGS = [
        Binding("a", "accept('corroborates')", "Corroborates", id="corroborate.accept"),
        Binding("exclamation_mark", "accept('contradicts')", "Contradicts", key_display="!",
                id="corroborate.contradict"),
    ]

    def __init__(self, ws: Workspace, claim_id: str, cands: list[Candidate], rows: list[tuple[str, Text]],
                 summary: str = "") -> None:
        super().__init__("Other sources on this claim" + (f" · {summary}" if summary else ""), rows,
                         hint="a: corroborates · !: contradicts · enter: open · escape: close")
        self.ws = ws
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
            new = corr.accept(self.ws, self.claim_id, cand, relation, copy_tags=False, sentence=True)
        except WorkbenchError as exc:
            self.app.notify(str(exc), severity="error", markup=False)
            return
        self.accepted[opt.id] = relation
        t = Text(end="")
        t.append("✓ corroborates  " if relation == "corroborates" else "✗ contradicts  ",
                 style="bold green" if relation == "corroborates" else "bold red")
        t.append_text(dict(self.rows)[opt.id])
        index = ol.highlighted
        ol.replace_option_prompt(opt.id, t)
        if index is not None and index + 1 < ol.option_count:
            ol.highlighted = index + 1  # on to the next passage
        words = "corroborates" if relation == "corroborates" else "contradicts"
        self.app.notify(f"new claim in {one_line(cand.title or 'the other source', 40)} "
                        f"{words} this one: {one_line(new.quote, 60)}", markup=False, timeout=3)

    def action_cancel(self) -> None:
        self.dismiss("accepted" if self.accepted else None)

    def choose(self, key: str | None) -> None:  # enter: open the passage
        if key is not None:
            self.dismiss(f"jump:{key}")


class Corroboration:
    """Runs the query in a worker (its own connection) and shows the candidates."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    def start(self, claim_id: str) -> None:
        self.screen.run_worker(lambda: self._find(claim_id), thread=True, exclusive=True, group="corroborate")

    def _find(self, claim_id: str) -> None:
        from ...evidence import corroborate as corr

        app = self.screen.wbapp
        ws = app.thread_workspace()
        told = False

        def indexing(done: int, total: int) -> None:
            nonlocal told
            if not told and done < total:
                told = True
                app.call_from_thread(self.screen.say, f"indexing {total:,} new sources for corroboration…")

        self.screen.indexer.yield_to_query()
        try:  # sources ingested since the last query are indexed first
            cands = corr.corroborate(ws, claim_id, limit=10, progress=indexing)
            summary = corr.origins(cands, ws, ws.get_claim(claim_id)).line() if cands else ""
        except WorkbenchError as exc:
            app.call_from_thread(app.notify, str(exc), severity="error", markup=False)
            return
        app.call_from_thread(self.show, claim_id, cands, summary)

    def show(self, claim_id: str, cands: list[Candidate], summary: str = "") -> None:
        if not cands:
            self.screen.say("no other source says anything close to this claim")
            return
        titles = self.screen.ws.source_titles([c.source_id for c in cands])
        rows = [(str(i), candidate_row(c, titles.get(c.source_id, ""))) for i, c in enumerate(cands)]
        dlg = CandidatesDialog(self.screen.ws, claim_id, cands, rows, summary)
        self.screen.app.push_screen(dlg, lambda key: self._done(cands, key))

    def _done(self, cands: list[Candidate], key: str | None) -> None:
        if key is None:
            return
        self.screen.refresh_claims()
        if key.startswith("jump:"):
            c = cands[int(key[5:])]
            self.screen.open_and_record(c.source_id, span=(c.start, c.end))  # alt+left comes back to the claim
