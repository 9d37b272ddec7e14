"""Documents as reporters get them (issue 19): PDF, Word, OpenDocument, e-mail, web archives,
front matter, legacy encodings; source metadata and the pages of claims.  Every file is built here
(tests/docfiles.py); the CLI tests run the real entry point."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

import docfiles as D
from conftest import ROOT, run_cli
from workbench.errors import InputError
from workbench.ingest import ingest_paths
from workbench.ingest.readers import decode_bytes, read_documents
from workbench.store import Workspace


def _no_traceback(r) -> None:
    assert "Traceback" not in r.stderr and "Traceback" not in r.stdout, r.stderr


def _sources(db: Path) -> list[dict]:
    r = run_cli("sources", "--json", db=db)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


# -- PDF --------------------------------------------------------------------------------------
@pytest.mark.parametrize("interleave", [True, False])
def test_pdf_reading_order_headers_hyphenation_and_pages(tmp_path, interleave):
    pdf = D.report_pdf(tmp_path / "r.pdf", interleave=interleave)
    (doc,) = read_documents(pdf)
    assert doc.text == D.REPORT_TEXT  # columns in order, header and footer gone, "prece-dentes" joined
    assert D.HEADER not in doc.text and "Página" not in doc.text
    assert doc.title == "Informe anual 2025"
    assert doc.meta["author"] == "Ministerio de Prueba" and doc.meta["published_at"] == "2025-03-04T10:00:00+00:00"
    assert doc.pages is not None and len(doc.pages) == 3
    # the pages tile the text in order; what lies between two pages is only the joint
    (s1, e1), (s2, e2), (s3, e3) = doc.pages
    assert s1 == 0 and e3 == len(doc.text) and e1 <= s2 <= e2 <= s3
    assert doc.text[s1:e1].endswith("exigió que el ministro compareciera")
    assert doc.text[e1:s2] == " "  # the sentence runs on to page 2
    assert doc.text[s2:e2].startswith("ante el parlamento") and doc.text[e2:s3] == "\n\n"
    assert doc.text[s3:e3].startswith("Conclusiones del informe")


def test_pdf_claim_across_a_page_break_cites_its_pages_everywhere(tmp_path):
    db = tmp_path / "w.db"
    pdf = D.report_pdf(tmp_path / "informe.pdf")
    r = run_cli("ingest", str(pdf), db=db)
    assert r.returncode == 0, r.stderr
    (src,) = _sources(db)
    assert (src["pages"], src["author"], src["published_at"]) == (3, "Ministerio de Prueba", "2025-03-04T10:00:00+00:00")
    assert src["title"] == "Informe anual 2025" and src["url"] == "" and src["captured_at"] == ""
    shown = run_cli("source", "show", str(src["id"]), db=db).stdout
    assert shown.rstrip("\n") == D.REPORT_TEXT

    crossing = run_cli("claim", "add", "--source", str(src["id"]), "--quote", D.CROSSING_CLAIM, db=db)
    one_page = run_cli("claim", "add", "--source", str(src["id"]), "--quote", "el gasto público aumentó", db=db)
    assert crossing.returncode == 0 and one_page.returncode == 0, crossing.stderr + one_page.stderr
    claims = {c["quote"]: c for c in json.loads(run_cli("claims", "--json", db=db).stdout)}
    assert claims[D.CROSSING_CLAIM]["pages"] == "1-2"
    assert claims["el gasto público aumentó"]["pages"] == "3"

    out = tmp_path / "e.json"
    assert run_cli("export", "--format", "json", "-o", str(out), db=db).returncode == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    import jsonschema

    jsonschema.validate(doc, json.loads((ROOT / "schemas" / "evidence.schema.json").read_text(encoding="utf-8")))
    frags = {a["target"]["selector"][0]["exact"]: a["target"]["selector"][2] for a in doc["first"]["items"]}
    assert frags[D.CROSSING_CLAIM] == {"type": "FragmentSelector", "conformsTo": "http://tools.ietf.org/rfc/rfc8118",
                                       "value": "page=1", "pages": "1-2"}
    assert frags["el gasto público aumentó"]["value"] == "page=3"
    assert doc["sources"][0]["author"] == "Ministerio de Prueba" and doc["sources"][0]["pages"] == 3
    v = run_cli("verify", str(out), db=db)
    assert v.returncode == 0 and "2 of 2 claims verify" in v.stdout + v.stderr, v.stdout + v.stderr

    md = tmp_path / "e.md"
    assert run_cli("export", "--format", "md", "-o", str(md), db=db).returncode == 0
    text = md.read_text(encoding="utf-8")
    assert "pp. 1-2" in text and "p. 3" in text
    ftm = tmp_path / "e.ftm"
    assert run_cli("export", "--format", "ftm", "-o", str(ftm), db=db).returncode == 0
    rows = [json.loads(line) for line in ftm.read_text(encoding="utf-8").splitlines()]
    notes = [e for e in rows if e["schema"] == "Note"]
    assert sorted(n["properties"]["summary"][0].rsplit("; ", 1)[1] for n in notes) == ["page 1-2", "page 3"]
    article = next(e for e in rows if e["schema"] == "Article")
    assert article["properties"]["author"] == ["Ministerio de Prueba"]


def test_changed_pdf_updates_pages_and_reanchors_claims(tmp_path):
    ws = Workspace(tmp_path / "w.db")
    pdf = D.report_pdf(tmp_path / "informe.pdf")
    assert ingest_paths(ws, [pdf]).ok
    (src,) = ws.list_sources()
    start = ws.find_quote(src.id, "el gasto público aumentó")[0]
    claim = ws.add_claim(src.id, start, start + len("el gasto público aumentó"))
    assert claim.pages == "3"
    ws.set_source_meta(src.id, url="https://example.org/informe.pdf")
    # the new version has an extra first page: the claim moves to page 4, the user's URL stays
    extra = (["Resumen ejecutivo del informe anual."], [])
    D.report_pdf(pdf, pages=[extra, *D.REPORT_PAGES])
    report = ingest_paths(ws, [pdf])
    assert report.ok and len(report.updated) == 1
    assert ws.get_claim(claim.id).pages == "4" and not ws.get_claim(claim.id).orphaned
    s = ws.get_source(src.id)
    assert s.pages == 4 and s.url == "https://example.org/informe.pdf"
    ws.close()


def test_scanned_pdf_gets_one_line_and_changes_nothing(tmp_path):
    db = tmp_path / "w.db"
    scan = D.scanned_pdf(tmp_path / "scan.pdf")
    good = tmp_path / "nota.txt"
    good.write_text("Nota\n\nEl pleno aprobó el presupuesto municipal por mayoría absoluta.\n", encoding="utf-8")
    r = run_cli("ingest", str(scan), str(good), db=db)
    _no_traceback(r)
    assert r.returncode == 1
    failed = [ln for ln in r.stderr.splitlines() if ln.startswith("failed: ")]
    assert len(failed) == 1 and "scan.pdf" in failed[0] and "needs OCR" in failed[0] and "none" in failed[0]
    assert [s["path"] for s in _sources(db)] == [str(good)]


def test_encrypted_pdf_gets_one_line(tmp_path):
    db = tmp_path / "w.db"
    r = run_cli("ingest", str(D.encrypted_pdf(tmp_path / "secret.pdf")), db=db)
    _no_traceback(r)
    assert r.returncode == 1
    (line,) = [ln for ln in r.stderr.splitlines() if ln.startswith("failed: ")]
    assert "encrypted PDF" in line and "password" in line
    assert r.stderr.splitlines()[-1] == "0 added, 0 already present, 1 failed"


@pytest.mark.parametrize("data, why", [(b"%PDF-1.7\n garbage", "damaged"), (b"%PDF-1.4\n", "damaged")])
def test_damaged_pdf_gets_one_line(tmp_path, data, why):
    f = tmp_path / "bad.pdf"
    f.write_bytes(data)
    with pytest.raises(InputError, match=why):
        read_documents(f)


# -- Word, OpenDocument ------------------------------------------------------------------------
def test_docx_with_a_table(tmp_path):
    ws = Workspace(tmp_path / "w.db")
    f = D.report_docx(tmp_path / "contrato.docx")
    report = ingest_paths(ws, [tmp_path])  # found in a folder, like .txt files
    assert report.ok and len(report.added) == 1
    (s,) = ws.list_sources()
    text = ws.source_text(s.id)
    rows = [" | ".join(r) for r in D.DOCX_TABLE]
    assert text == "\n\n".join([*D.DOCX_PARAGRAPHS, "\n".join(rows), D.DOCX_AFTER])
    assert (s.title, s.author, s.published_at, s.pages) == ("Contrato de suministro", "Secretaría municipal",
                                                            "2024-11-20T09:30:00+00:00", 0)
    assert s.path == str(f)
    ws.close()


def test_odt(tmp_path):
    (doc,) = read_documents(D.report_odt(tmp_path / "acta.odt"))
    assert doc.text == "Acta de la sesión\n\nEl pleno aprobó por mayoría el presupuesto de 2025.\n\nVotos a favor | 14"
    assert doc.title == "Acta" and doc.meta == {"author": "Secretaría", "published_at": "2025-01-15T12:00:00"}


def test_office_file_that_is_not_one(tmp_path):
    f = tmp_path / "fake.docx"
    f.write_bytes(b"PK\x03\x04 not a zip at all")
    with pytest.raises(InputError, match="damaged .docx"):
        read_documents(f)


# -- e-mail ------------------------------------------------------------------------------------
def test_eml_headers_become_metadata_and_attachments_are_listed(tmp_path):
    db = tmp_path / "w.db"
    r = run_cli("ingest", str(D.message_eml(tmp_path / "m.eml")), db=db)
    assert r.returncode == 0, r.stderr
    assert "note: " in r.stderr and "1 attachment listed, not ingested" in r.stderr
    (s,) = _sources(db)
    assert s["title"] == "Informe de la obra del puerto"
    assert s["author"] == "Ana Pérez <ana@example.org>"
    assert s["published_at"] == "2025-03-04T10:15:00+01:00"
    assert s["url"] == "mid:20250304.1015@example.org"
    text = run_cli("source", "show", str(s["id"]), db=db).stdout
    assert "To: redaccion@example.com, editor@example.com" in text
    assert "obra costó 3,2 millones de euros" in text
    assert "Attachments (not ingested):\n- informe.pdf (application/pdf, " in text
    assert "%PDF" not in text


# -- web archives ------------------------------------------------------------------------------
def test_warc_pages_are_sources_with_url_and_capture_date(tmp_path):
    db = tmp_path / "w.db"
    warc = D.pages_warc(tmp_path / "crawl.warc.gz")
    r = run_cli("ingest", str(tmp_path), db=db)
    assert r.returncode == 0, r.stderr
    assert "2 HTML pages; 1 non-HTML record skipped" in r.stderr
    assert r.stderr.splitlines()[-1].startswith("2 added")
    got = {s["url"]: s for s in _sources(db)}
    assert set(got) == {u for u, _t, _b in D.WARC_PAGES}
    for i, (url, title, body) in enumerate(D.WARC_PAGES):
        s = got[url]
        assert s["title"] == title and s["path"] == f"{warc}#{url}"
        assert s["captured_at"] == f"2025-03-0{5 + i}T12:00:00+00:00"
        assert s["author"] == "Luis Gómez" and s["published_at"] == "2025-03-03"
        assert body in run_cli("source", "show", str(s["id"]), db=db).stdout
    again = run_cli("ingest", str(warc), db=db)
    assert again.returncode == 0 and again.stderr.splitlines()[-1].startswith("0 added, 2 already present")


def test_not_a_warc(tmp_path):
    f = tmp_path / "x.warc"
    f.write_bytes(b"this is not a web archive\n" * 3)
    with pytest.raises(InputError, match="web archive"):
        read_documents(f)


# -- front matter ------------------------------------------------------------------------------
def test_front_matter_is_metadata_not_text(tmp_path):
    db = tmp_path / "w.db"
    f = tmp_path / "post.md"
    f.write_text(D.FRONT_MATTER_MD, encoding="utf-8")
    assert run_cli("ingest", str(f), db=db).returncode == 0
    (s,) = _sources(db)
    assert (s["title"], s["url"], s["author"], s["published_at"], s["outlet"]) == (
        "El alcalde y el puerto", "https://blog.example.net/puerto", "Marta Ruiz", "2025-03-02", "Blog Ejemplo")
    text = run_cli("source", "show", str(s["id"]), db=db).stdout
    assert text.startswith("El alcalde inauguró el puerto en 2023.") and "---" not in text


def test_broken_front_matter_stays_text(tmp_path):
    f = tmp_path / "post.md"
    f.write_text("---\ntitle: [unclosed\n---\nTexto del artículo.\n", encoding="utf-8")
    (doc,) = read_documents(f)
    assert doc.text.startswith("---\ntitle: [unclosed") and doc.meta == {}
    assert doc.notes == ["front matter is not valid YAML: kept as text"]


# -- encodings ---------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(D.LEGACY_TEXTS))
def test_legacy_encodings_decode(name):
    text, enc = D.LEGACY_TEXTS[name]
    decoded, chosen = decode_bytes(text.encode(enc))
    assert decoded == text
    assert "assumed" not in chosen
    if name == "cp1252":
        assert chosen == "cp1252"  # the default for Western European text


def test_short_legacy_file_says_which_encoding_was_assumed(tmp_path):
    db = tmp_path / "w.db"
    for name, (text, enc) in D.LEGACY_TEXTS.items():
        (tmp_path / f"{name}.txt").write_bytes(text.encode(enc))
    short = tmp_path / "short.txt"
    short.write_bytes("Año de compañía: señor Muñoz".encode("cp1252"))
    r = run_cli("ingest", str(tmp_path), db=db)
    assert r.returncode == 0, r.stderr
    notes = [ln for ln in r.stderr.splitlines() if ln.startswith("note: ")]
    assert notes == [f"note: {short}: encoding unsure: assumed cp1252"]
    assert r.stderr.splitlines()[-1] == "5 added, 0 already present, 0 failed, encoding assumed (cp1252) for 1 file"
    texts = {Path(s["path"]).stem: run_cli("source", "show", str(s["id"]), db=db).stdout for s in _sources(db)}
    assert texts["short"].startswith("Año de compañía: señor Muñoz")
    for name, (text, _enc) in D.LEGACY_TEXTS.items():
        assert texts[name].startswith(text.rstrip("\n"))


# -- source metadata ---------------------------------------------------------------------------
def test_source_set_is_logged_and_undoable(tmp_path):
    db = tmp_path / "w.db"
    f = tmp_path / "a.txt"
    f.write_text("El pleno vota el presupuesto\n\nEl pleno aprobó el presupuesto municipal por mayoría absoluta.\n", encoding="utf-8")
    assert run_cli("ingest", str(f), db=db).returncode == 0
    r = run_cli("source", "set", "1", "--url", "https://example.org/a", "--date", "2025-03-04", "--outlet",
                "El Diario", "--author", "Ana Pérez", db=db)
    assert r.returncode == 0, r.stderr
    (s,) = _sources(db)
    assert (s["url"], s["published_at"], s["outlet"], s["author"]) == (
        "https://example.org/a", "2025-03-04", "El Diario", "Ana Pérez")
    assert s["title"] == "El pleno vota el presupuesto"  # untouched fields stay
    assert "source.set" in run_cli("log", db=db).stdout
    assert run_cli("undo", db=db).returncode == 0
    (s,) = _sources(db)
    assert (s["url"], s["published_at"], s["outlet"], s["author"]) == ("", "", "", "")
    assert run_cli("redo", db=db).returncode == 0
    assert _sources(db)[0]["url"] == "https://example.org/a"


@pytest.mark.parametrize("args, message", [
    (["1", "--date", "ayer"], "is not a date"),
    (["1", "--url", "not a url"], "is not a URL"),
    (["1"], "nothing to set"),
    (["99", "--url", "https://example.org"], "no source with id 99"),
    (["1", "--title", ""], "title cannot be empty"),
])
def test_source_set_bad_input_is_one_line_and_changes_nothing(tmp_path, args, message):
    db = tmp_path / "w.db"
    f = tmp_path / "a.txt"
    f.write_text("El pleno vota el presupuesto\n\nEl pleno aprobó el presupuesto municipal por mayoría absoluta.\n", encoding="utf-8")
    assert run_cli("ingest", str(f), db=db).returncode == 0
    before = _sources(db)
    r = run_cli("source", "set", *args, db=db)
    _no_traceback(r)
    assert r.returncode == 1 and message in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert _sources(db) == before


def test_migration_adds_metadata_to_an_older_workspace(tmp_path):
    """A workspace made before this migration opens with '' metadata and no page maps."""
    from workbench.store import schema

    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    for step in schema.MIGRATIONS[:schema.MIGRATIONS.index(schema._add_source_metadata)]:
        step(conn)
    conn.execute("INSERT INTO sources (sha256, path, title, text, chars, added_at, updated_at)"
                 " VALUES ('ab', 'a.txt', 'T', 'texto', 5, 'now', 'now')")
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {schema.MIGRATIONS.index(schema._add_source_metadata)}")
    conn.commit()
    conn.close()
    ws = Workspace(db)
    s = ws.get_source(1)
    assert (s.url, s.author, s.published_at, s.captured_at, s.pages) == ("", "", "", "", 0)
    assert ws.schema_version == schema.SCHEMA_VERSION
    ws.close()


@pytest.mark.parametrize("a, b, joined", [
    ("una cifra sin prece\x02", "dentes en", "una cifra sin precedentes en"),  # PDFium's mark for a line-end hyphen
    ("una cifra sin prece-", "dentes en", "una cifra sin precedentes en"),
    ("os pla-", "nos da obra", "os planos da obra"),  # a tail that is also a clitic is still a word end
    ("ele disse-", "-se cansado", "ele disse-se cansado"),  # Portuguese: the hyphen repeated, a real one
    ("o ministro disse-", "lhe tudo", "o ministro disse-lhe tudo"),
    ("a guerra Irã-", "Iraque", "a guerra Irã-Iraque"),  # before a capital: a compound, the hyphen stays
    ("fim da linha", "e continua", "fim da linha e continua"),
])
def test_pdf_line_joins(a, b, joined):
    from workbench.ingest.pdf import _join_lines

    assert _join_lines(a, b) == joined
