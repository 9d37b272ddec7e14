"""Claims: the store API the CLI relies on, and the real entry point (subprocess) for the main paths."""

from __future__ import annotations

import hashlib
import json

import pytest

from workbench.errors import InputError, NotFound

TEXT_A = ("Elon Musk dijo que Twitter ha comprado unas 10.000 GPU. Según Musk, Twitter ha comprado unas 10.000 GPU "
          "para un proyecto de IA generativa. [/foo] [@click=app.quit]x[/] <b>negrita</b>")
TEXT_B = "O Twitter comprou cerca de 10 mil GPUs, disse Elon Musk. A empresa não confirmou a compra."


def _insert(ws, text: str, path: str, lang: str = "es", title: str = "T") -> int:
    return ws.insert_source(sha256=hashlib.sha256(text.encode()).hexdigest(), path=path, title=title, outlet="",
                            lang=lang, lang_detected=lang, text=text)


def _mention(ws, eid: int, sid: int, text: str, word: str) -> None:
    i = text.find(word)
    while i != -1:
        ws.add_mentions(sid, [(eid, i, i + len(word), word, "model")])
        i = text.find(word, i + 1)


@pytest.fixture
def small_db(tmp_path):
    """Two sources, three entities with mentions; no NLP pipeline needed."""
    from workbench.store import Workspace

    db = tmp_path / "ws.db"
    ws = Workspace(db)
    with ws.tx():
        a = _insert(ws, TEXT_A, "a.txt")
        b = _insert(ws, TEXT_B, "b.txt", "pt")
        musk = ws.create_entity("Elon Musk", "PER", ["Musk"])
        tw = ws.create_entity("Twitter", "ORG")
        ws.create_entity("Twitter Spaces", "MISC")
        for sid, text in ((a, TEXT_A), (b, TEXT_B)):
            _mention(ws, musk, sid, text, "Elon Musk")
            _mention(ws, tw, sid, text, "Twitter")
    ws.close()
    return db


@pytest.fixture
def ws(small_db):
    from workbench.store import Workspace

    w = Workspace(small_db)
    yield w
    w.close()


# -- store API ----------------------------------------------------------------------------------
def test_edit_summary_never_lands_on_another_connections_log_row(ws, small_db):
    """An edit's log summary (what changed) is written with its own row, in its transaction: a
    write by another connection right after that transaction commits keeps its own summary."""
    from workbench.store import Workspace

    other = Workspace(small_db)
    c = ws.add_claim(1, 0, 9)
    recorded = ws.recorded

    def then_other_writes(*args, **kwargs):
        out = recorded(*args, **kwargs)  # committed: the other process gets the lock here
        with other.tx():
            other.log_action("source.lang", "the other process's own action", undoable=False)
        return out

    ws.recorded = then_other_writes
    try:
        ws.update_claim(c.id, status="false", note="checked")
    finally:
        del ws.recorded
        other.close()
    rows = ws.history(3)
    assert [r["action"] for r in rows[:2]] == ["source.lang", "claim.edit"]
    assert rows[0]["summary"] == "the other process's own action"
    assert rows[1]["summary"] == f"claim {c.id[:8]}: status false; note"
    ws.update_claim(c.id, note="checked")  # nothing to change: the summary says so
    assert ws.history(1)[0]["summary"] == f"claim {c.id[:8]}: edit (nothing changed)"


def test_add_edit_delete_undo(ws):
    c = ws.add_claim(1, 0, 9, tags=["gpu", "gpu", " compra "], status="supported", note="n")
    assert c.quote == "Elon Musk" and c.tags == ["compra", "gpu"] and len(c.id) == 36
    assert len(c.prefix) == 0 and c.suffix == TEXT_A[9:41]
    c = ws.update_claim(c.id[:8], status="false", remove_tags=["compra"], add_entities=[1])
    assert (c.status, c.tags, [e["name"] for e in c.entities]) == ("false", ["gpu"], ["Elon Musk"])
    ws.delete_claim(c.id)
    with pytest.raises(NotFound):
        ws.get_claim(c.id)
    ws.undo()
    assert ws.get_claim(c.id).status == "false"
    ws.undo()
    assert ws.get_claim(c.id).status == "supported"
    ws.redo()
    assert ws.get_claim(c.id).status == "false"


def test_overlapping_claims_and_claims_at(ws):
    a = ws.add_claim(1, 0, 30)
    b = ws.add_claim(1, 10, 20)
    assert [c.id for c in ws.claims_at(1, 15)] == [b.id, a.id]


def test_links_are_seen_from_both_sides(ws):
    a = ws.add_claim(1, 0, 9)
    b = ws.add_claim(2, 0, 9)
    ws.link_claims(b.id, a.id, "corroborates")
    assert [(lk.claim_id, lk.direction, lk.source_id) for lk in ws.get_claim(a.id).links] == [(b.id, "in", 2)]
    assert ws.get_claim(a.id).corroboration_count == 1
    with pytest.raises(InputError):
        ws.link_claims(a.id, a.id, "corroborates")


def test_bad_status_and_span_are_one_line_errors(ws):
    with pytest.raises(InputError, match="unknown status"):
        ws.add_claim(1, 0, 5, status="maybe")
    with pytest.raises(InputError, match="outside"):
        ws.add_claim(1, 5, 5)


