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
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..store.db import utcnow
from ..store.models import CLAIM_STATUSES, LINK_RELATIONS, Claim, Entity, Source
from ..textutil import clean_text, display, has_visible_text
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


def load_evidence(path) -> EvidenceFile:
    """Read and check an evidence file; anything malformed raises one :class:`InputError` line."""
    try:
        raw = open(path, "rb").read()  # noqa: SIM115
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
        raise InputError(f"{shown} is not an evidence file ({_short(str(exc))})") from None
    try:
        return parse_evidence(doc)
    except InputError as exc:
        raise InputError(f"{shown}: {exc}") from None


@lru_cache(maxsize=1)
def _validator() -> Any:
    """The JSON Schema validator of ``schemas/evidence.schema.json`` (shipped in the package too)."""
    import jsonschema

    here = Path(__file__).resolve()
    for candidate in (here.with_name("evidence.schema.json"), here.parents[2] / "schemas" / "evidence.schema.json"):
        if candidate.is_file():
            schema = json.loads(candidate.read_text(encoding="utf-8"))
            break
    else:  # pragma: no cover - a broken installation
        raise InputError("the evidence file schema (evidence.schema.json) is missing from this installation")
    cls = jsonschema.validators.validator_for(schema)
    defs = schema.get("$defs", {})

    def inline(node: Any) -> Any:  # local $refs resolved once: validation runs about 20% faster
        if isinstance(node, dict):
            ref = node.get("$ref")
            rest = {k: inline(v) for k, v in node.items() if k != "$ref"}
            if isinstance(ref, str) and ref.startswith("#/$defs/") and ref[8:] in defs:
                return {**inline(defs[ref[8:]]), **rest}  # siblings of a $ref (a description) kept
            return rest if ref is None else {**rest, "$ref": ref}
        return [inline(x) for x in node] if isinstance(node, list) else node

    return cls({k: v for k, v in inline(schema).items() if k != "$defs"})


def _schema_error(doc: Any) -> str | None:
    """One line naming where ``doc`` first breaks the schema, or None when it conforms."""
    import jsonschema

    try:
        error = jsonschema.exceptions.best_match(_validator().iter_errors(doc))
    except RecursionError:
        return "nested too deeply"
    if error is None:
        return None
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path).lstrip(".")
    if len(error.absolute_path) >= 3 and error.absolute_path[0] == "first" and error.absolute_path[1] == "items":
        where = f"annotation #{error.absolute_path[2] + 1}" + "".join(
            f"[{p}]" if isinstance(p, int) else f".{p}" for p in list(error.absolute_path)[3:])
    elif error.absolute_path and error.absolute_path[0] in ("sources", "entities") and len(error.absolute_path) > 1:
        kind = "source" if error.absolute_path[0] == "sources" else "entity"
        where = f"{kind} #{error.absolute_path[1] + 1}" + "".join(
            f"[{p}]" if isinstance(p, int) else f".{p}" for p in list(error.absolute_path)[2:])
    return f"{where or 'the file'}: {_schema_message(error)}"


def _schema_message(error: Any) -> str:
    """The validator's message without the (untrusted, possibly huge) offending value in it."""
    v = error.validator
    if v == "type":
        return f"must be {'an' if str(error.validator_value)[0] in 'aeiou' else 'a'} {error.validator_value}"
    if v == "const":
        return f"must be {json.dumps(error.validator_value)}"
    if v == "enum":
        return "must be one of " + ", ".join(json.dumps(x) for x in error.validator_value)
    if v == "required":
        return _short(error.message.replace("is a required property", "is missing"))
    if v == "pattern":
        pattern = str(error.validator_value)
        if "uuid" in pattern:
            return "is not a claim id (not a UUID: urn:uuid:...)"
        if "{64}" in pattern:
            return "is not a source hash (not a SHA-256 hex digest)"
        if "entity" in pattern:
            return "is not an entity id (urn:workbench:entity:<number>)"
        return f"does not have the form {pattern}"
    if v in ("minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum"):
        return f"breaks {v} {error.validator_value}"
    if v in ("oneOf", "anyOf"):
        return "is not a known kind of entry (check its type, purpose and fields)"
    if v in ("contains", "minContains", "maxContains"):
        return "needs exactly one status (an \"assessing\" body)"
    if v == "additionalProperties":
        return "has a field that does not belong there"
    return _short(error.message)


def _short(message: str, limit: int = 160) -> str:
    message = display(" ".join(message.split()), oneline=True)
    return message if len(message) <= limit else message[:limit - 1] + "…"


