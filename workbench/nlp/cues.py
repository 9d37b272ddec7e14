"""Labels that the words around a name suggest: a common noun phrase before it ("la empresa
Neuralink"), an apposition or a noun after it ("Kroger, a supermarket chain", "the Kestrel
supercomputer"), and the other names of the same text ("Labour" / "Labour Party", "Bekele" /
"Kenenisa Bekele")."""

from __future__ import annotations

import re

from ._lexicon import COMPANY_NOUNS, OF_WORDS, OPERATION_WORDS, ORG_HEADS, PLACE_HEADS, ROLE_WORDS, THING_NOUNS, fold
from .tokens import _city_names, _given_names, _is_cap, _known

_DETERMINERS = frozenset("el la los las su sus o a os as seu sua seus suas il lo gli i le the its their"
                         # a preposition joined to its article: "a instalação do supercomputador Kestrel"
                         " del al do da dos das ao aos no na nos nas della dello delle degli dei nel nella"
                         " nello nei nelle dal dalla sul sulla".split())
_CLAUSE_END = re.compile(r"[.!?;:\n()\[\]\"“”«»]")


# People whom business news names by the firm they work for: "an economist with ABN Amro", "analyst at Barclays
# Capital", "strategist of Credit Suisse" (a place is never so: "an analyst in London" has no "with" / "at")
_WORKS_AT = re.compile(r"(?<![^\W\d_])(?:analyst|economist|strategist|trader|broker)s?[ \t]+(?:with|at|of)[ \t]+$",
                       re.IGNORECASE)


def _works_at(text: str, s: int) -> bool:
    """Whether a market person and "with" / "at" / "of" stand right before the name at ``s``."""
    return _WORKS_AT.search(text, max(0, s - 40), s) is not None


def _descriptor_cue(text: str, s: int) -> str | None:
    """What the common noun phrase right before a name says it is: "su sistema de conducción
    autónoma Autopilot", "la supercomputadora local de Tesla, Dojo" -> MISC; "la empresa
    Neuralink" -> ORG.  The phrase is lower-case words after a determiner, in the same clause; a
    trailing "de Tesla" (its owner) and one comma may stand between it and the name."""
    if _works_at(text, s) and not _city_names() & {fold(w) for w in text[s : s + 40].split()[:1]}:
        return "ORG"  # "an economist with ABN Amro", "analyst at Barclays Capital": where they work
    window = text[max(0, s - 90) : s]
    cut = max((m.end() for m in _CLAUSE_END.finditer(window)), default=0)
    words = window[cut:].replace(",", " , ").split()
    if words and words[-1] == ",":
        words.pop()
    if len(words) >= 2 and words[-1][:1].isupper() and fold(words[-2]) in OF_WORDS:
        words = words[:-2]  # "... de Tesla, Dojo": the owner of the thing named
    tail: list[str] = []
    for w in reversed(words[-7:]):
        if not w.islower() or w == ",":
            break
        tail.insert(0, fold(w))
    if tail and tail[-1] in OF_WORDS:
        return None  # "la supercomputadora de Tesla": Tesla owns the thing, it is not the thing
    for i, w in enumerate(tail[:-1]):
        if w in _DETERMINERS:
            head = tail[i + 1]
            if head in THING_NOUNS:
                return "MISC"
            if head in COMPANY_NOUNS:
                return "ORG"
    return None


# A name followed by a noun that says what it is: "the Kestrel supercomputer", "the Kroger supermarket
# chain" (English puts the head last), or an apposition: "Kroger, a supermarket chain", "Kestrel, il
# supercomputer del laboratorio", "Funcef, um fundo de pensão".
_NOUN_AFTER = re.compile(r"[ \t]+((?:[a-z][a-z-]*[ \t]+){0,1}[a-z][a-z-]*)\b(?![\w'’])")
_APPOSITION = re.compile(r",[ \t]+(?:an?|the|its|their|un|una|uno|um|uma|il|lo|la|el|o|a)[ \t]+"
                         r"((?:[^\W\d_A-Z][^\W\d_]*[ \t]+){0,3}[^\W\d_A-Z][^\W\d_]*)(?=[ \t]*[,.;:)\n]|[ \t]+\w)")
# "the Kestrel supercomputer", "France's Le Figaro newspaper": a determiner or an owner before the name
_THE_BEFORE = re.compile(r"(?<![^\W\d_])(?:(?i:the|its|their|this|that)|[A-Z][^\W\d_]*['’]s)[ \t]+$")


