"""Corroboration that understands the claim: dense retrieval, bands and floor, selections of any
length, trustworthy reasons, contradiction hints (three from real corpus text), attribution and
grouping by origin, and the vector tables."""

from __future__ import annotations

import hashlib
import json
import re

import pytest

from workbench.evidence import corroborate as C
from workbench.evidence.attribution import find_attributions, group_by_origin
from workbench.evidence.passages import index_source
from workbench.store import Workspace



def _claim(ws, sid, quote):
    text = ws.source_text(sid)
    m = re.search(r"\s+".join(re.escape(w) for w in quote.split()), text)
    assert m, quote
    return ws.add_claim(sid, m.start(), m.end())


def _insert(ws, texts, lang="es"):
    ids = []
    with ws.tx():
        for i, t in enumerate(texts):
            sid = ws.insert_source(sha256=hashlib.sha256(t.encode()).hexdigest(), path=f"{i}.txt", title=t[:30],
                                   outlet="", lang=lang, lang_detected=lang, text=t)
            index_source(ws, sid, t, lang)
            ids.append(sid)
    return ids


def test_dense_retrieval_finds_a_passage_that_shares_no_word(tmp_path):
    ws = Workspace(tmp_path / "w.db")
    a, b, c = _insert(ws, ["El perro mordió al cartero esta mañana delante de su casa.",
                           "The dog bit the postman this morning outside his house.",
                           "Stock markets closed higher on Friday after the central bank's decision."])
    claim = ws.add_claim(a, 0, len(ws.source_text(a)))
    proposed = {x.source_id: x for x in C.score_candidates(ws, ws.get_claim(claim.id))}
    assert b in proposed and proposed[b].lexical < 0.05  # found by its meaning alone: no word in common
    assert proposed[b].similarity > 0.6
    assert c not in proposed or proposed[c].similarity < proposed[b].similarity - 0.3
    res = C.corroborate(ws, claim.id, floor=0.0)
    assert res[0].source_id == b
    ws.close()


def test_vectors_are_stored_compactly_and_follow_their_passages(tmp_path):
    from workbench.store.schema import SCHEMA_VERSION

    ws = Workspace(tmp_path / "w.db")
    assert ws.schema_version == SCHEMA_VERSION
    (sid,) = _insert(ws, ["Primera frase del texto sobre la compra. Segunda frase sobre otra cosa distinta."])
    n = ws.conn.execute("SELECT count(*) FROM passages").fetchone()[0]
    rows = ws.conn.execute("SELECT length(vec) FROM passage_vectors").fetchall()
    assert len(rows) == n and all(r[0] == 516 for r in rows)
    assert ws.conn.execute("SELECT count(*) FROM passage_sigs WHERE length(sig) = 64").fetchone()[0] == n
    with ws.tx():
        ws.conn.execute("DELETE FROM sources WHERE id = ?", (sid,))
    assert ws.conn.execute("SELECT count(*) FROM passage_vectors").fetchone()[0] == 0
    assert ws.conn.execute("SELECT count(*) FROM passage_sigs").fetchone()[0] == 0
    ws.close()


def test_quantised_vectors_keep_the_cosine():
    import numpy as np

    from workbench.evidence.encoder import dequantise, encode, quantise

    v = encode(["Twitter compró 10.000 GPU", "Twitter comprou 10 mil GPUs", "Il meteo di domani a Modena"])
    q = dequantise([quantise(x) for x in v])
    assert np.abs(q @ q.T - v @ v.T).max() < 0.01


def test_cross_language_versions_for_short_and_long_selections(seeds):
    """A fragment of the sentence, the sentence, and the sentence plus its neighbour all get the
    Spanish and Portuguese versions of the Italian GPU purchase in the top 5."""
    ws, ids, b = seeds
    spec = json.loads(b.EVAL.read_text(encoding="utf-8"))
    gold = {k: [b._locate(ws.source_text(ids[k]), q) for q in qs]
            for k, qs in spec["topics"]["gpu"]["passages"].items()}
    selections = [
        "acquistando circa 10.000 GPU",
        "Quello che sappiamo è che che Twitter sta lavorando a un progetto di intelligenza artificiale generativa, "
        "acquistando circa 10.000 GPU e reclutando talenti da DeepMind.",
        "Quello che sappiamo è che che Twitter sta lavorando a un progetto di intelligenza artificiale generativa, "
        "acquistando circa 10.000 GPU e reclutando talenti da DeepMind. Non è ancora chiaro quale sia lo scopo "
        "esatto di questo progetto",
    ]
    key_of = {sid: k for k, sid in ids.items()}
    got = []
    for quote in selections:
        c = _claim(ws, ids["it4"], quote)
        res = C.corroborate(ws, c.id, limit=5)
        ws.delete_claim(c.id)
        right = {key_of[r.source_id] for r in res
                 if any(s < r.end and r.start < e for s, e in gold.get(key_of[r.source_id], []))}
        got.append(right)
        assert "es3" in right, (quote, [(key_of[r.source_id], r.text[:50]) for r in res])
        assert res[0].source_id != ids["it4"] and key_of[res[0].source_id] in right  # the first one is right
    assert "pt2" in got[0]  # the fragment also finds the Portuguese version


