"""What the resolver decides for each name (:class:`Decision`) and where a bounded resolver looks
existing entities up (:class:`Catalog`, the workspace implements it); see :mod:`.resolve`."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

__all__ = ["Catalog", "Decision"]


@dataclass(slots=True)  # not frozen: a frozen init costs twice as much, and ingest makes one per mention
class Decision:
    """Where one input name goes.

    ``entity_id`` is set when it belongs to an existing entity. Otherwise, unless ``rejected``,
    ``group`` numbers a new entity: every input with the same ``group`` is one new entity, and
    ``canonical`` is the name proposed for it (its longest / most frequent spelling).
    """

    name: str
    label: str
    source_id: int | None
    key: str
    entity_id: int | None = None
    group: int | None = None
    canonical: str | None = None
    rejected: bool = False
    rule: str = ""  # "key", "fuzzy", "surname", "short", "fuller" (a full name for a lone surname), "new", "rejected"


class Catalog(Protocol):
    """Where a bounded resolver looks existing entities up (the workspace implements it)."""

    def entity_candidates(self, keys: Collection[str],
                          names: Collection[Sequence[str]]) -> Iterable[tuple[int, str, Sequence[str]]]:
        """``(entity_id, label, aliases)`` of every live entity (in the order its aliases were stored; an
        entity may come once per alias) with an alias whose
        ``name_key`` is in ``keys`` or whose words hold a word of one of ``names`` (each name as its
        surface words, matched as a full-text index matches them: case and accents folded).  A
        word that very many entities hold may propose only those that also hold another word of
        its name (or one with the same first two letters)."""
        ...
