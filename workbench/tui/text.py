"""Turning workspace strings into things Textual shows *literally*.

Article text, titles, snippets, entity names, tags and notes come from users and from the web, so
none of them may reach a markup parser (``[@click=app.quit]x[/]`` would become a live action and
``[/foo]`` would crash).  Everything shown goes through :class:`rich.text.Text` built here, never
through a ``str`` handed to ``Static``/``Label``/``OptionList``.  Control characters (ESC above
all) are replaced one-for-one, so offsets into the stored text stay valid.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:
    from ..store import Source


# C0/C1 controls except \n and \t, and the extra line breaks str.splitlines() honours
# (TextArea splits its document with splitlines, so these would shift rows).
_CONTROL = {c: "\ufffd" for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0)]}
_LINE_BREAKS = {0x0B: " ", 0x0C: " ", 0x1C: " ", 0x1D: " ", 0x1E: " ", 0x85: " ", 0x2028: " ", 0x2029: " "}
_DISPLAY = {**_CONTROL, **_LINE_BREAKS, 0x0D: " "}
_ONE_LINE = {**_DISPLAY, 0x0A: " ", 0x09: " "}


_DISPLAY_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in _DISPLAY) + "]")


def display_text(s: str) -> str:
    """Same length as ``s``; safe for the terminal; line breaks only at ``\\n``.  (Stored text is
    clean already, so the common case is one C-speed scan and no copy.)"""
    return s.translate(_DISPLAY) if _DISPLAY_RE.search(s) else s


def one_line(s: str, limit: int | None = None) -> str:
    from ..textutil import display

    s = " ".join(display(s, oneline=True).translate(_ONE_LINE).split())
    if limit is not None and len(s) > limit:
        s = s[: max(1, limit - 1)] + "…"
    return s


def snippet_line(snippet: str, marks: list[tuple[int, int]], width: int | None = None) -> Text:
    """A search snippet as one display line: each run of whitespace becomes one space, with the
    marked words still marked (they are offsets into the snippet as stored); and when the first
    mark would end past ``width`` columns, the line starts a little before it, after a "…"."""
    s = snippet.translate(_ONE_LINE)  # same length
    new_at = [0] * (len(s) + 1)  # where each character of the snippet lands in the line
    out: list[str] = []
    after_space = True  # drops leading whitespace
    for i, ch in enumerate(s):
        new_at[i] = len(out)
        if ch.isspace():
            if not after_space:
                out.append(" ")
            after_space = True
        else:
            out.append(ch)
            after_space = False
    new_at[len(s)] = len(out)
    line = "".join(out).rstrip()
    spans = [(new_at[a], min(new_at[b], len(line))) for a, b in marks if 0 <= a < b <= len(s)]
    if width and spans and spans[0][1] > width - 1:
        cut = max(1, spans[0][0] - width // 4)
        sp = line.find(" ", cut - 1, spans[0][0])
        cut = sp + 1 if sp != -1 else cut  # at the start of a word
        line = "…" + line[cut:]
        spans = [(a - cut + 1, b - cut + 1) for a, b in spans if a >= cut]
    text = Text(line, style="dim", end="")  # the list crops it to the pane
    for a, b in spans:
        text.stylize("bold reverse", a, b)
    return text


def lit(s: str, style: str = "") -> Text:
    """A literal (never markup) single-line Text."""
    return Text(one_line(s), style=style, end="")


STATUS_STYLE = {
    "unverified": "bold #e0c060",
    "supported": "bold #50c878",
    "disputed": "bold #ff9f43",
    "false": "bold #ff5f5f",
    "unclear": "bold #a0a0ff",
}
STATUS_MARK = {"unverified": "?", "supported": "✓", "disputed": "≠", "false": "✗", "unclear": "~"}


def cite(quote: str, source: Source) -> str:
    """A quote with its citation, for the clipboard: the quote in typographic quotes, then title,
    outlet, date and URL (whichever the source has; the file path when there is no URL)."""
    parts = [one_line(getattr(source, "title", "") or "(untitled)")]
    for attr in ("outlet", "author"):
        v = getattr(source, attr, "") or ""
        if v:
            parts.append(one_line(v))
    date = getattr(source, "published_at", "") or ""
    if date:
        parts.append(one_line(date)[:10])
    where = getattr(source, "url", "") or getattr(source, "path", "") or ""
    if where:
        parts.append(one_line(where))
    body = " ".join(quote.split())
    return f"\u201c{body}\u201d \u2014 " + ", ".join(parts)


def plural(n: int, word: str, many: str | None = None) -> str:
    """``plural(1, "mention")`` -> "1 mention"; ``plural(3, "entity", "entities")`` -> "3 entities"."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"
