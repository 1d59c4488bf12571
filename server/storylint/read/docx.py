"""Word documents (``.docx``): the body's paragraphs, and where each character came from.

Only the main document part is read, so headers, footers, footnote and endnote bodies
and comments (parts of their own) never are; in the body, tables of contents (a TOC
field, a table-of-contents content control, paragraphs in TOC styles), text boxes and
drawings, hidden text, field codes, and text deleted in tracked changes are skipped.
Text inserted in tracked changes is read: the document as it reads with every change
accepted. A paragraph is a ``w:p``; formatting runs inside a word do not split it
("Jo" + italic "hn" is "John"). Tabs are tabs, line breaks spaces; empty paragraphs are
left out of the paragraph count.

The XML is read with expat (standard library), which reports the byte offset of every
tag: for each paragraph the reader keeps its runs with the byte ranges of their
properties and text, which is what :mod:`storylint.project.tracked_changes` needs to write fixes as
tracked changes while copying every other byte. Characters a fix may not change are
marked protected: tabs and breaks, symbols, field results, text inside someone else's
tracked insertion, in content that has alternatives (``mc:AlternateContent``) or ruby.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from xml.etree import ElementTree
from xml.parsers import expat

from storylint.read.container import Container
from storylint.read.extracted import ExtractedFile, ExtractedParagraph, clean, extracted_file
from storylint.read.prose import CODE_PLACEHOLDER
from storylint.read.source import ReadError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_MATH = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOCUMENT = "/officeDocument"
_STYLES = "/styles"

#: Elements whose whole content is never prose of the body.
_SKIPPED = frozenset(
    {
        "del",  # deleted in a tracked change
        "moveFrom",  # moved away in a tracked change
        "drawing",  # pictures, shapes, text boxes
        "pict",
        "object",
        "txbxContent",
        "rt",  # ruby annotation text
        "delText",
        "delInstrText",
        "fldData",
        "ffData",
        "sectPr",
        "rPrChange",
        "pPrChange",
        "customXmlPr",
        "smartTagPr",
        "altChunk",
    }
)
#: Elements inside which text is read but may not be changed by a fix.
_PROTECTING = frozenset({"ins", "moveTo", "fldSimple", "ruby"})
#: Field instructions whose result is not prose (a table of contents, an index...).
_NOT_PROSE_FIELDS = re.compile(r"\s*(TOC|INDEX|TOA|BIBLIOGRAPHY|CITATION)\b", re.IGNORECASE)
_TOC_STYLE = re.compile(r"^(toc|table of figures|index \d|index heading|table of authorities)")
_HEADING_STYLE = re.compile(r"^(heading \d|title|subtitle)$")
_TOC_GALLERY = re.compile(r"table of contents|bibliograph", re.IGNORECASE)
_FALSE = frozenset({"0", "false", "off"})


@dataclass(slots=True)
class Run:
    """One ``w:r`` of a paragraph, by byte offsets into the document part.

    ``end`` and ``rpr_end`` are where expat reported the end of the element (the start
    of its end tag, or the end of an empty element); ``children`` are its content
    elements in order: ``(start, end, offset, text)``, with ``offset`` the element's
    place in the paragraph's text and ``text`` its text for a ``w:t`` (else -1, None).
    """

    start: int
    editable: bool
    end: int = -1
    rpr_start: int = -1
    rpr_end: int = -1
    children: list[tuple[int, int, int, str | None]] = field(default_factory=list)


@dataclass(slots=True)
class ParagraphLayout:
    """Where a paragraph's characters are: its runs; ``lead`` characters were trimmed."""

    lead: int
    runs: list[Run]


@dataclass
class DocxLayout:
    """What the tracked-changes writer needs: the archive, its main part, the runs."""

    archive: bytes
    part: str
    xml: bytes
    paragraphs: list[ParagraphLayout]
    #: The main namespace the part uses (transitional or strict OOXML).
    namespace: str = W


def _names(local: str) -> tuple[str, str]:
    return f"{W} {local}", f"{W_STRICT} {local}"


