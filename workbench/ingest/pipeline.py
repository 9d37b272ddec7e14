"""The ingest pipeline: files -> clean text -> language -> entities -> storage, atomic per file.

Reading and cleaning run here; language ID and NER run in worker processes for large batches (both
cores), in this process for small ones (starting a worker costs about a second).  Each file is
stored inside its own savepoint, and files are committed in small groups (:class:`_Group`): a
failing file is undone alone, a kill leaves whole sources or none, and running again completes the
job.  The corroboration passage index is not built here: it is derived data, built in both cores
when corroboration first needs it (:func:`workbench.evidence.passages.index_missing`).
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DiskFull, InputError, WorkbenchError
from ..parallel import chunked, map_in_order
from ..store.db import disk_full
from .clean import clean_text, sha256_text, title_and_outlet
from .langid import detect_language
from .readers import expand_paths, read_documents

Progress = Callable[[int, int, str], None]
POOL_MIN_CHARS = 250_000  # below this, NER in-process beats starting workers
CHUNK_CHARS = 60_000
CHUNK_DOCS = 48
GROUP_FILES = 64  # stored files per transaction at most (see _Group); $WORKBENCH_INGEST_GROUP overrides
GROUP_SECONDS = 0.25  # also how long a write from elsewhere (the TUI saving a claim) may wait


@dataclass
class IngestReport:
    added: list[tuple[str, int]] = field(default_factory=list)
    present: list[tuple[str, int]] = field(default_factory=list)
    updated: list[tuple[str, int]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (path, what to know: assumed encoding ...)
    orphaned_claims: int = 0
    cancelled: bool = False
    stopped: str = ""  # why the whole ingest stopped early (the disk is full), said once

    @property
    def ok(self) -> bool:
        return not self.failed and not self.cancelled and not self.stopped

    def summary(self) -> str:
        parts = [f"{len(self.added)} added", f"{len(self.present)} already present"]
        if self.updated:
            parts.append(f"{len(self.updated)} updated")
        parts.append(f"{len(self.failed)} failed")
        if self.orphaned_claims:
            parts.append(f"{self.orphaned_claims} claims orphaned by changed text")
        assumed = [n.rsplit(" ", 1)[-1] for _p, n in self.notes if n.startswith("encoding unsure")]
        if assumed:
            encs = ", ".join(sorted(set(assumed)))
            parts.append(f"encoding assumed ({encs}) for {len(assumed)} file{'s' * (len(assumed) != 1)}")
        if self.cancelled:
            parts.append("cancelled")
        if self.stopped:
            parts.append("stopped: " + self.stopped)
        return ", ".join(parts)


@dataclass
class Prepared:
    path: str
    text: str
    sha256: str
    title: str
    outlet: str
    lang: str
    replaces: int | None = None  # id of the source this is a new version of
    meta: dict = field(default_factory=dict)  # url, author, published_at, captured_at from the file
    pages: list[tuple[int, int]] | None = None  # a PDF's page map over ``text``


def _prepare(ws, path: Path, lang_override: str | None) -> Prepared:
    """Read a file that holds one document (see :func:`_prepare_all`)."""
    docs = _prepare_all(ws, path, lang_override)
    if len(docs) != 1:
        raise InputError(f"{len(docs)} documents in one file")
    return docs[0]


def _prepare_all(ws, path: Path, lang_override: str | None,
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


NER_PIECE_CHARS = 20_000  # NER runs over paragraph-aligned pieces of at most this many characters
NER_BATCH_CHARS = 60_000  # ... handed to the model this many characters at a time
# spaCy's memory grows with the text it is given at once: about 3 GB per million characters of
# Spanish, so one 8 MB file grew a worker to 23 GB.  Pieces keep it flat with file size (see
# bench/ner_memory.py), and no text reaches spaCy's 20,000,000-character limit (E088).  Articles
# up to NER_PIECE_CHARS (99.9% of the corpus) are one piece: their mentions are unchanged.

Analysed = tuple[str, list, str | None]  # (lang, mentions, why the analysis failed or None)


def pieces(text: str, limit: int | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` spans that tile ``text``, each at most ``limit`` characters, cut at a
    paragraph break where there is one in the last three quarters of the window, else at a line
    break, a sentence end, a space, and only as a last resort anywhere."""
    limit = limit or NER_PIECE_CHARS
    n = len(text)
    out: list[tuple[int, int]] = []
    start = 0
    while n - start > limit:
        lo, hi = start + limit // 4, start + limit
        cut = text.rfind("\n\n", lo, hi)
        if cut >= 0:
            cut += 2
        else:
            cut = text.rfind("\n", lo, hi)
            if cut >= 0:
                cut += 1
            else:
                cut = max(text.rfind(end, lo, hi - 1) for end in (". ", "? ", "! ", ".» ", '." ', ".” "))
                cut = cut + text[cut:hi].index(" ") + 1 if cut >= 0 else text.rfind(" ", lo, hi) + 1
        if cut <= start:
            cut = hi
        out.append((start, cut))
        start = cut
    out.append((start, n))
    return out


