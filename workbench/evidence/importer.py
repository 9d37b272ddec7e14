"""``workbench import`` and ``workbench verify`` for evidence files.

Import matches sources by SHA-256 and claims by id, so importing the same file twice changes
nothing.  A claim already in the workspace is updated only when the file's copy was modified later.
Everything happens in one transaction (one undoable entry in the action log): a file that cannot
be read changes nothing.

Verify changes nothing: it checks each claim of a file against the workspace, re-anchoring (in
memory) where the source with the same path now has another text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .anchor import locate
from .jsonfile import EvidenceFile, FileClaim, FileEntity, load_evidence


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    missing_source: list[tuple[str, str]] = field(default_factory=list)  # (claim id, source path or hash)
    not_found: list[str] = field(default_factory=list)  # quote not in the (same-hash) source
    entities_created: list[str] = field(default_factory=list)
    links: int = 0

    def summary(self) -> str:
        return (f"imported {len(self.added)} new claims, updated {len(self.updated)}, "
                f"{len(self.unchanged)} already present; {len(self.missing_source)} skipped (source missing), "
                f"{len(self.not_found)} skipped (quote not found); {len(self.entities_created)} entities created, "
                f"{self.links} links")

    def problems(self) -> list[str]:
        return ([f"claim {cid}: source {src} is not in this workspace" for cid, src in self.missing_source]
                + [f"claim {cid}: the quote is not in its source" for cid in self.not_found])

    def to_dict(self) -> dict:
        return {"added": self.added, "updated": self.updated, "unchanged": self.unchanged,
                "missing_source": [{"claim_id": c, "source": s} for c, s in self.missing_source],
                "not_found": self.not_found, "entities_created": self.entities_created, "links": self.links}


# -- import -------------------------------------------------------------------------------------
def import_evidence(ws, path) -> ImportReport:
    ev = load_evidence(path)
    report = ImportReport()
    scope = {"claims": [c.id for c in ev.claims], "entities": []}

    def change(scope_):
        _import_claims(ws, ev, report, scope_)

    ws.recorded("evidence.import", f"imported {path}", scope, change)  # a no-op import leaves nothing to undo
    return report


def _import_claims(ws, ev: EvidenceFile, report: ImportReport, scope: dict) -> None:
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
        _write_claim(ws, fc, src.id, span, text, ents, report)
        imported.add(fc.id)
    report.links = _import_links(ws, ev, imported)


def _span_in(text: str, fc: FileClaim) -> tuple[int, int] | None:
    quote = fc.exact or fc.quote
    if text[fc.start:fc.end] == quote:
        return fc.start, fc.end
    found = locate(text, quote=quote, prefix=fc.prefix, suffix=fc.suffix, start=fc.start)
    return found.span if found and text[found.start:found.end] == quote else None


def _entity_for(ws, fe: FileEntity, cache: dict[str, int], report: ImportReport, scope: dict) -> int:
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


def _write_claim(ws, fc: FileClaim, source_id: int, span: tuple[int, int] | None, text: str, ents: list[int],
                 report: ImportReport) -> None:
    """Insert or update one claim.  ``span`` None: an orphan in the file stays an orphan, kept as is."""
    from ..textutil import context

    modified = ws.claim_modified(fc.id)
    if modified is not None and modified >= fc.modified:
        report.unchanged.append(fc.id)
        return
    if span is None:
        # the cleaned quote (an evidence file's strings are cleaned as article text is)
        s, e, quote, (pre, suf), orphaned = fc.start, fc.start + len(fc.quote), fc.quote, (fc.prefix, fc.suffix), True
    else:
        s, e = span
        quote, (pre, suf), orphaned = text[s:e], context(text, s, e), False
    ws.put_claim(fc.id, source_id, s, e, quote=quote, prefix=pre, suffix=suf, status=fc.status, note=fc.note,
                 orphaned=orphaned, created=fc.created, modified=fc.modified, tags=fc.tags, entity_ids=ents)
    (report.updated if modified is not None else report.added).append(fc.id)


def _import_links(ws, ev: EvidenceFile, imported: set[str]) -> int:
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

    def to_dict(self) -> dict:
        return {"claim_id": self.claim_id, "ok": self.ok, "status": self.status, "message": self.message,
                "span": list(self.span) if self.span else None}


def verify_evidence(ws, path) -> list[Verdict]:
    """One verdict per claim of the file.  A claim verifies when the source with its SHA-256 is in
    the workspace and the text at start..end is the quote."""
    ev = load_evidence(path)
    return [verify_claim(ws, ev, fc) for fc in ev.claims]


def verify_claim(ws, ev: EvidenceFile, fc: FileClaim) -> Verdict:
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
    same_path = ws.sources_by_path(path) if path else []
    if not same_path:
        return Verdict(fc.id, False, "missing", f"claim {short}: source {path or fc.sha256} is not in the workspace")
    return _verify_changed(ws, fc, short, same_path[0], path)


def _verify_changed(ws, fc: FileClaim, short: str, src, path: str) -> Verdict:
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
