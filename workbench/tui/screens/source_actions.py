"""Actions on sources and on the workspace as a whole: find in the open source (``ctrl+f``), export
(``x``), ingest (``i``), source details (``u``), language (``L``), re-running NER, and the sources
that tell the same story (``S``)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...errors import WorkbenchError
from ..text import one_line, plural
from .dialogs import ChoiceDialog, ConfirmDialog, TextDialog
from .same_story import SameStory

if TYPE_CHECKING:
    from ...store import Source, Workspace
    from .export_dialog import ExportChoice
    from .main import MainScreen

LANGUAGES = [("es", "Spanish"), ("pt", "Portuguese"), ("it", "Italian"), ("en", "English"),
             ("fr", "French"), ("de", "German"), ("ca", "Catalan"), ("und", "unknown")]


class SourceActions:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.last_find = ""
        self.stories = SameStory(screen)

    @property
    def ws(self) -> Workspace:
        return self.screen.ws

    def target_source(self) -> Source | None:
        """The source highlighted in Sources (when that pane is active), else the one open."""
        s = self.screen
        sid = s.sources.highlighted_source_id() if s.active == "sources" else None
        sid = sid if sid is not None else s.reader.source_id
        src = s.guard(self.ws.get_source, sid) if sid is not None else None
        if src is None:
            s.warn("no source: highlight one in Sources or open one")
        return src

    def open_source_id(self) -> int | None:
        sid = self.screen.reader.source_id
        if sid is None:
            self.screen.warn("open a source first")
        return sid

    # -- finding -----------------------------------------------------------------------------
    def find_in_source(self) -> None:
        """Find in the open source: the words are marked and the cursor goes to the next one
        (``f3`` / ``shift+f3`` move on, and wrap).  Same syntax as search."""
        s = self.screen
        sid = s.reader.source_id
        if sid is None:
            s.app.notify("open a source first (enter on a source)", markup=False, timeout=3)
            return

        def found(query: str | None) -> None:
            if query and query.strip() and s.reader.source_id == sid:
                self._mark_found(sid, query.strip())

        s.app.push_screen(TextDialog("Find in this source", self.last_find,
                                     placeholder='words, "a phrase", GPU*, Babushkin~'), found)

    def _mark_found(self, sid: int, query: str) -> None:
        s, r = self.screen, self.screen.reader
        self.last_find = query
        try:
            hits = self.ws.search_offsets(sid, query, aliases=s.sources.aliases)
        except WorkbenchError as exc:
            s.app.notify(str(exc), severity="error", markup=False)
            return
        r.set_marks(hits=hits)
        s.action_focus_pane("reader")
        if hits:
            r.action_next_hit()
            s.say(f"{len(hits)} match{'es' if len(hits) != 1 else ''} in this source (f3 / shift+f3)")
        else:
            s.say(f"not in this source: {query}")

    def same_story(self) -> None:
        src = self.target_source()
        if src is not None:
            self.stories.show(src)

    # -- export ------------------------------------------------------------------------------
    def export(self) -> None:
        from ..export import FORMATS

        def chosen(fmt: str | None) -> None:
            if fmt:
                self.export_options(fmt)

        self.screen.app.push_screen(ChoiceDialog("Export evidence", [(k, v[0]) for k, v in FORMATS.items()]), chosen)

    def export_options(self, fmt: str) -> None:
        """The file name (editable) and which claims go in (tags, statuses, sources)."""
        from ..export import FORMATS, export_path
        from .export_dialog import ExportDialog

        def chosen(choice: ExportChoice | None) -> None:
            if choice is not None:
                self.run_export(fmt, choice)

        tags = [t["tag"] for t in self.ws.list_tags()]
        self.screen.app.push_screen(ExportDialog(f"Export {FORMATS[fmt][0]}", str(export_path(self.ws, fmt)),
                                                 tags, self.screen.reader.source_id), chosen)

    def run_export(self, fmt: str, choice: ExportChoice | None = None) -> None:
        """Export in a worker behind a progress screen; escape cancels before anything is written."""
        from ...evidence.bundle import ExportFilter
        from ..export import export
        from .task import TaskScreen

        path: Path | None = None
        flt = None
        if choice is not None:
            path = Path(choice.path).expanduser()
            if not path.is_absolute():
                path = Path(self.ws.path).resolve().parent / path
            flt = ExportFilter(tags=choice.tags, statuses=choice.statuses, source_ids=choice.sources)

        def done(written: Path | None) -> None:
            if written is not None:
                self.screen.wbapp.last_export = written

        def describe(written: Path | None) -> str:
            return f"exported to {written}" if written is not None else "export cancelled; nothing was written"

        def job(ws: Any, progress: Callable[[int, int, str], None], cancel: threading.Event) -> Path | None:
            return export(ws, fmt, progress, cancel, path=path, flt=flt)

        self.screen.app.push_screen(TaskScreen("Exporting evidence", job, describe), done)

    # -- the sources themselves --------------------------------------------------------------
    def source_meta(self, values: dict[str, str] | None = None) -> None:
        """Edit the citation details (URL, outlet, author, dates) of the highlighted source in
        Sources, or of the source open in the reader."""
        from .source_meta import SourceMetaDialog

        src = self.target_source()
        if src is None:
            return

        def save(changes: dict[str, str] | None) -> None:
            if not changes:
                return
            try:
                self.ws.set_source_meta(src.id, **changes)
            except WorkbenchError as exc:  # say why, and give the dialog back with what was typed
                self.screen.app.notify(str(exc), severity="error", markup=False)
                self.source_meta({**{f: str(getattr(src, f)) for f in changes}, **changes})
                return
            self.screen.say(f"source {src.id}: {', '.join(changes)} saved")
            self.screen.refresh_all()

        self.screen.app.push_screen(SourceMetaDialog(src, values), save)

    def ingest(self) -> None:
        from .ingest import IngestScreen

        self.screen.app.push_screen(IngestScreen(), lambda _r: self.after_ingest())

    def after_ingest(self) -> None:
        """New sources: the search hits are stale (the query is cleared) and the lists start at the top."""
        s = self.screen
        if s.sources.search_input.value:
            s.sources.search_input.value = ""
            s.sources.query_text = ""
        s.refresh_all()
        for lst in (s.entities.option_list, s.sources.option_list):
            lst.scroll_home(animate=False)
            if lst.option_count:
                lst.highlighted = 0

    def change_language(self) -> None:
        """``L`` in the reader: override the open source's language, then offer to re-run NER."""
        sid = self.open_source_id()
        src = self.screen.guard(self.ws.get_source, sid) if sid is not None else None
        if sid is None or src is None:
            return

        def chosen(lang: str | None) -> None:
            if lang is None or lang == src.lang:
                return
            try:
                self.ws.set_source_lang(sid, lang)
            except WorkbenchError as exc:
                self.screen.app.notify(str(exc), severity="error", markup=False)
                return
            self.screen.refresh_all()
            self.screen.app.push_screen(
                ConfirmDialog(f"Language set to {lang}", "Re-run NER on this source now, so its entities follow "
                              "the new language?"), lambda ok: self.reprocess(True) if ok else None)

        self.screen.app.push_screen(ChoiceDialog(f"Language of {one_line(src.title, 40)}", LANGUAGES, src.lang),
                                    chosen)

    def reprocess(self, this_source: bool) -> None:
        """Re-run NER (after a language override, or to apply entity corrections) in a worker."""
        from .task import TaskScreen

        ids = None
        if this_source:
            sid = self.open_source_id()
            if sid is None:
                return
            ids = [sid]

        def job(ws: Any, progress: Callable[[int, int, str], None], cancel: threading.Event) -> Any:
            from ...ingest import reanalyse_sources

            return reanalyse_sources(ws, ids, progress=progress, cancel=cancel)

        def describe(report: Any) -> str:
            return f"re-ran NER on {plural(len(report.updated), 'source')}" + (" (cancelled)" if report.cancelled else "")

        self.screen.app.push_screen(TaskScreen("Re-running NER", job, describe), lambda _r: self.screen.refresh_all())
