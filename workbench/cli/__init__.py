"""The ``workbench`` command line.

Each command group lives in its own module and registers itself on :data:`main`:
``core`` (open, ingest, sources, search, entities, entity ...), ``claims`` (claim, claims, tags,
undo, redo, log), ``evidence`` (export, import, verify) and ``corroborate``.

The entry point is :func:`run`: a plain ``workbench search`` is answered by :mod:`.quick` without
importing click or the Workspace; everything else goes to :data:`main`, which is loaded when first
used (PEP 562), so importing this package costs nothing.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy reads the name)
if TYPE_CHECKING:
    from .base import main

__all__ = ["main", "run"]

# the command modules register themselves on ``main`` when imported; ``main`` imports only the one
# a command line needs (see ``base.COMMAND_MODULES``)


def __getattr__(name: str) -> object:
    if name == "main":
        from .base import main

        return main
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def run(prog_name: str | None = None) -> None:
    """The ``workbench`` command."""
    if len(sys.argv) > 1 and sys.argv[1] == "search":
        from .quick import run as quick

        code = quick(sys.argv[2:])
        if code is not None:
            sys.exit(code)
    from .base import main

    main(prog_name=prog_name)
