"""``--format json``: a flat JSON array, one object per finding.

The contract: ``path``, ``line``, ``column``, ``end_line``, ``end_column`` (1-based, in
code points, end exclusive), ``rule``, ``category``, ``severity``
(error|warning|info|hint), ``message`` and ``fixes`` (``replacement``, ``description``,
``applicability``: ``safe`` for a fix ``--fix`` applies, ``unsafe`` for one only offered).
"""

from __future__ import annotations

import json

from storylint.outputs import Located


def as_dict(item: Located) -> dict:
    report = item.report
    return {
        "path": item.path,
        "line": item.line,
        "column": item.column,
        "end_line": item.end_line,
        "end_column": item.end_column,
        "rule": report.rule.id,
        "category": report.rule.category,
        "severity": report.severity.value,
        "message": report.finding.message,
        "fixes": [
            {
                "replacement": fix.replacement,
                "description": fix.description,
                "applicability": "safe" if fix.safe else "unsafe",
            }
            for fix in report.finding.fixes
        ],
    }


def render(located: list[Located]) -> str:
    return json.dumps([as_dict(item) for item in located], ensure_ascii=False, indent=2) + "\n"
