"""Plain text to prose blocks: one block per paragraph.

Paragraphs are separated by blank lines, so a hard-wrapped paragraph over many lines and
a paragraph on one long line are both one block. Many exported drafts put one paragraph
per line with no blank lines between; a chunk whose lines are longer than any hard wrap
(:data:`UNWRAPPED_LINE`) is read as one paragraph per line.
"""

from __future__ import annotations

import re

from storylint.read.prose import ProseBlock

_BLANK_LINES = re.compile(r"(?:\r\n|\r|\n)(?:[ \t\f\v\u00a0]*(?:\r\n|\r|\n))+")
_LINE = re.compile(r"[^\r\n]+")
_EDGE_SPACE = " \t\f\v\u00a0\r\n"

#: A line this long cannot come from hard wrapping: its chunk has one paragraph per line.
UNWRAPPED_LINE = 150


def _chunks(text: str):
    """(start, end) of the text between blank lines."""
    position = 0
    for match in _BLANK_LINES.finditer(text):
        yield position, match.start()
        position = match.end()
    yield position, len(text)


def _block(text: str, start: int, end: int) -> ProseBlock | None:
    chunk = text[start:end]
    stripped = chunk.strip(_EDGE_SPACE)
    if not stripped:
        return None
    lead = len(chunk) - len(chunk.lstrip(_EDGE_SPACE))
    line_start = max(chunk.rfind("\n", 0, lead), chunk.rfind("\r", 0, lead)) + 1
    indent = len(chunk[line_start:lead].expandtabs(4))
    return ProseBlock(stripped, start + lead, indent=indent)


def plaintext_blocks(text: str) -> list[ProseBlock]:
    """Split plain text into paragraph blocks with their source offsets."""
    blocks: list[ProseBlock] = []
    for start, end in _chunks(text):
        lines = list(_LINE.finditer(text, start, end))
        if len(lines) > 1 and max(m.end() - m.start() for m in lines) > UNWRAPPED_LINE:
            pieces = [(m.start(), m.end()) for m in lines]
        else:
            pieces = [(start, end)]
        for piece_start, piece_end in pieces:
            block = _block(text, piece_start, piece_end)
            if block is not None:
                blocks.append(block)
    return blocks
