"""Reads that run beside the caller: a second, read-only connection to the workspace, used from a
worker thread while the caller's own connection goes on with other work.

SQLite runs one statement of a connection at a time, and Python's ``sqlite3`` lets other threads
run while a statement steps.  Corroboration has two independent retrievers, each about half of a
query's time at 100,000 articles: the lexical one is an FTS5 query, the dense one mostly numpy
(which also lets other threads run).  On their own connections the two overlap on a second core.

The connection is opened on first use, kept with its workspace (one per :class:`Database`, so one
per thread in the TUI, whose workers each have theirs) and closed with it.  It sees what was
committed; a caller inside an open transaction of its own gets its work run inline instead, on its
own connection, so that it also sees what it has not committed yet.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from .db import Database

T = TypeVar("T")
D = TypeVar("D", bound="Database")

_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


class Reader:
    """What the read functions of :mod:`.corroboration_reads` need of a workspace: ``conn``."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn


class _Side:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.lock = threading.Lock()  # one statement at a time on it, whoever calls


def _pool() -> ThreadPoolExecutor:
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="workbench-side")
        return _POOL


def _open(db: Database) -> _Side | None:
    from .db import BUSY_TIMEOUT_MS, _folder_writable

    side: _Side | None = db.__dict__.get("_side")
    if side is not None:
        return side
    try:
        flags = "?mode=ro" + ("&immutable=1" if db.readonly and not _folder_writable(db.path) else "")
        conn = sqlite3.connect(db.path.resolve().as_uri() + flags, uri=True, isolation_level=None,
                               timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA cache_size = -32768")
    except (sqlite3.Error, OSError, ValueError):
        return None  # inline, on the caller's connection
    side = db.__dict__["_side"] = _Side(conn)
    return side


def close(db: Database) -> None:
    """Close ``db``'s side connection, if it has one (:meth:`Database.close` calls this)."""
    side: _Side | None = db.__dict__.pop("_side", None)
    if side is not None:
        with side.lock:
            try:
                side.conn.close()
            except sqlite3.Error:
                pass


def beside(db: D, fn: Callable[[D | Reader], T]) -> Callable[[], T]:
    """Start ``fn(reader)`` (``reader.conn``: a read-only connection of its own) in a worker thread
    and return a function that waits for its result (or raises what it raised).  Where that cannot
    help (no file to open again, a transaction of the caller's open), ``fn(db)`` runs now."""
    side = None if db.conn.in_transaction else _open(db)
    if side is None:
        result = fn(db)
        return lambda: result

    def run() -> T:
        with side.lock:
            return fn(Reader(side.conn))

    future: Future[T] = _pool().submit(run)
    return future.result
