"""Search snippets: the byte-level fast path gives exactly what the plain definition gives, the
highlight letters are the letters the index folds together, and search ranks as FTS5 does."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.store import Workspace
from workbench.store.query import parse
from workbench.store.schema import SOURCES_FTS_WEIGHTS
from workbench.store.snippets import Snippets, letter_forms, query_regex
from workbench.textutil import fold_for_match, query_phrases

WIDTH = 160


def _reference_terms(query: str):
    """Each word or phrase of the query with its own exact pattern and its term: the forms inside
    one parenthesised OR are one term (a number in its conventions, a word~ with its variants)."""
    groups = {}
    for k, m in enumerate(re.finditer(r'\(([^()]*)\)', query)):
        inner = m.group(1)
        if re.fullmatch(r'\s*(?:"(?:[^"]|"")*"\*?|[^\s()"]+)(?:\s+OR\s+(?:"(?:[^"]|"")*"\*?|[^\s()"]+))*\s*', inner):
            for unit in query_phrases(inner):
                groups.setdefault(unit, k)
    units = []
    for words, prefix in query_phrases(query):
        words = tuple(w for w in words if w)
        if words:
            rx = query_regex('"' + " ".join(words) + '"' + ("*" if prefix else ""))
            units.append((rx, groups.get((words, prefix), ("own", words, prefix)), len(words) > 1))
    return units


def reference_snippet(text: str, query: str, width: int = WIDTH) -> tuple[str, list[tuple[int, int]]]:
    """The definition, on the whole decoded text: for a query of one term (its forms: a number in
    its conventions ...), its first phrase hit, else its first hit; for several, of the first 64
    hits that start in the first 2,048 bytes (else the first hit) the first whose window (the hits that start at it and end within ``width - width // 3``
    characters of its start) holds the most distinct query terms.  Then a window of ``width``
    characters starting ``width // 3`` before it (so the hit has context on both sides), both ends
    moved to a space, and the hits inside it."""
    rx = query_regex(query)
    hits = [m for m in rx.finditer(text) if len(text[:m.start()].encode()) < 2048][:64] if rx else []
    units = _reference_terms(query)

    def term(m):
        found = [g for urx, g, _ in units if urx.fullmatch(m.group())]
        return found[0] if found else "none"

    first = None
    if len({g for _, g, _ in units}) <= 1:  # one term: its first phrase hit, else its first hit
        phrase = query_regex(query, True)
        first = (phrase.search(text) if phrase else None) or (rx.search(text) if rx else None)
    else:
        reach, most = width - width // 3, 0
        first = None if hits else next(rx.finditer(text), None)
        for h in hits:
            terms = {term(j) for j in hits if j.start() >= h.start() and j.start() - h.start() <= reach
                     and j.end() - h.start() <= reach}
            if len(terms) > most:
                first, most = h, len(terms)
        if first is None and hits:  # no window holds a whole hit (a hit longer than the reach): the first
            first = hits[0]
    if first is None:
        start, end = 0, min(len(text), width)
    else:
        start = max(0, first.start() - width // 3)
        end = min(len(text), start + width)
        if start > 0:  # on a word: the space at most 15 characters before, or the next one
            sp = text.rfind(" ", max(0, start - 15), start)
            if sp == -1:
                sp = text.find(" ", start, first.start())
            start = sp + 1 if sp != -1 else start
    if end < len(text):
        sp = text.rfind(" ", first.end() if first else start, end)
        end = sp if sp > start else end
    lead = "…" if start > 0 else ""
    snippet = lead + text[start:end].replace("\n", " ").replace("\t", " ") + ("…" if end < len(text) else "")
    marks = []
    if first:
        marks = [(m.start() - start + len(lead), m.end() - start + len(lead)) for m in rx.finditer(text, start, end)]
    return snippet, marks


QUERIES = ["inteligencia", "GPU*", "(music OR film) AND award", '"Banco Central"', '"Banco Central" OR Trump', '("inteligencia ação") OR é', "Trump OR Clinton", "presiden*", "ação", "é", "café",
           "NEAR(Lula Moro, 10)", "elecciones AND México NOT PRI", "a", "Ελλάδα", "москва", "2018", "río*",
           parse("10.000 GPU").fts, parse("e-mail Trump").fts, parse("presiden* café").fts,
           # long enough for the folded pattern (a word~ with its variants)
           '("inteligencia" OR "inteligencias" OR "intelligenza" OR "inteligente" OR "ação" OR "acao") Trump',
           '("presidente" OR "presidentes" OR "presidência" OR "residente" OR "presente") AND "banco central"']

# text built from pieces that stress the byte-level path: accents (composed and decomposed), case,
# emoji, CJK, curly quotes next to words, CRLF, tabs, words that contain a term
PIECES = ["inteligência", "Inteligencia", "INTELIGÊNCIA", "inteligencias", "GPU", "gpus", "Banco", "central",
          "Central’s", "“Trump”", "clinton", "presidente", "PRESIDÊNCIA", "ação", "acao", "é", "e\u0301",
          "cafe\u0301", "café", "🙂", "👩‍🔬", "中文", "Ελλάδα", "Москва", "2018", "x2018", "río", "Rio", "\r\n", "\n",
          "\t", " ", " ", ",", ".", "—", "_a", "a_", "ſ", "İ", "ı", "Ṭrump", "Ｔrump", "10.000", "10 mil", "10,000",
          "e-mail", "email", " palavra ", " palavra de texto sem nada ",
          # plain ASCII words of a query of several terms: the window that first holds them all is taken at once
          "Trump", " film ", "award", "music"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=120), st.sampled_from(QUERIES),
       st.integers(min_value=20, max_value=200))
def test_fast_path_equals_the_definition(pieces, query, width):
    text = "".join(pieces)
    assert Snippets(query, width)(text.encode("utf-8")) == reference_snippet(text, query, width)
    assert Snippets(query, width)(text) == reference_snippet(text, query, width)


def test_fast_path_on_long_texts_and_late_hits():
    filler = "palavra “citação” — 🙂 texto " * 400
    for text in (filler + "o Banco Central disse" + filler, filler, "Banco" + filler, filler + "central"):
        for q in ('"Banco Central"', "central", "banc*"):
            assert Snippets(q)(text.encode()) == reference_snippet(text, q)


def test_raw_patterns_run_on_re2_and_long_queries_take_the_exact_path():
    """The first hit is found by RE2 (pyre2 falls back to Python's engine without a word for
    anything RE2 cannot compile, which would quietly undo the speed-up).  A pasted paragraph is
    past RE2's comfort (its DFA outgrows its memory and RE2 complains on stderr): the exact pattern
    finds its hits on the decoded text, and the snippets still equal the definition."""
    import re2

    from workbench.store.snippets import _RAW_MAX_LETTERS, _raw_regex

    for q in QUERIES + ["(music OR film) AND award", '"Supremo Tribunal Federal"']:
        assert isinstance(_raw_regex(q), re2.Pattern), q
    long_query = " OR ".join([f"termo{i:03d}x" for i in range(60)] + ["café", "Banco"])
    assert sum(len(w) for w in long_query.split(" OR ")) > _RAW_MAX_LETTERS
    assert _raw_regex(long_query) is None
    filler = "palavra “citação” — 🙂 texto " * 60
    for text in (filler + "o Banco Central e o CAFE" + filler, filler, "Café" + filler, "e\u0301 termo007x"):
        assert Snippets(long_query)(text.encode()) == reference_snippet(text, long_query)


def test_the_window_shows_the_most_query_terms():
    """A lone early hit loses to a later passage holding several of the query's terms; a number
    written two ways counts once, and a window of two terms beats one of the same term twice."""
    filler = " palavra de texto" * 30
    text = "Nvidia vende chips." + filler + " Musk comprou 10.000 GPU da Nvidia." + filler + " Nvidia, Nvidia."
    snippet, marks = Snippets(parse("Musk Nvidia GPU").fts)(text.encode())
    assert "Musk comprou 10.000 GPU da Nvidia" in snippet
    assert [snippet[a:b] for a, b in marks] == ["Musk", "GPU", "Nvidia"]
    fts = parse("10.000 GPU").fts
    text = "10.000 e 10 mil" + filler + " as 10,000 GPU" + filler
    snippet, marks = Snippets(fts)(text.encode())
    assert [snippet[a:b] for a, b in marks] == ["10,000", "GPU"]
    assert Snippets(fts)(text.encode()) == reference_snippet(text, fts)
    # one term only: its first hit, as before
    assert Snippets("palavra")(("x" + filler).encode())[0].startswith("x palavra")


def test_marks_point_at_the_words():
    snippet, marks = Snippets("inteligencia")("A INTELIGÊNCIA e a inteligencia, não inteligências.".encode())
    assert [snippet[a:b] for a, b in marks] == ["INTELIGÊNCIA", "inteligencia"]


def test_highlight_letters_are_the_letters_the_index_folds_together():
    # every character the index (unicode61, remove_diacritics 2) reads as an ASCII letter is highlighted
    # for it; the extra members are case forms Python's own case-insensitive matching joins (ı, ſ, K)
    kin = set("ıſẛ\u212a\u212b")
    for base in "abcdefghijklmnopqrstuvwxyz":
        forms = letter_forms(base)
        folded_here = {chr(cp) for cp in range(0x10000) if 0xD800 > cp or cp > 0xDFFF
                       if fold_for_match(chr(cp)) == base}
        assert folded_here <= forms, (base, sorted(folded_here - forms)[:10])
        for f in forms - kin:
            assert fold_for_match(f.lower()) == base or fold_for_match(f) == base, (base, f)
    # and the fast class-based patterns find what case-insensitive matching finds
    for word in ("sao", "eleccion", "kelvin", "angstrom"):
        old = re.compile(r"(?<!\w)" + "".join(re.escape(c) for c in word) + r"(?!\w)", re.IGNORECASE)
        sample = "São SAO sao Eleccion ELECCIÓN \u212aelvin \u212bngstrom Ångström"
        assert {m.span() for m in old.finditer(sample)} <= {m.span() for m in query_regex(word).finditer(sample)}


def test_rank_weights_are_the_configured_rank(tmp_path):
    ws = Workspace(tmp_path / "w.db")
    rank = ws.conn.execute("SELECT v FROM sources_fts_config WHERE k = 'rank'").fetchone()[0]
    assert rank == f"bm25({SOURCES_FTS_WEIGHTS})"
    ws.close()


BENCH_QUERIES = ["inteligencia", "presidente", "polícia", "economia", "Trump", "México", '"Lava Jato"',
                 '"Banco Central"', "presiden*", "govern*", "Temer AND Dilma", "Trump OR Clinton",
                 "polícia NOT Rio", "NEAR(Lula Moro, 10)", "(music OR film) AND award", "GPU*"]


def test_search_ranks_like_fts5_and_snippets_match_on_real_articles(corpus_dir, tmp_path):
    """On 400 real articles: the same hits, order and scores as FTS5's ``ORDER BY rank``, and
    every snippet equal to the definition on the decoded text."""
    from workbench.ingest.clean import clean_text, sha256_text, title_and_outlet

    rows = [r.split("\t")[:2] for r in (corpus_dir / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    ws = Workspace(tmp_path / "w.db")
    with ws.tx():
        for path, lang in rows[::max(1, len(rows) // 400)]:
            text = clean_text((corpus_dir / path).read_text(encoding="utf-8"))
            if not text or ws.source_by_sha(sha256_text(text)):
                continue
            title, outlet = title_and_outlet(text)
            ws.insert_source(sha256=sha256_text(text), path=path, title=title, outlet=outlet, lang=lang,
                             lang_detected=lang, text=text)
    checked = 0
    for q in BENCH_QUERIES:
        hits = ws.search(q, limit=50)
        fts = ws.conn.execute("SELECT rowid, rank FROM sources_fts WHERE sources_fts MATCH ? ORDER BY rank LIMIT 50",
                              (q,)).fetchall()
        assert [round(h.score, 9) for h in hits] == [round(-r, 9) for _, r in fts]
        assert {h.source_id for h in hits} == {i for i, _ in fts}
        for h in hits:
            assert (h.snippet, h.marks) == reference_snippet(ws.source_text(h.source_id), q)
            checked += 1
    assert checked > 300
    ws.close()


FTS_BITS = ["a", "ação", "é", "NOT", "OR", "AND", "NEAR", '"', "(", ")", "*", "^", "+", ":", "{title text}",
            "-", ",", "10", "title", " ", "ß", "İ", "🙂"]


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=60), st.lists(st.sampled_from(FTS_BITS), max_size=14).map("".join)),
       st.text(max_size=400))
def test_any_query_and_text_give_a_snippet_and_marks_inside_it(query, text):
    """Whatever a user types (search runs the snippet only after FTS5 accepted the query, but the
    reader marks hits for anything typed) and whatever an article holds, nothing raises."""
    from workbench.store.snippets import hit_offsets
    from workbench.textutil import query_terms

    query_terms(query)
    snippet, marks = Snippets(query)(text.encode("utf-8", "surrogatepass").decode("utf-8", "replace"))
    assert all(0 <= a < b <= len(snippet) for a, b in marks)
    assert all(0 <= a < b <= len(text) for a, b in hit_offsets(text, query))


def test_the_written_out_fold_table_is_what_unicodedata_gives():
    from workbench.store.snippets import _compute_fold_groups, _fold_groups

    assert _fold_groups() == _compute_fold_groups()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=80), st.sampled_from(QUERIES + ["Ωμέγα ιστορία", "straße ſtraße"]))
def test_the_folded_pattern_finds_what_the_pattern_of_letter_classes_finds(pieces, query):
    """query_regex runs, for a long query, a pattern of plain letters over the text with each form
    of a query letter written as the letter; the pattern with a class of every form per letter is
    the definition."""
    from workbench.store.hitpatterns import _class_regex, _fold_table, _folded_regex, _units

    text = "".join(pieces) + " ".join(query.split())
    units = _units(query)
    if not units:
        return
    table = _fold_table({c for words, _ in units for w in words for c in w})
    if table is None:
        return
    folded, classes = _folded_regex(units, table), _class_regex(units)
    assert [m.span() for m in folded.finditer(text)] == [m.span() for m in classes.finditer(text)]
    for pos in range(0, len(text), 7):
        a, b = folded.match(text, pos), classes.match(text, pos)
        assert (a and a.span()) == (b and b.span())
