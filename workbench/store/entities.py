"""Entities, their aliases and mentions, and the corrections a user makes to them."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator

from ..errors import InputError, NotFound, WorkbenchError
from ..textutil import clean_text, has_visible_text
from .db import utcnow
from .models import ENTITY_LABELS, Entity, Mention


FEW_MATCHES = 8  # sort-or-walk balance of the entities filter (see entities_page)


def entity_match(query: str) -> str | None:
    """The FTS5 query of an entities filter: every word of ``query`` as a word prefix
    (``mus el`` -> ``"mus"* "el"*``), or None when it holds no word."""
    words = re.findall(r"\w+", query)
    if not words:
        return None
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words[:16])


def _key(name: str) -> str:
    from ..nlp.resolve import name_key  # light module: unicodedata + rapidfuzz only

    return name_key(name)


class EntitiesMixin:
    conn: sqlite3.Connection

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
        ids = {r[0] for r in cur.execute("SELECT rowid FROM entity_names WHERE entity_names MATCH ?", (match,))}
        need, hits = offset + limit, []
        walk = self.conn.cursor()
        walk.row_factory = None
        walk.execute(f"SELECT e.id FROM entities e INDEXED BY entities_rank WHERE e.status != 'rejected'{lab}"
                     f" {order}", largs)
        while len(hits) < need:
            batch = walk.fetchmany(1000)
            if not batch:
                break
            hits.extend(eid for (eid,) in batch if eid in ids)
        walk.close()
        page = hits[offset:need]
        if not page:
            return []
        got = {r[0]: r for r in cur.execute(f"SELECT {cols} FROM entities e WHERE e.id IN ({','.join('?' * len(page))})",
                                              page).fetchall()}
        return self._entities_from_rows([got[i] for i in page if i in got])

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
        for i, (eid, alias, name_) in enumerate(self.conn.execute(
                "SELECT a.entity_id, a.alias, e.name FROM aliases a JOIN entities e ON e.id = a.entity_id"
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

    def confirmed_patterns(self) -> list[tuple[int, str]]:
        return [(eid, alias) for eid, alias in self.conn.execute(
            "SELECT a.entity_id, a.alias FROM aliases a JOIN entities e ON e.id = a.entity_id"
            " WHERE e.status = 'confirmed'")]

    # -- low-level writes used by ingest (inside the caller's transaction) -------------------
    def create_entity(self, name: str, label: str, aliases: Iterable[str] = (), status: str = "proposed") -> int:
        cur = self.conn.execute("INSERT INTO entities (name, label, status, created) VALUES (?, ?, ?, ?)",
                                (name, label if label in ENTITY_LABELS else "MISC", status, utcnow()))
        eid = int(cur.lastrowid)
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
        with self.tx() as c:  # type: ignore[attr-defined]
            cur = c.execute("DELETE FROM entities WHERE status = 'proposed' AND id NOT IN"
                            " (SELECT entity_id FROM mentions) AND id NOT IN (SELECT entity_id FROM claim_entities)")
        return cur.rowcount

    # -- user corrections (each one transaction, logged, undoable) -------------------------
    def merge_entities(self, source_ref: str | int, target_ref: str | int) -> Entity:
        """Fold ``source`` into ``target``: aliases, mentions and claim links move; source goes."""
        src, dst = self.find_entity(source_ref), self.find_entity(target_ref)
        if src.id == dst.id:
            raise InputError(f"cannot merge {src.name!r} into itself")

        def change(scope):
            c = self.conn
            c.execute("INSERT OR IGNORE INTO aliases (entity_id, alias, key) SELECT ?, alias, key FROM aliases"
                      " WHERE entity_id = ?", (dst.id, src.id))
            c.execute("UPDATE OR IGNORE mentions SET entity_id = ? WHERE entity_id = ?", (dst.id, src.id))
            c.execute("INSERT OR IGNORE INTO claim_entities (claim_id, entity_id) SELECT claim_id, ? FROM"
                      " claim_entities WHERE entity_id = ?", (dst.id, src.id))
            c.execute("DELETE FROM entities WHERE id = ?", (src.id,))
            if src.status == "confirmed" and dst.status == "proposed":
                c.execute("UPDATE entities SET status = 'confirmed' WHERE id = ?", (dst.id,))

        self.recorded("entity.merge", f"merged {src.name!r} into {dst.name!r}",  # type: ignore[attr-defined]
                      {"entities": [src.id, dst.id]}, change)
        return self.get_entity(dst.id)

    def rename_entity(self, ref: str | int, new_name: str) -> Entity:
        ent = self.find_entity(ref)
        new_name = " ".join(clean_text(new_name).split())
        if not has_visible_text(new_name):
            raise InputError("the new name is empty or invisible")

        def change(scope):
            self.conn.execute("UPDATE entities SET name = ? WHERE id = ?", (new_name, ent.id))
            self.add_aliases(ent.id, [new_name])

        self.recorded("entity.rename", f"renamed {ent.name!r} to {new_name!r}",  # type: ignore[attr-defined]
                      {"entities": [ent.id]}, change)
        return self.get_entity(ent.id)

    def relabel_entity(self, ref: str | int, label: str) -> Entity:
        ent = self.find_entity(ref)
        label = label.upper()
        if label not in ENTITY_LABELS:
            raise InputError(f"unknown label {label!r}; use one of {', '.join(ENTITY_LABELS)}")
        self.recorded("entity.relabel", f"{ent.name!r} is now {label}",  # type: ignore[attr-defined]
                      {"entities": [ent.id]},
                      lambda scope: self.conn.execute("UPDATE entities SET label = ? WHERE id = ?", (label, ent.id)))
        return self.get_entity(ent.id)

    def reject_entity(self, ref: str | int) -> Entity:
        """A false positive: its mentions and claim links go, and its names are never proposed again."""
        ent = self.find_entity(ref)

        def change(scope):
            c = self.conn
            c.execute("UPDATE entities SET status = 'rejected' WHERE id = ?", (ent.id,))
            c.execute("DELETE FROM mentions WHERE entity_id = ?", (ent.id,))
            c.execute("DELETE FROM claim_entities WHERE entity_id = ?", (ent.id,))
            now = utcnow()
            c.executemany("INSERT OR REPLACE INTO rejected_names (key, name, entity_id, at) VALUES (?, ?, ?, ?)",
                          [(k, a, ent.id, now) for a, k in c.execute(
                              "SELECT alias, key FROM aliases WHERE entity_id = ?", (ent.id,)).fetchall()])

        self.recorded("entity.reject", f"rejected {ent.name!r}", {"entities": [ent.id]}, change)  # type: ignore[attr-defined]
        return self.get_entity(ent.id)

    def add_user_entity(self, name: str, label: str, aliases: Iterable[str] = ()) -> tuple[Entity, int]:
        """An entity the user knows and the model missed: created confirmed, and its names are
        found in every source (mentions with origin ``user``) and in later ingests."""
        name = " ".join(clean_text(name).split())
        aliases = [" ".join(clean_text(a).split()) for a in aliases]
        label = label.upper()
        if not has_visible_text(name):
            raise InputError("the entity name is empty or invisible")
        if label not in ENTITY_LABELS:
            raise InputError(f"unknown label {label!r}; use one of {', '.join(ENTITY_LABELS)}")
        key = _key(name)
        clash = self.conn.execute("SELECT e.id, e.name FROM aliases a JOIN entities e ON e.id = a.entity_id"
                                  " WHERE a.key = ? AND e.status != 'rejected'", (key,)).fetchone()
        if clash:
            raise InputError(f"{name!r} is already entity #{clash[0]} {clash[1]!r}; confirm that one instead")
        added = 0
        plan = self._alias_plan(-1, [name, *aliases])  # -1: no entity has it yet

        def change(scope):
            nonlocal added
            c = self.conn
            c.execute("DELETE FROM rejected_names WHERE key = ?", (key,))
            eid = self.create_entity(name, label, aliases, status="confirmed")
            scope["entities"].append(eid)
            added = self._apply_alias_plan(eid, plan, "user")
            return eid

        scope: dict[str, list] = {"entities": sorted(plan["touched"] - {-1})}
        eid = self.recorded("entity.add", f"added entity {name!r}", scope, change)  # type: ignore[attr-defined]
        return self.get_entity(eid), added

    def _alias_plan(self, entity_id: int, names: Iterable[str]) -> dict:
        """Where the names ``names`` of entity ``entity_id`` occur in every source, and what the
        mentions already there become (read only; applied by :meth:`_apply_alias_plan`).

        An occurrence is added unless the same span is already this entity's, or a mention there
        was made or confirmed by the user. A proposed mention that overlaps it is a wrong span
        ("GPU Nvidia", "Nvidia AI" when "Nvidia" is confirmed): it is removed, and what is left of
        it becomes a mention of the entity with that name if there is one ("GPU"). Returns
        ``{"add": [(sid, start, end, text)], "drop": [mention ids], "rest": [(eid, sid, start, end,
        text)], "touched": {entity ids}, "split": n}``.
        """
        from ..nlp.ner import gazetteer_mentions
        from .occurrences import sources_with_names

        c = self.conn
        patterns = [(entity_id, n) for n in dict.fromkeys(names) if n.strip()]
        plan: dict = {"add": [], "drop": [], "rest": [], "touched": set(), "split": 0}
        if not patterns:
            return plan
        for sid, text in sources_with_names(c, [n for _e, n in patterns]):  # FTS: not every source
            found = gazetteer_mentions(text, patterns)
            if not found:
                continue
            rows = c.execute(
                "SELECT m.id, m.start, m.end, m.entity_id, m.origin, e.status FROM mentions m"
                " JOIN entities e ON e.id = m.entity_id WHERE m.source_id = ?", (sid,)).fetchall()
            live = [tuple(r) for r in rows]
            for _eid, s, e in found:
                over = [m for m in live if m[1] < e and s < m[2]]
                if any(m[3] == entity_id and m[1] == s and m[2] == e for m in over):
                    continue
                if any(m[4] == "user" or (m[5] == "confirmed" and m[3] != entity_id) for m in over):
                    continue  # the user's own decision stands
                for m in over:
                    plan["drop"].append(m[0])
                    plan["touched"].add(m[3])
                    live.remove(m)
                    if m[3] != entity_id and (m[1] < s or e < m[2]):
                        plan["split"] += 1
                        for a, b in ((m[1], s), (e, m[2])):
                            piece = text[a:b]
                            lead = len(piece) - len(piece.lstrip(" \t\n,.;:-–—()\"'«»“”"))
                            piece = piece.strip(" \t\n,.;:-–—()\"'«»“”")
                            if not piece or not any(ch.isalnum() for ch in piece):
                                continue
                            owners = self.entities_with_key(piece)
                            if len(owners) == 1 and owners[0][0] != entity_id:
                                ps = a + lead
                                plan["rest"].append((owners[0][0], sid, ps, ps + len(piece), piece))
                                plan["touched"].add(owners[0][0])
                plan["add"].append((sid, s, e, text[s:e]))
        plan["touched"].discard(entity_id)
        return plan

    def _apply_alias_plan(self, entity_id: int, plan: dict, origin: str) -> int:
        """Apply a plan from :meth:`_alias_plan` (inside the caller's transaction). Returns how
        many mentions of ``entity_id`` were added."""
        c = self.conn
        for mid in plan["drop"]:
            c.execute("DELETE FROM mentions WHERE id = ?", (mid,))
        added = 0
        own: dict[int, list[tuple[int, int, int, str, str]]] = {}
        rest: dict[int, list[tuple[int, int, int, str, str]]] = {}
        for sid, s, e, t in plan["add"]:
            own.setdefault(sid, []).append((entity_id, s, e, t, origin))
        for eid, sid, s, e, t in plan["rest"]:
            rest.setdefault(sid, []).append((eid, s, e, t, "rule"))
        for sid, rows in own.items():
            added += self.add_mentions(sid, rows)
        for sid, rows in rest.items():
            self.add_mentions(sid, rows)
        # proposed entities whose every mention was a wrong span are gone
        for eid in plan["touched"]:
            c.execute("DELETE FROM entities WHERE id = ? AND status = 'proposed' AND id NOT IN"
                      " (SELECT entity_id FROM mentions) AND id NOT IN (SELECT entity_id FROM claim_entities)",
                      (eid,))
        return added

    def _find_everywhere(self, entity_id: int, origin: str) -> int:
        """Mentions of an entity's aliases in every source (inside the caller's transaction), wrong
        longer or overlapping proposed spans replaced. Returns how many were added."""
        names = [a for (a,) in self.conn.execute("SELECT alias FROM aliases WHERE entity_id = ?", (entity_id,))]
        return self._apply_alias_plan(entity_id, self._alias_plan(entity_id, names), origin)

    def confirm_entity(self, ref: str | int) -> tuple[Entity, int]:
        """Confirm an entity: its aliases become patterns found in every source, now and on later
        ingests.  Returns the entity and how many new mentions were found."""
        ent, added, _split = self.confirm_entity_report(ref)
        return ent, added

    def confirm_entity_report(self, ref: str | int) -> tuple[Entity, int, int]:
        """:meth:`confirm_entity`, also returning how many of the new mentions were inside a wrong
        longer span ("GPU Nvidia" when confirming Nvidia), which was split or replaced."""
        ent = self.find_entity(ref)
        if ent.status == "rejected":
            raise WorkbenchError(f"{ent.name!r} was rejected; it cannot be confirmed (undo the rejection first)")
        added = 0
        names = [a for (a,) in self.conn.execute("SELECT alias FROM aliases WHERE entity_id = ?", (ent.id,))]
        plan = self._alias_plan(ent.id, names)

        def change(scope):
            nonlocal added
            self.conn.execute("UPDATE entities SET status = 'confirmed' WHERE id = ?", (ent.id,))
            added = self._apply_alias_plan(ent.id, plan, "rule")

        # every entity whose mentions change is in the undo scope
        scope = {"entities": [ent.id, *sorted(plan["touched"])]}
        self.recorded("entity.confirm", f"confirmed {ent.name!r}", scope, change)  # type: ignore[attr-defined]
        return self.get_entity(ent.id), added, plan["split"]
