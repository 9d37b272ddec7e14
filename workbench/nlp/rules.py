"""The rule path (pt, it, en, unknown): runs of capitalised tokens from ``spacy.blank(lang)``'s
tokenizer, leading stop words dropped; labels from cues and the Spanish model's hints."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from ._lexicon import ARTICLES, CALENDAR, COORDINATORS, HONORIFICS, JOINERS, OF_WORDS, ORG_HEADS, SENTENCE_WORDS, fold
from .labels import _finish
from .spans import _name_lead
from .tokens import BODY_FOR, BODY_INNER, Mention, _PUNCT_ATTACHED, _Tok, _is_acronym, _is_cap, _known, _wrapped

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

_MAX_LENGTH = 20_000_000


def _silence() -> None:
    import warnings

    warnings.filterwarnings("ignore", message=r"\[W095\]")


@lru_cache(maxsize=None)
def _blank(lang: str) -> Language:
    _silence()
    import spacy

    try:
        nlp = spacy.blank(lang)
    except Exception:  # unknown / unsupported language code
        nlp = spacy.blank("xx")
    nlp.max_length = _MAX_LENGTH
    return nlp


@lru_cache(maxsize=None)
def _stop_words(lang: str) -> frozenset[str]:
    try:
        words = _blank(lang).Defaults.stop_words
    except Exception:
        words = set()
    return frozenset(fold(w) for w in words) | SENTENCE_WORDS | _MORE_STOP.get(lang, frozenset())


# Articles and determiners that spaCy's stop lists lack (Italian "i": "I Carabinieri hanno..." at a
# sentence start; "Outro profissional disse", "Molte persone", "Certain members")
_MORE_STOP = {
    "it": frozenset("i altra altre alcune molta molte pochi tanta".split()),
    # and two conjunctions: "Caso Lula seja absolvido", "Conforme Janot, houve crime"
    "pt": frozenset("outro algum alguma nenhum quaisquer varios varias muita muitas poucos caso conforme".split()),
    "en": frozenset(("certain",)),
}


_SENT_END = frozenset(".!?…:;")
# Words that join two capitalised runs into one name on the rule path: "of" words and articles ("Rio de
# Janeiro", "Bank of the West"), never coordinators ("Tesla e SpaceX") nor prepositions that mostly
# stand between two names ("Doria por Alckmin", "Rossi al Comune", "para", "sobre", "en").
_RULE_JOINERS = JOINERS - COORDINATORS - frozenset(("por", "para", "sobre", "en", "al"))
_OPENERS = frozenset("\"'«“‘¿¡(-—–•*[")
_CLOSERS = frozenset("\"'»”’)]")


def _tokens(text: str, lang: str, wrapped: bool) -> list[_Tok]:
    """``spacy.blank(lang)``'s tokens of ``text``, each marked when it starts a sentence (after
    sentence punctuation or a paragraph break; an opening quote passes the mark on)."""
    doc = _blank(lang).make_doc(text)
    toks: list[_Tok] = []
    sent_start = True
    for tok in doc:
        t = tok.text
        if tok.is_space:
            if "\n" in t and (not wrapped or t.count("\n") > 1):
                sent_start = True
            toks.append((t, tok.idx, tok.idx + len(t), False))
            continue
        if toks and toks[-1][2] == tok.idx and t.isalpha() and toks[-1][0].isalpha():
            p = toks[-1]  # one word the tokenizer's exceptions split ("Im" -> "I" "m" for "I'm"): "Im Kwon-Taek"
            toks[-1] = (p[0] + t, p[1], tok.idx + len(t), p[3])
            continue
        toks.append((t, tok.idx, tok.idx + len(t), sent_start))
        if (t in _SENT_END and not (t == "." and len(toks) > 1 and toks[-2][2] == tok.idx
                                    and fold(toks[-2][0] + ".") in HONORIFICS)) or (len(t) > 1 and t[-1] in ".!?" and not _is_acronym(t) and not _is_initial(t)
                              and fold(t) not in HONORIFICS):  # "o Dr. Neves Alcântara", "Prof. Rossi"
            sent_start = True
        elif tok.whitespace_ == "" and tok.i + 1 < len(doc) and "\n" in doc[tok.i + 1].text and not (
            wrapped and doc[tok.i + 1].text.count("\n") == 1
        ):
            sent_start = True
        elif t in _OPENERS or all(c in _OPENERS for c in t) or (sent_start and all(c in _CLOSERS for c in t)):
            pass  # an opening quote keeps the sentence start for the next word, and so does a closing
            # quote after the sentence's end ('assinatura de termo).” A Greenfield investiga')
        else:
            sent_start = False
    return toks


def _is_initial(t: str) -> bool:
    """A capital letter and a dot ("T."): an initial of a name, not a sentence end."""
    return len(t) == 2 and t[0].isupper() and t[1] == "."


def _body_joiner(cur: list[_Tok], pending: list[_Tok], f: str) -> bool:
    """"for" / "para" / "per" inside a body's name ("Department for Trade and Industry", "Institute
    for Fiscal Studies"), "on" ("Commission on Social Justice"), and "and" / "e" / "y" after its "of"
    or "for" ("Academy of Motion Picture Arts and Sciences"): the run opens with an organisation head."""
    head = cur[1] if len(cur) > 1 and fold(cur[0][0]) in ARTICLES else cur[0] if cur else None
    if pending or head is None or fold(head[0]) not in ORG_HEADS:
        return False
    if f in BODY_INNER:
        return True
    return f in COORDINATORS and any(fold(t[0]) in OF_WORDS or fold(t[0]) in BODY_FOR for t in cur[1:])


def _runs(toks: list[_Tok], wrapped: bool) -> list[list[_Tok]]:
    """Runs of capitalised tokens, joined across joiners ("de", "da") and attached punctuation,
    with a short number after a name ("PlayStation 2")."""
    runs: list[list[_Tok]] = []
    cur: list[_Tok] = []
    pending: list[_Tok] = []  # joiners / attached punctuation waiting for the next capital
    for tok in toks:
        t = tok[0]
        if wrapped and cur and t.isspace() and t.count("\n") == 1:
            continue  # a hard line break inside a name
        if _is_cap(t) and not (cur and tok[3]):
            if cur and pending and (fold(pending[0][0]) in COORDINATORS and (
                    len(pending) > 1 or fold(t) in ORG_HEADS or _known(fold(t)))
                    or fold(pending[0][0]) in BODY_FOR and pending[0][0] != "for" and len(pending) == 1
                    or pending[0][0] == "on" and (len(pending) > 1 or fold(t) in CALENDAR)):  # "Commission on Monday"
                runs.append(cur)  # two bodies: "the Department of Health and the Treasury", "e a Anvisa"; and
                cur = []          # "o MPF para Lula" (a body's own "para" / "per" comes with an article)
            if cur:
                cur.extend(pending)
            cur.append(tok)
            pending = []
            continue
        if (cur and not pending and t.isdigit() and len(t) <= 2 and tok[1] == cur[-1][2] + 1
                and _is_cap(cur[-1][0]) and fold(cur[-1][0]) not in CALENDAR):
            cur.append(tok)  # "Half-Life 2", "PlayStation 2", "Formula 1"
            runs.append(cur)
            cur, pending = [], []
            continue
        if cur and not t.isspace() and not tok[3]:
            f = fold(t)
            prev_end = (pending[-1] if pending else cur[-1])[2]
            if (f in _RULE_JOINERS or _body_joiner(cur, pending, f)) and prev_end < tok[1]:
                pending.append(tok)
                continue
            if len(t) == 1 and t in _PUNCT_ATTACHED and (prev_end == tok[1] or t == "&"):
                pending.append(tok)  # "Coca-Cola", "AT&T", and "Procter & Gamble" with its spaces
                continue
        if cur:
            runs.append(cur)
        cur, pending = [], []
        if _is_cap(tok[0]):  # a capital that starts a new sentence
            cur = [tok]
    if cur:
        runs.append(cur)
    return runs


def _and_bodies(runs: list[list[_Tok]], toks: list[_Tok]) -> list[list[_Tok]]:
    """English puts a body's head last, after its "and": "the Food and Agriculture Organisation", "the
    Global Information and Early Warning Service" are one name each.  Two runs are one when a lone
    "and" stands between them, "the" comes right before the first, the first is one or two words of
    which none is a head, a known name or an acronym ("the Treasury and Finance Committee" is two), and
    the second ends in a head.  "Brown and Williamson" (no head) stays two."""
    and_at = {t[1]: t for t in toks if t[0] == "and"}
    out: list[list[_Tok]] = []
    for run in runs:
        prev = out[-1] if out else None
        joiner = and_at.get(prev[-1][2] + 1) if prev else None
        if prev and joiner and joiner[2] + 1 == run[0][1] and len(run) >= 2 and fold(run[-1][0]) in ORG_HEADS:
            cut = max((i + 1 for i, t in enumerate(prev) if fold(t[0]) == "the"), default=0)
            lead = prev[cut:]  # after "the" inside the run: "Then the Arts", "Bank of the Arts"
            before = [t for t in toks if t[2] < prev[0][1]][-1:]
            opened = cut > 0 or bool(before and fold(before[0][0]) == "the")
            if opened and 1 <= len(lead) <= 2 and not any(
                    fold(t[0]) in ORG_HEADS or _known(fold(t[0])) or _is_acronym(t[0]) for t in lead):
                rest = prev[: cut - 1] if cut else []
                out[-1:] = ([rest] if rest else []) + [lead + [joiner] + run]
                continue
        out.append(run)
    return out


def _rule_mentions(text: str, lang: str, hints: list[tuple[int, int, str]] | None = None) -> list[Mention]:
    """Runs of capitalised words (see the module docstring); ``hints`` are the Spanish model's
    entities over the same text, ``(start, end, label)`` sorted, used only to label the runs."""
    stop = _stop_words(lang)
    wrapped = _wrapped(text)
    toks = _tokens(text, lang, wrapped)
    # capitalised words seen away from a sentence start
    seen_inside = frozenset(t for t, _s, _e, ss in toks if not ss and _is_cap(t))
    spans: list[tuple[list[_Tok], str | None]] = []
    standalone: set[str] = set()  # names written without "de/of" (to split "Tesla de Musk")
    for run in _and_bodies(_runs(toks, wrapped), toks) if lang == "en" else _runs(toks, wrapped):
        # drop leading stop words ("Também", "The", "Secondo")
        while run and fold(run[0][0]) in stop and not _is_acronym(run[0][0]) and not _name_lead(run) and not (
                len(run) > 1 and _known(fold(" ".join(t[0] for t in run)))):  # "O Globo", "O Antagonista"
            run = run[1:]
            while run and not _is_cap(run[0][0]):
                run = run[1:]
        if not run:
            continue
        words = [fold(t[0]) for t in run]
        if not any(w in OF_WORDS for w in words):
            standalone.add(" ".join(words))
        spans.append((run, None))
    lower = frozenset(t for t, *_ in toks if t.islower())  # words the text writes in lower case
    return _finish(text, spans, stop, "rule", seen_inside, frozenset(standalone), hints, lower, lang)
