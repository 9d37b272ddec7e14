"""Corroboration: quality on the labelled seed set, query latency on the real corpus, and
near-duplicate scores of the Portuguese true/fake pairs.

    .venv/bin/python bench/corroborate.py [--db PATH] [--queries N] [--skip-corpus]
    .venv/bin/python bench/corroborate.py --fit [--mode names|ingest]
    .venv/bin/python bench/corroborate.py --distractors C5K.db [--fit --variants both]

1. **Seed eval** (``tests/data/corroboration_eval.json``): every labelled claim is added to a workspace
   holding the five seeds, ``corroborate(limit=5)`` runs, and a returned passage counts as relevant
   when it overlaps a labelled passage of its source.  Reported: precision@5 (relevant / 5), the
   best precision@5 the labels allow (some claims have fewer than five relevant passages), passage
   recall@5 (labelled passages hit / labelled passages) and source recall@5 (other sources that say
   it and appear in the top 5 / other sources that say it).  Two workspaces: ``names`` (sources and
   passages only, no NER: entities are capitalised names) and ``ingest`` (the real ingest with NER
   and entity resolution), when the ingest pipeline is importable.  Each figure is given for all
   claims, for ``round12`` (the 55 claims of the earlier sessions) and ``round3`` (the 23 added with
   the re-ranker, topics marked ``"round": 3``).  With ``WORKBENCH_CODE=/path/to/checkout`` the
   same harness runs another checkout's code (the baseline).
   ``--fit`` cross-validates the re-ranker (``workbench/evidence/rerank.py``): for each topic
   (a claim group: one claim made by up to five seeds), the model is fitted on the candidates of
   every other topic and that topic's claims are run with it; the figures printed are those of the
   held-out folds only.  Then it fits on every topic and prints the weights to ship.
   ``--distractors C5K.db`` (a workspace of the corpus, ``workbench ingest`` of ``../shared/corpus``
   then ``workbench corroborate --reindex``) runs the same eval on a copy of it with the seeds
   ingested into it: 5,337 articles on other subjects, whose passages are all wrong answers, as in a
   user's workspace.  With ``--fit`` the re-ranker is cross-validated on candidate rows from the
   seeds alone, from the seeds among the corpus, or both (``--variants``), each variant's folds run
   in both workspaces; the weights shipped are the fit on ``both``.
2. **Latency**: a workspace with the whole corpus (sources inserted + ``index_source``; no NER),
   claims made on random passages, median / p95 of ``corroborate(limit=10)``.  Target: median < 200 ms.
3. **Duplicates** on ``pt/fakebr-true-N`` / ``pt/fakebr-fake-N`` (Fake.br pairs a fake item with a
   true item on the same subject): the cosine of every pair vs the best non-pair score of each source,
   and precision / recall of ``find_duplicates`` at its threshold over the Portuguese sources.

Results go to ``bench/results/corroborate.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
if os.environ.get("WORKBENCH_CODE"):  # the baseline: another checkout's ``workbench`` package, this harness
    sys.path.insert(0, os.environ["WORKBENCH_CODE"])

EVAL = ROOT / "tests" / "data" / "corroboration_eval.json"
SEEDS = ROOT / "seeds"
FLOORS = (0.1, 0.15, 0.2, 0.25, 0.3)  # floors tried on the held-out folds (--fit)


# -- seed evaluation ---------------------------------------------------------------------------

def _locate(text: str, quote: str) -> tuple[int, int]:
    """The span of ``quote`` in ``text``; spaces in the quote match any whitespace (the seeds hold
    non-breaking spaces)."""
    pat = r"\s+".join(re.escape(w) for w in quote.split())
    hits = [m.span() for m in re.finditer(pat, text)]
    if len(hits) != 1:
        raise ValueError(f"quote found {len(hits)} times: {quote!r}")
    return hits[0]


def build_seed_workspace(db: Path, mode: str = "names"):
    """A workspace on the five seeds: ``names`` inserts the sources and indexes passages with no
    NER; ``ingest`` runs the real ingest pipeline (NER, entity resolution, passages).  Returns
    (ws, {seed key: source id})."""
    from workbench.store import Workspace

    spec = json.loads(EVAL.read_text(encoding="utf-8"))
    ws = Workspace(db)
    ids: dict[str, int] = {}
    if mode == "ingest":
        from workbench.ingest import ingest_paths

        ingest_paths(ws, [SEEDS / f for f in spec["seeds"].values()])
        by_name = {Path(s.path).name: s.id for s in ws.list_sources()}
        ids = {k: by_name[f] for k, f in spec["seeds"].items()}
    else:
        import hashlib

        from workbench.evidence.passages import index_source

        for key, fname in spec["seeds"].items():
            text = (SEEDS / fname).read_text(encoding="utf-8")
            lang = key[:2]
            with ws.tx():
                sid = ws.insert_source(sha256=hashlib.sha256(text.encode()).hexdigest(), path=str(SEEDS / fname),
                                       title=text.strip().split("\n")[0][:200], outlet="", lang=lang,
                                       lang_detected=lang, text=text)
                index_source(ws, sid, text, lang)
            ids[key] = sid
    return ws, ids


def _judge(results: list, others: dict[str, list[tuple[int, int]]], key_of: dict[int, str], k: int) -> dict:
    """One claim's figures: ``results`` shown against the labelled passages of the other sources."""
    n_gold = sum(len(v) for v in others.values())
    hit_gold: set[tuple[str, int]] = set()
    rel = 0
    rr = 0.0
    hit_sources = set()
    shown = []
    for rank, c in enumerate(results, 1):
        key = key_of.get(c.source_id, f"other:{c.source_id}")  # a source outside the eval (a distractor) is never right
        ok = False
        for i, (gs, ge) in enumerate(others.get(key, [])):
            if gs < c.end and c.start < ge:
                ok = True
                hit_gold.add((key, i))
        rel += ok
        if ok:
            hit_sources.add(key)
            rr = rr or 1 / rank
        shown.append({"source": key, "score": c.score, "band": getattr(c, "band", "same"), "relevant": ok,
                      "text": c.text[:90]})
    same = [x for x in shown if x["band"] == "same"]
    return {
        "no_match": not others, "returned": len(results),
        "precision_shown": rel / len(results) if results and others else None,
        "precision@5": rel / k, "best_possible_precision@5": min(k, n_gold) / k,
        "recall@5": len(hit_gold) / n_gold if n_gold else None,
        "coverage@5": len(hit_sources) / len(others) if others else None,
        "rr": rr if others else None,
        "same_band_empty": not same if not others else None,
        "same_band_precision": (sum(x["relevant"] for x in same) / len(same)) if same and others else None,
        "results": shown,
    }


