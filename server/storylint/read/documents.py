"""Reading any file storylint checks into its documents: the one place formats dispatch.

A text or Markdown file is one document (:func:`storylint.read.source.read_file`). A
Word, OpenDocument or HTML file is one document and an EPUB one per chapter, read by
the module of its format (imported only when such a file is read, so start-up stays
fast), with one paragraph per line of its text (see :mod:`storylint.read.extracted`).
"""

from __future__ import annotations

from pathlib import Path

from storylint.read.extracted import DOCUMENT_FORMATS
from storylint.read.source import SourceFile, decode, format_for, read_bytes, read_file


def format_of(name: str | Path) -> str | None:
    """The format of a file by its extension (text, markdown, docx, odt, epub, html)."""
    return DOCUMENT_FORMATS.get(Path(name).suffix.lower()) or format_for(name)


def documents_of(data: bytes, display: str, fmt: str) -> list[SourceFile]:
    """The documents in a file's bytes, read as ``fmt`` (a document format)."""
    if fmt == "docx":
        from storylint.read.docx import read_docx

        return [read_docx(data, display)]
    if fmt == "odt":
        from storylint.read.odt import read_odt

        return [read_odt(data, display)]
    if fmt == "epub":
        from storylint.read.epub import read_epub

        return list(read_epub(data, display))
    if fmt == "html":
        from storylint.read.html import read_html

        return [read_html(data, display)]
    text, bom = decode(data)
    return [SourceFile(display, text, fmt, bom)]


def read_documents(
    path: Path, display: str | None = None, data: bytes | None = None
) -> list[SourceFile]:
    """The documents of one file (``data``: its bytes, when already read, as from stdin);
    raises :class:`ReadError` when it cannot be checked."""
    display = display or str(path)
    fmt = format_of(display) if data is not None else format_of(path)
    if fmt not in DOCUMENT_FORMATS.values():
        if data is None:
            return [read_file(path, display)]
        text, bom = decode(data)
        return [SourceFile(display, text, fmt or "text", bom)]
    return documents_of(read_bytes(path) if data is None else data, display, fmt)
