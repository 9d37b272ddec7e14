"""Issue 18 at scale: the interactive actions on big workspaces, before and after, same run.

Each row runs in a fresh process, alternating the code before (``--base``: a tree of the code to
compare with, e.g. ``git archive <commit> | tar -x -C /tmp/base``) and after (this tree), on the
workspace each code opens (``--base-db``: the workspace before its migration; ``--db``: after).
A row that writes (claims) works on a fresh copy of the workspace.  Beside each figure: the
process's peak RSS (``wait4``) and the machine's load (``/proc/loadavg``) when the run started.

Rows (the issue's table rows this bench owns):

* ``tui_start``: ``python -m workbench open`` in tmux (160x50) until a source title is on screen,
  against a bare Textual app (one Static) started the same way in the same run.
* ``entities_filter``: per key of typing three names into the entities filter, in-process: what the
  pane runs per key (before: ``list_entities(query=...)``; after: ``entity_count`` + the first page).
* ``search_p95``: in-process ``ws.search(q, limit=20)`` over 33 queries (bench/search.py).
* ``search_type``: per key of typing three queries, the search worker's call
  (``ws.search_newest(as_you_type(prefix), 100, TYPING_RANKED)``; before it existed
  ``ws.search(as_you_type(prefix), limit=100)``); ``prefix_p``: the one-letter prefix ``p*``.
* ``save_claim``: ``add_claim`` plus what the TUI re-reads after it (before: the source's claims and
  the whole source list; after: the source's claims, the count and the page on screen).
* ``sources_json`` / ``entities_json``: the CLI (``python -m workbench ... --json``) to /dev/null.
* ``claim_add``: ``--n`` (2,000) x ``workbench claim add`` through click's runner in one process.
* ``confirm_entity``: ``confirm_entity`` on three proposed entities (ranked 50-52 by mentions).
* ``corroborate``: warm ``corroborate(limit=10)`` over 20 claims, median and p95 (needs the passage
  index complete, or the first query builds it).
* ``duplicates``: ``workbench sources --duplicates --json`` (wall time and peak RSS).

Run:  ``nice .venv/bin/python bench/scale.py --db WS.db --base /tmp/base --base-db WS_before.db
--name 5k [--rows ...] [--runs 3]``
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
ROOT = HERE.parents[1]

ROWS = ("tui_start", "entities_filter", "search_p95", "search_type", "prefix_p", "save_claim",
        "sources_json", "entities_json", "claim_add", "confirm_entity", "corroborate", "duplicates", "export")
WRITES = {"save_claim", "claim_add", "confirm_entity", "corroborate", "duplicates", "export"}
BUDGET_MS = 60_000
TYPED_ENTITIES = ("lopez obrador", "maria silva", "trump")
TYPED_SEARCH = ("inteligencia artificial", "presidente da republica", "governo federal")


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# -- children (one row each, in a fresh process) ---------------------------------------------------
def _ws(db: str):
    from workbench.store import Workspace

    return Workspace(db)


def child_entities_filter(db: str) -> dict:
    ws = _ws(db)
    new = hasattr(ws, "entities_page")
    per_key: list[float] = []
    for name in TYPED_ENTITIES:
        for k in range(1, len(name) + 1):
            q = name[:k].strip()
            if not q or sum(per_key) > BUDGET_MS:  # the old scan takes seconds a key: stop after a minute
                continue
            t = time.perf_counter()
            if new:
                n = ws.entity_count(q, cap=10_000)
                rows = ws.entities_page(0, 60, q)
            else:
                rows = ws.list_entities(query=q)
                n = len(rows)
            per_key.append((time.perf_counter() - t) * 1000)
    return {"ms_median": statistics.median(per_key), "ms_max": max(per_key), "keys": len(per_key),
            "entities": ws.conn.execute("SELECT count(*) FROM entities").fetchone()[0]}


def child_search_p95(db: str) -> dict:
    sys.path.append(str(ROOT))
    from bench.search import QUERIES

    ws = _ws(db)
    for q in QUERIES:
        ws.search(q, limit=20)  # warm
    times = []
    for _ in range(3):
        for q in QUERIES:
            t = time.perf_counter()
            ws.search(q, limit=20)
            times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {"ms_p95": times[int(0.95 * (len(times) - 1))], "ms_median": statistics.median(times),
            "queries": len(QUERIES)}


def _as_you_type(q: str) -> str:
    from workbench.tui.widgets.sources import as_you_type

    return as_you_type(q)


def child_search_type(db: str) -> dict:
    ws = _ws(db)
    try:  # the search worker's call: ranking only the newest matches while typing (from session 10)
        from workbench.tui.widgets.sources import TYPING_RANKED
    except ImportError:
        TYPING_RANKED = None

    def search(q: str) -> None:
        if TYPING_RANKED is None:
            ws.search(q, limit=100)
        else:
            ws.search_newest(q, 100, TYPING_RANKED)

    first: list[float] = []
    rest: list[float] = []
    for text in TYPED_SEARCH:
        for k in range(1, len(text) + 1):
            if text[k - 1] == " ":
                continue
            t = time.perf_counter()
            search(_as_you_type(text[:k]))
            (first if k == 1 else rest).append((time.perf_counter() - t) * 1000)
    return {"ms_first_key": statistics.median(first), "ms_median": statistics.median(first + rest),
            "ms_max": max(first + rest)}


def child_prefix_p(db: str) -> dict:
    ws = _ws(db)
    ws.search("p*", limit=100)
    times = []
    for _ in range(5):
        t = time.perf_counter()
        ws.search("p*", limit=100)
        times.append((time.perf_counter() - t) * 1000)
    return {"ms_median": statistics.median(times)}


def _quotes(ws, n: int) -> list[tuple[int, str]]:
    """``n`` quotes of 50 characters spread over the workspace, each on one line and found once in
    its source (so ``claim add --quote`` takes it without ``--occurrence``)."""
    ids = [r[0] for r in ws.conn.execute("SELECT id FROM sources ORDER BY id")]
    step = max(1, len(ids) // n)
    out: list[tuple[int, str]] = []
    k = 0
    while len(out) < n and k < 4 * n:
        sid = ids[(k * step + k // len(ids)) % len(ids)]
        text = ws.source_text(sid)
        for a in range(20 + (k // len(ids)) * 60, len(text) - 50, 50):
            q = text[a:a + 50]
            if "\n" not in q and q.strip() == q and text.count(q) == 1:
                out.append((sid, q))
                break
        k += 1
    return out


def child_save_claim(db: str) -> dict:
    ws = _ws(db)
    new = hasattr(ws, "sources_page")
    times = []
    for sid, q in _quotes(ws, 15):
        text = ws.source_text(sid)
        a = text.find(q)
        if a < 0:
            continue
        t = time.perf_counter()
        ws.add_claim(sid, a, a + len(q), tags=["bench"])
        ws.list_claims(source_id=sid)  # the reader's marks
        ws.list_claims(source_id=sid)  # the claims pane
        if new:
            ws.source_count()
            ws.sources_page(0, 100)
        else:
            ws.list_sources()
        times.append((time.perf_counter() - t) * 1000)
    return {"ms_median": statistics.median(times), "ms_max": max(times), "n": len(times)}


def child_claim_add(db: str, n: int) -> dict:
    from click.testing import CliRunner

    from workbench.cli import main

    ws = _ws(db)
    quotes = _quotes(ws, n)
    ws.close()
    runner = CliRunner()
    t = time.perf_counter()
    failed = 0
    for sid, q in quotes:
        r = runner.invoke(main, ["claim", "add", "--db", db, "--source", str(sid), "--quote", q, "--tag", "bench"])
        failed += r.exit_code != 0
    return {"seconds": time.perf_counter() - t, "n": len(quotes), "failed": failed}


def child_confirm_entity(db: str) -> dict:
    """Confirming entities (their names are then found in every source): the three proposed
    entities ranked 50th-52nd by mentions, one confirm each (what the TUI's confirm key runs)."""
    ws = _ws(db)
    rows = ws.conn.execute("SELECT id FROM entities WHERE status = 'proposed' ORDER BY n_mentions DESC"
                           " LIMIT 3 OFFSET 50").fetchall()
    times, added = [], 0
    for (eid,) in rows:
        t = time.perf_counter()
        try:
            from workbench.nlp.gazetteer import gazetteer_mentions  # what the TUI's confirm key hands the store

            _ent, n = ws.confirm_entity(eid, find=gazetteer_mentions)
        except (ImportError, TypeError):  # code from before the store took the finder
            _ent, n = ws.confirm_entity(eid)
        times.append((time.perf_counter() - t) * 1000)
        added += n
    return {"ms_median": statistics.median(times), "ms_max": max(times), "n": len(times), "mentions_added": added}


def child_corroborate(db: str) -> dict:
    """Warm ``corroborate(limit=10)`` on 20 claims made on random passages (the index complete)."""
    import random

    from workbench.evidence.corroborate import corroborate

    ws = _ws(db)
    rng = random.Random(7)
    top = ws.conn.execute("SELECT max(id) FROM passages").fetchone()[0] or 0
    claims = []
    while len(claims) < 20 and top:
        row = ws.conn.execute("SELECT source_id, start, end FROM passages WHERE id >= ? AND end - start >= 60"
                              " LIMIT 1", (rng.randrange(top),)).fetchone()
        if row:
            claims.append(ws.add_claim(row[0], row[1], row[2]).id)
    corroborate(ws, claims[0])  # loads the model, the signatures, the lists
    times = []
    for cid in claims:
        t = time.perf_counter()
        corroborate(ws, cid, limit=10)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {"ms_median": statistics.median(times), "ms_p95": times[int(0.95 * (len(times) - 1))], "n": len(times)}


def child_export(db: str, n: int) -> dict:
    """``n`` claims added on quotes spread over the workspace (10 % linked to an earlier claim,
    one tag on a tenth), then each format rendered as ``workbench export`` renders it: the
    default (cited sources and entities only), ``--all`` for json, and one tag (a tenth)."""
    from workbench.evidence.bundle import ExportFilter
    from workbench.evidence.export import render

    ws = _ws(db)
    ids = []
    for k, (sid, q) in enumerate(_quotes(ws, n)):
        text = ws.source_text(sid)
        a = text.find(q)
        c = ws.add_claim(sid, a, a + len(q), tags=["bench", "tenth"] if k % 10 == 0 else ["bench"])
        ids.append(c.id)
        if k % 10 == 5 and len(ids) > 1:
            ws.link_claims(c.id, ids[k - 1], "corroborates")
    out: dict = {"claims": len(ids)}
    for fmt, flt in (("json", ExportFilter()), ("md", ExportFilter()), ("ftm", ExportFilter()),
                     ("json_all", ExportFilter(everything=True)), ("json_tenth", ExportFilter(tags=["tenth"]))):
        t = time.perf_counter()
        text = render(ws, fmt.split("_")[0], flt)
        out[f"{fmt}_s"] = round(time.perf_counter() - t, 2)
        out[f"{fmt}_mb"] = round(len(text.encode()) / 1e6, 1)
    return out


CHILDREN = {"confirm_entity": child_confirm_entity, "corroborate": child_corroborate,
            "entities_filter": child_entities_filter, "search_p95": child_search_p95,
            "search_type": child_search_type, "prefix_p": child_prefix_p, "save_claim": child_save_claim}


# -- the parent ------------------------------------------------------------------------------------
def _run_rss(cmd: list[str], code: Path, stdout=subprocess.PIPE) -> tuple[float, int, str]:
    """Wall seconds, peak RSS (MB) and stdout of ``cmd`` run with ``code`` first on the path, under a
    small wrapper that reports the child's rusage."""
    wrapper = ("import resource,subprocess,sys,time;t=time.perf_counter();"
               "r=subprocess.run(sys.argv[1:],stdout=(open('/dev/null','w') if __import__('os').environ.get('WB_NULL') else None));"
               "sys.stderr.write('\\nRUSAGE %f %d\\n'%(time.perf_counter()-t,resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss));"
               "sys.exit(r.returncode)")
    env = {**os.environ, "PYTHONPATH": str(code)}
    if stdout is subprocess.DEVNULL:
        env["WB_NULL"] = "1"
    p = subprocess.run([sys.executable, "-c", wrapper, *cmd], cwd=code, env=env, capture_output=True, text=True)
    if p.returncode:
        raise RuntimeError(f"{cmd[:4]} failed: {p.stderr[-1500:]}")
    line = [ln for ln in p.stderr.splitlines() if ln.startswith("RUSAGE ")][-1].split()
    return float(line[1]), int(line[2]) // 1024, p.stdout


def run_child(row: str, code: Path, db: Path, n: int) -> dict:
    cmd = [sys.executable, str(HERE), "--child", row, "--db", str(db), "--n", str(n)]
    wall, rss, out = _run_rss(cmd, code)
    res = json.loads(out.strip().splitlines()[-1])
    res["process_s"] = round(wall, 2)
    res["peak_rss_mb"] = rss
    return res


def run_cli_json(what: str, code: Path, db: Path, *extra: str) -> dict:
    wall, rss, _ = _run_rss([sys.executable, "-m", "workbench", what, *extra, "--json", "--db", str(db)], code,
                            stdout=subprocess.DEVNULL)
    return {"seconds": round(wall, 2), "peak_rss_mb": rss}


def _copy(src: Path, dst: Path) -> None:
    """A consistent copy of a workspace (SQLite's backup API: safe while another process writes it)."""
    import sqlite3

    with sqlite3.connect(f"file:{src}?mode=ro", uri=True) as a, sqlite3.connect(dst) as b:
        a.backup(b)


_BARE = """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("BARE-APP-READY")
Bare().run()
"""


def _tmux_until(cmd: list[str], code: Path, needle: str, timeout: float = 120.0) -> tuple[float, int]:
    """Seconds from launching ``cmd`` in a fresh tmux session to ``needle`` on its screen, and the
    process's peak RSS (VmHWM) at that moment."""
    name = f"wbscale{os.getpid()}"
    subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)
    env = f"PYTHONPATH={code} TERM=xterm-256color"
    shell = f"cd {code} && exec env {env} " + " ".join(f"'{c}'" for c in cmd)
    t = time.perf_counter()
    subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", "160", "-y", "50", shell], check=True)
    try:
        while time.perf_counter() - t < timeout:
            screen = subprocess.run(["tmux", "capture-pane", "-p", "-t", name], capture_output=True,
                                    text=True).stdout
            if needle in screen:
                wall = time.perf_counter() - t
                pid = subprocess.run(["tmux", "list-panes", "-t", name, "-F", "#{pane_pid}"], capture_output=True,
                                     text=True).stdout.strip()
                rss = 0
                try:
                    for ln in Path(f"/proc/{pid}/status").read_text().splitlines():
                        if ln.startswith("VmHWM:"):
                            rss = int(ln.split()[1]) // 1024
                except OSError:
                    pass
                return wall, rss
            time.sleep(0.01)
        raise TimeoutError(f"{needle!r} not on screen after {timeout} s")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


