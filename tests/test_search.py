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
