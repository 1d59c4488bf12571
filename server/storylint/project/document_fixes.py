"""``--fix`` for documents read from Word, OpenDocument, EPUB and HTML files.

The safe fixes are applied to the document's paragraphs as to a text (round after
round, as for text files, each fix touching one paragraph and no protected character),
then written back: into a ``.docx`` as tracked changes
(:mod:`storylint.project.tracked_changes`), in a new file beside it
(``chapter.storylint.docx``) unless asked to write in place, or handed back as bytes for
standard input. The other formats are checked but not changed, and the user is told
why, once per file.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from storylint.engine import Engine
from storylint.findings import Finding
from storylint.parse.document import Document
from storylint.project.fixes import FIX_ROUNDS
from storylint.project.project import Project
from storylint.read.extracted import FIXABLE_FORMATS, ExtractedFile, ExtractedParagraph
from storylint.report import Report

#: The name a fixed copy gets: ``chapter.docx`` -> ``chapter.storylint.docx``.
FIXED_SUFFIX = ".storylint"

_WHY_NOT = {
    "odt": "OpenDocument text",
    "epub": "EPUB books",
    "html": "HTML",
}


@dataclass
class DocumentFixer:
    """Fixes documents of one ``check --fix`` run; messages go to ``warn``, ``error``
    and ``note`` (where a fixed copy went)."""

    warn: Callable[[str], None]
    error: Callable[[str], None]
    note: Callable[[str], None]
    in_place: bool = False
    explained: set[str] = field(default_factory=set)

    def fix(
        self, engine: Engine, document: Document, project: Project, path: Path | None
    ) -> tuple[Document, list[Report], int, bytes | None]:
        """Fix one document read from ``path`` (None: standard input); the document as
        fixed, its findings, how many fixes were applied, and for standard input the
        fixed file's bytes (None when the format takes no fixes)."""
        source = document.source
        assert isinstance(source, ExtractedFile)
        workspace = project.workspace
        if source.format not in FIXABLE_FORMATS:
            if source.container not in self.explained:
                self.explained.add(source.container)
                self.warn(
                    f"{source.container}: --fix does not change "
                    f"{_WHY_NOT.get(source.format, source.format)} files (storylint writes "
                    "fixes only into .docx files, as tracked changes); checked only"
                )
            return document, engine.check(document, workspace), 0, None
        fixed, reports, count = fix_rounds(engine, document, project)
        if not count:
            return fixed, reports, 0, source.layout.archive if path is None else None
        from storylint.project.tracked_changes import WriteError, tracked_changes

        after = fixed.source
        assert isinstance(after, ExtractedFile)

        def unfixed(message: str) -> tuple[Document, list[Report], int, bytes | None]:
            self.error(message)
            workspace.add(document, engine.config)
            return document, engine.check(document, workspace), 0, None

        try:
            data, _ = tracked_changes(source.layout, source.paragraphs, after.paragraphs)
        except WriteError as error:
            return unfixed(
                f"{source.path}: the fixes could not be written ({error}); nothing written"
            )
        if path is None:
            return fixed, reports, count, data
        target = path if self.in_place else fixed_copy(path)
        if not self.in_place and target.exists():
            return unfixed(
                f"{source.path}: {target.name} already exists (from an earlier --fix?); "
                "remove it, or use --fix-in-place to change the document itself; "
                "nothing written"
            )
        from storylint.project.write import write_bytes_atomic

        try:
            write_bytes_atomic(target, data)
        except OSError as error:
            return unfixed(f"{target}: cannot write: {error.strerror or error}; nothing written")
        if not self.in_place:
            self.note(f"{source.path}: fixes written as tracked changes to {target}")
        return fixed, reports, count, None


def fixed_copy(path: Path) -> Path:
    """Where the fixed copy of ``path`` goes: beside it, ``.storylint`` before the suffix."""
    return path.with_name(path.stem + FIXED_SUFFIX + path.suffix)


def _chosen(reports: list[Report], source: ExtractedFile) -> list[Finding]:
    """The safe fixes to apply, as by :func:`storylint.fixes.apply_fixes`: in order,
    none overlapping, each within one paragraph, none beside only protected text."""
    blocks = source.blocks
    starts = [block.start for block in blocks]
    chosen: list[Finding] = []
    for finding in sorted((r.finding for r in reports), key=lambda f: (f.start, f.end)):
        fix = finding.safe_fix
        if fix is None or "\n" in fix.replacement or "\r" in fix.replacement:
            continue
        if chosen and finding.start < chosen[-1].end:
            continue
        index = bisect_right(starts, finding.start) - 1
        if index < 0:
            continue
        block = blocks[index]
        start, end = finding.start - block.start, finding.end - block.start
        paragraph = source.paragraphs[index]
        if end > len(paragraph.text):
            continue  # across paragraphs
        protected = paragraph.protected
        if start == end and protected:
            # an insertion needs a character a fix may change on one side of it
            before_ok = start > 0 and start - 1 not in protected
            after_ok = start < len(paragraph.text) and start not in protected
            if not (before_ok or after_ok):
                continue
        chosen.append(finding)
    return chosen


def _applied(source: ExtractedFile, chosen: list[Finding]) -> list[ExtractedParagraph]:
    """The paragraphs with the chosen fixes made (protected offsets moved with them)."""
    blocks = source.blocks
    starts = [block.start for block in blocks]
    by_paragraph: dict[int, list[Finding]] = {}
    for finding in chosen:
        by_paragraph.setdefault(bisect_right(starts, finding.start) - 1, []).append(finding)
    paragraphs = list(source.paragraphs)
    for index, findings in by_paragraph.items():
        paragraph = paragraphs[index]
        base = blocks[index].start
        text = paragraph.text
        protected = list(paragraph.protected)
        for finding in reversed(findings):
            start, end = finding.start - base, finding.end - base
            replacement = finding.safe_fix.replacement  # type: ignore[union-attr]
            text = text[:start] + replacement + text[end:]
            delta = len(replacement) - (end - start)
            protected = [p + delta if p >= end else p for p in protected]
        paragraphs[index] = ExtractedParagraph(text, paragraph.kind, tuple(protected))
    return paragraphs


def fix_rounds(
    engine: Engine, document: Document, project: Project
) -> tuple[Document, list[Report], int]:
    """Apply safe fixes to the document's paragraphs until none are left (at most five
    rounds); the fixed document (in the workspace), its reports, the count."""
    total = 0
    workspace = project.workspace
    reports = engine.check(document, workspace)
    for _ in range(FIX_ROUNDS):
        source = document.source
        assert isinstance(source, ExtractedFile)
        chosen = _chosen(reports, source)
        if not chosen:
            break
        total += len(chosen)
        document = engine.parse(source.with_paragraphs(_applied(source, chosen)))
        workspace.add(document, engine.config)
        reports = engine.check(document, workspace)
    return document, reports, total
