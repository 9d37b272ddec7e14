"""The SQL side of the passage index (:mod:`workbench.evidence.passages` computes what a passage
holds; this module reads and writes the ``passages`` table, its external-content FTS table
``passages_fts`` and, through :mod:`.vectors`, the passage vectors).

Functions take the connection (``ws.conn``), like :mod:`.vectors`: the evidence layer calls them
and never runs SQL itself.  Writes happen inside the caller's transaction (``ws.tx()``).

Candidate retrieval for corroboration lives here too: :func:`lexical_candidates` (an FTS query,
ranked by the IDF of the tokens each passage holds, capped) and :func:`passage_rows` (the rows of passages proposed by dense retrieval),
so the ranking code receives rows and never scans the table.
"""

from __future__ import annotations

import heapq
import sqlite3
from collections.abc import Iterable, Iterator, Sequence

from .query import fts_quote
from .vectors import passage_ids_of_source, store_document_vectors, store_vectors

# start, end, ents, nums+dates, terms
IndexRow = tuple[int, int, str, str, str]

_CANDIDATE_SELECT = ("SELECT p.id, p.source_id, p.start, p.end, p.ents, p.nums, p.terms,"
                     " substr(s.text, p.start + 1, p.end - p.start) AS text, s.lang, s.title")


def replace_passages(conn: sqlite3.Connection, source_id: int, rows: Sequence[IndexRow],
                     vectors: Sequence[tuple[bytes, bytes]], document_vector: bytes | None = None) -> int:
    """Replace the passages of one source by ``rows`` (with their FTS rows and their (vector,
    signature) pairs, in the order of ``rows``), and its document vector (dropped with the old
    passages, by trigger).  Returns the passage count."""
    conn.execute("DELETE FROM passages WHERE source_id = ?", (source_id,))
    conn.executemany("INSERT INTO passages (source_id, start, end, ents, nums, terms) VALUES (?, ?, ?, ?, ?, ?)",
                     [(source_id, s, e, ents, nums, terms) for s, e, ents, nums, terms in rows])
    # the FTS rows of the new passages, in one statement (schema v3 has no per-row insert trigger)
    conn.execute("INSERT INTO passages_fts (rowid, ents, nums, terms)"
                 " SELECT id, ents, nums, terms FROM passages WHERE source_id = ?", (source_id,))
    pids = passage_ids_of_source(conn, source_id)
    store_vectors(conn, [(pid, source_id, v, g) for pid, (v, g) in zip(pids, vectors)])
    if document_vector is not None and rows:
        store_document_vectors(conn, [(source_id, document_vector)])
    return len(rows)


def delete_passages(conn: sqlite3.Connection, source_id: int | None = None) -> None:
    """Forget one source's passages (or every passage, ``source_id`` None)."""
    if source_id is None:
        conn.execute("DELETE FROM passages")
        _CHECKED.pop(id(conn), None)  # the next check reads everything
    else:
        conn.execute("DELETE FROM passages WHERE source_id = ?", (source_id,))
        _DROPPED.setdefault(id(conn), set()).add(source_id)


# id(conn) -> (conn, what the workspace looked like at its last full check); holding the
# connection keeps its id from being reused by a new one while the entry lives
_CHECKED: dict[int, tuple[sqlite3.Connection, tuple[int, int, int]]] = {}
_DROPPED: dict[int, set[int]] = {}  # id(conn) -> sources whose passages it dropped since


def _sources_state(conn: sqlite3.Connection) -> tuple[int, int, int]:
    """(data_version, source count, highest source id): three cheap reads (the count is kept by
    triggers in ``row_counts``)."""
    version = int(conn.execute("PRAGMA data_version").fetchone()[0])
    row = conn.execute("SELECT n FROM row_counts WHERE name = 'sources'").fetchone()
    top = conn.execute("SELECT max(id) FROM sources").fetchone()[0]
    return version, int(row[0]) if row else -1, int(top or 0)


