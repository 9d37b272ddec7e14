"""Ingest throughput on the real corpus, against bare NER in the same run.

    .venv/bin/python bench/ingest.py [--limit N]

Figures (all over the same cleaned texts, same run, 2 processes where the product uses 2; product
and NER stage are timed --rounds times, alternating which goes first, and compared on medians):
  product      `ingest_paths` into a fresh workspace: read, decode, clean, language ID, NER,
               resolution, storage and the search index (FTS5), atomic per file
  passages     then the corroboration passage index of that workspace, which the first
               corroboration query builds (`ensure_index`, 2 processes); reported, not in the ratio
  ner_only     the NER stage alone, exactly as the product runs it (`nlp.ner.extract`,
               spaCy for Spanish and the rule path elsewhere), 2 processes
  bare_pipe    bare `nlp.pipe` of the same spaCy pipeline over every text (what an ingester that
               ran the model on everything would pay), 2 processes
The target is product <= 1.25 x ner_only: everything but NER adds at most 25%.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

import os  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench._corpus import corpus_files, write_result  # noqa: E402

if os.environ.get("WORKBENCH_CODE"):  # the baseline: another checkout's ``workbench`` package, this harness
    sys.path.insert(0, os.environ["WORKBENCH_CODE"])

warnings.filterwarnings("ignore", message=r"\[W095\]")


def _words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def _ner_chunk(args):
    texts, langs = args
    from workbench.nlp.ner import extract

    return sum(len(m) for m in extract(texts, langs))


def ner_only(texts: list[str], langs: list[str], procs: int) -> float:
    """The product's NER stage with its own process layout (chunks to a forkserver pool)."""
    from workbench.ingest.pipeline import CHUNK_CHARS

    chunks, buf, bl, size = [], [], [], 0
    for t, lang in zip(texts, langs):
        buf.append(t)
        bl.append(lang)
        size += len(t)
        if size >= CHUNK_CHARS:
            chunks.append((buf, bl))
            buf, bl, size = [], [], 0
    if buf:
        chunks.append((buf, bl))
    t0 = time.perf_counter()
    with mp.get_context("forkserver").Pool(procs) as pool:
        n = sum(pool.imap(_ner_chunk, chunks))
    dt = time.perf_counter() - t0
    print(f"  ner_only: {n} mentions")
    return dt


def bare_pipe(texts: list[str], procs: int) -> float:
    from workbench.nlp.ner import get_nlp

    nlp = get_nlp("es")
    t0 = time.perf_counter()
    n = 0
    for doc in nlp.pipe(texts, batch_size=64, n_process=procs):
        n += len(doc.ents)
    dt = time.perf_counter() - t0
    print(f"  bare_pipe: {n} ents")
    return dt


SKIP_PASSAGES = False


