"""Numbers, amounts and dates normalised across the conventions of es / pt / it / en news.

``10.000``, ``10,000``, ``10 mil``, ``10 Mila``, ``US$ 10.000`` and ``$10,000`` all become the value
``10000``; ``44.000 millones``, ``44 mil millones``, ``44 bilhões``, ``44 miliardi`` and ``$44 billion``
all become ``44000000000``.  Years (1900-2099 written as four bare digits) and month names become
date keys instead, so "en 2018" / "nel 2018" match and "diciembre" / "dezembro" / "dicembre" match.

The separator rule: a ``.`` or ``,`` followed by exactly three digits is a thousands separator
(``10.000`` es/pt/it, ``10,000`` en -- and Spanish news often writes ``10,000`` too); otherwise
it is a decimal mark (``1,5`` / ``1.5``).  Where both occur (``1.234,56`` / ``1,234.56``), the
last one is the decimal mark.  Small spelled-out numbers (one to twelve) are read too: "seis
meses" / "6 meses" / "sei mesi".

Pure functions, standard library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..numerals import SCALE_WORDS, parse_number  # the one separator rule (tests import it from here too)
from ..textutil import strip_accents

_SCALES: dict[str, float] = {w: float(v) for w, v in SCALE_WORDS.items()}
# "mil millones" (es), "mil milhoes" (pt-PT): 10^9
_COMPOUND = {("mil", "millones"): 1e9, ("mil", "milhoes"): 1e9, ("mil", "milhao"): 1e9}

_WORD_NUMS = {
    "uno": 1, "una": 1, "um": 1, "uma": 1, "one": 1,
    "dos": 2, "dois": 2, "duas": 2, "due": 2, "two": 2,
    "tres": 3, "tre": 3, "three": 3, "cuatro": 4, "quatro": 4, "quattro": 4, "four": 4,
    "cinco": 5, "cinque": 5, "five": 5, "seis": 6, "sei": 6, "six": 6,
    "siete": 7, "sete": 7, "sette": 7, "seven": 7, "ocho": 8, "oito": 8, "otto": 8, "eight": 8,
    "nueve": 9, "nove": 9, "nine": 9, "diez": 10, "dez": 10, "dieci": 10, "ten": 10,
    "once": 11, "onze": 11, "undici": 11, "eleven": 11, "doce": 12, "doze": 12, "dodici": 12, "twelve": 12,
    "docena": 12, "dozen": 12, "dozzina": 12, "duzia": 12,
}
# words that are ambiguous as numbers ("once" en, "due" en, "sei" pt = "I know", "tre"...): only
# counted right before a scale word or a unit-like noun, never alone
_AMBIGUOUS_WORDS = {"uno", "una", "uma", "um", "one", "dos", "once", "due", "sei", "tre", "nove", "sete", "ten"}

_UNIT_NOUNS = set("meses mesi months anos anni annos years dias giorni days semanas settimane weeks horas ore hours"
                  " personas pessoas persone people".split())

# vague magnitudes: "miles de GPU" / "milhares de GPUs" / "migliaia di GPU" / "thousands of GPUs" -> q3,
# "decenas de millones" / "dezenas de milhões" / "decine di milioni" / "tens of millions" -> q7
_VAGUE = {"cientos": 2, "centenas": 2, "centinaia": 2, "hundreds": 2,
          "miles": 3, "milhares": 3, "migliaia": 3, "thousands": 3, "millares": 3,
          "millones": 6, "milhoes": 6, "milioni": 6, "millions": 6,
          "billones": 12, "bilhoes": 9, "miliardi": 9, "billions": 9}
_TENS = {"decenas", "dezenas", "decine", "tens", "docenas", "dozens"}

_MONTHS: dict[str, int] = {}
for _n, _names in enumerate([
        "enero janeiro gennaio january jan ene gen",
        "febrero fevereiro febbraio february feb fev",
        "marzo marco march mar",
        "abril aprile april abr apr",
        "mayo maio maggio may mag",
        "junio junho giugno june jun giu",
        "julio julho luglio july jul lug",
        "agosto august aug ago",
        "septiembre setiembre setembro settembre september sep sept set",
        "octubre outubro ottobre october oct out ott",
        "noviembre novembro novembre november nov",
        "diciembre dezembro dicembre december dec dez dic"], start=1):
    for _w in _names.split():
        _MONTHS[_w] = _n
# abbreviations of months are too ambiguous as words ("mar" = sea, "set", "out", "may"): only
# counted next to a day number
_SHORT_MONTHS = {w for w in _MONTHS if len(w) <= 4 and w not in {"mayo", "maio", "june", "july", "abril"}}

_CURRENCY = r"(?:US\$|R\$|U\$S|USD|EUR|BRL|\$|€|£)"
_NUM = r"\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_TOKEN_RE = re.compile(
    r"(?P<date>\b\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d\d\b)"
    rf"|(?:(?P<cur>{_CURRENCY})\s?)?(?P<num>{_NUM})(?![\d])(?P<pct>\s?%)?"
    r"|(?P<word>\b[^\W\d_]+\b)",
    re.UNICODE,
)


@dataclass(frozen=True)
class Quantity:
    """One number found in a text: ``key`` is its canonical value (``"10000"``, ``"1p5"`` for 1.5)."""

    start: int
    end: int
    value: float
    key: str
    kind: str  # "number" | "amount" (with a currency) | "percent"


def value_key(v: float) -> str:
    """A token-safe canonical form: integers as digits, decimals with ``p`` for the point."""
    if v == int(v) and abs(v) < 1e18:
        return str(int(v))
    return f"{v:.6g}".replace(".", "p").replace("+", "")


@lru_cache(maxsize=65536)
def _fold(word: str) -> str:
    return strip_accents(word)


_DIGIT_RE = re.compile(r"\d")
_WORD_TOKEN_RE = re.compile(r"\b[^\W\d_]+\b")  # the "word" alternative of _TOKEN_RE alone
# every word that can start a quantity or a date; any other word is only ever read as a neighbour
_TRIGGERS = frozenset(_MONTHS) | frozenset(_TENS) | frozenset(_VAGUE) | frozenset(_WORD_NUMS)


def extract_quantities(text: str) -> tuple[list[Quantity], list[str]]:
    """Numbers / amounts (as :class:`Quantity`) and date keys (``y2018``, ``m12``, ``d2023-04-11``)
    found in ``text``.  Date keys come sorted and unique."""
    if not _DIGIT_RE.search(text) and _TRIGGERS.isdisjoint(map(_fold, set(_WORD_TOKEN_RE.findall(text)))):
        # three passages in four: no digit and no number, month or magnitude word.  Without a digit
        # _TOKEN_RE yields exactly these word tokens, and none of them can start anything below.
        return [], []
    quantities: list[Quantity] = []
    dates: set[str] = set()
    tokens = list(_TOKEN_RE.finditer(text))
    i = 0
    while i < len(tokens):
        m = tokens[i]
        if m.group("date"):
            parts = re.split(r"[/.-]", m.group("date"))
            d, mo, y = int(parts[0]), int(parts[1]), int(parts[2])
            if 1 <= mo <= 12 and 1 <= d <= 31:
                dates.update({f"y{y}", f"m{mo}", f"d{y}-{mo:02d}-{d:02d}"})
            i += 1
        elif m.group("word"):
            i = _read_word(tokens, i, text, quantities, dates)
        else:
            i = _read_number(tokens, i, text, quantities, dates)
    return quantities, sorted(dates)


_CURRENCY_WORDS = frozenset({"dolares", "dollars", "dollari", "reais", "euros", "euro", "dolar", "dollar", "libras",
                             "pesos"})


def _read_word(tokens: list[re.Match[str]], i: int, text: str, quantities: list[Quantity], dates: set[str]) -> int:
    """A month ("diciembre", "dezembro de 2022"), a vague magnitude ("miles de") or a spelled-out
    number ("seis meses") at word token ``i``; returns the index of the next token to read."""
    m = tokens[i]
    w = _fold(m.group("word"))
    if w in _MONTHS and (w not in _SHORT_MONTHS or _near_day(tokens, i)):
        mo = _MONTHS[w]
        dates.add(f"m{mo}")
        y = _year_after(tokens, i, text)
        if y:
            dates.add(f"ym{y}-{mo:02d}")
    elif w in _TENS or w in _VAGUE:
        # "miles de ...", "decenas de millones de ...": a magnitude, not a number
        mag, j = _vague(tokens, i, text)
        if mag:
            quantities.append(Quantity(m.start(), tokens[j].end(), float(10 ** mag), f"q{mag}", "vague"))
            return j + 1
    if w in _WORD_NUMS:
        scale, used = _scale_after(tokens, i, text)
        if scale or (_next_is_word(tokens, i, text) and (
                w not in _AMBIGUOUS_WORDS or _fold(tokens[i + 1].group("word")) in _UNIT_NOUNS)):
            v = _WORD_NUMS[w] * (scale or 1)
            end = tokens[i + used].end() if used else m.end()
            quantities.append(Quantity(m.start(), end, v, value_key(v), "number"))
            return i + used + 1
    return i + 1


def _read_number(tokens: list[re.Match[str]], i: int, text: str, quantities: list[Quantity], dates: set[str]) -> int:
    """A number in digits at token ``i``, with its scale word ("10 mil", "44 bilhões"), currency
    ("US$", "dólares") or percent sign; a bare year becomes a date key.  Returns the next index."""
    m = tokens[i]
    raw = m.group("num")
    v = parse_number(raw)
    if v is None:
        return i + 1
    cur = bool(m.group("cur"))
    scale, used = _scale_after(tokens, i, text)
    if not cur and not scale and not m.group("pct") and re.fullmatch(r"(19|20)\d\d", raw) is not None:
        dates.add(f"y{raw}")
        return i + 1
    if scale:
        v *= scale
    end = tokens[i + used].end() if used else m.end()
    # a currency word right after: "dólares", "dollari", "reais", "euros"
    n = len(tokens)
    nxt = i + used + 1
    if nxt + 1 < n and tokens[nxt].group("word") and _fold(tokens[nxt].group("word")) in ("de", "di", "of"):
        nxt += 1
    if not cur and nxt < n and tokens[nxt].group("word") and _gap_ok(text, tokens[nxt - 1].end(), tokens[nxt].start()):
        cur = _fold(tokens[nxt].group("word")) in _CURRENCY_WORDS
    kind = "percent" if m.group("pct") else ("amount" if cur else "number")
    quantities.append(Quantity(m.start(), end, v, value_key(v), kind))
    return i + used + 1


def _vague(tokens, i: int, text: str) -> tuple[int, int]:
    """(magnitude, index of the last token) of "miles de", "decenas de millones de"; (0, i) if none.
    A vague word counts only when "de" / "di" / "of" follows it (so "miles" alone is not read)."""
    def word(j):
        return _fold(tokens[j].group("word")) if j < len(tokens) and tokens[j].group("word") else ""

    w = word(i)
    if w in _TENS:
        if word(i + 1) in ("de", "di", "of") and word(i + 2) in _VAGUE:
            return _VAGUE[word(i + 2)] + 1, i + 2
        return 0, i
    if w in ("miles", "milhares", "migliaia", "thousands") and word(i + 1) in ("de", "di", "of") \
            and word(i + 2) in ("millones", "milhoes", "milioni", "millions"):
        return 9, i + 2
    if w in _VAGUE and word(i + 1) in ("de", "di", "of", "dei", "delle"):
        if i > 0 and (tokens[i - 1].group("num") or word(i - 1) in _WORD_NUMS):
            return 0, i  # "44 millones de": a number with a scale, read elsewhere
        return _VAGUE[w], i
    return 0, i


def _gap_ok(text: str, a: int, b: int) -> bool:
    gap = text[a:b]
    return len(gap) <= 4 and gap.strip(" \u00a0") in ("", "de", "di")


def _scale_after(tokens, i: int, text: str) -> tuple[float, int]:
    """The scale word(s) right after token ``i`` (``mil``, ``mil millones``, ``miliardi``...)."""
    if i + 1 >= len(tokens) or not tokens[i + 1].group("word"):
        return 0.0, 0
    if not _gap_ok(text, tokens[i].end(), tokens[i + 1].start()) or text[tokens[i].end():tokens[i + 1].start()].strip():
        return 0.0, 0
    w1 = _fold(tokens[i + 1].group("word"))
    if i + 2 < len(tokens) and tokens[i + 2].group("word") and \
            not text[tokens[i + 1].end():tokens[i + 2].start()].strip():
        w2 = _fold(tokens[i + 2].group("word"))
        if (w1, w2) in _COMPOUND:
            return _COMPOUND[(w1, w2)], 2
    if w1 in _SCALES and (len(w1) > 1 or tokens[i + 1].start() == tokens[i].end()):
        # single letters ("m", "k") only when glued to the number: "10k", "5m"
        return _SCALES[w1], 1
    return 0.0, 0


def _next_is_word(tokens, i: int, text: str) -> bool:
    return i + 1 < len(tokens) and bool(tokens[i + 1].group("word")) and \
        not text[tokens[i].end():tokens[i + 1].start()].strip()


def _near_day(tokens, i: int) -> bool:
    for j in (i - 1, i - 2, i + 1):
        if 0 <= j < len(tokens) and tokens[j].group("num") and re.fullmatch(r"\d{1,2}", tokens[j].group("num")):
            return True
    return False


def _year_after(tokens, i: int, text: str) -> int | None:
    for j in (i + 1, i + 2):
        if j < len(tokens) and tokens[j].group("num") and re.fullmatch(r"(19|20)\d\d", tokens[j].group("num")) \
                and tokens[j].start() - tokens[i].end() <= 5:
            return int(tokens[j].group("num"))
    return None
