import pickle, sys
sys.path.insert(0, "/work/corrob")
from workbench.evidence import rerank
claims = pickle.load(open("/tmp/corrob_me/feat2_names.pkl", "rb"))
m = rerank.MODEL
n=0
for c in claims:
    if c["round"] != 3 or not c["others"]: continue
    rows = sorted(c["rows"], key=lambda r: -m.probability(r["f"]))
    best = m.probability(rows[0]["f"]); floor = max(.1, .3*best)
    for src in c["others"]:
        mine = [r for r in rows if r["src"] == src]
        rights = [r for r in mine if r["y"]]
        if not rights: print("NOT PROPOSED", src); continue
        r = rights[0]; p = m.probability(r["f"])
        if p >= floor: continue
        above = [x for x in mine if m.probability(x["f"]) > p]
        n+=1
        print(f"\n== {c['topic']} {c['claim']}->{src} p={p:.3f} floor={floor:.3f} same-src-above={len(above)}")
        print("CLAIM:", c["qtext"][:200])
        print("RIGHT:", r["text"][:200], {k: round(v,2) for k,v in r["f"].items() if k in ('cm','lex','ar','cmsb','arsb','numok','ap')})
        for x in above[:2]:
            print("ABOVE:", x["text"][:150], {k: round(v,2) for k,v in x["f"].items() if k in ('cm','lex','ar','cmsb','arsb','numok','ap')})
print(n)
