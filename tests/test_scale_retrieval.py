"""Issue 18 / 16 at scale: candidate retrieval that does not scan.  Inverted lists over the
passage vectors, the posting budget of the lexical query, the cheap "what is not indexed yet"
check, and the FTS lookup that confirming an entity uses instead of reading every source."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from workbench.evidence import ann, dense
from workbench.evidence.encoder import quantise, signature
from workbench.evidence.passages import missing_sources
from workbench.store.derived import drop_passages
from workbench.nlp.gazetteer import gazetteer_mentions
from workbench.store import Workspace
from workbench.store.occurrences import sources_with_names
from workbench.store.passages import lexical_candidates, replace_passages, within_budget
from workbench.store.vectors import list_state


def _source(ws: Workspace, text: str) -> int:
    with ws.tx():
        return ws.insert_source(sha256=hashlib.sha256(text.encode()).hexdigest(), path="", title="", outlet="",
                                lang="es", lang_detected="es", text=text)


TEXTS = [
    "La empresa NVIDIA compró diez mil GPU.",
    "Los chips de Nvidia's socios llegaron.\r\nOtra línea.",
    "São Paulo é a maior cidade.",
    "Em Sao Paulo choveu.",
    "El capitán Jean-Luc Picard habló.",
    "AT&T merged with someone 😀 today.",
    "Nvidiana no es una empresa.",
    "Nada que ver con nada.",
    "Un e\u0301xito de Nvidia en Me\u0301xico.",
]


@pytest.mark.parametrize("name", ["Nvidia", "São Paulo", "sao paulo", "Jean-Luc Picard", "AT&T", "México"])
def test_fts_lookup_finds_every_source_the_gazetteer_matches(tmp_path: Path, name: str) -> None:
    ws = Workspace(tmp_path / "w.db")
    ids = [_source(ws, t) for t in TEXTS]
    expected = {sid for sid, t in zip(ids, TEXTS) if gazetteer_mentions(t, [(1, name)])}
    assert expected, name  # each name occurs somewhere
    got = {sid for sid, _t in sources_with_names(ws.conn, [name])}
    assert expected <= got
    assert ids[7] not in got  # a source without the name is not read
    ws.close()


def test_fts_lookup_falls_back_to_every_source_for_a_name_it_may_not_tokenise(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "w.db")
    ids = [_source(ws, t) for t in [*TEXTS, "Søren Kierkegaard escribió."]]
    assert {sid for sid, _t in sources_with_names(ws.conn, ["Nvidia", "Søren"])} == set(ids)
    assert list(sources_with_names(ws.conn, ["  "])) == []
    ws.close()


def test_posting_budget_keeps_the_rarest_tokens() -> None:
    df = {"a": 10, "b": 30_000, "c": 5, "d": 20_000, "e": 0}
    assert within_budget(["a", "b", "c", "d", "e"], df, 40_000) == ["a", "c", "d", "e"]
    assert within_budget(["b"], df, 10) == ["b"]  # never empty
    assert within_budget(["a", "b", "c"], df, 10**9) == ["a", "b", "c"]  # under the budget: all


def test_lexical_candidates_rank_by_the_weights_of_the_tokens_each_passage_holds(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "w.db")
    v = np.ones(512, dtype=np.float32) / np.sqrt(512)
    passages = {  # (ents, nums, terms) per source
        "rare name": ("e7", "", "tgpu"), "common words": ("", "", "tgpu tcompr tdiez"),
        "figure": ("", "n10000", ""), "nothing": ("", "", "totra"), "own": ("e7", "n10000", "tgpu"),
    }
    sids = {}
    for k, (ents, nums, terms) in passages.items():
        sids[k] = _source(ws, f"Texto {k}.")
        with ws.tx() as conn:
            replace_passages(conn, sids[k], [(0, 5, ents, nums, terms)], [(quantise(v), signature(v))])
    weights = {"e7": 3.0, "n10000": 2.0, "tgpu": 0.5, "tcompr": 0.5, "tdiez": 0.5}
    rows = lexical_candidates(ws.conn, list(weights), 10, sids["own"], weights)
    # entity 3 x 4 + term .5; figure 2 x 3; three terms 1.5; the claim's own source left out
    assert [r["source_id"] for r in rows] == [sids["rare name"], sids["figure"], sids["common words"]]
    assert lexical_candidates(ws.conn, list(weights), 1, None, weights)[0]["source_id"] == sids["own"]
    assert lexical_candidates(ws.conn, [], 5, None) == []
    ws.close()


def test_lexical_candidates_of_a_long_selection_add_up_across_statements(tmp_path: Path, monkeypatch) -> None:
    """More tokens than one statement sums (a long selection) are summed per statement and added:
    the same ranking as in one statement."""
    import workbench.store.passages as store_passages

    ws = Workspace(tmp_path / "w.db")
    v = np.ones(512, dtype=np.float32) / np.sqrt(512)
    terms = [f"tw{i:03d}" for i in range(9)]
    for k in range(6):  # source k holds the terms k.. (more of the low ones for the later sources)
        sid = _source(ws, f"Texto {k}.")
        with ws.tx() as conn:
            replace_passages(conn, sid, [(0, 5, "", "", " ".join(terms[:k + 3]))], [(quantise(v), signature(v))])
    weights = {t: 1.0 + i / 10 for i, t in enumerate(terms)}
    whole = [r["id"] for r in lexical_candidates(ws.conn, terms, 4, None, weights)]
    monkeypatch.setattr(store_passages, "_TOKENS_PER_STATEMENT", 2)
    assert [r["id"] for r in lexical_candidates(ws.conn, terms, 4, None, weights)] == whole
    assert len(whole) == 4 and whole[0] > whole[-1]  # the source holding most terms first
    ws.close()


def _clustered(rng: np.random.Generator, n: int, centres: np.ndarray) -> np.ndarray:
    v = centres[rng.integers(0, len(centres), n)] + 0.35 * rng.standard_normal((n, 512)) / np.sqrt(512)
    return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)


def _index(ws: Workspace, vecs: np.ndarray, per_source: int = 10) -> list[int]:
    """Sources of ``per_source`` passages each, with the given vectors (no encoder needed)."""
    sids = []
    for s in range(0, len(vecs), per_source):
        chunk = vecs[s:s + per_source]
        n = ws.source_count()
        text = " ".join(f"Frase número {i} del texto {n}." for i in range(len(chunk)))
        sid = _source(ws, text)
        rows = [(i * 10, i * 10 + 5, "", "", "") for i in range(len(chunk))]
        with ws.tx() as conn:
            replace_passages(conn, sid, rows, [(quantise(v), signature(v)) for v in chunk])
        sids.append(sid)
    return sids


def test_inverted_lists_search_a_share_and_find_the_nearest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ann, "ANN_MIN", 500)
    rng = np.random.default_rng(3)
    centres = rng.standard_normal((40, 512)).astype(np.float32)
    vecs = _clustered(rng, 2000, centres)
    ws = Workspace(tmp_path / "w.db")
    _index(ws, vecs[:400])
    assert ann.refresh(ws) == 0  # under ANN_MIN: no lists, the full scan is used
    sigs = dense._signatures(ws)
    assert ann.candidate_rows(ws, sigs.ids, vecs[:1]) is None
    _index(ws, vecs[400:])
    assert ann.refresh(ws) == 2000  # trained, every passage filed
    assert list_state(ws.conn)[0] == 2000
    assert ann.refresh(ws) == 0  # nothing new: nothing done

    sigs = dense._signatures(ws)
    queries = _clustered(rng, 30, centres)
    found = 0
    for q in queries:
        rows = ann.candidate_rows(ws, sigs.ids, q[None, :])
        assert rows is not None and 0 < len(rows) < len(sigs.ids)  # a share, not everything
        exact = int(np.argmax(vecs @ q))
        hits = [p for p, _c in dense.search(ws, q[None, :], top=10)]
        found += int(sigs.ids[exact]) in hits
    assert found >= 27  # the true nearest passage is found for (nearly) every query

    # a passage indexed after training is searched before it is filed, and filed by refresh
    new = _clustered(rng, 10, centres)
    sid = _index(ws, new)[0]
    sigs = dense._signatures(ws)
    rows = ann.candidate_rows(ws, sigs.ids, new[:1])
    assert rows is not None
    new_rows = np.nonzero(sigs.sources == sid)[0]
    assert set(new_rows.tolist()) <= set(rows.tolist())
    assert ann.refresh(ws) == 10
    # a dropped source's passages leave the lists with them
    drop_passages(ws, sid)
    assert list_state(ws.conn)[0] == 2000
    ws.close()


def test_missing_sources_sees_new_and_dropped_sources_without_a_full_check(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "w.db")
    rng = np.random.default_rng(1)
    sids = _index(ws, _clustered(rng, 30, rng.standard_normal((3, 512)).astype(np.float32)))
    assert missing_sources(ws) == []
    new = _source(ws, "Un texto nuevo, sin pasajes todavía.")  # this connection, appended
    assert missing_sources(ws) == [new]
    drop_passages(ws, sids[1])  # this connection, in the middle
    assert missing_sources(ws) == [sids[1], new]
    other = Workspace(tmp_path / "w.db")  # another connection drops one: the full check runs
    with other.tx() as conn:
        conn.execute("DELETE FROM passages WHERE source_id = ?", (sids[0],))
    other.close()
    assert missing_sources(ws) == [sids[0], sids[1], new]
    ws.close()


def test_same_story_blocks_in_bands_give_the_pairs_of_the_whole_matrix(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from workbench.evidence import duplicates

    rng = np.random.default_rng(4)
    vecs = _clustered(rng, 300, rng.standard_normal((6, 512)).astype(np.float32))
    ids = list(range(1000, 1300))
    sims = vecs @ vecs.T
    want = {(ids[i], ids[j]) for i in range(300) for j in range(i + 1, 300) if sims[i, j] >= 0.7}
    monkeypatch.setattr(duplicates, "BLOCK_ROWS", 7)  # many bands per block
    got = duplicates.same_story_pairs(ids, vecs, cos_min=0.7, probes=17)  # 17 anchors: every block is all
    assert set(got) == want
    stop = threading.Event()
    stop.set()
    with pytest.raises(duplicates.DuplicatesCancelled):
        duplicates.same_story_pairs(ids, vecs, cancel=stop)
    with pytest.raises(duplicates.DuplicatesCancelled):
        duplicates.same_text_pairs(((i, f"texto numero {i} " * 5) for i in range(400)), 0.5, cancel=stop)


def test_nearest_only_keeps_each_sources_nearest_pairs() -> None:
    from workbench.evidence.duplicates import nearest_only

    cos = {(1, 2): 0.9, (1, 3): 0.8, (1, 4): 0.75, (2, 3): 0.71, (5, 6): 0.7}
    assert set(nearest_only(cos, k=1)) == {(1, 2), (1, 3), (1, 4), (5, 6)}  # (1, 4): source 4's nearest
    assert nearest_only(cos, k=5) == cos


def test_signature_precheck_never_rules_out_a_pair_the_vectors_align() -> None:
    """sources --duplicates estimates each pair's aligned share from the 512-bit sign signatures
    with a lenient cosine before reading any vector: the estimate must not fall under a share
    the vectors reach (a pair ruled out is never aligned), and unrelated sources estimate 0."""
    from workbench.evidence.duplicates import aligned_share, sig_shares

    rng = np.random.default_rng(5)

    def unit(m: np.ndarray) -> np.ndarray:
        return (m / np.linalg.norm(m, axis=1, keepdims=True)).astype(np.float32)

    vecs: dict[int, np.ndarray] = {0: unit(rng.normal(size=(10, 512)))}
    for sid, shared in enumerate(range(11), start=1):  # source sid retells `shared` of source 0's passages
        own = unit(rng.normal(size=(10, 512)))
        noisy = unit(vecs[0][:shared] + rng.normal(scale=0.035, size=(shared, 512)))  # cosine ~0.6-0.8
        vecs[sid] = np.vstack([noisy, own[shared:]])
    rows: dict[int, tuple[int, int]] = {}
    parts = []
    at = 0
    for sid, v in vecs.items():
        rows[sid] = (at, at + len(v))
        parts.append(np.packbits(v > 0, axis=1).view(np.uint64))
        at += len(v)
    words = np.vstack(parts)
    keys = [(0, sid) for sid in range(1, 12)]
    est = sig_shares(keys, rows, words)
    for key in keys:
        exact = aligned_share(vecs[key[0]], vecs[key[1]])
        assert est[key] >= exact, (key, est[key], exact)
    assert est[(0, 1)] == 0.0  # nothing retold: nothing estimated
    assert sig_shares([(0, 99)], rows, words) == {(0, 99): 0.0}  # a source without passages


def test_the_nearest_signatures_are_the_k_smallest_distances_and_never_an_excluded_one() -> None:
    """The coarse step keeps the k nearest signatures (a histogram of the distances, not a sort):
    the same distances as a full sort, ties and all, and no excluded passage."""
    import numpy as np

    from workbench.evidence.dense import nearest_columns

    rng = np.random.default_rng(3)
    words = rng.integers(0, 2**63, size=(5000, 8), dtype=np.uint64)
    query = rng.integers(0, 2**63, size=(2, 8), dtype=np.uint64)
    excluded = rng.random(5000) < 0.2
    dist = np.array([min(sum(bin(int(a) ^ int(b)).count("1") for a, b in zip(row, q)) for q in query)
                     for row in words])
    for k in (1, 7, 300, 4000, 6000):
        near = nearest_columns(np.ascontiguousarray(words.T), query, k, excluded)
        kept = np.sort(dist[~excluded])[:k]
        assert len(set(near.tolist())) == len(near) == len(kept)
        assert not excluded[near].any()
        assert np.sort(dist[near]).tolist() == kept.tolist()


def test_at_scale_half_signatures_first_still_find_the_nearest(monkeypatch: pytest.MonkeyPatch) -> None:
    """From PREFILTER_FROM signatures the scan compares half of each first: passages planted close
    to the query (a few bits flipped) are still the ones returned, and an excluded one never is."""
    from workbench.evidence.dense import nearest_columns

    monkeypatch.setattr(dense, "PREFILTER_FROM", 1000)
    monkeypatch.setattr(dense, "PREFILTER", 200)
    rng = np.random.default_rng(4)
    words = rng.integers(0, 2**63, size=(20_000, 8), dtype=np.uint64)
    query = rng.integers(0, 2**63, size=(1, 8), dtype=np.uint64)
    planted = rng.choice(20_000, size=11, replace=False)
    for i, row in enumerate(planted):
        words[row] = query[0] ^ np.uint64(1 << i)  # one bit flipped: distance 1
    excluded = np.zeros(20_000, dtype=bool)
    excluded[planted[-1]] = True
    near = nearest_columns(np.ascontiguousarray(words.T), query, 10, excluded)
    assert sorted(near.tolist()) == sorted(planted[:-1].tolist())
