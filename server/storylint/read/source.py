"""Decoding files and indexing their lines.

A :class:`SourceFile` holds the decoded text exactly as on disk (line endings kept,
only a UTF-8 byte-order mark removed), so a code-point offset in it is a position the
user can see. :class:`LineIndex` turns offsets into 0-based (line, column) pairs using the
line breaks LSP and editors agree on: ``\\r\\n``, ``\\r`` and ``\\n`` only.
"""

from __future__ import annotations

import os
import re
import stat
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
    """Offsets <-> 0-based (line, column) in code points, for one text.

    Line starts are kept in blocks of a few hundred lines, each block's offsets relative
    to where its first line starts: an edit rescans the lines it touches and moves the
    later blocks by the change in length, so a keystroke in a novel costs about a
    hundred steps, not one per line. An edit never changes a list in place; a
    :meth:`copy` taken before it keeps describing the old text.
    """

    __slots__ = ("_bases", "_blocks", "_firsts", "_starts", "text")

    #: Lines per block when a block is (re)built; a block is split at twice this.
    BLOCK = 256

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        starts.extend(match.end() for match in _LINE_BREAK.finditer(text))
        self._set(*self._blocked(starts))
        self._starts: list[int] | None = starts

    def _set(self, blocks: list[list[int]], bases: list[int]) -> None:
        self._blocks = blocks
        self._bases = bases
        firsts = [0]
        for block in blocks[:-1]:
            firsts.append(firsts[-1] + len(block))
        #: The number of each block's first line.
        self._firsts = firsts
        self._starts = None

    @classmethod
    def _blocked(cls, starts: list[int]) -> tuple[list[list[int]], list[int]]:
        """Absolute line starts -> blocks of relative starts, and their bases."""
        blocks, bases = [], []
        parts = -(-len(starts) // cls.BLOCK)  # blocks of about equal size, none tiny
        size = -(-len(starts) // parts)
        for at in range(0, len(starts), size):
            base = starts[at]
            part = starts[at : at + size]
            blocks.append([offset - base for offset in part] if base else part)
            bases.append(base)
        return blocks, bases

    @property
    def starts(self) -> list[int]:
        """The offset at which each line starts (built on demand: prefer :meth:`start`)."""
        if self._starts is None:
            self._starts = [
                base + offset
                for block, base in zip(self._blocks, self._bases, strict=True)
                for offset in block
            ]
        return self._starts

    def start(self, line: int) -> int:
        """The offset at which 0-based ``line`` starts."""
        number = bisect_right(self._firsts, line) - 1
        return self._bases[number] + self._blocks[number][line - self._firsts[number]]

    def position(self, offset: int) -> tuple[int, int]:
        """0-based line and code-point column of ``offset``."""
        number = max(bisect_right(self._bases, offset) - 1, 0)
        block, base = self._blocks[number], self._bases[number]
        within = bisect_right(block, offset - base) - 1
        return self._firsts[number] + within, offset - base - block[within]

    def offset(self, line: int, column: int) -> int:
        """Code-point offset of a 0-based line and column (clamped to the line)."""
        if line >= self.line_count:
            return len(self.text)
        return min(self.start(line) + column, self.line_end(line))

    def line_end(self, line: int) -> int:
        """Offset just past the last character of ``line``, before its line break."""
        start = self.start(line)
        end = self.start(line + 1) if line + 1 < self.line_count else len(self.text)
        while end > start and self.text[end - 1] in "\r\n":
            end -= 1
        return end

    def line_text(self, line: int) -> str:
        """The text of ``line`` without its line break."""
        return self.text[self.start(line) : self.line_end(line)]

    @property
    def line_count(self) -> int:
        return self._firsts[-1] + len(self._blocks[-1])

    def edit(self, start: int, end: int, new: str) -> None:
        """Replace ``text[start:end]`` with ``new``, updating only the lines it touches.

        The lines from the one holding ``start`` (or the one before, when ``start``
        follows a ``\r`` that the edit may join to a ``\n``) through the line holding
        ``end`` are rescanned; later line starts move by the change in length.
        """
        old = self.text
        count = self.line_count
        first = self.position(start)[0]
        if first > 0 and self.start(first) == start and old[start - 1] == "\r":
            first -= 1
        last = self.position(end)[0]
        region_end = self.start(last + 1) if last + 1 < count else len(old)
        delta = len(new) - (end - start)
        text = old[:start] + new + old[end:]
        # The blocks holding lines first..last+1, and the next (so that blocks left small
        # by earlier edits are merged), are rebuilt; the later ones move.
        low = bisect_right(self._firsts, first) - 1
        high = bisect_right(self._firsts, min(last + 1, count - 1))  # one more
        high = min(high, len(self._blocks) - 1)
        blocks, bases, firsts = self._blocks, self._bases, self._firsts
        before = [
            bases[number] + offset for number in range(low, high + 1) for offset in blocks[number]
        ]
        lead = first - firsts[low]  # lines of the rebuilt blocks before line ``first``
        rescanned = _LINE_BREAK.finditer(text, before[lead], region_end + delta)
        after_last = last + 2 - firsts[low]  # lines after line last+1, in ``before``
        moved = map(delta.__add__, before[after_last:]) if delta else before[after_last:]
        rebuilt = [*before[: lead + 1], *(m.end() for m in rescanned), *moved]
        new_blocks, new_bases = self._blocked(rebuilt)
        later = range(high + 1, len(blocks))
        self._set(
            [*blocks[:low], *new_blocks, *(blocks[number] for number in later)],
            [*bases[:low], *new_bases, *(bases[number] + delta for number in later)],
        )
        self.text = text

    def copy(self) -> LineIndex:
        """An index of the same text that later edits of this one leave as it is."""
        index = LineIndex.__new__(LineIndex)
        index.text = self.text
        index._blocks, index._bases, index._firsts = self._blocks, self._bases, self._firsts
        index._starts = self._starts
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

    def snapshot(self) -> SourceFile:
        """A copy that later edits of this one leave as it is."""
        lines = self._lines.copy() if self._lines is not None else None
        return SourceFile(self.path, self.text, self.format, self.bom, lines)

    def edit(self, start: int, end: int, new: str, lines: LineIndex | None = None) -> None:
        """Replace ``text[start:end]`` with ``new``, keeping the line index current.

        ``lines``, when given, is an index of the text after the edit (an editor keeps
        one): it is taken instead of editing this one, if it holds that text."""
        if (
            lines is not None
            and len(lines.text) == len(self.text) + len(new) - (end - start)
            and lines.text.startswith(new, start)
        ):
            self._lines = lines
        else:
            self.lines.edit(start, end, new)
        self.text = self.lines.text


#: A file larger than this is not read (the longest novels are a few megabytes).
MAX_BYTES = 100 * 1024 * 1024


def read_file(path: Path, display: str | None = None, fmt: str | None = None) -> SourceFile:
    """Read and decode one file; raises :class:`ReadError` when it cannot be checked.

    Only a regular file is read (a FIFO, a device or a socket is refused without waiting
    on it), and only up to :data:`MAX_BYTES`."""
    data = read_bytes(path)
    text, bom = decode(data)
    return SourceFile(
        path=display or str(path), text=text, format=fmt or format_for(path) or "text", bom=bom
    )


def read_bytes(path: Path) -> bytes:
    """The bytes of the regular file ``path`` (at most :data:`MAX_BYTES`); raises
    :class:`ReadError` for anything else, without waiting on a FIFO."""
    try:
        # O_NONBLOCK: opening a FIFO with no writer returns at once instead of waiting
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise ReadError("no such file or directory") from None
    except IsADirectoryError:
        raise ReadError("is a directory") from None
    except OSError as error:
        raise ReadError(f"cannot read: {error.strerror or error}") from None
    try:
        info = os.fstat(handle)
        if stat.S_ISDIR(info.st_mode):
            raise ReadError("is a directory")
        if not stat.S_ISREG(info.st_mode):
            kind = "a FIFO" if stat.S_ISFIFO(info.st_mode) else "a device or socket"
            raise ReadError(f"not a regular file ({kind}); skipped")
        if info.st_size > MAX_BYTES:
            raise ReadError(f"larger than {MAX_BYTES // (1024 * 1024)} MB; skipped")
        with os.fdopen(handle, "rb", closefd=False) as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as error:
        raise ReadError(f"cannot read: {error.strerror or error}") from None
    finally:
        os.close(handle)
    if len(data) > MAX_BYTES:
        raise ReadError(f"larger than {MAX_BYTES // (1024 * 1024)} MB; skipped")
    return data
