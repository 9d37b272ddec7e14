"""The main screen: four panes (sources, reader, claims, entities) and the glue between them.

Panes post Messages (OpenSource, JumpToClaim, ClaimCommand, EntityCommand); this screen calls the
Workspace and refreshes the panes.  Every workspace call goes through :meth:`guard`, which turns a
:class:`WorkbenchError` into a one-line notification.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.events import DescendantFocus, Resize
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Static

from ...errors import WorkbenchError
from ..text import lit, one_line
from ..widgets.claims import ClaimsPane
from ..widgets.common import ClaimCommand, EntityCommand, JumpToClaim, OpenSource
from ..widgets.entities import EntitiesPane
from ..widgets.reader import ReaderArea, ReaderPane
from ..widgets.sources import SourcesPane, as_you_type
from .dialogs import (ChoiceDialog, ClaimDialog, ClaimDraft, ConfirmDialog, ListDialog, PickerDialog, TagSuggester,
                      TextDialog, label_dialog, split_tags, status_dialog)

NARROW = 110  # below this width one pane is shown at a time
MEDIUM = 150  # below this width the side panes narrow so the reader keeps a readable measure
PANES = ("sources", "reader", "claims", "entities")
PANE_NAMES = {"sources": "Sources", "reader": "Reader", "claims": "Claims", "entities": "Entities"}
INDEX_DELAY = 2.0  # seconds after start-up before new sources are indexed for corroboration
INDEX_NOTICE = 200  # a backlog this large is announced (it takes a few seconds)


class MainScreen(Screen):
    BINDINGS = [
        Binding("tab", "next_pane", "Next pane", show=False, id="main.next_pane"),
        Binding("shift+tab", "prev_pane", "Previous pane", show=False, id="main.prev_pane"),
        Binding("slash", "search", "Search", key_display="/", id="main.search"),
        Binding("x", "export", "Export", id="main.export"),
        Binding("i", "ingest", "Ingest", show=False, id="main.ingest"),
        Binding("f1", "focus_pane('sources')", "Sources pane", show=False, id="main.pane_sources"),
        Binding("f2", "focus_pane('reader')", "Reader pane", show=False, id="main.pane_reader"),
        Binding("f4", "focus_pane('claims')", "Claims pane", show=False, id="main.pane_claims"),
        Binding("f5", "focus_pane('entities')", "Entities pane", show=False, id="main.pane_entities"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.active = "sources"
        self.claim_context = "reader"  # where claim commands from the palette look for "the" claim
        self._indexer = None  # the background corroboration indexer (see index_passages)
        self._closing = False

    # -- layout ----------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(id="panebar")
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield SourcesPane(id="sources-pane", classes="pane")
                yield EntitiesPane(id="entities-pane", classes="pane")
            yield ReaderPane(id="reader-pane", classes="pane")
            yield ClaimsPane(id="claims-pane", classes="pane")
        yield Footer()

    @property
    def ws(self):
        return self.app.ws  # type: ignore[attr-defined]

    @property
    def sources(self) -> SourcesPane:
        return self.query_one(SourcesPane)

    @property
    def reader(self) -> ReaderArea:
        return self.query_one(ReaderArea)

    @property
    def claims(self) -> ClaimsPane:
        return self.query_one(ClaimsPane)

    @property
    def entities(self) -> EntitiesPane:
        return self.query_one(EntitiesPane)

    def on_mount(self) -> None:
        self.sources.load(self.ws.list_sources())
        self.entities.reload()
        self.claims.reload(None)
        self._set_active("sources")
        self.sources.option_list.focus()
        self._layout(self.size.width)
        self.set_timer(INDEX_DELAY, self.index_passages)

    def on_unmount(self) -> None:
        self._closing = True
        if self._indexer is not None:
            self._indexer.stop()  # the batch it was writing rolls back; the next start resumes

    def on_resize(self, event: Resize) -> None:
        self._layout(event.size.width)

    def _layout(self, width: int) -> None:
        self.set_class(width < NARROW, "narrow")
        self.set_class(NARROW <= width < MEDIUM, "medium")
        self._panebar()

    def _panebar(self) -> None:
        t = Text(no_wrap=True, overflow="ellipsis", end="")
        for i, p in enumerate(PANES):
            label = f" {PANE_NAMES[p]} "
            t.append(label, style="bold reverse" if p == self.active else "dim")
            t.append(" ")
        t.append("tab: next pane · ?: help", style="dim")
        self.query_one("#panebar", Static).update(t)

    def _pane_widget(self, pane: str) -> Widget:
        return self.query_one(f"#{pane}-pane")

    def _focus_target(self, pane: str) -> Widget:
        return {"sources": lambda: self.sources.option_list, "reader": lambda: self.reader,
                "claims": lambda: self.claims.option_list, "entities": lambda: self.entities.option_list}[pane]()

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

    # -- plumbing --------------------------------------------------------------------------
    def guard(self, fn: Callable[..., Any], *args, **kwargs) -> Any:
        """Run a workspace call; a WorkbenchError becomes one line on screen."""
        try:
            return fn(*args, **kwargs)
        except WorkbenchError as exc:
            self.app.notify(str(exc), severity="error", markup=False)
            return None

    def say(self, message: str) -> None:
        self.app.notify(message, markup=False, timeout=3)

    def refresh_claims(self, select: str | None = None) -> None:
        r = self.reader
        if r.source_id is not None:
            r.set_marks(claims=self.ws.list_claims(source_id=r.source_id))
        self.claims.reload(select=select)
        self.sources.load(self.ws.list_sources())

    def refresh_all(self) -> None:
        r = self.reader
        if r.source_id is not None:
            try:
                r.set_marks(claims=self.ws.list_claims(source_id=r.source_id),
                            mentions=self.ws.mentions_for_source(r.source_id))
                self.query_one(ReaderPane).set_title(self.ws.get_source(r.source_id))
            except WorkbenchError:
                r.source_id = None
        self.claims.reload()
        self.entities.reload()
        self.sources.load(self.ws.list_sources())
        self.index_passages()  # after an ingest or a re-run of NER

    # -- background work -------------------------------------------------------------------
    def index_passages(self) -> None:
        """Index new sources for corroboration in the background, so the first ``o`` after a big
        ingest does not wait for it.  The work runs in a process of its own: typing and scrolling
        stay as quick as without it (a thread shared the interpreter lock with the UI)."""
        if self._indexer is None or not self._indexer.running():
            self.start_indexer()

    @work(thread=True, group="passages", exit_on_error=False)
    def start_indexer(self) -> None:
        from ...evidence import corroborate as corr

        try:  # started from a worker: starting a process takes a moment the UI need not wait
            indexer = corr.index_in_background(self.app.thread_workspace())  # type: ignore[attr-defined]
        except (WorkbenchError, OSError):
            return  # the next corroboration query indexes in its own worker, and reports problems
        if indexer is not None:
            self.app.call_from_thread(self._watch_indexer, indexer)

    def _watch_indexer(self, indexer) -> None:
        if self._closing:
            indexer.stop()
            return
        self._indexer = indexer
        told = indexer.total >= INDEX_NOTICE
        if told:
            self.say(f"indexing {indexer.total:,} new sources for corroboration in the background…")

        def check() -> None:
            if indexer.running():
                return
            timer.stop()
            if told and indexer.succeeded():
                self.say("corroboration index ready")

        timer = self.set_interval(0.5, check)

    # -- opening and jumping ---------------------------------------------------------------
    def open_source(self, source_id: int, *, query: str | None = None, span: tuple[int, int] | None = None,
                    focus: bool = True) -> bool:
        ws = self.ws
        try:
            src = ws.get_source(source_id)
            text = ws.source_text(source_id)
            hits = ws.search_offsets(source_id, as_you_type(query)) if query else []
            claims = ws.list_claims(source_id=source_id)
            mentions = ws.mentions_for_source(source_id)
        except WorkbenchError as exc:
            self.app.notify(str(exc), severity="error", markup=False)
            return False
        r = self.reader
        r.show_source(source_id, text)
        self.query_one(ReaderPane).set_title(src)
        r.set_marks(claims=claims, mentions=mentions, hits=hits)
        self.claims.reload(source_id, claims=claims)
        if span is not None:
            r.select_span(*span)
        if focus:
            self.action_focus_pane("reader")
        return True

    @on(OpenSource)
    def _open(self, msg: OpenSource) -> None:
        self.open_source(msg.source_id, query=msg.query, span=msg.span)

    @on(JumpToClaim)
    def _jump(self, msg: JumpToClaim) -> None:
        self.jump_to_claim(msg.claim_id)

    def jump_to_claim(self, claim_id: str) -> None:
        c = self.guard(self.ws.get_claim, claim_id)
        if c is None:
            return
        if self.reader.source_id != c.source_id:
            if not self.open_source(c.source_id, focus=False):
                return
            self.claims.highlight(c.id)
        self.reader.select_span(c.start, c.end)
        self.action_focus_pane("reader")

    # -- claims ----------------------------------------------------------------------------
    def context_claim_id(self) -> str | None:
        if self.claim_context == "claims":
            return self.claims.option_list.current_claim_id()
        c = self.reader.current_claim()
        return c.id if c else None

    @on(ClaimCommand)
    def _claim_command(self, msg: ClaimCommand) -> None:
        msg.stop()
        self.claim_command(msg.command, msg.claim_id)

    def claim_command(self, command: str, claim_id: str | None) -> None:
        if command == "create":
            self.create_claim()
            return
        if claim_id is None:
            self.app.notify("no claim here: put the cursor in a claim or highlight one in Claims",
                            severity="warning", markup=False)
            return
        claim = self.guard(self.ws.get_claim, claim_id)
        if claim is None:
            return
        ws = self.ws

        def update(**kw):
            def done(value):
                if value is None:
                    return
                kwargs = {k: (f(value) if callable(f) else f) for k, f in kw.items()}
                if self.guard(ws.update_claim, claim.id, **kwargs) is not None:
                    self.refresh_claims(claim.id)
                    self.say(f"claim saved: {', '.join(kwargs)}")
            return done

        if command == "tags":
            tags = [t["tag"] for t in ws.list_tags()]
            value = ", ".join(claim.tags) + (", " if claim.tags else "")
            self.app.push_screen(TextDialog("Tags", value, label="Comma-separated tags; → completes a tag",
                                            placeholder="e.g. ai, funding", suggester=TagSuggester(tags),
                                            hint="enter: save · escape: cancel · in use: " + ", ".join(tags[:10])),
                                 update(tags=split_tags))
        elif command == "status":
            self.app.push_screen(status_dialog(claim.status), update(status=lambda v: v))
        elif command == "note":
            self.app.push_screen(TextDialog("Note", claim.note, label="Note on this claim"),
                                 update(note=lambda v: v.strip()))
        elif command == "entities":
            selected = [e["id"] for e in claim.entities]
            if not selected:
                selected = [e.id for e in ws.entities_in_span(claim.source_id, claim.start, claim.end)]
            self.app.push_screen(PickerDialog("Entities this claim is about", self._entity_items(),
                                              multi=True, selected=selected),
                                 update(entity_ids=lambda v: v))
        elif command == "delete":
            def gone(ok):
                if ok and self.guard(ws.delete_claim, claim.id) is not None:
                    self.refresh_claims()
                    self.say("claim deleted (ctrl+z undoes)")
            self.app.push_screen(ConfirmDialog("Delete this claim?", one_line(claim.quote, 300)), gone)
        elif command == "corroborate":
            self.corroborate(claim.id)

    def _entity_items(self, exclude: int | None = None) -> list[tuple[int, str, str, list[str]]]:
        return [(e.id, e.name, f"{e.label} · {e.mentions} mentions in {e.sources} sources", e.aliases)
                for e in self.ws.list_entities() if e.id != exclude]

    def create_claim(self) -> None:
        r = self.reader
        span = r.selected_span
        if r.source_id is None or span is None:
            self.app.notify("select some text in the reader first (s selects a sentence)", severity="warning",
                            markup=False)
            return
        sid, (a, b) = r.source_id, span
        ws = self.ws
        quote = ws.source_text(sid)[a:b]
        ents = self.guard(ws.entities_in_span, sid, a, b) or []
        tags = [t["tag"] for t in ws.list_tags()]

        def save(draft: ClaimDraft | None) -> None:
            if draft is None:
                return
            c = self.guard(ws.add_claim, sid, a, b, tags=draft.tags, entity_ids=draft.entity_ids,
                           status=draft.status, note=draft.note)
            if c is not None:
                self.refresh_claims(c.id)
                r.select_span(c.start, c.start)
                self.say(f"claim saved ({c.status}{', ' + ', '.join(c.tags) if c.tags else ''})")

        self.app.push_screen(ClaimDialog(quote, tags, [(e.id, e.name) for e in ents]), save)

    def corroborate(self, claim_id: str) -> None:
        self.run_corroborate(claim_id)

    @work(thread=True, exclusive=True, group="corroborate")
    def run_corroborate(self, claim_id: str) -> None:
        from ...evidence import corroborate as corr

        ws = self.app.thread_workspace()  # type: ignore[attr-defined]

        told = False

        def indexing(done: int, total: int) -> None:
            nonlocal told
            if not told and done < total:
                told = True
                self.app.call_from_thread(self.say, f"indexing {total:,} new sources for corroboration…")

        indexer = self._indexer
        if indexer is not None and indexer.running():
            indexer.stop()  # the background indexer is gentle; someone is waiting now: both cores, here
        try:  # sources ingested since the last query are indexed first
            cands = corr.corroborate(ws, claim_id, limit=10, progress=indexing)
            summary = corr.origins(cands, ws, ws.get_claim(claim_id)).line() if cands else ""
        except WorkbenchError as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self._show_candidates, claim_id, cands, summary)

    def _show_candidates(self, claim_id: str, cands: list, summary: str = "") -> None:
        if not cands:
            self.say("no other source says anything close to this claim")
            return
        from ...evidence.corroborate import contradiction_line as corr_line

        titles = {s.id: s.title for s in self.ws.list_sources()}
        rows = []
        for i, c in enumerate(cands):
            g = (lambda k, c=c: c.get(k) if isinstance(c, dict) else getattr(c, k))
            t = Text(end="")
            t.append(f"{float(g('score')):.2f} ", style="bold green")
            band = g("band") if hasattr(c, "band") or isinstance(c, dict) else None
            if band:
                t.append("same claim " if band == "same" else "related ", style="bold" if band == "same" else "dim")
            t.append(f"{g('lang')} ", style="cyan")
            t.append_text(lit(one_line(titles.get(g("source_id"), ""), 40), "italic"))
            t.append("\n")
            t.append_text(lit(one_line(g("text"), 220)))
            reasons = g("reasons") or {}
            if isinstance(reasons, dict):
                line = "; ".join(f"{k}: {', '.join(str(v) for v in vs)}" for k, vs in reasons.items() if vs)
            else:
                line = "; ".join(str(x) for x in reasons)
            if line:
                t.append("\n")
                t.append_text(lit(one_line(line, 200), "dim"))
            extra = [] if isinstance(c, dict) else [c.origin_line(), corr_line(c.contradiction)]
            for x in filter(None, extra):
                t.append("\n")
                t.append_text(lit(one_line(x, 200), "yellow" if x.startswith("possible") else "dim"))
            rows.append((str(i), t))
        dlg = CandidatesDialog(claim_id, cands, rows, summary)
        self.app.push_screen(dlg, lambda key: self._candidate_done(cands, key))

    def _candidate_done(self, cands: list, key: str | None) -> None:
        if key is None:
            return
        self.refresh_claims()
        if key.startswith("jump:"):
            c = cands[int(key[5:])]
            g = (lambda k: c.get(k) if isinstance(c, dict) else getattr(c, k))
            self.open_source(g("source_id"), span=(g("start"), g("end")))

    # -- entities --------------------------------------------------------------------------
    @on(EntityCommand)
    def _entity_command(self, msg: EntityCommand) -> None:
        msg.stop()
        self.entity_command(msg.command, msg.entity_id)

    def context_entity_id(self) -> int | None:
        return self.entities.option_list.current_entity_id()

    def entity_command(self, command: str, entity_id: int | None) -> None:
        if entity_id is None:
            self.app.notify("no entity highlighted in Entities", severity="warning", markup=False)
            return
        ws = self.ws
        ent = self.guard(ws.get_entity, entity_id)
        if ent is None:
            return

        def after(result, message: str) -> None:
            if result is not None:
                self.refresh_all()
                self.say(message)

        if command == "mentions":
            self.show_mentions(ent.id)
        elif command == "merge":
            def merge(target: int | None) -> None:
                if target is not None:
                    res = self.guard(ws.merge_entities, ent.id, target)
                    after(res, f"merged {ent.name!r} into {res.name!r} (ctrl+z undoes)" if res else "")
            self.app.push_screen(PickerDialog(f"Merge {one_line(ent.name, 40)} into…", self._entity_items(ent.id)),
                                 merge)
        elif command == "rename":
            def rename(name: str | None) -> None:
                if name is not None and name.strip() and name.strip() != ent.name:
                    res = self.guard(ws.rename_entity, ent.id, name)
                    after(res, f"renamed to {res.name!r}" if res else "")
            self.app.push_screen(TextDialog(f"Rename {one_line(ent.name, 40)}", ent.name, label="New name"), rename)
        elif command == "label":
            def relabel(label: str | None) -> None:
                if label is not None and label != ent.label:
                    res = self.guard(ws.relabel_entity, ent.id, label)
                    after(res, f"{ent.name!r} is now {label}")
            self.app.push_screen(label_dialog(ent.name, ent.label), relabel)
        elif command == "reject":
            after(self.guard(ws.reject_entity, ent.id),
                  f"rejected {ent.name!r}: its mentions are gone everywhere (ctrl+z undoes)")
        elif command == "confirm":
            self.say(f"confirming {ent.name!r} across every source…")
            self.run_confirm(ent.id)

    @work(thread=True, exclusive=True, group="confirm")
    def run_confirm(self, entity_id: int) -> None:
        ws = self.app.thread_workspace()  # type: ignore[attr-defined]
        try:
            ent, added = ws.confirm_entity(entity_id)
        except WorkbenchError as exc:
            self.app.call_from_thread(self.app.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self._confirmed, ent.name, added)

    def _confirmed(self, name: str, added: int) -> None:
        self.refresh_all()
        self.say(f"confirmed {name!r}: {added} new mentions found (ctrl+z undoes)")

    def show_mentions(self, entity_id: int) -> None:
        ws = self.ws
        mentions = self.guard(ws.mentions_for_entity, entity_id)
        if mentions is None:
            return
        ent = ws.get_entity(entity_id)
        if not mentions:
            self.say(f"{ent.name!r} has no mentions")
            return
        titles = {s.id: s.title for s in ws.list_sources()}
        texts: dict[int, str] = {}
        rows = []
        for m in mentions[:500]:
            if m.source_id not in texts:
                texts[m.source_id] = ws.source_text(m.source_id)
            text = texts[m.source_id]
            t = Text(no_wrap=True, overflow="ellipsis", end="")
            t.append_text(lit(one_line(titles.get(m.source_id, ""), 34), "italic cyan"))
            t.append("  ")
            t.append_text(lit(one_line(text[max(0, m.start - 40):m.start])[-40:], "dim"))
            t.append_text(lit(text[m.start:m.end], "bold reverse"))
            t.append_text(lit(one_line(text[m.end:m.end + 60]), "dim"))
            rows.append((f"{m.source_id}:{m.start}:{m.end}", t))
        more = f" (first 500 of {len(mentions)})" if len(mentions) > 500 else ""

        def jump(key: str | None) -> None:
            if key:
                sid, a, b = (int(x) for x in key.split(":"))
                self.open_source(sid, span=(a, b))

        self.app.push_screen(ListDialog(f"{one_line(ent.name, 40)}: {len(mentions)} mentions{more}", rows), jump)

    # -- export and ingest -----------------------------------------------------------------
    def action_export(self) -> None:
        from ..export import FORMATS

        def chosen(fmt: str | None) -> None:
            if fmt:
                self.run_export(fmt)

        self.app.push_screen(ChoiceDialog("Export evidence", [(k, v[0]) for k, v in FORMATS.items()]), chosen)

    def run_export(self, fmt: str) -> None:
        """Export in a worker behind a progress screen; escape cancels before anything is written."""
        from ..export import export
        from .task import TaskScreen

        def done(path) -> None:
            if path is not None:
                self.app.last_export = path  # type: ignore[attr-defined]

        def describe(path) -> str:
            return f"exported to {path}" if path is not None else "export cancelled; nothing was written"

        self.app.push_screen(TaskScreen("Exporting evidence", lambda ws, progress, cancel: export(
            ws, fmt, progress, cancel), describe), done)

    def action_ingest(self) -> None:
        from .ingest import IngestScreen

        self.app.push_screen(IngestScreen(), lambda _r: self.refresh_all())

    def reprocess(self, this_source: bool) -> None:
        """Re-run NER (after a language override, or to apply entity corrections) in a worker."""
        from .task import TaskScreen

        ids = None
        if this_source:
            if self.reader.source_id is None:
                self.app.notify("open a source first", severity="warning", markup=False)
                return
            ids = [self.reader.source_id]

        def job(ws, progress, cancel):
            from ...ingest import reanalyse_sources

            return reanalyse_sources(ws, ids, progress=progress, cancel=cancel)

        def describe(report) -> str:
            return f"re-ran NER on {len(report.updated)} sources" + (" (cancelled)" if report.cancelled else "")

        self.app.push_screen(TaskScreen("Re-running NER", job, describe), lambda _r: self.refresh_all())

    # -- the command palette ---------------------------------------------------------------
    def palette_commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        from ..export import FORMATS

        def claim(cmd: str):
            return lambda: self.claim_command(cmd, self.context_claim_id())

        def entity(cmd: str):
            return lambda: self.entity_command(cmd, self.context_entity_id())

        cmds: list[tuple[str, str, Callable[[], Any]]] = [
            ("Search sources", "full-text search as you type (/)", self.action_search),
            ("Focus sources pane", "f1", lambda: self.action_focus_pane("sources")),
            ("Focus reader", "f2", lambda: self.action_focus_pane("reader")),
            ("Focus claims pane", "f4", lambda: self.action_focus_pane("claims")),
            ("Focus entities pane", "f5", lambda: self.action_focus_pane("entities")),
            ("Select sentence", "reader: s (again: extend to the next sentence)",
             lambda: self.reader.action_select_sentence()),
            ("Create claim from selection", "reader: c", self.create_claim),
            ("Claim: tags", "t", claim("tags")),
            ("Claim: status", "v", claim("status")),
            ("Claim: link entities", "e", claim("entities")),
            ("Claim: note", "n", claim("note")),
            ("Claim: delete", "d", claim("delete")),
            ("Claim: corroborate in other sources", "o", claim("corroborate")),
            ("Next claim", "]", lambda: self.reader.action_next_claim()),
            ("Previous claim", "[", lambda: self.reader.action_prev_claim()),
            ("Next search hit", "f3", lambda: self.reader.action_next_hit()),
            ("Toggle entity mentions", "reader: m", lambda: self.reader.action_toggle_mentions()),
            ("Toggle claims: this source / all", "claims: a", lambda: self.claims.option_list.action_toggle_all()),
            ("Entity: list mentions", "entities: enter", entity("mentions")),
            ("Entity: merge into another", "entities: m", entity("merge")),
            ("Entity: rename", "entities: r", entity("rename")),
            ("Entity: change label", "entities: l", entity("label")),
            ("Entity: reject as false positive", "entities: !", entity("reject")),
            ("Entity: confirm", "entities: +", entity("confirm")),
            ("Filter entities", "entities: /", lambda: (self.action_focus_pane("entities"),
                                                          self.entities.option_list.action_filter())),
            ("Undo", "ctrl+z", self.app.action_undo),  # type: ignore[attr-defined]
            ("Redo", "ctrl+y", self.app.action_redo),  # type: ignore[attr-defined]
            ("Export…", "x: choose JSON, Markdown or FollowTheMoney", self.action_export),
            ("Ingest files…", "i: add files or a folder", self.action_ingest),
            ("Re-run NER on this source", "after a language change or entity corrections",
             lambda: self.reprocess(True)),
            ("Re-run NER on all sources", "in a worker; escape cancels", lambda: self.reprocess(False)),
            ("Help: every key", "?", self.app.action_help),  # type: ignore[attr-defined]
            ("Quit", "q", self.app.exit),
        ]
        for fmt, (name, _ext) in FORMATS.items():
            cmds.append((f"Export {name}", f"write {name} next to the workspace", lambda f=fmt: self.run_export(f)))
        return cmds


class CandidatesDialog(ListDialog):
    """Corroboration candidates: ``a`` accepts one as corroborating, ``!`` as contradicting,
    enter opens it in the reader."""

    BINDINGS = [
        Binding("a", "accept('corroborates')", "Corroborates", id="corroborate.accept"),
        Binding("exclamation_mark", "accept('contradicts')", "Contradicts", key_display="!",
                id="corroborate.contradict"),
    ]

    def __init__(self, claim_id: str, cands: list, rows: list[tuple[str, Text]], summary: str = "") -> None:
        super().__init__("Other sources on this claim" + (f" · {summary}" if summary else ""), rows,
                         hint="a: corroborates · !: contradicts · enter: open · escape: close")
        self.claim_id = claim_id
        self.cands = cands

    def action_accept(self, relation: str) -> None:
        from ...evidence import corroborate as corr

        opt = self.query_one("#rows").highlighted_option  # type: ignore[attr-defined]
        if opt is None:
            return
        cand = self.cands[int(opt.id)]
        fn = getattr(corr, "accept", None) or getattr(corr, "accept_candidate", None)
        if fn is None:
            self.app.notify("accepting candidates is not available in this build yet", severity="warning",
                            markup=False)
            return
        try:
            fn(self.app.ws, self.claim_id, cand, relation)  # type: ignore[attr-defined]
        except WorkbenchError as exc:
            self.app.notify(str(exc), severity="error", markup=False)
            return
        self.app.notify(f"linked: {relation}", markup=False)
        self.dismiss("linked")

    def choose(self, key: str | None) -> None:  # enter: open the passage
        if key is not None:
            self.dismiss(f"jump:{key}")
