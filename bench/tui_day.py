"""A fact-checker's day in the real terminal, scripted through tmux: the workbench is started on
an empty workspace, and driven with keys only.

1. ``workbench open`` on an empty workspace ingests the seeds;
2. ``i`` ingests 50 real corpus articles (es, pt, it, en; symlinked into a temporary folder);
3. three claims, each found by search (``/``), opened, its sentence selected (``f3``, ``s``),
   saved with a tag (``c``), then corroborated (``o``) and one passage accepted (``a``);
4. one entity merged into another from the entities pane (``f5``, ``/``, ``m``, picker);
5. an export (``x``, JSON), then ``q``.

Afterwards the workspace is checked: 55 sources, the three claims with their tags, one accepted
claim linked to each, the merge done (the merged name is an alias of the target), and an evidence
file holding every claim.  Exit status 0 when every check passes; ``--keep`` leaves the
temporary folder for a look.  Needs tmux and the corpus (``$WORKBENCH_CORPUS`` or
``../shared/corpus``); tests/tui/test_tmux_day.py runs it with ``-m slow``.

    .venv/bin/python bench/tui_day.py [--keep]
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CORPUS = Path(os.environ.get("WORKBENCH_CORPUS") or ROOT.parent / "shared" / "corpus")
SOCKET = f"wbday{os.getpid()}"
SIZE = (160, 45)
# (search words, tag): sentences of the seeds that other seeds repeat, in other languages
CLAIMS = [("unidades de procesamiento", "gpu"), ("carta abierta", "carta"), ("Babuschkin", "people")]


class Day:
    def __init__(self, workdir: Path) -> None:
        self.dir = workdir
        self.db = workdir / "ws.db"
        self.log: list[str] = []

    # -- tmux --------------------------------------------------------------------------------
    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", SOCKET, *args], check=True, capture_output=True, text=True).stdout

    def start(self) -> None:
        cmd = f"cd {ROOT} && WORKBENCH_KEYMAP=/nonexistent {sys.executable} -m workbench open --db {self.db}"
        self.tmux("new-session", "-d", "-s", "day", "-x", str(SIZE[0]), "-y", str(SIZE[1]), cmd + "; sleep 60")

    def stop(self) -> None:
        subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True)

    def keys(self, *keys: str, pause: float = 0.25) -> None:
        for k in keys:
            self.tmux("send-keys", "-t", "day", k)
            time.sleep(pause)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "day", "-l", text)
        time.sleep(0.3)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "day")

    def wait(self, what: str, cond: Callable[[], bool], timeout: float = 120.0) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                if cond():
                    self.log.append(f"ok: {what}")
                    return
            except Exception:  # noqa: BLE001 - the workspace may be mid-write; look again
                pass
            time.sleep(0.3)
        raise AssertionError(f"timed out waiting for {what}\n--- screen ---\n{self.screen()}")

    def on_screen(self, text: str, timeout: float = 120.0) -> None:
        self.wait(f"{text!r} on screen", lambda: text in self.screen(), timeout)

    # -- the workspace, read between steps -------------------------------------------------------
    def ws(self):
        from workbench.store import Workspace

        return Workspace(self.db)

    def count(self, sql: str) -> int:
        ws = self.ws()
        try:
            return int(ws.conn.execute(sql).fetchone()[0])
        finally:
            ws.close()


def pick_articles(n: int = 50) -> list[Path]:
    """n articles from the manifest, spread over the languages, first ones of each (deterministic)."""
    rows = [line.split("\t") for line in (CORPUS / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    by_lang: dict[str, list[str]] = {}
    for r in rows:
        if len(r) > 1 and r[1] in ("es", "pt", "it", "en"):
            by_lang.setdefault(r[1], []).append(r[0])
    out: list[Path] = []
    i = 0
    while len(out) < n:
        for lang in sorted(by_lang):
            if i < len(by_lang[lang]) and len(out) < n:
                out.append(CORPUS / by_lang[lang][i])
        i += 1
    return out


def pick_merge(day: Day) -> tuple[str, str]:
    """Two entities the keyboard can name unambiguously: the filter shows ``a`` first, and typing
    ``b``'s full name makes it the picker's only exact match."""
    from workbench.textutil import fold_for_match

    ws = day.ws()
    try:
        ents = [e for e in ws.list_entities() if e.mentions >= 1 and e.name.isprintable() and len(e.name) >= 4]
        folded: dict[str, int] = {}
        for e in ents:
            for n in [e.name, *e.aliases]:
                k = fold_for_match(" ".join(n.split()))
                folded[k] = folded.get(k, 0) + 1
        unique = [e for e in ents if folded[fold_for_match(" ".join(e.name.split()))] == 1]
        shown_first = [a for a in unique if (ws.list_entities(query=a.name) or [None])[0] is not None
                       and ws.list_entities(query=a.name)[0].id == a.id]

        def last(e) -> str:
            return fold_for_match(e.name.split()[-1])

        # a duplicate a fact-checker would fix: a name sharing its last word with a longer one
        # ("Babushkin" / "Igor Babuschkin" style), else any two of one label
        for same_surname in (True, False):
            for a in shown_first:
                for b in unique:
                    if b.id == a.id or b.label != a.label:
                        continue
                    if same_surname and not (last(a) == last(b) and len(b.name) > len(a.name)):
                        continue
                    return a.name, b.name
    finally:
        ws.close()
    raise AssertionError("no pair of entities to merge")


def run(keep: bool = False) -> dict:
    if shutil.which("tmux") is None:
        raise SystemExit("tmux is not installed")
    if not (CORPUS / "MANIFEST.tsv").exists():
        raise SystemExit(f"corpus not found at {CORPUS}")
    workdir = Path(tempfile.mkdtemp(prefix="wbday-"))
    articles = workdir / "articles"
    articles.mkdir()
    for i, p in enumerate(pick_articles()):
        (articles / f"{i:02d}_{p.name}").symlink_to(p)
    day = Day(workdir)
    t0 = time.monotonic()
    try:
        day.start()
        # 1. an empty workspace: `workbench open` ingests the seeds first
        day.wait("5 seeds ingested", lambda: day.count("SELECT count(*) FROM sources") == 5)
        day.on_screen("Sources (5)")
        # 2. fifty corpus articles
        day.keys("i")
        day.on_screen("Ingest sources")
        day.keys("C-u")
        day.type(str(articles))
        day.on_screen("50 files to read", 20)
        day.keys("Enter")
        day.wait("55 sources", lambda: day.count("SELECT count(*) FROM sources") == 55, 600)
        day.on_screen("Sources (55)", 120)
        # 3. three claims, each corroborated
        for words, tag in CLAIMS:
            before = day.count("SELECT count(*) FROM claims")
            day.keys("/", "C-u")
            day.type(words)
            time.sleep(1.0)
            day.keys("Enter", "Enter", "F3", "s", "c")
            day.on_screen("New claim", 30)
            day.type(tag)
            day.keys("Enter")
            day.wait(f"claim tagged {tag}", lambda: day.count("SELECT count(*) FROM claims") == before + 1, 30)
            day.keys("o")
            day.on_screen("Other sources on this claim", 180)
            day.keys("a")
            day.wait("an accepted passage", lambda: day.count("SELECT count(*) FROM claims") == before + 2, 30)
            day.keys("Escape")
            time.sleep(0.5)
        # 4. a merge, from the entities pane
        a, b = pick_merge(day)
        day.keys("F5", "/", "C-u")
        day.type(a)
        time.sleep(0.8)
        day.keys("Enter", "m")
        day.on_screen("Merge ", 20)
        day.type(b)
        day.on_screen(f"merge {a!r} into {b!r}"[:60], 20)  # the dialog says what enter will do
        day.keys("Enter")
        day.wait(f"{a!r} merged into {b!r}", lambda: day.count(
            "SELECT count(*) FROM log WHERE action = 'entity.merge'") == 1, 30)
        # 5. export, quit
        day.keys("x")
        day.on_screen("Export evidence", 20)
        day.keys("1")
        day.on_screen("Only claims with these tags", 20)  # the export dialog: file name and filters
        day.keys("Enter")
        day.wait("an export file", lambda: any(day.dir.glob("*.json")), 60)
        time.sleep(1.0)
        day.keys("q")
        time.sleep(1.5)
        elapsed = time.monotonic() - t0
    except AssertionError:
        day.stop()
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)
        raise
    day.stop()
    report = check(day, a, b)
    report["seconds"] = round(elapsed, 1)
    report["steps"] = day.log
    if keep:
        report["workdir"] = str(workdir)
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return report


def check(day: Day, merged: str, into: str) -> dict:
    """The workspace after the day; raises AssertionError on the first thing that is wrong."""
    ws = day.ws()
    try:
        sources = ws.list_sources()
        assert len(sources) == 55, f"{len(sources)} sources"
        claims = ws.list_claims()
        tagged = {t: [c for c in claims if t in c.tags] for _w, t in CLAIMS}
        for (words, tag), found in zip(CLAIMS, tagged.values()):
            assert len(found) == 1, f"{len(found)} claims tagged {tag}"
            c = found[0]
            assert c.quote == ws.source_text(c.source_id)[c.start:c.end]
            corr = [lk for lk in c.links if lk.relation == "corroborates"]
            assert len(corr) == 1, f"claim {tag}: {len(corr)} corroborations"
            other = ws.get_claim(corr[0].claim_id)
            assert other.source_id != c.source_id and other.tags == [], "accepted claims do not copy tags"
        assert len(claims) == 6, f"{len(claims)} claims"
        names = {e.name for e in ws.list_entities()}
        assert merged not in names, f"{merged!r} still an entity"
        target = ws.find_entity(into)
        assert merged in target.aliases, f"{merged!r} not an alias of {into!r}"
        (export,) = list(day.dir.glob("*.json"))
        data = json.loads(export.read_text(encoding="utf-8"))
        annotations = (data.get("first") or {}).get("items") or []
        assert len(annotations) == len(claims), f"export holds {len(annotations)} of {len(claims)} claims"
        return {"sources": len(sources), "claims": len(claims), "merged": [merged, into],
                "export": export.name, "annotations": len(annotations)}
    finally:
        ws.close()


if __name__ == "__main__":
    out = run(keep="--keep" in sys.argv)
    print(json.dumps(out, indent=2, ensure_ascii=False))
