"""The corrections a user makes to entities: merge, rename, relabel, reject, add, confirm.  Each is
one transaction, logged and undoable (:meth:`HistoryMixin.recorded`)."""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import InputError, WorkbenchError
from ..textutil import clean_text, has_visible_text
from .db import utcnow
from .entities import AliasFinder, EntitiesMixin, _key
from .occurrences import sources_with_names
from .models import ENTITY_LABELS, Entity



def _plan_sources(plan: dict) -> list[int]:
    """The sources where an alias plan changes mentions: where it adds one (every mention it drops
    or splits lies under one it adds)."""
    return sorted({sid for sid, *_ in plan["add"]})

class EntityCorrectionsMixin(EntitiesMixin):
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

        self.recorded("entity.merge", f"merged {src.name!r} into {dst.name!r}",
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

        self.recorded("entity.rename", f"renamed {ent.name!r} to {new_name!r}",
                      {"entities": [ent.id]}, change)
        return self.get_entity(ent.id)

    def relabel_entity(self, ref: str | int, label: str) -> Entity:
        ent = self.find_entity(ref)
        label = label.upper()
        if label not in ENTITY_LABELS:
            raise InputError(f"unknown label {label!r}; use one of {', '.join(ENTITY_LABELS)}")
        self.recorded("entity.relabel", f"{ent.name!r} is now {label}",
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

        self.recorded("entity.reject", f"rejected {ent.name!r}", {"entities": [ent.id]}, change)
        return self.get_entity(ent.id)

    def add_user_entity(self, name: str, label: str, aliases: Iterable[str] = (), *,
                        find: AliasFinder) -> tuple[Entity, int]:
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
        plan = self._alias_plan(-1, [name, *aliases], find)  # -1: no entity has it yet

        def change(scope):
            nonlocal added
            c = self.conn
            c.execute("DELETE FROM rejected_names WHERE key = ?", (key,))
            eid = self.create_entity(name, label, aliases, status="confirmed")
            scope["entities"].append(eid)
            added = self._apply_alias_plan(eid, plan, "user")
            return eid

        scope: dict[str, list] = {"entities": sorted(plan["touched"] - {-1}), "mention_sources": _plan_sources(plan)}
        eid = self.recorded("entity.add", f"added entity {name!r}", scope, change)
        return self.get_entity(eid), added

    def _alias_plan(self, entity_id: int, names: Iterable[str], find: AliasFinder) -> dict:
        """Where the names ``names`` of entity ``entity_id`` occur in every source, and what the
        mentions already there become (read only; applied by :meth:`_apply_alias_plan`).

        An occurrence is added unless the same span is already this entity's, or a mention there
        was made or confirmed by the user. A proposed mention that overlaps it is a wrong span
        ("GPU Nvidia", "Nvidia AI" when "Nvidia" is confirmed): it is removed, and what is left of
        it becomes a mention of the entity with that name if there is one ("GPU"). Returns
        ``{"add": [(sid, start, end, text)], "drop": [mention ids], "rest": [(eid, sid, start, end,
        text)], "touched": {entity ids}, "split": n}``.
        """
        c = self.conn
        patterns = [(entity_id, n) for n in dict.fromkeys(names) if n.strip()]
        plan: dict = {"add": [], "drop": [], "rest": [], "touched": set(), "split": 0}
        if not patterns:
            return plan
        for sid, text in sources_with_names(c, [n for _e, n in patterns]):  # FTS: not every source
            found = find(text, patterns)
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

    def confirm_entity(self, ref: str | int, *, find: AliasFinder) -> tuple[Entity, int]:
        """Confirm an entity: its aliases become patterns found in every source, now and on later
        ingests.  Returns the entity and how many new mentions were found."""
        ent, added, _split = self.confirm_entity_report(ref, find=find)
        return ent, added

    def confirm_entity_report(self, ref: str | int, *, find: AliasFinder) -> tuple[Entity, int, int]:
        """:meth:`confirm_entity`, also returning how many of the new mentions were inside a wrong
        longer span ("GPU Nvidia" when confirming Nvidia), which was split or replaced."""
        ent = self.find_entity(ref)
        if ent.status == "rejected":
            raise WorkbenchError(f"{ent.name!r} was rejected; it cannot be confirmed (undo the rejection first)")
        added = 0
        names = [a for (a,) in self.conn.execute("SELECT alias FROM aliases WHERE entity_id = ?", (ent.id,))]
        plan = self._alias_plan(ent.id, names, find)

        def change(scope):
            nonlocal added
            self.conn.execute("UPDATE entities SET status = 'confirmed' WHERE id = ?", (ent.id,))
            added = self._apply_alias_plan(ent.id, plan, "rule")

        # every entity whose mentions change is in the undo scope, with the sources where they change
        scope = {"entities": [ent.id, *sorted(plan["touched"])], "mention_sources": _plan_sources(plan)}
        self.recorded("entity.confirm", f"confirmed {ent.name!r}", scope, change)
        return self.get_entity(ent.id), added, plan["split"]
