"""``workbench export``: one entry point for the three formats, and an all-or-nothing file write."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..store.db import utcnow
from ..textutil import display
from .bundle import ExportFilter, load_bundle

if TYPE_CHECKING:
    from ..store import Claim, Workspace

FORMATS = {"json": "W3C Web Annotation evidence file", "md": "Markdown brief",
           "ftm": "FollowTheMoney entities, JSON lines", "claimreview": "schema.org ClaimReview JSON-LD"}


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("workbench")
    except Exception:  # noqa: BLE001  (running from a checkout)
        return ""


def render(ws: Workspace, fmt: str, flt: ExportFilter | None = None, *, group_by: str = "status",
           mentions: bool = False) -> str:
    """The whole export as text: the claims ``flt`` chooses (all by default) and what they cite."""
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    bundle = load_bundle(ws, flt)
    if fmt == "json":
        from .jsonfile import build_evidence, dumps_evidence

        return dumps_evidence(build_evidence(bundle, version=_version()))
    if fmt == "md":
        from .markdown import render_markdown

        return render_markdown(bundle, generated=utcnow(), group_by=group_by, found=corroboration_finder(ws))
    if fmt == "claimreview":
        from .claimreview import render_claimreview

        return render_claimreview(bundle)
    from .ftm import render_ftm

    rows = ws.export_mentions([e.id for e in bundle.entities],
                              None if bundle.filter.everything else [s.id for s in bundle.sources]) if mentions else ()
    return render_ftm(bundle, rows)


SEARCH_BUDGET_S = 2.0  # corroboration searches the Markdown matrix may run, in seconds of the export
SEARCH_MAX = 25  # and in claims
COLD_PASSAGES = 800_000  # a process's first search reads every passage's signature (about 2.5 us each: 5.5 s
                         # at 2.18M); from this many up that alone is over the budget, so a cold process
                         # (the CLI) does not search, and the export's time follows its claims, not the workspace


def corroboration_finder(ws: Workspace) -> Callable[[Claim], set[int] | None]:
    """For the Markdown matrix: the sources where corroboration finds a claim (searched once per
    claim, only for the claims the matrix shows, within :data:`SEARCH_BUDGET_S` and
    :data:`SEARCH_MAX`: one search costs up to a few tenths of a second on a large workspace; in a
    process that has not searched yet, a workspace of :data:`COLD_PASSAGES` passages or more is not
    searched at all: reading its signatures first would take longer than the whole budget).
    ``None`` for a claim that was not searched (budget spent, or a read-only workspace whose
    passages are not indexed yet): its cells say "not searched".  An export never builds the
    passage index itself (a multi-process job on a large workspace): while some source is not
    indexed, nothing is searched."""
    import time

    from ..errors import WorkbenchError

    spent = [0.0, 0]
    ready: list[bool] = []

    def found(claim: Claim) -> set[int] | None:
        from .corroborate import corroborate
        from .passages import missing_sources

        if not ready:
            from . import dense
            from ..store.corroboration_reads import passage_id_bound

            ready.append((dense.loaded(ws) or passage_id_bound(ws) < COLD_PASSAGES) and not missing_sources(ws))
        if not ready[0] or spent[0] >= SEARCH_BUDGET_S or spent[1] >= SEARCH_MAX:
            return None
        t = time.perf_counter()
        try:
            return {c.source_id for c in corroborate(ws, claim.id, limit=50, per_source=1)}
        except WorkbenchError:
            return None
        finally:
            spent[0] += time.perf_counter() - t
            spent[1] += 1

    return found


def check_writable(path: str | os.PathLike[str], protect: Iterable[str | os.PathLike[str]] = ()) -> Path:
    """Fail early, with one line, for an output path that cannot or must not be written: a folder
    (or a symlink to one), a missing or read-only folder, and -- so that a report never replaces
    data -- any of the files in ``protect`` (the workspace) with its ``-wal`` / ``-shm`` /
    ``-journal``, reached directly, through a symlink or as a hard link, and any existing SQLite
    database."""
    p = Path(path)
    shown = display(str(p), oneline=True)
    if p.is_dir():
        raise InputError(f"cannot write {shown}: it is a folder")
    folder = p.parent if str(p.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"cannot write {shown}: folder {display(str(folder), oneline=True)} does not exist")
    if not os.access(folder, os.W_OK):
        raise InputError(f"cannot write {shown}: folder {display(str(folder), oneline=True)} is not writable")
    target = p.resolve()
    for db in protect:
        base = Path(db).resolve()
        guarded = [base, *(base.with_name(base.name + sfx) for sfx in ("-wal", "-shm", "-journal"))]
        if target in guarded or any(_same_file(p, g) for g in guarded):
            raise InputError(f"refusing to write the export onto the workspace {display(str(db), oneline=True)} "
                             "(or its -wal / -shm files); choose another file name")
    if p.is_file():
        try:
            with open(p, "rb") as fh:
                head = fh.read(16)
        except OSError:
            head = b""
        if head == b"SQLite format 3\x00":
            raise InputError(f"refusing to overwrite {shown}: it is an SQLite database (a workspace?); "
                             "choose another file name")
    return p


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def atomic_write(path: str | os.PathLike[str], text: str, protect: Iterable[str | os.PathLike[str]] = ()) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename, so the
    file is either the old one or the complete new one, never partial.  The checks of
    :func:`check_writable` run again just before (``protect`` as there).  A symlink at ``path`` is
    replaced by the file, never written through."""
    p = check_writable(path, protect)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent if str(p.parent) else ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if p.exists():
            os.chmod(tmp, p.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, p)
    except OSError as exc:
        _remove(tmp)
        raise InputError(f"cannot write {display(str(p), oneline=True)}: {exc.strerror or exc}") from None
    except BaseException:
        _remove(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _remove(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass
