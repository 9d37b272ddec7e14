"""The background corroboration indexer: new sources are indexed soon after start-up and after an
ingest, so the first ``o`` after a big ingest does not wait for it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...errors import WorkbenchError

if TYPE_CHECKING:
    from textual.timer import Timer

    from .main import MainScreen

INDEX_NOTICE = 200  # a backlog this large is announced (it takes a few seconds)


class BackgroundIndexer:
    """Starts and watches the indexing process (``corroborate.index_in_background``).  The work
    runs in a process of its own: typing and scrolling stay as quick as without it (a thread
    shared the interpreter lock with the UI)."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.current: Any = None  # the running indexer (an ``index_in_background`` handle)
        self.closing = False

    def start(self) -> None:
        if self.current is None or not self.current.running():
            # starting a process takes a moment the UI need not wait for
            self.screen.run_worker(self._launch, thread=True, group="passages", exit_on_error=False)

    def _launch(self) -> None:
        from ...evidence import corroborate as corr

        try:
            indexer = corr.index_in_background(self.screen.wbapp.thread_workspace())
        except (WorkbenchError, OSError):
            return  # the next corroboration query indexes in its own worker, and reports problems
        if indexer is not None:
            self.screen.app.call_from_thread(self._watch, indexer)

    def _watch(self, indexer: Any) -> None:
        if self.closing:
            indexer.stop()
            return
        self.current = indexer
        told = indexer.total >= INDEX_NOTICE
        if told:
            self.screen.say(f"indexing {indexer.total:,} new sources for corroboration in the background…")
        timer: Timer | None = None

        def check() -> None:
            if indexer.running() or timer is None:
                return
            timer.stop()
            if told and indexer.succeeded():
                self.screen.say("corroboration index ready")

        timer = self.screen.set_interval(0.5, check)

    def yield_to_query(self) -> None:
        """Someone waits on ``o``: the gentle background process stops, the query indexes on both cores."""
        if self.current is not None and self.current.running():
            self.current.stop()

    def close(self) -> None:
        self.closing = True
        if self.current is not None:
            self.current.stop()  # the batch it was writing rolls back; the next start resumes
