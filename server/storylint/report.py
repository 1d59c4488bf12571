"""Reports: a finding placed in its source file, with its rule and effective severity.

This is what every output reads (text, JSON, SARIF, the language server's diagnostics,
LanguageTool's merged findings): the engine makes reports, the shells show them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from storylint.checks.registry import Rule
from storylint.config import Config
from storylint.findings import Finding, Severity


@dataclass(frozen=True, slots=True)
class Report:
    """A finding placed in a source file, with its rule and effective severity."""

    finding: Finding
    rule: Rule
    severity: Severity

    @property
    def start(self) -> int:
        return self.finding.start

    @property
    def end(self) -> int:
        return self.finding.end


def severity_of(rule: Rule, config: Config) -> Severity:
    """The severity of ``rule`` under ``config`` (rule id beats category beats family
    beats the rule's default; ``languagetool`` sets every LanguageTool finding's)."""
    overrides: Mapping[str, Severity] = config.severity
    return (
        overrides.get(rule.id)
        or overrides.get(rule.category)
        or overrides.get(rule.family)
        or rule.severity
    )
