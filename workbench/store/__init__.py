"""The data layer.  Plain SQLite through one :class:`Workspace`; never imports Textual."""

from .db import default_db_path, utcnow
from .models import CLAIM_STATUSES, ENTITY_LABELS, LINK_RELATIONS, Claim, ClaimLink, Entity, Mention, SearchHit, Source
from .claims import CLAIM_SORTS, sort_claims
from .workspace import Workspace

__all__ = ["Workspace", "CLAIM_SORTS", "sort_claims", "default_db_path", "utcnow", "Claim", "ClaimLink", "Entity", "Mention", "SearchHit",
           "Source", "CLAIM_STATUSES", "ENTITY_LABELS", "LINK_RELATIONS"]
