"""Where a claim comes from: the attributions a passage gives ("según X", "segundo X", "de acordo
com X", "secondo X", "according to X", "X informó / reported", "citando X" ...), and the grouping of
corroborating sources by the origin they cite, so that four outlets repeating one report count as
one independent origin, not four confirmations.

An attribution is

* **named** -- a capitalised name follows the cue ("De acordo com o Business Insider"); the name is
  the origin;
* **anaphoric** -- the cue points back at the report the article is based on ("segundo a
  publicação", "Un reporte reciente reveló", "secondo il rapporto"): the origin is the article's
  own named origin (below);
* **unnamed** -- people or documents without a name ("según 2 personas familiarizadas", "citando
  fontes do setor"): the outlet's own sourcing, an independent origin of its own.

A passage's origin is its own named attribution; failing that, the article's origin (the named
origin the article credits most often; a one-word name that ends a longer one, "Insider" and
"Business Insider", is the same origin) when the passage is anaphoric or silent; an unnamed
attribution makes it the outlet's own.  Every pattern is general; no outlet name is listed.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from ..textutil import ARTICLES, NAME_JOINERS, strip_accents

_ART = r"(?:(?:the|el|la|los|las|o|a|os|as|il|lo|l['’]|i|gli|le)\s*)?"  # lower case: "El País" keeps its article
# a name: capitalised words (with inner connectors such as "de", "of", "&"), at most six words
_NAME = (r"(?P<name>(?:[A-Z0-9][\w&'’.-]*[\w&])(?:\s+(?:(?:de|del|da|do|dos|das|di|della|dello|delle|du|des|of|&|the|y|e)\s+)?"
         r"[A-Z][\w&'’.-]*[\w&]){0,5})")
_REPORT = r"(?:un|una|o|a|um|uma|an?|the|el|la|il|lo)?\s*(?:recente\s+|reciente\s+|recent\s+|nuevo\s+|novo\s+|nuovo\s+)?"
_DOC = (r"(?:informe|reporte|artículo|reportaje|relatório|reportagem|matéria|artigo|rapporto|articolo|"
        r"report|article|story|publicación|publicação|pubblicazione|publication)")
_DOC_NAMED = _REPORT + _DOC + r"\s+(?:reciente\s+|recente\s+)?(?:de|del|da|do|di|del|della|dello|of|by|from)\s+" + _ART + _NAME

_REPORTED = (r"(?:informó|informa|publicó|reveló|reportó|informou|publicou|revelou|noticiou|"
             r"reported|said\s+in\s+a\s+report|first\s+reported|revealed|riporta|ha\s+riportato|ha\s+rivelato|"
             r"ha\s+informado|ha\s+publicado)\b")

_NAMED = [
    r"\b(?i:seg[uú]n)\s+(?:(?:señalan|informa|informan|publica|publicó|indica|reporta|revela)\s+(?:desde\s+)?)?"
    + r"(?:" + _DOC_NAMED + r"|" + _ART + _NAME + r")",
    r"\b(?i:segundo)\s+(?:" + _DOC_NAMED + r"|" + _ART + _NAME + r")",
    r"\b(?i:de\s+acordo\s+com)\s+(?:" + _DOC_NAMED + r"|" + _ART + _NAME + r")",
    r"\b(?i:secondo)\s+(?:" + _DOC_NAMED + r"|" + _ART + _NAME + r")",
    r"\b(?i:according\s+to)\s+(?:" + _DOC_NAMED + r"|" + _ART + _NAME + r")",
    r"\b(?i:citando)\s+" + _ART + _NAME,
    r"\b(?i:citing)\s+" + _ART + _NAME,
    r"\b(?i:como)\s+(?:relata|informa|informou|publicou|revelou|reporta)\s+" + _ART + _NAME,
    r"\b(?i:come)\s+(?:riporta|riferisce|scrive|rivela)\s+" + _ART + _NAME,
    r"\b(?i:as)\s+(?:reported|first\s+reported|revealed)\s+by\s+" + _ART + _NAME,
    r"\b(?:reported|revealed)\s+by\s+" + _ART + _NAME,
    r"\briportat[oa]\s+da\s+" + _ART + _NAME,
    r"\b(?:informado|publicado|revelado)\s+(?:por|pel[oa])\s+" + _ART + _NAME,
    r"\b(?i:seg[uú]n|segundo|de\s+acordo\s+com|secondo|according\s+to|citando|citing)\s+(?:\w+\s+){0,2}"
    r"(?:fuentes?|fontes?|fonti|sources?|personas?|pessoas?|persone|people)\s+(?:de|do|da|di|del|della|of|at|en|em|in)\s+"
    + _ART + _NAME,
    _DOC_NAMED,
    _ART + _NAME + r"\s+" + _REPORTED,
]
def _number_groups(pattern: str) -> str:
    """Give each ``(?P<name>`` of ``pattern`` its own group name (``name0``, ``name1`` ...)."""
    parts = pattern.split("(?P<name>")
    return parts[0] + "".join(f"(?P<name{i}>" + p for i, p in enumerate(parts[1:]))


_NAMED_RE = [re.compile(_number_groups(p)) for p in _NAMED]
# The last two patterns have no literal start, so the engine tries them at every position of the
# text (0.6 of the time of all the patterns together on an article's lead).  Each needs a word
# that one quick scan finds: when it is absent, the pattern cannot match and is not run.
_GATES = {len(_NAMED) - 2: re.compile(_DOC), len(_NAMED) - 1: re.compile(_REPORTED)}


def _name_of(m: re.Match[str]) -> str:
    return next((v for k, v in m.groupdict().items() if k.startswith("name") and v), "")

_ANAPHORA_RE = re.compile(
    r"\b(?:seg[uú]n|segundo|de\s+acordo\s+com|secondo|according\s+to|citando|como\s+relata)\s+"
    r"(?:(?:el|la|o|a|il|lo|the|esta|este|essa|esse|questa|questo|this)\s+)?"
    r"(?:mism[oa]\s+|mesm[oa]\s+|stess[oa]\s+|same\s+)?"
    r"(?:publicación|publicação|pubblicazione|publication|medio|veículo|testata|informe|reporte|relatório|"
    r"rapporto|report|artículo|artigo|articolo|article|diario|jornal|giornale|newspaper|portal|sitio|site)\b"
    r"|\b(?:un|una|um|uma|a|an)\s+(?:reporte|informe|relatório|rapporto|report|reportaje|reportagem)\s+"
    r"(?:reciente\s+|recente\s+|recent\s+)?(?:reveló|revela|revelou|indica|indicó|afirma|rivela|ha\s+rivelato|"
    r"says|said|revealed|showed|mostró)\b", re.IGNORECASE)

_UNNAMED_RE = re.compile(
    r"\b(?:seg[uú]n|segundo|de\s+acordo\s+com|secondo|according\s+to|citando|citing)\s+"
    r"(?:(?:\w+\s+){0,3})(?:personas?|fuentes?|pessoas?|fontes?|persone|fonti|people|sources?|"
    r"expertos|especialistas|esperti|experts|analistas|analisti|analysts|documentos|documents)\b",
    re.IGNORECASE)

# capitalised words that are never an outlet or a person credited for a report
_NOT_NAMES = frozenset(strip_accents(w) for w in """
el la los las lo un una uno o a os as um uma il lo gli le i the an es en de y e este esta estos estas
ese esa eso aquel ella ellos ele ela eles elas lui lei loro he she they it we you yo tu nosotros
musk twitter
""".split()) - {"musk", "twitter"}


@dataclass
class Attribution:
    kind: str            # "named", "anaphoric" or "unnamed"
    name: str            # the origin's name as written ("" unless named)
    phrase: str          # the words that attribute it
    start: int           # offsets into the text searched
    end: int

    def to_dict(self) -> dict:
        return {"kind": self.kind, "name": self.name, "phrase": self.phrase, "start": self.start, "end": self.end}


def _clean_name(name: str) -> str:
    name = name.strip(" .,;:'’-")
    words = name.split()
    while words and (strip_accents(words[-1]).casefold() in NAME_JOINERS or words[-1] in {"&", "the"}):
        words.pop()
    return " ".join(words)


def find_attributions(text: str) -> list[Attribution]:
    """Every attribution in ``text``, in order (overlapping cues give the first, longest one)."""
    found: list[Attribution] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for i, rx in enumerate(_NAMED_RE):
        gate = _GATES.get(i)
        if gate is not None and not gate.search(text):
            continue
        for m in rx.finditer(text):
            name = _clean_name(_name_of(m))
            if not name or len(name) < 2 or (" " not in name and strip_accents(name).casefold() in _NOT_NAMES):
                continue
            if not free(m.start(), m.end()):
                continue
            taken.append((m.start(), m.end()))
            found.append(Attribution("named", name, m.group(0).strip(), m.start(), m.end()))
    for kind, rx in (("unnamed", _UNNAMED_RE), ("anaphoric", _ANAPHORA_RE)):
        for m in rx.finditer(text):
            if free(m.start(), m.end()):
                taken.append((m.start(), m.end()))
                found.append(Attribution(kind, "", m.group(0).strip(), m.start(), m.end()))
    found.sort(key=lambda a: a.start)
    return found


def origin_key(name: str) -> str:
    words = strip_accents(name).casefold().replace("’", "'").split()
    if words and words[0] in ARTICLES:
        words = words[1:]
    return " ".join(words)


def canonical_names(names: list[str]) -> dict[str, str]:
    """{name: the name it stands for}: a name whose words end a longer name ("Insider" in
    "Business Insider") stands for the longer one when that is the only such name; otherwise each
    name stands for itself.  Keys are :func:`origin_key` forms."""
    keys = sorted({origin_key(n) for n in names if origin_key(n)}, key=len, reverse=True)
    out: dict[str, str] = {}
    for k in keys:
        longer = [x for x in keys if len(x) > len(k) and (x.endswith(" " + k) or x.startswith(k + " "))]
        heads = {out.get(x, x) for x in longer}
        out[k] = heads.pop() if len(heads) == 1 else k
    return out


LEAD = 1 / 3  # an article is based on the report it credits in its first third


LEAD_TAIL = 300  # characters read past the lead to finish its sentence (a name cut in two is no name)


def lead_text(text: str) -> str:
    """The lead of an article (its first :data:`LEAD`) and the rest of the sentence or line it ends
    in: all that :func:`article_origin` reads, so that the cost of an article's origin does not
    grow with its length and a "según X" deep in the text is not even looked at."""
    lead = max(1, int(len(text) * LEAD))
    m = _SENTENCE_END.search(text, lead, min(len(text), lead + LEAD_TAIL))
    return text[:m.end()] if m else text[:lead + LEAD_TAIL]


_SENTENCE_END = re.compile(r"[.!?…](?=\s)|\n")


def article_origin(text: str) -> str:
    """The named origin an article is based on: the one it credits most often in its lead (the
    first third of the text; the first one on a tie), or "".  An origin credited only further
    down is the source of that passage's fact, not of the article."""
    return _lead_origin(lead_text(text), max(1, int(len(text) * LEAD)))


@lru_cache(maxsize=4096)
def _lead_origin(lead_part: str, lead: int) -> str:
    """:func:`article_origin` of an article whose :func:`lead_text` is ``lead_part`` and whose lead ends
    at ``lead``: remembered, since corroboration, the claims pane and the brief ask again for the
    same articles (about 1 ms each)."""
    named = [a.name for a in find_attributions(lead_part) if a.kind == "named" and a.start < lead]
    if not named:
        return ""
    canon = canonical_names(named)
    counts = Counter(canon[origin_key(n)] for n in named)
    best = max(counts.values())
    for n in named:
        if counts[canon[origin_key(n)]] == best:
            return _display(canon[origin_key(n)], named)
    return ""


def _display(key: str, names: list[str]) -> str:
    """The longest written form of the origin ``key`` among ``names``."""
    forms = [n for n in names if origin_key(n) == key]
    return max(forms, key=len) if forms else key


@dataclass
class PassageOrigin:
    origin: str                 # the origin's name, or "" for the outlet's own reporting
    how: str                    # "passage" (it says so), "article" (its article credits it), "own"
    attributions: list[Attribution] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"origin": self.origin, "how": self.how, "attributions": [a.to_dict() for a in self.attributions]}


