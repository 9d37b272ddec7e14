"""Export benchmark: 10,000 claims over the real corpus, each format timed, plus import and verify.

    .venv/bin/python bench/export.py [--claims 10000] [--repeat 3]

Sources are inserted directly (no NER, so it runs in seconds); entities are the corpus's most
frequent capitalised words, linked to the claims whose quote contains them.  The baseline, in the
same run, is a plain ``json.dumps`` of the same claims' ``to_dict()``: the floor any export pays.
Writes bench/results/export.json and prints a table.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import shutil
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._corpus import corpus_files, write_result  # noqa: E402
from workbench.store import CLAIM_STATUSES, Workspace  # noqa: E402
from workbench.store.db import utcnow  # noqa: E402
from workbench.textutil import context  # noqa: E402

TAGS = ["economía", "política", "salud", "tecnología", "justicia", "deporte", "clima", "cifras", "citas", "dudoso"]


def load_sources(ws: Workspace) -> list[tuple[int, str]]:
    out = []
    with ws.tx():
        for path in corpus_files():
            text = path.read_text(encoding="utf-8")
            if len(text) < 200:
                continue
            sha = hashlib.sha256(text.encode()).hexdigest()
            if ws.source_by_sha(sha):
                continue
            title = text.split("\n", 1)[0][:200]
            sid = ws.insert_source(sha256=sha, path=f"{path.parent.name}/{path.name}", title=title, outlet="",
                                   lang=path.parent.name, lang_detected=path.parent.name, text=text)
            out.append((sid, text))
    return out


def make_entities(ws: Workspace, sources: list[tuple[int, str]], n: int = 150) -> list[tuple[int, str]]:
    counts = Counter(w for _, t in sources[:1500] for w in re.findall(r"\b[A-ZÁÉÍÓÚ][a-záéíóúñç]{3,}\b", t))
    ents = []
    with ws.tx():
        for i, (word, _) in enumerate(counts.most_common(n)):
            ents.append((ws.create_entity(word, ("PER", "ORG", "LOC", "MISC")[i % 4]), word))
    return ents


def _span(text: str, rnd: random.Random) -> tuple[int, int]:
    s = rnd.randrange(0, len(text) - 60)
    s = text.find(" ", s) + 1 or s
    e = text.find(" ", s + rnd.randint(40, 200))
    e = len(text) if e == -1 else e
    return s, max(e, s + 1)


def make_claims(ws: Workspace, sources, entities, n: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    statuses = list(CLAIM_STATUSES)
    now = utcnow()
    rows, tags, links, ce, mentions = [], [], [], [], []
    for _ in range(n):
        sid, text = rnd.choice(sources)
        s, e = _span(text, rnd)
        cid = str(uuid.UUID(int=rnd.getrandbits(128), version=4))
        pre, suf = context(text, s, e)
        note = "Comprobar con la fuente original." if rnd.random() < 0.2 else ""
        rows.append((cid, sid, s, e, text[s:e], pre, suf, rnd.choice(statuses), note, now, now))
        tags += [(cid, t) for t in rnd.sample(TAGS, rnd.randint(0, 2))]
        for eid, name in entities:
            i = text.find(name, s, e)
            if i >= 0:
                ce.append((cid, eid))
                mentions.append((sid, eid, i, i + len(name), name, "rule"))
        if rows[:-1] and rnd.random() < 0.1:
            links.append((cid, rnd.choice(rows[:-1])[0], rnd.choice(["corroborates", "contradicts"]), now))
    with ws.tx() as c:
        c.executemany("INSERT INTO claims (id, source_id, start, end, quote, prefix, suffix, status, note, created,"
                      " modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        c.executemany("INSERT OR IGNORE INTO tags (name) VALUES (?)", [(t,) for t in TAGS])
        c.executemany("INSERT OR IGNORE INTO claim_tags (claim_id, tag_id) SELECT ?, id FROM tags WHERE name = ?", tags)
        c.executemany("INSERT OR IGNORE INTO claim_entities (claim_id, entity_id) VALUES (?, ?)", ce)
        c.executemany("INSERT OR IGNORE INTO mentions (source_id, entity_id, start, end, text, origin)"
                      " VALUES (?, ?, ?, ?, ?, ?)", mentions)
        c.executemany("INSERT OR IGNORE INTO claim_links (from_claim, to_claim, relation, created)"
                      " VALUES (?, ?, ?, ?)", links)


def timed(fn, repeat: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def run(n_claims: int, repeat: int) -> dict:
    from workbench.evidence.export import atomic_write, render
    from workbench.evidence.importer import import_evidence, verify_evidence

    tmp = Path(tempfile.mkdtemp(prefix="wb-bench-export-"))
    ws = Workspace(tmp / "ws.db")
    t0 = time.perf_counter()
    sources = load_sources(ws)
    entities = make_entities(ws, sources)
    make_claims(ws, sources, entities, n_claims)
    setup = time.perf_counter() - t0
    results = {}
    base_t, base = timed(lambda: json.dumps([c.to_dict() for c in ws.list_claims()], ensure_ascii=False), repeat)
    results["baseline (list_claims + json.dumps)"] = {"seconds": round(base_t, 3), "bytes": len(base.encode())}
    for fmt in ("json", "md", "ftm"):
        out = tmp / f"evidence.{fmt}"
        secs, text = timed(lambda fmt=fmt, out=out: (atomic_write(out, t := render(ws, fmt)), t)[1], repeat)
        results[f"export {fmt}"] = {"seconds": round(secs, 3), "bytes": out.stat().st_size,
                                    "vs_baseline": round(secs / base_t, 2)}
    evidence = tmp / "evidence.json"
    secs, verdicts = timed(lambda: verify_evidence(ws, evidence), 1)
    results["verify json"] = {"seconds": round(secs, 3), "ok": sum(v.ok for v in verdicts)}
    with ws.tx() as c:
        c.execute("DELETE FROM claims")
    secs, report = timed(lambda: import_evidence(ws, evidence), 1)
    results["import json (fresh claims)"] = {"seconds": round(secs, 3), "added": len(report.added)}
    secs, report = timed(lambda: import_evidence(ws, evidence), 1)
    results["import json again (no-op)"] = {"seconds": round(secs, 3), "unchanged": len(report.unchanged)}
    summary = ws.summary()
    links = ws.conn.execute("SELECT count(*) FROM claim_links").fetchone()[0]
    ws.close()
    shutil.rmtree(tmp, ignore_errors=True)
    return {"claims": summary["claims"], "sources": summary["sources"], "entities": summary["entities"],
            "links": links, "setup_seconds": round(setup, 2), "repeat": repeat, "results": results}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    data = run(args.claims, args.repeat)
    out = write_result("export", data)
    print(f"{data['claims']} claims over {data['sources']} sources, {data['entities']} entities, {data['links']} links "
          f"(setup {data['setup_seconds']} s; best of {data['repeat']})")
    print(f"{'step':<38} {'seconds':>8} {'size / count':>14} {'x baseline':>10}")
    for name, r in data["results"].items():
        size = r.get("bytes") or r.get("ok") or r.get("added") or r.get("unchanged") or ""
        size = f"{size / 1e6:.1f} MB" if "bytes" in r else str(size)
        print(f"{name:<38} {r['seconds']:>8.3f} {size:>14} {r.get('vs_baseline', ''):>10}")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