def seed_eval(ws, ids: dict[str, int], k: int = 5, models: dict | None = None, subset: str = "",
              floor: float | None = None) -> dict:
    """Run every labelled claim; per claim: precision over the passages shown (top ``k``), coverage
    (share of the other sources that make the claim with a right passage in the top ``k``), the
    reciprocal rank of the first right passage, and for claims that no other source makes
    (``no_match`` topics) whether the "same claim" band is empty.  A result without a ``band``
    (the code before bands) counts as "same claim".  ``models`` ({topic: (rerank.Model, band model)}) runs each
    topic's claims with its own re-ranker (the held-out folds of :func:`cross_validate`);
    ``subset="round12"`` keeps the claims labelled before round 3 (the 55 of the last session),
    ``"round3"`` the ones added since."""
    from workbench.evidence.corroborate import corroborate

    spec = json.loads(EVAL.read_text(encoding="utf-8"))
    texts = {key: ws.source_text(sid) for key, sid in ids.items()}
    key_of = {sid: key for key, sid in ids.items()}
    per_claim = []
    for topic, t in spec["topics"].items():
        if subset and (t.get("round", 1) == 3) != (subset == "round3"):
            continue
        gold = {key: [_locate(texts[key], q) for q in qs] for key, qs in t["passages"].items()}
        for ckey, quote in t["claims"].items():
            s, e = _locate(texts[ckey], quote)
            claim = ws.add_claim(ids[ckey], s, e)
            kw: dict = dict(zip(("model", "band_model"), models[topic])) if models else {}
            if floor is not None:
                kw["floor"] = floor
            results = corroborate(ws, claim.id, limit=k, **kw)
            ws.delete_claim(claim.id)
            others = {key: spans for key, spans in gold.items() if key != ckey}
            per_claim.append({"topic": topic, "claim": ckey, **_judge(results, others, key_of, k)})

    def mean(key: str) -> float | None:
        vals = [p[key] for p in per_claim if p[key] is not None]
        return round(statistics.mean(vals), 4) if vals else None

    matching = [p for p in per_claim if not p["no_match"]]
    return {"claims": len(per_claim), "matching_claims": len(matching), "no_match_claims": len(per_claim) - len(matching),
            "precision_shown@5": mean("precision_shown"),
            "empty_lists_on_matching_claims": sum(1 for p in matching if not p["returned"]),
            "coverage@5": mean("coverage@5"), "mrr": mean("rr"),
            "no_match_same_band_empty": mean("same_band_empty"),
            "same_band_precision": mean("same_band_precision"),
            "precision@5": mean("precision@5"), "best_possible_precision@5": mean("best_possible_precision@5"),
            "recall@5": mean("recall@5"), "source_recall@5": mean("coverage@5"), "per_claim": per_claim}


