"""Project configuration: finding it, reading it, validating it.

storylint reads the first of ``storylint.toml``, ``.storylint.toml`` or a
``pyproject.toml`` with a ``[tool.storylint]`` table found walking up from the checked
file; ``--config PATH`` overrides the search. Keys use kebab-case (``quote-style``). Every
key is validated: an unknown key or a bad value is a :class:`ConfigError` naming the
file, the key and what is allowed (the CLI exits with status 2).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from storylint.data import families
from storylint.findings import Severity
from storylint.options import (
    ConfigError,
    Validator,
    boolean,
    from_spec,
    list_of_str,
    one_of,
    positive,
    section,
    severity,
    string,
    table_of,
    url,
    validate_table,
)

__all__ = ["ConfigError"]

CONFIG_NAMES = ("storylint.toml", ".storylint.toml")
QUOTE_STYLES = ("auto", "us", "uk")
DEFAULT_INCLUDE = (
    "*.txt",
    "*.text",
    "*.md",
    "*.markdown",
    "*.docx",
    "*.odt",
    "*.epub",
    "*.html",
    "*.htm",
    "*.xhtml",
)

#: The keys of a config that belong to no rule family.
CORE: dict[str, Validator] = {
    "select": list_of_str,
    "ignore": list_of_str,
    "severity": table_of(severity),
    "quote-style": one_of(*QUOTE_STYLES),
    "accept": list_of_str,
    "include": list_of_str,
    "exclude": list_of_str,
    "respect-gitignore": boolean,
    "fail-on": severity,
}

#: The ``[languagetool]`` section: the optional grammar backend (not a rule family).
LANGUAGETOOL: dict[str, Validator] = {
    "server": url,
    "language": string,
    "enabled-rules": list_of_str,
    "disabled-rules": list_of_str,
    "mode": one_of("remote", "local"),
    "public-api": boolean,
    "timeout": positive,
}


@cache
def family_options() -> dict[str, dict[str, Validator]]:
    """Each rule family's options (its section, ``[names]``, ``[dialogue]``...), as the
    family declares them in its data (``[family.options]`` in ``rules/<family>.toml``),
    and the ``[languagetool]`` section's."""
    sections = {
        name: {
            key: from_spec(spec, f"rules/{name}.toml [family.options.{key}]")
            for key, spec in table.get("options", {}).items()
        }
        for name, table in families().items()
    }
    sections["languagetool"] = LANGUAGETOOL
    return sections


@cache
def schema() -> dict[str, Validator]:
    """Every key a config may have, with its validator."""
    return {**CORE, **{name: section(keys) for name, keys in family_options().items()}}


@dataclass(frozen=True)
class Config:
    """Settings that apply to one file (the defaults when no config file is found)."""

    origin: str | None = None
    root: Path | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    quote_style: str = "auto"
    accept: frozenset[str] = frozenset()
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    #: Skip what ``.gitignore`` files ignore, in folders.
    respect_gitignore: bool = True
    #: The lowest severity that makes a check fail (None: the command's default).
    fail_on: Severity | None = None
    sections: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    #: The table this config was read from (for merging with an editor's settings).
    table: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def section(self, name: str) -> Mapping[str, Any]:
        """The options of one family (``names``, ``dialogue``...), empty if not set."""
        return self.sections.get(name, {})

    def with_overrides(
        self,
        select: Iterable[str] | None = None,
        ignore: Iterable[str] = (),
    ) -> Config:
        """This config with command-line ``--select`` (replacing) and ``--ignore`` (adding)."""
        return replace(
            self,
            select=tuple(select) if select is not None else self.select,
            ignore=self.ignore + tuple(ignore),
        )

    def accepts(self, word: str) -> bool:
        """Whether ``word`` is on the ``accept`` list (case-insensitive)."""
        return word.casefold() in self._accept_folded

    @property
    def _accept_folded(self) -> frozenset[str]:
        return frozenset(w.casefold() for w in self.accept)


def from_mapping(data: Mapping[str, Any], origin: str, root: Path | None = None) -> Config:
    """Validate a config table (a file's, or an editor's settings) into a :class:`Config`."""
    values = validate_table(data, schema(), origin)
    sections = {name: values[name] for name in family_options() if name in values}
    return Config(
        origin=origin,
        root=root,
        select=values.get("select"),
        ignore=values.get("ignore", ()),
        severity=values.get("severity", {}),
        quote_style=values.get("quote-style", "auto"),
        accept=frozenset(values.get("accept", ())),
        include=values.get("include", DEFAULT_INCLUDE),
        exclude=values.get("exclude", ()),
        respect_gitignore=values.get("respect-gitignore", True),
        fail_on=values.get("fail-on"),
        sections=sections,
        table=dict(data),
    )


def _parse_toml(text: str, path: Path) -> dict[str, Any]:
    import tomllib  # here: most checks read no config file, and it takes a while to import

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or error
        raise ConfigError(f"{path}: cannot read: {reason}") from None
    return _parse_toml(text, path)


def load(path: Path) -> Config:
    """Read one config file (``storylint.toml`` or a ``pyproject.toml``)."""
    return _from_data(_read_toml(path), path)


def parse(text: str, path: Path) -> Config:
    """A config from the text of the file ``path`` (which need not exist yet)."""
    return _from_data(_parse_toml(text, path), path)


def _from_data(data: dict[str, Any], path: Path) -> Config:
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("storylint")
        if table is None:
            raise ConfigError(f"{path}: no [tool.storylint] table")
        return from_mapping(table, f"{path} [tool.storylint]", path.parent)
    return from_mapping(data, str(path), path.parent)


def _has_tool_table(path: Path) -> bool:
    try:
        return "storylint" in _read_toml(path).get("tool", {})
    except ConfigError:
        return False


def discover(start: Path) -> Path | None:
    """The config file that applies to files in ``start`` (a folder), or None."""
    start = start.resolve()
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


class ConfigResolver:
    """Finds and caches the config for each folder (or always uses an explicit file)."""

    def __init__(self, explicit: Path | None = None) -> None:
        self._explicit = load(explicit) if explicit else None
        self._by_folder: dict[Path, Path | None] = {}
        self._by_file: dict[Path, Config] = {}

    def for_folder(self, folder: Path) -> Config:
        if self._explicit is not None:
            return self._explicit
        folder = folder.resolve()
        if folder not in self._by_folder:
            self._by_folder[folder] = discover(folder)
        found = self._by_folder[folder]
        if found is None:
            return DEFAULT
        if found not in self._by_file:
            self._by_file[found] = load(found)
        return self._by_file[found]

    def for_path(self, path: Path) -> Config:
        return self.for_folder(path.parent if not path.is_dir() else path)


DEFAULT = Config()
