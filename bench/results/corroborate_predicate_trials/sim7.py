import pickle, sys
sys.path.insert(0, "/work/corrob"); sys.path.insert(0, "/tmp/corrob_me")
from workbench.evidence import rerank
from sim4 import run, FEATURES, ABSOLUTE
for mode in ("names", "ingest"):
    claims = pickle.load(open(f"/tmp/corrob_me/feat_{mode}.pkl", "rb"))
    for c in claims:
        groups = [r["sid"] for r in c["rows"]]
        rel = rerank.relative(groups, [r["f"]["aall"] for r in c["rows"]])
        for r, a in zip(c["rows"], rel): r["f"]["aallsb"] = a
    print(mode)
    run(claims, FEATURES, ABSOLUTE, "baseline")
    rep = lambda T: tuple({"ar": "aall", "arsb": "aallsb"}.get(x, x) for x in T)
    run(claims, rep(FEATURES), rep(ABSOLUTE), "ar on every candidate")
    rep2 = lambda T: tuple({"ar": "aall", "arsb": "apsb"}.get(x, x) for x in T)
    run(claims, rep2(FEATURES), rep2(ABSOLUTE), "ar all, predicate relative all")
