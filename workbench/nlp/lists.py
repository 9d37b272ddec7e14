"""Labels from the names around a name: names listed together are of one kind ("OpenAI, Anthropic,
Adept y StabilityAI"), and a title in quotes is a work.  Used by :func:`.labels._finish`."""

from __future__ import annotations

import re

from ._lexicon import FIRST_NAMES, KNOWN_ORGS, fold
from .tokens import _city_names, _is_cap, _known


_LIST_GLUE = re.compile(r"\s*(?:,|,?\s+(?:y|e|i|and|o|ou|or)\b)\s*$")
# ", su fabricante de cohetes, " between two listed names: a lower-case description of the first
_APPOSITIVE_GLUE = re.compile(r",\s+(?:un|una|uno|um|uma|a|an|su|sus|seu|sua|il|la|el|the|its|their)\s+[^,;:!?\n]{1,60},"
                              r"(?:\s+(?:y|e|i|and|o|ou|or))?\s*$")


def _list_gap(gap: str) -> bool:
    """Whether ``gap`` separates two names of one list: a comma or a coordinator, or a comma-enclosed
    lower-case description ("SpaceX, su fabricante de cohetes, Neuralink")."""
    if len(gap) <= 6:
        return bool(_LIST_GLUE.match(gap))
    return (len(gap) <= 80 and not any(c.isupper() for c in gap) and ". " not in gap
            and bool(_APPOSITIVE_GLUE.match(gap)))


def _list_mates(text: str, items: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """Names listed together are of one kind: in "OpenAI, Anthropic, Adept y StabilityAI" or
    "Tesla, SpaceX, Neuralink", a one-word name that no list is known for takes the label of the
    well-known companies it is listed with."""
    if len(items) < 2:
        return items
    out = list(items)
    groups: list[list[int]] = [[0]]
    joined: list[bool] = [False]  # whether the list has a coordinator ("y", "and")
    for i in range(1, len(out)):
        gap = text[out[i - 1][1] : out[i][0]]
        if _list_gap(gap):
            groups[-1].append(i)
            joined[-1] = joined[-1] or "," not in gap
        else:
            groups.append([i])
            joined.append(False)
    for g, coord in zip(groups, joined):
        if len(g) < 2 or (len(g) == 2 and not coord) or not any(fold(out[i][2]) in KNOWN_ORGS for i in g):
            continue
        for i in g:
            s, e, t, lab = out[i]
            f = fold(t)
            if lab != "ORG" and " " not in t and not _known(f) and f not in FIRST_NAMES and f not in _city_names():
                out[i] = (s, e, t, "ORG")
    return out


_QUOTE_PAIRS = {"“": "”", "«": "»", '"': '"', "‘": "’"}


def _quoted_titles(text: str, items: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """A name that opens a short quotation written in sentence case is the title of a work: the
    whole quotation is the entity, MISC ("“Besos prohibidos”", "“Olho no Olho”", "“Strade sicure”")."""
    out: list[tuple[int, int, str, str]] = []
    covered_to = -1
    for s, e, t, lab in items:
        if s < covered_to:
            continue
        q = text[s - 1] if s else ""
        close = _QUOTE_PAIRS.get(q)
        if close:
            end = text.find(close, e, e + 80)
            inner = text[s:end] if end >= 0 else ""
            words = inner.split()
            if (
                end >= 0
                and 1 <= len(words) <= 6
                and not any(c in inner for c in ".!?;:\n,")
                and (end - e > 0 or lab == "MISC" or len(words) == 1)
                and not (len(words) > 1 and all(_is_cap(w) for w in words) and end == e)
            ):
                if end > e or lab not in ("PER",):
                    out.append((s, end, inner, "MISC" if end > e or lab == "LOC" else lab))
                    covered_to = end
                    continue
        out.append((s, e, t, lab))
    return out
