"""Passage vectors: the SQL side of the sentence vectors of :mod:`workbench.evidence.encoder`.

Two tables (migration ``_add_passage_vectors``), one row per passage, dropped with it:

* ``passage_vectors(passage_id, vec)`` -- the quantised vector (516 bytes), read for the few
  hundred candidates a query re-ranks;
* ``passage_sigs(passage_id, source_id, sig)`` -- its 64-byte sign signature, all of which a query
  scans (held in memory per process: 64 bytes a passage).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence


def store_vectors(conn: sqlite3.Connection, rows: Iterable[tuple[int, int, bytes, bytes]]) -> None:
    """``rows`` of (passage id, source id, vector blob, signature blob)."""
    rows = list(rows)
    conn.executemany("INSERT OR REPLACE INTO passage_vectors (passage_id, vec) VALUES (?, ?)",
                     [(p, v) for p, _s, v, _g in rows])
    conn.executemany("INSERT OR REPLACE INTO passage_sigs (passage_id, source_id, sig) VALUES (?, ?, ?)",
                     [(p, s, g) for p, s, _v, g in rows])


def document_vectors_for(conn: sqlite3.Connection, source_ids: Sequence[int]) -> dict[int, bytes]:
    """{source id: stored document vector blob} of those of ``source_ids`` that have one."""
    out: dict[int, bytes] = {}
    ids = sorted(set(source_ids))
    for i in range(0, len(ids), 900):
        chunk = ids[i:i + 900]
        out.update(conn.execute(f"SELECT source_id, vec FROM source_vectors WHERE source_id IN ({','.join('?' * len(chunk))})",
                                chunk).fetchall())
    return out


def store_document_vectors(conn: sqlite3.Connection, rows: Sequence[tuple[int, bytes]], *, wait: bool = True,
                           computed_at: int | None = None) -> bool:
    """Keep (source id, document vector blob) rows of sources whose passages are indexed.  Inside
    an open transaction they join it; otherwise, with ``wait`` False (a query keeping what it
    computed), they are written only if the write lock is free at once (:func:`write_if_free`),
    and, with ``computed_at`` (the ``PRAGMA data_version`` read before the passages they were
    computed from), only if no other connection has committed since: a source re-indexed meanwhile
    keeps no vector of its old passages."""
    sql = ("INSERT OR REPLACE INTO source_vectors (source_id, vec)"
           " SELECT ?, ? WHERE EXISTS (SELECT 1 FROM passages WHERE source_id = ?)")
    params = [(sid, blob, sid) for sid, blob in rows]
    if not params:
        return True
    if conn.in_transaction or wait:
        conn.executemany(sql, params)
        return True

    def write() -> None:
        if computed_at is None or data_version(conn) == computed_at:
            conn.executemany(sql, params)

    return write_if_free(conn, write)


def data_version(conn: sqlite3.Connection) -> int:
    """``PRAGMA data_version``: it moves when another connection commits."""
    return int(conn.execute("PRAGMA data_version").fetchone()[0])


def write_if_free(conn: sqlite3.Connection, write: Callable[[], None]) -> bool:
    """Run ``write`` (derived rows a query keeps: word and document vectors) in a transaction of its
    own if the write lock is free at once, or inside the open one; False when the lock is held (a
    query never waits for an indexer to keep a cache) or the write failed (rolled back).  The memos
    of this module stay current: those rows are not what they count."""
    from .db import BUSY_TIMEOUT_MS

    before = conn.total_changes
    if conn.in_transaction:
        write()
        wrote_elsewhere(conn, before)
        return True
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error:
        return False
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    try:
        write()
        conn.execute("COMMIT")
    except sqlite3.Error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        return False
    wrote_elsewhere(conn, before)
    return True


def passage_ids_of_source(conn: sqlite3.Connection, source_id: int) -> list[int]:
    return [r[0] for r in conn.execute("SELECT id FROM passages WHERE source_id = ? ORDER BY id", (source_id,))]


def vectors_for(conn: sqlite3.Connection, passage_ids: Sequence[int]) -> dict[int, bytes]:
    out: dict[int, bytes] = {}
    ids = list(passage_ids)
    for i in range(0, len(ids), 900):
        chunk = ids[i:i + 900]
        m = ",".join("?" * len(chunk))
        out.update(conn.execute(f"SELECT passage_id, vec FROM passage_vectors WHERE passage_id IN ({m})",
                                chunk).fetchall())
    return out


def signatures_since(conn: sqlite3.Connection, after_id: int = 0) -> list[tuple[int, int, bytes]]:
    """(passage id, source id, signature) of the passages with an id above ``after_id``, by id."""
    return conn.execute("SELECT passage_id, source_id, sig FROM passage_sigs WHERE passage_id > ?"
                        " ORDER BY passage_id", (after_id,)).fetchall()


# (id(conn), table) -> (conn, data_version, total_changes, state); holding the connection keeps
# its id from being reused by a new one while the memo lives
_STATES: dict[tuple[int, str], tuple[sqlite3.Connection, int, int, tuple[int, int]]] = {}


def _state(conn: sqlite3.Connection, table: str) -> tuple[int, int]:
    """(count, max passage id) of ``table``, counted again only when the workspace changed since
    the last call on this connection (``PRAGMA data_version`` moves when another connection
    commits, ``total_changes`` when this one writes): a count of 2M rows reads the whole table."""
    key = (id(conn), table)
    version = int(conn.execute("PRAGMA data_version").fetchone()[0])
    memo = _STATES.get(key)
    if memo is not None and memo[0] is conn and memo[1] == version and memo[2] == conn.total_changes:
        return memo[3]
    row = conn.execute(f"SELECT count(*), coalesce(max(passage_id), 0) FROM {table}").fetchone()
    state = (int(row[0]), int(row[1]))
    if len(_STATES) > 64:
        _STATES.clear()
    _STATES[key] = (conn, version, conn.total_changes, state)
    return state


def wrote_elsewhere(conn: sqlite3.Connection, before: int) -> None:
    """Since its ``total_changes`` was ``before``, this connection wrote only to tables these memos
    do not count (the word vectors a query keeps): a memo that was current then still is, so the
    next query does not count 2M rows again because the last one kept a few words."""
    version = int(conn.execute("PRAGMA data_version").fetchone()[0])
    for key, (c, v, changes, state) in list(_STATES.items()):
        if c is conn and v == version and changes == before:
            _STATES[key] = (c, v, conn.total_changes, state)


def signature_state(conn: sqlite3.Connection) -> tuple[int, int]:
    """(count, max id) of the signatures: a cache of them is current when this has not changed."""
    return _state(conn, "passage_sigs")


def sources_without_vectors(conn: sqlite3.Connection) -> list[int]:
    """Sources whose passages have no vectors (indexed by a version without them).  A passage
    and its vector are written in one transaction, so when the newest passage has its vector every
    passage has (two lookups, no scan of the 2M rows of a 100k workspace)."""
    top = conn.execute("SELECT max(id) FROM passages").fetchone()[0]
    top_vec = conn.execute("SELECT max(passage_id) FROM passage_vectors").fetchone()[0]
    if top == top_vec:
        return []
    return [r[0] for r in conn.execute(
        "SELECT DISTINCT p.source_id FROM passages p LEFT JOIN passage_vectors v ON v.passage_id = p.id"
        " WHERE v.passage_id IS NULL ORDER BY p.source_id")]


def source_vector_rows(conn: sqlite3.Connection) -> Iterable[tuple[int, bytes, int]]:
    """(source id, vector blob, passage length) of every passage, by source: for document vectors."""
    return conn.execute("SELECT p.source_id, v.vec, p.end - p.start FROM passages p"
                        " JOIN passage_vectors v ON v.passage_id = p.id ORDER BY p.source_id, p.id")


def source_texts(conn: sqlite3.Connection) -> Iterable[tuple[int, str]]:
    """(id, text) of every source, by id, streamed (one text in memory at a time)."""
    return conn.execute("SELECT id, text FROM sources ORDER BY id")


def iter_signatures(conn: sqlite3.Connection, chunk: int = 50_000) -> Iterator[tuple[int, bytes]]:
    """(source id, signature) of every passage, by passage id, read ``chunk`` rows at a time."""
    cur = conn.execute("SELECT source_id, sig FROM passage_sigs")
    while True:
        rows = cur.fetchmany(chunk)
        if not rows:
            return
        yield from rows


def source_passage_vectors(conn: sqlite3.Connection, source_id: int) -> list[bytes]:
    """The vector blobs of one source's passages, in text order."""
    return [r[0] for r in conn.execute(
        "SELECT v.vec FROM passages p JOIN passage_vectors v ON v.passage_id = p.id"
        " WHERE p.source_id = ? ORDER BY p.start", (source_id,))]


