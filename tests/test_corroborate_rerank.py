"""The re-ranker of corroboration (evidence/rerank.py): the issue's own GPU example across
languages and selection lengths, figures of another kind, clause-level matching, reasons without
false cognates, and the fit."""

from __future__ import annotations

import json
import re

import pytest

from workbench.evidence import corroborate as C
from workbench.evidence import rerank


def _claim(ws, sid, quote):
    m = re.search(r"\s+".join(re.escape(w) for w in quote.split()), ws.source_text(sid))
    assert m, quote
    return ws.add_claim(sid, m.start(), m.end())


GPU_SENTENCE = ("El multimillonario de Tesla, que adquirió Twitter hace casi 6 meses y ha realizado algunos cambios "
                "drásticos en la compañía, ha comprado recientemente unas 10.000 unidades de procesamiento gráfico para "
                "la plataforma (GPU, por sus siglas en inglés), según 2 personas familiarizadas con los movimientos de la "
                "empresa.")
GPU_SELECTIONS = [
    "unas 10.000 unidades de procesamiento gráfico",  # part of the claim
    "ha comprado recientemente unas 10.000 unidades de procesamiento gráfico para la plataforma",  # the issue's
    GPU_SENTENCE,
    GPU_SENTENCE + " Las tecnológicas suelen utilizar GPU para trabajar en grandes modelos de IA",  # + its neighbour
]


@pytest.mark.parametrize("quote", GPU_SELECTIONS)
def test_the_issues_gpu_example_gets_every_version_in_the_top_five(seeds, quote):
    """Select the Spanish GPU purchase (any length) and press o: the Spanish "hasta 10,000 GPU" /
    "alrededor de 10,000 GPU", the Portuguese "cerca de 10 mil aceleradores de GPU" and the Italian
    "acquistando circa 10.000 GPU" are in the top five, and the price of one GPU ("$ 10,000
    dólares por unidad", "US$ 10.000 por instância") is not."""
    ws, ids, b = seeds
    spec = json.loads(b.EVAL.read_text(encoding="utf-8"))
    gold = {k: [b._locate(ws.source_text(ids[k]), q) for q in qs]
            for k, qs in spec["topics"]["gpu"]["passages"].items() if k != "es0"}
    key_of = {sid: k for k, sid in ids.items()}
    c = _claim(ws, ids["es0"], quote)
    res = C.corroborate(ws, c.id, limit=5)
    ws.delete_claim(c.id)
    shown = [(key_of[r.source_id], r.text[:60]) for r in res]
    right = {key_of[r.source_id] for r in res
             if any(s < r.end and r.start < e for s, e in gold.get(key_of[r.source_id], []))}
    assert right == {"es1", "pt2", "es3", "it4"}, shown
    assert key_of[res[0].source_id] in right, shown
    assert not any("por unidad" in r.text or "por instância" in r.text for r in res), shown


def test_figures_of_another_kind_do_not_count_as_the_same():
    claim = rerank.figures("ha comprado unas 10.000 unidades de procesamiento gráfico")
    assert claim == {"10000": {"number"}}
    numok, kclash, conflict = rerank.figure_features(claim, rerank.figures("ele adquiriu cerca de 10 mil aceleradores"))
    assert (numok, kclash, conflict) == (1.0, 0.0, 0.0)
    price = rerank.figures("opções que custam cerca de US$ 10.000 por instância")
    assert price == {"10000": {"amount"}}
    assert rerank.figure_features(claim, price) == (0.0, 1.0, 0.0)  # a price, not a count
    assert rerank.figure_features(claim, rerank.figures("comprou 20 mil GPUs")) == (0.0, 0.0, 1.0)
    assert rerank.figures("las placas H100 y el modelo GPT-4") == {}  # model names are no figures
    assert rerank.figure_features(claim, {}) == (0.0, 0.0, 0.0)


@pytest.mark.parametrize("text", [
    "ha comprado unas 10.000 unidades", "cerca de 10 mil aceleradores", "US$ 10.000 por instância",
    "subió un 15% en 2023", "el 3 de marzo de 2021 llegaron 12 ingenieros", "miles de GPU y decenas de millones",
    "las placas H100 y el modelo GPT-4", "costó 1,5 millones de euros", "sin cifras", "en 1999 y 2001",
])
def test_a_passage_whose_index_keys_hold_no_figure_has_none(text):
    """corroborate reads a candidate's figures only when its indexed number keys may hold one:
    that check never leaves out a passage with figures."""
    from workbench.evidence.passages import features

    f = features(text)
    if rerank.figures(text):
        assert rerank.may_hold_figures([*f.numbers, *f.dates]), text
    assert not rerank.may_hold_figures(["nq3", "n12", "y2023", "m3", "d20210303"])


