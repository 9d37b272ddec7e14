"""Corroboration on the real corpus: the labelled story groups of
``tests/data/corroboration_corpus_eval.json`` run in a workspace of the whole corpus (5,337 articles).

    .venv/bin/python bench/corroborate_corpus.py [--db C5K.db] [--limit 5] [--out corroborate_corpus]

``--db PATH``: a workspace of the corpus (``workbench ingest`` of ``../shared/corpus/{pt,es,it,en}``).
When it exists it is COPIED (SQLite backup, the original opened read-only and never written) and the
copy is used; when it does not exist it is built there first (the real ingest through the CLI, about
5 minutes on two cores, then the passage index with ``ensure_index(workers=2)``) and kept for the
next run.  Without ``--db`` the workspace is built in a temporary folder.

For each claim of the gold: its quote is located in its source's stored text, added as a claim,
``corroborate(limit=5)`` runs, the claim is deleted.  A returned passage is relevant when its span
overlaps a labelled passage of its source (the convention of ``bench/corroborate.py``); a passage
of an article outside the claim's group is never relevant (the harness lists those in the "same
claim" band for inspection: an unlabelled right answer would show there).  Reported per language
of the claim's source and overall:

* precision of shown: relevant shown / shown (claims that some other article makes, something shown);
* coverage@5: other articles that make the claim with a right passage in the top 5 / those articles;
* MRR of the first right passage (0 when none is shown);
* no-match clean: of the claims that no other article makes, the share with an empty "same claim" band;
* same-band precision: relevant / shown in the "same claim" band (claims some other article makes);
* the wrong passages of the "same claim" band by kind: a labelled hard negative (``near``), another
  passage of a group article, an article outside the group; and the right sources not retrieved.

A result without a ``band`` (code before bands) counts as "same claim".  ``WORKBENCH_CODE=/path``
runs another checkout's ``workbench`` package (the baseline).  Results go to
``bench/results/corroborate_corpus.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
if os.environ.get("WORKBENCH_CODE"):  # the baseline: another checkout's ``workbench`` package, this harness
    sys.path.insert(0, os.environ["WORKBENCH_CODE"])

GOLD = ROOT / "tests" / "data" / "corroboration_corpus_eval.json"
LANGS = ("pt", "es", "it", "en")


# -- the workspace -----------------------------------------------------------------------------

def _code_root() -> str:
    return os.environ.get("WORKBENCH_CODE") or str(ROOT)


def build_workspace(db: Path, corpus: Path) -> dict:
    """The real ingest of the corpus into ``db`` (the CLI, as a user runs it), then the passage index
    on both cores.  Returns the times."""
    env = {**os.environ, "PYTHONPATH": _code_root()}
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "workbench", "ingest", "-q", "--db", str(db),
                    *(str(corpus / lang) for lang in LANGS)], check=True, env=env)
    t1 = time.perf_counter()
    indexed = index(db)
    return {"ingest_s": round(t1 - t0, 1), "index_s": round(time.perf_counter() - t1, 1), "passages_indexed": indexed}


def index(db: Path) -> int:
    """Index the sources that have no passages yet (a no-op on an indexed workspace)."""
    from workbench.evidence.indexing import ensure_index
    from workbench.store import Workspace

    ws = Workspace(db)
    try:
        return ensure_index(ws, workers=2)
    finally:
        ws.close()


def copy_workspace(src: Path, dst: Path) -> None:
    """A consistent copy of ``src`` (its WAL included) through SQLite's backup; ``src`` is opened
    read-only, so a shared workspace is never written."""
    source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    target = sqlite3.connect(dst)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def source_ids(ws) -> dict[str, int]:
    """{``lang/file.txt``: source id}: the corpus path relative to its root, as the gold names it."""
    out: dict[str, int] = {}
    for s in ws.list_sources():
        p = Path(s.path)
        out[f"{p.parent.name}/{p.name}"] = s.id
    return out


# -- one claim ---------------------------------------------------------------------------------

def _span(text: str, quote: str) -> tuple[int, int]:
    i = text.find(quote)
    if i < 0 or text.find(quote, i + 1) >= 0:
        raise ValueError(f"quote found {text.count(quote)} times: {quote!r}")
    return i, i + len(quote)


def _spans(ws, ids: dict[str, int], quotes: dict[str, list[str]]) -> dict[str, list[tuple[int, int]]]:
    return {path: [_span(ws.source_text(ids[path]), q) for q in qs] for path, qs in quotes.items()}


def _kind(path: str, ok: bool, group: dict, near: dict[str, list[tuple[int, int]]], c) -> str:
    """Why a shown passage is (not) right: ``right``, ``near`` (a labelled hard negative),
    ``group`` (another passage of an article of the group) or ``outside`` (another article)."""
    if ok:
        return "right"
    if any(s < c.end and c.start < e for s, e in near.get(path, [])):
        return "near"
    return "group" if path in group["sources"] else "outside"


def judge(results: list, gold: dict[str, list[tuple[int, int]]], near: dict[str, list[tuple[int, int]]],
          path_of: dict[int, str], group: dict) -> dict:
    """One claim's figures: the passages shown against the labelled passages of the other articles."""
    makers = {p for p, spans in gold.items() if spans}
    shown, hit, rr = [], set(), 0.0
    for rank, c in enumerate(results, 1):
        path = path_of.get(c.source_id, f"?{c.source_id}")
        ok = any(s < c.end and c.start < e for s, e in gold.get(path, []))
        if ok:
            hit.add(path)
            rr = rr or 1 / rank
        shown.append({"source": path, "score": round(c.score, 4), "band": getattr(c, "band", "same"),
                      "kind": _kind(path, ok, group, near, c), "text": c.text[:120]})
    same = [x for x in shown if x["band"] == "same"]
    return {
        "no_match": not makers, "makers": len(makers), "returned": len(shown), "same_band": len(same),
        "precision_shown": sum(x["kind"] == "right" for x in shown) / len(shown) if shown and makers else None,
        "coverage@5": len(hit) / len(makers) if makers else None,
        "rr": rr if makers else None,
        "no_match_clean": not same if not makers else None,
        "same_band_precision": sum(x["kind"] == "right" for x in same) / len(same) if same and makers else None,
        "missed_sources": sorted(makers - hit),
        "cross_language_makers": sorted(p for p in makers if p.split("/")[0] != group["_lang"]),
        "cross_language_hit": sorted(p for p in hit if p.split("/")[0] != group["_lang"]),
        "results": shown,
    }