def candidate_rows(ws, ids: dict[str, int]) -> dict[str, list[tuple[dict, int]]]:
    """{topic: [(re-ranker features, 1 if the passage makes the claim else 0)]} over every candidate
    passage of every labelled claim, with the features as a query computes them (words aligned and
    clauses compared for the best candidates only, as chosen by the shipped model): the relative
    features (``cmsb``, ``arsb``) depend on which candidates were aligned."""
    from workbench.evidence.corroborate import ensure_index, score_candidates

    ensure_index(ws)
    spec = json.loads(EVAL.read_text(encoding="utf-8"))
    texts = {key: ws.source_text(sid) for key, sid in ids.items()}
    key_of = {sid: key for key, sid in ids.items()}
    out: dict[str, list[tuple[dict, int]]] = {}
    for topic, t in spec["topics"].items():
        gold = {key: [_locate(texts[key], q) for q in qs] for key, qs in t["passages"].items()}
        rows = out.setdefault(topic, [])
        for ckey, quote in t["claims"].items():
            s, e = _locate(texts[ckey], quote)
            claim = ws.add_claim(ids[ckey], s, e)
            for c in score_candidates(ws, ws.get_claim(claim.id)):
                key = key_of.get(c.source_id, "")  # a source outside the eval (a distractor) is never right
                ok = key != ckey and any(gs < c.end and c.start < ge for gs, ge in gold.get(key, []))
                rows.append((dict(c.features), int(ok)))
            ws.delete_claim(claim.id)
    return out


def fold_models(rows: dict) -> dict:
    """{topic: (re-ranker, band model)} fitted on every other topic's candidate rows: the held-out folds."""
    from workbench.evidence.rerank import ABSOLUTE, fit

    models = {}
    for topic in rows:
        train = [r for t, rs in rows.items() if t != topic for r in rs]
        models[topic] = (fit([x for x, _ in train], [y for _, y in train]),
                         fit([x for x, _ in train], [y for _, y in train], names=ABSOLUTE))
    return models