@pytest.mark.parametrize("key, quote", [
    ("it4", "Aziende come Colgate e Kroger hanno espresso preoccupazione riguardo alla loro associazione con Musk"),
    ("it4", "Il patron di Tesla e Space X parteciperà alla Possible Conference di Miami la prossima settimana"),
])
def test_a_claim_no_other_source_makes_has_nothing_in_the_same_claim_band(seeds, key, quote):
    ws, ids, _ = seeds
    c = _claim(ws, ids[key], quote)
    res = C.corroborate(ws, c.id)
    ws.delete_claim(c.id)
    assert all(r.band == "related" for r in res)
    assert all(0 <= r.score <= 1 for r in res)


def test_scores_are_probabilities_and_bands_follow_them(seeds):
    ws, ids, _ = seeds
    c = _claim(ws, ids["es3"], "la empresa contrató a Igor Babuschkin y Manuel Kroiss")
    res = C.corroborate(ws, c.id)
    ws.delete_claim(c.id)
    assert res and res[0].band == "same"
    for r in res:
        assert C.FLOOR <= r.score <= 1 or r.contradiction
        assert r.band == "related" or r.score >= C.SAME_CLAIM  # "same" needs the band model as well
        assert r.score >= C.RELATIVE_FLOOR * res[0].score or r.contradiction  # nothing far under the best
    assert [r.score for r in res] == sorted((r.score for r in res), reverse=True)


def test_reasons_show_real_cognates_only():
    reasons = {"terms": ["compania~comprando", "procesamiento~pensamiento", "decenas~dezenas",
                         "inteligencia~intelligenza", "twitter"]}
    C._keep_real_cognates(reasons)
    assert reasons["terms"] == ["decenas~dezenas", "inteligencia~intelligenza", "twitter"]
    only_false = {"terms": ["drasticos~datos"]}
    C._keep_real_cognates(only_false)
    assert "terms" not in only_false


# -- attribution and origins ---------------------------------------------------------------------

CREDITS = {  # every passage of the seeds that credits Business Insider, The Information or Insider
    "es0": [("según informa The Information", "The Information")],
    "es1": [("The Information informó", "The Information"), ("un informe de Business Insider", "Business Insider")],
    "pt2": [("De acordo com o Business Insider", "Business Insider"),
            ("De acordo com uma fonte do Business Insider", "Business Insider"),
            ("De acordo com o The Information", "The Information"),
            ("Como relata o Business Insider", "Business Insider")],
    "es3": [("Según señalan desde Business Insider", "Business Insider")],
    "it4": [("Secondo un recente rapporto di Insider", "Insider")],
}


def test_every_seed_credit_to_business_insider_the_information_or_insider_is_recognised(seeds):
    ws, ids, _ = seeds
    for key, credits in CREDITS.items():
        named = [(" ".join(a.phrase.split()), a.name) for a in find_attributions(ws.source_text(ids[key]))
                 if a.kind == "named"]
        assert named == credits, key


@pytest.mark.parametrize("text, name", [
    ("Según Reuters, la empresa compró 100 aviones.", "Reuters"),
    ("Segundo a Folha de S.Paulo, o governo gastou 5 milhões.", "Folha de S.Paulo"),
    ("Secondo il Corriere della Sera il governo ha speso 5 milioni.", "Corriere della Sera"),
    ("According to The Wall Street Journal, the firm bought 100 planes.", "The Wall Street Journal"),
    ("The Guardian reported that the firm bought 100 planes.", "The Guardian"),
    ("El País informó que la empresa compró 100 aviones.", "El País"),
    ("O jornal, citando Bloomberg, disse que a empresa comprou 100 aviões.", "Bloomberg"),
])
def test_attribution_patterns_in_four_languages(text, name):
    named = [a.name for a in find_attributions(text) if a.kind == "named"]
    assert named == [name]


def test_unnamed_and_anaphoric_attributions():
    kinds = [a.kind for a in find_attributions("según 2 personas familiarizadas con el asunto")]
    assert kinds == ["unnamed"]
    assert [a.kind for a in find_attributions("Agora, segundo a publicação, o grupo comprou")] == ["anaphoric"]