class _Body:
    """Expat handlers that collect the body's paragraphs from ``document.xml``."""

    def __init__(self, data: bytes, styles: dict[str, str]) -> None:
        self.data = data
        self.styles = styles
        self.paragraphs: list[ExtractedParagraph] = []
        self.layouts: list[ParagraphLayout] = []
        self.depth = 0
        self.skip_depth = 0  # > 0: inside a skipped element, at this depth
        self.protecting = 0
        self.fields: list[list] = []  # [state, instruction]; state "code" or "result"
        self.sdt_toc: list[bool] = []
        self.alternatives: list[bool] = []  # per open mc:AlternateContent: a choice read?
        self.cell_depth = 0
        self.namespace = ""
        # the paragraph being read
        self.in_paragraph = False
        self.pieces: list[str] = []
        self.length = 0
        self.protected: list[int] = []
        self.runs: list[Run] = []
        self.style = ""
        self.outline = False
        self.in_ppr = False
        # the run being read
        self.run: Run | None = None
        self.run_depth = 0
        self.hidden = False
        self.rpr_depth = 0
        self.child_start = -1
        self.text: list[str] | None = None
        self.text_start = -1
        self.instr: list[str] | None = None
        self.parser = parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.chars
        parser.EntityDeclHandler = self.entity
        local = {}
        for namespace in (W, W_STRICT):
            for name in (
                *_SKIPPED,
                *_PROTECTING,
                "p",
                "r",
                "t",
                "tab",
                "ptab",
                "br",
                "cr",
                "noBreakHyphen",
                "softHyphen",
                "sym",
                "fldChar",
                "instrText",
                "pPr",
                "rPr",
                "pStyle",
                "outlineLvl",
                "vanish",
                "sdt",
                "sdtContent",
                "docPartGallery",
                "tc",
                "val",
                "char",
                "fldCharType",
            ):
                local[f"{namespace} {name}"] = name
        local[f"{_MC} AlternateContent"] = "AlternateContent"
        local[f"{_MC} Choice"] = "Choice"
        local[f"{_MC} Fallback"] = "del"  # skipped like deleted text
        local[f"{_MATH} oMath"] = "math"
        self.local = local
        self.val = (f"{W} val", f"{W_STRICT} val")

    def entity(self, *args: object) -> None:
        raise ReadError("not a valid Word document (its XML declares entities); skipped")

    @staticmethod
    def _attr(attrs: dict[str, str], name: str) -> str | None:
        value = attrs.get(f"{W} {name}")
        return value if value is not None else attrs.get(f"{W_STRICT} {name}")

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.skip_depth:
            return
        tag = self.local.get(name)
        if tag is None:
            if self.run is not None and self.depth == self.run_depth + 1:
                self.child_start = self.parser.CurrentByteIndex
            return
        run = self.run
        if run is not None and self.depth == self.run_depth + 1 and tag != "rPr":
            self.child_start = self.parser.CurrentByteIndex
        if tag in _SKIPPED:
            self.skip_depth = self.depth
        elif tag == "t":
            if run is not None and not self.hidden and not self._in_field_code():
                self.text = []
                self.text_start = self.length
        elif tag == "r":
            if self.in_paragraph:
                self.run = Run(self.parser.CurrentByteIndex, not self._protected_here())
                self.run_depth = self.depth
                self.hidden = False
        elif tag == "rPr":
            if run is not None:
                self.rpr_depth += 1
                if self.rpr_depth == 1:
                    run.rpr_start = self.parser.CurrentByteIndex
        elif tag == "vanish":
            if run is not None and self.rpr_depth == 1:
                self.hidden = (self._attr(attrs, "val") or "true").lower() not in _FALSE
        elif tag == "p":
            if not self.namespace:
                self.namespace = name[: name.index(" ")]
            self._open_paragraph()
        elif tag == "pPr":
            self.in_ppr = True
        elif tag == "pStyle":
            if self.in_ppr:
                self.style = self._attr(attrs, "val") or ""
        elif tag == "outlineLvl":
            if self.in_ppr:
                level = self._attr(attrs, "val") or "9"
                self.outline = level.isdigit() and int(level) < 9
        elif tag in ("tab", "ptab", "br", "cr", "noBreakHyphen", "sym"):
            if run is not None and not self.hidden and not self._in_field_code():
                if tag == "sym":
                    code = self._attr(attrs, "char") or ""
                    try:
                        char = chr(int(code, 16))
                    except ValueError:
                        char = CODE_PLACEHOLDER
                    if not char.isprintable() or "\ue000" <= char <= "\uf8ff":
                        char = CODE_PLACEHOLDER  # a Symbol-font glyph or nothing printable
                else:
                    char = {"tab": "\t", "ptab": "\t", "noBreakHyphen": "-"}.get(tag, " ")
                self._add(char, True)
        elif tag == "fldChar":
            kind = self._attr(attrs, "fldCharType")
            if kind == "begin":
                self.fields.append(["code", ""])
            elif kind == "separate" and self.fields:
                self.fields[-1][0] = "result"
            elif kind == "end" and self.fields:
                self.fields.pop()
        elif tag == "instrText":
            if self.fields and self.fields[-1][0] == "code":
                self.instr = []
        elif tag in _PROTECTING:
            self.protecting += 1
        elif tag == "sdt":
            self.sdt_toc.append(False)
        elif tag == "docPartGallery":
            if self.sdt_toc and _TOC_GALLERY.search(self._attr(attrs, "val") or ""):
                self.sdt_toc[-1] = True
        elif tag == "sdtContent":
            if self.sdt_toc and self.sdt_toc[-1]:
                self.skip_depth = self.depth
        elif tag == "tc":
            self.cell_depth += 1
        elif tag == "AlternateContent":
            self.alternatives.append(False)
        elif tag == "Choice":  # the first choice is read (protected), the others skipped
            if self.alternatives and self.alternatives[-1]:
                self.skip_depth = self.depth
            else:
                if self.alternatives:
                    self.alternatives[-1] = True
                self.protecting += 1
        elif tag == "math":
            if self.in_paragraph:
                self._add(CODE_PLACEHOLDER, True)
            self.skip_depth = self.depth

    def end(self, name: str) -> None:
        depth = self.depth
        self.depth -= 1
        run = self.run
        if self.skip_depth:
            if depth > self.skip_depth:
                return
            self.skip_depth = 0  # the skipped element ends: nothing else to do for it
            if run is not None and depth == self.run_depth + 1:
                run.children.append((self.child_start, self.parser.CurrentByteIndex, -1, None))
            return
        tag = self.local.get(name)
        if run is not None and depth == self.run_depth + 1 and tag != "rPr":
            if tag == "t" and self.text is not None:
                text = "".join(self.text)
                self.text = None
                run.children.append(
                    (self.child_start, self.parser.CurrentByteIndex, self.text_start, text)
                )
                self._add(text, not run.editable or self._in_field_result())
            else:
                run.children.append((self.child_start, self.parser.CurrentByteIndex, -1, None))
                if tag == "instrText":
                    self._end_instruction()
            return
        if tag is None:
            return
        if tag == "r":
            if run is not None and depth == self.run_depth:
                run.end = self.parser.CurrentByteIndex
                self.runs.append(run)
                self.run = None
        elif tag == "rPr":
            if run is not None:
                self.rpr_depth -= 1
                if self.rpr_depth == 0:
                    run.rpr_end = self.parser.CurrentByteIndex
        elif tag == "p":
            if self.in_paragraph:
                self._close_paragraph()
        elif tag == "pPr":
            self.in_ppr = False
        elif tag == "instrText":
            self._end_instruction()
        elif tag in _PROTECTING:
            self.protecting -= 1
        elif tag == "sdt":
            if self.sdt_toc:
                self.sdt_toc.pop()
        elif tag == "tc":
            self.cell_depth -= 1
        elif tag == "AlternateContent":
            if self.alternatives:
                self.alternatives.pop()
        elif tag == "Choice":
            self.protecting -= 1

    def _end_instruction(self) -> None:
        if self.instr is not None and self.fields:
            self.fields[-1][1] += "".join(self.instr)
        self.instr = None

    def chars(self, data: str) -> None:
        if self.text is not None and not self.skip_depth:
            self.text.append(data)
        elif self.instr is not None:
            self.instr.append(data)

    def _in_field_code(self) -> bool:
        """Inside a field's code, or the result of a field that is not prose (a TOC)."""
        return bool(self.fields) and any(
            state == "code" or _NOT_PROSE_FIELDS.match(instruction)
            for state, instruction in self.fields
        )

    def _in_field_result(self) -> bool:
        return bool(self.fields)

    def _protected_here(self) -> bool:
        return self.protecting > 0

    def _add(self, text: str, protected: bool) -> None:
        if not text:
            return
        if protected:
            self.protected.extend(range(self.length, self.length + len(text)))
        self.pieces.append(text)
        self.length += len(text)

    def _open_paragraph(self) -> None:
        if self.in_paragraph:  # a paragraph inside a paragraph: not Word's XML
            raise ReadError("not a valid Word document (a paragraph inside a paragraph); skipped")
        self.in_paragraph = True
        self.pieces = []
        self.length = 0
        self.protected = []
        self.runs = []
        self.style = ""
        self.outline = False

    def _close_paragraph(self) -> None:
        self.in_paragraph = False
        self.run = None
        raw = clean("".join(self.pieces))
        text = raw.strip()
        if not text:
            return
        kind = self.styles.get(self.style, "") if self.styles else _guess_kind(self.style)
        if kind == "toc":
            return
        if kind != "heading":
            kind = "heading" if self.outline else "cell" if self.cell_depth else "paragraph"
        lead = len(raw) - len(raw.lstrip())
        protected = tuple(p - lead for p in self.protected if lead <= p < lead + len(text))
        self.paragraphs.append(ExtractedParagraph(text, kind, protected))
        self.layouts.append(ParagraphLayout(lead, self.runs))


