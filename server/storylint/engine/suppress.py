"""Inline directives: which source ranges silence which rules.

``storylint-disable`` opens a range for some rules (or all), ``storylint-enable`` closes
it, ``storylint-disable-next-line`` covers the next line that has text on it.
"""

from __future__ import annotations

from collections.abc import Sequence

from storylint.checks.registry import Rule
from storylint.checks.selection import matches
from storylint.read.prose import Directive
from storylint.read.source import SourceFile

#: (start, end, rules) source ranges; no rules means every rule.
Suppressed = list[tuple[int, int, tuple[str, ...]]]


def suppressions(source: SourceFile, directives: Sequence[Directive]) -> Suppressed:
    """Source ranges in which inline directives silence rules."""
    ranges = []
    lines = source.lines
    open_disables: list[tuple[int, tuple[str, ...]]] = []
    for directive in directives:
        if directive.action == "disable":
            open_disables.append((directive.end, directive.rules))
        elif directive.action == "enable":
            still_open = []
            for start, rules in open_disables:
                if not directive.rules or set(directive.rules) & set(rules) or not rules:
                    ranges.append((start, directive.start, rules))
                    if rules and directive.rules and set(rules) - set(directive.rules):
                        still_open.append((directive.end, tuple(set(rules) - set(directive.rules))))
                else:
                    still_open.append((start, rules))
            open_disables = still_open
        else:  # disable-next-line: the next line that has text on it
            line = lines.position(directive.end)[0] + 1
            while line < lines.line_count and not lines.line_text(line).strip():
                line += 1
            if line < lines.line_count:
                ranges.append((lines.start(line), lines.line_end(line) + 1, directive.rules))
    ranges.extend((start, len(source.text) + 1, rules) for start, rules in open_disables)
    return ranges


def is_suppressed(ranges: Suppressed, offset: int, rule: Rule) -> bool:
    """Whether a finding of ``rule`` at ``offset`` falls in a range that silences it."""
    return any(
        start <= offset < end and (not rules or any(matches(s, rule) for s in rules))
        for start, end, rules in ranges
    )
