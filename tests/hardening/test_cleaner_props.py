"""Property tests over the ingest cleaner: arbitrary Unicode in, the documented invariants out."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from workbench.ingest.clean import clean_text, sha256_text, title_and_outlet

# Text biased towards the characters that matter: controls, escapes, line breaks, BOMs, combining
# marks, ZWJ, bidi controls, astral characters.
_SPECIAL = st.sampled_from(list("\x00\x07\x08\x0b\x0c\r\n\t\x1b\x7f\x85\x90\x9b\x9c\x9d\x9e\x9f\ufeff\u2028\u2029"
                                "\u200d\u0301\u0308\u202e\u2066[]];P\\^_m0123456789")
                           + ["\U0001F468\u200d\U0001F469\u200d\U0001F467", "e\u0301", "\x1b[31m", "\x1b]0;",
                              "\x1b\\", "\r\n", "\U0001F44D\U0001F3FD"])
TEXT = st.lists(st.one_of(st.characters(), _SPECIAL), max_size=60).map("".join) | st.text()

ALLOWED_CONTROLS = {"\n", "\t"}


def _controls(s: str) -> set[str]:
    return {c for c in s if unicodedata.category(c) == "Cc"} - ALLOWED_CONTROLS


@settings(max_examples=400, deadline=None)
@given(TEXT)
@example("\x1b[m\ufeffabc")          # an escape hid a BOM: cleaning twice used to strip it the second time
@example("title\n\x1b]0;x\narticle")  # an unterminated OSC used to swallow the rest of the article
@example("a\x9d latin-1 text with a stray C1 byte\nsecond line")
def test_cleaner_invariants(raw: str) -> None:
    out = clean_text(raw)
    assert not _controls(out), [hex(ord(c)) for c in _controls(out)]
    assert "\r" not in out and "\x1b" not in out
    assert "\u2028" not in out and "\u2029" not in out
    assert not out.startswith("\ufeff")
    assert unicodedata.is_normalized("NFC", out)
    assert clean_text(out) == out  # idempotent: re-ingesting the stored text changes nothing
    assert sha256_text(out) == sha256_text(clean_text(out))
    title, outlet = title_and_outlet(out)
    assert "\n" not in title and "\n" not in outlet
    assert len(title) <= 200


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=80))
def test_plain_text_survives(raw: str) -> None:
    """Text without controls or escapes loses nothing but its leading BOMs (and is NFC'd)."""
    expected = unicodedata.normalize("NFC", raw.lstrip("\ufeff"))
    assert clean_text(raw) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=40),
       st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=40))
def test_unterminated_escape_loses_no_text(a: str, b: str) -> None:
    out = clean_text(a + "\n\x1b]" + "\n" + b)
    assert clean_text(b).strip() in out


def test_terminal_sequences_removed() -> None:
    raw = ("\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\ \x1b[2J\x1b[31mred\x1b[0m "
           "\x1b]0;pwned\x07title \x1bPq#0;2;0;0;0\x1b\\ \x9b31mc1\x9bm \x1b(B\x1b7\x1b8 end")
    out = clean_text(raw)
    assert out == "click red title  c1  end", repr(out)


def test_line_endings_and_boms() -> None:
    assert clean_text("\ufeffa\r\nb\rc\n") == "a\nb\nc\n"
    assert clean_text("a\u2028b\u2029c") == "a\nb\n\nc"
    assert clean_text("mid\ufeffdle") == "mid\ufeffdle"  # a mid-text U+FEFF is a character, kept
