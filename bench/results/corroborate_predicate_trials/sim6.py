import pickle, sys
sys.path.insert(0, "/work/corrob"); sys.path.insert(0, "/tmp/corrob_me")
import numpy as np
from collections import Counter
from workbench.evidence import rerank
from workbench.evidence.passages import content_words
from workbench.evidence.align import word_vectors, ALIGN_MIN
from workbench.evidence.lexical import idf
from sim4 import run, FEATURES, ABSOLUTE
for mode in ("names", "ingest"):
    D = pickle.load(open(f"/tmp/corrob_me/dump_{mode}.pkl", "rb"))
    claims = pickle.load(open(f"/tmp/corrob_me/feat_{mode}.pkl", "rb"))
    allp = [t for ps in D["passages"].values() for *_, t in ps]
    df = Counter(); [df.update({"t" + w[:5] for w in content_words(t)}) for t in allp]; N = len(allp)
    wt = lambda w: idf(N, df.get("t" + w[:5], 0))
    words = set()
    for c in claims:
        words.update(content_words(c["qtext"])); [words.update(content_words(r["text"])) for r in c["rows"]]
    vecs = word_vectors(None, sorted(words))
    for c in claims:
        cw = list(dict.fromkeys(content_words(c["qtext"])))[:40]
        cm_ = np.vstack([vecs[x] for x in cw]).astype(np.float32) if cw else None
        for r in c["rows"]:
            pw = list(dict.fromkeys(content_words(r["text"])))
            if cm_ is None or not pw: r["f"]["rv"] = 0.0; continue
            w = np.array([wt(x) for x in pw], dtype=np.float32); w /= w.sum()
            pm = np.vstack([vecs[x] for x in pw]).astype(np.float32)
            r["f"]["rv"] = float((((pm @ cm_.T).max(axis=1) >= ALIGN_MIN) * w).sum())
            r["f"]["rvk"] = r["f"]["rv"] if r["f"]["ar"] > 0 else 0.0
            r["f"]["f1k"] = 2 * r["f"]["ar"] * r["f"]["rvk"] / (r["f"]["ar"] + r["f"]["rvk"] + 1e-9)
        groups = [r["sid"] for r in c["rows"]]
        known = [r["f"]["ar"] > 0 for r in c["rows"]]
        for n in ("rv", "f1k"):
            rel = rerank.relative(groups, [r["f"].get(n, 0.0) for r in c["rows"]], None if n == "rv" else known)
            for r, a in zip(c["rows"], rel): r["f"][n + "sb"] = a
        for r in c["rows"]:
            r["f"].setdefault("rvk", 0.0); r["f"].setdefault("f1k", 0.0)
    print(mode)
    run(claims, FEATURES, ABSOLUTE, "baseline")
    for ex, ab in ((("rv",), ("rv",)), (("rvk",), ("rvk",)), (("rv", "rvsb"), ("rv",)), (("f1k",), ("f1k",)), (("f1k", "f1ksb"), ("f1k",))):
        run(claims, FEATURES + ex, ABSOLUTE + ab, "+" + ",".join(ex))
