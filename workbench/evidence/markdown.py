"""The Markdown report a person reads: claims grouped by tag, an evidence matrix when claims are
linked, an entity index and the numbered list of sources.

Every piece of text that comes from a source, an entity or a user (quotes, titles, names, notes,
tags, paths) goes through :func:`escape`, so it can never become a heading, a list, a link, an
image, HTML, a code block or a table: it is always plain text.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..store.models import Claim
from ..textutil import display
from .bundle import Bundle

_PUNCT = set("\\`*_{}[]()#+-.!|<>~&=:@/")  # everything Markdown (CommonMark + GFM) gives meaning to


def escape(text: str) -> str:
    """Inline text: one line, every ASCII punctuation mark backslash-escaped (CommonMark lets any
    be escaped), so nothing in it has Markdown meaning."""
    text = display(str(text))  # no escape code, control or bidi override reaches a reader
    return "".join("\\" + ch if ch in _PUNCT else ch for ch in " ".join(text.split()))


def blockquote(text: str) -> str:
    """A quote as a block quote: each line escaped (leading blanks dropped: they would open a code
    block), empty lines kept as paragraph breaks inside the quote."""
    lines = [escape(line) for line in str(text).split("\n")]
    return "\n".join("> " + line if line else ">" for line in lines)


class Numbering:
    """Citation numbers: sources ``[n]`` in order of first citation, claims 1..n."""

    def __init__(self, bundle: Bundle) -> None:
        self.claim_no = {c.id: i + 1 for i, c in enumerate(bundle.claims)}
        self.source_no: dict[int, int] = {}

    def cite(self, source_id: int) -> str:
        n = self.source_no.setdefault(source_id, len(self.source_no) + 1)
        return f"[{n}]"


def render_markdown(bundle: Bundle, *, generated: str = "") -> str:
    num = Numbering(bundle)
    for c in bundle.claims:  # sources are numbered in the order the claims cite them
        num.cite(c.source_id)
    indexed = _indexed_entities(bundle)
    for e in indexed:
        for sid in bundle.entity_sources.get(e.id, []):
            num.cite(sid)
    parts = [_header(bundle, generated), _claims_section(bundle, num)]
    if any(c.links for c in bundle.claims):
        parts.append(_matrix(bundle, num))
    parts.append(_entity_index(bundle, indexed, num))
    parts.append(_source_list(bundle, num))
    return "\n\n".join(p for p in parts if p) + "\n"


def _header(bundle: Bundle, generated: str) -> str:
    counts: dict[str, int] = {}
    for c in bundle.claims:
        counts[c.status] = counts.get(c.status, 0) + 1
    statuses = ", ".join(f"{n} {s}" for s, n in sorted(counts.items(), key=lambda kv: -kv[1])) or "none"
    orphans = sum(c.orphaned for c in bundle.claims)
    lines = ["# Evidence report", "",
             f"- Claims: {len(bundle.claims)} ({statuses})" + (f", {orphans} orphaned" if orphans else ""),
             f"- Sources: {len({c.source_id for c in bundle.claims})} cited, {len(bundle.sources)} in the workspace",
             f"- Entities: {len(_indexed_entities(bundle))} linked to claims",
             f"- Tags: {len({t for c in bundle.claims for t in c.tags})}"]
    if generated:
        lines.append(f"- Generated: {generated}")
    return "\n".join(lines)


def _claims_section(bundle: Bundle, num: Numbering) -> str:
    by_tag: dict[str, list[Claim]] = {}
    untagged = []
    for c in bundle.claims:
        for t in c.tags:
            by_tag.setdefault(t, []).append(c)
        if not c.tags:
            untagged.append(c)
    out = ["## Claims"]
    for tag in sorted(by_tag, key=str.casefold):
        out.append(f"### {escape(tag)}")
        out += [_claim_block(c, bundle, num) for c in by_tag[tag]]
    if untagged:
        out.append("### Untagged")
        out += [_claim_block(c, bundle, num) for c in untagged]
    if len(out) == 1:
        out.append("No claims yet.")
    return "\n\n".join(out)


def _claim_block(c: Claim, bundle: Bundle, num: Numbering) -> str:
    head = f"#### Claim {num.claim_no[c.id]} {num.cite(c.source_id)}"
    facts = [f"- Status: **{c.status}**" + (" (orphaned: the source changed and the quote was not found)"
                                             if c.orphaned else ""),
             f"- Id: `{c.id}` · characters {c.start}–{c.end}"]
    if c.entities:
        facts.append("- Entities: " + ", ".join(f"{escape(e['name'])} ({escape(e['label'])})" for e in c.entities))
    if c.note:
        facts.append("- Note: " + escape(c.note))
    related = _related_line(c, bundle, num)
    if related:
        facts.append("- " + related)
    return "\n\n".join([head, blockquote(c.quote), "\n".join(facts)])


def _related_line(c: Claim, bundle: Bundle, num: Numbering) -> str:
    """``Corroborated by [2], [4]; contradicted by [3].`` (sources of the linked claims)."""
    parts = []
    for relation, words in (("corroborates", "corroborated by"), ("contradicts", "contradicted by")):
        cites = _unique(num.cite(bundle.claim_by_id[lk.claim_id].source_id)
                        for lk in c.links if lk.relation == relation and lk.claim_id in bundle.claim_by_id)
        if cites:
            parts.append(f"{words} {', '.join(cites)}")
    if not parts:
        return ""
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _matrix(bundle: Bundle, num: Numbering) -> str:
    """For each group of linked claims: its claims (rows) x their sources (columns), saying what
    each source says.  One small table per group keeps the section readable (and linear in size)."""
    lines = ["## Evidence matrix", "",
             "What each source says about each linked claim: *source* (the claim is quoted from it), "
             "*supports*, *contradicts* or *silent*.  One table per group of linked claims."]
    for group in _link_groups(bundle):
        cols = _unique(num.cite(c.source_id) for c in group)
        by_cite = {num.cite(c.source_id): c.source_id for c in group}
        lines += ["", "Claims " + ", ".join(str(num.claim_no[c.id]) for c in group) + ":", "",
                  "| Claim | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
        for c in group:
            cells = [_cell(c, by_cite[col], bundle) for col in cols]
            lines.append(f"| {num.claim_no[c.id]} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _link_groups(bundle: Bundle) -> list[list[Claim]]:
    """Connected groups of claims joined by corroborates / contradicts links, in claim order."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for c in bundle.claims:
        for lk in c.links:
            if lk.claim_id in bundle.claim_by_id:
                parent[root(c.id)] = root(lk.claim_id)
    groups: dict[str, list[Claim]] = {}
    for c in bundle.claims:
        if c.id in parent:
            groups.setdefault(root(c.id), []).append(c)
    return list(groups.values())


