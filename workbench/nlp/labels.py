"""Labels from cheap cues (context words, word lists, the Spanish model's hints, per-document
consistency), and ``finish``: filtered spans -> labelled mentions."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from ._lexicon import (
    ARTICLES, CAR_MAKES, COMPANY_NOUNS, DEMONYMS, DISEASES, EVENT_WORDS, FACILITY_WORDS, FIRST_NAMES, HOLIDAYS,
    HOLIDAY_HEADS, HONORIFICS, IOC_CODES, JOINERS, KIND_ACRONYMS, KNOWN_ORGS, LAW_HEADS, OF_WORDS, OPERATION_WORDS,
    ORG_HEADS, PLACES, PLACE_HEADS, ROLE_WORDS, SPEECH_VERBS, STREET_WORDS, company_suffix, country_keys, fold,
)
from .cues import KIN_WORDS, _after_cue, _colon_titles, role_after, _descriptor_cue, _government_of, _short_form_mates
from .kinds import BODY_ADJECTIVES, a_car, a_prize
from .lists import _list_mates, _quoted_titles
from .glue import LEAD_NOUN, _lone_sentence_start, _lower_twin, nickname_in_quotes, short_form_in_brackets
from .titles import _plural_role
from .spans import _clean
from ._known_names import MEDIA as KNOWN_MEDIA, MISC as KNOWN_MISC, PEOPLE as KNOWN_PEOPLE, PLACES as KNOWN_PLACES
from .tokens import _PARTY_STATE, STREETS_LAST, Mention, common_phrase, _Tok, minister_word, _city_names, _given_names, _region_names, _town_names, _is_acronym, _is_cap, _is_punct, _known, _wrapped


_WORD_BEFORE = re.compile(r"([^\W\d_][\w.'’-]*)[ \t]+(?:(?:o|a|os|as|el|la|los|las|il|lo|la|the|l['’])[ \t]+)?$",
                          re.IGNORECASE)
_PREV_WORD = re.compile(r"(?<![^\W\d_])([^\W\d_]+)[ \t]+$")
_REPORT_NOUNS = frozenset(fold(w) for w in "rapporto report informe relatório relatorio reportagem reportaje "
                          "inchiesta investigación investigação indagine sondaggio encuesta pesquisa survey".split())
# Lower-case nouns of a kind of body that may stand right before its name ("la fundación Indepaz", "el
# partido Morena", "o grupo Ultraje a Rigor"); not "governo" ("o governo Temer" is the person's government).
_ORG_KINDS = frozenset(fold(w) for w in "fundación fundação fondazione foundation partido partito party asociación "
                       "associação associazione association sindicato sindacato grupo gruppo group organización "
                       "organização organizzazione organization organisation movimiento movimento federación "
                       "federazione federation instituto istituto institute universidad universidade università "
                       "university club".split())
# "chief executive of Panlogic", "the takeover of Metlife": a company's people and deals, before "of"
_COMPANY_PEOPLE = frozenset("executive chairman chairwoman boss owner owners shareholders shareholder takeover".split())
_WORK_LEADS = frozenset(("The", "My", "Your", "Our", "His", "Her"))  # no person's or place's name starts so
_IT_A = re.compile(r"(?<![^\W\d_])a[ \t]+$")
_UF_CODES = frozenset("SP RJ MG RS SC BA DF PE PB RN MT GO PI RR RO AP AC".split())
# First words of a place's name that no person's name starts with ("West Yorkshire", "Nova Jersey")
_PLACE_MODIFIERS = frozenset(fold(w) for w in "north south east west northern southern eastern western new nova nueva "
                             "nuova upper lower greater great central norte sul sur sud nord est ovest oeste".split())
_PLACE_PREPS = frozenset(("in", "em", "en", "from", "near", "a", "at", "nel", "nella", "no", "na"))
# Lower-case nouns of a place that name the place after "of" ("la chiesa di Corlo", "il parco della Resistenza",
# "a estação da Luz", "o presídio de Alcaçuz", "o município de Iaciara"); not a stadium ("el estadio del Real Madrid"),
# a house ("la villa di Berlusconi") nor "prisão" ("a prisão de Lula" is his arrest).
_PLACE_NOUNS = frozenset(fold(w) for w in "chiesa igreja iglesia church parco parque park giardini jardim jardín "
                         "stazione estação estación station cimitero cemitério cementerio cemetery pineta "
                         "frazione borgata quartiere bairro barrio presídio presidio cidade città ciudad município "
                         "municipio comune povoado aldeia".split())


def _context_cue(text: str, s: int) -> str | None:
    """A label suggested by the word right before a name: a role noun or an honorific ("o vereador
    Eduardo Suplicy", "Mr Griffin") -> PER; a street word ("via Canaletto Nord") -> LOC; a
    preposition of place ("em Camocim", "a Medolla", "in Leicester") -> "LOC?" (weak)."""
    m = _WORD_BEFORE.search(text, max(0, s - 40), s)
    if not m:
        return None
    w = m.group(1)
    if w in KIND_ACRONYMS and m.end(1) + 1 == s:  # "GPU Hopper": a model of that kind; "GPU Nvidia": its maker
        return None if _known(fold(text[s : s + 40].split(None, 1)[0].strip(",.;:"))) else "MISC"
    if w[:1].isupper() and fold(w) not in HONORIFICS:  # a name before: only a preposition between says "OF?"
        prev = _PREV_WORD.search(text, max(0, s - 12), s)  # ("piazza Libertà a Maranello")
        return "OF?" if prev and (fold(prev.group(1)) in _PLACE_PREPS or fold(prev.group(1)) in OF_WORDS) else None
    f = fold(w)
    elided = f.replace("’", "'").split("'")
    if len(elided) == 2 and elided[1] in STREET_WORDS | FACILITY_WORDS:
        return "LOC"  # "all'ospedale Maggiore", "dell'aeroporto Marconi": the noun after the elision
    if f in ROLE_WORDS or f in HONORIFICS or ((f in SPEECH_VERBS or f in KIN_WORDS or _plural_role(f)) and m.end(1) + 1 == s):
        return "PER"  # "o vereador Eduardo Suplicy", "disse Cardoso" (no article between), "sprinters Kostas Kenteris"
    if f in STREET_WORDS or f in FACILITY_WORDS:
        return "LOC"
    if (f in COMPANY_NOUNS or f in _ORG_KINDS) and m.end(1) + 1 == s and fold(
            text[s : s + 40].split(None, 1)[0].strip(",.;:")) not in _given_names():  # not "do partido Geraldo Alckmin"
        return "ORG"  # "al supermercato Tigotà", "la fundación Indepaz": the kind of body, right before its name
    if f in OF_WORDS or f == "by":
        w2 = text[max(0, m.start(1) - 30) : m.start(1)].split()
        if w2 and (fold(w2[-1]) in STREET_WORDS or fold(w2[-1]) in _PLACE_NOUNS) and f != "by":
            return "LOC"  # "via della Cella", "rua do Catete", "chiesa di Corlo", "parco della Resistenza"
        if w2 and f == "of" and fold(w2[-1]) in _COMPANY_PEOPLE and not _place_key(
                fold(text[s : s + 40].split(None, 1)[0])):
            return "ORG"  # "chief executive of Panlogic", "chairman of Alcohol Focus Scotland"
        if w2 and fold(w2[-1]).replace("’", "'").split("'")[-1] in _REPORT_NOUNS:
            return "ORG?"  # "un rapporto di Insider", "a report by Oxfam": an outlet or a body (weak)
        if w2 and minister_word(w2[-1]) and f != "by":  # "o ex-ministro da Cultura"
            return "ORG"  # "la ministra de Igualdad", "exsecretario de Hacienda": the ministry
    if f in _PLACE_PREPS and m.end(1) + 1 == s:
        return "LOC?"
    prev = _PREV_WORD.search(text, max(0, s - 12), s)
    if prev and (fold(prev.group(1)) in _PLACE_PREPS or fold(prev.group(1)) in OF_WORDS):
        return "OF?"  # "di Medolla", "luglio a Bomporto": a place if the name is a town (weak)
    return None


def _relabel(
    words: list[str],
    key: str,
    label: str | None,
    cue: str | None = None,
    hint: str | None = None,
    lang: str = "",
) -> str:
    """Label correction from cheap cues.

    ``label`` is the model's guess (None on the rule path); ``cue`` comes from the context (an
    honorific or role noun: PER; a street word: LOC; a preposition of place: "LOC?"); ``hint`` is
    the Spanish model's label for the same words when they were found by the rule path.
    """
    folded = [fold(w) for w in words]
    if key in KNOWN_ORGS:
        return "ORG"
    if key in KNOWN_MISC:
        return "MISC"
    if key in KNOWN_PLACES or (key == "eu" and words[0] == "EU" and lang in ("es", "")):
        return "LOC"  # "EU" is the United States in Mexican Spanish (the European Union is "UE")
    if key in DISEASES or (len(words) == 1 and folded[0].split("-")[0] in DISEASES) or key in HOLIDAYS:
        return "MISC"  # "Covid-19", "Coronavirus": a disease named like an entity; "Christmas", "Navidad"
    if len(words) > 1 and (company_suffix(folded[-1]) or (len(words) >= 3 and "&" in words[1:-1])):
        return "ORG"  # "Grupo Modelo SA"; "Procter & Gamble", "Scottish & Newcastle": partners' names joined
    head = _head(folded)
    by_head = _head_label(words, folded, head, label)
    if by_head is not None:
        return by_head
    if len(words) == 1 and (words[0] in IOC_CODES or words[0] in _UF_CODES and lang in ("pt", "")):
        return "LOC"  # "ITA"; "SP", "RJ": a Brazilian state (not PR, ES, MA...: parties and words too)
    if key in country_keys() or (key in PLACES or (
        key in _region_names() and label != "PER" and not (len(words) == 1 and folded[0] in FIRST_NAMES)
        and not (len(key) == 2 and lang not in ("pt", ""))  # a Brazilian state's code ("BA") only in Portuguese
    )) and cue != "PER":  # a region is not a person the model saw ("Guerrero", "Hidalgo" are surnames too),
        # a place-named person has a title before ("a Profa. Lima")
        if label == "ORG" and not words[0].isupper():
            return "ORG"  # a national team or a club named after its city
        return "LOC"
    name_like = all(_is_cap(w) or f in JOINERS or _is_punct(w) for w, f in zip(words, folded)) and not any(
        f in ORG_HEADS for f in folded
    )
    if cue == "PER" and name_like and not (len(words) == 1 and _is_acronym(words[0])):
        return "PER"
    if cue in ("LOC", "ORG") or (cue == "MISC" and label in (None, "PER", "LOC")):
        return cue
    if (len(words) >= 2 and name_like and folded[0] in (FIRST_NAMES if label else _given_names())
            and folded[-1] not in EVENT_WORDS):  # "Jesse Owens Awards": an award named after a person
        return "PER"  # the long list only on the rule path: on CoNLL it cost the model path PER precision
    if head in PLACE_HEADS and len(words) > 1 and label is None and words[0] != "San":
        return "LOC"
    if len(words) == 1 and label is not None:
        return _one_word_model_label(words[0], key, label, cue)
    return label if label is not None else _rule_label(words, folded, key, cue, hint, lang)


_HEADS = PLACE_HEADS | ORG_HEADS
_RANKS = frozenset("suprema supremo superior alto alta gran grande".split())
_EVENT_HEADS = EVENT_WORDS - frozenset("liga lega league open series games tour conference summit".split())


def _head(folded: list[str]) -> str:
    """The word that heads a name: its first after a leading article, the part before a hyphen
    when only that is a known head ("Procuradoria-Geral da República", "Secretaria-Geral")."""
    i = 1 if len(folded) > 1 and folded[0] in ARTICLES else 0
    if folded[i] in _RANKS and len(folded) > i + 2 and folded[i + 1] in ORG_HEADS:
        i += 1  # "Suprema Corte de Justicia", "Superior Tribunal de Justiça": the rank is no head
    head = folded[i]
    if "-" in head and head not in ORG_HEADS and head.split("-")[0] in ORG_HEADS:
        head = head.split("-")[0]
    if head not in ORG_HEADS and len(folded) > i + 1 and head[:-1] in ORG_HEADS and head[-1] == "s":
        head = head[:-1]  # a plural head before more words: "Institutos Nacionales de Salud"
    return head


def _head_label(words: list[str], folded: list[str], head: str, label: str | None) -> str | None:
    """The label a name's head word gives it (an operation, a law, a holiday, a street, a body, a
    prize named after a body), or None."""
    if (head in OPERATION_WORDS | LAW_HEADS and len(words) > 1) or (head in HOLIDAY_HEADS and len(words) > 2 and folded[1] in OF_WORDS):
        return "MISC"
    if head in _EVENT_HEADS and len(words) > 1 and words[0][:1].isupper():
        return "MISC"  # "Maratón de Boston", "Copa del Rey", "Festival de Cannes": an event or a prize
    if head in STREET_WORDS and len(words) > 1 and words[0][:1].isupper():
        return "LOC"  # "Via Martinelli", "Rua Augusta": a street written with its capital
    if (head in ORG_HEADS and label is None and len(words) > 1 and folded[-1] in EVENT_WORDS
            and folded[-2] not in OF_WORDS):
        return "MISC"  # "Academy Awards", "Club World Cup": a prize or a contest named after a body
    if head in ORG_HEADS:
        return "ORG"
    if len(words) > 1 and folded[-1] in STREETS_LAST and words[-1][:1].isupper() and not set(folded) & OF_WORDS:
        return "LOC"  # English puts the street word last: "Downing Street", "Abbey Road", "Trafalgar Square"
    if (len(words) > 1 and folded[-1] in ORG_HEADS and words[-1][:1].isupper() and label in (None, "MISC")
            and not any(f in OF_WORDS for f in folded)):
        return "ORG"  # English puts the head last: "British National Party", "US Treasury"
    return None


def _one_word_model_label(word: str, key: str, label: str, cue: str | None) -> str:
    """The Spanish model's label of a one-word name, corrected by the name lists and the context."""
    if label == "LOC" and key in FIRST_NAMES and key not in _city_names():
        return "PER"  # "Fernanda": a first name alone that no place list holds
    if label == "PER" and cue in ("LOC?", "OF?") and key in _city_names() and key not in _given_names():
        return "LOC"  # "los de Torreón", "en Torreón": a city after a preposition of place
    if _is_acronym(word) and label in ("PER", "LOC", "MISC") and word.isupper():
        return "ORG"  # "La FDA": an acronym is an organisation far more often than anything else
    return label


