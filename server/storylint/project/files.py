"""Which files a run checks: paths (files, folders, ``-`` for stdin) to targets.

Folders are searched to any depth (without recursion) for files matching ``include``
(by name) and not matching ``exclude`` (by name or path relative to the folder); hidden
folders, ``node_modules``, Python environments, Word's lock files and the fixed copies
``--fix`` writes are skipped, and so is whatever a
``.gitignore`` ignores (see :mod:`storylint.project.ignore`) unless ``respect_gitignore``
is off. Links to folders are not followed, so a link loop cannot trap the walk; a folder
that cannot be read is reported and skipped. A file named on the command line is always
checked.

File names are shown as text that is valid UTF-8: a byte that is not (such a name comes
from the file system as a surrogate escape) is shown as ``\\xNN``.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from storylint.project.ignore import GitIgnore, Rules

_SKIPPED_DIRS = {"node_modules", "__pycache__", "venv", ".venv"}
#: Files never checked inside folders: Word's lock files while a document is open, and
#: the copies ``--fix`` writes beside Word documents (``chapter.storylint.docx``).
_SKIPPED_FILES = ("~$*", "*.storylint.docx")


#: The path that stands for standard input.
STDIN = "-"


@dataclass(frozen=True)
class Target:
    """One file to check: where it is, how to show its name, and for standard input
    (``path`` is ``-``) the bytes read from it. A target that is not ``reported`` is
    read for the names of the manuscript only (``--context``)."""

    path: Path
    display: str
    data: bytes | None = None
    reported: bool = True

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


def shown(name: str) -> str:
    """``name`` as valid UTF-8 text: bytes of the file system's name that are not UTF-8
    (surrogate escapes) as ``\\xNN``."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    return name


def _matches(name: str, rel: str, globs: Iterable[str]) -> bool:
    return any(fnmatch.fnmatch(name, g) or fnmatch.fnmatch(rel, g) for g in globs)


def _absolute(folder: Path) -> Path:
    try:
        return folder.resolve()
    except (OSError, RuntimeError):  # a link loop: the folder as named
        return Path(os.path.abspath(folder))


def walk(
    folder: Path,
    display: str,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    *,
    respect_gitignore: bool = True,
    on_error: Callable[[str], None] = lambda message: None,
) -> list[Target]:
    """Files under ``folder`` to check, in sorted order (each folder's files, then its
    folders); a folder that cannot be read is reported to ``on_error``."""
    top = _absolute(folder)
    ignore = GitIgnore(top) if respect_gitignore else None
    found: list[Target] = []
    # (folder, its path relative to ``folder``, the ignore rules above it)
    stack: list[tuple[Path, str, tuple[Rules, ...] | None]] = [(folder, ".", None)]
    while stack:
        here, rel_root, inherited = stack.pop()
        shown_here = shown(os.path.normpath(os.path.join(display, rel_root)))
        try:
            with os.scandir(here) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as error:
            on_error(f"{shown_here}: cannot read this folder: {error.strerror or error}; skipped")
            continue
        absolute_here = top / rel_root if rel_root != "." else top
        rules = ignore.rules_in(absolute_here, inherited) if ignore is not None else ()
        folders = []
        for entry in entries:
            name = entry.name
            rel = os.path.normpath(os.path.join(rel_root, name))
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if ignore is not None and ignore.ignored(absolute_here / name, is_dir, rules):
                continue
            if is_dir:
                skipped = name.startswith(".") or name in _SKIPPED_DIRS
                if not skipped and not _matches(name, rel, exclude):
                    folders.append((Path(entry.path), rel, rules))
                continue
            try:
                linked_folder = entry.is_symlink() and entry.is_dir()
            except OSError:
                linked_folder = False
            if linked_folder:
                continue  # links to folders are not followed
            if (
                _matches(name, rel, include)
                and not _matches(name, rel, exclude)
                and not _matches(name, name, _SKIPPED_FILES)
            ):
                shown_name = shown(os.path.normpath(os.path.join(display, rel)))
                found.append(Target(Path(entry.path), shown_name))
        stack.extend(reversed(folders))
    return found
