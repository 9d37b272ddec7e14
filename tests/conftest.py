"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", message=r"\[W095\]")

# Who did what is recorded with every action: the same name on every machine (snapshots show it),
# and never the tester's own ~/.config/workbench/config.toml.
os.environ.setdefault("WORKBENCH_AUTHOR", "tester")
os.environ["WORKBENCH_CONFIG"] = os.devnull
os.environ.pop("WORKBENCH_SESSION", None)
os.environ.pop("WORKBENCH_ORG", None)

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
CORPUS = Path(os.environ.get("WORKBENCH_CORPUS") or ROOT.parent / "shared" / "corpus")


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not (CORPUS / "MANIFEST.tsv").exists():
        pytest.skip(f"real corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def _seeded_template(tmp_path_factory) -> Path:
    """The seeds ingested once per session through the real pipeline (spaCy included)."""
    from workbench.ingest import ingest_paths
    from workbench.store import Workspace

    db = tmp_path_factory.mktemp("template") / "seeded.db"
    ws = Workspace(db)
    report = ingest_paths(ws, [SEEDS])
    assert report.ok and len(report.added) == 5, report.failed
    ws.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ws.close()
    return db


@pytest.fixture
def seeded_db(_seeded_template, tmp_path) -> Path:
    """A fresh copy of a workspace holding the five seeds, entities resolved."""
    db = tmp_path / "workspace.db"
    shutil.copy(_seeded_template, db)
    return db


@pytest.fixture
def seeded_ws(seeded_db):
    from workbench.store import Workspace

    ws = Workspace(seeded_db)
    yield ws
    ws.close()


def run_cli(*args: str, db: Path | None = None, input: str | None = None, cwd: Path | None = None,
            env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real entry point (``python -m workbench``) as a user would."""
    cmd = [sys.executable, "-m", "workbench", *args]
    full_env = {**os.environ, **(env or {})}
    if db is not None:
        full_env["WORKBENCH_DB"] = str(db)
    return subprocess.run(cmd, capture_output=True, text=True, input=input, cwd=cwd or ROOT, env=full_env,
                          timeout=300)


@pytest.fixture
def cli():
    return run_cli


def load_bench(name: str):
    """A script of ``bench/`` as a module (its harness functions are tested like the product's)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    """The five seeds in a workspace without NER (bench/corroborate.py's "names" mode), their ids, and
    that bench as a module: one per test module of corroboration."""
    b = load_bench("corroborate")
    ws, ids = b.build_seed_workspace(tmp_path_factory.mktemp("seeds") / "s.db", "names")
    yield ws, ids, b
    ws.close()


def mentions(text: str, lang: str) -> dict[str, str]:
    """{name: label} that the product's NER finds in one text (the per-rule tests read this)."""
    from workbench.nlp.ner import extract

    return {m.text: m.label for m in next(extract([text], [lang]))}
