"""Building the passage index when corroboration needs it: in this process
(:func:`ensure_index`, one indexer at a time) or in a process of its own for the TUI
(:func:`index_in_background`).  See :mod:`.passages`."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING

from ..errors import WorkspaceError
from .passages import index_missing, missing_sources

if TYPE_CHECKING:
    from ..store import Workspace

_INDEXING = threading.Lock()  # one indexer per process; a second caller waits for it, then finds it done


def ensure_index(ws: Workspace, progress: Callable[[int, int], None] | None = None, *, workers: int | None = None) -> int:
    """Index the sources that have no passages yet (ingest leaves that to the first query after it,
    or to :func:`index_in_background`; see :mod:`.passages`).  A read-only workspace is queried as
    it is.  Returns passages written.

    ``progress(0, n)`` comes first, with the ``n`` sources to index.  If another thread of this
    process is indexing, this waits for it (reporting that too) rather than indexing the same
    sources a second time."""
    if getattr(ws, "readonly", False):
        return 0
    ids = missing_sources(ws)
    if not ids:
        return 0
    if not _INDEXING.acquire(blocking=False):
        if progress:
            progress(0, len(ids))
        _INDEXING.acquire()
    try:
        ids = missing_sources(ws)
        if not ids:
            return 0
        if progress:
            progress(0, len(ids))
        return index_missing(ws, progress, ids=ids, workers=workers)
    except WorkspaceError:
        return 0  # became read-only or busy: query what is indexed
    finally:
        _INDEXING.release()


class BackgroundIndex:
    """The passage index of new sources being built by a process of its own (see
    :func:`index_in_background`): the TUI stays responsive, since nothing of it runs in the TUI's
    process or holds its interpreter lock."""

    def __init__(self, proc: BaseProcess, total: int) -> None:
        self._proc = proc
        self.total = total  # sources it was started for

    def running(self) -> bool:
        return self._proc.is_alive()

    def succeeded(self) -> bool:
        return self._proc.exitcode == 0

    def stop(self) -> None:
        """Stop it now: the batch it was writing rolls back; finished batches stay."""
        if self._proc.is_alive():
            self._proc.terminate()  # SIGTERM: it rolls back and shuts its pool down (a fraction of a second)
            self._proc.join(5)
        if self._proc.is_alive():
            self._proc.kill()
            self._proc.join(5)


def index_in_background(ws: Workspace) -> BackgroundIndex | None:
    """Start indexing, in a process of its own, the sources that have no passages yet.  None when
    there are none (or the workspace is read-only)."""
    if getattr(ws, "readonly", False):
        return None
    ids = missing_sources(ws)
    if not ids:
        return None
    from ..parallel import start_process

    # an absolute path: the process is forked from the forkserver, whose working folder may differ
    return BackgroundIndex(start_process(_index_workspace, os.path.abspath(ws.path)), len(ids))


BACKGROUND_NICENESS = 10  # the background indexer yields the CPU to the TUI it works for,
BACKGROUND_WORKERS = 1  # and leaves it a core of its own


def _index_workspace(path: str) -> None:
    """The background indexer's process."""
    from ..store import Workspace

    os.nice(BACKGROUND_NICENESS)
    ws = Workspace(path, create=False)
    try:
        ensure_index(ws, workers=BACKGROUND_WORKERS)
    finally:
        ws.close()
