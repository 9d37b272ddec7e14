import pickle, sys
sys.path.insert(0, "/work/corrob"); sys.path.insert(0, "/tmp/corrob_me")
import numpy as np
from workbench.evidence.encoder import encode
from workbench.evidence import rerank
from sim4 import run, FEATURES, ABSOLUTE
for mode in ("names", "ingest"):
    D = pickle.load(open(f"/tmp/corrob_me/dump_{mode}.pkl", "rb"))
    claims = pickle.load(open(f"/tmp/corrob_me/feat_{mode}.pkl", "rb"))
    P = D["passages"]; vec = {}; bysrc = {}
    for k, ps in P.items():
        V = encode([t for *_, t in ps]); bysrc[k] = V
        for (pid, s, e, t), v in zip(ps, V): vec[(k, s, e)] = v
    for c in claims:
        Q = encode([c["qtext"], *rerank.clauses(c["qtext"])])
        others = {k: list((bysrc[k] @ Q.T).max(axis=1)) for k in bysrc}
        for r in c["rows"]:
            v = vec.get((r["src"], r["start"], r["end"]))
            if v is None: v = encode([r["text"]])[0]
            ct = float((Q @ v).max())
            r["f"]["ct"] = ct; r["f"]["ctx"] = ct * r["f"]["cross"]
        groups = [r["sid"] for r in c["rows"]]
        rel = rerank.relative(groups, [r["f"]["ct"] for r in c["rows"]], others={r["sid"]: others[r["src"]] for r in c["rows"]})
        for r, a in zip(c["rows"], rel): r["f"]["ctsb"] = a
    print(mode)
    run(claims, FEATURES, ABSOLUTE, "baseline")
    run(claims, FEATURES + ("ct",), ABSOLUTE + ("ct",), "+ct")
    run(claims, FEATURES + ("ct", "ctsb"), ABSOLUTE + ("ct",), "+ct,ctsb")
    run(claims, FEATURES + ("ctsb",), ABSOLUTE, "+ctsb")
    rep = lambda T: tuple({"cm": "ct", "cmx": "ctx", "cmsb": "ctsb"}.get(x, x) for x in T)
    run(claims, rep(FEATURES), rep(ABSOLUTE), "cm->ct")
