"""Entity resolution: which mention names are the same real-world entity (precision first).

The rule (``../shared/GUIDE.md`` section 6; plain ``WRatio``/``token_set_ratio`` thresholds merge
Twitter with Twitter Spaces, Google with Google Fiber and SpaceX with X):

1. ``name_key``: NFKC, accents stripped (``unicodedata``), casefolded, leading articles, joining
   words and company suffixes dropped, then spaces, hyphens and punctuation removed.
2. Names with the same key are the same entity (Nvidia / NVIDIA, Open AI / OpenAI, SpaceX / Space X,
   Twitter / Twitter Inc).
3. Fuzzy merge only for names of two or more words with the same word count, blocked on shared
   words: every word identical except one, and that one alphabetic, at least 5 letters, with
   ``rapidfuzz`` ratio >= 85 *and* at most one edit (two from 12 letters). This keeps
   Igor Babuschkin / Igor Babushkin and refuses Ministerio / Ministro de Hacienda (two edits) and
   Windows 10 / Windows 11. Fuzzy merges also need compatible labels.
4. A lone one-word PER name attaches to the single full PER name of the same source that ends in
   it ("Musk" -> "Elon Musk"), never across sources.

Rejected keys (false positives the user threw away) are never proposed again.
"""

from __future__ import annotations

import re
from functools import lru_cache
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

__all__ = ["Decision", "Resolver", "concept_key", "initials", "name_key", "name_words", "same_entity"]

_ARTICLES = frozenset("el la los las lo the a an o os as il gli le l".split())
_JOINERS = frozenset("de del da das do dos di della delle dello degli dei of du des d y e i and et".split())
_SUFFIXES = frozenset(
    """inc incorporated corp corporation co company ltd limited llc plc gmbh ag sa sau sl slu sas
    spa srl ltda nv bv sarl cia""".split()
)
_SPLIT = re.compile(r"[^\w&.'’]+")


def _fold(s: str) -> str:
    if s.isascii():
        return s.casefold()
    s = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", s))
    return "".join(c for c in s if not unicodedata.combining(c)).casefold()


def name_words(name: str) -> list[str]:
    return list(_name_words(name))


@lru_cache(maxsize=65536)
def _name_words(name: str) -> tuple[str, ...]:
    """The significant words of ``name``: folded, without articles, joiners or company suffixes.

    Dots and apostrophes inside a word are removed ("S.A." -> "sa", "EE.UU." -> "eeuu"); words are
    split at spaces, hyphens and other punctuation.
    """
    raw = [w.replace(".", "").replace("'", "").replace("’", "") for w in _SPLIT.split(_fold(name))]
    words = [w.replace("_", "") for w in raw if w and w != "&"]
    if not words:
        return ()
    kept = list(words)
    while len(kept) > 1 and kept[0] in _ARTICLES:
        kept = kept[1:]
    while len(kept) > 1 and kept[-1] in _SUFFIXES:
        kept = kept[:-1]
    inner = [w for w in kept if w not in _JOINERS]
    return tuple(inner or kept)


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Normalised matching key: ``name_words`` joined without spaces or hyphens."""
    words = _name_words(name)
    if not words:
        return _fold(name).strip()
    return "".join(words)


@lru_cache(maxsize=1)
def _country_concepts() -> dict[str, str]:
    """name key -> "country:XX" for every country name in es / pt / it / en (``data/countries.tsv``,
    CLDR via babel, see ``bench/make_countries.py``). A key two countries share is left out."""
    from pathlib import Path

    path = Path(__file__).with_name("data") / "countries.tsv"
    out: dict[str, str] = {}
    clash: set[str] = set()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return out
    for line in lines:
        code, _, names = line.partition("\t")
        for n in names.split("|"):
            k = name_key(n)
            if not k:
                continue
            if out.setdefault(k, "country:" + code) != "country:" + code:
                clash.add(k)
    for k in clash:
        del out[k]
    return out


def concept_key(name: str) -> str | None:
    """A key shared by the names of one place across languages (Italia / Italy / Itália), or None."""
    return _country_concepts().get(name_key(name))


def initials(name: str) -> str:
    """First letters of the significant words ("Supremo Tribunal Federal" -> "stf")."""
    return "".join(w[0] for w in _name_words(name) if w)


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return 2 <= len(letters) <= 6 and name.isupper() and " " not in name.strip()


def _sub_run(short: Sequence[str], full: Sequence[str]) -> bool:
    """``short`` is a contiguous run of ``full``'s words, and shorter."""
    n, m = len(short), len(full)
    if not n or n >= m:
        return False
    return any(tuple(full[i : i + n]) == tuple(short) for i in range(m - n + 1))


