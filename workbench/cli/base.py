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

_CONTROLS = dict.fromkeys([*range(0x00, 0x20), *range(0x7F, 0xA0)], " ")


def fail(message: str, code: int = 1) -> None:
    # the message may quote untrusted text (a file name, an id from an evidence file): no control
    # character reaches the terminal, and it stays one line
    click.echo(f"error: {' '.join(str(message).translate(_CONTROLS).split())}", err=True)
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


def open_workspace(db_path: str | None, *, create: bool = True):
    from ..store import Workspace, default_db_path

    return Workspace(db_path or default_db_path(), create=create)


def with_workspace(fn: Callable) -> Callable:
    """Decorator: adds ``--db`` and passes an open Workspace as ``ws``."""

    @db_option
    @functools.wraps(fn)
    def wrapper(db_path: str | None, **kw):
        ws = open_workspace(db_path)
        try:
            return fn(ws, **kw)
        finally:
            ws.close()

    return wrapper


def emit_json(items: Iterable[Any]) -> None:
    import json
    data = [i.to_dict() if hasattr(i, "to_dict") else i for i in items]
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, markup=False, emoji=False, soft_wrap=False)


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
        ctx.invoke(main.get_command(ctx, "open"))
