import pickle, re, sys, statistics, json
from collections import Counter
sys.path.insert(0, "/work/corrob")
import numpy as np
from workbench.evidence import rerank
from workbench.evidence.rerank import fit, FEATURES, ABSOLUTE
from workbench.evidence.passages import content_words
from workbench.evidence.align import word_vectors, ALIGN_MIN
from workbench.evidence.lexical import idf

mode = sys.argv[1]
D = pickle.load(open(f"/tmp/corrob_me/dump_{mode}.pkl", "rb"))
claims = D["claims"]

_TOK = re.compile(r"[^\W\d_]+")
def pred_words(text):
    """claim content words that are not capitalised in the original text"""
    toks = [w for w in _TOK.findall(text) if not w[0].isupper()]
    return list(dict.fromkeys(content_words(" ".join(toks))))[:40]
def all_words(text):
    return list(dict.fromkeys(content_words(text)))[:40]

_CL = re.compile(r"[,;:()\[\]—–]|\s(?=(?:que|which|who|that|quien|cuyo|cuya|donde|onde|dove|cui|il quale|la quale|y|e|ed|and|pero|ma|mas|but)\s)")
def clauses2(text):
    parts = [p.strip() for p in _CL.split(text) if p and p.strip()]
    out, cur = [], ""
    for p in parts:
        cur = f"{cur} {p}".strip()
        if len(cur) >= 25:
            out.append(cur); cur = ""
    if cur:
        if out: out[-1] += " " + cur
        else: out.append(cur)
    return out or [text]

# document frequency over all passages of the seeds (as IDF proxy)
allp = [t for ps in D["passages"].values() for _, _, _, t in ps]
df = Counter()
for t in allp:
    for w in set(content_words(t)):
        df["t" + w[:5]] += 1
N = len(allp)
def wt(w): return idf(N, df.get("t" + w[:5], 0))

def align(cw, ptext_words, vecs):
    if not cw or not ptext_words: return 0.0
    w = np.array([wt(x) for x in cw], dtype=np.float32); w /= w.sum()
    cm = np.vstack([vecs[x] for x in cw]).astype(np.float32)
    pm = np.vstack([vecs[x] for x in ptext_words]).astype(np.float32)
    return float((((cm @ pm.T).max(axis=1) >= ALIGN_MIN) * w).sum())

# gather words
words = set()
for c in claims:
    words.update(all_words(c["qtext"]))
    for r in c["rows"]:
        words.update(content_words(r["text"]))
vecs = word_vectors(None, sorted(words))

for c in claims:
    pw = pred_words(c["qtext"]); aw = all_words(c["qtext"])
    for r in c["rows"]:
        aligned = r["f"]["ar"] > 0 or True
        pws = list(dict.fromkeys(content_words(r["text"])))
        r["f"]["ap"] = align(pw, pws, vecs)
        r["f"]["acl"] = max(align(pw, list(dict.fromkeys(content_words(cl))), vecs) for cl in clauses2(r["text"]))
        r["f"]["aall"] = align(aw, pws, vecs)
    # which were aligned in the pipeline: top ALIGN_TOP; mimic: rows with ar>0 or... use ar known mask
    known = [r["f"]["ar"] > 0 for r in c["rows"]]
    groups = [r["sid"] for r in c["rows"]]
    for name in ("ap", "acl"):
        rel_all = rerank.relative(groups, [r["f"][name] for r in c["rows"]])
        rel_k = rerank.relative(groups, [r["f"][name] for r in c["rows"]], known)
        for r, a, b in zip(c["rows"], rel_all, rel_k):
            r["f"][name + "sb"] = a
            r["f"][name + "sbk"] = b
            r["f"][name + "k"] = r["f"][name] if r["f"]["ar"] > 0 else 0.0

pickle.dump(claims, open(f"/tmp/corrob_me/feat_{mode}.pkl", "wb"))

import sim_run  # noqa: E402  the list rule the other trials share (one copy)

sim_run.claims = claims
run = sim_run.run

base = FEATURES
run(base, ABSOLUTE, "baseline")
for extra in (["ap"], ["apk"], ["ap", "apsb"], ["apk", "apsbk"], ["acl"], ["acl", "aclsb"], ["aclk", "aclsbk"],
              ["ap", "apsb", "acl"], ["apsbk"], ["apsb"], ["aclsb"]):
    absx = tuple(e for e in extra if "sb" not in e)
    run(base + tuple(extra), ABSOLUTE + absx, "+" + ",".join(extra))
