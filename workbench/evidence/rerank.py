"""The re-ranker of corroboration candidates: a logistic model over features that carry across
languages, fitted on labelled seed claims (``bench/corroborate.py --fit``, cross-validated by
leaving one claim group out), so that the score shown is a probability that the passage makes
the same claim.

Features of a candidate passage (see :func:`features`):

* ``cm`` -- the best cosine of the claim's sentence vectors against the passage's *or one of its
  clauses* (a passage often joins the claim to other news: "la compañía ha adquirido alrededor de
  10,000 GPU y ha reclutado talento de DeepMind"; its clauses are encoded for the best
  :data:`CLAUSE_TOP` candidates only, see :func:`clause_similarity`);
* ``lex`` -- the lexical score (shared entities, normalised numbers, dates, word stems; see
  :mod:`.lexical`);
* ``cross`` and ``cmx`` -- whether the passage is in another language, and ``cm`` times that: the
  encoder puts translations at lower cosines than same-language paraphrases, so a cross-language
  cosine is worth more;
* ``numok`` / ``kclash`` / ``conflict`` -- the claim's precise figures: one found in the passage
  as the same kind of quantity (10.000 GPU / 10 mil GPUs); found only as another kind (10.000 GPU
  / US$ 10.000 per unit: a price, not a count); or both give figures and share none;
* ``ar`` -- the word alignment (:mod:`.align`): the share of the claim's content words that have a
  counterpart in the passage by word vectors, in any language (computed for the best
  :data:`ALIGN_TOP` candidates only; 0 for the others);
* ``cmsb`` / ``arsb`` -- how far the passage stands out from the other passages *of its own
  source* (:func:`relative`): its ``cm`` (``ar``) minus the best of theirs, or, for its source's
  best, the margin over the second best.  An article's lead ("Elon Musk is driving an AI project
  inside Twitter ...") is close to every claim of that article; the passage that makes the claim
  is the one that beats the rest of its article.  On the held-out folds most misses were right
  passages scored under the floor and most wrong passages shown were such leads;
* ``hub`` -- the mean of the passage's four best cosines with the passages of the claim's own
  article outside the claim: an article's lead is close to every claim of its story, and the
  passage that makes this claim is closer to the claim than to the rest of the article (weight
  negative: ``cm`` minus ``hub``, roughly; idea and first measure from branch corr11);
* ``doc`` -- the cosine of the document vectors (the length-weighted mean of the passages' vectors)
  of the passage's source and the claim's: whether the two articles tell the same story.  Among
  thousands of articles on other subjects, a passage sharing a figure or a name with the claim is
  common ("10 mil anos" for "10.000 GPU"); one that does so in an article on the same story is not.

Two models: :data:`MODEL` (all features) ranks and gives the probability shown; the "same
claim" band also needs :data:`BAND_MODEL` (the features of the passage alone, without the
relative two) at :data:`SAME_CLAIM`: a passage can be its source's best match for a claim no
other source makes, so standing out alone is not enough to call it the same claim.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .numbers import extract_quantities

if TYPE_CHECKING:
    import numpy as np

FEATURES = ("cm", "lex", "cross", "cmx", "numok", "kclash", "conflict", "ar", "cmsb", "arsb", "doc", "hub")
ABSOLUTE = (*FEATURES[:8], "doc", "hub")  # the features of the passage alone (BAND_MODEL's)


@dataclass(frozen=True)
class Model:
    """P(same claim) = sigmoid(bias + sum(weight * feature))."""

    bias: float
    weights: tuple[float, ...]  # in the order of ``names``
    names: tuple[str, ...] = FEATURES

    def probability(self, x: dict[str, float]) -> float:
        z = self.bias + sum(w * x[n] for w, n in zip(self.weights, self.names))
        return 1 / (1 + math.exp(-max(-40.0, min(40.0, z))))


# Fitted by ``bench/corroborate_fit.py`` on every labelled claim of two sets: the seeds
# (tests/data/corroboration_eval.json: 41 claim groups, all of one story; candidates from two workspaces, the
# five seeds alone and the seeds ingested among the 5,337 corpus articles) and 16 story groups of real outlets
# from the corpus (tests/data/corroboration_corpus_eval.json: police reports, politics, fake-news templates in
# pt, es, it, en).  Fitted on the seeds alone, the model trusted what one story's rewrites share: on the corpus
# groups (held out) half of what it showed was wrong (precision of shown .47, boilerplate of other crimes,
# another arrest's "precedenti di Polizia", in the "same claim" band).  Left out one group at a time, fitted
# on both: corpus precision of shown .47 -> .72, coverage@5 .78 -> .80, MRR .80 -> .82, no-match claims with
# an empty "same claim" band .76 -> .82; the seeds among the corpus .63 / .71 / .87 -> .64 / .70 / .88; the
# seeds alone (no other articles around) .68 / .72 / .88 -> .65 / .66 / .87 (bench/results/s13_fit_floors.json).
# ``doc`` (the two articles tell the same story) carries most of the weight: a passage sharing a figure or a
# name with the claim is common among thousands of articles; in an article on the same story it is not.
MODEL = Model(bias=-18.92,
              weights=(4.732, 0.931, -0.137, 1.934, 5.317, -3.524, -2.078, 2.736, 2.13, 0.816, 17.639, -3.688))
BAND_MODEL = Model(bias=-16.708, weights=(6.454, 0.699, -0.083, 1.536, 5.017, -3.318, -1.636, 3.493, 13.744, -3.867),
                   names=ABSOLUTE)

SAME_CLAIM = 0.6   # "same claim" band from this probability up (of both models; held-out folds of the fit
                   # above: precision in the band .92 on the corpus groups, no seed no-match claim in it; of
                   # the seeds' first fit, ingest: at 0.5 a no-match claim was in it at 0.51, at 0.6 none)
FLOOR = 0.05       # below this nothing is shown (a one-in-twenty chance; held-out folds of the fit above,
                   # corpus groups: 0.1 .74/.77/.80, 0.05 .72/.80/.82; seeds among the corpus .67/.67/.88 and
                   # .64/.70/.88; 0.03 with a relative floor of 0.2: .66/.83/.84 and .59/.72/.88)
RELATIVE_FLOOR = 0.3  # nor under this share of the list's best score (held-out, names, floor 0.1: relative
                      # 0 .58/.77/.90, 0.2 .66/.75/.90, 0.3 .70/.74/.90, 0.4 .74/.68/.90): a passage three
                      # times less likely than the best is noise beside it
ALIGN_TOP = 20     # candidates whose words are aligned with the claim's (the best by the score without it;
                   # held-out, names: 10 gave coverage 0.68 / MRR 0.85, 20 0.72 / 0.86, 30 the same as 20)
CLAUSE_TOP = 5     # candidates whose clauses are encoded (the best by the score with the alignment; 10 gave
                   # held-out coverage +0.005 names / +0.014 ingest for one more encoder call per candidate)


# -- figures -------------------------------------------------------------------------------------

MIN_FIGURE = 13  # smaller numbers ("2 personas", "seis meses") say little about which claim it is
MIN_COUNT = 100  # nor do bare counts under this ("3 empresas", "12 ingenieros"): they matched unrelated
                 # lines; an amount or a percentage from MIN_FIGURE up still counts


def figures(text: str, minimum: float = MIN_FIGURE) -> dict[str, set[str]]:
    """{value key: kinds} of the precise figures of ``text``: not vague magnitudes ("miles de"),
    not under ``minimum`` (a bare count not under :data:`MIN_COUNT`), and not part of a name or model
    (H100, GPT-4, A100).  A kind is
    "number", "amount" (with a currency) or "percent"."""
    out: dict[str, set[str]] = {}
    for q in extract_quantities(text)[0]:
        if q.key.startswith("q") or q.value < minimum or (q.kind == "number" and q.value < max(minimum, MIN_COUNT)):
            continue
        before = text[q.start - 1] if q.start > 0 else " "
        after = text[q.end] if q.end < len(text) else " "
        if before.isalpha() or after.isalpha() or before in "-–" and q.start > 1 and text[q.start - 2].isalnum():
            continue
        out.setdefault(q.key, set()).add(q.kind)
    return out


def _close(a: str, b: str, tolerance: float = 0.02) -> bool:
    try:
        x, y = float(a.replace("p", ".")), float(b.replace("p", "."))
    except ValueError:
        return a == b
    return abs(x - y) <= tolerance * max(x, y)


def figure_features(claim: dict[str, set[str]], passage: dict[str, set[str]]) -> tuple[float, float, float]:
    """(numok, kclash, conflict) of the claim's figures against the passage's (see the module)."""
    same = [k for k in claim if any(_close(k, p) and claim[k] & kinds for p, kinds in passage.items())]
    other_kind = [k for k in claim if any(_close(k, p) for p in passage)]
    conflict = bool(claim) and bool(passage) and not other_kind
    return float(bool(same)), float(bool(other_kind) and not same), float(conflict)


# -- clauses -------------------------------------------------------------------------------------

_CLAUSE_SPLIT = re.compile(r"(?<=[,;:])\s+|\s+(?=(?:y|e|ed|and|que|che|pero|ma|mas|but)\s)")
MIN_CLAUSE = 30  # shorter pieces are joined to the next


def clauses(text: str, min_chars: int = MIN_CLAUSE) -> list[str]:
    """The clauses of a passage (split at , ; : and before a conjunction, short pieces joined), or
    [] when it is one clause."""
    out: list[str] = []
    cur = ""
    for piece in _CLAUSE_SPLIT.split(text):
        cur = f"{cur} {piece}".strip() if cur else piece
        if len(cur) >= min_chars:
            out.append(cur)
            cur = ""
    if cur:
        if out:
            out[-1] = f"{out[-1]} {cur}"
        else:
            out.append(cur)
    return out if len(out) > 1 else []


def clause_similarity(texts: Sequence[str], queries: "np.ndarray") -> list[float]:
    """Best cosine of each text's clauses against the query vectors (0.0 for a one-clause text)."""
    from .encoder import encode

    parts = [clauses(t) for t in texts]
    flat = [c for p in parts for c in p]
    if not flat:
        return [0.0] * len(texts)
    sims = (encode(flat) @ queries.T).max(axis=1)
    out, i = [], 0
    for p in parts:
        out.append(float(sims[i:i + len(p)].max()) if p else 0.0)
        i += len(p)
    return out


