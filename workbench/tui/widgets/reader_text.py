"""The reader's text geometry: sentences (for ``s``), word stops (ctrl+arrows) and hard wrapping.
Pure functions of the text: offsets never change."""

from __future__ import annotations

import re
from bisect import bisect_left

_sentences_cache: tuple[str, list[tuple[int, int]]] | None = None

# Where ctrl+(shift+)arrows stop: word starts and ends, except inside a number written with
# separators ("10.000", "3,5", "1.234.567" are one word, as a reader and a quote need them).
# Like TextArea's own pattern, a boundary needs a character on each side (the search runs on a
# slice of the line that starts or ends at the cursor).
WORD_BOUNDARY = re.compile(r"(?<=\W)(?<!\d[.,])(?=\w)|(?<=\w)(?=\W)(?!(?<=\d)[.,]\d)")


def sentence_at(text: str, pos: int) -> tuple[int, int] | None:
    """The sentence around ``pos`` (or the next one, from whitespace), with the same
    abbreviation-aware splitter the corroboration index uses ("Sr. Musk", "EE.UU.", "10.000" do
    not end a sentence; a line break does).  ``None`` if there is no text at or after ``pos``."""
    global _sentences_cache
    from ...evidence.passages import split_sentences

    if _sentences_cache is None or _sentences_cache[0] is not text:
        _sentences_cache = (text, split_sentences(text))
    spans = _sentences_cache[1]
    pos = max(0, min(pos, len(text)))
    # the sentence ending at or after pos: a cursor resting just after a title's last letter
    # (end of its line) selects the title, not the paragraph below it
    i = bisect_left([e for _s, e in spans], pos)
    return spans[i] if i < len(spans) else None


def hard_wrap(text: str, width: int) -> str:
    """Word-wrap by turning the breaking space into ``\n``: same length, same offsets.

    The TextArea then needs no soft wrapping, which on a 200,000-character article costs more
    than everything else together (wrap on load, again on resize, and each visual row re-dividing
    its whole paragraph when painted).  A word longer than the width breaks at its next space."""
    if width < 8:
        return text
    lines = text.split("\n")
    for n, line in enumerate(lines):
        if len(line) <= width:
            continue
        chars = None
        pos = 0
        while len(line) - pos > width:
            br = line.rfind(" ", pos, pos + width + 1)
            if br <= pos:
                br = line.find(" ", pos + width)
                if br == -1:
                    break
            if chars is None:
                chars = list(line)
            chars[br] = "\n"
            pos = br + 1
        if chars is not None:
            lines[n] = "".join(chars)
    return "\n".join(lines)
