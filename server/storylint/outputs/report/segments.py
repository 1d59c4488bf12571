"""A chapter's text cut into blocks for the page, each finding marked in place.

The page renders a chapter block by block (lazily, from an embedded JSON payload), so
the text is cut here, where offsets are code points as in every finding. A block is a
paragraph between blank lines (a longer one is cut at line breaks into pieces of about
:data:`BLOCK_CHARS`), or a line of a document read from Word, EPUB... (its paragraph);
it is a list of pieces, plain text or text covered by findings. Findings may overlap; a
finding across blocks is marked in each. A finding of no width is an empty piece (the
page shows a caret there).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from storylint.outputs.report.chapters import paragraphs_of
from storylint.read.source import SourceFile

#: A block longer than this is cut at line breaks (drafts with no blank lines).
BLOCK_CHARS = 2000

#: Plain text, or ``[text, finding, finding, ...]`` for text that findings cover.
Piece = str | list


@dataclass(frozen=True, slots=True)
class Span:
    """A finding's place in its file: its number in the report and source offsets."""

    id: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Block:
    """A block of a chapter: where it starts (offset, 1-based line) and its pieces."""

    start: int
    end: int
    line: int
    pieces: list[Piece]
    #: Cut from the block before at a line break (no paragraph space between them).
    continued: bool = False


def _display(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def cut(source: SourceFile, start: int, end: int) -> list[tuple[int, int, bool]]:
    """The (start, end, continued) of the blocks of ``source.text[start:end]``."""
    text = source.text
    found = []
    for block_start, block_end, _ in paragraphs_of(source, start, end):
        if block_end - block_start <= BLOCK_CHARS:
            found.append((block_start, block_end, False))
            continue
        at = block_start
        while block_end - at > BLOCK_CHARS:
            cut_at = text.rfind("\n", at, at + BLOCK_CHARS)
            if cut_at <= at:
                cut_at = text.find("\n", at + BLOCK_CHARS, block_end)
                if cut_at < 0:
                    break
            found.append((at, cut_at, at != block_start))
            at = cut_at + 1
        found.append((at, block_end, at != block_start))
    return found


def pieces(text: str, start: int, end: int, spans: list[Span]) -> list[Piece]:
    """``text[start:end]`` as pieces, the parts ``spans`` cover marked with their ids."""
    inside = [
        s for s in spans if (s.start < end and s.end > start) or start <= s.start == s.end <= end
    ]
    if not inside:
        return [_display(text[start:end])]
    cuts = sorted(
        {start, end, *(max(start, min(end, p)) for s in inside for p in (s.start, s.end))}
    )
    result: list[Piece] = []
    for left, right in pairwise(cuts):
        for point in inside:  # findings of no width at ``left``
            if point.start == point.end == left:
                result.append(["", point.id])
        ids = [s.id for s in inside if s.start <= left and s.end >= right and s.start < s.end]
        chunk = _display(text[left:right])
        result.append([chunk, *ids] if ids else chunk)
    result.extend(["", s.id] for s in inside if s.start == s.end == end and end != start)
    return result


def blocks(source: SourceFile, start: int, end: int, spans: list[Span]) -> list[Block]:
    """The blocks of ``source.text[start:end]``, with the findings of ``spans`` marked,
    each with its 1-based line (a document's paragraph number)."""
    text = source.text
    ordered = sorted(spans, key=lambda s: (s.start, s.end))
    found: list[Block] = []
    at = 0
    for block_start, block_end, continued in cut(source, start, end):
        while at < len(ordered) and ordered[at].end < block_start:
            at += 1
        near = []
        for span in ordered[at:]:
            if span.start > block_end:
                break
            near.append(span)
        found.append(
            Block(
                block_start,
                block_end,
                source.lines.position(block_start)[0] + 1,
                pieces(text, block_start, block_end, near),
                continued,
            )
        )
    return found
