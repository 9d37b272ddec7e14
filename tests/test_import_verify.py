"""Import and verify of evidence files: round trip, idempotence, missing sources, malformed files,
changed sources (re-anchoring), and the real CLI's exit statuses."""

from __future__ import annotations

import hashlib
import json

import pytest

from test_export import TEXT_A, TEXT_B, TEXT_C, build, validate_evidence
from workbench.errors import InputError
from workbench.evidence.export import render
from workbench.evidence.importer import import_evidence, verify_evidence


def _workspace(path, texts):
    from workbench.store import Workspace

    w = Workspace(path)
    with w.tx():
        for text, p, lang in texts:
            w.insert_source(sha256=hashlib.sha256(text.encode()).hexdigest(), path=p, title="t", outlet="",
                            lang=lang, lang_detected=lang, text=text)
    return w


@pytest.fixture
def exported(tmp_path):
    from workbench.store import Workspace

    w = Workspace(tmp_path / "origin.db")
    ids = build(w)
    path = tmp_path / "evidence.json"
    path.write_text(render(w, "json"), encoding="utf-8")
    w.close()
    return path, ids


def _claims(doc: dict) -> list[dict]:
    """The claims of an evidence file, comparable across workspaces (entity ids -> names)."""
    names = {e["id"]: e["name"] for e in doc["entities"]}
    out = []
    for a in doc["first"]["items"]:
        a = json.loads(json.dumps(a))
        for b in a["body"]:
            if b["purpose"] == "identifying":
                b["source"] = names[b["source"]]
        a["body"].sort(key=json.dumps)
        out.append(a)
    return sorted(out, key=lambda a: a["id"])


def test_round_trip_into_fresh_workspace(exported, tmp_path):
    path, ids = exported
    # same sources, ingested in another order (other ids)
    fresh = _workspace(tmp_path / "fresh.db", [(TEXT_C, "it/c.txt", "it"), (TEXT_B, "pt/b.txt", "pt"),
                                               (TEXT_A, "es/a.txt", "es")])
    report = import_evidence(fresh, path)
    assert len(report.added) == 6 and not report.problems()
    assert sorted(report.entities_created) == ["Elon Musk", "GPU", "Twitter"] and report.links == 2
    again = json.loads(render(fresh, "json"))
    validate_evidence(again)
    assert _claims(again) == _claims(json.loads(path.read_text()))
    assert fresh.get_claim(ids["c6"]).orphaned and not fresh.get_claim(ids["c5"]).orphaned
    # importing twice changes nothing
    n_log = len(fresh.history(1000))
    report = import_evidence(fresh, path)
    assert len(report.unchanged) == 6 and not report.added and not report.updated and report.links == 0
    assert _claims(json.loads(render(fresh, "json"))) == _claims(again)
    assert fresh.history(1)[0]["state"] == "final" and len(fresh.history(1000)) == n_log + 1
    fresh.close()


def test_import_is_undoable(exported, tmp_path):
    path, _ = exported
    fresh = _workspace(tmp_path / "fresh.db", [(TEXT_A, "es/a.txt", "es"), (TEXT_B, "pt/b.txt", "pt"),
                                               (TEXT_C, "it/c.txt", "it")])
    import_evidence(fresh, path)
    fresh.undo()
    assert fresh.list_claims() == [] and fresh.list_entities() == []
    fresh.redo()
    assert len(fresh.list_claims()) == 6
    fresh.close()


