"""``--format sarif``: a SARIF 2.1.0 log, for GitHub code scanning and other viewers.

Columns are Unicode code points (``columnKind: unicodeCodePoints``); each rule's
explanation becomes its help text, and fixes become SARIF fixes (except in documents
read from Word, EPUB..., where a line is a paragraph and a fix is no edit of the file's
bytes).
"""

from __future__ import annotations

import json
from pathlib import Path

from storylint import __version__
from storylint.checks.registry import Rule
from storylint.outputs import Located

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://github.com/storylint/storylint"
_LEVEL = {"error": "error", "warning": "warning", "info": "note", "hint": "note"}


def _uri(path: str) -> str:
    """A URI reference for ``path``: a relative one percent-encoded where RFC 3986 wants
    it (a space is %20, a backslash %5C), an absolute one as a file: URI."""
    if Path(path).is_absolute():
        return Path(path).as_uri()
    from urllib.parse import quote  # imported only for SARIF output

    return quote(Path(path).as_posix(), safe="/!$&'()*+,;=:@~")


def _rule(rule: Rule) -> dict:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.summary},
        "help": {"text": rule.explanation, "markdown": rule.explanation},
        "defaultConfiguration": {"level": _LEVEL[rule.severity.value]},
        "properties": {"tags": [rule.category]},
    }


def _region(item: Located) -> dict:
    return {
        "startLine": item.line,
        "startColumn": item.column,
        "endLine": item.end_line,
        "endColumn": item.end_column,
    }


def _result(item: Located, index: int) -> dict:
    report = item.report
    location = {"uri": _uri(item.path)}
    if not Path(item.path).is_absolute():
        location["uriBaseId"] = "%SRCROOT%"
    result = {
        "ruleId": report.rule.id,
        "ruleIndex": index,
        "level": _LEVEL[report.severity.value],
        "message": {"text": report.finding.message},
        "locations": [
            {"physicalLocation": {"artifactLocation": location, "region": _region(item)}}
        ],
    }
    if report.finding.fixes and item.in_text:  # not text edits in a .docx or .epub
        result["fixes"] = [
            {
                "description": {"text": fix.description},
                "artifactChanges": [
                    {
                        "artifactLocation": location,
                        "replacements": [
                            {
                                "deletedRegion": _region(item),
                                "insertedContent": {"text": fix.replacement},
                            }
                        ],
                    }
                ],
            }
            for fix in report.finding.fixes
        ]
    return result


def render(located: list[Located], rules: list[Rule]) -> str:
    indexes = {rule.id: i for i, rule in enumerate(rules)}
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "storylint",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFO_URI,
                        "rules": [_rule(rule) for rule in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(item, indexes[item.rule]) for item in located],
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
