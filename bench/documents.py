"""Documents in: PDF text quality and speed, and .docx speed, against the bare extractor libraries
on the same files, in the same run (rounds interleaved: the machine is shared and noisy).

    .venv/bin/python bench/documents.py [--pdfs 24] [--docx 60] [--rounds 3]

The PDFs are built here from real corpus articles (read from ../shared/corpus, never copied into
the repo): A4, two columns, a running header and a page-number footer, lines wrapped to the column
with long words hyphenated at line ends, paragraphs flowing from column to column and page to page,
and the content stream written row by row across both columns (as many generators do).  The
article text is the gold: text quality is the word-level similarity (difflib ratio over the word
sequence, so order counts) of each extractor's output to it, plus the words broken by a hyphen
that were not joined, and the header / footer lines left in.

Extractors compared on the same files:
- ``product``: workbench's PDF reader (pypdfium2 text runs laid out again: columns, headers,
  hyphenation), and the full ``ingest`` (reading, cleaning, language ID, NER, storage);
- ``pypdfium2 bare``: ``PdfTextPage.get_text_range()`` per page, pages joined by a blank line;
- ``pdfminer.six``: ``extract_text`` with its default layout analysis (LAParams).
The .docx files (python-docx built, a table each) are read by the product's reader, ingested whole,
and read bare (``docx.Document`` paragraphs + table cells).  Writes bench/results/documents.json.
"""

from __future__ import annotations

import argparse
import difflib
from collections import Counter
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from bench._corpus import corpus_files, write_result  # noqa: E402

HEADER = "Boletín de prensa - edición de prueba"
_LATIN1 = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "—": "-", "–": "-", "…": "...",
                         "\u00a0": " ", "€": "EUR"})


def gold_articles(n: int, min_chars: int = 6000) -> list[list[str]]:
    """Paragraphs of ``n`` corpus articles long enough for two or more pages, as latin-1 text (the
    PDF core fonts)."""
    out = []
    for path in corpus_files():
        text = path.read_text(encoding="utf-8").translate(_LATIN1)
        text = text.encode("latin-1", "ignore").decode("latin-1")
        paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n|\n", text) if len(p.split()) >= 4]
        if sum(len(p) for p in paras) >= min_chars:
            out.append(paras)
        if len(out) == n:
            break
    return out


def _wrap(pdf, para: str, width: float, split: list[str]) -> list[str]:
    """Lines of ``para`` that fit ``width`` mm; a long word that does not fit is hyphenated (and
    added to ``split``)."""
    lines: list[str] = []
    cur = ""
    for word in para.split():
        trial = f"{cur} {word}".strip()
        if pdf.get_string_width(trial) <= width:
            cur = trial
            continue
        if len(word) >= 8 and word.isalpha() and cur:
            for cut in range(len(word) - 3, 2, -1):  # the longest head that fits, hyphenated
                head = f"{cur} {word[:cut]}-"
                if pdf.get_string_width(head) <= width:
                    lines.append(head)
                    split.append(word)
                    cur = word[cut:]
                    break
            else:
                lines.append(cur)
                cur = word
            continue
        if cur:
            lines.append(cur)
        cur = word
    if cur:
        lines.append(cur)
    return lines


