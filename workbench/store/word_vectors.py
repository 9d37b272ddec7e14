"""Word vectors: the SQL side of the word alignment of :mod:`workbench.evidence.align`.

One table, ``word_vectors(word, vec)``: a folded word and its quantised sentence-encoder vector
(516 bytes, the format of :func:`workbench.evidence.encoder.quantise`).  Derived data, created on
demand (no migration): a word is encoded the first time a query needs it and kept, so the next
query (in any process) reads it instead of running the encoder.  Dropping the table loses nothing
but speed.  A read-only or busy workspace is read as it is and written to never.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .workspace import Workspace

CHUNK = 500  # words per IN (...) list
_INSERT = "INSERT OR IGNORE INTO word_vectors (word, vec) VALUES (?, ?)"
_TABLE = "CREATE TABLE IF NOT EXISTS word_vectors (word TEXT PRIMARY KEY, vec BLOB NOT NULL) WITHOUT ROWID"


def _has_table(ws: Workspace) -> bool:
    return ws.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'word_vectors'").fetchone() is not None


def word_vectors(ws: Workspace, words: Sequence[str]) -> dict[str, bytes]:
    """{word: vector blob} of the ``words`` stored so far (none before the table exists)."""
    if not words or not _has_table(ws):
        return {}
    out: dict[str, bytes] = {}
    ids = list(words)
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i:i + CHUNK]
        out.update(ws.conn.execute(
            f"SELECT word, vec FROM word_vectors WHERE word IN ({','.join('?' * len(chunk))})", chunk).fetchall())
    return out


def store_word_vectors(ws: Workspace, rows: Iterable[tuple[str, bytes]]) -> bool:
    """Keep (word, vector blob) rows; False when the workspace cannot be written now (read-only,
    or another process holds the write lock: a query never waits for an indexer to keep a cache).
    Inside an open transaction the rows join it."""
    from .vectors import write_if_free

    rows = list(rows)
    if not rows or getattr(ws, "readonly", False):
        return False

    def write() -> None:
        ws.conn.execute(_TABLE)
        ws.conn.executemany(_INSERT, rows)

    return write_if_free(ws.conn, write)


def word_vector_count(ws: Workspace) -> int:
    return int(ws.conn.execute("SELECT count(*) FROM word_vectors").fetchone()[0]) if _has_table(ws) else 0
