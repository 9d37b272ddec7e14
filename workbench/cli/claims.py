"""Claim commands: claim add / edit / delete / link / unlink / show, claims, tags, undo, redo, log.

Every change is one transaction in the action log, so ``workbench undo`` reverts it.  Text from
sources is printed through rich ``Text`` objects (never parsed as markup)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..errors import InputError
from ..store import CLAIM_SORTS, sort_claims
from ..store.models import CLAIM_STATUSES, LINK_RELATIONS
from .base import console, echo, emit_json, json_option, main, with_workspace

if TYPE_CHECKING:
    from ..store.workspace import Workspace

STATUS_HELP = "; ".join(f"{k}: {v}" for k, v in CLAIM_STATUSES.items())
status_choice = click.Choice(list(CLAIM_STATUSES))


@main.group("claim", help="""Add, change and link claims: checkable spans of a source.

\b
Statuses:
""" + "\n".join(f"  {k:<11} {v}" for k, v in CLAIM_STATUSES.items()) + """

Claims may overlap.  A claim id can be shortened to any unique prefix (at least 4 characters).""")
def claim() -> None:
    pass


# -- helpers ------------------------------------------------------------------------------------
def _entity_ids(ws: Workspace, names: tuple[str, ...]) -> list[int]:
    """Resolve --entity names (or #ids) through aliases; ambiguous / unknown names raise with candidates."""
    return [ws.find_entity(n.lstrip("#")).id for n in names]


def _pick_occurrence(ws: Workspace, source_id: int, quote: str, occurrence: int | None) -> int:
    starts = ws.find_quote(source_id, quote)
    if not starts:
        raise InputError(f"the quote does not occur in source {source_id} (it must match the text exactly)")
    if occurrence is None:
        if len(starts) > 1:
            raise InputError(f"the quote occurs {len(starts)} times in source {source_id}; "
                             f"choose one with --occurrence 1..{len(starts)}")
        return starts[0]
    if not 1 <= occurrence <= len(starts):
        raise InputError(f"--occurrence {occurrence} is out of range: the quote occurs {len(starts)} "
                         f"time{'s' if len(starts) != 1 else ''}")
    return starts[occurrence - 1]


def _auto_entities(ws: Workspace, source_id: int, start: int, end: int) -> list[int]:
    return [e.id for e in ws.entities_in_span(source_id, start, end)]


def _print_claim(c) -> None:
    from rich.text import Text

    con = console()
    tags = ", ".join(c.tags) or "-"
    ents = ", ".join(f"{e['name']} ({e['label']})" for e in c.entities) or "-"
    head = Text(f"{c.id}  source {c.source_id}  {c.start}-{c.end}  {c.status}")
    if c.orphaned:
        head.append("  ORPHANED", style="bold red")
    con.print(head)
    con.print(Text("  «" + " ".join(c.quote.split()) + "»"))
    con.print(Text(f"  tags: {tags}   entities: {ents}"))
    if c.note:
        con.print(Text(f"  note: {c.note}"))
    if c.created_by or c.status_by:
        con.print(Text(f"  created by {c.created_by or '?'} {c.created[:16]}; status set by {c.status_by or '?'}"
                       f" {c.status_at[:16]}"))
    for lk in c.links:
        arrow = "->" if lk.direction == "out" else "<-"
        con.print(Text(f"  {arrow} {lk.relation} {lk.claim_id[:8]} (source {lk.source_id})"))


# -- claim ... ----------------------------------------------------------------------------------
@claim.command("add")
@click.option("--source", "source_id", type=int, required=True, help="The source's id.")
@click.option("--quote", required=True, help="The exact text of the claim, as it appears in the source.")
@click.option("--occurrence", type=int, default=None, help="Which occurrence (1, 2, ...) if the quote repeats.")
@click.option("--tag", "tags", multiple=True, help="A tag (repeatable).")
@click.option("--entity", "entities", multiple=True, help="An entity name or #id it is about (repeatable).")
@click.option("--status", type=status_choice, default="unverified", show_default=True)
@click.option("--note", default="", help="A note for the editor.")
@click.option("--auto-entities", is_flag=True, help="Also link the entities mentioned inside the quote.")
@with_workspace
def claim_add(ws: Workspace, source_id, quote, occurrence, tags, entities, status, note, auto_entities) -> None:
    """Add a claim; prints its id."""
    import unicodedata

    # stored text is NFC with LF line ends: a pasted quote in another form would never match
    quote = unicodedata.normalize("NFC", quote.replace("\r\n", "\n").replace("\r", "\n"))
    ws.get_source(source_id)
    start = _pick_occurrence(ws, source_id, quote, occurrence)
    end = start + len(quote)
    ids = _entity_ids(ws, entities)
    if auto_entities:
        ids += _auto_entities(ws, source_id, start, end)
    c = ws.add_claim(source_id, start, end, tags=tags, entity_ids=ids, status=status, note=note)
    echo(c.id)


@claim.command("edit")
@click.argument("claim_id")
@click.option("--status", type=status_choice, default=None)
@click.option("--note", default=None, help="Replace the note ('' clears it).")
@click.option("--tag", "add_tags", multiple=True, help="Add a tag (repeatable).")
@click.option("--untag", "remove_tags", multiple=True, help="Remove a tag (repeatable).")
@click.option("--entity", "add_entities", multiple=True, help="Link an entity (name or #id; repeatable).")
@click.option("--unentity", "remove_entities", multiple=True, help="Unlink an entity (repeatable).")
@click.option("--auto-entities", is_flag=True, help="Link the entities mentioned inside the quote.")
@with_workspace
def claim_edit(ws: Workspace, claim_id, status, note, add_tags, remove_tags, add_entities, remove_entities,
               auto_entities) -> None:
    """Change a claim's status, note, tags or entities."""
    c = ws.get_claim(claim_id)
    add = _entity_ids(ws, add_entities)
    if auto_entities:
        add += _auto_entities(ws, c.source_id, c.start, c.end)
    remove = _linked_ids(c, remove_entities, ws)
    c = ws.update_claim(c.id, status=status, note=note, add_tags=add_tags, remove_tags=remove_tags,
                        add_entities=add, remove_entities=remove)
    _print_claim(c)


def _linked_ids(c, refs: tuple[str, ...], ws: Workspace) -> list[int]:
    """--unentity: a name is matched among the claim's own entities first (they may be rejected)."""
    out = []
    for ref in refs:
        r = ref.lstrip("#")
        mine = [e["id"] for e in c.entities if r.isdigit() and e["id"] == int(r) or e["name"].casefold() == r.casefold()]
        out.append(mine[0] if mine else ws.find_entity(r).id)
    return out


@claim.command("delete")
@click.argument("claim_id")
@with_workspace
def claim_delete(ws: Workspace, claim_id) -> None:
    """Delete a claim (undo brings it back)."""
    c = ws.delete_claim(claim_id)
    echo(f"deleted claim {c.id}")


@claim.command("show")
@click.argument("claim_id")
@with_workspace
@json_option
def claim_show(ws: Workspace, claim_id, as_json) -> None:
    """One claim with its tags, entities, note and links."""
    c = ws.get_claim(claim_id)
    if as_json:
        emit_json([c])
        return
    _print_claim(c)


@claim.command("link")
@click.argument("from_id")
@click.argument("to_id")
@click.option("--relation", type=click.Choice(list(LINK_RELATIONS)), required=True,
              help="FROM corroborates / contradicts TO.")
@with_workspace
def claim_link(ws: Workspace, from_id, to_id, relation) -> None:
    """Record that claim FROM corroborates or contradicts claim TO."""
    ws.link_claims(from_id, to_id, relation)
    a, b = ws.get_claim(from_id), ws.get_claim(to_id)
    echo(f"{a.id[:8]} {relation} {b.id[:8]}")


@claim.command("unlink")
@click.argument("from_id")
@click.argument("to_id")
@with_workspace
def claim_unlink(ws: Workspace, from_id, to_id) -> None:
    """Remove the link between two claims."""
    ws.unlink_claims(from_id, to_id)
    echo("unlinked")


# -- listing ------------------------------------------------------------------------------------
@main.command("claims")
@click.option("--source", "source_id", type=int, default=None, help="Only claims of this source.")
@click.option("--tag", default=None, help="Only claims with this tag.")
@click.option("--status", type=status_choice, default=None, help="Only claims with this status.")
@click.option("--entity", "entity_ref", default=None, help="Only claims about this entity.")
@click.option("--sort", "sort_by", type=click.Choice(CLAIM_SORTS), default="position", show_default=True,
              help="corroborations: most distinct corroborating sources first; modified: newest first.")
@with_workspace
@json_option
def claims_cmd(ws: Workspace, source_id, tag, status, entity_ref, sort_by, as_json) -> None:
    """List claims (id, source, span, status, corroborations, tags, entities, quote)."""
    eid = ws.find_entity(entity_ref).id if entity_ref else None
    items = sort_claims(ws.list_claims(source_id=source_id, tag=tag, status=status, entity_id=eid), sort_by)
    if as_json:
        emit_json(items)
        return
    from rich.table import Table
    from rich.text import Text

    t = Table(box=None, pad_edge=False)
    for col in ("id", "src", "span", "status", "corr", "tags", "entities", "quote"):
        t.add_column(col, no_wrap=col not in ("quote", "entities"), overflow="fold")
    for c in items:
        status_txt = c.status + (" (orphaned)" if c.orphaned else "")
        ents = ", ".join(e["name"] for e in c.entities)
        quote = " ".join(c.quote.split())
        t.add_row(c.id[:8], str(c.source_id), f"{c.start}-{c.end}", status_txt, str(c.corroboration_count),
                  Text(", ".join(c.tags)),
                  Text(ents), Text(quote if len(quote) <= 120 else quote[:119] + "…"))
    console().print(t)
    echo(f"{len(items)} claims", err=True)


@main.command("tags")
@with_workspace
@json_option
def tags_cmd(ws: Workspace, as_json) -> None:
    """Tags in use, with how many claims carry each."""
    items = ws.list_tags()
    if as_json:
        emit_json(items)
        return
    from rich.text import Text

    con = console()
    for t in items:
        con.print(Text(f"{t['claims']:>6}  {t['tag']}"))


# -- history ------------------------------------------------------------------------------------
def _history_options(fn):
    fn = click.option("--anyone", is_flag=True, help="Whoever made it: the latest action in the workspace.")(fn)
    fn = click.option("--author", default=None, help="Someone else's action: the latest by this author.")(fn)
    fn = click.option("--session", default=None, envvar="WORKBENCH_SESSION",
                      help="The latest action of this session (default $WORKBENCH_SESSION).")(fn)
    return fn


@main.command("undo")
@_history_options
@with_workspace
def undo_cmd(ws: Workspace, session, author, anyone) -> None:
    """Undo your latest change (claims, tags, links, entity corrections).

    Yours: made in the same session (--session / $WORKBENCH_SESSION), or by the same author
    outside any session.  Someone else's action needs --author NAME or --anyone.  Only what the
    action changed is restored; an action whose claims or entities were changed since is refused."""
    if session:
        ws.session = session
    echo(f"undone: {ws.undo(author=author, session=session, anyone=anyone)}")


@main.command("redo")
@_history_options
@with_workspace
def redo_cmd(ws: Workspace, session, author, anyone) -> None:
    """Redo the change you undid last (same rules as undo)."""
    if session:
        ws.session = session
    echo(f"redone: {ws.redo(author=author, session=session, anyone=anyone)}")


@main.command("log")
@click.option("--limit", "-n", type=int, default=50, show_default=True, help="How many entries, newest first.")
@with_workspace
@json_option
def log_cmd(ws: Workspace, limit, as_json) -> None:
    """The action log: every change, newest first (state: done, undone, dropped, final)."""
    items = ws.history(limit)
    if as_json:
        emit_json(items)
        return
    for h in items:  # plain lines, never wrapped
        who = " ".join((h["author"] or "?").split())
        echo(f"{h['id']:>5}  {h['at']}  {who:<12} {h['state']:<7}  {h['action']:<16} "
             f"{' '.join(h['summary'].split())}")
