"""A document as the rules see it: paragraphs in order, each with its place in the source.

:func:`parse_document` turns a :class:`SourceFile` into a :class:`Document`. Paragraph
objects come from a :class:`ParagraphCache` keyed by content, so re-parsing an edited
document reuses every paragraph that did not change, with its tokens and quote scan.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storylint.parse.conventions import Conventions, QuoteCounts, detect
from storylint.parse.paragraph import Paragraph
from storylint.read.extracted import ExtractedFile, line_blocks
from storylint.read.markdown import markdown_blocks
from storylint.read.plaintext import plaintext_blocks, plaintext_directives
from storylint.read.prose import Directive, ProseBlock
from storylint.read.source import SourceFile


class ParagraphCache:
    """Paragraph objects (and their quote counts) by content, bounded in size."""

    def __init__(self, limit: int = 50_000) -> None:
        self.limit = limit
        self._items: dict[tuple[str, str], tuple[Paragraph, QuoteCounts]] = {}

    def get(self, text: str, kind: str) -> tuple[Paragraph, QuoteCounts]:
        key = (kind, text)
        item = self._items.get(key)
        if item is None:
            if len(self._items) >= self.limit:
                self._items.clear()
            item = (Paragraph(text, kind), QuoteCounts.of(text))
            self._items[key] = item
        return item

    def __len__(self) -> int:
        return len(self._items)


@dataclass
class Document:
    """Paragraphs of one source file, in order, with the blocks that place them."""

    source: SourceFile
    paragraphs: list[Paragraph]
    blocks: list[ProseBlock]
    directives: list[Directive] = field(default_factory=list)
    counts: list[QuoteCounts] = field(default_factory=list)
    #: Results rule families derive from this document, by their own keys.
    memo: dict = field(default_factory=dict, compare=False, repr=False)

    def conventions(self, quote_style: str = "auto") -> Conventions:
        return detect(self.counts, quote_style)


def parse_document(source: SourceFile, cache: ParagraphCache | None = None) -> Document:
    """Split a source file into paragraphs (reusing cached ones)."""
    cache = cache if cache is not None else ParagraphCache()
    if isinstance(source, ExtractedFile):  # Word, OpenDocument, EPUB, HTML
        blocks, directives = source.blocks, []
    elif source.format == "markdown":
        blocks, directives = markdown_blocks(source.text)
    elif source.format != "text":  # a document's text without its reader: one per line
        blocks, directives = line_blocks(source.text), []
    else:
        blocks, directives = plaintext_blocks(source.text), plaintext_directives(source.text)
    paragraphs, counts = [], []
    for block in blocks:
        paragraph, count = cache.get(block.text, block.kind)
        paragraphs.append(paragraph)
        counts.append(count)
    return Document(source, paragraphs, blocks, directives, counts)
