"""The Markdown brief an editor reads: each claim once (grouped by status or by tag), an evidence
matrix for linked claims, an entity index and the numbered list of sources.

Escaping is minimal and exact.  Text from a source, an entity or a user (quotes, titles, names,
notes, tags, URLs) keeps its characters as they are, except where CommonMark (or GFM) would read
them as markup: a backslash is added only before

- a ``[`` that a later ``]`` could close (links, images, reference definitions);
- a ``<`` that opens a tag or an autolink (followed by a letter, ``/``, ``!`` or ``?``, with a ``>``
  later; at the start of a quote line, always: an HTML block needs no ``>``);
- ``*``, ``_``, `````, ``~~`` runs that could pair with another one (emphasis, code, strikethrough);
  a lone ``*``, ``5 * 3``, or ``snake_case`` stay as they are;
- ``&`` that starts an entity (``&amp;``), a ``\\`` before punctuation or at the end of a line;
- at the start of a quote line: ``#`` headings, ``>`` quotes, ``-`` ``+`` ``*`` and ``1.`` / ``1)`` lists,
  thematic breaks, ``===`` underlines, code fences, GFM table rows.

So ``10.000``, ``Espera-se`` and ``d98_x.txt`` read as written, and no heading, link, image or HTML
can be injected (the tests parse hostile values with markdown-it-py).  Local paths are never
printed: a source is named by its title, outlet, URL, date, page and file name, with its hash.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from html.entities import html5

from ..store.models import CLAIM_STATUSES, Claim
from ..textutil import display
from ..unionfind import UnionFind
from .bundle import Bundle, claim_pages, file_name, unique

GROUP_BY = ("status", "tag")
MATRIX_ROWS = 100  # claims shown in the evidence matrix; past that, a summary
MATRIX_COLUMNS = 8  # sources per table; a group citing more is summarised

# -- escaping -----------------------------------------------------------------------------------
_ASCII_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_TAG_START = re.compile(r"<[A-Za-z/!?]")


def _flanking(text: str, a: int, b: int) -> tuple[bool, bool]:
    """(left-flanking, right-flanking) of the delimiter run text[a:b] (CommonMark 6.2)."""
    before = text[a - 1] if a else " "
    after = text[b] if b < len(text) else " "
    punct = lambda ch: unicodedata.category(ch).startswith(("P", "S"))  # noqa: E731
    left = not after.isspace() and (not punct(after) or before.isspace() or punct(before))
    right = not before.isspace() and (not punct(before) or after.isspace() or punct(after))
    return left, right


def _pairing_runs(text: str, ch: str) -> list[tuple[int, int]]:
    """The runs of ``ch`` that could pair into emphasis / code / strikethrough: every run, when
    some run could open and a later one close (for code: two runs of the same length)."""
    runs = [(m.start(), m.end()) for m in re.finditer(re.escape(ch) + "+", text)]
    if len(runs) < 2:
        return []
    if ch == "`":
        lengths = Counter(b - a for a, b in runs)
        return [(a, b) for a, b in runs if lengths[b - a] >= 2]
    if ch == "~":
        runs = [(a, b) for a, b in runs if b - a <= 2]
    # emphasis: escaping every run that could open, when a later run could close it, is enough
    # (a closer alone is literal)
    flags = []
    for a, b in runs:
        left, right = _flanking(text, a, b)
        if ch == "_":  # intraword underscores neither open nor close
            before = text[a - 1] if a else " "
            after = text[b] if b < len(text) else " "
            left, right = left and not (right and before.isalnum()), right and not (left and after.isalnum())
        flags.append((a, b, left, right))
    return [(a, b) for k, (a, b, left, _r) in enumerate(flags) if left and any(r for *_x, r in flags[k + 1:])]


def escape(text: str, *, one_line: bool = True, line_start: bool = False) -> str:
    """``text`` as Markdown inline content that renders to exactly ``text``.  ``one_line``:
    whitespace runs (newlines included) become one space first; ``line_start``: the text starts a
    line (a link reference definition could start there)."""
    text = display(str(text))  # no escape code, control or bidi override reaches a reader
    s = " ".join(text.split()) if one_line else text
    marks: set[int] = set()
    for ch in ("*", "_", "`", "~"):
        for a, b in _pairing_runs(s, ch):
            marks.update(range(a, b))
    last_link = s.rfind("](")
    last_gt = s.rfind(">")
    for i, ch in enumerate(s):
        if ch == "[" and (i < last_link or (((i == 0 and line_start) or s[i - 1:i] == "\n") and _DEFINITION.match(s, i))):
            marks.add(i)
        elif ch == "<" and i < last_gt and _TAG_START.match(s, i):
            marks.add(i)
        elif ch == "&" and _is_entity(s, i):
            marks.add(i)
        elif ch == "\\" and (i + 1 < len(s) and (s[i + 1] in _ASCII_PUNCT or s[i + 1] == "\n")):
            marks.add(i)
    if not marks:
        return s
    return "".join("\\" + ch if i in marks else ch for i, ch in enumerate(s))


def _is_entity(s: str, i: int) -> bool:
    m = _ENTITY.match(s, i)
    if not m:
        return False
    body = m.group(0)[1:]
    return body.startswith("#") or body in html5


_DEFINITION = re.compile(r"\[[^\]\n]*\]:")


_LINE_START = [
    re.compile(r"#{1,6}(?=\s|$)"),  # ATX heading
    re.compile(r">"),  # block quote
    re.compile(r"[-+*](?=\s|$)"),  # bullet list
    re.compile(r"([-*_])(?:[ \t]*\1){2,}[ \t]*$"),  # thematic break
    re.compile(r"(`{3,}|~{3,})"),  # code fence
    re.compile(r"<[A-Za-z/!?]"),  # HTML block
]
_ORDERED = re.compile(r"(\d{1,9})([.)])(?=\s|$)")
_TABLE_DELIM = re.compile(r"\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$|\|[ \t]*:?-+:?[ \t]*\|?[ \t]*$")


def _line_start(line: str, first: bool = True) -> str:
    """Escape what would make a (quote) line a block construct.  ``first``: the line starts a
    paragraph; a continuation line cannot start an ordered list other than ``1.`` nor an empty
    item, but can underline the paragraph above into a heading (``===``)."""
    if _TABLE_DELIM.match(line):  # one escaped dash and the row no longer delimits a table
        i = line.index("-")
        return line[:i] + "\\" + line[i:]
    m = _ORDERED.match(line)
    if m:
        interrupts = m.group(1) in ("1", "01") and line[m.end():].strip() != ""
        return m.group(1) + "\\" + line[m.end(1):] if first or interrupts else line
    if re.match(r"=+[ \t]*$", line):
        return line if first else "\\" + line
    if not first and re.match(r"[+*][ \t]*$", line):
        return line  # an empty list item cannot interrupt a paragraph
    for pat in _LINE_START:
        if pat.match(line):
            return line if line.startswith("\\") else "\\" + line
    return line


def blockquote(text: str) -> str:
    """A quote as a block quote: paragraph by paragraph, inline-escaped, every line's block
    constructs escaped and its leading blanks dropped (they would open a code block)."""
    out: list[str] = []
    for para in re.split(r"\n[ \t]*\n", str(text)):
        lines = [ln.strip() for ln in para.split("\n")]
        body = escape("\n".join(ln for ln in lines if ln), one_line=False, line_start=True)
        if out:
            out.append(">")
        out += ["> " + _line_start(ln, k == 0) for k, ln in enumerate(ln for ln in body.split("\n") if ln)]
    return "\n".join(out) or ">"


# -- the brief ----------------------------------------------------------------------------------
class Numbering:
    """Citation numbers: sources ``[n]`` in order of first citation, claims 1..n."""

    def __init__(self, ordered: list[Claim]) -> None:
        self.claim_no = {c.id: i + 1 for i, c in enumerate(ordered)}
        self.source_no: dict[int, int] = {}

    def cite(self, source_id: int) -> str:
        n = self.source_no.setdefault(source_id, len(self.source_no) + 1)
        return f"[{n}]"


Found = Callable[[Claim], "set[int] | None"]  # sources where corroboration finds the claim (None: not searched)


def render_markdown(bundle: Bundle, *, generated: str = "", group_by: str = "status",
                    found: Found | None = None) -> str:
    if group_by not in GROUP_BY:
        from ..errors import InputError

        raise InputError(f"unknown grouping {group_by!r}; use one of {', '.join(GROUP_BY)}")
    groups = _groups(bundle, group_by)
    ordered = [c for claims in groups.values() for c in claims]
    num = Numbering(ordered)  # claims numbered as they appear in the brief
    for c in ordered:  # sources in the order the claims cite them
        num.cite(c.source_id)
    bundle.claims = ordered  # the matrix and the entity index follow the same order
    indexed = _indexed_entities(bundle)
    parts = [_header(bundle, generated, indexed), _claims_section(bundle, num, groups)]
    if any(lk.claim_id in bundle.claim_by_id for c in bundle.claims for lk in c.links):
        parts.append(_matrix(bundle, num, found))
    parts.append(_entity_index(bundle, indexed, num))
    parts.append(_source_list(bundle, num))
    return "\n\n".join(p for p in parts if p) + "\n"


def _header(bundle: Bundle, generated: str, indexed: list) -> str:
    counts: dict[str, int] = {}
    for c in bundle.claims:
        counts[c.status] = counts.get(c.status, 0) + 1
    statuses = ", ".join(f"{counts[s]} {s}" for s in STATUS_ORDER if s in counts) or "none"
    orphans = sum(c.orphaned for c in bundle.claims)
    cited = len({c.source_id for c in bundle.claims})
    lines = ["# Evidence brief", "",
             f"- Claims: {len(bundle.claims)} ({statuses})" + (f", {orphans} orphaned" if orphans else "")]
    if bundle.filter.describe():
        lines.append("- Only claims with " + escape(bundle.filter.describe()))
    lines += [f"- Sources: {cited} cited" + (f", of {bundle.workspace_sources} in the workspace"
                                             if bundle.workspace_sources else ""),
              f"- Entities: {len(indexed)} linked to claims",
              f"- Tags: {len({t for c in bundle.claims for t in c.tags})}"]
    if generated:
        lines.append(f"- Generated: {generated}")
    return "\n".join(lines)


STATUS_ORDER = [*[s for s in CLAIM_STATUSES if s != "unverified"], "unverified"]  # verdicts first


def _groups(bundle: Bundle, group_by: str) -> dict[str, list[Claim]]:
    groups: dict[str, list[Claim]] = {}
    if group_by == "status":  # the verdicts first, what is still to check last
        for s in STATUS_ORDER:
            groups[s.capitalize()] = []
        for c in bundle.claims:
            groups.setdefault(c.status.capitalize(), []).append(c)
    else:  # each claim once, under the first of its tags (all its tags are on its "Tags" line)
        tagged: dict[str, list[Claim]] = {}
        untagged = []
        for c in bundle.claims:
            if c.tags:
                tagged.setdefault(min(c.tags, key=lambda t: (t.casefold(), t)), []).append(c)
            else:
                untagged.append(c)
        for tag in sorted(tagged, key=lambda t: (t.casefold(), t)):
            groups["Tag: " + tag] = tagged[tag]
        if untagged:
            groups["Untagged"] = untagged
    return {k: v for k, v in groups.items() if v}


def _claims_section(bundle: Bundle, num: Numbering, groups: dict[str, list[Claim]]) -> str:
    out = ["## Claims"]
    for title, claims in groups.items():
        if not claims:
            continue
        out.append(f"### {_heading(title)} ({len(claims)})")
        out += [_claim_block(c, bundle, num) for c in claims]
    if len(out) == 1:
        out.append("No claims yet." if not bundle.filter.describe() else "No claims match.")
    return "\n\n".join(out)


def _heading(text: str) -> str:
    """Heading text: escaped, and a ``#`` could close the heading, so it is escaped too."""
    return escape(text).replace("#", "\\#")


