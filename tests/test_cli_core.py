"""The real entry point, as a user or a script runs it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS, run_cli


def test_workbench_script_exists_and_help():
    exe = ROOT / ".venv" / "bin" / "workbench"
    assert exe.exists()
    out = subprocess.run([str(exe), "--help"], capture_output=True, text=True)
    assert out.returncode == 0
    for cmd in ("ingest", "sources", "search", "entities", "entity", "open"):
        assert cmd in out.stdout


def test_sources_search_entities_json_contract(seeded_db):
    r = run_cli("sources", "--json", db=seeded_db)
    assert r.returncode == 0, r.stderr
    sources = json.loads(r.stdout)
    assert len(sources) == 5
    assert set(sources[0]) == {"id", "title", "outlet", "lang", "chars", "sha256", "path",  # the old keys, and
                               "url", "author", "published_at", "captured_at", "pages"}  # citation metadata
    assert sorted(s["lang"] for s in sources) == ["es", "es", "es", "it", "pt"]

    r = run_cli("search", "inteligencia", "--json", "--limit", "3", db=seeded_db)
    hits = json.loads(r.stdout)
    assert r.returncode == 0 and 1 <= len(hits) <= 3
    assert {"source_id", "title", "lang", "snippet", "score"} <= set(hits[0])
    assert {h["lang"] for h in json.loads(run_cli("search", "inteligencia", "--json", db=seeded_db).stdout)} >= {"es", "pt"}

    r = run_cli("entities", "--json", db=seeded_db)
    ents = json.loads(r.stdout)
    assert {"id", "name", "label", "aliases", "mentions", "sources"} <= set(ents[0])
    assert any(e["name"] == "Elon Musk" for e in ents)


@pytest.mark.parametrize("query", ['"unbalanced', "AND", "NEAR("])
def test_malformed_query_exit_2_one_line(seeded_db, query):
    r = run_cli("search", query, db=seeded_db)
    assert r.returncode == 2
    assert r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_ingest_summary_and_exit_status(tmp_path):
    db = tmp_path / "w.db"
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(next(SEEDS.glob("*.txt")), folder / "a.txt")
    (folder / "b.txt").write_bytes(b"\x7fELF" + bytes(100))
    r = run_cli("ingest", str(folder), "--db", str(db))
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert any(ln.startswith("failed:") and "b.txt" in ln and "binary" in ln for ln in lines)
    assert lines[-1] == "1 added, 0 already present, 1 failed"
    r = run_cli("ingest", str(folder / "a.txt"), "--db", str(db))
    assert r.returncode == 0 and r.stderr.strip().endswith("0 added, 1 already present, 0 failed")
    r = run_cli("ingest", str(tmp_path / "missing"), "--db", str(db))
    assert r.returncode == 1 and "no such file" in r.stderr and "Traceback" not in r.stderr


def test_entity_corrections_from_cli(seeded_db):
    r = run_cli("entity", "relabel", "Twitter", "ORG", db=seeded_db)
    assert r.returncode == 0, r.stderr
    r = run_cli("entity", "merge", "Tesla", "Elon Musk", db=seeded_db)
    assert r.returncode == 0 and "Tesla" in r.stdout
    ents = {e["name"]: e for e in json.loads(run_cli("entities", "--json", db=seeded_db).stdout)}
    assert "Tesla" not in ents and "Tesla" in ents["Elon Musk"]["aliases"]
    r = run_cli("entity", "merge", "Nobody At All", "Elon Musk", db=seeded_db)
    assert r.returncode == 1 and r.stderr.startswith("error: no entity named") and len(r.stderr.splitlines()) == 1


def test_source_lang_override(seeded_db):
    r = run_cli("source", "lang", "1", "pt", db=seeded_db)
    assert r.returncode == 0, r.stderr
    assert json.loads(run_cli("sources", "--json", db=seeded_db).stdout)[0]["lang"] == "pt"
    r = run_cli("source", "lang", "999", "pt", db=seeded_db)
    assert r.returncode == 1 and "no source with id 999" in r.stderr


def test_open_on_empty_workspace_ingests_seeds(tmp_path):
    """The README's first command, run without a terminal, ingests seeds/ and prints the summary."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    r = run_cli("open", cwd=tmp_path, env={"WORKBENCH_DB": ""})
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "workspace.db").exists()
    assert "5 sources" in r.stdout
    r = run_cli("open", cwd=tmp_path, env={"WORKBENCH_DB": ""})  # second time: nothing re-ingested
    assert "Empty workspace" not in r.stderr and "5 sources" in r.stdout


def test_db_errors_are_one_line(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_text("not a database at all")
    r = run_cli("sources", "--db", str(bad))
    assert r.returncode == 1 and len(r.stderr.splitlines()) == 1 and "not a workspace" in r.stderr


def test_corpus_sample_through_real_entry_point(corpus_dir, tmp_path):
    """A few hundred real articles in four languages through `workbench ingest`."""
    manifest = (corpus_dir / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    by_lang: dict[str, list[str]] = {}
    for row in manifest:
        path, lang = row.split("\t")[:2]
        by_lang.setdefault(lang, []).append(path)
    picked = [p for lang in ("pt", "es", "it", "en") for p in by_lang[lang][:60]]
    folder = tmp_path / "sample"
    for p in picked:
        dst = folder / p
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.symlink_to(corpus_dir / p)
    db = tmp_path / "w.db"
    r = run_cli("ingest", str(folder), "--db", str(db), "--quiet")
    assert r.returncode == 0, r.stderr
    assert r.stderr.strip().endswith(f"{len(picked)} added, 0 already present, 0 failed")
    sources = json.loads(run_cli("sources", "--json", "--db", str(db)).stdout)
    detected = {Path(s["path"]).parent.name: 0 for s in sources}
    right = sum(1 for s in sources if s["lang"] == Path(s["path"]).parent.name)
    assert right / len(sources) >= 0.97, detected
    hits = json.loads(run_cli("search", "corrupção", "--json", "--db", str(db)).stdout)
    assert hits and all(h["lang"] == "pt" for h in hits[:5])
    ents = json.loads(run_cli("entities", "--json", "--db", str(db)).stdout)
    assert len(ents) > 200
