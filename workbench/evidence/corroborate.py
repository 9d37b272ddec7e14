"""Cross-source corroboration: where do *other* sources make (or contradict) the same claim?

1. **Candidates** come from two retrievers: dense retrieval over the passages' multilingual
   sentence vectors (:mod:`.dense`, :mod:`.encoder`: a passage that shares no word with the claim
   is still proposed), and the lexical passage index (FTS5 over entity / name keys, normalised
   numbers and dates, folded word prefixes, ranked by the IDF of the tokens a passage holds
   times a column weight; tokens in over 5 % of a large workspace's passages are left out of
   the query).  The claim searches as its selected text and
   as each passage it covers (:func:`query_vectors`), so short and long selections agree.
2. **Re-ranking** (:mod:`.rerank`): a logistic model over the best cosine (the claim's views
   against the passage and, for the best candidates, against each of its clauses), the lexical
   score (:mod:`.lexical`), whether the passage is in another language, whether the claim's
   figures are found in it as the same kind of quantity, and for the best candidates the word
   alignment (:mod:`.align`: the IDF-weighted share of the claim's words with a counterpart in
   the passage by word vectors, in any language).  Its output is the probability shown,
   with two bands ("same" claim from :data:`SAME_CLAIM`, "related") and a floor (:data:`FLOOR`)
   under which nothing is shown.
3. **What is shown with each passage**: the reasons (shared entities, numbers, dates, terms; a
   fuzzy word pair only when the encoder says the two words mean the same), the origin it credits
   (:mod:`.attribution`), and a possible contradiction (other figures or dates,
   :mod:`.contradiction`).  :func:`origins` / :func:`claim_origins` group sources by independent
   origin.  At most two passages per source are listed, and passages already linked to the claim
   are left out (so list numbers shift after an accept).

:func:`accept` turns a candidate into a claim linked to the first (``corroborates`` or
``contradicts``) as one undoable action.  :func:`find_duplicates` lists pairs of sources that tell
the same story (:mod:`.sources_alike`).  Every query of the workspace goes through
:mod:`workbench.store.corroboration_reads`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..store import corroboration_reads as reads
from ..store.passages import within_budget
from ..textutil import strip_accents
from . import rerank
from .accepting import accept, claim_sentence
from .candidate import Candidate
from .contradiction import contradiction, contradiction_line
from .indexing import BackgroundIndex, ensure_index, index_in_background
from .lexical import Scorer, idf, keep_real_cognates
from .origin_groups import claim_origins, context_span, origins
from .passages import Features, features
from .rerank import FLOOR, RELATIVE_FLOOR, SAME_CLAIM
from .sources_alike import DUPLICATE_THRESHOLD, cosine, find_duplicates, source_vectors

if TYPE_CHECKING:
    import numpy as np
    import sqlite3

    from ..store import Claim, Workspace
    from ..store.side import Reader

__all__ = ["Candidate", "corroborate", "score_candidates", "accept", "claim_sentence", "contradiction",
           "contradiction_line", "ensure_index", "index_in_background", "BackgroundIndex", "origins",
           "claim_origins", "find_duplicates", "source_vectors", "cosine", "DUPLICATE_THRESHOLD",
           "FLOOR", "RELATIVE_FLOOR", "SAME_CLAIM", "query_features", "query_vectors"]

CANDIDATES = 150          # passages the lexical index proposes per query (best by IDF first)
DENSE_CANDIDATES = 120    # passages proposed by dense retrieval (on top of the lexical ones)
COMMON_DF = 0.05          # tokens in more passages than this share are left out of the FTS query...
COMMON_MIN_PASSAGES = 5000  # ...in workspaces at least this large
SOURCE_TOP = 10           # sources whose other passages a candidate must stand out from (the best candidates';
                          # ~37 passages a source on the corpus: 30 sources cost 14 ms a query, 10 about 5)
PER_SOURCE = 2            # at most this many passages of one source in a result list
SHORT_CLAIM = 20          # a claim shorter than this is widened to its passage for the query
CONTRA_SIMILARITY = 0.55  # a passage under the floor is still shown when it is this close in meaning
                          # and gives other numbers or dates (a possible contradiction)

_keep_real_cognates = keep_real_cognates  # the name the tests know


def _claim_span(ws: Workspace, claim: Claim) -> tuple[int, int]:
    """The claim's span, widened to the passages it touches when it is very short."""
    s, e = claim.start, claim.end
    if e - s >= SHORT_CLAIM:
        return s, e
    return context_span(ws, claim.source_id, s, e)