def may_hold_figures(nums: list[str]) -> bool:
    """Whether a passage whose indexed number keys are ``nums`` (``n10000``, ``nq3``, dates) can
    have :func:`figures`: one key of a precise value from :data:`MIN_FIGURE` up.  Without one, its
    figures are none and its text need not be read for them."""
    for t in nums:
        if t.startswith("n") and not t.startswith("nq"):
            try:
                if float(t[1:].replace("p", ".")) >= MIN_FIGURE:
                    return True
            except ValueError:
                return True
    return False


def features(cos: float, clause_cos: float, lex: float, cross: bool,
             claim_figures: dict[str, set[str]], passage_text: str, ar: float = 0.0) -> dict[str, float]:
    """The features of a candidate (``passage_text`` "" when it holds no figure: see
    :func:`may_hold_figures`)."""
    cm = max(cos, clause_cos)
    # without figures in the claim the three are 0 whatever the passage holds: not read then
    numok, kclash, conflict = (figure_features(claim_figures, figures(passage_text))
                               if claim_figures and passage_text else (0.0, 0.0, 0.0))
    return {"cm": cm, "lex": lex, "cross": float(cross), "cmx": cm * float(cross), "numok": numok,
            "kclash": kclash, "conflict": conflict, "ar": ar, "cmsb": 0.0, "arsb": 0.0,  # these two: relative()
            "doc": 0.0, "hub": 0.0}  # set by the caller: the cosine of the two sources' document vectors


