"""Evidence commands: export (json / md / ftm), import and verify an evidence file."""

from __future__ import annotations

import sys

import click

from .base import echo, emit_json, json_option, main, with_workspace


@main.command("export")
@click.option("--format", "fmt", type=click.Choice(["json", "md", "ftm"]), default="json", show_default=True,
              help="json: W3C Web Annotation evidence file; md: report for people; ftm: FollowTheMoney JSON lines.")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=True), default=None,
              help="Write to this file (atomically) instead of stdout.")
@with_workspace
def export_cmd(ws, fmt: str, output: str | None) -> None:
    """Export every claim with its sources and entities.

    Positions in the json format count Unicode code points of the cleaned source text."""
    from ..evidence.export import atomic_write, check_writable, render

    from ..textutil import display

    if output:
        check_writable(output, protect=[ws.path])  # before the work, so a bad path fails at once
    text = render(ws, fmt)
    if fmt in ("json", "ftm"):  # JSON: C1 controls and bidi overrides written as \u escapes (same data)
        from ..textutil import json_inert

        text = json_inert(text)
    if output:
        atomic_write(output, text, protect=[ws.path])
        echo(f"wrote {display(output, oneline=True)} ({fmt}, {ws.summary()['claims']} claims)", err=True)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


@main.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@with_workspace
@json_option
def import_cmd(ws, file: str, as_json: bool) -> None:
    """Load an evidence file (json export): sources matched by sha256, claims by id.

    Importing twice changes nothing; claims whose source is not in the workspace are reported.
    Exit status 1 when some claims could not be imported."""
    from ..evidence.importer import import_evidence
    from ..textutil import display

    report = import_evidence(ws, file)
    if as_json:
        emit_json([report.to_dict()])
    else:
        for line in report.problems():
            echo(display(line, oneline=True))
    echo(report.summary(), err=True)
    if report.problems():
        sys.exit(1)


@main.command("verify")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--all", "show_all", is_flag=True, help="Print a line for every claim, not only problems.")
@with_workspace
@json_option
def verify_cmd(ws, file: str, show_all: bool, as_json: bool) -> None:
    """Check every claim of an evidence file against the workspace.

    A claim verifies when the source with its sha256 is here and the text at start..end is the
    quote.  Where the source with the same path changed, the claim is re-anchored (exact quote,
    then a strict fuzzy match); if nothing fits it is reported orphaned.  Changes nothing.
    Exit status 0 when everything verifies, 1 otherwise."""
    from ..evidence.importer import verify_evidence
    from ..textutil import display

    verdicts = verify_evidence(ws, file)
    bad = [v for v in verdicts if not v.ok]
    if as_json:
        emit_json(verdicts)
    else:
        for v in verdicts:  # plain lines (never wrapped): one per problem
            if show_all or not v.ok or v.status != "verified":
                echo(display(v.message, oneline=True))
    ok = len(verdicts) - len(bad)
    echo(f"{ok} of {len(verdicts)} claims verify" + (f"; {len(bad)} problems" if bad else ""), err=True)
    sys.exit(1 if bad else 0)
