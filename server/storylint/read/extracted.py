"""Documents whose prose storylint takes out of a richer format (Word, OpenDocument,
EPUB, HTML), as a text whose lines are the paragraphs.

A reader gives the paragraphs of a document in order, each as an
:class:`ExtractedParagraph`. :func:`extracted_file` joins them one per line into the
text of an :class:`ExtractedFile` (a :class:`SourceFile`), so that line N *is* paragraph
N of the document and a column is a position in that paragraph's text: every output
format (text, JSON, SARIF, GitHub) reports ``line`` as the paragraph number without
knowing the format. Each paragraph is one prose block; the characters a fix may not
change (a tab, a line break, a field's result, someone else's tracked change) are
*protected*, mapped as stand-ins so the engine drops fixes across them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from storylint.read.prose import ProseBlock, SourceMap
from storylint.read.source import SourceFile

#: Characters that would start a new line in some viewer, each shown as a space.
_LINE_BREAKING = re.compile("[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")

#: Formats read this way, by file extension.
DOCUMENT_FORMATS: dict[str, str] = {
    ".docx": "docx",
    ".odt": "odt",
    ".epub": "epub",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}

#: Formats whose fixes storylint can write back (as tracked changes).
FIXABLE_FORMATS = frozenset({"docx"})


@dataclass(slots=True)
class ExtractedParagraph:
    """One paragraph's text, its kind, and the offsets a fix must leave alone."""

    text: str
    kind: str = "paragraph"
    protected: tuple[int, ...] = ()


@dataclass
class ExtractedFile(SourceFile):
    """A document read from a richer format: one paragraph per line of ``text``.

    ``container`` is the file on disk and ``member`` the part of it this document is
    (an EPUB's chapter); ``layout`` is the reader's map back into the file, for writing
    fixes (None when the format takes none).
    """

    paragraphs: list[ExtractedParagraph] = field(default_factory=list)
    container: str = ""
    member: str | None = None
    layout: Any = field(default=None, repr=False, compare=False)
    _blocks: list[ProseBlock] | None = field(default=None, repr=False, compare=False)

    @property
    def blocks(self) -> list[ProseBlock]:
        """One prose block per paragraph, at its line."""
        if self._blocks is None:
            self._blocks = _blocks(self.paragraphs)
        return self._blocks

    def with_paragraphs(self, paragraphs: list[ExtractedParagraph]) -> ExtractedFile:
        """The same document with other paragraph texts (after fixes), same layout."""
        return extracted_file(
            self.path,
            self.format,
            paragraphs,
            container=self.container,
            member=self.member,
            layout=self.layout,
        )


def _blocks(paragraphs: list[ExtractedParagraph]) -> list[ProseBlock]:
    blocks = []
    start = 0
    for paragraph in paragraphs:
        text = paragraph.text
        srcmap = None
        if paragraph.protected:
            srcmap = SourceMap()
            position = 0
            for offset in paragraph.protected:
                srcmap.add(offset - position, start + position, start + offset, True)
                srcmap.add(1, start + offset, start + offset + 1, False)
                position = offset + 1
            srcmap.add(len(text) - position, start + position, start + len(text), True)
        blocks.append(ProseBlock(text, start, paragraph.kind, srcmap))
        start += len(text) + 1
    return blocks


def can_fix(source: SourceFile) -> bool:
    """Whether ``--fix`` can write fixes into the file ``source`` was read from."""
    return not isinstance(source, ExtractedFile) or source.format in FIXABLE_FORMATS


def clean(text: str) -> str:
    """``text`` with every line-breaking character made a space (length kept)."""
    return _LINE_BREAKING.sub(" ", text)


def extracted_file(
    path: str,
    fmt: str,
    paragraphs: list[ExtractedParagraph],
    *,
    container: str = "",
    member: str | None = None,
    layout: Any = None,
) -> ExtractedFile:
    """A document of these paragraphs (their texts free of line breaks, see :func:`clean`)."""
    text = "\n".join(paragraph.text for paragraph in paragraphs)
    return ExtractedFile(
        path=path,
        text=text,
        format=fmt,
        paragraphs=paragraphs,
        container=container or path,
        member=member,
        layout=layout,
    )


def line_blocks(text: str) -> list[ProseBlock]:
    """One block per non-empty line: a document's text when only the text is known."""
    blocks = []
    start = 0
    for line in text.split("\n"):
        if line.strip():
            blocks.append(ProseBlock(line, start))
        start += len(line) + 1
    return blocks
