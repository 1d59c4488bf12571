"""Every rule in rules/*.toml: well formed, documented, and its examples hold.

The examples are the rules' own tests: each ``flag`` example must be reported by its
rule (and give ``fixed`` once the fixes are applied), each ``allow`` example must not.
"""

from __future__ import annotations

import pytest

from storylint.checks import all_rules
from storylint.checks.registry import Example, Rule, kind_of
from storylint.config import from_mapping
from storylint.engine import Engine
from storylint.read.source import SourceFile

RULES = list(all_rules().values())
EXAMPLES = [
    pytest.param(rule, example, id=f"{rule.id}[{i}]")
    for rule in RULES
    for i, example in enumerate(rule.examples)
]


def run_example(rule: Rule, example: Example, text: str | None = None):
    config = from_mapping({**example.config, "select": [rule.id]}, f"{rule.id} example")
    fmt = "markdown" if example.filename.endswith(".md") else "text"
    source = SourceFile(example.filename, example.text if text is None else text, fmt)
    return [r for r in Engine(config).check(source) if r.rule.id == rule.id]


def apply_first_fixes(text: str, reports) -> str:
    for report in sorted(reports, key=lambda r: r.start, reverse=True):
        if report.finding.fixes:
            fix = report.finding.fixes[0]
            text = text[: report.start] + fix.replacement + text[report.end :]
    return text


@pytest.mark.parametrize(("rule", "example"), EXAMPLES)
def test_example(rule: Rule, example: Example):
    reports = run_example(rule, example)
    if not example.flagged:
        assert reports == [], f"must not be flagged: {example.text!r}"
        return
    assert reports, f"must be flagged: {example.text!r}"
    if example.fixed is not None:
        text = example.text
        for _ in range(5):  # fixes that reveal further fixes
            fixed = apply_first_fixes(text, run_example(rule, example, text))
            if fixed == text:
                break
            text = fixed
        assert text == example.fixed


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_is_documented_and_has_both_kinds_of_example(rule: Rule):
    assert rule.summary and len(rule.summary) < 90
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert section in rule.explanation, f"{rule.id}: explanation lacks {section!r}"
    assert any(e.flagged for e in rule.examples), f"{rule.id}: no flag example"
    assert any(not e.flagged for e in rule.examples), f"{rule.id}: no allow example"
    if rule.fix != "none":
        assert any(e.fixed for e in rule.examples), f"{rule.id}: has a fix but no fixed example"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_has_an_implementation(rule: Rule):
    assert kind_of(rule).check is not None
