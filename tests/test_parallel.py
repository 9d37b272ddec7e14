"""The process pool behind ingest and the corroboration index."""

from __future__ import annotations

import subprocess
import sys

UNDER_TEXTUAL = """
import io, sys

class Capture(io.TextIOBase):  # what Textual puts in sys.stderr while the TUI runs
    def write(self, s):
        return len(s)
    def fileno(self):
        return -1

sys.stderr = Capture()
from workbench.parallel import map_in_order
out = [r for _c, r in map_in_order(len, ([1] * n for n in range(1, 9)), 2)]
sys.__stdout__.write(repr(out))
"""


def test_pool_starts_when_stderr_has_no_descriptor():
    """Under the TUI, multiprocessing could not start its helper processes ("bad value(s) in
    fds_to_keep") and the first pooled job, a corroboration over a big backlog, crashed the app."""
    r = subprocess.run([sys.executable, "-c", UNDER_TEXTUAL], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout == repr(list(range(1, 9)))


def test_in_order_in_one_process_and_in_two():
    from workbench.parallel import map_in_order

    chunks = [[i] * (i % 5) for i in range(40)]
    here = [r for _c, r in map_in_order(len, chunks, 1)]
    pooled = [(c, r) for c, r in map_in_order(len, chunks, 2)]
    assert here == [len(c) for c in chunks] == [r for _c, r in pooled] and [c for c, _ in pooled] == chunks
