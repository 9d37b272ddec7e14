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

An external-content FTS5 table (``passages_fts``) indexes the three columns; its bm25 ranking with
column weights gives the candidate set and its document frequencies give IDF weights.

Contract with ingest: :func:`index_source` runs inside each source's ingest transaction after its
mentions are stored, and again when the source's text is replaced (old passages are dropped
first).  :func:`reindex_all` rebuilds everything; :func:`index_missing` indexes sources that have
no passages yet (workspaces made before schema v2) and runs lazily before a query.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..textutil import strip_accents
from .numbers import extract_quantities

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
    first = True
    for m in _WORD_RE.finditer(text):
        w = m.group()
        is_first = first
        first = False
        if not w[0].isupper() or len(w) < 2:
            continue
        inner = any(c.isupper() for c in w[1:])
        if is_first and not inner:
            continue
        f = strip_accents(w)
        if f in STOPWORDS or (len(f) < 3 and not w.isupper()):
            continue
        keys.append("k" + re.sub(r"['’-]", "", f))
    return list(dict.fromkeys(keys))


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

def _entity_spans(ws, source_id: int) -> list[tuple[int, int, int]]:
    return [(m.start, m.end, m.entity_id) for m in ws.mentions_for_source(source_id)]


def _mentions_in(spans: list[tuple[int, int, int]], s: int, e: int) -> list[int]:
    return [eid for ms, me, eid in spans if ms >= s and me <= e]


PassageRow = tuple[int, int, str, str, str]  # start, end, names, nums+dates, terms


def passage_rows(text: str) -> list[PassageRow]:
    """The text-only part of indexing a source (no workspace needed), so ingest can compute it in
    its worker processes next to NER; :func:`index_source` adds the entity ids."""
    rows = []
    for s, e in split_passages(text):
        f = features(text[s:e])
        names, nums, terms = f.columns()
        rows.append((s, e, names, nums, terms))
    return rows


def index_source(ws, source_id: int, text: str, lang: str, rows: list[PassageRow] | None = None) -> int:
    """(Re)build the passages of one source (inside the caller's transaction, if any).  Reads the
    source's stored mentions, so call it after they are stored.  ``rows`` are the source's
    :func:`passage_rows` when the caller computed them already.  Returns the passage count."""
    if rows is None:
        rows = passage_rows(text)
    with ws.tx() as conn:
        conn.execute("DELETE FROM passages WHERE source_id = ?", (source_id,))
        spans = _entity_spans(ws, source_id)
        out = []
        for s, e, names, nums, terms in rows:
            ents = " ".join([*(f"e{x}" for x in sorted(set(_mentions_in(spans, s, e)))), *names.split()])
            out.append((source_id, s, e, ents, nums, terms))
        conn.executemany("INSERT INTO passages (source_id, start, end, ents, nums, terms) VALUES (?, ?, ?, ?, ?, ?)",
                         out)
    return len(out)


def reindex_all(ws, progress: Callable[[int, int], None] | None = None, *, batch: int = 200) -> int:
    """Rebuild the passage index of every source (one transaction per ``batch`` sources, so an
    interruption keeps the finished batches).  ``progress(done, total)`` is called per batch.
    Returns the number of passages."""
    ids = [r[0] for r in ws.conn.execute("SELECT id FROM sources ORDER BY id")]
    return _index_ids(ws, ids, progress, batch)


def index_missing(ws, progress: Callable[[int, int], None] | None = None) -> int:
    """Index the sources that have text but no passages (e.g. a workspace from before schema v2)."""
    ids = [r[0] for r in ws.conn.execute(
        "SELECT s.id FROM sources s WHERE s.chars > 0 AND NOT EXISTS"
        " (SELECT 1 FROM passages p WHERE p.source_id = s.id) ORDER BY s.id")]
    return _index_ids(ws, ids, progress, 200) if ids else 0


def _index_ids(ws, ids: list[int], progress, batch: int) -> int:
    total = 0
    for i in range(0, len(ids), batch):
        chunk = ids[i:i + batch]
        with ws.tx() as conn:
            for sid in chunk:
                text, lang = conn.execute("SELECT text, lang FROM sources WHERE id = ?", (sid,)).fetchone()
                total += index_source(ws, sid, text, lang)
        if progress:
            progress(min(i + batch, len(ids)), len(ids))
    return total


def refresh_entities(ws, source_ids: Iterable[int] | None = None) -> None:
    """Rewrite the ``ents`` column from the current mentions (after entity merges / rejections the
    stored ids go stale; queries stay correct because they read mentions live, but the candidate
    index improves when refreshed)."""
    ids = list(source_ids) if source_ids is not None else [r[0] for r in ws.conn.execute("SELECT id FROM sources")]
    with ws.tx() as conn:
        for sid in ids:
            spans = _entity_spans(ws, sid)
            for pid, s, e, ents in conn.execute("SELECT id, start, end, ents FROM passages WHERE source_id = ?",
                                                (sid,)).fetchall():
                names = [t for t in ents.split() if t.startswith("k")]
                new = " ".join([*(f"e{x}" for x in sorted(set(_mentions_in(spans, s, e)))), *names])
                if new != ents:
                    conn.execute("UPDATE passages SET ents = ? WHERE id = ?", (new, pid))


def passage_count(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM passages").fetchone()[0]


def find_duplicates(ws, threshold: float | None = None):
    """Pairs of sources that tell the same story; see :func:`workbench.evidence.corroborate.find_duplicates`
    (re-exported here because ``workbench sources --duplicates`` imports it from this module)."""
    from .corroborate import DUPLICATE_THRESHOLD
    from .corroborate import find_duplicates as _find

    return _find(ws, DUPLICATE_THRESHOLD if threshold is None else threshold)
