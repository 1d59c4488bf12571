"""LanguageTool matches -> storylint findings and rules.

A match becomes a finding of rule ``languagetool.<RULE_ID>`` in the category the
fiction defaults give its LanguageTool category (confused words are ``homophones``), or
``grammar``; its replacements
become fixes, never applied by ``--fix`` (a generic checker does not know fiction
well enough), and only offered when the span is prose with no markup inside.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from storylint.checks.registry import Rule
from storylint.findings import Finding, Fix, Severity
from storylint.languagetool.settings import fiction_defaults

PREFIX = "languagetool."
MAX_FIXES = 5
_SUGGESTION = re.compile(r"<suggestion>(.*?)</suggestion>", re.DOTALL)


@dataclass(frozen=True, eq=False)
class LanguageToolRule(Rule):
    """A LanguageTool rule as storylint shows it (its category is not its id's prefix)."""

    group: str = "grammar"
    #: A spelling rule: its findings are words a writer may want to accept.
    spelling: bool = False

    @property
    def category(self) -> str:
        return self.group

    @property
    def actions(self) -> tuple:
        return ()

    @property
    def accepts_words(self) -> bool:
        return self.spelling


@dataclass(frozen=True, slots=True)
class Match:
    """One LanguageTool match, its span in code points from the start of its block."""

    start: int
    end: int
    rule_id: str
    description: str
    category_id: str
    category_name: str
    issue_type: str
    message: str
    replacements: tuple[str, ...]

    @property
    def is_spelling(self) -> bool:
        return self.issue_type == "misspelling" or self.category_id == "TYPOS"


def parse_match(raw: dict[str, Any], start: int, end: int) -> Match | None:
    """A :class:`Match` from LanguageTool's JSON (None when it lacks a rule id)."""
    rule = raw.get("rule") if isinstance(raw.get("rule"), dict) else {}
    rule_id = str(rule.get("id") or "")
    if not re.fullmatch(r"[A-Za-z0-9_]+", rule_id):
        return None
    category = rule.get("category") if isinstance(rule.get("category"), dict) else {}
    offered = raw.get("replacements")
    replacements = tuple(
        item["value"]
        for item in (offered if isinstance(offered, list) else ())
        if isinstance(item, dict) and isinstance(item.get("value"), str)
    )
    message = _SUGGESTION.sub(r"“\1”", str(raw.get("message") or raw.get("shortMessage") or ""))
    return Match(
        start=start,
        end=end,
        rule_id=rule_id,
        description=str(rule.get("description") or ""),
        category_id=str(category.get("id") or ""),
        category_name=str(category.get("name") or ""),
        issue_type=str(rule.get("issueType") or ""),
        message=" ".join(message.split()) or rule_id,
        replacements=replacements[:MAX_FIXES],
    )


@lru_cache(maxsize=4096)
def rule_for(
    match_rule: str,
    description: str,
    category_id: str,
    category_name: str,
    issue_type: str,
    fixable: bool,
) -> LanguageToolRule:
    """The storylint rule standing for one LanguageTool rule."""
    defaults = fiction_defaults()
    severity = Severity.INFO if issue_type in defaults.info_issue_types else Severity.WARNING
    summary = description or f"LanguageTool rule {match_rule}"
    where = f"{category_name} ({category_id})" if category_name else category_id or "no category"
    explanation = (
        f"## What it does\n\nReported by LanguageTool, rule `{match_rule}`, category {where}: "
        f"{summary}.\n\n## Why is this bad?\n\nLanguageTool's message on each finding says "
        "why.\n\n## Example\n\nSee LanguageTool's documentation of the rule.\n\n"
        "## Use instead\n\nOne of the replacements offered, or turn the rule off for the "
        f'project with `disabled-rules = ["{match_rule}"]` in `[languagetool]`.'
    )
    return LanguageToolRule(
        id=PREFIX + match_rule,
        kind="languagetool",
        severity=severity,
        summary=summary,
        explanation=explanation,
        fix="unsafe" if fixable else "none",
        source="LanguageTool",
        group=defaults.category_of(category_id, match_rule),
        spelling=issue_type == "misspelling" or category_id == "TYPOS",
    )


def to_finding(
    match: Match, block_start: int, text_ranges: list[tuple[int, int]]
) -> tuple[Finding, LanguageToolRule]:
    """The finding (source offsets) and rule of a match in a block starting at
    ``block_start``; fixes only when the span lies inside one piece of prose."""
    editable = any(a <= match.start and match.end <= b for a, b in text_ranges)
    fixes: tuple[Fix, ...] = ()
    if editable:
        fixes = tuple(
            Fix(value, f"Replace with “{value}”" if value else "Delete it", safe=False)
            for value in match.replacements
        )
    rule = rule_for(
        match.rule_id,
        match.description,
        match.category_id,
        match.category_name,
        match.issue_type,
        bool(match.replacements),
    )
    start, end = block_start + match.start, block_start + match.end
    finding = Finding(rule.id, start, end, match.message, fixes)
    return finding, rule
