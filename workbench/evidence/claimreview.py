"""ClaimReview export: schema.org JSON-LD, as fact-checkers publish for Google Fact Check Explorer.

One ``ClaimReview`` per graded claim (``unverified`` claims are not exported: nothing was
reviewed yet).  The file is a JSON array; each item carries its own ``"@context":
"https://schema.org"`` so it can be pasted into a page's ``<script type="application/ld+json">``.

Our statuses map to a 1-5 scale (``bestRating`` 5, ``worstRating`` 1); ``alternateName`` is the
verdict in words, which is what Google shows:

| status      | ratingValue | alternateName |
|-------------|-------------|---------------|
| supported   | 5           | True          |
| unclear     | 3           | Unproven      |
| disputed    | 2           | Disputed      |
| false       | 1           | False         |

Fields: ``claimReviewed`` (the quote), ``reviewRating``, ``itemReviewed`` (a ``Claim`` whose
``appearance`` is the source article: its URL, headline, author and date where the source has them;
``author`` and ``datePublished`` of the claim itself are the article's), ``author`` (the
organisation from the user's config, else the person who set the status), ``contributor`` (who
created the claim and who graded it), ``datePublished`` (the day the status was set) and ``url``
(the fact check's page: ``review_url`` in the config, with ``{id}`` replaced by the claim id; else
the organisation's URL with ``#claim-<id>``; else ``urn:uuid:<id>``).
"""

from __future__ import annotations

import json
import os
from typing import Any

from ..config import Organisation, organisation, settings
from ..store.models import Claim
from .bundle import Bundle

RATINGS: dict[str, tuple[int, str]] = {
    "supported": (5, "True"),
    "unclear": (3, "Unproven"),
    "disputed": (2, "Disputed"),
    "false": (1, "False"),
}
BEST, WORST = 5, 1


def review_url(claim_id: str, org: Organisation) -> str:
    template = os.environ.get("WORKBENCH_REVIEW_URL") or settings().get("review_url", "")
    if template:
        return template.replace("{id}", claim_id)
    if org.url:
        return f"{org.url.rstrip('#')}#claim-{claim_id}"
    return f"urn:uuid:{claim_id}"


def claim_review(c: Claim, bundle: Bundle, org: Organisation) -> dict[str, Any]:
    value, verdict = RATINGS[c.status]
    s = bundle.source_by_id[c.source_id]
    url, author, published = (bundle.meta(s.id, k) for k in ("url", "author", "published_at"))
    appearance: dict[str, Any] = {"@type": "CreativeWork"}
    if url:
        appearance["url"] = url
    if s.title:
        appearance["headline"] = s.title
    if s.outlet:
        appearance["publisher"] = {"@type": "Organization", "name": s.outlet}
    item: dict[str, Any] = {"@type": "Claim", "appearance": appearance}
    if author:
        item["author"] = {"@type": "Person", "name": author}
        appearance["author"] = {"@type": "Person", "name": author}
    elif s.outlet:
        item["author"] = {"@type": "Organization", "name": s.outlet}
    if published:
        item["datePublished"] = published
        appearance["datePublished"] = published
    if org.name:
        review_author: dict[str, Any] = {"@type": "Organization", "name": org.name}
        if org.url:
            review_author["url"] = org.url
    else:
        review_author = {"@type": "Person", "name": c.status_by or c.created_by or "unknown"}
    people = list(dict.fromkeys(p for p in (c.created_by, c.status_by) if p))
    out: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "@id": f"urn:uuid:{c.id}",
        "url": review_url(c.id, org),
        "claimReviewed": " ".join(c.quote.split()),
        "itemReviewed": item,
        "author": review_author,
        "datePublished": (c.status_at or c.modified)[:10],
        "reviewRating": {"@type": "Rating", "ratingValue": value, "bestRating": BEST, "worstRating": WORST,
                         "alternateName": verdict},
    }
    if people:
        out["contributor"] = [{"@type": "Person", "name": p} for p in people]
    if c.note:
        out["reviewBody"] = c.note
    if c.tags:
        out["keywords"] = ", ".join(c.tags)
    return out


def build_claimreviews(bundle: Bundle) -> list[dict[str, Any]]:
    org = organisation()
    return [claim_review(c, bundle, org) for c in bundle.claims if c.status in RATINGS]


def render_claimreview(bundle: Bundle) -> str:
    return json.dumps(build_claimreviews(bundle), ensure_ascii=False, indent=1) + "\n"
