"""Finding and loading the rule data shipped in ``rules/``.

In a wheel the data sits inside the package (``storylint/rules``); in a source checkout
(editable install, tests) it is the repository's top-level ``rules/`` folder. Word lists
are text files, one entry per line, ``#`` starting a comment.

Parsing the rule files' TOML took a tenth of a short check's start-up, so each file's
parsed data is kept as JSON (which loads about twenty times faster) in the user's cache
folder — ``$STORYLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/storylint``, else
``~/.cache/storylint`` — named by the storylint version and a checksum of the file, so
an edited rule file is parsed again and versions installed side by side keep their own
copies. A cache that cannot be read or written is passed by.

``rules/lexicon/english.txt`` (about 200,000 ordinary English words, one a line, sorted,
generated at build time from a published word list, see ``tools/build_english_words.py``)
is kept as the text it is and searched by bisection over its lines: loading it costs one
read, no splitting into 200,000 strings and no hashing of every word.
"""

from __future__ import annotations

import json
import os
import zlib
from functools import cache
from pathlib import Path

from storylint import __version__


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


@cache
def families() -> dict[str, dict]:
    """Each rule family's ``[family]`` table (its options, editor actions), by family:
    the one in ``rules/<family>.toml``, the family's main file (``rules/<family>-*.toml``
    hold more of its rules)."""
    return {
        path.stem: load_toml(path).get("family", {})
        for path in rule_files()
        if "-" not in path.stem
    }


def load_toml(path: Path) -> dict:
    """The data of a rule file (parsed once per version and content, see above)."""
    raw = path.read_bytes()
    folder = cache_dir()
    mine = f"{path.stem}.{__version__}."  # this version's copies of this file
    kept = None
    if folder is not None:
        kept = folder / f"{mine}{len(raw)}.{zlib.crc32(raw):08x}.json"
        try:
            return json.loads(kept.read_bytes())
        except (OSError, ValueError):
            pass
    import tomllib  # only when the cache misses: it takes a while to import

    data = tomllib.loads(raw.decode("utf-8"))
    if kept is not None:
        try:
            text = json.dumps(data)
            kept.parent.mkdir(parents=True, exist_ok=True)
            for old in kept.parent.glob(f"{mine}*"):  # the file as it was before
                old.unlink(missing_ok=True)
            partial = kept.with_suffix(f".{os.getpid()}.tmp")
            partial.write_text(text, encoding="utf-8")
            partial.replace(kept)  # never a half-written file under the real name
        except (OSError, TypeError):  # TypeError: a TOML date, which JSON cannot hold
            pass
    return data


def cache_dir() -> Path | None:
    """The folder storylint keeps its cache in (see the module docstring); None when
    there is none (no home folder)."""
    if os.environ.get("STORYLINT_CACHE_DIR"):
        return Path(os.environ["STORYLINT_CACHE_DIR"])
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):  # the XDG rules: a relative path is ignored
        return Path(xdg) / "storylint"
    try:
        return Path.home() / ".cache" / "storylint"
    except RuntimeError:
        return None


@cache
def _english() -> str:
    """The sorted words of ``english.txt``, one a line, each line ending in a newline."""
    text = (rules_dir() / "lexicon" / "english.txt").read_text(encoding="utf-8")
    start = 0
    while text.startswith("#", start):
        start = text.index("\n", start) + 1
    words = text[start:]
    return words if words.endswith("\n") else words + "\n"


def is_english_word(word: str) -> bool:
    """``word`` (any case) is an ordinary English word that is never a proper noun."""
    lower = word.lower()
    if not lower or "\n" in lower:
        return False
    words = _english()
    # bisection over the lines of the text: lo and hi are always the starts of lines
    lo, hi = 0, len(words)
    while lo < hi:
        middle = (lo + hi) // 2
        start = words.rfind("\n", lo, middle) + 1 or lo
        end = words.index("\n", middle)
        line = words[start:end]
        if line == lower:
            return True
        if line < lower:
            lo = end + 1
        else:
            hi = start
    return False
