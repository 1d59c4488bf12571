"""``--format github``: GitHub Actions workflow commands, one annotation per finding."""

from __future__ import annotations

from storylint.outputs import Located

_LEVEL = {"error": "error", "warning": "warning", "info": "notice", "hint": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(located: list[Located]) -> str:
    lines = []
    for item in located:
        level = _LEVEL[item.report.severity.value]
        props = ",".join(
            [
                f"file={_property(item.path)}",
                f"line={item.line}",
                f"endLine={item.end_line}",
                f"col={item.column}",
                f"endColumn={item.end_column}",
                f"title={_property('storylint ' + item.rule)}",
            ]
        )
        lines.append(f"::{level} {props}::{_data(item.message)}")
    return "".join(line + "\n" for line in lines)
