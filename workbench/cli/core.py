"""Core commands: open, ingest, sources, source, search, entities, entity, status."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import InputError, WorkspaceError
from .base import console, emit_json, index_progress, json_option, main, open_workspace, with_workspace

SEEDS_DIR = Path("seeds")


def _progress_ingest(ws, paths, *, lang: str | None = None, quiet: bool = False):
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
            name = Path(path).name
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
            click.echo(f"Empty workspace: ingesting {seed_dir}/ ...", err=True)
            report = _progress_ingest(ws, [seed_dir])
            click.echo(report.summary(), err=True)
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
    click.echo(f"workspace {s['path']}: {s['sources']} sources ({langs}), {s['entities']} entities, "
               f"{s['mentions']} mentions, {s['claims']} claims")


@main.command()
@with_workspace
@json_option
def status(ws, as_json: bool) -> None:
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
def ingest(ws, paths: tuple[str, ...], lang: str | None, quiet: bool) -> None:
    """Ingest files and folders (recursive): .txt, .md, .html.  Exit 1 if any file failed."""
    if ws.readonly:  # one line for the workspace, not one per file
        raise WorkspaceError(f"workspace {ws.path} is read-only; nothing was ingested")
    report = _progress_ingest(ws, list(paths), lang=lang, quiet=quiet)
    for path, msg in report.failed:
        click.echo(f"failed: {click.format_filename(path)}: {msg}", err=True)
    click.echo(report.summary(), err=True)
    if report.cancelled:
        sys.exit(130)
    if report.failed:
        sys.exit(1)


@main.command()
@click.argument("source_ids", nargs=-1, type=int)
@with_workspace
def reprocess(ws, source_ids: tuple[int, ...]) -> None:
    """Re-run NER, entity resolution and the passage index (all sources, or the ids given).

    Use it after overriding a language, or to apply entity corrections to what was ingested before."""
    from ..ingest import reanalyse_sources

    for sid in source_ids:
        ws.get_source(sid)
    report = reanalyse_sources(ws, list(source_ids) or None, workers=2 if not source_ids else 1)
    click.echo(f"re-analysed {len(report.updated)} sources" + (" (cancelled)" if report.cancelled else ""), err=True)


@main.command()
@with_workspace
@json_option
@click.option("--duplicates", is_flag=True, help="List pairs of sources that tell the same story: copies and light edits (MinHash), translations in any language (aligned sentence vectors).")
@click.option("--threshold", type=float, default=None, help="With --duplicates: the score a pair needs.")
def sources(ws, as_json: bool, duplicates: bool, threshold: float | None) -> None:
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
    items = ws.list_sources()
    if as_json:
        emit_json(items)
        return
    from rich.table import Table
    from rich.text import Text

    t = Table(box=None, pad_edge=False)
    for col in ("id", "lang", "chars", "claims", "outlet", "title", "sha256"):
        t.add_column(col, no_wrap=col != "title", overflow="fold" if col == "title" else "ellipsis")
    for s in items:
        t.add_row(str(s.id), s.lang, str(s.chars), str(s.claims), Text(s.outlet[:24]), Text(s.title),
                  s.sha256[:12])
    console().print(t)


def _duplicates_table(ws, pairs) -> None:
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
    """Show a source or correct its language."""


@source.command("show")
@click.argument("source_id", type=int)
@with_workspace
@json_option
def source_show(ws, source_id: int, as_json: bool) -> None:
    """Print a source's text (exactly as stored: every offset refers to it)."""
    s = ws.get_source(source_id)
    text = ws.source_text(source_id)
    if as_json:
        emit_json([{**s.to_dict(), "lang_detected": s.lang_detected, "text": text}])
    else:
        click.echo(text)


@source.command("lang")
@click.argument("source_id", type=int)
@click.argument("lang")
@with_workspace
def source_lang(ws, source_id: int, lang: str) -> None:
    """Override the detected language of a source (ISO 639-1 code, e.g. es, pt, it, en)."""
    lang = lang.strip().lower()
    if not (2 <= len(lang) <= 3 and lang.isalpha()):
        raise InputError(f"{lang!r} is not a language code (use ISO 639-1, e.g. es, pt, it, en)")
    ws.set_source_lang(source_id, lang)
    click.echo(f"source {source_id}: language set to {lang}")


