"""Which files and folders ``.gitignore`` files leave out, as git reads them.

The rules of a folder's ``.gitignore`` apply to the paths under that folder, relative to
it; a deeper file's rules win over a shallower one's, and within a file the last pattern
that matches wins (``!`` patterns re-include). Inside a git repository, the
``.gitignore`` files of the folders from the repository's top down to the folder walked
apply too, and so does ``.git/info/exclude``. The patterns are matched by pathspec's
``GitIgnoreSpec``, which follows git's own matching.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

#: The rules of one folder: the folder, and its patterns (None: no .gitignore there).
Rules = tuple[Path, "GitIgnoreSpec | None"]


def _spec(lines: list[str]) -> GitIgnoreSpec | None:
    if not any(line.strip() and not line.lstrip().startswith("#") for line in lines):
        return None
    from pathspec import GitIgnoreSpec  # imported only where a .gitignore has rules

    return GitIgnoreSpec.from_lines(lines)


def _read_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:  # no file, or one that cannot be read: no rules
        return []


def _repository(folder: Path) -> Path | None:
    """The top of the git repository ``folder`` is in, or None."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


class GitIgnore:
    """The ignore rules met walking down from one folder."""

    def __init__(self, top: Path) -> None:
        """``top``: the folder the walk starts from, as an absolute path."""
        self._above: list[Rules] = []
        repository = _repository(top)
        if repository is not None:
            exclude = _spec(_read_lines(repository / ".git" / "info" / "exclude"))
            if exclude is not None:
                self._above.append((repository, exclude))
            above = [p for p in reversed(top.parents) if p == repository or repository in p.parents]
            for folder in above:
                spec = _spec(_read_lines(folder / ".gitignore"))
                if spec is not None:
                    self._above.append((folder, spec))

    def rules_in(self, folder: Path, inherited: tuple[Rules, ...] | None) -> tuple[Rules, ...]:
        """The rules that apply to the entries of ``folder``: those of the folders above
        (``inherited``; None for the folder the walk starts from) and its own."""
        rules = tuple(self._above) if inherited is None else inherited
        spec = _spec(_read_lines(folder / ".gitignore"))
        return (*rules, (folder, spec)) if spec is not None else rules

    def ignored(self, path: Path, is_dir: bool, rules: tuple[Rules, ...]) -> bool:
        """Whether ``path`` (an entry of a walked folder, absolute) is ignored by ``rules``."""
        for base, spec in reversed(rules):  # the deepest rules decide first
            try:
                relative = path.relative_to(base).as_posix()
            except ValueError:
                continue
            if spec is None:
                continue
            result = spec.check_file(relative + "/" if is_dir else relative)
            if result.include is not None:
                return result.include
        return False
