"""FollowTheMoney export (Aleph / OpenAleph / OpenSanctions), one entity per JSON line
(``.ftm.jsonl``; ``workbench export --format ftm -o - | openaleph-client write-entities -f FOREIGN_ID``).

- each source -> ``Article`` (title, fileName = the file name only, never its folders; language,
  publisher = outlet, author, publishedAt, sourceUrl where known; the SHA-256 of the cleaned text
  in ``description`` (``sha256:<hex>``; FtM's contentHash takes SHA-1));
- each entity linked to a claim -> PER ``Person``, ORG ``Organization``, LOC ``Address`` (``full`` =
  its name), with ``proof`` = the Articles that mention it.  MISC has no FtM schema that fits
  (products, events, works ...): such entities are left out as entities, and their names go in the
  ``keywords`` of the claims' Notes;
- each claim -> ``Note`` (``entity`` = its Article and its entities, ``description`` = the quote,
  ``summary`` = status, who created the claim and who set its status, and the note, ``keywords`` =
  tags and MISC names);
- each claim-entity pair -> ``Documentation`` (``document`` = the Article, ``entity`` = the
  entity, ``role`` = "subject of a claim");
- with ``mentions=True``, each NER mention of an exported entity in an exported Article -> ``Mention``
  (``document``, ``name``, ``detectedSchema``, ``resolved`` for people and organisations).

Entity dicts are written directly (no followthemoney import at run time); the tests validate them
with the ``followthemoney`` library and load them into an FtM store.  Ids are stable:
``wb-article-<sha256>``, ``wb-entity-<id>``, ``wb-note-<claim id>``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator

from ..store.models import Claim, Source
from .bundle import Bundle, file_name

SCHEMA_FOR_LABEL = {"PER": "Person", "ORG": "Organization", "LOC": "Address"}
RESOLVABLE = {"Person", "Organization"}  # Mention.resolved takes a LegalEntity
ISO639_3 = {"es": "spa", "pt": "por", "it": "ita", "en": "eng", "fr": "fra", "de": "deu", "ca": "cat",
            "gl": "glg", "eu": "eus", "nl": "nld"}


def article_id(sha256: str) -> str:
    return f"wb-article-{sha256}"


def entity_id(eid: int) -> str:
    return f"wb-entity-{eid}"


def ftm_entities(bundle: Bundle, mentions: Iterable[tuple] = ()) -> Iterator[dict]:
    for s in bundle.sources:
        yield _article(s, bundle)
    linked = {e["id"] for c in bundle.claims for e in c.entities}
    exported: dict[int, str] = {}
    for e in bundle.entities:
        schema = SCHEMA_FOR_LABEL.get(e.label)
        if schema is None or (e.id not in linked and not bundle.filter.everything):
            continue
        proof = [article_id(bundle.source_by_id[sid].sha256) for sid in bundle.entity_sources.get(e.id, [])
                 if sid in bundle.source_by_id]
        props: dict[str, list] = {"name": [e.name], "alias": list(e.aliases), "proof": proof}
        if schema == "Address":
            props = {"full": [e.name], "name": [e.name], "alias": list(e.aliases), "proof": proof}
        exported[e.id] = schema
        yield _entity(entity_id(e.id), schema, props)
    for c in bundle.claims:
        art = article_id(bundle.source_by_id[c.source_id].sha256)
        yield _note(c, art, exported)
        for ce in c.entities:
            if ce["id"] in exported:
                yield _entity(f"wb-doc-{c.id}-{ce['id']}", "Documentation", {
                    "document": [art], "entity": [entity_id(ce["id"])], "role": ["subject of a claim"],
                    "summary": [c.quote], "status": [c.status]})
    for sid, eid, start, end, text in mentions:
        schema = exported.get(eid)
        if schema is None or sid not in bundle.source_by_id:
            continue
        art = article_id(bundle.source_by_id[sid].sha256)
        mid = hashlib.sha1(f"{art}:{start}:{end}".encode()).hexdigest()[:20]
        props = {"document": [art], "name": [text], "detectedSchema": [schema]}
        if schema in RESOLVABLE:
            props["resolved"] = [entity_id(eid)]
        yield _entity(f"wb-mention-{mid}", "Mention", props)


def render_ftm(bundle: Bundle, mentions: Iterable[tuple] = ()) -> str:
    return "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in ftm_entities(bundle, mentions))


def _entity(eid: str, schema: str, props: dict[str, list]) -> dict:
    return {"id": eid, "schema": schema, "properties": {k: v for k, v in props.items() if v}}


def _article(s: Source, bundle: Bundle) -> dict:
    url, author, published = (bundle.meta(s.id, k) for k in ("url", "author", "published_at"))
    return _entity(article_id(s.sha256), "Article", {
        "title": [s.title] if s.title else [], "fileName": [file_name(s.path)] if s.path else [],
        "language": [ISO639_3[s.lang]] if s.lang in ISO639_3 else [],
        "publisher": [s.outlet] if s.outlet else [], "author": [author] if author else [],
        "publishedAt": [published[:19]] if published else [], "sourceUrl": [url] if url else [],
        "retrievedAt": [bundle.meta(s.id, "captured_at")[:19]] if bundle.meta(s.id, "captured_at") else [],
        "description": [f"sha256:{s.sha256}"]})


def _note(c: Claim, article: str, exported: dict[int, str]) -> dict:
    linked = [entity_id(e["id"]) for e in c.entities if e["id"] in exported]
    misc = [e["name"] for e in c.entities if e["id"] not in exported]
    summary = f"status: {c.status}" + (" (orphaned)" if c.orphaned else "")
    if c.created_by:
        summary += f"; created by {c.created_by}"
    if c.status_by and c.status != "unverified":
        summary += f"; status set by {c.status_by}" + (f" at {c.status_at[:19]}" if c.status_at else "")
    if c.note:
        summary += f"; note: {c.note}"
    if c.get("pages"):
        summary += f"; page {c.get('pages')}"
    return _entity(f"wb-note-{c.id}", "Note", {
        "name": [_short(c.quote)], "description": [c.quote], "summary": [summary], "entity": [article, *linked],
        "keywords": list(dict.fromkeys([*c.tags, *misc])), "notes": [c.note] if c.note else [], "createdAt": [c.created[:19]],
        "modifiedAt": [c.modified[:19]]})


def _short(text: str, n: int = 80) -> str:
    one = " ".join(text.split())
    return one if len(one) <= n else one[:n - 1] + "…"