# ", the Liberal Democrats' foreign affairs spokesman", ", o ex-ministro da Fazenda": a person's role in apposition
_ROLE_APPOSITION = re.compile(r",[ \t]+(?:the|an?|o|a|el|la|il|lo|um|uma|un|una|former|ex)[ \t]+([^,.;:()\n]{1,80})")
# Kin right before a name say person: "his brother Ed", "su marido Kichi", "a mulher Marisa" ("son" is also
# Spanish "they are", "padre" a role already)
KIN_WORDS = frozenset(fold(w) for w in "husband wife brother sister daughter father mother marido esposa esposo "
                      "mujer hermano hermana hija hijo madre mulher irmão irmã filho filha pai mãe marito moglie "
                      "fratello sorella figlio figlia".split())
_BARE_ROLE = re.compile(r",[ \t]+((?:ex-?)?[^\W\d_A-Z][^\W\d_]*)[ \t,]")
_WHO = re.compile(r",[ \t]+(?:who|whose|quien|quienes)\b")
_PHRASE_END = frozenset(("of", "for", "at", "in", "on", "de", "da", "do", "del", "di", "della", "dos", "das", "who",
                         "que", "che", "and", "e", "y"))


def role_after(text: str, e: int) -> bool:
    """Whether an apposition right after a name ends in a role noun (its head, before a preposition or
    the clause end): ", the Liberal Democrats' foreign affairs spokesman" says the name is a person."""
    if _WHO.match(text, e):
        return True  # "Pavey, who came fifth", "Ozuna, quien"
    m = _ROLE_APPOSITION.match(text, e, e + 90)
    if not m:  # with no article, the apposition opens with the role: "Teori Zavascki, ministro do STF"
        b = _BARE_ROLE.match(text, e, e + 40)
        return b is not None and re.sub(r"^ex-?", "", fold(b.group(1))) in ROLE_WORDS
    words: list[str] = []
    for w in m.group(1).split()[:7]:
        if fold(w) in _PHRASE_END:
            break
        words.append(w)
    return bool(words) and re.sub(r"^ex-?", "", fold(words[-1])) in ROLE_WORDS


def _kind(noun: str) -> str | None:
    f = fold(noun)
    return "MISC" if f in THING_NOUNS else "ORG" if f in COMPANY_NOUNS else None


# "Lyric chairman David Johnson", "Balco boss Victor Conte", "Umbro's shares": a company's people and shares
_COMPANY_AFTER = re.compile(r"(?:'s|’s)?[ \t]+(?:boss|chairman|chairwoman|chief executive|shares|shareholders|share "
                            r"price)\b")


def _after_cue(text: str, s: int, e: int) -> str | None:
    """What the words right after a name say it is: a thing (MISC) or a company (ORG). After "the X"
    a lower-case noun of one or two words ("the Kestrel supercomputer"); after a comma, an apposition
    whose head is its last word before a preposition ("a supermarket chain") or its first word when
    a preposition or the clause end follows one or two words ("una catena di supermercati")."""
    if _COMPANY_AFTER.match(text, e, e + 40) and not (_known(f := fold(text[s:e])) or f in _city_names()):
        return "ORG"
    m = _NOUN_AFTER.match(text, e, e + 40)
    if m:
        after = m.group(1).split()
        kind = _kind(after[-1]) or _kind(after[0])
        if kind and _THE_BEFORE.search(text, max(0, s - 30), s):
            return kind
        if _kind(after[0]) == "MISC" and " " not in text[s:e]:
            return "MISC"  # "Android phones", "PlayStation console": a thing named by a brand
    m = _APPOSITION.match(text, e, e + 80)
    if not m:
        return None
    words: list[str] = []
    for w in m.group(1).split():
        if fold(w) in OF_WORDS or fold(w) in ("by", "for", "in", "que", "che", "who", "which", "that"):
            break
        words.append(w)
    if not words:
        return None
    if len(words) <= 2 and _kind(words[0]):
        return _kind(words[0])
    return _kind(words[-1])


