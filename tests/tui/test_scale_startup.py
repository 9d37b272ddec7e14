"""Nothing at TUI start-up reads every row (issue 18).

A generated workspace of a few thousand sources, ingested through the store's ingest path
(``ingest_paths``) with NER stubbed by a fixed mention list, is opened in the TUI; every statement
the app runs on its connection until the first frame (and while the entities filter is typed,
and when the sources list jumps to its end) is traced, and its query plan must not read a whole
big table: no full scan (a scan is allowed only when a LIMIT bounds it and no temporary B-tree
sorts it first, i.e. it walks an index or the primary key in order and stops).  Counters kept by
triggers must equal the counts they replace, through ingest, corrections, undo and redo.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from workbench.ingest import pipeline
from workbench.store import Workspace
from workbench.nlp.gazetteer import gazetteer_mentions

pytestmark = pytest.mark.anyio

N_SOURCES = 2500
GIVEN = ["Ana", "Bruno", "Carla", "Diego", "Elena", "Fabio", "Gala", "Hugo", "Irene", "Jorge", "Karla", "Luis"]
SURNAMES = [f"{a}{b}" for a in ("Mor", "Sal", "Ver", "Cas", "Dom", "Fer", "Gar", "Her") for b in
            ("ales", "ino", "ero", "illo", "ano", "ueira", "etti", "oni", "ado", "ez")]
NAMES = sorted({f"{g} {s}" for g in GIVEN for s in SURNAMES})  # the fixed mention list (960 names)
BIG = re.compile(r"\b(sources|entities|mentions|aliases|claims|claim_entities|passages|log)\b")


def _text(i: int) -> str:
    names = [NAMES[(i * 7 + k * 131) % len(NAMES)] for k in range(4)]
    return (f"Informe número {i} sobre el puerto\n\n"
            f"{names[0]} dijo el martes que {names[1]} firmó el contrato número {i}. "
            f"Según {names[2]}, la obra costará {i * 3} millones.\n\n"
            f"{names[3]} no respondió. {names[0]} insistió en la cifra.\n")


def _stub_analyse(texts: list[str], langs: list[str]) -> list[tuple[str, list, str | None]]:
    """NER stubbed: every occurrence of a name of the fixed list (lang, mentions, no failure)."""
    pattern = re.compile("|".join(re.escape(n) for n in NAMES))
    return [(lang or "es", [(m.start(), m.end(), m.group(), "PER", "model") for m in pattern.finditer(t)], None)
            for t, lang in zip(texts, langs)]


@pytest.fixture(scope="module")
def big_ws_path(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("scale")
    folder = root / "files"
    folder.mkdir()
    for i in range(N_SOURCES):
        (folder / f"{i:05d}.txt").write_text(_text(i), encoding="utf-8")
    db = root / "ws.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pipeline, "_analyse", _stub_analyse)
        ws = Workspace(db)
        report = pipeline.ingest_paths(ws, [folder], workers=1, lang="es")
        assert len(report.added) == N_SOURCES and not report.failed
        ws.close()
    return db


def _plan_problems(conn, statements: list[str]) -> list[str]:
    problems = []
    for sql in dict.fromkeys(statements):
        head = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
        if head not in ("SELECT", "WITH") or not BIG.search(sql):
            continue
        plan = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql)]
        bounded = re.search(r"\bLIMIT\b", sql, re.I) is not None
        sorted_all = any("USE TEMP B-TREE FOR ORDER BY" in d for d in plan)
        for detail in plan:
            if not detail.startswith("SCAN ") or "VIRTUAL TABLE" in detail:
                continue
            if bounded and not sorted_all:
                continue  # walks an index / the primary key in order and stops at the LIMIT
            problems.append(f"{detail!r} in {sql[:160]!r}")
    return problems


async def test_startup_reads_no_whole_table(big_ws_path, make_app) -> None:
    ws = Workspace(big_ws_path)
    assert ws.source_count() == N_SOURCES
    assert ws.entity_count() > 500
    statements: list[str] = []
    ws.conn.set_trace_callback(statements.append)
    app = make_app(ws)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        startup = list(statements)
        assert any("sources" in s for s in startup)  # the first page of titles was read
        sources = app.main.sources
        assert sources.option_list.option_count == N_SOURCES
        assert "Informe número" in sources.option_list.highlighted_option.prompt.plain
        # every key of the entities filter: an FTS lookup, not a scan
        statements.clear()
        await pilot.press("f5", "slash", "a", "n", "a", "space", "m")
        await pilot.pause()
        filtering = list(statements)
        ents = app.main.entities
        shown = [ents.option_list.rows[i].prompt.plain for i in range(min(5, ents.option_list.option_count))]
        assert shown and all("Ana Mor" in s for s in shown)
        # the end of the sources list: one page, read by key order
        statements.clear()
        await pilot.press("f1", "end")
        await pilot.pause()
        at_end = list(statements)
        assert f"Informe número {N_SOURCES - 1} " in sources.option_list.highlighted_option.prompt.plain
        await app.workers.wait_for_complete()
    ws.conn.set_trace_callback(None)
    problems = _plan_problems(ws.conn, startup + filtering + at_end)
    ws.close()
    assert not problems, "\n".join(problems)


def test_plan_check_catches_a_scan(big_ws_path) -> None:
    """The check above is not vacuous: the queries the panes used to run are flagged."""
    ws = Workspace(big_ws_path)
    try:
        old = ["SELECT source_id, count(*) FROM claims GROUP BY source_id",
               "SELECT id, title FROM sources ORDER BY id",
               "SELECT e.id, (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id) AS n FROM entities e"
               " WHERE e.status != 'rejected' ORDER BY n DESC, e.name COLLATE NOCASE"]
        assert len(_plan_problems(ws.conn, old)) == 3
    finally:
        ws.close()


def _recount(ws: Workspace) -> tuple[list, list]:
    stored = ws.conn.execute("SELECT id, n_mentions, n_sources FROM entities ORDER BY id").fetchall()
    real = ws.conn.execute(
        "SELECT e.id, (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id),"
        " (SELECT count(DISTINCT source_id) FROM mentions m WHERE m.entity_id = e.id) FROM entities e ORDER BY e.id"
    ).fetchall()
    return [tuple(r) for r in stored], [tuple(r) for r in real]


def _totals(ws: Workspace) -> tuple[tuple[int, int], tuple[int, int]]:
    real = (ws.conn.execute("SELECT count(*) FROM sources").fetchone()[0],
            ws.conn.execute("SELECT count(*) FROM entities WHERE status != 'rejected'").fetchone()[0])
    return (ws.source_count(), ws.entity_count()), real


def test_counters_stay_exact_through_corrections_and_undo(big_ws_path, tmp_path) -> None:
    db = tmp_path / "copy.db"
    db.write_bytes(big_ws_path.read_bytes())
    ws = Workspace(db)
    try:
        stored, real = _recount(ws)
        assert stored == real
        a, b = NAMES[0], NAMES[1]
        ws.merge_entities(a, b)
        ws.reject_entity(NAMES[2])
        ws.confirm_entity(NAMES[3], find=gazetteer_mentions)
        for check in range(3):
            stored, real = _recount(ws)
            assert stored == real, check
            shown, counted = _totals(ws)
            assert shown == counted, check
            ws.undo() if check < 2 else ws.redo()
        # the filter finds by word prefix, accent- and case-insensitively, best first
        page = ws.entities_page(0, 50, "ana MOR")
        assert page and all(e.name.startswith("Ana Mor") for e in page)
        assert [e.mentions for e in page] == sorted((e.mentions for e in page), reverse=True)
        assert ws.entity_count("ana mor") == len(ws.entities_page(0, 10_000, "ana mor"))
        # a short prefix has many matches: the ranked walk gives the same rows as sorting them all
        everyone = [e for e in ws.list_entities() if any(w.casefold().startswith("a") for n in [e.name, *e.aliases]
                                                         for w in re.findall(r"\w+", n))]
        assert [e.id for e in ws.entities_page(0, 30, "a")] == [e.id for e in everyone[:30]]
    finally:
        ws.close()


async def test_entity_pickers_read_a_bounded_candidate_set_per_key(big_ws_path, make_app) -> None:
    """``m`` (merge) and ``e`` (link entities) ask the store on every key, through the FTS index,
    for a bounded set of candidates (issue 18): no statement reads the whole entities table, and
    the picker never holds more than a few hundred entities, whatever the workspace holds."""
    from workbench.tui.screens.entity_search import CANDIDATES
    from workbench.tui.screens.picker import PickerDialog

    ws = Workspace(big_ws_path)
    total = ws.entity_count()
    assert total > 3 * CANDIDATES  # the bound below means something
    statements: list[str] = []
    app = make_app(ws)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        await pilot.press("f5")
        await pilot.pause()
        ws.conn.set_trace_callback(statements.append)
        await pilot.press("m")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerDialog)
        sizes = [len(picker.candidates())]
        for key in ["b", "r", "u", "n", "o", "space", "s", "a", "l"]:
            await pilot.press(key)
            await pilot.pause()
            sizes.append(len(picker.candidates()))
            # the highlight is on the best match after every key, and the dialog says what enter does
            top = picker.ranked()[0][1] if picker.ranked() else ""
            preview = str(picker.query_one("#picker-preview").render())
            assert not top or top in preview
        ws.conn.set_trace_callback(None)
        assert picker.ranked()[0][1].startswith("Bruno Sal")
        assert all(n <= 3 * CANDIDATES for n in sizes), sizes
        await pilot.press("escape")
        await app.workers.wait_for_complete()
    problems = _plan_problems(ws.conn, statements)
    # the picker's read gives the rows the entities pane would, most mentioned first, whether it
    # sorts the matches (few) or walks the ranked index (many)
    for q in ("ana mor", "bru", "a"):
        for scan in (5000, 10):
            assert [e.id for e in ws.entities_matching(q, 30, scan)] == [e.id for e in ws.entities_page(0, 30, q)]
    ws.close()
    assert not problems, "\n".join(problems)