@main.command()
@click.argument("query")
@click.option("--limit", "-n", type=click.IntRange(1, 10_000), default=20, show_default=True)
@with_workspace
@json_option
def search(ws, query: str, limit: int, as_json: bool) -> None:
    """Full-text search (accent-insensitive; "phrases", prefix*, AND / OR / NOT, NEAR(a b))."""
    hits = ws.search(query, limit=limit)
    if as_json:
        emit_json(hits)
        return
    from rich.text import Text

    con = console()
    if not hits:
        click.echo("no matches", err=True)
        return
    for h in hits:
        head = Text(f"{h.source_id:>5}  {h.lang}  {h.score:>9.4g}  ", style="dim")
        head.append(Text(h.title, style="bold"))
        con.print(head)
        snip = Text("       " + h.snippet)
        for a, b in h.marks:
            snip.stylize("reverse", a + 7, b + 7)
        con.print(snip)


@main.command()
@with_workspace
@json_option
@click.option("--label", default=None, help="Only entities with this label (PER, ORG, LOC, MISC).")
@click.option("--all", "include_rejected", is_flag=True, help="Include rejected entities.")
@click.option("--filter", "query", default=None, help="Only entities whose name or alias contains this.")
def entities(ws, as_json: bool, label: str | None, include_rejected: bool, query: str | None) -> None:
    """Canonical entities with label, aliases, mention and source counts."""
    items = ws.list_entities(include_rejected=include_rejected, query=query)
    if label:
        items = [e for e in items if e.label == label.upper()]
    if as_json:
        emit_json(items)
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
    click.echo(msg)


@entity.command("merge")
@click.argument("source_ref")
@click.argument("target_ref")
@with_workspace
def entity_merge(ws, source_ref: str, target_ref: str) -> None:
    """Merge SOURCE_REF into TARGET_REF (ids or names)."""
    e = ws.merge_entities(source_ref, target_ref)
    _say(f"merged into #{e.id} {e.name} ({e.label}); aliases: {'; '.join(e.aliases) or '-'}")


@entity.command("rename")
@click.argument("ref")
@click.argument("new_name")
@with_workspace
def entity_rename(ws, ref: str, new_name: str) -> None:
    """Rename an entity (the old name stays as an alias)."""
    e = ws.rename_entity(ref, new_name)
    _say(f"#{e.id} is now {e.name}")


@entity.command("relabel")
@click.argument("ref")
@click.argument("label", type=click.Choice(["PER", "ORG", "LOC", "MISC"], case_sensitive=False))
@with_workspace
def entity_relabel(ws, ref: str, label: str) -> None:
    """Change an entity's label."""
    e = ws.relabel_entity(ref, label)
    _say(f"#{e.id} {e.name} is now {e.label}")


@entity.command("reject")
@click.argument("ref")
@with_workspace
def entity_reject(ws, ref: str) -> None:
    """Reject a false positive: its mentions go everywhere and it is never proposed again."""
    e = ws.reject_entity(ref)
    _say(f"rejected #{e.id} {e.name}")


@entity.command("confirm")
@click.argument("ref")
@with_workspace
def entity_confirm(ws, ref: str) -> None:
    """Confirm an entity: its names are found in every source, now and in later ingests."""
    e, added = ws.confirm_entity(ref)
    _say(f"confirmed #{e.id} {e.name}; {added} new mentions found")


@entity.command("add")
@click.argument("name")
@click.option("--label", type=click.Choice(["PER", "ORG", "LOC", "MISC"], case_sensitive=False), default="MISC",
              show_default=True)
@click.option("--alias", "aliases", multiple=True, help="Another spelling (repeatable).")
@with_workspace
def entity_add(ws, name: str, label: str, aliases: tuple[str, ...]) -> None:
    """Add an entity the model missed: it is found in every source, now and in later ingests."""
    e, added = ws.add_user_entity(name, label, aliases)
    _say(f"added #{e.id} {e.name} ({e.label}); {added} mentions found")


@entity.command("show")
@click.argument("ref")
@with_workspace
@json_option
def entity_show(ws, ref: str, as_json: bool) -> None:
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

