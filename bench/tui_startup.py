"""TUI figures, each measured against a baseline in the same run (issue 4).

1. Start-up: wall time from process start to the first interactive frame (Textual's ``Ready``
   event: DOM mounted and the first frame displayed) for the workbench on a workspace holding the
   whole real corpus (``../shared/corpus``), against a bare Textual app (one ``Static``) started the
   same way.  Both run headless in fresh processes, alternating, ``--runs`` times; medians shown.
   Target: under 0.5 s more than the bare app.
2. Opening a 200,000-character source with 1,000 claims in the reader (load text, claims,
   mentions, build highlights) to the first frame that shows it.  Target: under 100 ms.  Also
   re-highlighting after a claim change, and page down (key to the frame at the new position).
3. Search-as-you-type: from a key press in the search box to the first frame showing the hits
   (FTS in a worker), per keystroke, on the corpus workspace.

Times end at the frame the app composes for its driver (see ``_Frames``); they do not go through
Pilot's ``press`` / ``pause``, which wait for the process to go idle in 20 ms sleeps (figures
before 2026-11-22 did, and read 20-100 ms high).

The corpus workspace is built once with ``ws.insert_source`` (no NER) and cached in
``bench/.cache/``.  Run:  ``.venv/bin/python bench/tui_startup.py [--runs 7]`` (``WORKBENCH_CODE=/other/checkout``
measures that code with this harness, on the same workspace: the baseline)
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / ".cache"
sys.path.insert(0, str(ROOT))
from bench._corpus import corpus_root  # noqa: E402

# the code measured: this tree, or another checkout's (``WORKBENCH_CODE=/path``: the baseline, run
# by this harness on the same workspace)
CODE = Path(os.environ.get("WORKBENCH_CODE") or ROOT)
sys.path.insert(0, str(CODE))

CORPUS = corpus_root()


def build_corpus_workspace(path: Path) -> int:
    from workbench.store import Workspace

    if path.exists():
        ws = Workspace(path)
        n = ws.source_count()
        ws.close()
        if n:
            return n
    path.parent.mkdir(parents=True, exist_ok=True)
    ws = Workspace(path)
    files = sorted(p for lang in ("es", "pt", "it", "en") for p in (CORPUS / lang).glob("*.txt"))
    with ws.tx():
        for p in files:
            text = p.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n")
            sha = hashlib.sha256(text.encode()).hexdigest()
            if ws.source_by_sha(sha):
                continue
            title = next((ln.strip() for ln in text.split("\n") if ln.strip()), p.name)[:200]
            lang = p.parent.name
            ws.insert_source(sha256=sha, path=str(p), title=title, outlet=p.parent.name, lang=lang,
                             lang_detected=lang, text=text)
    n = ws.source_count()
    ws.close()
    return n


_CHILD_WB = """
import sys, time
from textual import events
from workbench.store import Workspace
from workbench.tui.app import WorkbenchApp
class Timed(WorkbenchApp):
    def on_ready(self, event: events.Ready) -> None:
        sys.stdout.write(f"READY {time.time():.6f}\\n"); sys.stdout.flush()
        self.exit()
Timed(Workspace(sys.argv[1])).run(headless=True, size=(160, 50))
"""

_CHILD_BARE = """
import sys, time
from textual import events
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("hello")
    def on_ready(self, event: events.Ready) -> None:
        sys.stdout.write(f"READY {time.time():.6f}\\n"); sys.stdout.flush()
        self.exit()
