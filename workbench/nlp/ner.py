"""Named-entity mentions: the spaCy Spanish model where one exists, a precision-first rule elsewhere.

Measured facts behind the design are in ``../shared/GUIDE.md`` section 6 and in ``bench/conll.py``:

* Spanish runs through ``es_core_news_sm`` with only the components NER needs: ``ner`` has its own
  ``tok2vec`` (it does not listen to the shared one), so ``tok2vec``, ``morphologizer``, ``parser``,
  ``attribute_ruler`` and ``lemmatizer`` are excluded and a rule ``sentencizer`` is added (the
  sentence boundaries keep entities from crossing sentences). On CoNLL-2002 this gives exactly the
  same entities as the full pipeline, at about 2.4x the speed.
* The model proposes spans; precision comes from filters (``_clean``) and label correction
  (``_relabel``): sentence-initial adverbs ("Según", "Además"), lower-case fragments ("aseguró"),
  spans that cross punctuation or line breaks, trailing lower-case words ("Gobierno español"),
  pure numbers, words of all-caps headlines, plus company/organisation cues, a first-name list, a
  country/place gazetteer and per-document label consistency ("Musk" is PER when "Elon Musk" is).
* Other languages (pt, it, en, unknown) use runs of capitalised tokens from ``spacy.blank(lang)``'s
  tokenizer with leading stop words dropped and one-word sentence starts kept only when the word is
  seen capitalised elsewhere in the text; labels come from the same cues, default MISC.

Importing this module does not import spaCy; the pipelines load lazily on first use and are cached.

Layout: this module (pipelines, the model path, ``extract``); ``rules`` (the rule path); ``spans``
(the precision filters both paths share); ``labels`` (label cues and per-document consistency);
``cues`` (what the nouns around a name and the text's other names say it is);
``titles`` (titles, roles and nationality words before a name); ``tokens`` (the token view and
word tests); ``_lexicon`` (word lists; country names in ``data/country_names.txt``, cities in
``data/places.txt``, both read on first use); ``_known_names`` (well-known names and their labels,
by hand); ``glue`` (words next to a name that are not part of it); ``gazetteer`` (confirmed entities
found in any text);
``names`` and ``resolve`` (entity resolution).
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ._lexicon import ARTICLES, OF_WORDS, ORG_HEADS, country_keys, fold
from .glue import bracketed_short_forms, initials_short_forms, quoted_names
from .labels import _finish
from .rules import _MAX_LENGTH, _rule_mentions, _silence, _stop_words
from .tokens import _OPEN_QUOTES, Mention, _city_names, _given_names, _Tok, _is_cap, _known, _wrapped

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

__all__ = [
    "LABELS",
    "MODEL_LANGS",
    "Mention",
    "extract",
    "get_nlp",
    "load_bare_model",
    "model_name",
]

LABELS = ("PER", "ORG", "LOC", "MISC")
MODEL_NAME = {"es": "es_core_news_sm"}
MODEL_LANGS = frozenset(MODEL_NAME)
# Components of es_core_news_sm that NER does not need (its ner has an internal tok2vec).
_EXCLUDE = ("tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer")

# The trained pipeline whose labels are lent to the rule path's names in other languages (None: off)
LABEL_MODEL: str | None = "es"
HINT_MAX_CHARS = 200_000  # longer texts on the rule path get no model labels (memory and time)
DEFAULT_BATCH_SIZE = 64


# --------------------------------------------------------------------------------------------
# Pipelines (lazy, cached)

_lock = threading.Lock()


def model_name(lang: str) -> str | None:
    """The trained spaCy pipeline used for ``lang``, or None when the rule fallback is used."""
    return MODEL_NAME.get(lang)


@lru_cache(maxsize=None)
def _load_product(lang: str) -> Language:
    _silence()
    import spacy

    nlp = spacy.load(MODEL_NAME[lang], exclude=list(_EXCLUDE))
    nlp.add_pipe("sentencizer", first=True)
    nlp.max_length = _MAX_LENGTH
    return nlp


def get_nlp(lang: str = "es") -> Language | None:
    """The exact (reduced) pipeline ``extract`` runs for ``lang``; None if it uses the rule path.

    Use it for baselines: ``nlp.pipe`` over the same texts is the bare-model cost of ``extract``.
    """
    if lang not in MODEL_NAME:
        return None
    with _lock:
        return _load_product(lang)


@lru_cache(maxsize=None)
def load_bare_model(lang: str = "es") -> Language:
    """The full trained pipeline, as shipped (all components), for quality baselines."""
    _silence()
    import spacy

    nlp = spacy.load(MODEL_NAME[lang])
    nlp.max_length = _MAX_LENGTH
    return nlp


# --------------------------------------------------------------------------------------------
# Model path


def _sent_start(tok: Any, wrapped: bool) -> bool:
    """Whether a token starts a sentence. The sentencizer marks the line break or the opening quote
    before a sentence's first word ("medicina.\nLa FDA", '. «La Sedena'), so the mark is passed on
    through whitespace and opening quotes, as the rule path does; a line break after a headline
    without a full stop starts one too (unless the text is hard-wrapped)."""
    if tok.is_sent_start:
        return True
    doc, i = tok.doc, tok.i - 1
    while i >= 0 and (doc[i].is_space or all(c in _OPEN_QUOTES for c in doc[i].text)):
        if doc[i].is_sent_start or ("\n" in doc[i].text and (not wrapped or doc[i].text.count("\n") > 1)):
            return True
        i -= 1
    return False


_WORDS = re.compile(r"\S+")
_OF_GAP = re.compile(r" (?:de|del|de la|de los|de las|para la|para el|sobre el|sobre la) ")


def _coordinated_org(prev: list[_Tok], toks: list[_Tok], label: str, gap: str) -> bool:
    """An institution's name that the model cut at "y"/"e" or at "de": the first part opens with an
    organisation head and, before a "y", holds "de" ("Administración de Medicamentos" y "Alimentos",
    "Ministerio de Economía" y "Hacienda"; "Federación Mexicana" de "Futbol", "Centro" de
    "Investigación"); the second is one or two capitalised words that are not a known name or a
    place (nor, before "de", a person's: "Ministerio de Economía" y "Hacienda" is labelled PER)."""
    words = [t[0] for t in prev]
    if gap == " " and words[-1] in ("y", "e"):  # the model kept the "y": "Consejo de Ciencia y" + "Tecnología"
        words, gap = words[:-1], " y "
    of_gap = bool(_OF_GAP.fullmatch(gap))
    tail = fold(" ".join(t[0] for t in toks))
    return (
        (of_gap or gap in (" y ", " e ", " y el ", " y la ") and len(words) >= 3
         and any(fold(w) in OF_WORDS or w == "para" for w in words[1:]))
        and (label != "PER" or len(toks) == 1)
        and (label != "PER" or not of_gap or len(words) == 1 and fold(toks[0][0]) not in _given_names())  # "Secretaría" de "Hacienda"
        and (fold(words[0]) in ORG_HEADS or fold(words[0]) == "centro")  # "Centro" de "Investigación"
        and len(toks) <= 2
        and all(_is_cap(t[0]) and t[0].isalpha() for t in toks)
        and not _known(tail) and tail not in country_keys() and tail not in _city_names()
        and fold(toks[0][0]) not in ORG_HEADS  # two bodies: "Cámara de Representantes" y "el Senado"
    )


def _untagged_body(doc: Any, end: int, toks: list[_Tok], starts: frozenset[int]) -> list[_Tok]:
    """A body's head word that the model tagged alone ("la Secretaría" de Hacienda, "el Instituto" de
    Salud) takes the capitalised words after its "de" that no other span holds."""
    if len(toks) != 1 or fold(toks[0][0]) not in ORG_HEADS:
        return toks
    out, glue = list(toks), list[_Tok]()
    for tok in doc[end : end + 8]:
        t = tok.text
        if tok.idx in starts or tok.is_space:
            break
        if fold(t) in OF_WORDS or (glue and fold(t) in ARTICLES and not _is_cap(t)):
            glue.append((t, tok.idx, tok.idx + len(t), False))
        elif glue and _is_cap(t) and t.isalpha():
            out, glue = out + glue + [(t, tok.idx, tok.idx + len(t), False)], []
        else:
            break
    return out


def _two_people(toks: list[_Tok], label: str | None) -> list[list[_Tok]]:
    """A person's span the model ran across "e" between two names is two people ("Irene Montero e
    Iglesias": no name holds the "e" that Spanish writes for "y" before i-), and so is one across
    "y" before a given name ("Kevin y Jovanny"); "José Ortega y Gasset" stays whole."""
    for k in range(1, len(toks) - 2):  # "y" + an article opens a second name ("Alfonso López y la Fortaleza"), not in
        # a body's or a work's name ("Organización para la Cooperación y el Desarrollo", "las Artes y las Letras")
        if (toks[k][0] in ("y", "e") and toks[k + 1][0] in _ARTICLES_LOW and _is_cap(toks[k - 1][0])
                and _is_cap(toks[k + 2][0]) and label in ("PER", "LOC")
                and not any(fold(t[0]) in OF_WORDS or t[0] == "para" or fold(t[0]) in ORG_HEADS for t in toks[:k])):
            return [toks[:k], *_two_people(toks[k + 2 :], label)]
    if label != "PER":
        return [toks]
    for k in range(1, len(toks) - 1):
        w, nxt = toks[k][0], toks[k + 1][0]
        if (w == "e" or (w == "y" and fold(nxt) in _given_names())) and _is_cap(toks[k - 1][0]) and _is_cap(nxt):
            return [toks[:k], *_two_people(toks[k + 1 :], label)]
    return [toks]


_ARTICLES_LOW = frozenset(("el", "la", "los", "las", "o", "a", "os", "as"))


def _doc_mentions(doc: Any, stop: frozenset[str]) -> list[Mention]:
    text = doc.text
    wrapped = _wrapped(text)
    spans: list[tuple[list[_Tok], str | None]] = []
    prev_end = -1
    starts = frozenset(e.start_char for e in doc.ents)
    for ent in doc.ents:
        toks = [(tok.text, tok.idx, tok.idx + len(tok.text), _sent_start(tok, wrapped)) for tok in ent]
        toks = _untagged_body(doc, ent.end, [t for t in toks if not t[0].isspace()], starts)
        if not toks:
            continue
        label = ent.label_ if ent.label_ in LABELS else "MISC"
        gap = text[prev_end : toks[0][1]] if spans else ""
        if (
            spans
            and (gap == " " or (wrapped and gap.strip(" \t") == "\n"))
            and _is_cap(toks[0][0])
            and _is_cap(spans[-1][0][-1][0])
            and "PER" in (label, spans[-1][1])
            and not _known(fold(ent.text))
            and not _known(fold(" ".join(t[0] for t in spans[-1][0])))
            and not any(fold(t[0]) in ORG_HEADS for t in spans[-1][0] + toks)
        ):
            # one person's name cut in two by the model or by a hard line break ("Andrés" +
            # "Manuel López\nObrador")
            last_toks, last_label = spans[-1]
            spans[-1] = (last_toks + toks, "PER" if "PER" in (label, last_label) else last_label)
        elif spans and _coordinated_org(spans[-1][0], toks, label, gap):
            glue = [(m.group(), m.start(), m.end(), False) for m in _WORDS.finditer(text, prev_end, toks[0][1])]
            spans[-1] = (spans[-1][0] + glue + toks, "ORG")  # "Ministerio de Agricultura" + "y" + "Ganadería"
        else:
            spans.append((toks, label))
        prev_end = toks[-1][2]
    spans = [(part, lab) for toks, lab in spans for part in _two_people(toks, lab)]
    spans = spans + bracketed_short_forms(text, spans)
    spans = sorted(spans + initials_short_forms(text, spans, stop), key=lambda sp: sp[0][0][1])
    lower = frozenset(t.text for t in doc if t.is_lower)  # words the text writes in lower case
    return _finish(text, spans, stop, "model", lower=lower)


# --------------------------------------------------------------------------------------------
# Public entry point


def extract(
    texts: Sequence[str],
    langs: Sequence[str],
    *,
    n_process: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> Iterator[list[Mention]]:
    """Yield the mentions of each text, in input order (one list per text).

    ``langs[i]`` is the ISO 639-1 code of ``texts[i]``. Texts in a language with a trained pipeline
    (Spanish) go through ``nlp.pipe`` with ``n_process`` worker processes (use 2 to use both cores
    during ingest; 1 is best for small jobs since starting workers costs about a second each);
    everything else goes through the rule path in this process. Filtering and relabelling run in
    this process while the workers parse the next batch.
    """
    if len(texts) != len(langs):
        raise ValueError("texts and langs must have the same length")
    model_idx: dict[str, list[int]] = defaultdict(list)
    for i, lang in enumerate(langs):
        if lang in MODEL_NAME:
            model_idx[lang].append(i)
    streams: dict[str, Iterator[Any]] = {}
    # the label model reads ordinary articles only: a huge text stays on the cheap rule path alone
    # and a text with no capital letter has no name for it to label (the rule path finds names by capitals)
    rule_idx = [i for i, lang in enumerate(langs)
                if lang not in MODEL_NAME and len(texts[i]) <= HINT_MAX_CHARS and any(map(str.isupper, texts[i]))]
    hinted = set(rule_idx)
    if rule_idx and LABEL_MODEL:
        # the Spanish model labels the rule path's names in other languages (its spans are not used)
        model_idx.setdefault(LABEL_MODEL, [])
    for lang, idx in model_idx.items():
        nlp = get_nlp(lang)
        assert nlp is not None
        n = n_process if len(idx) >= 2 * batch_size else 1
        streams[lang] = iter(
            nlp.pipe((texts[i] for i in idx), batch_size=batch_size, n_process=n)
        )
    hint_stream: Iterator[Any] | None = None
    if rule_idx and LABEL_MODEL:
        nlp = get_nlp(LABEL_MODEL)
        assert nlp is not None
        n = n_process if len(rule_idx) >= 2 * batch_size else 1
        hint_stream = iter(nlp.pipe((texts[i] for i in rule_idx), batch_size=batch_size, n_process=n))
    for i, (text, lang) in enumerate(zip(texts, langs)):
        if lang in streams:
            yield quoted_names(text, _doc_mentions(next(streams[lang]), _stop_words(lang)))
        else:
            hints = None
            if hint_stream is not None and i in hinted:
                doc = next(hint_stream)
                hints = [(e.start_char, e.end_char, e.label_ if e.label_ in LABELS else "MISC") for e in doc.ents]
            yield quoted_names(text, _rule_mentions(text, lang or "xx", hints))
