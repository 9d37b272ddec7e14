"""The ingest pipeline: files -> clean text -> language -> entities -> storage, atomic per file.

Four stages, one module each: reading and cleaning (:mod:`.prepare`) runs here; language ID and
NER (:mod:`.analyse`) run in worker processes for large batches (both cores), in this process for
small ones (starting a worker costs about a second); storing (this module, with the mentions'
resolution in :mod:`.resolve`) puts each file inside its own savepoint, and files are committed in
small groups (:mod:`.group`): a failing file is undone alone, a kill leaves whole sources or none,
and running again completes the job; the report and progress are :mod:`.report`.  The
corroboration passage index is not built here: it is derived data, built in both cores when
corroboration first needs it (:func:`workbench.evidence.passages.index_missing`).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DiskFull, InputError, WorkbenchError
from ..parallel import chunked, map_in_order
from ..store.db import disk_full
from .analyse import Analysed, Mention, analyse_args, crashed_handler, reason
from .analyse import analyse as _analyse
from .group import Group as _Group
from .prepare import Prepared, file_size, prepare_all, read_new
from .readers import expand_paths
from .report import IngestReport, Progress, Tally
from .resolve import Entities

if TYPE_CHECKING:
    from ..store import Workspace

__all__ = ["IngestReport", "Prepared", "ingest_paths", "reanalyse_sources"]

POOL_MIN_CHARS = 250_000  # below this, NER in-process beats starting workers
CHUNK_CHARS = 60_000
CHUNK_DOCS = 48


def _prepare(ws: Workspace, path: Path, lang_override: str | None) -> Prepared:
    """Read a file that holds one document (see :func:`.prepare.prepare_all`)."""
    docs = prepare_all(path, lang_override)
    if len(docs) != 1:
        raise InputError(f"{len(docs)} documents in one file")
    return docs[0]


def _analysed(prepared: Iterator[Prepared], workers: int) -> Generator[tuple[Prepared, Analysed], None, None]:
    """(prepared, (lang, mentions, error)) in input order; a bounded number of chunks in flight."""
    chunks = chunked(prepared, lambda p: len(p.text), CHUNK_CHARS, CHUNK_DOCS)
    for chunk, results in map_in_order(_analyse, chunks, workers, analyse_args,
                                       crashed=crashed_handler(workers, _analyse)):
        yield from zip(chunk, results)


def _store(ws: Workspace, ents: Entities, p: Prepared, mentions: list[Mention]) -> tuple[int, Callable[[], None], int]:
    """Write one prepared file (inside the caller's savepoint).  Returns its source id, the hook
    that teaches the resolver its new entities once the savepoint is released, and how many of its
    claims the new text orphaned."""
    from .reanchor import reanchor_source

    if p.replaces is not None:
        ws.replace_source_text(p.replaces, sha256=p.sha256, title=p.title, outlet=p.outlet, lang=p.lang,
                               lang_detected=p.lang, text=p.text)
        sid = p.replaces
    else:
        sid = ws.insert_source(sha256=p.sha256, path=p.path, title=p.title, outlet=p.outlet, lang=p.lang,
                               lang_detected=p.lang, text=p.text)
    if p.meta:
        ws.put_source_meta(sid, p.meta, keep_existing=p.replaces is not None)  # the user's corrections stay
    if p.pages is not None or p.replaces is not None:
        ws.put_source_pages(sid, p.pages or [])
    learn = ents.store(sid, p.text, mentions)
    orphaned = 0
    if p.replaces is not None:
        anchored = reanchor_source(ws, sid, p.text)
        orphaned = sum(1 for a in anchored if a["method"] == "orphaned")
    ws.log_action("source.update" if p.replaces is not None else "source.add",
                  f"{'updated' if p.replaces is not None else 'added'} {p.path}", undoable=False)
    return sid, learn, orphaned


class _Storing:
    """The last stage of one ingest: each analysed file stored in its savepoint (:func:`_store`),
    whatever it raises turned into that file's one line, the group committed when due."""

    def __init__(self, ws: Workspace, tally: Tally) -> None:
        self.ws, self.tally, self.report = ws, tally, tally.report
        self.group = _Group(ws, tally.report)
        self.ents: Entities | None = None  # loaded with the first file to store

    def take(self, p: Prepared, analysed: Analysed) -> None:
        doc_lang, mentions, error = analysed
        if error is not None:
            self.tally.fail(p.path, f"could not analyse: {error}")
            return
        p.lang = doc_lang
        may_retry = True
        while not self._store_once(p, mentions, may_retry):
            may_retry = False
        self.tally.tick(p.path)

    def _store_once(self, p: Prepared, mentions: list[Mention], may_retry: bool) -> bool:
        """Store one file; False when it should be tried once more (the entities changed meanwhile)."""
        ws, report, group = self.ws, self.report, self.group
        ents = self.ents = self.ents or Entities(ws)
        try:
            with group.part():
                sid, learn, orphaned = _store(ws, ents, p, mentions)
        except DiskFull as exc:
            group.stop(str(exc))
        except WorkbenchError as exc:
            report.failed.append((p.path, str(exc)))
            group.check()
        except sqlite3.IntegrityError as exc:
            other = ws.source_by_sha(p.sha256)
            if other is not None:  # another process stored the same text a moment ago: "already present"
                report.present.append((p.path, other.id))
            elif may_retry:
                # another process changed the entities meanwhile (a merge deletes one): reload what
                # the workspace knows and resolve this file again
                self.ents = None
                return False
            else:
                report.failed.append((p.path, f"could not store: {exc}"))
        except Exception as exc:  # noqa: BLE001  (one file fails alone, whatever it raised)
            full = disk_full(ws.path, exc)
            if full is not None:
                group.stop(str(full))
            else:
                report.failed.append((p.path, f"could not store: {reason(exc)}"))
                group.check()
        else:
            learn()  # later files of the group resolve against this file's new entities
            group.stored(p, sid, orphaned)
        return True

    def commit(self, *, when_due: bool = False) -> None:
        """Commit the open group (with ``when_due``, only if it is due); a group SQLite refused is
        lost, and with it what the resolver learned from it."""
        if (not when_due or self.group.due()) and not self.group.commit():
            self.ents = None


def ingest_paths(ws: Workspace, paths: Iterable[str | os.PathLike[str]], *, progress: Progress | None = None,
                 cancel: threading.Event | None = None, workers: int | None = None,
                 lang: str | None = None) -> IngestReport:
    """Ingest files and folders into the workspace.  Never raises for a bad file: each failure is
    one line in ``report.failed`` and the other files still go in.  Stops between files when
    ``cancel`` is set; what was stored stays stored."""
    report = IngestReport()
    files, problems = expand_paths(list(paths))
    report.failed.extend(problems)
    tally = Tally(report, len(files), progress, cancel)
    n_workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    use_pool = n_workers > 1 and sum(file_size(f) for f in files) >= POOL_MIN_CHARS
    storing = _Storing(ws, tally)
    with ws.bulk(), closing(_analysed(read_new(ws, files, lang, tally), n_workers if use_pool else 1)) as results:
        try:
            for p, analysed in results:
                if tally.cancelled() or report.stopped:
                    break
                storing.take(p, analysed)
                if report.stopped:
                    break
                storing.commit(when_due=True)
            if not report.stopped:
                storing.commit()
        finally:
            storing.group.rollback()
    return report


def reanalyse_sources(ws: Workspace, source_ids: Iterable[int] | None = None, *, progress: Progress | None = None,
                      cancel: threading.Event | None = None, workers: int = 1) -> IngestReport:
    """Re-run NER and resolution on sources already in the workspace (after a language override,
    or to apply corrections made since: rejected names stay out, confirmed entities are found).
    The user's own mentions are kept, and the sources' passages are dropped so that corroboration
    re-indexes them with the new entities.  Committed in groups of whole sources like ingest (see
    :class:`.group.Group`); stops between sources when ``cancel`` is set."""
    from ..store.derived import drop_passages

    ids = list(source_ids) if source_ids is not None else [s.id for s in ws.list_sources()]
    report = IngestReport()
    items = []
    for sid in ids:
        src = ws.get_source(sid)
        items.append(Prepared(src.path, ws.source_text(sid), src.sha256, src.title, src.outlet,
                              src.lang if src.lang != "und" else "", replaces=sid))
    ents = Entities(ws)
    group = _Group(ws, report)
    with ws.bulk(), closing(_analysed(iter(items), workers)) as results:
        try:
            for n, (p, (_lang, mentions, error)) in enumerate(results, 1):
                if cancel is not None and cancel.is_set():
                    report.cancelled = True
                    break
                if error is not None:
                    report.failed.append((p.path, f"could not analyse: {error}"))
                    continue
                sid = ids[n - 1]
                with group.part():
                    ws.clear_mentions(sid, keep_user=True)
                    learn = ents.store(sid, p.text, mentions)
                    drop_passages(ws, sid)
                    ws.log_action("source.reanalyse", f"re-ran NER on source {sid}", undoable=False)
                learn()
                group.stored(p, sid)
                if group.due() and not group.commit():
                    ents = Entities(ws)
                if progress:
                    progress(n, len(items), p.path)
            group.commit()
        finally:
            group.rollback()
    ws.drop_unused_entities()
    return report