Bare().run(headless=True, size=(160, 50))
"""


def _start_time(code: str, *args: str) -> float:
    t0 = time.time()
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=CODE,
                         env={**os.environ, "PYTHONPATH": str(CODE)}, timeout=120)
    for line in out.stdout.splitlines():
        if line.startswith("READY "):
            return float(line.split()[1]) - t0
    raise RuntimeError(out.stderr[-2000:])


def bench_startup(db: Path, runs: int) -> dict:
    wb, bare = [], []
    _start_time(_CHILD_BARE)  # warm the OS file cache for both
    _start_time(_CHILD_WB, str(db))
    for _ in range(runs):
        bare.append(_start_time(_CHILD_BARE))
        wb.append(_start_time(_CHILD_WB, str(db)))
    return {"bare_s": statistics.median(bare), "workbench_s": statistics.median(wb),
            "extra_s": statistics.median(wb) - statistics.median(bare),
            "bare_all": [round(x, 3) for x in bare], "workbench_all": [round(x, 3) for x in wb]}


def make_big_source(db: Path) -> int:
    """A 200,000-character source (corpus articles joined) with 1,000 claims on it."""
    from workbench.store import Workspace

    ws = Workspace(db)
    title = "bench: 200k characters, 1000 claims"
    for s in ws.list_sources():
        if s.title == title:
            ws.close()
            return s.id
    parts, size = [], 0
    for p in sorted((CORPUS / "es").glob("*.txt")):
        t = p.read_text(encoding="utf-8")
        parts.append(t)
        size += len(t) + 2
        if size >= 200_000:
            break
    text = "\n\n".join(parts)[:200_000]
    with ws.tx():
        sid = ws.insert_source(sha256=hashlib.sha256(text.encode()).hexdigest(), path="bench://big", title=title,
                               outlet="bench", lang="es", lang_detected="es", text=text)
    statuses = ["unverified", "supported", "disputed", "false", "unclear"]
    with ws.tx():
        step = len(text) // 1000
        for i in range(1000):
            a = i * step + 3
            b = a + min(150, step - 5)
            ws.add_claim(sid, a, b, status=statuses[i % 5], tags=[f"t{i % 7}"])
    ws.close()
    return sid


class _Frames:
    """When the app composes a frame for its driver: ``App._display`` gets each compositor update
    (headless, the terminal write is skipped; the lines are already rendered).  Latency is measured
    from an action to the first frame after its result is in place.  Pilot's ``press`` and
    ``pause`` are not used for timing: they wait for the process to go idle in 20 ms sleeps."""

    def __init__(self, app, probe=None) -> None:
        self.times: list[float] = []
        self.seen: list[object] = []  # what ``probe()`` gave at each frame (say, the scroll position)
        shown = app._display

        def display(screen, renderable):
            if renderable is not None:
                self.times.append(time.perf_counter())
                self.seen.append(probe() if probe is not None else None)
            return shown(screen, renderable)

        app._display = display

    async def first_after(self, t: float, timeout: float = 30.0, unlike: object = None) -> float:
        """The first frame after ``t`` (and, given ``unlike``, whose probe differs from it: the frame
        that shows the change, even when it came before the caller saw the change)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            later = [x for x, v in zip(self.times[-8:], self.seen[-8:])
                     if x > t and (unlike is None or v != unlike)]
            if later:
                return later[0]
            await asyncio.sleep(0.0005)
        raise TimeoutError("no frame")


