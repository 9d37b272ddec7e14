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

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from ..textutil import ARTICLES, NAME_JOINERS, fold_word, name_key, name_words
from ..unionfind import UnionFind
from .decisions import Catalog, Decision
from .names import (_fuzzy_words, _head_of, _is_acronym, _labels_compatible, _lead_of, _model_of, _slots, _sub_run,
                    _tail_of, concept_key, concept_keys, expands, fuller_of, generic_word, initials,
                    person_name_shape, same_entity, shouted_word, whole_company_of, club_of)

_name_words = name_words  # the cached tuple form (bench/ingest.py clears its cache)
_GLUE_WORDS = ARTICLES | NAME_JOINERS

__all__ = ["Catalog", "Decision", "Resolver", "concept_key", "initials", "name_key", "name_words", "same_entity"]


class Resolver:
    """Resolve mention names against existing entities and among themselves.

    ``entities``: ``[(entity_id, label, [aliases...])]`` already in the workspace; or ``catalog``:
    then nothing is held between batches, and each :meth:`resolve` loads only the entities its
    names could match (by key, by a shared word, by country), so memory does not grow with the
    workspace.  ``rejected``: keys (``name_key``) or names the user rejected; never proposed again.
    """

    def __init__(
        self,
        entities: Iterable[tuple[int, str, Sequence[str]]] = (),
        *,
        rejected: Iterable[str] = (),
        catalog: Catalog | None = None,
    ) -> None:
        self._catalog = catalog
        self._clear()
        self.rejected: set[str] = set()
        for k in rejected:
            self.reject(k)
        for eid, label, aliases in entities:
            self.add_entity(eid, label, aliases)

    def _clear(self) -> None:
        self._by_key: dict[str, int] = {}
        self._label: dict[int, str] = {}
        # (word count, position, word) -> aliases of that shape: rule 3 only compares names of one
        # word count that agree at every position but one, so they always share such a slot
        self._by_slot: dict[tuple[int, int, str], set[tuple[int, tuple[str, ...]]]] = defaultdict(set)
        self._per_full: dict[int, list[tuple[str, ...]]] = defaultdict(list)
        # last word of a full PER name -> entities: a lone surname in another source joins the one
        self._surname: dict[str, set[int]] = defaultdict(set)
        self._multi: set[int] = set()  # entities with an alias of two or more words
        self._spelled: dict[int, set[str]] = defaultdict(set)  # initials of those aliases ("pt")
        self._by_concept: dict[str, int] = {}

    def _load_candidates(self, names: Sequence[str]) -> None:
        """Bounded mode: the index holds exactly the catalog's entities that ``names`` could match:
        the same key, the key of a lone word (a surname met alone), a word in common (fuzzy and
        short-form rules), the same country in another language."""
        assert self._catalog is not None
        keys: set[str] = set()
        words: list[tuple[str, ...]] = []
        for n in dict.fromkeys(names):
            keys.add(name_key(n))
            keys.update(name_words(n))
            concept = concept_key(n)
            if concept:
                keys.update(concept_keys(concept))
            words.append(tuple(w for w in n.split() if any(c.isalnum() for c in w) and fold_word(w) not in _GLUE_WORDS))
        self._clear()
        for eid, label, aliases in self._catalog.entity_candidates(keys, words):
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
                self._spelled[entity_id].add(initials(alias))
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
        if self._catalog is not None:
            context = [n for pairs in (source_names or {}).values() for n, _lab in pairs]
            self._load_candidates([n for n, _l, _s in items] + context)
        b = _Batch(self, items, source_names or {})
        b.match_existing()
        b.short_forms_in_source()
        b.fuzzy_among_new()
        b.attach_surnames()
        b.acronyms_and_heads(links)
        b.same_country()
        b.short_forms_in_workspace()
        b.lone_names()
        return b.decisions()


