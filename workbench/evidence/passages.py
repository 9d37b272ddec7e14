"""Passages: every source cut into sentences (one or two), each indexed once with the features that
cross languages, so that :mod:`workbench.evidence.corroborate` never rescans the corpus.

Per passage the ``passages`` table stores (schema v2, ``store/schema.py``):

* ``ents``  -- resolved entity ids of the mentions inside the passage (``e12``) and keys of
  capitalised names (``kbabuschkin``), so names match even where NER found nothing;
* ``nums``  -- numbers and amounts normalised across conventions (``n10000`` for ``10.000``,
  ``10,000``, ``10 mil``, ``10 Mila``, ``US$ 10.000``; see :mod:`.numbers`) and date keys
  (``y2018``, ``m12``, ``ym202304``, ``d20230411``);
* ``terms`` -- accent-folded five-letter word prefixes (``tintel`` for inteligencia / inteligência /
  intelligenza / intelligence), a cheap stemmer that also crosses es / pt / it / en cognates.

An external-content FTS5 table (``passages_fts``) indexes the three columns; its posting lists give
the candidate set (ranked by the IDF of the tokens each passage holds, times a column weight) and
its document frequencies give IDF weights.
:func:`index_source` writes the FTS rows of new passages itself, one ``INSERT ... SELECT`` per
source (schema v3 dropped the per-row insert trigger, which doubled the cost of this index).

The index is derived data and is built when it is needed, not at ingest: every corroboration
query (and ``sources --duplicates``) first runs :func:`index_missing`, which indexes the sources
that have no passages yet, in both cores when the backlog is large, committed in batches.
Ingest stores sources, mentions and the search index only (building passages there cost as much
as storage, resolution and language ID together); a source whose text is replaced or whose NER is
re-run loses its passages (:func:`workbench.store.derived.drop_passages`) and is indexed again on the next query.
:func:`reindex_all` rebuilds everything.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..textutil import strip_accents
from .numbers import extract_quantities

if TYPE_CHECKING:
    from ..store.workspace import Workspace

# -- sentence splitting ------------------------------------------------------------------------

# abbreviations after which a period does not end a sentence (folded, without the final dot)
_ABBREV = frozenset("""
sr sra srta sres dr dra dres lic ing prof profa gen col cap cmdte gral sto sta st mr mrs ms jr sr snr
inc ltd co corp cia etc vs cf ej pag pags art arts num nro fig figs av avda dept depto tel ext aprox
min max sig no nos vol vols ed eds approx dott dott.ssa sig.ra ing avv on sen dep pres gov rep
jan feb mar apr jun jul aug sep sept oct nov dec ene abr ago dic fev mai out dez gen giu lug ott
""".split())

_BOUNDARY_RE = re.compile(r"[.!?…]+[\"'»”’)\]]*(?=\s)")
_NEXT_START_RE = re.compile(r"\s+[\"'«“‘(\[¿¡-]*[^\W_a-z]", re.UNICODE)
MIN_PASSAGE = 60     # a sentence shorter than this is joined to the next one of its paragraph
MAX_PASSAGE = 700    # a passage never grows past this by joining


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` (offsets into it, whitespace trimmed).  Lines are hard breaks
    (headlines, list items); inside a line a ``.!?…`` ends a sentence when whitespace and an
    upper-case letter, digit or opening quote follow, unless the word before it is an
    abbreviation, an initial ("J.", "R.R.") or an initialism ("U.S.", "EE.UU.").  Periods inside
    numbers (10.000, 3.5) are never boundaries because no whitespace follows them."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", text):
        ls, le = line.start(), line.end()
        seg = line.group()
        cur = 0
        for m in _BOUNDARY_RE.finditer(seg):
            end = m.end()
            nxt = _NEXT_START_RE.match(seg, end)
            if not nxt:
                continue
            if seg[m.start()] == "." and len(m.group()) == 1 and _is_abbrev(seg, m.start()):
                continue
            _add(spans, seg, ls, cur, end)
            cur = end
        _add(spans, seg, ls, cur, le - ls)
    return spans


def _is_abbrev(seg: str, dot: int) -> bool:
    i = dot
    while i > 0 and not seg[i - 1].isspace() and seg[i - 1] not in "(\"'«“":
        i -= 1
    word = seg[i:dot]
    if not word:
        return False
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "J. Smith"
    if "." in word and all(len(p) <= 3 for p in word.split(".")):
        return True  # "U.S", "EE.UU", "R.R", "p.ej"
    return strip_accents(word) in _ABBREV


def _add(spans: list[tuple[int, int]], seg: str, base: int, a: int, b: int) -> None:
    piece = seg[a:b]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    spans.append((base + a + lead, base + a + lead + len(stripped)))


def split_passages(text: str) -> list[tuple[int, int]]:
    """Passages: sentences, a short one joined to the next one of the same line (so a passage is
    "a sentence or two")."""
    out: list[tuple[int, int]] = []
    pending: tuple[int, int] | None = None
    for s, e in split_sentences(text):
        if pending is not None:
            ps, pe = pending
            if "\n" not in text[pe:s] and e - ps <= MAX_PASSAGE:
                pending = (ps, e)
            else:
                out.append(pending)
                pending = (s, e)
        else:
            pending = (s, e)
        if pending[1] - pending[0] >= MIN_PASSAGE:
            out.append(pending)
            pending = None
    if pending is not None:
        out.append(pending)
    return out


# -- features ----------------------------------------------------------------------------------

STOPWORDS = frozenset(strip_accents(w) for w in """
a al algo algun alguna algunas alguno algunos ante antes aqui asi aun aunque bajo bien cada casi como con
contra cual cuales cuando de del desde donde dos durante e el ella ellas ello ellos en entre era eran es
esa esas ese eso esos esta estaba estaban estado estan estar este esto estos fue fueron ha habia han has
hasta hay la las le les lo los mas me mediante menos mi mientras mismo muy nada ni no nos o otra otras
otro otros para pero poco por porque que quien quienes se sea segun ser si sido siempre sin sino sobre
son su sus tal tambien tan tanto te tiene tienen todo todos tras tu un una uno unos unas y ya hace hacer
puede pueden podria seria sera estas estos dijo segun parece tras despues ahora tiene tenia
ao aos as com como da das de dela dele deles do dos e ela elas ele eles em entre era essa esse esta
este foi foram ha isso isto ja mais mas muito na nas nao nem no nos num numa o os ou para pela pelas
pelo pelos por quando que quem se sem ser seu seus sua suas tambem tem ter uma umas uns voce vai sao
esta estao esse essa pode podem apos ainda sobre segundo ate onde assim agora
a ad al alla alle agli ai anche che chi ci come con cosi da dal dalla dalle degli dei del della delle
dello di dopo e ed era essere fa gli ha hanno i il in la le lo loro ma ne nei nel nella nelle non o
per perche piu poi quale quali quando quella quelle quello questa queste questo se sei si sia siamo
sono sta su sua sue suo suoi sul sulla tra tutto tutti un una uno gia ancora ogni dell nell sull
quanto essere stato stata stati molto come dove tutta
a about after all also an and any are as at be been but by can could did do does for from had has
have he her his how if in into is it its more most not of on one or our out over said she so some
than that the their them then there these they this those to up was we were what when which who will
with would you just very
""".split())

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
_FOLDED_WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
PREFIX = 5


def content_words(text: str) -> list[str]:
    """Folded words of four letters or more that are not stop words (in order, repeats kept)."""
    folded = text.lower() if text.isascii() else strip_accents(text)
    return [w for w in _FOLDED_WORD_RE.findall(folded) if len(w) >= 4 and w not in STOPWORDS]


def term_keys(words: Iterable[str]) -> list[str]:
    return list(dict.fromkeys("t" + w[:PREFIX] for w in words))


def name_keys(text: str) -> list[str]:
    """Keys of capitalised words ("Babuschkin" -> ``kbabuschkin``, "DeepMind", "GPU"), skipping the
    first word of a sentence-like span unless it has inner capitals or is an acronym."""
    keys = []
    for i, w in enumerate(_WORD_RE.findall(text)):
        if not w[0].isupper():
            continue
        key = _cap_key(w)
        if key and (i or _has_inner_capital(w)):
            keys.append(key)
    return list(dict.fromkeys(keys))


def _has_inner_capital(w: str) -> bool:
    return any(c.isupper() for c in w[1:])


@lru_cache(maxsize=65536)
def _cap_key(w: str) -> str:
    """The key of one capitalised word, or "" for a word that gives none (stop word, too short)."""
    if len(w) < 2:
        return ""
    f = strip_accents(w)
    if f in STOPWORDS or (len(f) < 3 and not w.isupper()):
        return ""
    return "k" + (_JOINER_RE.sub("", f) if ("'" in f or "’" in f or "-" in f) else f)


_JOINER_RE = re.compile(r"['’-]")


@dataclass
class Features:
    """What a passage (or a claim) is about, as index tokens."""

    entities: list[int]
    names: list[str]      # k-keys
    numbers: list[str]    # n-keys
    dates: list[str]      # y / m / ym / d keys
    terms: list[str]      # t-keys
    words: list[str]      # folded content words (for fuzzy matching; not stored)

    def columns(self) -> tuple[str, str, str]:
        return (" ".join([*(f"e{e}" for e in self.entities), *self.names]),
                " ".join([*self.numbers, *self.dates]),
                " ".join(self.terms))


def _date_token(d: str) -> str:
    return d.replace("-", "")


def features(text: str, entity_ids: Iterable[int] = ()) -> Features:
    quantities, dates = extract_quantities(text)
    words = content_words(text)
    return Features(entities=sorted(set(entity_ids)), names=name_keys(text),
                    numbers=list(dict.fromkeys("n" + q.key for q in quantities)),
                    dates=[_date_token(d) for d in dates], terms=term_keys(words), words=words)


# -- the index ---------------------------------------------------------------------------------

def _entity_spans(ws: Workspace, source_id: int) -> list[tuple[int, int, int]]:
    """(start, end, entity id) of the source's mentions, sorted (for :func:`_mentions_in`)."""
    return ws.mention_spans(source_id)


