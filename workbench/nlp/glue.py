"""Words next to a name that are not part of it: nationality adjectives the same text also writes in
lower case ("el ex mandatario Mexicano" / "mexicano"), and datelines in capitals that end in a dash
("CIUDAD DE MÉXICO.- Dos guardias")."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..numerals import SCALE_WORDS
from ._lexicon import (ARTICLES, EVENT_WORDS, FACILITY_WORDS, FIRST_NAMES, JOINERS, JUNK_ACRONYMS, KNOWN_ORGS, OF_WORDS,
                       OPERATION_WORDS, ORG_HEADS, PLACE_HEADS, STREET_WORDS, country_keys, fold)
from ._known_names import PEOPLE as KNOWN_PEOPLE
from .tokens import (Mention, _Tok, _city_names, _common_words, _given_names, _known, _region_names, _seen_inside,
                     _town_names)

# Endings of Romance nationality adjectives and nouns (es/pt/it): "mexicano", "chilena", "francês",
# "costarricense", "brasileño", "argentino", "italiani", "brasileiros".
_DEMONYM_ENDS = tuple(
    "ano ana anos anas ani ane ense enses eño eña eños eñas és esa eses esas ês esi ino ina inos inas "
    "ini ine eiro eira eiros eiras".split()
)

# After an all-caps span: more words in capitals, then a dash straight after the last one (".-", "-")
_CAPS_DASH = re.compile(r"(?:[ \t]+[^\W\d_a-zß-ÿ]+)*[.,]?[-–—]+(?=\s)")


def _lower_twin(w: str, lower: frozenset[str]) -> bool:
    """A capitalised word the same text also writes in lower case."""
    return len(w) >= 3 and w[:1].isupper() and w[1:].islower() and w.lower() in lower


def _demonym_like(w: str, lower: frozenset[str]) -> bool:
    """A nationality adjective given a capital ("Mexicano" where the text also has "mexicano")."""
    return len(w) >= 5 and _lower_twin(w, lower) and w.lower().endswith(_DEMONYM_ENDS)


def _caps_dateline(text: str, q: list[_Tok]) -> bool:
    """All-caps words that a dash closes: a dateline ("MADRID.-", "CIUDAD DE MÉXICO.-"), not a name."""
    words = [t[0] for t in q]
    if not all(w.isupper() for w in words) or not any(sum(c.isalpha() for c in w) >= 4 for w in words):
        return False
    return _CAPS_DASH.match(text, q[-1][2]) is not None


def _lone_sentence_start(text: str, q: list[_Tok], label: str | None, lower: frozenset[str]) -> bool:
    """One word at a sentence start, never written with a capital elsewhere and in no name list, that
    the Spanish model called MISC, that the text also writes in lower case, or that is a common
    Spanish word and no person's name (``data/common_es.txt``: "Noticia", "Acusan", "Terminas"): a
    headline or sentence opening ("Crisis de marca:", "Descuidos que..."), not a name. Acronyms, known
    names, first names, places and organisation heads stay. The common-word test raised CoNLL span F1
    .867 -> .869 and typed F1 .707 -> .708."""
    if len(q) != 1 or not q[0][3]:
        return False
    w = q[0][0]
    f = fold(w)
    common = label in ("LOC", "ORG", "PER") and f in _common_words() and not _place_or_head(f)
    if label != "MISC" and not _lower_twin(w, lower) and not common:
        return False
    if not w.isalpha() or not w[1:].islower() or _seen_inside(text, w, q[0][1]):
        return False
    return not (_known(f) or f in KNOWN_PEOPLE or f in FIRST_NAMES or f in _city_names() or f in country_keys())


# Saints' words that open a place's name: "São" is also a verb the text writes in lower case ("são"), and
# "São Paulo" is no word before a first name
SAINTS = frozenset("sao san santa santo sant saint sainte st sankt".split())
LEAD_NOUN = "noun"  # the cue of a name whose leading noun phrase was dropped (see lead_noun_of)
_KEEP_LEADS = EVENT_WORDS | FACILITY_WORDS | STREET_WORDS  # "Copa del Rey", "Museo del Prado", "Plaza de Mayo"


def lead_noun_of(q: list[_Tok], text: str, lower: frozenset[str]) -> list[_Tok]:
    """``q`` without a common noun that opens the sentence and the "de" after it: "Seguidores de Peña
    Nieto", "Jugadores de Chivas", "Investigadores de la UNAM", "Estiletazo de Iniesta" -> the name
    after.  The noun is a common Spanish word or one the text also writes in lower case, and names no
    body, place, facility, event or person ("Ministerio de Salud", "Ciudad de México", "Copa del Rey",
    "Hijo del Santo" stay)."""
    if len(q) < 3 or not q[0][3] or fold(q[1][0]) not in OF_WORDS or not q[0][0].isalpha() or not q[0][0][1:].islower():
        return q
    f = fold(q[0][0])
    if not (f in _common_words() or q[0][0].lower() in lower) or _place_or_head(f) or f in _KEEP_LEADS:
        return q
    if _known(f) or f in FIRST_NAMES or f in _given_names() or f in _city_names() or _seen_inside(text, q[0][0], q[0][1]):
        return q
    rest = q[2:]
    if len(rest) > 1 and fold(rest[0][0]) in ARTICLES:
        rest = rest[1:]
    return rest if rest[0][0][:1].isupper() and rest[0][0][1:2].isalpha() else q


def acronym_fits(acronym: str, name: str) -> bool:
    """Whether ``acronym`` is spelt by the words of ``name`` in order, each word giving the first
    letters of itself ("TSE" / "Tribunal Superior Eleitoral", "SOGEM" / "Sociedad General de
    Escritores de México", "Conagua" / "Comisión Nacional del Agua"): every word but joiners
    ("de", "da", "del") gives at least its first letter.  "PMDB" does not fit "Altineu Côrtes"."""
    letters = "".join(c for c in fold(acronym) if c.isalnum())
    words = ["".join(c for c in fold(w) if c.isalnum()) for w in name.split()]
    words = [w for w in words if w]
    if not letters or not words:
        return False

    def fit(i: int, j: int) -> bool:  # letters[i:] from words[j:]
        if j == len(words):
            return i == len(letters)
        w = words[j]
        if w in JOINERS and fit(i, j + 1):
            return True
        k = 0
        while k < len(w) and i + k < len(letters) and w[k] == letters[i + k]:
            k += 1
            if fit(i + k, j + 1):
                return True
        return False

    return len(letters) <= 12 and len(words) <= 12 and fit(0, 0)


def _place_or_head(f: str) -> bool:
    """A folded word that names a place or heads an organisation or a place ("Gobierno", "Congreso")."""
    return f in ORG_HEADS or f in PLACE_HEADS or f in _region_names() or f in _town_names()


def short_form_in_brackets(text: str, long: tuple[int, int, str, str], short: tuple[int, int, str, str]) -> bool:
    """Whether ``short`` (start, end, text, label) is a short form given in brackets right after the
    name ``long``: "Secretaría de la Defensa Nacional (Sedena)", "Agência Nacional de Águas (ANA)",
    "Administración de Medicamentos y Alimentos (FDA, por sus siglas en inglés)".  A short form in
    capitals must be spelt by the name's words (:func:`acronym_fits`; of three letters or more
    unless the name is an organisation: "Paulo Teixeira (PT)" is a deputy and his party), or come
    after an organisation with a comma after it (an acronym in another language, "(FDA, por sus
    siglas en inglés)"; without the comma this cost CoNLL LOC recall).  Otherwise it starts with the
    name's first letter."""
    e0, t0, lab0 = long[1], long[2], long[3]
    s, e, t = short[0], short[1], short[2]
    if " " in t or len(t0.split()) < 2 or len(t) >= len(t0):
        return False
    if not re.fullmatch(r"\s*\(\s*", text[e0:s]) or not re.match(r"\s*[),]", text[e:e + 3]):
        return False
    if lab0 != "LOC" and (fold(t) in country_keys() or fold(t) in _city_names()):
        return False  # "Gunter Grass (Germany)", "Ian McEwan (UK)": where the person is from, not a short form
    if t.isupper():
        if lab0 == "ORG" and text[e:e + 1] == ",":
            return True
        return acronym_fits(t, t0) and (lab0 == "ORG" or sum(c.isalnum() for c in t) >= 3)
    return t[:1].casefold() == t0[:1].casefold()


