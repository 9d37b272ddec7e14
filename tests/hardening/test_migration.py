"""A workspace written by the previous schema version (v1) keeps every claim when opened by the
current code.  The v1 DDL below is a frozen copy: do not edit it when the schema changes."""

from __future__ import annotations

import json
import sqlite3

from .conftest import run_cli

FROZEN_V1 = """
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    outlet TEXT NOT NULL DEFAULT '',
    lang TEXT NOT NULL DEFAULT 'und',
    lang_detected TEXT NOT NULL DEFAULT 'und',
    text TEXT NOT NULL,
    chars INTEGER NOT NULL,
    added_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX sources_path ON sources(path);

CREATE VIRTUAL TABLE sources_fts USING fts5(
    title, text, content='sources', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);
INSERT INTO sources_fts(sources_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0)');
CREATE TRIGGER sources_ai AFTER INSERT ON sources BEGIN
    INSERT INTO sources_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER sources_ad AFTER DELETE ON sources BEGIN
    INSERT INTO sources_fts(sources_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER sources_au AFTER UPDATE OF title, text ON sources BEGIN
    INSERT INTO sources_fts(sources_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO sources_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;

CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT 'MISC',
    status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'confirmed', 'rejected')),
    created TEXT NOT NULL
);

CREATE TABLE aliases (
    entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    alias TEXT NOT NULL,
    key TEXT NOT NULL,
    PRIMARY KEY (entity_id, alias)
);
CREATE INDEX aliases_key ON aliases(key);

CREATE TABLE mentions (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('model', 'rule', 'user')),
    UNIQUE (source_id, start, end)
);
CREATE INDEX mentions_entity ON mentions(entity_id);

CREATE TABLE rejected_names (
    key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    entity_id INTEGER,
    at TEXT NOT NULL
);

CREATE TABLE claims (
    id TEXT PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    quote TEXT NOT NULL,
    prefix TEXT NOT NULL DEFAULT '',
    suffix TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'unverified',
    note TEXT NOT NULL DEFAULT '',
    orphaned INTEGER NOT NULL DEFAULT 0,
    created TEXT NOT NULL,
    modified TEXT NOT NULL
);
CREATE INDEX claims_source ON claims(source_id, start);

CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
CREATE TABLE claim_tags (
    claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (claim_id, tag_id)
);
CREATE TABLE claim_entities (
    claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    PRIMARY KEY (claim_id, entity_id)
);
CREATE INDEX claim_entities_entity ON claim_entities(entity_id);
CREATE TABLE claim_links (
    from_claim TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    to_claim TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    relation TEXT NOT NULL CHECK (relation IN ('corroborates', 'contradicts')),
    created TEXT NOT NULL,
    PRIMARY KEY (from_claim, to_claim)
);
CREATE INDEX claim_links_to ON claim_links(to_claim);

CREATE TABLE log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    action TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    scope TEXT NOT NULL DEFAULT '{}',
    before TEXT,
    after TEXT,
    state TEXT NOT NULL DEFAULT 'done' CHECK (state IN ('done', 'undone', 'dropped', 'final'))
);
"""

TEXT = ("El Gobierno de España anunció 500 millones 👨‍👩‍👧 para Pedro Sánchez.\n\nLa oposición criticó el plan "
        "en Madrid, y el ministro respondió.\n")
T = "2026-01-01T00:00:00.000Z"


def _build_v1(path) -> list[dict]:
    c = sqlite3.connect(path)
    c.executescript(FROZEN_V1)
    c.execute("PRAGMA application_id = 1463963203")  # 0x57424E43
    c.execute("PRAGMA user_version = 1")
    c.execute("INSERT INTO sources VALUES (1, 'abc123', '/a.txt', 'El Gobierno', '', 'es', 'es', ?, ?, ?, ?)",
              (TEXT, len(TEXT), T, T))
    c.execute("INSERT INTO entities VALUES (1, 'Pedro Sánchez', 'PER', 'confirmed', ?)", (T,))
    c.execute("INSERT INTO aliases VALUES (1, 'Pedro Sánchez', 'pedro sanchez')")
    s = TEXT.index("Pedro Sánchez")
    c.execute("INSERT INTO mentions VALUES (1, 1, 1, ?, ?, 'Pedro Sánchez', 'model')", (s, s + 13))
    claims = []
    for i, quote in enumerate(["El Gobierno de España", "500 millones 👨‍👩‍👧", "La oposición criticó el plan"]):
        st = TEXT.index(quote)
        cid = f"00000000-0000-4000-8000-00000000000{i}"
        c.execute("INSERT INTO claims VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
                  (cid, st, st + len(quote), quote, TEXT[max(0, st - 32):st], TEXT[st + len(quote):st + len(quote) + 32],
                   ["unverified", "verified", "disputed"][i] if i < 2 else "unverified", f"nota {i}", T, T))
        claims.append({"id": cid, "start": st, "end": st + len(quote), "quote": quote, "note": f"nota {i}"})
    c.execute("INSERT INTO tags VALUES (1, 'economía')")
    c.execute("INSERT INTO claim_tags VALUES (?, 1)", (claims[0]["id"],))
    c.execute("INSERT INTO claim_entities VALUES (?, 1)", (claims[1]["id"],))
    c.execute("INSERT INTO claim_links VALUES (?, ?, 'contradicts', ?)", (claims[2]["id"], claims[0]["id"], T))
    c.execute("INSERT INTO log (at, action, summary) VALUES (?, 'claim.add', 'x')", (T,))
    c.commit()
    c.close()
    return claims


def test_frozen_v1_matches_the_shipped_v1_migration():
    """If the v1 DDL in schema.py is edited in place, old workspaces will not get the edit: add a
    migration step instead."""
    from workbench.store.schema import SCHEMA_V1

    assert " ".join(SCHEMA_V1.split()) == " ".join(FROZEN_V1.split())


def test_v1_workspace_keeps_every_claim(tmp_path):
    from workbench.store.schema import SCHEMA_VERSION

    db = tmp_path / "v1.db"
    claims = _build_v1(db)
    r = run_cli("claims", "--json", "--db", db)
    assert r.code == 0 and "Traceback" not in r.err, r.err
    got = {c["id"]: c for c in json.loads(r.out)}
    assert set(got) == {c["id"] for c in claims}
    for c in claims:
        g = got[c["id"]]
        assert (g["start"], g["end"], g["quote"], g["note"]) == (c["start"], c["end"], c["quote"], c["note"])
        assert TEXT[g["start"]:g["end"]] == g["quote"]
    assert got[claims[0]["id"]]["tags"] == ["economía"]
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM claim_links").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM claim_entities").fetchone()[0] == 1
    r = run_cli("search", "oposición", "--db", db)
    assert r.code == 0 and "El Gobierno" in r.out, r.err
