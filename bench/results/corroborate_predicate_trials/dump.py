"""Dump every candidate of every labelled claim (shipped model's selection) with extra info."""
import json, pickle, sys, tempfile
from pathlib import Path
sys.path.insert(0, "/work/corrob")
from bench.corroborate import EVAL, _locate, build_seed_workspace
from workbench.evidence.corroborate import ensure_index, score_candidates

mode = sys.argv[1]
with tempfile.TemporaryDirectory() as tmp:
    ws, ids = build_seed_workspace(Path(tmp) / "d.db", mode)
    ensure_index(ws)
    spec = json.loads(EVAL.read_text(encoding="utf-8"))
    texts = {k: ws.source_text(s) for k, s in ids.items()}
    key_of = {s: k for k, s in ids.items()}
    out = []
    for topic, t in spec["topics"].items():
        gold = {k: [_locate(texts[k], q) for q in qs] for k, qs in t["passages"].items()}
        for ckey, quote in t["claims"].items():
            s, e = _locate(texts[ckey], quote)
            claim = ws.add_claim(ids[ckey], s, e)
            cl = ws.get_claim(claim.id)
            cands = score_candidates(ws, cl)
            others = {k: v for k, v in gold.items() if k != ckey}
            rows = []
            for c in cands:
                k = key_of[c.source_id]
                ok = any(gs < c.end and c.start < ge for gs, ge in others.get(k, []))
                rows.append(dict(f=dict(c.features), y=int(ok), src=k, sid=c.source_id, start=c.start, end=c.end,
                                 text=c.text, pid=c.passage_id, lang=c.lang))
            # all passages of each source (for relative features)
            ws.delete_claim(claim.id)
            out.append(dict(topic=topic, round=t.get("round", 1), claim=ckey, qtext=texts[ckey][s:e],
                            others=list(others), rows=rows))
    # all passages per source
    allp = {k: [(r[0], r[1], r[2], texts[k][r[1]:r[2]]) for r in ws.conn.execute(
        "SELECT id, start, end FROM passages WHERE source_id=?", (sid,))] for k, sid in ids.items()}
    pickle.dump(dict(claims=out, passages=allp), open(f"/tmp/corrob_me/dump_{mode}.pkl", "wb"))
    ws.close()
print("done")
