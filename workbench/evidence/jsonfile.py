"""The evidence file: the workspace's claims as W3C Web Annotations (JSON-LD), with its sources and
entities.  ``schemas/evidence.schema.json`` describes it; :func:`parse_evidence` reads it back.

Each claim is an ``Annotation`` whose target is the article, named by ``urn:sha256:<hash of the
cleaned text>``, with a ``TextQuoteSelector`` (exact, 32-character prefix and suffix) and a
``TextPositionSelector`` (start, end).  **Positions count Unicode code points** (Python string
indices) of the text as cleaned at ingest -- not UTF-16 units as Hypothesis counts them.  Bodies:
the status (``assessing``), tags (``tagging``), the note (``commenting``), linked entities
(``identifying``, a ``SpecificResource`` whose ``source`` is the entity's id in ``entities``) and
links to other claims (``linking``, a ``SpecificResource`` whose ``source`` is the other claim and
whose ``relation`` is ``corroborates`` or ``contradicts``: this claim corroborates / contradicts
that one).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..store.db import utcnow
from ..store.models import CLAIM_STATUSES, Claim, Entity, Source
from ..textutil import clean_text, display, has_visible_text
from .bundle import Bundle
from .validation import schema_problem, short

FORMAT = "workbench-evidence"
VERSION = 1
POSITIONS = ("TextPositionSelector start/end are Unicode code points (Python string indices) into the "
             "source text as cleaned at ingest (UTF-8 decoded, BOM dropped, CRLF/CR -> LF, NFC); "
             "not UTF-16 code units as Hypothesis counts them. end is exclusive.")
CONTEXT = ["http://www.w3.org/ns/anno.jsonld", {
    "wb": "urn:workbench:vocab#",
    "version": "wb:version", "positions": "wb:positions", "statuses": "wb:statuses",
    "sources": "wb:sources", "entities": "wb:entities", "relation": "wb:relation", "orphaned": "wb:orphaned",
    "source_id": "wb:sourceId", "entity_id": "wb:entityId", "sha256": "wb:sha256", "title": "wb:title",
    "outlet": "wb:outlet", "lang": "wb:lang", "path": "wb:path", "chars": "wb:chars",
    "status": "wb:status", "aliases": "wb:aliases", "pages": "wb:pages",
    "url": "wb:url", "author": "wb:author", "published_at": "wb:publishedAt", "captured_at": "wb:capturedAt",
}]
# The page(s) of a claim in a paged source (a PDF) are a FragmentSelector in the PDF fragment syntax
# of RFC 8118 ("page=4": the page the quote starts on); "pages" gives the whole range ("4-5").
PDF_FRAGMENT = "http://tools.ietf.org/rfc/rfc8118"
SOURCE_META = ("url", "author", "published_at", "captured_at")


def source_iri(sha256: str) -> str:
    return f"urn:sha256:{sha256}"


def entity_iri(entity_id: int) -> str:
    return f"urn:workbench:entity:{entity_id}"


def claim_iri(claim_id: str) -> str:
    return f"urn:uuid:{claim_id}"


# -- writing ------------------------------------------------------------------------------------
def build_evidence(bundle: Bundle, *, generated: str | None = None, version: str = "") -> dict[str, Any]:
    items = [annotation(c, bundle.source_by_id[c.source_id]) for c in bundle.claims]
    sources = []
    for s in bundle.sources:
        rec = source_record(s)
        rec.update({k: bundle.meta(s.id, k) for k in SOURCE_META if bundle.meta(s.id, k)})
        sources.append(rec)
    return {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": "Workbench evidence file",
        "format": FORMAT,
        "version": VERSION,
        "generator": {"type": "Software", "name": f"workbench {version}".strip()},
        "generated": generated or utcnow(),
        "positions": POSITIONS,
        "statuses": dict(CLAIM_STATUSES),
        "sources": sources,
        "entities": [entity_record(e) for e in bundle.entities],
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def dumps_evidence(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def source_record(s: Source) -> dict[str, Any]:
    from .bundle import file_name

    return {"id": source_iri(s.sha256), "type": "Text", "source_id": s.id, "sha256": s.sha256, "title": s.title,
            "outlet": s.outlet, "lang": s.lang, "path": file_name(s.path), "chars": s.chars, "pages": s.pages}


def entity_record(e: Entity) -> dict[str, Any]:
    return {"id": entity_iri(e.id), "entity_id": e.id, "name": e.name, "label": e.label, "status": e.status,
            "aliases": list(e.aliases)}


def annotation(c: Claim, source: Source) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": claim_iri(c.id),
        "type": "Annotation",
        "motivation": "assessing",
        "created": c.created,
        "modified": c.modified,
        "orphaned": c.orphaned,
        "body": bodies(c),
        "target": {
            "source": source_iri(source.sha256),
            "selector": [
                {"type": "TextQuoteSelector", "exact": c.quote, "prefix": c.prefix, "suffix": c.suffix},
                {"type": "TextPositionSelector", "start": c.start, "end": c.end},
                *_page_selector(c),
            ],
        },
    }
    if c.created_by:
        out["creator"] = {"type": "Person", "name": c.created_by}
    return out


def _page_selector(c: Claim) -> list[dict[str, Any]]:
    """[a FragmentSelector naming the claim's first page] for a claim in a paged source, else []."""
    pages = c.get("pages") or ""
    if not pages:
        return []
    return [{"type": "FragmentSelector", "conformsTo": PDF_FRAGMENT, "value": f"page={pages.split('-')[0]}",
             "pages": pages}]


def bodies(c: Claim) -> list[dict[str, Any]]:
    status: dict[str, Any] = {"type": "TextualBody", "purpose": "assessing", "value": c.status}
    if c.status_by:
        status["creator"] = {"type": "Person", "name": c.status_by}
    if c.status_at:
        status["modified"] = c.status_at
    out: list[dict[str, Any]] = [status]
    out += [{"type": "TextualBody", "purpose": "tagging", "value": t} for t in c.tags]
    if c.note:
        out.append({"type": "TextualBody", "purpose": "commenting", "value": c.note, "format": "text/plain"})
    out += [{"type": "SpecificResource", "purpose": "identifying", "source": entity_iri(e["id"])}
            for e in c.entities]
    out += [{"type": "SpecificResource", "purpose": "linking", "source": claim_iri(lk.claim_id),
             "relation": lk.relation} for lk in c.links if lk.direction == "out"]
    return out


# -- reading ------------------------------------------------------------------------------------
@dataclass
class FileEntity:
    iri: str
    name: str
    label: str
    status: str
    aliases: list[str]


@dataclass
class FileClaim:
    id: str
    sha256: str
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    status: str
    note: str
    created: str
    modified: str
    orphaned: bool = False
    tags: list[str] = field(default_factory=list)
    exact: str = ""  # the quote as written (only to find it in a workspace text; ``quote`` is the cleaned one)
    entities: list[str] = field(default_factory=list)  # entity IRIs
    links: list[tuple[str, str]] = field(default_factory=list)  # (other claim id, relation)
    created_by: str = ""
    status_by: str = ""
    status_at: str = ""


@dataclass
class EvidenceFile:
    sources: dict[str, dict]  # sha256 -> source record
    entities: dict[str, FileEntity]  # iri -> entity
    claims: list[FileClaim]


def load_evidence(path: str | os.PathLike[str]) -> EvidenceFile:
    """Read and check an evidence file; anything malformed raises one :class:`InputError` line."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {display(str(path), oneline=True)}: {exc.strerror or exc}") from None
    shown = display(str(path), oneline=True)
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(f"{shown} is not an evidence file (not UTF-8 text)") from None
    except json.JSONDecodeError as exc:
        hint = " (the file looks truncated)" if exc.pos >= len(raw.rstrip()) - 1 else ""
        raise InputError(f"{shown} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}{hint}") from None
    except RecursionError:
        raise InputError(f"{shown} is not an evidence file (JSON nested too deeply)") from None
    except ValueError as exc:  # e.g. an integer of thousands of digits
        raise InputError(f"{shown} is not an evidence file ({short(str(exc))})") from None
    try:
        return parse_evidence(doc)
    except InputError as exc:
        raise InputError(f"{shown}: {exc}") from None


def parse_evidence(doc: Any) -> EvidenceFile:
    """The claims, sources and entities of a decoded evidence file.  It is validated against the
    schema (:mod:`.validation`); the checks here are only those a schema cannot state."""
    _identify(doc)
    problem = schema_problem(doc)
    _need(problem is None, f"not a valid evidence file: {problem}")
    sources = {s["sha256"]: {k: (_text(v) if isinstance(v, str) else v) for k, v in s.items()}
               for s in doc["sources"]}
    entities: dict[str, FileEntity] = {}
    for i, e in enumerate(doc["entities"]):
        ent = FileEntity(e["id"], _text(e["name"]), e["label"], e.get("status", "proposed"),
                         [a for a in dict.fromkeys(_text(a) for a in e["aliases"]) if has_visible_text(a)])
        _need(has_visible_text(ent.name), f"entity #{i + 1}: the name is empty or invisible")
        _need(ent.iri not in entities, f"entity #{i + 1}: the id {ent.iri} appears twice")
        entities[ent.iri] = ent
    claims = [parse_annotation(a) for a in doc["first"]["items"]]
    seen: set[str] = set()
    for c in claims:
        _need(c.id not in seen, f"claim {c.id} appears twice")
        seen.add(c.id)
        for iri in c.entities:
            _need(iri in entities, f"claim {c.id}: entity {iri} is not in \"entities\"")
        for other, _rel in c.links:
            _need(other != c.id, f"claim {c.id} links to itself")
    return EvidenceFile(sources, entities, claims)


def _identify(doc: Any) -> None:
    """Which file this is comes before the details: a file of another kind, or of another version,
    gets one line saying so rather than the first field that differs.  (A schema cannot tell the
    version ``1`` from ``1.0`` either.)"""
    _need(isinstance(doc, dict), "not an evidence file (expected a JSON object)")
    ctx = doc.get("@context")
    _need(CONTEXT[0] in (ctx if isinstance(ctx, list) else [ctx]),
          f"not a Web Annotation evidence file (\"@context\" does not name {CONTEXT[0]})")
    _need(doc.get("format") == FORMAT, f"not a workbench evidence file (\"format\" is not {FORMAT!r})")
    _need(doc.get("version") == VERSION and type(doc.get("version")) is int,
          f"evidence file version {short(repr(doc.get('version')), 40)} is not supported (this workbench reads {VERSION})")


def parse_annotation(a: dict[str, Any]) -> FileClaim:
    """One annotation that conforms to the schema, as a claim."""
    cid = a["id"][len("urn:uuid:"):]
    where = f"claim {cid}"
    quote_sel, pos_sel = a["target"]["selector"][:2]  # the schema fixes their order
    start, end, exact = pos_sel["start"], pos_sel["end"], quote_sel["exact"]
    _need(start < end, f"{where}: bad position {start}..{end}")
    _need(len(exact) == end - start, f"{where}: the quote is {len(exact)} characters but the position"
                                     f" {start}..{end} spans {end - start}")
    # every string from the file is cleaned exactly as article text is: an orphan's quote, prefix
    # and suffix are stored as written, and reach the terminal and the reports
    quote = clean_text(exact)
    _need(bool(quote), f"{where}: the quote is empty")
    created = _time(a["created"], "created", where)
    claim = FileClaim(id=cid, sha256=a["target"]["source"][len("urn:sha256:"):], start=start, end=end,
                      quote=quote, exact=exact, prefix=clean_text(quote_sel["prefix"]),
                      suffix=clean_text(quote_sel["suffix"]), status="unverified", note="", created=created,
                      modified=_time(a["modified"], "modified", where) if a["modified"] else created,
                      orphaned=a.get("orphaned", False), created_by=_agent(a.get("creator")))
    _need(claim.created <= claim.modified, f"{where}: 'modified' is before 'created'")
    for b in a["body"]:
        _read_body(claim, b, where)
    return claim


def _read_body(claim: FileClaim, b: dict[str, Any], where: str) -> None:
    purpose = b["purpose"]
    if purpose == "assessing":
        claim.status = b["value"]
        claim.status_by = _agent(b.get("creator"))
        claim.status_at = _time(b["modified"], "modified", where) if b.get("modified") else ""
    elif purpose == "tagging":
        tag = _text(b["value"])
        if has_visible_text(tag):  # a tag of only invisible characters carries nothing
            claim.tags.append(tag)
    elif purpose == "commenting":
        claim.note = clean_text(b["value"])
    elif purpose == "identifying":
        claim.entities.append(b["source"])
    else:  # linking
        claim.links.append((b["source"][len("urn:uuid:"):], b["relation"]))


def _agent(value: dict[str, Any] | None) -> str:
    """The name of a W3C ``creator`` (a Person, as the schema says)."""
    return _text(value["name"])[:200] if value else ""


def _time(raw: str, key: str, where: str) -> str:
    """An ISO-8601 date-time with a time zone, not in the future (a day of clock skew allowed):
    an evidence file cannot win a "newer version" contest with ``"zzzz"`` or the year 9999."""
    from datetime import datetime, timedelta, timezone

    try:
        t = datetime.fromisoformat(raw.replace("Z", "+00:00")) if len(raw) <= 40 else None
    except ValueError:
        t = None
    if t is None or t.tzinfo is None or len(raw) < 19:
        raise InputError(f"{where}: {key!r} is not an ISO-8601 date-time with a time zone ({raw[:40]!r})")
    _need(t <= datetime.now(timezone.utc) + timedelta(days=1), f"{where}: {key!r} is in the future ({raw[:40]!r})")
    return t.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _text(value: str) -> str:
    """A short string from the file (tag, name, label ...): an evidence file is untrusted input like
    any article, so terminal escapes and control characters go, as at ingest."""
    return " ".join(clean_text(value).split())


def _need(ok: bool, message: str) -> None:
    if not ok:
        raise InputError(message)
