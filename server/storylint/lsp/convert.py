"""Positions and protocol types: code points <-> the client's units, findings -> LSP.

The engine counts in code points; the protocol in the encoding the client negotiated:
UTF-16 code units (the default), UTF-8 bytes or UTF-32 (code points). Only ``\\n``,
``\\r\\n`` and ``\\r`` end a line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from lsprotocol import types

from storylint.findings import Severity
from storylint.project import LineIndex
from storylint.report import Report

SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
    Severity.HINT: types.DiagnosticSeverity.Hint,
}


class Encoding:
    """Counting a line's characters in the client's units."""

    def __init__(self, kind: str) -> None:
        self.kind = str(kind)
        if self.kind == types.PositionEncodingKind.Utf8:
            self.units: Callable[[str], int] = _utf8_units
        elif self.kind == types.PositionEncodingKind.Utf32:
            self.units = len
        else:
            self.kind = str(types.PositionEncodingKind.Utf16)
            self.units = _utf16_units

    def position(self, lines: LineIndex, offset: int) -> types.Position:
        """The protocol position of a code-point offset."""
        line, column = lines.position(offset)
        start = lines.start(line)
        return types.Position(line=line, character=self.units(lines.text[start : start + column]))

    def range(self, lines: LineIndex, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(lines, start), end=self.position(lines, end))

    def offset(self, lines: LineIndex, position: types.Position) -> int:
        """The code-point offset of a protocol position (clamped to its line)."""
        if position.line >= lines.line_count:
            return len(lines.text)
        start = lines.start(position.line)
        line = lines.text[start : lines.line_end(position.line)]
        if self.units is len or line.isascii():
            return start + min(position.character, len(line))
        count = 0
        for index, char in enumerate(line):
            if count >= position.character:
                return start + index
            count += self.units(char)
        return start + len(line)


def _utf16_units(text: str) -> int:
    if text.isascii() or max(text) < "\U00010000":  # no character takes two units
        return len(text)
    # a lone surrogate (a client may send one, escaped in JSON) is one unit
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _utf8_units(text: str) -> int:
    # a lone surrogate counts as the three bytes of its code point (U+FFFD's, as a
    # client that cannot hold it in UTF-8 replaces it)
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))


def diagnostic(report: Report, lines: LineIndex, encoding: Encoding) -> types.Diagnostic:
    """One report as an LSP diagnostic: rule id as code, category as source."""
    finding = report.finding
    return types.Diagnostic(
        range=encoding.range(lines, finding.start, finding.end),
        message=finding.message,
        severity=SEVERITY[report.severity],
        code=report.rule.id,
        source=report.rule.category,
        data={"rule": report.rule.id},
    )


def related(
    report: Report,
    locate: Callable[[str], tuple[str, LineIndex] | None],
    encoding: Encoding,
) -> list[types.DiagnosticRelatedInformation]:
    """A report's related places, for the documents ``locate`` can find (uri, lines)."""
    found = []
    for item in report.finding.related:
        place = locate(item.path)
        if place is None:
            continue
        uri, lines = place
        found.append(
            types.DiagnosticRelatedInformation(
                location=types.Location(uri=uri, range=encoding.range(lines, item.start, item.end)),
                message=item.message,
            )
        )
    return found


def text_edits(
    reports: Iterable[Report], lines: LineIndex, encoding: Encoding, safe_only: bool = True
) -> list[types.TextEdit]:
    """Non-overlapping edits applying each report's fix (its only safe fix by default)."""
    edits = []
    last_end = -1
    for report in sorted(reports, key=lambda r: (r.start, r.end)):
        fix = report.finding.safe_fix if safe_only else next(iter(report.finding.fixes), None)
        if fix is None or report.start < last_end:
            continue
        last_end = report.end
        edits.append(
            types.TextEdit(
                range=encoding.range(lines, report.start, report.end), new_text=fix.replacement
            )
        )
    return edits
