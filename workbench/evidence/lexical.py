"""The lexical side of corroboration: how much of what a claim names (resolved entities, names,
normalised numbers and dates, word stems) a passage shares, as a score from 0 to 1::

    0.65 * share of the claim's weight found in the passage
  + 0.20 * share of the passage's weight found in the claim   (long, off-topic passages lose)
  + 0.15 * Dice of accent-folded character trigrams

A feature's weight is its IDF times a category weight (resolved entity 2, name 1.5, number 2, a
quarter of that for numbers under 100 and vague magnitudes, date 1.5, word 1).  Also the reasons
shown with a passage, and the check that keeps only real cognates among its fuzzy word pairs.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from functools import lru_cache

from ..textutil import strip_accents
from .passages import Features

FUZZ_CUTOFF = 70

Hits = tuple[list[int], list[str], list[str], list[str], list[str]]  # ids, names, numbers, dates, words


def idf(n: int, df: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


@lru_cache(maxsize=65536)
def _word_trigrams(word: str) -> frozenset[str]:
    p = f" {word} "
    return frozenset(p[i:i + 3] for i in range(len(p) - 2))


def _trigrams(words: list[str]) -> set[str]:
    """The character trigrams of the words, each padded with a space (words repeat from passage to
    passage: their trigrams are cached)."""
    return set().union(*map(_word_trigrams, words))


# category weights on top of IDF: a shared resolved entity or exact number says more than a word
CAT_WEIGHT = {"e": 2.0, "k": 1.5, "n": 2.0, "d": 1.5, "t": 1.0}
SMALL_NUMBER = 0.25  # numbers under SMALL_BELOW ("2 personas", "GPT-4", "12 ingenieros") and vague magnitudes ("miles de")
SMALL_BELOW = 100    # (13 let counts such as "15 empresas" match unrelated lines as if they were figures)
W_QUERY, W_PASSAGE, W_DICE = 0.65, 0.2, 0.15


def _cat(token: str) -> str:
    c = token[0]
    return "d" if c in "ymd" else c


class Scorer:
    """Score = W_QUERY * (share of the claim's feature weight found in the passage)
             + W_PASSAGE * (share of the passage's feature weight found in the claim)
             + W_DICE * (Dice of accent-folded character trigrams).
    A feature's weight is its IDF times its category weight; a claim word not found by prefix can
    still count through rapidfuzz ``ratio`` >= FUZZ_CUTOFF (ingenieros / ingegneri)."""

    def __init__(self, q: Features, idf_of: dict[str, float], n: int) -> None:
        self.q = q
        self.idf = idf_of
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
        # weights of passage tokens too (a token's IDF is known only when the claim has it too)
        self._pcache: dict[str, float] = dict(self.weights)

    def _w(self, t: str) -> float:
        w = self.idf.get(t) or idf(self.n, 0)
        w *= CAT_WEIGHT[_cat(t)]
        if t.startswith("n"):
            v = t[1:]
            if v.startswith("q"):
                w *= SMALL_NUMBER
            else:
                try:
                    if float(v.replace("p", ".")) < SMALL_BELOW:
                        w *= SMALL_NUMBER
                except ValueError:
                    pass
        return w

    def score(self, text: str, p_ents: set[int], ents: list[str], nums: list[str],
              terms: list[str]) -> tuple[float, Hits]:
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
        shared_words: list[str] = []
        matched_terms = set()
        for t, words in self.word_of_term.items():
            if t in p_terms:
                got += self.weights[t]
                matched_terms.add(t)
                shared_words.append(words[0])
                continue
            best_r, best_w = 0.0, ""
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
        weight = self._pcache
        for t in p_tokens.difference(weight):
            weight[t] = self._w(t)
        p_total = sum([weight[t] for t in p_tokens]) or 1.0
        p_hit = {*(f"e{x}" for x in hit_ids), *hit_names, *hit_nums, *hit_dates, *matched_terms}
        cov_p = min(1.0, sum([weight[t] for t in p_hit & p_tokens]) / p_total)
        pg = _trigrams(p_words)
        dice = 2 * len(self.q_grams & pg) / (len(self.q_grams) + len(pg)) if pg and self.q_grams else 0.0
        score = W_QUERY * cov_q + W_PASSAGE * cov_p + W_DICE * dice
        return score, (hit_ids, hit_names, hit_nums, hit_dates, shared_words)

    @staticmethod
    def reasons(text: str, hits: Hits) -> dict[str, list]:
        hit_ids, hit_names, hit_nums, hit_dates, shared_words = hits
        reasons: dict[str, list] = {}
        if hit_ids or hit_names:
            reasons["entities"] = [*hit_ids, *(shown_name(text, t) for t in hit_names)]
        if hit_nums:
            reasons["numbers"] = [shown_number(t) for t in hit_nums]
        if hit_dates:
            reasons["dates"] = [shown_date(t) for t in hit_dates]
        if shared_words:
            reasons["terms"] = shared_words[:12]
        return reasons


def shown_name(text: str, key: str) -> str:
    target = key[1:]
    for m in re.finditer(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", text):
        if re.sub(r"['’-]", "", strip_accents(m.group())) == target:
            return m.group()
    return target


_VAGUE_SHOWN = {"q2": "hundreds", "q3": "thousands", "q4": "tens of thousands", "q6": "millions",
                "q7": "tens of millions", "q9": "billions", "q10": "tens of billions", "q12": "trillions"}


def shown_number(token: str) -> str:
    if token.startswith("nq"):
        return _VAGUE_SHOWN.get(token[1:], token[1:])
    v = token[1:].replace("p", ".")
    try:
        f = float(v)
    except ValueError:
        return v
    return f"{int(f):,}" if f == int(f) else f"{f:g}"


def shown_date(token: str) -> str:
    if token.startswith("ym"):
        return f"{token[2:6]}-{token[6:]}"
    if token.startswith("d"):
        return f"{token[1:5]}-{token[5:7]}-{token[7:]}"
    if token.startswith("m"):
        return "month " + token[1:]
    return token[1:]


COGNATE_MIN = 0.6  # word-vector cosine of a fuzzy pair shown as a cognate (inteligencia / intelligenza 0.92,
                   # decenas / dezenas 0.71; compania / comprando 0.34, procesamiento / pensamiento 0.27)


def keep_real_cognates(reasons: dict) -> None:
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
