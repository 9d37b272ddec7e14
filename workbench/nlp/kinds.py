"""What kind of thing a capitalised name is from the words around it, where its label alone says
nothing: a car make named as a car ("un'Audi nera", "una Fiat Panda"), a one-word name used as a
prize ("Oscar-nominated", "the Oscars"), an adjective that only a body's name holds ("Croce Rossa
Italiana").  Used by :func:`.labels._finish`."""

from __future__ import annotations

import re

from ._lexicon import CAR_MAKES, COMPANY_WORDS, OF_WORDS, ORG_HEADS, company_suffix, country_keys, fold
from .tokens import _is_cap


# Right before a car make, what makes it a car: an indefinite article ("un'Audi nera", "una Fiat", "um Fiat",
# "un Volkswagen"), "on (the)" ("sull'Audi scura", "sulla Ford") or a noun of vehicle ("autos Volkswagen",
# "un camioncino Ford", "un mezzo Honda").
_CAR_BEFORE = re.compile(
    r"(?<![^\W\d_])(?:(?:una|uno|un|uma|um|sulla|auto|autos|automobile|automóvil|automóviles|carro|carros|coche|"
    r"coches|vettura|macchina|furgone|furgoncino|camion|camioncino|mezzo|suv|utilitaria|berlina|moto|scooter|"
    r"caminhonete|caminhão|picape|camioneta|camión)\s+|(?:un|sull|dall|nell)['’]\s*)$",
    re.IGNORECASE,
)
_NOT_A_MODEL = ORG_HEADS | COMPANY_WORDS | frozenset(
    fold(w) for w in "Motor Motors Automobiles Group Company Italia Brasil España Espana Mexico México Chrysler Benz".split()
)


def a_car(text: str, s: int, words: list[str], folded: list[str]) -> bool:
    """A car make named as a car: one with its model after it ("Fiat Panda", "Ford Fiesta", "Audi A4"; not
    "Ford Foundation", "Toyota Motor", "Volkswagen do Brasil"), or alone after an indefinite article, "on
    the" or a vehicle noun ("un'Audi nera", "autos Volkswagen"; not "la automotriz Audi", "a Ford anunciou")."""
    key = " ".join(folded)
    if key in CAR_MAKES:
        return bool(_CAR_BEFORE.search(text, max(0, s - 16), s))
    n = 2 if " ".join(folded[:2]) in CAR_MAKES else 1 if folded[0] in CAR_MAKES else 0
    rest = folded[n:]
    return bool(n and rest and len(rest) <= 2 and not any(f in _NOT_A_MODEL or f in OF_WORDS or f in CAR_MAKES
                                                       or company_suffix(f) or f in country_keys() for f in rest)
                and all(_is_cap(w) or any(c.isdigit() for c in w) for w in words[n:]))


# Adjectives in the name of a body, never in a person's ("Croce Rossa Italiana", "Força Nacional").
BODY_ADJECTIVES = frozenset(fold(w) for w in "italiana italiano brasileira brasileiro española español mexicana "
                             "mexicano portuguesa português europeia europea europeo european nacional nazionale "
                             "national "
                             "federal federale internacional internazionale international estadual municipal regional "
                             "regionale pública público pubblica pubblico public".split())
_PRIZE_AFTER = re.compile(r"-(?:winning|winner|winners|nominated|nominee|nominees|nomination)\b")


_PLURAL_NAME = re.compile(r"(?<![\w-])([^\W\d_][\w]*)s(?![\w-])")


def a_prize(text: str, t: str, e: int, plurals: dict[str, frozenset[str]]) -> bool:
    """A one-word name used as a prize: "Oscar-nominated", "Bafta-winning", or written in the plural as a
    name elsewhere in the text ("the Oscars", "the Grammys"). ``plurals`` caches the text's capitalised
    words ending in "s", without it (one scan of the text, however many names ask)."""
    if _PRIZE_AFTER.match(text, e):
        return True
    if "" not in plurals:
        plurals[""] = frozenset(m.group(1) for m in _PLURAL_NAME.finditer(text) if m.group(1)[:1].isupper())
    return t in plurals[""]
