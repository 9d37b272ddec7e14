"""Cross-source corroboration: where do *other* sources make (or contradict) the same claim?

1. **Candidates** come from two retrievers: dense retrieval over the passages' multilingual
   sentence vectors (:mod:`.dense`, :mod:`.encoder`: a passage that shares no word with the claim
   is still proposed), and the lexical passage index (FTS5 over entity / name keys, normalised
   numbers and dates, folded word prefixes, ranked by bm25; tokens in over 5 % of a large
   workspace's passages are left out of the query).  The claim searches as its selected text and
   as each passage it covers (:func:`query_vectors`), so short and long selections agree.
2. **Scoring**: the best cosine over the claim's views, and the lexical score (0..1)::

       0.65 * share of the claim's weight found in the passage
     + 0.20 * share of the passage's weight found in the claim   (long, off-topic passages lose)
     + 0.15 * Dice of accent-folded character trigrams

   (a feature's weight is its IDF times a category weight: resolved entity 2, name 1.5, number 2,
   a quarter of that for numbers under 13 and vague magnitudes, date 1.5, word 1).  The two are
   combined into a calibrated probability (:func:`calibrated`, a logistic regression fitted on
   labelled seed claims), with two bands ("same" claim from :data:`SAME_CLAIM`, "related") and a
   floor (:data:`FLOOR`) under which nothing is shown.
3. **What is shown with each passage**: the reasons (shared entities, numbers, dates, terms; a
   fuzzy word pair only when the encoder says the two words mean the same), the origin it credits
   (:mod:`.attribution`), and a possible contradiction (other figures or dates,
   :func:`contradiction`).  :func:`origins` / :func:`claim_origins` group sources by independent
   origin.  At most two passages per source are listed, and passages already linked to the claim
   are left out (so list numbers shift after an accept).

:func:`accept` turns a candidate into a claim linked to the first (``corroborates`` or
``contradicts``) as one undoable action.  :func:`find_duplicates` lists pairs of sources that tell
the same story (:mod:`.duplicates`).
"""

from __future__ import annotations

import math
import os
import re
import sqlite3
import threading
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import WorkspaceError
from ..textutil import strip_accents
from .passages import Features, features, index_missing, missing_sources

if TYPE_CHECKING:
    import numpy as np

    from .attribution import OriginSummary

CANDIDATES = 150          # passages the lexical index proposes per query (bm25 order)
COMMON_DF = 0.05          # tokens in more passages than this share are left out of the FTS query...
COMMON_MIN_PASSAGES = 5000  # ...in workspaces at least this large
PER_SOURCE = 2            # at most this many passages of one source in a result list
MIN_SCORE = 0.05
SHORT_CLAIM = 20          # a claim shorter than this is widened to its passage for the query
FUZZ_CUTOFF = 70


@dataclass
class Candidate:
    """A passage of another source that may make the same claim."""

    source_id: int
    lang: str
    start: int
    end: int
    text: str
    score: float
    reasons: dict = field(default_factory=dict)  # {"entities": [...], "numbers": [...], "dates": [...], "terms": [...]}
    title: str = ""
    passage_id: int = 0
    similarity: float = 0.0  # cosine of the sentence vectors (best over the claim's views)
    lexical: float = 0.0     # the lexical score (shared entities, numbers, dates, terms), 0..1
    band: str = "related"    # "same" (same claim, confident) or "related" (possible)
    origin: str = ""         # the origin the passage (or its article) credits; "" = its own sourcing
    origin_how: str = ""     # "passage", "article" or "own"
    attribution: list[str] = field(default_factory=list)  # the attributing phrases in the passage
    contradiction: dict | None = None  # values that differ from the claim's, see contradiction()

    def to_dict(self) -> dict:
        return {"source_id": self.source_id, "lang": self.lang, "start": self.start, "end": self.end,
                "text": self.text, "score": self.score, "reasons": self.reasons, "title": self.title,
                "band": self.band, "similarity": self.similarity, "lexical": self.lexical,
                "origin": self.origin, "origin_how": self.origin_how, "attribution": self.attribution,
                "contradiction": self.contradiction}

    def reasons_line(self) -> str:
        return "; ".join(f"{k}: {', '.join(str(v) for v in vals)}" for k, vals in self.reasons.items() if vals)

    def origin_line(self) -> str:
        """"credits Business Insider" / "its article credits Insider" / ""."""
        if not self.origin:
            return ""
        return ("credits " if self.origin_how == "passage" else "its article credits ") + self.origin


# -- helpers -----------------------------------------------------------------------------------

