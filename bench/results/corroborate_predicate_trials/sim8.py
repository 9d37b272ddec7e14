import pickle, sys, functools
sys.path.insert(0, "/work/corrob"); sys.path.insert(0, "/tmp/corrob_me")
import sim4
from workbench.evidence import rerank
for mode in ("names", "ingest"):
    claims = pickle.load(open(f"/tmp/corrob_me/feat_{mode}.pkl", "rb")); print(mode)
    for l2 in (1e-2, 0.3, 1.0, 3.0, 10.0):
        sim4.fit = functools.partial(rerank.fit, l2=l2)
        sim4.run(claims, sim4.FEATURES, sim4.ABSOLUTE, f"l2={l2}")