def _mentions_in(spans: list[tuple[int, int, int]], s: int, e: int) -> list[int]:
    """Entity ids of the mentions that lie within [s, e); ``spans`` sorted by start."""
    out = []
    for i in range(bisect.bisect_left(spans, (s,)), len(spans)):
        ms, me, eid = spans[i]
        if ms >= e:
            break
        if me <= e:
            out.append(eid)
    return out


PassageRow = tuple[int, int, str, str, str]  # start, end, names, nums+dates, terms
Vectors = list[tuple[bytes, bytes]]  # (quantised vector, signature) per passage


def passage_rows(text: str) -> list[PassageRow]:
    """The text-only part of indexing a source (no workspace needed), so ingest can compute it in
    its worker processes next to NER; :func:`index_source` adds the entity ids."""
    rows = []
    for s, e in split_passages(text):
        f = features(text[s:e])
        names, nums, terms = f.columns()
        rows.append((s, e, names, nums, terms))
    return rows


def passage_vectors(text: str, rows: list[PassageRow]) -> Vectors:
    """(quantised vector, signature) of each passage (see :mod:`.encoder`)."""
    from .encoder import encode, quantise, signature

    vecs = encode([text[s:e] for s, e, *_ in rows])
    return [(quantise(v), signature(v)) for v in vecs]