async def _until(cond, timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while not cond():
        if time.perf_counter() > deadline:
            raise TimeoutError("condition not reached")
        await asyncio.sleep(0.0005)


def _key(app, ch: str) -> None:
    """A key press as the terminal driver delivers it (what Pilot.press sends, without its waits)."""
    from textual import events

    event = events.Key("space", " ") if ch == " " else events.Key(ch, ch)
    event.set_sender(app)
    app._driver.send_message(event)


async def bench_open_and_search(db: Path, big: int, queries: list[str], runs: int) -> dict:
    from workbench.store import Workspace
    from workbench.tui.app import WorkbenchApp

    ws = Workspace(db)
    app = WorkbenchApp(ws, cursor_blink=False, check_empty=False)
    res: dict = {}
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        frames = _Frames(app, probe=lambda: app.main.reader.scroll_y)
        main = app.main
        small = ws.list_sources()[0].id
        opens = []
        for _ in range(runs):
            main.open_source(small)
            await pilot.pause()
            t0 = time.perf_counter()
            main.open_source(big)  # synchronous: text, claims, mentions and highlights are in place
            opens.append((await frames.first_after(t0) - t0) * 1000)
            await pilot.pause()
        r = main.reader
        assert len(r.claims) == 1000 and len(r.text) == 200_000
        res["open_big_ms_median"] = statistics.median(opens)
        res["open_big_ms_all"] = [round(x, 1) for x in opens]
        # repaint after a claim change (rebuild of highlights + one frame)
        reps = []
        for _ in range(runs):
            t0 = time.perf_counter()
            r.set_marks(claims=r.claims)
            reps.append((await frames.first_after(t0) - t0) * 1000)
            await pilot.pause()
        res["rehighlight_ms_median"] = statistics.median(reps)
        # scrolling through the big source: page down, key to the first frame at the new position
        main.action_focus_pane("reader")
        await pilot.pause()
        pages = []
        for _ in range(20):
            before = r.scroll_y
            t0 = time.perf_counter()
            _key(app, "pagedown")
            await _until(lambda: r.scroll_y != before)
            pages.append((await frames.first_after(t0, unlike=before) - t0) * 1000)
        res["pagedown_ms_median"] = statistics.median(pages)

        # search as you type: key to the first frame showing that query's hits
        pane = main.sources
        lat, search = [], []
        for q in queries:
            main.action_search()
            pane.search_input.value = ""
            await pilot.pause()
            for i in range(1, len(q) + 1):
                want = q[:i].strip()
                t0 = time.perf_counter()
                _key(app, q[i - 1])
                if want == q[:i - 1].strip():  # a trailing space: the query does not change
                    await pilot.pause()
                    continue
                await _until(lambda: getattr(pane, "_shown_query", None) == want)
                shown = pane._typed_at + pane.last_latency_ms / 1000  # when the hits were put in the list
                lat.append((await frames.first_after(shown) - t0) * 1000)
                search.append(pane.last_latency_ms)
        res["search_keystroke_ms_median"] = statistics.median(lat)
        res["search_keystroke_ms_p90"] = sorted(lat)[int(len(lat) * 0.9) - 1]
        res["search_keystroke_ms_max"] = max(lat)
        res["search_keystrokes"] = len(lat)
        res["search_in_app_ms_median"] = statistics.median(search)
    ws.close()
    return res


async def bench_fts_only(db: Path, queries: list[str]) -> dict:
    from workbench.store import Workspace
    from workbench.tui.widgets.sources import as_you_type

    ws = Workspace(db)
    lat = []
    for q in queries:
        for i in range(1, len(q) + 1):
            t0 = time.perf_counter()
            try:
                ws.search(as_you_type(q[:i]), limit=100)
            except Exception:  # noqa: BLE001
                pass
            lat.append((time.perf_counter() - t0) * 1000)
    ws.close()
    return {"fts_only_ms_median": statistics.median(lat), "fts_only_ms_max": max(lat)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    db = CACHE / "corpus_tui.db"
    t0 = time.perf_counter()
    n = build_corpus_workspace(db)
    built = time.perf_counter() - t0
    big = make_big_source(db)
    queries = ["gobierno", "presidente lula", "intelligenza", "musk twitter"]
    out = {"sources": n + 0, "build_s": round(built, 2), "load_avg": os.getloadavg()[0], "cpus": os.cpu_count()}
    out.update(bench_startup(db, args.runs))
    out.update(asyncio.run(bench_open_and_search(db, big, queries, max(3, args.runs))))
    out.update(asyncio.run(bench_fts_only(db, queries)))
    if args.json:
        print(json.dumps(out, indent=2))
        return
    print(f"workspace: {out['sources']} sources (corpus + 1 big), load average {out['load_avg']:.1f} on "
          f"{out['cpus']} CPUs")
    print(f"start-up to first frame: workbench {out['workbench_s'] * 1000:.0f} ms, bare Textual "
          f"{out['bare_s'] * 1000:.0f} ms, extra {out['extra_s'] * 1000:.0f} ms (target < 500 ms)")
    print(f"open 200,000-char source with 1,000 claims, to its first frame: {out['open_big_ms_median']:.0f} ms "
          f"median (target < 100 ms); re-highlight {out['rehighlight_ms_median']:.0f} ms; page down "
          f"{out['pagedown_ms_median']:.0f} ms")
    print(f"search as you type ({out['search_keystrokes']} keystrokes), key to the frame with the hits: median "
          f"{out['search_keystroke_ms_median']:.0f} ms, p90 {out['search_keystroke_ms_p90']:.0f} ms, max "
          f"{out['search_keystroke_ms_max']:.0f} ms (typed -> hits in the list {out['search_in_app_ms_median']:.1f} ms;"
          f" search() alone: median {out['fts_only_ms_median']:.1f} ms)")


if __name__ == "__main__":
    main()
