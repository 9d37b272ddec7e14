"""The SQL that corroboration (:mod:`workbench.evidence.corroborate`) needs, so that the evidence
layer runs none itself: passage spans, the lexical passage index (FTS5 over entity / number /
term keys, with its document frequencies), live entity mentions, linked claims and entity names.
Read-only; every function takes the workspace."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, TypeVar

from . import passages

if TYPE_CHECKING:
    from .side import Reader
    from .workspace import Workspace

T = TypeVar("T")

CHUNK = 500  # ids per IN (...) list

_PASSAGE_SELECT = ("SELECT p.id, p.source_id, p.start, p.end, p.ents, p.nums, p.terms,"
                   " substr(s.text, p.start + 1, p.end - p.start) AS text, s.lang, s.title")


def _chunks(ids: Sequence[int] | Sequence[str]) -> Iterable[list]:
    for i in range(0, len(ids), CHUNK):
        yield list(ids[i:i + CHUNK])


def _marks(chunk: list) -> str:
    return ",".join("?" * len(chunk))


def passages_around(ws: Workspace, source_id: int, start: int, end: int) -> tuple[int, int] | None:
    """(first start, last end) of the passages of ``source_id`` that overlap ``start..end``."""
    row = ws.conn.execute("SELECT min(start), max(end) FROM passages WHERE source_id = ? AND start < ? AND end > ?",
                          (source_id, end, start)).fetchone()
    if row and row[0] is not None:
        return int(row[0]), int(row[1])
    return None


def passage_spans(ws: Workspace, source_id: int, start: int, end: int) -> list[tuple[int, int, int]]:
    """(id, start, end) of the passages of ``source_id`` that overlap ``start..end``, in text order."""
    return passages.covering_passages(ws.conn, source_id, start, end)



def source_passage_ids(ws: Workspace, source_ids: Sequence[int]) -> dict[int, list[int]]:
    """{source id: ids of its passages} (by the passages_source index: a few rows a source)."""
    out: dict[int, list[int]] = {}
    for chunk in _chunks(list(source_ids)):
        for pid, sid in ws.conn.execute(f"SELECT id, source_id FROM passages WHERE source_id IN ({_marks(chunk)})",
                                        chunk):
            out.setdefault(sid, []).append(pid)
    return out


def source_vector_rows(ws: Workspace, source_ids: Sequence[int]) -> list[tuple[int, bytes, int]]:
    """(source id, passage vector blob, passage length) of every indexed passage of ``source_ids``,
    grouped by source (the rows of a document vector, :func:`..evidence.duplicates.document_vectors`)."""
    out: list[tuple[int, bytes, int]] = []
    for chunk in _chunks(sorted(set(source_ids))):
        out.extend(ws.conn.execute(
            f"SELECT p.source_id, v.vec, p.end - p.start FROM passages p JOIN passage_vectors v ON v.passage_id = p.id"
            f" WHERE p.source_id IN ({_marks(chunk)}) ORDER BY p.source_id, p.start", chunk).fetchall())
    return out


def document_vectors(ws: Workspace, source_ids: Sequence[int]) -> dict[int, bytes]:
    """{source id: stored document vector blob} (:mod:`.vectors`)."""
    from .vectors import document_vectors_for

    return document_vectors_for(ws.conn, source_ids)


def data_version(ws: Workspace) -> int:
    from .vectors import data_version

    return data_version(ws.conn)


def keep_document_vectors(ws: Workspace, rows: Sequence[tuple[int, bytes]], computed_at: int) -> bool:
    """Keep document vectors a query computed, if the workspace can be written at once and nothing
    was committed elsewhere since ``computed_at`` (:func:`data_version` before their passages were read)."""
    from .vectors import store_document_vectors

    if getattr(ws, "readonly", False):
        return False
    return store_document_vectors(ws.conn, rows, wait=False, computed_at=computed_at)


def beside(ws: Workspace, fn: Callable[[Workspace | Reader], T]) -> Callable[[], T]:
    """Run ``fn`` on a read-only connection of its own in a worker thread while the caller goes on
    (:func:`.side.beside`); the function returned waits for its result.  ``fn`` may call only the
    read functions here that accept a ``Reader``."""
    from .side import beside as run_beside

    return run_beside(ws, fn)


def passage_id_bound(ws: Workspace | Reader) -> int:
    """The largest passage id (a cheap upper bound of their count), at least 1."""
    return passages.passage_id_bound(ws.conn)



def term_doc_freqs(ws: Workspace | Reader, tokens: Sequence[str]) -> dict[str, int]:
    """{token: number of passages holding it} from the FTS5 vocabulary (tokens in none left out)."""
    if not tokens:
        return {}
    ws.conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.passages_vocab USING fts5vocab(main, passages_fts, row)")
    out: dict[str, int] = {}
    for chunk in _chunks(tokens):
        out.update(dict(ws.conn.execute(
            f"SELECT term, doc FROM temp.passages_vocab WHERE term IN ({_marks(chunk)})", chunk).fetchall()))
    return out


def lexical_candidates(ws: Workspace | Reader, tokens: Sequence[str], limit: int, exclude_source: int,
                       weights: dict[str, float] | None = None) -> list[sqlite3.Row]:
    """Passages of other sources holding any of ``tokens``, best first by the ``weights`` of the
    tokens they hold (see :func:`.passages.lexical_candidates`)."""
    return passages.lexical_candidates(ws.conn, tokens, limit, exclude_source, weights)



def passages_by_id(ws: Workspace, ids: Sequence[int]) -> list[sqlite3.Row]:
    """The rows of :func:`lexical_candidates` for the passages ``ids``."""
    return passages.passage_rows(ws.conn, ids)



SPAN_CHUNK = 250  # spans per query (4 parameters each)


def span_entities(ws: Workspace, spans: Sequence[tuple[int, int, int]]) -> list[set[int]]:
    """The ids of the entities (not rejected) with a mention inside each (source id, start, end)
    span, in the order given.  Each span is one range walk of the mentions' (source, start) index,
    so the cost follows the mentions inside the spans, not every mention of their sources."""
    out: list[set[int]] = [set() for _ in spans]
    for i in range(0, len(spans), SPAN_CHUNK):
        chunk = spans[i:i + SPAN_CHUNK]
        values = ",".join("(?,?,?,?)" for _ in chunk)
        params = [x for k, (sid, a, b) in enumerate(chunk, start=i) for x in (k, sid, a, b)]
        for k, eid in ws.conn.execute(
                f"WITH sp(k, sid, a, b) AS (VALUES {values})"
                " SELECT sp.k, m.entity_id FROM sp JOIN mentions m ON m.source_id = sp.sid AND m.start >= sp.a"
                " AND m.start < sp.b AND m.end <= sp.b JOIN entities x ON x.id = m.entity_id"
                " WHERE x.status != 'rejected'", params):
            out[k].add(eid)
    return out


def claim_spans(ws: Workspace, claim_ids: Sequence[str]) -> list[tuple[int, int, int]]:
    """(source id, start, end) of the claims ``claim_ids``."""
    out: list[tuple[int, int, int]] = []
    for chunk in _chunks(list(claim_ids)):
        out += [(int(r[0]), int(r[1]), int(r[2])) for r in ws.conn.execute(
            f"SELECT source_id, start, end FROM claims WHERE id IN ({_marks(chunk)})", chunk)]
    return out


def entity_names(ws: Workspace, ids: Sequence[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for chunk in _chunks(list(ids)):
        out.update(dict(ws.conn.execute(f"SELECT id, name FROM entities WHERE id IN ({_marks(chunk)})",
                                        chunk).fetchall()))
    return out


def passage_keys(ws: Workspace) -> Iterable[tuple[int, str, str, str]]:
    """(source id, ents, nums, terms) of every passage: for whole-source vectors."""
    return ws.conn.execute("SELECT source_id, ents, nums, terms FROM passages")


# -- thin wrappers over the owners of these tables, so the evidence layer never holds a connection --

def vectors(ws: Workspace, passage_ids: Sequence[int]) -> dict[int, bytes]:
    """{passage id: quantised vector blob} (:mod:`.vectors`)."""
    from .vectors import vectors_for

    return vectors_for(ws.conn, passage_ids)


def signature_state(ws: Workspace) -> tuple[int, int]:
    from . import vectors

    return vectors.signature_state(ws.conn)


def signatures_since(ws: Workspace, after_id: int = 0) -> list[tuple[int, int, bytes]]:
    from . import vectors

    return vectors.signatures_since(ws.conn, after_id)


def publication_dates(ws: Workspace, source_ids: Iterable[int]) -> dict[int, str]:
    """{source id: publication date} (:mod:`.origins`)."""
    from .origins import source_dates

    return source_dates(ws.conn, source_ids)


def corroborating_spans(ws: Workspace, claim_id: str) -> list[tuple[int, int, int]]:
    """(source id, start, end) of the claims linked to ``claim_id`` as corroborating (:mod:`.origins`)."""
    from .origins import linked_claim_spans

    return linked_claim_spans(ws.conn, claim_id, "corroborates")


def sources_sharing_rare_names(ws: Workspace, source_id: int, others: Sequence[int], rare: float,
                               floor: int) -> set[int] | None:
    """Which of ``others`` name at least one entity (not rejected) that ``source_id`` names too and that
    few sources name: at most ``floor`` sources, or ``rare`` of the workspace's sources when that is more.
    None when ``source_id`` names no such entity (nothing to tell stories apart by).  Two indexed reads:
    the claim's article's mentions, then those entities' mentions in ``others``."""
    row = ws.conn.execute("SELECT n FROM row_counts WHERE name = 'sources'").fetchone()
    most = max(floor, int(rare * (int(row[0]) if row else 0)))
    mine = [int(r[0]) for r in ws.conn.execute(
        "SELECT DISTINCT m.entity_id FROM mentions m JOIN entities e ON e.id = m.entity_id"
        " WHERE m.source_id = ? AND e.status != 'rejected' AND e.n_sources <= ?", (source_id, most))]
    if not mine:
        return None
    found: set[int] = set()
    want = sorted(set(others))
    for chunk in _chunks(mine):
        for part in _chunks(want):
            found.update(int(r[0]) for r in ws.conn.execute(
                f"SELECT DISTINCT source_id FROM mentions WHERE entity_id IN ({_marks(chunk)})"
                f" AND source_id IN ({_marks(part)})", [*chunk, *part]))
    return found
