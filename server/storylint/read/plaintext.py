"""Plain text to prose blocks: one block per paragraph.

Paragraphs are separated by blank lines, so a hard-wrapped paragraph over many lines and
a paragraph on one long line are both one block. Many exported drafts put one paragraph
per line with no blank lines between; a chunk whose lines are longer than any hard wrap
(:data:`UNWRAPPED_LINE`) is read as one paragraph per line.

A line that holds only an inline directive — ``# storylint-disable homophones`` or, as
in Markdown, ``<!-- storylint-disable homophones -->`` (also ``-enable`` and
``-disable-next-line``) — is no prose: it ends the paragraph before it, and
:func:`plaintext_directives` returns it.
"""

from __future__ import annotations

import re

from storylint.read.prose import Directive, ProseBlock

# "\r(?!\n)": the \r of a \r\n never counts as a line end of its own
_BLANK_LINES = re.compile(r"(?:\r\n|\r(?!\n)|\n)(?:[ \t\f\v\u00a0]*(?:\r\n|\r(?!\n)|\n))+")
_LINE = re.compile(r"[^\r\n]+")
_EDGE_SPACE = " \t\f\v\u00a0\r\n"

#: A line this long cannot come from hard wrapping: its chunk has one paragraph per line.
UNWRAPPED_LINE = 150

_LINE_END = r"(?=\r\n|\r|\n|\Z)"
_DIRECTIVE_LINE = re.compile(
    r"^[ \t]*(?:<!--[ \t]*storylint-(disable-next-line|disable|enable)\b([^\r\n>]*?)[ \t]*-->"
    r"|\#[ \t]*storylint-(disable-next-line|disable|enable)\b([^\r\n]*?))[ \t]*" + _LINE_END,
    re.MULTILINE,
)
#: Every directive line holds this (lowercase): text without it has none.
MARK = "storylint-"


def plaintext_directives(text: str) -> list[Directive]:
    """The inline directives of plain text: lines that hold only a directive."""
    if MARK not in text:
        return []
    found = []
    for match in _DIRECTIVE_LINE.finditer(text):
        action = match.group(1) or match.group(3)
        listed = match.group(2) if match.group(1) else match.group(4)
        rules = tuple(r for r in re.split(r"[\s,]+", listed.strip()) if r)
        found.append(Directive(action, rules, match.start(), match.end()))
    return found


def _without_directives(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` as the pieces between its directive lines."""
    if text.find(MARK, start, end) == -1:
        return [(start, end)]
    pieces = []
    position = start
    for match in _DIRECTIVE_LINE.finditer(text, start, end):
        pieces.append((position, match.start()))
        position = match.end()
    pieces.append((position, end))
    return pieces


def chunks(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of the pieces of text between blank lines, within ``[start, end)``."""
    end = len(text) if end is None else end
    found = []
    position = start
    for match in _BLANK_LINES.finditer(text, start, end):
        found.append((position, match.start()))
        position = match.end()
    found.append((position, end))
    return found


def _block(text: str, start: int, end: int) -> ProseBlock | None:
    chunk = text[start:end]
    stripped = chunk.strip(_EDGE_SPACE)
    if not stripped:
        return None
    lead = len(chunk) - len(chunk.lstrip(_EDGE_SPACE))
    line_start = max(chunk.rfind("\n", 0, lead), chunk.rfind("\r", 0, lead)) + 1
    indent = len(chunk[line_start:lead].expandtabs(4))
    return ProseBlock(stripped, start + lead, indent=indent)


def _unwrapped(chunk: str) -> bool:
    """The chunk has several lines, one of them longer than any hard wrap."""
    if len(chunk) <= UNWRAPPED_LINE:
        return False  # the common case: a short paragraph
    # the pieces between \r and \n are the lines _LINE finds (and empty strings)
    lines = [line for line in chunk.replace("\r", "\n").split("\n") if line]
    return len(lines) > 1 and max(map(len, lines)) > UNWRAPPED_LINE


def chunk_blocks(text: str, start: int, end: int, by_line: bool | None = None) -> list[ProseBlock]:
    """The paragraphs of one chunk: the whole chunk, or one per line when its lines are
    longer than hard wrapping makes them (``by_line`` forces the choice); a directive
    line is left out, and ends the paragraph before it."""
    pieces = _without_directives(text, start, end)
    if len(pieces) > 1:
        return [block for a, b in pieces for block in chunk_blocks(text, a, b, by_line) if b > a]
    if by_line is None:
        by_line = _unwrapped(text[start:end])
    if by_line:
        pieces = [(m.start(), m.end()) for m in _LINE.finditer(text, start, end)]
    else:
        pieces = [(start, end)]
    return [block for a, b in pieces if (block := _block(text, a, b)) is not None]


def plaintext_blocks(text: str) -> list[ProseBlock]:
    """Split plain text into paragraph blocks with their source offsets."""
    return [block for a, b in chunks(text) for block in chunk_blocks(text, a, b)]


def blank_line_between(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` (the gap between two blocks) holds a blank line."""
    return _BLANK_LINES.search(text, start, end) is not None
