"""The passage index of a synthetic workspace (bench/synth.py), with sentence vectors reused from
the real corpus where the text is the same, because encoding ~2M passages would take hours.

    .venv/bin/python bench/synth_index.py --db /work/scale-data/ws100k.db --vectors-from C5K.db

``C5K.db`` is a workspace of the real corpus whose passages carry vectors (the product's own
``index_missing``, real encodings).  A synthetic article is real paragraphs, one per line, and
passages never cross a line, so most of its passages are passages of the corpus, character for
character.  For each passage of each synthetic source:

* **exact**: its whitespace-normalised text (what the encoder reads) is a corpus passage's: that
  vector is copied (identical to what encoding would give: the encoder is deterministic);
* **surname**: it equals a corpus passage once the second word of every two-word capitalised
  name is masked (the synthesiser redraws surnames): the original sentence's vector is copied.
  An approximation (one surname differs), counted apart;
* **sentence**: one of its sentences (names masked) is a sentence of a corpus passage: that
  passage's vector is copied.  An approximation: the corpus passage holds this sentence and
  others (the synthesiser regroups the sentences of articles that have no paragraph breaks, and
  joins short sentences differently); counted apart;
* **encoded**: otherwise it is encoded here, by the product's encoder (``USE(threads=1)``).

Lexical features (``passage_rows``) are computed by the product's code for every passage (cached
by passage text in each worker: equal texts give equal features).  Rows go in through
:func:`workbench.evidence.passages.index_source`, in both cores.  The counts of each kind and the
encoding rate are printed as JSON.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

_UP = "A-ZÁÉÍÓÚÂÊÔÃÕÀÈÌÒÙÇÑÜ"
_LO = "a-záéíóúâêôãõàèìòùçñüï"
NAME2 = re.compile(rf"\b([{_UP}][{_LO}]{{2,}}) ([{_UP}][{_LO}]{{2,}})\b")  # as bench/synth.py
MAX_CHARS = 1200  # as workbench.evidence.encoder

_TABLE: dict[bytes, tuple[bytes, bytes]] | None = None
_FEATS: dict[str, tuple[str, str, str]] = {}
FEATS_CACHE = 200_000


def _norm(text: str) -> str:
    return " ".join(text.split())[:MAX_CHARS]


def _key(kind: str, text: str) -> bytes:
    return hashlib.blake2b(f"{kind}\x00{text}".encode(), digest_size=12).digest()


def _masked(text: str) -> str:
    return NAME2.sub(lambda m: m.group(1) + " \x00", text)


def load_table(path: str) -> dict[bytes, tuple[bytes, bytes]]:
    """{key: (vector, signature)} of every corpus passage, under its exact and masked text."""
    from workbench.evidence.passages import split_sentences

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    out: dict[bytes, tuple[bytes, bytes]] = {}
    cur_sid, text = None, ""
    for sid, s, e, vec, sig in conn.execute(
            "SELECT p.source_id, p.start, p.end, v.vec, g.sig FROM passages p"
            " JOIN passage_vectors v ON v.passage_id = p.id JOIN passage_sigs g ON g.passage_id = p.id"
            " ORDER BY p.source_id"):
        if sid != cur_sid:
            cur_sid, text = sid, conn.execute("SELECT text FROM sources WHERE id = ?", (sid,)).fetchone()[0]
        t = _norm(text[s:e])
        out.setdefault(_key("x", t), (vec, sig))
        out.setdefault(_key("m", _masked(t)), (vec, sig))
        for a, b in split_sentences(t):
            out.setdefault(_key("s", _masked(t[a:b])), (vec, sig))
    conn.close()
    return out


def analyse(texts: list[str]) -> tuple[list, list, dict]:
    """(rows per text, vectors per text, counts) -- run in the workers."""
    global _TABLE
    from workbench.evidence.encoder import encode, quantise, signature
    from workbench.evidence.passages import features, split_passages, split_sentences

    if _TABLE is None:
        _TABLE = load_table(os.environ["SYNTH_VECTORS_FROM"])
    counts = {"exact": 0, "surname": 0, "sentence": 0, "encoded": 0, "feature_cache_hits": 0, "passages": 0,
              "encode_s": 0.0}
    all_rows, all_vecs = [], []
    for text in texts:
        rows, vecs, todo = [], [], []
        for s, e in split_passages(text):
            p = text[s:e]
            cols = _FEATS.get(p)
            if cols is None:
                cols = features(p).columns()
                if len(_FEATS) >= FEATS_CACHE:
                    _FEATS.clear()
                _FEATS[p] = cols
            else:
                counts["feature_cache_hits"] += 1
            rows.append((s, e, *cols))
            n = _norm(p)
            hit = _TABLE.get(_key("x", n))
            kind = "exact"
            if hit is None:
                hit, kind = _TABLE.get(_key("m", _masked(n))), "surname"
            if hit is None:
                kind = "sentence"
                for a, b in split_sentences(n):
                    hit = _TABLE.get(_key("s", _masked(n[a:b])))
                    if hit is not None:
                        break
            if hit is None:
                todo.append(len(vecs))
                kind = "encoded"
            counts[kind] += 1
            vecs.append(hit)
        if todo:
            t0 = time.perf_counter()
            enc = encode([text[rows[i][0]:rows[i][1]] for i in todo])
            counts["encode_s"] += time.perf_counter() - t0
            for i, v in zip(todo, enc):
                vecs[i] = (quantise(v), signature(v))
        counts["passages"] += len(rows)
        all_rows.append(rows)
        all_vecs.append(vecs)
    return all_rows, all_vecs, counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--vectors-from", type=Path, required=True)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0, help="index at most this many sources (a trial)")
    a = ap.parse_args()
    os.environ["SYNTH_VECTORS_FROM"] = str(a.vectors_from.resolve())
    from workbench.evidence.passages import index_source, missing_sources
    from workbench.parallel import chunked, map_in_order
    from workbench.store import Workspace
    from workbench.store.passages import texts_of

    ws = Workspace(str(a.db))
    ids = missing_sources(ws)
    if a.limit:
        ids = ids[:a.limit]
    t0 = time.perf_counter()
    totals: dict[str, float] = {}
    done = 0
    chunks = chunked(texts_of(ws.conn, ids), lambda it: len(it[1]), 200_000, 100)
    results = map_in_order(analyse, chunks, a.workers, lambda ch: ([t for _sid, t in ch],))
    with ws.bulk():
        for chunk, (rows, vecs, counts) in results:
            with ws.tx():
                for (sid, text), r, v in zip(chunk, rows, vecs):
                    index_source(ws, sid, text, "", r, v)
            for k, x in counts.items():
                totals[k] = totals.get(k, 0) + x
            done += len(chunk)
            if done % 2000 < len(chunk):
                print(f"  {done}/{len(ids)} sources, {totals['passages']:.0f} passages,"
                      f" {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    ws.close()
    secs = time.perf_counter() - t0
    out = {"sources": done, "seconds": round(secs, 1), **{k: round(v, 1) for k, v in totals.items()},
           "passages_per_s": round(totals.get("passages", 0) / secs, 1),
           "encoded_per_s_of_encoder_time_per_worker": (round(totals["encoded"] / totals["encode_s"], 1)
                                                        if totals.get("encode_s") else None),
           "loadavg": Path("/proc/loadavg").read_text().split()[:3]}
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
