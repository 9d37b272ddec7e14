"""Full-text search: accents, phrases, prefixes, booleans, snippets, and bad queries."""

from __future__ import annotations

import pytest

from workbench.errors import QueryError
from workbench.store import Workspace


@pytest.fixture
def ws(tmp_path):
    ws = Workspace(tmp_path / "w.db")
    texts = {
        "es": "Twitter compra GPU\n\nLa inteligencia artificial de Twitter usa unas 10.000 GPU de Nvidia.",
        "pt": "Musk e a IA\n\nA inteligência artificial do Twitter e a carta aberta de Elon Musk.",
        "it": "L'intelligenza artificiale\n\nElon Musk investe sull'intelligenza artificiale di Twitter.",
        "en": "Data centre\n\nGoogle Fiber is not Google. The data center in Atlanta is new.",
    }
    with ws.tx():
        for i, (lang, text) in enumerate(texts.items()):
            ws.insert_source(sha256=f"h{i}", path=f"{lang}.txt", title=text.split("\n")[0], outlet="", lang=lang,
                             lang_detected=lang, text=text)
    yield ws
    ws.close()


def langs(hits):
    return sorted(h.lang for h in hits)


def test_accent_insensitive(ws):
    assert langs(ws.search("inteligencia")) == ["es", "pt"]
    assert langs(ws.search("inteligência")) == ["es", "pt"]
    assert langs(ws.search("INTELIGENCIA")) == ["es", "pt"]


def test_phrase_prefix_boolean(ws):
    assert langs(ws.search('"carta aberta"')) == ["pt"]
    assert langs(ws.search('"aberta carta"')) == []
    assert langs(ws.search("intelligen*")) == ["it"]
    assert langs(ws.search("GPU*")) == ["es"]
    assert langs(ws.search("Musk AND Twitter")) == ["it", "pt"]
    assert langs(ws.search("Musk NOT carta")) == ["it"]
    assert langs(ws.search("Nvidia OR Atlanta")) == ["en", "es"]
    assert langs(ws.search("NEAR(Google Fiber, 2)")) == ["en"]


def test_snippet_marks_point_at_matches(ws):
    (hit,) = ws.search("inteligência")[:1]
    assert hit.marks
    for a, b in hit.marks:
        assert hit.snippet[a:b].lower() in ("inteligencia", "inteligência")
    hits = {h.lang: h for h in ws.search("GPU*")}
    assert [hits["es"].snippet[a:b] for a, b in hits["es"].marks] == ["GPU", "GPU"]


def test_search_offsets_in_source(ws):
    sid = next(s.id for s in ws.list_sources() if s.lang == "pt")
    text = ws.source_text(sid)
    spans = ws.search_offsets(sid, '"inteligencia artificial" OR carta')
    assert [text[a:b] for a, b in spans] == ["inteligência artificial", "carta"]  # a phrase is one hit


def test_ranking_prefers_title(ws):
    hits = ws.search("intelligenza")
    assert hits[0].lang == "it" and hits[0].score > 0


@pytest.mark.parametrize("query", ['"unbalanced', "AND", "NEAR(", "^", "*", "Musk AND", "(Musk", "title:",
                                   "", "   ", "x" * 3000])
def test_bad_queries_raise_one_line(ws, query):
    with pytest.raises(QueryError) as err:
        ws.search(query)
    assert "\n" not in str(err.value) and str(err.value)
    assert ws.source_count() == 4


def test_markup_in_query_is_just_text(ws):
    assert ws.search('"[bold]"') == []


def test_excluded_words_are_not_marked(ws):
    # the Portuguese text matches through "aberta"; "carta" sits next to it but the query excludes it
    hit = {h.lang: h for h in ws.search("(Musk NOT carta) OR aberta")}["pt"]
    assert sorted(hit.snippet[a:b] for a, b in hit.marks) == ["Musk", "Musk", "aberta"]
    text = ws.source_text(hit.source_id)
    assert "carta" not in [text[a:b] for a, b in ws.search_offsets(hit.source_id, "(Musk NOT carta) OR aberta")]


