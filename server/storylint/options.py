"""Validating configuration values: each validator checks one value and returns it clean.

A validator takes ``(value, origin, dotted key)`` and raises :class:`ConfigError` worded
for the user (``file: 'key': what is wrong``). The config schema (:mod:`storylint.config`)
and every rule family's options (registered with :func:`storylint.checks.registry.family`)
are written with them.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from typing import Any

from storylint.findings import Severity


class ConfigError(Exception):
    """A configuration problem, worded for the user (``file: key: what is wrong``)."""


Validator = Callable[[Any, str, str], Any]  # (value, origin, dotted key) -> clean value


def _fail(origin: str, key: str, message: str) -> ConfigError:
    return ConfigError(f"{origin}: '{key}': {message}")


def list_of_str(value: Any, origin: str, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(origin, key, f"expected a list of strings, got {value!r}")
    return tuple(value)


def list_of_names(value: Any, origin: str, key: str) -> tuple[str | tuple[str, ...], ...]:
    """A list whose items are names or lists of names (``[["Laurie", "Laurence"]]``)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise _fail(origin, key, f"expected a list of names or of lists of names, got {value!r}")
    return tuple(
        item if isinstance(item, str) else list_of_str(item, origin, key) for item in value
    )


def one_of(*allowed: str) -> Validator:
    def check(value: Any, origin: str, key: str) -> str:
        if value not in allowed:
            choices = ", ".join(f'"{a}"' for a in allowed)
            raise _fail(origin, key, f"expected one of {choices}, got {value!r}")
        return value

    return check


def boolean(value: Any, origin: str, key: str) -> bool:
    if not isinstance(value, bool):
        raise _fail(origin, key, f"expected true or false, got {value!r}")
    return value


def string(value: Any, origin: str, key: str) -> str:
    if not isinstance(value, str):
        raise _fail(origin, key, f"expected a string, got {value!r}")
    return value


def number(value: Any, origin: str, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(origin, key, f"expected a number, got {value!r}")
    return value


def positive(value: Any, origin: str, key: str) -> float:
    seconds = number(value, origin, key)
    if seconds <= 0:
        raise _fail(origin, key, f"expected a number of seconds above 0, got {value!r}")
    return seconds


def url(value: Any, origin: str, key: str) -> str:
    text = string(value, origin, key).strip()
    if not text.startswith(("http://", "https://")) or len(text) < 10:
        raise _fail(origin, key, f"expected an http:// or https:// address, got {value!r}")
    return text


def severity(value: Any, origin: str, key: str) -> Severity:
    return Severity(one_of(*(s.value for s in Severity))(value, origin, key))


def table_of(check: Validator) -> Validator:
    """A table of any keys whose values ``check`` accepts."""

    def check_table(value: Any, origin: str, key: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise _fail(origin, key, f"expected a table, got {value!r}")
        return {k: check(v, origin, f"{key}.{k}") for k, v in value.items()}

    return check_table


def section(schema: Mapping[str, Validator]) -> Validator:
    """A table whose keys are those of ``schema`` (each checked by its validator)."""

    def check_section(value: Any, origin: str, key: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise _fail(origin, key, f"expected a table, got {value!r}")
        return validate_table(value, schema, origin, f"{key}.")

    return check_section


def validate_table(
    data: Mapping[str, Any], schema: Mapping[str, Validator], origin: str, prefix: str = ""
) -> dict[str, Any]:
    """``data`` checked key by key against ``schema``; an unknown key is an error that
    suggests the closest known one."""
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


#: The option types a rule family may declare in its data (``[family.options.NAME]``,
#: ``type = "..."``), and their validators; ``one of`` takes ``values = [...]``.
TYPES: dict[str, Validator] = {
    "boolean": boolean,
    "string": string,
    "number": number,
    "list of strings": list_of_str,
    "list of names": list_of_names,
    "table of lists of strings": table_of(list_of_str),
}


def from_spec(spec: Mapping[str, Any], where: str) -> Validator:
    """The validator of an option declared in rule data (``type``, maybe ``values``);
    a spec storylint cannot use is a ``ValueError`` naming ``where``."""
    kind = spec.get("type")
    if kind == "one of":
        values = spec.get("values")
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise ValueError(f"{where}: 'one of' needs values = [...]")
        return one_of(*values)
    if kind not in TYPES:
        raise ValueError(f"{where}: unknown option type {kind!r}; one of {[*TYPES, 'one of']}")
    return TYPES[kind]