def query_features(ws: Workspace, claim: Claim) -> tuple[Features, str]:
    s, e = _claim_span(ws, claim)
    text = ws.source_text(claim.source_id)[s:e]
    ents = reads.span_entities(ws, [(claim.source_id, s, e)])[0]
    ents.update(int(x["id"]) for x in claim.entities)
    return features(text, ents), text


def query_vectors(ws: Workspace, claim: Claim, text: str) -> np.ndarray:
    """The claim's views for dense retrieval: the selected text itself and its clauses, plus the stored vector of
    every passage of its source that the selection covers for the most part or lies inside.  A
    fragment thus also searches as its whole sentence, and a sentence plus its neighbour as each
    of the two, so short and long selections of one claim find the same passages."""
    import numpy as np

    from .encoder import dequantise, encode

    s, e = claim.start, claim.end
    views = list(encode([text, *rerank.clauses(text)]))  # a long selection also searches as each of its clauses
    pids = [pid for pid, ps, pe in reads.passage_spans(ws, claim.source_id, s, e)
            if (ps <= s and e <= pe) or min(pe, e) - max(ps, s) >= 0.5 * (pe - ps)]
    blobs = reads.vectors(ws, pids)
    if blobs:
        views.extend(dequantise([blobs[p] for p in pids if p in blobs]))
    return _distinct(np.vstack(views).astype(np.float32))


SAME_VIEW = 0.99  # a view this close to an earlier one finds the same passages: it is searched once


def _distinct(views: np.ndarray) -> np.ndarray:
    """``views`` without those nearly equal to an earlier one (a selection that is a whole passage
    is also that passage's stored vector): each view costs a scan of every signature."""
    keep: list[int] = []
    for i, v in enumerate(views):
        if all(float(v @ views[j]) < SAME_VIEW for j in keep):
            keep.append(i)
    return views[keep] if len(keep) < len(views) else views


def corroborate(ws: Workspace, claim_id: str, limit: int = 10, *, per_source: int = PER_SOURCE,
                progress: Callable[[int, int], None] | None = None, floor: float | None = None,
                model: rerank.Model | None = None, band_model: rerank.Model | None = None) -> list[Candidate]:
    """Passages of other sources, any language, that may make the same claim, best first, each
    with a calibrated probability (``score``) and a band ("same" claim, or "related"); nothing
    under ``floor`` (by default :data:`FLOOR`, or :data:`RELATIVE_FLOOR` times the best score when
    that is higher).  Sources not indexed yet are indexed first
    (``progress(done, total)`` follows that).  ``model`` and ``band_model`` replace the fitted
    re-ranker and band model (for cross-validation)."""
    claim = ws.get_claim(claim_id)
    ensure_index(ws, progress)
    q, qtext = query_features(ws, claim)
    scored = score_candidates(ws, claim, model, query=(q, qtext), band_model=band_model)
    if floor is None:  # the floor, raised to a share of the best score: far weaker passages are not shown
        floor = max(FLOOR, RELATIVE_FLOOR * max((c.score for c in scored), default=0.0))
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
        _finish(ws, out, q, qtext, band_model or rerank.BAND_MODEL, claim.source_id)
    return out


def _lexical_rows(ws: Workspace | Reader, claim: Claim,
                  q: Features) -> tuple[list[sqlite3.Row], dict[str, float], int]:
    """The lexical index's candidates, the IDF of the claim's tokens and the passage count bound."""
    ent_tokens = [f"e{x}" for x in q.entities]
    all_tokens = list(dict.fromkeys([*ent_tokens, *q.names, *q.numbers, *q.dates, *q.terms]))
    n = reads.passage_id_bound(ws)
    df = reads.term_doc_freqs(ws, all_tokens)
    idf_of = {t: idf(n, df.get(t, 0)) for t in all_tokens}
    match_tokens = [t for t in all_tokens if df.get(t, 0) > 0]
    if n >= COMMON_MIN_PASSAGES and match_tokens:
        rare = [t for t in match_tokens if df[t] <= COMMON_DF * n]
        match_tokens = rare or sorted(match_tokens, key=lambda t: df[t])[:5]
    return (reads.lexical_candidates(ws, within_budget(match_tokens, df), CANDIDATES + 50, claim.source_id, idf_of),
            idf_of, n)


