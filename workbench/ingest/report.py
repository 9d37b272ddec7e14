"""What an ingest says: the report (added, present, updated, failed, notes) and its progress."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

Progress = Callable[[int, int, str], None]  # (files done, files in all, the file just done)


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


class Tally:
    """One run's progress: files done out of how many (a web archive adds its pages as it is
    read), and whether the user has cancelled (noted in the report the first time it is seen)."""

    def __init__(self, report: IngestReport, total: int, progress: Progress | None,
                 cancel: threading.Event | None) -> None:
        self.report, self.total, self.done = report, total, 0
        self.progress, self.cancel = progress, cancel

    def tick(self, path: str) -> None:
        """One file (or archive page) is done, whatever became of it."""
        self.done += 1
        if self.progress:
            self.progress(self.done, self.total, path)

    def fail(self, path: str, why: str) -> None:
        self.report.failed.append((path, why))
        self.tick(path)

    def cancelled(self) -> bool:
        if self.cancel is not None and self.cancel.is_set():
            self.report.cancelled = True
        return self.report.cancelled