def build_pdf(path: Path, paras: list[str], split: list[str] | None = None) -> int:
    """Two-column pages from ``paras``; returns the page count.  Words hyphenated at a line end
    are added to ``split``."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=9)
    col_w, line_h, top, rows = 80.0, 4.5, 25.0, 55
    lines: list[str | None] = []  # None: the blank line between paragraphs
    for p in paras:
        lines += _wrap(pdf, p, col_w, split if split is not None else [])
        lines.append(None)
    per_page = 2 * rows
    pages = [lines[i:i + per_page] for i in range(0, len(lines), per_page)]
    for n, page in enumerate(pages, 1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=7)
        pdf.set_xy(20, 10)
        pdf.cell(170, 4, HEADER, align="C")
        pdf.set_xy(20, 287)
        pdf.cell(170, 4, f"Página {n}", align="C")
        pdf.set_font("Helvetica", size=9)
        left, right = page[:rows], page[rows:]
        for r in range(rows):  # row by row across both columns: stream order is not reading order
            for x, col in ((20.0, left), (110.0, right)):
                if r < len(col) and col[r] is not None:
                    pdf.set_xy(x, top + r * line_h)
                    pdf.cell(col_w, line_h, col[r])
    pdf.output(str(path))
    return len(pages)


def words(text: str) -> list[str]:
    return re.findall(r"\w+(?:[-']\w+)*", text.casefold())


def quality(gold: str, got: str, split: list[str]) -> dict:
    """Similarity of the word sequences; how many of the words hyphenated at a line end come out
    whole; header lines left in."""
    g, o = words(gold), words(got)
    sm = difflib.SequenceMatcher(None, g, o, autojunk=False)
    want, have = Counter(w.casefold() for w in split), Counter(o)
    gold_counts = Counter(g)
    # a split word is recovered when the output has it whole as often as the gold text does
    recovered = sum(min(n, max(0, have[w] - (gold_counts[w] - n))) for w, n in want.items())
    return {"similarity": round(sm.ratio(), 4), "split_words": sum(want.values()), "split_recovered": recovered,
            "header_lines_left": got.count(HEADER)}


def bare_pdfium(path: Path) -> tuple[str, int]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    out = []
    for i in range(len(pdf)):
        page = pdf[i]
        tp = page.get_textpage()
        out.append(tp.get_text_range())
        tp.close()
        page.close()
    n = len(pdf)
    pdf.close()
    return "\n\n".join(out), n


def bare_pdfminer(path: Path) -> tuple[str, int]:
    from pdfminer.high_level import extract_text

    return extract_text(str(path)), 0


def product_reader(path: Path) -> tuple[str, int]:
    from workbench.ingest.readers import read_documents

    (doc,) = read_documents(path)
    return doc.text, len(doc.pages or [])


def bare_docx(path: Path) -> tuple[str, int]:
    import docx

    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        parts += [c.text for row in t.rows for c in row.cells]
    return "\n".join(parts), 1


def ingest_time(files: list[Path]) -> tuple[float, int]:
    from workbench.ingest import ingest_paths
    from workbench.store import Workspace

    with tempfile.TemporaryDirectory() as d:
        ws = Workspace(Path(d) / "w.db")
        t = time.perf_counter()
        report = ingest_paths(ws, files)
        dt = time.perf_counter() - t
        n = len(report.added)
        ws.close()
    return dt, n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pdfs", type=int, default=24)
    ap.add_argument("--docx", type=int, default=60)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    import warnings

    warnings.filterwarnings("ignore")
    import docfiles

    tmp = Path(tempfile.mkdtemp(prefix="wb-docs-"))
    arts = gold_articles(args.pdfs)
    pdfs, golds, splits, pages = [], [], [], 0
    for i, paras in enumerate(arts):
        f = tmp / f"a{i:03d}.pdf"
        split: list[str] = []
        pages += build_pdf(f, paras, split)
        pdfs.append(f)
        golds.append("\n\n".join(paras))
        splits.append(split)
    docxs = [docfiles.report_docx(tmp / f"d{i:03d}.docx", paragraphs=20 + i % 20, number=i) for i in range(args.docx)]
    print(f"{len(pdfs)} PDFs, {pages} pages; {len(docxs)} .docx files (in {tmp})")

    # text quality (deterministic: once)
    qual: dict[str, list[dict]] = {"product": [], "pypdfium2 bare": [], "pdfminer.six": []}
    for f, gold, split in zip(pdfs, golds, splits):
        for name, fn in (("product", product_reader), ("pypdfium2 bare", bare_pdfium), ("pdfminer.six", bare_pdfminer)):
            qual[name].append(quality(gold, fn(f)[0], split))
    quality_summary = {name: {"similarity_mean": round(statistics.mean(q["similarity"] for q in qs), 4),
                              "similarity_min": min(q["similarity"] for q in qs),
                              "split_words": sum(q["split_words"] for q in qs),
                              "split_recovered": sum(q["split_recovered"] for q in qs),
                              "header_lines_left": sum(q["header_lines_left"] for q in qs)}
                       for name, qs in qual.items()}

    # speed: interleaved rounds
    pdf_methods = {"product reader": lambda: [product_reader(f) for f in pdfs],
                   "pypdfium2 bare": lambda: [bare_pdfium(f) for f in pdfs],
                   "pdfminer.six": lambda: [bare_pdfminer(f) for f in pdfs]}
    docx_methods = {"product reader": lambda: [product_reader(f) for f in docxs],
                    "python-docx bare": lambda: [bare_docx(f) for f in docxs]}
    ingest_time(pdfs[:1])  # load spaCy once before timing
    times: dict[str, list[float]] = {}
    for _ in range(args.rounds):
        for name, fn in pdf_methods.items():
            t = time.perf_counter()
            fn()
            times.setdefault(f"pdf {name}", []).append(time.perf_counter() - t)
        dt, _n = ingest_time(pdfs)
        times.setdefault("pdf product ingest", []).append(dt)
        for name, fn in docx_methods.items():
            t = time.perf_counter()
            fn()
            times.setdefault(f"docx {name}", []).append(time.perf_counter() - t)
        dt, _n = ingest_time(docxs)
        times.setdefault("docx product ingest", []).append(dt)
    speed = {}
    for name, ts in times.items():
        med = statistics.median(ts)
        unit, n = ("pages/s", pages) if name.startswith("pdf") else ("files/s", len(docxs))
        speed[name] = {"median_s": round(med, 3), unit: round(n / med, 1), "rounds_s": [round(t, 3) for t in ts]}

    result = {"pdfs": len(pdfs), "pages": pages, "docx_files": len(docxs), "rounds": args.rounds,
              "quality": quality_summary, "speed": speed}
    out = write_result("documents", result)
    print("\ntext quality (word-sequence similarity to the article text; 1.0 = identical)")
    for name, q in quality_summary.items():
        print(f"  {name:16} mean {q['similarity_mean']:.4f}  min {q['similarity_min']:.4f}  "
              f"hyphenated words whole {q['split_recovered']}/{q['split_words']}  header lines left {q['header_lines_left']}")
    print("\nspeed (median of interleaved rounds)")
    for name, s in speed.items():
        rate = s.get("pages/s", s.get("files/s"))
        unit = "pages/s" if "pages/s" in s else "files/s"
        print(f"  {name:28} {rate:8.1f} {unit}   ({s['median_s']:.3f} s)")
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