def fitted(final, band) -> dict:
    """The weights to ship, as the results files hold them: the re-ranker's and the band model's."""
    return {"fit_on_all": {"bias": final.bias, "weights": list(final.weights)},
            "band_fit_on_all": {"bias": band.bias, "weights": list(band.weights)}}


def cross_validate(ws, ids: dict[str, int]) -> dict:
    """Leave one claim group (topic) out: the re-ranker is fitted on the other topics' candidates and
    the held-out topic's claims are run with it; the metrics are those of the held-out folds only.
    Also the fit on every topic (the weights to ship in ``workbench/evidence/rerank.py``)."""
    from workbench.evidence.rerank import ABSOLUTE, FEATURES, fit

    rows = candidate_rows(ws, ids)
    models = fold_models(rows)
    every = [r for rs in rows.values() for r in rs]
    final = fit([x for x, _ in every], [y for _, y in every])
    band = fit([x for x, _ in every], [y for _, y in every], names=ABSOLUTE)
    out = {"features": list(FEATURES), "fit_on_all": {"bias": final.bias, "weights": list(final.weights)},
           "band_fit_on_all": {"bias": band.bias, "weights": list(band.weights)},
           "pairs": len(every), "positives": sum(y for _, y in every)}
    for subset in ("", "round12", "round3"):
        r = seed_eval(ws, ids, models=models, subset=subset)
        out[f"held_out_{subset or 'all'}"] = r
        print_eval(f"held-out folds, {subset or 'all'}", r)
    for floor in FLOORS:  # the floor's trade-off, on the same held-out folds
        r = seed_eval(ws, ids, models=models, floor=floor)
        out[f"held_out_all_floor_{floor}"] = {k: v for k, v in r.items() if k != "per_claim"}
        print_eval(f"held-out folds, all, floor {floor}", r)
    return out


def print_eval(label: str, r: dict) -> None:
    print(f"seed eval [{label}] over {r['matching_claims']} claims + {r['no_match_claims']} no-match:"
          f" precision of shown {r['precision_shown@5']}, coverage {r['coverage@5']}, MRR {r['mrr']},"
          f" no-match with empty 'same claim' band {r['no_match_same_band_empty']}"
          f" (P@5 {r['precision@5']}, passage R@5 {r['recall@5']}, empty lists {r['empty_lists_on_matching_claims']})")


# -- corpus latency and duplicates -------------------------------------------------------------

def build_corpus_workspace(db: Path) -> dict:
    """Insert the corpus (no NER), then build the passage index with its vectors on both cores
    (``index_missing``, as the first query after an ingest does).  Reports the index build rate
    and the workspace size with the vectors and without them (the vector tables' pages, from
    ``dbstat``)."""
    from bench._corpus import corpus_files
    from workbench.evidence.passages import index_missing
    from workbench.ingest.clean import clean_text, sha256_text
    from workbench.store import Workspace

    ws = Workspace(db)
    files = corpus_files()
    n_chars = 0
    seen = set()
    with ws.tx():
        for f in files:
            text = clean_text(f.read_text(encoding="utf-8"))
            sha = sha256_text(text)
            if sha in seen:
                continue
            seen.add(sha)
            lang = f.parent.name
            ws.insert_source(sha256=sha, path=str(f.relative_to(f.parents[1])), title=text.split("\n")[0][:200],
                             outlet="", lang=lang, lang_detected=lang, text=text)
            n_chars += len(text)
    t0 = time.perf_counter()
    index_missing(ws, workers=2)
    took = time.perf_counter() - t0
    passages = ws.conn.execute("SELECT count(*) FROM passages").fetchone()[0]
    ws.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = db.stat().st_size
    vec_bytes = ws.conn.execute("SELECT sum(pgsize) FROM dbstat WHERE name IN"
                                " ('passage_vectors', 'passage_sigs')").fetchone()[0] or 0
    ws.close()
    return {"sources": len(seen), "chars": n_chars, "passages": passages, "index_s": round(took, 2),
            "index_passages_per_s_2_cores": round(passages / took, 1), "index_chars_per_s": round(n_chars / took),
            "workspace_mb_with_vectors": round(size / 1e6, 1),
            "workspace_mb_without_vectors": round((size - vec_bytes) / 1e6, 1)}


