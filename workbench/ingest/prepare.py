"""The first stage of ingest: files read, decoded and cleaned into :class:`Prepared` documents, and
what the workspace already holds skipped before any NER is spent on it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError, WorkbenchError
from .analyse import reason
from .clean import clean_text, sha256_text, title_and_outlet
from .readers import read_documents

if TYPE_CHECKING:
    from ..store import Workspace
    from .report import Tally


@dataclass
class Prepared:
    path: str
    text: str
    sha256: str
    title: str
    outlet: str
    lang: str
    replaces: int | None = None  # id of the source this is a new version of
    meta: dict[str, object] = field(default_factory=dict)  # url, author, published_at, captured_at from the file
    pages: list[tuple[int, int]] | None = None  # a PDF's page map over ``text``


def prepare_all(path: Path, lang_override: str | None,
                notes: list[tuple[str, str]] | None = None) -> list[Prepared]:
    """Read one file into its cleaned documents (one, or one per page of a web archive)."""
    out = []
    for doc in read_documents(path):
        if notes is not None:
            notes.extend((doc.key or str(path), n) for n in doc.notes)
        text = clean_text(doc.text)
        if doc.pages is not None and text != doc.text:
            raise InputError("internal error: the page map does not fit the cleaned text")
        if not text.strip():
            if doc.key:  # one empty page of an archive: the others still go in
                continue
            raise InputError("empty file (no text after cleaning)")
        title, outlet = title_and_outlet(text)
        if doc.title:
            title = " ".join(clean_text(doc.title).split())
        if doc.outlet:
            outlet = " ".join(clean_text(doc.outlet).split())
        out.append(Prepared(doc.key or str(path), text, sha256_text(text), title, outlet, lang_override or "",
                            meta=doc.meta, pages=doc.pages))
    return out


def read_new(ws: Workspace, files: list[Path], lang: str | None, tally: Tally) -> Iterator[Prepared]:
    """Read, decode and clean each file, in order; a file that cannot be read is one line in the
    report.  What is already in the workspace (or earlier in this run) is reported present and
    skipped here; a new text at a known path is marked as the new version of that source."""
    seen: set[str] = set()
    report = tally.report
    for f in files:
        if tally.cancelled():
            return
        try:
            docs = prepare_all(f, lang, report.notes)
        except WorkbenchError as exc:
            tally.fail(str(f), str(exc))
            continue
        except (OSError, ValueError, MemoryError) as exc:
            tally.fail(str(f), f"cannot read: {exc}")
            continue
        except Exception as exc:  # noqa: BLE001  (a reader's bug or a hostile file: that file alone)
            tally.fail(str(f), f"cannot read: {reason(exc)}")
            continue
        tally.total += len(docs) - 1 if docs else 0  # a web archive: each page counts as a file
        for p in docs:
            existing = ws.source_by_sha(p.sha256)
            if existing is not None or p.sha256 in seen:
                report.present.append((p.path, existing.id if existing else -1))
                tally.tick(p.path)
                continue
            seen.add(p.sha256)
            older = ws.sources_by_path(p.path)
            if older:
                p.replaces = older[-1].id
            yield p


def file_size(f: Path) -> int:
    try:
        return f.stat().st_size
    except OSError:
        return 0