# -- the coarse index (inverted lists) of :mod:`workbench.evidence.ann` ---------------------------
# Derived data, created on demand (no migration): a workspace without these tables is searched by
# the full scan, and dropping them loses nothing but speed.

_ANN_TABLES = (
    "CREATE TABLE IF NOT EXISTS passage_centroids (list INTEGER PRIMARY KEY, centroid BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS passage_lists (passage_id INTEGER PRIMARY KEY"
    " REFERENCES passages(id) ON DELETE CASCADE, list INTEGER NOT NULL)",
)


def _has_ann(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'passage_centroids'").fetchone() is not None


def centroids(conn: sqlite3.Connection) -> list[bytes]:
    """The float32 centroid blobs, by list number ([] when the index was never trained)."""
    if not _has_ann(conn):
        return []
    return [r[0] for r in conn.execute("SELECT centroid FROM passage_centroids ORDER BY list")]


def store_centroids(conn: sqlite3.Connection, blobs: Sequence[bytes]) -> None:
    """Replace the centroids (every passage's list is forgotten: reassign them after)."""
    for sql in _ANN_TABLES:
        conn.execute(sql)
    conn.execute("DELETE FROM passage_centroids")
    conn.execute("DELETE FROM passage_lists")
    conn.executemany("INSERT INTO passage_centroids (list, centroid) VALUES (?, ?)", list(enumerate(blobs)))


def store_lists(conn: sqlite3.Connection, rows: Iterable[tuple[int, int]]) -> None:
    """(passage id, list number) rows."""
    conn.executemany("INSERT OR REPLACE INTO passage_lists (passage_id, list) VALUES (?, ?)", list(rows))


def list_state(conn: sqlite3.Connection) -> tuple[int, int]:
    """(count, max passage id) of the list assignments: a cache of them is current while this is."""
    if not _has_ann(conn):
        return 0, 0
    return _state(conn, "passage_lists")


def lists_of(conn: sqlite3.Connection) -> list[tuple[int, int]]:
    """(passage id, list number) of every assigned passage, by passage id."""
    if not _has_ann(conn):
        return []
    return conn.execute("SELECT passage_id, list FROM passage_lists ORDER BY passage_id").fetchall()


def unassigned_vectors(conn: sqlite3.Connection, after_id: int = 0, limit: int = 20_000) -> list[tuple[int, bytes]]:
    """(passage id, vector blob) of up to ``limit`` passages above ``after_id`` that have a vector
    and no list, by id (call again with the last id to page on)."""
    if not _has_ann(conn):
        return []
    return conn.execute("SELECT v.passage_id, v.vec FROM passage_vectors v WHERE v.passage_id > ? AND NOT EXISTS"
                        " (SELECT 1 FROM passage_lists l WHERE l.passage_id = v.passage_id)"
                        " ORDER BY v.passage_id LIMIT ?", (after_id, limit)).fetchall()


def sample_vectors(conn: sqlite3.Connection, n: int, seed: int = 11) -> list[bytes]:
    """About ``n`` vector blobs spread evenly over the passage ids (for training the centroids):
    every k-th rowid, read by primary key, not a scan of the table."""
    row = conn.execute("SELECT min(passage_id), max(passage_id), count(*) FROM passage_vectors").fetchone()
    lo, hi, count = (int(x or 0) for x in row)
    if not count:
        return []
    step = max(1, (hi - lo + 1) // max(1, n))
    ids = list(range(lo + seed % step, hi + 1, step))
    return list(vectors_for(conn, ids).values())
