"""Where the shared corpus is, and reading it, for every benchmark (never copied into the repo)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"


def corpus_root() -> Path:
    """``$WORKBENCH_CORPUS``, else ``<repo>/../shared/corpus`` (it may be absent)."""
    return Path(os.environ.get("WORKBENCH_CORPUS") or ROOT.parent / "shared" / "corpus")


def corpus_dir() -> Path:
    """The corpus folder, or exit with one line when it is not there."""
    p = corpus_root()
    if not (p / "MANIFEST.tsv").exists():
        sys.exit(f"corpus not found at {p} (set WORKBENCH_CORPUS)")
    return p


def corpus_files(limit: int | None = None, langs: tuple[str, ...] = ("pt", "es", "it", "en")) -> list[Path]:
    root = corpus_dir()
    rows = (root / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    files = [root / r.split("\t")[0] for r in rows if r.split("\t")[1] in langs]
    return files[:limit] if limit else files


def write_result(name: str, data: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{name}.json"
    out.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return out
