"""Entities as the entities pane shows them on real corpus articles ingested together (skipped
without ../shared/corpus): what one article's NER slip or one article's generic word does to the
entity every other article points at.  Each case was seen on a 2,000-article workspace."""

from __future__ import annotations

from pathlib import Path

LULA = ["pt/fakebr-fake-1004.txt", "pt/fakebr-fake-1005.txt", "pt/fakebr-fake-1010.txt", "pt/fakebr-fake-1020.txt",
        "pt/fakebr-fake-1384.txt"]  # the last: "Entregar Lula é só uma questão de tempo"
GOVERNMENTS = ["es/fakedes2021-107.txt", "es/fakedes2021-394.txt", "es/fakedes2021-83.txt",
               "es/fakedes2021-141.txt", "es/fakedes2021-108.txt"]


def test_entities_of_articles_ingested_together_keep_their_names_and_bodies(tmp_path: Path, corpus_dir: Path) -> None:
    from workbench.ingest.pipeline import ingest_paths
    from workbench.store import Workspace

    corpus = corpus_dir
    ws = Workspace(tmp_path / "ws.db")
    report = ingest_paths(ws, [corpus / p for p in LULA + GOVERNMENTS], workers=1)
    assert not report.failed
    ents = ws.list_entities()
    lula = [e for e in ents if "Lula" in [e.name, *e.aliases]]
    assert [e.name for e in lula] == ["Lula"], lula  # not "Caso Lula" nor "Entregar Lula"
    for a, b in [("Gobierno de España", "Gobierno de México"), ("Gobierno de España", "Gobierno de Bolsonaro"),
                 ("Parlamento de Canarias", "Parlamento de Andalucía")]:
        assert not [e for e in ents if {a, b} <= {e.name, *e.aliases}], (a, b)
    ws.close()
