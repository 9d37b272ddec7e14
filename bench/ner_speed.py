"""NER throughput on the real corpus: the product's ``extract()`` vs bare ``nlp.pipe``, same run.

Usage: ``python bench/ner_speed.py [--per-lang N] [--es-limit N] [--processes 1 2]``

Two text sets, read from ``$WORKBENCH_CORPUS`` or ``<repo>/../shared/corpus`` (never copied):

* ``es``: the Spanish articles (the first 400 by default; ``--es-limit 0`` for all 1,000);
* ``all``: ``--per-lang`` articles of each of es/pt/it/en (the first N in MANIFEST order), with the
  manifest's language, as ingest would pass them.

For each set and each process count it times:

* ``bare_full``: the shipped ``es_core_news_sm`` with every component, ``nlp.pipe`` over every text
  (what a naive ingest would do);
* ``bare_ner``: the reduced pipeline ``extract`` itself uses (``get_nlp("es")``: ner + sentencizer),
  ``nlp.pipe`` over the texts that ``extract`` sends to the model (the Spanish ones);
* ``product``: ``extract(texts, langs)``: model + filters + label correction for Spanish, the rule
  path for the other languages.

Words are whitespace-separated tokens. Model loading is outside the timings; worker start-up
(``n_process=2``) is inside them, as it is for ingest. Results: ``bench/results/ner_speed.json``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench._corpus import corpus_root as corpus_dir  # noqa: E402

warnings.filterwarnings("ignore", message=r"\[W095\]")




def load(per_lang: int, es_limit: int) -> dict[str, tuple[list[str], list[str]]]:
    root = corpus_dir()
    rows = list(csv.DictReader((root / "MANIFEST.tsv").open(encoding="utf-8"), delimiter="\t"))
    by_lang: dict[str, list[str]] = {}
    for row in rows:
        by_lang.setdefault(row["lang"], []).append(row["path"])
    es_paths = by_lang["es"][: es_limit or None]
    es = [(root / p).read_text(encoding="utf-8") for p in es_paths]
    texts, langs = [], []
    for lang in ("es", "pt", "it", "en"):
        for p in by_lang.get(lang, [])[:per_lang]:
            texts.append((root / p).read_text(encoding="utf-8"))
            langs.append(lang)
    return {"es": (es, ["es"] * len(es)), "all": (texts, langs)}


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-lang", type=int, default=100)
    ap.add_argument("--es-limit", type=int, default=400)
    ap.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--batch-size", type=int, default=0, help="default: extract()'s default")
    ap.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "ner_speed.json")
    args = ap.parse_args(argv)

    if not (corpus_dir() / "MANIFEST.tsv").exists():
        print(f"corpus not found: {corpus_dir()}", file=sys.stderr)
        return 2

    from workbench.nlp import ner

    bs = args.batch_size or ner.DEFAULT_BATCH_SIZE
    sets = load(args.per_lang, args.es_limit)
    full = ner.load_bare_model("es")
    reduced = ner.get_nlp("es")
    results: dict = {"batch_size": bs, "cpus": os.cpu_count(), "sets": {}}
    print(f"{'set':5} {'texts':>6} {'words':>9} {'proc':>4}   {'bare_full w/s':>13} {'bare_ner w/s':>12}"
          f" {'product w/s':>11}   {'prod/bare_ner':>13} {'prod/bare_full':>14}")
    for name, (texts, langs) in sets.items():
        words = sum(len(t.split()) for t in texts)
        es_texts = [t for t, lang in zip(texts, langs) if lang == "es"]
        res_set: dict = {"texts": len(texts), "words": words, "runs": {}}
        for n in args.processes:
            def run_full() -> None:
                for _ in full.pipe(texts, batch_size=bs, n_process=n):
                    pass

            def run_ner() -> None:
                for _ in reduced.pipe(es_texts, batch_size=bs, n_process=n):
                    pass

            def run_product() -> None:
                for _ in ner.extract(texts, langs, n_process=n, batch_size=bs):
                    pass

            # bare NER and product back to back (their ratio is the figure that matters), then
            # the full pipeline; the machine is shared, so expect some noise
            t_ner, t_prod, t_full = timed(run_ner), timed(run_product), timed(run_full)
            row = {
                "bare_full_s": round(t_full, 2),
                "bare_ner_s": round(t_ner, 2),
                "product_s": round(t_prod, 2),
                "bare_full_wps": round(words / t_full),
                "bare_ner_wps": round(words / t_ner),
                "product_wps": round(words / t_prod),
                "product_over_bare_ner": round(t_prod / t_ner, 3),
                "product_over_bare_full": round(t_prod / t_full, 3),
            }
            res_set["runs"][str(n)] = row
            print(f"{name:5} {len(texts):6} {words:9} {n:4}   {row['bare_full_wps']:13} "
                  f"{row['bare_ner_wps']:12} {row['product_wps']:11}   "
                  f"{row['product_over_bare_ner']:13.2f} {row['product_over_bare_full']:14.2f}")
        results["sets"][name] = res_set
    print("w/s = whitespace words of the whole set / wall time; bare_ner runs the model on the "
          "Spanish texts only (what extract sends to it)")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
