"""Undo and redo act on the caller's own actions and restore only what the action changed
(issue 12, items 6 and 7)."""

from __future__ import annotations

import hashlib

import pytest

from workbench.errors import WorkbenchError
from workbench.store import Workspace

from conftest import run_cli

TEXT = ("Elon Musk dijo que Twitter ha comprado unas 10.000 GPU. Musk no dio detalles. "
        "Twitter no confirmó la compra. Elon Musk habló después con la prensa.")


def _source(ws: Workspace, text: str, path: str) -> int:
    with ws.tx():
        return ws.insert_source(sha256=hashlib.sha256(text.encode()).hexdigest(), path=path, title=path,
                                outlet="", lang="es", lang_detected="es", text=text)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "ws.db"
    ws = Workspace(path)
    _source(ws, TEXT, "a.txt")
    ws.close()
    return path


def _open(db, *, author: str = "tester", session: str = "") -> Workspace:
    ws = Workspace(db)
    ws.author, ws.session = author, session
    return ws


def test_undo_in_one_session_leaves_another_sessions_claims(db):
    a, b = _open(db, session="merger"), _open(db, session="writer")
    mine = a.add_claim(1, 0, 9)
    theirs = b.add_claim(1, 10, 20)  # made after mine, by another process
    assert a.undo() == f"claim {'Elon Musk'!r}"
    ids = {c.id for c in a.list_claims()}
    assert theirs.id in ids and mine.id not in ids
    b.add_claim(1, 21, 30)  # another session's action does not drop my redo stack
    a.redo()
    assert mine.id in {c.id for c in a.list_claims()}
    with pytest.raises(WorkbenchError, match="nothing to undo in this session"):
        _open(db, session="other").undo()


def test_someone_elses_action_needs_an_explicit_choice(db):
    alice, bob = _open(db, author="alice"), _open(db, author="bob")
    c = alice.add_claim(1, 0, 9)
    with pytest.raises(WorkbenchError, match=r"nothing to undo by bob .*alice's .*--author NAME or --anyone"):
        bob.undo()
    assert c.id in {x.id for x in bob.list_claims()}
    r = run_cli("undo", db=db, env={"WORKBENCH_AUTHOR": "bob"})
    assert r.returncode == 1 and r.stderr.count("\n") == 1 and "--author" in r.stderr
    r = run_cli("undo", "--author", "alice", db=db, env={"WORKBENCH_AUTHOR": "bob"})
    assert r.returncode == 0, r.stderr
    assert c.id not in {x.id for x in bob.list_claims()}
    log = run_cli("log", "--json", db=db).stdout
    assert '"author": "bob"' in log and '"author": "alice"' in log


def test_undo_refuses_to_throw_away_a_later_edit_by_someone_else(db):
    alice, bob = _open(db, author="alice"), _open(db, author="bob")
    c = alice.add_claim(1, 0, 9)
    bob.update_claim(c.id, status="supported", note="checked by bob")
    with pytest.raises(WorkbenchError, match="changed since by a later action"):
        alice.undo()
    got = alice.get_claim(c.id)
    assert (got.status, got.note, got.status_by, got.created_by) == ("supported", "checked by bob", "bob", "alice")


def test_undoing_a_merge_keeps_mentions_made_after_it(db):
    ws = _open(db)
    with ws.tx():
        musk = ws.create_entity("Elon Musk", "PER", ["Musk"])
        elon = ws.create_entity("Musk", "PER")
        ws.add_mentions(1, [(musk, 0, 9, "Elon Musk", "model"), (elon, 56, 60, "Musk", "model")])
    ws.merge_entities(elon, musk)
    # an ingest after the merge: two new sources whose mentions go to the merged entity
    later = []
    for i in range(2):
        text = f"Artículo {i}: Elon Musk compró GPU. Musk calla."
        sid = _source(ws, text, f"later{i}.txt")
        with ws.tx():
            ws.add_mentions(sid, [(musk, 13, 22, "Elon Musk", "model"), (musk, 35, 39, "Musk", "model")])
        later.append(sid)
    ws.undo()
    assert {e.name for e in ws.list_entities()} >= {"Elon Musk", "Musk"}
    for sid in later:
        assert len(ws.mentions_for_source(sid)) == 2
    assert {(m.entity_id, m.start) for m in ws.mentions_for_source(1)} == {(musk, 0), (elon, 56)}
    ws.redo()
    assert all(m.entity_id == musk for m in ws.mentions_for_source(1))
    assert all(len(ws.mentions_for_source(s)) == 2 for s in later)


