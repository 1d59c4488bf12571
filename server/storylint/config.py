"""Project configuration: finding it, reading it, validating it.

storylint reads the first of ``storylint.toml``, ``.storylint.toml`` or a
``pyproject.toml`` with a ``[tool.storylint]`` table found walking up from the checked
file; ``--config PATH`` overrides the search. Keys use kebab-case (``quote-style``). Every
key is validated: an unknown key or a bad value is a :class:`ConfigError` naming the
file, the key and what is allowed (the CLI exits with status 2).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from storylint.findings import Severity

CONFIG_NAMES = ("storylint.toml", ".storylint.toml")
QUOTE_STYLES = ("auto", "us", "uk")
DEFAULT_INCLUDE = ("*.txt", "*.text", "*.md", "*.markdown")


class ConfigError(Exception):
    """A configuration problem, worded for the user (``file: key: what is wrong``)."""


Validator = Callable[[Any, str, str], Any]  # (value, origin, dotted key) -> clean value


def _fail(origin: str, key: str, message: str) -> ConfigError:
    return ConfigError(f"{origin}: '{key}': {message}")


def _list_of_str(value: Any, origin: str, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(origin, key, f"expected a list of strings, got {value!r}")
    return tuple(value)


def _list_of_names(value: Any, origin: str, key: str) -> tuple[str | tuple[str, ...], ...]:
    """A list whose items are names or lists of names (``[["Laurie", "Laurence"]]``)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise _fail(origin, key, f"expected a list of names or of lists of names, got {value!r}")
    return tuple(
        item if isinstance(item, str) else _list_of_str(item, origin, key) for item in value
    )


def _one_of(*allowed: str) -> Validator:
    def check(value: Any, origin: str, key: str) -> str:
        if value not in allowed:
            choices = ", ".join(f'"{a}"' for a in allowed)
            raise _fail(origin, key, f"expected one of {choices}, got {value!r}")
        return value

    return check


def _boolean(value: Any, origin: str, key: str) -> bool:
    if not isinstance(value, bool):
        raise _fail(origin, key, f"expected true or false, got {value!r}")
    return value


def _string(value: Any, origin: str, key: str) -> str:
    if not isinstance(value, str):
        raise _fail(origin, key, f"expected a string, got {value!r}")
    return value


def _number(value: Any, origin: str, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(origin, key, f"expected a number, got {value!r}")
    return value


def _positive(value: Any, origin: str, key: str) -> float:
    number = _number(value, origin, key)
    if number <= 0:
        raise _fail(origin, key, f"expected a number of seconds above 0, got {value!r}")
    return number


def _url(value: Any, origin: str, key: str) -> str:
    text = _string(value, origin, key).strip()
    if not text.startswith(("http://", "https://")) or len(text) < 10:
        raise _fail(origin, key, f"expected an http:// or https:// address, got {value!r}")
    return text


def _severity(value: Any, origin: str, key: str) -> Severity:
    return Severity(_one_of(*(s.value for s in Severity))(value, origin, key))


def _table_of(check: Validator) -> Validator:
    def validate(value: Any, origin: str, key: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise _fail(origin, key, f"expected a table, got {value!r}")
        return {k: check(v, origin, f"{key}.{k}") for k, v in value.items()}

    return validate


def _section(schema: Mapping[str, Validator]) -> Validator:
    def validate(value: Any, origin: str, key: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise _fail(origin, key, f"expected a table, got {value!r}")
        return _validate(value, schema, origin, f"{key}.")

    return validate


#: Options of each rule family, ``[names]``, ``[dialogue]``, ... in the config file.
SECTIONS: dict[str, dict[str, Validator]] = {
    "names": {
        "cast": _list_of_str,
        "aliases": _table_of(_list_of_str),
        "different": _list_of_names,
    },
    "dialogue": {"comma-before-sir": _boolean, "comma-after-adverb": _boolean},
    "homophones": {},
    "languagetool": {
        "server": _url,
        "language": _string,
        "enabled-rules": _list_of_str,
        "disabled-rules": _list_of_str,
        "mode": _one_of("remote", "local"),
        "public-api": _boolean,
        "timeout": _positive,
    },
}

SCHEMA: dict[str, Validator] = {
    "select": _list_of_str,
    "ignore": _list_of_str,
    "severity": _table_of(_severity),
    "quote-style": _one_of(*QUOTE_STYLES),
    "accept": _list_of_str,
    "include": _list_of_str,
    "exclude": _list_of_str,
    **{name: _section(schema) for name, schema in SECTIONS.items()},
}


def _validate(
    data: Mapping[str, Any], schema: Mapping[str, Validator], origin: str, prefix: str = ""
) -> dict[str, Any]:
    result = {}
    for key, value in data.items():
        check = schema.get(key)
        if check is None:
            close = difflib.get_close_matches(key, list(schema), n=1)
            hint = f" (did you mean '{prefix}{close[0]}'?)" if close else ""
            allowed = ", ".join(prefix + k for k in schema) or "none"
            raise ConfigError(
                f"{origin}: unknown key '{prefix}{key}'{hint}; allowed keys: {allowed}"
            )
        result[key] = check(value, origin, prefix + key)
    return result


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
    values = _validate(data, SCHEMA, origin)
    sections = {name: values[name] for name in SECTIONS if name in values}
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
