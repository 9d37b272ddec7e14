"""Everything an export needs, read from the workspace once (a few queries, not one per claim)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..store.models import Claim, Entity, Source


@dataclass
class Bundle:
    sources: list[Source]
    entities: list[Entity]
    claims: list[Claim]
    entity_sources: dict[int, list[int]] = field(default_factory=dict)  # entity id -> sources mentioning it

    def __post_init__(self) -> None:
        self.source_by_id = {s.id: s for s in self.sources}
        self.entity_by_id = {e.id: e for e in self.entities}
        self.claim_by_id = {c.id: c for c in self.claims}


def load_bundle(ws) -> Bundle:
    entities = ws.list_entities()
    pairs: dict[int, list[int]] = {}
    for eid, sid in ws.conn.execute("SELECT DISTINCT entity_id, source_id FROM mentions ORDER BY entity_id, source_id"):
        pairs.setdefault(eid, []).append(sid)
    return Bundle(sources=ws.list_sources(), entities=entities, claims=ws.list_claims(), entity_sources=pairs)


def claim_entity_ids(claim: Claim) -> list[int]:
    return [e["id"] for e in claim.entities]
