"""Evidence commands: export (json / md / ftm), import and verify an evidence file."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from ..store.models import CLAIM_STATUSES
from .base import echo, emit_json, json_option, main, with_workspace

if TYPE_CHECKING:
    from ..store.workspace import Workspace


@main.command("export")
@click.option("--format", "fmt", type=click.Choice(["json", "md", "ftm", "claimreview"]), default="json",
              show_default=True,
              help="json: W3C Web Annotation evidence file; md: brief for people; ftm: FollowTheMoney JSON lines; "
                   "claimreview: schema.org ClaimReview JSON-LD (graded claims only).")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=True, allow_dash=True), default=None,
              help="Write to this file (atomically) instead of stdout; '-' is stdout.")
@click.option("--tag", "tags", multiple=True, help="Only claims with this tag (repeatable: any of them).")
@click.option("--status", "statuses", type=click.Choice(list(CLAIM_STATUSES)), multiple=True,
              help="Only claims with this status (repeatable: any of them).")
@click.option("--source", "sources", type=int, multiple=True, help="Only claims of this source id (repeatable).")
@click.option("--all", "everything", is_flag=True,
              help="List every source and entity of the workspace, not only those the claims cite.")
@click.option("--group-by", type=click.Choice(["status", "tag"]), default="status", show_default=True,
              help="md: group the claims by status, or by (first) tag.")
@click.option("--mentions", is_flag=True, help="ftm: also export each NER mention as an FtM Mention.")
@with_workspace
def export_cmd(ws: Workspace, fmt: str, output: str | None, tags, statuses, sources, everything: bool, group_by: str,
               mentions: bool) -> None:
    """Export the claims (all, or those the filters choose) with what they cite.

    Positions in the json format count Unicode code points of the cleaned source text."""
    from ..evidence.bundle import ExportFilter
    from ..evidence.export import atomic_write, check_writable, render

    from ..textutil import display

    if output == "-":
        output = None
    if output:
        check_writable(output, protect=[ws.path])  # before the work, so a bad path fails at once
    flt = ExportFilter(tags=list(tags), statuses=list(statuses), source_ids=list(sources), everything=everything)
    for sid in flt.source_ids:
        ws.get_source(sid)  # an unknown id is one clear line, not an empty file
    text = render(ws, fmt, flt, group_by=group_by, mentions=mentions)
    if fmt in ("json", "ftm", "claimreview"):  # JSON: C1 controls and bidi overrides written as \u escapes (same data)
        from ..textutil import json_inert

        text = json_inert(text)
    if output:
        atomic_write(output, text, protect=[ws.path])
        n = ws.export_claim_count(tags=flt.tags, statuses=flt.statuses, source_ids=flt.source_ids)
        echo(f"wrote {display(output, oneline=True)} ({fmt}, {n} claims)", err=True)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


@main.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--theirs", is_flag=True, help="In a conflict, take the file's version of the claim.")
@with_workspace
@json_option
def import_cmd(ws: Workspace, file: str, theirs: bool, as_json: bool) -> None:
    """Load an evidence file (json export): sources matched by sha256, claims by id.

    Importing twice changes nothing; claims whose source is not in the workspace are reported.
    Who created each claim and who set its status are kept.  A claim that differs between the
    workspace and the file is a conflict: reported and logged (both versions), and the workspace's
    version stays unless --theirs.  A claim is never moved to another source.
    Exit status 1 when some claims could not be imported or conflict."""
    from ..evidence.importer import import_evidence
    from ..textutil import display

    report = import_evidence(ws, file, theirs=theirs)
    if as_json:
        emit_json([report.to_dict()])
    else:
        for line in report.problems():
            echo(display(line, oneline=True))
    echo(report.summary(), err=True)
    if report.failed():
        sys.exit(1)


@main.command("verify")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--all", "show_all", is_flag=True, help="Print a line for every claim, not only problems.")
@with_workspace
@json_option
def verify_cmd(ws: Workspace, file: str, show_all: bool, as_json: bool) -> None:
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