# -- CLI (real entry point) ---------------------------------------------------------------------
def test_cli_claim_lifecycle(cli, small_db):
    r = cli("claim", "add", "--source", "1", "--quote", "Twitter ha comprado unas 10.000 GPU", db=small_db)
    assert r.returncode == 1 and "occurs 2 times" in r.stderr and "--occurrence" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    r = cli("claim", "add", "--source", "1", "--quote", "Twitter ha comprado unas 10.000 GPU", "--occurrence", "2",
            "--tag", "gpu", "--tag", "compra", "--entity", "musk", "--auto-entities", "--status", "supported",
            "--note", "[b]not markup[/b]", db=small_db)
    assert r.returncode == 0, r.stderr
    cid = r.stdout.strip()
    assert len(cid) == 36
    r = cli("claims", "--json", db=small_db)
    (item,) = json.loads(r.stdout)
    for key in ("id", "source_id", "quote", "start", "end", "status", "tags", "entities", "note", "created",
                "modified", "related"):
        assert key in item
    assert item["start"] == TEXT_A.index("Twitter ha comprado", 30) and item["tags"] == ["compra", "gpu"]
    assert {e["name"] for e in item["entities"]} == {"Elon Musk", "Twitter"}
    r = cli("claim", "edit", cid[:8], "--status", "disputed", "--untag", "compra", "--unentity", "Twitter",
            db=small_db)
    assert r.returncode == 0, r.stderr
    assert "[b]not markup[/b]" in r.stdout  # printed literally, never interpreted
    r = cli("tags", "--json", db=small_db)
    assert json.loads(r.stdout) == [{"tag": "gpu", "claims": 1}]
    r = cli("undo", db=small_db)
    assert r.returncode == 0 and r.stdout.startswith("undone:")
    r = cli("claims", "--status", "supported", "--json", db=small_db)
    assert [c["id"] for c in json.loads(r.stdout)] == [cid]
    r = cli("log", "--json", db=small_db)
    assert [e["action"] for e in json.loads(r.stdout)][:3] == ["undo", "claim.edit", "claim.add"]
    r = cli("claim", "delete", cid, db=small_db)
    assert r.returncode == 0
    assert json.loads(cli("claims", "--json", db=small_db).stdout) == []


def test_cli_errors_are_one_line(cli, small_db):
    cases = [
        (("claim", "add", "--source", "1", "--quote", "no está en el texto"), "does not occur"),
        (("claim", "add", "--source", "9", "--quote", "x"), "no source with id 9"),
        (("claim", "add", "--source", "1", "--quote", "Twitter", "--occurrence", "7"), "out of range"),
        (("claim", "add", "--source", "1", "--quote", "Elon Musk", "--entity", "Zuckerberg"), "no entity named"),
        (("claim", "edit", "ffffffff"), "no claim"),
        (("undo",), "nothing to undo"),
    ]
    for args, expected in cases:
        r = cli(*args, db=small_db)
        assert r.returncode != 0, args
        assert expected in r.stderr, (args, r.stderr)
        assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_cli_link_and_markup_in_source_text(cli, small_db):
    a = cli("claim", "add", "--source", "1", "--quote", "[/foo] [@click=app.quit]x[/]", db=small_db).stdout.strip()
    b = cli("claim", "add", "--source", "2", "--quote", "cerca de 10 mil GPUs", db=small_db).stdout.strip()
    r = cli("claim", "link", b, a, "--relation", "contradicts", db=small_db)
    assert r.returncode == 0, r.stderr
    r = cli("claims", db=small_db, env={"COLUMNS": "200"})
    assert r.returncode == 0 and "[/foo] [@click=app.quit]x[/]" in r.stdout
    r = cli("claims", "--json", "--source", "1", db=small_db)
    (item,) = json.loads(r.stdout)
    assert item["related"] == [{"claim_id": b, "relation": "contradicts", "direction": "in", "source_id": 2}]


def test_claim_help_documents_statuses(cli):
    r = cli("claim", "--help")
    for status in ("unverified", "supported", "disputed", "false", "unclear"):
        assert status in r.stdout


def test_sort_by_corroborations_status_modified(cli, small_db, ws):
    from workbench.store import sort_claims

    late = ws.add_claim(1, 60, 80, status="false")
    first = ws.add_claim(1, 0, 9)
    backer = ws.add_claim(2, 0, 9)
    ws.link_claims(backer.id, late.id, "corroborates")
    claims = ws.list_claims()
    assert [c.id for c in sort_claims(claims)] == [first.id, late.id, backer.id]
    assert sort_claims(claims, "corroborations")[0].id == late.id
    assert [c.status for c in sort_claims(claims, "status")] == ["unverified", "unverified", "false"]
    ws.update_claim(first.id, note="touched")
    assert sort_claims(ws.list_claims(), "modified")[0].id == first.id
    with pytest.raises(InputError):
        sort_claims(claims, "size")
    r = cli("claims", "--sort", "corroborations", "--json", db=small_db)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out[0]["id"] == late.id and out[0]["corroborations"] == 1
