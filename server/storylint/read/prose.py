"""Prose blocks: the text the rules read, and where each character came from.

A block is one paragraph-like run of prose (a plain-text chunk, a Markdown paragraph,
heading, list item or table cell). Its ``text`` has markup removed; ``source_offset``
maps any offset in it back to the document. Plain text maps by adding ``start``;
Markdown keeps a :class:`SourceMap` of segments, each either *exact* (one character per
character) or a stand-in (an entity such as ``&mdash;`` or a code span) that maps as a
whole.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

#: Stands in for inline code in prose text: a symbol that is neither word nor punctuation.
CODE_PLACEHOLDER = "\ufffc"


@dataclass(slots=True)
class SourceMap:
    """Segments of a block's text and the source ranges they came from."""

    prose_starts: list[int] = field(default_factory=list)
    src_starts: list[int] = field(default_factory=list)
    src_ends: list[int] = field(default_factory=list)
    exact: list[bool] = field(default_factory=list)
    length: int = 0

    def add(self, text_len: int, src_start: int, src_end: int, exact: bool) -> None:
        """Append a piece of ``text_len`` prose characters taken from the source range."""
        if text_len == 0:
            return
        if exact and self.exact and self.exact[-1] and self.src_ends[-1] == src_start:
            self.src_ends[-1] = src_end
        else:
            self.prose_starts.append(self.length)
            self.src_starts.append(src_start)
            self.src_ends.append(src_end)
            self.exact.append(exact)
        self.length += text_len

    def start_of(self, offset: int) -> int:
        """Source offset of the character at prose ``offset``."""
        index = max(bisect_right(self.prose_starts, offset) - 1, 0)
        if self.exact[index]:
            return self.src_starts[index] + offset - self.prose_starts[index]
        return self.src_starts[index]

    def end_of(self, offset: int) -> int:
        """Source offset just after the prose character before ``offset`` (exclusive end)."""
        if offset <= 0:
            return self.src_starts[0]
        index = max(bisect_right(self.prose_starts, offset - 1) - 1, 0)
        if self.exact[index]:
            return self.src_starts[index] + offset - self.prose_starts[index]
        return self.src_ends[index]

    def is_verbatim(self, start: int, end: int) -> bool:
        """Whether prose ``[start, end)`` is a contiguous, exact copy of the source."""
        if end <= start:
            return True
        first = max(bisect_right(self.prose_starts, start) - 1, 0)
        last = max(bisect_right(self.prose_starts, end - 1) - 1, 0)
        return first == last and self.exact[first]


@dataclass(slots=True)
class ProseBlock:
    """A run of prose and its place in the source document."""

    text: str
    start: int
    kind: str = "paragraph"
    srcmap: SourceMap | None = None
    #: Columns of indentation before the block (plain text: verse and letters are indented).
    indent: int = 0

    def source_start(self, offset: int) -> int:
        if self.srcmap is None:
            return self.start + offset
        return self.srcmap.start_of(offset)

    def source_end(self, offset: int) -> int:
        if self.srcmap is None:
            return self.start + offset
        return self.srcmap.end_of(offset)

    def is_verbatim(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` is exactly the source there (so a fix may edit it)."""
        return self.srcmap is None or self.srcmap.is_verbatim(start, end)


@dataclass(frozen=True, slots=True)
class Directive:
    """An inline ``<!-- storylint-... -->`` comment: where it is, what it does, to which rules."""

    action: str  # "disable" | "enable" | "disable-next-line"
    rules: tuple[str, ...]  # empty: every rule
    start: int
    end: int