def test_undo_looks_up_only_the_rows_it_restores(db):
    """Undo and redo check that what restored rows refer to still exists by looking up those ids
    only: no statement reads every source, entity or claim id of the workspace."""
    import re

    ws = _open(db)
    for i in range(30):  # other sources, entities and claims the undo has nothing to do with
        sid = _source(ws, f"Otro artículo {i}: Twitter calla.", f"other{i}.txt")
        with ws.tx():
            eid = ws.create_entity(f"Twitter {i}", "ORG")
            ws.add_mentions(sid, [(eid, 17, 24, "Twitter", "model")])
        ws.add_claim(sid, 0, 13)
    with ws.tx():
        musk = ws.create_entity("Elon Musk", "PER", ["Musk"])
        elon = ws.create_entity("Musk", "PER")
        ws.add_mentions(1, [(musk, 0, 9, "Elon Musk", "model"), (elon, 56, 60, "Musk", "model")])
    claim = ws.add_claim(1, 0, 55, entity_ids=[musk, elon], tags=["gpu"])
    ws.merge_entities(elon, musk)
    ws.delete_claim(claim.id)

    statements: list[str] = []
    ws.conn.set_trace_callback(statements.append)
    ws.undo()  # the claim comes back, with its tag and entity
    ws.undo()  # the merge is undone: Musk and his mention come back
    ws.redo()
    ws.conn.set_trace_callback(None)
    whole = [q for q in statements if re.search(r"\bFROM (sources|entities|claims)\b(?! *WHERE)", q)]
    assert not whole, whole
    assert any("WHERE id IN" in q for q in statements)
    restored = ws.get_claim(claim.id)
    assert restored.tags == ["gpu"] and {e["id"] for e in restored.entities} == {musk}
    assert all(m.entity_id == musk for m in ws.mentions_for_source(1))


def test_authorship_of_claims_in_json_and_log(db):
    r = run_cli("claim", "add", "--source", "1", "--quote", "Twitter ha comprado", db=db, env={"WORKBENCH_AUTHOR": "ana"})
    assert r.returncode == 0, r.stderr
    cid = r.stdout.strip()
    r = run_cli("claim", "edit", cid, "--status", "false", db=db, env={"WORKBENCH_AUTHOR": "rui"})
    assert r.returncode == 0, r.stderr
    import json

    [c] = json.loads(run_cli("claims", "--json", db=db).stdout)
    assert (c["created_by"], c["status_by"], c["status"]) == ("ana", "rui", "false") and c["status_at"]
    log = run_cli("log", db=db).stdout.splitlines()
    assert "rui" in log[0] and "claim.edit" in log[0] and "ana" in log[1]


def test_author_from_config_file(tmp_path, db):
    cfg = tmp_path / "config.toml"
    cfg.write_text('author = "Marta \\u001b[2J Gil"\norganisation = "Verifica"\n', encoding="utf-8")
    env = {"WORKBENCH_CONFIG": str(cfg), "WORKBENCH_AUTHOR": ""}
    r = run_cli("claim", "add", "--source", "1", "--quote", "Twitter ha comprado", db=db, env=env)
    assert r.returncode == 0, r.stderr
    assert run_cli("claims", "--json", db=db).stdout.count('"created_by": "Marta Gil"') == 1


def test_concurrent_writers_keep_their_claims_while_another_process_merges_and_undoes(db):
    """Issue 12 item 6's reproduction, scaled down: two writers add claims while a third process
    loops `entity merge; undo` in its own session; every claim reported as added is still there."""
    import subprocess
    import sys
    import threading

    ws = _open(db)
    with ws.tx():
        ws.create_entity("Elon Musk", "PER")
        ws.create_entity("Musk", "PER")
    words = TEXT.split()
    results: dict[str, list[str]] = {"w1": [], "w2": []}

    def writer(name: str, quotes: list[str]) -> None:
        for q in quotes:
            r = run_cli("claim", "add", "--source", "1", "--quote", q, "--occurrence", "1", db=db,
                        env={"WORKBENCH_SESSION": name})
            if r.returncode == 0:
                results[name].append(r.stdout.strip())

    def merger() -> None:
        # a pause between merge and undo, as between two commands, lets the writers' claims in between
        script = ("import sys, time\nfrom workbench.store import Workspace\nws = Workspace(sys.argv[1])\n"
                  "ws.session = 'merger'\nfor _ in range(6):\n    ws.merge_entities(1, 2)\n    time.sleep(0.7)\n"
                  "    ws.undo()\n    time.sleep(0.2)\n")
        subprocess.run([sys.executable, "-c", script, str(db)], check=True, timeout=300)

    threads = [threading.Thread(target=writer, args=("w1", words[:8])),
               threading.Thread(target=writer, args=("w2", words[8:16])), threading.Thread(target=merger)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    have = {c.id for c in ws.list_claims()}
    assert len(results["w1"]) + len(results["w2"]) == 16
    assert set(results["w1"]) | set(results["w2"]) <= have
    assert {e.name for e in ws.list_entities()} >= {"Elon Musk", "Musk"}
