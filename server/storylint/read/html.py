"""HTML and XHTML (``.html``, ``.htm``, ``.xhtml``, and an EPUB's chapters): the body's
paragraphs.

Read with the standard library's ``html.parser``. Block elements (``p``, ``div``,
headings, list items, table cells, ``blockquote``...) end a paragraph; inline ones
(``em``, ``span``, ``a``...) do not, so italics inside a word do not split it. White
space collapses as a browser collapses it; ``<br>`` is read as a space. Skipped: the
``head`` (title, styles, scripts), ``script``, ``style``, ``template``, ``pre`` and
``code`` (code stands in as one symbol, as in Markdown), navigation (``nav``, a table of
contents), page headers and footers (also as LibreOffice and Word export them), asides,
footnote and endnote bodies and the markers that point at them (by their EPUB or ARIA
role: ``epub:type="footnote"``, ``role="doc-endnotes"``, ``doc-noteref``...; or a link
to a note whose text is only a number or a mark like ``*`` or ``†``), and anything
``hidden``.
"""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

from storylint.read.extracted import ExtractedFile, ExtractedParagraph, clean, extracted_file
from storylint.read.prose import CODE_PLACEHOLDER
from storylint.read.source import BOM, ReadError

_BLOCKS = {
    "p": "paragraph",
    "div": "paragraph",
    "blockquote": "paragraph",
    "li": "paragraph",
    "dd": "paragraph",
    "dt": "paragraph",
    "figcaption": "paragraph",
    "caption": "paragraph",
    "address": "paragraph",
    "section": "paragraph",
    "article": "paragraph",
    "main": "paragraph",
    "body": "paragraph",
    "ul": "paragraph",
    "ol": "paragraph",
    "dl": "paragraph",
    "table": "paragraph",
    "tr": "paragraph",
    "hr": "paragraph",
    "center": "paragraph",
    "td": "cell",
    "th": "cell",
    "h1": "heading",
    "h2": "heading",
    "h3": "heading",
    "h4": "heading",
    "h5": "heading",
    "h6": "heading",
    "hgroup": "heading",
}
_SKIPPED = frozenset(
    {
        "head",
        "script",
        "style",
        "template",
        "noscript",
        "nav",
        "aside",
        "pre",
        "svg",
        "math",
        "iframe",
        "object",
        "select",
        "textarea",
        "button",
        "rt",
        "rp",
        "title",
    }
)
_VOID = frozenset(
    {"br", "hr", "img", "wbr", "meta", "link", "input", "area", "base", "col", "embed", "source"}
)
#: epub:type and role values of what is not the body's prose.
_NOT_PROSE = re.compile(
    r"\b(?:doc-)?(?:footnotes?|endnotes?|rearnotes?|noteref|toc|landmarks|page-list|pagebreak"
    r"|loi|lot|index|bibliography|annotation)\b"
)
#: Classes and ids of notes and contents lists (``sdfootnote1``: LibreOffice's notes).
_NOTE_CLASS = re.compile(
    r"(?:^|\s)(?:footnotes?|endnotes?|toc|sd(?:foot|end)note\d+)(?:\s|$)", re.IGNORECASE
)
_NOTE_MARK = re.compile(r"\s*\[?(?:\d+|[ivxlc]+|[*†‡§¶#]+)\]?\s*", re.IGNORECASE)
_WORD_PARTS = re.compile(
    r"mso-element\s*:\s*(?:header|footer|footnote|endnote|comment|dataitem)", re.IGNORECASE
)
_SPACES = re.compile(r"[ \t\r\n\f]+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")


