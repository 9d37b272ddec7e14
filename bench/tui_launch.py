"""The TUI launched as a user launches it: the ``workbench`` entry point in a real terminal (tmux),
timed to the first frame that shows source titles, against a bare Textual app (one ``Static``
showing the same title) launched the same way (issue 17).

    nice .venv/bin/python bench/tui_launch.py [--runs 3]

Each run starts a detached tmux session (160x50, on a private tmux server) running the command, and
polls ``tmux capture-pane`` every 10 ms until the screen shows the title of the workspace's first
source; the time is from just before ``tmux new-session`` to that capture.  Product and bare runs
alternate.  Workspaces: 1,000 articles (``bench/cli_speed.py`` builds it) and the whole corpus
(``bench/.cache/corpus.db``: ``workbench ingest`` of the corpus).  Goal: at most 0.5 s more than
the bare app.  Python may write its bytecode caches, as it does for a user (this machine's
environment sets PYTHONDONTWRITEBYTECODE; every module would then be compiled at every start).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench._corpus import write_result  # noqa: E402

CACHE = ROOT / "bench" / ".cache"
WORKBENCH = str(Path(sys.executable).with_name("workbench"))
TMUX = ["tmux", "-L", "wb-bench-tui-launch"]
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

BARE_APP = """
import sys
from rich.text import Text
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static(Text(sys.argv[1]))

Bare().run()
"""


def run_once(cmd: list[str], needle: str, timeout: float = 60.0) -> float:
    session = f"s{os.getpid()}{time.monotonic_ns() % 10**6}"
    shell_cmd = " ".join("'" + c.replace("'", "'\\''") + "'" for c in cmd)
    t0 = time.perf_counter()
    subprocess.run([*TMUX, "new-session", "-d", "-s", session, "-x", "160", "-y", "50", shell_cmd],
                   check=True, env=ENV)
    try:
        while time.perf_counter() - t0 < timeout:
            screen = subprocess.run([*TMUX, "capture-pane", "-p", "-t", session], capture_output=True,
                                    text=True).stdout
            if needle in screen:
                return time.perf_counter() - t0
            time.sleep(0.01)
        raise RuntimeError(f"{needle!r} never showed")
    finally:
        subprocess.run([*TMUX, "kill-session", "-t", session], capture_output=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--before", default=None, help="also launch `workbench open` from this source tree (older code)")
    ap.add_argument("--only", choices=["1000", "corpus"], default=None)
    args = ap.parse_args()
    from workbench.store import Workspace

    bare_script = Path(tempfile.mkdtemp()) / "bare_app.py"
    bare_script.write_text(BARE_APP, encoding="utf-8")
    res: dict = {"runs": args.runs}
    # a session that outlives the measured ones: tmux stops its server with its last session, and a
    # new session racing that shutdown fails ("server exited unexpectedly")
    subprocess.run([*TMUX, "new-session", "-d", "-s", "keep", "sleep 3600"], check=True, env=ENV)
    try:
        for name, db in (("1000", CACHE / "k1000.db"), ("corpus", CACHE / "corpus.db")):
            if args.only and name != args.only:
                continue
            if not db.exists():
                print(f"skip {name}: {db} not built")
                continue
            ws = Workspace(db)
            first = ws.list_sources()[0]
            n = ws.source_count()
            ws.close()
            needle = first.title[:20]
            product = [WORKBENCH, "open", "--db", str(db), "--no-seed"]
            bare = [sys.executable, str(bare_script), first.title[:40]]
            before = ([sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv.pop(1)); sys.argv[0] = 'workbench';"
                       " from workbench.cli import main; main()", args.before, "open", "--db", str(db), "--no-seed"]
                      if args.before else None)
            run_once(product, needle)  # warm: page cache, bytecode caches
            run_once(bare, needle)
            if before:
                run_once(before, needle)
            p, b, o = [], [], []
            for _ in range(args.runs):
                p.append(run_once(product, needle))
                b.append(run_once(bare, needle))
                if before:
                    o.append(run_once(before, needle))
            r = {"sources": n, "workbench_s": [round(x, 3) for x in p], "bare_s": [round(x, 3) for x in b],
                 "workbench_median_s": round(statistics.median(p), 3), "bare_median_s": round(statistics.median(b), 3),
                 "difference_s": round(statistics.median(p) - statistics.median(b), 3)}
            if before:
                r["before_s"] = [round(x, 3) for x in o]
                r["before_difference_s"] = round(statistics.median(o) - statistics.median(b), 3)
                print(f"{name:7} code before: {statistics.median(o):.3f} s, difference {r['before_difference_s']:+.3f} s")
            res[name] = r
            print(f"{name:7} ({n} sources): workbench {r['workbench_median_s']:.3f} s, bare Textual"
                  f" {r['bare_median_s']:.3f} s, difference {r['difference_s']:+.3f} s (goal <= +0.5 s);"
                  f" runs {r['workbench_s']} vs {r['bare_s']}")
    finally:
        subprocess.run([*TMUX, "kill-server"], capture_output=True)
    print("wrote", write_result("tui_launch" + (f"_{args.only}" if args.only else ""), res))


if __name__ == "__main__":
    main()
