"""Passage vectors: the SQL side of the sentence vectors of :mod:`workbench.evidence.encoder`.

Two tables (migration ``_add_passage_vectors``), one row per passage, dropped with it:

* ``passage_vectors(passage_id, vec)`` -- the quantised vector (516 bytes), read for the few
  hundred candidates a query re-ranks;
* ``passage_sigs(passage_id, source_id, sig)`` -- its 64-byte sign signature, all of which a query
  scans (held in memory per process: 64 bytes a passage).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence


def store_vectors(conn: sqlite3.Connection, rows: Iterable[tuple[int, int, bytes, bytes]]) -> None:
    """``rows`` of (passage id, source id, vector blob, signature blob)."""
    rows = list(rows)
    conn.executemany("INSERT OR REPLACE INTO passage_vectors (passage_id, vec) VALUES (?, ?)",
                     [(p, v) for p, _s, v, _g in rows])
    conn.executemany("INSERT OR REPLACE INTO passage_sigs (passage_id, source_id, sig) VALUES (?, ?, ?)",
                     [(p, s, g) for p, s, _v, g in rows])


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


def signature_state(conn: sqlite3.Connection) -> tuple[int, int]:
    """(count, max id) of the signatures: a cache of them is current when this has not changed."""
    row = conn.execute("SELECT count(*), coalesce(max(passage_id), 0) FROM passage_sigs").fetchone()
    return int(row[0]), int(row[1])


def sources_without_vectors(conn: sqlite3.Connection) -> list[int]:
    """Sources whose passages have no vectors (indexed by a version without them)."""
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


def source_passage_vectors(conn: sqlite3.Connection, source_id: int) -> list[bytes]:
    """The vector blobs of one source's passages, in text order."""
    return [r[0] for r in conn.execute(
        "SELECT v.vec FROM passages p JOIN passage_vectors v ON v.passage_id = p.id"
        " WHERE p.source_id = ? ORDER BY p.start", (source_id,))]