def score_candidates(ws: Workspace, claim: Claim, model: rerank.Model | None = None, *,
                     clause_top: int | None = rerank.CLAUSE_TOP, align_top: int | None = rerank.ALIGN_TOP,
                     query: tuple[Features, str] | None = None,
                     band_model: rerank.Model | None = None) -> list[Candidate]:
    """Every candidate passage (lexical and dense) with its cosine, lexical score, re-ranker
    features and probability; unsorted, unfiltered.  The clauses of the ``clause_top`` best are
    compared too, and the words of the ``align_top`` best aligned with the claim's (all of them
    with None)."""
    from . import dense

    model = model or rerank.MODEL
    q, qtext = query or query_features(ws, claim)
    # the two retrievers overlap: the lexical one's FTS5 query on a connection of its own, in a
    # thread, while this one encodes the claim and scans the passages' signatures
    lexical = reads.beside(ws, lambda reader: _lexical_rows(reader, claim, q))
    qvecs = query_vectors(ws, claim, ws.source_text(claim.source_id)[claim.start:claim.end])
    near = dict(dense.search(ws, qvecs, exclude_source=claim.source_id, top=DENSE_CANDIDATES))
    rows, idf_of, n = lexical()
    have = {r["id"] for r in rows}
    rows.extend(reads.passages_by_id(ws, [pid for pid in near if pid not in have]))
    if not rows:
        return []
    missing = [r["id"] for r in rows if r["id"] not in near]
    if missing:
        near.update(dense.cosines(ws, missing, qvecs))
    linked = reads.claim_spans(ws, [lk.claim_id for lk in claim.links])
    in_passage = reads.span_entities(ws, [(r["source_id"], r["start"], r["end"]) for r in rows])
    scorer = Scorer(q, idf_of, n)
    claim_lang = ws.get_source(claim.source_id).lang
    claim_figures = rerank.figures(qtext)
    cands: list[Candidate] = []
    for r, p_ents in zip(rows, in_passage):
        if any(sid == r["source_id"] and a < r["end"] and r["start"] < b for sid, a, b in linked):
            continue
        nums = r["nums"].split()
        lex, hits = scorer.score(r["text"], p_ents, r["ents"].split(), nums, r["terms"].split())
        cos = near.get(r["id"], 0.0)
        figure_text = r["text"] if claim_figures and rerank.may_hold_figures(nums) else ""
        x = rerank.features(cos, 0.0, lex, r["lang"] != claim_lang, claim_figures, figure_text)
        cands.append(Candidate(source_id=r["source_id"], lang=r["lang"], start=r["start"], end=r["end"],
                               text=r["text"], score=model.probability(x), title=r["title"], passage_id=r["id"],
                               similarity=round(cos, 4), lexical=round(lex, 4), features=x, hits=hits))
    _document_similarity(ws, claim.source_id, cands)
    _hubness(ws, claim, cands)
    others = _source_others(ws, cands, qvecs, band_model or rerank.BAND_MODEL)
    _relate(cands, model, set(), others)
    aligned = _rescore_alignment(ws, cands, qtext, model, align_top, lambda w: idf_of.get("t" + w[:5]) or idf(n, 0))
    _relate(cands, model, aligned, others)
    _rescore_clauses(cands, qvecs, model, clause_top)
    _relate(cands, model, aligned, others)
    for c in cands:
        c.score = round(c.score, 4)
    return cands


