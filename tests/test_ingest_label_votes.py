"""Cross-source label transfer at ingest: an entity created in a run takes the label most of its
sources give it (issue 15), and a later run leaves it alone."""

from __future__ import annotations

from workbench.ingest import ingest_paths
from workbench.store import Workspace

TEXTS = [
    "A reunião de ontem em Brasília durou três horas. A empresa Kestrel anunciou novos contratos.\n",
    "A votação de ontem em Brasília durou a tarde toda. O vereador Kestrel votou contra o projeto.\n",
    "A sessão de hoje em Brasília terminou cedo. O deputado Kestrel falou com a imprensa depois.\n",
]


def test_entity_takes_the_label_most_of_its_sources_give(tmp_path) -> None:
    paths = []
    for i, text in enumerate(TEXTS):
        p = tmp_path / f"a{i}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    ws = Workspace(tmp_path / "ws.db")
    ingest_paths(ws, paths, workers=1)
    labels = {m.label for sid in range(1, 4) for m in ws.mentions_for_source(sid) if m.text == "Kestrel"}
    assert labels == {"PER"}, labels
    ws.close()


def test_a_place_code_is_not_a_persons_initials(tmp_path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("Airlines in the US and the EU face new taxes. \"Why target the airlines?\" said Ulrich "
                 "Schulte-Strathaus, secretary general of the Association of European Airlines.\n", encoding="utf-8")
    ws = Workspace(tmp_path / "ws.db")
    ingest_paths(ws, [p], workers=1)
    found = {m.text: (m.label, m.entity_id) for m in ws.mentions_for_source(1)}
    assert found["US"][0] == "LOC" and found["Ulrich Schulte-Strathaus"][0] == "PER", found
    assert found["US"][1] != found["Ulrich Schulte-Strathaus"][1], found
    ws.close()
