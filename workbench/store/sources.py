"""Sources (articles) and full-text search over them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from ..errors import NotFound
from .db import inserted_id, stored_path, utcnow
from .history import HistoryMixin
from .models import SearchHit, Source
from .search import SearchMixin, hit_rows, ranked_ids, search_rows
from .snippets import hit_offsets

_SOURCE_COLS = ("id, title, outlet, lang, chars, sha256, path, lang_detected, added_at, url, author, published_at,"
                " captured_at, (SELECT count(*) FROM source_pages p WHERE p.source_id = sources.id) AS pages")


def _source(row: sqlite3.Row, claims: int = 0) -> Source:
    return Source(id=row["id"], title=row["title"], outlet=row["outlet"], lang=row["lang"],
                  chars=row["chars"], sha256=row["sha256"], path=row["path"],
                  lang_detected=row["lang_detected"], added_at=row["added_at"], claims=claims, url=row["url"],
                  author=row["author"], published_at=row["published_at"], captured_at=row["captured_at"],
                  pages=row["pages"])


class SourcesMixin(HistoryMixin, SearchMixin):
    # -- reading ---------------------------------------------------------------------------
    def list_sources(self) -> list[Source]:
        counts = dict(self.conn.execute("SELECT source_id, count(*) FROM claims GROUP BY source_id").fetchall())
        rows = self.conn.execute(f"SELECT {_SOURCE_COLS} FROM sources ORDER BY id").fetchall()
        return [_source(r, counts.get(r["id"], 0)) for r in rows]

    def source_count(self) -> int:
        """From ``row_counts`` (kept by triggers), not by counting rows."""
        row = self.conn.execute("SELECT n FROM row_counts WHERE name = 'sources'").fetchone()
        return int(row[0]) if row else self.conn.execute("SELECT count(*) FROM sources").fetchone()[0]

    def sources_page(self, offset: int, limit: int) -> list[Source]:
        """Sources ``offset`` .. ``offset + limit`` in id order, with their claim counts: what a
        list shows on screen, read through the primary key (the page's cost, not the workspace's)."""
        rows = self.conn.execute(f"SELECT {_SOURCE_COLS} FROM sources ORDER BY id LIMIT ? OFFSET ?",
                                 (max(0, int(limit)), max(0, int(offset)))).fetchall()
        counts = self.claim_counts([r["id"] for r in rows])
        return [_source(r, counts.get(r["id"], 0)) for r in rows]

    def source_titles(self, ids: list[int]) -> dict[int, str]:
        """Titles of the given sources, by id (for lists of claims: only their sources are read)."""
        out: dict[int, str] = {}
        uniq = list(dict.fromkeys(ids))
        for i in range(0, len(uniq), 500):
            part = uniq[i:i + 500]
            out.update(self.conn.execute(f"SELECT id, title FROM sources WHERE id IN ({','.join('?' * len(part))})",
                                         part).fetchall())
        return out

    def claim_counts(self, source_ids: list[int]) -> dict[int, int]:
        """Claims per source for the given sources (the ``claims_source`` index)."""
        out: dict[int, int] = {}
        for i in range(0, len(source_ids), 500):
            part = source_ids[i:i + 500]
            out.update(self.conn.execute(
                f"SELECT source_id, count(*) FROM claims WHERE source_id IN ({','.join('?' * len(part))})"
                " GROUP BY source_id", part).fetchall())
        return out

    def iter_sources(self, chunk: int = 1000) -> Iterator[Source]:
        """Every source in id order, read a chunk at a time by key (memory stays flat)."""
        last = -(2**63)
        while True:
            rows = self.conn.execute(f"SELECT {_SOURCE_COLS} FROM sources WHERE id > ? ORDER BY id LIMIT ?",
                                     (last, chunk)).fetchall()
            if not rows:
                return
            counts = self.claim_counts([r["id"] for r in rows])
            for r in rows:
                yield _source(r, counts.get(r["id"], 0))
            last = rows[-1]["id"]

    def get_source(self, source_id: int) -> Source:
        if not -(2**63) <= source_id < 2**63:
            raise NotFound(f"no source with id {source_id}")
        row = self.conn.execute(f"SELECT {_SOURCE_COLS} FROM sources WHERE id = ?", (source_id,)).fetchone()
        if row is None:
            raise NotFound(f"no source with id {source_id}")
        n = self.conn.execute("SELECT count(*) FROM claims WHERE source_id = ?", (source_id,)).fetchone()[0]
        return _source(row, n)

    def source_text(self, source_id: int) -> str:
        if not -(2**63) <= source_id < 2**63:
            raise NotFound(f"no source with id {source_id}")
        row = self.conn.execute("SELECT text FROM sources WHERE id = ?", (source_id,)).fetchone()
        if row is None:
            raise NotFound(f"no source with id {source_id}")
        return row[0]

    def source_by_sha(self, sha256: str) -> Source | None:
        row = self.conn.execute(f"SELECT {_SOURCE_COLS} FROM sources WHERE sha256 = ?", (sha256,)).fetchone()
        return _source(row) if row else None

    def sources_by_path(self, path: str) -> list[Source]:
        rows = self.conn.execute(f"SELECT {_SOURCE_COLS} FROM sources WHERE path = ? ORDER BY id",
                                 (stored_path(path),)).fetchall()
        return [_source(r) for r in rows]

    # -- writing (callers wrap these in tx()) ----------------------------------------------
    def insert_source(self, *, sha256: str, path: str, title: str, outlet: str, lang: str,
                      lang_detected: str, text: str) -> int:
        now = utcnow()
        cur = self.conn.execute(
            "INSERT INTO sources (sha256, path, title, outlet, lang, lang_detected, text, chars, added_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (sha256, stored_path(path), title, outlet, lang, lang_detected, text, len(text), now, now),
        )
        return inserted_id(cur)

    def replace_source_text(self, source_id: int, *, sha256: str, title: str, outlet: str,
                            lang: str, lang_detected: str, text: str) -> None:
        """A new version of a source (same path, new text).  Mentions and passages are dropped;
        callers re-run NER and re-anchor claims in the same transaction (corroboration re-indexes
        the passages when it next runs)."""
        from .passages import delete_passages

        self.conn.execute("DELETE FROM mentions WHERE source_id = ?", (source_id,))
        delete_passages(self.conn, source_id)  # recorded: the next corroboration query re-indexes it
        self.conn.execute(
            "UPDATE sources SET sha256 = ?, title = ?, outlet = ?, lang = ?, lang_detected = ?, text = ?,"
            " chars = ?, updated_at = ? WHERE id = ?",
            (sha256, title, outlet, lang, lang_detected, text, len(text), utcnow(), source_id),
        )

    def set_source_lang(self, source_id: int, lang: str) -> None:
        """The user's language override."""
        self.get_source(source_id)
        with self.tx() as c:
            c.execute("UPDATE sources SET lang = ?, updated_at = ? WHERE id = ?", (lang, utcnow(), source_id))
            self.log_action("source.lang", f"source {source_id} language set to {lang}",
                            undoable=False)

    # -- search ----------------------------------------------------------------------------
    def search(self, query: str, limit: int = 20, *, aliases: bool = False) -> list[SearchHit]:
        """Search as a reporter types it (:mod:`workbench.store.query`), best first.  ``aliases``
        widens a word that names an entity to all of its aliases.  Raises :class:`QueryError` with
        one line for a malformed query."""
        fts = self.parse_query(query, aliases=aliases).fts
        return [SearchHit(*row) for row in search_rows(self.conn, fts, limit)]

    def search_newest(self, query: str, limit: int, newest: int, *,
                      aliases: bool = False) -> tuple[list[SearchHit], bool]:
        """:meth:`search` ranking only the ``newest`` most recently added matches (search as you
        type: a two-letter prefix matches nearly every source, and ranking them all takes half a
        second at 100,000): (hits, whether more sources matched than were ranked)."""
        fts = self.parse_query(query, aliases=aliases).fts
        ranked, capped = ranked_ids(self.conn, fts, limit, newest=newest)
        return [SearchHit(*row) for row in hit_rows(self.conn, fts, ranked)], capped

    def search_offsets(self, source_id: int, query: str, *, aliases: bool = False) -> list[tuple[int, int]]:
        """Where the words of ``query`` occur in one source (for marking hits in the reader);
        accent- and case-insensitive like the index, offsets into the stored text."""
        fts = self.parse_query(query, aliases=aliases).fts
        return hit_offsets(self.source_text(source_id), fts)
