"""The Textual workbench.  ``run(db_path)`` is what ``workbench open`` calls.

Importing this package is cheap: Textual itself is imported only inside :func:`run`, and spaCy
never at start-up (NER runs only inside workers, see ``tests/tui/test_imports.py``).
"""

from __future__ import annotations


def run(db_path: str) -> None:
    """Open the workspace at ``db_path`` in the TUI and block until the user quits.

    Raises :class:`workbench.errors.WorkspaceError` (one line) if the file cannot be used.
    """
    from ..store import Workspace
    from .app import WorkbenchApp

    ws = Workspace(db_path)
    ws.session = new_session()  # ctrl+z / ctrl+y act on this session's own actions
    try:
        WorkbenchApp(ws).run()
    finally:
        ws.close()


def new_session() -> str:
    import os
    import uuid

    return f"tui-{os.getpid()}-{uuid.uuid4().hex[:8]}"


__all__ = ["run", "new_session"]
