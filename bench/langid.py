"""Language ID on the real corpus: accuracy and cost by the number of leading characters read.

    .venv/bin/python bench/langid.py

The corpus folders name each article's language (pt, es, it, en).  The product
(``workbench.ingest.langid.detect_language``) reads the first 300 characters and, unless py3langid
is 99.9% sure of them, the first 600; this shows why: accuracy and seconds for that and for a fixed
200 to 3,000 characters, same run.  Results: ``bench/results/langid.json``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench._corpus import corpus_files, write_result  # noqa: E402

SAMPLES = (200, 400, 600, 1000, 3000)


def main() -> None:
    from workbench.ingest.clean import clean_text
    from workbench.ingest.langid import detect_language

    files = corpus_files()
    texts = [clean_text(f.read_text(encoding="utf-8")) for f in files]
    gold = [f.parent.name for f in files]
    detect_language(texts[0])  # load the model outside the timings
    rows = {}
    for n in ("product", *SAMPLES):
        t0 = time.perf_counter()
        if n == "product":
            pred = [detect_language(t) for t in texts]
        else:
            pred = [_fixed(t, n) for t in texts]
        dt = time.perf_counter() - t0
        wrong = [(str(f.name), g, p) for f, g, p in zip(files, gold, pred) if g != p]
        rows[n] = {"correct": len(files) - len(wrong), "seconds": round(dt, 2), "wrong": wrong[:10]}
        print(f"{n:>7}{'' if n == 'product' else ' chars'}: {len(files) - len(wrong):,} / {len(files):,} right,"
              f" {dt:.2f} s")
    print("wrote", write_result("langid", {"articles": len(files), "by_sample_chars": rows,
                                            "product": "300 characters if 99.9% sure, else 600"}))


def _fixed(text: str, n: int) -> str:
    """The product's rule with one fixed sample length (no quick first look)."""
    from workbench.ingest.langid import _WORD, _identifier

    sample = text[:n]
    if len(_WORD.findall(sample)) < 5:
        return "und"
    return _identifier().classify(sample)[0]


if __name__ == "__main__":
    main()
