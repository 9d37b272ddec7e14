"""kill -9 during ingest at random moments: the workspace stays whole and a re-run completes it.

Three chains of kills run two at a time.  In each chain the first kill lands at a random time during
start-up and schema creation, the next ones when the workspace reaches a random number of sources
(so they land inside the store phase, where it matters).  Ingest commits files in groups with a
savepoint per file; the chains commit every file, every 3 and every 8 files
(``$WORKBENCH_INGEST_GROUP``), so kills also land inside open groups of several files (the
product's default of 64 would store these 45 small files in one commit).  After every kill the
workspace is checked, and a final run must complete it exactly as a clean ingest would (same
sources, same mentions)."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor

import pytest

from .crashlib import build_corpus, check_whole, reference_mentions, run_and_kill, timed_ingest

CHAINS = 3
KILLS_PER_CHAIN = 7
N_SOURCES = 45  # 5 seeds + 40 generated


@pytest.fixture(scope="module")
def crash_setup(tmp_path_factory):
    d = tmp_path_factory.mktemp("crash")
    corpus = build_corpus(d / "corpus")
    db = d / "reference.db"
    _dt, p = timed_ingest(db, corpus, "it")
    assert p.returncode == 0, p.stderr.decode()
    ref = reference_mentions(db)
    assert check_whole(db, ref) == N_SOURCES
    return d, corpus, ref


GROUPS = [1, 3, 8]  # files per commit in each chain


def _chain(args):
    chain, d, corpus, ref = args
    rnd = random.Random(4242 + chain)
    db = d / f"chain-{chain}.db"
    group = GROUPS[chain]
    log = []
    targets = sorted(rnd.sample(range(1, N_SOURCES), KILLS_PER_CHAIN - 1))
    for k in range(KILLS_PER_CHAIN):
        if k == 0:
            killed = run_and_kill(db, corpus, "it", after=rnd.uniform(0.05, 1.5), group=group)
        else:
            killed = run_and_kill(db, corpus, "it", at_sources=targets[k - 1], group=group)
        n = check_whole(db, ref) if db.exists() else 0
        log.append((killed, n))
    _dt, p = timed_ingest(db, corpus, "it")
    assert p.returncode == 0, p.stderr.decode()
    assert "Traceback" not in p.stderr.decode()
    assert check_whole(db, ref) == N_SOURCES
    return log


def test_kill_minus_nine_during_ingest(crash_setup):
    d, corpus, ref = crash_setup
    with ThreadPoolExecutor(max_workers=2) as pool:
        logs = list(pool.map(_chain, [(c, d, corpus, ref) for c in range(CHAINS)]))
    kills = [entry for log in logs for entry in log if entry[0]]
    assert len(kills) >= 20, logs
    assert len({n for _k, n in kills}) >= 5, logs  # kills landed at many different stages
