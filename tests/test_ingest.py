"""Ingest: cleaning, decoding, titles, identity, per-file transactions, new versions."""

from __future__ import annotations

import codecs

import pytest

from workbench.errors import InputError
from workbench.ingest import ingest_paths
from workbench.ingest.clean import clean_text, title_and_outlet
from workbench.ingest.langid import detect_language
from workbench.ingest.readers import decode_bytes
from workbench.store import Workspace
from workbench.nlp.gazetteer import gazetteer_mentions

ES = "Twitter ha comprado unas 10.000 GPU para un proyecto de inteligencia artificial según Business Insider.\n"


def test_clean_normalises_line_endings_controls_and_unicode():
    raw = "\ufeffTítulo\r\nlinea\rdos\x1b[31mrojo\x1b[0m\x1b]0;owned\x07 fin\x00x\x7f"
    out = clean_text(raw)
    assert out == "Título\nlinea\ndosrojo fin x "
    decomposed = "e\u0301"  # é as e + combining acute
    assert clean_text(decomposed) == "é"
    assert clean_text(out) == out  # idempotent


@pytest.mark.parametrize("enc", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1"])
def test_decode_encodings(enc):
    text = "Información sobre la inversión de Musk: «10.000 GPU» — ação, città, naïve"
    if enc == "latin-1":
        text = text.replace("—", "-")  # not in latin-1
    data = text.encode(enc)
    if enc in ("utf-16-le",):
        data = codecs.BOM_UTF16_LE + data
    if enc in ("utf-16-be",):
        data = codecs.BOM_UTF16_BE + data
    decoded, _ = decode_bytes(data)
    assert decoded.lstrip("\ufeff") == text


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n" + bytes(200), b"\x7fELF\x02\x01\x01" + bytes(100),
                                  bytes(range(256)) * 20])
def test_binary_refused(data):
    with pytest.raises(InputError, match="binary"):
        decode_bytes(data)


def test_title_and_outlet():
    assert title_and_outlet("\n\nFirst line\n\nbody") == ("First line", "")
    assert title_and_outlet("www.fabioambrosi.it\n\nElon Musk investe sull'intelligenza artificiale\n") == (
        "Elon Musk investe sull'intelligenza artificiale", "www.fabioambrosi.it")


def test_language_of_seeds():
    from conftest import SEEDS

    langs = [detect_language(clean_text(p.read_text(encoding="utf-8"))) for p in sorted(SEEDS.glob("*.txt"))]
    assert langs == ["es", "es", "pt", "es", "it"]
    assert detect_language("Sí") == "und"


def test_seeds_ingest_is_idempotent_and_resolves_entities(seeded_ws):
    ws = seeded_ws
    assert ws.source_count() == 5
    from conftest import SEEDS

    again = ingest_paths(ws, [SEEDS])
    assert (len(again.added), len(again.present), len(again.failed)) == (0, 5, 0)
    names = {e.name for e in ws.list_entities()}
    assert {"Elon Musk", "Twitter", "OpenAI", "DeepMind"} <= names
    musk = ws.find_entity("Elon Musk")
    assert musk.label == "PER" and musk.sources == 5
    # every mention's offsets point at its text in the cleaned source
    for s in ws.list_sources():
        text = ws.source_text(s.id)
        for m in ws.mentions_for_source(s.id):
            assert text[m.start:m.end] == m.text