def test_the_gpu_claims_corroborations_group_under_one_named_origin(seeds):
    ws, ids, _ = seeds
    c = _claim(ws, ids["it4"], "acquistando circa 10.000 GPU")
    res = C.corroborate(ws, c.id, limit=5)
    summary = C.origins(res, ws, ws.get_claim(c.id))
    ws.delete_claim(c.id)
    named = [g for g in summary.groups if g.origin]
    assert [g.origin for g in named] == ["Business Insider"]  # Insider and Business Insider are one origin
    assert len(named[0].source_ids) >= 3 and summary.independent < summary.sources
    assert summary.line().startswith(f"{summary.sources} sources, {summary.independent} independent origin")
    assert "Business Insider" in summary.line()


def test_group_by_origin_marks_the_earliest():
    s = group_by_origin([(1, "Business Insider", "2023-04-12"), (2, "Insider", "2023-04-11"), (3, "", ""),
                         (4, "Reuters", "")])
    bi = next(g for g in s.groups if g.origin == "Business Insider")
    assert bi.source_ids == [1, 2] and bi.earliest == 2
    assert s.sources == 4 and s.independent == 3
    assert s.line() == "4 sources, 3 independent origins: Business Insider, Reuters, 1 on their own sourcing"


def test_claim_origins_counts_accepted_corroborations(seeds):
    ws, ids, _ = seeds
    c = _claim(ws, ids["es3"], "la compañía ha adquirido alrededor de 10,000 GPU")
    for quote, key in (("ele adquiriu cerca de 10 mil aceleradores de GPU para a plataforma", "pt2"),
                       ("acquistando circa 10.000 GPU", "it4")):
        text = ws.source_text(ids[key])
        i = text.find(quote)
        C.accept(ws, c.id, (ids[key], i, i + len(quote)))
    summary = C.claim_origins(ws, c.id)
    assert summary.sources == 3 and summary.independent == 1
    assert summary.line() == "3 sources, 1 independent origin: Business Insider"
    for lk in ws.get_claim(c.id).links:
        ws.delete_claim(lk.claim_id)
    ws.delete_claim(c.id)


# -- contradictions ------------------------------------------------------------------------------

def test_contradiction_hint_on_numbers_and_dates():
    from workbench.evidence.passages import features

    claim = "Twitter compró 10.000 GPU en marzo de 2023."
    q = features(claim)
    hint = C.contradiction(q, "Twitter comprou 20 mil GPUs em fevereiro de 2023.", claim)
    assert hint["numbers"] == {"claim": ["10,000"], "passage": ["20,000"]}
    assert hint["months"] == {"claim": ["month 3"], "passage": ["month 2"]}
    assert "10,000 (claim) vs 20,000 (passage)" in C.contradiction_line(hint)
    assert C.contradiction(q, "Twitter ha acquistato circa 10.000 GPU a marzo.", claim) is None
    assert C.contradiction(q, "Twitter usará GPU H100 de Nvidia.", claim) is None  # a model number is no figure
    assert C.contradiction(features("R$ 12,4 milhões"), "R$ 12.422.000", "R$ 12,4 milhões") is None  # rounded


# Real corpus text: Fake.br pairs a fake item with a true one on the same subject.  Each case: the
# claim (a quote from the fake item), the passage of the true item that gives other figures, and
# the values the hint must name.
REAL_CONTRADICTIONS = [
    ("pt/fakebr-fake-996.txt", "O preço médio da gasolina é de R$ 3,79", "pt/fakebr-true-996.txt",
     "O preço médio da gasolina alcançou", "3.79"),
    ("pt/fakebr-fake-577.txt", "PF descobre 33 ligações (via WhatsApp) de Aécio para Gilmar Mendes",
     "pt/fakebr-true-577.txt", "Relatório da PF aponta 43 chamadas", "33"),
    ("pt/fakebr-fake-178.txt", "Luana de Almeida Domingos, de 29 anos, foi presa", "pt/fakebr-true-178.txt",
     "Luana de Almeida Domingos, 32,", "29"),
]


@pytest.mark.parametrize("fake, quote, true, passage, value", REAL_CONTRADICTIONS)
def test_contradictions_from_real_corpus_text(tmp_path, corpus_dir, fake, quote, true, passage, value):
    from workbench.ingest.clean import clean_text

    ws = Workspace(tmp_path / "c.db")
    texts = [clean_text((corpus_dir / f).read_text(encoding="utf-8")) for f in (fake, true)]
    a, b = _insert(ws, texts, "pt")
    c = _claim(ws, a, quote)
    res = C.corroborate(ws, c.id, limit=5)
    hit = [r for r in res if r.source_id == b and passage in r.text]
    assert hit, [r.text[:60] for r in res]
    hint = hit[0].contradiction
    assert hint and value in hint["numbers"]["claim"], hint
    assert "possible contradiction" in C.contradiction_line(hint)
    ws.close()