def test_differing_claim_is_a_conflict_theirs_only_when_asked(exported, tmp_path):
    path, ids = exported
    fresh = _workspace(tmp_path / "fresh.db", [(TEXT_A, "es/a.txt", "es"), (TEXT_B, "pt/b.txt", "pt"),
                                               (TEXT_C, "it/c.txt", "it")])
    import_evidence(fresh, path)
    doc = json.loads(path.read_text())
    item = next(a for a in doc["first"]["items"] if a["id"].endswith(ids["c2"]))
    from workbench.store.db import utcnow

    item["modified"] = utcnow()
    next(b for b in item["body"] if b["purpose"] == "assessing")["value"] = "false"
    path.write_text(json.dumps(doc))
    report = import_evidence(fresh, path)
    assert report.conflicts == [(ids["c2"], "status")] and not report.updated and report.failed()
    assert fresh.get_claim(ids["c2"]).status == "unverified"
    report = import_evidence(fresh, path, theirs=True)
    assert report.updated == [ids["c2"]] and fresh.get_claim(ids["c2"]).status == "false"
    assert fresh.get_claim(ids["c1"]).links  # links of an updated claim survive
    fresh.close()


def test_missing_sources_are_reported(exported, tmp_path):
    path, ids = exported
    partial = _workspace(tmp_path / "partial.db", [(TEXT_A, "es/a.txt", "es")])
    report = import_evidence(partial, path)
    assert sorted(report.added) == sorted([ids["c1"], ids["c4"]])
    assert sorted(c for c, _ in report.missing_source) == sorted([ids["c2"], ids["c3"], ids["c5"], ids["c6"]])
    assert {s for _, s in report.missing_source} == {"b.txt", "c.txt"}  # file names only: no folders leak
    assert any("b.txt is not in this workspace" in line for line in report.problems())
    assert report.links == 0  # links to claims that were not imported are not made up
    partial.close()


