"""What the first NER call in a fresh process costs beyond the next one (data and models loaded on
first use), on a non-Spanish text, against a baseline checkout in the same run.

    nice .venv/bin/python bench/ner_first_call.py [--runs 3]
    WORKBENCH_BASE=/path/to/other/checkout ...   # the baseline

Each run is a fresh process: spaCy is imported first (any ingest imports it: not new data), then
``extract`` runs on a Portuguese sentence twice; "first" minus "second" is what loading costs.
``LABEL_MODEL`` off shows the part that is the Spanish model lent to the rule path for labels.
Product and baseline alternate; medians are reported.  Results: bench/results/ner_first_call.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import ROOT, write_result  # noqa: E402

CHILD = r"""
import json, sys, time, warnings
warnings.filterwarnings("ignore")
sys.path.insert(0, sys.argv[1])
import spacy  # noqa: F401
from workbench.nlp import ner
if sys.argv[2] == "off":
    ner.LABEL_MODEL = None
t0 = time.perf_counter()
list(ner.extract(["O presidente Lula visitou São Paulo ontem com Michel Temer e a Petrobras."], ["pt"]))
t1 = time.perf_counter()
list(ner.extract(["A ministra Dilma Rousseff falou em Brasília com o STF."], ["pt"]))
t2 = time.perf_counter()
print(json.dumps({"first": t1 - t0, "second": t2 - t1}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    codes = {"product": str(ROOT)}
    if os.environ.get("WORKBENCH_BASE"):
        codes["baseline"] = os.environ["WORKBENCH_BASE"]
    res: dict[str, list[dict]] = {f"{c}/{h}": [] for c in codes for h in ("on", "off")}
    for _ in range(args.runs):
        for c, code in codes.items():
            for hints in ("on", "off"):
                r = subprocess.run([sys.executable, "-c", CHILD, code, hints], capture_output=True, text=True)
                res[f"{c}/{hints}"].append(json.loads(r.stdout.strip().splitlines()[-1]))
    out = {}
    for k, runs in res.items():
        first = statistics.median(r["first"] for r in runs)
        second = statistics.median(r["second"] for r in runs)
        out[k] = {"first_s": round(first, 3), "second_s": round(second, 3), "loading_s": round(first - second, 3),
                  "runs": runs}
        print(f"{k:16} first call {first:6.3f} s, next {second:6.3f} s, loading {first - second:6.3f} s")
    print("wrote", write_result("ner_first_call", out))


if __name__ == "__main__":
    main()
