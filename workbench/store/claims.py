"""Claims: spans of a source that say something checkable, with tags, status, note, entities and
links to other claims.  Every change is one transaction, logged and undoable."""

from __future__ import annotations

import re

import sqlite3
import uuid
from collections.abc import Iterable

from ..errors import InputError, NotFound
from ..textutil import clean_text, context, has_visible_text
from .db import utcnow
from .entities import EntitiesMixin
from .metadata import SourceMetaMixin
from .models import CLAIM_STATUSES, LINK_RELATIONS, Claim, ClaimLink


def _clean_tags(tags: Iterable[str]) -> list[str]:
    out = []
    for t in tags:
        t = " ".join(clean_text(str(t)).split()).strip(", ")  # ", 0" is "0", as it is when read back
        if has_visible_text(t) and t not in out:  # a tag nobody can see ("\xad") is no tag
            out.append(t)
    return out


def _col(row: sqlite3.Row, name: str) -> str:
    try:
        return row[name] or ""
    except IndexError:
        return ""


CLAIM_SORTS = ("position", "corroborations", "status", "modified")


def sort_claims(claims: list[Claim], by: str = "position") -> list[Claim]:
    """Claims by position in their source (the default), most corroborated first (distinct
    sources), by status in the order of CLAIM_STATUSES, or most recently modified first."""
    if by not in CLAIM_SORTS:
        raise InputError(f"unknown sort {by!r}; use one of {', '.join(CLAIM_SORTS)}")
    position = sorted(claims, key=lambda c: (c.source_id, c.start, c.end))
    if by == "corroborations":
        return sorted(position, key=lambda c: -c.corroboration_count)
    if by == "status":
        order = {s: i for i, s in enumerate(CLAIM_STATUSES)}
        return sorted(position, key=lambda c: order.get(c.status, len(order)))
    if by == "modified":
        return sorted(position, key=lambda c: c.modified, reverse=True)
    return position


def check_status(status: str) -> str:
    if status not in CLAIM_STATUSES:
        raise InputError(f"unknown status {status!r}; use one of {', '.join(CLAIM_STATUSES)}")
    return status


