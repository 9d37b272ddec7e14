"""Dates of sources, for marking the earliest source of an origin group (``published_at`` when the
workspace has that column, else ``captured_at`` / ``added_at``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable


def source_dates(conn: sqlite3.Connection, source_ids: Iterable[int]) -> dict[int, str]:
    """{source id: its publication date} for the sources that have one ("" values left out).  Only
    a publication date counts: the time a file was added says nothing about who reported first."""
    cols = {r[1] for r in conn.execute("PRAGMA table_info(sources)")}
    if "published_at" not in cols:
        return {}
    ids = sorted(set(source_ids))
    out: dict[int, str] = {}
    for i in range(0, len(ids), 900):
        chunk = ids[i:i + 900]
        m = ",".join("?" * len(chunk))
        for sid, d in conn.execute(f"SELECT id, published_at FROM sources WHERE id IN ({m})", chunk):
            if d:
                out[sid] = str(d)
    return out


def linked_claim_spans(conn: sqlite3.Connection, claim_id: str, relation: str = "corroborates") -> list[tuple[int, int, int]]:
    """(source id, start, end) of the claims linked to ``claim_id`` with ``relation`` (either way)."""
    return [(r[0], r[1], r[2]) for r in conn.execute(
        "SELECT c.source_id, c.start, c.end FROM claim_links l JOIN claims c"
        " ON c.id = CASE WHEN l.from_claim = ? THEN l.to_claim ELSE l.from_claim END"
        " WHERE (l.from_claim = ? OR l.to_claim = ?) AND l.relation = ?", (claim_id, claim_id, claim_id, relation))]
