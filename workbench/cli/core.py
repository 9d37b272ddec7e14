"""Core commands: open, ingest, sources, source, search, entities, entity, status."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import InputError, WorkspaceError
from ..textutil import display
from .base import (console, echo, emit_json, index_progress, json_option, main, open_workspace, stream_json,
                   with_workspace)

if TYPE_CHECKING:
    from ..store.workspace import Workspace

SEEDS_DIR = Path("seeds")


def _progress_ingest(ws: Workspace, paths, *, lang: str | None = None, quiet: bool = False):
    """Run the ingest with a progress bar on a terminal (stderr), and return the report."""
    from ..ingest import ingest_paths

    err = console(stderr=True)
    if quiet or not err.is_terminal:
        return ingest_paths(ws, paths, lang=lang)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  TextColumn("{task.description}"), console=err, transient=True) as bar:
        task = bar.add_task("", total=None)

        def progress(done: int, total: int, path: str) -> None:
            name = display(Path(path).name, oneline=True)
            bar.update(task, completed=done, total=total, description=name[:40])

        return ingest_paths(ws, paths, progress=progress, lang=lang)


@main.command("open")
@click.option("--db", "db_path", type=click.Path(dir_okay=False), default=None, envvar="WORKBENCH_DB",
              help="Workspace file (default ./workspace.db, or $WORKBENCH_DB).")
@click.option("--seeds", "seeds", type=click.Path(file_okay=False), default=None,
              help="Folder ingested when the workspace is empty (default ./seeds).")
@click.option("--no-seed", is_flag=True, help="Do not ingest anything into an empty workspace.")
def open_cmd(db_path: str | None, seeds: str | None, no_seed: bool) -> None:
    """Open the workbench (the TUI).  An empty workspace gets ./seeds ingested first."""
    ws = open_workspace(db_path)
    try:
        seed_dir = Path(seeds) if seeds else SEEDS_DIR
        if not no_seed and ws.source_count() == 0 and seed_dir.is_dir():
            echo(f"Empty workspace: ingesting {seed_dir}/ ...", err=True)
            report = _progress_ingest(ws, [seed_dir])
            echo(report.summary(), err=True)
        path = str(ws.path)
    finally:
        ws.close()
    if not sys.stdin.isatty() or not sys.stdout.isatty():
        _print_summary(path)
        return
    from ..tui import run

    run(path)


def _print_summary(path: str) -> None:
    ws = open_workspace(path)
    try:
        s = ws.summary()
    finally:
        ws.close()
    langs = ", ".join(f"{k} {v}" for k, v in s["languages"].items()) or "none"
    echo(f"workspace {s['path']}: {s['sources']} sources ({langs}), {s['entities']} entities, "
               f"{s['mentions']} mentions, {s['claims']} claims")


@main.command()
@with_workspace
@json_option
def status(ws: Workspace, as_json: bool) -> None:
    """Counts of what the workspace holds."""
    s = ws.summary()
    if as_json:
        emit_json([s])
    else:
        _print_summary(str(ws.path))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--lang", default=None, help="Set the language of every file instead of detecting it.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no per-file lines.")
@with_workspace
def ingest(ws: Workspace, paths: tuple[str, ...], lang: str | None, quiet: bool) -> None:
    """Ingest files and folders (recursive): .txt, .md, .html, .pdf, .docx, .odt, .eml, .warc(.gz).

    Exit 1 if any file failed."""
    if ws.readonly:  # one line for the workspace, not one per file
        raise WorkspaceError(f"workspace {ws.path} is read-only; nothing was ingested")
    report = _progress_ingest(ws, list(paths), lang=lang, quiet=quiet)
    for path, msg in report.notes:
        click.echo(f"note: {click.format_filename(path)}: {msg}", err=True)
    for path, msg in report.failed:
        echo(f"failed: {display(path, oneline=True)}: {display(msg, oneline=True)}", err=True)
    echo(report.summary(), err=True)
    if report.stopped:
        sys.exit(1)
    if report.cancelled:
        sys.exit(130)
    if report.failed:
        sys.exit(1)


@main.command()
@click.argument("source_ids", nargs=-1, type=int)
@with_workspace
def reprocess(ws: Workspace, source_ids: tuple[int, ...]) -> None:
    """Re-run NER, entity resolution and the passage index (all sources, or the ids given).

    Use it after overriding a language, or to apply entity corrections to what was ingested before."""
    from ..ingest import reanalyse_sources

    for sid in source_ids:
        ws.get_source(sid)
    report = reanalyse_sources(ws, list(source_ids) or None, workers=2 if not source_ids else 1)
    echo(f"re-analysed {len(report.updated)} sources" + (" (cancelled)" if report.cancelled else ""), err=True)


@main.command()
@with_workspace
@json_option
@click.option("--duplicates", is_flag=True, help="List pairs of sources that tell the same story: copies and light edits (MinHash), translations in any language (aligned sentence vectors).")
@click.option("--threshold", type=float, default=None, help="With --duplicates: the score a pair needs.")
def sources(ws: Workspace, as_json: bool, duplicates: bool, threshold: float | None) -> None:
    """List the sources: id, title, outlet, language, characters, sha256, path."""
    if duplicates:
        from ..evidence.corroborate import DUPLICATE_THRESHOLD, find_duplicates

        with index_progress() as tick:  # sources ingested since the last query are indexed first
            pairs = find_duplicates(ws, DUPLICATE_THRESHOLD if threshold is None else threshold, progress=tick)
        if as_json:
            emit_json(pairs)
            return
        _duplicates_table(ws, pairs)
        return
    if as_json:
        stream_json(ws.iter_sources())
        return
    items = ws.iter_sources()
    from rich.table import Table
    from rich.text import Text

    t = Table(box=None, pad_edge=False)
    for col in ("id", "lang", "chars", "claims", "outlet", "title", "sha256"):
        t.add_column(col, no_wrap=col != "title", overflow="fold" if col == "title" else "ellipsis")
    for s in items:
        t.add_row(str(s.id), s.lang, str(s.chars), str(s.claims), Text(s.outlet[:24]), Text(s.title),
                  s.sha256[:12])
    console().print(t)


def _duplicates_table(ws: Workspace, pairs) -> None:
    from rich.table import Table
    from rich.text import Text

    t = Table(box=None, pad_edge=False)
    for col in ("score", "kind", "a", "b", "title a", "title b"):
        t.add_column(col)
    titles = {s.id: s.title for s in ws.list_sources()}
    for p in pairs:
        d = p.to_dict() if hasattr(p, "to_dict") else dict(p)
        t.add_row(f"{d['score']:.2f}", str(d.get("kind", "")), str(d["a"]), str(d["b"]), Text(titles.get(d["a"], "")[:50]),
                  Text(titles.get(d["b"], "")[:50]))
    console().print(t)


@main.group()
def source() -> None:
    """Show a source, correct its language, set its citation metadata."""


@source.command("show")
@click.argument("source_id", type=int)
@with_workspace
@json_option
def source_show(ws: Workspace, source_id: int, as_json: bool) -> None:
    """Print a source's text (exactly as stored: every offset refers to it)."""
    s = ws.get_source(source_id)
    text = ws.source_text(source_id)
    if as_json:
        emit_json([{**s.to_dict(), "lang_detected": s.lang_detected, "text": text}])
    else:
        click.echo(text)  # exact, as stored: every offset refers to it


