"""PDF text per page, in reading order (pypdfium2: PDFium's text layer).

PDFium gives the text of a page as runs of characters on one line (``count_rects`` /
``get_rect``), in content-stream order, which for many generators is not reading order.  This
module lays the runs out again:

- runs are grouped into lines, and a page's lines into columns where a vertical gutter separates
  them (two or more columns), read left column first, top to bottom; a line spanning the gutter (a
  headline, a full-width paragraph) closes the column block above it;
- running headers and footers (a line in the top or bottom band of the page that repeats, digits
  aside, on at least half of the pages) and bare page numbers are removed;
- lines are joined into paragraphs (a blank line where the vertical gap is wider than the usual
  line spacing), and a word hyphenated at a line end is joined (PDFium marks such hyphens; a plain
  ``-`` before a lowercase letter counts too, except before ``lhe`` / ``lhes`` or a hyphen repeated at
  the start of the next line, the Portuguese convention for a real hyphen: ``disse-`` / ``-se``);
- pages are joined by a blank line, or by a space where a sentence runs on to the next page, so a
  claim can cross a page break; each page's span in the stored text is kept (``source_pages``).

A PDF with no text layer at all (a scan) is refused with one line: it needs OCR, and this release
has none.  An encrypted PDF that needs a password is refused with one line.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from .readers import RawDocument, paged_text

HEADER_BAND = 0.10  # the top and bottom tenth of a page is where running headers and footers live
_SOFT_HYPHENS = ("\x02", "\ufffe", "\u00ad")
_PAGE_NUMBER = re.compile(r"^\W*(?:(?:p|pp|pag|pág|page|página|pagina|seite|s)\.?\s*)?\d{1,4}"
                          r"(?:\s*(?:/|of|de|di|von)\s*\d{1,4})?\W*$", re.I)
# a line-end hyphen before these is a real one (Portuguese enclisis, "disse-lhe"); shorter clitics
# (-se, -nos, -los ...) are also the ends of ordinary words ("pla-nos"), so only the typographic
# convention of repeating the hyphen at the start of the next line ("disse-" / "-se") keeps those
_PT_CLITICS = {"lhe", "lhes"}
_SENTENCE_END = re.compile(r"[.!?:;…»”\"')\]]$")


@dataclass
class _Run:
    left: float
    bottom: float
    right: float
    top: float
    text: str


def read_pdf(path: Path, data: bytes) -> RawDocument:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg:
            raise InputError("encrypted PDF: it needs a password; save a decrypted copy and ingest that") from None
        raise InputError(f"damaged or unreadable PDF ({exc})") from None
    try:
        n = len(pdf)
        if n == 0:
            raise InputError("empty PDF (no pages)")
        pages_runs: list[list[_Run]] = []
        sizes: list[tuple[float, float]] = []
        for i in range(n):
            page = pdf[i]
            try:
                sizes.append((page.get_width(), page.get_height()))
                textpage = page.get_textpage()
                try:
                    pages_runs.append(_runs(textpage))
                finally:
                    textpage.close()
            finally:
                page.close()
        info = _metadata(pdf)
    finally:
        pdf.close()
    if not any(r.text.strip() for runs in pages_runs for r in runs):
        raise InputError(f"no text layer in this PDF ({n} page{'s' * (n != 1)}: a scan?): it needs OCR, "
                         f"and this release has none")
    repeated = _running_lines(pages_runs, sizes)
    page_texts: list[str] = []
    for runs, (w, h) in zip(pages_runs, sizes):
        kept = [r for r in runs if not _is_running(r, h, repeated)]
        page_texts.append(_page_text(kept, w))
    joins = []
    for i in range(len(page_texts) - 1):
        page_texts[i], sep = _page_join(page_texts[i], page_texts[i + 1])
        joins.append(sep)
    page_texts = [_unmark(t) for t in page_texts]
    text, spans = paged_text(page_texts, joins)
    notes = []
    blank = [i + 1 for i, t in enumerate(page_texts) if not t.strip()]
    if blank:
        shown = ", ".join(map(str, blank[:10])) + (" ..." if len(blank) > 10 else "")
        notes.append(f"{len(blank)} of {n} pages have no text layer (page {shown}): they need OCR")
    return RawDocument(str(path), text, "pdf", title=str(info.pop("title", "")), meta=info, pages=spans, notes=notes)


def _metadata(pdf: Any) -> dict[str, object]:
    from ..store.metadata import iso_date

    try:
        raw = pdf.get_metadata_dict(skip_empty=True)
    except Exception:  # noqa: BLE001  (a broken info dictionary is no reason to refuse the text)
        return {}
    out: dict[str, object] = {}
    if raw.get("Title", "").strip():
        out["title"] = raw["Title"]
    if raw.get("Author", "").strip():
        out["author"] = raw["Author"]
    date = iso_date(raw.get("CreationDate", "")) or iso_date(raw.get("ModDate", ""))
    if date:
        out["published_at"] = date
    return out


def _runs(textpage: Any) -> list[_Run]:
    """The text runs of a page (a run is text on one line, with its box)."""
    out = []
    for i in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(i)
        text = textpage.get_text_bounded(left, bottom, right, top)
        text = text.replace("\r", " ").replace("\n", " ")
        if text.strip():
            out.append(_Run(left, bottom, right, top, text))
    return out


def _norm_line(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split())).casefold()


def _in_band(r: _Run, height: float) -> bool:
    return r.bottom >= height * (1 - HEADER_BAND) or r.top <= height * HEADER_BAND


def _running_lines(pages_runs: list[list[_Run]], sizes: list[tuple[float, float]]) -> set[str]:
    """Lines in the header / footer bands that repeat (digits aside) on at least half of the pages."""
    if len(pages_runs) < 2:
        return set()
    seen: Counter[str] = Counter()
    for runs, (_w, h) in zip(pages_runs, sizes):
        seen.update({_norm_line(r.text) for r in runs if _in_band(r, h)})
    need = max(2, (len(pages_runs) + 1) // 2)
    return {line for line, c in seen.items() if c >= need}


def _is_running(r: _Run, height: float, repeated: set[str]) -> bool:
    if not _in_band(r, height):
        return False
    return _norm_line(r.text) in repeated or bool(_PAGE_NUMBER.match(r.text.strip()))


def _lines(runs: list[_Run]) -> list[_Run]:
    """Runs on the same baseline and touching horizontally merged into one (PDFium may split a
    line at a font change)."""
    runs = sorted(runs, key=lambda r: (-r.top, r.left))
    out: list[_Run] = []
    for r in runs:
        for o in out[-4:]:
            height = max(o.top - o.bottom, r.top - r.bottom, 1.0)
            same_line = abs(o.bottom - r.bottom) < 0.3 * height
            if same_line and 0 <= r.left - o.right < 0.6 * height:
                sep = "" if o.text.endswith(" ") or r.text.startswith(" ") else " "
                o.text += sep + r.text
                o.right, o.top, o.bottom = max(o.right, r.right), max(o.top, r.top), min(o.bottom, r.bottom)
                break
        else:
            out.append(_Run(r.left, r.bottom, r.right, r.top, r.text))
    return out


def _gutters(lines: list[_Run], width: float) -> list[float]:
    """x positions of vertical gutters: x ranges in the middle of the page that no line of at least
    two lines on each side crosses."""
    if len(lines) < 4:
        return []
    lo, hi = width * 0.2, width * 0.8
    step = max(width / 200, 1.0)
    xs = [lo + i * step for i in range(int((hi - lo) / step) + 1)]
    # lines crossing each position (a difference array), and lines wholly left / right of it
    diff = [0] * (len(xs) + 1)
    for ln in lines:
        a = max(0, bisect_right(xs, ln.left))  # first position strictly right of the line's left edge
        b = bisect_left(xs, ln.right)  # first position at or beyond its right edge
        if a < b:
            diff[a] += 1
            diff[b] -= 1
    rights = sorted(ln.right for ln in lines)
    lefts = sorted(ln.left for ln in lines)
    free = []
    crossing = 0
    for i, x in enumerate(xs):
        crossing += diff[i]
        free.append((x, crossing, bisect_right(rights, x), len(lefts) - bisect_left(lefts, x)))
    # the best gutter: fewest lines crossing it, with text on both sides
    candidates = [(c, x) for x, c, left, right in free if left >= 2 and right >= 2 and c <= len(lines) * 0.15]
    if not candidates:
        return []
    fewest = min(c for c, _x in candidates)
    xs = [x for c, x in candidates if c == fewest]
    # the middle of the widest run of equally free positions
    runs: list[list[float]] = [[xs[0]]]
    for x in xs[1:]:
        if x - runs[-1][-1] <= step * 1.5:
            runs[-1].append(x)
        else:
            runs.append([x])
    widest = max(runs, key=len)
    return [widest[len(widest) // 2]]


def _ordered(lines: list[_Run], width: float) -> list[list[_Run]]:
    """Lines in reading order, as blocks (a column's lines, or one full-width line)."""
    gutters = _gutters(lines, width)
    lines = sorted(lines, key=lambda r: (-r.top, r.left))
    if not gutters:
        return [lines]
    g = gutters[0]
    blocks: list[list[_Run]] = []
    left: list[_Run] = []
    right: list[_Run] = []
    for ln in lines:
        if ln.left < g < ln.right:  # spans the gutter: ends the column block above it
            blocks += [b for b in (left, right) if b]
            left, right = [], []
            blocks.append([ln])
        elif ln.right <= g:
            left.append(ln)
        else:
            right.append(ln)
    blocks += [b for b in (left, right) if b]
    return blocks


def _page_text(runs: list[_Run], width: float) -> str:
    """A page's text: paragraphs separated by a blank line; a paragraph that runs from the foot of
    one column to the head of the next is one paragraph."""
    lines = _lines(runs)
    paras: list[str] = []
    for block in _ordered(lines, width):
        gaps = [a.bottom - b.top for a, b in zip(block, block[1:])]
        usual = sorted(g for g in gaps if g >= 0)
        typical = usual[len(usual) // 2] if usual else 0.0
        cur = ""
        for i, ln in enumerate(block):
            text = " ".join(ln.text.split())
            if not i:
                cur = _join_lines(paras.pop(), text) if paras and _runs_on(paras[-1], text) else text
                continue
            gap = gaps[i - 1]
            height = max(ln.top - ln.bottom, 1.0)
            if gap > max(typical * 1.6, typical + 0.5 * height) or gap < -height:
                paras.append(cur)
                cur = text
            else:
                cur = _join_lines(cur, text)
        if cur:
            paras.append(cur)
    return "\n\n".join(p for p in paras if p.strip())


def _join_lines(a: str, b: str) -> str:
    """Join two lines of a paragraph; a word hyphenated at the end of ``a`` is put back together."""
    if a.endswith(_SOFT_HYPHENS):
        return a[:-1] + b
    if a.endswith("-") and len(a) >= 2 and a[-2].isalpha() and b[:1] == "-" and b[1:2].islower():
        return a + b[1:]  # the hyphen repeated on the next line: a real hyphen ("disse-" / "-se")
    if a.endswith("-") and len(a) >= 2 and a[-2].isalpha() and b[:1].islower():
        first = re.match(r"\w+", b)
        if first and first.group(0).lower() in _PT_CLITICS:
            return a + b  # disse-lhe: a real hyphen
        return a[:-1] + b
    if a.endswith("-") and len(a) >= 2 and a[-2].isalpha() and b[:1].isupper():
        return a + b  # a compound with a name: "Irã-" / "Iraque"
    return f"{a} {b}"


def _runs_on(text: str, following: str) -> bool:
    """Whether the last sentence of ``text`` runs on into ``following`` (a hyphenated word, or no
    sentence end and a lowercase start)."""
    a, b = text.rstrip(), following.lstrip()
    if not (a and b):
        return False
    if a.endswith(_SOFT_HYPHENS) or (a.endswith("-") and a[-2:-1].isalpha()
                                     and (b[0].islower() or (b[0] == "-" and b[1:2].islower()))):
        return True
    return not _SENTENCE_END.search(a) and (b[0].islower() or b[0].isdigit())


def _page_join(page: str, following: str) -> tuple[str, str]:
    """(page text, separator) for the boundary between two pages: '' inside a hyphenated word
    (the hyphen dropped), ' ' inside a sentence, a blank line otherwise."""
    a = page.rstrip()
    if not _runs_on(a, following):
        return _unmark(page), "\n\n"
    b = following.lstrip()
    if a.endswith("-") and b.startswith("-"):  # a real hyphen, repeated on the next page: keep that one
        return a[:-1], ""
    joined = _join_lines(a, b)
    if joined.startswith(a + " "):
        return a, " "
    head = a if joined.startswith(a) else a[:-1]
    return head, ""


def _unmark(text: str) -> str:
    """PDFium's marks for a hyphen at a line end, left where no line followed, become hyphens."""
    return text.replace("\x02", "-").replace("\ufffe", "-")
