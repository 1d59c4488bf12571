"""OpenDocument text (``.odt``): the body's paragraphs.

Only ``content.xml``'s ``office:text`` is read, so headers and footers (kept in the
styles) never are; in it notes (footnotes and endnotes: citation and body), comments
(``office:annotation``), tables of contents and other indexes, frames (pictures, text
boxes), ruby text, and text deleted in tracked changes (in their record, or between
the change marks of a deletion, as LibreOffice writes them) are skipped: the document
as it reads with every change accepted. A paragraph is a ``text:p`` or a heading ``text:h``;
spans inside a word do not split it. White space is read as ODF defines it: a run of
spaces, tabs and newlines in the XML is one space, ``text:s`` stands for spaces,
``text:tab`` a tab, ``text:line-break`` a line break (read as a space).

A password-protected file (its manifest lists encryption data) is refused with a
message. The reader uses expat from the standard library.
"""

from __future__ import annotations

import re
from xml.parsers import expat

from storylint.read.container import Container
from storylint.read.extracted import ExtractedFile, ExtractedParagraph, clean, extracted_file
from storylint.read.source import ReadError

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
_SPACES = re.compile(r"[ \t\r\n]+")

_SKIPPED = {
    f"{_TEXT} note",
    f"{_TEXT} table-of-content",
    f"{_TEXT} alphabetical-index",
    f"{_TEXT} illustration-index",
    f"{_TEXT} table-index",
    f"{_TEXT} object-index",
    f"{_TEXT} user-index",
    f"{_TEXT} bibliography",
    f"{_TEXT} ruby-text",
    f"{_TEXT} sequence-decls",
    f"{_TEXT} variable-decls",
    f"{_TEXT} user-field-decls",
    f"{_OFFICE} annotation",
    f"{_OFFICE} forms",
    f"{_DRAW} frame",
    f"{_DRAW} custom-shape",
    f"{_DRAW} a",
}
_PARAGRAPHS = {f"{_TEXT} p": "paragraph", f"{_TEXT} h": "heading"}
_SPACE, _TAB, _BREAK = f"{_TEXT} s", f"{_TEXT} tab", f"{_TEXT} line-break"
_CELL = f"{_TABLE} table-cell"
_BODY = f"{_OFFICE} text"
_CHANGES, _REGION = f"{_TEXT} tracked-changes", f"{_TEXT} changed-region"
_DELETION, _CHANGE_ID = f"{_TEXT} deletion", f"{_TEXT} change-id"
_CHANGE_START, _CHANGE_END = f"{_TEXT} change-start", f"{_TEXT} change-end"
_IDS = (f"{_TEXT} id", "http://www.w3.org/XML/1998/namespace id")


class _Body:
    """Expat handlers that collect the paragraphs of ``office:text``."""

    def __init__(self) -> None:
        self.paragraphs: list[ExtractedParagraph] = []
        self.depth = 0
        self.skip_depth = 0
        self.in_body = 0
        self.cells = 0
        self.open: list[tuple[str, list[str]]] = []  # paragraphs being read (notes nest)
        self.changes = 0  # > 0: inside the record of tracked changes
        self.region: str | None = None
        self.deletions: set[str] = set()  # ids of tracked deletions
        self.deleting: set[str] = set()  # deletions whose range is open
        self.parser = parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.chars
        parser.EntityDeclHandler = self.entity

    def entity(self, *args: object) -> None:
        raise ReadError("not a valid OpenDocument text (its XML declares entities); skipped")

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.skip_depth:
            return
        if name == _BODY:
            self.in_body += 1
        elif not self.in_body:
            return
        elif self.changes or name == _CHANGES:
            # the record of tracked changes: which are deletions (their text, kept
            # here or between change marks in the text, is not read)
            self.changes += 1
            if name == _REGION:
                self.region = next((attrs[i] for i in _IDS if i in attrs), None)
            elif name == _DELETION and self.region is not None:
                self.deletions.add(self.region)
        elif name == _CHANGE_START:
            if attrs.get(_CHANGE_ID) in self.deletions:
                self.deleting.add(attrs[_CHANGE_ID])
        elif name == _CHANGE_END:
            self.deleting.discard(attrs.get(_CHANGE_ID, ""))
        elif name in _SKIPPED:
            self.skip_depth = self.depth
        elif name in _PARAGRAPHS:
            kind = _PARAGRAPHS[name]
            if kind == "paragraph" and self.cells:
                kind = "cell"
            self.open.append((kind, []))
        elif not self.open:
            if name == _CELL:
                self.cells += 1
        elif self.deleting:
            return
        elif name == _SPACE:
            count = attrs.get(f"{_TEXT} c", "1")
            self.open[-1][1].append("\x00" * (int(count) if count.isdigit() else 1))
        elif name == _TAB:
            self.open[-1][1].append("\x01")
        elif name == _BREAK:
            self.open[-1][1].append("\x02")

    def end(self, name: str) -> None:
        depth = self.depth
        self.depth -= 1
        if self.skip_depth:
            if depth == self.skip_depth:
                self.skip_depth = 0
            return
        if self.changes:
            self.changes -= 1
        elif name == _BODY:
            self.in_body -= 1
        elif name in _PARAGRAPHS and self.open:
            kind, parts = self.open.pop()
            # XML white space collapses; text:s, text:tab and text:line-break (kept as
            # \x00, \x01, \x02 until now) are spaces, a tab and a break that stay
            text = _SPACES.sub(" ", "".join(parts))
            text = text.replace("\x00", " ").replace("\x01", "\t").replace("\x02", " ")
            text = clean(text).strip()
            if text:
                self.paragraphs.append(ExtractedParagraph(text, kind))
        elif name == _CELL and not self.open:
            self.cells -= 1

    def chars(self, data: str) -> None:
        if self.open and not self.skip_depth and not self.deleting and not self.changes:
            self.open[-1][1].append(
                data.replace("\x00", "").replace("\x01", "").replace("\x02", "")
            )


def _encrypted(container: Container) -> bool:
    if not container.has("META-INF/manifest.xml"):
        return False
    manifest = container.read("META-INF/manifest.xml")
    return b"encryption-data" in manifest or b"encrypted-key" in manifest


def read_odt(data: bytes, path: str) -> ExtractedFile:
    """The body paragraphs of an ``.odt`` file's bytes; ReadError when it cannot be read."""
    container = Container(data, "OpenDocument text", ".odt")
    if _encrypted(container):
        raise ReadError(
            "a password-protected OpenDocument text (its content is encrypted); save it "
            "without a password to check it; skipped"
        )
    if not container.has("content.xml"):
        raise ReadError("not a valid OpenDocument text (content.xml is missing); skipped")
    body = _Body()
    try:
        body.parser.Parse(container.read("content.xml"), True)
    except expat.ExpatError as error:
        raise ReadError(f"not a valid OpenDocument text (content.xml: {error}); skipped") from None
    return extracted_file(path, "odt", body.paragraphs)