def nickname_in_quotes(text: str, full: tuple[int, int, str, str], nick: tuple[int, int, str, str]) -> bool:
    """Whether ``nick`` is a person's nickname in quotes right after the full name: 'el actor Xavier
    López "Chabelo"', "Francisco Oliveira 'Tiririca'": one or two capitalised words, the whole quotation."""
    e0, t0, lab0 = full[1], full[2], full[3]
    s, e, t = nick[0], nick[1], nick[2]
    if lab0 != "PER" or len(t0.split()) < 2 or len(t.split()) > 2 or t.isupper():
        return False
    return bool(re.fullmatch(r"[ \t]+[\"“«'‘]", text[e0:s])) and text[e:e + 1] in ("\"", "”", "»", "'", "’")


def drop_scale_word(q: list[_Tok], text: str) -> list[_Tok]:
    """``q`` without a first word that is a number's scale word ("10 Mila GPU Nvidia", "3 Millones De
    Euros") and the joiners after it; ``q`` itself when there is none ("Mila Kunis")."""
    if len(q) > 1 and fold(q[0][0]) in SCALE_WORDS and text[: q[0][1]].rstrip()[-1:].isdigit():
        r = q[1:]
        while r and fold(r[0][0]) in JOINERS:
            r = r[1:]
        return r
    return q


