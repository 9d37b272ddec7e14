"""The re-ranker fitted on more than one story: the seed topics AND the corpus story groups.

    .venv/bin/python bench/corroborate_fit.py --db C5K.db [--out corroborate_fit]

Until now the re-ranker (``workbench/evidence/rerank.py``) was fitted on the labelled claims of the
five seeds (``bench/corroborate.py --fit --distractors``): 23 topics, but all of one story (xAI,
Musk, 10,000 GPUs).  ``tests/data/corroboration_corpus_eval.json`` holds 16 story groups of real
outlets from the corpus (fake-news templates, police reports, politics, in pt, es, it), labelled the
same way.  This harness asks whether training on both generalises better than training on the seeds:

* one workspace of the corpus (a copy of ``--db``, never written) with the seeds ingested into it
  (``bench/corroborate.py``'s distractor workspace), and one of the seeds alone (``names`` mode);
* candidate rows (the features a query computes, labelled by the gold) for every seed topic in both
  workspaces (as ``--fit --variants both``) and for every corpus group;
* variants, each run as held-out folds (a group's claims are run with a model fitted without that
  group's rows):

  - ``shipped``: the weights in ``rerank.py`` (fitted on every seed topic: held-out for the corpus
    groups, not for the seeds);
  - ``seeds``: fitted on seed topics only (leave one seed topic out; every seed topic for a corpus group);
  - ``seeds+corpus``: fitted on both, leave one group (seed topic or corpus group) out; also with
    lower floors (:data:`FLOORS`), since its probabilities are lower (the corpus groups bring
    20,000 wrong candidates for 48 right ones).

  Each is measured on the seed eval (seeds alone, seeds among the corpus) and on the corpus gold.
* Then the fit of ``seeds+corpus`` on every group: the weights to ship if it wins.

Results go to ``bench/results/<out>.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import corroborate as seedbench  # noqa: E402
from bench import corroborate_corpus as corpusbench  # noqa: E402


FLOORS = ((0.05, 0.3), (0.03, 0.3), (0.05, 0.2), (0.03, 0.2))  # (floor, relative floor) tried with the seeds+corpus folds


def corpus_rows(ws, spec: dict) -> dict[str, list[tuple[dict, int]]]:
    """{"corpus:<group>": [(features, 1 if the passage makes the claim else 0)]} for every candidate
    of every claim of the corpus gold (a passage outside the claim's group is never right)."""
    from workbench.evidence.corroborate import ensure_index, score_candidates

    ensure_index(ws)
    ids = corpusbench.source_ids(ws)
    path_of = {sid: path for path, sid in ids.items()}
    out: dict[str, list[tuple[dict, int]]] = {}
    for name, g in spec["groups"].items():
        rows = out.setdefault(f"corpus:{name}", [])
        for c in g["claims"]:
            sid = ids[c["source"]]
            s, e = corpusbench._span(ws.source_text(sid), c["claim"])
            gold = corpusbench._spans(ws, ids, c["passages"])
            added = ws.add_claim(sid, s, e)
            try:
                for cand in score_candidates(ws, ws.get_claim(added.id)):
                    path = path_of.get(cand.source_id, "")
                    ok = any(gs < cand.end and cand.start < ge for gs, ge in gold.get(path, []))
                    rows.append((dict(cand.features), int(ok)))
            finally:
                ws.delete_claim(added.id)
    return out


def corpus_eval(ws, spec: dict, models: dict | None = None, limit: int = 5) -> dict:
    """The corpus gold's figures, each group's claims run with ``models["corpus:<group>"]`` (a pair
    of re-ranker and band model) when given, else with the shipped weights."""
    from workbench.evidence import corroborate as corr

    ids = corpusbench.source_ids(ws)
    path_of = {sid: path for path, sid in ids.items()}
    rows = []
    for name, g in spec["groups"].items():
        pair = models.get(f"corpus:{name}") if models else None
        original = corr.corroborate
        if pair:
            def patched(w, cid, limit=10, _o=original, _p=pair, **kw):
                return _o(w, cid, limit=limit, model=_p[0], band_model=_p[1], **kw)
            corr.corroborate = patched
        try:
            rows.extend(corpusbench.run_claim(ws, ids, path_of, g, c, limit) for c in g["claims"])
        finally:
            corr.corroborate = original
    out = {"overall": corpusbench.summarise(rows)}
    for lang in corpusbench.LANGS:
        if any(r["lang"] == lang for r in rows):
            out[lang] = corpusbench.summarise([r for r in rows if r["lang"] == lang])
    return out


def _fit_pair(rows: list[tuple[dict, int]], drop: tuple[str, ...] = ()):
    from workbench.evidence.rerank import ABSOLUTE, FEATURES, fit

    xs, ys = [x for x, _ in rows], [y for _, y in rows]
    return (fit(xs, ys, names=tuple(n for n in FEATURES if n not in drop)),
            fit(xs, ys, names=tuple(n for n in ABSOLUTE if n not in drop)))


def folds(rows: dict[str, list[tuple[dict, int]]], held: list[str], train_groups: list[str],
          drop: tuple[str, ...] = (), corpus_copies: int = 1) -> dict:
    """{group: (model, band model)} for every group in ``held``, each fitted on the rows of
    ``train_groups`` other than itself (without the features ``drop``; the corpus groups' rows
    counted ``corpus_copies`` times)."""
    def times(t: str) -> int:
        return corpus_copies if t.startswith("corpus:") else 1
    return {g: _fit_pair([r for t in train_groups if t != g for _ in range(times(t)) for r in rows[t]], drop)
            for g in held}


def _measure(label: str, models: dict | None, wn, idn, wd, idd, spec: dict,
             floors: tuple[float, float] | None = None) -> dict:
    """The three evals with ``models``; ``floors`` (floor, relative floor) replace the shipped ones."""
    from workbench.evidence import corroborate as corr

    shipped = corr.FLOOR, corr.RELATIVE_FLOOR
    corr.FLOOR, corr.RELATIVE_FLOOR = floors or shipped
    try:
        seeds_alone = seedbench.seed_eval(wn, idn, models=models)
        among = seedbench.seed_eval(wd, idd, models=models)
        corpus = corpus_eval(wd, spec, models)
    finally:
        corr.FLOOR, corr.RELATIVE_FLOOR = shipped
    seedbench.print_eval(f"{label}: seeds alone", seeds_alone)
    seedbench.print_eval(f"{label}: seeds among the corpus", among)
    corpusbench.print_summary(f"{label}: corpus gold", corpus["overall"])
    drop = lambda r: {k: v for k, v in r.items() if k != "per_claim"}  # noqa: E731
    return {"seeds_alone": drop(seeds_alone), "seeds_among_corpus": drop(among), "corpus": corpus}


def candidate_table(db: Path, tmp: Path, spec: dict, cache: Path | None):
    """The two workspaces and every group's candidate rows (read from ``cache`` when it exists,
    written there otherwise: the rows take minutes, the variants seconds)."""
    import pickle

    copy = tmp / "c5k.db"
    corpusbench.copy_workspace(db, copy)
    wd, idd, n_sources = seedbench.distractor_workspace(copy, tmp / "distractors.db")
    wn, idn = seedbench.build_seed_workspace(tmp / "names.db", "names")
    if cache and cache.exists():
        return wd, idd, wn, idn, n_sources, pickle.loads(cache.read_bytes())
    rows_n, rows_d = seedbench.candidate_rows(wn, idn), seedbench.candidate_rows(wd, idd)
    rows = {t: rows_n[t] + rows_d[t] for t in rows_n}
    rows.update(corpus_rows(wd, spec))
    if cache:
        cache.write_bytes(pickle.dumps(rows))
    return wd, idd, wn, idn, n_sources, rows


def run(db: Path, cache: Path | None = None) -> dict:
    spec = json.loads(corpusbench.GOLD.read_text(encoding="utf-8"))
    out: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        wd, idd, wn, idn, n_sources, rows = candidate_table(db, Path(tmp), spec, cache)
        seed_topics = [t for t in rows if not t.startswith("corpus:")]
        corpus_groups = [g for g in rows if g.startswith("corpus:")]
        out["rows"] = {"seed_topics": len(seed_topics), "corpus_groups": len(corpus_groups),
                       "seed_pairs": sum(len(rows[t]) for t in seed_topics),
                       "corpus_pairs": sum(len(rows[g]) for g in corpus_groups),
                       "corpus_positives": sum(y for g in corpus_groups for _, y in rows[g])}
        print(out["rows"])
        out["shipped"] = _measure("shipped", None, wn, idn, wd, idd, spec)
        seeds_only = {**folds(rows, seed_topics, seed_topics), **folds(rows, corpus_groups, seed_topics)}
        out["seeds"] = _measure("seeds, held out", seeds_only, wn, idn, wd, idd, spec)
        every = seed_topics + corpus_groups
        both = folds(rows, every, every)
        for floors in (None, *FLOORS):
            label = "seeds+corpus" + (f", floor {floors[0]}, relative {floors[1]}" if floors else "")
            out[label] = _measure(f"{label}, held out", both, wn, idn, wd, idd, spec, floors)
        final, band = _fit_pair([r for rs in rows.values() for r in rs])
        out.update(seedbench.fitted(final, band))
        out["distractor_sources"] = n_sources
        wd.close()
        wn.close()
    print(json.dumps(out["fit_on_all"]), json.dumps(out["band_fit_on_all"]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path, required=True, help="a workspace of the corpus with its passage index (copied)")
    ap.add_argument("--out", default="corroborate_fit", help="results file name under bench/results/")
    ap.add_argument("--rows-cache", type=Path, help="keep the candidate rows in this file (pickle) and reuse them")
    args = ap.parse_args()
    out = run(args.db, args.rows_cache)
    from bench._corpus import write_result

    print("wrote", write_result(args.out, out))


if __name__ == "__main__":
    main()
