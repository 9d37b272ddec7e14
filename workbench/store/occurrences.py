"""Which sources may contain a name: the full-text index answers, so confirming or adding an
entity reads the few sources that hold its names instead of every text in the workspace
(issue 18: that scan grew with the workspace).

The FTS index (``sources_fts``: unicode61, case-folded, diacritics removed) finds a superset of
what :func:`workbench.nlp.ner.gazetteer_mentions` matches (case- and accent-insensitive, on word
boundaries): a name's tokens as a phrase.  A name the index cannot be trusted to find (no letters
or digits, or a character whose folding the tokenizer may not share, such as ``ø`` or ``ß``) falls
back to reading every source, as before.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def _phrase(name: str) -> str | None:
    """The FTS phrase of ``name``, or None when the index may miss it."""
    decomposed = unicodedata.normalize("NFKD", name)
    base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    if "_" in base or any(ch.isalnum() and not ch.isascii() for ch in base):
        return None
    tokens = _TOKEN.findall(base.lower())
    if not tokens:
        return None
    return '"' + " ".join(tokens) + '"'


def sources_with_names(conn: sqlite3.Connection, names: Iterable[str]) -> Iterator[tuple[int, str]]:
    """(id, text) of every source that may contain one of ``names``, by id, one text at a time."""
    phrases = []
    for n in dict.fromkeys(names):
        if not n.strip():
            continue
        p = _phrase(n)
        if p is None:
            yield from _all_sources(conn)
            return
        phrases.append(p)
    if not phrases:
        return
    ids = [r[0] for r in conn.execute("SELECT rowid FROM sources_fts WHERE sources_fts MATCH ? ORDER BY rowid",
                                      (" OR ".join(phrases),))]
    for sid in ids:
        row = conn.execute("SELECT text FROM sources WHERE id = ?", (sid,)).fetchone()
        if row is not None:
            yield sid, row[0]


def _all_sources(conn: sqlite3.Connection) -> Iterator[tuple[int, str]]:
    ids = [r[0] for r in conn.execute("SELECT id FROM sources ORDER BY id")]
    for sid in ids:
        row = conn.execute("SELECT text FROM sources WHERE id = ?", (sid,)).fetchone()
        if row is not None:
            yield sid, row[0]
