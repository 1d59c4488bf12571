"""Rule families, and every rule they ship.

Each family is a subpackage (its kinds, registered with :mod:`~storylint.checks.registry`
when it is imported) plus its data, ``rules/<family>.toml`` (its rules, options and
editor actions). Importing this package imports every family, so :func:`all_rules` can
match each rule of the data with the code of its kind.
"""

from collections.abc import Mapping
from functools import cache

from storylint.checks import dialogue, homophones, names  # noqa: F401  (register the kinds)
from storylint.checks.registry import Rule, load_rules, provider

__all__ = ["all_rules", "categories", "provider"]


@cache
def all_rules() -> Mapping[str, Rule]:
    """Every rule shipped in ``rules/*.toml``, by id, in file order."""
    return load_rules()


def categories() -> list[str]:
    """The rule categories, in order of first appearance."""
    return list(dict.fromkeys(rule.category for rule in all_rules().values()))
