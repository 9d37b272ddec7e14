"""Schema and migrations of a workspace file.

A workspace is an SQLite file whose ``application_id`` is :data:`APPLICATION_ID` and whose
``user_version`` is the schema version.  Migrations are plain functions, one per version step, run
in a single transaction so a half-migrated workspace cannot exist.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

APPLICATION_ID = 0x57424E43  # "WBNC"

# bm25 column weights of sources_fts (title, text), as search computes them.  They equal the rank
# configured for the table in SCHEMA_V1 (a test checks), so `ORDER BY rank` gives the same order.
SOURCES_FTS_WEIGHTS = "4.0, 1.0"

SCHEMA_V1 = """
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


def _v0_to_v1(conn: sqlite3.Connection) -> None:
    for statement in _split_sql(SCHEMA_V1):
        conn.execute(statement)


def _split_sql(script: str) -> list[str]:
    """Split a DDL script on statement boundaries (triggers contain inner semicolons)."""
    out, buf = [], []
    for line in script.splitlines():
        buf.append(line)
        joined = "\n".join(buf).strip()
        if joined.endswith(";") and sqlite3.complete_statement(joined):
            out.append(joined)
            buf = []
    if "\n".join(buf).strip():
        out.append("\n".join(buf).strip())
    return out


SCHEMA_V2_PASSAGES = """
CREATE TABLE passages (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    ents TEXT NOT NULL DEFAULT '',
    nums TEXT NOT NULL DEFAULT '',
    terms TEXT NOT NULL DEFAULT ''
);
CREATE INDEX passages_source ON passages(source_id, start);
CREATE VIRTUAL TABLE passages_fts USING fts5(
    ents, nums, terms, content='passages', content_rowid='id',
    tokenize='unicode61 remove_diacritics 0', detail='column'
);
CREATE TRIGGER passages_ai AFTER INSERT ON passages BEGIN
    INSERT INTO passages_fts(rowid, ents, nums, terms) VALUES (new.id, new.ents, new.nums, new.terms);
END;
CREATE TRIGGER passages_ad AFTER DELETE ON passages BEGIN
    INSERT INTO passages_fts(passages_fts, rowid, ents, nums, terms) VALUES ('delete', old.id, old.ents, old.nums, old.terms);
END;
CREATE TRIGGER passages_au AFTER UPDATE OF ents, nums, terms ON passages BEGIN
    INSERT INTO passages_fts(passages_fts, rowid, ents, nums, terms) VALUES ('delete', old.id, old.ents, old.nums, old.terms);
    INSERT INTO passages_fts(rowid, ents, nums, terms) VALUES (new.id, new.ents, new.nums, new.terms);
END;
"""


def _v1_to_v2(conn: sqlite3.Connection) -> None:
    """Passages for cross-source corroboration (workbench/evidence/passages.py).  Existing sources
    are indexed lazily on the first corroborate query (or ``workbench corroborate --reindex``)."""
    for statement in _split_sql(SCHEMA_V2_PASSAGES):
        conn.execute(statement)


def _v2_to_v3(conn: sqlite3.Connection) -> None:
    """New passages reach ``passages_fts`` through one ``INSERT ... SELECT`` per source, written by
    ``workbench/evidence/passages.py:index_source`` (a trigger per row cost twice as much at
    ingest).  Deletes and updates still go through their triggers."""
    conn.execute("DROP TRIGGER IF EXISTS passages_ai")


def _add_passage_vectors(conn: sqlite3.Connection) -> None:
    """Sentence vectors of passages (``workbench/store/vectors.py``): a quantised vector and a sign
    signature per passage, deleted with it.  The passages indexed before are dropped (derived
    data: the next corroboration query, or the TUI's background indexer, rebuilds them with their
    vectors)."""
    conn.execute("CREATE TABLE passage_vectors (passage_id INTEGER PRIMARY KEY"
                 " REFERENCES passages(id) ON DELETE CASCADE, vec BLOB NOT NULL)")
    conn.execute("CREATE TABLE passage_sigs (passage_id INTEGER PRIMARY KEY"
                 " REFERENCES passages(id) ON DELETE CASCADE, source_id INTEGER NOT NULL, sig BLOB NOT NULL)")
    conn.execute("DELETE FROM passages")
    conn.execute("INSERT INTO passages_fts(passages_fts) VALUES ('delete-all')")


# MIGRATIONS[n] moves a workspace from version n to n + 1.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v0_to_v1, _v1_to_v2, _v2_to_v3, _add_passage_vectors]
SCHEMA_VERSION = len(MIGRATIONS)
