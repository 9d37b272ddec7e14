"""Hardening, round two (issue 12): each test reproduces one reported break through the real entry
points (the CLI as a user runs it, the data layer where a fault must be simulated)."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from .conftest import assert_no_traceback, assert_one_line_error, make_workspace, run_cli

HOSTILE = "x\x1b]2;PWNED\x07\x1b]52;c;ZXZpbA==\x07\x1b[2J\x1b[8m\x9b31m\u202eeslaf\u200b"
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\u200b")  # nothing of these may reach a terminal


def _raw_free(*texts: str) -> None:
    for t in texts:
        for ch in RAW:
            assert ch not in t, (repr(ch), t[:300])


def _export(ws: Path, out: Path) -> dict:
    r = run_cli("export", "-o", out, "--db", ws)
    assert r.code == 0, r.err
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture
def with_claim(tmp_path):
    ws = tmp_path / "ws.db"
    make_workspace(ws)
    r = run_cli("claim", "add", "--source", "1", "--quote", "Pedro Sánchez", "--tag", "gobierno", "--db", ws)
    assert r.code == 0, r.err
    return ws, r.out.strip()


# -- 1. an evidence file cannot send escape codes to the terminal -------------------------------
def test_orphaned_annotation_strings_are_cleaned(with_claim, tmp_path):
    ws, cid = with_claim
    doc = _export(ws, tmp_path / "ev.json")
    a = doc["first"]["items"][0]
    exact = "Q\x1b]2;PWNED\x1b\\\x1b[2J all claims verified\x07"
    a["orphaned"] = True
    a["id"] = "urn:uuid:11111111-2222-4333-8444-555555555555"
    sel = a["target"]["selector"]
    sel[0].update(exact=exact, prefix="\x1b[8m", suffix="\x9b2J")
    sel[1]["end"] = sel[1]["start"] + len(exact)
    # a time with escape codes in it is no time: refused in one clean line, nothing stored
    a["created"] = a["modified"] = "2024-01-01T00:00:00Z\x1b]52;c;eA==\x07"
    f = tmp_path / "evil.json"
    f.write_text(json.dumps(doc), encoding="utf-8")
    r = run_cli("import", f, "--db", ws)
    assert r.code == 1 and "created" in r.err
    _raw_free(r.out, r.err)
    a["created"] = a["modified"] = "2024-01-01T00:00:00Z"
    f.write_text(json.dumps(doc), encoding="utf-8")
    r = run_cli("import", f, "--db", ws)
    assert r.code == 0, r.err
    stored = sqlite3.connect(ws).execute("SELECT quote, prefix, suffix, created, modified FROM claims WHERE id ="
                                         " '11111111-2222-4333-8444-555555555555'").fetchone()
    _raw_free(*stored)
    assert stored[0].strip() == "Q all claims verified"
    outs = [run_cli("claim", "show", "11111111", "--db", ws), run_cli("claims", "--db", ws),
            run_cli("export", "--format", "md", "--db", ws), run_cli("claims", "--json", "--db", ws)]
    for o in outs:
        assert o.code == 0, o.err
        _raw_free(o.out, o.err)


# -- 2. every place that shows a path, title, tag, name, note or quote --------------------------
def test_hostile_values_never_reach_the_terminal(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / f"e{HOSTILE}.txt").write_text(f"{HOSTILE} titular\n\nEl ministro Pedro Sánchez habló en Madrid.\n",
                                            encoding="utf-8")
    (folder / f"empty{HOSTILE}.txt").write_text("", encoding="utf-8")
    ws = tmp_path / "ws.db"
    runs = [run_cli("ingest", folder, "--db", ws)]
    assert runs[0].code == 1  # the empty file failed, on its own line
    assert any(ln.startswith("failed: ") and "empty" in ln for ln in runs[0].err_lines)
    runs.append(run_cli("claim", "add", "--source", "1", "--quote", "Pedro Sánchez", "--tag", f"t{HOSTILE}",
                        "--note", f"n{HOSTILE}", "--db", ws))
    assert runs[-1].code == 0, runs[-1].err
    cid = runs[-1].out.strip()
    runs.append(run_cli("entity", "add", f"Ana{HOSTILE}", "--alias", f"A{HOSTILE}", "--db", ws))
    ev = tmp_path / "ev.json"
    runs.append(run_cli("export", "-o", ev, "--db", ws))
    md = tmp_path / "r.md"
    runs.append(run_cli("export", "--format", "md", "-o", md, "--db", ws))
    # a changed source: verify names it by its (hostile) path
    src = next(folder.glob("e*.txt"))
    src.write_text("Otro texto.\n\nEl ministro Pedro Sánchez habló en Madrid.\n", encoding="utf-8")
    runs += [run_cli(*args, "--db", ws) for args in (
        ("status",), ("sources",), ("search", "Madrid"), ("entities",), ("entity", "show", "1"), ("claims",),
        ("claim", "show", cid[:8]), ("tags",), ("log",), ("export", "--format", "md"), ("export", "--format", "ftm"),
        ("claims", "--json"), ("sources", "--json"), ("entities", "--json"), ("log", "--json"),
        ("entity", "rename", "1", f"B{HOSTILE}"), ("undo",), ("redo",), ("ingest", folder), ("verify", ev),
        ("claim", "delete", f"zz{HOSTILE}"), ("ingest", tmp_path / f"missing{HOSTILE}.txt"))]
    for r in runs:
        assert_no_traceback(r)
        _raw_free(r.out, r.err)
    _raw_free(md.read_text(encoding="utf-8"))
    assert "<U+202E>" in run_cli("claim", "show", cid[:8], "--db", ws).out  # made visible, not dropped
    # what is stored stays exact: the JSON output carries the note as it was written
    shown = json.loads(run_cli("claims", "--json", "--db", ws).out)[0]
    assert shown["note"] == "n" + HOSTILE.replace("\x1b]2;PWNED\x07\x1b]52;c;ZXZpbA==\x07\x1b[2J\x1b[8m\x9b31m", "")


def test_display_sanitiser():
    from workbench.textutil import display

    assert display("plain text, ñ and 👍") == "plain text, ñ and 👍"
    assert display("a\x1b]2;T\x07b\x1b[2Jc") == "abc"
    assert display("\u202eeslaf") == "<U+202E>eslaf"
    assert display("a\u200bb\u2066c") == "a<U+200B>b<U+2066>c"
    assert display("x\udcffy") == "x\ufffdy"  # undecodable file-name bytes
    assert display("l1\nl2\tt") == "l1\nl2\tt"
    assert display("l1\nl2\tt", oneline=True) == "l1⏎l2 t"
    assert display("\x85\x9b") == "  "


# -- 3. NER runs over bounded pieces -------------------------------------------------------------
def test_ner_never_sees_more_than_a_piece(monkeypatch):
    import workbench.nlp.ner as ner
    from workbench.ingest import analyse, pipeline

    para = "El presidente Pedro Sánchez visitó Sevilla con Ana Pastor.\n\n"
    text = para * (3 * analyse.NER_PIECE_CHARS // len(para) + 5)
    seen: list[int] = []
    real = ner.extract

    def spy(texts, langs, **kw):
        seen.extend(len(t) for t in texts)
        return real(texts, langs, **kw)

    monkeypatch.setattr(ner, "extract", spy)
    [(lang, mentions, error)] = pipeline._analyse([text], ["es"])
    assert error is None and lang == "es"
    assert max(seen) <= analyse.NER_PIECE_CHARS and sum(seen) == len(text)
    # offsets point into the whole text, in every piece
    assert all(text[s:e] == t for s, e, t, _lab, _o in mentions)
    assert {t for _s, _e, t, _l, _o in mentions} >= {"Pedro Sánchez", "Sevilla", "Ana Pastor"}
    assert len([m for m in mentions if m[2] == "Sevilla"]) == text.count("Sevilla")


def test_pieces_tile_the_text_at_paragraphs():
    from workbench.ingest.analyse import pieces

    text = ("Una frase corta. " * 30 + "\n\n") * 200 + "x" * 25_000
    spans = pieces(text, 4000)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a < b and b - a <= 4000 for a, b in spans)
    assert all(spans[i][1] == spans[i + 1][0] for i in range(len(spans) - 1))
    assert all(text[b - 2:b] == "\n\n" for a, b in spans[:-8])  # paragraph breaks where there are some
    assert pieces("corto", 4000) == [(0, 5)]


def test_normal_articles_get_the_same_mentions():
    """An article up to a piece long is one piece: exactly the mentions of the whole text."""
    import workbench.nlp.ner as ner
    from workbench.ingest.analyse import extract_bounded

    texts = ["El Gobierno de España anunció que Pedro Sánchez viajará a Lisboa.\n\nLa oposición criticó el plan.",
             "O governo de Portugal aprovou ontem um pacote, disse o ministro em Lisboa."]
    langs = ["es", "pt"]
    whole = [[(m.start, m.end, m.text, m.label, m.origin) for m in ms] for ms in ner.extract(texts, langs)]
    assert extract_bounded(texts, langs) == whole


# -- 4. one file that fails is undone alone, whatever it raised ----------------------------------
def test_a_failing_analysis_fails_its_file_alone(tmp_path, monkeypatch):
    import workbench.nlp.ner as ner
    from workbench.ingest import ingest_paths
    from workbench.store import Workspace

    real = ner.extract

    def extract(texts, langs, **kw):
        if any("VENENO" in t for t in texts):
            raise ValueError("[E088] Text of length 20000001 exceeds maximum of 20000000.")
        return real(texts, langs, **kw)

    monkeypatch.setattr(ner, "extract", extract)
    for i in range(6):
        (tmp_path / f"{i}.txt").write_text(f"Artículo {i}: Pedro Sánchez habló en Madrid el lunes.\n",
                                           encoding="utf-8")
    (tmp_path / "3.txt").write_text("VENENO: Ana Pastor en Sevilla.\n", encoding="utf-8")
    ws = Workspace(tmp_path / "ws.db")
    report = ingest_paths(ws, [tmp_path], workers=1)
    assert len(report.added) == 5 and [Path(p).name for p, _m in report.failed] == ["3.txt"]
    assert "E088" in report.failed[0][1] and "\n" not in report.failed[0][1]
    assert ws.source_count() == 5
    again = ingest_paths(ws, [tmp_path], workers=1)  # running again reaches the same file, not further
    assert len(again.present) == 5 and len(again.failed) == 1
    ws.close()


def test_a_storage_failure_fails_its_file_alone(tmp_path, monkeypatch):
    from workbench.ingest import ingest_paths, pipeline
    from workbench.store import Workspace

    real = pipeline._store

    def store(ws, ents, p, mentions):
        if p.path.endswith("2.txt"):
            ws.conn.execute("INSERT INTO tags (name) VALUES ('half-written')")  # half a write, then a bug
            raise KeyError("resolver state")
        return real(ws, ents, p, mentions)

    monkeypatch.setattr(pipeline, "_store", store)
    for i in range(4):
        (tmp_path / f"{i}.txt").write_text(f"Texto {i} sobre Lisboa y Madrid.\n", encoding="utf-8")
    ws = Workspace(tmp_path / "ws.db")
    report = ingest_paths(ws, [tmp_path], workers=1)
    assert [Path(p).name for p, _m in report.failed] == ["2.txt"] and len(report.added) == 3
    assert "KeyError" in report.failed[0][1]
    assert ws.source_count() == 3
    assert ws.conn.execute("SELECT count(*) FROM tags WHERE name = 'half-written'").fetchone()[0] == 0
    ws.close()


def _die_on(chunk):
    """In a pool worker: die (as the OOM killer does) on a chunk holding 13."""
    if 13 in chunk:
        os._exit(9)
    return sum(chunk)


def test_a_worker_crash_rebuilds_the_pool_and_the_rest_go_on():
    from workbench.parallel import map_in_order

    chunks = [[i, i + 100] for i in range(20)]
    crashed = []
    out = list(map_in_order(_die_on, chunks, 2, crashed=lambda c, exc: crashed.append(c) or -1))
    assert [c for c, _r in out] == chunks  # every chunk, in order
    assert dict((c[0], r) for c, r in out) == {i: (-1 if i == 13 else 2 * i + 100) for i in range(20)}
    assert crashed == [[13, 113]]


def test_a_worker_dying_before_the_next_submit_loses_nothing():
    """The pool breaks while chunks are still being handed out (the input is slow to come): the
    next submit finds it broken, and that chunk is run again like those in flight."""
    import time

    from workbench.parallel import map_in_order

    def slow_chunks():
        for i in range(10):
            if i == 2:
                time.sleep(1.5)  # chunk 1 (with 13) has killed its worker by now
            yield [i, 13] if i == 1 else [i, i + 100]

    crashed = []
    out = list(map_in_order(_die_on, slow_chunks(), 2, crashed=lambda c, exc: crashed.append(c) or -1))
    assert [c[0] for c, _r in out] == list(range(10))
    assert crashed == [[1, 13]]
    assert [r for _c, r in out] == [100, -1, *(2 * i + 100 for i in range(2, 10))]


def test_disk_full_is_said_once_and_stops(tmp_path, monkeypatch):
    from workbench.ingest import ingest_paths, pipeline
    from workbench.store import Workspace

    real, calls = pipeline._store, []

    def store(ws, ents, p, mentions):
        calls.append(p.path)
        if len(calls) >= 3:
            raise sqlite3.OperationalError("database or disk is full")
        return real(ws, ents, p, mentions)

    monkeypatch.setattr(pipeline, "_store", store)
    for i in range(12):
        (tmp_path / f"{i:02}.txt").write_text(f"Texto número {i} sobre Lisboa.\n", encoding="utf-8")
    ws = Workspace(tmp_path / "ws.db")
    report = ingest_paths(ws, [tmp_path], workers=1)
    assert len(calls) == 3 and not report.failed  # no line per remaining file
    assert "disk" in report.stopped and "full" in report.stopped and not report.ok
    assert "stopped:" in report.summary()
    ws.close()


# -- 5. an export never replaces the workspace ----------------------------------------------------
def test_export_refuses_the_workspace_as_target(tmp_path):
    ws = tmp_path / "ws.db"
    make_workspace(ws)
    before = ws.read_bytes()
    (tmp_path / "link.json").symlink_to(ws)
    os.link(ws, tmp_path / "hard.json")
    (tmp_path / "dir").mkdir()
    (tmp_path / "dirlink").symlink_to(tmp_path / "dir")
    for target, why in ((ws, "workspace"), (f"{ws}-wal", "workspace"), (f"{ws}-shm", "workspace"),
                        (tmp_path / "link.json", "workspace"), (tmp_path / "hard.json", "workspace"),
                        (tmp_path / "dir", "folder"), (tmp_path / "dirlink", "folder")):
        for fmt in ("json", "md"):
            assert_one_line_error(run_cli("export", "--format", fmt, "-o", target, "--db", ws), contains=why)
    assert ws.read_bytes() == before and run_cli("status", "--db", ws).code == 0
    other = tmp_path / "other.db"
    make_workspace(other)
    assert_one_line_error(run_cli("export", "-o", other, "--db", ws), contains="SQLite database")


# -- 9. an evidence file cannot plant confirmed or invisible entities ----------------------------
def test_imported_entities_are_proposals_and_names_must_show(with_claim, tmp_path):
    ws, cid = with_claim
    doc = _export(ws, tmp_path / "ev.json")
    doc["entities"] = [{"id": "urn:workbench:entity:900", "entity_id": 900, "name": "de", "label": "ORG",
                        "status": "confirmed", "aliases": ["la", "el", "que"]}]
    doc["first"]["items"][0]["body"].append({"type": "SpecificResource", "purpose": "identifying",
                                             "source": "urn:workbench:entity:900"})
    f = tmp_path / "plant.json"
    f.write_text(json.dumps(doc), encoding="utf-8")
    r = run_cli("import", f, "--theirs", "--db", ws)  # the claim differs (a new entity link): take the file's
    assert r.code == 0, r.err
    c = sqlite3.connect(ws)
    assert c.execute("SELECT status FROM entities WHERE name = 'de'").fetchall() == [("proposed",)]
    c.close()
    for name in ("\u200b\u200b", "\u3164", " \u202e "):
        doc["entities"][0]["name"] = name
        f.write_text(json.dumps(doc), encoding="utf-8")
        assert_one_line_error(run_cli("import", f, "--theirs", "--db", ws), contains="empty or invisible")


# -- 10. an import of any size --------------------------------------------------------------------
def test_action_log_snapshots_any_number_of_ids(tmp_path):
    from workbench.store import Workspace
    from workbench.store.history import restore, snapshot

    ws = Workspace(tmp_path / "ws.db")
    ids = [f"00000000-0000-4000-8000-{i:012d}" for i in range(130_000)]  # 2 x 130,000 > 250,000 variables
    with ws.tx() as conn:
        snap = snapshot(conn, {"claims": ids, "entities": list(range(130_000))})
        restore(conn, {"claims": ids, "entities": list(range(130_000))}, snap)
    assert snap["claims"] == []
    ws.close()


# -- 12. a damaged workspace is named as such -----------------------------------------------------
def _damage_page(db: Path, page_no: int | None = None) -> None:
    data = bytearray(db.read_bytes())
    page = 4096
    n = page_no if page_no is not None else len(data) // page - 2
    data[n * page:(n + 1) * page] = bytes(range(256)) * (page // 256)
    db.write_bytes(bytes(data))


def test_damaged_workspace_is_refused_for_writing(tmp_path):
    ws = tmp_path / "ws.db"
    make_workspace(ws)
    assert run_cli("claim", "add", "--source", "1", "--quote", "Pedro Sánchez", "--db", ws).code == 0
    c = sqlite3.connect(ws)
    c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages = c.execute("SELECT rootpage FROM sqlite_master WHERE name = 'sources'").fetchone()[0]
    c.close()
    _damage_page(ws, pages - 1)
    line = assert_one_line_error(run_cli("claim", "add", "--source", "2", "--quote", "Portugal", "--db", ws),
                                 contains="damaged")
    assert ".recover" in line and "backup" in line


def test_undecodable_text_is_named_damage(tmp_path):
    ws = tmp_path / "ws.db"
    make_workspace(ws)
    c = sqlite3.connect(ws)
    c.execute("UPDATE sources SET title = CAST(X'C328FF' AS TEXT) WHERE id = 2")
    c.commit()
    c.close()
    assert_one_line_error(run_cli("sources", "--db", ws), contains="damaged")


def test_zeroed_half_is_not_blamed_on_the_query(tmp_path):
    ws = tmp_path / "ws.db"
    make_workspace(ws)
    data = ws.read_bytes()
    ws.write_bytes(data[: len(data) // 2] + bytes(len(data) - len(data) // 2))
    for args in (("search", "Madrid"), ("status",), ("claim", "add", "--source", "1", "--quote", "Madrid")):
        line = assert_one_line_error(run_cli(*args, "--db", ws))
        assert "damaged" in line and "query" not in line, line


# -- 13 / 18. evidence files are validated -------------------------------------------------------
@pytest.mark.parametrize("mutate, contains", [
    (lambda d: d.update(version=True), "version"),
    (lambda d: d["first"]["items"][0].update(orphaned="no"), "orphaned"),
    (lambda d: d["first"]["items"][0].update(body=5), "body"),
    (lambda d: d["first"]["items"].append(dict(d["first"]["items"][0])), "twice"),
    (lambda d: d["first"]["items"][0]["body"].append(
        {"type": "SpecificResource", "purpose": "linking", "source": d["first"]["items"][0]["id"],
         "relation": "corroborates"}), "itself"),
    (lambda d: d["first"]["items"][0]["target"]["selector"][1].update(start=123456789012345), "digits"),
])
def test_loose_evidence_files_are_refused(with_claim, tmp_path, mutate, contains):
    ws, _cid = with_claim
    doc = _export(ws, tmp_path / "ev.json")
    mutate(doc)
    f = tmp_path / "bad.json"
    f.write_text(json.dumps(doc).replace("123456789012345", "9" * 5000), encoding="utf-8")
    before = sqlite3.connect(ws).execute("SELECT count(*) FROM log").fetchone()
    for cmd in ("import", "verify"):
        assert_one_line_error(run_cli(cmd, f, "--db", ws), contains=contains)
    assert sqlite3.connect(ws).execute("SELECT count(*) FROM log").fetchone() == before


def test_deeply_nested_evidence_file(with_claim, tmp_path):
    ws, _cid = with_claim
    f = tmp_path / "deep.json"
    f.write_text('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    assert_one_line_error(run_cli("import", f, "--db", ws), contains="nested")


# -- 14. a read-only folder ------------------------------------------------------------------------
def test_read_only_folder_is_read_immutable(tmp_path, monkeypatch):
    from workbench.store import Workspace, db

    p = tmp_path / "ws.db"
    make_workspace(p)
    monkeypatch.setattr(db, "_folder_writable", lambda _p: False)
    opened = []
    real = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: opened.append(a[0]) or real(*a, **k))
    with Workspace(p, readonly=True) as ws:
        assert ws.readonly and ws.source_count() == 3
    assert "mode=ro" in opened[-1] and "immutable=1" in opened[-1]
    with Workspace(p) as ws:  # a writer in such a folder is read-only too: one clear line on writes
        assert ws.readonly


# -- 16. claim id prefixes are prefixes, never patterns -------------------------------------------
def test_claim_prefix_is_not_a_like_pattern(with_claim):
    ws, cid = with_claim
    for ref in ("%%%%", "____", "%", "ab", cid[:3]):
        assert_one_line_error(run_cli("claim", "delete", ref, "--db", ws), contains="no claim")
    assert run_cli("claim", "show", cid[:4], "--db", ws).code == 0
    assert run_cli("claim", "show", cid[:8].upper(), "--db", ws).code == 0
    assert sqlite3.connect(ws).execute("SELECT count(*) FROM claims").fetchone() == (1,)


# -- 17. bidi overrides are shown, stored text stays exact ----------------------------------------
def test_bidi_note_is_visible_and_stored_exactly(with_claim):
    ws, cid = with_claim
    assert run_cli("claim", "edit", cid[:8], "--note", "\u202eeslaf", "--db", ws).code == 0
    out = run_cli("claim", "show", cid[:8], "--db", ws).out
    assert "<U+202E>eslaf" in out and "\u202e" not in out
    assert json.loads(run_cli("claims", "--json", "--db", ws).out)[0]["note"] == "\u202eeslaf"
    assert sqlite3.connect(ws).execute("SELECT note FROM claims").fetchone() == ("\u202eeslaf",)


def test_invisible_entity_names_are_refused_everywhere(tmp_path):
    ws = tmp_path / "ws.db"
    make_workspace(ws)
    for name in ("\u200b", "\u3164", " \u202e\u2066 "):
        assert_one_line_error(run_cli("entity", "add", name, "--db", ws), contains="invisible")
    assert run_cli("entity", "add", "Ana Pastor", "--db", ws).code == 0
    assert_one_line_error(run_cli("entity", "rename", "Ana Pastor", "\u200b\u200d", "--db", ws), contains="invisible")