_PARTY_TAG = re.compile(r"[ \t]*[(\[]" + _PARTY_STATE.pattern + r"[)\]]")
_INITIALS = re.compile(r"(?:[A-Z]\.\s?){2,4}|(?:[A-Z]\.){1,3}[A-Z]")


_ARTICLE_BEFORE = re.compile(r"(?<![^\W\d_])(?:o|a|os|as|um|uma|el|la|los|las|un|una|il|lo|gli|i|le|the|an?|"
                             r"(?:de|a|da|ne|su)(?:l|llo|lla|i|gli|lle)|dos|das|nos|nas)\s+$",
                             re.IGNORECASE)


def _initials(words: list[str]) -> bool:
    """Whether a name is written as initials with dots ("T. M.", "D.B.M", "H.R.")."""
    return bool(_INITIALS.fullmatch(" ".join(words)))


def _rule_label(words: list[str], folded: list[str], key: str, cue: str | None, hint: str | None, lang: str = "") -> str:
    """The label of a rule-path name that no stronger cue decided: an event word, a city, a first
    name, a preposition of place, an acronym, else the Spanish model's hint, else MISC."""
    if any(f in EVENT_WORDS for f in folded[1:]):
        return "MISC"
    if len(words) >= 3 and folded[1] in OF_WORDS and folded[0] not in _given_names() and _place_key(" ".join(folded[2:])):
        return "LOC"  # "Arceto di Scandiano", "Pieve di Coriano": a village of a known town
    if key in _city_names() and not (len(words) == 1 and folded[0] in FIRST_NAMES):
        return "LOC"
    if key in _town_names() and (cue in ("LOC?", "OF?") or hint in (None, "LOC", "MISC")):
        return "LOC"  # a town: where the context says place, or the model has no person in mind
    if len(words) == 1 and folded[0] in FIRST_NAMES:
        return "PER"
    if cue == "ORG?" and len(words) == 1 and folded[0] not in _given_names() and not _place_key(key):
        return "ORG"  # "un rapporto di Insider": who publishes a report, not a place
    if cue == "LOC?" and hint != "ORG" and not _is_acronym(words[0]) and folded[0] not in FIRST_NAMES:
        return "LOC"
    if len(words) == 1 and words[0].isupper() and _is_acronym(words[0]) and hint in (None, "MISC", "PER"):
        return "ORG"  # an acronym is an organisation far more often than anything else
    if hint is not None:
        if len(words) == 1 and _is_acronym(words[0]) and hint in ("PER", "LOC"):
            return "ORG"
        if (hint == "LOC" and (cue is None or (cue == "OF?" and lang == "pt")) and lang in ("pt", "en")
                and len(words) <= 3 and not _place_key(key)
                and folded[0] not in PLACE_HEADS | _PLACE_MODIFIERS
                and all(_is_cap(w) and _name_word(w) and not w.isupper() for w in words)):
            # The Spanish model calls a name it does not know in Portuguese or English a place ("Cardoso", "Dirceu",
            # "Chepkemei", "Kenenisa Bekele"); with no place list and no preposition of place to back it, a person
            # is likelier (dev2-4 + gold-30: 9 persons, 1 work; in Italian local news such names are as often
            # hamlets and shops: "alla Campanella", "Tempio", so Italian keeps the hint). In Portuguese "de" is no
            # sign of a place either ("o pai de Neymar"); in English "of" before it is ("the Golden Globes")
            return "PER"
        return hint
    return "MISC"


