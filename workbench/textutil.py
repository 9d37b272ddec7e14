"""Small text helpers shared by the data layer, NLP and evidence code (no heavy imports).

The one place for text normalisation: accent folding (``strip_accents``; ``fold_word`` is the same
function cached for short repeated strings; ``fold_for_match`` and ``fold_with_map`` apply it
character by character so that offsets survive), the table of control characters, the word lists
that names are normalised with (articles, joining words, company legal forms) and ``name_key``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = [
    "ARTICLES", "CONTROL_CHARS", "CONTROL_TABLE", "LEGAL_SUFFIXES", "NAME_JOINERS",
    "clean_text", "context", "display", "fold_char", "fold_for_match", "fold_with_map", "fold_word",
    "has_visible_text", "json_inert", "name_key", "name_words", "query_phrases", "query_terms",
    "strip_accents",
]


@lru_cache(maxsize=1)
def _combining_table() -> dict[int, None]:
    """Every code point with a non-zero combining class (all lie below U+1F000; the last is U+1E94A),
    mapped to None: ``str.translate`` drops them, at a third of the time of a regex over the same
    set (a character class of 200 ranges tests each character slowly)."""
    return {cp: None for cp in range(0x300, 0x1F000) if unicodedata.combining(chr(cp))}


def strip_accents(text: str) -> str:
    """THE accent fold: NFKD, combining marks dropped, NFKC, casefolded (may change length: for
    keys and comparisons, not offsets; see ``fold_for_match`` / ``fold_with_map`` for those)."""
    if text.isascii():
        return text.casefold()
    nfkd = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFKC", nfkd.translate(_combining_table())).casefold()


fold_word = lru_cache(maxsize=65536)(strip_accents)
"""``strip_accents`` cached: for words and names, which repeat (NER looks every token up)."""


@lru_cache(maxsize=8192)
def _strip_char(ch: str) -> str:
    """One character, canonically decomposed, its combining marks dropped ("É" -> "E")."""
    return "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))


@lru_cache(maxsize=8192)
def fold_char(ch: str) -> str:
    """The fold of one character for offset-keeping matches: canonical only (a compatibility form
    such as "ª" or "ﬁ" stays itself, as the search index reads it), marks dropped, casefolded."""
    return _strip_char(ch).casefold()


@lru_cache(maxsize=8192)
def _fold_char_1(ch: str) -> str:
    stripped = _strip_char(ch) or ch
    low = stripped.lower()
    return low if len(low) == 1 else (stripped if len(stripped) == 1 else ch)


def fold_for_match(text: str) -> str:
    """Lower-case and strip accents **without changing the length**, so offsets found in the
    folded string are offsets in the original.  A lone combining mark folds to a space; a
    character whose fold is longer ("ß") stays itself, lower-cased."""
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch.lower())
        elif unicodedata.combining(ch):
            out.append(" ")
        else:
            out.append(_fold_char_1(ch))
    return "".join(out)


_FOLD_TABLE: dict[int, str] = {}  # code point -> fold_char, filled as characters are met (str.translate's table)


def fold_with_map(text: str) -> tuple[str, list[int] | None]:
    """``strip_accents`` character by character, with a map of folded indices back to ``text``.

    Returns ``(folded, index)`` where ``index[k]`` is the position in ``text`` of the character
    that produced ``folded[k]`` (with a final sentinel ``len(text)``); ``index`` is None when the
    mapping is the identity (the common case), which avoids building it.
    """
    if text.isascii():
        return text.lower(), None
    table = _FOLD_TABLE
    chars = set(text)
    for ch in chars:
        if ord(ch) not in table:
            table[ord(ch)] = fold_char(ch)
    if all(len(table[ord(ch)]) == 1 for ch in chars):  # one character each (nearly every text): no map
        return text.translate(table), None
    parts = [table[ord(c)] for c in text]
    folded = "".join(parts)
    index: list[int] = []
    for i, p in enumerate(parts):
        index.extend([i] * len(p))
    index.append(len(text))
    return folded, index


# -- the word lists names are normalised with (folded) --

# Leading articles (es / pt / it / en / fr): dropped from name keys, kept at the front of a name only
# where written as part of it ("La Coruña", "O Globo").
ARTICLES = frozenset("el la los las lo le les il gli l o a os as the an".split())
# Lower-case words inside a name that a key ignores ("Ministerio de Hacienda", "Banco do Brasil").
NAME_JOINERS = frozenset("de del da das do dos di della delle dello degli dei of du des d y e i and et".split())
# Company legal forms (dots removed: "S.A." -> "sa"), dropped from the end of name keys; a name ending
# in one is an organisation.
LEGAL_SUFFIXES = frozenset(
    """inc incorporated corp corporation co company ltd limited llc plc gmbh ag sa sau sl slu sas
    spa srl ltda nv bv sarl cia""".split()
)

_NAME_SPLIT = re.compile(r"[^\w&.'’]+")


@lru_cache(maxsize=65536)
def name_words(name: str) -> tuple[str, ...]:
    """The significant words of ``name``: folded, without articles, joiners or company suffixes.

    Dots and apostrophes inside a word are removed ("S.A." -> "sa", "EE.UU." -> "eeuu"); words are
    split at spaces, hyphens and other punctuation.
    """
    raw = [w.replace(".", "").replace("'", "").replace("’", "") for w in _NAME_SPLIT.split(strip_accents(name))]
    words = [w.replace("_", "") for w in raw if w and w != "&"]
    if not words:
        return ()
    kept = list(words)
    head = name.split(maxsplit=1)
    # a capitalised article before a name that is not in capitals is an acronym: "AS Roma", "LA Times"
    if not (len(head) == 2 and len(head[0]) > 1 and head[0].isupper() and not head[1].isupper()):
        while len(kept) > 1 and kept[0] in ARTICLES:
            kept = kept[1:]
    while len(kept) > 1 and kept[-1] in LEGAL_SUFFIXES:
        kept = kept[:-1]
    inner = [w for w in kept if w not in NAME_JOINERS]
    return tuple(inner or kept)


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Normalised matching key of an entity name: ``name_words`` joined without spaces or hyphens
    ("Open AI" and "OpenAI" -> "openai"; "Space X" -> "spacex"; "Twitter Inc." -> "twitter")."""
    words = name_words(name)
    if not words:
        return strip_accents(name).strip()
    return "".join(words)