def run_claim(ws, ids: dict[str, int], path_of: dict[int, str], group: dict, claim: dict, limit: int) -> dict:
    from workbench.evidence.corroborate import corroborate

    sid = ids[claim["source"]]
    s, e = _span(ws.source_text(sid), claim["claim"])
    gold = _spans(ws, ids, claim["passages"])
    near = _spans(ws, ids, claim.get("near", {}))
    added = ws.add_claim(sid, s, e)
    t0 = time.perf_counter()
    try:
        results = corroborate(ws, added.id, limit=limit)
    finally:
        took = time.perf_counter() - t0
        ws.delete_claim(added.id)
    out = judge(results, gold, near, path_of, {**group, "_lang": claim["source"].split("/")[0]})
    return {"id": claim["id"], "lang": claim["source"].split("/")[0], "seconds": round(took, 3), **out}


# -- the figures -------------------------------------------------------------------------------

def _mean(rows: list[dict], key: str) -> float | None:
    vals = [r[key] for r in rows if r[key] is not None]
    return round(float(statistics.mean(vals)), 4) if vals else None


def summarise(rows: list[dict]) -> dict:
    """The figures over ``rows`` (per-claim results)."""
    matching = [r for r in rows if not r["no_match"]]
    wrong_same = Counter(x["kind"] for r in rows for x in r["results"] if x["band"] == "same" and x["kind"] != "right")
    cross_makers = sum(len(r["cross_language_makers"]) for r in matching)
    return {
        "claims": len(rows), "matching_claims": len(matching), "no_match_claims": len(rows) - len(matching),
        "precision_shown": _mean(rows, "precision_shown"), "coverage@5": _mean(rows, "coverage@5"),
        "mrr": _mean(rows, "rr"), "no_match_clean": _mean(rows, "no_match_clean"),
        "same_band_precision": _mean(rows, "same_band_precision"),
        "empty_lists_on_matching_claims": sum(1 for r in matching if not r["returned"]),
        "matching_claims_with_empty_same_band": sum(1 for r in matching if not r["same_band"]),
        "wrong_in_same_band": dict(wrong_same),
        "wrong_in_same_band_no_match_claims": sum(r["same_band"] for r in rows if r["no_match"]),
        "right_sources_missed": sum(len(r["missed_sources"]) for r in matching),
        "right_sources": sum(r["makers"] for r in matching),
        "cross_language_coverage": (round(sum(len(r["cross_language_hit"]) for r in matching) / cross_makers, 4)
                                    if cross_makers else None),
        "seconds_per_claim": _mean(rows, "seconds"),
    }