def _place_key(key: str) -> bool:
    """A folded name that a place list holds (a city, a town, a region or a country)."""
    return key in _city_names() or key in _town_names() or key in _region_names() or key in country_keys()


_ROMAN = re.compile(r"[IVXLC]+")


def _common_words_inside(words: list[str], lower: frozenset[str], cue: str | None) -> bool:
    """A name of several words, one of which the same text also writes in lower case ("Poder
    Executivo" and "o executivo", "Aqui Tem Farmácia Popular" and "tem"): a title, a programme or an
    institution, not a person (unless a role or honorific before it says person)."""
    if cue == "PER" or len(words) < 2:
        return False
    if fold(words[0]) in _given_names() and all(_is_cap(w) or _is_punct(w) for w in words[1:]):
        return False  # "Mark Carroll" where the text also has "the 400m mark": a given name first
    return any(_lower_twin(w, lower) for w in words if fold(w) not in JOINERS)


def _not_a_person(words: list[str]) -> bool:
    """Words that a person's name does not contain: an acronym or a code ("GPU Hopper", "H100"), a
    leading "The" or an "of the", or a well-known company as the first word ("Twitter Spaces",
    "Google Fiber").  A name written all in capitals that starts with a given name ("FÁBIO SILVA" in
    a shouted line) is no acronym."""
    shouted = len(words) > 1 and all(w.isupper() for w in words) and fold(words[0]) in _given_names()
    for w in [] if shouted else words:
        if any(c.isdigit() for c in w):
            return True
        if w.isupper() and sum(c.isalpha() for c in w) >= 2 and "." not in w and not _ROMAN.fullmatch(w):
            return True
    if words[0] in _WORK_LEADS or any(a == "of" and b.lower() == "the" for a, b in zip(words, words[1:])):
        return True  # "The Aviator", "My Left Foot", "Shaun of the Dead": a work's title ("Pitt the Younger" stays)
    return len(words) > 1 and fold(words[0]) in KNOWN_ORGS