def _document_similarity(ws: Workspace, claim_source: int, cands: list[Candidate]) -> None:
    """Each candidate's ``doc`` feature: the cosine of its source's document vector (the
    length-weighted mean of its passages' vectors) with that of the claim's source.  Who else
    makes a claim usually tells the same story around it; a passage that shares a figure or a name
    with the claim inside an article about something else does not."""
    vecs = document_vectors(ws, [claim_source, *(c.source_id for c in cands)])
    mine = vecs.get(claim_source)
    if mine is None:
        return
    sims = {sid: float(v @ mine) for sid, v in vecs.items()}
    for c in cands:
        c.features["doc"] = sims.get(c.source_id, 0.0)


HUB_K = 4


def _hubness(ws: Workspace, claim: Claim, cands: list[Candidate]) -> None:
    """Each candidate's ``hub``: the mean of its :data:`HUB_K` best cosines with the passages of
    the claim's own article outside the claim.  A passage close to the whole story (an article's
    lead) is close to every claim of it; the one that makes this claim is closer to the claim
    than to the rest of its article."""
    import numpy as np

    from .encoder import dequantise

    inside = {pid for pid, _s, _e in reads.passage_spans(ws, claim.source_id, claim.start, claim.end)}
    own = [p for p in reads.source_passage_ids(ws, [claim.source_id]).get(claim.source_id, []) if p not in inside]
    if not own or not cands:
        return
    blobs = reads.vectors(ws, [*own, *(c.passage_id for c in cands)])
    own_v = dequantise([blobs[p] for p in own if p in blobs])
    have = [c for c in cands if c.passage_id in blobs]
    if not len(own_v) or not have:
        return
    sims = dequantise([blobs[c.passage_id] for c in have]) @ own_v.T
    k = min(HUB_K, sims.shape[1])
    top = np.sort(sims, axis=1)[:, -k:].mean(axis=1)
    for c, h in zip(have, top):
        c.features["hub"] = float(h)


def document_vectors(ws: Workspace, source_ids: list[int]) -> dict[int, np.ndarray]:
    """{source id: unit document vector} of the indexed ``source_ids``: stored ones, and the others
    computed from their passages' vectors and then kept when the workspace can be written at once
    (an index built before they were stored fills in as queries need it)."""
    from .duplicates import document_vectors as from_passages
    from .encoder import dequantise, quantise

    wanted = sorted(set(source_ids))
    stored = reads.document_vectors(ws, wanted)
    out = dict(zip(stored, dequantise(list(stored.values()))))
    todo = [sid for sid in wanted if sid not in stored]
    if todo:
        version = reads.data_version(ws)
        ids, vecs = from_passages(reads.source_vector_rows(ws, todo))
        out.update(zip(ids, vecs))
        reads.keep_document_vectors(ws, [(sid, quantise(v)) for sid, v in zip(ids, vecs)], version)
    return out


def _source_others(ws: Workspace, cands: list[Candidate], qvecs: np.ndarray,
                   alone: rerank.Model) -> dict[int, list[float]]:
    """{source id: cosines of its passages that are no candidates} for the sources of the
    :data:`SOURCE_TOP` best candidates by the score of the passage alone (``alone``, the band model):
    what their passages must stand out from (``cmsb``).  A bounded read: a few dozen passages a
    source, whatever the workspace's size."""
    from . import dense

    best = sorted(cands, key=lambda c: -alone.probability(c.features))[:SOURCE_TOP]
    by_source = reads.source_passage_ids(ws, sorted({c.source_id for c in best}))
    have = {c.passage_id for c in cands}
    todo = [pid for pids in by_source.values() for pid in pids if pid not in have]
    cos = dense.cosines(ws, todo, qvecs) if todo else {}
    return {sid: [cos[p] for p in pids if p in cos] for sid, pids in by_source.items()}


def _relate(cands: list[Candidate], model: rerank.Model, aligned: set[int], others: dict[int, list[float]]) -> None:
    """Each candidate against the other passages of its source (``cmsb``, ``arsb``: see
    :func:`rerank.relative`), then its score again."""
    groups = [c.source_id for c in cands]
    cmsb = rerank.relative(groups, [c.features["cm"] for c in cands], others=others)
    arsb = rerank.relative(groups, [c.features["ar"] for c in cands], [c.passage_id in aligned for c in cands])
    for c, a, b in zip(cands, cmsb, arsb):
        c.features["cmsb"] = a
        c.features["arsb"] = b
        c.score = model.probability(c.features)


