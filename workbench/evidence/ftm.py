"""FollowTheMoney export (Aleph / OpenAleph / OpenSanctions), one entity per JSON line.

- each source -> ``Article`` (title, fileName = path, language, publisher = outlet, the SHA-256 of the
  cleaned text in ``description``);
- each PER / ORG entity linked to a claim -> ``Person`` / ``Organization``, with ``proof`` = the
  Articles that mention it (LOC / MISC entities have no safe FtM equivalent and are left out);
- each claim -> ``Note`` (``entity`` = its Article and its people / organisations, ``description`` =
  the quote, ``summary`` = status and note, ``keywords`` = tags);
- each claim-entity pair -> ``Documentation`` (``document`` = the Article, ``entity`` = the
  person / organisation, ``role`` = "subject of a claim").

Entity dicts are written directly (no followthemoney import at run time); the tests validate them
with the ``followthemoney`` library.  Ids are stable: ``wb-article-<sha256>``, ``wb-note-<claim id>``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..store.models import Claim, Source
from .bundle import Bundle

SCHEMA_FOR_LABEL = {"PER": "Person", "ORG": "Organization"}
ISO639_3 = {"es": "spa", "pt": "por", "it": "ita", "en": "eng", "fr": "fra", "de": "deu", "ca": "cat",
            "gl": "glg", "eu": "eus", "nl": "nld"}


def article_id(sha256: str) -> str:
    return f"wb-article-{sha256}"


def entity_id(eid: int) -> str:
    return f"wb-entity-{eid}"


def ftm_entities(bundle: Bundle) -> Iterator[dict]:
    for s in bundle.sources:
        yield _article(s)
    linked = {e["id"] for c in bundle.claims for e in c.entities}
    for e in bundle.entities:
        if e.id in linked and e.label in SCHEMA_FOR_LABEL:
            proof = [article_id(bundle.source_by_id[sid].sha256) for sid in bundle.entity_sources.get(e.id, [])
                     if sid in bundle.source_by_id]
            props = {"name": [e.name], "alias": list(e.aliases), "proof": proof}
            yield _entity(entity_id(e.id), SCHEMA_FOR_LABEL[e.label], props)
    for c in bundle.claims:
        art = article_id(bundle.source_by_id[c.source_id].sha256)
        yield _note(c, art)
        for ce in c.entities:
            if ce["label"] in SCHEMA_FOR_LABEL:
                yield _entity(f"wb-doc-{c.id}-{ce['id']}", "Documentation", {
                    "document": [art], "entity": [entity_id(ce["id"])], "role": ["subject of a claim"],
                    "summary": [c.quote], "status": [c.status]})


def render_ftm(bundle: Bundle) -> str:
    return "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in ftm_entities(bundle))


def _entity(eid: str, schema: str, props: dict[str, list]) -> dict:
    return {"id": eid, "schema": schema, "properties": {k: v for k, v in props.items() if v}}


def _article(s: Source) -> dict:
    return _entity(article_id(s.sha256), "Article", {
        "title": [s.title] if s.title else [], "fileName": [s.path] if s.path else [],
        "language": [ISO639_3[s.lang]] if s.lang in ISO639_3 else [],
        "publisher": [s.outlet] if s.outlet else [], "description": [f"sha256:{s.sha256}"],
        "author": [s.author] if s.author else [], "sourceUrl": [s.url] if s.url else [],
        "publishedAt": [s.published_at[:19]] if s.published_at else [],
        "retrievedAt": [s.captured_at[:19]] if s.captured_at else []})


def _note(c: Claim, article: str) -> dict:
    people = [entity_id(e["id"]) for e in c.entities if e["label"] in SCHEMA_FOR_LABEL]
    summary = f"status: {c.status}" + (" (orphaned)" if c.orphaned else "") + (f"; note: {c.note}" if c.note else "")
    summary += f"; page {c.get('pages')}" if c.get("pages") else ""
    return _entity(f"wb-note-{c.id}", "Note", {
        "name": [_short(c.quote)], "description": [c.quote], "summary": [summary], "entity": [article, *people],
        "keywords": list(c.tags), "createdAt": [c.created[:19]], "modifiedAt": [c.modified[:19]]})


def _short(text: str, n: int = 80) -> str:
    one = " ".join(text.split())
    return one if len(one) <= n else one[:n - 1] + "…"
