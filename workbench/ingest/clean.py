"""Text cleaning, done exactly once at ingest.  Every offset in the workspace refers to the string
this module returns: BOM dropped, terminal escape sequences removed, CRLF / CR -> LF, NFC, and every
other control character (C0, C1, DEL) replaced by a space except ``\\n`` and ``\\t``."""

from __future__ import annotations

import hashlib
import re

from ..textutil import clean_text  # noqa: F401  (re-exported: the cleaning rules live with the other text helpers)


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
