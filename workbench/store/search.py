"""What search needs beyond the ``MATCH``: the index's vocabulary (for ``term~`` and "did you mean"),
and entity aliases (for widening a name to every spelling the workspace knows)."""

from __future__ import annotations

import sqlite3
from typing import Any

from ..errors import QueryError
from ..textutil import fold_for_match
from .query import ParsedQuery, parse

# an edit-distance term expands to at most this many indexed words (the closest, then the commonest)
MAX_FUZZY_TERMS = 40
# a word names at most this many entities by their surname before alias widening gives up on it
MAX_ALIAS_ENTITIES = 3


class SearchMixin:
    conn: sqlite3.Connection
    _vocab: tuple[Any, dict[int, list[str]]] | None = None

    # -- the index's vocabulary --------------------------------------------------------------
    def _vocab_by_length(self) -> dict[int, list[str]]:
        """Every word in the full-text index, grouped by length.  Read once through an ``fts5vocab``
        table and kept until the index changes (this connection's writes or another's commits)."""
        key = (self.conn.execute("PRAGMA data_version").fetchone()[0], self.conn.total_changes)
        if self._vocab is not None and self._vocab[0] == key:
            return self._vocab[1]
        self._vocab_table()
        by_len: dict[int, list[str]] = {}
        for (term,) in self.conn.execute("SELECT term FROM temp.sources_vocab"):
            by_len.setdefault(len(term), []).append(term)
        # creating the temp table counts as a change: read the key after it
        self._vocab = ((self.conn.execute("PRAGMA data_version").fetchone()[0], self.conn.total_changes), by_len)
        return by_len

    def _vocab_table(self) -> None:
        self.conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.sources_vocab"
                          " USING fts5vocab(main, 'sources_fts', 'row')")

    def _doc_counts(self, terms: list[str]) -> dict[str, int]:
        if not terms:
            return {}
        self._vocab_table()
        marks = ",".join("?" * len(terms))
        return dict(self.conn.execute(f"SELECT term, doc FROM temp.sources_vocab WHERE term IN ({marks})", terms))

    def similar_words(self, word: str, distance: int = 2, limit: int = MAX_FUZZY_TERMS) -> list[str]:
        """Indexed words within ``distance`` edits (Levenshtein) of ``word`` (folded), closest first,
        then the ones in most sources."""
        from rapidfuzz.distance import Levenshtein
        from rapidfuzz.process import extract

        word = fold_for_match(word)
        by_len = self._vocab_by_length()
        found: list[tuple[str, int]] = []
        for n in range(max(1, len(word) - distance), len(word) + distance + 1):
            terms = by_len.get(n)
            if terms:
                found += [(t, int(d)) for t, d, _ in extract(word, terms, scorer=Levenshtein.distance,
                                                             score_cutoff=distance, limit=None)]
        if len(found) > limit:
            found.sort(key=lambda td: td[1])
            found = found[:limit * 2]
        docs = self._doc_counts([t for t, _ in found])
        found.sort(key=lambda td: (td[1], -docs.get(td[0], 0), td[0]))
        return [t for t, _ in found[:limit]]

    # -- aliases -------------------------------------------------------------------------------
    def alias_forms(self, text: str) -> list[str] | None:
        """Every alias of the live entity that ``text`` names: by an alias (same normalised key),
        else by the last word of aliases (a surname: ``Babushkin`` for "Igor Babushkin") when that
        picks out at most :data:`MAX_ALIAS_ENTITIES` entities.  ``None`` when it names none."""
        from ..nlp.resolve import name_key

        key = name_key(text)
        if not key:
            return None
        ids = [r[0] for r in self.conn.execute(
            "SELECT DISTINCT a.entity_id FROM aliases a JOIN entities e ON e.id = a.entity_id"
            " WHERE a.key = ? AND e.status != 'rejected'", (key,))]
        if not ids and " " not in text.strip():
            word = text.strip()
            # an alias that ends in the word: LIKE narrows (ASCII case-insensitively), the key decides
            rows = self.conn.execute(
                "SELECT DISTINCT a.entity_id, a.alias FROM aliases a JOIN entities e ON e.id = a.entity_id"
                " WHERE a.alias LIKE ? ESCAPE '\\' AND e.status != 'rejected'",
                ("% " + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"),)).fetchall()
            ids = sorted({eid for eid, alias in rows if name_key(alias.split()[-1]) == key})
            if len(ids) > MAX_ALIAS_ENTITIES:
                return None
        if not ids:
            return None
        marks = ",".join("?" * len(ids))
        names = [a for (a,) in self.conn.execute(
            f"SELECT DISTINCT alias FROM aliases WHERE entity_id IN ({marks}) ORDER BY alias", ids)]
        return names

    # -- parsing -------------------------------------------------------------------------------
    def parse_query(self, query: str, *, aliases: bool = False) -> ParsedQuery:
        """The FTS5 expression for what the user typed (see :mod:`workbench.store.query`)."""
        if not query or not query.strip():
            raise QueryError("empty search query")
        if len(query) > 2000:
            raise QueryError("search query too long (over 2000 characters)")
        try:
            return parse(query, fuzzy=self.similar_words, aliases=self.alias_forms if aliases else None)
        except QueryError as exc:
            shown = query if len(query) <= 60 else query[:57] + "..."
            raise QueryError(f"invalid search query {shown!r}: {exc}") from None

    def suggest(self, query: str, limit: int = 3) -> list[str]:
        """Queries like ``query`` with one misspelt word replaced by a close indexed word, that find
        something ("did you mean Babuschkin?"), best first.  Empty when nothing close helps."""
        try:
            parsed = self.parse_query(query)
        except QueryError:
            return []
        out: list[str] = []
        for (start, end), words in parsed.plain:
            if len(words) != 1 or len(words[0]) < 3 or words[0].isdigit():
                continue
            word = words[0]
            if self._doc_counts([word]).get(word):
                continue  # in the index: not the misspelt one
            for cand in self.similar_words(word, 1 if len(word) < 6 else 2, limit=5):
                fixed = query[:start] + cand + query[end:]
                if fixed not in out and self._has_hits(fixed):
                    out.append(fixed)
                    break
            if len(out) >= limit:
                break
        return out

    def _has_hits(self, query: str) -> bool:
        try:
            fts = self.parse_query(query).fts
            return self.conn.execute("SELECT 1 FROM sources_fts WHERE sources_fts MATCH ? LIMIT 1",
                                     (fts,)).fetchone() is not None
        except (QueryError, sqlite3.Error):
            return False