def _when(iso: str) -> str:
    return iso[:16].replace("T", " ") if iso else ""


def _claim_block(c: Claim, bundle: Bundle, num: Numbering) -> str:
    pages = claim_pages(c)
    where = num.cite(c.source_id) + (f", p. {pages}" if pages and "-" not in pages
                                     else f", pp. {pages}" if pages else "")
    head = f"#### Claim {num.claim_no[c.id]} · {c.status} · source {where}"
    facts = []
    if c.orphaned:
        facts.append("- Orphaned: the source changed and the quote was not found again")
    if c.tags:
        facts.append("- Tags: " + escape(", ".join(c.tags)))
    if c.entities:
        facts.append("- Entities: " + escape(", ".join(f"{e['name']} ({e['label']})" for e in c.entities)))
    if c.note:
        facts.append("- Note: " + escape(c.note))
    related = _related_line(c, bundle, num)
    if related:
        facts.append("- " + related)
    who = "Created" + (f" by {c.created_by}" if c.created_by else "") + (f", {_when(c.created)}" if c.created else "")
    if c.status_by and c.status != "unverified":
        who += f"; status set by {c.status_by}" + (f", {_when(c.status_at)}" if c.status_at else "")
    facts.append("- " + escape(who))
    facts.append(f"- Id: `{c.id}` · characters {c.start}–{c.end}")
    return "\n\n".join([head, blockquote(c.quote), "\n".join(facts)])