def test_a_passage_is_matched_by_its_best_clause():
    passage = ("Un reporte reciente reveló que la compañía ha adquirido alrededor de 10,000 GPU y ha reclutado "
               "talento de inteligencia artificial de DeepMind para el proyecto que involucra un modelo de lenguaje "
               "grande (LLM).")
    parts = rerank.clauses(passage)
    assert len(parts) >= 2 and all(len(p) >= rerank.MIN_CLAUSE for p in parts)
    assert " ".join(parts).split() == passage.split()  # nothing lost or reordered
    assert rerank.clauses("Hotz se marchó al cabo de un mes.") == []
    from workbench.evidence.encoder import encode

    q = encode(["Elon Musk comprou 10 mil GPUs para o Twitter"])
    whole = float(encode([passage])[0] @ q[0])
    (best,) = rerank.clause_similarity([passage], q)
    assert best > whole + 0.05  # the purchase clause is closer to the claim than the whole passage


def test_reasons_show_only_real_cognates(seeds):
    """Across the GPU and DeepMind claims, every fuzzy word pair shown is a pair the encoder
    reads as the same word (no compania~comprando, procesamiento~pensamiento)."""
    from workbench.evidence.encoder import encode
    from workbench.evidence.lexical import COGNATE_MIN

    ws, ids, b = seeds
    spec = json.loads(b.EVAL.read_text(encoding="utf-8"))
    pairs = []
    for topic in ("gpu", "deepmind"):
        for key, quote in spec["topics"][topic]["claims"].items():
            c = _claim(ws, ids[key], quote)
            for r in C.corroborate(ws, c.id, limit=5):
                pairs += [t.split("~") for t in r.reasons.get("terms", []) if "~" in t]
            ws.delete_claim(c.id)
    for a, w in pairs:
        va, vw = encode([a, w])
        assert float(va @ vw) >= COGNATE_MIN, (a, w)
    assert not any({a, w} in ({"compania", "comprando"}, {"procesamiento", "pensamiento"}) for a, w in pairs)


def test_every_claim_no_other_seed_makes_stays_out_of_the_same_claim_band(seeds):
    ws, ids, b = seeds
    spec = json.loads(b.EVAL.read_text(encoding="utf-8"))
    lonely = [(k, q) for t in spec["topics"].values() if not t["passages"] for k, q in t["claims"].items()]
    assert len(lonely) >= 15
    for key, quote in lonely:
        c = _claim(ws, ids[key], quote)
        res = C.corroborate(ws, c.id)
        ws.delete_claim(c.id)
        # the score may pass SAME_CLAIM (the passage stands out in its source), the band needs the
        # passage-alone model too
        assert all(r.band == "related" for r in res), (quote, res[:1])


def test_the_fit_recovers_the_direction_of_each_feature():
    import random

    rng = random.Random(5)
    rows, labels = [], []
    for _ in range(400):
        x = {n: rng.random() for n in rerank.FEATURES}
        z = 6 * x["cm"] + 4 * x["numok"] - 4 * x["kclash"] - 5
        rows.append(x)
        labels.append(int(rng.random() < 1 / (1 + 2.718281828 ** -z)))
    m = rerank.fit(rows, labels)
    w = dict(zip(rerank.FEATURES, m.weights))
    assert w["cm"] > 3 and w["numok"] > 2 and w["kclash"] < -2
    assert 0.0 < m.probability({n: 0.5 for n in rerank.FEATURES}) < 1.0
    assert rerank.MODEL.probability({n: 0.0 for n in rerank.FEATURES}) < rerank.FLOOR  # nothing shared, nothing shown


def test_relative_is_the_margin_over_the_rest_of_the_source():
    # source 1: 0.7 beats its second best 0.5 by 0.2; 0.5 trails the best by 0.2; source 2 alone: its value
    assert rerank.relative([1, 1, 2], [0.7, 0.5, 0.4]) == pytest.approx([0.2, -0.2, 0.4])
    # passages of the source that are no candidates count (a lead at 0.8 outshines the candidate)
    assert rerank.relative([1], [0.6], others={1: [0.8, 0.3]}) == pytest.approx([-0.2])
    # values not computed are 0.0 and are not compared
    assert rerank.relative([1, 1], [0.6, 0.0], known=[True, False]) == pytest.approx([0.6, 0.0])


def test_a_passage_that_stands_out_in_its_source_scores_higher():
    base = {n: 0.0 for n in rerank.FEATURES} | {"cm": 0.6, "lex": 0.2, "cross": 1.0, "cmx": 0.6, "ar": 0.4}
    lead = base | {"cmsb": -0.1}      # another passage of its article is closer to the claim
    standout = base | {"cmsb": 0.15}  # it beats the rest of its article
    assert rerank.MODEL.probability(standout) > rerank.MODEL.probability(lead)
    assert rerank.BAND_MODEL.probability(standout) == rerank.BAND_MODEL.probability(lead)  # the band ignores it
