"""Fixtures for the TUI tests: workspaces built without spaCy (sources inserted directly,
entities and mentions made by hand), and an app factory with the cursor blink off."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from workbench.store import Workspace

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
SEED_META = {  # file -> (title line index, lang, outlet)
    "000_d98162e4d2a06811.txt": (0, "es", "Business Insider ES"),
    "001_754c6ddc875aef62.txt": (0, "es", "Expansión"),
    "002_a791f7ecaa62bd71.txt": (0, "pt", "Olhar Digital"),
    "003_bcaacd0c2e6f44b8.txt": (2, "es", "WWWhat's new"),
    "004_eef4171dc25fa2cb.txt": (2, "it", "fabioambrosi.it"),
}
# name, label, aliases: a small hand-made gazetteer (Babushkin is deliberately a separate entity,
# so the merge flow has a real duplicate to fix)
ENTITIES = [
    ("Elon Musk", "PER", ["Musk"]),
    ("Twitter", "ORG", []),
    ("DeepMind", "ORG", []),
    ("OpenAI", "ORG", ["Open AI"]),
    ("Igor Babuschkin", "PER", ["Babuschkin"]),
    ("Igor Babushkin", "PER", ["Babushkin"]),
    ("Nvidia", "LOC", []),  # wrong label on purpose (the model says LOC)
    ("Tesla", "ORG", []),
]
INJECTION = ("Markup [bold]not bold[/bold] and [@click=app.quit]click me[/] and [/foo] stay literal.\n\n"
             "An escape \x1b[31mred\x1b[0m and [link=https://x.test]link[/link] too. Second sentence here.")


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def add_source(ws: Workspace, text: str, title: str, lang: str = "es", outlet: str = "", path: str = "") -> int:
    with ws.tx():
        return ws.insert_source(sha256=_sha(text), path=path or f"/test/{_sha(text)[:8]}.txt", title=title,
                                outlet=outlet, lang=lang, lang_detected=lang, text=text)


def add_entities(ws: Workspace, entities=ENTITIES) -> dict[str, int]:
    ids: dict[str, int] = {}
    with ws.tx():
        for name, label, aliases in entities:
            ids[name] = ws.create_entity(name, label, aliases)
        for src in ws.list_sources():
            text = ws.source_text(src.id)
            rows, taken = [], []
            # longest names first so "Elon Musk" wins over "Musk"
            names = sorted(((n, ids[e]) for e, _l, al in entities for n in [e, *al]), key=lambda x: -len(x[0]))
            for n, eid in names:
                for m in re.finditer(r"(?<!\w)" + re.escape(n) + r"(?!\w)", text):
                    if any(m.start() < b and a < m.end() for a, b in taken):
                        continue
                    taken.append((m.start(), m.end()))
                    rows.append((eid, m.start(), m.end(), m.group(), "model"))
            ws.add_mentions(src.id, rows)
    return ids


def build_seed_workspace(path: Path, *, entities: bool = True) -> Workspace:
    ws = Workspace(path)
    for name, (ti, lang, outlet) in SEED_META.items():
        text = (SEEDS / name).read_text(encoding="utf-8")
        title = text.split("\n")[ti].strip()
        with ws.tx():
            ws.insert_source(sha256=_sha(text), path=str(SEEDS / name), title=title, outlet=outlet, lang=lang,
                             lang_detected=lang, text=text)
    if entities:
        add_entities(ws)
    return ws


@pytest.fixture
def seed_ws(tmp_path) -> Workspace:
    ws = build_seed_workspace(tmp_path / "ws.db")
    yield ws
    ws.close()


@pytest.fixture
def empty_ws(tmp_path) -> Workspace:
    ws = Workspace(tmp_path / "empty.db")
    yield ws
    ws.close()


@pytest.fixture
def make_app():
    from workbench.tui.app import WorkbenchApp

    def make(ws, **kw):
        kw.setdefault("cursor_blink", False)
        kw.setdefault("tune_gc", False)  # the test process must keep its own collector settings
        return WorkbenchApp(ws, **kw)

    return make


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture(autouse=True)
def _no_user_keymap(monkeypatch, tmp_path):
    """Tests see the default keys, whatever keymap the machine's user has."""
    monkeypatch.setenv("WORKBENCH_KEYMAP", str(tmp_path / "no-keymap.toml"))


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: a scripted real-terminal session (tmux); run with -m slow")
