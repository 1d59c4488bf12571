"""What the report shows, put together: files, chapters, findings in reading order.

Findings are numbered in reading order (file by file, by place), which is the order
"next finding" follows; each knows its chapter and the block of the chapter it is in.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from storylint.checks.names.report import NameRow, WorkCast
from storylint.outputs import Located
from storylint.outputs.report.chapters import Chapter, chapters_of
from storylint.outputs.report.segments import Block, Span, blocks
from storylint.read.source import SourceFile

#: storylint's own families first, in this order; others (LanguageTool) after them.
FAMILY_ORDER = ("dialogue", "homophones", "names")


@dataclass
class Placed:
    """A finding of the report: its number, where it is, and in which chapter/block."""

    id: int
    located: Located
    chapter: int
    block: int = 0
    family: str = field(init=False)

    def __post_init__(self) -> None:
        self.family = self.located.report.rule.family


@dataclass
class Manuscript:
    """The files of a report, their chapters (with text blocks) and findings."""

    files: list[SourceFile]
    chapters: list[Chapter]
    findings: list[Placed]
    rows: list[NameRow]
    #: The text blocks of each chapter, by chapter.
    blocks: list[list[Block]] = field(default_factory=list)
    #: The works whose names are compared (chapters of one story), each with its rows.
    works: list[WorkCast] = field(default_factory=list)

    @property
    def words(self) -> int:
        return sum(chapter.words for chapter in self.chapters)

    @cached_property
    def families(self) -> list[str]:
        """Families with findings, storylint's own first."""
        found = {placed.family for placed in self.findings}
        return [f for f in FAMILY_ORDER if f in found] + sorted(found - set(FAMILY_ORDER))

    @cached_property
    def _by_chapter(self) -> list[list[Placed]]:
        found: list[list[Placed]] = [[] for _ in self.chapters]
        for placed in self.findings:
            found[placed.chapter].append(placed)
        return found

    def in_chapter(self, chapter: int) -> list[Placed]:
        return self._by_chapter[chapter]

    def family_counts(self, chapter: int | None = None) -> Counter[str]:
        """Findings per family, in one chapter or in all."""
        placed = self.findings if chapter is None else self._by_chapter[chapter]
        return Counter(p.family for p in placed)

    @cached_property
    def _starts(self) -> dict[str, tuple[list[int], list[int]]]:
        """Each file's chapter starts, and the chapters' numbers."""
        found: dict[str, tuple[list[int], list[int]]] = {}
        for number, chapter in enumerate(self.chapters):
            starts, numbers = found.setdefault(chapter.path, ([], []))
            starts.append(chapter.start)
            numbers.append(number)
        return found

    def chapter_at(self, path: str, offset: int) -> int | None:
        """The chapter holding ``offset`` of the file at ``path`` (None: no such file)."""
        if path not in self._starts:
            return None
        starts, numbers = self._starts[path]
        return numbers[max(bisect_right(starts, offset) - 1, 0)]


def build(
    results: list[tuple[SourceFile, list[Located]]],
    rows: list[NameRow],
    works: list[WorkCast] | None = None,
) -> Manuscript:
    """The manuscript of a checked batch: ``results`` file by file, ``rows`` its cast
    (``works``: the same by work)."""
    files = [source for source, _ in results]
    chapters: list[Chapter] = []
    findings: list[Placed] = []
    chapter_blocks: list[list[Block]] = []
    for index, (source, located) in enumerate(results):
        own = chapters_of(index, source)
        first = len(chapters)
        chapters.extend(own)
        starts = [chapter.start for chapter in own]
        ordered = sorted(located, key=lambda item: (item.report.start, item.report.end, item.rule))
        placed = []
        for item in ordered:
            chapter = first + bisect_right(starts, item.report.start) - 1
            placed.append(Placed(len(findings) + len(placed), item, chapter))
        findings.extend(placed)

        by_chapter: dict[int, list[Placed]] = {}
        for p in placed:
            by_chapter.setdefault(p.chapter, []).append(p)
        for number, chapter in enumerate(own, first):
            mine = by_chapter.get(number, [])
            spans = [Span(p.id, p.located.report.start, p.located.report.end) for p in mine]
            cut = blocks(source, chapter.start, chapter.end, spans)
            block_starts = [block.start for block in cut]
            for p in mine:
                p.block = max(bisect_right(block_starts, p.located.report.start) - 1, 0)
            chapter_blocks.append(cut)
    return Manuscript(files, chapters, findings, rows, chapter_blocks, works or [])