@source.command("lang")
@click.argument("source_id", type=int)
@click.argument("lang")
@with_workspace
def source_lang(ws: Workspace, source_id: int, lang: str) -> None:
    """Override the detected language of a source (ISO 639-1 code, e.g. es, pt, it, en)."""
    lang = lang.strip().lower()
    if not (2 <= len(lang) <= 3 and lang.isalpha()):
        raise InputError(f"{lang!r} is not a language code (use ISO 639-1, e.g. es, pt, it, en)")
    ws.set_source_lang(source_id, lang)
    echo(f"source {source_id}: language set to {lang}")


@source.command("set")
@click.argument("source_id", type=int)
@click.option("--url", default=None, help="Where the source was published (e.g. https://example.org/article).")
@click.option("--date", "published_at", default=None, help="Publication date, ISO 8601 (2025-03-04 or 2025-03-04T10:00:00+01:00).")
@click.option("--captured", "captured_at", default=None, help="When it was captured or retrieved, ISO 8601.")
@click.option("--outlet", default=None, help="The outlet (newspaper, site, agency, institution).")
@click.option("--author", default=None, help="Author(s).")
@click.option("--title", default=None, help="Title.")
@with_workspace
def source_set(ws: Workspace, source_id: int, url: str | None, published_at: str | None, captured_at: str | None,
               outlet: str | None, author: str | None, title: str | None) -> None:
    """Set or correct what a citation needs: URL, date, outlet, author, title ('' clears a field).

    Logged and undoable (workbench undo)."""
    changed = ws.set_source_meta(source_id, url=url, published_at=published_at, captured_at=captured_at,
                                 outlet=outlet, author=author, title=title)
    if not changed:
        echo(f"source {source_id}: nothing changed")
        return
    echo(f"source {source_id}: " + "; ".join(f"{k} = {v!r}" if v else f"{k} cleared"
                                                   for k, v in changed.items()))


@main.command()
@click.argument("query")
@click.option("--limit", "-n", type=click.IntRange(1, 10_000), default=20, show_default=True)
@click.option("--aliases", "-a", is_flag=True,
              help="Widen a word that names an entity to all of the entity's aliases.")
@with_workspace
@json_option
def search(ws: Workspace, query: str, limit: int, aliases: bool, as_json: bool) -> None:
    """Full-text search (accent-insensitive; "phrases", prefix*, AND / OR / NOT, NEAR(a b), word~
    for spelling variants; numbers match in every convention: 10.000 = 10,000 = 10 mil)."""
    from .quick import print_hits  # the same output as a one-shot search answered without click

    hits = ws.search(query, limit=limit, aliases=aliases)
    print_hits([(h.source_id, h.title, h.lang, h.snippet, h.score, h.marks) for h in hits],
               [] if hits else ws.suggest(query), as_json)


