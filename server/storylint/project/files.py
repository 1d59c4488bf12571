"""Which files a run checks: paths (files, folders, ``-`` for stdin) to targets.

Folders are searched recursively for files matching ``include`` (by name) and not
matching ``exclude`` (by name or path relative to the folder); hidden folders,
``node_modules``, Word's lock files and the fixed copies ``--fix`` writes are skipped.
A file named on the command line is always checked.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

_SKIPPED_DIRS = {"node_modules", "__pycache__", "venv", ".venv"}
#: Files never checked inside folders: Word's lock files while a document is open, and
#: the copies ``--fix`` writes beside Word documents (``chapter.storylint.docx``).
_SKIPPED_FILES = ("~$*", "*.storylint.docx")


#: The path that stands for standard input.
STDIN = "-"


@dataclass(frozen=True)
class Target:
    """One file to check: where it is, how to show its name, and for standard input
    (``path`` is ``-``) the bytes read from it."""

    path: Path
    display: str
    data: bytes | None = None

    @property
    def is_stdin(self) -> bool:
        return str(self.path) == STDIN

    @property
    def folder(self) -> Path:
        """The folder whose config applies: the file's, or for stdin the folder of its
        ``--stdin-filename`` (the current folder without one)."""
        if self.is_stdin:
            return Path(self.display).parent if self.display != STDIN else Path.cwd()
        return self.path.parent


def _matches(name: str, rel: str, globs: Iterable[str]) -> bool:
    return any(fnmatch.fnmatch(name, g) or fnmatch.fnmatch(rel, g) for g in globs)


def walk(
    folder: Path, display: str, include: tuple[str, ...], exclude: tuple[str, ...]
) -> list[Target]:
    """Files under ``folder`` to check, sorted."""
    found = []
    for root, dirs, files in os.walk(folder):
        rel_root = os.path.relpath(root, folder)
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".")
            and d not in _SKIPPED_DIRS
            and not _matches(d, os.path.normpath(os.path.join(rel_root, d)), exclude)
        )
        for name in sorted(files):
            rel = os.path.normpath(os.path.join(rel_root, name))
            if (
                _matches(name, rel, include)
                and not _matches(name, rel, exclude)
                and not _matches(name, name, _SKIPPED_FILES)
            ):
                shown = os.path.normpath(os.path.join(display, rel))
                found.append(Target(Path(root) / name, shown))
    return found
