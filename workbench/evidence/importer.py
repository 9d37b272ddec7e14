"""``workbench import`` and ``workbench verify`` for evidence files.

Import matches sources by SHA-256 and claims by id, so importing the same file twice changes
nothing.  The file's authorship is kept (who created each claim, who set its status, and when).
A claim that is in the workspace and in the file with different content (status, note, tags,
entities, span) is a *conflict*: it is reported, both versions go into the action log, and the
workspace's version stays unless the user asks for theirs (``--theirs``).  An import never moves a
claim to another source, even with ``--theirs``.  Everything happens in one transaction (one
undoable entry in the action log): a file that cannot be read changes nothing.

Verify changes nothing: it checks each claim of a file against the workspace, re-anchoring (in
memory) where the source with the same path now has another text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..anchor import locate
from .jsonfile import EvidenceFile, FileClaim, FileEntity, load_evidence

if TYPE_CHECKING:
    from ..store import Claim, Source, Workspace
    from ..store.history import Scope


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    missing_source: list[tuple[str, str]] = field(default_factory=list)  # (claim id, source path or hash)
    not_found: list[str] = field(default_factory=list)  # quote not in the (same-hash) source
    entities_created: list[str] = field(default_factory=list)
    links: int = 0
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # (claim id, what differs)
    moved: list[str] = field(default_factory=list)  # the file puts the claim on another source: refused
    theirs: bool = False

    def summary(self) -> str:
        return (f"imported {len(self.added)} new claims, updated {len(self.updated)}, "
                f"{len(self.unchanged)} already present; {len(self.missing_source)} skipped (source missing), "
                f"{len(self.not_found)} skipped (quote not found); {len(self.entities_created)} entities created, "
                f"{self.links} links" + (f"; {len(self.conflicts)} conflicts "
                                         f"({'theirs taken' if self.theirs else 'yours kept; --theirs takes theirs'})"
                                         if self.conflicts else "")
                + (f"; {len(self.moved)} refused (on another source)" if self.moved else ""))

    def problems(self) -> list[str]:
        keep = "theirs taken" if self.theirs else "yours kept"
        return ([f"claim {cid}: source {src} is not in this workspace" for cid, src in self.missing_source]
                + [f"claim {cid}: the quote is not in its source" for cid in self.not_found]
                + [f"claim {cid}: conflict ({what} differ); {keep}" for cid, what in self.conflicts]
                + [f"claim {cid}: the file puts it on another source; an import never moves a claim"
                   for cid in self.moved])

    def failed(self) -> bool:
        """Something in the file did not make it in as it is (exit status 1)."""
        return bool(self.missing_source or self.not_found or self.moved or (self.conflicts and not self.theirs))

    def to_dict(self) -> dict[str, Any]:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged,
                "missing_source": [{"claim_id": c, "source": s} for c, s in self.missing_source],
                "not_found": self.not_found, "entities_created": self.entities_created, "links": self.links,
                "conflicts": [{"claim_id": c, "differs": w} for c, w in self.conflicts], "moved": self.moved,
                "theirs": self.theirs}


# -- import -------------------------------------------------------------------------------------
def import_evidence(ws: Workspace, path: str | os.PathLike[str], *, theirs: bool = False) -> ImportReport:
    """Load an evidence file; ``theirs``: in a conflict, the file's version replaces the workspace's."""
    ev = load_evidence(path)
    report = ImportReport(theirs=theirs)
    scope: Scope = {"claims": [c.id for c in ev.claims], "entities": []}

    def change(scope_: Scope) -> None:
        _import_claims(ws, ev, report, scope_)

    authors = sorted({c.created_by for c in ev.claims if c.created_by} | {c.status_by for c in ev.claims if c.status_by})
    by = f" (claims by {', '.join(authors[:5])}{' ...' if len(authors) > 5 else ''})" if authors else ""
    name = os.path.basename(str(path))
    ws.recorded("evidence.import", f"imported {name}{by}", scope, change)  # a no-op import leaves nothing to undo
    return report


def _import_claims(ws: Workspace, ev: EvidenceFile, report: ImportReport, scope: Scope) -> None:
    entity_ids: dict[str, int] = {}
    imported: set[str] = set()
    for fc in ev.claims:
        src = ws.source_by_sha(fc.sha256)
        if src is None:
            report.missing_source.append((fc.id, ev.sources.get(fc.sha256, {}).get("path") or fc.sha256))
            continue
        text = ws.source_text(src.id)
        span = _span_in(text, fc)
        if span is None and not fc.orphaned:
            report.not_found.append(fc.id)
            continue
        ents = [_entity_for(ws, ev.entities[iri], entity_ids, report, scope) for iri in fc.entities]
        if _write_claim(ws, fc, src.id, span, text, ents, report):
            imported.add(fc.id)
    report.links = _import_links(ws, ev, imported)


def _span_in(text: str, fc: FileClaim) -> tuple[int, int] | None:
    quote = fc.exact or fc.quote
    if text[fc.start:fc.end] == quote:
        return fc.start, fc.end
    found = locate(text, quote=quote, prefix=fc.prefix, suffix=fc.suffix, start=fc.start)
    return found.span if found and text[found.start:found.end] == quote else None


def _entity_for(ws: Workspace, fe: FileEntity, cache: dict[str, int], report: ImportReport, scope: Scope) -> int:
    """The workspace entity for a file entity: same name key (and label, when several), else a new one."""
    if fe.iri in cache:
        return cache[fe.iri]
    rows = ws.entities_with_key(fe.name)
    same_label = [eid for eid, label in rows if label == fe.label]
    if same_label or rows:
        eid = (same_label or [rows[0][0]])[0]
    else:
        # a proposal until the user confirms it here: a "confirmed" entity from a file would be
        # matched in every later ingest (a file's "de" with aliases "la, el" planted 43,942 mentions)
        eid = ws.create_entity(fe.name, fe.label, fe.aliases, status="proposed")
        scope["entities"].append(eid)
        report.entities_created.append(fe.name)
    cache[fe.iri] = eid
    return eid


def _write_claim(ws: Workspace, fc: FileClaim, source_id: int, span: tuple[int, int] | None, text: str,
                 ents: list[int], report: ImportReport) -> bool:
    """Insert one claim, or settle it against the workspace's copy.  ``span`` None: an orphan in the
    file stays an orphan, kept as is.  Returns whether the file's claim is now the workspace's."""
    from ..textutil import context

    if span is None:
        # the cleaned quote (an evidence file's strings are cleaned as article text is)
        s, e, quote, (pre, suf), orphaned = fc.start, fc.start + len(fc.quote), fc.quote, (fc.prefix, fc.suffix), True
    else:
        s, e = span
        quote, (pre, suf), orphaned = text[s:e], context(text, s, e), False
    if ws.claim_modified(fc.id) is not None:
        ours = ws.get_claim(fc.id)
        if ours.source_id != source_id:
            report.moved.append(fc.id)
            ws.log_action("evidence.conflict", f"claim {fc.id[:8]}: the imported file puts it on source {source_id};"
                          f" it stays on source {ours.source_id}", undoable=False,
                          before=_version(ours), after=_file_version(fc, source_id, s, e, ents))
            return False
        differs = _differences(ours, fc, s, e, orphaned, ents)
        if not differs:
            report.unchanged.append(fc.id)
            return True
        what = ", ".join(differs)
        report.conflicts.append((fc.id, what))
        ws.log_action("evidence.conflict", f"claim {fc.id[:8]}: {what} differ from the imported file (theirs by "
                      f"{fc.status_by or fc.created_by or 'unknown'}); "
                      + ("theirs taken" if report.theirs else "yours kept"), undoable=False,
                      before=_version(ours), after=_file_version(fc, source_id, s, e, ents))
        if not report.theirs:
            return False
        report.updated.append(fc.id)
    else:
        report.added.append(fc.id)
    ws.put_claim(fc.id, source_id, s, e, quote=quote, prefix=pre, suffix=suf, status=fc.status, note=fc.note,
                 orphaned=orphaned, created=fc.created, modified=fc.modified, tags=fc.tags, entity_ids=ents,
                 created_by=fc.created_by, status_by=fc.status_by, status_at=fc.status_at or fc.modified)
    return True


def _differences(ours: Claim, fc: FileClaim, start: int, end: int, orphaned: bool, ents: list[int]) -> list[str]:
    from ..store.claims import _clean_tags

    out = []
    if ours.status != fc.status:
        out.append("status")
    if ours.note != fc.note:
        out.append("note")
    if sorted(ours.tags) != sorted(_clean_tags(fc.tags)):
        out.append("tags")
    if sorted(e["id"] for e in ours.entities) != sorted(set(ents)):
        out.append("entities")
    if (ours.start, ours.end) != (start, end) or ours.orphaned != orphaned:
        out.append("span")
    return out


def _version(c: Claim) -> dict[str, Any]:
    return {"source_id": c.source_id, "start": c.start, "end": c.end, "status": c.status, "note": c.note,
            "tags": list(c.tags), "entities": [e["id"] for e in c.entities], "modified": c.modified,
            "created_by": c.created_by, "status_by": c.status_by}


def _file_version(fc: FileClaim, source_id: int, start: int, end: int, ents: list[int]) -> dict[str, Any]:
    return {"source_id": source_id, "start": start, "end": end, "status": fc.status, "note": fc.note,
            "tags": list(fc.tags), "entities": ents, "modified": fc.modified, "created_by": fc.created_by,
            "status_by": fc.status_by}


def _import_links(ws: Workspace, ev: EvidenceFile, imported: set[str]) -> int:
    n = 0
    for fc in ev.claims:
        if fc.id not in imported:
            continue
        for other, relation in fc.links:
            n += ws.put_link(fc.id, other, relation)
    return n


# -- verify -------------------------------------------------------------------------------------
@dataclass
class Verdict:
    claim_id: str
    ok: bool
    status: str  # verified | reanchored | moved | fuzzy | orphaned | missing | mismatch
    message: str
    span: tuple[int, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"claim_id": self.claim_id, "ok": self.ok, "status": self.status, "message": self.message,
                "span": list(self.span) if self.span else None}


def verify_evidence(ws: Workspace, path: str | os.PathLike[str]) -> list[Verdict]:
    """One verdict per claim of the file.  A claim verifies when the source with its SHA-256 is in
    the workspace and the text at start..end is the quote."""
    ev = load_evidence(path)
    return [verify_claim(ws, ev, fc) for fc in ev.claims]


def verify_claim(ws: Workspace, ev: EvidenceFile, fc: FileClaim) -> Verdict:
    short = fc.id[:8]
    src = ws.source_by_sha(fc.sha256)
    if src is not None:
        text = ws.source_text(src.id)
        if text[fc.start:fc.end] == (fc.exact or fc.quote):
            return Verdict(fc.id, True, "verified", f"claim {short}: verified", (fc.start, fc.end))
        found = locate(text, quote=(fc.exact or fc.quote), prefix=fc.prefix, suffix=fc.suffix, start=fc.start)
        if fc.orphaned and found is None:
            return Verdict(fc.id, False, "orphaned", f"claim {short}: orphaned: its quote is no longer in source "
                           f"{src.id} ({src.path})")
        where = f" (the quote is at {found.start}..{found.end})" if found and found.method != "fuzzy" else ""
        return Verdict(fc.id, False, "mismatch", f"claim {short}: the text at {fc.start}..{fc.end} of source "
                       f"{src.id} is not the quote{where}", found.span if found else None)
    path = ev.sources.get(fc.sha256, {}).get("path", "")
    same_path = (ws.sources_by_path(path) or ws.sources_with_file_name(path)) if path else []
    if not same_path:
        return Verdict(fc.id, False, "missing", f"claim {short}: source {path or fc.sha256} is not in the workspace")
    return _verify_changed(ws, fc, short, same_path[0], path)


def _verify_changed(ws: Workspace, fc: FileClaim, short: str, src: Source, path: str) -> Verdict:
    text = ws.source_text(src.id)
    found = locate(text, quote=(fc.exact or fc.quote), prefix=fc.prefix, suffix=fc.suffix, start=fc.start)
    if found is None:
        return Verdict(fc.id, False, "orphaned", f"claim {short}: orphaned: source {path} changed and the quote "
                       "is no longer in it")
    if found.method == "fuzzy":
        return Verdict(fc.id, False, "fuzzy", f"claim {short}: source {path} changed; the quote now reads "
                       f"{text[found.start:found.end]!r} at {found.start}..{found.end}", found.span)
    return Verdict(fc.id, True, "reanchored", f"claim {short}: source {path} changed; the exact quote is at "
                   f"{found.start}..{found.end}", found.span)
