"""NER: import hygiene, precision filters, label cues, rule fallback, gazetteer offsets, CoNLL floor."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
import warnings
from pathlib import Path

import pytest
from conftest import CORPUS, mentions

from workbench.nlp.gazetteer import gazetteer_mentions
from workbench.nlp.ner import Mention, extract
from workbench.textutil import fold_with_map

warnings.filterwarnings("ignore", message=r"\[W095\]")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="module")
def es():
    """Load the Spanish pipeline once for the module (about 1 s)."""
    from workbench.nlp.ner import get_nlp

    return get_nlp("es")


def run(text: str, lang: str) -> list[Mention]:
    (ms,) = list(extract([text], [lang]))
    for m in ms:
        assert text[m.start : m.end] == m.text
        assert m.label in {"PER", "ORG", "LOC", "MISC"}
    return ms


def names(ms: list[Mention]) -> set[tuple[str, str]]:
    return {(m.text, m.label) for m in ms}


def test_import_does_not_load_spacy_or_textual() -> None:
    code = (
        "import sys, workbench.nlp.ner, workbench.nlp.resolve; "
        "bad = [m for m in ('spacy', 'textual', 'thinc') if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_pipeline_is_reduced(es) -> None:
    assert "ner" in es.pipe_names and "sentencizer" in es.pipe_names
    assert "parser" not in es.pipe_names and "tok2vec" not in es.pipe_names


def test_spanish_filters_andmentions(es) -> None:
    text = (
        "Según Dalton, el Gobierno español aseguró que Telefónica y Nvidia invertirán en Madrid.\n"
        "Además, Elon Musk habló con Igor Babuschkin. Musk dijo que Twitter seguirá.\n"
        "CARBURANTES PRECIOS MAXIMOS PARA LA PROXIMA SEMANA\n"
        "También 2023 fue un año récord para la Universidad de Zaragoza."
    )
    ms = run(text, "es")
    got = names(ms)
    texts = {m.text for m in ms}
    assert all(m.origin == "model" for m in ms)
    for bad in ("Según", "Según Dalton", "Además", "También", "aseguró", "CARBURANTES", "PRECIOS", "2023"):
        assert bad not in texts
    assert ("Telefónica", "ORG") in got
    assert ("Nvidia", "ORG") in got
    assert ("Twitter", "ORG") in got
    assert ("Elon Musk", "PER") in got
    assert ("Musk", "PER") in got  # consistent with "Elon Musk" in the same text
    assert ("Madrid", "LOC") in got
    assert ("Universidad de Zaragoza", "ORG") in got
    assert not any("\n" in t for t in texts)
    assert not any(t.endswith("español") for t in texts)


def test_rule_fallback_portuguese() -> None:
    text = (
        "Sabe-se que Elon Musk comprou GPUs. Também a Petrobras S.A. anunciou lucros.\n"
        "Musk vive nos Estados Unidos. Ontem o Twitter caiu."
    )
    ms = run(text, "pt")
    got = names(ms)
    texts = {m.text for m in ms}
    assert all(m.origin == "rule" for m in ms)
    assert not {"Sabe-se", "Sabe", "Também", "Ontem"} & texts
    assert ("Elon Musk", "PER") in got
    assert ("Estados Unidos", "LOC") in got
    assert ("Twitter", "ORG") in got
    assert any(m.text.startswith("Petrobras") and m.label == "ORG" for m in ms)
    assert "Musk" in texts  # sentence start, but seen capitalised elsewhere


def test_rule_fallback_italian_and_unknown() -> None:
    it = run("Secondo Elon Musk, la Tesla e Space X crescono. Ingegneri provenienti da Google.", "it")
    texts = {m.text for m in it}
    assert "Elon Musk" in texts and "Tesla" in texts and "Space X" in texts
    assert "Tesla e Space X" not in texts and "Secondo" not in texts
    assert not any("provenienti" in t for t in texts)
    xx = run("Reuters reported that Acme Holdings Inc bought Globex.", "zz")
    assert ("Acme Holdings Inc", "ORG") in names(xx)


def test_extract_keeps_order_and_lengths(es) -> None:
    texts = ["Madrid es grande.", "", "O Brasil e Portugal.", "Londra è in Inghilterra.", "Hola Pedro Sánchez."]
    out = list(extract(texts, ["es", "es", "pt", "it", "es"]))
    assert len(out) == 5 and out[1] == []
    assert [m.text for m in out[0]] == ["Madrid"]
    assert any(m.text == "Pedro Sánchez" and m.label == "PER" for m in out[4])
    with pytest.raises(ValueError):
        list(extract(["a"], []))


def test_fold_with_map_identity_and_shifts() -> None:
    assert fold_with_map("Abc") == ("abc", None)
    folded, idx = fold_with_map("Straße é\u0301")
    assert folded.startswith("strasse")
    assert idx is not None and idx[-1] == len("Straße é\u0301")


def test_gazetteer_offsets_with_emoji_combining_and_accents() -> None:
    decomposed = unicodedata.normalize("NFD", "Telefónica")
    text = f"🚀🚀 NVIDIA y nvidía; {decomposed} 👍🏽 TELEFONICA, Twitter Spaces y twitter. Straße Nvidiax"
    pats = [(1, "Nvidia"), (2, "Telefónica"), (3, "Twitter"), (4, "Twitter Spaces"), (5, "strasse")]
    hits = gazetteer_mentions(text, pats)
    found = [(eid, text[s:e]) for eid, s, e in hits]
    assert found == [
        (1, "NVIDIA"),
        (1, "nvidía"),
        (2, decomposed),
        (2, "TELEFONICA"),
        (4, "Twitter Spaces"),
        (3, "twitter"),
        (5, "Straße"),
    ]
    # a trailing combining mark belongs to the match
    t2 = "Jose\u0301 Pérez"
    assert gazetteer_mentions(t2, [(9, "José")]) == [(9, 0, 5)]


def test_gazetteer_longest_wins_and_boundaries() -> None:
    text = "New York Times and York Times Square, New York; NewYork."
    pats = [(1, "New York"), (2, "New York Times"), (3, "York Times Square"), (4, "York")]
    hits = [(e, text[s:t]) for e, s, t in gazetteer_mentions(text, pats)]
    assert hits == [(2, "New York Times"), (3, "York Times Square"), (1, "New York")]
    assert gazetteer_mentions("", pats) == []
    assert gazetteer_mentions("abc", []) == []
    # an alias shared by two entities is ambiguous and ignored
    assert gazetteer_mentions("Paris Hilton in Paris", [(1, "Paris"), (2, "Paris")]) == []


def test_gazetteer_many_patterns() -> None:
    """Hundreds of patterns at once (speed is the benchmark's business, not a unit test's)."""
    pats = [(i, f"Empresa Número {i}") for i in range(500)] + [(999, "Twitter")]
    text = ("Una frase con Twitter y con Empresa Número 42 y más palabras. " * 50).strip()
    hits = gazetteer_mentions(text, pats)
    assert len(hits) == 100
    assert {eid for eid, _s, _e in hits} == {42, 999}


@pytest.mark.skipif(not (CORPUS / "conll2002" / "esp.testb").exists(), reason="corpus absent")
def test_conll_floor(es) -> None:
    from bench.conll import evaluate, read_conll

    sents = read_conll(CORPUS / "conll2002" / "esp.testb")[:300]
    res = evaluate(sents, bare=False)
    assert res["product"]["span"]["f1"] >= 0.80
    assert res["product"]["typed"]["f1"] >= 0.62


def test_a_descriptor_before_a_name_says_what_it_is() -> None:
    from workbench.nlp.labels import _descriptor_cue

    t = "Presentó la plataforma de Acme, Zorblax, y su sistema de pagos Quipu en la feria."
    assert _descriptor_cue(t, t.index("Zorblax")) == "MISC"
    assert _descriptor_cue(t, t.index("Quipu")) == "MISC"
    assert _descriptor_cue(t, t.index("Acme")) is None  # the owner after "de" is not the thing
    t2 = "Lo anunció la empresa Vantrix. El presidente de Francia, Macron, habló."
    assert _descriptor_cue(t2, t2.index("Vantrix")) == "ORG"
    assert _descriptor_cue(t2, t2.index("Macron")) is None
    # a preposition joined to its article stands for the determiner (pt do, it della, es del)
    t3 = "Começou a instalação do supercomputador Kestrel. Parte della piattaforma Zorblax e del fabricante Vantrix."
    assert _descriptor_cue(t3, t3.index("Kestrel")) == "MISC"
    assert _descriptor_cue(t3, t3.index("Zorblax")) == "MISC"
    assert _descriptor_cue(t3, t3.index("Vantrix")) == "ORG"


def test_a_capitalised_common_word_the_text_also_writes_in_lower_case_is_not_a_name() -> None:
    text = ("O ministro falou sobre o País e a economia. Para ele, o país precisa de reformas, e a "
            "Petrobras também. O presidente Lula concordou com a Petrobras.")
    labels = mentions(text, "pt")
    assert "País" not in labels and "Petrobras" in labels and "Lula" in labels


def test_operations_are_misc_and_prepositions_do_not_glue_names_on_the_rule_path() -> None:
    text = ("A Operação Lava Jato prendeu mais um. O apoio de João Doria por Geraldo Alckmin "
            "surpreendeu o partido de Geraldo Alckmin e de João Doria.")
    labels = mentions(text, "pt")
    assert labels.get("Operação Lava Jato") == "MISC"
    assert "João Doria por Geraldo Alckmin" not in labels
    assert labels.get("Geraldo Alckmin") == "PER" and labels.get("João Doria") == "PER"


def test_a_surname_with_an_apostrophe_takes_the_label_of_the_full_name() -> None:
    from workbench.nlp.labels import _harmonise

    items = [(0, 16, "Sonia O'Sullivan", "PER"), (40, 50, "O'Sullivan", "MISC"), (60, 70, "O'Sullivan", "MISC")]
    assert [lab for *_x, lab in _harmonise(items)] == ["PER", "PER", "PER"]


def test_the_label_model_reads_only_texts_with_a_capital(es, monkeypatch) -> None:
    """The Spanish model labels the rule path's names; a text with no capital letter has none, so it
    is not parsed (a 5 MB lower-case line cost 48 s of model time for nothing) and its mentions
    are what the rule path finds alone; a text with capitals still gets its labels."""
    import workbench.nlp.ner as ner

    parsed: list[str] = []
    real_pipe = es.pipe

    def pipe(texts, **kw):
        texts = list(texts)
        parsed.extend(texts)
        return real_pipe(texts, **kw)

    monkeypatch.setattr(es, "pipe", pipe)
    lower = "il governo ha detto che i dati della società sono stati venduti a roma. " * 50
    named = "Il ministro Giorgia Meloni ha parlato a Roma con Emmanuel Macron."
    got = list(extract([lower, named], ["it", "it"]))
    assert parsed == [named]
    assert got[0] == [] and got[0] == ner._rule_mentions(lower, "it", None)
    assert ("Giorgia Meloni", "PER") in names(got[1])