def _extract_bounded(texts: list[str], langs: list[str]) -> list[list[tuple[int, int, str, str, str]]]:
    """NER over bounded pieces of the texts, the mentions' offsets mapped back to each whole text."""
    from ..nlp.ner import extract

    found: list[list[tuple[int, int, str, str, str]]] = [[] for _ in texts]
    batch: list[tuple[int, int, str, str]] = []  # (text index, offset, piece, lang)
    size = 0

    def run() -> None:
        for (i, off, _piece, _lang), ms in zip(batch, extract([b[2] for b in batch], [b[3] for b in batch])):
            found[i].extend((m.start + off, m.end + off, m.text, m.label, m.origin) for m in ms)

    for i, (text, lang) in enumerate(zip(texts, langs)):
        for a, b in pieces(text):
            if batch and size + (b - a) > NER_BATCH_CHARS:
                run()
                batch, size = [], 0
            batch.append((i, a, text[a:b], lang))
            size += b - a
    if batch:
        run()
    return found


def _analyse(texts: list[str], langs: list[str]) -> list[Analysed]:
    """The CPU-heavy part, run in worker processes for big batches: language ID (unless the user
    gave one) and NER.  Returns (lang, mentions, None) per text, or (lang, [], reason) for a text
    whose analysis raised: the others of the batch are analysed again alone, so one bad file
    fails alone."""
    try:
        langs = [lang or detect_language(t) for t, lang in zip(texts, langs)]
        return [(lang, ms, None) for lang, ms in zip(langs, _extract_bounded(texts, langs))]
    except Exception as exc:  # noqa: BLE001  (every failure becomes that file's one line)
        if len(texts) == 1:
            return [(langs[0] or "und", [], _reason(exc))]
    return [_analyse([t], [lang])[0] for t, lang in zip(texts, langs)]


