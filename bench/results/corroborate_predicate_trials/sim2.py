import pickle, sys, statistics
sys.path.insert(0, "/work/corrob"); sys.path.insert(0, "/tmp/corrob_me")
import numpy as np
from workbench.evidence.encoder import encode
from workbench.evidence import rerank
from workbench.evidence.rerank import FEATURES, ABSOLUTE
mode = sys.argv[1]
D = pickle.load(open(f"/tmp/corrob_me/dump_{mode}.pkl", "rb"))
claims = pickle.load(open(f"/tmp/corrob_me/feat_{mode}.pkl", "rb"))
P = D["passages"]
vec = {}; cent = {}
for k, ps in P.items():
    V = encode([t for *_, t in ps])
    for (pid, s, e, t), v in zip(ps, V): vec[(k, s, e)] = v
    cent[k] = V.mean(axis=0)
def unit(v): return v / (np.linalg.norm(v) + 1e-9)
for c in claims:
    q = encode([c["qtext"]])[0]
    qr = unit(q - cent[c["claim"]])
    for r in c["rows"]:
        v = vec.get((r["src"], r["start"], r["end"]))
        if v is None: v = encode([r["text"]])[0]
        pr = unit(v - cent[r["src"]])
        r["f"]["rc"] = float(qr @ pr)
        r["f"]["rc1"] = float(q @ pr)
        r["f"]["rcq"] = float(qr @ v)
    groups = [r["sid"] for r in c["rows"]]
    rel = rerank.relative(groups, [r["f"]["rc"] for r in c["rows"]])
    for r, a in zip(c["rows"], rel): r["f"]["rcsb"] = a
pickle.dump(claims, open(f"/tmp/corrob_me/feat2_{mode}.pkl", "wb"))
import sim_run
sim_run.claims = claims
for extra in ([], ["rc"], ["rc1"], ["rcq"], ["rc", "rcsb"], ["rc", "apsbk"], ["rc1", "apsbk"], ["rc", "rc1"]):
    absx = tuple(e for e in extra if "sb" not in e)
    sim_run.run(FEATURES + tuple(extra), ABSOLUTE + absx, "+" + ",".join(extra))
