"""Issue 18 in the store and the CLI: paged reads, counters, the entities filter index, streamed JSON."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

from conftest import run_cli

from workbench.store import Workspace, schema


def _add(ws: Workspace, n: int, start: int = 0) -> list[int]:
    ids = []
    with ws.tx():
        for i in range(start, start + n):
            text = f"Artículo {i}\n\nTexto del artículo {i} sobre José Núñez y Ana Pérez."
            ids.append(ws.insert_source(sha256=hashlib.sha256(text.encode()).hexdigest(), path=f"/t/{i}.txt",
                                        title=f"Artículo {i}", outlet="", lang="es", lang_detected="es", text=text))
    return ids


def test_paged_sources_match_the_full_list(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "w.db")
    ids = _add(ws, 1203)
    ws.add_claim(ids[1001], 0, 8, tags=["x"])
    ws.add_claim(ids[1001], 10, 15)
    full = ws.list_sources()
    assert ws.source_count() == 1203
    assert list(ws.iter_sources(chunk=500)) == full  # chunk boundaries included
    assert ws.sources_page(1000, 5) == full[1000:1005]
    assert ws.sources_page(1000, 5)[1].claims == 2
    assert ws.sources_page(1203, 5) == []
    assert ws.source_titles([ids[3], ids[3], 10**9]) == {ids[3]: "Artículo 3"}
    with ws.tx():
        ws.conn.execute("DELETE FROM sources WHERE id = ?", (ids[0],))
    assert ws.source_count() == 1202 == len(ws.list_sources())
    ws.close()


def test_migration_fills_counters_of_an_existing_workspace(tmp_path: Path) -> None:
    """A workspace made before the counters existed gets them filled in when it is opened."""
    db = tmp_path / "old.db"
    ws = Workspace(db)
    sids = _add(ws, 3)
    with ws.tx():
        a = ws.create_entity("José Núñez", "PER", ["Núñez"])
        b = ws.create_entity("Ana Pérez", "PER")
        ws.add_mentions(sids[0], [(a, 20, 30, "José Núñez", "model"), (b, 40, 49, "Ana Pérez", "model")])
        ws.add_mentions(sids[1], [(a, 20, 30, "José Núñez", "model"), (a, 60, 65, "Núñez", "model")])
    ws.close()
    # take the workspace back to the schema before the counters (as an older workbench left it)
    c = sqlite3.connect(db)
    version = schema.MIGRATIONS.index(schema._add_scale_counters)
    for trig in ("entities_counts_ai", "mentions_counts_ai", "mentions_counts_ad", "mentions_counts_au",
                 "sources_count_ai", "sources_count_ad", "entities_count_ai", "entities_count_ad",
                 "entities_count_au", "aliases_names_ai", "aliases_names_ad"):
        c.execute(f"DROP TRIGGER {trig}")
    c.execute("DROP INDEX entities_rank")
    c.execute("DROP INDEX log_undone")
    c.execute("DROP INDEX mentions_entity_source")
    c.execute("CREATE INDEX mentions_entity ON mentions(entity_id)")
    c.execute("ALTER TABLE entities DROP COLUMN n_mentions")
    c.execute("ALTER TABLE entities DROP COLUMN n_sources")
    c.execute("DROP TABLE row_counts")
    c.execute("DROP TABLE entity_names")
    c.execute(f"PRAGMA user_version = {version}")
    c.commit()
    c.close()
    ws = Workspace(db)
    try:
        assert ws.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert ws.source_count() == 3 and ws.entity_count() == 2
        jose = ws.get_entity(a)
        assert (jose.mentions, jose.sources) == (3, 2)
        assert [e.name for e in ws.entities_page(0, 10)] == ["José Núñez", "Ana Pérez"]
        assert [e.id for e in ws.entities_page(0, 10, "nunez")] == [a]  # accents folded, aliases searched
        assert ws.entities_page(0, 10, "jo nú") == ws.entities_page(0, 10, "JOSE")
        assert ws.entities_page(0, 10, "perez ana")[0].id == b
        assert ws.entities_page(0, 10, "***") == [] and ws.entity_count("***") == 0
    finally:
        ws.close()


def test_cli_json_is_streamed_in_the_same_format(seeded_db: Path) -> None:
    for what in ("sources", "entities"):
        r = run_cli(what, "--json", db=seeded_db)
        assert r.returncode == 0, r.stderr
        items = json.loads(r.stdout)
        assert items
        # byte for byte what json.dumps of the whole list gave before streaming
        assert r.stdout == json.dumps(items, ensure_ascii=False, indent=2) + "\n"
    r = run_cli("entities", "--json", "--filter", "zzzzqq", db=seeded_db)
    assert r.returncode == 0 and r.stdout == "[]\n"
    r = run_cli("entities", "--json", "--filter", "musk", "--label", "per", db=seeded_db)
    names = [e["name"] for e in json.loads(r.stdout)]
    assert "Elon Musk" in names
    assert all(e["label"] == "PER" for e in json.loads(r.stdout))


def test_cli_sources_json_of_an_empty_workspace(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    Workspace(db).close()
    r = run_cli("sources", "--json", db=db)
    assert r.returncode == 0 and r.stdout == "[]\n"


def test_a_common_name_word_does_not_load_every_entity_that_holds_it(tmp_path: Path) -> None:
    """The resolver's candidates for one article (``entity_candidates``): a word that many entities
    hold ("José") proposes only the entities that also hold another word of the name, or a word
    starting with its first two letters (the fuzzy rule's variants), so an article's cost does not
    grow with the workspace.  A rare word still proposes every entity that holds it."""
    from workbench.store.entities import COMMON_NAME_WORD

    ws = Workspace(tmp_path / "w.db")
    with ws.tx():
        ws.create_entities([(f"José Apellido{i:03d}", "PER", []) for i in range(COMMON_NAME_WORD + 30)]
                           + [("José Xavier", "PER", []), ("Ana Babushkin", "PER", []), ("Nacional Xavier", "ORG", [])])

    def names(words: list[tuple[str, ...]]) -> set[str]:
        return {aliases[0] for _eid, _label, aliases in ws.entity_candidates(set(), words)}

    got = names([("José", "Xaviar")])
    assert "José Xavier" in got  # a variant of the same person: "jose" AND "xa*"
    assert not any(n.startswith("José Apellido") for n in got)
    assert names([("Ana", "Babuschkin")]) >= {"Ana Babushkin"}  # "ana" is rare: all its entities
    assert names([("José", "Apellido007")]) >= {"José Apellido007"}
    small = Workspace(tmp_path / "s.db")  # under the bound nothing changes: every holder is a candidate
    with small.tx():
        small.create_entities([(f"José Apellido{i}", "PER", []) for i in range(5)])
    assert len(list(small.entity_candidates(set(), [("José", "Xaviar")]))) == 5
    ws.close()
    small.close()
