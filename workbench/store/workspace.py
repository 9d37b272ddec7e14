"""The Workspace: the one object the CLI and the TUI talk to.  It never imports Textual."""

from __future__ import annotations

from .corrections import EntityCorrectionsMixin
from .export import ExportReadsMixin
from .ui import UiMixin


# The store's parts are layered classes, each deriving from the parts it calls, so that mypy checks
# every call across them:  Database <- HistoryMixin <- SourcesMixin (+ SearchMixin) <- SourceMetaMixin;
# HistoryMixin <- EntitiesMixin <- EntityCorrectionsMixin;  SourceMetaMixin + EntitiesMixin <- ClaimsMixin
# <- ExportReadsMixin, UiMixin;  all of them <- Workspace.  A new part derives from what it uses and is
# added here.
class Workspace(UiMixin, ExportReadsMixin, EntityCorrectionsMixin):
    """A workspace file: sources, entities, claims and the action log.

    >>> ws = Workspace("workspace.db")      # creates and migrates if needed
    >>> ws.search("inteligencia artificial")
    """

    def summary(self) -> dict:
        q = lambda sql: self.conn.execute(sql).fetchone()[0]  # noqa: E731
        langs = dict(self.conn.execute("SELECT lang, count(*) FROM sources GROUP BY lang ORDER BY 2 DESC").fetchall())
        return {
            "path": str(self.path),
            "sources": self.source_count(),  # counters kept by triggers (schema._add_scale_counters)
            "languages": langs,
            "chars": q("SELECT coalesce(sum(chars), 0) FROM sources"),
            "entities": self.entity_count(),
            "mentions": q("SELECT count(*) FROM mentions"),
            "claims": q("SELECT count(*) FROM claims"),
            "orphaned_claims": q("SELECT count(*) FROM claims WHERE orphaned = 1"),
            "tags": q("SELECT count(*) FROM tags"),
        }