def document_vector(rows: Sequence[PassageRow], vectors: Vectors) -> bytes | None:
    """The quantised document vector of a source from its passages' rows and vectors (see
    :func:`.duplicates.document_vectors`), or None without passages."""
    from .duplicates import document_vectors
    from .encoder import quantise

    _ids, vecs = document_vectors([(0, v, e - s) for (s, e, *_), (v, _g) in zip(rows, vectors)])
    return quantise(vecs[0]) if len(vecs) else None


def index_source(ws: Workspace, source_id: int, text: str, lang: str, rows: list[PassageRow] | None = None,
                 vectors: Vectors | None = None) -> int:
    """(Re)build the passages of one source (inside the caller's transaction, if any).  Reads the
    source's stored mentions, so call it after they are stored.  ``rows`` are the source's
    :func:`passage_rows` and ``vectors`` its :func:`passage_vectors` when the caller computed them
    already.  Returns the passage count."""
    from ..store.passages import replace_passages

    if rows is None:
        rows = passage_rows(text)
    if vectors is None:
        vectors = passage_vectors(text, rows)
    with ws.tx() as conn:
        spans = _entity_spans(ws, source_id)
        out = []
        for s, e, names, nums, terms in rows:
            ents = " ".join([*(f"e{x}" for x in sorted(set(_mentions_in(spans, s, e)))), *names.split()])
            out.append((s, e, ents, nums, terms))
        return replace_passages(conn, source_id, out, vectors, document_vector(rows, vectors))


