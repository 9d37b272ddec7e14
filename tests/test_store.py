"""The data layer: opening workspaces safely, corrections, the action log, undo / redo."""

from __future__ import annotations

import sqlite3

import pytest

from workbench.errors import InputError, NotFound, WorkspaceError
from workbench.store import Workspace
from workbench.store.schema import SCHEMA_VERSION
from workbench.nlp.gazetteer import gazetteer_mentions


def test_refuses_files_that_are_not_workspaces(tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("hello")
    with pytest.raises(WorkspaceError, match="not an SQLite"):
        Workspace(junk)
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    with pytest.raises(WorkspaceError, match="not a workbench workspace"):
        Workspace(other)
    with pytest.raises(WorkspaceError, match="folder"):
        Workspace(tmp_path)


def test_refuses_newer_schema(tmp_path):
    db = tmp_path / "w.db"
    Workspace(db).close()
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.commit()
    con.close()
    with pytest.raises(WorkspaceError, match="newer workbench"):
        Workspace(db)


def test_fresh_workspace_has_current_schema_and_wal(tmp_path):
    ws = Workspace(tmp_path / "w.db")
    assert ws.schema_version == SCHEMA_VERSION
    assert ws.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert ws.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_failed_transaction_changes_nothing(seeded_ws):
    before = seeded_ws.summary()
    with pytest.raises(RuntimeError):
        with seeded_ws.tx():
            seeded_ws.conn.execute("DELETE FROM mentions")
            raise RuntimeError("boom")
    assert seeded_ws.summary() == before


def test_merge_rename_relabel_reject_confirm_and_undo(seeded_ws):
    ws = seeded_ws
    musk = ws.find_entity("Elon Musk")
    twitter = ws.find_entity("Twitter")
    n_musk, n_tw = musk.mentions, twitter.mentions
    merged = ws.merge_entities(twitter.id, musk.id)
    assert merged.mentions == n_musk + n_tw and "Twitter" in merged.aliases
    with pytest.raises(NotFound):
        ws.get_entity(twitter.id)
    assert ws.undo().startswith("merged")
    assert ws.get_entity(twitter.id).mentions == n_tw
    assert ws.get_entity(musk.id).mentions == n_musk
    assert ws.redo().startswith("merged")
    assert ws.get_entity(musk.id).mentions == n_musk + n_tw
    ws.undo()

    ws.rename_entity(musk.id, "Elon R. Musk")
    assert ws.get_entity(musk.id).name == "Elon R. Musk"
    assert ws.find_entity("Elon Musk").id == musk.id  # old name stays an alias
    ws.relabel_entity(twitter.id, "org")
    assert ws.get_entity(twitter.id).label == "ORG"
    with pytest.raises(InputError):
        ws.relabel_entity(twitter.id, "COMPANY")


def test_reject_removes_mentions_and_claim_links_and_undo_restores(seeded_ws):
    ws = seeded_ws
    sid = ws.list_sources()[0].id
    tw = ws.find_entity("Twitter")
    claim = ws.add_claim(sid, 0, 40, entity_ids=[tw.id])
    ws.reject_entity(tw.id)
    assert ws.get_entity(tw.id).status == "rejected"
    assert ws.mentions_for_entity(tw.id) == []
    assert ws.get_claim(claim.id).entities == []
    assert "Twitter" not in {e.name for e in ws.list_entities()}
    ws.undo()
    assert ws.get_entity(tw.id).status == "proposed" and ws.get_entity(tw.id).mentions > 0
    assert [e["id"] for e in ws.get_claim(claim.id).entities] == [tw.id]


def test_confirm_finds_aliases_everywhere(seeded_ws):
    ws = seeded_ws
    ent = ws.find_entity("DeepMind")
    before = ent.mentions
    texts = [ws.source_text(s.id) for s in ws.list_sources()]
    occurrences = sum(t.lower().count("deepmind") for t in texts)
    confirmed, added = ws.confirm_entity(ent.id, find=gazetteer_mentions)
    assert confirmed.status == "confirmed"
    assert confirmed.mentions == before + added
    assert confirmed.mentions >= occurrences - 1  # every occurrence found (one may overlap a longer mention)


def test_find_entity_fuzzy_and_ambiguous(seeded_ws):
    ws = seeded_ws
    assert ws.find_entity("elon musk").name == "Elon Musk"
    assert ws.find_entity("Igor Babushkin").name.startswith("Igor Babu")
    with pytest.raises(NotFound) as err:
        ws.find_entity("Completely Unknown Person")
    assert "closest" in str(err.value) or "no entity" in str(err.value)


def test_undo_redo_of_claim_edits_and_redo_stack_dropped(seeded_ws):
    ws = seeded_ws
    sid = ws.list_sources()[0].id
    c = ws.add_claim(sid, 10, 50, tags=["a"])
    ws.update_claim(c.id, status="supported", add_tags=["b"], note="checked")
    assert ws.get_claim(c.id).tags == ["a", "b"]
    ws.undo()
    got = ws.get_claim(c.id)
    assert (got.status, got.tags, got.note) == ("unverified", ["a"], "")
    ws.redo()
    assert ws.get_claim(c.id).status == "supported"
    ws.undo()
    ws.update_claim(c.id, note="other")  # a new action drops the redo stack
    with pytest.raises(Exception, match="nothing to redo"):
        ws.redo()
    ws.delete_claim(c.id)
    with pytest.raises(NotFound):
        ws.get_claim(c.id)
    ws.undo()
    assert ws.get_claim(c.id).note == "other"


def test_undo_survives_reopening(seeded_db):
    ws = Workspace(seeded_db)
    c = ws.add_claim(ws.list_sources()[0].id, 0, 20)
    ws.close()
    ws = Workspace(seeded_db)
    ws.undo()
    with pytest.raises(NotFound):
        ws.get_claim(c.id)
    ws.close()


def test_user_entity_found_everywhere_and_undoable(seeded_ws):
    ws = seeded_ws
    ent, added = ws.add_user_entity("carta abierta", "misc", aliases=["carta aberta", "lettera aperta"], find=gazetteer_mentions)
    assert ent.status == "confirmed" and ent.label == "MISC" and added >= 2
    ms = ws.mentions_for_entity(ent.id)
    assert ms and all(m.origin == "user" for m in ms)
    for m in ms:
        assert ws.source_text(m.source_id)[m.start:m.end] == m.text
    with pytest.raises(InputError, match="already entity"):
        ws.add_user_entity("Elon Musk", "PER", find=gazetteer_mentions)
    ws.undo()
    with pytest.raises(NotFound):
        ws.get_entity(ent.id)
