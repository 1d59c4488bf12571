"""Changing the project's configuration file on the user's behalf.

The language server's code actions ("accept this word", "add to the cast list", "this is
a different character", "disable this rule for the project") add an entry to a list in
the config file that applies to the document, creating ``storylint.toml`` when there is
none. The file is edited with tomlkit, so the user's comments and layout survive, and
the result is validated before it is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from storylint.config import CONFIG_NAMES, ConfigError, discover, parse
from storylint.project.write import write_atomic


def target(folder: Path, root: Path | None = None) -> Path:
    """The config file to edit for documents in ``folder``: the one that applies to them,
    or a new ``storylint.toml`` in ``root`` (the workspace folder) or ``folder``."""
    found = discover(folder)
    return found if found is not None else (root or folder) / CONFIG_NAMES[0]


def add_to_list(path: Path, keys: Sequence[str], value: Any) -> bool:
    """Append ``value`` to the list at ``keys`` (e.g. ``("names", "cast")``) in the config
    file ``path``, creating tables as needed. False if it was already there."""
    import tomlkit

    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    document = tomlkit.parse(existing)
    table: Any = document
    if path.name == "pyproject.toml":
        keys = ("tool", "storylint", *keys)
    for key in keys[:-1]:
        if key not in table:
            table[key] = tomlkit.table()
        table = table[key]
    current = table.get(keys[-1])
    if current is None:
        current = tomlkit.array()
        table[keys[-1]] = current
    if not isinstance(current, list):
        raise ConfigError(f"{path}: '{'.'.join(keys)}' is not a list; not changed")
    if value in current:
        return False
    current.append(value)
    if len(current) > 3:
        current.multiline(True)
    text = tomlkit.dumps(document)
    parse(text, path)  # refuse to write a config storylint would reject
    write_atomic(path, text)
    return True
