"""Errors a user can cause. Each carries one clear line of text; the CLI and TUI show it as is."""


class WorkbenchError(Exception):
    """Base class: the message is one line meant for the user."""

    exit_code = 1

    def __str__(self) -> str:  # always one line
        return " ".join(super().__str__().split())


class WorkspaceError(WorkbenchError):
    """The workspace file cannot be used (not SQLite, not a workspace, newer schema, read-only)."""


class DiskFull(WorkspaceError):
    """The disk holding the workspace is full: said once, and the command stops."""


class Corrupt(WorkspaceError):
    """The workspace file is damaged: said once, with what to do."""


class QueryError(WorkbenchError):
    """A search query the full-text engine cannot parse."""

    exit_code = 2


class NotFound(WorkbenchError):
    """An id or name that does not exist."""


class InputError(WorkbenchError):
    """A file or argument that cannot be used as given."""
