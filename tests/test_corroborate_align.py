"""Word alignment across languages (evidence/align.py, the re-ranker's ``ar`` feature), its word
vectors kept in the workspace (store/word_vectors.py), bare counts under 100 that are not matching
figures, and the article's origin read from its lead only."""

from __future__ import annotations

import json
import re

import pytest

from workbench.evidence import align, attribution, rerank
from workbench.evidence import corroborate as C
from workbench.store import Workspace
from workbench.store.word_vectors import store_word_vectors, word_vector_count, word_vectors


def test_translations_align_and_look_alikes_do_not():
    """procesamiento / processamento and adquirido / comprado are counterparts; procesamiento /
    pensamiento and compania / comprando (the issue's false cognates) are not."""
    assert align.alignments(None, "procesamiento", ["processamento", "pensamiento"]) == [1.0, 0.0]
    assert align.alignments(None, "adquirido", ["comprado"]) == [1.0]
    assert align.alignments(None, "compania", ["comprando"]) == [0.0]
    assert align.alignments(None, "de la y que", ["processamento"]) == [0.0]  # no content word


def test_alignment_weighs_rare_words_more():
    claim = "empresa adquirido"
    [plain] = align.alignments(None, claim, ["empresa"])
    [weighted] = align.alignments(None, claim, ["empresa"], lambda w: 1.0 if w == "empresa" else 3.0)
    assert plain == pytest.approx(0.5) and weighted == pytest.approx(0.25)


def test_word_vectors_are_kept_in_the_workspace_on_demand(tmp_path, monkeypatch):
    ws = Workspace(tmp_path / "w.db")
    assert word_vectors(ws, ["gpu"]) == {} and word_vector_count(ws) == 0  # no table until needed
    align._MEM.clear()
    first = align.alignments(ws, "aceleradores comprados", ["acceleratori acquistati"])
    assert word_vector_count(ws) == 4
    # a new process (memory empty) reads them back instead of running the encoder
    align._MEM.clear()
    monkeypatch.setattr("workbench.evidence.encoder.encode", lambda texts, batch=0: pytest.fail(f"encoded {texts}"))
    assert align.alignments(ws, "aceleradores comprados", ["acceleratori acquistati"]) == pytest.approx(first)
    ws.close()
    ro = Workspace(tmp_path / "w.db", readonly=True)
    assert ro.readonly and store_word_vectors(ro, [("otra", b"\0" * 516)]) is False
    assert word_vector_count(ro) == 4
    ro.close()


def test_the_cross_language_versions_get_the_alignment_feature(seeds):
    """A part of the Spanish GPU sentence: the Portuguese and Italian versions are in the top 5,
    each with some of the claim's weight aligned word for word."""
    ws, ids, b = seeds
    spec = json.loads(b.EVAL.read_text(encoding="utf-8"))
    gold = {k: [b._locate(ws.source_text(ids[k]), q) for q in qs]
            for k, qs in spec["topics"]["gpu"]["passages"].items() if k != "es0"}
    text = ws.source_text(ids["es0"])
    m = re.search(r"ha comprado recientemente unas 10\.000 unidades", text)
    assert m
    c = ws.add_claim(ids["es0"], m.start(), m.end())
    res = C.corroborate(ws, c.id, limit=5)
    ws.delete_claim(c.id)
    key_of = {sid: k for k, sid in ids.items()}
    right: dict[str, list] = {}
    for r in res:
        if any(s < r.end and r.start < e for s, e in gold.get(key_of[r.source_id], [])):
            right.setdefault(key_of[r.source_id], []).append(r)
    assert {"pt2", "it4"} <= set(right), [(key_of[r.source_id], r.text[:50]) for r in res]
    # "comprado" has its counterpart in "adquiriu" and "acquistando", which share no stem with it (a source may
    # also show its headline, "10 Mila GPU Nvidia ...", which holds none of the claim's words: the best counts)
    assert all(max(r.features["ar"] for r in right[k]) >= 0.25 for k in ("pt2", "it4")), \
        [(r.features["ar"], r.text[:60]) for r in res]


def test_bare_counts_under_100_are_not_matching_figures():
    assert rerank.figures("contrató a 12 ingenieros de 3 empresas en 45 días") == {}
    got = rerank.figures("compró 10.000 GPU, un 15 % más, por US$ 50 cada una")
    assert set(got) == {"10000", "15", "50"}
    assert got["15"] == {"percent"} and got["50"] == {"amount"}
    # so a claim about 12 engineers does not count a line about 12 other things as the same figure
    assert rerank.figure_features(rerank.figures("contrató a 12 ingenieros"),
                                  rerank.figures("cerró 12 oficinas")) == (0.0, 0.0, 0.0)


def test_the_article_origin_is_read_from_its_lead_only(monkeypatch):
    lead = "Según Business Insider, Twitter compró miles de GPU para un proyecto de IA. "
    body = "El mercado sigue. " * 40 + "Según The Information, la empresa contrató ingenieros. " * 3
    text = lead + "Nada más. " * 4 + body
    seen: list[int] = []
    real = attribution.find_attributions
    monkeypatch.setattr(attribution, "find_attributions", lambda t: seen.append(len(t)) or real(t))
    assert attribution.article_origin(text) == "Business Insider"
    assert seen and max(seen) < len(text) // 2  # the credits deep in the text are not read at all
    # a passage deep in the text still shows its own credit
    at = text.rindex("Según The Information")
    po = attribution.passage_origin(text, at, len(text), attribution.article_origin(text))
    assert po.origin == "The Information" and po.how == "passage"


def test_keeping_word_vectors_does_not_make_the_next_query_count_the_passages_again(tmp_path):
    """The dense search's memo of the signature count (a count of 2M rows at 100k articles) stays
    current across the word vectors a query keeps."""
    from workbench.store import vectors

    ws = Workspace(tmp_path / "m.db")
    vectors.signature_state(ws.conn)
    memo = vectors._STATES[(id(ws.conn), "passage_sigs")]
    assert store_word_vectors(ws, [("palabra", b"\0" * 516)])
    after = vectors._STATES[(id(ws.conn), "passage_sigs")]
    assert after[2] == ws.conn.total_changes != memo[2] and after[3] == memo[3]
    ws.close()
