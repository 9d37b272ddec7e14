"""``word~`` read from the index by a bounded set of prefix ranges (issue 17): what it promises to
find, checked against edits made at random and against a brute-force scan of the vocabulary."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from workbench.store.search import edit_prefixes

LETTERS = "abcdefghijklmnopqrstuvwxyz"
_word = st.text(alphabet=st.sampled_from(list(LETTERS)), min_size=4, max_size=12)


def _edit(word: str, kind: str, at: int, letter: str) -> str:
    if kind == "change":
        return word[:at] + letter + word[at + 1:]
    if kind == "drop":
        return word[:at] + word[at + 1:]
    if kind == "put":
        return word[:at] + letter + word[at:]
    return word[:at] + word[at + 1] + word[at] + word[at + 2:]  # swap at, at + 1


def _found(term: str, word: str) -> bool:
    return any(term.startswith(p) for p in edit_prefixes(word))


@settings(max_examples=400, deadline=None)
@given(_word, st.sampled_from(["change", "drop", "put", "swap", "none"]), st.integers(0, 2),
       st.sampled_from(list(LETTERS)), st.sampled_from(["change", "drop", "put", "none"]),
       st.sampled_from(list(LETTERS)), st.data())
def test_one_edit_among_the_first_letters_and_one_after_are_found(word, kind, at, letter, kind2, letter2, data):
    """A word made by one edit among the first three letters (not a letter put in before the
    first or second, which the ranges do not cover) and any edit after the fourth starts with one
    of the prefixes."""
    if kind == "put":  # after the first letter (aXbc) or the second (abXc)
        at = data.draw(st.sampled_from([1, 2]))
    if kind == "swap":
        at = min(at, 1)
    term = word if kind == "none" else _edit(word, kind, at, letter)
    if kind2 != "none" and len(term) > 5:
        term = _edit(term, kind2, data.draw(st.integers(4, len(term) - 1)), letter2)
    assert _found(term, word), (word, term, sorted(edit_prefixes(word))[:8])


def test_prefixes_are_bounded_and_not_nested():
    for word in ("presidnte", "moro", "covid19", "abc"):
        ps = edit_prefixes(word)
        assert len(ps) <= 6 + 5 * 36
        assert all(len(p) >= 2 for p in ps)
        assert not any(p != q and p.startswith(q) for p in ps for q in ps)
    assert edit_prefixes("ab") == {"ab"}


def test_cold_reading_finds_what_a_scan_of_the_whole_vocabulary_finds(seeded_ws):
    """On the seeds: each word's variants read by prefix ranges equal those of a brute-force scan
    of every indexed word, filtered by the same promise (one edit among the first three letters)."""
    seeded_ws._vocab_table()
    vocab = dict(seeded_ws.conn.execute("SELECT term, doc FROM temp.sources_vocab"))
    for word in ("babushkin", "nvdia", "inteligensia", "twiter", "fevreiro", "mil", "carta", "bolsonaro"):
        d = 1 if len(word) <= 5 else 2
        expected = {t for t in vocab if Levenshtein.distance(word, t) <= d and _found(t, word)}
        seeded_ws._vocab = None
        got = set(seeded_ws.similar_words(word, d, limit=10_000))
        assert got == expected, word
    assert "babuschkin" in seeded_ws.similar_words("babushkin", 2)
    assert "nvidia" in seeded_ws.similar_words("nvdia", 1)
