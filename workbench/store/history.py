"""The action log: provenance for every user action, and undo / redo.

Every undoable action records a *scope* (the claims and entities it touches), a snapshot of the
rows in that scope before, and one after.  Undo writes the "before" rows back; redo writes the
"after" rows back.  Because snapshots are whole rows, one mechanism serves claims, tags, links and
entity corrections alike, and undo survives a restart (it lives in the workspace, not in memory).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from typing import Any

from ..errors import WorkbenchError
from .db import Database, inserted_id, stored_path, utcnow

Scope = dict[str, list]  # {"claims": [ids], "entities": [ids]}; optional "mention_sources", "sources"


IN_CHUNK = 500  # ids per IN (...) list: SQLite allows 32,766 variables a statement (999 before 3.32)


def _chunks(ids: list) -> list[list]:
    return [ids[i:i + IN_CHUNK] for i in range(0, len(ids), IN_CHUNK)]


def _rows(conn: sqlite3.Connection, sql: str, ids: list) -> list[dict]:
    """The rows ``sql`` selects for ``ids``, however many (the IN list is sent in chunks; a row
    two chunks both select is kept once)."""
    out: list[dict] = []
    seen: set[tuple] = set()
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        params = chunk * sql.count("{marks}")
        for r in conn.execute(sql.format(marks=marks), params).fetchall():
            d = dict(r)
            key = tuple(d.items())
            if key not in seen:
                seen.add(key)
                out.append(d)
    return out


# Columns kept by triggers (the entities pane's counters): never recorded, compared or written back;
# the triggers keep them right as the rows they count come and go.
_DERIVED = {"entities": ("n_mentions", "n_sources")}


def _strip_derived(snap: dict[str, list[dict]]) -> dict[str, list[dict]]:
    for table, cols in _DERIVED.items():
        if any(c in row for row in snap.get(table, []) for c in cols):
            snap[table] = [{k: v for k, v in row.items() if k not in cols} for row in snap[table]]
    return snap


def _mentions(conn: sqlite3.Connection, ents: list, sources: list | None) -> list[dict]:
    """The mentions of the entities ``ents``; with ``sources``, only those in these sources.

    An action that changes mentions in a known set of sources (confirming an entity finds its
    names in some sources and splits the wrong spans there) says so with the scope's
    ``mention_sources``: its undo then records what it can change, not every mention of every
    entity it touched (confirming a frequent name touched 2,681 entities at 100,000 articles,
    and their whole mention lists made a 1.2 GB snapshot)."""
    if sources is None:
        return _rows(conn, "SELECT * FROM mentions WHERE entity_id IN ({marks})", ents)
    if not ents or not sources:
        return []
    wanted = json.dumps(sorted(set(ents)))
    out: list[dict] = []
    for chunk in _chunks(sorted(set(sources))):
        out.extend(dict(r) for r in conn.execute(
            f"SELECT * FROM mentions WHERE source_id IN ({','.join('?' * len(chunk))})"
            " AND entity_id IN (SELECT value FROM json_each(?))", [*chunk, wanted]))
    return out


def snapshot(conn: sqlite3.Connection, scope: Scope) -> dict[str, list[dict]]:
    claims = list(scope.get("claims", []))
    ents = list(scope.get("entities", []))
    snap: dict[str, list[dict]] = {
        "entities": _rows(conn, "SELECT * FROM entities WHERE id IN ({marks})", ents),
        "aliases": _rows(conn, "SELECT * FROM aliases WHERE entity_id IN ({marks})", ents),
        "mentions": _mentions(conn, ents, scope.get("mention_sources")),
        "rejected_names": _rows(conn, "SELECT * FROM rejected_names WHERE entity_id IN ({marks})", ents),
        "claims": _rows(conn, "SELECT * FROM claims WHERE id IN ({marks})", claims),
        "claim_tags": _rows(conn, "SELECT ct.claim_id, t.name AS tag FROM claim_tags ct JOIN tags t ON t.id = ct.tag_id"
                                  " WHERE ct.claim_id IN ({marks})", claims),
        "claim_links": _rows(conn, "SELECT * FROM claim_links WHERE from_claim IN ({marks}) OR to_claim IN ({marks})",
                             claims),
    }
    ce = _rows(conn, "SELECT * FROM claim_entities WHERE claim_id IN ({marks})", claims)
    ce += _rows(conn, "SELECT * FROM claim_entities WHERE entity_id IN ({marks})", ents)
    snap["claim_entities"] = [dict(t) for t in {tuple(sorted(d.items())) for d in ce}]
    if scope.get("sources"):  # source metadata (workbench source set): those columns only, never the text
        snap["source_meta"] = _rows(conn, "SELECT id, title, outlet, url, author, published_at, captured_at"
                                          " FROM sources WHERE id IN ({marks})", list(scope["sources"]))
    return _strip_derived(snap)


def _insert(conn: sqlite3.Connection, table: str, rows: list[dict]) -> None:
    for row in rows:
        cols = ",".join(f'"{c}"' for c in row)
        conn.execute(f"INSERT OR REPLACE INTO {table} ({cols}) VALUES ({','.join('?' * len(row))})",
                     list(row.values()))


# How a row of each snapshot table is identified, and whether a later change to it stops an undo.
# Claims and entities are what people edit: undoing an action over a claim or an entity that a later
# action changed would silently throw that later work away, so it is refused.  The rows hanging
# off them are restored where they still are as the action left them, and left alone otherwise.
_KEYS: dict[str, tuple[str, ...]] = {
    "entities": ("id",), "aliases": ("entity_id", "alias"), "mentions": ("id",),
    "rejected_names": ("key",), "claims": ("id",), "claim_tags": ("claim_id", "tag"),
    "claim_entities": ("claim_id", "entity_id"), "claim_links": ("from_claim", "to_claim"),
}
_STRICT = ("claims", "entities")
_PARENTS = ("entities", "claims")
_CHILDREN = ("aliases", "rejected_names", "mentions", "claim_tags", "claim_entities", "claim_links")


class UndoConflict(WorkbenchError):
    """A later action changed what this one changed: undoing it would lose that work."""


def _key(table: str, row: dict) -> tuple:
    return tuple(row.get(k) for k in _KEYS[table])


def _same(current: dict | None, recorded: dict | None) -> bool:
    """Is the current row what the action recorded?  Only the recorded columns count (a column a
    later migration added is not a change)."""
    if current is None or recorded is None:
        return current is None and recorded is None
    return all(current.get(k) == v for k, v in recorded.items())


def _delete(conn: sqlite3.Connection, table: str, row: dict) -> None:
    if table == "claim_tags":
        conn.execute("DELETE FROM claim_tags WHERE claim_id = ? AND tag_id = (SELECT id FROM tags WHERE name = ?)",
                     (row["claim_id"], row["tag"]))
        return
    keys = _KEYS[table]
    conn.execute(f"DELETE FROM {table} WHERE " + " AND ".join(f'"{k}" = ?' for k in keys),
                 [row[k] for k in keys])


def _put(conn: sqlite3.Connection, table: str, row: dict, live: dict[str, set]) -> None:
    """Write a recorded row back, where what it refers to still exists."""
    if table == "claim_tags":
        if row["claim_id"] in live["claims"]:
            conn.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", (row["tag"],))
            conn.execute("INSERT OR IGNORE INTO claim_tags (claim_id, tag_id) SELECT ?, id FROM tags WHERE name = ?",
                         (row["claim_id"], row["tag"]))
        return
    if table == "mentions":
        if row["source_id"] not in live["sources"] or row["entity_id"] not in live["entities"]:
            return
        # a span a rejected entity still holds is free; one taken meanwhile by a live entity stays with it
        conn.execute("DELETE FROM mentions WHERE source_id = ? AND start = ? AND end = ? AND entity_id IN"
                     " (SELECT id FROM entities WHERE status = 'rejected')", (row["source_id"], row["start"], row["end"]))
        cols = ",".join(f'"{c}"' for c in row)
        conn.execute(f"INSERT OR IGNORE INTO mentions ({cols}) VALUES ({','.join('?' * len(row))})", list(row.values()))
        return
    if table == "claims" and row["source_id"] not in live["sources"]:
        return
    if table in ("aliases", "rejected_names") and row.get("entity_id") not in live["entities"] | {None}:
        return
    if table == "claim_entities" and (row["claim_id"] not in live["claims"] or row["entity_id"] not in live["entities"]):
        return
    if table == "claim_links" and (row["from_claim"] not in live["claims"] or row["to_claim"] not in live["claims"]):
        return
    _insert(conn, table, [row])


def apply_change(conn: sqlite3.Connection, scope: Scope, frm: dict[str, list[dict]], to: dict[str, list[dict]],
                 *, what: str = "this action") -> None:
    """Turn what an action changed from ``frm`` into ``to`` (undo: after -> before; redo: before ->
    after), touching only the rows the action changed.  Rows made later (a mention from a later
    ingest, a claim linked later) are never touched.  Raises :class:`UndoConflict`, changing
    nothing, when a claim or entity the action changed has been changed since."""
    frm, to = _strip_derived(dict(frm)), _strip_derived(dict(to))  # snapshots written by older code
    plan = _plan(conn, scope, frm, to, what)
    for table in (*reversed(_CHILDREN), *reversed(_PARENTS)):  # remove what ``to`` does not have
        for x, y in plan[table]:
            if y is None and x is not None:
                _delete(conn, table, x)
    _write_back(conn, plan, to, frm)


Plan = dict[str, list[tuple[dict | None, dict | None]]]


def _plan(conn: sqlite3.Connection, scope: Scope, frm: dict[str, list[dict]], to: dict[str, list[dict]],
          what: str) -> Plan:
    """For each table, the (recorded, wanted) pairs of the rows to change; raises
    :class:`UndoConflict` when a claim or entity the action changed has been changed since."""
    now = snapshot(conn, scope)
    plan: Plan = {}
    for table in _KEYS:
        a = {_key(table, r): r for r in frm.get(table, [])}
        b = {_key(table, r): r for r in to.get(table, [])}
        cur = {_key(table, r): r for r in now.get(table, [])}
        steps = []
        for k in dict.fromkeys([*a, *b]):
            x, y = a.get(k), b.get(k)
            if x == y:
                continue
            if not _same(cur.get(k), x):
                if table in _STRICT:
                    kind = "claim" if table == "claims" else "entity"
                    raise UndoConflict(f"cannot undo or redo {what}: {kind} {k[0]} was changed since by a later "
                                       "action; undo that one first")
                continue  # a dependent row changed meanwhile: the later change stays
            steps.append((x, y))
        plan[table] = steps
    return plan


# the columns of each table's rows that refer to a source, an entity or a claim
_REFERS: dict[str, dict[str, tuple[str, ...]]] = {
    "sources": {"mentions": ("source_id",), "claims": ("source_id",)},
    "entities": {"mentions": ("entity_id",), "aliases": ("entity_id",), "rejected_names": ("entity_id",),
                 "claim_entities": ("entity_id",)},
    "claims": {"claim_tags": ("claim_id",), "claim_entities": ("claim_id",), "claim_links": ("from_claim", "to_claim")},
}


def _existing(conn: sqlite3.Connection, parent: str, plan: Plan, extra: Iterable[Any] = ()) -> set:
    """Which of the sources / entities / claims the rows to write refer to still exist: only
    those ids are looked up, so an undo costs what it restores, not what the workspace holds."""
    ids = {row.get(col) for table, cols in _REFERS[parent].items() for _x, row in plan[table] if row is not None
           for col in cols}
    wanted = list((ids | set(extra)) - {None})
    return {r[0] for part in _chunks(wanted)
            for r in conn.execute(f"SELECT id FROM {parent} WHERE id IN ({','.join('?' * len(part))})", part)}


def _write_back(conn: sqlite3.Connection, plan: Plan, to: dict[str, list[dict]], frm: dict[str, list[dict]]) -> None:
    """Write the wanted rows of ``plan``, parents first (where what they refer to still exists),
    then the source metadata ``to`` holds."""
    meta = to.get("source_meta", [])
    live = {"sources": _existing(conn, "sources", plan, (r["id"] for r in meta)), "entities": set(), "claims": set()}
    for table in (*_PARENTS, *_CHILDREN):
        if table == "claims":
            live["entities"] = _existing(conn, "entities", plan)
        if table == "aliases":
            live["claims"] = _existing(conn, "claims", plan)
        for x, y in plan[table]:
            if y is not None and x is not None and table in _PARENTS:
                keys = _KEYS[table]
                cols = [c for c in y if c not in keys]  # in place: a parent's delete would cascade
                conn.execute(f"UPDATE {table} SET " + ", ".join(f'"{c}" = ?' for c in cols) + " WHERE "
                             + " AND ".join(f'"{k}" = ?' for k in keys), [y[c] for c in cols] + [y[k] for k in keys])
            elif y is not None:
                if x is not None and table != "claim_tags":
                    _delete(conn, table, x)
                _put(conn, table, y, live)
    meta_before = {r["id"]: r for r in frm.get("source_meta", [])}
    for row in meta:  # source metadata (workbench source set): those columns only
        if meta_before.get(row["id"]) == row or row["id"] not in live["sources"]:
            continue
        cols = [c for c in row if c != "id"]
        conn.execute(f"UPDATE sources SET {', '.join(f'{c} = ?' for c in cols)} WHERE id = ?",
                     [row[c] for c in cols] + [row["id"]])


def restore(conn: sqlite3.Connection, scope: Scope, snap: dict[str, list[dict]]) -> None:
    """Make the rows in ``scope`` exactly what ``snap`` recorded (whatever they are now)."""
    apply_change(conn, scope, snapshot(conn, scope), snap)


def _who(author: str | None, session: str | None) -> tuple[str, list]:
    if session:
        return "session = ?", [session]
    if author is not None:
        return "author = ? AND session = ''", [author]
    return "1", []


class HistoryMixin(Database):
    """The action log.  Each entry records its author (:func:`workbench.config.author_name`) and
    session: the TUI gives itself one; on the command line it is ``$WORKBENCH_SESSION`` or
    ``--session``.  Undo and redo act on the caller's own actions -- the session's when there is one,
    else the author's actions made outside any session -- and on someone else's only when asked
    (``undo --author NAME`` / ``--anyone``)."""

    _author: str | None = None
    _session: str | None = None

    @property
    def author(self) -> str:
        if self._author is None:
            from ..config import author_name

            self._author = author_name()
        return self._author

    @author.setter
    def author(self, name: str) -> None:
        self._author = name

    @property
    def session(self) -> str:
        if self._session is None:
            import os

            self._session = " ".join(str(os.environ.get("WORKBENCH_SESSION") or "").split())[:100]
        return self._session

    @session.setter
    def session(self, name: str) -> None:
        self._session = name

    def log_action(self, action: str, summary: str, *, scope: Scope | None = None,
                   before: Any = None, after: Any = None, undoable: bool = True) -> int:
        """Append to the log (inside the caller's transaction).  A new undoable action drops the
        caller's own redo stack, as every editor does (someone else's stays theirs)."""
        if undoable:
            where, params = _who(self.author, self.session)
            self.conn.execute(f"UPDATE log SET state = 'dropped' WHERE state = 'undone' AND {where}", params)
        cur = self.conn.execute(
            "INSERT INTO log (at, action, summary, scope, before, after, state, author, session)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (utcnow(), action, stored_path(summary), json.dumps(scope or {}), json.dumps(before) if before is not None else None,
             json.dumps(after) if after is not None else None, "done" if undoable else "final", self.author,
             self.session),
        )
        return inserted_id(cur)

    def recorded(self, action: str, summary: str | Callable[[], str], scope: Scope,
                 change: Callable[[Scope], Any]) -> Any:
        """Run ``change()`` in one transaction, snapshotting ``scope`` before and after, and log it.
        ``scope`` may be extended by ``change`` (e.g. a new claim id) through the dict it gets.
        ``summary`` may be a function, called once ``change`` has run (to say what it changed): the
        log row is written with it, in the same transaction."""
        with self.tx() as conn:
            before = snapshot(conn, scope)
            result = change(scope)
            after = snapshot(conn, scope)
            if callable(summary):
                summary = summary()
            if before == after:  # logged for provenance, but nothing to undo and the redo stack stays
                self.log_action(action, f"{summary} (nothing changed)", scope=scope, undoable=False)
            else:
                self.log_action(action, summary, scope=scope, before=before, after=after)
        return result

    def history(self, limit: int = 50) -> list[dict]:
        """The newest ``limit`` entries.  An import conflict carries both versions of the claim
        (``ours``: the workspace's, ``theirs``: the file's)."""
        rows = self.conn.execute("SELECT id, at, author, session, action, summary, state,"
                                 " CASE WHEN action = 'evidence.conflict' THEN before END AS ours,"
                                 " CASE WHEN action = 'evidence.conflict' THEN after END AS theirs"
                                 " FROM log ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        out = []
        for r in rows:
            d = dict(r)
            ours, theirs = d.pop("ours"), d.pop("theirs")
            if ours is not None:
                d["ours"], d["theirs"] = json.loads(ours), json.loads(theirs or "null")
            out.append(d)
        return out

    def _pick(self, conn: sqlite3.Connection, state: str, author: str | None, session: str | None,
              anyone: bool) -> sqlite3.Row | None:
        if anyone:
            where, params = "1", []
        elif author is not None and not session:
            where, params = "author = ?", [author]
        else:
            where, params = _who(self.author, session if session is not None else self.session)
        order = "DESC" if state == "done" else "ASC"  # undo walks back, so the last undone has the lowest id
        return conn.execute(f"SELECT id, action, summary, scope, before, after, author FROM log WHERE state = ?"
                            f" AND before IS NOT NULL AND {where} ORDER BY id {order} LIMIT 1",
                            [state, *params]).fetchone()

    def _nothing(self, conn: sqlite3.Connection, state: str, verb: str, author: str | None,
                 session: str | None) -> WorkbenchError:
        other = conn.execute("SELECT author, summary FROM log WHERE state = ? AND before IS NOT NULL"
                             " ORDER BY id DESC LIMIT 1", (state,)).fetchone()
        if other is None:
            return WorkbenchError(f"nothing to {verb}")
        if session:
            whose = f"in session {session!r}"
        elif self.session and author is None:
            whose = "in this session"
        else:
            whose = f"by {author or self.author}"
        latest = " ".join(other["summary"].split())[:60]
        return WorkbenchError(f"nothing to {verb} {whose} (the latest action {'undone ' if state == 'undone' else ''}"
                              f"by anyone is {other['author'] or 'unknown'}'s {latest!r}: {verb} it with --author NAME"
                              " or --anyone)")

    def undo(self, *, author: str | None = None, session: str | None = None, anyone: bool = False) -> str:
        """Undo the caller's latest action still done (or ``author``'s, or anyone's).  Returns its
        summary.  Only what that action changed is restored; later work is kept, and an action
        whose claims or entities were changed since is refused (:class:`UndoConflict`)."""
        with self.tx() as conn:
            row = self._pick(conn, "done", author, session, anyone)
            if row is None:
                raise self._nothing(conn, "done", "undo", author, session)
            apply_change(conn, json.loads(row["scope"]), json.loads(row["after"]) if row["after"] else {},
                         json.loads(row["before"]), what=repr(" ".join(row["summary"].split())[:60]))
            conn.execute("UPDATE log SET state = 'undone' WHERE id = ?", (row["id"],))
            self.log_action("undo", row["summary"] + (f" (by {row['author']})" if row["author"] != self.author else ""),
                            undoable=False)
        return row["summary"]

    def redo(self, *, author: str | None = None, session: str | None = None, anyone: bool = False) -> str:
        """Redo the caller's most recently undone action."""
        with self.tx() as conn:
            row = self._pick(conn, "undone", author, session, anyone)
            if row is None:
                raise self._nothing(conn, "undone", "redo", author, session)
            apply_change(conn, json.loads(row["scope"]), json.loads(row["before"]),
                         json.loads(row["after"]) if row["after"] else {},
                         what=repr(" ".join(row["summary"].split())[:60]))
            conn.execute("UPDATE log SET state = 'done' WHERE id = ?", (row["id"],))
            self.log_action("redo", row["summary"], undoable=False)
        return row["summary"]
