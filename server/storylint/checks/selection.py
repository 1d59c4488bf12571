"""Which rules run: ``select`` and ``ignore`` against the rule registry.

A selector is ``ALL``, a category (``dialogue``) or a rule id
(``dialogue.unclosed-quote``); LanguageTool's findings (when it is configured) are
selected by ``languagetool``, ``languagetool.<RULE_ID>``, ``grammar`` or
``homophones``. With no ``select``, every rule that is on by default runs. ``ignore``
removes rules after selection. Unknown selectors are a
:class:`~storylint.config.ConfigError` with a suggestion.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from storylint.checks.registry import Rule
from storylint.config import Config, ConfigError


def check_selectors(selectors: Iterable[str], rules: Mapping[str, Rule], where: str) -> None:
    """Raise ConfigError for a selector that names no rule or category."""
    known = {"ALL", *rules, *(rule.category for rule in rules.values()), *LANGUAGETOOL}
    for selector in selectors:
        if selector not in known and not selector.startswith("languagetool."):
            close = difflib.get_close_matches(selector, sorted(known), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ConfigError(
                f"{where}: unknown rule or category '{selector}'{hint}; "
                "run 'storylint rules' for the list"
            )


#: Selectors of LanguageTool's findings that name no rule of storylint's own.
LANGUAGETOOL = ("languagetool", "grammar")


def matches(selector: str, rule: Rule) -> bool:
    return selector in ("ALL", rule.id, rule.category, rule.family)


def enabled_rules(config: Config, rules: Mapping[str, Rule]) -> list[Rule]:
    """The rules that run under ``config``, in registry order."""
    origin = config.origin or "settings"
    if config.select is not None:
        check_selectors(config.select, rules, f"{origin}: 'select'")
    check_selectors(config.ignore, rules, f"{origin}: 'ignore'")
    check_selectors(config.severity, rules, f"{origin}: 'severity'")
    chosen = []
    for rule in rules.values():
        if config.select is None:
            selected = rule.default
        else:
            selected = any(matches(s, rule) for s in config.select)
        if selected and not any(matches(s, rule) for s in config.ignore):
            chosen.append(rule)
    return chosen