def relative(groups: Sequence[int], values: Sequence[float], known: Sequence[bool] | None = None,
             others: dict[int, list[float]] | None = None) -> list[float]:
    """For each value, how far it stands out in its group (its source): minus the gap to the
    group's best, or, for the best, its margin over the second best (over 0 when it is alone).
    ``known`` marks the values computed (the others count as unknown: 0.0, and not compared);
    ``others`` adds values of a group's other members that are not in the list (the other
    passages of a source that are no candidates)."""
    best: dict[int, list[float]] = {g: sorted(v, reverse=True)[:2] for g, v in (others or {}).items()}
    for i, (g, v) in enumerate(zip(groups, values)):
        if known is None or known[i]:
            best[g] = sorted([*best.get(g, []), v], reverse=True)[:2]
    out = []
    for i, (g, v) in enumerate(zip(groups, values)):
        if known is not None and not known[i]:
            out.append(0.0)
            continue
        top = best[g]
        out.append(v - top[0] if v < top[0] else v - (top[1] if len(top) > 1 else 0.0))
    return out


def fit(rows: Sequence[dict[str, float]], labels: Sequence[int], l2: float = 1e-2,
        names: tuple[str, ...] = FEATURES) -> Model:
    """Logistic regression (Newton's method, a little L2) of ``labels`` on the feature rows."""
    import numpy as np

    X = np.array([[1.0, *(r[n] for n in names)] for r in rows])
    y = np.asarray(labels, dtype=float)
    w = np.zeros(X.shape[1])
    for _ in range(60):
        p = 1 / (1 + np.exp(-(X @ w)))
        grad = X.T @ (p - y) + l2 * w
        hess = (X * (p * (1 - p))[:, None]).T @ X + l2 * np.eye(len(w))
        w -= np.linalg.solve(hess, grad)
    return Model(bias=round(float(w[0]), 3), weights=tuple(round(float(x), 3) for x in w[1:]), names=names)