def latency(db: Path, n_queries: int, seed: int = 7) -> dict:
    from workbench.evidence.corroborate import corroborate
    from workbench.store import Workspace

    ws = Workspace(db)
    rng = random.Random(seed)
    max_id = ws.conn.execute("SELECT max(id) FROM passages").fetchone()[0]
    claims = []
    while len(claims) < n_queries:
        row = ws.conn.execute("SELECT source_id, start, end FROM passages WHERE id = ? AND end - start >= 60",
                              (rng.randint(1, max_id),)).fetchone()
        if row:
            claims.append(ws.add_claim(row[0], row[1], row[2]).id)
    corroborate(ws, claims[0])  # warm the page cache
    times = []
    n_results = []
    for cid in claims:
        t0 = time.perf_counter()
        res = corroborate(ws, cid, limit=10)
        times.append((time.perf_counter() - t0) * 1000)
        n_results.append(len(res))
    ws.close()
    times.sort()
    return {"queries": len(times), "median_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1), "max_ms": round(times[-1], 1),
            "mean_results": round(statistics.mean(n_results), 2), "target_median_ms": 200}


def duplicates(db: Path, seed: int = 11) -> dict:
    from workbench.evidence.corroborate import DUPLICATE_THRESHOLD, cosine, find_duplicates, source_vectors
    from workbench.store import Workspace

    ws = Workspace(db)
    t0 = time.perf_counter()
    found = find_duplicates(ws, threshold=0.05)  # every scored candidate pair, thresholds applied below
    took = time.perf_counter() - t0
    vecs = source_vectors(ws)
    pt = {}
    for sid, path in ws.conn.execute("SELECT id, path FROM sources WHERE path LIKE 'pt/fakebr-%'"):
        m = re.match(r"pt/fakebr-(true|fake)-(\d+)\.txt", path)
        if m:
            pt[sid] = (m.group(1), int(m.group(2)))
    ws.close()
    by_num: dict[int, dict[str, int]] = {}
    for sid, (kind, n) in pt.items():
        by_num.setdefault(n, {})[kind] = sid
    true_pairs = {tuple(sorted((d["true"], d["fake"]))) for d in by_num.values() if len(d) == 2}
    pair_vals = sorted(cosine(vecs.get(a, {}), vecs.get(b, {})) for a, b in true_pairs)
    rng = random.Random(seed)
    ids = sorted(pt)
    non_vals = []
    while len(non_vals) < 20000:
        a, b = rng.sample(ids, 2)
        if tuple(sorted((a, b))) not in true_pairs:
            non_vals.append(cosine(vecs.get(a, {}), vecs.get(b, {})))
    non_vals.sort()
    # is a true item's partner its nearest Portuguese neighbour (exact, over all 3,000)?
    fakes = [d["fake"] for d in by_num.values() if len(d) == 2]
    nn_hits = 0
    for d in by_num.values():
        if len(d) != 2:
            continue
        va = vecs.get(d["true"], {})
        best = max(fakes, key=lambda f: cosine(va, vecs.get(f, {})))
        nn_hits += best == d["fake"]
    pt_found = {(p.a, p.b): p.score for p in found if p.a in pt and p.b in pt}

    def pr(th: float) -> dict:
        predicted = {p for p, v in pt_found.items() if v >= th}
        tp = len(predicted & true_pairs)
        return {"threshold": th, "predicted_pt_pairs": len(predicted), "true_positives": tp,
                "precision": round(tp / len(predicted), 4) if predicted else None,
                "recall": round(tp / len(true_pairs), 4)}

    q = lambda vals, f: round(vals[int(f * (len(vals) - 1))], 4) if vals else None  # noqa: E731
    return {
        "pt_sources": len(pt), "pairs": len(true_pairs),
        "pair_cosine": {"p10": q(pair_vals, 0.1), "median": q(pair_vals, 0.5), "p90": q(pair_vals, 0.9)},
        "random_non_pair_cosine": {"median": q(non_vals, 0.5), "p99": q(non_vals, 0.99), "p999": q(non_vals, 0.999),
                                   "max": q(non_vals, 1.0), "sampled": len(non_vals)},
        "share_of_pairs_above_random_p99": round(sum(v > q(non_vals, 0.99) for v in pair_vals) / len(pair_vals), 4),
        "true_item_nearest_fake_is_its_partner": round(nn_hits / len(true_pairs), 4),
        "find_duplicates_on_pt": [pr(th) for th in (0.1, 0.2, 0.3, DUPLICATE_THRESHOLD, 0.7)],
        "default_threshold": DUPLICATE_THRESHOLD,
        "whole_corpus_pairs_at_default": sum(1 for p in found if p.score >= DUPLICATE_THRESHOLD),
        "find_duplicates_whole_corpus_s": round(took, 2),
    }


