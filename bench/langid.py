"""Language ID on the real corpus: accuracy and cost by the number of leading characters read.

    .venv/bin/python bench/langid.py

The corpus folders name each article's language (pt, es, it, en).  The product reads the first
600 characters (``workbench.ingest.langid.detect_language``); this shows why: accuracy and
seconds for 200 to 3,000 characters, same run.  Results: ``bench/results/langid.json``.
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
    for n in SAMPLES:
        t0 = time.perf_counter()
        pred = [detect_language(t, n) for t in texts]
        dt = time.perf_counter() - t0
        wrong = [(str(f.name), g, p) for f, g, p in zip(files, gold, pred) if g != p]
        rows[n] = {"correct": len(files) - len(wrong), "seconds": round(dt, 2), "wrong": wrong[:10]}
        print(f"{n:>5} chars: {len(files) - len(wrong):,} / {len(files):,} right, {dt:.2f} s")
    print("wrote", write_result("langid", {"articles": len(files), "by_sample_chars": rows,
                                            "product_sample_chars": 600}))


if __name__ == "__main__":
    main()