def print_summary(label: str, s: dict) -> None:
    print(f"[{label}] {s['matching_claims']} claims made elsewhere + {s['no_match_claims']} no-match:"
          f" precision of shown {s['precision_shown']}, coverage@5 {s['coverage@5']}, MRR {s['mrr']},"
          f" no-match clean {s['no_match_clean']}, same-band precision {s['same_band_precision']},"
          f" wrong in same band {s['wrong_in_same_band']}, right sources missed {s['right_sources_missed']}"
          f"/{s['right_sources']}")


def evaluate(db: Path, limit: int) -> dict:
    from workbench.store import Workspace

    spec = json.loads(GOLD.read_text(encoding="utf-8"))
    ws = Workspace(db)
    ids = source_ids(ws)
    path_of = {sid: path for path, sid in ids.items()}
    missing = sorted({p for g in spec["groups"].values() for p in g["sources"]} - ids.keys())
    if missing:
        sys.exit(f"sources of the gold missing from the workspace: {missing}")
    rows = []
    for g in spec["groups"].values():
        for c in g["claims"]:
            rows.append(run_claim(ws, ids, path_of, g, c, limit))
    n_sources = len(ids)
    ws.close()
    out = {"sources_in_workspace": n_sources, "limit": limit, "overall": summarise(rows)}
    print_summary("overall", out["overall"])
    for lang in LANGS:
        out[lang] = summarise([r for r in rows if r["lang"] == lang])
        print_summary(lang, out[lang])
    out["per_claim"] = rows
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, default=None,
                    help="a corpus workspace: copied and the copy used; built there first when absent")
    ap.add_argument("--limit", type=int, default=5, help="passages shown per claim")
    ap.add_argument("--out", default="corroborate_corpus", help="results file name under bench/results/")
    args = ap.parse_args()
    out: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        src = args.db or Path(tmp) / "built.db"
        if not src.exists():
            out["build"] = build_workspace(src, corpus_dir())
            print("built:", out["build"])
        work = Path(tmp) / "eval.db"
        copy_workspace(src, work)
        out["indexed_on_copy"] = index(work)  # a no-op when the workspace given was indexed
        out.update(evaluate(work, args.limit))
    out["workspace"] = str(args.db) if args.db else "built in a temporary folder"
    out["code"] = __import__("workbench").__file__
    print("wrote", write_result(args.out, out))


def corpus_dir() -> Path:
    """``$WORKBENCH_CORPUS``, else ``<this repo>/../shared/corpus`` (as ``bench/_corpus.py``; not imported
    from there, since with ``WORKBENCH_CODE`` the ``bench`` package may be the other checkout's)."""
    p = Path(os.environ.get("WORKBENCH_CORPUS") or ROOT.parent / "shared" / "corpus")
    if not (p / "MANIFEST.tsv").exists():
        sys.exit(f"corpus not found at {p} (set WORKBENCH_CORPUS)")
    return p


def write_result(name: str, data: dict) -> Path:
    """``bench/results/<name>.json`` of THIS checkout, whichever code ran."""
    out = ROOT / "bench" / "results" / f"{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return out


if __name__ == "__main__":
    main()