def tui_start(code: Path, db: Path, needle: str) -> dict:
    wb, rss = _tmux_until([sys.executable, "-m", "workbench", "open", "--no-seed", "--db", str(db)], code, needle)
    bare, bare_rss = _tmux_until([sys.executable, "-c", _BARE], code, "BARE-APP-READY")
    return {"seconds": round(wb, 2), "bare_s": round(bare, 2), "extra_s": round(wb - bare, 2),
            "peak_rss_mb": rss, "bare_rss_mb": bare_rss}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--child")
    ap.add_argument("--db", type=Path)
    ap.add_argument("--base", type=Path, help="tree of the code before (omit: only after)")
    ap.add_argument("--base-db", type=Path, help="the workspace as the code before opens it")
    ap.add_argument("--name", default="ws")
    ap.add_argument("--rows", nargs="*", default=list(ROWS))
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--n", type=int, default=2000, help="claim adds (default 2000)")
    ap.add_argument("--tmp", type=Path, default=Path(tempfile.gettempdir()))
    ap.add_argument("--table", nargs="*", type=Path, help="print result files as a Markdown table and exit")
    a = ap.parse_args()
    if a.table:
        print(table(a.table))
        return
    if a.child:
        if a.child == "claim_add":
            res = child_claim_add(str(a.db), a.n)
        elif a.child == "export":
            res = child_export(str(a.db), a.n)
        else:
            res = CHILDREN[a.child](str(a.db))
        print(json.dumps(res))
        return
    sides = [("after", ROOT, a.db)]
    if a.base:
        sides.insert(0, ("before", a.base.resolve(), a.base_db or a.db))
    needle = _first_title(a.db)
    results: dict = {"workspace": a.name, "db": str(a.db), "rows": {}}
    for row in a.rows:
        results["rows"][row] = {side: [] for side, _c, _d in sides}
        for _ in range(a.runs):
            for side, code, db in sides:
                work = db
                if row in WRITES:
                    work = a.tmp / f"scale-{side}-{os.getpid()}.db"
                    _copy(db, work)
                load = loadavg()
                try:
                    if row == "tui_start":
                        res = tui_start(code, work, needle)
                    elif row in ("sources_json", "entities_json"):
                        res = run_cli_json(row.split("_")[0], code, work)
                    elif row == "duplicates":
                        res = run_cli_json("sources", code, work, "--duplicates")
                    else:
                        res = run_child(row, code, work, a.n)
                except (RuntimeError, TimeoutError, ValueError, IndexError) as exc:
                    res = {"error": str(exc)[-300:]}
                finally:
                    if work != db:
                        for suffix in ("", "-wal", "-shm"):
                            Path(str(work) + suffix).unlink(missing_ok=True)
                res["loadavg"] = load
                results["rows"][row][side].append(res)
                print(f"{a.name} {row:16} {side:6} {json.dumps(res)}", file=sys.stderr, flush=True)
    out = ROOT / "bench" / "results" / f"scale_{a.name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(out)