def _related_line(c: Claim, bundle: Bundle, num: Numbering) -> str:
    """``Corroborated by [2], [4]; contradicted by [3].`` (sources of the linked claims)."""
    parts = []
    for relation, words in (("corroborates", "corroborated by"), ("contradicts", "contradicted by")):
        cites = unique(num.cite(bundle.claim_by_id[lk.claim_id].source_id)
                       for lk in c.links if lk.relation == relation and lk.claim_id in bundle.claim_by_id)
        if cites:
            parts.append(f"{words} {', '.join(cites)}")
    if not parts:
        return ""
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


# -- the evidence matrix --------------------------------------------------------------------------
CELLS = {
    "quoted": "quoted here",
    "supports": "linked: supports",
    "contradicts": "linked: contradicts",
    "both": "linked: supports and contradicts",
    "found": "found by corroboration, not yet confirmed",
    "nothing": "nothing found",
    "unsearched": "not searched",
}


def _matrix(bundle: Bundle, num: Numbering, found: Found | None) -> str:
    """For each group of linked claims: its claims (rows) x the sources they cite (columns).  One
    small table per group; past :data:`MATRIX_ROWS` rows, or for a group citing more than
    :data:`MATRIX_COLUMNS` sources, a summary line instead, so the section stays linear in size."""
    lines = ["## Evidence matrix", "",
             "What each cited source says about each linked claim: " + ", ".join(
                 f"“{CELLS[k]}”" for k in ("quoted", "supports", "contradicts", "found", "nothing")) + "."
             + (" Corroboration is searched for the first claims only (a time budget), and only once every"
                " source is indexed (after `workbench corroborate` or the TUI's background indexing; on a"
                " workspace of hundreds of thousands of passages, only in the TUI, where the index is loaded):"
                " the others say “not searched”." if found is not None else "")]
    shown = 0
    skipped_groups = skipped_claims = 0
    rel_counts = {"corroborates": 0, "contradicts": 0}
    for group in _link_groups(bundle):
        cols = unique(num.cite(c.source_id) for c in group)
        if shown + len(group) > MATRIX_ROWS or len(cols) > MATRIX_COLUMNS:
            skipped_groups += 1
            skipped_claims += len(group)
            for c in group:
                for lk in c.links:
                    if lk.direction == "out" and lk.claim_id in bundle.claim_by_id:
                        rel_counts[lk.relation] += 1
            continue
        shown += len(group)
        by_cite = {num.cite(c.source_id): c.source_id for c in group}
        lines += ["", "Claims " + ", ".join(str(num.claim_no[c.id]) for c in group) + ":", "",
                  "| Claim | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
        for c in group:
            hits = found(c) if found is not None else None
            cells = [CELLS[_cell(c, by_cite[col], bundle, hits)] for col in cols]
            lines.append(f"| {num.claim_no[c.id]} | " + " | ".join(cells) + " |")
    if skipped_groups:
        lines += ["", f"{skipped_groups} more groups of linked claims ({skipped_claims} claims, "
                      f"{rel_counts['corroborates']} corroborating and {rel_counts['contradicts']} contradicting links)"
                      f" are not tabulated: the matrix shows at most {MATRIX_ROWS} claims and {MATRIX_COLUMNS} sources"
                      " per group. Each claim above lists its links."]
    return "\n".join(lines)


def _link_groups(bundle: Bundle) -> list[list[Claim]]:
    """Connected groups of claims joined by corroborates / contradicts links, in claim order."""
    sets: UnionFind[str] = UnionFind()
    for c in bundle.claims:
        for lk in c.links:
            if lk.claim_id in bundle.claim_by_id:
                sets.union(c.id, lk.claim_id)
    groups: dict[str, list[Claim]] = {}
    for c in bundle.claims:
        if c.id in sets:
            groups.setdefault(sets.find(c.id), []).append(c)
    return list(groups.values())


def _cell(c: Claim, source_id: int, bundle: Bundle, found: set[int] | None) -> str:
    if c.source_id == source_id:
        return "quoted"
    rels = {lk.relation for lk in c.links
            if lk.claim_id in bundle.claim_by_id and bundle.claim_by_id[lk.claim_id].source_id == source_id}
    if "contradicts" in rels and "corroborates" in rels:
        return "both"
    if rels:
        return "contradicts" if "contradicts" in rels else "supports"
    if found is None:
        return "unsearched"
    return "found" if source_id in found else "nothing"


# -- entities and sources -----------------------------------------------------------------------
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
        srcs = [f"[{n}]" for n in sorted({num.source_no[s] for s in bundle.entity_sources.get(e.id, [])
                                           if s in num.source_no})]
        line = f"- {_line_start(escape(e.name))} ({e.label})"
        if e.aliases:
            line += " · also: " + escape(", ".join(e.aliases))
        line += " · claims " + ", ".join(str(n) for n in claims_of.get(e.id, []))
        if srcs:
            line += " · mentioned in " + ", ".join(srcs)
        out.append(line)
    return "\n".join(out)


def _source_list(bundle: Bundle, num: Numbering) -> str:
    if not num.source_no:
        return ""
    out = ["## Sources", ""]
    for sid, n in sorted(num.source_no.items(), key=lambda kv: kv[1]):
        s = bundle.source_by_id[sid]
        facts = [s.title or "(untitled)"]
        for value in (s.outlet, bundle.meta(sid, "author"), bundle.meta(sid, "url"),
                      bundle.meta(sid, "published_at")[:10], s.lang if s.lang != "und" else "", file_name(s.path)):
            if value:
                facts.append(value)
        out.append(f"{n}. " + _line_start(" · ".join(escape(f) for f in facts)) + f" · sha256 `{s.sha256}`")
    return "\n".join(out)

