"""Accepting a corroboration candidate: a claim on the passage (or on its claim sentence), linked
to the first, as one undoable action."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..textutil import strip_accents
from .candidate import Candidate

if TYPE_CHECKING:
    from ..store import Claim, Workspace


def _stems(text: str) -> set[str]:
    """Accent-folded word stems (first five letters) and whole numbers of a text: enough to tell
    which sentence of a passage shares the most with a claim, across es / pt / it / en cognates."""
    words = re.findall(r"\w+", strip_accents(text).casefold())
    return {w if w.isdigit() else w[:5] for w in words if len(w) > 3 or w.isdigit()}


def claim_sentence(ws: Workspace, claim_id: str, source_id: int, start: int, end: int) -> tuple[int, int]:
    """The sentence of the passage ``start..end`` that makes the claim: the one sharing the most
    entities (those linked to or mentioned in the first claim), numbers and word stems with it.
    A one-sentence passage is returned whole."""
    from .passages import split_sentences

    text = ws.source_text(source_id)
    spans = [(start + a, start + b) for a, b in split_sentences(text[start:end]) if b > a]
    if len(spans) <= 1:
        return start, end
    first = ws.get_claim(claim_id)
    ents = {e["id"] for e in first.entities} | {e.id for e in ws.entities_in_span(first.source_id, first.start,
                                                                                   first.end)}
    stems = _stems(first.quote)

    def score(span: tuple[int, int]) -> tuple[float, int]:
        a, b = span
        shared_ents = {e.id for e in ws.entities_in_span(source_id, a, b)} & ents
        return (3.0 * len(shared_ents) + len(_stems(text[a:b]) & stems), b - a)

    return max(spans, key=score)


def accept(ws: Workspace, claim_id: str, candidate: Candidate | tuple[int, int, int], relation: str = "corroborates",
           *, copy_tags: bool = True, sentence: bool = False) -> Claim:
    """Make the candidate passage a claim in its source, linked to ``claim_id`` with ``relation``
    (the new claim ``corroborates`` / ``contradicts`` the first).  ``candidate`` is a
    :class:`Candidate` or a ``(source_id, start, end)`` tuple.  One transaction and **one** log
    entry (undo removes the new claim and the link together).  A claim already on exactly that
    span is reused, not duplicated.  The new claim gets the entities mentioned in its own span and,
    with ``copy_tags``, the first claim's tags.  With ``sentence`` the claim is narrowed to the
    passage's claim sentence (:func:`claim_sentence`), as the TUI does.  Returns the new (or
    reused) claim."""
    first = ws.get_claim(claim_id)
    if isinstance(candidate, Candidate):
        sid, s, e = candidate.source_id, candidate.start, candidate.end
    else:
        sid, s, e = (int(x) for x in candidate)
    ws.get_source(sid)
    if sentence and 0 <= s < e:
        s, e = claim_sentence(ws, first.id, sid, s, e)
    ents = [x.id for x in ws.entities_in_span(sid, s, e)] if 0 <= s < e else []
    return ws.add_linked_claim(first.id, sid, s, e, relation, tags=first.tags if copy_tags else (), entity_ids=ents)