def product(files: list[Path]) -> tuple[float, float, int, dict]:
    from workbench.evidence.corroborate import ensure_index
    from workbench.ingest import ingest_paths
    from workbench.nlp import resolve
    from workbench.store import Workspace

    # every round starts cold, as a fresh `workbench ingest` would: no name keys cached from before
    resolve.name_key.cache_clear()
    getattr(resolve, "_name_words", resolve.name_key).cache_clear()

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        ws = Workspace(db)
        t0 = time.perf_counter()
        report = ingest_paths(ws, files, workers=2)
        dt = time.perf_counter() - t0
        summary = ws.summary()
        t0 = time.perf_counter()
        passages = 0 if SKIP_PASSAGES else ensure_index(ws)
        dt_passages = time.perf_counter() - t0
        ws.close()
    if report.failed:
        print(f"  {len(report.failed)} failed, e.g. {report.failed[:3]}")
    return dt, dt_passages, passages, summary


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=None, help="only the first N articles of the manifest")
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument("--skip-passages", action="store_true", help="do not build the passage index afterwards")
    ap.add_argument("--langs", default="pt,es,it,en", help="comma-separated languages of the corpus to ingest")
    ap.add_argument("--json", default="ingest", help="result name under bench/results/")
    ap.add_argument("--skip-bare", action="store_true", help="skip the (slow) bare nlp.pipe over every text")
    ap.add_argument("--rounds", type=int, default=3,
                    help="product and NER stage are each timed this many times, alternating which goes first")
    args = ap.parse_args()
    global SKIP_PASSAGES
    SKIP_PASSAGES = args.skip_passages

    from workbench.ingest.clean import clean_text
    from workbench.ingest.langid import detect_language

    files = corpus_files(args.limit, langs=tuple(args.langs.split(",")))
    texts = [clean_text(f.read_text(encoding="utf-8")) for f in files]
    langs = [detect_language(t) for t in texts]
    words, chars = _words(texts), sum(map(len, texts))
    print(f"{len(files)} articles, {words:,} words, {chars:,} chars")

    # both start their worker pools from the same forkserver: start it before any timing, or the
    # first of the two to run pays for it
    with mp.get_context("forkserver").Pool(1) as pool:
        pool.map(abs, [0])
    # the machine is shared and noisy: alternate the two and compare medians
    prods, ners, pairs = [], [], []
    for r in range(args.rounds):
        for which in (("product", "ner") if r % 2 == 0 else ("ner", "product")):
            if which == "product":
                print(f"round {r + 1}: product ingest ...")
                t, t_passages, n_passages, summary = product(files)
                prods.append(t)
            else:
                print(f"round {r + 1}: NER stage alone ...")
                ners.append(ner_only(texts, langs, args.procs))
        pairs.append(round(prods[-1] / ners[-1], 3))
        print(f"  product {prods[-1]:.2f} s, NER stage {ners[-1]:.2f} s, ratio {pairs[-1]}")
    t_prod, t_ner = statistics.median(prods), statistics.median(ners)
    t_bare = None
    if not args.skip_bare:
        print("bare nlp.pipe over every text ...")
        t_bare = bare_pipe(texts, args.procs)

    res = {
        "articles": len(files), "words": words, "chars": chars, "procs": args.procs,
        "rounds": args.rounds, "product_s_each": [round(t, 2) for t in prods],
        "ner_only_s_each": [round(t, 2) for t in ners], "ratio_each_round": pairs,
        "product_s": round(t_prod, 2), "ner_only_s": round(t_ner, 2),
        "passage_index_s": round(t_passages, 2), "passages": n_passages,
        "bare_pipe_all_s": round(t_bare, 2) if t_bare else None,
        "product_articles_per_s": round(len(files) / t_prod, 1), "product_words_per_s": round(words / t_prod),
        "ratio_product_to_ner_only": round(t_prod / t_ner, 3),
        "ratio_product_to_bare_pipe_all": round(t_prod / t_bare, 3) if t_bare else None,
        "workspace": summary,
    }
    print()
    print(f"{'':28}{'seconds':>10}{'articles/s':>12}{'words/s':>10}")
    for name, t in (("product ingest", t_prod), ("NER stage alone", t_ner), ("bare nlp.pipe (all texts)", t_bare)):
        if t:
            print(f"{name:28}{t:10.2f}{len(files) / t:12.1f}{words / t:10.0f}")
    print(f"ratio product / NER stage (medians of {args.rounds} rounds): {res['ratio_product_to_ner_only']}"
          f"  (target <= 1.25; per round {pairs})")
    print(f"corroboration passage index afterwards (first query): {t_passages:.2f} s, {n_passages:,} passages")
    if t_bare:
        print(f"ratio product / bare nlp.pipe over all texts: {res['ratio_product_to_bare_pipe_all']}")
    res["code"] = os.environ.get("WORKBENCH_CODE") or str(Path(__file__).resolve().parents[1])
    print("wrote", write_result(args.json, res))


if __name__ == "__main__":
    main()
