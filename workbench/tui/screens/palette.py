"""The command palette (ctrl+p), generated from the bindings themselves: every binding with an id
becomes a command that runs the binding's action where the binding lives, and shows the key the
binding has now (after the user's keymap), so a remapped key shows as remapped.  A few commands
that have no key of their own (re-run NER, an export format straight away) are added by hand."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, TypeAlias

from textual.binding import Binding, BindingType

if TYPE_CHECKING:
    from textual.app import App
    from textual.widget import Widget

    from .main import MainScreen

Node: TypeAlias = "Widget | App[Any]"  # where an action runs (both have run_action)
Command = tuple[str, str, Callable[[], Any]]  # title, help line (with the key), what it runs

# the palette's name for a binding, when its short footer description is not clear on its own
TITLES = {
    "app.quit": "Quit", "app.help": "Help: every key", "app.undo": "Undo", "app.redo": "Redo",
    "main.search": "Search sources", "main.find": "Find in this source", "main.export": "Export…",
    "main.ingest": "Ingest files…", "main.source_meta": "Source details (citation)",
    "main.same_story": "Source: same story in other sources (translations, rewrites)",
    "main.pane_sources": "Focus sources pane", "main.pane_reader": "Focus reader",
    "main.pane_claims": "Focus claims pane", "main.pane_entities": "Focus entities pane",
    "main.back": "Back", "main.forward": "Forward",
    "reader.sentence": "Select sentence", "reader.claim": "Create claim from selection",
    "reader.mentions": "Toggle entity mentions", "reader.next_hit": "Next search hit",
    "reader.prev_hit": "Previous search hit", "reader.copy": "Copy the selection",
    "reader.new_entity": "Entity: create from the selection", "reader.language": "Source: change language",
    "claim.tags": "Claim: tags", "claim.status": "Claim: status", "claim.entities": "Claim: link entities",
    "claim.note": "Claim: note", "claim.delete": "Claim: delete",
    "claim.corroborate": "Claim: corroborate in other sources", "claim.links": "Claim: linked claims (jump)",
    "claim.history": "Claim: history", "claim.copy": "Claim: copy quote with citation",
    "claim.span": "Claim: widen / narrow the span", "claim.next": "Next claim", "claim.prev": "Previous claim",
    "claims.toggle_all": "Toggle claims: this source / all", "claims.sort": "Sort claims",
    "claims.filter": "Filter claims (tag, status, entity, language)",
    "entities.merge": "Entity: merge into another", "entities.rename": "Entity: rename",
    "entities.label": "Entity: change label", "entities.reject": "Entity: reject as false positive",
    "entities.confirm": "Entity: confirm", "entities.split": "Entity: split a name off",
    "entities.claims": "Entity: list linked claims", "entities.filter": "Filter entities",
    "sources.aliases": "Search: widen names to every alias",
}
NOTES = {"reader.sentence": "again: extend to the next sentence", "entities.split": "undo a wrong merge",
         "main.export": "choose the format, the file and which claims", "main.ingest": "add files or a folder"}
# keys that only make sense where they are pressed (moving between panes, editing a span, escape)
SKIP = {"main.next_pane", "main.prev_pane", "reader.clear", "reader.save_span", "reader.swap_end", "reader.undo",
        "reader.redo", "sources.clear", "entities.clear"}


def binding_key(b: Binding, keymap: Mapping[str, str]) -> str:
    """The key a binding has now: the user's keymap wins over the default (and its display form)."""
    if b.id and b.id in keymap:
        return keymap[b.id]
    return b.key_display or b.key


@dataclass
class Scope:
    """Bindings that live on one node: where the palette runs their actions."""

    where: str  # shown before the key ("entities: m"); "" for keys that work everywhere
    bindings: list[Binding]
    node: Callable[[], Node]
    pane: str | None = None  # focused first, so the action's results are in view


def _bindings(items: Iterable[BindingType], skip: Iterable[str | None] = ()) -> list[Binding]:
    left_out = set(skip)
    return [b for b in items if isinstance(b, Binding) and b.id and b.id not in left_out]


def scopes(screen: MainScreen) -> list[Scope]:
    from ..widgets.claims import ClaimsList
    from ..widgets.common import claim_bindings
    from ..widgets.entities import EntitiesList
    from ..widgets.reader import ReaderArea
    from ..widgets.sources import SourcesPane

    claim_ids = {b.id for b in claim_bindings()}

    def claim_target() -> Node:  # "the" claim: the claims pane's, or the reader's
        return screen.claims.option_list if screen.claim_context == "claims" else screen.reader

    return [
        Scope("", _bindings(type(screen.app).BINDINGS), lambda: screen.app),
        Scope("", _bindings(type(screen).BINDINGS), lambda: screen),
        Scope("reader", _bindings(ReaderArea.BINDINGS, claim_ids), lambda: screen.reader),
        Scope("on a claim", claim_bindings(), claim_target),
        Scope("claims", _bindings(ClaimsList.BINDINGS, claim_ids), lambda: screen.claims.option_list, "claims"),
        Scope("entities", _bindings(EntitiesList.BINDINGS), lambda: screen.entities.option_list, "entities"),
        Scope("sources", _bindings(SourcesPane.BINDINGS), lambda: screen.sources, "sources"),
    ]


def _runner(screen: MainScreen, scope: Scope, action: str) -> Callable[[], Any]:
    def run() -> Any:
        if scope.pane is not None:
            screen.action_focus_pane(scope.pane)
        return scope.node().run_action(action)
    return run


def palette_commands(screen: MainScreen) -> list[Command]:
    from ..export import FORMATS

    keymap: Mapping[str, str] = getattr(screen.app, "keymap", {})
    cmds: list[Command] = []
    for scope in scopes(screen):
        for b in scope.bindings:
            if b.id in SKIP:
                continue
            key = binding_key(b, keymap)
            note = f" ({NOTES[b.id]})" if b.id in NOTES else ""
            cmds.append((TITLES.get(b.id or "", b.description), f"{scope.where}: {key}{note}" if scope.where
                         else f"{key}{note}", _runner(screen, scope, b.action)))
    actions = screen.actions
    cmds += [  # actions with no key binding of their own
        ("Entity: list mentions", "entities: enter",
         lambda: screen.entity_command("mentions", screen.context_entity_id())),
        ("Re-run NER on this source", "reprocess: after a language change or entity corrections",
         lambda: actions.reprocess(True)),
        ("Re-run NER on all sources", "reprocess: in a worker; escape cancels", lambda: actions.reprocess(False)),
        ("Reprocess this source", "re-run NER on it", lambda: actions.reprocess(True)),
        ("Reprocess all sources", "re-run NER on every source", lambda: actions.reprocess(False)),
    ]
    for fmt, (name, _ext) in FORMATS.items():
        cmds.append((f"Export {name}", f"write {name} next to the workspace", partial(actions.run_export, fmt)))
    return cmds
