"""Hostile search queries: FTS5 syntax and operators, injection attempts, huge queries."""

from __future__ import annotations

import sqlite3

import pytest

from .conftest import assert_no_traceback, assert_one_line_error, run_cli

QUERIES = ['"', '""', 'AND', 'OR', 'NOT', 'gobierno AND', 'AND gobierno', 'NEAR(', 'NEAR(gobierno', 'NEAR(a b',
           '*', 'gob*', '*gob', 'col:x', 'title:gobierno', 'text:', '^', '^gobierno', "'; DROP TABLE sources; --",
           '"; DROP TABLE sources; --', '(', ')', '((gobierno)', '-gobierno', '+', '{title}: x', '{', 'a:b:c',
           '\\', '%', '_', 'é', '💥', 'NEAR(gobierno euros, -1)', 'gobierno NOT', '"unterminated', '\t', 'null',
           'gobierno OR euros', '"inteligencia artificial"', 'inteligencia NEAR/2 artificial']


@pytest.mark.parametrize("query", QUERIES)
def test_search_api_never_raises_unexpected(ws_path, query):
    """Through the data layer: either hits or a QueryError (one line), never sqlite3 errors."""
    from workbench.errors import QueryError
    from workbench.store import Workspace

    with Workspace(ws_path) as ws:
        try:
            hits = ws.search(query)
        except QueryError as exc:
            assert "\n" not in str(exc) and str(exc)
        else:
            assert isinstance(hits, list)
        assert ws.source_count() == 3


@pytest.mark.parametrize("query", ['"', 'NEAR(', 'col:x', "'; DROP TABLE sources; --", 'AND', '^', '*', 'gob*',
                                   "x" * 100_000, "gobierno " * 3000, '"inteligencia artificial"'])
def test_search_cli(ws_path, query):
    r = run_cli("search", query, "--db", ws_path)
    assert_no_traceback(r)
    if r.code != 0:
        line = assert_one_line_error(r)
        assert len(line) < 300, "the error line echoes a huge query"
    else:
        assert len(r.err_lines) <= 1  # "no matches" at most
    c = sqlite3.connect(ws_path)
    assert c.execute("SELECT count(*) FROM sources").fetchone()[0] == 3
    assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_search_json_is_json(ws_path):
    import json

    r = run_cli("search", "gobierno", "--json", "--db", ws_path)
    assert r.code == 0
    assert isinstance(json.loads(r.out), list)
