"""The reads an export makes: the chosen claims, then only what they cite (sources, entities,
which cited source mentions which entity).  Every query is bounded by the claims exported, so an
export costs what it holds, not what the workspace holds (``everything=True`` lifts that)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence

from .claims import ClaimsMixin
from .models import CLAIM_STATUSES, Claim, Entity, Source

CHUNK = 500  # ids per IN (...) list: far below SQLite's variable limit


def _chunks(ids: Sequence, n: int = CHUNK) -> Iterator[list]:
    for i in range(0, len(ids), n):
        yield list(ids[i:i + n])


def _marks(chunk: list) -> str:
    return ",".join("?" * len(chunk))


class ExportReadsMixin(ClaimsMixin):
    def export_claims(self, *, tags: Iterable[str] = (), statuses: Iterable[str] = (),
                      source_ids: Iterable[int] = ()) -> list[Claim]:
        """Claims with any of ``tags``, any of ``statuses`` and in any of ``source_ids`` (an empty
        filter lets everything through), in source and position order."""
        where, params = self._export_where(tags, statuses, source_ids)
        sql = "SELECT c.* FROM claims c" + where + " ORDER BY c.source_id, c.start, c.end, c.created"
        return self._claims_from_rows(self.conn.execute(sql, params).fetchall())

    def export_claim_count(self, *, tags: Iterable[str] = (), statuses: Iterable[str] = (),
                           source_ids: Iterable[int] = ()) -> int:
        where, params = self._export_where(tags, statuses, source_ids)
        return int(self.conn.execute("SELECT count(*) FROM claims c" + where, params).fetchone()[0])

    def _export_where(self, tags: Iterable[str], statuses: Iterable[str],
                      source_ids: Iterable[int]) -> tuple[str, list]:
        where: list[str] = []
        params: list = []
        tags, statuses, source_ids = list(tags), list(statuses), [int(s) for s in source_ids]
        if tags:
            where.append(f"c.id IN (SELECT ct.claim_id FROM claim_tags ct JOIN tags t ON t.id = ct.tag_id"
                         f" WHERE t.name IN ({_marks(tags)}))")
            params += tags
        if statuses:
            bad = [s for s in statuses if s not in CLAIM_STATUSES]
            if bad:
                from ..errors import InputError

                raise InputError(f"unknown status {bad[0]!r}; use one of {', '.join(CLAIM_STATUSES)}")
            where.append(f"c.status IN ({_marks(statuses)})")
            params += statuses
        if source_ids:
            where.append(f"c.source_id IN ({_marks(source_ids)})")
            params += source_ids
        return (" WHERE " + " AND ".join(where) if where else ""), params

    def export_sources(self, source_ids: Iterable[int] | None) -> tuple[list[Source], dict[int, dict]]:
        """Sources by id (all of them for ``None``), without their text, and each one's metadata
        columns as a dict (url, author, published_at, captured_at ... whatever the schema has)."""
        cols = [r[1] for r in self.conn.execute("PRAGMA table_info(sources)") if r[1] != "text"]
        select = "SELECT " + ", ".join(f'"{c}"' for c in cols) + " FROM sources"
        rows: list[sqlite3.Row] = []
        if source_ids is None:
            rows = self.conn.execute(select + " ORDER BY id").fetchall()
        else:
            ids = sorted(set(source_ids))
            for chunk in _chunks(ids):
                rows += self.conn.execute(f"{select} WHERE id IN ({_marks(chunk)}) ORDER BY id", chunk).fetchall()
        pages: dict[int, int] = {}  # page counts of paged sources (PDFs)
        for chunk in _chunks([r["id"] for r in rows]):
            pages.update(self.conn.execute(f"SELECT source_id, count(*) FROM source_pages WHERE source_id IN"
                                           f" ({_marks(chunk)}) GROUP BY source_id", chunk).fetchall())
        sources, meta = [], {}
        for r in rows:
            d = dict(r)
            sources.append(Source(id=d["id"], title=d["title"], outlet=d["outlet"], lang=d["lang"], chars=d["chars"],
                                  sha256=d["sha256"], path=d["path"], lang_detected=d.get("lang_detected", "und"),
                                  added_at=d.get("added_at", ""), url=d.get("url", ""), author=d.get("author", ""),
                                  published_at=d.get("published_at", ""), captured_at=d.get("captured_at", ""),
                                  pages=pages.get(d["id"], 0)))
            meta[d["id"]] = d
        return sources, meta

    def export_entities(self, entity_ids: Iterable[int] | None) -> list[Entity]:
        """Entities by id (every one not rejected for ``None``), with their aliases."""
        if entity_ids is None:
            return self.list_entities()
        ids = sorted(set(entity_ids))
        rows: list[sqlite3.Row] = []
        aliases: dict[int, list[str]] = {}
        for chunk in _chunks(ids):
            m = _marks(chunk)
            rows += self.conn.execute(f"SELECT id, name, label, status FROM entities WHERE id IN ({m})", chunk).fetchall()
            for eid, alias in self.conn.execute(f"SELECT entity_id, alias FROM aliases WHERE entity_id IN ({m})"
                                                " ORDER BY alias", chunk):
                aliases.setdefault(eid, []).append(alias)
        out = [Entity(id=r["id"], name=r["name"], label=r["label"], status=r["status"],
                      aliases=[a for a in aliases.get(r["id"], []) if a != r["name"]]) for r in rows]
        return sorted(out, key=lambda e: e.name.casefold())

    def export_entity_sources(self, entity_ids: Iterable[int],
                              source_ids: Iterable[int] | None) -> dict[int, list[int]]:
        """Which of ``source_ids`` (any source for ``None``) mention each entity."""
        pairs: dict[int, list[int]] = {}
        for eid, sid, *_rest in self._mention_rows("DISTINCT entity_id, source_id", entity_ids, source_ids):
            pairs.setdefault(eid, []).append(sid)
        for sids in pairs.values():
            sids.sort()
        return pairs

    def _mention_rows(self, cols: str, entity_ids: Iterable[int], source_ids: Iterable[int] | None) -> Iterator:
        """Mentions of the entities, in the sources (any for ``None``): read source by source when
        the sources are given, so the cost follows the sources exported, not how often a popular
        entity is mentioned across the workspace."""
        ents = sorted(set(entity_ids))
        if not ents:
            return
        if source_ids is None:
            for chunk in _chunks(ents):
                yield from self.conn.execute(f"SELECT {cols} FROM mentions WHERE entity_id IN ({_marks(chunk)})"
                                             " ORDER BY source_id, start", chunk)
            return
        wanted = set(ents)
        for chunk in _chunks(sorted(set(source_ids))):
            for row in self.conn.execute(f"SELECT {cols}, entity_id AS e_ FROM mentions WHERE source_id IN"
                                         f" ({_marks(chunk)}) ORDER BY source_id, start", chunk):
                if row[-1] in wanted:
                    yield tuple(row)[:-1]

    def export_mentions(self, entity_ids: Iterable[int], source_ids: Iterable[int] | None) -> Iterator[tuple]:
        """(source_id, entity_id, start, end, text) of each mention of the entities in the sources."""
        for row in self._mention_rows("source_id, entity_id, start, end, text", entity_ids, source_ids):
            yield tuple(row)

    def sources_with_file_name(self, name: str) -> list[Source]:
        """Sources whose stored path ends in the file name ``name`` (evidence files carry only the
        file name of a source, never its folders)."""
        if not name or "/" in name:
            return []
        esc = name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self.conn.execute("SELECT id FROM sources WHERE path = ? OR path LIKE ? ESCAPE '\\' ORDER BY id",
                                 (name, "%/" + esc)).fetchall()
        return [self.get_source(r[0]) for r in rows]