_FTS_OPERATORS = {"AND", "OR", "NOT", "NEAR"}
# the tokens of an FTS5 query: a quoted phrase (with an optional prefix star), a bareword (same),
# a {column set}, or one punctuation character
_QUERY_TOKEN_RE = re.compile(r'"((?:[^"]|"")*)"(\*?)|(\w+)(\*?)|(\{[^}]*\})|(\S)')


def query_terms(query: str) -> list[tuple[str, bool]]:
    """The words an FTS5 query looks for, folded, with whether each is a prefix (``GPU*``).
    Operators, column filters and punctuation are dropped; a phrase contributes its words (the last
    one a prefix if the phrase has a star); and what follows a NOT is dropped, since a hit cannot
    be a word the query excludes."""
    return [(w, prefix and k == len(words) - 1) for words, prefix in query_phrases(query)
            for k, w in enumerate(words)]


def query_phrases(query: str) -> list[tuple[tuple[str, ...], bool]]:
    """Like :func:`query_terms`, but a phrase stays one unit: ``(words, last word is a prefix)``."""
    tokens = [m.groups() for m in _QUERY_TOKEN_RE.finditer(query)]
    terms: list[tuple[tuple[str, ...], bool]] = []
    i, n = 0, len(tokens)

    def skip_primary(i: int) -> int:
        """The index after the expression primary that starts at token ``i`` (what NOT negates)."""
        while i < n:  # column filters ("title :", "{title text} :", "- title :") and the "^" marker
            _, _, word, _, columns, punct = tokens[i]
            if punct in ("^", "-"):
                i += 1
            elif (word is not None or columns is not None) and i + 1 < n and tokens[i + 1][5] == ":":
                i += 2
            else:
                break
        if i < n and tokens[i][2] == "NEAR":
            i += 1
        if i < n and tokens[i][5] == "(":
            depth = 0
            while i < n:
                depth += {"(": 1, ")": -1}.get(tokens[i][5] or "", 0)
                i += 1
                if depth == 0:
                    break
            return i
        i += 1  # a phrase, and the phrases "+" joins to it
        while i + 1 < n and tokens[i][5] == "+":
            i += 2
        return i

    while i < n:
        phrase, phrase_star, word, star, _columns, punct = tokens[i]
        if word == "NOT":
            i = skip_primary(i + 1)
            continue
        i += 1
        if phrase is not None:
            words = tuple(fold_for_match(w) for w in re.findall(r"[^\W_]+", phrase))
            if words:
                terms.append((words, bool(phrase_star)))
        elif (word is not None and word not in _FTS_OPERATORS and not (i < n and tokens[i][5] == ":")
              and not (i >= 2 and tokens[i - 2][5] == ",")):  # not NEAR's distance
            terms += [((fold_for_match(w),), bool(star) and k == len(parts) - 1)
                      for parts in [re.findall(r"[^\W_]+", word)] for k, w in enumerate(parts)]
    return terms


def context(text: str, start: int, end: int, width: int = 32) -> tuple[str, str]:
    """The ``width`` characters before and after a span (the Web Annotation prefix / suffix)."""
    return text[max(0, start - width):start], text[end:end + width]


# -- cleaning (done once at ingest, and to every other untrusted string: evidence files, user input) --

