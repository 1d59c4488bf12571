"""Rules as ``storylint rules`` shows them: a listing, a Markdown table, one explained."""

from __future__ import annotations

import json

from storylint.checks.registry import Rule

_FIX_LABEL = {"safe": "safe fix", "unsafe": "suggested fix", "none": "no fix"}


def listing(rules: list[Rule], categories: list[str]) -> str:
    """Every rule, by category, a line each."""
    width = max(len(rule.id) for rule in rules)
    lines = []
    for category in categories:
        lines.append(f"{category}:")
        for rule in rules:
            if rule.category == category:
                off = "" if rule.default else " (off by default)"
                lines.append(
                    f"  {rule.id:<{width}}  {rule.severity.value:<7}  "
                    f"{_FIX_LABEL[rule.fix]:<13}  {rule.summary}{off}"
                )
        lines.append("")
    lines.append("Run 'storylint rules ID' for an explanation with examples.")
    return "\n".join(lines) + "\n"


def markdown(rules: list[Rule]) -> str:
    """The rules as the README's Markdown table."""
    lines = ["| Rule | Severity | Fix | What it catches |", "|---|---|---|---|"]
    for rule in rules:
        off = " (off by default)" if not rule.default else ""
        fix = _FIX_LABEL[rule.fix]
        lines.append(f"| `{rule.id}` | {rule.severity.value} | {fix} | {rule.summary}{off} |")
    return "\n".join(lines) + "\n"


def explain(rule: Rule) -> str:
    """The full explanation of one rule, with its examples."""
    lines = [
        f"{rule.id}: {rule.summary}",
        f"category: {rule.category}   severity: {rule.severity.value}   "
        f"fix: {_FIX_LABEL[rule.fix]}" + ("" if rule.default else "   (off by default)"),
        "",
        rule.explanation,
    ]
    flagged = [e for e in rule.examples if e.flagged]
    allowed = [e for e in rule.examples if not e.flagged]
    if flagged:
        lines += ["", "## Flagged"]
        for example in flagged:
            lines.append(f"    {example.text}".replace("\n", "\n    "))
            if example.fixed:
                lines.append(f"  → {example.fixed}".replace("\n", "\n    "))
    if allowed:
        lines += ["", "## Not flagged"]
        lines += [f"    {e.text}".replace("\n", "\n    ") for e in allowed]
    return "\n".join(lines) + "\n"


def as_json(rules: list[Rule]) -> str:
    """The rules as a JSON array of their metadata."""
    data = [
        {
            "id": r.id,
            "category": r.category,
            "severity": r.severity.value,
            "fix": r.fix,
            "default": r.default,
            "summary": r.summary,
        }
        for r in rules
    ]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
