import pickle, sys, statistics
from collections import Counter
sys.path.insert(0, "/work/corrob")
from workbench.evidence.rerank import ABSOLUTE, fit, FEATURES as _F
FEATURES = _F[:10]
def run(claims, names, absn, label, per_src=2, second=0.0, rel=0.3):
    topics = sorted({c["topic"] for c in claims}); models = {}
    for t in topics:
        tr = [r for c in claims if c["topic"] != t for r in c["rows"]]
        models[t] = (fit([r["f"] for r in tr], [r["y"] for r in tr], names=names), fit([r["f"] for r in tr], [r["y"] for r in tr], names=absn))
    res = {"all": [], "round12": [], "round3": []}; nm = []; nwrong_nm = 0
    for c in claims:
        m, bm = models[c["topic"]]
        sc = [(m.probability(r["f"]), r) for r in c["rows"]]
        sc.sort(key=lambda x: (-x[0], x[1]["sid"], x[1]["start"]))
        if not sc: continue
        floor = max(0.1, rel * sc[0][0]); per = Counter(); first = {}; shown = []
        for p, r in sc:
            if p < floor or per[r["sid"]] >= per_src: continue
            if r["sid"] in first and p < second * first[r["sid"]]: continue
            first.setdefault(r["sid"], p); per[r["sid"]] += 1; shown.append((r, p))
            if len(shown) >= 5: break
        if not c["others"]:
            nm.append(not any(min(p, bm.probability(r["f"])) >= 0.6 for r, p in shown)); nwrong_nm += len(shown); continue
        ps = sum(r["y"] for r, _ in shown) / len(shown) if shown else None
        cov = len({r["src"] for r, _ in shown if r["y"]}) / len(c["others"])
        rr = next((1 / i for i, (r, _) in enumerate(shown, 1) if r["y"]), 0.0)
        for k in ("all", "round3" if c["round"] == 3 else "round12"): res[k].append((ps, cov, rr))
    agg = lambda v: "%.3f/%.3f/%.3f" % (statistics.mean(x[0] for x in v if x[0] is not None), statistics.mean(x[1] for x in v), statistics.mean(x[2] for x in v))
    print(f"{label:34s} all {agg(res['all'])}  r12 {agg(res['round12'])}  r3 {agg(res['round3'])}  nm-empty {statistics.mean(nm):.3f} nm-shown {nwrong_nm}", flush=True)
if __name__ == "__main__":
    for mode in ("names", "ingest"):
        cl = pickle.load(open(f"/tmp/corrob_me/feat_{mode}.pkl", "rb")); print(mode)
        run(cl, FEATURES, ABSOLUTE, "baseline")
        run(cl, FEATURES, ABSOLUTE, "per_source 1", per_src=1)
        for s in (0.5, 0.7, 0.9):
            run(cl, FEATURES, ABSOLUTE, f"second >= {s} x first", second=s)