def _name_word(w: str) -> bool:
    """Letters, with apostrophes or hyphens inside ("O'Sullivan", "Lewis-Francis")."""
    return w.replace("'", "").replace("’", "").replace("-", "").isalpha()


def _harmonise(
    items: list[tuple[int, int, str, str]], strong: frozenset[int] = frozenset()
) -> list[tuple[int, int, str, str]]:
    """Per-document consistency: a lone surname or first name of a full PER name is PER; else the
    majority label of the same words."""
    if not items:
        return items
    parts_of: set[str] = set()
    for _s, _e, t, lab in items:
        parts = t.split()
        if lab == "PER" and len(parts) >= 2 and all(_is_cap(w) and _name_word(w) for w in parts):
            parts_of.add(parts[-1])
            parts_of.add(parts[0])
            if len(parts) >= 3:
                parts_of.add(" ".join(parts[1:]))  # "El Guerrouj" of "Hicham El Guerrouj"
                if fold(parts[-2]) not in JOINERS | ARTICLES:
                    parts_of.add(parts[-2])  # "Meade" of "José Antonio Meade Kuribreña": the father's surname
    parts_of = {fold(w) for w in parts_of if not _known(fold(w))}  # folded: "Samorì" of "Gian Piero Samori"
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    texts = {t for _s, _e, t, _l in items}
    vk = {t: " ".join(w.capitalize() for w in t.split()) for t in texts if t.isupper() and len(t) > 2}
    vk = {t: vk[t] if vk.get(t) in texts else t for t in texts}
    for s, _e, t, lab in items:
        if vk[t] == t:  # "LULA" in a shouted line takes the label of "Lula" (its own is a guess from capitals)
            votes[t][lab] += 3 if s in strong else 1
    out = []
    for s, e, t, lab in items:
        if fold(t) in parts_of:
            lab = "PER"
        else:
            v = votes[vk[t]]
            (top, n), *rest = v.most_common(2) + [("", 0)]
            if top != lab and n > v[lab] and n > rest[0][1]:
                lab = top
        out.append((s, e, t, lab))
    return out


