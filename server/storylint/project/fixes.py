"""Applying fixes to text: the safe ones, without overlaps, from the end backwards."""

from __future__ import annotations

from collections.abc import Iterable

from storylint.findings import Finding

#: Rounds of fixing at most (a fix may reveal another).
FIX_ROUNDS = 5


def apply_fixes(text: str, findings: Iterable[Finding]) -> tuple[str, int]:
    """``text`` with every safe fix applied (overlapping ones skipped); and how many."""
    chosen: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (f.start, f.end)):
        if finding.safe_fix is None:
            continue
        if chosen and finding.start < chosen[-1].end:
            continue  # overlaps the previous fix; the next run will see it again
        chosen.append(finding)
    for finding in reversed(chosen):
        text = text[: finding.start] + finding.safe_fix.replacement + text[finding.end :]
    return text, len(chosen)