_BRACKETED = re.compile(r"[ \t]*\([ \t]*([A-Z][A-Za-z]{1,7})[ \t]*(?=[,)])")


def bracketed_short_forms(text: str, spans: list[tuple[list[_Tok], str | None]]) -> list[tuple[list[_Tok], str | None]]:
    """Short forms in brackets right after a name of two words or more that the model did not propose
    ("Administración de Medicamentos y Alimentos (FDA, por sus siglas en inglés)"): added as names,
    so that resolution can join them to the long form."""
    out: list[tuple[list[_Tok], str | None]] = []
    for toks, label in spans:
        m = _BRACKETED.match(text, toks[-1][2])
        if len(toks) >= 2 and m and (m.group(1).isupper() or m.group(1)[:1] == toks[0][0][:1]):
            s = m.start(1)
            if not any(t[1] <= s < t[2] for t2, _l in spans for t in t2):
                out.append(([(m.group(1), s, m.end(1), False)], label))
    return out


def shouted_names(spans: Iterable[tuple[list[_Tok], str | None]], text: str, stop: frozenset[str],
                  seen_inside: frozenset[str]) -> Iterator[tuple[list[_Tok], str | None]]:
    """A phrase in capitals ("GEDDEL DIZ QUE LULA SERÁ CHAMADO!") gives only its runs of words that the
    text also writes as names, away from a sentence start or before another capital ("de Lula", "Geddel
    Vieira Lima"): "GEDDEL", "LULA", "GILMAR MENDES" (rule path); other spans pass."""
    for q, cue in spans:
        if (len(q) < 3 or not seen_inside or not all(t[0].isupper() or not t[0].isalpha() for t in q)
                or not any(fold(t[0]) in stop for t in q)):
            yield q, cue
            continue
        run: list[_Tok] = []
        for t in [*q, ("", 0, 0, False)]:
            w = t[0].capitalize()
            if (len(w) >= 3 and w.isalpha() and fold(w) not in stop
                    and (w in seen_inside or re.search(rf"(?<!\w){w} [A-Z]", text))):
                run.append((t[0], t[1], t[2], False))
                continue
            if run and not (len(run) == 1 and fold(run[0][0]) in ORG_HEADS | PLACE_HEADS):  # not "COMUNE"
                yield run, None
            run = []


def _coalition(t: str) -> bool:
    """A hyphenated token of three capitalised names or more, two of them acronyms or more ("PRI-PVEM-Panal",
    "Morena-PT-PES"); two parts are often one thing ("FI-FGTS", "GM-CSF"; "PT-SP" is a party and a state)."""
    parts = t.split("-")
    return (len(parts) >= 3 and all(p[:1].isupper() and p.isalpha() for p in parts)
            and sum(p.isupper() and 2 <= len(p) <= 6 for p in parts) >= 2)


_ACRONYM = re.compile(r"(?<![\w*-])([^\W\d_a-zß-ÿ]{2,6})(?![\w*-])")  # not the corpus's *NUMBER*


