"""Finding and loading the rule data shipped in ``rules/``.

In a wheel the data sits inside the package (``storylint/rules``); in a source checkout
(editable install, tests) it is the repository's top-level ``rules/`` folder. Word lists
are text files, one entry per line, ``#`` starting a comment.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path


@cache
def rules_dir() -> Path:
    """The folder holding the rule data."""
    package = Path(__file__).resolve().parent
    for candidate in (package / "rules", package.parents[1] / "rules"):
        if (candidate / "lexicon").is_dir():
            return candidate
    raise RuntimeError(f"storylint rule data not found next to {package}; reinstall storylint")


@cache
def word_list(name: str) -> frozenset[str]:
    """The entries of ``rules/lexicon/<name>.txt``, as written (case kept)."""
    return frozenset(read_list(rules_dir() / "lexicon" / f"{name}.txt"))


def read_list(path: Path) -> list[str]:
    """Entries of a word-list file, in order, comments and blank lines dropped."""
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.append(entry)
    return entries


@cache
def rule_files() -> tuple[Path, ...]:
    """Every rule-definition file, ``rules/*.toml``, in a stable order."""
    return tuple(sorted(rules_dir().glob("*.toml")))


def load_toml(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)