MAIN_FIGURE = {"tui_start": ("seconds", "s"), "entities_filter": ("ms_median", "ms"), "search_p95": ("ms_p95", "ms"),
               "search_type": ("ms_median", "ms"), "prefix_p": ("ms_median", "ms"), "save_claim": ("ms_median", "ms"),
               "sources_json": ("seconds", "s"), "entities_json": ("seconds", "s"), "claim_add": ("seconds", "s"),
               "confirm_entity": ("ms_median", "ms"), "corroborate": ("ms_median", "ms"), "duplicates": ("seconds", "s"),
               "export": ("json_s", "s")}


def table(paths: list[Path]) -> str:
    """A Markdown table of result files: per row and workspace, before -> after (peak RSS, load)."""
    lines = ["| row | workspace | before | after |", "|---|---|---|---|"]
    for path in paths:
        res = json.loads(path.read_text(encoding="utf-8"))
        for row, sides in res["rows"].items():
            key, unit = MAIN_FIGURE[row]
            cells = []
            for side in ("before", "after"):
                runs = [r for r in sides.get(side, []) if key in r]
                if not runs:
                    cells.append("-")
                    continue
                r = runs[0]
                extra = f", bare {r['bare_s']} s" if row == "tui_start" else ""
                extra += f", max {r['ms_max']:.0f} ms" if "ms_max" in r and row == "entities_filter" else ""
                extra += f", p95 {r['ms_p95']:.0f} ms" if row == "corroborate" else ""
                cells.append(f"{r[key]:.{1 if unit == 'ms' else 2}f} {unit}{extra} ({r.get('peak_rss_mb', '?')} MB;"
                             f" load {r['loadavg'].split()[0]})")
            lines.append(f"| {row} | {res['workspace']} | {cells[0]} | {cells[1]} |")
    return "\n".join(lines)


def _first_title(db: Path) -> str:
    import sqlite3

    c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    title = c.execute("SELECT title FROM sources ORDER BY id LIMIT 1").fetchone()[0]
    c.close()
    return " ".join(title.split())[:20]


if __name__ == "__main__":
    main()