def _mutations(doc_text: str) -> dict[str, str | bytes]:
    doc = json.loads(doc_text)
    bad_target = json.loads(doc_text)
    bad_target["first"]["items"][2]["target"]["selector"] = [{"type": "TextQuoteSelector", "exact": "x"}]
    bad_status = json.loads(doc_text)
    bad_status["first"]["items"][4]["body"][0]["value"] = "probably"
    bad_len = json.loads(doc_text)
    bad_len["first"]["items"][1]["target"]["selector"][1]["end"] += 3
    bad_entity = json.loads(doc_text)
    bad_entity["entities"] = []
    return {
        "truncated": doc_text[: len(doc_text) // 2],
        "empty": "",
        "not json": "hello",
        "list": "[]",
        "wrong format": json.dumps({**doc, "format": "something-else"}),
        "future version": json.dumps({**doc, "version": 99}),
        "no page": json.dumps({k: v for k, v in doc.items() if k != "first"}),
        "bad target": json.dumps(bad_target),
        "bad status": json.dumps(bad_status),
        "bad length": json.dumps(bad_len),
        "unknown entity": json.dumps(bad_entity),
        "latin-1": "ñ".encode("latin-1") + b"{}",
    }


def test_malformed_files_change_nothing(exported, tmp_path):
    path, _ = exported
    fresh = _workspace(tmp_path / "fresh.db", [(TEXT_A, "es/a.txt", "es"), (TEXT_B, "pt/b.txt", "pt"),
                                               (TEXT_C, "it/c.txt", "it")])
    n_log = len(fresh.history(1000))
    for name, content in _mutations(path.read_text()).items():
        bad = tmp_path / "bad.json"
        bad.write_bytes(content if isinstance(content, bytes) else content.encode())
        with pytest.raises(InputError) as exc:
            import_evidence(fresh, bad)
        assert "\n" not in str(exc.value) and str(bad) in str(exc.value), name
        with pytest.raises(InputError):
            verify_evidence(fresh, bad)
        assert fresh.list_claims() == [] and len(fresh.history(1000)) == n_log, name
    with pytest.raises(InputError, match="cannot read"):
        import_evidence(fresh, tmp_path / "nope.json")
    fresh.close()


def test_failure_midway_rolls_back(exported, tmp_path, monkeypatch):
    from workbench.evidence import importer

    path, _ = exported
    fresh = _workspace(tmp_path / "fresh.db", [(TEXT_A, "es/a.txt", "es"), (TEXT_B, "pt/b.txt", "pt"),
                                               (TEXT_C, "it/c.txt", "it")])
    real, calls = importer._write_claim, []

    def flaky(*args, **kw):
        calls.append(1)
        if len(calls) == 3:
            raise OSError("disk full")
        return real(*args, **kw)

    monkeypatch.setattr(importer, "_write_claim", flaky)
    with pytest.raises(OSError):
        import_evidence(fresh, path)
    assert fresh.list_claims() == [] and fresh.list_entities() == []
    fresh.close()


# -- verify -------------------------------------------------------------------------------------
def test_verify_same_workspace(exported, tmp_path):
    path, ids = exported
    from workbench.store import Workspace

    w = Workspace(tmp_path / "origin.db")
    verdicts = {v.claim_id: v for v in verify_evidence(w, path)}
    assert all(v.ok for k, v in verdicts.items() if k != ids["c6"])
    assert not verdicts[ids["c6"]].ok and verdicts[ids["c6"]].status == "orphaned"
    w.close()


def test_verify_changed_source_reanchors_or_orphans(exported, tmp_path):
    path, ids = exported
    new_a = "Nuevo primer párrafo añadido.\n\n" + TEXT_A.replace("# Titular falso", "# Titular cierto")
    new_b = TEXT_B.replace("O Twitter comprou", "O Twitter  comprou")
    w = _workspace(tmp_path / "changed.db", [(new_a, "es/a.txt", "es"), (new_b, "pt/b.txt", "pt")])
    verdicts = {v.claim_id: v for v in verify_evidence(w, path)}
    assert verdicts[ids["c1"]].ok and verdicts[ids["c1"]].status == "reanchored"
    start = verdicts[ids["c1"]].span[0]
    assert new_a[start:].startswith("Twitter ha comprado unas 10.000 GPU")
    assert verdicts[ids["c2"]].status == "fuzzy" and not verdicts[ids["c2"]].ok
    assert verdicts[ids["c3"]].status == "missing"
    assert verdicts[ids["c4"]].status in ("orphaned", "fuzzy") and not verdicts[ids["c4"]].ok
    w.close()


def test_cli_import_and_verify(cli, exported, tmp_path):
    path, ids = exported
    w = _workspace(tmp_path / "cli.db", [(TEXT_A, "es/a.txt", "es"), (TEXT_B, "pt/b.txt", "pt")])
    w.close()
    db = tmp_path / "cli.db"
    r = cli("import", str(path), db=db)
    assert r.returncode == 1
    assert sorted(r.stdout.splitlines()) == sorted(f"claim {ids[k]}: source c.txt is not in this workspace"
                                                   for k in ("c3", "c6"))
    r = cli("verify", str(path), db=db)
    assert r.returncode == 1
    problems = r.stdout.splitlines()
    assert len(problems) == 2 and any(ids["c3"][:8] in p and "c.txt" in p for p in problems)
    assert any(ids["c6"][:8] in p and "c.txt" in p for p in problems)
    bad = tmp_path / "bad.json"
    bad.write_text(path.read_text()[:100])
    r = cli("import", str(bad), db=db)
    assert r.returncode == 1 and len(r.stderr.splitlines()) == 1 and "not valid JSON" in r.stderr
    r = cli("verify", str(bad), db=db)
    assert r.returncode == 1 and len(r.stderr.splitlines()) == 1


def test_evidence_file_is_untrusted_input(exported, tmp_path, cli):
    """Ids must be UUIDs and hashes hex; tags and notes lose terminal escapes; errors stay one clean line."""
    path, _ids = exported
    doc = json.loads(path.read_text(encoding="utf-8"))
    bad = json.loads(json.dumps(doc))
    bad["first"]["items"][0]["id"] = "urn:uuid:\x1b]0;pwned\x07\x1b[2J"
    f = tmp_path / "bad-id.json"
    f.write_text(json.dumps(bad), encoding="utf-8")
    db = tmp_path / "w.db"
    _workspace(db, [(TEXT_A, "es/a.txt", "es"), (TEXT_B, "pt/b.txt", "pt"), (TEXT_C, "it/c.txt", "it")]).close()
    r = cli("import", str(f), "--db", str(db))
    assert r.returncode == 1 and "not a UUID" in r.stderr
    assert "\x1b" not in r.stderr and "\x07" not in r.stderr and len(r.stderr.splitlines()) == 1

    sneaky = json.loads(json.dumps(doc))
    body = sneaky["first"]["items"][0]["body"]
    body.append({"type": "TextualBody", "purpose": "tagging", "value": "ok\x1b[31mred"})
    for b in body:
        if b["purpose"] == "commenting":
            b["value"] = "note\x1b]8;;http://evil\x07link"
    f2 = tmp_path / "sneaky.json"
    f2.write_text(json.dumps(sneaky), encoding="utf-8")
    from workbench.store import Workspace

    ws = Workspace(db)
    import_evidence(ws, f2)
    for c in ws.list_claims():
        assert all("\x1b" not in t for t in c.tags) and "\x1b" not in c.note and "\x07" not in c.note
    assert any(t == "okred" for c in ws.list_claims() for t in c.tags)
    ws.close()


def test_the_schema_states_the_stores_vocabulary():
    """Statuses, relations and entity labels are checked by the schema alone: it must list exactly
    what the store knows."""
    from workbench.evidence.validation import schema_path
    from workbench.store.models import CLAIM_STATUSES, ENTITY_LABELS, LINK_RELATIONS

    defs = json.loads(schema_path().read_text(encoding="utf-8"))["$defs"]
    kinds = {b["properties"]["purpose"]["const"]: b["properties"] for b in defs["body"]["oneOf"]}
    assert kinds["assessing"]["value"]["enum"] == list(CLAIM_STATUSES)
    assert tuple(kinds["linking"]["relation"]["enum"]) == tuple(LINK_RELATIONS)
    assert tuple(defs["entity"]["properties"]["label"]["enum"]) == tuple(ENTITY_LABELS)


def test_a_broken_file_is_told_in_one_line_naming_the_place(exported):
    """Each error names the annotation (or source, entity) and the field, never echoes the value."""
    from workbench.evidence.jsonfile import parse_evidence

    path, _ids = exported
    good = json.loads(path.read_text(encoding="utf-8"))
    cid = good["first"]["items"][1]["id"][len("urn:uuid:"):]

    def problem(change) -> str:
        doc = json.loads(json.dumps(good))
        change(doc)
        with pytest.raises(InputError) as exc:
            parse_evidence(doc)
        assert "\n" not in str(exc.value)
        return str(exc.value)

    items = lambda d: d["first"]["items"]  # noqa: E731
    assert "annotation #2.body[0].value: must be one of \"unverified\"" in problem(
        lambda d: items(d)[1]["body"][0].update(value="probably\x1b[2J"))
    assert "annotation #2.id: is not a claim id" in problem(lambda d: items(d)[1].update(id="urn:uuid:" + "-" * 36))
    assert "annotation #2.target.selector[1].start: breaks minimum 0" in problem(
        lambda d: items(d)[1]["target"]["selector"][1].update(start=-1))
    assert "entity #1.label: must be one of" in problem(lambda d: d["entities"][0].update(label="PERSON"))
    # what a schema cannot say
    assert f"claim {cid}: the quote is" in problem(lambda d: items(d)[1]["target"]["selector"][1].update(
        end=items(d)[1]["target"]["selector"][1]["end"] + 2))
    assert f"claim {cid} links to itself" in problem(lambda d: items(d)[1]["body"].append(
        {"type": "SpecificResource", "purpose": "linking", "source": items(d)[1]["id"], "relation": "contradicts"}))
    assert "version 1.0 is not supported" in problem(lambda d: d.update(version=1.0))
    assert "probably" not in problem(lambda d: items(d)[1]["body"][0].update(value="probably"))
