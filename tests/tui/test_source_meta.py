"""The reader's page indicator for PDFs and the source details dialog (issue 19): Pilot tests with
real keys, and a snapshot of the dialog over a PDF open in the reader."""

from __future__ import annotations

import hashlib

import pytest

import docfiles as D
from workbench.ingest.readers import read_documents
from workbench.store import Workspace
from workbench.tui.screens.source_meta import SourceMetaDialog


def pdf_workspace(path, tmp_path) -> tuple[Workspace, int, str]:
    """The two-column report PDF stored as ingest stores it (reader, page map, metadata), without
    running NER; and a claim that crosses from page 1 to page 2."""
    (doc,) = read_documents(D.report_pdf(tmp_path / "informe.pdf"))
    ws = Workspace(path)
    with ws.tx():
        sid = ws.insert_source(sha256=hashlib.sha256(doc.text.encode()).hexdigest(), path=doc.path, title=doc.title,
                               outlet="", lang="es", lang_detected="es", text=doc.text)
        ws.put_source_meta(sid, doc.meta)
        ws.put_source_pages(sid, doc.pages)
    a = doc.text.index(D.CROSSING_CLAIM)
    claim = ws.add_claim(sid, a, a + len(D.CROSSING_CLAIM))
    return ws, sid, claim.id


async def settle(pilot):
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def title_bar(app) -> str:
    return str(app.main.query_one("#reader-title").render())


@pytest.mark.anyio
async def test_reader_title_shows_the_page_and_a_claims_pages(tmp_path, make_app):
    ws, sid, cid = pdf_workspace(tmp_path / "w.db", tmp_path)
    app = make_app(ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # open the PDF
        await settle(pilot)
        assert title_bar(app).startswith("p. 1  Informe anual 2025") and "3 pages" in title_bar(app)
        await pilot.press("right_square_bracket")  # to the claim that crosses the page break
        await settle(pilot)
        assert title_bar(app).startswith("pp. 1-2  ")
        await pilot.press("escape", "pagedown", "pagedown", "end")  # the end of the text is on page 3
        await settle(pilot)
        assert title_bar(app).startswith("p. 3  ")
    ws.close()


@pytest.mark.anyio
async def test_source_details_dialog_saves_and_undoes(tmp_path, make_app):
    ws, sid, _cid = pdf_workspace(tmp_path / "w.db", tmp_path)
    app = make_app(ws)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("u")  # on the highlighted source in Sources
        await settle(pilot)
        assert isinstance(app.screen, SourceMetaDialog)
        await pilot.press("tab", *"El Ministerio", "tab", "tab", *"https://example.org/informe.pdf",
                          "tab", "ctrl+a", "ctrl+k", *"2025-03-06")
        await pilot.press("enter")
        await settle(pilot)
        s = ws.get_source(sid)
        assert (s.outlet, s.url, s.published_at, s.author) == (
            "El Ministerio", "https://example.org/informe.pdf", "2025-03-06", "Ministerio de Prueba")
        await pilot.press("ctrl+z")
        await settle(pilot)
        s = ws.get_source(sid)
        assert (s.outlet, s.url, s.published_at) == ("", "", "2025-03-04T10:00:00+00:00")

        await pilot.press("u")  # a bad date: one line, nothing saved, the dialog comes back with it
        await settle(pilot)
        await pilot.press("tab", "tab", "tab", "tab", "ctrl+a", "ctrl+k", *"ayer", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SourceMetaDialog)
        assert any("is not a date" in n.message for n in app._notifications)
        assert ws.get_source(sid).published_at == "2025-03-04T10:00:00+00:00"
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, SourceMetaDialog)
    ws.close()


def test_source_details_dialog_snapshot(tmp_path, make_app, snap_compare):
    ws, _sid, _cid = pdf_workspace(tmp_path / "w.db", tmp_path)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("enter", "right_square_bracket")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)

    assert snap_compare(make_app(ws), terminal_size=(120, 40), run_before=run_before)
    ws.close()