def _hint_for(hints: list[tuple[int, int, str]], s: int, e: int) -> str | None:
    best, best_n = None, 0
    for hs, he, lab in hints:
        if hs >= e:
            break
        n = min(e, he) - max(s, hs)
        if n > best_n:
            best, best_n = lab, n
    return best


def _corrected(text: str, s: int, e: int, words: list[str], lab: str, cue: str | None, rule: bool,
               plurals: dict[str, frozenset[str]], lower: frozenset[str]) -> str:
    """``lab`` corrected by what the words of the name and around it show it is not (a person
    named by initials, a prize, a body, a product, a car)."""
    t = text[s:e]
    if lab != "LOC" and _initials(words) and not _ARTICLE_BEFORE.search(text, max(0, s - 6), s):
        lab = "PER"  # "T. M.", "D.B.M", "H.R.": a person named by initials ("um B.O.", "O E.I.": a thing)
    elif rule and len(words) == 2 and len(words[0]) == 1 and words[0].isupper() and words[0] not in "AEIOUY" \
            and words[1].istitle() \
            and words[1].isalpha() and not _place_key(f1 := fold(words[1])) and f1 not in _HEADS and f1 not in DEMONYMS:
        lab = "PER"  # "J Gardener (Wessex and Bath)": an initial and a surname (not "A", "E", "O", "Y": words)
    if lab == "PER" and rule and len(words) == 1 and cue != "PER" and (
            a_prize(text, t, e, plurals) or re.search(r"(?<!\w)(?:the|an) $", text[max(0, s - 5) : s], re.I)):
        lab = "MISC"  # "Oscar-nominated", "the Oscars", "an Oscar": the prize, not a person named Oscar; "the Bill"
    if lab == "PER" and len(words) > 1 and any(fold(w) in BODY_ADJECTIVES for w in words[1:]):
        lab = "ORG"  # "Croce Rossa Italiana (di Modena)", "Guarda Nacional": no person's name holds one
    if lab == "LOC" and len(words) > 1 and words[0] in _WORK_LEADS and words[0] != "The":
        lab = "MISC"  # "My Left Foot", "My Beautiful Launderette" ("The Hague" is a place)
    if lab == "PER" and (_not_a_person(words) or _common_words_inside(words, lower, cue)):
        lab = "MISC"
    elif len(words) > 1 and fold(words[0]) in KNOWN_ORGS and fold(words[0]) not in KNOWN_MEDIA and (
            lab in ("PER", "LOC") or (len(words) == 2 and any(c.isdigit() for c in words[1]))):
        lab = "MISC"  # "Twitter Spaces", "Samsung S9": a product of a known company
    if (not rule and lab == "LOC" and len(words) == 1 and cue not in ("LOC", "LOC?") and fold(t) in _given_names()
            and not _place_key(fold(t)) and not _ARTICLE_BEFORE.search(text, max(0, s - 6), s)
            and (s == 0 or text[s - 1] not in "“\"«‘'")):  # not a title in quotes: "“Duelo de pasiones”, “Paloma”"
        lab = "PER"  # "Reik, Belinda, Paty Cantú", "Monica y Phoebe": a given name no place list holds ("la Luna")
    if fold(t) in KNOWN_PEOPLE and cue not in ("LOC", "ORG", "MISC"):
        return "PER"  # "Trump", "Biden" (the Spanish model calls them places), "AMLO" (an acronym, but a person's)
    if a_car(text, s, words, [fold(w) for w in words]):
        return "MISC"
    if lab == "PER" and fold(t) in CAR_MAKES and cue != "PER":
        return "ORG"  # "a Ford anunciou": a make alone is the company ("Harrison Ford" makes "Ford" PER below)
    return lab