def _head_of(short: str, full: str) -> bool:
    """``full`` is "<short> de/do/of ..." ("Câmara" / "Câmara dos Deputados")."""
    ws = full.split()
    sw = short.split()
    if len(sw) != 1 or len(ws) < 3:
        return False
    lead = 1 if _fold(ws[0]) in _ARTICLES and len(ws) > 3 else 0
    return _fold(ws[lead]) == _fold(sw[0]) and _fold(ws[lead + 1]) in _JOINERS


def _close_word(a: str, b: str) -> bool:
    if a == b:
        return True
    if not (a.isalpha() and b.isalpha()) or min(len(a), len(b)) < 5:
        return False
    budget = 2 if min(len(a), len(b)) >= 12 else 1
    if abs(len(a) - len(b)) > budget:
        return False  # more edits than the budget, whatever the letters
    return fuzz.ratio(a, b) >= 85 and Levenshtein.distance(a, b, score_cutoff=budget) <= budget


def _fuzzy_words(wa: Sequence[str], wb: Sequence[str]) -> bool:
    if len(wa) < 2 or len(wa) != len(wb):
        return False
    diff = 0
    for a, b in zip(wa, wb):
        if a == b:
            continue
        diff += 1
        if diff > 1 or not _close_word(a, b):
            return False
    return diff == 1


def _slots(words: Sequence[str]) -> list[tuple[int, int, str]]:
    n = len(words)
    return [(n, p, w) for p, w in enumerate(words)]


def same_entity(a: str, b: str) -> bool:
    """True when names ``a`` and ``b`` denote the same entity under rules 1-3 (no context)."""
    ka, kb = name_key(a), name_key(b)
    if ka and ka == kb:
        return True
    return _fuzzy_words(_name_words(a), _name_words(b))


def _labels_compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b or "MISC" in (a, b)


@dataclass(slots=True)  # not frozen: a frozen init costs twice as much, and ingest makes one per mention
class Decision:
    """Where one input name goes.

    ``entity_id`` is set when it belongs to an existing entity. Otherwise, unless ``rejected``,
    ``group`` numbers a new entity: every input with the same ``group`` is one new entity, and
    ``canonical`` is the name proposed for it (its longest / most frequent spelling).
    """

    name: str
    label: str
    source_id: int | None
    key: str
    entity_id: int | None = None
    group: int | None = None
    canonical: str | None = None
    rejected: bool = False
    rule: str = ""  # "key", "fuzzy", "surname", "short", "fuller" (a full name for a lone surname), "new", "rejected"


