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
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError
from ..store.db import utcnow
from ..store.models import CLAIM_STATUSES, LINK_RELATIONS, Claim, Entity, Source
from ..textutil import clean_text
from .bundle import Bundle

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


def source_iri(sha256: str) -> str:
    return f"urn:sha256:{sha256}"


def entity_iri(entity_id: int) -> str:
    return f"urn:workbench:entity:{entity_id}"


def claim_iri(claim_id: str) -> str:
    return f"urn:uuid:{claim_id}"


# -- writing ------------------------------------------------------------------------------------
def build_evidence(bundle: Bundle, *, generated: str | None = None, version: str = "") -> dict[str, Any]:
    items = [annotation(c, bundle.source_by_id[c.source_id]) for c in bundle.claims]
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
        "sources": [source_record(s) for s in bundle.sources],
        "entities": [entity_record(e) for e in bundle.entities],
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def dumps_evidence(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def source_record(s: Source) -> dict[str, Any]:
    return {"id": source_iri(s.sha256), "type": "Text", "source_id": s.id, "sha256": s.sha256, "title": s.title,
            "outlet": s.outlet, "lang": s.lang, "path": s.path, "chars": s.chars, "url": s.url, "author": s.author,
            "published_at": s.published_at, "captured_at": s.captured_at, "pages": s.pages}


def entity_record(e: Entity) -> dict[str, Any]:
    return {"id": entity_iri(e.id), "entity_id": e.id, "name": e.name, "label": e.label, "status": e.status,
            "aliases": list(e.aliases)}


def annotation(c: Claim, source: Source) -> dict[str, Any]:
    return {
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


def _page_selector(c: Claim) -> list[dict[str, Any]]:
    """[a FragmentSelector naming the claim's first page] for a claim in a paged source, else []."""
    pages = c.get("pages") or ""
    if not pages:
        return []
    return [{"type": "FragmentSelector", "conformsTo": PDF_FRAGMENT, "value": f"page={pages.split('-')[0]}",
             "pages": pages}]


def bodies(c: Claim) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [{"type": "TextualBody", "purpose": "assessing", "value": c.status}]
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
    entities: list[str] = field(default_factory=list)  # entity IRIs
    links: list[tuple[str, str]] = field(default_factory=list)  # (other claim id, relation)


@dataclass
class EvidenceFile:
    sources: dict[str, dict]  # sha256 -> source record
    entities: dict[str, FileEntity]  # iri -> entity
    claims: list[FileClaim]


def load_evidence(path) -> EvidenceFile:
    """Read and check an evidence file; anything malformed raises one :class:`InputError` line."""
    try:
        raw = open(path, "rb").read()  # noqa: SIM115
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(f"{path} is not an evidence file (not UTF-8 text)") from None
    except json.JSONDecodeError as exc:
        hint = " (the file looks truncated)" if exc.pos >= len(raw.rstrip()) - 1 else ""
        raise InputError(f"{path} is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}{hint}") from None
    try:
        return parse_evidence(doc)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None


def parse_evidence(doc: Any) -> EvidenceFile:
    _need(isinstance(doc, dict), "not an evidence file (expected a JSON object)")
    ctx = doc.get("@context")
    ctx_list = ctx if isinstance(ctx, list) else [ctx]
    _need(CONTEXT[0] in ctx_list,
          f"not a Web Annotation evidence file (\"@context\" does not name {CONTEXT[0]})")
    _need(doc.get("format") == FORMAT, f"not a workbench evidence file (\"format\" is not {FORMAT!r})")
    _need(doc.get("version") == VERSION,
          f"evidence file version {doc.get('version')!r} is not supported (this workbench reads {VERSION})")
    sources = {}
    for i, s in enumerate(_list(doc, "sources", "file")):
        _need(isinstance(s, dict), f"source #{i + 1} is not an object")
        sha = _sha(_str(s, "sha256", f"source #{i + 1}"), f"source #{i + 1}")
        sources[sha] = {k: (_text(v) if isinstance(v, str) else v) for k, v in s.items()}
    entities = {}
    for i, e in enumerate(_list(doc, "entities", "file")):
        where = f"entity #{i + 1}"
        _need(isinstance(e, dict), f"{where} is not an object")
        aliases = e.get("aliases", [])
        _need(isinstance(aliases, list) and all(isinstance(a, str) for a in aliases), f"{where}: bad aliases")
        ent = FileEntity(_text(_str(e, "id", where)), _text(_str(e, "name", where)), _text(_str(e, "label", where)),
                         _text(str(e.get("status", "proposed"))), [_text(a) for a in aliases])
        entities[ent.iri] = ent
    first = doc.get("first")
    _need(isinstance(first, dict), "no \"first\" annotation page")
    claims = [parse_annotation(a, i) for i, a in enumerate(_list(first, "items", "annotation page"))]
    for c in claims:
        for iri in c.entities:
            _need(iri in entities, f"claim {c.id}: entity {iri} is not in \"entities\"")
    return EvidenceFile(sources, entities, claims)


def parse_annotation(a: Any, i: int) -> FileClaim:
    where = f"annotation #{i + 1}"
    _need(isinstance(a, dict) and a.get("type") == "Annotation", f"{where} is not an Annotation")
    cid = _uuid(_strip(_str(a, "id", where), "urn:uuid:"), where)
    where = f"claim {cid}"
    target = a.get("target")
    _need(isinstance(target, dict), f"{where}: no target")
    sha = _sha(_strip(_str(target, "source", where), "urn:sha256:"), where)
    quote_sel = _selector(target, "TextQuoteSelector", where)
    pos_sel = _selector(target, "TextPositionSelector", where)
    start, end = _int(pos_sel, "start", where), _int(pos_sel, "end", where)
    _need(0 <= start < end, f"{where}: bad position {start}..{end}")
    claim = FileClaim(id=cid, sha256=sha, start=start, end=end, quote=_str(quote_sel, "exact", where),
                      prefix=str(quote_sel.get("prefix", "")), suffix=str(quote_sel.get("suffix", "")),
                      status="unverified", note="", created=_str(a, "created", where),
                      modified=str(a.get("modified") or a["created"]), orphaned=bool(a.get("orphaned", False)))
    _need(len(claim.quote) == end - start, f"{where}: the quote is {len(claim.quote)} characters but the position"
                                           f" {start}..{end} spans {end - start}")
    for b in a.get("body", []) or []:
        _read_body(claim, b, where)
    return claim


def _read_body(claim: FileClaim, b: Any, where: str) -> None:
    _need(isinstance(b, dict), f"{where}: a body is not an object")
    purpose = b.get("purpose")
    if purpose == "assessing":
        claim.status = _str(b, "value", where)
        _need(claim.status in CLAIM_STATUSES, f"{where}: unknown status {claim.status!r}")
    elif purpose == "tagging":
        claim.tags.append(_text(_str(b, "value", where)))
    elif purpose == "commenting":
        claim.note = clean_text(_str(b, "value", where))
    elif purpose == "identifying":
        claim.entities.append(_str(b, "source", where))
    elif purpose == "linking":
        rel = _str(b, "relation", where)
        _need(rel in LINK_RELATIONS, f"{where}: unknown relation {rel!r}")
        claim.links.append((_uuid(_strip(_str(b, "source", where), "urn:uuid:"), where), rel))
    # bodies with other purposes (written by other tools) are ignored


def _selector(target: dict, kind: str, where: str) -> dict:
    sels = target.get("selector")
    sels = sels if isinstance(sels, list) else [sels]
    found = [s for s in sels if isinstance(s, dict) and s.get("type") == kind]
    _need(bool(found), f"{where}: no {kind}")
    return found[0]


_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_SHA256 = re.compile(r"[0-9a-fA-F]{64}")


def _uuid(value: str, where: str) -> str:
    _need(bool(_UUID.fullmatch(value)), f"{where}: a claim id is not a UUID")
    return value.lower()


def _sha(value: str, where: str) -> str:
    _need(bool(_SHA256.fullmatch(value)), f"{where}: a source hash is not a SHA-256 hex digest")
    return value.lower()


def _text(value: str) -> str:
    """A short string from the file (tag, name, label ...): an evidence file is untrusted input like
    any article, so terminal escapes and control characters go, as at ingest."""
    return " ".join(clean_text(value).split())


def _need(ok: bool, message: str) -> None:
    if not ok:
        raise InputError(message)


def _list(d: dict, key: str, where: str) -> list:
    v = d.get(key, [])
    _need(isinstance(v, list), f"{where}: {key!r} is not a list")
    return v


def _str(d: dict, key: str, where: str) -> str:
    v = d.get(key)
    if not isinstance(v, str):
        raise InputError(f"{where}: {key!r} is missing or not a string")
    return v


def _int(d: dict, key: str, where: str) -> int:
    v = d.get(key)
    if not isinstance(v, int) or isinstance(v, bool):
        raise InputError(f"{where}: {key!r} is missing or not an integer")
    return v


def _strip(value: str, prefix: str) -> str:
    return value[len(prefix):] if value.startswith(prefix) else value
