"""Text helpers shared by search, NLP and corroboration."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from hypothesis import given
from hypothesis import strategies as st

from workbench.textutil import _combining_re, fold_for_match, query_terms, strip_accents


def _reference(text: str) -> str:
    nfkd = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFKC", "".join(c for c in nfkd if not unicodedata.combining(c))).casefold()


def test_combining_class_table_covers_this_unicode_version():
    every = {chr(cp) for cp in range(0x300, sys.maxunicode + 1) if unicodedata.combining(chr(cp))}
    rx = _combining_re()
    assert all(rx.fullmatch(c) for c in every)


@given(st.text())
def test_strip_accents_matches_the_plain_definition(text):
    assert strip_accents(text) == _reference(text)


@given(st.text())
def test_fold_for_match_keeps_length(text):
    assert len(fold_for_match(text)) == len(text)


def test_examples():
    assert strip_accents("Inteligência Città ÑANDÚ") == "inteligencia citta nandu"
    assert fold_for_match("Inteligência") == "inteligencia"


@pytest.mark.parametrize("query, terms", [
    ("inteligência artificial", ["inteligencia", "artificial"]),
    ('"Lava Jato" OR Moro', ["lava", "jato", "moro"]),
    ('"lava ja"*', ["lava", "ja*"]),
    ("presiden* AND GPU", ["presiden*", "gpu"]),
    ("NEAR(Lula Moro, 10)", ["lula", "moro"]),  # the distance is not a word to find
    ("title:carta", ["carta"]),
    # what a NOT excludes cannot be a hit: not highlighted, not marked in the reader
    ("polícia NOT Rio", ["policia"]),
    ("a NOT (b OR c) d", ["a", "d"]),
    ("(a NOT b) OR c", ["a", "c"]),
    ("a NOT b + c d", ["a", "d"]),
    ("a NOT NEAR(b c, 2) d", ["a", "d"]),
    ("a NOT {title text}: b c", ["a", "c"]),
    ("a NOT - title : b c", ["a", "c"]),
    ("a NOT ^b c", ["a", "c"]),
    ('"x ""y""" NOT "z"', ["x", "y"]),
])
def test_query_terms(query, terms):
    assert [t + ("*" if p else "") for t, p in query_terms(query)] == terms
