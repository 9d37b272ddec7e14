import pickle, sys
sys.path.insert(0, "/work/corrob"); sys.path.insert(0, "/tmp/corrob_me")
import sim_run
from workbench.evidence.rerank import FEATURES, ABSOLUTE
for mode in ("names", "ingest"):
    sim_run.claims = pickle.load(open(f"/tmp/corrob_me/feat_{mode}.pkl", "rb"))
    print(mode)
    F = FEATURES
    sim_run.run(F, ABSOLUTE, "baseline")
    sim_run.run(tuple(x if x not in ("ar", "arsb") else {"ar": "apk", "arsb": "apsbk"}[x] for x in F),
                tuple(x if x != "ar" else "apk" for x in ABSOLUTE), "ar->apk, arsb->apsbk")
    sim_run.run(F + ("aclk",), ABSOLUTE + ("aclk",), "+aclk")
    sim_run.run(F + ("apsbk", "aclk"), ABSOLUTE + ("aclk",), "+apsbk,aclk")
    sim_run.run(F + ("apsbk",), ABSOLUTE + ("apk",), "+apsbk (band +apk)")
    sim_run.run(F + ("apk", "apsbk"), ABSOLUTE, "+apk,apsbk (band base)")
