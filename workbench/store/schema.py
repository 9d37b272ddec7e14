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


def _add_ui_settings(conn: sqlite3.Connection) -> None:
    """Settings the TUI remembers across restarts (claims pane scope, last open source): kept in
    the workspace, not a config file, because they belong to this workspace's sources."""
    conn.execute("CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def _add_authorship(conn: sqlite3.Connection) -> None:
    """Who did what: every log entry records its author (config name or login) and the session
    that made it (the TUI's, or ``$WORKBENCH_SESSION`` / ``--session`` on the command line), so undo
    can act on the caller's own actions; every claim records who created it and who last set its
    status, and when.  Existing rows get '' (unknown)."""
    for sql in ("ALTER TABLE log ADD COLUMN author TEXT NOT NULL DEFAULT ''",
                "ALTER TABLE log ADD COLUMN session TEXT NOT NULL DEFAULT ''",
                "ALTER TABLE claims ADD COLUMN created_by TEXT NOT NULL DEFAULT ''",
                "ALTER TABLE claims ADD COLUMN status_by TEXT NOT NULL DEFAULT ''",
                "ALTER TABLE claims ADD COLUMN status_at TEXT NOT NULL DEFAULT ''",
                "CREATE INDEX log_undo ON log(state, author, session)"):
        conn.execute(sql)


def _add_source_metadata(conn: sqlite3.Connection) -> None:
    """What an editor needs to cite a source: its URL, author, publication date and capture date
    (ISO-8601 text, '' when unknown; ``outlet`` exists already), filled at ingest from the file's
    own metadata and corrected by ``workbench source set``.  ``source_pages`` maps the pages of a
    paged document (a PDF) onto its stored text: page ``page`` (1-based) is ``text[start:end]``."""
    for col in ("url", "author", "published_at", "captured_at"):
        conn.execute(f"ALTER TABLE sources ADD COLUMN {col} TEXT NOT NULL DEFAULT ''")
    conn.execute("""CREATE TABLE source_pages (
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    page INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    PRIMARY KEY (source_id, page)
)""")


SCALE_COUNTERS = """
ALTER TABLE entities ADD COLUMN n_mentions INTEGER NOT NULL DEFAULT 0;
ALTER TABLE entities ADD COLUMN n_sources INTEGER NOT NULL DEFAULT 0;
CREATE INDEX mentions_entity_source ON mentions(entity_id, source_id);
DROP INDEX IF EXISTS mentions_entity;
UPDATE entities SET
    n_mentions = (SELECT count(*) FROM mentions m WHERE m.entity_id = entities.id),
    n_sources = (SELECT count(DISTINCT m.source_id) FROM mentions m WHERE m.entity_id = entities.id);
CREATE INDEX entities_rank ON entities(n_mentions DESC, name COLLATE NOCASE);
CREATE TRIGGER entities_counts_ai AFTER INSERT ON entities BEGIN
    UPDATE entities SET
        n_mentions = (SELECT count(*) FROM mentions m WHERE m.entity_id = new.id),
        n_sources = (SELECT count(DISTINCT m.source_id) FROM mentions m WHERE m.entity_id = new.id)
    WHERE id = new.id AND (n_mentions != 0 OR n_sources != 0 OR EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = new.id));
END;
CREATE TRIGGER mentions_counts_ai AFTER INSERT ON mentions BEGIN
    UPDATE entities SET n_mentions = n_mentions + 1,
        n_sources = n_sources + NOT EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = new.entity_id
                                            AND m.source_id = new.source_id AND m.id != new.id)
    WHERE id = new.entity_id;
END;
CREATE TRIGGER mentions_counts_ad AFTER DELETE ON mentions BEGIN
    UPDATE entities SET n_mentions = n_mentions - 1,
        n_sources = n_sources - NOT EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = old.entity_id
                                            AND m.source_id = old.source_id)
    WHERE id = old.entity_id;
END;
CREATE TRIGGER mentions_counts_au AFTER UPDATE OF entity_id, source_id ON mentions BEGIN
    UPDATE entities SET n_mentions = n_mentions - 1,
        n_sources = n_sources - NOT EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = old.entity_id
                                            AND m.source_id = old.source_id)
    WHERE id = old.entity_id;
    UPDATE entities SET n_mentions = n_mentions + 1,
        n_sources = n_sources + NOT EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = new.entity_id
                                            AND m.source_id = new.source_id AND m.id != new.id)
    WHERE id = new.entity_id;
END;

CREATE INDEX log_undone ON log(state) WHERE state = 'undone';

CREATE TABLE row_counts (name TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
INSERT INTO row_counts (name, n) VALUES
    ('sources', (SELECT count(*) FROM sources)),
    ('entities', (SELECT count(*) FROM entities WHERE status != 'rejected'));
CREATE TRIGGER sources_count_ai AFTER INSERT ON sources BEGIN
    UPDATE row_counts SET n = n + 1 WHERE name = 'sources';
END;
CREATE TRIGGER sources_count_ad AFTER DELETE ON sources BEGIN
    UPDATE row_counts SET n = n - 1 WHERE name = 'sources';
END;
CREATE TRIGGER entities_count_ai AFTER INSERT ON entities WHEN new.status != 'rejected' BEGIN
    UPDATE row_counts SET n = n + 1 WHERE name = 'entities';
END;
CREATE TRIGGER entities_count_ad AFTER DELETE ON entities WHEN old.status != 'rejected' BEGIN
    UPDATE row_counts SET n = n - 1 WHERE name = 'entities';
END;
CREATE TRIGGER entities_count_au AFTER UPDATE OF status ON entities
    WHEN (old.status = 'rejected') != (new.status = 'rejected') BEGIN
    UPDATE row_counts SET n = n + (CASE WHEN new.status = 'rejected' THEN -1 ELSE 1 END) WHERE name = 'entities';
END;

CREATE VIRTUAL TABLE entity_names USING fts5(
    names, tokenize='unicode61 remove_diacritics 2', prefix='1 2 3', detail='column'
);
INSERT INTO entity_names (rowid, names)
    SELECT entity_id, group_concat(alias, ' | ') FROM aliases GROUP BY entity_id;
CREATE TRIGGER aliases_names_ai AFTER INSERT ON aliases BEGIN
    DELETE FROM entity_names WHERE rowid = new.entity_id;
    INSERT INTO entity_names (rowid, names)
        SELECT new.entity_id, group_concat(alias, ' | ') FROM aliases WHERE entity_id = new.entity_id;
END;
CREATE TRIGGER aliases_names_ad AFTER DELETE ON aliases BEGIN
    DELETE FROM entity_names WHERE rowid = old.entity_id;
    INSERT INTO entity_names (rowid, names)
        SELECT old.entity_id, group_concat(alias, ' | ') FROM aliases WHERE entity_id = old.entity_id
        HAVING count(*) > 0;
END;
"""


def _add_scale_counters(conn: sqlite3.Connection) -> None:
    """What lists and counts read instead of scanning every row (issue 18): each entity's mention
    and source counts kept by triggers (and an index in the order the entities pane shows them),
    the number of sources and of live entities in ``row_counts``, and ``entity_names``, an FTS
    index over each entity's names (one row per entity, rowid = entity id) for the entities
    filter.  ``log_undone`` (a partial index) lets each new action drop the undone actions
    without reading the whole log, which holds a row per ingested file.  Existing workspaces are
    filled in here, once."""
    for statement in _split_sql(SCALE_COUNTERS):
        conn.execute(statement)


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


def _add_search_prefixes(conn: sqlite3.Connection) -> None:
    """Prefix indexes of two and three characters on ``sources_fts``, for search as you type.
    Without them a two-letter prefix reads and merges the doclists of every indexed word that
    starts with it (``pr*``: 0.4-0.9 s on 100,000 articles; ``con*`` 0.3-0.6 s); with them it is
    one doclist (15 ms with the ranking cut of ``search.ranked_ids``).  They cost space: a file of
    100,000 synthetic articles and their index alone grew from 593 to 821 MB (two characters
    alone, 691 MB, left three-letter prefixes at 0.2-0.35 s).  The table is made again and
    rebuilt from ``sources`` (its triggers name it and stay), once: 84 s for 100,000 articles (the
    file grew from 636 to 868 MB), and the command line says so before it starts."""
    conn.execute("DROP TABLE sources_fts")
    conn.execute("CREATE VIRTUAL TABLE sources_fts USING fts5(title, text, content='sources', content_rowid='id',"
                 " tokenize='unicode61 remove_diacritics 2', prefix='2 3')")
    conn.execute("INSERT INTO sources_fts(sources_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0)')")
    conn.execute("INSERT INTO sources_fts(sources_fts) VALUES ('rebuild')")


def _add_source_vectors(conn: sqlite3.Connection) -> None:
    """A document vector per indexed source (``workbench/store/vectors.py``): the length-weighted
    mean of its passages' vectors, quantised, which corroboration compares for a few hundred
    candidate sources a query (computing them from the passages' vectors cost 50-70 ms a query at
    5,000 articles).  Written when a source is indexed, and for older indexes the first time a
    query needs it; a trigger forgets it whenever a passage of its source is deleted (re-indexed,
    the source removed), so it never outlives the passages it was made of."""
    conn.execute("CREATE TABLE IF NOT EXISTS source_vectors (source_id INTEGER PRIMARY KEY"
                 " REFERENCES sources(id) ON DELETE CASCADE, vec BLOB NOT NULL)")
    conn.execute("CREATE TRIGGER IF NOT EXISTS passages_forget_source_vector AFTER DELETE ON passages"
                 " BEGIN DELETE FROM source_vectors WHERE source_id = old.source_id; END")


# MIGRATIONS[n] moves a workspace from version n to n + 1.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _v0_to_v1, _v1_to_v2, _v2_to_v3, _add_ui_settings, _add_authorship, _add_source_metadata,
    _add_passage_vectors, _add_scale_counters, _add_search_prefixes, _add_source_vectors,
]
SCHEMA_VERSION = len(MIGRATIONS)
