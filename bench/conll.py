"""Entity quality on the CoNLL-2002 Spanish test set: the product's ``extract()`` vs the bare model.

Usage: ``python bench/conll.py [--limit N] [--json PATH]``

Each gold sentence is joined with single spaces (the tokens are the gold tokens) and given to
``workbench.nlp.ner.extract(texts, ["es"] * n)``, exactly the call ingest makes. The baseline is the
full ``es_core_news_sm`` pipeline (``nlp.pipe``, every component, as shipped) over the same texts in
the same run. Predicted character spans are mapped to gold token spans; a span that does not start
and end on gold token boundaries counts as a false positive.

Scores: span F1 (boundaries only) and typed micro-F1 (boundaries and label), plus per-type F1, as
in the CoNLL evaluation (exact match). Results go to ``bench/results/conll.json``.

The corpus lives outside the repo: ``$WORKBENCH_CORPUS`` or ``<repo>/../shared/corpus``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench._corpus import corpus_root as corpus_dir  # noqa: E402

warnings.filterwarnings("ignore", message=r"\[W095\]")

TYPES = ("PER", "ORG", "LOC", "MISC")




def read_conll(path: Path) -> list[list[tuple[str, str]]]:
    sents: list[list[tuple[str, str]]] = []
    cur: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            if cur:
                sents.append(cur)
                cur = []
            continue
        tok, tag = line.rsplit(" ", 1)
        cur.append((tok, tag))
    if cur:
        sents.append(cur)
    return sents


def gold_spans(sent: list[tuple[str, str]]) -> set[tuple[int, int, str]]:
    """IOB2 -> {(start_token, end_token, type)}."""
    out = set()
    start, label = None, None
    for i, (_tok, tag) in enumerate([*sent, ("", "O")]):
        if tag == "O" or tag.startswith("B-") or (tag.startswith("I-") and tag[2:] != label):
            if start is not None:
                out.add((start, i, label))
                start = None
            if tag != "O":
                start, label = i, tag[2:]
    return out


def sentence_text(sent: list[tuple[str, str]]) -> tuple[str, dict[int, int], dict[int, int]]:
    starts, ends, pos = {}, {}, 0
    for i, (tok, _tag) in enumerate(sent):
        starts[pos] = i
        ends[pos + len(tok)] = i + 1
        pos += len(tok) + 1
    return " ".join(t for t, _ in sent), starts, ends


def to_token_spans(spans, starts, ends):
    out = set()
    for s, e, label in spans:
        if s in starts and e in ends:
            out.add((starts[s], ends[e], label))
        else:
            out.add((-1 - s, -1 - e, label))  # misaligned: can never match gold
    return out


def prf(gold: set, pred: set) -> dict[str, float]:
    tp = len(gold & pred)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp,
            "pred": len(pred), "gold": len(gold)}


def score(gold: set, pred: set) -> dict:
    res = {
        "span": prf({g[:3] for g in gold}, {p[:3] for p in pred}),
        "typed": prf(gold, pred),
    }
    for t in TYPES:
        res[t] = prf({g for g in gold if g[3] == t}, {p for p in pred if p[3] == t})
    return res


def evaluate(sents, *, bare: bool = True) -> dict:
    from workbench.nlp import ner

    texts, maps, gold = [], [], set()
    for k, sent in enumerate(sents):
        text, starts, ends = sentence_text(sent)
        texts.append(text)
        maps.append((starts, ends))
        gold |= {(k, *g) for g in gold_spans(sent)}

    results: dict = {"sentences": len(sents), "tokens": sum(len(s) for s in sents)}

    ner.get_nlp("es")  # load outside the timed part
    t0 = time.perf_counter()
    pred = set()
    for k, mentions in enumerate(ner.extract(texts, ["es"] * len(texts))):
        spans = [(m.start, m.end, m.label) for m in mentions]
        pred |= {(k, *x) for x in to_token_spans(spans, *maps[k])}
    results["product"] = score(gold, pred)
    results["product"]["seconds"] = round(time.perf_counter() - t0, 2)

    if bare:
        nlp = ner.load_bare_model("es")
        t0 = time.perf_counter()
        pred_b = set()
        for k, doc in enumerate(nlp.pipe(texts, batch_size=256)):
            spans = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
            pred_b |= {(k, *x) for x in to_token_spans(spans, *maps[k])}
        results["bare"] = score(gold, pred_b)
        results["bare"]["seconds"] = round(time.perf_counter() - t0, 2)
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=0, help="first N sentences only")
    ap.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "conll.json")
    args = ap.parse_args(argv)

    path = corpus_dir() / "conll2002" / "esp.testb"
    if not path.exists():
        print(f"corpus not found: {path}", file=sys.stderr)
        return 2
    sents = read_conll(path)
    if args.limit:
        sents = sents[: args.limit]
    res = evaluate(sents)
    res["file"] = "conll2002/esp.testb"

    rows = [("span", "span F1"), ("typed", "typed micro-F1"), *((t, t) for t in TYPES)]
    print(f"CoNLL-2002 esp.testb: {res['sentences']} sentences, {res['tokens']} tokens")
    print(f"{'':16} {'bare P':>7} {'R':>6} {'F1':>6}   {'product P':>9} {'R':>6} {'F1':>6}   {'dF1':>6}")
    for key, name in rows:
        b, p = res["bare"][key], res["product"][key]
        print(f"{name:16} {b['p']:7.3f} {b['r']:6.3f} {b['f1']:6.3f}   {p['p']:9.3f} {p['r']:6.3f}"
              f" {p['f1']:6.3f}   {p['f1'] - b['f1']:+6.3f}")
    print(f"time: bare {res['bare']['seconds']} s, product {res['product']['seconds']} s")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