def parse_evidence(doc: Any) -> EvidenceFile:
    _need(isinstance(doc, dict), "not an evidence file (expected a JSON object)")
    ctx = doc.get("@context")
    ctx_list = ctx if isinstance(ctx, list) else [ctx]
    _need(CONTEXT[0] in ctx_list,
          f"not a Web Annotation evidence file (\"@context\" does not name {CONTEXT[0]})")
    _need(doc.get("format") == FORMAT, f"not a workbench evidence file (\"format\" is not {FORMAT!r})")
    _need(doc.get("version") == VERSION and type(doc.get("version")) is int,
          f"evidence file version {_short(repr(doc.get('version')), 40)} is not supported (this workbench reads {VERSION})")
    problem = _schema_error(doc)
    _need(problem is None, f"not a valid evidence file: {problem}")
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
        _need(has_visible_text(ent.name), f"{where}: the name is empty or invisible")
        _need(ent.iri not in entities, f"{where}: the id {ent.iri} appears twice")
        ent.aliases = [a for a in dict.fromkeys(ent.aliases) if has_visible_text(a)]
        entities[ent.iri] = ent
    first = doc.get("first")
    _need(isinstance(first, dict), "no \"first\" annotation page")
    claims = [parse_annotation(a, i) for i, a in enumerate(_list(first, "items", "annotation page"))]
    seen: set[str] = set()
    for c in claims:
        _need(c.id not in seen, f"claim {c.id} appears twice")
        seen.add(c.id)
        for iri in c.entities:
            _need(iri in entities, f"claim {c.id}: entity {iri} is not in \"entities\"")
        for other, _rel in c.links:
            _need(other != c.id, f"claim {c.id} links to itself")
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
    exact = _str(quote_sel, "exact", where)
    _need(len(exact) == end - start, f"{where}: the quote is {len(exact)} characters but the position"
                                     f" {start}..{end} spans {end - start}")
    orphaned = a.get("orphaned", False)
    _need(isinstance(orphaned, bool), f"{where}: \"orphaned\" is not true or false")
    # every string from the file is cleaned exactly as article text is: an orphan's quote, prefix
    # and suffix are stored as written, and reach the terminal and the reports
    quote = clean_text(exact)
    _need(bool(quote), f"{where}: the quote is empty")
    created = _time(a, "created", where)
    claim = FileClaim(id=cid, sha256=sha, start=start, end=end, quote=quote, exact=exact,
                      prefix=clean_text(str(quote_sel.get("prefix", ""))),
                      suffix=clean_text(str(quote_sel.get("suffix", ""))),
                      status="unverified", note="", created=created,
                      modified=_time(a, "modified", where) if a.get("modified") else created,
                      orphaned=orphaned, created_by=_agent(a.get("creator"), where))
    _need(claim.created <= claim.modified, f"{where}: 'modified' is before 'created'")
    bodies_ = a.get("body", []) or []
    _need(isinstance(bodies_, list), f"{where}: \"body\" is not a list")
    for b in bodies_:
        _read_body(claim, b, where)
    return claim


def _read_body(claim: FileClaim, b: Any, where: str) -> None:
    _need(isinstance(b, dict), f"{where}: a body is not an object")
    purpose = b.get("purpose")
    if purpose == "assessing":
        claim.status = _str(b, "value", where)
        _need(claim.status in CLAIM_STATUSES, f"{where}: unknown status {claim.status!r}")
        claim.status_by = _agent(b.get("creator"), where)
        claim.status_at = _time(b, "modified", where) if b.get("modified") else ""
    elif purpose == "tagging":
        tag = _text(_str(b, "value", where))
        if has_visible_text(tag):  # a tag of only invisible characters carries nothing
            claim.tags.append(tag)
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


def _agent(value: Any, where: str) -> str:
    """A W3C ``creator``: a name, or an object with a ``name`` (or ``nickname``)."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0] if value else None
        if value is None:
            return ""
    if isinstance(value, dict):
        value = value.get("name") or value.get("nickname") or ""
    _need(isinstance(value, str), f"{where}: 'creator' is not a name")
    return _text(value)[:200]


def _time(d: dict, key: str, where: str) -> str:
    """An ISO-8601 date-time with a time zone, not in the future (a day of clock skew allowed):
    an evidence file cannot win a "newer version" contest with ``"zzzz"`` or the year 9999."""
    from datetime import datetime, timedelta, timezone

    raw = _str(d, key, where)
    try:
        t = datetime.fromisoformat(raw.replace("Z", "+00:00")) if len(raw) <= 40 else None
    except ValueError:
        t = None
    _need(t is not None and t.tzinfo is not None and len(raw) >= 19,
          f"{where}: {key!r} is not an ISO-8601 date-time with a time zone ({raw[:40]!r})")
    assert t is not None
    _need(t <= datetime.now(timezone.utc) + timedelta(days=1), f"{where}: {key!r} is in the future ({raw[:40]!r})")
    return t.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


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
