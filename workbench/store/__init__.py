"""The data layer.  Plain SQLite through one :class:`Workspace`; never imports Textual.

The names below are loaded when first used (PEP 562), so that a submodule (``store.search`` for a
one-shot ``workbench search``) can be imported without the whole Workspace and its models."""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads the name)
if TYPE_CHECKING:
    from .claims import CLAIM_SORTS, sort_claims
    from .db import default_db_path, utcnow
    from .models import (CLAIM_STATUSES, ENTITY_LABELS, LINK_RELATIONS, Claim, ClaimLink, Entity, Mention,
                         SearchHit, Source)
    from .workspace import Workspace

_WHERE = {
    "Workspace": "workspace", "CLAIM_SORTS": "claims", "sort_claims": "claims", "default_db_path": "db",
    "utcnow": "db", "Claim": "models", "ClaimLink": "models", "Entity": "models", "Mention": "models",
    "SearchHit": "models", "Source": "models", "CLAIM_STATUSES": "models", "ENTITY_LABELS": "models",
    "LINK_RELATIONS": "models",
}
__all__ = ["Workspace", "CLAIM_SORTS", "sort_claims", "default_db_path", "utcnow", "Claim", "ClaimLink", "Entity",
           "Mention", "SearchHit", "Source", "CLAIM_STATUSES", "ENTITY_LABELS", "LINK_RELATIONS"]


def __getattr__(name: str) -> object:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
