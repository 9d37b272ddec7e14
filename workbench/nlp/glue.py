"""Words next to a name that are not part of it: nationality adjectives the same text also writes in
lower case ("el ex mandatario Mexicano" / "mexicano"), and datelines in capitals that end in a dash
("CIUDAD DE MÉXICO.- Dos guardias")."""

from __future__ import annotations

import re

from .tokens import _Tok

# Endings of Romance nationality adjectives and nouns (es/pt/it): "mexicano", "chilena", "francês",
# "costarricense", "brasileño", "argentino", "italiani", "brasileiros".
_DEMONYM_ENDS = tuple(
    "ano ana anos anas ani ane ense enses eño eña eños eñas és esa eses esas ês esi ino ina inos inas "
    "ini ine eiro eira eiros eiras".split()
)

# After an all-caps span: more words in capitals, then a dash straight after the last one (".-", "-")
_CAPS_DASH = re.compile(r"(?:[ \t]+[^\W\d_a-zß-ÿ]+)*[.,]?[-–—]+(?=\s)")


def _lower_twin(w: str, lower: frozenset[str]) -> bool:
    """A capitalised word the same text also writes in lower case."""
    return len(w) >= 3 and w[:1].isupper() and w[1:].islower() and w.lower() in lower


def _demonym_like(w: str, lower: frozenset[str]) -> bool:
    """A nationality adjective given a capital ("Mexicano" where the text also has "mexicano")."""
    return len(w) >= 5 and _lower_twin(w, lower) and w.lower().endswith(_DEMONYM_ENDS)


def _caps_dateline(text: str, q: list[_Tok]) -> bool:
    """All-caps words that a dash closes: a dateline ("MADRID.-", "CIUDAD DE MÉXICO.-"), not a name."""
    words = [t[0] for t in q]
    if not all(w.isupper() for w in words) or not any(sum(c.isalpha() for c in w) >= 4 for w in words):
        return False
    return _CAPS_DASH.match(text, q[-1][2]) is not None