def test_failures_do_not_stop_other_files(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Título\n\n" + ES, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "img.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    ws = Workspace(tmp_path / "w.db")
    report = ingest_paths(ws, [tmp_path, tmp_path / "missing.txt"], workers=1)
    assert [p for p, _ in report.added] == [str(good)]
    failed = dict(report.failed)
    assert set(failed) == {str(tmp_path / "empty.txt"), str(tmp_path / "img.txt"), str(tmp_path / "missing.txt")}
    assert all("\n" not in msg for msg in failed.values())


def test_duplicate_content_in_one_run_is_added_once(tmp_path):
    (tmp_path / "a.txt").write_text("A\n\n" + ES, encoding="utf-8")
    (tmp_path / "b.txt").write_text("A\r\n\r\n" + ES.replace("\n", "\r\n"), encoding="utf-8")  # same after cleaning
    ws = Workspace(tmp_path / "w.db")
    report = ingest_paths(ws, [tmp_path], workers=1)
    assert len(report.added) == 1 and len(report.present) == 1


def test_new_version_of_a_source_keeps_its_claims(tmp_path):
    f = tmp_path / "art.txt"
    f.write_text("Titular\n\nIntro.\n\n" + ES + "\nOtra frase final.\n", encoding="utf-8")
    ws = Workspace(tmp_path / "w.db")
    ingest_paths(ws, [f], workers=1)
    sid = ws.list_sources()[0].id
    quote = "Twitter ha comprado unas 10.000 GPU"
    start = ws.find_quote(sid, quote)[0]
    claim = ws.add_claim(sid, start, start + len(quote), tags=["gpu"])
    gone = ws.add_claim(sid, *_span(ws, sid, "Otra frase final."))
    f.write_text("Titular\n\nUna introducción nueva y más larga.\n\n" + ES + "\nFin distinto.\n", encoding="utf-8")
    report = ingest_paths(ws, [f], workers=1)
    assert len(report.updated) == 1 and ws.source_count() == 1
    moved = ws.get_claim(claim.id)
    assert not moved.orphaned and moved.quote == quote and moved.tags == ["gpu"]
    assert ws.source_text(sid)[moved.start:moved.end] == quote
    orphan = ws.get_claim(gone.id)
    assert orphan.orphaned and orphan.quote == "Otra frase final."


def _span(ws, sid, quote):
    s = ws.find_quote(sid, quote)[0]
    return s, s + len(quote)


def test_language_override(seeded_ws):
    sid = seeded_ws.list_sources()[0].id
    seeded_ws.set_source_lang(sid, "pt")
    s = seeded_ws.get_source(sid)
    assert (s.lang, s.lang_detected) == ("pt", "es")


def test_confirmed_entity_found_in_later_ingests_and_rejected_never_again(seeded_ws, tmp_path):
    ws = seeded_ws
    ent = ws.find_entity("DeepMind")
    ws.confirm_entity(ent.id, find=gazetteer_mentions)
    bogus = next(e for e in ws.list_entities() if e.name in ("Nvidia AI", "AI Bard"))
    ws.reject_entity(bogus.id)
    f = tmp_path / "new.txt"
    # Portuguese text: no spaCy model; the rule path must not see lowercase "deepmind", the gazetteer does
    f.write_text("Notícia\n\nA equipe da deepmind contratou engenheiros. A " + bogus.name + " avança.\n",
                 encoding="utf-8")
    report = ingest_paths(ws, [f], workers=1)
    sid = report.added[0][1]
    ments = ws.mentions_for_source(sid)
    assert any(m.entity_id == ent.id and m.text == "deepmind" for m in ments)
    assert not any(m.entity_id == bogus.id for m in ments)
    assert bogus.name not in {m.text for m in ments}


def test_reprocess_after_language_override_keeps_user_mentions(seeded_ws):
    from workbench.ingest import reanalyse_sources

    ws = seeded_ws
    pt = next(s for s in ws.list_sources() if s.lang == "pt")
    user, _ = ws.add_user_entity("carta aberta", "MISC", find=gazetteer_mentions)
    before_model = [m for m in ws.mentions_for_source(pt.id) if m.origin != "user"]
    assert all(m.origin == "rule" for m in before_model)  # Portuguese: the rule path
    ws.set_source_lang(pt.id, "es")  # the user says it is Spanish: the model must run now
    report = reanalyse_sources(ws, [pt.id])
    assert [sid for _p, sid in report.updated] == [pt.id]
    after = ws.mentions_for_source(pt.id)
    assert any(m.origin == "model" for m in after)
    assert any(m.origin == "user" and m.entity_id == user.id for m in after)
    text = ws.source_text(pt.id)
    assert all(text[m.start:m.end] == m.text for m in after)
    assert ws.find_entity("Elon Musk").sources == 5


def test_same_text_stored_by_another_process_meanwhile_is_present(tmp_path, monkeypatch):
    """Two ingests of one file at once: the other process stores it while this one runs NER (after
    the "already present" check, before this one's write transaction).  The insert then hits the
    unique hash; the file is reported as already present, the run goes on, and the rest of the
    group still commits."""
    from workbench.ingest import pipeline

    f = tmp_path / "a.txt"
    f.write_text("Titular\n\n" + ES, encoding="utf-8")
    g = tmp_path / "b.txt"
    g.write_text("Otro\n\nUna segunda noticia sobre Nvidia y OpenAI en Madrid.\n", encoding="utf-8")
    ws = Workspace(tmp_path / "w.db")
    other = Workspace(tmp_path / "w.db")
    real = pipeline._analyse
    prepared = pipeline._prepare(ws, f, None)

    def racing_analyse(texts, langs):
        out = real(texts, langs)
        with other.tx():  # the other process wins the race for a.txt meanwhile
            other.insert_source(sha256=prepared.sha256, path=str(f), title=prepared.title, outlet="",
                                lang="es", lang_detected="es", text=prepared.text)
        return out

    monkeypatch.setattr(pipeline, "_analyse", racing_analyse)
    report = ingest_paths(ws, [g, f], workers=1)
    assert [p for p, _ in report.present] == [str(f)]
    assert [p for p, _ in report.added] == [str(g)] and not report.failed
    assert sorted(s.path for s in ws.list_sources()) == sorted([str(f), str(g)])
    other.close()


def test_a_file_failing_midway_is_undone_alone_and_its_group_commits(tmp_path, monkeypatch):
    """Files share a commit (a group) but each is atomic: one that fails after its source row,
    mentions and log entry were written leaves nothing behind, and the files before and after it
    in the same group are stored, with their entities."""
    from workbench.errors import WorkbenchError
    from workbench.ingest import pipeline

    files = []
    for i, name in enumerate(["a", "b", "c"]):
        f = tmp_path / f"{name}.txt"
        f.write_text(f"Noticia {i}\n\nPedro Sánchez habló con Nvidia en Madrid sobre el caso {name}.\n",
                     encoding="utf-8")
        files.append(f)
    real = pipeline._store

    def failing_store(ws_, ents, p, mentions):
        out = real(ws_, ents, p, mentions)
        if p.path == str(files[1]):
            raise WorkbenchError("disk trouble")
        return out

    monkeypatch.setattr(pipeline, "_store", failing_store)
    ws = Workspace(tmp_path / "w.db")
    report = ingest_paths(ws, files, workers=1)
    assert report.failed == [(str(files[1]), "disk trouble")]
    assert [p for p, _ in report.added] == [str(files[0]), str(files[2])]
    stored = ws.list_sources()
    assert [s.path for s in stored] == [str(files[0]), str(files[2])]
    mentions = ws.conn.execute("SELECT DISTINCT source_id FROM mentions").fetchall()
    assert {r[0] for r in mentions} == {s.id for s in stored}
    assert ws.conn.execute("SELECT count(*) FROM log WHERE summary LIKE '%b.txt'").fetchone()[0] == 0
    assert ws.find_entity("Pedro Sánchez").sources == 2
    ws.close()
    monkeypatch.undo()
    again = ingest_paths(Workspace(tmp_path / "w.db"), files, workers=1)  # running again completes the job
    assert [p for p, _ in again.added] == [str(files[1])] and len(again.present) == 2


def test_an_entity_merged_by_another_process_during_an_ingest(tmp_path, monkeypatch):
    """The user merges two entities (in the TUI, say) while an ingest runs: the ingest's resolver
    still knows the deleted one.  The next file that mentions it must not fail on the foreign key;
    the ingest reloads what the workspace knows and stores it against the surviving entity."""
    from workbench.ingest import pipeline

    monkeypatch.setenv("WORKBENCH_INGEST_GROUP", "1")  # commit every file, so the merge can land between
    files = []
    for i in range(3):
        f = tmp_path / f"{i}.txt"
        f.write_text(f"Noticia {i}\n\nPedro Sánchez se reunió con Nvidia en Madrid por el caso {i}.\n",
                     encoding="utf-8")
        files.append(f)
    ws = Workspace(tmp_path / "w.db")
    other = Workspace(tmp_path / "w.db")
    real_part = pipeline._Group.part
    calls = []

    def merge_then_part(group):
        calls.append(1)
        if len(calls) == 2:  # file 0 is committed, file 1 not begun: merge Nvidia into Pedro Sánchez
            other.merge_entities(other.find_entity("Nvidia").id, other.find_entity("Pedro Sánchez").id)
        return real_part(group)

    monkeypatch.setattr(pipeline._Group, "part", merge_then_part)
    report = ingest_paths(ws, files, workers=1)
    assert not report.failed, report.failed
    assert len(report.added) == 3
    rows = ws.conn.execute("SELECT count(*) FROM mentions m LEFT JOIN entities e ON e.id = m.entity_id"
                           " WHERE e.id IS NULL").fetchone()[0]
    assert rows == 0
    assert ws.find_entity("Pedro Sánchez").sources == 3
    other.close()
    ws.close()
