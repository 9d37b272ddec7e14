"""``workbench search`` in a process of its own, answered without the command-line framework.

A one-shot search spent most of its time importing: click (and the ``inspect``, ``typing``,
``uuid`` ... it imports), the whole Workspace with its dataclass models, ``pathlib``, ``json``.
The search itself needs SQLite, the query parser and the snippets.  So the entry point
(:func:`workbench.cli.run`) hands a plain ``workbench search QUERY [--limit N] [--aliases]
[--json] [--db PATH]`` to :func:`run` here, which opens the workspace read-only, searches and
prints exactly what the click command prints (it calls the same :func:`print_hits`).

Anything else, or anything unusual (an option spelt another way, ``--help``, a workspace that is
missing, damaged, not ours or needs an upgrade, a malformed query, any error), is left to the
click command, which does the whole job again and says what is wrong in its one line: a search
only reads, so running it twice changes nothing.
"""

from __future__ import annotations

import os
import sys

from ..store.readonly import quick_search

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..store.search import HitRow

_FLAGS = {"--aliases": "aliases", "-a": "aliases", "--json": "as_json"}
_VALUES = {"--limit": "limit", "-n": "limit", "--db": "db"}


def parse_args(argv: Sequence[str]) -> dict[str, object] | None:
    """The options of ``search`` in the spellings this path takes, or None (the click command
    then parses them)."""
    opts: dict[str, object] = {"aliases": False, "as_json": False, "limit": 20, "db": None, "query": None}
    i = 0
    while i < len(argv):
        arg = argv[i]
        name, eq, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name in _FLAGS and not eq:
            opts[_FLAGS[name]] = True
        elif name in _VALUES:
            if not eq:
                i += 1
                if i >= len(argv):
                    return None
                value = argv[i]
            opts[_VALUES[name]] = value
        elif arg.startswith("-") or opts["query"] is not None:
            return None  # another option, "-" or "--", a second argument: click says what it means
        else:
            opts["query"] = arg
        i += 1
    limit = opts["limit"]
    if opts["query"] is None or not str(limit).isdigit() or not 1 <= int(str(limit)) <= 10_000:
        return None
    opts["limit"] = int(str(limit))
    return opts


def _search(opts: dict[str, object]) -> tuple[list[HitRow], list[str]] | None:
    return quick_search(str(opts["db"] or os.environ.get("WORKBENCH_DB") or "workspace.db"), str(opts["query"]),
                        aliases=bool(opts["aliases"]), limit=int(str(opts["limit"])))


def run(argv: Sequence[str]) -> int | None:
    """Answer ``workbench search ...`` (``argv`` after ``search``): the exit status, or None when
    the click command should answer instead."""
    opts = parse_args(argv)
    if opts is None:
        return None
    try:
        found = _search(opts)
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted; every completed step was saved\n")
        return 130
    except Exception:  # noqa: BLE001  (any failure: the click command does it again and explains)
        return None
    if found is None:
        return None
    try:
        print_hits(found[0], found[1], bool(opts["as_json"]))
        sys.stdout.flush()
    except BrokenPipeError:  # stdout closed early (piped into head): not an error
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        except OSError:
            pass
    return 0


def print_hits(hits: Sequence[HitRow], suggestions: list[str], as_json: bool) -> None:
    """What ``workbench search`` prints: the hits (JSON, or two lines each with the matched words
    in reverse video on a terminal), or "no matches" on stderr with any suggestions."""
    if not hits:
        hint = f"; did you mean {' or '.join(repr(b) for b in suggestions)}?" if suggestions else ""
        if as_json:
            sys.stdout.write("[]\n")  # and "no matches" on stderr only with a suggestion
        if hint or not as_json:
            sys.stderr.write(f"no matches{hint}\n")
        return
    if as_json:
        import json

        from ..textutil import json_inert

        rows = [{"source_id": sid, "title": title, "lang": lang, "snippet": snip, "score": float(f"{score:.4g}"),
                 "marks": [list(m) for m in marks]} for sid, title, lang, snip, score, marks in hits]
        sys.stdout.write(json_inert(json.dumps(rows, ensure_ascii=False, indent=2)) + "\n")
        return
    sys.stdout.write("\n".join(_text_lines(hits)) + "\n")


def _text_lines(hits: Sequence[HitRow]) -> list[str]:
    # plain text (no rich: it costs more to import than the search itself); the stored text is
    # clean, but no control character or bidi override reaches the terminal
    from ..textutil import display

    out = sys.stdout
    tty = out.isatty() and not os.environ.get("NO_COLOR")
    rev, dim, bold, off = ("\x1b[7m", "\x1b[2m", "\x1b[1m", "\x1b[0m") if tty else ("", "", "", "")
    lines = []
    for sid, title, lang, snip, score, marks in hits:
        lines.append(f"{dim}{sid:>5}  {lang}  {score:>9.4g}{off}  {bold}{display(title, oneline=True)}{off}")
        parts, at = [], 0
        for a, b in marks:
            parts += [display(snip[at:a], oneline=True), rev, display(snip[a:b], oneline=True), off]
            at = b
        parts.append(display(snip[at:], oneline=True))
        lines.append("       " + "".join(parts))
    return lines
