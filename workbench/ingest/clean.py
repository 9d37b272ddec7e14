"""Text cleaning, done exactly once at ingest.  Every offset in the workspace refers to the string
this module returns: BOM dropped, terminal escape sequences removed, CRLF / CR -> LF, NFC, and every
other control character (C0, C1, DEL) replaced by a space except ``\\n`` and ``\\t``."""

from __future__ import annotations

import hashlib
import re
import unicodedata

# ANSI CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), DCS/PM/APC/SOS strings, 2-byte ESC sequences,
# and their 8-bit C1 forms.  A string sequence is removed only when it is terminated on the same line
# (within 4096 characters): an unterminated ``ESC ]`` or a stray C1 byte from a latin-1 file used to
# swallow the whole rest of the article.  Unterminated, only the introducer goes (the ESC / C1
# character becomes a space below), so the text stays visible and inert.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*+[ -/]*+[@-~]"
    r"|\x9b[0-?]*+[ -/]*+[@-~]"
    r"|(?:\x1b[\]PX^_]|[\x90\x9d\x98\x9e\x9f])[^\x07\x1b\x9c\n]{0,4096}+(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[0-Z\\-~]"  # 2-character sequences: ESC 7, ESC 8, ESC c (reset), ESC ] unterminated ...
    r"|\x1b[ -/]+[0-~]?"
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_text(raw: str) -> str:
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPES.sub("", text)
    text = text.lstrip("\ufeff")  # after the escapes, so that cleaning twice changes nothing
    text = _CONTROLS.sub(" ", text)
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    return unicodedata.normalize("NFC", text)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+/?$", re.I)


def title_and_outlet(text: str, max_len: int = 200) -> tuple[str, str]:
    """Title = first non-empty line.  If that line looks like a site name (a domain such as
    ``www.fabioambrosi.it``, or a short line of at most three words with no sentence punctuation
    followed by a longer line) it is taken as the outlet and the next line as the title."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()][:3]
    if not lines:
        return "", ""
    first = lines[0].lstrip("#").strip()
    outlet = ""
    if len(lines) > 1:
        words = first.split()
        sitey = _DOMAIN.match(first) or (
            len(words) <= 3 and len(first) <= 30 and not re.search(r"[.!?:;,]$", first)
            and len(lines[1]) > 2 * len(first) and not first.isdigit())
        if sitey:
            outlet, first = first, lines[1].lstrip("#").strip()
    if len(first) > max_len:
        first = first[: max_len - 1].rstrip() + "…"
    return first, outlet