def _short_form_mates(items: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """Names that the same text also writes in a longer form lend each other a label: a one-word name
    with no label of its own (MISC) is ORG when "<name> <organisation head>" is ("Labour" / "Labour
    Party") and the name of an operation is MISC alone too ("Lava Jato" / "Operação Lava Jato"); a two-word name that is not PER is PER when its last word alone is ("Kenenisa Bekele" /
    "Bekele": a place is not named by its last word); a word in capitals made of the initials of a
    full PER name is that person ("AMLO")."""
    heads = {t.split()[0] for _s, _e, t, lab in items
             if lab == "ORG" and len(t.split()) == 2 and fold(t.split()[1]) in ORG_HEADS and _is_cap(t.split()[1])}
    operations = {t.split(None, 1)[1] for _s, _e, t, lab in items if len(t.split()) >= 2 and (
        fold(t.split()[0]) in OPERATION_WORDS or (lab == "MISC" and _known(fold(t.split()[0]))))}  # "Operação
    # Lava Jato", "Fiat Punto": the operation's or the product's name alone is MISC too
    lone_per = {t for _s, _e, t, lab in items if lab == "PER" and " " not in t}
    initials = {_initials_of(t) for _s, _e, t, lab in items if lab == "PER" and len(t.split()) >= 2}
    out = []
    for s, e, t, lab in items:
        w = t.split()
        if lab == "MISC" and len(w) == 1 and t in heads and not _known(fold(t)):
            lab = "ORG"
        elif t in operations and not _known(fold(t)):
            lab = "MISC"  # "Lava Jato" where the text also has "Operação Lava Jato" (not "Brasil" of "BBC Brasil")
        elif lab != "PER" and len(w) == 1 and t.isupper() and len(t) >= 3 and t in initials and not _known(fold(t)):
            lab = "PER"  # "AMLO" where "Andrés Manuel López Obrador" is, "EPN" with "Enrique Peña Nieto"
        elif (lab in ("LOC", "MISC") and len(w) == 2 and w[1] in lone_per and all(x.isalpha() and _is_cap(x) for x in w)
              and fold(w[0]) not in PLACE_HEADS | ORG_HEADS and not _known(fold(t)) and not _known(fold(w[0]))
              and fold(t) not in _city_names()):  # "Fiat Punto" stays a product though "Punto" alone is PER
            lab = "PER"
        out.append((s, e, t, lab))
    return out


def _initials_of(name: str) -> str:
    """The capitals that start the words of a name, joining words left out ("Andrés Manuel López
    Obrador" -> "AMLO")."""
    return "".join(w[0] for w in name.split() if w[:1].isupper())


_GOVERNMENT = frozenset(("governo", "gobierno", "government"))


def _government_of(items: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """"Governo Temer", "Gobierno Felipe Calderón": a government named by its head, who is the name
    (PER), when the text names that person elsewhere or it is a given name and a surname (not "Gobierno
    Vasco": on CoNLL a given name alone cost span F1 .871 -> .870)."""
    people: set[str] = set()
    for _s, _e, t, lab in items:
        if lab == "PER":
            w = [fold(x) for x in t.split()]
            people.update((" ".join(w), w[0], w[-1]))
    out = []
    for s, e, t, lab in items:
        w = t.split()
        rest = " ".join(w[1:])
        if (len(w) in (2, 3) and fold(w[0]) in _GOVERNMENT and all(_is_cap(x) and x.isalpha() for x in w[1:])
                and (fold(rest) in people or (len(w) == 3 and fold(w[1]) in _given_names())) and not _known(fold(rest))):
            k = t.index(w[1])
            out.append((s + k, e, t[k:], "PER"))
        else:
            out.append((s, e, t, lab))
    return out


_PROSE_BEFORE = re.compile(r"(?<![^\W\d_])[a-z]+[ \t]+$")


def _colon_titles(text: str, items: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """A work's title and its subtitle after a colon are one name, MISC ("Avengers: Infinity War",
    "Prince of Persia: Warrior Within"): the subtitle is two capitalised words or more, one of the
    two parts has no label of its own (MISC), and no lower-case word follows (not a headline's clause:
    "Temer: Reforma Trabalhista vai ...") unless one comes before it too ("won by Prince of Persia:
    Warrior Within was ...": a title inside a sentence).  The whole is ORG when its last part is
    ("Familia: Trans Queer Movimiento", a body's name)."""
    out: list[tuple[int, int, str, str]] = []
    for item in items:
        if out:
            s0, e0, t0, lab0 = out[-1]
            s, e, t, lab = item
            after = text[e : e + 2]
            if (text[e0:s] == ": " and len(t.split()) >= 2 and all(_is_cap(w) for w in t.split())
                    and "MISC" in (lab0, lab) and not (after[:1] == " " and after[1:].islower()
                                                       and not _PROSE_BEFORE.search(text, max(0, s0 - 30), s0))):
                out[-1] = (s0, e, text[s0:e], "ORG" if lab == "ORG" else "MISC")  # the last part is the head
                continue
        out.append(item)
    return out
