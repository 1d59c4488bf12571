"""Prose blocks as LanguageTool's annotated text, and its offsets back to the source.

LanguageTool reads ``data = {"annotation": [{"text": ...}, {"markup": ...,
"interpretAs": ...}]}`` and reports each match at an offset in the *original* text (all
pieces, markup included, joined), counted in UTF-16 code units (Java characters). A
block is sent as the exact source text it was read from: Markdown markup between its
prose (``**``, ``[``, ``](url)``) as markup, an entity or inline code as markup read as
the character storylint reads there, and a line break inside a paragraph (with the
indentation after it) as markup read as one space. So an offset LanguageTool reports is
an offset into the block's source, and maps back exactly.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from storylint.read.prose import ProseBlock

_LINE_BREAK = re.compile(r"[ \t]*(?:\r\n|\r|\n)[ \t]*")

Piece = tuple[str, str, str | None]  # ("text", text, None) | ("markup", markup, interpretAs)


@dataclass(slots=True)
class Annotated:
    """One block as annotated text: its pieces, and where its source starts."""

    pieces: tuple[Piece, ...]
    start: int  # source offset of the block's first character
    #: Identifies the pieces (the block's source text; Markdown's marked as such).
    key: str

    @property
    def original(self) -> str:
        """All pieces joined: the block's source text."""
        return "".join(piece[1] for piece in self.pieces)

    def text_ranges(self) -> list[tuple[int, int]]:
        """(start, end) of each text piece in :attr:`original` (code points)."""
        ranges, position = [], 0
        for kind, value, _ in self.pieces:
            if kind == "text":
                ranges.append((position, position + len(value)))
            position += len(value)
        return ranges


def _text(text: str, pieces: list[Piece]) -> None:
    """Add prose text, its inner line breaks as markup read as a space."""
    position = 0
    for match in _LINE_BREAK.finditer(text):
        if match.start() > position:
            pieces.append(("text", text[position : match.start()], None))
        pieces.append(("markup", match.group(), " "))
        position = match.end()
    if position < len(text):
        pieces.append(("text", text[position:], None))


def annotate(block: ProseBlock, source: str) -> Annotated:
    """The annotated text of ``block``, a block of the document whose text is ``source``."""
    pieces: list[Piece] = []
    srcmap = block.srcmap
    if srcmap is None:  # plain text: the block is a verbatim slice of the source
        _text(block.text, pieces)
        return Annotated(tuple(pieces), block.start, block.text)
    ends = [*srcmap.prose_starts[1:], srcmap.length]
    position = srcmap.src_starts[0] if srcmap.src_starts else block.start
    first = position
    for prose_start, prose_end, src_start, src_end, exact in zip(
        srcmap.prose_starts, ends, srcmap.src_starts, srcmap.src_ends, srcmap.exact, strict=True
    ):
        if src_start > position:
            pieces.append(("markup", source[position:src_start], ""))
        if src_start < position:  # overlapping stand-ins: never send a character twice
            src_start = position
        if exact:
            _text(source[src_start:src_end], pieces)
        elif src_end > src_start:
            pieces.append(("markup", source[src_start:src_end], block.text[prose_start:prose_end]))
        position = max(position, src_end)
    return Annotated(tuple(pieces), first, "\x00markdown\x00" + source[first:position])


class Utf16:
    """Converts UTF-16 offsets into a string to code-point offsets."""

    __slots__ = ("_units",)

    def __init__(self, text: str) -> None:
        self._units: list[int] | None = None
        if any(ord(char) > 0xFFFF for char in text):
            units, count = [0], 0
            for char in text:
                count += 2 if ord(char) > 0xFFFF else 1
                units.append(count)
            self._units = units

    def __call__(self, offset: int) -> int:
        if self._units is None:
            return offset
        return bisect_left(self._units, offset)


def as_data(pieces: list[Piece] | tuple[Piece, ...]) -> dict:
    """The ``data`` parameter's JSON object for some pieces."""
    annotation = []
    for kind, value, interpret in pieces:
        if kind == "text":
            annotation.append({"text": value})
        elif interpret:
            annotation.append({"markup": value, "interpretAs": interpret})
        else:
            annotation.append({"markup": value})
    return {"annotation": annotation}
