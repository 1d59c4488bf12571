"""A manuscript's chapters, for the report: each file, split at its chapter headings.

A file is one chapter unless it has two or more chapter headings. A chapter heading is
the first line of a paragraph (a block between blank lines) that starts with "Chapter",
"Part", "Book", "Stave" or "Volume" and a number (digits, a Roman numeral or a number
word: "CHAPTER ONE", "Book the First"), or is "Prologue", "Epilogue" and the like, or a
paragraph that is a Roman numeral alone ("IV."), or in Markdown a heading of level 1 or
2, or a heading of a Word, OpenDocument, EPUB or HTML document (whose paragraphs are
its lines). That is how novels are set, whether one file holds a chapter or the whole
book. A
heading followed by fewer than :data:`MIN_WORDS` words before the next heading does not
start a chapter (a table of contents, a part's title page): its text stays with the
chapter before it. The text before the first chapter is a chapter of its own only when
it is as long (a preface), else it belongs to the first chapter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from storylint.read.extracted import ExtractedFile
from storylint.read.source import SourceFile

#: Fewer words than this between two headings: the first starts no chapter.
MIN_WORDS = 150

_BLOCK_BREAK = re.compile(r"(?:\r\n?|\n)(?:[ \t]*(?:\r\n?|\n))+")
_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
    "seventy|eighty|ninety|hundred|first|second|third|fourth|fifth|sixth|seventh|"
    "eighth|ninth|tenth|eleventh|twelfth|last|the"
)
_NUMBER = rf"(?:\d+|(?-i:[IVXLCDM]+)|(?:{_NUMBER_WORDS})(?:[- ](?:{_NUMBER_WORDS}))*)\b"
_NUMBERED = re.compile(rf"(?i)(?:chapter|part|book|stave|volume)\s+{_NUMBER}")
_NAMED = re.compile(
    r"(?i:prologue|epilogue|interlude|preface|foreword|afterword|introduction)\b[\s.:—–-]*"
)
#: A number alone ("IV.", "12"), or with a period and a short title ("1.  The Cyclone").
_NUMERAL = re.compile(r"(?:[IVXLC]+|\d{1,3})(?:\.?|\.\s+(?:\S+\s?){1,8})")
_MARKDOWN_HEADING = re.compile(r"(#{1,6})[ \t]+(.*?)[ \t#]*$")
_EMPHASIS = re.compile(r"[*_`]+")
#: A heading line longer than this is prose.
_HEADING_CHARS = 80


class Paragraph(NamedTuple):
    """A paragraph's place in its file's text, and its kind when the file says."""

    start: int
    end: int
    kind: str = ""


@dataclass(frozen=True, slots=True)
class Chapter:
    """One chapter of the report: a file, or a part of one between chapter headings."""

    #: The file's index in the report and its display path.
    file: int
    path: str
    #: The heading ("CHAPTER ONE — PLAYING PILGRIMS"), the file's first heading, or "".
    title: str
    #: Source offsets of the chapter in its file (end exclusive).
    start: int
    end: int
    words: int


def count_words(text: str) -> int:
    """Words as a word processor counts them: what stands between spaces."""
    return len(text.split())


def blocks_of(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The (start, end) of every block of ``text[start:end]`` between blank lines."""
    end = len(text) if end is None else end
    found = []
    at = start
    for match in _BLOCK_BREAK.finditer(text, start, end):
        if match.start() > at:
            found.append((at, match.start()))
        at = match.end()
    if end > at:
        found.append((at, end))
    return found


def paragraphs_of(source: SourceFile, start: int = 0, end: int | None = None) -> list[Paragraph]:
    """The paragraphs of ``source`` within ``[start, end)``: its blocks between blank
    lines, or for a document read from Word, OpenDocument, EPUB or HTML (one paragraph a
    line) its paragraphs, with their kind ("heading" where the document says so)."""
    end = len(source.text) if end is None else end
    if not isinstance(source, ExtractedFile):
        return [Paragraph(a, b) for a, b in blocks_of(source.text, start, end)]
    return [
        Paragraph(block.start, block.start + len(block.text), block.kind)
        for block in source.blocks
        if block.text and start <= block.start < end
    ]


def _plain(heading: str) -> str:
    return " ".join(_EMPHASIS.sub("", heading).split())


def _starts_chapter(line: str) -> bool:
    named = _NAMED.match(line)
    if named and len(line.split()) > 6:
        return False  # "Introduction of the guests took an hour": prose
    return bool(named or _NUMBERED.match(line))


def heading_title(block: str, markdown: bool, kind: str = "") -> str | None:
    """The title of a chapter heading starting ``block``, or None when it starts none
    (``kind`` "heading": a document's own heading, such as Word's "Heading 1")."""
    lines = block.strip().splitlines()
    first = lines[0].strip() if lines else ""
    if not first or len(first) > _HEADING_CHARS:
        return None
    if kind == "heading":
        return _plain(first)
    if markdown and first.startswith("#"):
        match = _MARKDOWN_HEADING.fullmatch(first)
        if match is None or len(match.group(1)) > 2:
            return None
        return _plain(match.group(2)) or None
    if _NUMERAL.fullmatch(first):
        return _plain(first) if len(lines) == 1 else None
    if not _starts_chapter(first):
        return None
    second = lines[1].strip() if len(lines) > 1 else ""
    if second and _starts_chapter(second):
        return None  # a table of contents: a list of headings
    second = second if len(lines) == 2 else ""
    if second and len(second) <= _HEADING_CHARS:
        return _plain(f"{first} — {second}")
    return _plain(first)


def file_title(source: SourceFile) -> str:
    """A file's own title: its first Markdown heading, or a short first line that reads
    as a title (no sentence punctuation at its end); "" when it has none."""
    text = source.text
    for start, end, kind in paragraphs_of(source)[:8]:
        block = text[start:end].strip()
        if kind == "heading":
            return _plain(block)
        if source.format == "markdown":
            match = _MARKDOWN_HEADING.fullmatch(block.splitlines()[0].strip())
            if match:
                return _plain(match.group(2))
            continue
        line = block.splitlines()[0].strip()
        if "\n" not in block and len(line) <= 60 and not line.endswith((".", ",", "”", '"')):
            return _plain(line)
        return ""
    return ""


def chapters_of(index: int, source: SourceFile) -> list[Chapter]:
    """The chapters of one file (see the module docstring)."""
    text = source.text
    markdown = source.format == "markdown"
    headings: list[tuple[int, str]] = []
    for start, end, kind in paragraphs_of(source):
        title = heading_title(text[start:end], markdown, kind)
        if title is not None:
            headings.append((start, title))
    bounds = [start for start, _ in headings] + [len(text)]
    kept = [
        (start, title)
        for (start, title), next_start in zip(headings, bounds[1:], strict=True)
        if count_words(text[start:next_start]) >= MIN_WORDS
    ]
    if len(kept) < 2:
        return [Chapter(index, source.path, file_title(source), 0, len(text), count_words(text))]
    if count_words(text[: kept[0][0]]) < MIN_WORDS:
        kept[0] = (0, kept[0][1])
    else:
        kept.insert(0, (0, file_title(source) or "Opening pages"))
    ends = [start for start, _ in kept[1:]] + [len(text)]
    return [
        Chapter(index, source.path, title, start, end, count_words(text[start:end]))
        for (start, title), end in zip(kept, ends, strict=True)
    ]
