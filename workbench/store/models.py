"""Plain records the data layer hands out.  ``to_dict()`` gives the CLI's JSON contract."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

# The statuses a claim can have, in the order the UI cycles through them.
CLAIM_STATUSES: dict[str, str] = {
    "unverified": "not yet checked (the default)",
    "supported": "checked, and the evidence supports it",
    "disputed": "checked, and credible sources disagree",
    "false": "checked, and the evidence shows it is wrong",
    "unclear": "checked, but the evidence is not enough to decide",
}
ENTITY_LABELS = ("PER", "ORG", "LOC", "MISC")
LINK_RELATIONS = ("corroborates", "contradicts")


@dataclass
class Source:
    id: int
    title: str
    outlet: str
    lang: str
    chars: int
    sha256: str
    path: str
    lang_detected: str = "und"
    added_at: str = ""
    claims: int = 0
    url: str = ""
    author: str = ""
    published_at: str = ""  # ISO-8601, '' when unknown
    captured_at: str = ""  # ISO-8601, '' when unknown
    pages: int = 0  # pages of a paged document (a PDF), 0 otherwise

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in ("id", "title", "outlet", "lang", "chars", "sha256", "path", "url",
                                              "author", "published_at", "captured_at", "pages")}


@dataclass(slots=True)
class SearchHit:
    source_id: int
    title: str
    lang: str
    snippet: str
    score: float
    marks: list[tuple[int, int]] = field(default_factory=list)  # highlighted ranges inside snippet

    def to_dict(self) -> dict:
        d = asdict(self)
        d["score"] = float(f"{self.score:.4g}")  # bm25 to four significant digits
        d["marks"] = [list(m) for m in self.marks]
        return d


@dataclass
class Entity:
    id: int
    name: str
    label: str
    status: str
    aliases: list[str]
    mentions: int = 0
    sources: int = 0

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "label": self.label, "aliases": self.aliases,
                "mentions": self.mentions, "sources": self.sources, "status": self.status}


@dataclass
class Mention:
    id: int
    source_id: int
    entity_id: int
    start: int
    end: int
    text: str
    origin: str
    label: str = ""
    entity_name: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class ClaimLink:
    claim_id: str
    relation: str  # corroborates / contradicts
    direction: str  # "out": this claim -> other; "in": other -> this claim
    source_id: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Claim:
    id: str
    source_id: int
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
    entities: list[dict] = field(default_factory=list)  # [{"id", "name", "label"}]
    links: list[ClaimLink] = field(default_factory=list)
    created_by: str = ""  # who created the claim ('' when unknown: made before authorship was kept)
    status_by: str = ""  # who last set its status
    status_at: str = ""  # when
    pages: str = ""  # page(s) of a paged source the span lies on: "4", "4-5", or ""

    def get(self, key: str, default=None):
        """Read a field like a dict (``claim.get("pages")``), for code that takes claims or dicts."""
        return getattr(self, key, default)

    def to_dict(self) -> dict:
        return {
            "id": self.id, "source_id": self.source_id, "quote": self.quote, "start": self.start,
            "end": self.end, "prefix": self.prefix, "suffix": self.suffix, "status": self.status,
            "tags": list(self.tags), "entities": [dict(e) for e in self.entities], "note": self.note,
            "orphaned": self.orphaned, "created": self.created, "modified": self.modified,
            "created_by": self.created_by, "status_by": self.status_by, "status_at": self.status_at,
            "related": [link.to_dict() for link in self.links],
            "corroborations": self.corroboration_count, "pages": self.pages,
        }

    @property
    def corroboration_count(self) -> int:
        """Distinct other sources whose claims corroborate this one."""
        return len({lk.source_id for lk in self.links if lk.relation == "corroborates" and lk.source_id != self.source_id})
