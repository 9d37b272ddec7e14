"""Peak memory of ingesting one big Spanish file: NER over bounded pieces against the old way
(the whole text handed to spaCy at once), at 1, 5 and 20 MB.

    nice .venv/bin/python bench/ner_memory.py [--sizes 1 5 20] [--before-max 1]

Each file is built at bench time from the corpus' Spanish articles (repeated to reach the size;
never committed), and each ingest runs in a fresh process (``ingest_paths(..., workers=1)``: the
NER runs in the measured process) whose peak RSS (``ru_maxrss``) is read when it ends.  The old
way grows about 3 GB per million characters, so by default it is measured at 1 MB only (larger
would take the shared machine's memory); its runs are capped with ``RLIMIT_AS``.  Results go to
bench/results/ner_memory.json."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import ROOT, corpus_files, write_result  # noqa: E402

CHILD = r"""
import json, resource, sys, time
limit_mb, pieces, path, db = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
if limit_mb:
    resource.setrlimit(resource.RLIMIT_AS, (limit_mb << 20, limit_mb << 20))
from workbench.ingest import analyse, pipeline
if pieces == "whole":
    analyse.NER_PIECE_CHARS = 10**9   # the old way: the whole text in one piece
    analyse.NER_BATCH_CHARS = 10**9
from workbench.store import Workspace
ws = Workspace(db)
t = time.perf_counter()
report = pipeline.ingest_paths(ws, [path], workers=1)
took = time.perf_counter() - t
ws.close()
print(json.dumps({"rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "seconds": took,
                  "added": len(report.added), "failed": [m for _p, m in report.failed]}))
"""


def build(path: Path, mb: int) -> int:
    """A Spanish file of ``mb`` MB: corpus articles, one after another, repeated as needed."""
    texts = [f.read_text(encoding="utf-8") for f in corpus_files(langs=("es",))[:1000]]
    target = mb * 1_000_000
    parts, size, i = [], 0, 0
    while size < target:
        t = texts[i % len(texts)]
        parts.append(t)
        size += len(t.encode("utf-8")) + 2
        i += 1
    data = "\n\n".join(parts).encode("utf-8")[:target].decode("utf-8", "ignore")
    path.write_text(data, encoding="utf-8")
    return len(data)


def run(mode: str, path: Path, db: Path, cap_mb: int) -> dict:
    if db.exists():
        db.unlink()
    proc = subprocess.run([sys.executable, "-c", CHILD, str(cap_mb), mode, str(path), str(db)],
                          capture_output=True, text=True, cwd=ROOT)
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or [f"exit {proc.returncode}"])[-1][:200]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1, 5, 20])
    ap.add_argument("--before-max", type=int, default=1, help="measure the old way up to this size (MB)")
    ap.add_argument("--cap-mb", type=int, default=8192, help="address-space cap for the old way's runs")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for mb in args.sizes:
            f = Path(tmp) / f"es-{mb}mb.txt"
            chars = build(f, mb)
            row = {"mb": mb, "chars": chars}
            # interleaved: the old way first (when measured), then the pieces, same file
            if mb <= args.before_max:
                row["whole"] = run("whole", f, Path(tmp) / "w.db", args.cap_mb)
            row["pieces"] = run("pieces", f, Path(tmp) / "p.db", 0)
            rows.append(row)
            w = row.get("whole", {})
            print(f"{mb:>3} MB ({chars:,} chars): pieces {row['pieces'].get('rss_mb', 0):,.0f} MB peak RSS "
                  f"in {row['pieces'].get('seconds', 0):.0f} s {row['pieces'].get('error', '')}"
                  + (f"; whole text {w.get('rss_mb', 0):,.0f} MB in {w.get('seconds', 0):.0f} s {w.get('error', '')}"
                     if w else ""), flush=True)
            f.unlink()
    peaks = [r["pieces"]["rss_mb"] for r in rows if "rss_mb" in r["pieces"]]
    ratio = max(peaks) / min(peaks) if peaks else None
    if ratio:
        print(f"largest / smallest peak with pieces: {ratio:.2f}x (flat means within 2x)")
    write_result("ner_memory", {"command": "nice .venv/bin/python bench/ner_memory.py " + " ".join(sys.argv[1:]),
                                "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "rows": rows,
                                "pieces_peak_ratio": ratio})


if __name__ == "__main__":
    main()
