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
from typing import Any, TypeVar

C = TypeVar("C")
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


def map_in_order(fn: Callable[..., Any], chunks: Iterable[C], workers: int,
                 args: Callable[[C], tuple] = lambda c: (c,), *,
                 crashed: Callable[[C, BaseException], Any] | None = None) -> Generator[tuple[C, Any], None, None]:
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
    from concurrent.futures.process import BrokenProcessPool

    _start_helpers()
    pool = _new_pool(workers)
    queue: deque[tuple[C, Future]] = deque()

    def result(chunk: C, fut: Future) -> Any:
        nonlocal pool
        try:
            return fut.result()
        except BrokenProcessPool:
            if crashed is None:
                raise
        except Exception as exc:  # noqa: BLE001  (handed to the caller's crashed())
            if crashed is None:
                raise
            return crashed(chunk, exc)
        # the pool is broken: every future still queued is lost with it.  Run this chunk and the
        # queued ones again, each alone in a fresh pool, to find the one that kills a worker.
        pending = [chunk, *(c for c, _f in queue)]
        queue.clear()
        pool.shutdown(wait=False, cancel_futures=True)
        out = []
        pool = _new_pool(workers)
        for c in pending:
            try:
                out.append(pool.submit(fn, *args(c)).result())
            except BrokenProcessPool as exc:
                out.append(crashed(c, exc))
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _new_pool(workers)
            except Exception as exc:  # noqa: BLE001
                out.append(crashed(c, exc))
        retried.extend(zip(pending[1:], out[1:]))
        return out[0]

    def submit(chunk: C) -> Future:
        # a worker may die between two submits: the pool is then broken before this chunk is
        # queued, and submit() raises at once.  Queue it as a broken future instead, so that
        # result() rebuilds the pool and runs it again with the others in flight.
        try:
            return pool.submit(fn, *args(chunk))
        except BrokenProcessPool as exc:
            if crashed is None:
                raise
            lost: Future = Future()
            lost.set_exception(exc)
            return lost

    retried: deque[tuple[C, Any]] = deque()  # chunks already run again after a crash, in order
    try:
        for c in chunks:
            queue.append((c, submit(c)))
            while retried:
                yield retried.popleft()
            if len(queue) >= workers * IN_FLIGHT:
                done, fut = queue.popleft()
                yield done, result(done, fut)
                while retried:
                    yield retried.popleft()
        while queue or retried:
            while retried:
                yield retried.popleft()
            if queue:
                done, fut = queue.popleft()
                yield done, result(done, fut)
    finally:
        for _c, fut in queue:
            fut.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def _child(fn: Callable[..., Any], args: tuple, parent_pid: int) -> None:
    """In a process of :func:`start_process`: quiet, gone as soon as its starter is, and stopped by
    SIGTERM the orderly way (``finally`` blocks run: an open transaction rolls back and a pool of
    its own shuts down, instead of leaving semaphores for the resource tracker to complain about)."""
    import signal

    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)  # the starter may be the TUI: nothing may be written over its screen
    os.dup2(null, 2)

    def stop(_signum, _frame):
        raise SystemExit(143)

    signal.signal(signal.SIGTERM, stop)
    _watch_parent(parent_pid)
    fn(*args)


def start_process(fn: Callable[..., Any], *args: Any):
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
