"""The editor's settings for storylint, and how they combine with ``storylint.toml``.

Editors send settings as ``initializationOptions`` and answer ``workspace/configuration``
for the ``storylint`` section. They may use the keys of ``storylint.toml`` (kebab-case,
``quote-style``) or camelCase (``quoteStyle``), and a few keys of the server's own:

* ``diagnostic-mode``: ``auto`` (pull when the client can, otherwise push), ``push`` or ``pull``
* ``debounce-ms``: how long typing must pause before diagnostics are pushed (default 150)
* ``document-delay-ms``: how long typing must pause before the whole-document rules
  (names across the workspace) run again (default 750; never less than ``debounce-ms``):
  they re-read the whole document, so they wait for a real pause in the typing
* ``file-types``: language id -> ``text`` or ``markdown`` (defaults below); documents of
  other languages are checked when their file extension is ``.txt`` or ``.md``
* ``config``: a config file to use for every document instead of searching for one

Editor plugins may also write ``cast`` for ``names.cast`` and ``config-file`` for
``config``; the keys they keep for themselves (``path``, ``interpreter``, ``trace``,
``enable``) are ignored.

A project's config file wins over the editor's settings: settings are the defaults, and
each key the file sets replaces them (for ``[names]`` and the other tables, key by key).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storylint.config import Config, ConfigError, from_mapping, schema

DEFAULT_FILE_TYPES = {"plaintext": "text", "text": "text", "markdown": "markdown"}
DIAGNOSTIC_MODES = ("auto", "push", "pull")
_SERVER_KEYS = ("diagnostic-mode", "debounce-ms", "document-delay-ms", "file-types", "config")
#: Settings that editor plugins keep for themselves (how to start the server, tracing)
#: and may send along with the rest: ignored, not reported as unknown.
_CLIENT_KEYS = ("path", "interpreter", "trace", "enable")
ORIGIN = "editor settings (storylint)"


def _kebab(key: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", lambda m: "-" + m.group(1).lower(), key)


def normalise(value: Any) -> Any:
    """Keys to kebab-case, recursively; except inside ``severity``, ``aliases`` and
    ``file-types``, whose keys are names (rule ids, characters, languages)."""
    if not isinstance(value, Mapping):
        return value
    result = {}
    for key, item in value.items():
        kebab = _kebab(key) if isinstance(key, str) else key
        if kebab in ("severity", "aliases", "file-types"):
            result[kebab] = dict(item) if isinstance(item, Mapping) else item
        else:
            result[kebab] = normalise(item)
    return result


@dataclass(frozen=True)
class Settings:
    """The editor's settings: a config table, and the server's own options."""

    table: Mapping[str, Any] = field(default_factory=dict)
    diagnostic_mode: str = "auto"
    debounce_ms: float = 150
    document_delay_ms: float = 750
    file_types: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_FILE_TYPES))
    config_file: Path | None = None

    def config(self, file_config: Config | None) -> Config:
        """The config for a document: these settings, overridden by its config file's."""
        if file_config is None or file_config.origin is None:
            return from_mapping(self.table, ORIGIN) if self.table else Config()
        if not self.table:
            return file_config
        merged = dict(self.table)
        for key, value in file_config.table.items():
            if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
                merged[key] = {**merged[key], **value}
            else:
                merged[key] = value
        combined = from_mapping(merged, file_config.origin or ORIGIN, file_config.root)
        return combined


def _shorthands(values: dict[str, Any]) -> dict[str, Any]:
    """The editor plugins' flat spellings: ``cast`` for ``names.cast``, ``config-file``
    for ``config``."""
    values = dict(values)
    config_file = values.pop("config-file", None)
    if config_file:
        values.setdefault("config", config_file)
    if "cast" in values:
        cast = values.pop("cast")
        names = values.get("names")
        if cast and isinstance(names, Mapping):
            values["names"] = {"cast": cast, **names}
        elif cast:
            values["names"] = {"cast": cast}
    return values


def _milliseconds(values: Mapping[str, Any], key: str, default: float) -> float:
    value = values.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ConfigError(f"{ORIGIN}: '{key}': expected a number of milliseconds, got {value!r}")
    return value


def parse_settings(raw: Any) -> Settings:
    """Validate the editor's settings; raise ConfigError naming the bad key."""
    if raw is None or raw == [] or raw == {}:
        return Settings()
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{ORIGIN}: expected an object, got {raw!r}")
    values = normalise(raw)
    nested = values.get("storylint")
    if isinstance(nested, Mapping) or nested == []:
        # initializationOptions: {"storylint": {...}}; an empty Lua table is sent as []
        values = normalise(nested) if nested else {}
    values = _shorthands(values)
    table = {k: v for k, v in values.items() if k not in (*_SERVER_KEYS, *_CLIENT_KEYS)}
    from_mapping(table, ORIGIN)  # errors name the key and what is allowed
    mode = values.get("diagnostic-mode", "auto")
    if mode not in DIAGNOSTIC_MODES:
        raise ConfigError(
            f"{ORIGIN}: 'diagnostic-mode': expected one of {DIAGNOSTIC_MODES}, got {mode!r}"
        )
    debounce = _milliseconds(values, "debounce-ms", 150)
    document_delay = _milliseconds(values, "document-delay-ms", 750)
    file_types = dict(DEFAULT_FILE_TYPES)
    extra = values.get("file-types", {})
    if not isinstance(extra, Mapping) or any(v not in ("text", "markdown") for v in extra.values()):
        raise ConfigError(f'{ORIGIN}: \'file-types\': expected language id -> "text" or "markdown"')
    file_types.update(extra)
    config_file = values.get("config")
    if config_file is not None and not isinstance(config_file, str):
        raise ConfigError(f"{ORIGIN}: 'config': expected a file path, got {config_file!r}")
    return Settings(
        table=table,
        diagnostic_mode=mode,
        debounce_ms=float(debounce),
        document_delay_ms=float(max(document_delay, debounce)),
        file_types=file_types,
        config_file=Path(config_file).expanduser() if config_file else None,
    )


def known_keys() -> list[str]:
    """Every key the settings accept (for documentation and error messages)."""
    return sorted([*schema(), *_SERVER_KEYS])