@main.command()
@with_workspace
@json_option
@click.option("--label", default=None, help="Only entities with this label (PER, ORG, LOC, MISC).")
@click.option("--all", "include_rejected", is_flag=True, help="Include rejected entities.")
@click.option("--filter", "query", default=None,
              help="Only entities with a name or alias whose words start with these words.")
def entities(ws: Workspace, as_json: bool, label: str | None, include_rejected: bool, query: str | None) -> None:
    """Canonical entities with label, aliases, mention and source counts."""
    items = ws.iter_entities(include_rejected=include_rejected, query=query, label=label)
    if as_json:
        stream_json(items)
        return
    from rich.table import Table
    from rich.text import Text

    t = Table(box=None, pad_edge=False)
    for col in ("id", "label", "mentions", "sources", "status", "name", "aliases"):
        t.add_column(col, overflow="fold")
    for e in items:
        t.add_row(str(e.id), e.label, str(e.mentions), str(e.sources), e.status, Text(e.name),
                  Text("; ".join(e.aliases)))
    console().print(t)


@main.group()
def entity() -> None:
    """Correct entities; each correction applies to the whole workspace and can be undone."""


def _say(msg: str) -> None:
    echo(msg)


@entity.command("merge")
@click.argument("source_ref")
@click.argument("target_ref")
@with_workspace
def entity_merge(ws: Workspace, source_ref: str, target_ref: str) -> None:
    """Merge SOURCE_REF into TARGET_REF (ids or names)."""
    e = ws.merge_entities(source_ref, target_ref)
    _say(f"merged into #{e.id} {e.name} ({e.label}); aliases: {'; '.join(e.aliases) or '-'}")


@entity.command("rename")
@click.argument("ref")
@click.argument("new_name")
@with_workspace
def entity_rename(ws: Workspace, ref: str, new_name: str) -> None:
    """Rename an entity (the old name stays as an alias)."""
    e = ws.rename_entity(ref, new_name)
    _say(f"#{e.id} is now {e.name}")


@entity.command("relabel")
@click.argument("ref")
@click.argument("label", type=click.Choice(["PER", "ORG", "LOC", "MISC"], case_sensitive=False))
@with_workspace
def entity_relabel(ws: Workspace, ref: str, label: str) -> None:
    """Change an entity's label."""
    e = ws.relabel_entity(ref, label)
    _say(f"#{e.id} {e.name} is now {e.label}")


@entity.command("reject")
@click.argument("ref")
@with_workspace
def entity_reject(ws: Workspace, ref: str) -> None:
    """Reject a false positive: its mentions go everywhere and it is never proposed again."""
    e = ws.reject_entity(ref)
    _say(f"rejected #{e.id} {e.name}")


@entity.command("confirm")
@click.argument("ref")
@with_workspace
def entity_confirm(ws: Workspace, ref: str) -> None:
    """Confirm an entity: its names are found in every source, now and in later ingests."""
    from ..nlp.gazetteer import gazetteer_mentions

    e, added, split = ws.confirm_entity_report(ref, find=gazetteer_mentions)
    inside = f" ({split} inside longer wrong names, now split)" if split else ""
    _say(f"confirmed #{e.id} {e.name}; {added} new mentions found{inside}")


@entity.command("add")
@click.argument("name")
@click.option("--label", type=click.Choice(["PER", "ORG", "LOC", "MISC"], case_sensitive=False), default="MISC",
              show_default=True)
@click.option("--alias", "aliases", multiple=True, help="Another spelling (repeatable).")
@with_workspace
def entity_add(ws: Workspace, name: str, label: str, aliases: tuple[str, ...]) -> None:
    """Add an entity the model missed: it is found in every source, now and in later ingests."""
    from ..nlp.gazetteer import gazetteer_mentions

    e, added = ws.add_user_entity(name, label, aliases, find=gazetteer_mentions)
    _say(f"added #{e.id} {e.name} ({e.label}); {added} mentions found")


@entity.command("show")
@click.argument("ref")
@with_workspace
@json_option
def entity_show(ws: Workspace, ref: str, as_json: bool) -> None:
    """An entity and its mentions across sources."""
    e = ws.find_entity(ref)
    ms = ws.mentions_for_entity(e.id)
    if as_json:
        emit_json([{**e.to_dict(), "mention_list": [m.to_dict() for m in ms]}])
        return
    from rich.text import Text

    con = console()
    con.print(Text(f"#{e.id} {e.name} ({e.label}, {e.status}); aliases: {'; '.join(e.aliases) or '-'}"))
    for m in ms:
        con.print(Text(f"  source {m.source_id} {m.start}-{m.end} [{m.origin}] {m.text}"))

