"""A title, role, honorific or nationality word before a person's name, and what it says: "Prime
Minister Tony Blair", "Mr Griffin", "Deputado Tiririca", "Briton Hayley Yelling" -> the name, PER."""

from __future__ import annotations

from ._lexicon import (ARTICLES, DEMONYMS, EVENT_WORDS, HONORIFICS, JOINERS, KNOWN_ORGS, OF_WORDS, ORG_HEADS, PLACE_HEADS,
                       ROLE_WORDS, fold)
from .tokens import _Tok, _city_names, _common_en, _given_names, _is_cap, _is_junk_word, _is_punct, _raw_given_names, _town_names


# Words that may open a title before a person's name besides the role nouns ("Prime Minister Tony
# Blair", "Vice President", "First Lady", "Chancellor Gordon Brown", "Deputado Federal Jair Bolsonaro").
_TITLE_WORDS = ROLE_WORDS | HONORIFICS | frozenset(
    fold(w) for w in "prime vice deputy chancellor shadow first former ex federal estadual general "
    "primer primeiro primo federale nacional national chief executive prince princess príncipe principe "
    "princesa principessa duke duchess duque duquesa duca duchessa rabbi rabino rabbino sheikh imam "
    "ayatollah pastor frei fray jefe jefa adjunto adjunta".split()
)


# Role words that also open names of things ("General Motors", "Premier League", "Chief Executive",
# "Fiscal Year", "Re Sole"): dropped before a name only when a given name follows (``_strip_title``).
_NAME_ROLES = frozenset(fold(w) for w in "general premier chief fiscal re host player padre pm leader".split())


def _strip_title(q: list[_Tok]) -> tuple[list[_Tok], str | None]:
    """A title of several words before a person's name: "Prime Minister Tony Blair", "Presidente Andrés
    Pastrana", "Ministro de Hacienda Luis Videgaray", "UK Chancellor Gordon Brown" -> the name from its
    first given name on, when a role or title word comes before it and the name is all capitalised."""
    i0 = 1 if len(q) > 2 and fold(q[0][0]) in ARTICLES else 0  # "La Reina Sofía"
    if len(q) < 2 or not _is_cap(q[i0][0]):
        return q, None
    titled = False  # a role or title word seen before the name ("UK Chancellor", "Foreign Secretary")
    for k in range(i0, len(q)):
        w = q[k][0]
        f = fold(w)
        if k > i0 and titled and f in _given_names() and _is_cap(w) and f not in _TITLE_WORDS:
            rest = q[k:]
            if len(rest) == 1 and fold(q[k - 1][0]) in OF_WORDS:
                return q, None  # "Secretaría de Salud", "Ministerio de Economía y Hacienda": a body's name, not a person
            if all(_is_cap(t[0]) or fold(t[0]) in JOINERS for t in rest) and _is_cap(rest[-1][0]):
                return rest, "PER"
            return q, None
        titled = titled or f in _TITLE_WORDS
        if not (f in _TITLE_WORDS or f in OF_WORDS or f in ARTICLES or (_is_cap(w) and k <= i0 + 3)):
            return _after_role(q, i0)
    return _after_role(q, i0)


def _after_role(q: list[_Tok], i0: int) -> tuple[list[_Tok], str | None]:
    """A role noun in the title, then two or three capitalised words and nothing else: the person, even
    when no given-name list knows the first name ("Fiscal Policy Minister Heizo Takenaka")."""
    folded = [fold(t[0]) for t in q]
    for k in range(i0, len(q) - 2):
        if folded[k] in ROLE_WORDS and folded[k] not in _NAME_ROLES:
            j = k + 1
            while j < len(q) - 2 and folded[j] in _TITLE_WORDS and folded[j] not in ROLE_WORDS:
                j += 1  # "Foreign Minister Prince Saud Al-Faisal": a title between role and name
            rest = q[j:]
            words = [t for t in rest if t[0] != "-"]  # "Al-Faisal" is three tokens
            if 2 <= len(words) <= 3 and rest[-1][0] != "-" and all(
                    t[0].isalpha() and _is_cap(t[0]) and fold(t[0]) not in _TITLE_WORDS | ORG_HEADS | PLACE_HEADS
                    for t in words):
                return rest, "PER"
    return q, None


_COMPASS = frozenset(fold(w) for w in "north south east west n s e w northern southern eastern western central latin".split())


def _plural_role(f: str) -> bool:
    """A role noun in the plural ("procuradores", "ministros", "deputati")."""
    return any(f.endswith(end) and f[: -len(end)] + add in ROLE_WORDS
               for end, add in (("es", ""), ("s", ""), ("i", "o"), ("i", "e")))


def _body_of_role(q: list[_Tok], *, model: bool) -> list[_Tok] | None:
    """The body named after a role and "de/of": "Ministro do STF", "Procuradores da Lava-Jato" (rule path),
    and on both paths a role of several words ("Redactor Jefe de El Mundo", "El Director General de la
    Policía" -> "El Mundo", "Policía"). None when the span is no such role."""
    q = q[1:] if len(q) > 3 and fold(q[0][0]) in ARTICLES and fold(q[1][0]) in ROLE_WORDS else q
    first = fold(q[0][0])
    plural_role = len(q) > 2 and fold(q[1][0]) in OF_WORDS and _plural_role(first)
    if not (first in ROLE_WORDS or plural_role) or first in _NAME_ROLES or (
            first in ORG_HEADS and q[0][0].lower() != "secretária"):  # the Portuguese role, not the body
        return None  # (not "Secretaria de Segurança Pública", "Secretaría General de la Comunidad Andina": bodies)
    rest = q[1:]
    while len(rest) > 2 and fold(rest[0][0]) in _TITLE_WORDS and fold(rest[1][0]) in OF_WORDS:
        rest = rest[1:]
    titled = len(rest) < len(q) - 1
    if not rest or fold(rest[0][0]) not in OF_WORDS or (model and not titled):
        return None
    rest = rest[1:]
    while titled and len(rest) > 1 and rest[0][0] in ARTICLES:
        rest = rest[1:]  # "de la Policía" (not "El Mundo")
    return rest


