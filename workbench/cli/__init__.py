"""The ``workbench`` command line.

Each command group lives in its own module and registers itself on :data:`main`:
``core`` (open, ingest, sources, search, entities, entity ...), ``claims`` (claim, claims, tags,
undo, redo, log), ``evidence`` (export, import, verify) and ``corroborate``.
"""

from __future__ import annotations

from .base import main  # noqa: F401

# the command modules register themselves on ``main`` when imported; ``main`` imports only the one
# a command line needs (see ``base.COMMAND_MODULES``)
