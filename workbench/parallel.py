"""CPU-bound work on both cores: chunks go to a process pool and come back in input order.

Used by ingest (language ID and NER) and by the corroboration passage index.  The pool uses
``forkserver`` (``fork`` is unsafe from the TUI's worker threads), keeps a bounded number of chunks
in flight so memory stays flat on any corpus size, and its workers exit as soon as the process that
started them is gone (killed with -9, say) instead of finishing work nobody will store.
"""

from __future__ import annotations

import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, Any, Generic, NoReturn, TypeVar

if TYPE_CHECKING:
    from multiprocessing.process import BaseProcess
    from types import FrameType

C = TypeVar("C")
R = TypeVar("R")
IN_FLIGHT = 4  # chunks queued per worker: enough that a pause in the consumer (a commit waiting
               # on the disk) does not leave the workers idle; few enough to keep memory flat


def _watch_parent(parent_pid: int, niceness: int = 0) -> None:
    """In a worker: run at the priority of the process it works for (workers are forked from the
    forkserver, not from it), and exit as soon as that process is gone."""
    import time

    if niceness > os.nice(0):
        os.nice(niceness - os.nice(0))

    def watch() -> None:
        while True:
            try:
                os.kill(parent_pid, 0)
            except ProcessLookupError:
                os._exit(0)
            except PermissionError:
                pass
            time.sleep(0.5)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


_HELPERS = threading.Lock()


def _start_helpers() -> None:
    """Start multiprocessing's resource tracker and forkserver with a stderr they can inherit.

    They start on first use and are handed ``sys.stderr``'s file descriptor.  Under the TUI,
    Textual replaces ``sys.stderr`` with a capture whose ``fileno()`` is -1, and the start fails
    ("bad value(s) in fds_to_keep"), so the first pooled job crashed the app.  Here they get
    /dev/null instead: they cannot write over the TUI's screen either."""
    try:
        usable = sys.stderr is None or sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = True  # no descriptor at all: multiprocessing leaves stderr out by itself
    if usable:
        return
    from multiprocessing import forkserver, resource_tracker

    with _HELPERS, open(os.devnull, "w") as null:
        saved, sys.stderr = sys.stderr, null
        try:
            resource_tracker.ensure_running()
            forkserver.ensure_running()
        finally:
            sys.stderr = saved


def _new_pool(workers: int) -> ProcessPoolExecutor:
    import multiprocessing as mp

    return ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("forkserver"),
                               initializer=_watch_parent, initargs=(os.getpid(), os.nice(0)))


def map_in_order(fn: Callable[..., R], chunks: Iterable[C], workers: int,
                 args: Callable[[C], tuple[Any, ...]] = lambda c: (c,), *,
                 crashed: Callable[[C, BaseException], R] | None = None) -> Generator[tuple[C, R], None, None]:
    """``(chunk, fn(*args(chunk)))`` for each chunk, in order.  With ``workers <= 1`` everything runs
    here; otherwise in that many worker processes (``fn`` must be a module-level function).

    With ``crashed``, a chunk whose work fails in the pool gets ``crashed(chunk, exception)`` as its
    result instead of ending the whole map.  A worker that dies (killed by the OOM killer, say)
    breaks the pool and every chunk in flight with it: the pool is then rebuilt and those chunks run
    again one at a time, so only the chunk that kills a worker on its own is handed to ``crashed``,
    and the rest go on."""
    if workers <= 1:
        for c in chunks:
            yield c, fn(*args(c))
        return
    _start_helpers()
    flight = _InFlight(fn, workers, args, crashed)
    try:
        for c in chunks:
            flight.submit(c)
            yield from flight.drain_retried()
            if len(flight.queue) >= workers * IN_FLIGHT:
                yield flight.next_result()
                yield from flight.drain_retried()
        while flight.queue or flight.retried:
            yield from flight.drain_retried()
            if flight.queue:
                yield flight.next_result()
    finally:
        flight.close()