def _reason(exc: BaseException) -> str:
    """One line for a failure nobody planned for (the type names the cause when the text does not)."""
    from ..textutil import display

    text = display(" ".join(str(exc).split()), oneline=True)
    if len(text) > 200:
        text = text[:199] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class _Entities:
    """Resolution state for one ingest run: the workspace's entities, rejected names and
    confirmed patterns, kept in memory and taught a file's new entities once its savepoint is
    released (so a rolled-back file cannot leave the resolver pointing at entities that do not
    exist)."""

    def __init__(self, ws) -> None:
        from ..nlp.resolve import Resolver

        self.ws = ws
        live = [(eid, label, aliases) for eid, label, status, aliases in ws.entity_table() if status != "rejected"]
        self.resolver = Resolver(live, rejected=ws.rejected_keys())
        self.patterns = ws.confirmed_patterns()

    def store(self, source_id: int, text: str, mentions: list[tuple[int, int, str, str, str]]) -> Callable[[], None]:
        """Write the mentions of one source (inside the caller's savepoint).  Returns the hook that
        teaches the resolver this source's new entities and spellings, to call once the savepoint
        is released (so a file that was rolled back cannot leave the resolver pointing at entities
        that do not exist)."""
        from collections import Counter

        from ..nlp.ner import gazetteer_mentions

        ws = self.ws
        # "Tribunal Superior Eleitoral (TSE)": the acronym in brackets names the same thing
        links = [(i, i + 1) for i in range(len(mentions) - 1)
                 if text[mentions[i][1]:mentions[i + 1][0]] == " (" and text[mentions[i + 1][1]:mentions[i + 1][1] + 1] == ")"
                 and mentions[i + 1][2].isupper() and " " in mentions[i][2].strip()]
        decisions = self.resolver.resolve([(" ".join(t.split()), lab, source_id) for _s, _e, t, lab, _o in mentions],
                                          links=links)
        groups: dict[int, list[int]] = {}
        for i, d in enumerate(decisions):
            if d.entity_id is None and not d.rejected and d.group is not None:
                groups.setdefault(d.group, []).append(i)
        new: list[tuple[str, str, list[str]]] = []
        for idx in groups.values():
            names = list(dict.fromkeys(decisions[i].name for i in idx))
            canonical = decisions[idx[0]].canonical or names[0]
            # the label of the fullest name wins ("AMLO" takes the label of its expansion)
            label = Counter(decisions[i].label for i in idx
                            if decisions[i].name == canonical).most_common(1)[0][0] if any(
                decisions[i].name == canonical for i in idx) else Counter(
                decisions[i].label for i in idx).most_common(1)[0][0]
            new.append((canonical, label, names))
        new_ids = dict(zip(groups, ws.create_entities(new)))
        learned = [(eid, label, [canonical, *names]) for eid, (canonical, label, names) in zip(new_ids.values(), new)]
        spellings: dict[int, set[str]] = {}
        for d in decisions:
            if d.entity_id is not None and d.rule != "key":
                ws.add_aliases(d.entity_id, [d.name])  # a new spelling of a known entity
                if d.rule == "fuller":
                    ws.promote_entity_name(d.entity_id, d.name)
                learned.append((d.entity_id, ws.get_entity(d.entity_id).label, [d.name]))
            elif d.entity_id is not None:
                spellings.setdefault(d.entity_id, set()).add(d.name)
        for eid, names in spellings.items():
            ws.add_aliases(eid, sorted(names))  # "Space X" beside "SpaceX": same key, kept as an alias
        rows = []
        taken: list[tuple[int, int]] = []
        if self.patterns:
            for eid, s, e in gazetteer_mentions(text, self.patterns):
                rows.append((eid, s, e, text[s:e], "rule"))
                taken.append((s, e))
        for (s, e, t, _lab, origin), d in zip(mentions, decisions):
            if d.rejected or any(s < te and ts < e for ts, te in taken):
                continue
            eid = d.entity_id if d.entity_id is not None else new_ids.get(d.group)  # type: ignore[arg-type]
            if eid is not None:
                rows.append((eid, s, e, t, origin))
        ws.add_mentions(source_id, rows)

        def commit() -> None:
            for eid, label, aliases in learned:
                self.resolver.add_entity(eid, label, aliases)

        return commit


