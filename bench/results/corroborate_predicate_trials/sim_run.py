import statistics
from collections import Counter
from workbench.evidence.rerank import fit
claims=None
def run(names, absn, label):
    topics = sorted({c["topic"] for c in claims})
    models = {}
    for t in topics:
        tr = [r for c in claims if c["topic"] != t for r in c["rows"]]
        models[t] = (fit([r["f"] for r in tr], [r["y"] for r in tr], names=names),
                     fit([r["f"] for r in tr], [r["y"] for r in tr], names=absn))
    res = {"all": [], "round12": [], "round3": []}
    nm_band = []
    for c in claims:
        m, bm = models[c["topic"]]
        rows = sorted(c["rows"], key=lambda r: (-m.probability(r["f"]), r["sid"], r["start"]))
        if not rows: continue
        best = m.probability(rows[0]["f"])
        floor = max(0.1, 0.3 * best)
        per = Counter(); shown = []
        for r in rows:
            p = m.probability(r["f"])
            if p < floor: continue
            if per[r["sid"]] >= 2: continue
            per[r["sid"]] += 1; shown.append((r, p))
            if len(shown) >= 5: break
        if not c["others"]:
            nm_band.append(not any(min(p, bm.probability(r["f"])) >= 0.6 for r, p in shown))
            continue
        rel = sum(r["y"] for r, _ in shown)
        ps = rel / len(shown) if shown else None
        cov = len({r["src"] for r, _ in shown if r["y"]}) / len(c["others"])
        rr = next((1 / i for i, (r, _) in enumerate(shown, 1) if r["y"]), 0.0)
        sub = "round3" if c["round"] == 3 else "round12"
        for k in ("all", sub):
            res[k].append((ps, cov, rr))
    def agg(v):
        return "%.3f/%.3f/%.3f" % (statistics.mean(x[0] for x in v if x[0] is not None),
                                   statistics.mean(x[1] for x in v), statistics.mean(x[2] for x in v))
    print(f"{label:40s} all {agg(res['all'])}  r12 {agg(res['round12'])}  r3 {agg(res['round3'])}  nm-band-empty {statistics.mean(nm_band):.3f}", flush=True)

