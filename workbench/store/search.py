"""Search over the sources: the ranked ``MATCH`` with its snippets, and what it needs beyond the
``MATCH``: the index's vocabulary (for ``term~`` and "did you mean"), and entity aliases (for
widening a name to every spelling the workspace knows).

Imported by a one-shot ``workbench search`` without the rest of the store (see
:mod:`workbench.cli.quick`): nothing here may import the models or the Workspace.
"""

from __future__ import annotations

import heapq
import sqlite3
from operator import itemgetter

from ..errors import QueryError
from ..textutil import fold_for_match
from .query import ParsedQuery, parse
from .schema import SOURCES_FTS_WEIGHTS
from .snippets import Snippets

# a hit: source id, title, lang, snippet, score (bm25, higher is better), marks inside the snippet
HitRow = tuple[int, str, str, str, float, list[tuple[int, int]]]

# an edit-distance term expands to at most this many indexed words (the closest, then the commonest)
MAX_FUZZY_TERMS = 20
# a word names at most this many entities by their surname before alias widening gives up on it
MAX_ALIAS_ENTITIES = 3


# the letters tried for an edit among the first letters of a word (the index folds accents away;
# digits too when the word holds one)
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _after(prefix: str) -> str:
    """The smallest string greater than every string that starts with ``prefix``."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def edit_prefixes(word: str) -> set[str]:
    """The prefixes an indexed word within two edits of ``word`` starts with, when at most one of
    the edits falls among ``word``'s first three letters and is a letter changed, dropped, put in
    (after the first letter) or two letters swapped: ``abc`` (no edit there), ``Xbc`` ``aXc``
    ``abXd`` (changed), ``bcd`` ``acd`` ``abd`` (dropped), ``aXbc`` ``abXc`` (put in), ``bac``
    ``acb`` (swapped), for every letter X.  None is shorter than three letters (but for a word
    that is), and none is a prefix of another."""
    if len(word) < 3:
        return {word} if word else set()
    a, b, c, d = word[0], word[1], word[2], word[3:4]
    letters = _LETTERS + ("0123456789" if any(ch.isdigit() for ch in word) else "")
    out = {a + b + c, b + c + d, a + c + d, a + b + d, b + a + c, a + c + b}
    for x in letters:
        out.update((x + b + c, a + x + c, a + b + x + d, a + x + b + c, a + b + x + c))
    out.discard("")
    return {p for p in out if not any(p[:k] in out for k in range(1, len(p)))}


def explain_fts_error(query: str, exc: sqlite3.Error) -> QueryError:
    msg = str(exc).replace("fts5: ", "")
    if "no such column" in msg:
        msg += " (a word followed by ':' names a column; quote it to search for it)"
    elif "unterminated string" in msg:
        msg = "unbalanced double quote"
    elif "syntax error" in msg:
        msg += ' (use double quotes for phrases and for words like AND, OR, NOT, NEAR)'
    shown = query if len(query) <= 60 else query[:57] + "..."
    return QueryError(f"invalid search query {shown!r}: {msg}")


def search_rows(conn: sqlite3.Connection, fts: str, limit: int) -> list[HitRow]:
    """The ``limit`` best sources for an FTS5 expression, best first, each with its snippet.

    bm25 is computed once per match and sorted by SQLite; FTS5's own ORDER BY rank keeps every
    match's position lists for the sort and then computes bm25 again for each row it returns.
    Only the ``limit`` best rows are then read from ``sources``, their text as UTF-8 bytes: the
    snippet decodes just its window, and decoding whole articles cost as much as the query."""
    return hit_rows(conn, fts, ranked_ids(conn, fts, limit)[0])


def ranked_ids(conn: sqlite3.Connection, fts: str, limit: int, *,
               newest: int | None = None) -> tuple[list[tuple[int, float]], bool]:
    """([(source id, bm25)] of the ``limit`` best matches, best first; whether the ranking was cut).

    bm25 costs about a microsecond a match, and a common word or a two-letter prefix matches
    nearly every source: ``pr*`` ranked 97,000 matches in 0.5 s on 100,000 articles.  With
    ``newest`` only the ``newest`` most recently added matches are ranked (FTS5 reads the index
    from the highest rowid down and stops there: 15 ms), and the flag says whether more matched,
    so the caller can say so.  Search as you type uses it; a search asked for ranks every match."""
    limit = max(1, min(int(limit), 10_000))
    cur = conn.cursor()
    cur.row_factory = None  # plain tuples: a Row per hit costs more than the rest of the row
    score = f"bm25(sources_fts, {SOURCES_FTS_WEIGHTS})"
    try:
        if newest is None:
            return cur.execute(f"SELECT rowid, {score} AS score FROM sources_fts WHERE sources_fts MATCH ?"
                               " ORDER BY score LIMIT ?", (fts, limit)).fetchall(), False
        rows = cur.execute(f"SELECT rowid, {score} FROM sources_fts WHERE sources_fts MATCH ?"
                           " ORDER BY rowid DESC LIMIT ?", (fts, max(1, int(newest)) + 1)).fetchall()
    except sqlite3.Error as exc:
        raise explain_fts_error(fts, exc) from None
    capped = len(rows) > newest
    return heapq.nsmallest(limit, rows[:newest], key=itemgetter(1)), capped


def hit_rows(conn: sqlite3.Connection, fts: str, ranked: list[tuple[int, float]]) -> list[HitRow]:
    """The hits of ``ranked`` ([(source id, bm25)], best first): title, language and snippet read
    for those sources only."""
    if not ranked:
        return []
    cur = conn.cursor()
    cur.row_factory = None
    ids = [sid for sid, _ in ranked]
    rows = {r[0]: r for r in cur.execute(
        f"SELECT id, title, lang, CAST(text AS BLOB) FROM sources WHERE id IN ({','.join('?' * len(ids))})", ids)}
    ranked = [(sid, rank) for sid, rank in ranked if sid in rows]
    snippets = Snippets(fts).many([rows[sid][3] for sid, _ in ranked])
    return [(sid, rows[sid][1], rows[sid][2], snippet, -rank, marks)
            for (sid, rank), (snippet, marks) in zip(ranked, snippets)]


class SearchMixin:
    conn: sqlite3.Connection
    # the whole vocabulary, once read (see warm_vocabulary): (index state, word -> sources, words by length)
    _vocab: tuple[tuple[int, int], dict[str, int], dict[tuple[int, int, str], list[str]]] | None = None

    def _index_state(self) -> tuple[int, int]:
        """Changes when the index may have: another connection's commit, or a write of this one."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0], self.conn.total_changes

    def warm_vocabulary(self) -> None:
        """Read the whole vocabulary into memory (0.1 s for 1,000 articles, 0.4 s for the corpus), so
        that each later ``term~`` or suggestion costs a few milliseconds instead of range reads of
        tens.  For a long-lived workspace (the TUI calls it in a worker after its first search);
        the copy is dropped as soon as the index changes."""
        self._vocab_table()
        state = self._index_state()
        if self._vocab is not None and self._vocab[0] == state:
            return
        docs = dict(self.conn.execute("SELECT term, doc FROM temp.sources_vocab"))
        # words by (length, position, letter) for their first two letters: a word within two edits
        # of another shares its length give or take two, and (unless both edits fall on its first
        # two letters) its first or second letter, at position 0 or 1
        buckets: dict[tuple[int, int, str], list[str]] = {}
        for t in docs:
            buckets.setdefault((len(t), 0, t[0]), []).append(t)
            if len(t) > 1 and t[1] != t[0]:
                buckets.setdefault((len(t), 1, t[1]), []).append(t)
        self._vocab = (state, docs, buckets)

    # -- the index's vocabulary --------------------------------------------------------------
    def _vocab_table(self) -> None:
        self.conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.sources_vocab"
                          " USING fts5vocab(main, 'sources_fts', 'row')")

    def _doc_counts(self, terms: list[str]) -> dict[str, int]:
        if not terms:
            return {}
        self._vocab_table()
        marks = ",".join("?" * len(terms))
        return dict(self.conn.execute(f"SELECT term, doc FROM temp.sources_vocab WHERE term IN ({marks})", terms))

    def _vocab_candidates(self, word: str) -> dict[str, int]:
        """Indexed words (with the number of sources holding each) that may lie within two edits of
        ``word``: those that start with its first three letters (any edits after them), or with what
        one edit among its first letters makes of them (see :func:`edit_prefixes`).  Each prefix is a
        range read of the ``fts5vocab`` table, which counts the sources of every word it returns by
        walking its posting list: a two-letter range such as ``pr`` holds thousands of words, common
        ones among them, and reading the ranges of two-letter prefixes cost 10-40 ms on the corpus;
        three- and four-letter ranges hold a few words each, however large the vocabulary."""
        self._vocab_table()
        found: dict[str, int] = {}
        sql = "SELECT term, doc FROM temp.sources_vocab WHERE term >= ? AND term < ?"
        for r in sorted(edit_prefixes(word)):
            found.update(self.conn.execute(sql, (r, _after(r))).fetchall())
        return found

    def similar_words(self, word: str, distance: int = 2, limit: int = MAX_FUZZY_TERMS) -> list[str]:
        """Indexed words within ``distance`` edits (Levenshtein, at most 2) of ``word`` (folded),
        closest first, then the ones in most sources.  A word of one or two letters is only itself,
        and among the first three letters only one edit is looked for (see :func:`edit_prefixes`)."""
        from rapidfuzz.distance import Levenshtein
        from rapidfuzz.process import extract

        word = fold_for_match(word)
        distance = max(0, min(distance, 2, len(word) - 2))
        if not word:
            return []
        if self._vocab is not None and self._vocab[0] == self._index_state():
            _, docs, buckets = self._vocab
            keys = {(n, pos, c) for n in range(len(word) - distance, len(word) + distance + 1)
                    for pos in (0, 1) for c in word[:2]}
            terms = list({t for k in keys for t in buckets.get(k, ())})
        else:
            self._vocab = None
            docs = self._vocab_candidates(word) if distance else self._doc_counts([word])
            terms = [t for t in docs if abs(len(t) - len(word)) <= distance]
        found = [(t, int(d)) for t, d, _ in extract(word, terms, scorer=Levenshtein.distance,
                                                    score_cutoff=distance, limit=None)]
        found.sort(key=lambda td: (td[1], -docs.get(td[0], 0), td[0]))
        return [t for t, _ in found[:limit]]

    # -- aliases -------------------------------------------------------------------------------
    def alias_forms(self, text: str) -> list[str] | None:
        """Every alias of the live entity that ``text`` names: by an alias (same normalised key),
        else by the last word of aliases (a surname: ``Babushkin`` for "Igor Babushkin") when that
        picks out at most :data:`MAX_ALIAS_ENTITIES` entities.  ``None`` when it names none."""
        from ..textutil import name_key

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
        # the words not in the index, each with its closest indexed words
        fixes: list[tuple[int, int, list[str]]] = []
        for (start, end), words in parsed.plain:
            if len(words) != 1 or len(words[0]) < 3 or words[0].isdigit():
                continue
            word = words[0]
            if self._doc_counts([word]).get(word):
                continue  # in the index: not the misspelt one
            near = self.similar_words(word, 1 if len(word) < 6 else 2, limit=5)
            if near:
                fixes.append((start, end, near))

        def fixed(choice: dict[int, str]) -> str:
            text, at = [], 0
            for k, (start, end, _) in enumerate(fixes):
                text += [query[at:start], choice.get(k, query[start:end])]
                at = end
            return "".join(text) + query[at:]

        tries = [fixed({k: near[0] for k, (_, _, near) in enumerate(fixes)})] if len(fixes) > 1 else []
        tries += [fixed({k: cand}) for k, (_, _, near) in enumerate(fixes) for cand in near]
        for t in tries:
            if t not in out and t != query and self._has_hits(t):
                out.append(t)
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
