"""Turning command-line paths into the files to check.

Folders are searched recursively for files matching ``include`` (by name) and not
matching ``exclude`` (by name or path relative to the folder); hidden folders and
``node_modules`` are skipped. A file named on the command line is always checked.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

_SKIPPED_DIRS = {"node_modules", "__pycache__", "venv", ".venv"}


@dataclass(frozen=True)
class Target:
    """One file to check: where it is, and how to show its name."""

    path: Path
    display: str


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
            if _matches(name, rel, include) and not _matches(name, rel, exclude):
                shown = os.path.normpath(os.path.join(display, rel))
                found.append(Target(Path(root) / name, shown))
    return found
