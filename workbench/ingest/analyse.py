"""The CPU-heavy stage of ingest: language ID (unless the user gave one) and NER, run over bounded
pieces of each text, in worker processes for large batches (:func:`workbench.parallel.map_in_order`).
A text whose analysis fails, or whose worker dies, fails alone: the others of its chunk are
analysed again one by one."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..parallel import map_in_order
from .langid import detect_language

if TYPE_CHECKING:
    from .prepare import Prepared

NER_PIECE_CHARS = 20_000  # NER runs over paragraph-aligned pieces of at most this many characters
NER_BATCH_CHARS = 60_000  # ... handed to the model this many characters at a time
# spaCy's memory grows with the text it is given at once: about 3 GB per million characters of
# Spanish, so one 8 MB file grew a worker to 23 GB.  Pieces keep it flat with file size (see
# bench/ner_memory.py), and no text reaches spaCy's 20,000,000-character limit (E088).  Articles
# up to NER_PIECE_CHARS (99.9% of the corpus) are one piece: their mentions are unchanged.

Mention = tuple[int, int, str, str, str]  # (start, end, text, label, origin)
Analysed = tuple[str, list[Mention], str | None]  # (lang, mentions, why the analysis failed or None)


def pieces(text: str, limit: int | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` spans that tile ``text``, each at most ``limit`` characters, cut at a
    paragraph break where there is one in the last three quarters of the window, else at a line
    break, a sentence end, a space, and only as a last resort anywhere."""
    limit = limit or NER_PIECE_CHARS
    n = len(text)
    out: list[tuple[int, int]] = []
    start = 0
    while n - start > limit:
        lo, hi = start + limit // 4, start + limit
        cut = text.rfind("\n\n", lo, hi)
        if cut >= 0:
            cut += 2
        else:
            cut = text.rfind("\n", lo, hi)
            if cut >= 0:
                cut += 1
            else:
                cut = max(text.rfind(end, lo, hi - 1) for end in (". ", "? ", "! ", ".» ", '." ', ".” "))
                cut = cut + text[cut:hi].index(" ") + 1 if cut >= 0 else text.rfind(" ", lo, hi) + 1
        if cut <= start:
            cut = hi
        out.append((start, cut))
        start = cut
    out.append((start, n))
    return out


def extract_bounded(texts: list[str], langs: list[str]) -> list[list[Mention]]:
    """NER over bounded pieces of the texts, the mentions' offsets mapped back to each whole text."""
    from ..nlp.ner import extract

    found: list[list[Mention]] = [[] for _ in texts]
    batch: list[tuple[int, int, str, str]] = []  # (text index, offset, piece, lang)
    size = 0

    def run() -> None:
        for (i, off, _piece, _lang), ms in zip(batch, extract([b[2] for b in batch], [b[3] for b in batch])):
            found[i].extend((m.start + off, m.end + off, m.text, m.label, m.origin) for m in ms)

    for i, (text, lang) in enumerate(zip(texts, langs)):
        for a, b in pieces(text):
            if batch and size + (b - a) > NER_BATCH_CHARS:
                run()
                batch, size = [], 0
            batch.append((i, a, text[a:b], lang))
            size += b - a
    if batch:
        run()
    return found


def analyse(texts: list[str], langs: list[str]) -> list[Analysed]:
    """The CPU-heavy part, run in worker processes for big batches: language ID (unless the user
    gave one) and NER.  Returns (lang, mentions, None) per text, or (lang, [], reason) for a text
    whose analysis raised: the others of the batch are analysed again alone, so one bad file
    fails alone."""
    try:
        langs = [lang or detect_language(t) for t, lang in zip(texts, langs)]
        return [(lang, ms, None) for lang, ms in zip(langs, extract_bounded(texts, langs))]
    except Exception as exc:  # noqa: BLE001  (every failure becomes that file's one line)
        if len(texts) == 1:
            return [(langs[0] or "und", [], reason(exc))]
    return [analyse([t], [lang])[0] for t, lang in zip(texts, langs)]


def reason(exc: BaseException) -> str:
    """One line for a failure nobody planned for (the type names the cause when the text does not)."""
    from ..textutil import display

    text = display(" ".join(str(exc).split()), oneline=True)
    if len(text) > 200:
        text = text[:199] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def analyse_args(chunk: list[Prepared]) -> tuple[list[str], list[str]]:
    """What a worker is sent for a chunk: its texts and their languages (given or '')."""
    return [p.text for p in chunk], [p.lang for p in chunk]


Crashed = Callable[[list["Prepared"], BaseException], list[Analysed]]


def crashed_handler(workers: int, fn: Callable[[list[str], list[str]], list[Analysed]]) -> Crashed:
    """What a chunk whose analysis failed in the pool gets: each file analysed again alone (in a
    fresh pool), so that only the file that kills a worker (or cannot be sent to one) fails."""

    def crashed(chunk: list[Prepared], exc: BaseException) -> list[Analysed]:
        if len(chunk) == 1:
            from concurrent.futures.process import BrokenProcessPool

            why = ("the analysis process died (out of memory?)" if isinstance(exc, BrokenProcessPool)
                   else reason(exc))
            return [(chunk[0].lang or "und", [], why)]
        return [r for _c, rs in map_in_order(fn, ([p] for p in chunk), workers, analyse_args,
                                             crashed=crashed) for r in rs]

    return crashed
