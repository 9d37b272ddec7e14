"""What the TUI needs from the workspace beyond claims, sources and entities: remembered settings
(claims pane scope, last open source) and a claim's history from the action log."""

from __future__ import annotations

import json

from .claims import ClaimsMixin


class UiMixin(ClaimsMixin):
    def get_setting(self, key: str, default: str | None = None) -> str | None:
        """A remembered setting (``settings`` table), or ``default``."""
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row is not None else default

    def set_setting(self, key: str, value: str) -> None:
        """Remember a setting, in its own small transaction (not an undoable action: moving around
        is not an edit)."""
        with self.tx() as conn:
            conn.execute("INSERT INTO settings (key, value) VALUES (?, ?)"
                         " ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    def claim_history(self, claim_id: str, limit: int = 200) -> list[dict]:
        """The log rows that touched a claim, oldest first: ``at``, ``action``, ``summary``,
        ``state`` and, when the log records one, ``author``."""
        rows = self.conn.execute("SELECT * FROM log WHERE scope LIKE ? ORDER BY id LIMIT ?",
                                 (f"%{claim_id}%", limit)).fetchall()
        out = []
        for r in rows:
            try:
                scope = json.loads(r["scope"] or "{}")
            except ValueError:
                continue
            if claim_id in (scope.get("claims") or []):
                out.append(dict(r))
        return out

    def claims_filtered(self, *, source_id: int | None = None, tag: str | None = None,
                        status: str | None = None, entity_id: int | None = None,
                        lang: str | None = None) -> list:
        """:meth:`list_claims` (the CLI's filters) plus the language of the claim's source."""
        claims = self.list_claims(source_id=source_id, tag=tag, status=status,
                                  entity_id=entity_id)
        if lang is None:
            return claims
        ids = {r[0] for r in self.conn.execute("SELECT id FROM sources WHERE lang = ?", (lang,))}
        return [c for c in claims if c.source_id in ids]

    def move_claim(self, claim_id: str, start: int, end: int):
        """Widen or narrow a claim to ``start..end`` of its source: quote, prefix and suffix follow.
        One logged, undoable action.  Returns the claim as it is now."""
        from ..errors import InputError
        from ..textutil import context
        from .db import utcnow

        c = self.get_claim(claim_id)
        text = self.source_text(c.source_id)
        if not (0 <= start < end <= len(text)):
            raise InputError(f"span {start}..{end} is outside the source (0..{len(text)}) or empty")
        if (start, end) == (c.start, c.end):
            return c
        pre, suf = context(text, start, end)

        def change(scope):
            self.conn.execute("UPDATE claims SET start = ?, end = ?, quote = ?, prefix = ?, suffix = ?, orphaned = 0,"
                              " modified = ? WHERE id = ?", (start, end, text[start:end], pre, suf, utcnow(), c.id))

        verb = "widened" if start <= c.start and end >= c.end else "narrowed" if start >= c.start and end <= c.end \
            else "moved"
        quote = text[start:end]
        short = quote if len(quote) <= 40 else quote[:37] + "..."
        self.recorded("claim.span", f"{verb} claim {c.id[:8]} to {short!r}", {"claims": [c.id]},
                      change)
        return self.get_claim(c.id)

    def split_entity(self, entity_id: int, alias: str):
        """Undo a wrong merge by name: ``alias`` (one of the entity's names, not its main name)
        becomes an entity of its own with the same label, taking the mentions written that way
        and the links of the claims whose span holds one of them.  One logged, undoable action.
        Returns the new entity."""
        from ..errors import InputError
        from .entities import _key

        ent = self.get_entity(entity_id)
        key = _key(alias)
        if key == _key(ent.name):
            raise InputError(f"{alias!r} is the entity's own name: split off one of its other names")
        names = [a for (a,) in self.conn.execute("SELECT alias FROM aliases WHERE entity_id = ? AND key = ?",
                                                  (ent.id, key))]
        if not names:
            raise InputError(f"{alias!r} is not a name of {ent.name!r}")

        def change(scope):
            c = self.conn
            new_id = self.create_entity(names[0], ent.label, names)
            scope["entities"].append(new_id)
            c.execute("DELETE FROM aliases WHERE entity_id = ? AND key = ?", (ent.id, key))
            moved = [(sid, s, e) for sid, s, e, text in c.execute(
                "SELECT source_id, start, end, text FROM mentions WHERE entity_id = ?", (ent.id,)).fetchall()
                if _key(text) == key]
            c.executemany("UPDATE mentions SET entity_id = ? WHERE source_id = ? AND start = ? AND end = ?"
                          " AND entity_id = ?", [(new_id, sid, s, e, ent.id) for sid, s, e in moved])
            for (cid,) in c.execute("SELECT claim_id FROM claim_entities WHERE entity_id = ?", (ent.id,)).fetchall():
                cl = c.execute("SELECT source_id, start, end FROM claims WHERE id = ?", (cid,)).fetchone()
                if cl is not None and any(sid == cl[0] and s < cl[2] and cl[1] < e for sid, s, e in moved):
                    c.execute("INSERT OR IGNORE INTO claim_entities (claim_id, entity_id) VALUES (?, ?)", (cid, new_id))
            return new_id

        new_id = self.recorded("entity.split", f"split {names[0]!r} off {ent.name!r}",
                               {"entities": [ent.id]}, change)
        return self.get_entity(new_id)