def initials_short_forms(text: str, spans: list[tuple[list[_Tok], str | None]],
                         stop: frozenset[str]) -> list[tuple[list[_Tok], str | None]]:
    """Acronyms the model did not propose whose letters are the initials of a name of two words or
    more that it did propose in the same text ("Propone AMLO a Belinda" and "Andrés Manuel López
    Obrador"): added with that name's label, so that resolution joins them; and acronyms of known
    bodies ("de la PGR y de Seguridad Pública"), as organisations.  Not a stop word in capitals
    ("YA LE TIRÓ"), nor initials two names of different labels share."""
    from .names import initials, initials_keeping_acronyms

    labels: dict[str, set[str | None]] = {}
    for toks, label in spans:
        if sum(fold(t[0]) not in ARTICLES for t in toks) >= 2:  # not "El IMSS": an acronym of its own
            name = " ".join(t[0] for t in toks)
            for key in {initials(name), initials_keeping_acronyms(name)}:
                if len(key) >= 2:
                    labels.setdefault(key, set()).add(label)
    taken = [(toks[0][1], toks[-1][2]) for toks, _l in spans]
    out: list[tuple[list[_Tok], str | None]] = []
    for m in _ACRONYM.finditer(text):
        key, (s, e) = fold(m.group(1)), m.span(1)
        known = m.group(1).isupper() and key in KNOWN_ORGS
        if ((len(labels.get(key, ())) == 1 or known) and key not in stop and m.group(1) not in JUNK_ACRONYMS
                and not any(a < e and s < b for a, b in taken)):
            out.append(([(m.group(1), s, e, False)], next(iter(labels[key])) if key in labels else "ORG"))
    return out


# Given "Nickname" Surname: "Miguel “Piojo” Herrera", "Joaquín "el Chapo" Guzmán", "Luiz Inácio "Lula" da Silva"
_WORD = r"[^\W\d_a-zß-ÿ][^\W\d_]+"
_NICKNAME = re.compile(rf" [\"“«](?:[Ee]l |[Ll]a |[Oo] |[Ii]l )?[^\W\d_a-zß-ÿ][^\"”»\n]{{0,24}}[\"”»] "
                       rf"(?:(?:da|de|do|dos|del|di) )?{_WORD}(?: (?:da|de|do|dos|del|di) {_WORD})?(?![\w-])")
_GIVEN_BEFORE = re.compile(rf"(?<![\w-])({_WORD})(?: ({_WORD}))?$")


def quoted_names(text: str, mentions: list[Mention]) -> list[Mention]:
    """Names with quotes inside or after a head: a nickname between given name and surname, an
    operation's quoted name."""
    return _nicknamed(text, _quoted_operations(text, mentions))


def _nicknamed(text: str, mentions: list[Mention]) -> list[Mention]:
    """A person written with a quoted nickname between given names and surname is one name, however
    the parts were proposed ("Miguel", "Piojo", "Herrera" -> "Miguel “Piojo” Herrera", PER); the
    name starts at a given name (not "Operação “Ostium” Cuiabá")."""
    spans = []
    for m in _NICKNAME.finditer(text):
        b = _GIVEN_BEFORE.search(text, max(0, m.start() - 60), m.start())
        if b and fold(b.group(1)) in _given_names():
            spans.append((b.start(1), m.end()))
        elif b and b.group(2) and fold(b.group(2)) in _given_names():
            spans.append((b.start(2), m.end()))
    if not spans:
        return mentions
    kept = [x for x in mentions if not any(s < x.end and x.start < e for s, e in spans)]
    origin = mentions[0].origin if mentions else "rule"
    return sorted(kept + [Mention(s, e, text[s:e], "PER", origin) for s, e in spans], key=lambda x: x.start)


_QUOTED_AFTER = re.compile(r" [\"“«]([^\W\d_a-zß-ÿ][^\"”»\n]{0,40})[\"”»]")


def _quoted_operations(text: str, mentions: list[Mention]) -> list[Mention]:
    """"a Operação “Carne Fraca”": the lone word "Operação" is no name (it was a person); the quoted
    name after it is the operation's (MISC), whatever its parts were."""
    names = {}
    for x in mentions:
        q = _QUOTED_AFTER.match(text, x.end) if fold(x.text) in OPERATION_WORDS else None
        if q:
            names[x.start] = q.span(1)
    if not names:
        return mentions
    spans = set(names.values())
    out = [Mention(x.start, x.end, x.text, "MISC", x.origin) if (x.start, x.end) in spans else x for x in mentions
           if x.start not in names and not any(s <= x.start and x.end <= e and (x.start, x.end) != (s, e) for s, e in spans)]
    have = {(x.start, x.end) for x in out}
    out += [Mention(s, e, text[s:e], "MISC", mentions[0].origin) for s, e in spans if (s, e) not in have]
    return sorted(out, key=lambda x: x.start)