def sources_without_passages(conn: sqlite3.Connection) -> list[int]:
    """Ids of the sources with text and no passages, ascending.

    Every corroboration query asks, so the answer must not read every source (at 100k sources
    that costs seconds).  The full check runs on a connection's first call, and again whenever
    another connection has committed (``PRAGMA data_version``) or the sources were added or
    removed since (their count or highest id moved).  Otherwise the sources' set is as it was,
    and only the sources whose passages this connection dropped (:func:`delete_passages`) can
    have lost them: only those are looked at."""
    key = id(conn)
    state = _sources_state(conn)
    seen = _CHECKED.get(key)
    if seen is None or seen[0] is not conn or seen[1] != state:
        ids = [r[0] for r in conn.execute(
            "SELECT s.id FROM sources s WHERE s.chars > 0 AND NOT EXISTS"
            " (SELECT 1 FROM passages p WHERE p.source_id = s.id) ORDER BY s.id")]
        if len(_CHECKED) > 64:
            _CHECKED.clear()
            _DROPPED.clear()
        _CHECKED[key] = (conn, state)
        _DROPPED[key] = set(ids)  # looked at again next time, until indexed
        return ids
    out = []
    for sid in sorted(_DROPPED.get(key, set())):
        if conn.execute("SELECT 1 FROM passages WHERE source_id = ?", (sid,)).fetchone() is None and \
                conn.execute("SELECT 1 FROM sources WHERE id = ? AND chars > 0", (sid,)).fetchone() is not None:
            out.append(sid)
    _DROPPED[key] = set(out)
    return out


def text_chars(conn: sqlite3.Connection, source_ids: Iterable[int]) -> int:
    """Total characters of the texts of ``source_ids`` (one indexed lookup each)."""
    total = 0
    for sid in source_ids:
        row = conn.execute("SELECT chars FROM sources WHERE id = ?", (sid,)).fetchone()
        total += int(row[0]) if row else 0
    return total


def texts_of(conn: sqlite3.Connection, source_ids: Iterable[int]) -> Iterator[tuple[int, str]]:
    """(id, text) of each of ``source_ids`` that exists, one text in memory at a time."""
    for sid in source_ids:
        row = conn.execute("SELECT text FROM sources WHERE id = ?", (sid,)).fetchone()
        if row is not None:
            yield sid, row[0]


def all_source_ids(conn: sqlite3.Connection) -> list[int]:
    return [r[0] for r in conn.execute("SELECT id FROM sources ORDER BY id")]


def passage_ents(conn: sqlite3.Connection, source_id: int) -> list[tuple[int, int, int, str]]:
    """(passage id, start, end, ents column) of one source's passages."""
    return [(r[0], r[1], r[2], r[3]) for r in conn.execute(
        "SELECT id, start, end, ents FROM passages WHERE source_id = ?", (source_id,))]


def set_passage_ents(conn: sqlite3.Connection, updates: Iterable[tuple[str, int]]) -> None:
    """(new ents column, passage id) pairs (the FTS row follows through the update trigger)."""
    conn.executemany("UPDATE passages SET ents = ? WHERE id = ?", list(updates))


def passage_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM passages").fetchone()[0])


def passage_id_bound(conn: sqlite3.Connection) -> int:
    """The largest passage id (a cheap upper bound of their count: no scan), at least 1."""
    return max(1, int(conn.execute("SELECT max(id) FROM passages").fetchone()[0] or 1))


def covering_passages(conn: sqlite3.Connection, source_id: int, start: int, end: int) -> list[tuple[int, int, int]]:
    """(id, start, end) of the source's passages that overlap [start, end), in text order."""
    return [(r[0], r[1], r[2]) for r in conn.execute(
        "SELECT id, start, end FROM passages WHERE source_id = ? AND start < ? AND end > ? ORDER BY start",
        (source_id, end, start))]


POSTING_BUDGET = 10_000  # index entries one lexical query may read (bm25, which ranked them until session 16,
                         # cost 20-30 us a row at 2M passages).  With the seeds among the 5,337-article corpus, 10,000 gave
                         # the same eval figures as 40,000 (5,000: one source less covered); at 100,000
                         # synthetic articles corroborate went from 501 / 593 ms (median / p95) to 298 / 440


def within_budget(tokens: Sequence[str], df: dict[str, int], budget: int = POSTING_BUDGET) -> list[str]:
    """The rarest of ``tokens`` whose document frequencies add up to at most ``budget`` (at least
    one token).  The query reads every passage that holds any query token, so its cost is the
    sum of its tokens' frequencies: capped here, it stays the same at 2M passages as at 100,000,
    and the tokens left out are the common ones, which weigh least anyway (lowest IDF).  In
    a workspace under the budget nothing is left out."""
    out: list[str] = []
    total = 0
    for t in sorted(tokens, key=lambda t: df.get(t, 0)):
        total += df.get(t, 0)
        if out and total > budget:
            break
        out.append(t)
    keep = set(out)
    return [t for t in tokens if t in keep]


