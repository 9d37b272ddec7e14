"""Shared plumbing for every command: ``--db``, ``--json`` output, and turning every error a
user can cause into one clear line on stderr (never a traceback)."""

from __future__ import annotations

import functools
import importlib
import os
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from ..errors import WorkbenchError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


# where each command lives (a command missing here is still found: every module is then imported)
COMMAND_MODULES = {
    "open": "core", "ingest": "core", "sources": "core", "source": "core", "search": "core",
    "entities": "core", "entity": "core", "status": "core", "reprocess": "core",
    "claim": "claims", "claims": "claims", "tags": "claims", "undo": "claims", "redo": "claims", "log": "claims",
    "export": "evidence", "import": "evidence", "verify": "evidence", "corroborate": "corroborate",
}
COMMAND_MODULES_ALL = ("core", "claims", "evidence", "corroborate")



def fail(message: str, code: int = 1) -> None:
    # the message may quote untrusted text (a file name, an id from an evidence file): no control
    # character reaches the terminal, and it stays one line
    from ..textutil import CONTROL_TABLE, display

    click.echo(f"error: {' '.join(display(str(message), oneline=True).translate(CONTROL_TABLE).split())}", err=True)
    sys.exit(code)


def _usage_error(exc: click.UsageError) -> None:
    """Click prints usage errors on three lines; one is enough (the hint names ``--help``)."""
    ctx = exc.ctx
    where = ctx.command_path if ctx is not None else "workbench"
    fail(f"{exc.format_message()} (see '{where} --help')", exc.exit_code)


class WorkbenchGroup(click.Group):
    """Runs a command and maps every expected failure to one line and an exit status.

    The command modules are imported when a command of theirs runs (``workbench search`` never
    imports the claims or evidence commands): :data:`COMMAND_MODULES` says where each command is,
    and ``--help`` or a name it does not know imports them all."""

    def _load(self, module: str) -> None:
        importlib.import_module(f"{__package__}.{module}")

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            module = COMMAND_MODULES.get(cmd_name)
            for m in [module] if module else COMMAND_MODULES_ALL:
                self._load(m)
        if cmd_name not in self.commands:
            for m in COMMAND_MODULES_ALL:
                self._load(m)
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        for m in COMMAND_MODULES_ALL:
            self._load(m)
        return super().list_commands(ctx)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            _usage_error(exc)
            raise  # not reached

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WorkbenchError as exc:
            fail(str(exc), exc.exit_code)
        except click.UsageError as exc:
            _usage_error(exc)
        except OverflowError:  # e.g. an id of 30 digits: SQLite integers are 64-bit
            fail("a number given is out of range (no such id)")
        except UnicodeEncodeError as exc:
            if "surrogates not allowed" not in str(exc) or os.environ.get("WORKBENCH_DEBUG"):
                raise
            fail("an argument or file name is not valid UTF-8 text; nothing was changed")
        except sqlite3.DatabaseError as exc:
            fail(f"workspace error: {exc}")
        except KeyboardInterrupt:
            fail("interrupted; every completed step was saved", 130)
        except BrokenPipeError:
            # stdout closed early (e.g. piped into head): not an error for the user
            try:
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115
            except OSError:
                pass
            sys.exit(0)
        except OSError as exc:
            fail(f"{exc.strerror or exc}" + (f": {exc.filename}" if getattr(exc, "filename", None) else ""))
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, SystemExit):
            raise
        except Exception as exc:  # a bug: still one line, with a hint, never a traceback
            if os.environ.get("WORKBENCH_DEBUG"):
                raise
            fail(f"internal error ({type(exc).__name__}: {exc}); set WORKBENCH_DEBUG=1 for details")


db_option = click.option(
    "--db", "db_path", type=click.Path(dir_okay=False), default=None, envvar="WORKBENCH_DB",
    help="Workspace file (default ./workspace.db, or $WORKBENCH_DB).")
json_option = click.option("--json", "as_json", is_flag=True, help="Print a JSON array of objects, nothing else.")


def open_workspace(db_path: str | None, *, create: bool = True, readonly: bool = False, check: bool = False):
    from ..store import Workspace, db, default_db_path
    from ..textutil import display

    db.upgrade_notice = lambda msg: click.echo(f"note: {display(msg)}", err=True)
    return Workspace(db_path or default_db_path(), create=create, readonly=readonly, check=check)


# commands that only read: their workspace is opened read-only (so a workspace in a read-only
# folder or filesystem can still be read); every other command checks the file (quick_check)
# before writing to it
READ_ONLY_COMMANDS = frozenset({"status", "search", "entities", "entity show", "source show", "claims", "claim show",
                                "tags", "log", "verify", "export"})


def _command_name() -> str:
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return ""
    return " ".join(ctx.command_path.split()[1:])