def _rescore_clauses(cands: list[Candidate], qvecs: np.ndarray, model: rerank.Model, top: int | None) -> None:
    """Compare the claim with each clause of the ``top`` best candidates (all with None) and score
    them again."""
    best = sorted(cands, key=lambda c: -c.score)
    best = [c for c in best if rerank.clauses(c.text)][:top] if top is not None else best
    for c, sim in zip(best, rerank.clause_similarity([c.text for c in best], qvecs)):
        if sim > c.features["cm"]:
            c.features["cm"] = sim
            c.features["cmx"] = sim * c.features["cross"]
            c.similarity = round(sim, 4)
            c.score = model.probability(c.features)


def _rescore_alignment(ws: Workspace, cands: list[Candidate], qtext: str, model: rerank.Model,
                       top: int | None, weight: Callable[[str], float]) -> set[int]:
    """Align the claim's words (``weight``: their IDF) with those of the ``top`` best candidates
    (all with None) and score them again (:mod:`.align`); the passage ids aligned."""
    from .align import alignments

    best = sorted(cands, key=lambda c: -c.score)
    best = best[:top] if top is not None else best
    for c, ar in zip(best, alignments(ws, qtext, [c.text for c in best], weight)):
        c.features["ar"] = ar
        c.score = model.probability(c.features)
    return {c.passage_id for c in best}


# Two articles that tell one story share a rare name (the victim, the shop, the town; at most STORY_FLOOR
# sources name it, or STORY_RARE of the workspace): a passage in an article that shares none with the claim's
# is not called the same claim, however alike the words ("Sono in corso indagini per risalire al complice"
# closes many police reports).  On the corpus gold (5,337 articles) every right passage in the band shares
# one; 6 of the 11 wrong ones share none (at 20 sources; at 1 % of the sources, 53, only 2).
STORY_FLOOR = 20
STORY_RARE = 0.004


def _finish(ws: Workspace, out: list[Candidate], q: Features, qtext: str, band_model: rerank.Model,
            claim_source: int) -> None:
    """Bands ("same" needs the score of the passage alone too, see :mod:`.rerank`, and a rare name
    shared by the two articles when the claim's names any), trustworthy reasons, entity names,
    attributions and contradiction hints of the passages shown."""
    from .attribution import article_origin, passage_origin

    articles: dict[int, str] = {}
    story = reads.sources_sharing_rare_names(ws, claim_source, [c.source_id for c in out], STORY_RARE, STORY_FLOOR)
    for c in out:
        c.band = "same" if min(c.score, band_model.probability(c.features)) >= SAME_CLAIM and (
            story is None or c.source_id in story) else "related"
        c.reasons = Scorer.reasons(c.text, c.hits)
        c.hits = None
        keep_real_cognates(c.reasons)
        text = ws.source_text(c.source_id)
        if c.source_id not in articles:
            articles[c.source_id] = article_origin(text)
        po = passage_origin(text, c.start, c.end, articles[c.source_id])
        c.origin = po.origin
        c.origin_how = po.how
        c.attribution = [a.phrase for a in po.attributions]
        c.contradiction = contradiction(q, c.text, qtext)
    _name_entities(ws, out)


def _name_entities(ws: Workspace, cands: list[Candidate]) -> None:
    ids = sorted({x for c in cands for x in c.reasons.get("entities", []) if isinstance(x, int)})
    names = reads.entity_names(ws, ids) if ids else {}
    for c in cands:
        if "entities" in c.reasons:
            resolved = [names.get(x, str(x)) for x in c.reasons["entities"] if isinstance(x, int)]
            # a bare name the passage shares ("Musk") is not listed again beside its entity ("Elon Musk")
            words = {w for n in resolved for w in strip_accents(n).casefold().split()}
            loose = [x for x in c.reasons["entities"] if not isinstance(x, int)
                     and strip_accents(x).casefold() not in words]
            c.reasons["entities"] = list(dict.fromkeys([*resolved, *loose]))