class _InFlight(Generic[C, R]):
    """The chunks of one :func:`map_in_order` queued in its pool, oldest first, and the chunks
    already run again after a crash (whose results come before the queue's, in input order)."""

    def __init__(self, fn: Callable[..., R], workers: int, args: Callable[[C], tuple[Any, ...]],
                 crashed: Callable[[C, BaseException], R] | None) -> None:
        self.fn, self.workers, self.args, self.crashed = fn, workers, args, crashed
        self.pool = _new_pool(workers)
        self.queue: deque[tuple[C, Future[R]]] = deque()
        self.retried: deque[tuple[C, R]] = deque()

    def submit(self, chunk: C) -> None:
        from concurrent.futures.process import BrokenProcessPool

        # a worker may die between two submits: the pool is then broken before this chunk is
        # queued, and submit() raises at once.  Queue it as a broken future instead, so that
        # next_result() rebuilds the pool and runs it again with the others in flight.
        fut: Future[R]
        try:
            fut = self.pool.submit(self.fn, *self.args(chunk))
        except BrokenProcessPool as exc:
            if self.crashed is None:
                raise
            fut = Future()
            fut.set_exception(exc)
        self.queue.append((chunk, fut))

    def drain_retried(self) -> Iterator[tuple[C, R]]:
        while self.retried:
            yield self.retried.popleft()

    def next_result(self) -> tuple[C, R]:
        """The oldest queued chunk and its result (waiting for it)."""
        from concurrent.futures.process import BrokenProcessPool

        chunk, fut = self.queue.popleft()
        try:
            return chunk, fut.result()
        except BrokenProcessPool:
            if self.crashed is None:
                raise
        except Exception as exc:  # noqa: BLE001  (handed to the caller's crashed())
            if self.crashed is None:
                raise
            return chunk, self.crashed(chunk, exc)
        return chunk, self._rerun_after_crash(chunk, self.crashed)

    def _rerun_after_crash(self, chunk: C, crashed: Callable[[C, BaseException], R]) -> R:
        """The pool is broken: every future still queued is lost with it.  Run this chunk and the
        queued ones again, each alone in a fresh pool, to find the one that kills a worker; the
        queued ones' results wait in :attr:`retried`."""
        from concurrent.futures.process import BrokenProcessPool

        pending = [chunk, *(c for c, _f in self.queue)]
        self.queue.clear()
        self.pool.shutdown(wait=False, cancel_futures=True)
        out: list[R] = []
        self.pool = _new_pool(self.workers)
        for c in pending:
            try:
                out.append(self.pool.submit(self.fn, *self.args(c)).result())
            except BrokenProcessPool as exc:
                out.append(crashed(c, exc))
                self.pool.shutdown(wait=False, cancel_futures=True)
                self.pool = _new_pool(self.workers)
            except Exception as exc:  # noqa: BLE001
                out.append(crashed(c, exc))
        self.retried.extend(zip(pending[1:], out[1:]))
        return out[0]

    def close(self) -> None:
        for _c, fut in self.queue:
            fut.cancel()
        self.pool.shutdown(wait=True, cancel_futures=True)


def _child(fn: Callable[..., Any], args: tuple[Any, ...], parent_pid: int) -> None:
    """In a process of :func:`start_process`: quiet, gone as soon as its starter is, and stopped by
    SIGTERM the orderly way (``finally`` blocks run: an open transaction rolls back and a pool of
    its own shuts down, instead of leaving semaphores for the resource tracker to complain about)."""
    import signal

    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)  # the starter may be the TUI: nothing may be written over its screen
    os.dup2(null, 2)

    def stop(_signum: int, _frame: FrameType | None) -> NoReturn:
        raise SystemExit(143)

    signal.signal(signal.SIGTERM, stop)
    _watch_parent(parent_pid)
    fn(*args)


def start_process(fn: Callable[..., Any], *args: Any) -> BaseProcess:
    """Run ``fn(*args)`` in a process of its own (``fn`` must be a module-level function) and return
    the :class:`multiprocessing.Process`.  Its output goes to /dev/null, and it exits as soon as
    this process is gone; its exit code is 0 when ``fn`` returned."""
    import multiprocessing as mp

    _start_helpers()
    proc = mp.get_context("forkserver").Process(target=_child, args=(fn, args, os.getpid()),
                                                name="workbench-background")
    proc.start()
    return proc


def chunked(items: Iterable[C], size_of: Callable[[C], int], max_size: int, max_items: int) -> Iterator[list[C]]:
    """Consecutive lists of ``items`` holding about ``max_size`` (by ``size_of``) or ``max_items``."""
    buf: list[C] = []
    size = 0
    for it in items:
        buf.append(it)
        size += size_of(it)
        if size >= max_size or len(buf) >= max_items:
            yield buf
            buf, size = [], 0
    if buf:
        yield buf
