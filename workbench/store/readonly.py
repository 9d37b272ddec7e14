"""Search on a workspace opened read-only with nothing else loaded: the one-shot ``workbench
search`` (:mod:`workbench.cli.quick`) answers from here without importing the Workspace, so a
plain search costs little more than the FTS5 query itself.  Returns None for anything unusual
(the file is missing, damaged, foreign or of another schema version), and the caller then takes
the full path, which says what is wrong in one line."""

from __future__ import annotations

import os
import sqlite3

from .search import SearchMixin, search_rows

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from .search import HitRow


def _connect(db: str) -> sqlite3.Connection | None:
    """The workspace, read-only, when it is a current workbench workspace in a folder SQLite can
    keep its shared-memory file in; None otherwise (the full path handles every other case)."""
    from .schema import APPLICATION_ID, SCHEMA_VERSION

    path = os.path.abspath(db)
    try:
        if not os.path.isfile(path) or not os.path.getsize(path) or not os.access(path, os.R_OK) \
                or not os.access(os.path.dirname(path), os.W_OK):
            return None
    except OSError:
        return None
    uri = "file:" + path.replace("%", "%25").replace("?", "%3f").replace("#", "%23") + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=15.0)
    conn.execute("PRAGMA busy_timeout = 15000")
    conn.execute("PRAGMA cache_size = -32768")
    if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID or \
            conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
        conn.close()
        return None
    return conn


class _Reader(SearchMixin):
    """What search needs of a Workspace: its connection, and the search mixin's methods."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn


def quick_search(db: str, query: str, *, aliases: bool, limit: int) -> tuple[list[HitRow], list[str]] | None:
    """(hits, suggestions when there are none) for ``query``, or None when the full path must answer."""
    conn = _connect(db)
    if conn is None:
        return None
    try:
        reader = _Reader(conn)
        fts = reader.parse_query(query, aliases=aliases).fts
        hits = search_rows(conn, fts, limit)
        return hits, ([] if hits else reader.suggest(query))
    finally:
        conn.close()