def distractor_workspace(corpus_db: Path, db: Path):
    """A copy (at ``db``) of a corpus workspace whose passages are indexed, with the seeds ingested
    into it (real NER and resolution) and indexed: the other seeds' right passages must stand out
    from those of thousands of other articles, as they must in a user's workspace.  Returns (ws,
    {seed key: source id}, sources before the seeds)."""
    import shutil

    from workbench.evidence.corroborate import ensure_index
    from workbench.ingest import ingest_paths
    from workbench.store import Workspace

    spec = json.loads(EVAL.read_text(encoding="utf-8"))
    shutil.copyfile(corpus_db, db)
    ws = Workspace(db)
    n_sources = ws.conn.execute("SELECT count(*) FROM sources").fetchone()[0]
    ingest_paths(ws, [SEEDS / f for f in spec["seeds"].values()])
    by_name = {Path(s.path).name: s.id for s in ws.list_sources() if Path(s.path).parent == SEEDS}
    ensure_index(ws)
    return ws, {k: by_name[f] for k, f in spec["seeds"].items()}, n_sources


def distractor_eval(corpus_db: Path) -> dict:
    """The seed eval in :func:`distractor_workspace`, with the time per claim."""
    with tempfile.TemporaryDirectory() as tmp:
        ws, ids, n_sources = distractor_workspace(corpus_db, Path(tmp) / "distractors.db")
        t0 = time.perf_counter()
        r = seed_eval(ws, ids)
        r["seconds_per_claim"] = round((time.perf_counter() - t0) / len(r["per_claim"]), 3)
        r["distractor_sources"] = n_sources
        ws.close()
    print_eval(f"with {n_sources} distractor sources", r)
    return r