def ingest_paths(ws, paths: Iterable[str | os.PathLike[str]], *, progress: Progress | None = None,
                 cancel: threading.Event | None = None, workers: int | None = None,
                 lang: str | None = None) -> IngestReport:
    """Ingest files and folders into the workspace.  Never raises for a bad file: each failure is
    one line in ``report.failed`` and the other files still go in.  Stops between files when
    ``cancel`` is set; what was stored stays stored."""
    report = IngestReport()
    files, problems = expand_paths(list(paths))
    report.failed.extend(problems)
    total = len(files)
    done = 0

    def tick(path: str) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total, path)

    def cancelled() -> bool:
        if cancel is not None and cancel.is_set():
            report.cancelled = True
        return report.cancelled

    seen: set[str] = set()

    def prepared() -> Iterator[Prepared]:
        """Read, decode and clean each file; what is already in the workspace is skipped here,
        before any NER is spent on it."""
        for f in files:
            if cancelled():
                return
            try:
                docs = _prepare_all(ws, f, lang, report.notes)
            except WorkbenchError as exc:
                report.failed.append((str(f), str(exc)))
                tick(str(f))
                continue
            except (OSError, ValueError, MemoryError) as exc:
                report.failed.append((str(f), f"cannot read: {exc}"))
                tick(str(f))
                continue
            except Exception as exc:  # noqa: BLE001  (a reader's bug or a hostile file: that file alone)
                report.failed.append((str(f), f"cannot read: {_reason(exc)}"))
                tick(str(f))
                continue
            if len(docs) > 1:  # a web archive: each page counts as a file in the progress
                nonlocal total
                total += len(docs) - 1
            for p in docs:
                existing = ws.source_by_sha(p.sha256)
                if existing is not None or p.sha256 in seen:
                    report.present.append((p.path, existing.id if existing else -1))
                    tick(p.path)
                    continue
                seen.add(p.sha256)
                older = ws.sources_by_path(p.path)
                if older:
                    p.replaces = older[-1].id
                yield p

    n_workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    use_pool = n_workers > 1 and sum(_size(f) for f in files) >= POOL_MIN_CHARS
    ents: _Entities | None = None
    group = _Group(ws, report)
    with ws.bulk(), closing(_analysed(prepared(), n_workers if use_pool else 1)) as results:
        try:
            for p, (doc_lang, mentions, error) in results:
                if cancelled() or report.stopped:
                    break
                if error is not None:
                    report.failed.append((p.path, f"could not analyse: {error}"))
                    tick(p.path)
                    continue
                if ents is None:
                    ents = _Entities(ws)
                p.lang = doc_lang
                for attempt in (1, 2):
                    try:
                        with group.part():
                            sid, learn, orphaned = _store(ws, ents, p, mentions)
                    except DiskFull as exc:
                        group.stop(str(exc))
                    except WorkbenchError as exc:
                        report.failed.append((p.path, str(exc)))
                        group.check()
                    except sqlite3.IntegrityError as exc:
                        other = ws.source_by_sha(p.sha256)
                        if other is not None:
                            # another process stored the same text a moment ago: "already present"
                            report.present.append((p.path, other.id))
                        elif attempt == 1:
                            # another process changed the entities meanwhile (a merge deletes one):
                            # reload what the workspace knows and resolve this file again
                            ents = _Entities(ws)
                            continue
                        else:
                            report.failed.append((p.path, f"could not store: {exc}"))
                    except Exception as exc:  # noqa: BLE001  (one file fails alone, whatever it raised)
                        full = disk_full(ws.path, exc)
                        if full is not None:
                            group.stop(str(full))
                        else:
                            report.failed.append((p.path, f"could not store: {_reason(exc)}"))
                            group.check()
                    else:
                        learn()  # later files of the group resolve against this file's new entities
                        group.stored(p, sid, orphaned)
                    tick(p.path)
                    break
                if report.stopped:
                    break
                if group.due() and not group.commit():
                    ents = None  # the group was lost: reload what the resolver knows
            if not report.stopped and not group.commit():
                ents = None
        finally:
            group.rollback()
    return report