def _strip_lead(q: list[_Tok], *, model: bool) -> tuple[list[_Tok], str | None]:
    """Drop an honorific ("Mr Griffin", "Dom Bernardino Marchió"), and on the rule path a role
    ("Deputado Tiririca") or a nationality noun ("Briton Hayley Yelling") before a person's name.
    Returns the rest and "PER" when one was dropped. A nationality of compass words ("South Korean",
    "S Korean", "Latin American") counts as its last word."""
    k = 0
    while k < len(q) - 1 and fold(q[k][0]) in _COMPASS:
        k += 1
    if k and fold(q[k][0]) not in _COMPASS and _is_junk_word(q[k][0]):
        if k == len(q) - 1:
            return q[k:], None  # alone it is a nationality, dropped like "Korean"
        rest, cue = _strip_lead(q[k:], model=model)  # "South Korean Moon Jae-in", not "North American Court"
        if cue:
            return rest, cue
    if len(q) < 2:
        return q, None
    titled, cue = _strip_title(q)
    if cue:
        return titled, cue
    first = fold(q[0][0])
    plural_role = len(q) > 2 and fold(q[1][0]) in OF_WORDS and _plural_role(first) and first not in ORG_HEADS
    body = _body_of_role(q, model=model)
    if body and _is_cap(body[0][0]):
        return body, None
    if (first in ROLE_WORDS or plural_role) and first not in _NAME_ROLES and not model:
        rest = q[1:]
        if all(_is_cap(t[0]) for t in rest):
            return rest, "PER"  # "Deputado Tiririca", "Presidente Lula"
    if first in HONORIFICS or (first + "." in HONORIFICS and q[1][0] == "."):
        rest = q[1:]
        while rest and _is_punct(rest[0][0]):
            rest = rest[1:]
        if rest and _is_cap(rest[0][0]):
            return rest, "PER"
        return q, None
    rest = q[1:]
    if (
        not model
        and first in DEMONYMS
        and len(rest) in (2, 3)  # "Briton Hayley Yelling", "Moroccan Hicham El Guerrouj"
        and all(_is_cap(t[0]) and t[0].isalpha() for t in rest)
        and not any(fold(t[0]) in ORG_HEADS or fold(t[0]) in EVENT_WORDS for t in rest)
        and (fold(rest[0][0]) in _given_names() or fold(rest[0][0]) not in _common_en())  # "European Film Market"
    ):
        return rest, "PER"
    return q, None


_SHIPS = frozenset(("USS", "HMS", "RMS", "SS", "MV", "MS"))  # "USS Carl Vinson" is a ship


def _body_then_person(q: list[_Tok]) -> list[tuple[list[_Tok], str | None]]:
    """An institution's or an office's name of three words or more with "de/of" inside, then a person's
    full name with no comma between: two names ("Departamento de Estado Heather Nauert", "Secretario
    de Gobernación Miguel Osorio Chong"). Institutions named after a person ("Fundación Carlos Slim",
    "Universidad Rey Juan Carlos") have no "de" before the given name and stay whole."""
    folded = [fold(t[0]) for t in q]
    shouted = (len(q) > 1 and q[0][0].isupper() and q[0][0].isalpha() and len(q[0][0]) >= 3 and q[0][0] not in _SHIPS
               and not q[1][0].isupper())  # "2012  EUA Cristian Fernandez", "STF Gilmar Mendes" (not "SAN LUIS POTOSÍ")
    if (len(q) >= 3 and (folded[0] in KNOWN_ORGS or shouted) and folded[1] in _given_names() and len(q) <= 5
            and all(t[0].isalpha() and (_is_cap(t[0]) or fold(t[0]) in JOINERS) for t in q[1:]) and _is_cap(q[-1][0])):
        return [(q[:1], None), (q[1:], "PER")]  # "Foto: Facebook Enrique Peña Nieto": a company's page, then a person
    if (3 <= len(q) <= 4 and (folded[0] in _town_names() or folded[0] in _city_names()) and len(folded[0]) > 4
            and folded[0] not in _raw_given_names() | PLACE_HEADS | ORG_HEADS and folded[1] in _given_names()
            and folded[-1] not in _city_names() and all(_is_cap(t[0]) and t[0].isalpha() for t in q[1:])):
        return [(q[:1], "LOC"), (q[1:], "PER")]  # "il sindaco di Formigine Mario Rossi": a town, then a person
    for k in range(3, len(q) - 1):
        rest = q[k:]
        if (
            folded[k] in _given_names()
            and folded[k - 1] not in OF_WORDS | ARTICLES
            and any(f in OF_WORDS for f in folded[1 : k - 1])
            and (folded[0] in ORG_HEADS | PLACE_HEADS or folded[0] in ROLE_WORDS)
            and 2 <= len(rest) <= 4
            and all(t[0].isalpha() and (_is_cap(t[0]) or fold(t[0]) in JOINERS) for t in rest)
            and _is_cap(rest[-1][0])
            and not any(f in ORG_HEADS | PLACE_HEADS for f in folded[k:])
        ):
            return [(q[:k], None), (rest, "PER")]
    return [(q, None)]