def fit_with_distractors(corpus_db: Path, variants_run: Sequence[str] = ("seeds", "distractors", "both"),
                         floors: Sequence[float] = ()) -> dict:
    """Leave one topic out, with training rows from the seeds alone (``seeds``: the procedure of
    ``--fit``), from the seeds among the corpus (``distractors``: :func:`distractor_workspace`), or
    both; each variant's held-out folds are run in both workspaces.  Then the fit on every topic
    of the ``both`` rows (the weights to ship)."""
    from workbench.evidence.rerank import ABSOLUTE, FEATURES, fit

    out: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        wd, idd, n_sources = distractor_workspace(corpus_db, Path(tmp) / "distractors.db")
        wn, idn = build_seed_workspace(Path(tmp) / "names.db", "names")
        rows_d, rows_n = candidate_rows(wd, idd), candidate_rows(wn, idn)
        variants = {"seeds": rows_n, "distractors": rows_d,
                    "both": {t: rows_n[t] + rows_d[t] for t in rows_n}}
        for name in variants_run:
            models = fold_models(variants[name])
            for label, ws, ids in (("seeds alone", wn, idn), (f"among {n_sources} sources", wd, idd)):
                for floor in (None, *(floors if name == "both" else ())):
                    r = seed_eval(ws, ids, models=models, floor=floor)
                    tag = f"{name}: {label}" + (f", floor {floor}" if floor is not None else "")
                    out[tag] = {k: v for k, v in r.items() if k != "per_claim"}
                    if floor is None:
                        out[tag]["per_claim"] = r["per_claim"]
                    print_eval(f"trained on {tag}, held-out folds", r)
        every = [r for rs in variants["both"].values() for r in rs]
        final = fit([x for x, _ in every], [y for _, y in every])
        band = fit([x for x, _ in every], [y for _, y in every], names=ABSOLUTE)
        out["features"] = list(FEATURES)
        out.update(fitted(final, band))
        out["pairs"], out["positives"] = len(every), sum(y for _, y in every)
        wd.close()
        wn.close()
    print(json.dumps(out["fit_on_all"]), json.dumps(out["band_fit_on_all"]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, default=None, help="reuse / build the corpus workspace here")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--skip-corpus", action="store_true")
    ap.add_argument("--out", default="corroborate", help="results file name under bench/results/")
    ap.add_argument("--fit", action="store_true", help="cross-validate the re-ranker (leave one topic out), fit it on all, stop")
    ap.add_argument("--mode", default="names", help="seed workspace for --fit: names or ingest")
    ap.add_argument("--distractors", type=Path, default=None,
                    help="a workspace of the corpus with its passage index: the seed eval runs on a copy of it "
                         "with the seeds ingested into it (the right passages among 5,337 other articles), then stops")
    ap.add_argument("--variants", nargs="*", default=["seeds", "distractors", "both"],
                    help="with --fit --distractors: the training rows to cross-validate (seeds, distractors, both)")
    args = ap.parse_args()
    out: dict = {}
    if args.distractors:
        if args.fit:
            out["fit_with_distractors"] = fit_with_distractors(args.distractors, args.variants, FLOORS)
        else:
            out["seed_eval_distractors"] = distractor_eval(args.distractors)
        from bench._corpus import write_result

        print("wrote", write_result(args.out, out))
        return
    if args.fit:
        with tempfile.TemporaryDirectory() as tmp:
            ws, ids = build_seed_workspace(Path(tmp) / "fit.db", args.mode)
            res = cross_validate(ws, ids)
            ws.close()
        print(json.dumps(res["fit_on_all"]), json.dumps(res["band_fit_on_all"]))
        from bench._corpus import write_result

        print("wrote", write_result(f"{args.out}_cv_{args.mode}", res))
        return
    with tempfile.TemporaryDirectory() as tmp:
        for mode in ("names", "ingest"):
            try:
                ws, ids = build_seed_workspace(Path(tmp) / f"seeds-{mode}.db", mode)
            except ImportError as exc:
                out[f"seed_eval_{mode}"] = {"skipped": str(exc)}
                continue
            for subset in ("", "round12", "round3"):
                r = seed_eval(ws, ids, subset=subset)
                out[f"seed_eval_{mode}" + (f"_{subset}" if subset else "")] = r
                print_eval(f"{mode} {subset or 'all'}", r)
            ws.close()
        if not args.skip_corpus:
            db = args.db or Path(tmp) / "corpus.db"
            if not db.exists():
                out["corpus"] = build_corpus_workspace(db)
                print("corpus:", out["corpus"])
            out["latency"] = latency(db, args.queries)
            print("latency:", out["latency"])
            out["duplicates"] = duplicates(db)
            print("duplicates:", json.dumps(out["duplicates"], indent=1))
    from bench._corpus import write_result

    out["code"] = __import__("workbench").__file__
    print("wrote", write_result(args.out, out))


if __name__ == "__main__":
    main()