class ClaimsMixin(SourceMetaMixin, EntitiesMixin):
    # -- reading ---------------------------------------------------------------------------
    def _claims_from_rows(self, rows: list[sqlite3.Row]) -> list[Claim]:
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        tags: dict[str, list[str]] = {}
        ents: dict[str, list[dict]] = {}
        links: dict[str, list[ClaimLink]] = {}
        pages: dict[str, str] = {}
        for chunk_start in range(0, len(ids), 500):
            chunk = ids[chunk_start:chunk_start + 500]
            m = ",".join("?" * len(chunk))
            pages.update(self.claim_pages(chunk))
            for cid, name in self.conn.execute(
                    f"SELECT ct.claim_id, t.name FROM claim_tags ct JOIN tags t ON t.id = ct.tag_id"
                    f" WHERE ct.claim_id IN ({m}) ORDER BY t.name", chunk):
                tags.setdefault(cid, []).append(name)
            for cid, eid, name, label in self.conn.execute(
                    f"SELECT ce.claim_id, e.id, e.name, e.label FROM claim_entities ce JOIN entities e"
                    f" ON e.id = ce.entity_id WHERE ce.claim_id IN ({m}) ORDER BY e.name", chunk):
                ents.setdefault(cid, []).append({"id": eid, "name": name, "label": label})
            for a, b, rel, sa, sb in self.conn.execute(
                    f"SELECT l.from_claim, l.to_claim, l.relation, ca.source_id, cb.source_id FROM claim_links l"
                    f" JOIN claims ca ON ca.id = l.from_claim JOIN claims cb ON cb.id = l.to_claim"
                    f" WHERE l.from_claim IN ({m}) OR l.to_claim IN ({m})", chunk + chunk):
                if a in chunk:
                    links.setdefault(a, []).append(ClaimLink(b, rel, "out", sb))
                if b in chunk:
                    links.setdefault(b, []).append(ClaimLink(a, rel, "in", sa))
        return [Claim(id=r["id"], source_id=r["source_id"], start=r["start"], end=r["end"], quote=r["quote"],
                      prefix=r["prefix"], suffix=r["suffix"], status=r["status"], note=r["note"],
                      created=r["created"], modified=r["modified"], orphaned=bool(r["orphaned"]),
                      created_by=_col(r, "created_by"), status_by=_col(r, "status_by"), status_at=_col(r, "status_at"),
                      tags=tags.get(r["id"], []), entities=ents.get(r["id"], []),
                      links=sorted(links.get(r["id"], []), key=lambda lk: (lk.relation, lk.claim_id)),
                      pages=pages.get(r["id"], ""))
                for r in rows]

    def get_claim(self, claim_id: str) -> Claim:
        rows = self.conn.execute("SELECT * FROM claims WHERE id = ?", (claim_id,)).fetchall()
        if not rows:
            # allow a unique id prefix of 4 or more characters, as git does: matched as a plain
            # prefix (a range on the key), never as a LIKE pattern (``%%%%`` matched every claim)
            prefix = claim_id.strip().lower()
            if not re.fullmatch(r"[0-9a-f-]{4,36}", prefix):
                raise NotFound(f"no claim with id {claim_id!r} (a prefix needs 4 or more of its hex digits)")
            rows = self.conn.execute("SELECT * FROM claims WHERE id >= ? AND id < ? || '~' LIMIT 2",
                                     (prefix, prefix)).fetchall()
            if len(rows) != 1:
                raise NotFound(f"no claim with id {claim_id!r}" if not rows else
                               f"claim id prefix {claim_id!r} matches more than one claim; give more of the id")
        return self._claims_from_rows(rows)[0]

    def list_claims(self, *, source_id: int | None = None, tag: str | None = None,
                    status: str | None = None, entity_id: int | None = None) -> list[Claim]:
        where: list[str] = []
        params: list[object] = []
        if source_id is not None:
            where.append("c.source_id = ?")
            params.append(source_id)
        if status is not None:
            where.append("c.status = ?")
            params.append(check_status(status))
        if tag is not None:
            where.append("c.id IN (SELECT ct.claim_id FROM claim_tags ct JOIN tags t ON t.id = ct.tag_id WHERE t.name = ?)")
            params.append(tag)
        if entity_id is not None:
            where.append("c.id IN (SELECT claim_id FROM claim_entities WHERE entity_id = ?)")
            params.append(entity_id)
        sql = "SELECT c.* FROM claims c" + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY c.source_id, c.start, c.end, c.created"
        return self._claims_from_rows(self.conn.execute(sql, params).fetchall())

    def claims_at(self, source_id: int, offset: int) -> list[Claim]:
        """Claims of a source whose span contains ``offset`` (innermost first)."""
        rows = self.conn.execute("SELECT * FROM claims WHERE source_id = ? AND start <= ? AND end > ? AND orphaned = 0"
                                 " ORDER BY end - start", (source_id, offset, offset)).fetchall()
        return self._claims_from_rows(rows)

    def list_tags(self) -> list[dict]:
        rows = self.conn.execute("SELECT t.name, count(ct.claim_id) AS claims FROM tags t JOIN claim_tags ct"
                                 " ON ct.tag_id = t.id GROUP BY t.id ORDER BY claims DESC, t.name").fetchall()
        return [{"tag": r["name"], "claims": r["claims"]} for r in rows]

    def find_quote(self, source_id: int, quote: str) -> list[int]:
        """Start offsets of every occurrence of ``quote`` in the source (overlapping ones too)."""
        if not quote:
            raise InputError("the quote is empty")
        text = self.source_text(source_id)
        starts, i = [], text.find(quote)
        while i != -1:
            starts.append(i)
            i = text.find(quote, i + 1)
        return starts

    # -- writing ---------------------------------------------------------------------------
    def add_claim(self, source_id: int, start: int, end: int, *, tags: Iterable[str] = (),
                  entity_ids: Iterable[int] = (), status: str = "unverified", note: str = "",
                  claim_id: str | None = None, created: str | None = None,
                  modified: str | None = None) -> Claim:
        cid = claim_id or str(uuid.uuid4())
        insert = self._claim_inserter(cid, source_id, start, end, tags=tags, entity_ids=entity_ids, status=status,
                                      note=note, created=created, modified=modified)
        quote = self.source_text(source_id)[start:end]
        short = quote if len(quote) <= 50 else quote[:47] + "..."
        self.recorded("claim.add", f"claim {short!r}", {"claims": [cid]}, lambda scope: insert())
        return self.get_claim(cid)

    def add_linked_claim(self, first_id: str, source_id: int, start: int, end: int, relation: str, *,
                         tags: Iterable[str] = (), entity_ids: Iterable[int] = ()) -> Claim:
        """A claim on a passage that corroborates / contradicts claim ``first_id``: the claim (or
        the one already on exactly that span) and the link, as one action (one undo)."""
        if relation not in LINK_RELATIONS:
            raise InputError(f"unknown relation {relation!r}; use one of {', '.join(LINK_RELATIONS)}")
        first = self.get_claim(first_id)
        if source_id == first.source_id and start < first.end and first.start < end:
            raise InputError("the passage overlaps the claim itself")
        row = self.conn.execute("SELECT id FROM claims WHERE source_id = ? AND start = ? AND end = ? AND orphaned = 0"
                                " ORDER BY created LIMIT 1", (source_id, start, end)).fetchone()
        cid = row[0] if row else str(uuid.uuid4())
        insert = None if row else self._claim_inserter(cid, source_id, start, end, tags=tags, entity_ids=entity_ids)

        def change(scope):
            if insert is not None:
                insert()
            self.conn.execute("DELETE FROM claim_links WHERE from_claim = ? AND to_claim = ?", (first.id, cid))
            self.conn.execute("INSERT OR REPLACE INTO claim_links (from_claim, to_claim, relation, created)"
                              " VALUES (?, ?, ?, ?)", (cid, first.id, relation, utcnow()))

        quote = self.source_text(source_id)[start:end]
        short = quote if len(quote) <= 40 else quote[:37] + "..."
        self.recorded("claim.accept", f"source {source_id} {relation} claim {first.id[:8]}: {short!r}",
                      {"claims": [first.id, cid]}, change)
        return self.get_claim(cid)

    def _claim_inserter(self, cid: str, source_id: int, start: int, end: int, *, tags: Iterable[str] = (),
                        entity_ids: Iterable[int] = (), status: str = "unverified", note: str = "",
                        created: str | None = None, modified: str | None = None):
        """Check a new claim's fields now; return the function that inserts it (inside a
        recorded action)."""
        text = self.source_text(source_id)
        if not (0 <= start < end <= len(text)):
            raise InputError(f"span {start}..{end} is outside the source (0..{len(text)}) or empty")
        check_status(status)
        prefix, suffix = context(text, start, end)
        now = utcnow()
        ent_ids = list(dict.fromkeys(int(e) for e in entity_ids))
        for e in ent_ids:
            self.get_entity(e)
        tag_list = _clean_tags(tags)
        note = clean_text(note)

        def insert() -> None:
            who = self.author
            self.conn.execute(
                "INSERT INTO claims (id, source_id, start, end, quote, prefix, suffix, status, note, created, modified,"
                " created_by, status_by, status_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (cid, source_id, start, end, text[start:end], prefix, suffix, status, note, created or now,
                 modified or now, who, who, created or now))
            self._set_tags(cid, tag_list)
            self.conn.executemany("INSERT OR IGNORE INTO claim_entities (claim_id, entity_id) VALUES (?, ?)",
                                  [(cid, e) for e in ent_ids])

        return insert

    def claim_modified(self, claim_id: str) -> str | None:
        """When a claim was last changed, or None if there is no such claim."""
        row = self.conn.execute("SELECT modified FROM claims WHERE id = ?", (claim_id,)).fetchone()
        return row[0] if row else None

    def put_claim(self, claim_id: str, source_id: int, start: int, end: int, *, quote: str, prefix: str,
                  suffix: str, status: str, note: str, orphaned: bool, created: str, modified: str,
                  tags: Iterable[str], entity_ids: Iterable[int], created_by: str = "", status_by: str = "",
                  status_at: str = "") -> None:
        """Write a claim exactly as given (an import: its id and times are kept), inserting or
        updating in place so its links survive.  Inside the caller's transaction; the caller
        records the action."""
        check_status(status)
        self.conn.execute(
            "INSERT INTO claims (id, source_id, start, end, quote, prefix, suffix, status, note, orphaned, created,"
            " modified, created_by, status_by, status_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET"
            " source_id = excluded.source_id, start = excluded.start, end = excluded.end, quote = excluded.quote,"
            " prefix = excluded.prefix, suffix = excluded.suffix, status = excluded.status, note = excluded.note,"
            " orphaned = excluded.orphaned, created = excluded.created, modified = excluded.modified,"
            " created_by = excluded.created_by, status_by = excluded.status_by, status_at = excluded.status_at",
            (claim_id, source_id, start, end, quote, prefix, suffix, status, clean_text(note), int(orphaned),
             created, modified, clean_text(created_by), clean_text(status_by), status_at))
        self._set_tags(claim_id, _clean_tags(tags))
        self.conn.execute("DELETE FROM claim_entities WHERE claim_id = ?", (claim_id,))
        self.conn.executemany("INSERT OR IGNORE INTO claim_entities (claim_id, entity_id) VALUES (?, ?)",
                              [(claim_id, e) for e in dict.fromkeys(entity_ids)])

    def put_link(self, from_id: str, to_id: str, relation: str) -> bool:
        """Add a link if both claims exist (an import; inside the caller's transaction).  Returns
        whether a new link was written."""
        if relation not in LINK_RELATIONS:
            raise InputError(f"unknown relation {relation!r}; use one of {', '.join(LINK_RELATIONS)}")
        cur = self.conn.execute(
            "INSERT OR IGNORE INTO claim_links (from_claim, to_claim, relation, created)"
            " SELECT ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM claims WHERE id = ?) AND EXISTS"
            " (SELECT 1 FROM claims WHERE id = ?)", (from_id, to_id, relation, utcnow(), from_id, to_id))
        return cur.rowcount > 0

    def _set_tags(self, claim_id: str, tags: list[str]) -> None:
        self.conn.execute("DELETE FROM claim_tags WHERE claim_id = ?", (claim_id,))
        for t in tags:
            self.conn.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", (t,))
            self.conn.execute("INSERT OR IGNORE INTO claim_tags (claim_id, tag_id) SELECT ?, id FROM tags WHERE name = ?",
                              (claim_id, t))

    def update_claim(self, claim_id: str, *, status: str | None = None, note: str | None = None,
                     tags: Iterable[str] | None = None, add_tags: Iterable[str] = (),
                     remove_tags: Iterable[str] = (), entity_ids: Iterable[int] | None = None,
                     add_entities: Iterable[int] = (), remove_entities: Iterable[int] = (),
                     span: tuple[int, int] | None = None) -> Claim:
        claim = self.get_claim(claim_id)
        if status is not None:
            check_status(status)
        if note is not None:
            note = clean_text(note)
        new_tags = _clean_tags(tags) if tags is not None else list(claim.tags)
        new_tags = _clean_tags([*new_tags, *add_tags])
        rm = set(_clean_tags(remove_tags))
        new_tags = [t for t in new_tags if t not in rm]
        ents = [e["id"] for e in claim.entities] if entity_ids is None else list(entity_ids)
        ents = list(dict.fromkeys([*ents, *add_entities]))
        ents = [e for e in ents if e not in set(remove_entities)]
        for e in ents:
            self.get_entity(e)
        changes: list[str] = []

        def change(scope):
            c = self.conn
            if status is not None and status != claim.status:
                c.execute("UPDATE claims SET status = ?, status_by = ?, status_at = ? WHERE id = ?",
                          (status, self.author, utcnow(), claim.id))
                changes.append(f"status {status}")
            if note is not None and note != claim.note:
                c.execute("UPDATE claims SET note = ? WHERE id = ?", (note, claim.id))
                changes.append("note")
            if new_tags != claim.tags:
                self._set_tags(claim.id, new_tags)
                changes.append("tags " + ", ".join(new_tags) if new_tags else "tags cleared")
            if sorted(ents) != sorted(e["id"] for e in claim.entities):
                c.execute("DELETE FROM claim_entities WHERE claim_id = ?", (claim.id,))
                c.executemany("INSERT INTO claim_entities (claim_id, entity_id) VALUES (?, ?)",
                              [(claim.id, e) for e in ents])
                changes.append("entities")
            if span is not None and tuple(span) != (claim.start, claim.end):
                text = self.source_text(claim.source_id)
                s, e = span
                if not (0 <= s < e <= len(text)):
                    raise InputError(f"span {s}..{e} is outside the source")
                pre, suf = context(text, s, e)
                c.execute("UPDATE claims SET start = ?, end = ?, quote = ?, prefix = ?, suffix = ?, orphaned = 0"
                          " WHERE id = ?", (s, e, text[s:e], pre, suf, claim.id))
                changes.append("span")
            if changes:
                c.execute("UPDATE claims SET modified = ? WHERE id = ?", (utcnow(), claim.id))

        # the summary names what changed, known once change() has run: written with the log row,
        # inside the transaction (rewriting "the newest row" afterwards could hit another process's)
        self.recorded("claim.edit", lambda: f"claim {claim.id[:8]}: " + "; ".join(changes or ["edit"]),
                      {"claims": [claim.id]}, change)
        return self.get_claim(claim.id)

    def delete_claim(self, claim_id: str) -> Claim:
        claim = self.get_claim(claim_id)
        self.recorded("claim.delete", f"deleted claim {claim.id[:8]}", {"claims": [claim.id]},
                      lambda scope: self.conn.execute("DELETE FROM claims WHERE id = ?", (claim.id,)))
        return claim

    def link_claims(self, from_id: str, to_id: str, relation: str) -> None:
        """Record that claim ``from_id`` corroborates / contradicts claim ``to_id``."""
        if relation not in LINK_RELATIONS:
            raise InputError(f"unknown relation {relation!r}; use one of {', '.join(LINK_RELATIONS)}")
        a, b = self.get_claim(from_id), self.get_claim(to_id)
        if a.id == b.id:
            raise InputError("a claim cannot be linked to itself")
        self.recorded("claim.link", f"claim {a.id[:8]} {relation} {b.id[:8]}",
                      {"claims": [a.id, b.id]},
                      lambda scope: self.conn.execute(
                          "INSERT OR REPLACE INTO claim_links (from_claim, to_claim, relation, created) VALUES (?, ?, ?, ?)",
                          (a.id, b.id, relation, utcnow())))

    def unlink_claims(self, from_id: str, to_id: str) -> None:
        a, b = self.get_claim(from_id), self.get_claim(to_id)
        self.recorded("claim.unlink", f"unlinked {a.id[:8]} and {b.id[:8]}", {"claims": [a.id, b.id]},
                      lambda scope: self.conn.execute(
                          "DELETE FROM claim_links WHERE (from_claim = ? AND to_claim = ?) OR (from_claim = ? AND to_claim = ?)",
                          (a.id, b.id, b.id, a.id)))

    def set_claim_anchor(self, claim_id: str, start: int | None, end: int | None, *, text: str) -> None:
        """Re-anchoring after a source changed (inside the caller's transaction, not undoable):
        a new span, or ``None`` to mark the claim orphaned (it keeps its quote and is never lost)."""
        if start is None or end is None:
            self.conn.execute("UPDATE claims SET orphaned = 1, modified = ? WHERE id = ?", (utcnow(), claim_id))
            return
        pre, suf = context(text, start, end)
        # the quote follows the text: after a fuzzy re-anchor it is what the source now says
        self.conn.execute("UPDATE claims SET start = ?, end = ?, quote = ?, prefix = ?, suffix = ?, orphaned = 0,"
                          " modified = ? WHERE id = ?", (start, end, text[start:end], pre, suf, utcnow(), claim_id))
