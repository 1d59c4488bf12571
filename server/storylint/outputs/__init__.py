"""Output formats for the CLI: text (for writers), concise, JSON, SARIF and GitHub.

Every format reads the same :class:`Located` findings: a report with 1-based line and
column numbers, counted in Unicode code points, end exclusive. For a document read from
a Word, OpenDocument, EPUB or HTML file the line is the paragraph's number and the
column a place in its text.
"""

from __future__ import annotations

from dataclasses import dataclass

from storylint.read.extracted import ExtractedFile
from storylint.read.source import SourceFile
from storylint.report import Report


@dataclass(frozen=True, slots=True)
class Located:
    """A report with its 1-based position in its file."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    report: Report
    #: Whether line and column are places in the file's own text (False for a document
    #: read from Word, EPUB...: the line is a paragraph, and fixes are not text edits).
    in_text: bool = True

    @classmethod
    def of(cls, source: SourceFile, report: Report) -> Located:
        line, column = source.lines.position(report.finding.start)
        end_line, end_column = source.lines.position(report.finding.end)
        return cls(
            source.path,
            line + 1,
            column + 1,
            end_line + 1,
            end_column + 1,
            report,
            not isinstance(source, ExtractedFile),
        )

    @property
    def rule(self) -> str:
        return self.report.rule.id

    @property
    def message(self) -> str:
        return self.report.finding.message


def locate(
    results: list[tuple[SourceFile, list[Report]]],
) -> list[tuple[SourceFile, list[Located]]]:
    """Positions for every report, file by file."""
    return [(source, [Located.of(source, r) for r in reports]) for source, reports in results]
