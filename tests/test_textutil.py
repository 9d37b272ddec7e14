"""Text helpers shared by search, NLP and corroboration."""

from __future__ import annotations

import sys
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from workbench.textutil import _combining_re, fold_for_match, strip_accents


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