def _many(tmp_path, n: int) -> tuple[Workspace, list[int]]:
    ws = Workspace(tmp_path / "many.db")
    ids = []
    with ws.tx():
        for i in range(n):
            # the oldest sources say "presidente" most often: the best bm25 matches are the oldest
            words = " ".join(["presidente"] * (n - i) + ["prensa", "otra", "cosa"] * 5)
            ids.append(ws.insert_source(sha256=f"m{i}", path=f"{i}.txt", title=f"nota {i}", outlet="", lang="es",
                                        lang_detected="es", text=words))
    return ws, ids


def test_search_newest_ranks_only_the_newest_matches_and_says_so(tmp_path):
    ws, ids = _many(tmp_path, 12)
    try:
        every = ws.search("pr*", limit=3)
        assert [h.source_id for h in every] == ids[:3]  # all 12 ranked: the oldest win
        hits, capped = ws.search_newest("pr*", 3, 5)
        assert capped  # 12 matched, 5 ranked
        assert [h.source_id for h in hits] == ids[7:10]  # the best of the 5 newest, best first
        assert hits[0].snippet and hits[0].marks and hits[0].score > hits[1].score
        hits, capped = ws.search_newest("pr*", 3, 12)
        assert not capped and hits == every  # nothing cut: the same hits as a full search
        assert ws.search_newest("nada", 3, 5) == ([], False)
        with pytest.raises(QueryError):
            ws.search_newest('"carta', 3, 5)
    finally:
        ws.close()


def test_source_index_has_prefix_indexes_and_an_old_workspace_gets_them(tmp_path, monkeypatch):
    """Two- and three-letter prefixes are read from their own index (search as you type); a
    workspace made before them is upgraded when opened (the command line says so first, for a
    large file), and finds the same sources."""
    import sqlite3

    from workbench.store import db, schema

    told: list[str] = []
    monkeypatch.setattr(db, "upgrade_notice", told.append)
    monkeypatch.setattr(db, "UPGRADE_NOTICE_BYTES", 0)

    ws, ids = _many(tmp_path, 4)
    sql = ws.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'sources_fts'").fetchone()[0]
    assert "prefix='2 3'" in sql
    before = ws.search("pr*", limit=10)
    ws.close()
    c = sqlite3.connect(tmp_path / "many.db")  # back to the index as an older workbench left it
    c.execute("DROP TABLE sources_fts")
    c.execute("CREATE VIRTUAL TABLE sources_fts USING fts5(title, text, content='sources', content_rowid='id',"
              " tokenize='unicode61 remove_diacritics 2')")
    c.execute("INSERT INTO sources_fts(sources_fts) VALUES ('rebuild')")
    c.execute(f"PRAGMA user_version = {schema.MIGRATIONS.index(schema._add_search_prefixes)}")
    c.commit()
    c.close()
    assert told == []  # a current workspace is not upgraded
    ws = Workspace(tmp_path / "many.db")
    try:
        old = schema.MIGRATIONS.index(schema._add_search_prefixes)
        assert len(told) == 1 and f"from schema {old} to {schema.SCHEMA_VERSION}" in told[0]
        assert ws.schema_version == schema.SCHEMA_VERSION
        assert "prefix='2 3'" in ws.conn.execute("SELECT sql FROM sqlite_master WHERE name = 'sources_fts'").fetchone()[0]
        assert ws.search("pr*", limit=10) == before
        with ws.tx():  # the triggers still feed the new table
            new = ws.insert_source(sha256="n", path="n.txt", title="nueva", outlet="", lang="es", lang_detected="es",
                                   text="el presidente habló")
        assert new in [h.source_id for h in ws.search("pr*", limit=10)]
    finally:
        ws.close()
