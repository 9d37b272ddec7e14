"""Claims pane: the open source's claims (or every claim, ``a``), with status, quote, tags,
entities and corroboration count.  Enter jumps to the claim in the reader."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from ...store import CLAIM_SORTS as SORTS
from ...store import Claim, sort_claims
from ..text import STATUS_MARK, STATUS_STYLE, lit, one_line
from .common import ClaimCommand, JumpToClaim, claim_bindings
from .vlist import Row, VirtualList


def claim_prompt(c: Claim, titles: dict[int, str] | None = None, width: int = 40) -> Text:
    t = Text(end="")
    t.append(f"{STATUS_MARK.get(c.status, '?')} {c.status:<10}", style=STATUS_STYLE.get(c.status, ""))
    if c.orphaned:
        t.append(" ORPHANED", style="bold red")
    if c.corroboration_count:
        t.append(f" +{c.corroboration_count}", style="bold green")
    contra = len({lk.source_id for lk in c.links if lk.relation == "contradicts"})
    if contra:
        t.append(f" -{contra}", style="bold red")
    if titles is not None:
        t.append("  ")
        t.append_text(lit(one_line(titles.get(c.source_id, ""), 30), "dim italic"))
    t.append("\n")
    quote = one_line(c.quote)
    width = max(10, width)
    if len(quote) <= width:
        t.append_text(lit(quote))
    else:  # two lines at most, broken at a space (no general wrapping: cheap for 1,000s of rows)
        cut = quote.rfind(" ", 0, width + 1)
        cut = cut if cut > width // 2 else width
        rest = quote[cut:].lstrip()
        t.append_text(lit(quote[:cut]))
        t.append("\n")
        t.append_text(lit(rest if len(rest) <= width else rest[:width - 1] + "…"))
    extra = Text(end="")
    if c.tags:
        extra.append("\n")
        for tag in c.tags:
            extra.append_text(lit("#" + tag, "magenta"))
            extra.append(" ")
    if c.entities:
        extra.append("\n" if not c.tags else "")
        extra.append_text(lit(", ".join(e["name"] for e in c.entities), "cyan"))
    if c.note:
        extra.append("\n")
        extra.append_text(lit("✎ " + one_line(c.note, 80), "italic dim"))
    t.append_text(extra)
    return t


def claim_height(c: Claim, width: int) -> int:
    """Lines :func:`claim_prompt` makes, without building it (rows are built only when seen)."""
    n = 2 + (len(" ".join(c.quote.split())) > max(10, width))
    n += 1 if (c.tags or c.entities) else 0
    n += 1 if c.note else 0
    return n


class ClaimsList(VirtualList):
    BINDINGS = [
        Binding("a", "toggle_all", "All/this source", id="claims.toggle_all"),
        Binding("s", "cycle_sort", "Sort", id="claims.sort"),
        *claim_bindings(),
    ]

    def current_claim_id(self) -> str | None:
        opt = self.highlighted_option
        return opt.id if opt is not None else None

    def action_claim(self, command: str) -> None:
        cid = self.current_claim_id()
        if cid is None:
            self.app.notify("no claim highlighted", severity="warning", markup=False)
            return
        self.post_message(ClaimCommand(command, cid))

    def action_next_claim(self) -> None:
        self.action_cursor_down()

    def action_prev_claim(self) -> None:
        self.action_cursor_up()

    def on_resize(self, event) -> None:
        pane = self.parent
        if isinstance(pane, ClaimsPane):
            self.call_after_refresh(pane.list_resized)

    def action_toggle_all(self) -> None:
        pane = self.parent
        if isinstance(pane, ClaimsPane):
            pane.show_all = not pane.show_all
            pane.reload()

    def action_cycle_sort(self) -> None:
        pane = self.parent
        if isinstance(pane, ClaimsPane):
            order = list(SORTS)
            pane.sort = order[(order.index(pane.sort) + 1) % len(order)]
            pane.reload()


class ClaimsPane(Vertical):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.sort = "position"
        self.show_all = False
        self.source_id: int | None = None
        self.claims: list[Claim] = []

    def compose(self) -> ComposeResult:
        yield Static(lit("Claims"), id="claims-title", classes="pane-title")
        yield ClaimsList(id="claims-list")

    @property
    def option_list(self) -> ClaimsList:
        return self.query_one(ClaimsList)

    def reload(self, source_id: int | None = -1, *, select: str | None = None,
               claims: list[Claim] | None = None) -> None:
        if source_id != -1:
            self.source_id = source_id
        ws = self.app.ws  # type: ignore[attr-defined]
        if claims is not None and not self.show_all:
            self.claims = claims  # the caller just read them
        elif self.show_all:
            self.claims = ws.list_claims()
        elif self.source_id is not None:
            self.claims = ws.list_claims(source_id=self.source_id)
        else:
            self.claims = []
        self.claims = sort_claims(self.claims, self.sort)
        titles = ws.source_titles([c.source_id for c in self.claims]) if self.show_all else None
        ol = self.option_list
        keep = select or (ol.highlighted_option.id if ol.highlighted_option is not None else None)
        self._built_width = ol.scrollable_content_region.width or None
        width = (ol.scrollable_content_region.width or 42) - 1
        ol.set_rows([Row(c.id, make=lambda c=c: claim_prompt(c, titles, width), height=claim_height(c, width))
                     for c in self.claims], keep)
        scope = "all" if self.show_all else "this source"
        order = "" if self.sort == "position" else f" · by {self.sort}"
        self.query_one("#claims-title", Static).update(lit(f"Claims ({len(self.claims)}) · {scope}{order}"))

    def list_resized(self) -> None:
        width = self.option_list.scrollable_content_region.width
        if width and width != getattr(self, "_built_width", None) and self.claims:
            self.reload()

    def highlight(self, claim_id: str) -> None:
        ids = [c.id for c in self.claims]
        if claim_id in ids:
            self.option_list.highlighted = ids.index(claim_id)

    @on(VirtualList.OptionSelected, "#claims-list")
    def _selected(self, event: VirtualList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(JumpToClaim(event.option.id))