class _Batch:
    """One call of :meth:`Resolver.resolve`: the inputs, their keys and words, and the groups being
    formed (a union-find over input indices; a group's root is its first input).  Each method is
    one rule, run in the order ``resolve`` calls them."""

    def __init__(self, res: Resolver, items: list[tuple[str, str, int | None]],
                 source_names: Mapping[int, Iterable[tuple[str, str]]]) -> None:
        self.res = res
        self.items = items
        self.keys = [name_key(n) for n, _l, _s in items]
        self.words = [name_words(n) for n, _l, _s in items]
        self.sets: UnionFind[int] = UnionFind()
        self.existing: dict[int, tuple[int, str]] = {}  # input -> (entity, rule)
        self.rejected: set[int] = set()
        self.first_by_key: dict[str, int] = {}
        self.pending: list[int] = []  # inputs not matched to an existing entity
        self.surname_of: dict[int, str] = {}  # short form -> key of its full name
        self.via_surname: dict[int, int] = {}  # short form -> entity (-1: joined to a new group)
        self.joins: dict[int, int] = {}  # input -> existing entity its group joins
        self.deferred: dict[int, int] = {}  # lone names whose key match waits for rule 4 (_own_people_first)
        # full PER names per source, for the lone-surname rule: sid -> key -> name
        self.full_per: dict[int | None, dict[str, str]] = defaultdict(dict)
        for (n, lab, sid), k, w in zip(items, self.keys, self.words):
            if lab == "PER" and len(w) >= 2:
                self.full_per[sid].setdefault(k, n)
        for sid, pairs in source_names.items():
            for n, lab in pairs:
                if lab == "PER" and len(name_words(n)) >= 2:
                    self.full_per[sid].setdefault(name_key(n), n)

    def _group(self, i: int) -> None:
        """Rule 2: input ``i`` joins the first input with its key."""
        k = self.keys[i]
        if k in self.first_by_key:
            self.sets.union(self.first_by_key[k], i)
        else:
            self.first_by_key[k] = i

    def match_existing(self) -> None:
        """Rules 1-3 against the workspace's entities (and a full name for a surname met alone)."""
        res, looked_up = self.res, {}
        for i, ((n, lab, _sid), k) in enumerate(zip(self.items, self.keys)):
            if k in res.rejected or n in res.rejected or not k:
                self.rejected.add(i)
                continue
            if (n, lab) not in looked_up:  # a name repeats within a source: the state is fixed here
                looked_up[(n, lab)] = res.lookup(n, lab)
            eid = looked_up[(n, lab)]
            if eid is not None:
                self.existing[i] = (eid, "key" if k in res._by_key else "fuzzy")
                continue
            w = self.words[i]
            if lab == "PER" and len(w) >= 2 and all(c.isalpha() for c in w[-1]):
                bare = res._by_key.get(w[-1])
                if bare is not None and bare not in res._multi and res._label.get(bare) == "PER":
                    # "Temer" was met alone before: "Michel Temer" is that person, now in full
                    self.existing[i] = (bare, "fuller")
                    continue
                fuller = fuller_of(w, {e: res._per_full[e] for x in w[1:] for e in res._surname.get(x, ())
                                       if res._label.get(e) == "PER"})
                if fuller is not None:
                    self.existing[i] = (fuller, "fuller")
                    continue
            self.pending.append(i)
            if not (lab == "PER" and len(w) == 1):
                self._group(i)  # a lone surname is grouped after rule 4: it cannot leak across sources
        self._own_people_first()

    def _own_people_first(self) -> None:
        """A lone name that another article's entity holds ("Batista": Joesley Batista's alias) is
        left to rule 4 when its own source names people in full with it as first name or surname and
        none of them is that entity ("Eike Batista" here: this "Batista" is Eike; but "Lula" inside
        "Marisa Letícia Lula da Silva" is no name of hers)."""
        people: dict[int | None, list[int]] = defaultdict(list)  # the full PER names of each source
        for j, (_n, lab, sid) in enumerate(self.items):
            if lab == "PER" and len(self.words[j]) >= 2:
                people[sid].append(j)
        for i, (eid, _rule) in list(self.existing.items()):
            _n, lab, sid = self.items[i]
            if lab != "PER" or len(self.words[i]) != 1:
                continue
            fulls = [j for j in people.get(sid, ()) if self.words[i][0] in (self.words[j][0], self.words[j][-1])]
            if fulls and all(self.existing.get(j, (None, ""))[0] != eid for j in fulls):
                del self.existing[i]
                self.pending.append(i)
                self.deferred[i] = eid

    def short_forms_in_source(self) -> None:
        """Rule 4: a short form of a person's name -> the single full PER name of its source that
        holds it as a run of words ("Musk" / "Elon Musk", "Gilmar" / "Gilmar Mendes", "López
        Obrador" / "Andrés Manuel López Obrador", "Lula" / "Luiz Inácio Lula da Silva"); of nested full
        names the innermost ("Peña Nieto" in "Enrique Peña Nieto"; "Sergio Machado", not "Transpetro ...")."""
        for i in self.pending:
            n, lab, sid = self.items[i]
            if lab != "PER" and not (lab == "MISC" and len(self.words[i]) >= 2) and not shouted_word(n):
                continue
            full = self.full_per.get(sid, {})
            cands = {fk for fk, fn in full.items() if _sub_run(self.words[i], name_words(fn))}
            # nested names are one person: "Peña" goes to "Peña Nieto", itself a short form of "Enrique Peña Nieto"
            cands = {fk for fk in cands if not any(_sub_run(name_words(full[o]), name_words(full[fk])) for o in cands)}
            reps: list[str] = []  # variants of one person (Babuschkin / Babushkin) count once
            for fk in sorted(cands):
                if not any(same_entity(full[fk], full[r]) for r in reps):
                    reps.append(fk)
            if len(reps) == 1:
                self.surname_of[i] = reps[0]
        for i, eid in self.deferred.items():  # rule 4 could not say who it is here: the key's entity
            if i not in self.surname_of:
                self.pending.remove(i)
                self.existing[i] = (eid, "key")

    def fuzzy_among_new(self) -> None:
        """Rule 3 among the new names, blocked on shared words."""
        words, items = self.words, self.items
        heads = [i for i in self.pending if len(words[i]) >= 2 and self.first_by_key[self.keys[i]] == i]
        by_slot: dict[tuple[int, int, str], list[int]] = defaultdict(list)
        for i in heads:
            for slot in _slots(words[i]):
                by_slot[slot].append(i)
        for i in heads:
            for slot in _slots(words[i]):
                for j in by_slot[slot]:
                    if j < i and _fuzzy_words(words[i], words[j]) and _labels_compatible(items[i][1], items[j][1]):
                        self.sets.union(i, j)

    def attach_surnames(self) -> None:
        """Short forms join the existing entity of their full name, or its new group."""
        for i, fk in self.surname_of.items():
            if fk in self.first_by_key:
                self.sets.union(self.first_by_key[fk], i)
                self.via_surname[i] = -1
            elif len(self.words[i]) >= 2:
                eid = self.res._by_key.get(fk)  # a multi-word short form has its own group: it joins the
                if eid is not None and i not in self.existing:  # known full name ("Andrés Manuel")
                    self.joins.setdefault(self.first_by_key.get(self.keys[i], i), eid)
            else:
                eid = self.res._by_key.get(fk)
                if eid is None:
                    eid = self.res.lookup(self.full_per[self.items[i][2]][fk], "PER")
                if eid is not None:
                    self.via_surname[i] = eid

    def _join(self, i: int, j: int, *, here: bool = False) -> None:
        """Input ``i`` (a short form) is the same entity as input ``j`` (its long form); with ``here``
        (a generic word: "Gobierno" / "Gobierno de España") in this source only, so the short form goes
        to the long form's entity or group, not the long form to what "Gobierno" meant elsewhere."""
        ei, ej = self.existing.get(i), self.existing.get(j)
        if ei and ej:
            if here:
                self.existing[i] = (ej[0], ei[1])
            return  # both already known: merging entities is the user's decision
        fi, fj = self.first_by_key.get(self.keys[i], i), self.first_by_key.get(self.keys[j], j)
        if ej:
            self.joins[fi] = ej[0]
        elif ei and here:
            del self.existing[i]
            self.pending.append(i)
            self.sets.union(fj, i)
        elif ei:
            self.joins[fj] = ei[0]
        else:
            self.sets.union(fi, fj)

    def acronyms_and_heads(self, links: Iterable[tuple[int, int]]) -> None:
        """Acronym <-> expansion in the same source ("STF" / "Supremo Tribunal Federal"), a company <-> its
        name with "Group" ("Altria"), a head word <-> "head de ..." ("Câmara" / "Câmara dos Deputados"), the
        name after a generic head <-> the whole ("Planalto" / "Palácio do Planalto"), an institution's first
        word <-> it ("Supremo" / "Supremo Tribunal Federal"), when one name of the source fits; "(SOGEM)"."""
        items, keys, words = self.items, self.keys, self.words
        by_source: dict[int | None, list[int]] = defaultdict(list)
        for i in range(len(items)):
            if i not in self.rejected:
                by_source[items[i][2]].append(i)
        for idx in by_source.values():
            for i in idx:
                n, lab, _ = items[i]
                if _is_acronym(n):
                    fits = {keys[j] for j in idx if j != i and expands(n, lab, items[j][0], items[j][1])}
                    # "PT" already spells "Partido dos Trabalhadores": here it is this source's "Partido del Trabajo"
                    here = i in self.existing and keys[i] in self.res._spelled.get(self.existing[i][0], ())
                elif lab != "LOC" and (fits := {keys[j] for j in idx if items[j][1] != "LOC" and whole_company_of(n, items[j][0])}):
                    here = False  # "Altria" / "Altria Group", whatever label "Altria" got
                elif len(words[i]) == 1 and lab != "PER":
                    fits = {keys[j] for j in idx if j != i and (items[j][1] == lab and (
                        _head_of(n, items[j][0]) or _tail_of(n, items[j][0]) or (lab == "ORG" and _lead_of(n, items[j][0]))
                        or (lab == "MISC" and _model_of(n, items[j][0]))) or club_of(n, lab, items[j][0], items[j][1]))}
                    here = generic_word(n)
                else:
                    continue
                if len(fits) == 1:
                    self._join(i, next(j for j in idx if keys[j] in fits), here=here)
        for a, b in links:
            if a not in self.rejected and b not in self.rejected and 0 <= a < len(items) and 0 <= b < len(items):
                self._join(b, a)

    def same_country(self) -> None:
        """The same country in another language (Italia / Italy), among the new names."""
        first_by_concept: dict[str, int] = {}
        for i in self.pending:
            if self.items[i][1] in ("LOC", "MISC") and i not in self.existing:
                concept = concept_key(self.items[i][0])
                if concept:
                    if concept in first_by_concept:
                        self.sets.union(first_by_concept[concept], i)
                    else:
                        first_by_concept[concept] = i

    def short_forms_in_workspace(self) -> None:
        """A short form that found no full name in its source: the single person of the workspace
        whose full name holds it after the first name ("Temer" / "Michel Temer")."""
        res, words = self.res, self.words
        for i in self.pending:
            lab, w = "PER" if shouted_word(self.items[i][0]) else self.items[i][1], words[i]  # "ANAYA": maybe a surname
            if lab not in ("PER", "MISC") or i in self.surname_of or len(w) > 3 or (lab == "MISC" and len(w) > 1):
                continue
            if len(w) >= 2 and self.first_by_key.get(self.keys[i]) != i:
                continue
            eids = {
                eid
                for eid in res._surname.get(w[-1], set())
                if any(_sub_run(w, full) and tuple(full[: len(w)]) != w for full in res._per_full.get(eid, ()))
            }
            if len(eids) == 1:
                eid = next(iter(eids))
                if len(w) == 1:
                    self.via_surname[i] = eid
                    self.surname_of[i] = self.keys[i]
                else:
                    self.joins[i] = eid

    def lone_names(self) -> None:
        """Lone names that did not attach: rule 2 among themselves (and with same-key names)."""
        for i in self.pending:
            if self.items[i][1] == "PER" and len(self.words[i]) == 1 and i not in self.surname_of:
                self._group(i)

    def decisions(self) -> list[Decision]:
        """Number the groups, choose their canonical names, and say where each input goes."""
        find = self.sets.find
        joined_to: dict[int, int] = {}  # groups joined to an existing entity (an acronym already known)
        for i, eid in self.joins.items():
            joined_to.setdefault(find(i), eid)
        members: dict[int, list[int]] = defaultdict(list)
        for i in self.pending:
            if self.via_surname.get(i, -1) < 0 and i not in self.existing and find(i) not in joined_to:
                members[find(i)].append(i)
        roots = {r: n for n, r in enumerate(sorted(members))}
        canonical: dict[int, str] = {}
        for r, idx in members.items():
            counts: dict[str, int] = defaultdict(int)
            for i in idx:
                counts[self.items[i][0]] += 1
            lab_of = {self.items[i][0]: self.items[i][1] for i in idx}  # fullest, not "Entregar Lula":
            canonical[r] = max(counts, key=lambda s: (lab_of[s] != "PER" or person_name_shape(s), len(s.split()),
                                                      not s.isupper(), counts[s], len(s), s))
        out: list[Decision] = []
        for i, ((n, lab, sid), k) in enumerate(zip(self.items, self.keys)):
            if i in self.rejected:
                out.append(Decision(n, lab, sid, k, rejected=True, rule="rejected"))
            elif i in self.existing:
                eid, rule = self.existing[i]
                out.append(Decision(n, lab, sid, k, entity_id=eid, rule=rule))
            elif find(i) in joined_to:
                out.append(Decision(n, lab, sid, k, entity_id=joined_to[find(i)], rule="short"))
            elif self.via_surname.get(i, -1) >= 0:
                out.append(Decision(n, lab, sid, k, entity_id=self.via_surname[i], rule="surname"))
            else:
                r = find(i)
                rule = "surname" if i in self.via_surname else ("new" if r == i else "key")
                if rule == "key" and self.keys[r] != k:
                    rule = "fuzzy"
                out.append(Decision(n, lab, sid, k, group=roots[r], canonical=canonical[r], rule=rule))
        return out