def _cell(c: Claim, source_id: int, bundle: Bundle) -> str:
    if c.source_id == source_id:
        return "source"
    rels = {lk.relation for lk in c.links
            if lk.claim_id in bundle.claim_by_id and bundle.claim_by_id[lk.claim_id].source_id == source_id}
    if "contradicts" in rels and "corroborates" in rels:
        return "supports and contradicts"
    if "contradicts" in rels:
        return "contradicts"
    return "supports" if rels else "silent"


def _indexed_entities(bundle: Bundle) -> list:
    ids = {e["id"] for c in bundle.claims for e in c.entities}
    return sorted((e for e in bundle.entities if e.id in ids), key=lambda e: e.name.casefold())


def _entity_index(bundle: Bundle, entities: list, num: Numbering) -> str:
    if not entities:
        return ""
    claims_of: dict[int, list[int]] = {}
    for c in bundle.claims:
        for e in c.entities:
            claims_of.setdefault(e["id"], []).append(num.claim_no[c.id])
    out = ["## Entities", ""]
    for e in entities:
        srcs = [f"[{n}]" for n in sorted({num.source_no[s] for s in bundle.entity_sources.get(e.id, [])})]
        line = f"- **{escape(e.name)}** ({escape(e.label)})"
        if e.aliases:
            line += " · aliases: " + ", ".join(escape(a) for a in e.aliases)
        line += " · claims: " + ", ".join(str(n) for n in claims_of.get(e.id, []))
        if srcs:
            line += " · sources: " + ", ".join(srcs)
        out.append(line)
    return "\n".join(out)


def _source_list(bundle: Bundle, num: Numbering) -> str:
    if not num.source_no:
        return ""
    out = ["## Sources", ""]
    for sid, n in sorted(num.source_no.items(), key=lambda kv: kv[1]):
        s = bundle.source_by_id[sid]
        title = escape(s.title) or "(untitled)"
        out.append(f"{n}. {title} · {escape(s.lang)} · {escape(s.path)} · sha256 `{s.sha256}`")
    return "\n".join(out)