def lexical_candidates(conn: sqlite3.Connection, tokens: Sequence[str], limit: int,
                       exclude_source: int | None = None,
                       weights: dict[str, float] | None = None) -> list[sqlite3.Row]:
    """Rows (see :data:`_CANDIDATE_SELECT`) of the ``limit`` passages that best match any of
    ``tokens``, leaving out ``exclude_source``'s passages.  The FTS index finds them: no scan of
    the table (keep the tokens :func:`within_budget`).

    Ranked by the sum of the ``weights`` of the tokens each passage holds (the caller's IDF; by
    default 1), times the weight of the token's column (entity / name 4, numbers and dates 3,
    terms 1, as ``bm25(4.0, 3.0, 1.0)`` weighs them), best first, ties by passage id.  Each token
    is one read of its posting list (rowids only); FTS5's bm25 over the same postings read every
    match's position lists and column sizes, about 7 us a match at 2.18M passages (50 ms a query
    at the budget).  The sums and the ranking are made by SQLite in one statement: stepping through
    every posting from Python released and took back the GIL once a row, and corroborate's signature
    scan, which runs beside this in the main thread, waited for it (:func:`_token_scores`)."""
    if not tokens:
        return []
    weighted = [((weights or {}).get(t, 1.0) * _COLUMN_WEIGHT.get(t[:1], 1.0), t) for t in tokens]
    cur = conn.cursor()
    cur.row_factory = None
    chunks = [weighted[i:i + _TOKENS_PER_STATEMENT] for i in range(0, len(weighted), _TOKENS_PER_STATEMENT)]
    if len(chunks) == 1:
        best = _token_scores(cur, chunks[0], limit)
    else:  # a long selection: partial sums per chunk, added here
        score: dict[int, float] = {}
        for chunk in chunks:
            for rid, s in _token_scores(cur, chunk, None):
                score[rid] = score.get(rid, 0.0) + s
        best = heapq.nsmallest(limit, score.items(), key=lambda kv: (-round(kv[1], 9), kv[0]))
    rows = {r["id"]: r for r in passage_rows(conn, [rid for rid, _ in best])}
    skip = -1 if exclude_source is None else exclude_source
    return [rows[rid] for rid, _ in best if rid in rows and rows[rid]["source_id"] != skip]


_TOKENS_PER_STATEMENT = 200  # posting lists summed in one statement (SQLite allows 500 terms in a compound SELECT)


def _token_scores(cur: sqlite3.Cursor, weighted: Sequence[tuple[float, str]],
                  limit: int | None) -> list[tuple[int, float]]:
    """[(passage rowid, sum of the weights of the tokens it holds)] over the posting lists of
    ``weighted`` ([(weight, token)]), best first and the ``limit`` best when a limit is given (ties
    by rowid; sums equal to 9 decimals are ties, whatever order SQLite added them in)."""
    union = " UNION ALL ".join(["SELECT rowid AS r, ? AS w FROM passages_fts WHERE passages_fts MATCH ?"] * len(weighted))
    sql = f"SELECT r, sum(w) AS s FROM ({union}) GROUP BY r"
    params: list[object] = [x for w, t in weighted for x in (w, fts_quote(t))]
    if limit is not None:
        sql += " ORDER BY round(s, 9) DESC, r LIMIT ?"
        params.append(limit)
    return cur.execute(sql, params).fetchall()


# the column of an index token by its first letter (passages.features): entities and names, numbers
# and dates, terms
_COLUMN_WEIGHT = {"e": 4.0, "k": 4.0, "n": 3.0, "y": 3.0, "m": 3.0, "d": 3.0, "t": 1.0}


def passage_rows(conn: sqlite3.Connection, passage_ids: Sequence[int]) -> list[sqlite3.Row]:
    """Rows (as :func:`lexical_candidates`) of the given passages, by primary key."""
    out: list[sqlite3.Row] = []
    ids = list(passage_ids)
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        m = ",".join("?" * len(chunk))
        out.extend(_rows(conn, f"{_CANDIDATE_SELECT} FROM passages p JOIN sources s ON s.id = p.source_id"
                               f" WHERE p.id IN ({m})", chunk))
    return out


def _rows(conn: sqlite3.Connection, sql: str, params: Sequence[object]) -> list[sqlite3.Row]:
    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    return cur.execute(sql, params).fetchall()
