"""Claims pane: the open source's claims (or every claim, ``a``), with status, quote, tags,
entities and corroboration count.  Enter jumps to the claim in the reader."""

from __future__ import annotations

from functools import partial
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.events import Resize
from textual.suggester import Suggester
from textual.widgets import Static

from ...errors import WorkbenchError
from ...store import CLAIM_SORTS as SORTS
from ...store import Claim, sort_claims
from ..text import STATUS_MARK, STATUS_STYLE, lit, one_line
from .common import ClaimCommand, JumpToClaim, claim_bindings, workspace
from .vlist import Row, VirtualList


class FilterSuggester(Suggester):
    """Completes the claims filter: keys, then tags / statuses / languages after their key."""

    def __init__(self, tags: list[str], statuses: list[str], langs: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.values = {"tag": tags, "status": statuses, "lang": langs}

    async def get_suggestion(self, value: str) -> str | None:
        head, _sp, last = value.rpartition(" ")
        if not last:
            return None
        key, sep, stem = last.partition(":")
        if not sep:
            for k in FILTER_KEYS:
                if k.startswith(key.casefold()) and k != key:
                    return value[: len(value) - len(last)] + k + ":"
            return None
        for v in self.values.get(key.casefold(), []):
            if stem and v.casefold().startswith(stem.casefold()) and v != stem:
                return value[: len(value) - len(stem)] + v
        return None


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
    who = c.status_by if c.status != "unverified" and c.status_by else c.created_by
    if who:  # who set the status (or, still unverified, who made the claim)
        t.append_text(lit(" · " + one_line(who, 16), "dim"))
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
        Binding("a", "toggle_all", "Scope", id="claims.toggle_all"),
        Binding("s", "cycle_sort", "Sort", id="claims.sort"),
        Binding("f", "filter", "Filter", id="claims.filter"),
        *claim_bindings(),
    ]

    def action_filter(self) -> None:
        pane = self.parent
        if isinstance(pane, ClaimsPane):
            pane.edit_filter()

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

    def on_resize(self, event: Resize) -> None:
        pane = self.parent
        if isinstance(pane, ClaimsPane):
            self.call_after_refresh(pane.list_resized)

    def action_toggle_all(self) -> None:
        pane = self.parent
        if isinstance(pane, ClaimsPane):
            pane.show_all = not pane.show_all
            pane.remember_scope()
            pane.reload()

    def action_cycle_sort(self) -> None:
        pane = self.parent
        if isinstance(pane, ClaimsPane):
            order = list(SORTS)
            pane.sort = order[(order.index(pane.sort) + 1) % len(order)]
            pane.reload()


FILTER_KEYS = ("tag", "status", "entity", "lang")


def parse_claim_filter(value: str) -> dict[str, str]:
    """``tag:gpu status:disputed entity:"Elon Musk" lang:pt`` -> {key: value}.  Raises
    ValueError (one line for the user) on an unknown key or a word without a key."""
    import shlex

    try:
        words = shlex.split(value)
    except ValueError as exc:
        raise ValueError(f"filter not understood: {exc}") from None
    out: dict[str, str] = {}
    for w in words:
        key, sep, val = w.partition(":")
        key = key.strip().casefold()
        if not sep or key not in FILTER_KEYS or not val.strip():
            raise ValueError(f"filter {w!r} not understood: use tag:, status:, entity: or lang: followed by a value")
        out[key] = val.strip()
    return out


def format_claim_filter(flt: dict[str, str]) -> str:
    return " ".join(f'{k}:"{v}"' if " " in v else f"{k}:{v}" for k, v in flt.items())


class ClaimsPane(Vertical):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sort = "position"
        self.show_all = False
        self.source_id: int | None = None
        self.claims: list[Claim] = []
        self.filter: dict[str, str] = {}  # tag / status / entity (a name) / lang
        self._entity_filter: int | None = None

    def on_mount(self) -> None:
        ws = workspace(self.app)
        try:
            self.show_all = ws.get_setting("claims.scope") == "all"
        except WorkbenchError:
            self.show_all = False

    def remember_scope(self) -> None:
        ws = workspace(self.app)
        try:
            ws.set_setting("claims.scope", "all" if self.show_all else "source")
        except WorkbenchError:  # remembering is a convenience; the toggle itself worked
            pass

    def edit_filter(self) -> None:
        from ..screens.dialogs import TextDialog

        ws = workspace(self.app)
        tags = [t["tag"] for t in ws.list_tags()]

        def done(value: str | None) -> None:
            if value is None:
                return
            try:
                flt = parse_claim_filter(value)
                ent = ws.find_entity(flt["entity"]) if "entity" in flt else None
                if "status" in flt:
                    from ...store import CLAIM_STATUSES

                    if flt["status"] not in CLAIM_STATUSES:
                        raise ValueError(f"no status {flt['status']!r}: use one of {', '.join(CLAIM_STATUSES)}")
            except (ValueError, WorkbenchError) as exc:  # unknown key, status or entity
                self.app.notify(str(exc), severity="error", markup=False)
                return
            self.filter = flt
            self._entity_filter = ent.id if ent is not None else None
            if flt and not self.show_all:
                self.show_all = True  # a filter looks across every source
            self.reload()
            n = len(self.claims)
            self.app.notify((f"{n} claim matches" if n == 1 else f"{n:,} claims match") if flt
                            else "claims filter cleared",
                            markup=False, timeout=3)

        from ...store import CLAIM_STATUSES

        langs = sorted({s.lang for s in ws.list_sources()})
        hint = ("e.g. tag:gpu status:disputed entity:\"Elon Musk\" lang:pt · empty clears · "
                f"tags: {', '.join(tags[:6]) or 'none yet'} · statuses: {', '.join(CLAIM_STATUSES)} · "
                f"languages: {', '.join(langs)}")
        self.app.push_screen(TextDialog("Filter claims", format_claim_filter(self.filter),
                                        label="tag: status: entity: lang: (all must match)",
                                        suggester=FilterSuggester(tags, list(CLAIM_STATUSES), langs),
                                        hint=hint), done)

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
        ws = workspace(self.app)
        flt = self.filter
        if flt:
            self.claims = ws.claims_filtered(source_id=None if self.show_all else self.source_id,
                                             tag=flt.get("tag"), status=flt.get("status"),
                                             entity_id=self._entity_filter, lang=flt.get("lang"))
            if not self.show_all and self.source_id is None:
                self.claims = []
        elif claims is not None and not self.show_all:
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
        ol.set_rows([Row(c.id, make=partial(claim_prompt, c, titles, width), height=claim_height(c, width))
                     for c in self.claims], keep)
        scope = "all" if self.show_all else "this source"
        order = "" if self.sort == "position" else f" · by {self.sort}"
        shown = f" · {format_claim_filter(flt)}" if flt else ""
        self.query_one("#claims-title", Static).update(lit(f"Claims ({len(self.claims)}) · {scope}{order}{shown}"))

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