def passage_origin(text: str, start: int, end: int, article: str | None = None) -> PassageOrigin:
    """The origin of the passage ``text[start:end]`` (offsets of the attributions are into ``text``)."""
    found = [a for a in find_attributions(text[start:end])]
    for a in found:
        a.start += start
        a.end += start
    named = [a for a in found if a.kind == "named"]
    if named:
        return PassageOrigin(named[0].name, "passage", found)
    if any(a.kind == "unnamed" for a in found) and not any(a.kind == "anaphoric" for a in found):
        return PassageOrigin("", "own", found)
    art = article_origin(text) if article is None else article
    if art:
        return PassageOrigin(art, "article", found)
    return PassageOrigin("", "own", found)


@dataclass
class OriginGroup:
    origin: str             # "" = the outlets' own reporting (each such source is its own origin)
    source_ids: list[int]
    earliest: int | None = None  # the source with the earliest date, where dates exist

    def to_dict(self) -> dict:
        return {"origin": self.origin, "source_ids": self.source_ids, "earliest": self.earliest}


@dataclass
class OriginSummary:
    sources: int
    groups: list[OriginGroup]

    @property
    def independent(self) -> int:
        return sum(1 for g in self.groups if g.origin) + sum(len(g.source_ids) for g in self.groups if not g.origin)

    def line(self) -> str:
        named = [g.origin for g in self.groups if g.origin]
        own = sum(len(g.source_ids) for g in self.groups if not g.origin)
        parts = named + ([f"{own} on their own sourcing"] if own else [])
        s = "s" if self.sources != 1 else ""
        o = "s" if self.independent != 1 else ""
        return f"{self.sources} source{s}, {self.independent} independent origin{o}" + (
            ": " + ", ".join(parts) if parts else "")

    def to_dict(self) -> dict:
        return {"sources": self.sources, "independent": self.independent, "line": self.line(),
                "groups": [g.to_dict() for g in self.groups]}


def group_by_origin(items: list[tuple[int, str, str]]) -> OriginSummary:
    """``items`` of (source id, origin name or "", date or "") -> the sources grouped by origin.
    Names are merged as in :func:`canonical_names`; the earliest dated source of each group is
    marked."""
    canon = canonical_names([o for _s, o, _d in items if o])
    names = [o for _s, o, _d in items if o]
    groups: dict[str, list[tuple[int, str]]] = {}
    for sid, origin, date in items:
        key = canon.get(origin_key(origin), origin_key(origin)) if origin else ""
        groups.setdefault(key, [])
        if sid not in [s for s, _ in groups[key]]:
            groups[key].append((sid, date))
    out = []
    for key, members in groups.items():
        dated = [(d, s) for s, d in members if d]
        out.append(OriginGroup(_display(key, names) if key else "", [s for s, _ in members],
                               min(dated)[1] if dated else None))
    out.sort(key=lambda g: (-len(g.source_ids), g.origin))
    return OriginSummary(len({s for s, _o, _d in items}), out)
