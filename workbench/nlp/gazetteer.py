"""Confirmed entities applied back to every text: their aliases found case- and accent-insensitively."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from ..textutil import fold_with_map

__all__ = ["gazetteer_mentions"]


def _trie_regex(keys: Sequence[str]) -> str:
    """One regex for many literal keys, factored as a trie so that matching stays linear."""
    trie: dict[str, Any] = {}
    for k in keys:
        node = trie
        for c in k:
            node = node.setdefault(c, {})
        node[""] = True

    def emit(node: dict[str, Any]) -> str:
        end = "" in node
        branches = []
        for c in sorted(k for k in node if k):
            atom = r"\s+" if c == " " else re.escape(c)
            branches.append(atom + emit(node[c]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # greedy: a longer alias is tried before the shorter one that ends here
        return f"(?:{body})?" if end else body

    return emit(trie)


@lru_cache(maxsize=64)
def _compile(patterns: tuple[tuple[int, str], ...]) -> tuple[re.Pattern[str] | None, dict[str, int]]:
    owner: dict[str, int] = {}
    ambiguous: set[str] = set()
    for eid, alias in patterns:
        key = " ".join(fold_with_map(unicodedata.normalize("NFC", alias))[0].split())  # as the text is folded
        if not key or not any(c.isalnum() for c in key):
            continue
        if key in owner and owner[key] != eid:
            ambiguous.add(key)
        owner.setdefault(key, eid)
    for k in ambiguous:  # an alias shared by two entities cannot be attributed
        del owner[k]
    if not owner:
        return None, owner
    rx = re.compile(rf"(?<![^\W_])(?=({_trie_regex(list(owner))})(?![^\W_]))")
    return rx, owner


def gazetteer_mentions(text: str, patterns: list[tuple[int, str]]) -> list[tuple[int, int, int]]:
    """Find every occurrence of the aliases ``(entity_id, alias)`` in ``text``.

    Matching is case- and accent-insensitive and on word boundaries; offsets refer to ``text``
    itself (folding never shifts them: each folded character is mapped back, and combining marks
    after a match's last letter are included). Where matches overlap the longest wins (then the
    leftmost). Returns ``(entity_id, start, end)`` sorted by start. An alias given for two
    different entities is ignored. The compiled pattern is cached per pattern list.
    """
    rx, owner = _compile(tuple(patterns))
    if rx is None or not text:
        return []
    folded, index = fold_with_map(text)
    cands = []
    for m in rx.finditer(folded):
        fs, fe = m.span(1)
        cands.append((fe - fs, fs, fe, owner[" ".join(m.group(1).split())]))
    if not cands:
        return []
    cands.sort(key=lambda c: (-c[0], c[1]))
    taken: list[tuple[int, int]] = []
    out = []
    for _n, fs, fe, eid in cands:
        if any(fs < b and a < fe for a, b in taken):
            continue
        taken.append((fs, fe))
        if index is None:
            s, e = fs, fe
        else:
            s, e = index[fs], index[fe - 1] + 1
        while e < len(text) and unicodedata.combining(text[e]):
            e += 1
        out.append((eid, s, e))
    out.sort(key=lambda x: x[1])
    return out
