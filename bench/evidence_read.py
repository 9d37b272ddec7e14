"""Reading a large evidence file: 100,000 annotations validated and parsed (``load_evidence``, what
``workbench import`` and ``workbench verify`` do before touching a workspace), the product against
another checkout of the code in the same run.

    .venv/bin/python bench/evidence_read.py --baseline /path/to/other/checkout [--claims 100000] [--repeat 3]

The file is generated once (fixed seed) and read by both sides, each in fresh processes, old and
new interleaved; the figure per side is the best of ``--repeat`` in CPU time of the reading process
(the machine is shared: wall time is written too, but it measures the neighbours).  The annotations look like an
export's: a quote with its 32-character context and position, a status with who set it, one or
two tags, a note on a third of them, an entity on half, a link on a tenth, a page on a twentieth.
Writes bench/results/evidence_read.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = ("el gobierno anunció que la inflación bajará este año según fuentes del sector Twitter compró "
         "unas 10.000 GPU para su proyecto de inteligencia artificial dijo el ministro en Lisboa").split()
STATUSES = ["unverified", "supported", "disputed", "false", "unclear"]


def _phrase(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def generate(n_claims: int, seed: int = 7) -> dict:
    """An evidence file of ``n_claims`` annotations over 500 sources and 2,000 entities."""
    rng = random.Random(seed)
    shas = [hashlib.sha256(f"source {i}".encode()).hexdigest() for i in range(500)]
    sources = [{"id": f"urn:sha256:{h}", "type": "Text", "source_id": i + 1, "sha256": h, "title": f"Source {i}",
                "outlet": "El Diario", "lang": "es", "path": f"s{i}.txt", "chars": 50_000, "pages": 0}
               for i, h in enumerate(shas)]
    entities = [{"id": f"urn:workbench:entity:{i}", "entity_id": i, "name": f"Entidad {i}", "label": "ORG",
                 "status": "proposed", "aliases": [f"E{i}"]} for i in range(1, 2001)]
    ids = [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(n_claims)]
    items = []
    for k, cid in enumerate(ids):
        quote = _phrase(rng, rng.randint(3, 12))
        start = rng.randint(0, 40_000)
        body: list[dict] = [{"type": "TextualBody", "purpose": "assessing", "value": rng.choice(STATUSES),
                             "creator": {"type": "Person", "name": "ana"}, "modified": "2025-03-01T10:00:00.000Z"}]
        body += [{"type": "TextualBody", "purpose": "tagging", "value": t} for t in rng.sample(WORDS, rng.randint(1, 2))]
        if k % 3 == 0:
            body.append({"type": "TextualBody", "purpose": "commenting", "value": _phrase(rng, 20), "format": "text/plain"})
        if k % 2 == 0:
            body.append({"type": "SpecificResource", "purpose": "identifying",
                         "source": f"urn:workbench:entity:{rng.randint(1, 2000)}"})
        if k % 10 == 5:
            body.append({"type": "SpecificResource", "purpose": "linking", "source": f"urn:uuid:{ids[k - 1]}",
                         "relation": "corroborates"})
        selector: list[dict] = [{"type": "TextQuoteSelector", "exact": quote, "prefix": _phrase(rng, 5)[-32:],
                                 "suffix": _phrase(rng, 5)[:32]},
                                {"type": "TextPositionSelector", "start": start, "end": start + len(quote)}]
        if k % 20 == 0:
            selector.append({"type": "FragmentSelector", "conformsTo": "http://tools.ietf.org/rfc/rfc8118",
                             "value": "page=2", "pages": "2-3"})
        items.append({"id": f"urn:uuid:{cid}", "type": "Annotation", "motivation": "assessing",
                      "created": "2025-03-01T09:00:00.000Z", "modified": "2025-03-01T10:00:00.000Z",
                      "orphaned": False, "creator": {"type": "Person", "name": "ana"}, "body": body,
                      "target": {"source": f"urn:sha256:{rng.choice(shas)}", "selector": selector}})
    return {"@context": ["http://www.w3.org/ns/anno.jsonld", {"wb": "urn:workbench:vocab#"}],
            "type": "AnnotationCollection", "label": "Workbench evidence file", "format": "workbench-evidence",
            "version": 1, "generator": {"type": "Software", "name": "bench"}, "generated": "2025-03-02T00:00:00Z",
            "positions": "code points", "statuses": {s: s for s in STATUSES}, "sources": sources,
            "entities": entities, "total": len(items), "first": {"type": "AnnotationPage", "startIndex": 0,
                                                                 "items": items}}


_WORKER = """
import sys, time
sys.path.insert(0, sys.argv[1])
from workbench.evidence.jsonfile import load_evidence
t0, c0 = time.perf_counter(), time.process_time()
ev = load_evidence(sys.argv[2])
print(time.perf_counter() - t0, time.process_time() - c0, len(ev.claims))
"""


def read_once(code: Path, path: Path) -> tuple[float, float, int]:
    r = subprocess.run([sys.executable, "-c", _WORKER, str(code), str(path)], capture_output=True, text=True,
                       check=True, cwd=path.parent)  # not this checkout's folder: ``code`` is the only one on the path
    secs, cpu, n = r.stdout.split()
    return float(secs), float(cpu), int(n)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--baseline", type=Path, required=True, help="another checkout of this repository")
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "evidence.json"
        path.write_text(json.dumps(generate(args.claims), ensure_ascii=False), encoding="utf-8")
        size = path.stat().st_size
        wall: dict[str, list[float]] = {"product": [], "baseline": []}
        cpu: dict[str, list[float]] = {"product": [], "baseline": []}
        for _ in range(args.repeat):
            for side, code in (("baseline", args.baseline), ("product", ROOT)):
                secs, used, n = read_once(code.resolve(), path)
                assert n == args.claims, (side, n)
                wall[side].append(secs)
                cpu[side].append(used)
    best = {k: min(v) for k, v in cpu.items()}
    result = {"claims": args.claims, "file_mb": round(size / 1e6, 1), "baseline_code": str(args.baseline),
              "wall_s": {k: [round(x, 3) for x in v] for k, v in wall.items()},
              "cpu_s": {k: [round(x, 3) for x in v] for k, v in cpu.items()},
              "best_cpu_s": {k: round(v, 3) for k, v in best.items()},
              "cpu_ms_per_annotation": {k: round(1000 * v / args.claims, 3) for k, v in best.items()},
              "ratio_product_over_baseline": round(best["product"] / best["baseline"], 3)}
    from bench._corpus import write_result

    out = write_result("evidence_read", result)
    print(json.dumps(result, indent=1))
    print(f"written to {out}")


if __name__ == "__main__":
    main()