def _vocab(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.passages_vocab USING fts5vocab(main, passages_fts, row)")


def _doc_freqs(conn: sqlite3.Connection, tokens: list[str]) -> dict[str, int]:
    if not tokens:
        return {}
    _vocab(conn)
    out: dict[str, int] = {}
    for i in range(0, len(tokens), 400):
        chunk = tokens[i:i + 400]
        m = ",".join("?" * len(chunk))
        out.update(dict(conn.execute(f"SELECT term, doc FROM temp.passages_vocab WHERE term IN ({m})", chunk).fetchall()))
    return out


def _idf(n: int, df: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def _trigrams(words: list[str]) -> set[str]:
    grams: set[str] = set()
    for w in words:
        p = f" {w} "
        grams.update(p[i:i + 3] for i in range(len(p) - 2))
    return grams


def _claim_span(ws, claim) -> tuple[int, int]:
    """The claim's span, widened to the passages it touches when it is very short."""
    s, e = claim.start, claim.end
    if e - s >= SHORT_CLAIM:
        return s, e
    row = ws.conn.execute("SELECT min(start), max(end) FROM passages WHERE source_id = ? AND start < ? AND end > ?",
                          (claim.source_id, e, s)).fetchone()
    if row and row[0] is not None:
        return min(s, row[0]), max(e, row[1])
    return s, e


def _live_entities(conn: sqlite3.Connection, source_ids: list[int]) -> dict[int, list[tuple[int, int, int]]]:
    out: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for i in range(0, len(source_ids), 500):
        chunk = source_ids[i:i + 500]
        m = ",".join("?" * len(chunk))
        for sid, s, e, eid in conn.execute(
                f"SELECT m.source_id, m.start, m.end, m.entity_id FROM mentions m JOIN entities x ON x.id = m.entity_id"
                f" WHERE x.status != 'rejected' AND m.source_id IN ({m})", chunk):
            out[sid].append((s, e, eid))
    return out


_INDEXING = threading.Lock()  # one indexer per process; a second caller waits for it, then finds it done


def ensure_index(ws, progress: Callable[[int, int], None] | None = None, *, workers: int | None = None) -> int:
    """Index the sources that have no passages yet (ingest leaves that to the first query after it,
    or to :func:`index_in_background`; see :mod:`.passages`).  A read-only workspace is queried as
    it is.  Returns passages written.

    ``progress(0, n)`` comes first, with the ``n`` sources to index.  If another thread of this
    process is indexing, this waits for it (reporting that too) rather than indexing the same
    sources a second time."""
    if getattr(ws, "readonly", False):
        return 0
    ids = missing_sources(ws)
    if not ids:
        return 0
    if not _INDEXING.acquire(blocking=False):
        if progress:
            progress(0, len(ids))
        _INDEXING.acquire()
    try:
        ids = missing_sources(ws)
        if not ids:
            return 0
        if progress:
            progress(0, len(ids))
        return index_missing(ws, progress, ids=ids, workers=workers)
    except WorkspaceError:
        return 0  # became read-only or busy: query what is indexed
    finally:
        _INDEXING.release()


class BackgroundIndex:
    """The passage index of new sources being built by a process of its own (see
    :func:`index_in_background`): the TUI stays responsive, since nothing of it runs in the TUI's
    process or holds its interpreter lock."""

    def __init__(self, proc, total: int) -> None:
        self._proc = proc
        self.total = total  # sources it was started for

    def running(self) -> bool:
        return self._proc.is_alive()

    def succeeded(self) -> bool:
        return self._proc.exitcode == 0

    def stop(self) -> None:
        """Stop it now: the batch it was writing rolls back; finished batches stay."""
        if self._proc.is_alive():
            self._proc.terminate()  # SIGTERM: it rolls back and shuts its pool down (a fraction of a second)
            self._proc.join(5)
        if self._proc.is_alive():
            self._proc.kill()
            self._proc.join(5)


def index_in_background(ws) -> BackgroundIndex | None:
    """Start indexing, in a process of its own, the sources that have no passages yet.  None when
    there are none (or the workspace is read-only)."""
    if getattr(ws, "readonly", False):
        return None
    ids = missing_sources(ws)
    if not ids:
        return None
    from ..parallel import start_process

    # an absolute path: the process is forked from the forkserver, whose working folder may differ
    return BackgroundIndex(start_process(_index_workspace, os.path.abspath(ws.path)), len(ids))


BACKGROUND_NICENESS = 10  # the background indexer yields the CPU to the TUI it works for,
BACKGROUND_WORKERS = 1  # and leaves it a core of its own


def _index_workspace(path: str) -> None:
    """The background indexer's process."""
    from ..store import Workspace

    os.nice(BACKGROUND_NICENESS)
    ws = Workspace(path, create=False)
    try:
        ensure_index(ws, workers=BACKGROUND_WORKERS)
    finally:
        ws.close()


# -- the query ---------------------------------------------------------------------------------

def query_features(ws, claim) -> tuple[Features, str]:
    s, e = _claim_span(ws, claim)
    text = ws.source_text(claim.source_id)[s:e]
    ents = {eid for ms, me, eid in _live_entities(ws.conn, [claim.source_id]).get(claim.source_id, [])
            if ms >= s and me <= e}
    ents.update(int(x["id"]) for x in claim.entities)
    return features(text, ents), text


def query_vectors(ws, claim, text: str) -> "np.ndarray":
    """The claim's views for dense retrieval: the selected text itself, plus the stored vector of
    every passage of its source that the selection covers for the most part or lies inside.  A
    fragment thus also searches as its whole sentence, and a sentence plus its neighbour as each
    of the two, so short and long selections of one claim find the same passages."""
    import numpy as np

    from ..store.vectors import vectors_for
    from .encoder import dequantise, encode

    s, e = claim.start, claim.end
    views = [encode([text])[0]]
    pids = []
    for pid, ps, pe in ws.conn.execute("SELECT id, start, end FROM passages WHERE source_id = ? AND start < ?"
                                       " AND end > ? ORDER BY start", (claim.source_id, e, s)):
        inside = ps <= s and e <= pe
        if inside or min(pe, e) - max(ps, s) >= 0.5 * (pe - ps):
            pids.append(pid)
    blobs = vectors_for(ws.conn, pids)
    if blobs:
        views.extend(dequantise([blobs[p] for p in pids if p in blobs]))
    return np.vstack(views).astype(np.float32)


DENSE_CANDIDATES = 120  # passages proposed by dense retrieval (on top of the lexical ones)

# Calibration: P(same claim) = sigmoid(B0 + B_COS * cosine + B_LEX * lexical score), a logistic
# regression fitted on the first 36 labelled seed claims' candidate passages (see
# bench/corroborate.py --fit); the claims added later were not used to fit it.
B0, B_COS, B_LEX = -6.02, 5.57, 9.24
SAME_CLAIM = 0.5   # "same claim" band from this probability up
CONTRA_SIMILARITY = 0.55  # a passage under the floor is still shown when it is this close in meaning
                          # and gives other numbers or dates (a possible contradiction)
FLOOR = 0.2        # below this nothing is shown


def calibrated(cos: float, lex: float) -> float:
    z = B0 + B_COS * cos + B_LEX * lex
    return 1 / (1 + math.exp(-max(-40.0, min(40.0, z))))


def corroborate(ws, claim_id: str, limit: int = 10, *, per_source: int = PER_SOURCE,
                progress: Callable[[int, int], None] | None = None, floor: float | None = None) -> list[Candidate]:
    """Passages of other sources, any language, that may make the same claim, best first, each
    with a calibrated probability (``score``) and a band ("same" claim, or "related"); nothing
    under ``floor`` (:data:`FLOOR`).  Sources not indexed yet are indexed first
    (``progress(done, total)`` follows that)."""
    claim = ws.get_claim(claim_id)
    ensure_index(ws, progress)
    scored = score_candidates(ws, claim)
    floor = FLOOR if floor is None else floor
    q, qtext = query_features(ws, claim)
    cands = [c for c in scored
             if c.score >= floor or (c.similarity >= CONTRA_SIMILARITY and contradiction(q, c.text, qtext))]
    cands.sort(key=lambda c: (-c.score, c.source_id, c.start))
    out: list[Candidate] = []
    per: Counter[int] = Counter()
    for c in cands:
        if per[c.source_id] >= per_source:
            continue
        per[c.source_id] += 1
        out.append(c)
        if len(out) >= limit:
            break
    if out:
        _finish(ws, claim, out, q, qtext)
    return out


def score_candidates(ws, claim) -> list[Candidate]:
    """Every candidate passage (lexical and dense) with its cosine, lexical score and calibrated
    probability; unsorted, unfiltered."""
    q, qtext = query_features(ws, claim)
    conn = ws.conn
    ent_tokens = [f"e{x}" for x in q.entities]
    all_tokens = list(dict.fromkeys([*ent_tokens, *q.names, *q.numbers, *q.dates, *q.terms]))
    n = max(1, conn.execute("SELECT max(id) FROM passages").fetchone()[0] or 1)  # cheap upper bound of count
    df = _doc_freqs(conn, all_tokens)
    idf = {t: _idf(n, df.get(t, 0)) for t in all_tokens}
    match_tokens = [t for t in all_tokens if df.get(t, 0) > 0]
    if n >= COMMON_MIN_PASSAGES and match_tokens:
        rare = [t for t in match_tokens if df[t] <= COMMON_DF * n]
        match_tokens = rare or sorted(match_tokens, key=lambda t: df[t])[:5]
    from ..store.passages import lexical_candidates, passage_rows, within_budget

    rows = lexical_candidates(conn, within_budget(match_tokens, df), CANDIDATES + 50, claim.source_id)
    from . import dense

    qvecs = query_vectors(ws, claim, ws.source_text(claim.source_id)[claim.start:claim.end])
    near = dict(dense.search(ws, qvecs, exclude_source=claim.source_id, top=DENSE_CANDIDATES))
    have = {r["id"] for r in rows}
    rows.extend(passage_rows(conn, [pid for pid in near if pid not in have]))
    if not rows:
        return []
    missing = [r["id"] for r in rows if r["id"] not in near]
    if missing:
        near.update(dense.cosines(ws, missing, qvecs))
    linked = _linked_spans(ws, claim)
    live = _live_entities(conn, sorted({r["source_id"] for r in rows}))
    scorer = _Scorer(q, idf, n)
    cands: list[Candidate] = []
    for r in rows:
        if any(sid == r["source_id"] and a < r["end"] and r["start"] < b for sid, a, b in linked):
            continue
        p_ents = {eid for ms, me, eid in live.get(r["source_id"], []) if ms >= r["start"] and me <= r["end"]}
        lex, hits = scorer.score(r["text"], p_ents, r["ents"].split(), r["nums"].split(), r["terms"].split())
        cos = near.get(r["id"], 0.0)
        c = Candidate(source_id=r["source_id"], lang=r["lang"], start=r["start"], end=r["end"],
                      text=r["text"], score=round(calibrated(cos, lex), 4), title=r["title"], passage_id=r["id"],
                      similarity=round(cos, 4), lexical=round(lex, 4))
        c._hits = hits  # type: ignore[attr-defined]
        cands.append(c)
    return cands


def _finish(ws, claim, out: list[Candidate], q: Features | None = None, qtext: str = "") -> None:
    """Bands, trustworthy reasons, entity names, attributions and contradiction hints of the
    passages shown."""
    from .attribution import article_origin, passage_origin

    if q is None:
        q, qtext = query_features(ws, claim)
    articles: dict[int, str] = {}
    for c in out:
        c.band = "same" if c.score >= SAME_CLAIM else "related"
        c.reasons = _Scorer.reasons(c.text, c._hits)  # type: ignore[attr-defined]
        del c._hits  # type: ignore[attr-defined]
        _keep_real_cognates(c.reasons)
        text = ws.source_text(c.source_id)
        if c.source_id not in articles:
            articles[c.source_id] = article_origin(text)
        po = passage_origin(text, c.start, c.end, articles[c.source_id])
        c.origin = po.origin
        c.origin_how = po.how
        c.attribution = [a.phrase for a in po.attributions]
        c.contradiction = contradiction(q, c.text, qtext)
    _name_entities(ws, out)


COGNATE_MIN = 0.6  # word-vector cosine of a fuzzy pair shown as a cognate (inteligencia / intelligenza 0.92,
                   # decenas / dezenas 0.71; compania / comprando 0.34, procesamiento / pensamiento 0.27)


def _keep_real_cognates(reasons: dict) -> None:
    """Drop the fuzzy word pairs (``a~b``) of ``reasons`` whose words do not mean the same: the
    multilingual encoder's vectors of the two words must be close (translations and real cognates
    are; look-alikes such as compania~comprando are not)."""
    from .encoder import encode

    terms = reasons.get("terms")
    if not terms:
        return
    pairs = [t.split("~", 1) for t in terms if "~" in t]
    if pairs:
        words = sorted({w for p in pairs for w in p})
        vecs = dict(zip(words, encode(words)))
        bad = {f"{a}~{b}" for a, b in pairs if float(vecs[a] @ vecs[b]) < COGNATE_MIN}
        terms = [t for t in terms if t not in bad]
    if terms:
        reasons["terms"] = terms
    else:
        reasons.pop("terms", None)


def _exact_numbers(text: str) -> set[str]:
    """Keys of the precise figures of ``text``: not vague magnitudes ("miles de", compatible with
    many values), not 0 or 1, and not part of a name or model (H100, GPT-4, A100)."""
    from .numbers import extract_quantities

    out = set()
    for qt in extract_quantities(text)[0]:
        if qt.key.startswith("q") or qt.value < 2:
            continue
        before = text[qt.start - 1] if qt.start > 0 else " "
        after = text[qt.end] if qt.end < len(text) else " "
        if before.isalpha() or before in "-–" and qt.start > 1 and text[qt.start - 2].isalnum() or after.isalpha():
            continue
        out.add("n" + qt.key)
    return out


def _value(key: str) -> float | None:
    try:
        return float(key[1:].replace("p", "."))
    except ValueError:
        return None


def _any_close(a: set[str], b: set[str], tolerance: float = 0.02) -> bool:
    """Whether a figure of ``a`` and one of ``b`` agree once rounded (12,4 millones / 12.422.000)."""
    va = [v for v in map(_value, a) if v]
    vb = [v for v in map(_value, b) if v]
    return any(abs(x - y) <= tolerance * max(x, y) for x in va for y in vb)


def contradiction(q: Features, passage: str, claim_text: str = "") -> dict | None:
    """Where the claim and a passage on the same matter give different numbers or dates: the
    values that differ, e.g. ``{"numbers": (["10,000"], ["20,000"])}`` (claim's, passage's), or
    None.  A kind of value counts only when both give it and share none of it (a passage that
    repeats the claim's figure and adds others does not contradict it); vague magnitudes
    ("miles de") never do."""
    p = features(passage)
    out: dict[str, tuple[list[str], list[str]]] = {}
    qa = _exact_numbers(claim_text) if claim_text else {t for t in q.numbers if not t.startswith("nq")}
    pa = _exact_numbers(passage)
    if qa and pa and not qa & pa and not _any_close(qa, pa):
        out["numbers"] = ([_shown_number(t) for t in sorted(qa)], [_shown_number(t) for t in sorted(pa)])
    for kind, prefix in (("years", "y"), ("months", "m"), ("dates", "d")):
        qd = {t for t in q.dates if t.startswith(prefix) and not (prefix == "y" and t.startswith("ym"))}
        pd = {t for t in p.dates if t.startswith(prefix) and not (prefix == "y" and t.startswith("ym"))}
        if qd and pd and not qd & pd:
            out[kind] = ([_shown_date(t) for t in sorted(qd)], [_shown_date(t) for t in sorted(pd)])
    return {k: {"claim": a, "passage": b} for k, (a, b) in out.items()} or None


def contradiction_line(hint: dict | None) -> str:
    if not hint:
        return ""
    return "possible contradiction: " + "; ".join(
        f"{k} {', '.join(v['claim'])} (claim) vs {', '.join(v['passage'])} (passage)" for k, v in hint.items())


def origins(cands: list[Candidate], ws=None, claim=None) -> "OriginSummary":
    """The candidates' sources grouped by the origin they cite ("4 sources, 1 independent origin:
    Business Insider"), earliest marked where sources have publication dates.  With ``ws`` and
    ``claim``, the claim's own source counts too."""
    from ..store.origins import source_dates
    from .attribution import article_origin, group_by_origin, passage_origin

    items = [(c.source_id, getattr(c, "origin", ""), "") for c in cands]
    if ws is not None and claim is not None:
        text = ws.source_text(claim.source_id)
        a, b = _context_span(ws, claim.source_id, claim.start, claim.end)
        items.insert(0, (claim.source_id, passage_origin(text, a, b, article_origin(text)).origin, ""))
    if ws is not None:
        dates = source_dates(ws.conn, [i[0] for i in items])
        items = [(s, o, dates.get(s, "")) for s, o, _ in items]
    return group_by_origin(items)


def _context_span(ws, source_id: int, start: int, end: int) -> tuple[int, int]:
    """A claim's span widened to the passages it touches: the attribution of a fragment is in its
    sentence ("según X, ... <claim>")."""
    row = ws.conn.execute("SELECT min(start), max(end) FROM passages WHERE source_id = ? AND start < ? AND end > ?",
                          (source_id, end, start)).fetchone()
    if row and row[0] is not None:
        return min(start, row[0]), max(end, row[1])
    return start, end


def claim_origins(ws, claim_id: str) -> "OriginSummary":
    """For the claims pane and the Markdown brief: the claim's source and the sources of the claims
    accepted as corroborating it, grouped by the origin each cites (see
    :mod:`.attribution`).  ``.sources`` is the raw count, ``.independent`` the independent
    origins, ``.line()`` the sentence to show."""
    from ..store.origins import linked_claim_spans, source_dates
    from .attribution import article_origin, group_by_origin, passage_origin

    claim = ws.get_claim(claim_id)
    spans = [(claim.source_id, claim.start, claim.end), *linked_claim_spans(ws.conn, claim.id, "corroborates")]
    dates = source_dates(ws.conn, [s for s, _a, _b in spans])
    items = []
    for sid, a, b in spans:
        text = ws.source_text(sid)
        a, b = _context_span(ws, sid, a, b)
        items.append((sid, passage_origin(text, a, b, article_origin(text)).origin, dates.get(sid, "")))
    return group_by_origin(items)


def _linked_spans(ws, claim) -> list[tuple[int, int, int]]:
    ids = [lk.claim_id for lk in claim.links]
    if not ids:
        return []
    out = []
    for i in range(0, len(ids), 500):  # any number of links: IN lists in chunks
        chunk = ids[i:i + 500]
        m = ",".join("?" * len(chunk))
        out += [(r[0], r[1], r[2]) for r in ws.conn.execute(
            f"SELECT source_id, start, end FROM claims WHERE id IN ({m})", chunk)]
    return out


def _name_entities(ws, cands: list[Candidate]) -> None:
    ids = sorted({x for c in cands for x in c.reasons.get("entities", []) if isinstance(x, int)})
    names = {}
    if ids:
        m = ",".join("?" * len(ids))
        names = dict(ws.conn.execute(f"SELECT id, name FROM entities WHERE id IN ({m})", ids).fetchall())
    for c in cands:
        if "entities" in c.reasons:
            resolved = [names.get(x, str(x)) for x in c.reasons["entities"] if isinstance(x, int)]
            # a bare name the passage shares ("Musk") is not listed again beside its entity ("Elon Musk")
            words = {w for n in resolved for w in strip_accents(n).casefold().split()}
            loose = [x for x in c.reasons["entities"] if not isinstance(x, int)
                     and strip_accents(x).casefold() not in words]
            c.reasons["entities"] = list(dict.fromkeys([*resolved, *loose]))


# category weights on top of IDF: a shared resolved entity or exact number says more than a word
CAT_WEIGHT = {"e": 2.0, "k": 1.5, "n": 2.0, "d": 1.5, "t": 1.0}
SMALL_NUMBER = 0.25  # numbers under 13 ("2 personas", "GPT-4") and vague magnitudes ("miles de")
W_QUERY, W_PASSAGE, W_DICE = 0.65, 0.2, 0.15


def _cat(token: str) -> str:
    c = token[0]
    return "d" if c in "ymd" else c


class _Scorer:
    """Score = W_QUERY * (share of the claim's feature weight found in the passage)
             + W_PASSAGE * (share of the passage's feature weight found in the claim)
             + W_DICE * (Dice of accent-folded character trigrams).
    A feature's weight is its IDF times its category weight; a claim word not found by prefix can
    still count through rapidfuzz ``ratio`` >= FUZZ_CUTOFF (ingenieros / ingegneri)."""

    def __init__(self, q: Features, idf: dict[str, float], n: int) -> None:
        self.q = q
        self.idf = idf
        self.n = n
        self.q_ent = {f"e{x}": x for x in q.entities}
        self.q_words = list(dict.fromkeys(q.words))
        self.q_grams = _trigrams(self.q_words)
        self.weights: dict[str, float] = {}
        for t in [*self.q_ent, *q.names, *q.numbers, *q.dates]:
            self.weights[t] = self._w(t)
        # words: one weight per distinct prefix term
        self.word_of_term: dict[str, list[str]] = defaultdict(list)
        for w in self.q_words:
            self.word_of_term["t" + w[:5]].append(w)
        for t in self.word_of_term:
            self.weights[t] = self._w(t)
        self.total = sum(self.weights.values()) or 1.0
        self._pcache: dict[str, float] = dict(self.weights)

    def _pw(self, t: str) -> float:
        """Weight of a passage token (its IDF is known only when the claim has it too)."""
        w = self._pcache.get(t)
        if w is None:
            w = self._pcache[t] = self._w(t)
        return w

    def _w(self, t: str) -> float:
        w = self.idf.get(t) or _idf(self.n, 0)
        w *= CAT_WEIGHT[_cat(t)]
        if t.startswith("n"):
            v = t[1:]
            if v.startswith("q"):
                w *= SMALL_NUMBER
            else:
                try:
                    if float(v.replace("p", ".")) < 13:
                        w *= SMALL_NUMBER
                except ValueError:
                    pass
        return w

    def score(self, text: str, p_ents: set[int], ents: list[str], nums: list[str], terms: list[str]):
        from rapidfuzz import fuzz, process

        from .passages import content_words

        q = self.q
        got = 0.0
        p_names = {t for t in ents if t.startswith("k")}
        hit_ids = [x for t, x in self.q_ent.items() if x in p_ents]
        got += sum(self.weights[f"e{x}"] for x in hit_ids)
        hit_names = [t for t in q.names if t in p_names]
        got += sum(self.weights[t] for t in hit_names)
        p_nums = set(nums)
        hit_nums = [t for t in q.numbers if t in p_nums]
        hit_dates = [t for t in q.dates if t in p_nums]
        got += sum(self.weights[t] for t in hit_nums) + sum(self.weights[t] for t in hit_dates)
        p_terms = set(terms)
        p_words = list(dict.fromkeys(content_words(text)))
        shared_words = []
        matched_terms = set()
        for t, words in self.word_of_term.items():
            if t in p_terms:
                got += self.weights[t]
                matched_terms.add(t)
                shared_words.append(words[0])
                continue
            best_r, best_w = 0.0, None
            for w in words:
                b = process.extractOne(w, p_words, scorer=fuzz.ratio, score_cutoff=FUZZ_CUTOFF) if p_words else None
                if b and b[1] > best_r:
                    best_r, best_w = b[1], b[0]
            if best_w:
                got += self.weights[t] * best_r / 100
                matched_terms.add("t" + best_w[:5])
                shared_words.append(f"{words[0]}~{best_w}")
        cov_q = got / self.total
        # the passage side: how much of what the passage is about the claim shares
        p_tokens = {*(f"e{x}" for x in p_ents), *p_names, *p_nums, *p_terms}
        p_total = sum(self._pw(t) for t in p_tokens) or 1.0
        p_hit = {*(f"e{x}" for x in hit_ids), *hit_names, *hit_nums, *hit_dates, *matched_terms}
        cov_p = min(1.0, sum(self._pw(t) for t in p_hit & p_tokens) / p_total)
        pg = _trigrams(p_words)
        dice = 2 * len(self.q_grams & pg) / (len(self.q_grams) + len(pg)) if pg and self.q_grams else 0.0
        score = W_QUERY * cov_q + W_PASSAGE * cov_p + W_DICE * dice
        return score, (hit_ids, hit_names, hit_nums, hit_dates, shared_words)

    @staticmethod
    def reasons(text: str, hits) -> dict[str, list]:
        hit_ids, hit_names, hit_nums, hit_dates, shared_words = hits
        reasons: dict[str, list] = {}
        if hit_ids or hit_names:
            reasons["entities"] = [*hit_ids, *(_shown_name(text, t) for t in hit_names)]
        if hit_nums:
            reasons["numbers"] = [_shown_number(t) for t in hit_nums]
        if hit_dates:
            reasons["dates"] = [_shown_date(t) for t in hit_dates]
        if shared_words:
            reasons["terms"] = shared_words[:12]
        return reasons


def _shown_name(text: str, key: str) -> str:
    target = key[1:]
    for m in re.finditer(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", text):
        if re.sub(r"['’-]", "", strip_accents(m.group())) == target:
            return m.group()
    return target


_VAGUE_SHOWN = {"q2": "hundreds", "q3": "thousands", "q4": "tens of thousands", "q6": "millions",
                "q7": "tens of millions", "q9": "billions", "q10": "tens of billions", "q12": "trillions"}


def _shown_number(token: str) -> str:
    if token.startswith("nq"):
        return _VAGUE_SHOWN.get(token[1:], token[1:])
    v = token[1:].replace("p", ".")
    try:
        f = float(v)
    except ValueError:
        return v
    return f"{int(f):,}" if f == int(f) else f"{f:g}"


def _shown_date(token: str) -> str:
    if token.startswith("ym"):
        return f"{token[2:6]}-{token[6:]}"
    if token.startswith("d"):
        return f"{token[1:5]}-{token[5:7]}-{token[7:]}"
    if token.startswith("m"):
        return "month " + token[1:]
    return token[1:]


# -- accepting a candidate ---------------------------------------------------------------------

def _stems(text: str) -> set[str]:
    """Accent-folded word stems (first five letters) and whole numbers of a text: enough to tell
    which sentence of a passage shares the most with a claim, across es / pt / it / en cognates."""
    words = re.findall(r"\w+", strip_accents(text).casefold())
    return {w if w.isdigit() else w[:5] for w in words if len(w) > 3 or w.isdigit()}


def claim_sentence(ws, claim_id: str, source_id: int, start: int, end: int) -> tuple[int, int]:
    """The sentence of the passage ``start..end`` that makes the claim: the one sharing the most
    entities (those linked to or mentioned in the first claim), numbers and word stems with it.
    A one-sentence passage is returned whole."""
    from .passages import split_sentences

    text = ws.source_text(source_id)
    spans = [(start + a, start + b) for a, b in split_sentences(text[start:end]) if b > a]
    if len(spans) <= 1:
        return start, end
    first = ws.get_claim(claim_id)
    ents = {e["id"] for e in first.entities} | {e.id for e in ws.entities_in_span(first.source_id, first.start,
                                                                                   first.end)}
    stems = _stems(first.quote)

    def score(span: tuple[int, int]) -> tuple[float, int]:
        a, b = span
        shared_ents = {e.id for e in ws.entities_in_span(source_id, a, b)} & ents
        return (3.0 * len(shared_ents) + len(_stems(text[a:b]) & stems), b - a)

    return max(spans, key=score)


def accept(ws, claim_id: str, candidate, relation: str = "corroborates", *, copy_tags: bool = True,
           sentence: bool = False):
    """Make the candidate passage a claim in its source, linked to ``claim_id`` with ``relation``
    (the new claim ``corroborates`` / ``contradicts`` the first).  ``candidate`` is a
    :class:`Candidate` or a ``(source_id, start, end)`` tuple.  One transaction and **one** log
    entry (undo removes the new claim and the link together).  A claim already on exactly that
    span is reused, not duplicated.  The new claim gets the entities mentioned in its own span and,
    with ``copy_tags``, the first claim's tags.  With ``sentence`` the claim is narrowed to the
    passage's claim sentence (:func:`claim_sentence`), as the TUI does.  Returns the new (or
    reused) claim."""
    first = ws.get_claim(claim_id)
    if isinstance(candidate, Candidate):
        sid, s, e = candidate.source_id, candidate.start, candidate.end
    else:
        sid, s, e = (int(x) for x in candidate)
    ws.get_source(sid)
    if sentence and 0 <= s < e:
        s, e = claim_sentence(ws, first.id, sid, s, e)
    ents = [x.id for x in ws.entities_in_span(sid, s, e)] if 0 <= s < e else []
    return ws.add_linked_claim(first.id, sid, s, e, relation, tags=first.tags if copy_tags else (), entity_ids=ents)


# -- near-duplicate sources --------------------------------------------------------------------

from .duplicates import DuplicatePair  # noqa: E402  (re-exported)

DUPLICATE_THRESHOLD = 0.5


def source_vectors(ws, progress: Callable[[int, int], None] | None = None) -> dict[int, dict[str, float]]:
    """TF-IDF vectors (L2-normalised) of whole sources over the passage features."""
    ensure_index(ws, progress)
    tf: dict[int, Counter] = defaultdict(Counter)
    for sid, ents, nums, terms in ws.conn.execute("SELECT source_id, ents, nums, terms FROM passages"):
        toks = [t for t in ents.split() if t.startswith("k")] + nums.split() + terms.split()
        tf[sid].update(toks)
    n = len(tf)
    df: Counter = Counter()
    for c in tf.values():
        df.update(c.keys())
    vecs: dict[int, dict[str, float]] = {}
    for sid, c in tf.items():
        v = {t: (1 + math.log(k)) * math.log((n + 1) / (df[t] + 0.5)) for t, k in c.items() if df[t] > 1}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs[sid] = {t: x / norm for t, x in v.items()}
    return vecs


def cosine(va: dict[str, float], vb: dict[str, float]) -> float:
    if len(va) > len(vb):
        va, vb = vb, va
    return sum(x * vb.get(t, 0.0) for t, x in va.items())


SKETCH = 25  # heaviest features of a source used to find candidate pairs


def pair_scores(vecs: dict[int, dict[str, float]], *, min_score: float = 0.0,
                sketch: int = SKETCH, min_shared: int = 2) -> dict[tuple[int, int], float]:
    """Cosine of the pairs of sources whose ``sketch`` heaviest features overlap in at least
    ``min_shared`` places (two versions of one story share their rare names, numbers and words),
    keeping those >= ``min_score``.  Returns {(a, b): score} with a < b."""
    postings: dict[str, list[int]] = defaultdict(list)
    for sid in sorted(vecs):
        v = vecs[sid]
        for t in sorted(v, key=v.__getitem__, reverse=True)[:sketch]:
            postings[t].append(sid)
    shared: Counter = Counter()
    for plist in postings.values():
        if len(plist) < 2:
            continue
        for i in range(len(plist)):
            a = plist[i]
            for b in plist[i + 1:]:
                shared[(a, b)] += 1
    out = {}
    for pair, k in shared.items():
        if k >= min_shared:
            cos = cosine(vecs[pair[0]], vecs[pair[1]])
            if cos >= min_score:
                out[pair] = cos
    return out


def find_duplicates(ws, threshold: float = DUPLICATE_THRESHOLD, *,
                    progress: Callable[[int, int], None] | None = None) -> list[DuplicatePair]:
    """Pairs of sources that tell the same story, best first: near-duplicate texts (MinHash / LSH)
    and translations or rewrites in any language (document vectors, blocked); see
    :mod:`.duplicates`.  ``a < b`` are source ids.  Sources not indexed yet are indexed first."""
    from .duplicates import find_pairs

    ensure_index(ws, progress)
    return find_pairs(ws, threshold, progress)
