"""User key remapping: every Binding has an id, and a TOML file maps ids to keys.

The file is ``$WORKBENCH_KEYMAP`` if set, else ``~/.config/workbench/keymap.toml``::

    # binding id = "key[,another key]"   (ids are listed on the help screen, `?`)
    "claim.tags" = "g"
    "app.quit" = "ctrl+q"
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from ..config import user_file
from ..errors import InputError


def keymap_path() -> Path:
    return user_file("WORKBENCH_KEYMAP", "keymap.toml")


def load_keymap(path: Path | None = None) -> dict[str, str]:
    """The id -> keys mapping, or {} when there is no file.  A broken file raises InputError
    (one line); the app then keeps its default keys and says why."""
    path = path or keymap_path()
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"keymap {path} ignored: {exc}") from None
    table = data.get("keymap", data)
    if not isinstance(table, dict) or not all(isinstance(k, str) and isinstance(v, str) and v.strip()
                                              for k, v in table.items()):
        raise InputError(f'keymap {path} ignored: expected lines like "claim.tags" = "g"')
    return {k: v.strip() for k, v in table.items()}
