"""``--format text`` (what a writer reads) and ``--format concise`` (one line each).

Text output gives ``path:line:col``, the severity and rule, the message, the source line
with the span underlined and the suggested fix. Long lines are cut to a window around the
span; wide characters (CJK, emoji) are measured so the underline stays under the span.
Colour is used only when asked (the CLI asks when stdout is a terminal).
"""

from __future__ import annotations

import unicodedata

from storylint.findings import Fix
from storylint.outputs import Located
from storylint.read.source import SourceFile

_WINDOW = 110  # longest source excerpt shown, in characters
_SEVERITY_COLOR = {"error": "31", "warning": "33", "info": "34", "hint": "36"}


class Style:
    """ANSI colours, or nothing."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.color else text


def display_width(text: str) -> int:
    """Columns a terminal uses for ``text`` (wide characters 2, combining marks 0)."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or char in "\u200d\ufe0f\ufe0e":
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _excerpt(line: str, start: int, end: int) -> tuple[str, int, int]:
    """A window of ``line`` around ``[start, end)``; the span's place in the window."""
    line = line.replace("\t", " ")
    if len(line) <= _WINDOW:
        return line, start, end
    left = max(0, min(start - 40, len(line) - _WINDOW))
    right = min(len(line), left + _WINDOW)
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(line) else ""
    shift = len(prefix) - left
    return prefix + line[left:right] + suffix, start + shift, min(end, right) + shift


def _snippet(source: SourceFile, item: Located, style: Style) -> list[str]:
    line_no = item.line
    line = source.lines.line_text(line_no - 1)
    start = item.column - 1
    end = item.end_column - 1 if item.end_line == item.line else len(line)
    end = max(end, start + 1)
    shown, start, end = _excerpt(line, start, min(end, len(line) + 1))
    gutter = " " * len(str(line_no))
    pad = " " * display_width(shown[:start])
    marks = "^" * max(1, display_width(shown[start:end]))
    color = _SEVERITY_COLOR[item.report.severity.value]
    rows = [
        style("34", f"{gutter} |"),
        style("34", f"{line_no} |") + f" {shown}",
        style("34", f"{gutter} |") + f" {pad}{style(color, marks)}",
    ]
    fixes = item.report.finding.fixes
    if fixes:
        shown_fixes = ", ".join(_shown_fix(fix) for fix in fixes)
        label = "fix" if item.report.finding.safe_fix else "suggestion"
        rows.append(style("34", f"{gutter} =") + f" {label}: {shown_fixes}")
    return rows


def _shown_fix(fix: Fix) -> str:
    """A fix as the excerpt shows it: its replacement in quotes, or, when that holds a line
    break (a new paragraph) and would print as empty quotes, what it does."""
    if "\n" in fix.replacement or "\r" in fix.replacement:
        return fix.description
    return f"“{fix.replacement}”"


def _header(item: Located, style: Style) -> str:
    severity = item.report.severity.value
    where = style("1", f"{item.path}:{item.line}:{item.column}:")
    kind = style(_SEVERITY_COLOR[severity], severity) + style("2", f"[{item.rule}]")
    return f"{where} {kind} {item.message}"


def render(results: list[tuple[SourceFile, list[Located]]], style: Style) -> str:
    out: list[str] = []
    for source, located in results:
        for item in located:
            out.append(_header(item, style))
            out.extend(_snippet(source, item, style))
            out.append("")
    return "".join(line + "\n" for line in out)


def render_concise(results: list[tuple[SourceFile, list[Located]]], style: Style) -> str:
    return "".join(_header(item, style) + "\n" for _, located in results for item in located)


def summary(files: int, located: int, fixable: int, fixed: int, style: Style) -> str:
    """The closing line of a text report."""
    noun = "file" if files == 1 else "files"
    if not located and not fixed:
        return style("32", f"No problems found in {files} {noun}.") + "\n"
    parts = []
    if located:
        parts.append(f"Found {located} problem{'s' if located != 1 else ''} in {files} {noun}")
    if fixed:
        parts.append(
            f"fixed {fixed}" if located else f"Fixed {fixed} problem{'s' if fixed != 1 else ''}"
        )
    line = "; ".join(parts) + "."
    if fixable:
        line += f" {fixable} can be fixed with --fix."
    return style("1", line) + "\n"
