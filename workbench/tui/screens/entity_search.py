"""Entity candidates for the pickers (``e`` link entities, ``m`` merge), read from the store on
every key: a workspace may hold half a million entities, and the picker used to load them all
(seconds at 100,000 articles, and again for each dialog).

Each key reads a bounded candidate set through the ``entity_names`` FTS index
(``Workspace.entities_matching``, most mentioned first), which the picker then re-ranks with
rapidfuzz (:func:`.picker.match_score`):

* every typed word as a word prefix (``lop obr`` -> López Obrador);
* when that finds few, any one of the words of three letters or more (``the info`` ->
  Información: "the" names nothing);
* when that still finds few, the first letters of each word, so a typo later in a word (``nvidai``)
  still reaches the fuzzy re-rank.

A filter of one- or two-letter words reads the most mentioned entities instead (see
:func:`candidate_queries`).  No step reads more than :data:`CANDIDATES` entities.  Measured at
400,000 entities by ``bench/tui_picker.py``."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from ...errors import WorkbenchError
from ..text import plural
from .picker import Item, PickerDialog

if TYPE_CHECKING:
    from ...store import Entity, Workspace

CANDIDATES = 120  # entities read per step
ENOUGH = 20  # a step that finds this many ends the widening
STEM = 3  # letters of a word kept when looking past a typo


def entity_item(e: Entity) -> Item:
    return (e.id, e.name, f"{e.label} · {plural(e.mentions, 'mention')} in {plural(e.sources, 'source')}", e.aliases)


def candidate_queries(query: str) -> list[tuple[str | None, int]]:
    """The FTS lookups to try for a typed filter, narrowest first: (query, how many to read).

    A word of one or two letters is never looked up on its own: its prefix matches a large share
    of the names (a second at 400,000 entities), while the most mentioned entities, re-ranked, are
    what such a filter means until another letter comes."""
    words = re.findall(r"\w+", query)
    longer = [w for w in words if len(w) >= STEM]
    if not longer:
        return [(None, CANDIDATES)]
    steps: list[tuple[str | None, int]] = [(" ".join(words), CANDIDATES)]
    if len(words) > 1:
        steps += [(w, max(ENOUGH, CANDIDATES // len(longer))) for w in longer]
    stems = list(dict.fromkeys(w[:STEM] for w in longer if len(w) > STEM))
    steps += [(s, max(ENOUGH, CANDIDATES // len(stems))) for s in stems]
    return steps


def entity_candidates(ws: Workspace, query: str, exclude: int | None = None) -> list[Item]:
    """A bounded set of entities the filter may mean (see the module docstring)."""
    found: dict[int, Entity] = {}
    for q, limit in candidate_queries(query):
        for e in (ws.entities_page(0, limit) if q is None else ws.entities_matching(q, limit)):
            if e.id != exclude:
                found.setdefault(e.id, e)
        if q is None or len(found) >= ENOUGH:
            break
    return [entity_item(e) for e in found.values()]


def entity_picker(ws: Workspace, title: str, *, multi: bool = False, selected: list[int] | None = None,
                  exclude: int | None = None, describe: Callable[[str], str] | None = None) -> PickerDialog:
    """A picker over the workspace's entities that asks the store on every key."""
    pinned = []
    for eid in selected or []:
        try:
            pinned.append(entity_item(ws.get_entity(eid)))
        except WorkbenchError:
            continue
    return PickerDialog(title, multi=multi, selected=selected, describe=describe, pinned=pinned,
                        fetch=lambda q: entity_candidates(ws, q, exclude))
