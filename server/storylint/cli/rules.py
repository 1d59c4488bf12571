"""``storylint rules``: list the rules, or explain one with its examples."""

from __future__ import annotations

import argparse
import difflib
import json
import sys

from storylint.checks.registry import Rule, all_rules, categories
from storylint.cli.main import EXIT_CLEAN, EXIT_ERROR

_FIX_LABEL = {"safe": "safe fix", "unsafe": "suggested fix", "none": "no fix"}


def _listing(rules: list[Rule]) -> str:
    width = max(len(rule.id) for rule in rules)
    lines = []
    for category in categories():
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


def _markdown(rules: list[Rule]) -> str:
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


def run_rules(args: argparse.Namespace) -> int:
    rules = all_rules()
    if args.rule is None:
        ordered = list(rules.values())
        if args.format == "json":
            data = [
                {
                    "id": r.id,
                    "category": r.category,
                    "severity": r.severity.value,
                    "fix": r.fix,
                    "default": r.default,
                    "summary": r.summary,
                }
                for r in ordered
            ]
            sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        elif args.format == "markdown":
            sys.stdout.write(_markdown(ordered))
        else:
            sys.stdout.write(_listing(ordered))
        return EXIT_CLEAN
    rule = rules.get(args.rule)
    if rule is None:
        close = difflib.get_close_matches(args.rule, list(rules), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        print(f"storylint: error: no rule '{args.rule}'{hint}", file=sys.stderr)
        return EXIT_ERROR
    sys.stdout.write(explain(rule))
    return EXIT_CLEAN
