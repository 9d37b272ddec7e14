"""The "same claim" band needs the two articles to tell one story (issue 16): a sentence that closes many
police reports ("Sono in corso indagini per risalire al complice") is the same words in another story, not the
same claim.  Articles written here, ingested through the real pipeline (NER and resolution), so their names are
the product's own."""

from __future__ import annotations

import re

from workbench.evidence import corroborate as C
from workbench.ingest.pipeline import ingest_paths
from workbench.store import Workspace

CLOSING = "Sono in corso indagini da parte dei militari per risalire all'identità del complice fuggito a piedi."
STORY = ("Furto al supermercato Conad di Castelvetro: preso un giovane kosovaro.\n\n"
         "Un ventenne kosovaro residente a Spilamberto è stato arrestato dai carabinieri di Castelvetro dopo il "
         "furto di 1.200 euro dal supermercato Conad di via Matteotti, gestito da Giuliano Ferrandi.\n\n" + CLOSING)
REWRITE = ("Castelvetro, colpo al Conad di via Matteotti: arrestato un kosovaro.\n\n"
           "I carabinieri di Castelvetro hanno arrestato un giovane kosovaro di Spilamberto: aveva rubato "
           "1.200 euro dalle casse del Conad di via Matteotti, racconta il titolare Giuliano Ferrandi.\n\n" + CLOSING)
OTHER = ("Rapina in tabaccheria a Pavullo: fermato un uomo di Sestola.\n\n"
         "La polizia di Pavullo ha fermato un quarantenne di Sestola che aveva minacciato con un coltello la "
         "titolare della tabaccheria Bertoni di piazza Montecuccoli, Marisa Lanzoni.\n\n" + CLOSING)


def test_the_same_words_in_another_story_are_not_the_same_claim(tmp_path):
    folder = tmp_path / "it"
    folder.mkdir()
    for name, text in (("story.txt", STORY), ("rewrite.txt", REWRITE), ("other.txt", OTHER)):
        (folder / name).write_text(text, encoding="utf-8")
    ws = Workspace(tmp_path / "w.db")
    assert ingest_paths(ws, [folder], lang="it").ok
    ids = {s.path.rsplit("/", 1)[-1]: s.id for s in ws.list_sources()}
    text = ws.source_text(ids["story.txt"])
    m = re.search(re.escape(CLOSING), text)
    assert m
    claim = ws.add_claim(ids["story.txt"], m.start(), m.end())
    res = {r.source_id: r for r in C.corroborate(ws, claim.id, floor=0.0) if r.text == CLOSING}
    other, rewrite = res.get(ids["other.txt"]), res.get(ids["rewrite.txt"])
    assert other is not None and rewrite is not None, res
    assert other.score >= C.SAME_CLAIM  # the words alone would call it the same claim
    assert other.band == "related", other  # but that article shares no rare name with the claim's
    assert rewrite.band == "same", rewrite  # the rewrite names the shop, the town and the owner
    ws.close()
