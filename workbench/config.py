"""Who is working: the author name every action records, and the organisation that publishes
fact checks (ClaimReview ``author``).

Sources, first found wins:

- the author: ``$WORKBENCH_AUTHOR``; else ``author = "..."`` in ``~/.config/workbench/config.toml``
  (``$XDG_CONFIG_HOME`` if set, or the file named by ``$WORKBENCH_CONFIG``); else the login name;
- the organisation: ``$WORKBENCH_ORG``; else ``organisation = "..."`` (and ``organisation_url``) in the
  same file; else empty (ClaimReview then names the author instead).

Names are cleaned like any other untrusted text (no terminal escapes, one line).  This module is
part of no layer's start-up cost: it imports only the standard library.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .textutil import clean_text


def user_file(env_var: str, name: str) -> Path:
    """A user's file: the path in ``$env_var`` if set, else ``name`` in the workbench config folder
    (``$XDG_CONFIG_HOME/workbench``, by default ``~/.config/workbench``)."""
    named = os.environ.get(env_var)
    if named:
        return Path(named)
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "workbench" / name


def config_path() -> Path:
    return user_file("WORKBENCH_CONFIG", "config.toml")


def _one_line(value: object) -> str:
    return " ".join(clean_text(str(value)).split())[:200] if value is not None else ""


@lru_cache(maxsize=4)
def _file_settings(path: str) -> dict[str, str]:
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError:
        return {}
    try:
        import tomllib

        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return {}  # a broken config file must not stop anyone working; defaults apply
    return {k: _one_line(v) for k, v in data.items() if isinstance(v, str)}


def settings() -> dict[str, str]:
    return _file_settings(str(config_path()))


def _login() -> str:
    try:
        return _one_line(getpass.getuser()) or "unknown"
    except Exception:  # noqa: BLE001  (no user database entry in a container)
        return "unknown"


def author_name() -> str:
    """The name recorded with every action of this process."""
    return _one_line(os.environ.get("WORKBENCH_AUTHOR") or "") or settings().get("author") or _login()


@dataclass(frozen=True)
class Organisation:
    name: str
    url: str


def organisation() -> Organisation:
    s = settings()
    name = _one_line(os.environ.get("WORKBENCH_ORG") or "") or s.get("organisation", "") or s.get("organization", "")
    url = _one_line(os.environ.get("WORKBENCH_ORG_URL") or "") or s.get("organisation_url", "") \
        or s.get("organization_url", "")
    return Organisation(name, url)