class Resolver:
    """Resolve mention names against existing entities and among themselves.

    ``entities``: ``[(entity_id, label, [aliases...])]`` already in the workspace.
    ``rejected``: keys (``name_key``) or names the user rejected; they are never proposed again.
    """

    def __init__(
        self,
        entities: Iterable[tuple[int, str, Sequence[str]]] = (),
        *,
        rejected: Iterable[str] = (),
    ) -> None:
        self._by_key: dict[str, int] = {}
        self._label: dict[int, str] = {}
        # (word count, position, word) -> aliases of that shape: rule 3 only compares names of one
        # word count that agree at every position but one, so they always share such a slot
        self._by_slot: dict[tuple[int, int, str], set[tuple[int, tuple[str, ...]]]] = defaultdict(set)
        self._per_full: dict[int, list[tuple[str, ...]]] = defaultdict(list)
        # last word of a full PER name -> entities: a lone surname in another source joins the one
        self._surname: dict[str, set[int]] = defaultdict(set)
        self._multi: set[int] = set()  # entities with an alias of two or more words
        self._by_concept: dict[str, int] = {}
        self.rejected: set[str] = set()
        for k in rejected:
            self.reject(k)
        for eid, label, aliases in entities:
            self.add_entity(eid, label, aliases)

    # -- building -------------------------------------------------------------------------
    def add_entity(self, entity_id: int, label: str, aliases: Sequence[str]) -> None:
        self._label[entity_id] = label
        for alias in aliases:
            key = name_key(alias)
            if not key:
                continue
            self._by_key.setdefault(key, entity_id)
            words = _name_words(alias)
            if len(words) >= 2:
                self._multi.add(entity_id)
                for slot in _slots(words):
                    self._by_slot[slot].add((entity_id, words))
                if label == "PER":
                    for w in words[1:]:  # surnames and nicknames, not first names
                        self._surname[w].add(entity_id)
                    self._per_full[entity_id].append(words)
            if label != "ORG":
                concept = concept_key(alias)
                if concept:
                    self._by_concept.setdefault(concept, entity_id)

    def reject(self, name_or_key: str) -> None:
        self.rejected.add(name_key(name_or_key))
        self.rejected.add(name_or_key)

    def is_rejected(self, name: str) -> bool:
        return name_key(name) in self.rejected

    # -- lookups --------------------------------------------------------------------------
    def lookup(self, name: str, label: str | None = None) -> int | None:
        """The existing entity ``name`` belongs to by rules 1-3 (and the same country in another
        language), or None."""
        key = name_key(name)
        if key in self._by_key:
            return self._by_key[key]
        if label != "ORG":
            concept = concept_key(name)
            if concept and concept in self._by_concept:
                return self._by_concept[concept]
        words = _name_words(name)
        if len(words) < 2:
            return None
        found: set[int] = set()
        for slot in _slots(words):
            for eid, other in self._by_slot.get(slot, ()):
                if eid not in found and _fuzzy_words(words, other) and _labels_compatible(label, self._label.get(eid)):
                    found.add(eid)
        return found.pop() if len(found) == 1 else None

    # -- batch resolution -----------------------------------------------------------------
    def resolve(
        self,
        names: Iterable[tuple[str, str, int | None]],
        *,
        source_names: Mapping[int, Iterable[tuple[str, str]]] | None = None,
        links: Iterable[tuple[int, int]] = (),
    ) -> list[Decision]:
        """Decide, for each ``(name, label, source_id)``, its existing entity or its new group.

        ``source_names`` optionally gives, per source id, other ``(name, label)`` pairs of that
        source already stored (so a lone surname can attach to a full name found in an earlier
        pass). The names given here are always used as context for their own source.
        ``links`` are pairs of input indices the text itself says are one entity (a name and the
        acronym in brackets right after it: "Sociedad General de Escritores de México (SOGEM)").
        """
        items = [(n, lab, sid) for n, lab, sid in names]
        keys = [name_key(n) for n, _l, _s in items]
        words = [_name_words(n) for n, _l, _s in items]

        # full PER names per source, for the lone-surname rule
        full_per: dict[int | None, dict[str, str]] = defaultdict(dict)  # sid -> key -> name
        for (n, lab, sid), k, w in zip(items, keys, words):
            if lab == "PER" and len(w) >= 2:
                full_per[sid].setdefault(k, n)
        for sid, pairs in (source_names or {}).items():
            for n, lab in pairs:
                w = _name_words(n)
                if lab == "PER" and len(w) >= 2:
                    full_per[sid].setdefault(name_key(n), n)

        # union-find over the new names
        parent = list(range(len(items)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        def union(i: int, j: int) -> None:
            ri, rj = find(i), find(j)
            if ri != rj:
                parent[max(ri, rj)] = min(ri, rj)

        existing: dict[int, tuple[int, str]] = {}
        looked_up: dict[tuple[str, str], int | None] = {}
        rejected: set[int] = set()
        first_by_key: dict[str, int] = {}
        pending: list[int] = []
        for i, ((n, lab, _sid), k) in enumerate(zip(items, keys)):
            if k in self.rejected or n in self.rejected or not k:
                rejected.add(i)
                continue
            if (n, lab) not in looked_up:  # a name repeats within a source: the state is fixed here
                looked_up[(n, lab)] = self.lookup(n, lab)
            eid = looked_up[(n, lab)]
            if eid is not None:
                existing[i] = (eid, "key" if k in self._by_key else "fuzzy")
                continue
            w = words[i]
            if lab == "PER" and len(w) >= 2 and all(c.isalpha() for c in w[-1]):
                bare = self._by_key.get(w[-1])
                if bare is not None and bare not in self._multi and self._label.get(bare) == "PER":
                    # "Temer" was met alone before: "Michel Temer" is that person, now in full
                    existing[i] = (bare, "fuller")
                    continue
            pending.append(i)
            if lab == "PER" and len(words[i]) == 1:
                continue  # a lone surname: grouped after rule 4, so it cannot leak across sources
            if k in first_by_key:
                union(first_by_key[k], i)
            else:
                first_by_key[k] = i

        # rule 4: a short form of a person's name -> the single full PER name of its source that
        # holds it as a run of words ("Musk" / "Elon Musk", "Gilmar" / "Gilmar Mendes", "López
        # Obrador" / "Andrés Manuel López Obrador", "Lula" / "Luiz Inácio Lula da Silva")
        surname_of: dict[int, str] = {}
        for i in pending:
            n, lab, sid = items[i]
            if lab != "PER" and not (lab == "MISC" and len(words[i]) >= 2):
                continue
            cands = {fk for fk, fn in full_per.get(sid, {}).items() if _sub_run(words[i], _name_words(fn))}
            # variants of one person (Babuschkin / Babushkin) count once
            reps: list[str] = []
            for fk in sorted(cands):
                if not any(same_entity(full_per[sid][fk], full_per[sid][r]) for r in reps):
                    reps.append(fk)
            if len(reps) == 1:
                surname_of[i] = reps[0]

        # rule 3 among the new names, blocked on shared words
        by_slot: dict[tuple[int, int, str], list[int]] = defaultdict(list)
        for i in pending:
            if len(words[i]) >= 2 and first_by_key[keys[i]] == i:
                for slot in _slots(words[i]):
                    by_slot[slot].append(i)
        for i in pending:
            if len(words[i]) < 2 or first_by_key[keys[i]] != i:
                continue
            for slot in _slots(words[i]):
                for j in by_slot[slot]:
                    if j < i and _fuzzy_words(words[i], words[j]) and _labels_compatible(
                        items[i][1], items[j][1]
                    ):
                        union(i, j)

        # attach surnames: to the existing entity of the full name, or to its new group
        via_surname: dict[int, int] = {}
        for i, fk in surname_of.items():
            if fk in first_by_key:
                union(first_by_key[fk], i)
                via_surname[i] = -1
            elif len(words[i]) >= 2:
                continue  # a multi-word short form already has its own group
            else:
                eid = self._by_key.get(fk)
                if eid is None:
                    full = full_per[items[i][2]][fk]
                    eid = self.lookup(full, "PER")
                if eid is not None:
                    via_surname[i] = eid

        # acronym <-> expansion in the same source ("STF" / "Supremo Tribunal Federal", "AMLO" /
        # "Andrés Manuel López Obrador"), and a head word <-> "head de ..." ("Câmara" / "Câmara dos
        # Deputados"): only when a single name of the source fits
        joins: dict[int, int] = {}  # input -> existing entity its group joins

        def join(i: int, j: int) -> None:
            """Input ``i`` (a short form) is the same entity as input ``j`` (its long form)."""
            ei, ej = existing.get(i), existing.get(j)
            if ei and ej:
                return  # both already known: merging entities is the user's decision
            if ej:
                joins[first_by_key.get(keys[i], i)] = ej[0]
            elif ei:
                joins[first_by_key.get(keys[j], j)] = ei[0]
            else:
                union(first_by_key.get(keys[i], i), first_by_key.get(keys[j], j))

        by_source: dict[int | None, list[int]] = defaultdict(list)
        for i in range(len(items)):
            if i not in rejected:
                by_source[items[i][2]].append(i)
        for sid, idx in by_source.items():
            for i in idx:
                n, lab, _ = items[i]
                if _is_acronym(n):
                    fits = {keys[j] for j in idx if j != i and len(words[j]) >= 2 and initials(items[j][0]) == keys[i]}
                elif len(words[i]) == 1 and lab != "PER":
                    fits = {keys[j] for j in idx if j != i and items[j][1] == lab and _head_of(n, items[j][0])}
                else:
                    continue
                if len(fits) != 1:
                    continue
                j = next(j for j in idx if keys[j] in fits)
                join(i, j)
        for a, b in links:
            if a not in rejected and b not in rejected and 0 <= a < len(items) and 0 <= b < len(items):
                join(b, a)

        # the same country in another language (Italia / Italy), among the new names
        first_by_concept: dict[str, int] = {}
        for i in pending:
            if items[i][1] in ("LOC", "MISC") and i not in existing:
                concept = concept_key(items[i][0])
                if concept:
                    if concept in first_by_concept:
                        union(first_by_concept[concept], i)
                    else:
                        first_by_concept[concept] = i

        # a short form that found no full name in its source: the single person of the workspace
        # whose full name holds it after the first name ("Temer" / "Michel Temer", "López Obrador"
        # / "Andrés Manuel López Obrador")
        for i in pending:
            n, lab, _ = items[i]
            if lab not in ("PER", "MISC") or i in surname_of or len(words[i]) > 3 or (lab == "MISC" and len(words[i]) > 1):
                continue
            if len(words[i]) >= 2 and first_by_key.get(keys[i]) != i:
                continue
            eids = {
                eid
                for eid in self._surname.get(words[i][-1], set())
                if any(_sub_run(words[i], full) and tuple(full[: len(words[i])]) != words[i]
                       for full in self._per_full.get(eid, ()))
            }
            if len(eids) == 1:
                eid = next(iter(eids))
                if len(words[i]) == 1:
                    via_surname[i] = eid
                    surname_of[i] = keys[i]
                else:
                    joins[i] = eid

        # lone names that did not attach: rule 2 among themselves (and with same-key names)
        for i in pending:
            if items[i][1] == "PER" and len(words[i]) == 1 and i not in surname_of:
                k = keys[i]
                if k in first_by_key:
                    union(first_by_key[k], i)
                else:
                    first_by_key[k] = i

        # groups joined to an existing entity (an acronym or head word already known)
        joined_to: dict[int, int] = {}
        for i, eid in joins.items():
            joined_to.setdefault(find(i), eid)

        # number groups and choose canonical names
        roots: dict[int, int] = {}
        members: dict[int, list[int]] = defaultdict(list)
        for i in pending:
            if via_surname.get(i, -1) >= 0 or i in existing or find(i) in joined_to:
                continue
            r = find(i)
            members[r].append(i)
        for r in sorted(members):
            roots[r] = len(roots)
        canonical: dict[int, str] = {}
        for r, idx in members.items():
            counts: dict[str, int] = defaultdict(int)
            for i in idx:
                counts[items[i][0]] += 1
            canonical[r] = max(counts, key=lambda s: (len(s.split()), counts[s], len(s), s))

        out: list[Decision] = []
        for i, ((n, lab, sid), k) in enumerate(zip(items, keys)):
            if i in rejected:
                out.append(Decision(n, lab, sid, k, rejected=True, rule="rejected"))
            elif i in existing:
                eid, rule = existing[i]
                out.append(Decision(n, lab, sid, k, entity_id=eid, rule=rule))
            elif find(i) in joined_to:
                out.append(Decision(n, lab, sid, k, entity_id=joined_to[find(i)], rule="short"))
            elif via_surname.get(i, -1) >= 0:
                out.append(Decision(n, lab, sid, k, entity_id=via_surname[i], rule="surname"))
            else:
                r = find(i)
                rule = "surname" if i in via_surname else ("new" if r == i else "key")
                if rule == "key" and keys[r] != k:
                    rule = "fuzzy"
                out.append(
                    Decision(n, lab, sid, k, group=roots[r], canonical=canonical[r], rule=rule)
                )
        return out
