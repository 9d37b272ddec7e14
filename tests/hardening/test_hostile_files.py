"""Hostile files: every one gets a clear one-line outcome or is ingested exactly right; none stops
the others; nothing prints a traceback.  All inputs are generated here (no binary blobs committed)."""

from __future__ import annotations

import codecs
import os
import random
import sqlite3
import sys
import unicodedata

import pytest

from .conftest import assert_no_traceback, run_cli, run_cli_rss, source_rows

GOOD = "El Gobierno anunció una inversión de 500 millones de euros en Madrid. Pedro Sánchez habló con la prensa.\n"

# name -> (bytes, expected stored text or None if it must fail, expected failure substring)
def _cases() -> dict[str, tuple[bytes, str | None, str | None]]:
    rnd = random.Random(6)
    return {
        "empty.txt": (b"", None, "empty"),
        "whitespace.txt": (b"  \n\t\r\n   \n\x0c", None, "empty"),
        "image.txt": (b"\x89PNG\r\n\x1a\n" + bytes(rnd.getrandbits(8) for _ in range(300)), None, "PNG"),
        "program.md": (b"\x7fELF\x02\x01\x01\x00" + bytes(rnd.getrandbits(8) for _ in range(300)), None, "ELF"),
        "random.txt": (bytes(rnd.getrandbits(8) for _ in range(8192)), None, "binary"),
        "nul.txt": (GOOD.encode().replace(b" ", b"\x00", 3), GOOD.replace(" ", " ", 3), None),
        "broken-utf8.txt": (GOOD.encode() + b"\xff\xfe\xc3(", GOOD + "\ufffd\ufffd\ufffd(", None),
        "latin1.txt": ("Información sobre la educación: ¿qué pasó en Córdoba?\n".encode("latin-1"),
                       "Información sobre la educación: ¿qué pasó en Córdoba?\n", None),
        "cp1252.txt": ("“Citación” — el señor dijo: «sí» … 5 €\n".encode("cp1252"),
                       "“Citación” — el señor dijo: «sí» … 5 €\n", None),
        "utf16le.txt": (codecs.BOM_UTF16_LE + "UTF-16 LE con acentos: ñandú 👍.\n".encode("utf-16-le"),
                        "UTF-16 LE con acentos: ñandú 👍.\n", None),
        "utf16be.txt": (codecs.BOM_UTF16_BE + "UTF-16 BE con acentos: ñandú 👍.\n".encode("utf-16-be"),
                        "UTF-16 BE con acentos: ñandú 👍.\n", None),
        "utf8bom.txt": (codecs.BOM_UTF8 + "Con BOM UTF-8: café.\n".encode(), "Con BOM UTF-8: café.\n", None),
        "crlf.txt": (b"Line one of CRLF text.\r\nLine two.\r\n", "Line one of CRLF text.\nLine two.\n", None),
        "cr.txt": (b"Line one of lone CR text.\rLine two.\r", "Line one of lone CR text.\nLine two.\n", None),
        "rtl.txt": ("مرحبا بالعالم. هذا نص عربي.\nשלום עולם, זה טקסט בעברית.\n\u202eevil\u202c\n".encode(),
                    "مرحبا بالعالم. هذا نص عربي.\nשלום עולם, זה טקסט בעברית.\n\u202eevil\u202c\n", None),
        "emoji.txt": ("Familia 👨‍👩‍👧‍👦 y pulgar 👍🏽, e\u0301 combinado, Z̴̢a̶l̷g̵o.\n".encode(),
                      unicodedata.normalize("NFC", "Familia 👨‍👩‍👧‍👦 y pulgar 👍🏽, e\u0301 combinado, Z̴̢a̶l̷g̵o.\n"),
                      None),
        "ansi.txt": ("Texto \x1b[31mrojo\x1b[0m \x1b]0;pwned\x07título \x1b]8;;http://x\x1b\\enlace\x1b]8;;\x1b\\"
                     " \x1b[2J\x1bc fin\n".encode(), "Texto rojo título enlace  fin\n", None),
        "rich.txt": (b"[bold]negrita[/bold] [@click=app.quit]x[/] [/foo] texto\n",
                     "[bold]negrita[/bold] [@click=app.quit]x[/] [/foo] texto\n", None),
        "name with spaces 'and' \"quotes\".txt": (b"A file whose name has spaces and quotes.\n",
                                                  "A file whose name has spaces and quotes.\n", None),
        "new\nline.txt": (b"A file whose name has a newline.\n", "A file whose name has a newline.\n", None),
    }


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    d = tmp_path_factory.mktemp("hostile")
    corpus = d / "corpus"
    corpus.mkdir()
    cases = _cases()
    for name, (data, _exp, _err) in cases.items():
        (corpus / name).write_bytes(data)
    (corpus / "page.html").write_bytes(
        b"<!doctype html><html><head><title>Titulo</title><style>body{color:red}</style>"
        b"<script>alert('pwned')</script></head><body><nav>Menu Home</nav><article><h1>Noticia</h1>"
        b"<p>El presidente visit\xc3\xb3 Roma el lunes para reunirse con el ministro de econom\xc3\xada.</p>"
        b"<script>document.write('evil')</script><p>[@click=app.quit]clic[/]</p></article></body></html>")
    os.symlink(".", corpus / "loop")                 # a symlink loop
    os.symlink("..", corpus / "up")                  # and one that climbs out
    os.symlink("nowhere.txt", corpus / "dangling.txt")
    os.mkfifo(corpus / "pipe.txt")                   # used to hang the ingest forever
    weird = os.fsencode(corpus) + b"/bad-\xff\xfe-name.txt"  # not UTF-8 in the file name
    with open(weird, "wb") as fh:
        fh.write(b"A file whose name is not UTF-8.\n")
    if sys.platform.startswith("linux"):              # root reads everything; /proc/self/mem cannot be read
        os.symlink("/proc/self/mem", corpus / "unreadable.txt")
    big = d / "big.txt"                               # 50 MB of real text, over the default 25 MB limit
    with open(big, "wb") as fh:
        line = "Texto de relleno número %d con palabras en español y acentos: acción, camión.\n".encode()
        for i in range(50 * 1024 * 1024 // len(line) + 1):
            fh.write(line.replace(b"%d", b"%07d" % i))
        fh.truncate(50 * 1024 * 1024)
    db = d / "ws.db"
    run, rss = run_cli_rss("ingest", "--db", db, corpus, big, d / "does-not-exist.txt", cwd=d)
    return run, rss, db, corpus, cases


def test_run_finishes_cleanly(hostile_run):
    run, rss, db, corpus, cases = hostile_run
    assert_no_traceback(run)
    assert run.code == 1  # some files failed, and the exit status says so
    summary = run.err_lines[-1]
    assert "added" in summary and "failed" in summary
    for line in run.err_lines[:-1]:
        assert line.startswith(("failed: ", "note: ")), line  # notes: e.g. an encoding assumed
    assert rss < 400, f"peak RSS {rss} MB"


def _failure(run, name: str) -> str:
    """The one failure line of the file ``name`` (named directly or in the corpus folder)."""
    hits = [ln for ln in run.err_lines if ln.startswith("failed: ")
            and (f"/corpus/{name}: " in ln or f"{os.sep}hostile0{os.sep}{name}: " in ln or
                 ln.split(": ")[0].endswith(f"/{name}") and "/up/" not in ln and "/loop/" not in ln)]
    assert len(hits) == 1, (name, run.err)
    return hits[0]


@pytest.mark.parametrize("name", [n for n, (_d, exp, _e) in _cases().items() if exp is None])
def test_refused_with_one_line(hostile_run, name):
    run, _rss, _db, _corpus, cases = hostile_run
    assert cases[name][2].lower() in _failure(run, name).lower()


@pytest.mark.parametrize("name", [n for n, (_d, exp, _e) in _cases().items() if exp is not None])
def test_ingested_exactly(hostile_run, name):
    _run, _rss, db, corpus, cases = hostile_run
    rows = {r["path"]: r for r in source_rows(db)}
    row = rows.get(str(corpus / name))
    assert row is not None, (name, sorted(rows))
    assert row["text"] == cases[name][1]
    assert row["chars"] == len(row["text"])
    assert "\n" not in row["title"] and "\x1b" not in row["title"]


def test_other_outcomes(hostile_run):
    run, _rss, db, corpus, _cases_ = hostile_run
    assert "50.0 MB" in _failure(run, "big.txt") and "WORKBENCH_MAX_FILE_MB" in _failure(run, "big.txt")
    assert "no such file" in _failure(run, "does-not-exist.txt")
    assert "not a regular file" in _failure(run, "pipe.txt")
    assert "no such file" in _failure(run, "dangling.txt")
    if sys.platform.startswith("linux"):
        assert "cannot read" in _failure(run, "unreadable.txt")
    rows = source_rows(db)
    html = [r for r in rows if r["path"].endswith("page.html")]
    assert len(html) == 1
    assert "Roma" in html[0]["text"] and "alert" not in html[0]["text"] and "evil" not in html[0]["text"]
    assert "color:red" not in html[0]["text"]
    odd = [r for r in rows if "bad-" in r["path"]]
    assert len(odd) == 1 and odd[0]["path"].endswith("bad-\\xff\\xfe-name.txt")
    # the symlink loop did not make any file go in twice
    assert len({r["text"] for r in rows}) == len(rows)
    c = sqlite3.connect(db)
    assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert c.execute("SELECT count(*) FROM sources_fts").fetchone()[0] == len(rows)


def test_rich_markup_and_escapes_print_literally(hostile_run):
    """Source text goes to the terminal as text: markup stays literal, no ESC reaches stdout."""
    _run, _rss, db, corpus, _ = hostile_run
    rows = {r["path"]: r["id"] for r in source_rows(db)}
    for name in ("rich.txt", "ansi.txt"):
        r = run_cli("source", "show", str(rows[str(corpus / name)]), "--db", db)
        assert r.code == 0 and "\x1b" not in r.out
    r = run_cli("source", "show", str(rows[str(corpus / "rich.txt")]), "--db", db)
    assert "[@click=app.quit]x[/] [/foo]" in r.out
    r = run_cli("sources", "--db", db)
    assert r.code == 0 and "\x1b" not in r.out
    assert "[bold]negrita[/bold]" in r.out
    assert_no_traceback(r)


def test_size_limit_is_configurable(tmp_path):
    from .conftest import cli_env

    f = tmp_path / "two-mb.txt"
    f.write_bytes(b"Una frase corta en un texto largo.\n" * (2 * 1024 * 1024 // 35))
    r = run_cli("ingest", "--db", tmp_path / "ws.db", f, env=cli_env(WORKBENCH_MAX_FILE_MB="1"))
    assert r.code == 1 and "over the 1 MB limit" in r.err and len(r.err_lines) == 2


def test_single_5mb_line(tmp_path):
    """One 5 MB line: ingested whole (rule NER path for speed), memory bounded, prints back exactly."""
    rnd = random.Random(5)
    # lower case: this is about one huge line, not about NER on 130,000 capitalised names
    words = "gobierno ministro euros inversión madrid roma lisboa empresa datos noticia periodista".split()
    text = " ".join(rnd.choice(words) for _ in range(5 * 1024 * 1024 // 8))[: 5 * 1024 * 1024]
    f = tmp_path / "line.txt"
    f.write_text(text, encoding="utf-8")
    db = tmp_path / "ws.db"
    r, rss = run_cli_rss("ingest", "--db", db, f, "--lang", "it")
    assert r.code == 0, r.err
    assert_no_traceback(r)
    assert rss < 600, f"peak RSS {rss} MB for a 5 MB file"
    (row,) = source_rows(db)
    assert row["text"] == text and "\n" not in row["title"] and len(row["title"]) <= 200
    r = run_cli("search", "periodista", "--db", db)
    assert r.code == 0 and len(r.out) < 10_000  # a snippet, not the 5 MB line


def test_ten_thousand_small_files(tmp_path):
    d = tmp_path / "many"
    d.mkdir()
    for i in range(10_000):
        (d / f"n{i:05d}.txt").write_text(f"nota número {i}: el ministro habló en la capital.\n", encoding="utf-8")
    db = tmp_path / "ws.db"
    r, rss = run_cli_rss("ingest", "--db", db, d, "--lang", "it", "-q")
    assert r.code == 0, r.err
    assert_no_traceback(r)
    assert r.err_lines == ["10000 added, 0 already present, 0 failed"]
    assert rss < 400
    c = sqlite3.connect(db)
    assert c.execute("SELECT count(*) FROM sources").fetchone()[0] == 10_000
    assert c.execute("SELECT count(*) FROM sources_fts").fetchone()[0] == 10_000


def test_missing_path_alone(tmp_path):
    r = run_cli("ingest", "--db", tmp_path / "ws.db", tmp_path / "nope")
    assert_no_traceback(r)
    assert r.code == 1
    assert r.err_lines[0] == f"failed: {tmp_path / 'nope'}: no such file or folder"


def test_non_utf8_argument(tmp_path):
    """A search or note argument with bytes that are not UTF-8: one line, not a crash."""
    from .conftest import make_workspace

    db = tmp_path / "ws.db"
    make_workspace(db)
    r = run_cli("search", b"caf\xe9", "--db", db)
    assert_no_traceback(r)
    assert r.code in (0, 1, 2)
    assert len(r.err_lines) <= 1


def test_peak_memory_is_the_commands_not_the_test_workers():
    """run_cli_rss measures the command alone: a test worker that has grown (here by 300 MB) once
    made every command it ran "peak" at the worker's size."""
    big = bytearray(300 * 1024 * 1024)
    big[:: 4096] = b"\x01" * len(big[:: 4096])  # touched: resident
    r, rss = run_cli_rss("--help")
    assert r.code == 0 and "ingest" in r.out
    assert rss < 150, f"--help peaked at {rss} MB"
    del big
