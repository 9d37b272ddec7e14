"""One corroboration candidate: a passage of another source that may make the same claim."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Candidate:
    """A passage of another source that may make the same claim."""

    source_id: int
    lang: str
    start: int
    end: int
    text: str
    score: float
    reasons: dict = field(default_factory=dict)  # {"entities": [...], "numbers": [...], "dates": [...], "terms": [...]}
    title: str = ""
    passage_id: int = 0
    similarity: float = 0.0  # cosine of the sentence vectors (best over the claim's views and the passage's clauses)
    lexical: float = 0.0     # the lexical score (shared entities, numbers, dates, terms), 0..1
    band: str = "related"    # "same" (same claim, confident) or "related" (possible)
    origin: str = ""         # the origin the passage (or its article) credits; "" = its own sourcing
    origin_how: str = ""     # "passage", "article" or "own"
    attribution: list[str] = field(default_factory=list)  # the attributing phrases in the passage
    contradiction: dict | None = None  # values that differ from the claim's, see contradiction()
    features: dict[str, float] = field(default_factory=dict, repr=False)  # the re-ranker's inputs (rerank.py)
    hits: Any = field(default=None, repr=False)  # what the lexical scorer matched, until reasons are made

    def to_dict(self) -> dict:
        return {"source_id": self.source_id, "lang": self.lang, "start": self.start, "end": self.end,
                "text": self.text, "score": self.score, "reasons": self.reasons, "title": self.title,
                "band": self.band, "similarity": self.similarity, "lexical": self.lexical,
                "origin": self.origin, "origin_how": self.origin_how, "attribution": self.attribution,
                "contradiction": self.contradiction}

    def reasons_line(self) -> str:
        return "; ".join(f"{k}: {', '.join(str(v) for v in vals)}" for k, vals in self.reasons.items() if vals)

    def origin_line(self) -> str:
        """"credits Business Insider" / "its article credits Insider" / ""."""
        if not self.origin:
            return ""
        return ("credits " if self.origin_how == "passage" else "its article credits ") + self.origin