def _finish(
    text: str,
    spans: list[tuple[list[_Tok], str | None]],
    stop: frozenset[str],
    origin: str,
    seen_inside: frozenset[str] = frozenset(),
    standalone: frozenset[str] = frozenset(),
    hints: list[tuple[int, int, str]] | None = None,
    lower: frozenset[str] = frozenset(),
    lang: str = "",
) -> list[Mention]:
    items: list[tuple[int, int, str, str]] = []
    strong: set[int] = set()
    plurals: dict[str, frozenset[str]] = {}  # filled on first use by _a_prize
    wrapped = _wrapped(text)
    for toks, label in spans:
        for q, cue in _clean(
            toks,
            text,
            stop,
            model=origin == "model",
            seen_inside=seen_inside,
            lower=lower,
            standalone=standalone,
            wrapped=wrapped,
        ):
            if origin == "model" and _lone_sentence_start(text, q, label, lower):
                continue
            lab = label if cue != LEAD_NOUN else None  # "Jugadores de Chivas" -> "Chivas": it was the players' label
            cue = cue if cue != LEAD_NOUN else None
            s, e = q[0][1], q[-1][2]
            t = text[s:e]
            if _PARTY_TAG.match(text, e) and not (fold(t) in _region_names() or fold(t) in country_keys()):
                # a politician's party and state, not "os Trabalhadores em Goiás (CUT-GO)"
                cue = "PER"  # "Geddel Vieira Lima [PMDB-BA]", "Rodrigo Maia (DEM-RJ)": a politician's party and state
            elif text[e : e + 6].casefold() == "-based" and not t.isupper():
                cue = "LOC"  # "Virginia-based firm", "Boston-based": where a company is (not "AI-based")
            cue = cue or _context_cue(text, s)
            if cue == "OF?" and lang == "it" and _IT_A.search(text, max(0, s - 3), s):
                cue = "LOC?"  # "è accaduto a Budrione": Italian "a" is a preposition of place, never an article
            if cue is None and role_after(text, e) and not _place_key(fold(t)) and _head(fold(t).split()) not in _HEADS:
                cue = "PER"  # "Menzies Campbell, the Liberal Democrats' foreign affairs spokesman" (not "do Rio, a ministra")
            if cue in (None, "LOC?", "OF?"):  # a weak cue yields to what the nouns around the name say
                cue = _descriptor_cue(text, s) or _after_cue(text, s, e) or cue
            hint = _hint_for(hints, s, e) if hints else None
            words = [w for w, *_ in q]
            lab = _corrected(text, s, e, words, _relabel(words, fold(t), lab, cue, hint, lang), cue,
                             origin == "rule", plurals, lower)
            if lab == "PER" and lang == "en" and cue != "PER" and common_phrase(words):
                lab = "MISC"  # "Early Warning System", "Cloud Atlas": common words name no person
            items.append((s, e, t, lab))
            if cue in ("PER", "LOC", "MISC", "ORG") and lab == cue:
                strong.add(s)  # a role noun, a street word or a descriptor before it: worth three guesses
    items = _colon_titles(text, _government_of(_list_mates(text, _quoted_titles(text, sorted(items)))))
    items = _short_form_mates(_acronym_labels(text, items, strong))
    return [Mention(s, e, t, lab, origin) for s, e, t, lab in _harmonise(items, frozenset(strong))]


def _acronym_labels(text: str, items: list[tuple[int, int, str, str]], strong: set[int]) -> list[tuple[int, int, str, str]]:
    """A short form in brackets right after a long name takes its label ("Secretaría de la Defensa
    Nacional (Sedena)", "Agência Nacional de Águas (ANA)"), and weighs three in the document's vote."""
    out = list(items)
    for k in range(1, len(out)):
        if nickname_in_quotes(text, out[k - 1], out[k]):
            out[k] = (*out[k][:3], "PER")  # 'Xavier López "Chabelo"'
            strong.add(out[k][0])
        elif short_form_in_brackets(text, out[k - 1], out[k]):
            s, e, t, _lab = out[k]
            out[k] = (s, e, t, out[k - 1][3])
            strong.add(s)
    return out
