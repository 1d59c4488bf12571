"""Decoding files and indexing their lines.

A :class:`SourceFile` holds the decoded text exactly as on disk (line endings kept,
only a UTF-8 byte-order mark removed), so a code-point offset in it is a position the
user can see. :class:`LineIndex` turns offsets into 0-based (line, column) pairs using the
line breaks LSP and editors agree on: ``\\r\\n``, ``\\r`` and ``\\n`` only.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

BOM = "\ufeff"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

#: File extensions read as each format; a file with no extension is plain text.
FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    "": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
}


class ReadError(Exception):
    """A file that cannot be checked; the message says why, for the user."""


def format_for(path: str | Path) -> str | None:
    """The format of a file by its extension, or None when storylint does not read it."""
    return FORMATS.get(Path(path).suffix.lower())


def decode(data: bytes) -> tuple[str, bool]:
    """Decode file bytes as UTF-8; return the text and whether it began with a BOM.

    Raises :class:`ReadError` for binary data, UTF-16/32 text and invalid UTF-8, with
    the byte offset of the first bad byte.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError("UTF-16 or UTF-32 text; save it as UTF-8 to check it; skipped")
    nul = data.find(b"\x00", 0, 8192)
    if nul != -1:
        raise ReadError(f"binary data (NUL byte at byte {nul}); skipped")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ReadError(f"not UTF-8 text at byte {error.start}; skipped") from None
    if text.startswith(BOM):
        return text[1:], True
    return text, False


class LineIndex:
    """Offsets <-> 0-based (line, column) in code points, for one text."""

    __slots__ = ("starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        self.starts.extend(match.end() for match in _LINE_BREAK.finditer(text))

    def position(self, offset: int) -> tuple[int, int]:
        """0-based line and code-point column of ``offset``."""
        line = bisect_right(self.starts, offset) - 1
        return line, offset - self.starts[line]

    def offset(self, line: int, column: int) -> int:
        """Code-point offset of a 0-based line and column (clamped to the line)."""
        if line >= len(self.starts):
            return len(self.text)
        start = self.starts[line]
        return min(start + column, self.line_end(line))

    def line_end(self, line: int) -> int:
        """Offset just past the last character of ``line``, before its line break."""
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        while end > self.starts[line] and self.text[end - 1] in "\r\n":
            end -= 1
        return end

    def line_text(self, line: int) -> str:
        """The text of ``line`` without its line break."""
        return self.text[self.starts[line] : self.line_end(line)]

    @property
    def line_count(self) -> int:
        return len(self.starts)

    def edit(self, start: int, end: int, new: str) -> None:
        """Replace ``text[start:end]`` with ``new``, updating only the lines it touches.

        The lines from the one holding ``start`` (or the one before, when ``start``
        follows a ``\r`` that the edit may join to a ``\n``) through the line holding
        ``end`` are rescanned; later line starts move by the change in length.
        """
        old = self.text
        starts = self.starts
        first = bisect_right(starts, start) - 1
        if first > 0 and starts[first] == start and old[start - 1] == "\r":
            first -= 1
        last = bisect_right(starts, end) - 1
        region_end = starts[last + 1] if last + 1 < len(starts) else len(old)
        delta = len(new) - (end - start)
        text = old[:start] + new + old[end:]
        middle = [m.end() for m in _LINE_BREAK.finditer(text, starts[first], region_end + delta)]
        tail = starts[last + 2 :]
        # new lists and strings, never changed in place: a copy() keeps its snapshot
        self.starts = [
            *starts[: first + 1],
            *middle,
            *(map(delta.__add__, tail) if delta else tail),
        ]
        self.text = text

    def copy(self) -> LineIndex:
        """An index of the same text that later edits of this one leave as it is."""
        index = LineIndex.__new__(LineIndex)
        index.text, index.starts = self.text, self.starts
        return index


@dataclass
class SourceFile:
    """One document: its display path, decoded text and format."""

    path: str
    text: str
    format: str = "text"
    bom: bool = False
    _lines: LineIndex | None = field(default=None, repr=False, compare=False)

    @property
    def lines(self) -> LineIndex:
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines


def read_file(path: Path, display: str | None = None, fmt: str | None = None) -> SourceFile:
    """Read and decode one file; raises :class:`ReadError` when it cannot be checked."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError("no such file or directory") from None
    except IsADirectoryError:
        raise ReadError("is a directory") from None
    except OSError as error:
        raise ReadError(f"cannot read: {error.strerror or error}") from None
    text, bom = decode(data)
    return SourceFile(
        path=display or str(path), text=text, format=fmt or format_for(path) or "text", bom=bom
    )
