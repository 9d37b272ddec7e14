"""What a reporter types, turned into an FTS5 ``MATCH`` expression.

FTS5's own syntax rejects much of what people type into a search box: ``10.000 GPU`` (a ``.``),
``OpenAI's``, ``US$ 10.000``, ``e-mail`` and ``GPT-4`` (read as a column filter).  Here every word
a user typed is searched as the words the index holds for it, and only explicit syntax is syntax:

* a run of characters without spaces (``e-mail``, ``GPT-4``, ``OpenAI's``, ``U.S.``, ``AT&T``) is
  the phrase of the words it contains (``"e mail"``); joined by a hyphen or written as a dotted
  abbreviation, its letters written together are searched too (``email``, ``us``);
* a number in any convention (``10000``, ``10.000``, ``10,000``, ``10 000``, ``10 mil``, ``10 mila``,
  ``10 thousand``, ``10k``, with or without a currency sign) finds every other way of writing the
  same value (the separator rule of :mod:`workbench.numerals`, which corroboration uses too: ``.``
  or ``,`` before exactly three digits groups thousands, otherwise it is a decimal mark);
* ``"quoted phrases"``, ``prefix*``, ``AND`` / ``OR`` / ``NOT``, ``NEAR(a b, N)``, parentheses and
  ``title:`` / ``text:`` keep their FTS5 meaning; lower-case ``and`` / ``or`` / ``not`` between two
  terms are the operators too (``musk and nvidia``), anywhere else they are words;
* ``term~`` / ``term~N`` is an edit-distance term (Lucene's syntax; N is 1 or 2, default 2), expanded
  by the caller against the index's vocabulary; with ``aliases`` a word (or run of words) that is an
  entity's alias becomes all of that entity's aliases.

Only a query that is really malformed (an unbalanced quote or parenthesis, an operator with
nothing on one side) raises :class:`QueryError`; :func:`is_complete` tells a search-as-you-type box
which queries are merely unfinished.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from ..errors import QueryError
from ..numerals import SCALE_WORDS, parse_number
from ..textutil import fold_for_match

# the lexical tokens: a quoted phrase (maybe unterminated, maybe with a prefix star), parentheses,
# and runs of anything else that is not a space
_TOKEN_RE = re.compile(r'"(?P<phrase>(?:[^"]|"")*)(?P<close>"?)(?P<pstar>\*?)|(?P<lp>\()|(?P<rp>\))|(?P<chunk>[^\s"()]+)')
_WORD_RE = re.compile(r"[^\W_]+")
_COLUMN_RE = re.compile(r"^(title|text):(.*)$", re.IGNORECASE | re.DOTALL)
_FUZZY_RE = re.compile(r"^(.*?)~(\d*)$", re.DOTALL)
_CURRENCY = r"(?:US\$|U\$S|R\$|A\$|C\$|\$|€|£|¥|USD|EUR|BRL|GBP)"
_NUMBER_RE = re.compile(
    rf"^{_CURRENCY}?(?P<num>\d{{1,3}}(?:[.,\u00a0\u202f]\d{{3}})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
    r"(?P<suffix>k|mil|mn|bn|m)?%?$", re.IGNORECASE)
_CURRENCY_ONLY = re.compile(rf"^{_CURRENCY}$", re.IGNORECASE)

# the ways each scale is written in es / pt / it / en news (the words: numerals.SCALE_WORDS)
_SCALE_OF = SCALE_WORDS
_SCALE_WORDS: dict[int, tuple[str, ...]] = {
    10**3: ("mil", "mila", "thousand"),
    10**6: ("millones", "milhoes", "milioni", "million", "millon", "milhao", "milione", "mln"),
    10**9: ("mil millones", "mil milhoes", "bilhoes", "miliardi", "billion", "bilhao", "miliardo", "bn"),
}
OPERATORS = ("AND", "OR", "NOT")
AUTO_DISTANCE = 9  # ``term~`` without a number: by the word's length (see auto_distance)


def auto_distance(word: str) -> int:
    """Elasticsearch's AUTO fuzziness: no edit for one or two letters, one for three to five, two
    beyond.  (Two edits from a five-letter word reach half the language: ``Trunp~2`` finds "run",
    "true", "trans".)"""
    return 0 if len(word) <= 2 else 1 if len(word) <= 5 else 2


class _Item:
    """A lexical item of a query.  (Plain classes, not dataclasses: ``dataclasses`` imports
    ``inspect``, a tenth of a one-shot ``workbench search``.)"""

    __slots__ = ("kind", "fts", "text", "span", "plain", "words", "maybe_op", "fuzzy")

    def __init__(self, kind: str, fts: str = "", text: str = "", span: tuple[int, int] = (0, 0), *,
                 plain: bool = False, words: tuple[str, ...] = (), maybe_op: bool = False, fuzzy: int = -1) -> None:
        self.kind = kind  # "term" | "op" | "(" | ")" | "col" | "near"
        self.fts = fts  # the FTS5 text of a term / near / col
        self.text = text  # what the user typed (a term, an op)
        self.span = span  # where in the query
        self.plain = plain  # a plain word or words (alias widening and suggestions apply)
        self.words = words  # a plain term's folded words
        self.maybe_op = maybe_op  # lower-case and / or / not: an operator only between two operands
        self.fuzzy = fuzzy  # edit distance of a term~ (-1: not fuzzy)


class ParsedQuery:
    """The FTS5 expression for a query, and what a caller needs to widen it or suggest another:
    ``plain`` holds the (span, folded words) of each plain term."""

    __slots__ = ("fts", "plain")

    def __init__(self, fts: str, plain: list[tuple[tuple[int, int], tuple[str, ...]]] | None = None) -> None:
        self.fts = fts
        self.plain = plain if plain is not None else []

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ParsedQuery) and (self.fts, self.plain) == (other.fts, other.plain)

    def __repr__(self) -> str:
        return f"ParsedQuery(fts={self.fts!r}, plain={self.plain!r})"


def fts_quote(text: str) -> str:
    """``text`` as one FTS5 string (a phrase, or a token taken literally): double quotes doubled."""
    return '"' + text.replace('"', '""') + '"'


def _fmt(v: float) -> str:
    """A number as the index holds its words: ``1.5`` -> ``1 5``, ``10`` -> ``10``."""
    s = f"{v:.6f}".rstrip("0").rstrip(".")
    return s.replace(".", " ")


def number_forms(value: float) -> list[str]:
    """The FTS5 phrases that write ``value`` in the conventions of es / pt / it / en news."""
    forms: list[str] = []
    if value == int(value):
        n = int(value)
        forms.append(fts_quote(str(n)))
        if n >= 1000:
            forms.append(fts_quote(f"{n:,}".replace(",", " ")))  # 10.000, 10,000 and 10 000 index as "10 000"
            if n % 1000 == 0 and n < 10**6:
                forms.append(fts_quote(f"{n // 1000}k"))
    else:
        forms.append(fts_quote(_fmt(value)))
    for scale, words in _SCALE_WORDS.items():
        m = value / scale
        if 1 <= m < 1000 and abs(m * 100 - round(m * 100)) < 1e-6:
            forms += [fts_quote(f"{_fmt(m)} {w}") for w in words]
        elif 1000 <= m < 10**6 and m == int(m):  # "137.000 millones"
            forms += [fts_quote(f"{int(m):,} {w}".replace(",", " ")) for w in words[:3]]
    return list(dict.fromkeys(forms))


def _join_letters(chunk: str, words: list[str]) -> str | None:
    """``e-mail`` -> ``email``, ``U.S.`` -> ``us``, ``EE.UU.`` -> ``eeuu``: the form written together,
    for words joined by hyphens or a dotted abbreviation (not for ``OpenAI's`` or ``10:30``)."""
    if len(words) < 2 or all(w.isdigit() for w in words):
        return None
    inner = chunk.strip(".")
    if re.fullmatch(r"[^\W_]+(?:[-‐‑][^\W_]+)+", inner) or re.fullmatch(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}\.?", chunk):
        return "".join(words)
    return None


def _chunk_item(chunk: str, start: int) -> _Item | None:
    """A run of non-space characters as a term (``None`` when it holds no word: ``-``, ``$``)."""
    span = (start, start + len(chunk))
    prefix = chunk.endswith("*")
    body = chunk.rstrip("*")
    fuzzy = -1
    if not prefix and (m := _FUZZY_RE.match(body)) and m.group(1):
        body = m.group(1)
        fuzzy = min(int(m.group(2)), 2) if m.group(2) else AUTO_DISTANCE
    body = body.lstrip("*")
    words = _WORD_RE.findall(body)
    if not words:
        return None
    folded = tuple(fold_for_match(w) for w in words)
    if fuzzy >= 0 and len(words) == 1:
        return _Item("term", fts_quote(words[0]), chunk, span, words=folded, fuzzy=fuzzy)
    star = "*" if prefix else ""
    if not prefix and (m := _NUMBER_RE.match(body.strip(".,;:!?"))):
        value = parse_number(m.group("num"))
        suffix = (m.group("suffix") or "").lower()
        bare = m.group("num").isdigit()
        if value is not None and (suffix or not bare or (value >= 1000 and not (bare and 1900 <= value <= 2099))):
            value *= _SCALE_OF.get(suffix, 1)  # "10k", "5m" (million): the words as typed are a form too
            forms = list(dict.fromkeys([fts_quote(" ".join(words)), *number_forms(value)]))
            return _Item("term", "(" + " OR ".join(forms) + ")", chunk, span, words=folded)
    fts = fts_quote(" ".join(words)) + star
    joined = _join_letters(body, words)
    if joined:
        fts = f"({fts} OR {fts_quote(joined)}{star})"
    elif len(words) > 1 and not prefix and re.search(r"['’][sS]$", body):  # "OpenAI's": OpenAI too
        fts = f"({fts} OR {fts_quote(' '.join(words[:-1]))})"
    plain = True  # a prefix too: typed in a search box, the last word is one (alias widening keeps it)
    maybe_op = len(words) == 1 and body in ("and", "or", "not")
    return _Item("term", fts, chunk, span, plain=plain, words=folded, maybe_op=maybe_op)


def _near_item(body: str, span: tuple[int, int]) -> _Item:
    m = re.search(r",\s*(\d+)\s*$", body)
    dist = ""
    if m:
        dist, body = f", {m.group(1)}", body[:m.start()]
    phrases = []
    for t in _TOKEN_RE.finditer(body):
        if t.group("phrase") is not None:
            words = _WORD_RE.findall(t.group("phrase").replace('""', '"'))
            star = t.group("pstar")
        elif t.group("chunk"):
            star = "*" if t.group("chunk").endswith("*") else ""
            words = _WORD_RE.findall(t.group("chunk"))
        else:
            continue
        if words:
            phrases.append(fts_quote(" ".join(words)) + star)
    if not phrases:
        raise QueryError("NEAR(...) needs words inside, e.g. NEAR(Lula Moro, 10)")
    return _Item("near", f"NEAR({' '.join(phrases)}{dist})", "NEAR", span)


def _lex(query: str) -> list[_Item]:
    items: list[_Item] = []
    tokens = list(_TOKEN_RE.finditer(query))
    i = 0
    while i < len(tokens):
        t = tokens[i]
        i += 1
        if t.group("phrase") is not None:
            if not t.group("close"):
                raise QueryError("unbalanced double quote")
            words = _WORD_RE.findall(t.group("phrase").replace('""', '"'))
            if words:
                items.append(_Item("term", fts_quote(" ".join(words)) + t.group("pstar"), t.group(), t.span(),
                                   words=tuple(fold_for_match(w) for w in words)))
        elif t.group("lp") or t.group("rp"):
            items.append(_Item(t.group(), t.group(), t.group(), t.span()))
        elif t.group("chunk") in OPERATORS:
            items.append(_Item("op", t.group(), t.group(), t.span()))
        elif t.group("chunk") == "NEAR" and i < len(tokens) and tokens[i].group("lp") and tokens[i].start() == t.end():
            i = _lex_near(query, tokens, i, items)
        elif (m := _COLUMN_RE.match(t.group())):
            items.append(_Item("col", m.group(1).lower() + " :", t.group(), t.span()))
            item = _chunk_item(m.group(2), t.start() + len(m.group(1)) + 1) if m.group(2) else None
            if item is not None:
                items.append(item)
        elif not _CURRENCY_ONLY.match(t.group()):  # "US$ 10.000": the sign is not a word to look for
            scaled = _scaled_number(query, tokens, i - 1)
            if scaled is not None:
                items.append(scaled[0])
                i = scaled[1]
            elif (item := _chunk_item(t.group(), t.start())) is not None:
                items.append(item)
    return items


def _lex_near(query: str, tokens: list[re.Match[str]], i: int, items: list[_Item]) -> int:
    """``NEAR(...)`` whose ``(`` is token ``i``: its item, and the index of the token after it."""
    close = query.find(")", tokens[i].end())
    if close == -1:
        raise QueryError("unbalanced parenthesis: NEAR( is not closed")
    items.append(_near_item(query[tokens[i].end():close], (tokens[i - 1].start(), close + 1)))
    while i < len(tokens) and tokens[i].start() <= close:
        i += 1
    return i


def _scaled_number(query: str, tokens: list[re.Match[str]], k: int) -> tuple[_Item, int] | None:
    """A number (token ``k``) followed by a scale word: ``10 mil``, ``44 miliardi``, ``1,5 millones``,
    ``44 mil millones``; its item and the index of the token after it, or None."""
    nm = _NUMBER_RE.match(tokens[k].group())
    i = k + 1
    if nm is None or nm.group("suffix") or i >= len(tokens) or not tokens[i].group("chunk"):
        return None
    scale = _SCALE_OF.get(fold_for_match(tokens[i].group("chunk").rstrip(".,;:")))
    value = parse_number(nm.group("num"))
    if not scale or value is None:
        return None
    if fold_for_match(tokens[i].group("chunk")) == "mil" and i + 1 < len(tokens) and \
            _SCALE_OF.get(fold_for_match(tokens[i + 1].group("chunk") or "")) == 10**6:
        scale, i = 10**9, i + 1  # "44 mil millones"
    text = query[tokens[k].start():tokens[i].end()]
    item = _Item("term", "(" + " OR ".join(number_forms(value * scale)) + ")", text,
                 (tokens[k].start(), tokens[i].end()), words=tuple(fold_for_match(w) for w in _WORD_RE.findall(text)))
    return item, i + 1


def _operand_end(item: _Item) -> bool:
    return item.kind in ("term", "near", ")")


def _operand_start(item: _Item) -> bool:
    return item.kind in ("term", "near", "(", "col")


def _resolve_lowercase_ops(items: list[_Item]) -> None:
    for k, it in enumerate(items):
        if it.maybe_op and 0 < k < len(items) - 1 and _operand_end(items[k - 1]) and _operand_start(items[k + 1]) \
                and not items[k - 1].maybe_op and not (items[k + 1].maybe_op and items[k + 1].kind == "op"):
            it.kind, it.fts, it.plain = "op", it.text.upper(), False


def _check(items: list[_Item]) -> None:
    depth = 0
    for k, it in enumerate(items):
        prev = items[k - 1] if k else None
        nxt = items[k + 1] if k + 1 < len(items) else None
        if it.kind == "(":
            depth += 1
            if nxt is not None and nxt.kind == ")":
                raise QueryError("empty parentheses")
        elif it.kind == ")":
            depth -= 1
            if depth < 0:
                raise QueryError("unbalanced parenthesis: ')' without '('")
        elif it.kind == "op":
            if prev is None or not _operand_end(prev) or nxt is None or not _operand_start(nxt):
                raise QueryError(f"{it.text} needs a term on each side (write \"{it.text}\" to search for the word)")
        elif it.kind == "col" and (nxt is None or nxt.kind not in ("term", "near", "(")):
            raise QueryError(f"{it.text.split()[0]}: needs a term after it")
    if depth:
        raise QueryError("unbalanced parenthesis: '(' is not closed")


@lru_cache(maxsize=512)
def _parse_plain(query: str) -> ParsedQuery:
    return _parse(query, None, None)


def parse(query: str, *, fuzzy: Callable[[str, int], list[str]] | None = None,
          aliases: Callable[[str], list[str] | None] | None = None) -> ParsedQuery:
    """The FTS5 expression for ``query``.  ``fuzzy(word, distance)`` gives the indexed words within
    the edit distance of a ``word~``; ``aliases(text)`` the aliases of the entity that ``text`` (one
    or more words as typed) names, or ``None``.  Raises :class:`QueryError` for a malformed query.
    (A query without ``~`` or alias widening is parsed once and remembered: the TUI searches as the
    user types.)"""
    if aliases is None and "~" not in query:
        return _parse_plain(query)
    return _parse(query, fuzzy, aliases)


def _parse(query: str, fuzzy: Callable[[str, int], list[str]] | None,
           aliases: Callable[[str], list[str] | None] | None) -> ParsedQuery:
    items = _lex(query)
    if not any(it.kind in ("term", "near") for it in items):
        raise QueryError("no words to search for")
    _resolve_lowercase_ops(items)
    for it in items:
        if it.maybe_op and it.kind == "term":
            it.plain = True
    _check(items)
    for it in items:
        if it.fuzzy >= 0:
            distance = auto_distance(it.words[0]) if it.fuzzy == AUTO_DISTANCE else it.fuzzy
            found = fuzzy(it.words[0], distance) if fuzzy else []
            found = found or [it.words[0]]
            it.fts = "(" + " OR ".join(fts_quote(w) for w in found) + ")" if len(found) > 1 else fts_quote(found[0])
    if aliases is not None:
        _widen(query, items, aliases)
    parts: list[str] = []
    for k, it in enumerate(items):
        if k and _operand_end(items[k - 1]) and _operand_start(it):
            parts.append("AND")  # FTS5 takes no implicit AND next to a parenthesis
        parts.append(it.fts)
    plain = [(it.span, it.words) for it in items if it.kind == "term" and it.plain]
    return ParsedQuery(" ".join(parts), plain)


def _widen(query: str, items: list[_Item], aliases: Callable[[str], list[str] | None]) -> None:
    """Each longest run of plain words (at most four) that names an entity becomes the OR of the
    entity's aliases."""
    k = 0
    while k < len(items):
        for n in (4, 3, 2, 1):
            run = items[k:k + n]
            if len(run) < n or not all(it.kind == "term" and it.plain and it.fuzzy < 0 for it in run):
                continue
            if k and items[k - 1].kind == "col":
                break
            text = query[run[0].span[0]:run[-1].span[1]]
            names = aliases(text)
            if not names:
                continue
            forms = [fts_quote(" ".join(_WORD_RE.findall(a))) for a in names if _WORD_RE.search(a)]
            forms = list(dict.fromkeys([*(it.fts for it in run if n == 1), *forms]))
            run[0].fts = "(" + " OR ".join(forms) + ")"
            run[0].span = (run[0].span[0], run[-1].span[1])
            del items[k + 1:k + n]
            break
        k += 1


def is_complete(query: str) -> bool:
    """Whether a query typed so far is well formed (a box that searches as the user types keeps
    the last results while it is not: ``"carta ab``, ``Musk AND``)."""
    try:
        parse(query)
    except QueryError:
        return False
    return True
