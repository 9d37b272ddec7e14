"""Storing a source's mentions: each NER mention resolved to a workspace entity (a known one, a new
one, or none for a rejected name), the confirmed entities' names found by pattern, and what the
resolver learned taught to it once the source's savepoint is released."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..nlp.resolve import Decision
    from ..store import Workspace
    from .analyse import Mention

Learned = list[tuple[int, str, list[str]]]  # (entity id, label, names) the resolver is taught


class Entities:
    """Resolution state for one ingest run: the workspace's entities, rejected names and
    confirmed patterns, kept in memory and taught a file's new entities once its savepoint is
    released (so a rolled-back file cannot leave the resolver pointing at entities that do not
    exist)."""

    def __init__(self, ws: Workspace) -> None:
        from ..nlp.resolve import Resolver

        self.ws = ws
        # bounded: each file's names look their candidates up in the workspace (memory does not grow with it)
        self.resolver = Resolver(rejected=ws.rejected_keys(), catalog=ws)
        self.patterns = ws.confirmed_patterns()
        # label votes of the entities this run created, one per source: a later majority relabels them
        self.votes: dict[int, Counter[str]] = {}
        self._named: set[int] = set()  # entities whose name is known not to be in capitals

    def store(self, source_id: int, text: str, mentions: list[Mention]) -> Callable[[], None]:
        """Write the mentions of one source (inside the caller's savepoint).  Returns the hook that
        teaches the resolver this source's new entities and spellings, to call once the savepoint
        is released (so a file that was rolled back cannot leave the resolver pointing at entities
        that do not exist)."""
        # "Tribunal Superior Eleitoral (TSE)": the acronym in brackets names the same thing
        from ..nlp.glue import nickname_in_quotes, short_form_in_brackets

        # ("Secretaría de la Defensa Nacional (Sedena)", "... (FDA, por sus siglas en inglés)"; not a
        # deputy and his party: "Altineu Côrtes (PMDB)")
        links = [(i, i + 1) for i in range(len(mentions) - 1)
                 if short_form_in_brackets(text, mentions[i][:4], mentions[i + 1][:4])
                 or nickname_in_quotes(text, mentions[i][:4], mentions[i + 1][:4])]  # 'Xavier López "Chabelo"'
        decisions = self.resolver.resolve([(" ".join(t.split()), lab, source_id) for _s, _e, t, lab, _o in mentions],
                                          links=links)
        new_ids, learned = self._create_new(decisions)
        learned += self._add_spellings(decisions)
        self.ws.add_mentions(source_id, self._rows(text, mentions, decisions, new_ids))

        votes = self._source_votes(decisions, new_ids)

        def commit() -> None:
            for eid, label, aliases in learned:
                self.resolver.add_entity(eid, label, aliases)
            self._vote(votes, set(new_ids.values()))

        return commit

    @staticmethod
    def _source_votes(decisions: list[Decision], new_ids: dict[int, int]) -> dict[int, str]:
        """Each entity's label in one source: the label its mentions there have most often."""
        per: dict[int, Counter[str]] = {}
        for d in decisions:
            eid = d.entity_id if d.entity_id is not None else new_ids.get(d.group) if d.group is not None else None
            if eid is not None and not d.rejected:
                per.setdefault(eid, Counter())[d.label] += 1
        return {eid: c.most_common(1)[0][0] for eid, c in per.items()}

    def _vote(self, votes: dict[int, str], created: set[int]) -> None:
        """Cross-source label transfer: an entity created in this run takes the label that most of its
        sources give it ("Lula" MISC from one Portuguese article, PER from three others), so one
        source's guess does not label the entity for every source. Entities made earlier, or by the
        user, keep theirs."""
        changed: list[tuple[str, int]] = []
        for eid, label in votes.items():
            if eid in created:
                self.votes[eid] = Counter({label: 1})
                continue
            c = self.votes.get(eid)
            if c is None:
                continue
            c[label] += 1
            (top, n), *rest = c.most_common(2) + [("", 0)]
            if top == label and n > rest[0][1]:
                changed.append((label, eid))
        if changed:
            self.ws.relabel_proposed(changed)

    def _create_new(self, decisions: list[Decision]) -> tuple[dict[int, int], Learned]:
        """The new entities the decisions group mentions into, created.  Returns {group: entity id}
        and what the resolver is to learn of them."""
        groups: dict[int, list[int]] = {}
        for i, d in enumerate(decisions):
            if d.entity_id is None and not d.rejected and d.group is not None:
                groups.setdefault(d.group, []).append(i)
        new: list[tuple[str, str, list[str]]] = []
        for idx in groups.values():
            names = list(dict.fromkeys(decisions[i].name for i in idx))
            canonical = decisions[idx[0]].canonical or names[0]
            # the label of the fullest name wins ("AMLO" takes the label of its expansion)
            fullest = [decisions[i].label for i in idx if decisions[i].name == canonical]
            label = Counter(fullest or [decisions[i].label for i in idx]).most_common(1)[0][0]
            new.append((canonical, label, names))
        new_ids = dict(zip(groups, self.ws.create_entities(new)))
        return new_ids, [(eid, label, [canonical, *names])
                         for eid, (canonical, label, names) in zip(new_ids.values(), new)]

    def _add_spellings(self, decisions: list[Decision]) -> Learned:
        """New spellings of known entities stored as aliases (a fuller name renames a proposed
        entity); returns what the resolver is to learn of them."""
        from ..nlp.names import person_name_shape

        ws = self.ws
        learned: Learned = []
        spellings: dict[int, Counter[str]] = {}
        for d in decisions:
            if d.entity_id is not None and d.rule != "key":
                ws.add_aliases(d.entity_id, [d.name])  # a new spelling of a known entity
                if d.rule == "fuller" and person_name_shape(d.name):
                    ws.promote_entity_name(d.entity_id, d.name)
                learned.append((d.entity_id, ws.get_entity(d.entity_id).label, [d.name]))
            elif d.entity_id is not None:
                spellings.setdefault(d.entity_id, Counter())[d.name] += 1
        for eid, names in spellings.items():
            ws.add_aliases(eid, sorted(names))  # "Space X" beside "SpaceX": same key, kept as an alias
            # the spelling met most here, accented if tied ("Sérgio Moro" / "Sergio Moro")
            quiet = sorted((n for n in names if len(n.split()) >= 2 and not n.isupper()),
                           key=lambda n: (-names[n], n.isascii(), n))
            if quiet and eid not in self._named:
                name = ws.get_entity(eid).name
                if name.isupper() and len(name.split()) >= 2:  # a headline's "SÉRGIO MORO" named it
                    ws.promote_entity_name(eid, quiet[0])
                else:
                    self._named.add(eid)  # (not after a rename: the file's savepoint may roll it back)
        return learned

    def _rows(self, text: str, mentions: list[Mention], decisions: list[Decision],
              new_ids: dict[int, int]) -> list[tuple[int, int, int, str, str]]:
        """The mention rows of one source: the confirmed entities' names found by pattern first,
        then the NER mentions that overlap none of them and were not rejected."""
        from ..nlp.gazetteer import gazetteer_mentions

        rows: list[tuple[int, int, int, str, str]] = []
        taken: list[tuple[int, int]] = []
        if self.patterns:
            for eid, s, e in gazetteer_mentions(text, self.patterns):
                rows.append((eid, s, e, text[s:e], "rule"))
                taken.append((s, e))
        for (s, e, t, _lab, origin), d in zip(mentions, decisions):
            if d.rejected or any(s < te and ts < e for ts, te in taken):
                continue
            found = d.entity_id if d.entity_id is not None else new_ids.get(d.group) if d.group is not None else None
            if found is not None:
                rows.append((found, s, e, t, origin))
        return rows