def with_workspace(fn: Callable) -> Callable:
    """Decorator: adds ``--db`` and passes an open Workspace as ``ws``.  Failures that come from
    the file itself (the disk is full, the file is damaged) are told as such, in one line."""

    @db_option
    @functools.wraps(fn)
    def wrapper(db_path: str | None, **kw):
        from ..errors import QueryError
        from ..store.db import storage_problem

        name = _command_name()
        readonly = name in READ_ONLY_COMMANDS or (name == "sources" and not kw.get("duplicates"))
        ws = open_workspace(db_path, readonly=readonly, check=not readonly)
        try:
            return fn(ws, **kw)
        except (sqlite3.DatabaseError, UnicodeDecodeError, OSError) as exc:
            problem = storage_problem(ws.path, exc, ws.conn)
            if problem is not None:
                raise problem from None
            raise
        except QueryError:  # a damaged index reads as a bad query: check the file first
            from ..store.db import corrupt, quick_check

            damage = quick_check(ws.conn)
            if damage:
                raise corrupt(ws.path, damage) from None
            raise
        finally:
            ws.close()

    return wrapper


def emit_json(items: Iterable[Any]) -> None:
    import json
    data = [i.to_dict() if hasattr(i, "to_dict") else i for i in items]
    # JSON keeps every value exact; characters a terminal acts on or that reorder text (C1
    # controls, DEL, bidi overrides, zero-width, line separators) are written as \u escapes
    from ..textutil import json_inert

    click.echo(json_inert(json.dumps(data, ensure_ascii=False, indent=2)))


def echo(message: Any = "", err: bool = False) -> None:
    """``click.echo`` for every line that may hold a stored value (a path, title, tag, name, note or
    quote): through :func:`workbench.textutil.display`, so no escape sequence, control character or
    bidi override reaches the terminal.  (``source show`` and ``--json`` print the exact text.)"""
    from ..textutil import display

    click.echo(display(str(message)), err=err)


def _safe_text(t: Any) -> Any:
    """A rich ``Text`` shown through ``display()``, its styled spans moved with the text."""
    from rich.text import Span, Text

    from ..textutil import display

    plain = t.plain
    if display(plain) == plain:
        return t
    cuts = sorted({0, len(plain), *(x for sp in t.spans for x in (sp.start, sp.end) if 0 <= x <= len(plain))})
    moved = {0: 0}
    out = []
    for a, b in zip(cuts, cuts[1:]):
        out.append(display(plain[a:b]))
        moved[b] = moved[a] + len(out[-1])
    new = Text("".join(out), style=t.style, justify=t.justify, overflow=t.overflow, no_wrap=t.no_wrap, end=t.end)
    new.spans = [Span(moved.get(sp.start, 0), moved.get(sp.end, moved[len(plain)]), sp.style) for sp in t.spans]
    return new


def _safe(obj: Any) -> Any:
    """Whatever is printed, with every string and Text in it (table cells too) shown safely."""
    from rich.table import Table
    from rich.text import Text

    from ..textutil import display

    if isinstance(obj, str):
        return display(obj)
    if isinstance(obj, Text):
        return _safe_text(obj)
    if isinstance(obj, Table):
        for col in obj.columns:
            col._cells = [_safe(c) for c in col._cells]
            col.header = _safe(col.header)
    return obj


def stream_json(items: Iterable[Any], chunk: int = 500) -> None:
    """The same JSON array as :func:`emit_json`, byte for byte, written ``chunk`` items at a time as
    ``items`` yields them (the list is never built: memory stays flat on any workspace size).  Each
    chunk is one ``json.dumps`` of a list, its brackets cut off (inside them, items are already
    indented and joined as in the whole array)."""
    import json

    from ..textutil import json_inert

    first = True
    batch: list[Any] = []

    def flush() -> None:
        nonlocal first
        body = json_inert(json.dumps(batch, ensure_ascii=False, indent=2)[2:-2])
        click.echo(("[\n" if first else ",\n") + body, nl=False)  # the stream emit_json writes to
        first = False
        batch.clear()

    for item in items:
        batch.append(item.to_dict() if hasattr(item, "to_dict") else item)
        if len(batch) >= chunk:
            flush()
    if batch:
        flush()
    click.echo("[]" if first else "\n]")


def console(stderr: bool = False):
    from rich.console import Console

    class SafeConsole(Console):
        """Prints every value through ``display()`` (see :func:`echo`); markup is off."""

        def print(self, *objects: Any, **kw: Any) -> None:
            super().print(*(_safe(o) for o in objects), **kw)

    return SafeConsole(stderr=stderr, highlight=False, markup=False, emoji=False, soft_wrap=False)


@contextmanager
def index_progress() -> Iterator[Callable[[int, int], None]]:
    """A ``progress(done, total)`` callback for building the corroboration passage index: a
    progress bar on stderr when it is a terminal, nothing otherwise."""
    err = console(stderr=True)
    if not err.is_terminal:
        yield lambda done, total: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("indexing new sources for corroboration"), BarColumn(), MofNCompleteColumn(),
                  TimeRemainingColumn(), console=err, transient=True) as bar:
        task = bar.add_task("", total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


@click.group(cls=WorkbenchGroup, context_settings=CONTEXT_SETTINGS, invoke_without_command=True)
@click.version_option(package_name="workbench", prog_name="workbench")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Check claims in multilingual news articles, from the keyboard.

    Run with no command to open the workbench on ./workspace.db.
    """
    if ctx.invoked_subcommand is None:
        open_cmd = main.get_command(ctx, "open")
        assert open_cmd is not None
        ctx.invoke(open_cmd)