def reindex_all(ws: Workspace, progress: Callable[[int, int], None] | None = None, *,
                workers: int | None = None) -> int:
    """Rebuild the passage index of every source.  Returns the number of passages."""
    from ..store.passages import delete_passages

    with ws.tx() as conn:
        delete_passages(conn)
    return index_missing(ws, progress, workers=workers)


def missing_sources(ws: Workspace) -> list[int]:
    """Ids of the sources with text but no passages (or no passage vectors) yet: new since the
    last corroboration query (ingest leaves the index to it), re-analysed, or from an older
    workspace."""
    from ..store.passages import sources_without_passages
    from ..store.vectors import sources_without_vectors

    ids = set(sources_without_passages(ws.conn))
    ids.update(sources_without_vectors(ws.conn))
    return sorted(ids)


POOL_MIN_CHARS = 100_000  # a smaller backlog is indexed here (starting workers and loading the
                          # sentence encoder in them costs a second or two)
INDEX_BATCH = 100  # sources per transaction

Analyser = Callable[[list[str]], list[tuple[list[PassageRow], Vectors]]]


def index_missing(ws: Workspace, progress: Callable[[int, int], None] | None = None, *, workers: int | None = None,
                  ids: list[int] | None = None, analyse: Analyser | None = None) -> int:
    """Index the sources that have no passages yet, in both cores when the backlog is large.
    Committed every :data:`INDEX_BATCH` sources, so an interruption keeps the finished batches.
    ``progress(done, total)`` is called per batch.  ``analyse`` (a picklable function of a list
    of texts, default :func:`_passage_rows_many`) computes the rows and vectors in the workers.
    Returns the number of passages written."""
    from ..parallel import chunked, map_in_order
    from ..store.passages import text_chars, texts_of

    from .ann import refresh

    ids = missing_sources(ws) if ids is None else ids
    if not ids:
        refresh(ws)  # trains the inverted lists of a large index built before them (memoised: cheap)
        return 0
    n_workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    if text_chars(ws.conn, ids) < POOL_MIN_CHARS:
        n_workers = 1
    total = done = 0
    chunks = chunked(texts_of(ws.conn, ids), lambda it: len(it[1]), 200_000, INDEX_BATCH)
    results = map_in_order(analyse or _passage_rows_many, chunks, n_workers,
                           lambda ch: ([t for _sid, t in ch],))
    try:
        with ws.bulk():
            for chunk, rows in results:
                with ws.tx():
                    for (sid, text), (r, v) in zip(chunk, rows):
                        total += index_source(ws, sid, text, "", r, v)
                done += len(chunk)
                if progress:
                    progress(done, len(ids))
    finally:
        close = getattr(results, "close", None)  # a generator: stops the workers on an early exit
        if close is not None:
            close()
    refresh(ws)  # files the new passages under their inverted lists (trains them at ANN_MIN)
    return total


def _passage_rows_many(texts: list[str]) -> list[tuple[list[PassageRow], Vectors]]:
    out = []
    for t in texts:
        rows = passage_rows(t)
        out.append((rows, passage_vectors(t, rows)))
    return out