class _Body(HTMLParser):
    """Collects the paragraphs of an HTML document's body."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[ExtractedParagraph] = []
        self.stack: list[tuple[str, bool]] = []  # open elements: (tag, skipped?)
        self.skipped = 0
        self.kind = "paragraph"
        self.parts: list[str] = []
        self.note: list[str] | None = None  # the text of a link that may be a note marker
        self.note_depth = 0
        self.sections = 0  # open article/section/main elements

    def _is_skipped(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        if tag in _SKIPPED:
            return True
        if tag in ("header", "footer") and (tag == "footer" or not self.sections):
            return True  # a page's header or footer (a section's own header is its title)
        for name, value in attrs:
            if name == "hidden" or (name == "aria-hidden" and value == "true"):
                return True
            if value and name in ("epub:type", "role") and _NOT_PROSE.search(value):
                return True
            if value and name in ("class", "id") and _NOTE_CLASS.search(value):
                return True
            if name == "title" and value in ("header", "footer") and tag == "div":
                return True  # LibreOffice's page header and footer
            if name == "style" and value and _WORD_PARTS.search(value):
                return True  # Word's headers, footers, notes and comments
        return False

    def flush(self, kind: str = "paragraph") -> None:
        if self.parts:
            text = clean(_SPACES.sub(" ", "".join(self.parts))).strip()
            if text:
                self.paragraphs.append(ExtractedParagraph(text, self.kind))
            self.parts = []
        self.kind = kind

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if not self.skipped:
                if tag == "br":
                    self._text(" ")
                elif tag == "hr":
                    self.flush()
            return
        skipped = self.skipped > 0 or self._is_skipped(tag, attrs)
        self.stack.append((tag, skipped))
        if skipped:
            self.skipped += 1
            return
        if tag in ("article", "section", "main"):
            self.sections += 1
        if tag in _BLOCKS:
            self.flush(_BLOCKS[tag])
        elif tag == "code":
            self._text(CODE_PLACEHOLDER)
            self.stack[-1] = (tag, True)
            self.skipped += 1
        elif tag == "a" and self.note is None:
            href = dict(attrs).get("href") or ""
            if "#" in href:  # a link into a page: perhaps a note's marker
                self.note = []
                self.note_depth = len(self.stack)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            self.handle_starttag(tag, attrs)
        elif tag in _BLOCKS and not self.skipped:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                break
        else:
            return  # closes nothing open: ignored, as browsers do
        while len(self.stack) > index:
            self._close(*self.stack.pop())

    def _close(self, tag: str, skipped: bool) -> None:
        if skipped:
            self.skipped -= 1
            return
        if tag in ("article", "section", "main"):
            self.sections -= 1
        if tag == "a" and self.note is not None and len(self.stack) < self.note_depth:
            text = "".join(self.note)
            self.note = None
            if not _NOTE_MARK.fullmatch(text):
                self.parts.append(text)
        if tag in _BLOCKS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self.skipped:
            self._text(data)

    def _text(self, text: str) -> None:
        if self.note is not None:
            self.note.append(text)
        else:
            self.parts.append(text)

    def close(self) -> None:
        super().close()
        while self.stack:
            self._close(*self.stack.pop())
        self.flush()


def decode_html(data: bytes) -> str:
    """The text of an HTML or XHTML file: by its byte-order mark, its declared encoding
    (``<?xml encoding>``, ``<meta charset>``), else UTF-8."""
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if data.startswith(bom):
            data, declared = data[len(bom) :], codec
            break
    else:
        found = _XML_ENCODING.search(data[:200]) or _CHARSET.search(data[:4096])
        declared = found.group(1).decode("ascii").lower() if found else "utf-8"
        try:
            codecs.lookup(declared)
        except LookupError:
            declared = "utf-8"
    try:
        text = data.decode(declared)
    except UnicodeDecodeError as error:
        raise ReadError(f"not {declared} text at byte {error.start}; skipped") from None
    return text.removeprefix(BOM)


def html_paragraphs(text: str) -> list[ExtractedParagraph]:
    """The body paragraphs of an HTML document's text."""
    body = _Body()
    body.feed(text)
    body.close()
    return body.paragraphs


def read_html(data: bytes, path: str) -> ExtractedFile:
    """The body paragraphs of an HTML or XHTML file's bytes."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError("binary data, not HTML; skipped")
    return extracted_file(path, "html", html_paragraphs(decode_html(data)))
