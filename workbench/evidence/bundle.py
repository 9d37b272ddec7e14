"""Everything an export needs, read from the workspace once (a few queries, not one per claim).

By default a bundle holds the chosen claims and only what they cite: their sources, the entities
linked to them, and which of those sources mention each entity.  ``everything=True`` (``export
--all``) adds every source and entity of the workspace."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..store.models import Claim, Entity, Source

if TYPE_CHECKING:
    from ..store import Workspace


@dataclass
class ExportFilter:
    """Which claims an export holds: any of the tags, any of the statuses, any of the sources
    (an empty list lets everything through)."""

    tags: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    source_ids: list[int] = field(default_factory=list)
    everything: bool = False  # every source and entity of the workspace, cited or not

    def describe(self) -> str:
        parts = []
        if self.tags:
            parts.append("tag " + " or ".join(self.tags))
        if self.statuses:
            parts.append("status " + " or ".join(self.statuses))
        if self.source_ids:
            parts.append("source " + " or ".join(str(s) for s in self.source_ids))
        return "; ".join(parts)


@dataclass
class Bundle:
    sources: list[Source]
    entities: list[Entity]
    claims: list[Claim]
    entity_sources: dict[int, list[int]] = field(default_factory=dict)  # entity id -> sources mentioning it
    source_meta: dict[int, dict] = field(default_factory=dict)  # source id -> every column but the text
    filter: ExportFilter = field(default_factory=ExportFilter)
    workspace_sources: int = 0

    def __post_init__(self) -> None:
        self.source_by_id = {s.id: s for s in self.sources}
        self.claim_by_id = {c.id: c for c in self.claims}

    def meta(self, source_id: int, key: str) -> str:
        """A source's metadata column (``url``, ``author``, ``published_at``, ``captured_at`` ...), ''
        when unknown or when the workspace has no such column."""
        d = self.source_meta.get(source_id) or {}
        v = d.get(key)
        if v is None:
            s = self.source_by_id.get(source_id)
            v = getattr(s, key, "") if s is not None else ""
        return str(v or "")


def file_name(path: str) -> str:
    """The file name of a stored path: the folders of someone's machine are never exported."""
    return os.path.basename(path.replace("\\", "/").rstrip("/")) if path else ""


def claim_pages(c: Claim) -> str:
    """The source pages a claim spans ("4", "4-5"), where the source has a page map."""
    v = getattr(c, "pages", None)
    if v is None:
        v = c.to_dict().get("pages", "")
    return str(v or "")


def load_bundle(ws: Workspace, flt: ExportFilter | None = None) -> Bundle:
    flt = flt or ExportFilter()
    claims = ws.export_claims(tags=flt.tags, statuses=flt.statuses, source_ids=flt.source_ids)
    cited = {c.source_id for c in claims}
    linked = {e["id"] for c in claims for e in c.entities}
    sources, meta = ws.export_sources(None if flt.everything else cited)
    entities = ws.export_entities(None if flt.everything else linked)
    pairs = ws.export_entity_sources([e.id for e in entities], None if flt.everything else cited)
    total = ws.source_count()
    return Bundle(sources=sources, entities=entities, claims=claims, entity_sources=pairs, source_meta=meta,
                  filter=flt, workspace_sources=total)


def unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