def _guess_kind(style_id: str) -> str:
    """A style's kind from its id alone (a document without a styles part)."""
    lowered = style_id.lower()
    if lowered.startswith("toc"):
        return "toc"
    return "heading" if lowered.startswith(("heading", "title", "subtitle")) else ""


def _xml(data: bytes, what: str) -> ElementTree.Element:
    parser = expat.ParserCreate()

    def refuse(*args: object) -> None:
        raise ReadError(f"not a valid Word document ({what} declares entities); skipped")

    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(data, True)  # only to refuse entity declarations before ElementTree
        return ElementTree.fromstring(data)
    except (expat.ExpatError, ElementTree.ParseError) as error:
        raise ReadError(f"not a valid Word document ({what}: {error}); skipped") from None


def _relationships(container: Container, part: str) -> dict[str, str]:
    """Targets of a part's relationships, by the end of their type (``/styles``)."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    if not container.has(rels):
        return {}
    found = {}
    for rel in _xml(container.read(rels), rels).iter(f"{{{_RELS}}}Relationship"):
        kind = rel.get("Type", "")
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External" or not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        found.setdefault(kind[kind.rfind("/") :], posixpath.normpath(path))
    return found


def _styles(container: Container, part: str | None) -> dict[str, str]:
    """Paragraph style ids that are headings (``heading``) or contents (``toc``)."""
    if part is None or not container.has(part):
        return {}
    root = _xml(container.read(part), part)
    info: dict[str, tuple[str, str | None, bool]] = {}
    for namespace in (W, W_STRICT):
        q = f"{{{namespace}}}"
        for style in root.iter(f"{q}style"):
            if style.get(f"{q}type", "paragraph") != "paragraph":
                continue
            style_id = style.get(f"{q}styleId", "")
            name_el = style.find(f"{q}name")
            based = style.find(f"{q}basedOn")
            outline = style.find(f"{q}pPr/{q}outlineLvl")
            level = outline.get(f"{q}val", "9") if outline is not None else "9"
            info[style_id] = (
                (name_el.get(f"{q}val", "") if name_el is not None else "").lower(),
                based.get(f"{q}val") if based is not None else None,
                level.isdigit() and int(level) < 9,
            )
    kinds = {}
    for style_id in info:
        seen = set()
        current: str | None = style_id
        while current is not None and current in info and current not in seen:
            seen.add(current)
            name, based, outline = info[current]
            if _TOC_STYLE.match(name):
                kinds[style_id] = "toc"
                break
            if outline or _HEADING_STYLE.match(name):
                kinds[style_id] = "heading"
                break
            current = based
    return kinds


def read_docx(data: bytes, path: str) -> ExtractedFile:
    """The body paragraphs of a ``.docx`` file's bytes; ReadError when it cannot be read."""
    container = Container(data, "Word document", ".docx")
    package = _relationships(container, "")
    part = package.get(_OFFICE_DOCUMENT, "word/document.xml")
    if not container.has(part):
        raise ReadError("not a valid Word document (it has no main document part); skipped")
    styles = _styles(container, _relationships(container, part).get(_STYLES))
    xml = container.read(part)
    body = _Body(xml, styles)
    try:
        body.parser.Parse(xml, True)
    except expat.ExpatError as error:
        raise ReadError(f"not a valid Word document ({part}: {error}); skipped") from None
    layout = DocxLayout(data, part, xml, body.layouts, body.namespace or W)
    return extracted_file(path, "docx", body.paragraphs, layout=layout)
