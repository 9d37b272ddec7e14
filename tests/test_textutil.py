"""Text helpers shared by search, NLP and corroboration."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from hypothesis import given
from hypothesis import strategies as st

from workbench.textutil import _combining_table, fold_for_match, query_terms, strip_accents


def _reference(text: str) -> str:
    nfkd = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFKC", "".join(c for c in nfkd if not unicodedata.combining(c))).casefold()


def test_combining_class_table_covers_this_unicode_version():
    every = {chr(cp) for cp in range(0x300, sys.maxunicode + 1) if unicodedata.combining(chr(cp))}
    assert every == {chr(cp) for cp in _combining_table()}


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


def test_one_fold_for_keys_and_offsets() -> None:
    from workbench.textutil import fold_for_match, fold_with_map, fold_word, strip_accents

    for s in ("São Paulo", "ÉLYSÉE", "Straße", "İstanbul", "Ünïcödé"):
        assert fold_word(s) == strip_accents(s)
        assert len(fold_for_match(s)) == len(s)
        folded, index = fold_with_map(s)
        assert folded == "".join(strip_accents(c) for c in s)  # the same fold, character by character
        if index is not None:
            assert len(index) == len(folded) + 1 and index[-1] == len(s)
    assert fold_for_match("Straße") == "straße"  # a longer fold keeps the length: the letter stays
    assert fold_with_map("Straße")[0] == "strasse"


def test_name_key_lives_in_textutil_with_one_word_list() -> None:
    from workbench.textutil import ARTICLES, LEGAL_SUFFIXES, name_key

    assert name_key("Open AI") == name_key("OpenAI") == "openai"
    assert name_key("Space X") == name_key("SpaceX")
    assert name_key("Twitter Inc.") == name_key("Twitter") and "inc" in LEGAL_SUFFIXES
    assert name_key("La Coruña") == name_key("Coruña") and "la" in ARTICLES
    assert name_key("Twitter Spaces") != name_key("Twitter")


def test_one_table_of_control_characters() -> None:
    from workbench.textutil import CONTROL_CHARS, CONTROL_TABLE, clean_text, display

    assert len(CONTROL_CHARS) == 32 + 33 and set(map(ord, CONTROL_CHARS)) == set(CONTROL_TABLE)
    raw = "a\x00b\tc\nd\x7fe\x85f"
    assert clean_text(raw) == "a b\tc\nd e f"  # stored text keeps tab and newline
    assert display(raw) == "a b\tc\nd e f"
    assert "a\x01\tb".translate(CONTROL_TABLE) == "a  b"  # one-line messages keep nothing


def test_union_find_keeps_the_first_member_as_root() -> None:
    from workbench.unionfind import UnionFind

    u: UnionFind[int] = UnionFind()
    u.union(5, 3)
    u.union(3, 9)
    u.union(7, 8)
    assert u.find(9) == u.find(5) == 3 and u.find(8) == 7
    assert u.find(4) == 4 and 4 in u and 6 not in u
    s: UnionFind[str] = UnionFind()
    s.union("b", "a")
    assert s.find("b") == "a"
