"""In-process A/B of the relative features' cost on a corpus workspace (default /tmp/corrob_exp/corpus.db, a copy of
bench/corroborate.py's 5,337-article workspace): corroborate(limit=10) on 40 random claims, per query alternating
the order of the arm with _source_others and the arm with a no-op in its place; then the step alone."""
import sys, time, random, statistics, os
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1]))
from workbench.store import Workspace
from workbench.evidence import corroborate as C
ws = Workspace(sys.argv[1] if len(sys.argv) > 1 else "/tmp/corrob_exp/corpus.db")
rng = random.Random(21)
mx = ws.conn.execute("SELECT max(id) FROM passages").fetchone()[0]
claims = []
while len(claims) < 40:
    r = ws.conn.execute("SELECT source_id, start, end FROM passages WHERE id=? AND end-start>=60", (rng.randint(1, mx),)).fetchone()
    if r: claims.append(ws.add_claim(*r).id)
orig = C._source_others
C.corroborate(ws, claims[0])
a, b, n_other = [], [], []
for i, cid in enumerate(claims):
    for arm in ((0, 1) if i % 2 else (1, 0)):
        C._source_others = orig if arm == 0 else (lambda *x, **k: {})
        t = time.perf_counter(); C.corroborate(ws, cid, limit=10); dt = (time.perf_counter() - t) * 1000
        (a if arm == 0 else b).append(dt)
C._source_others = orig
# the step alone
cl = ws.get_claim(claims[1]); q, qt = C.query_features(ws, cl)
t = time.perf_counter()
for cid in claims[:20]:
    cl = ws.get_claim(cid)
    qv = C.query_vectors(ws, cl, ws.source_text(cl.source_id)[cl.start:cl.end])
    cands = C.score_candidates(ws, cl, align_top=0, clause_top=0)
    t0 = time.perf_counter(); o = orig(ws, cands, qv, C.rerank.BAND_MODEL); n_other.append((time.perf_counter() - t0) * 1000)
print("with", round(statistics.median(a), 1), round(sorted(a)[int(.95 * 39)], 1), "without", round(statistics.median(b), 1), round(sorted(b)[int(.95 * 39)], 1))
print("source_others alone median ms", round(statistics.median(n_other), 2), "max", round(max(n_other), 2), "load", os.getloadavg())
for cid in claims: ws.delete_claim(cid)
ws.close()
