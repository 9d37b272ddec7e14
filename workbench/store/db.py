"""Opening a workspace file safely, and the one transaction helper every write goes through."""

from __future__ import annotations

import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from ..errors import Corrupt, DiskFull, WorkbenchError, WorkspaceError
from .schema import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION

DEFAULT_DB = "workspace.db"
BUSY_TIMEOUT_MS = 15_000


def default_db_path() -> Path:
    """``$WORKBENCH_DB`` if set, else ``./workspace.db``."""
    return Path(os.environ.get("WORKBENCH_DB") or DEFAULT_DB)


def utcnow() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def stored_path(path: str) -> str:
    """The form of a file path kept in the workspace.  A name with bytes that are not UTF-8 reaches
    Python as lone surrogates (``os.fsdecode``), which SQLite cannot store; they are kept as
    ``\\xNN`` escapes, so the same file always gets the same stored path."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def inserted_id(cur: sqlite3.Cursor) -> int:
    """The rowid the INSERT run on ``cur`` wrote."""
    if cur.lastrowid is None:
        raise RuntimeError("the statement inserted no row")
    return cur.lastrowid


def _is_busy(exc: sqlite3.Error) -> bool:
    msg = str(exc).lower()
    return "locked" in msg or "busy" in msg


_CORRUPT_MARKS = ("malformed", "corrupt", "not a database", "file is encrypted")
# told (one line) before a workspace of more than UPGRADE_NOTICE_BYTES is upgraded: an upgrade may
# rebuild an index (schema 9 rebuilt the search index: 84 s at 100,000 articles).  The command line
# sets it; the store itself never prints.
upgrade_notice: Callable[[str], None] | None = None
UPGRADE_NOTICE_BYTES = 64 * 2**20
LOW_SPACE = 1 << 20  # a disk with less than this free counts as full when SQLite reports an I/O error


def _size(path: str | os.PathLike[str]) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _shown(path: str | os.PathLike[str]) -> str:
    from ..textutil import display

    return display(str(path), oneline=True)


def disk_full(path: str | os.PathLike[str], exc: BaseException) -> DiskFull | None:
    """A :class:`DiskFull` (one line, what to do) when ``exc`` means the disk holding the workspace
    at ``path`` is full: SQLite's ``SQLITE_FULL``, an ``ENOSPC``, or an I/O error on a disk with
    almost no space left; else None."""
    import errno

    msg = str(exc).lower()
    full = ("disk is full" in msg or (isinstance(exc, OSError) and exc.errno == errno.ENOSPC)
            or ("disk i/o error" in msg and _free_bytes(path) < LOW_SPACE))
    if not full:
        return None
    return DiskFull(f"the disk holding {_shown(path)} is full; nothing more was saved (what was saved before "
                    "stays saved): free some space and run the command again")


def _folder_writable(p: Path) -> bool:
    """Whether SQLite can create files (the WAL's -shm) next to the workspace."""
    folder = p.resolve().parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return False
    except OSError:
        pass
    return os.access(folder, os.W_OK)


def _free_bytes(path: str | os.PathLike[str]) -> int:
    try:
        st = os.statvfs(Path(path).resolve().parent)
    except OSError:
        return 1 << 62
    return st.f_bavail * st.f_frsize


def corrupt(path: str | os.PathLike[str], detail: str = "") -> Corrupt:
    p = _shown(path)
    detail = " ".join(detail.replace("*** in database main ***", "").split())
    detail = detail if len(detail) <= 80 else detail[:79] + "…"
    return Corrupt(f"workspace {p} is damaged{f' ({detail})' if detail else ''}: stop writing to it; restore a "
                   f"backup, or recover what is left with: sqlite3 {p} .recover | sqlite3 recovered.db")


def storage_problem(path: str | os.PathLike[str], exc: BaseException,
                    conn: sqlite3.Connection | None = None) -> WorkbenchError | None:
    """What is wrong with the workspace when an operation on it raised ``exc``: the disk is full,
    or the file is damaged (SQLite says so, or text in it is not UTF-8 and ``PRAGMA quick_check``
    finds damage); None when ``exc`` says nothing about the file itself."""
    full = disk_full(path, exc)
    if full is not None:
        return full
    msg = str(exc).lower()
    if isinstance(exc, sqlite3.DatabaseError) and any(m in msg for m in _CORRUPT_MARKS):
        return corrupt(path, str(exc))
    if "could not decode to utf-8" in msg:
        return corrupt(path, "it holds text that is not valid UTF-8")
    if isinstance(exc, (UnicodeDecodeError, sqlite3.DatabaseError)) and conn is not None:
        problem = quick_check(conn)
        if problem:
            return corrupt(path, problem)
        if isinstance(exc, UnicodeDecodeError):
            return corrupt(path, "it holds text that is not valid UTF-8")
    return None


def quick_check(conn: sqlite3.Connection) -> str:
    """The first problem ``PRAGMA quick_check`` finds, or '' when the file is sound."""
    try:
        conn.text_factory = lambda b: b.decode("utf-8", "replace")
        rows = conn.execute("PRAGMA quick_check(3)").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        conn.text_factory = str
    found = [str(r[0]) for r in rows if str(r[0]) != "ok"]
    return "; ".join(found)[:200]


class Database:
    """A connection to one workspace file.

    Writes happen only inside :meth:`tx`, which opens ``BEGIN IMMEDIATE`` (so two writers queue
    instead of deadlocking), retries while another process holds the lock, and commits or rolls back
    as a whole.  Nested ``tx()`` blocks join the outer transaction.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *, create: bool = True,
                 readonly: bool = False, check: bool = False) -> None:
        """``readonly``: open for reading only (``mode=ro``; and ``immutable=1`` when the folder or
        the filesystem is read-only, where SQLite could not even create its shared-memory file).
        A workspace that needs a migration is still opened for writing when it can be.
        ``check``: run ``PRAGMA quick_check`` first and refuse a damaged file (for writers: a
        damaged page must not be written over)."""
        self.path = Path(path) if path is not None else default_db_path()
        self.readonly = False
        self._want_readonly = readonly
        self._depth = 0
        try:
            self.conn = self._connect(create)
            self._ensure_schema()
        except WorkspaceError as exc:
            raise (disk_full(self.path, exc) or exc) from None
        if check and not self.readonly and self._check_due():
            problem = quick_check(self.conn)
            if problem:
                self.close()
                raise corrupt(self.path, problem)
            self._checked()

    # ``PRAGMA quick_check`` reads the whole file: about 0.4 s for the 5,337-article corpus (55 MB),
    # seconds at 100,000 articles.  A writer runs it on a small workspace every time, and on a large
    # one at most once an hour (the time of the last clean check is kept in ``settings``); damage
    # met in between is still caught, by the error it raises (:func:`storage_problem`).
    CHECK_ALWAYS_BYTES = 16 * 2**20
    CHECK_EVERY_S = 3600.0

    def _check_due(self) -> bool:
        try:
            if self.path.stat().st_size <= self.CHECK_ALWAYS_BYTES:
                return True
            row = self.conn.execute("SELECT value FROM settings WHERE key = 'integrity_checked_at'").fetchone()
            return row is None or time.time() - float(row[0]) > self.CHECK_EVERY_S
        except (OSError, ValueError, sqlite3.Error):
            return True

    def _checked(self) -> None:
        try:
            if self.path.stat().st_size > self.CHECK_ALWAYS_BYTES:
                self.conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('integrity_checked_at', ?)",
                                  (repr(time.time()),))
                self.conn.commit()
        except (OSError, sqlite3.Error):
            pass  # not recorded: the next writer checks again

    # -- opening ---------------------------------------------------------------------------
    def _connect(self, create: bool) -> sqlite3.Connection:
        p = self.path
        if p.is_dir():
            raise WorkspaceError(f"{p} is a folder, not a workspace file")
        exists = p.exists()
        if not exists and not create:
            raise WorkspaceError(f"no workspace at {p}")
        if exists:
            # Never open() the file here to look at it: closing any descriptor of a database file
            # drops every POSIX lock this process holds on it, so another process could take this
            # process's connections for gone, checkpoint and delete the WAL under them, and later
            # commits would be lost.  (A thread of the TUI opening its own connection did exactly
            # that.)  SQLite reads the header itself, through descriptors it never closes early.
            if not os.access(p, os.R_OK):
                raise WorkspaceError(f"cannot read workspace {_shown(p)}: permission denied")
            if p.stat().st_size and (self._want_readonly or not os.access(p, os.W_OK) or not _folder_writable(p)):
                self.readonly = True
        elif not p.parent.exists():
            raise WorkspaceError(f"cannot create workspace {p}: folder {p.parent} does not exist")
        conn = None
        try:
            if self.readonly:
                # where SQLite cannot create the -shm file (a read-only folder or filesystem) the file
                # cannot change under us either: immutable=1 reads it without locks or shared memory
                flags = "?mode=ro" + ("&immutable=1" if not _folder_writable(p) else "")
                conn = sqlite3.connect(p.resolve().as_uri() + flags, uri=True, isolation_level=None,
                                       timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
            else:
                conn = sqlite3.connect(str(p), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                                       check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            # 32 MB of page cache instead of 2: a search reads its hits' texts as well as the
            # index, and a corpus-sized workspace no longer round-trips through the OS for them
            conn.execute("PRAGMA cache_size = -32768")
            # journal_mode = WAL is set only once the file is known to be ours (see _ensure_schema):
            # switching it rewrites the header of someone else's database and leaves -wal / -shm files.
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            if "not a database" in str(exc):
                raise WorkspaceError(f"{_shown(p)} is not a workspace (not an SQLite database)") from None
            if any(m in str(exc).lower() for m in _CORRUPT_MARKS):
                raise corrupt(p, str(exc)) from None
            raise WorkspaceError(f"cannot open workspace {_shown(p)}: {exc}") from None
        return conn

    def _ensure_schema(self) -> None:
        try:
            app_id = self.conn.execute("PRAGMA application_id").fetchone()[0]
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            tables = self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            self.close()
            if "not a database" not in str(exc) and any(m in str(exc).lower() for m in _CORRUPT_MARKS):
                raise corrupt(self.path, str(exc)) from None
            why = "not an SQLite database" if "not a database" in str(exc) else str(exc)
            raise WorkspaceError(f"{_shown(self.path)} is not a workspace ({why})") from None
        if app_id != APPLICATION_ID:
            if tables:
                self.close()
                raise WorkspaceError(f"{self.path} is an SQLite file but not a workbench workspace")
            version = 0
        if version > SCHEMA_VERSION:
            self.close()
            raise WorkspaceError(
                f"{self.path} was written by a newer workbench (schema {version}, this one knows "
                f"{SCHEMA_VERSION}); upgrade workbench to open it"
            )
        if not self.readonly:
            try:
                self.conn.execute("PRAGMA journal_mode = WAL")
                # FULL: a commit is on disk before the user is told it is done, so a claim shown as
                # saved survives an OS crash or power cut too, not only a killed process.  Bulk
                # ingest relaxes this (see bulk()): its input files are still there to re-ingest.
                self.conn.execute("PRAGMA synchronous = FULL")
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc):
                    raise WorkspaceError(f"cannot open workspace {self.path}: {exc}") from None
                # another process holds the lock while switching; WAL is persistent, it will be set
        if version == SCHEMA_VERSION:
            return
        if self.readonly and self._want_readonly and os.access(self.path, os.W_OK) and _folder_writable(self.path):
            # opened read-only by choice, but an older workspace is upgraded first
            self.conn.close()
            self.readonly, self._want_readonly = False, False
            self.conn = self._connect(create=False)
            return self._ensure_schema()
        if self.readonly:
            raise WorkspaceError(f"{_shown(self.path)} needs an upgrade but is read-only")
        if upgrade_notice is not None and version and _size(self.path) > UPGRADE_NOTICE_BYTES:
            upgrade_notice(f"upgrading {_shown(self.path)} from schema {version} to {SCHEMA_VERSION}, once"
                           " (it may rebuild an index: about a minute per 100,000 articles)")
        with self.tx() as conn:
            # re-read inside the lock: another process may have migrated meanwhile
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                version = 0
            for step in MIGRATIONS[version:]:
                step(conn)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    # -- transactions ----------------------------------------------------------------------
    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """One atomic write.  Everything inside commits together or not at all."""
        if self._depth:
            self._depth += 1
            try:
                yield self.conn
            finally:
                self._depth -= 1
            return
        if self.readonly:
            raise WorkspaceError(f"workspace {self.path} is read-only; nothing was changed")
        self._begin()
        self._depth = 1
        try:
            yield self.conn
        except BaseException:
            self._depth = 0
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self._depth = 0
        self._commit()

    def begin(self) -> None:
        """Open a transaction by hand (for work committed in groups, like ingest); the ``tx()`` and
        ``savepoint()`` blocks run until :meth:`commit` or :meth:`rollback` join it."""
        if self._depth:
            raise RuntimeError("a transaction is already open")
        if self.readonly:
            raise WorkspaceError(f"workspace {self.path} is read-only; nothing was changed")
        self._begin()
        self._depth = 1

    def commit(self) -> None:
        """Commit the transaction :meth:`begin` opened (raises :class:`WorkspaceError` if it cannot)."""
        self._depth = 0
        self._commit()

    def rollback(self) -> None:
        self._depth = 0
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    @contextmanager
    def savepoint(self) -> Iterator[sqlite3.Connection]:
        """An atomic part of the enclosing :meth:`tx`: on an exception everything done inside is
        undone (``ROLLBACK TO``) and the exception re-raised, while the enclosing transaction and
        what it did before stay.  Outside a transaction this is simply :meth:`tx`."""
        if not self._depth:
            with self.tx() as conn:
                yield conn
            return
        self.conn.execute("SAVEPOINT wb_part")
        self._depth += 1
        try:
            yield self.conn
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK TO wb_part")
                self.conn.execute("RELEASE wb_part")
            raise
        finally:
            self._depth -= 1
        self.conn.execute("RELEASE wb_part")

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """Many small transactions of re-creatable data (ingest): commits skip the fsync
        (``synchronous = NORMAL``, still safe against a killed process), restored afterwards."""
        if self.readonly:
            yield
            return
        self.conn.execute("PRAGMA synchronous = NORMAL")
        # the FTS segments and indexes an ingest updates outgrow the default 2 MB page cache
        cache = self.conn.execute("PRAGMA cache_size").fetchone()[0]
        self.conn.execute("PRAGMA cache_size = -65536")
        try:
            yield
        finally:
            self.conn.execute("PRAGMA synchronous = FULL")
            self.conn.execute(f"PRAGMA cache_size = {int(cache)}")

    def _begin(self) -> None:
        def give_up(exc: sqlite3.DatabaseError) -> BaseException:
            if not isinstance(exc, sqlite3.OperationalError):
                return exc
            if "readonly" in str(exc).lower():
                return WorkspaceError(f"workspace {_shown(self.path)} is read-only; nothing was changed")
            return storage_problem(self.path, exc) or WorkspaceError(f"workspace {_shown(self.path)} is busy: {exc}")

        self._retrying("BEGIN IMMEDIATE", give_up)

    def _commit(self) -> None:
        def give_up(exc: sqlite3.DatabaseError) -> BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            return storage_problem(self.path, exc) or WorkspaceError(f"could not save to {_shown(self.path)}: {exc}")

        self._retrying("COMMIT", give_up)

    def _retrying(self, sql: str, give_up: Callable[[sqlite3.DatabaseError], BaseException]) -> None:
        """Run ``sql`` (``BEGIN IMMEDIATE`` or ``COMMIT``), trying again for up to a minute while
        another process holds the lock; any other error, or the minute over, raises what
        ``give_up`` makes of it."""
        deadline = time.monotonic() + 60
        while True:
            try:
                self.conn.execute(sql)
                return
            except sqlite3.DatabaseError as exc:
                if not _is_busy(exc) or time.monotonic() > deadline:
                    raise give_up(exc) from None
                time.sleep(0.01 + random.random() * 0.05)

    def close(self) -> None:
        from .side import close as close_side

        close_side(self)
        try:
            self.conn.close()
        except sqlite3.Error:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()
