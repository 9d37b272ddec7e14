"""The action log: provenance for every user action, and undo / redo.

Every undoable action records a *scope* (the claims and entities it touches), a snapshot of the
rows in that scope before, and one after.  Undo writes the "before" rows back; redo writes the
"after" rows back.  Because snapshots are whole rows, one mechanism serves claims, tags, links and
entity corrections alike, and undo survives a restart (it lives in the workspace, not in memory).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from ..errors import WorkbenchError
from .db import utcnow

Scope = dict[str, list]  # {"claims": [ids], "entities": [ids]}


def _rows(conn: sqlite3.Connection, sql: str, ids: list) -> list[dict]:
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    params = ids * sql.count("{marks}")
    return [dict(r) for r in conn.execute(sql.format(marks=marks), params).fetchall()]


def snapshot(conn: sqlite3.Connection, scope: Scope) -> dict[str, list[dict]]:
    claims = list(scope.get("claims", []))
    ents = list(scope.get("entities", []))
    snap: dict[str, list[dict]] = {
        "entities": _rows(conn, "SELECT * FROM entities WHERE id IN ({marks})", ents),
        "aliases": _rows(conn, "SELECT * FROM aliases WHERE entity_id IN ({marks})", ents),
        "mentions": _rows(conn, "SELECT * FROM mentions WHERE entity_id IN ({marks})", ents),
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
    return snap


def _insert(conn: sqlite3.Connection, table: str, rows: list[dict]) -> None:
    for row in rows:
        cols = ",".join(f'"{c}"' for c in row)
        conn.execute(f"INSERT OR REPLACE INTO {table} ({cols}) VALUES ({','.join('?' * len(row))})",
                     list(row.values()))


def restore(conn: sqlite3.Connection, scope: Scope, snap: dict[str, list[dict]]) -> None:
    """Make the rows in ``scope`` exactly what ``snap`` recorded."""
    claims = list(scope.get("claims", []))
    ents = list(scope.get("entities", []))
    if claims:
        m = ",".join("?" * len(claims))
        conn.execute(f"DELETE FROM claim_links WHERE from_claim IN ({m}) OR to_claim IN ({m})", claims + claims)
        conn.execute(f"DELETE FROM claim_entities WHERE claim_id IN ({m})", claims)
        conn.execute(f"DELETE FROM claim_tags WHERE claim_id IN ({m})", claims)
        conn.execute(f"DELETE FROM claims WHERE id IN ({m})", claims)
    if ents:
        m = ",".join("?" * len(ents))
        conn.execute(f"DELETE FROM claim_entities WHERE entity_id IN ({m})", ents)
        conn.execute(f"DELETE FROM rejected_names WHERE entity_id IN ({m})", ents)
        conn.execute(f"DELETE FROM mentions WHERE entity_id IN ({m})", ents)
        conn.execute(f"DELETE FROM aliases WHERE entity_id IN ({m})", ents)
        conn.execute(f"DELETE FROM entities WHERE id IN ({m})", ents)
    _insert(conn, "entities", snap.get("entities", []))
    _insert(conn, "aliases", snap.get("aliases", []))
    existing_sources = {r[0] for r in conn.execute("SELECT id FROM sources")}
    for row in snap.get("mentions", []):
        if row["source_id"] not in existing_sources:
            continue
        # a mention span taken meanwhile by another entity stays with it
        conn.execute("DELETE FROM mentions WHERE source_id = ? AND start = ? AND end = ? AND entity_id NOT IN"
                     " (SELECT id FROM entities WHERE status != 'rejected')",
                     (row["source_id"], row["start"], row["end"]))
        cols = ",".join(f'"{c}"' for c in row)
        conn.execute(f"INSERT OR IGNORE INTO mentions ({cols}) VALUES ({','.join('?' * len(row))})",
                     list(row.values()))
    _insert(conn, "rejected_names", snap.get("rejected_names", []))
    live_claims = [c for c in snap.get("claims", []) if c["source_id"] in existing_sources]
    _insert(conn, "claims", live_claims)
    live_ids = {c["id"] for c in conn.execute("SELECT id FROM claims")} if snap.get("claim_links") else set()
    for row in snap.get("claim_tags", []):
        conn.execute("INSERT OR IGNORE INTO tags (name) VALUES (?)", (row["tag"],))
        conn.execute("INSERT OR IGNORE INTO claim_tags (claim_id, tag_id) SELECT ?, id FROM tags WHERE name = ?",
                     (row["claim_id"], row["tag"]))
    live_entities = {r[0] for r in conn.execute("SELECT id FROM entities")}
    live_claim_ids = {r[0] for r in conn.execute("SELECT id FROM claims")}
    _insert(conn, "claim_entities", [r for r in snap.get("claim_entities", [])
                                     if r["entity_id"] in live_entities and r["claim_id"] in live_claim_ids])
    _insert(conn, "claim_links", [r for r in snap.get("claim_links", [])
                                  if r["from_claim"] in live_ids and r["to_claim"] in live_ids])
    for row in snap.get("source_meta", []):
        cols = [c for c in row if c != "id"]
        conn.execute(f"UPDATE sources SET {', '.join(f'{c} = ?' for c in cols)} WHERE id = ?",
                     [row[c] for c in cols] + [row["id"]])


from .sources import stored_path  # noqa: E402  (a file name with non-UTF-8 bytes can be in a summary)


class HistoryMixin:
    conn: sqlite3.Connection

    def log_action(self, action: str, summary: str, *, scope: Scope | None = None,
                   before: Any = None, after: Any = None, undoable: bool = True) -> int:
        """Append to the log (inside the caller's transaction).  A new undoable action drops the
        redo stack, as every editor does."""
        if undoable:
            self.conn.execute("UPDATE log SET state = 'dropped' WHERE state = 'undone'")
        cur = self.conn.execute(
            "INSERT INTO log (at, action, summary, scope, before, after, state) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (utcnow(), action, stored_path(summary), json.dumps(scope or {}), json.dumps(before) if before is not None else None,
             json.dumps(after) if after is not None else None, "done" if undoable else "final"),
        )
        return int(cur.lastrowid)

    def recorded(self, action: str, summary: str, scope: Scope, change) -> Any:
        """Run ``change()`` in one transaction, snapshotting ``scope`` before and after, and log it.
        ``scope`` may be extended by ``change`` (e.g. a new claim id) through the dict it gets."""
        with self.tx() as conn:  # type: ignore[attr-defined]
            before = snapshot(conn, scope)
            result = change(scope)
            after = snapshot(conn, scope)
            if before == after:  # logged for provenance, but nothing to undo and the redo stack stays
                self.log_action(action, f"{summary} (nothing changed)", scope=scope, undoable=False)
            else:
                self.log_action(action, summary, scope=scope, before=before, after=after)
        return result

    def history(self, limit: int = 50) -> list[dict]:
        rows = self.conn.execute("SELECT id, at, action, summary, state FROM log ORDER BY id DESC LIMIT ?",
                                 (limit,)).fetchall()
        return [dict(r) for r in rows]

    def undo(self) -> str:
        """Undo the latest action still done.  Returns its summary."""
        with self.tx() as conn:  # type: ignore[attr-defined]
            row = conn.execute("SELECT id, action, summary, scope, before FROM log WHERE state = 'done'"
                               " AND before IS NOT NULL ORDER BY id DESC LIMIT 1").fetchone()
            if row is None:
                raise WorkbenchError("nothing to undo")
            restore(conn, json.loads(row["scope"]), json.loads(row["before"]))
            conn.execute("UPDATE log SET state = 'undone' WHERE id = ?", (row["id"],))
            conn.execute("INSERT INTO log (at, action, summary, state) VALUES (?, 'undo', ?, 'final')",
                         (utcnow(), row["summary"]))
        return row["summary"]

    def redo(self) -> str:
        """Redo the most recently undone action."""
        with self.tx() as conn:  # type: ignore[attr-defined]
            # undo walks back from the newest action, so the last one undone has the lowest id
            row = conn.execute("SELECT id, summary, scope, after FROM log WHERE state = 'undone'"
                               " ORDER BY id ASC LIMIT 1").fetchone()
            if row is None:
                raise WorkbenchError("nothing to redo")
            restore(conn, json.loads(row["scope"]), json.loads(row["after"]))
            conn.execute("UPDATE log SET state = 'done' WHERE id = ?", (row["id"],))
            conn.execute("INSERT INTO log (at, action, summary, state) VALUES (?, 'redo', ?, 'final')",
                         (utcnow(), row["summary"]))
        return row["summary"]
