"""The corpus corroboration gold (tests/data/corroboration_corpus_eval.json): its shape, and every
quote an exact substring, once, of its article's text as the ingest stores it.  The quote checks
skip when the corpus (``../shared/corpus``) is absent; nothing is ingested here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.ingest.clean import clean_text

GOLD = Path(__file__).parent / "data" / "corroboration_corpus_eval.json"


@pytest.fixture(scope="module")
def gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


def _claims(gold: dict):
    for gid, g in gold["groups"].items():
        for c in g["claims"]:
            yield gid, g, c


def test_gold_shape(gold):
    assert {"description", "conventions", "selection", "judging", "groups"} <= gold.keys()
    assert len(gold["groups"]) >= 15
    claims = list(_claims(gold))
    no_match = [c for _, _, c in claims if not any(c["passages"].values())]
    assert len(claims) >= 60
    assert 0.3 <= len(no_match) / len(claims) <= 0.55
    assert len({c["id"] for _, _, c in claims}) == len(claims)
    langs = {p.split("/")[0] for g in gold["groups"].values() for p in g["sources"]}
    assert langs == {"pt", "es", "it", "en"}


def test_every_other_source_is_judged_and_never_the_claims_own(gold):
    for gid, g, c in _claims(gold):
        assert c["source"] in g["sources"], c["id"]
        others = set(g["sources"]) - {c["source"]}
        assert set(c["passages"]) == others, c["id"]  # every other article judged, the claim's own never
        assert set(c.get("near", {})) <= others, c["id"]
        for path, quotes in c.get("near", {}).items():
            assert not set(quotes) & set(c["passages"].get(path, [])), c["id"]


def test_quotes_are_exact_substrings_of_the_stored_text(gold, corpus_dir):
    texts: dict[str, str] = {}

    def text(path: str) -> str:
        if path not in texts:
            f = corpus_dir / path
            assert f.is_file(), path
            texts[path] = clean_text(f.read_text(encoding="utf-8"))
        return texts[path]

    bad = []
    for _, _, c in _claims(gold):
        quotes = [(c["source"], c["claim"])]
        quotes += [(p, q) for part in ("passages", "near") for p, qs in c.get(part, {}).items() for q in qs]
        for path, q in quotes:
            if text(path).count(q) != 1:
                bad.append((c["id"], path, q, text(path).count(q)))
    assert not bad, bad
