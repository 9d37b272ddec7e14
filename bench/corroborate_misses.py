"""Why corroboration misses, on the held-out folds of the seed eval (leave one topic out).

    .venv/bin/python bench/corroborate_misses.py [--mode names|ingest]

For every labelled claim, every candidate passage is scored by the re-ranker fitted WITHOUT the
claim's topic (the same folds as ``bench/corroborate.py --fit``), then the list is made as
:func:`corroborate` makes it (floor, at most two passages a source, top 5).  Each other source
that makes the claim and has no right passage in the top 5 is put down to one cause:

* ``not_proposed``: no candidate of either retriever overlaps a right passage;
* ``under_floor``: a right passage is a candidate but scored under the floor (the absolute one,
  or the share of the best score);
* ``crowded_out``: it is above the floor but below the top 5 (with the rank it had);

and every wrong passage shown is listed with its score and features (would a higher floor hide
it?).  Writes ``bench/results/corroborate_misses_<mode>.json`` with the per-claim dump and the
counts per cause.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corroborate import EVAL, _locate, build_seed_workspace, candidate_rows, fold_models  # noqa: E402


def analyse(ws, ids: dict[str, int], k: int = 5) -> dict:
    from workbench.evidence.corroborate import FLOOR, PER_SOURCE, RELATIVE_FLOOR, score_candidates

    rows = candidate_rows(ws, ids)
    models = fold_models(rows)
    spec = json.loads(EVAL.read_text(encoding="utf-8"))
    texts = {key: ws.source_text(sid) for key, sid in ids.items()}
    key_of = {sid: key for key, sid in ids.items()}
    causes: Counter[str] = Counter()
    wrong_bins: Counter[str] = Counter()
    dump = []
    for topic, t in spec["topics"].items():
        gold = {key: [_locate(texts[key], q) for q in qs] for key, qs in t["passages"].items()}
        for ckey, quote in t["claims"].items():
            s, e = _locate(texts[ckey], quote)
            claim = ws.add_claim(ids[ckey], s, e)
            model, band_model = models[topic]
            cands = score_candidates(ws, ws.get_claim(claim.id), model, band_model=band_model)
            ws.delete_claim(claim.id)
            others = {key: spans for key, spans in gold.items() if key != ckey}

            def right(c) -> bool:
                return any(gs < c.end and c.start < ge for gs, ge in others.get(key_of[c.source_id], []))

            cands.sort(key=lambda c: (-c.score, c.source_id, c.start))
            floor = max(FLOOR, RELATIVE_FLOOR * cands[0].score) if cands else FLOOR
            shown, per, ranked = [], Counter(), []
            for c in cands:
                if per[c.source_id] >= PER_SOURCE:
                    continue
                per[c.source_id] += 1
                ranked.append(c)
            shown = [c for c in ranked if c.score >= floor][:k]
            entry = {"topic": topic, "claim": ckey, "quote": quote, "no_match": not others, "misses": [], "wrong": []}
            for key in others:
                if any(key_of[c.source_id] == key and right(c) for c in shown):
                    continue
                mine = [c for c in cands if key_of[c.source_id] == key and right(c)]
                if not mine:
                    cause = "not_proposed"
                    best = None
                else:
                    best = mine[0]
                    cause = "under_floor" if best.score < floor else "crowded_out"
                rank = next((i + 1 for i, c in enumerate(ranked) if c is best), None)
                causes[cause] += 1
                entry["misses"].append({"source": key, "cause": cause, "rank": rank,
                                        "gold": [texts[key][a:b] for a, b in others[key]],
                                        "best": None if best is None else
                                        {"score": best.score, "text": best.text[:160],
                                         "features": {n: round(v, 3) for n, v in best.features.items()}}})
            for i, c in enumerate(shown):
                if not right(c):
                    wrong_bins[f"{min(int(c.score * 10), 9) / 10:.1f}"] += 1
                    entry["wrong"].append({"rank": i + 1, "source": key_of[c.source_id], "score": c.score,
                                           "text": c.text[:160], "features": {n: round(v, 3) for n, v in c.features.items()}})
            dump.append(entry)
    return {"causes": dict(causes), "wrong_shown_by_score": dict(sorted(wrong_bins.items())), "claims": dump}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mode", default="names")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ws, ids = build_seed_workspace(Path(tmp) / "misses.db", args.mode)
        res = analyse(ws, ids)
        ws.close()
    print(json.dumps({k: v for k, v in res.items() if k != "claims"}))
    from bench._corpus import write_result

    print("wrote", write_result(f"corroborate_misses_{args.mode}", res))


if __name__ == "__main__":
    main()