class _Group:
    """Stored files are committed in groups: one transaction per :data:`GROUP_FILES` files or
    :data:`GROUP_SECONDS`, whichever comes first, with a savepoint per file inside it.  A file that
    fails is rolled back alone (its savepoint) and the rest of the group stays; a kill loses at
    most the open group, whole files only, and running the command again stores them.  Committing
    per group instead of per file cut the time spent in COMMIT from 1.7 s to 0.5 s for 1,335
    corpus files.  A file counts as added in the report only once its group is committed (a
    cancel commits the open group first)."""

    def __init__(self, ws, report: IngestReport) -> None:
        self.ws, self.report = ws, report
        try:
            self.max_files = max(1, int(os.environ.get("WORKBENCH_INGEST_GROUP", GROUP_FILES)))
        except ValueError:
            self.max_files = GROUP_FILES
        self.pending: list[tuple[Prepared, int, int]] = []
        self.opened = 0.0
        self.open = False

    def part(self):
        """The savepoint one file is stored in (opening the group's transaction if needed)."""
        if not self.open:
            self.ws.begin()
            self.open, self.opened = True, time.monotonic()
        return self.ws.savepoint()

    def stored(self, p: Prepared, sid: int, orphaned: int = 0) -> None:
        """``p`` was stored as source ``sid`` (its savepoint released), leaving ``orphaned`` claims."""
        self.pending.append((p, sid, orphaned))

    def due(self) -> bool:
        return self.open and (len(self.pending) >= self.max_files
                              or time.monotonic() - self.opened >= GROUP_SECONDS)

    def commit(self) -> bool:
        """Commit the open group; False (and its files reported failed) if SQLite refused."""
        if not self.open:
            return True
        self.open = False
        pending, self.pending = self.pending, []
        try:
            self.ws.commit()
        except DiskFull as exc:
            self.pending = pending
            self.stop(str(exc))
            return False
        except WorkbenchError as exc:
            self.report.failed.extend((p.path, str(exc)) for p, _sid, _o in pending)
            return False
        for p, sid, orphaned in pending:
            self.report.orphaned_claims += orphaned
            (self.report.updated if p.replaces is not None else self.report.added).append((p.path, sid))
        return True

    def check(self) -> None:
        """After a file failed: if SQLite rolled back the whole transaction with its savepoint
        (it does for some errors), the group's earlier files are lost: say so, and start afresh."""
        if self.open and not self.ws.conn.in_transaction:
            self.open = False
            pending, self.pending = self.pending, []
            self.report.failed.extend((p.path, "not saved: the transaction was rolled back") for p, _s, _o in pending)
            self.ws.rollback()

    def stop(self, why: str) -> None:
        """Nothing more can be stored (the disk is full): drop the open group and say it once."""
        lost = len(self.pending)
        self.rollback()
        self.report.stopped = why + (f" ({lost} files of the last group were not saved)" if lost else "")

    def rollback(self) -> None:
        if self.open:
            self.open = False
            self.pending = []
            self.ws.rollback()


def _size(f: Path) -> int:
    try:
        return f.stat().st_size
    except OSError:
        return 0


def _analyse_args(chunk: list[Prepared]) -> tuple[list[str], list[str]]:
    return [p.text for p in chunk], [p.lang for p in chunk]


def _crashed(workers: int) -> Callable[[list[Prepared], BaseException], list[Analysed]]:
    """What a chunk whose analysis failed in the pool gets: each file analysed again alone (in a
    fresh pool), so that only the file that kills a worker (or cannot be sent to one) fails."""

    def crashed(chunk: list[Prepared], exc: BaseException) -> list[Analysed]:
        if len(chunk) == 1:
            from concurrent.futures.process import BrokenProcessPool

            why = ("the analysis process died (out of memory?)" if isinstance(exc, BrokenProcessPool)
                   else _reason(exc))
            return [(chunk[0].lang or "und", [], why)]
        return [r for _c, rs in map_in_order(_analyse, ([p] for p in chunk), workers, _analyse_args,
                                             crashed=crashed) for r in rs]

    return crashed