# ANSI CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), DCS/PM/APC/SOS strings, 2-byte ESC sequences,
# and their 8-bit C1 forms.  A string sequence is removed only when it is terminated on the same line
# (within 4096 characters): an unterminated ``ESC ]`` or a stray C1 byte from a latin-1 file used to
# swallow the whole rest of the article.  Unterminated, only the introducer goes (the ESC / C1
# character becomes a space below), so the text stays visible and inert.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*+[ -/]*+[@-~]"
    r"|\x9b[0-?]*+[ -/]*+[@-~]"
    r"|(?:\x1b[\]PX^_]|[\x90\x9d\x98\x9e\x9f])[^\x07\x1b\x9c\n]{0,4096}+(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[0-Z\\-~]"  # 2-character sequences: ESC 7, ESC 8, ESC c (reset), ESC ] unterminated ...
    r"|\x1b[ -/]+[0-~]?"
)
# THE table of control characters: C0, DEL and C1.  Each use keeps what it must (stored text keeps
# tab and newline; a one-line message keeps nothing).
CONTROL_CHARS = "".join(map(chr, [*range(0x00, 0x20), *range(0x7F, 0xA0)]))
CONTROL_TABLE = dict.fromkeys(map(ord, CONTROL_CHARS), " ")  # ``str.translate``: every control -> space


def _controls_re(keep: str) -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(c) for c in CONTROL_CHARS if c not in keep) + "]")


_CONTROLS = _controls_re("\t\n\r")
_SURROGATES = re.compile("[\ud800-\udfff]")  # lone halves (from non-UTF-8 argv bytes): not storable text


def clean_text(raw: str) -> str:
    """BOM dropped, terminal escape sequences removed, CRLF / CR -> LF, NFC, and every other control
    character (C0, C1, DEL) replaced by a space except ``\\n`` and ``\\t``; a lone surrogate becomes
    U+FFFD.  Idempotent."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPES.sub("", text)
    text = text.lstrip("\ufeff")  # after the escapes, so that cleaning twice changes nothing
    text = _CONTROLS.sub(" ", text)
    text = _SURROGATES.sub("\ufffd", text)
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    return unicodedata.normalize("NFC", text)


# -- showing (stored text stays exact; what reaches a terminal, a notification or a report is made inert) --

# Characters that change how the text around them reads without being seen: bidi embeddings,
# overrides and isolates (U+202E turns "eslaf" into "false"), marks, zero-width spaces and joiners,
# the BOM, invisible operators, interlinear annotation marks, Hangul fillers and Unicode tags.
_INVISIBLE_CPS = (
    [0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x3164, 0xFEFF, 0xFFA0]
    + list(range(0x200B, 0x2010)) + list(range(0x202A, 0x202F)) + list(range(0x2060, 0x2070))
    + list(range(0xFFF9, 0xFFFC))
)
_INVISIBLE = re.compile("[" + "".join(re.escape(chr(c)) for c in _INVISIBLE_CPS) + "\U000e0000-\U000e007f]")
_DISPLAY_CONTROLS = _controls_re("\t\n")


def _visible(m: re.Match[str]) -> str:
    return f"<U+{ord(m.group()):04X}>"


def display(s: str, *, oneline: bool = False) -> str:
    """``s`` made safe to show: terminal escape sequences removed, every other control character
    (C0, C1, DEL) a space, lone surrogates (undecodable file-name bytes) U+FFFD, and the characters
    that change how text reads while staying unseen (bidi overrides, zero-width characters, ...)
    shown as ``<U+202E>``.  ``\\n`` and ``\\t`` stay unless ``oneline``, where a newline shows as
    ``⏎`` and a tab as a space.  For display only: stored text is never changed by it."""
    if not isinstance(s, str):
        s = str(s)
    if s.isascii() and s.isprintable():
        return s
    out = _ESCAPES.sub("", s.replace("\r\n", "\n").replace("\r", "\n"))
    out = _DISPLAY_CONTROLS.sub(" ", out)
    out = _SURROGATES.sub("\ufffd", out)
    out = out.replace("\u2028", "\n").replace("\u2029", "\n")
    out = _INVISIBLE.sub(_visible, out)
    if oneline:
        out = out.replace("\n", "⏎").replace("\t", " ")
    return out


def has_visible_text(s: str) -> bool:
    """True when ``s`` shows something: not empty, not only spaces and invisible characters."""
    seen = _INVISIBLE.sub("", s)
    return any(unicodedata.category(c) not in ("Zs", "Zl", "Zp", "Cc", "Cf", "Mn", "Me") for c in seen)


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]")


def json_inert(text: str) -> str:
    """JSON text (``json.dumps(..., ensure_ascii=False)``) with the characters a terminal acts on or
    that reorder what is read (C1 controls, DEL, bidi controls, zero-width, line separators)
    written as ``\\u`` escapes: the same data once parsed, harmless when printed."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
