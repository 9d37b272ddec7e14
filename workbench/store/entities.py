"""Entities, their aliases and mentions: reads, and the low-level writes ingest makes (the
corrections a user makes are in :mod:`.corrections`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence

from ..errors import InputError, NotFound
from ..textutil import name_key, strip_accents
from .db import inserted_id, utcnow
from .history import HistoryMixin
from .models import ENTITY_LABELS, Entity, Mention
from .query import fts_quote


COMMON_NAME_WORD = 20  # entities holding a word beyond which it proposes candidates only with another
                        # (entity_candidates): at 5,337 articles 514 of 27,990 words pass it ("paulo", "silva", "nacional")
_TERM = re.compile(r"[^\W_]+")


FEW_MATCHES = 8  # sort-or-walk balance of the entities filter (see entities_page)


def entity_match(query: str) -> str | None:
    """The FTS5 query of an entities filter: every word of ``query`` as a word prefix
    (``mus el`` -> ``"mus"* "el"*``), or None when it holds no word."""
    words = re.findall(r"\w+", query)
    if not words:
        return None
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words[:16])


_key = name_key

# Finds entity aliases in a text: ``(text, [(entity_id, alias)]) -> [(entity_id, start, end)]``.  The
# matching is NLP's (``workbench.nlp.gazetteer.gazetteer_mentions``); the caller passes it in, so the
# store never imports nlp.
AliasFinder = Callable[[str, list[tuple[int, str]]], list[tuple[int, int, int]]]


class EntitiesMixin(HistoryMixin):
    # -- reading ---------------------------------------------------------------------------
    def list_entities(self, *, include_rejected: bool = False, query: str | None = None) -> list[Entity]:
        """Every entity (most mentioned first), or those matching ``query`` (see
        :meth:`entities_page`).  Prefer :meth:`entities_page` / :meth:`iter_entities` on big
        workspaces: this builds the whole list."""
        return list(self.iter_entities(include_rejected=include_rejected, query=query))

    def iter_entities(self, *, include_rejected: bool = False, query: str | None = None,
                      label: str | None = None, chunk: int = 2000) -> Iterator[Entity]:
        """Entities in the order the entities pane shows them, read in chunks of ``chunk`` (memory
        stays flat on any workspace size): through the ``entities_rank`` index, or through the
        ``entity_names`` FTS index when there is a query."""
        match = entity_match(query) if query else None
        if query and match is None:
            return
        where = ["1"] if include_rejected else ["e.status != 'rejected'"]
        args: list[object] = []
        if label:
            where.append("e.label = ?")
            args.append(label.upper())
        if match is not None:
            where.append("e.id IN (SELECT rowid FROM entity_names WHERE entity_names MATCH ?)")
            args.append(match)
        sql = (f"SELECT e.id, e.name, e.label, e.status, e.n_mentions, e.n_sources FROM entities e"
               f" WHERE {' AND '.join(where)} ORDER BY e.n_mentions DESC, e.name COLLATE NOCASE")
        cur = self.conn.cursor()
        cur.row_factory = None
        cur.execute(sql, args)
        while True:
            rows = cur.fetchmany(chunk)
            if not rows:
                return
            yield from self._entities_from_rows(rows)

    def _entities_from_rows(self, rows: list) -> list[Entity]:
        aliases: dict[int, list[str]] = {}
        ids = [r[0] for r in rows]
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            for eid, alias in self.conn.execute(
                    f"SELECT entity_id, alias FROM aliases WHERE entity_id IN ({','.join('?' * len(part))})"
                    " ORDER BY alias", part):
                aliases.setdefault(eid, []).append(alias)
        return [Entity(id=eid, name=name, label=label, status=status,
                       aliases=[a for a in aliases.get(eid, []) if a != name], mentions=n, sources=s)
                for eid, name, label, status, n, s in rows]

    def entities_page(self, offset: int, limit: int, query: str | None = None,
                      label: str | None = None) -> list[Entity]:
        """One page of the live entities, most mentioned first; with ``query``, those whose name
        or an alias has words starting with every word of it (accent- and case-insensitive,
        ``entity_names`` FTS).  Costs the page, not the workspace: the rows come from the
        ``entities_rank`` index, or from the FTS match when it is small.  ``label`` keeps one label."""
        offset, limit = max(0, int(offset)), max(0, int(limit))
        lab = " AND e.label = ?" if label else ""
        largs: tuple = (label.upper(),) if label else ()
        cur = self.conn.cursor()
        cur.row_factory = None
        cols = "e.id, e.name, e.label, e.status, e.n_mentions, e.n_sources"
        order = "ORDER BY e.n_mentions DESC, e.name COLLATE NOCASE"
        if not query or not query.strip():
            rows = cur.execute(f"SELECT {cols} FROM entities e INDEXED BY entities_rank"
                               f" WHERE e.status != 'rejected'{lab} {order} LIMIT ? OFFSET ?",
                               (*largs, limit, offset)).fetchall()
            return self._entities_from_rows(rows)
        match = entity_match(query)
        if match is None:
            return []
        # Sorting m matches costs about m row reads; walking the ranked index to fill a page costs
        # about page * total / m cheap steps: sort when m is under sqrt(FEW_MATCHES * total), walk above
        few_max = max(500, int((FEW_MATCHES * max(1, self.entity_count())) ** 0.5))
        few = cur.execute("SELECT rowid FROM entity_names WHERE entity_names MATCH ? LIMIT ?",
                          (match, few_max + 1)).fetchall()
        if len(few) <= few_max:  # a few matches: read them by id and sort them
            ids = [r[0] for r in few]
            rows = []
            for i in range(0, len(ids), 500):
                part = ids[i:i + 500]
                rows += cur.execute(f"SELECT {cols} FROM entities e WHERE e.id IN ({','.join('?' * len(part))})"
                                    f" AND e.status != 'rejected'{lab}", (*part, *largs)).fetchall()
            rows.sort(key=lambda r: (-r[4], r[1].casefold()))
            return self._entities_from_rows(rows[offset:offset + limit])
        # many matches (a short prefix): take the matching ids from the FTS index (rowids only, no
        # row reads), then walk the ranked index until the page is full; dense matches make that
        # walk short (about (offset + limit) * total / matches rows)
        matching = {r[0] for r in cur.execute("SELECT rowid FROM entity_names WHERE entity_names MATCH ?", (match,))}
        need = offset + limit
        hits: list[int] = []
        walk = self.conn.cursor()
        walk.row_factory = None
        walk.execute(f"SELECT e.id FROM entities e INDEXED BY entities_rank WHERE e.status != 'rejected'{lab}"
                     f" {order}", largs)
        while len(hits) < need:
            batch = walk.fetchmany(1000)
            if not batch:
                break
            hits.extend(eid for (eid,) in batch if eid in matching)
        walk.close()
        page = hits[offset:need]
        if not page:
            return []
        got = {r[0]: r for r in cur.execute(f"SELECT {cols} FROM entities e WHERE e.id IN ({','.join('?' * len(page))})",
                                              page).fetchall()}
        return self._entities_from_rows([got[i] for i in page if i in got])

    def entities_matching(self, query: str, limit: int, scan: int = 5000) -> list[Entity]:
        """The ``limit`` most mentioned live entities matching ``query`` (as :meth:`entities_page`),
        for pickers that ask on every key: up to ``scan`` matches are read by id and sorted, which
        at offset 0 is cheaper than the ranked walk :meth:`entities_page` takes above its (lower)
        threshold; past ``scan`` matches the walk is short and is used."""
        match = entity_match(query)
        if match is None:
            return []
        ids = [r[0] for r in self.conn.execute("SELECT rowid FROM entity_names WHERE entity_names MATCH ? LIMIT ?",
                                               (match, scan + 1))]
        if len(ids) > scan:
            return self.entities_page(0, limit, query)
        rows: list = []
        for i in range(0, len(ids), 500):
            part = ids[i:i + 500]
            rows += self.conn.execute(f"SELECT id, name, label, status, n_mentions, n_sources FROM entities WHERE id IN"
                                      f" ({','.join('?' * len(part))}) AND status != 'rejected'", part).fetchall()
        rows.sort(key=lambda r: (-r[4], r[1].casefold()))
        return self._entities_from_rows([tuple(r) for r in rows[:limit]])

    def entity_count(self, query: str | None = None, cap: int | None = None, label: str | None = None) -> int:
        """How many live entities there are (from ``row_counts``), or how many match ``query``
        (counted in the FTS index, up to ``cap`` + 1 when a cap is given); ``label`` keeps one label
        (counted on demand: the user asked for it, it is not a start-up read)."""
        limit = -1 if cap is None else cap + 1
        if label:
            match = entity_match(query) if query and query.strip() else None
            if query and query.strip() and match is None:
                return 0
            fts = " AND e.id IN (SELECT rowid FROM entity_names WHERE entity_names MATCH ?)" if match else ""
            return self.conn.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM entities e WHERE e.status != 'rejected' AND e.label = ?{fts}"
                " LIMIT ?)", (label.upper(), *((match,) if match else ()), limit)).fetchone()[0]
        if not query or not query.strip():
            row = self.conn.execute("SELECT n FROM row_counts WHERE name = 'entities'").fetchone()
            return int(row[0]) if row else 0
        match = entity_match(query)
        if match is None:
            return 0
        return self.conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM entity_names f JOIN entities e ON e.id = f.rowid"
            " WHERE entity_names MATCH ? AND e.status != 'rejected' LIMIT ?)", (match, limit)).fetchone()[0]

    def get_entity(self, entity_id: int) -> Entity:
        row = self.conn.execute("SELECT id, name, label, status FROM entities WHERE id = ?", (entity_id,)).fetchone()
        if row is None:
            raise NotFound(f"no entity with id {entity_id}")
        aliases = [a for (a,) in self.conn.execute("SELECT alias FROM aliases WHERE entity_id = ? ORDER BY alias",
                                                   (entity_id,)) if a != row["name"]]
        n, s = self.conn.execute("SELECT count(*), count(DISTINCT source_id) FROM mentions WHERE entity_id = ?",
                                 (entity_id,)).fetchone()
        return Entity(id=row["id"], name=row["name"], label=row["label"], status=row["status"],
                      aliases=aliases, mentions=n, sources=s)

    def find_entity(self, ref: str | int) -> Entity:
        """An entity by id, or by name through its aliases (exact key first, then fuzzy).
        An unknown or ambiguous name raises with the closest candidates listed."""
        if isinstance(ref, int) or (isinstance(ref, str) and ref.strip().isdigit()):
            return self.get_entity(int(ref))
        name = str(ref).strip()
        if not name:
            raise InputError("empty entity name")
        rows = self.entities_with_key(name)
        if len(rows) == 1:
            return self.get_entity(rows[0][0])
        from rapidfuzz import fuzz, process

        choices: dict[int, str] = {}
        owner: dict[int, int] = {}
        for i, (eid, alias) in enumerate(self.conn.execute(
                "SELECT a.entity_id, a.alias FROM aliases a JOIN entities e ON e.id = a.entity_id"
                " WHERE e.status != 'rejected'")):
            choices[i] = alias
            owner[i] = eid
        if len(rows) > 1:
            names = sorted({self.get_entity(r[0]).name + f" (#{r[0]})" for r in rows})
            raise InputError(f"entity name {name!r} is ambiguous: " + "; ".join(names))
        best = process.extract(name, choices, scorer=fuzz.WRatio, limit=12, processor=str.casefold)
        by_entity: dict[int, float] = {}
        for _alias, score, idx in best:
            eid = owner[idx]
            by_entity[eid] = max(by_entity.get(eid, 0), score)
        ranked = sorted(by_entity.items(), key=lambda kv: -kv[1])
        if ranked and ranked[0][1] >= 90 and (len(ranked) == 1 or ranked[1][1] < ranked[0][1] - 4):
            return self.get_entity(ranked[0][0])
        cands = "; ".join(f"{self.get_entity(eid).name} (#{eid})" for eid, _ in ranked[:5])
        if ranked and ranked[0][1] >= 90:
            raise InputError(f"entity name {name!r} is ambiguous; closest: {cands}")
        raise NotFound(f"no entity named {name!r}" + (f"; closest: {cands}" if cands else ""))

    def entities_with_key(self, name: str) -> list[tuple[int, str]]:
        """(id, label) of the live entities that have an alias with the same normalised key as
        ``name`` (exact matching, no fuzz), oldest first."""
        return [(r[0], r[1]) for r in self.conn.execute(
            "SELECT DISTINCT e.id, e.label FROM aliases a JOIN entities e ON e.id = a.entity_id"
            " WHERE a.key = ? AND e.status != 'rejected' ORDER BY e.id", (_key(name),))]

    def mentions_for_source(self, source_id: int) -> list[Mention]:
        rows = self.conn.execute(
            "SELECT m.*, e.label, e.name AS entity_name FROM mentions m JOIN entities e ON e.id = m.entity_id"
            " WHERE m.source_id = ? AND e.status != 'rejected' ORDER BY m.start", (source_id,)).fetchall()
        return [Mention(**dict(r)) for r in rows]

    def mention_spans(self, source_id: int) -> list[tuple[int, int, int]]:
        """(start, end, entity id) of a source's mentions of live entities, sorted: the cheap form
        of :meth:`mentions_for_source` for indexing."""
        cur = self.conn.cursor()
        cur.row_factory = None  # plain tuples
        return cur.execute(
            "SELECT m.start, m.end, m.entity_id FROM mentions m JOIN entities e ON e.id = m.entity_id"
            " WHERE m.source_id = ? AND e.status != 'rejected' ORDER BY m.start, m.end, m.entity_id",
            (source_id,)).fetchall()

    def mentions_for_entity(self, entity_id: int) -> list[Mention]:
        rows = self.conn.execute(
            "SELECT m.*, e.label, e.name AS entity_name FROM mentions m JOIN entities e ON e.id = m.entity_id"
            " WHERE m.entity_id = ? ORDER BY m.source_id, m.start", (entity_id,)).fetchall()
        return [Mention(**dict(r)) for r in rows]

    def entities_in_span(self, source_id: int, start: int, end: int) -> list[Entity]:
        ids = [r[0] for r in self.conn.execute(
            "SELECT DISTINCT m.entity_id FROM mentions m JOIN entities e ON e.id = m.entity_id"
            " WHERE m.source_id = ? AND m.start >= ? AND m.end <= ? AND e.status != 'rejected'"
            " ORDER BY m.start", (source_id, start, end))]
        return [self.get_entity(i) for i in ids]

    def rejected_keys(self) -> set[str]:
        return {k for (k,) in self.conn.execute("SELECT key FROM rejected_names")}

    def entity_table(self) -> list[tuple[int, str, str, list[str]]]:
        """(id, label, status, aliases) of every entity, for the resolver."""
        aliases: dict[int, list[str]] = {}
        for eid, alias in self.conn.execute("SELECT entity_id, alias FROM aliases"):
            aliases.setdefault(eid, []).append(alias)
        return [(eid, label, status, aliases.get(eid, [])) for eid, label, status in
                self.conn.execute("SELECT id, label, status FROM entities")]

    def entity_candidates(self, keys: Collection[str],
                          names: Collection[Sequence[str]]) -> list[tuple[int, str, list[str]]]:
        """``(id, label, [alias])`` of the live entities' aliases, in the order they were stored, for the
        entities with an alias whose key is in ``keys`` or whose words hold a word of one of
        ``names`` (each name as its words; the ``entity_names`` index: case and accents folded).
        What a bounded resolver needs for one batch of names (``nlp.resolve.Catalog``).

        A word that more than :data:`COMMON_NAME_WORD` entities hold ("José", "Nacional") proposes
        only the entities that also hold another word of the same name, or a word with its first two
        letters (the fuzzy rule's variants: "José Babuschkin" / "José Babushkin"): alone it would load
        thousands of entities for every article of a big workspace, and a lone name that so many
        entities hold is ambiguous anyway."""
        c = self.conn
        ids: set[int] = set()
        key_list = list(keys)
        for i in range(0, len(key_list), 500):
            part = key_list[i : i + 500]
            ids.update(r for (r,) in c.execute(
                f"SELECT entity_id FROM aliases WHERE key IN ({','.join('?' * len(part))})", part))
        # one term per token as the index splits them ("O'Sullivan" -> o, sullivan): no phrase queries
        per_name = [sorted({strip_accents(t) for w in words for t in _TERM.findall(w)}) for words in names]
        terms = sorted({t for ts in per_name for t in ts})
        common = self._common_name_words(terms)
        rare = [t for t in terms if t not in common]
        for i in range(0, len(rare), 200):
            ids.update(r for (r,) in c.execute("SELECT rowid FROM entity_names WHERE entity_names MATCH ?",
                                               (" OR ".join(fts_quote(t) for t in rare[i : i + 200]),)))
        pairs = sorted({(t, o[:2]) for ts in per_name for t in ts if t in common
                        for o in ts if o != t and len(o) >= 2})
        for t, pre in pairs:
            ids.update(r for (r,) in c.execute("SELECT rowid FROM entity_names WHERE entity_names MATCH ?",
                                               (f"{fts_quote(t)} AND {fts_quote(pre)}*",)))
        rows: list[tuple[int, int, str, str]] = []
        wanted = sorted(ids)
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            rows += (tuple(r) for r in c.execute(
                "SELECT a.rowid, e.id, e.label, a.alias FROM entities e JOIN aliases a ON a.entity_id = e.id"
                f" WHERE e.id IN ({','.join('?' * len(chunk))}) AND e.status != 'rejected'", chunk))
        rows.sort()  # in the order the aliases were stored: where two entities share a key, the first holds it
        return [(eid, label, [alias]) for _r, eid, label, alias in rows]

    def _common_name_words(self, terms: Sequence[str]) -> set[str]:
        """The ``terms`` (folded) that more than :data:`COMMON_NAME_WORD` entities hold, from the
        names index's vocabulary (one lookup per term, no scan)."""
        if not terms:
            return set()
        self.conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.entity_names_vocab"
                          " USING fts5vocab(main, entity_names, row)")
        out: set[str] = set()
        for i in range(0, len(terms), 500):
            part = list(terms[i : i + 500])
            out.update(t for (t,) in self.conn.execute(
                f"SELECT term FROM temp.entity_names_vocab WHERE term IN ({','.join('?' * len(part))})"
                " AND doc > ?", [*part, COMMON_NAME_WORD]))
        return out

    def confirmed_patterns(self) -> list[tuple[int, str]]:
        return [(eid, alias) for eid, alias in self.conn.execute(
            "SELECT a.entity_id, a.alias FROM aliases a JOIN entities e ON e.id = a.entity_id"
            " WHERE e.status = 'confirmed'")]

    # -- low-level writes used by ingest (inside the caller's transaction) -------------------
    def create_entity(self, name: str, label: str, aliases: Iterable[str] = (), status: str = "proposed") -> int:
        cur = self.conn.execute("INSERT INTO entities (name, label, status, created) VALUES (?, ?, ?, ?)",
                                (name, label if label in ENTITY_LABELS else "MISC", status, utcnow()))
        eid = inserted_id(cur)
        self.add_aliases(eid, [name, *aliases])
        return eid

    def create_entities(self, items: list[tuple[str, str, list[str]]]) -> list[int]:
        """Many new proposed entities at once, ``(name, label, aliases)`` each (ingest makes tens of
        thousands): two statements instead of two per entity.  Inside the caller's transaction,
        which holds the write lock, so the ids taken after ``max(id)`` are this caller's."""
        if not items:
            return []
        first = (self.conn.execute("SELECT max(id) FROM entities").fetchone()[0] or 0) + 1
        ids = list(range(first, first + len(items)))
        now = utcnow()
        self.conn.executemany("INSERT INTO entities (id, name, label, status, created) VALUES (?, ?, ?, 'proposed', ?)",
                              [(eid, name, label if label in ENTITY_LABELS else "MISC", now)
                               for eid, (name, label, _a) in zip(ids, items)])
        self.conn.executemany("INSERT OR IGNORE INTO aliases (entity_id, alias, key) VALUES (?, ?, ?)",
                              [(eid, n, _key(n)) for eid, (name, _l, aliases) in zip(ids, items)
                               for n in dict.fromkeys([name, *aliases]) if n.strip()])
        return ids

    def add_aliases(self, entity_id: int, names: Iterable[str]) -> None:
        self.conn.executemany("INSERT OR IGNORE INTO aliases (entity_id, alias, key) VALUES (?, ?, ?)",
                              [(entity_id, n, _key(n)) for n in dict.fromkeys(names) if n.strip()])

    def promote_entity_name(self, entity_id: int, name: str) -> None:
        """Name a proposed entity by a fuller name found later ("Temer" -> "Michel Temer"), inside
        the caller's transaction; the old name stays an alias. A confirmed entity keeps its name."""
        self.conn.execute("UPDATE entities SET name = ? WHERE id = ? AND status = 'proposed'", (name, entity_id))

    def relabel_proposed(self, changes: Iterable[tuple[str, int]]) -> None:
        """Give proposed entities a new label, ``(label, entity id)`` each, inside the caller's
        transaction (ingest's cross-source vote); a confirmed entity keeps its label."""
        self.conn.executemany("UPDATE entities SET label = ? WHERE id = ? AND status = 'proposed'",
                              [(lab, eid) for lab, eid in changes if lab in ENTITY_LABELS])

    def add_mentions(self, source_id: int, rows: Iterable[tuple[int, int, int, str, str]]) -> int:
        """rows: (entity_id, start, end, text, origin).  A span already taken is left alone."""
        cur = self.conn.executemany(
            "INSERT OR IGNORE INTO mentions (source_id, entity_id, start, end, text, origin) VALUES (?, ?, ?, ?, ?, ?)",
            [(source_id, *r) for r in rows])
        return cur.rowcount

    def clear_mentions(self, source_id: int, *, keep_user: bool = True) -> None:
        """Drop a source's mentions before NER runs again (inside the caller's transaction)."""
        self.conn.execute("DELETE FROM mentions WHERE source_id = ?" + (" AND origin != 'user'" if keep_user else ""),
                          (source_id,))

    def drop_unused_entities(self) -> int:
        """Proposed entities left with no mention and no claim (after NER was re-run)."""
        with self.tx() as c:
            cur = c.execute("DELETE FROM entities WHERE status = 'proposed' AND id NOT IN"
                            " (SELECT entity_id FROM mentions) AND id NOT IN (SELECT entity_id FROM claim_entities)")
        return cur.rowcount