def _analysed(prepared: Iterator[Prepared], workers: int) -> Iterator[tuple[Prepared, Analysed]]:
    """(prepared, (lang, mentions, error)) in input order; a bounded number of chunks in flight."""
    chunks = chunked(prepared, lambda p: len(p.text), CHUNK_CHARS, CHUNK_DOCS)
    for chunk, results in map_in_order(_analyse, chunks, workers, _analyse_args, crashed=_crashed(workers)):
        yield from zip(chunk, results)


def _store(ws, ents: _Entities, p: Prepared, mentions: list) -> tuple[int, Callable[[], None], int]:
    """Write one prepared file (inside the caller's savepoint).  Returns its source id, the hook
    that teaches the resolver its new entities once the savepoint is released, and how many of its
    claims the new text orphaned."""
    from .reanchor import reanchor_source

    if p.replaces is not None:
        ws.replace_source_text(p.replaces, sha256=p.sha256, title=p.title, outlet=p.outlet, lang=p.lang,
                               lang_detected=p.lang, text=p.text)
        sid = p.replaces
    else:
        sid = ws.insert_source(sha256=p.sha256, path=p.path, title=p.title, outlet=p.outlet, lang=p.lang,
                               lang_detected=p.lang, text=p.text)
    if p.meta:
        ws.put_source_meta(sid, p.meta, keep_existing=p.replaces is not None)  # the user's corrections stay
    if p.pages is not None or p.replaces is not None:
        ws.put_source_pages(sid, p.pages or [])
    learn = ents.store(sid, p.text, mentions)
    orphaned = 0
    if p.replaces is not None:
        anchored = reanchor_source(ws, sid, p.text)
        orphaned = sum(1 for a in anchored if a["method"] == "orphaned")
    ws.log_action("source.update" if p.replaces is not None else "source.add",
                  f"{'updated' if p.replaces is not None else 'added'} {p.path}", undoable=False)
    return sid, learn, orphaned


def reanalyse_sources(ws, source_ids: Iterable[int] | None = None, *, progress: Progress | None = None,
                      cancel: threading.Event | None = None, workers: int = 1) -> IngestReport:
    """Re-run NER and resolution on sources already in the workspace (after a language override,
    or to apply corrections made since: rejected names stay out, confirmed entities are found).
    The user's own mentions are kept, and the sources' passages are dropped so that corroboration
    re-indexes them with the new entities.  Committed in groups of whole sources like ingest (see
    :class:`_Group`); stops between sources when ``cancel`` is set."""
    from ..store.derived import drop_passages

    ids = list(source_ids) if source_ids is not None else [s.id for s in ws.list_sources()]
    report = IngestReport()
    items = []
    for sid in ids:
        src = ws.get_source(sid)
        items.append(Prepared(src.path, ws.source_text(sid), src.sha256, src.title, src.outlet,
                              src.lang if src.lang != "und" else "", replaces=sid))
    ents = _Entities(ws)
    group = _Group(ws, report)
    with ws.bulk(), closing(_analysed(iter(items), workers)) as results:
        try:
            for n, (p, (_lang, mentions, error)) in enumerate(results, 1):
                if cancel is not None and cancel.is_set():
                    report.cancelled = True
                    break
                if error is not None:
                    report.failed.append((p.path, f"could not analyse: {error}"))
                    continue
                with group.part():
                    ws.clear_mentions(p.replaces, keep_user=True)
                    learn = ents.store(p.replaces, p.text, mentions)
                    drop_passages(ws, p.replaces)
                    ws.log_action("source.reanalyse", f"re-ran NER on source {p.replaces}", undoable=False)
                learn()
                group.stored(p, p.replaces)
                if group.due() and not group.commit():
                    ents = _Entities(ws)
                if progress:
                    progress(n, len(items), p.path)
            group.commit()
        finally:
            group.rollback()
    ws.drop_unused_entities()
    return report
