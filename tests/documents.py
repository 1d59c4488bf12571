"""Builders of Word, OpenDocument, EPUB and HTML files for the tests, with zipfile and XML.

Each builder takes the chapter as paragraphs: a string, or a list of runs (a string, or
``(text, "i")`` for italics, ``"b"`` bold) so that formatting can split a word. The XML
is written the way Word and LibreOffice write it (run properties, rsid attributes,
namespaces declared and ignorable), so the readers meet what they will meet in the wild.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from html import escape

Run = str | tuple[str, str]
Para = str | Sequence[Run]

W_NS = (
    'xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word" '
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'mc:Ignorable="w14"'
)


def _runs(paragraph: Para) -> list[tuple[str, str]]:
    if isinstance(paragraph, str):
        return [(paragraph, "")]
    return [(run, "") if isinstance(run, str) else run for run in paragraph]


# --- Word -------------------------------------------------------------------------------


def _w_text(text: str) -> str:
    return f'<w:t xml:space="preserve">{escape(text, quote=False)}</w:t>'


def w_run(text: str, style: str = "") -> str:
    """A Word run with the properties Word writes (fonts, language), plus ``style``."""
    props = '<w:rFonts w:ascii="Georgia" w:hAnsi="Georgia"/>'
    if "i" in style:
        props += "<w:i/><w:iCs/>"
    if "b" in style:
        props += "<w:b/><w:bCs/>"
    props += '<w:sz w:val="24"/><w:lang w:val="en-GB"/>'
    return f'<w:r w:rsidR="00A1B2C3"><w:rPr>{props}</w:rPr>{_w_text(text)}</w:r>'


def w_paragraph(paragraph: Para, style: str | None = None, raw: str = "") -> str:
    """A ``w:p`` of these runs (``raw`` XML appended inside it)."""
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    runs = "".join(w_run(text, fmt) for text, fmt in _runs(paragraph))
    return f'<w:p w:rsidR="00A1B2C3" w:rsidRDefault="00A1B2C3">{ppr}{runs}{raw}</w:p>'


_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="ChapterTitle"><w:name w:val="Chapter Title"/><w:basedOn w:val="Heading1"/></w:style>
<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/></w:style>
<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/></w:style>
</w:styles>
"""

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>
<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>
<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>
</Types>
"""

_PACKAGE_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>
"""

_DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>
<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>
</Relationships>
"""


def docx_document_xml(body: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<w:document {W_NS}><w:body>{body}"
        '<w:sectPr><w:headerReference w:type="default" r:id="rId2"/>'
        '<w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>'
    )


def _w_part(root: str, inner: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<w:{root} {W_NS}>{inner}</w:{root}>"
    )


def docx_bytes(
    paragraphs: Iterable[Para] = (),
    *,
    body: str | None = None,
    header: str = "The Lamp Room — draft",
    footnote: str = "Their is a footnote here that must not be read.",
) -> bytes:
    """A .docx with these body paragraphs (or this raw ``body`` XML), a header, a footnote
    and a comment (their texts never belong to the body)."""
    if body is None:
        body = "".join(w_paragraph(p) for p in paragraphs)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _PACKAGE_RELS)
        archive.writestr("word/_rels/document.xml.rels", _DOCUMENT_RELS)
        archive.writestr("word/document.xml", docx_document_xml(body))
        archive.writestr("word/styles.xml", _STYLES)
        archive.writestr("word/header1.xml", _w_part("hdr", w_paragraph(header)))
        archive.writestr(
            "word/footnotes.xml",
            _w_part("footnotes", f'<w:footnote w:id="1">{w_paragraph(footnote)}</w:footnote>'),
        )
        archive.writestr(
            "word/comments.xml",
            _w_part(
                "comments",
                '<w:comment w:id="0" w:author="Editor">'
                f"{w_paragraph('Your going to want to cut this.')}</w:comment>",
            ),
        )
    return out.getvalue()


# --- OpenDocument -----------------------------------------------------------------------

_ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3"'
)


def odt_paragraph(paragraph: Para, tag: str = "text:p", raw: str = "") -> str:
    parts = []
    for text, fmt in _runs(paragraph):
        body = escape(text, quote=False)
        # runs of spaces are written as text:s, as LibreOffice does
        body = body.replace("  ", ' <text:s text:c="1"/>')
        if fmt:
            body = f'<text:span text:style-name="T{"1" if "i" in fmt else "2"}">{body}</text:span>'
        parts.append(body)
    attrs = ' text:outline-level="1"' if tag == "text:h" else ""
    return f'<{tag} text:style-name="P1"{attrs}>{"".join(parts)}{raw}</{tag}>'


def odt_bytes(
    paragraphs: Iterable[Para] = (),
    *,
    body: str | None = None,
    encrypted: bool = False,
) -> bytes:
    """An .odt with these paragraphs (or this raw ``body``); ``encrypted`` as a
    password-protected one is stored (its manifest lists encryption data)."""
    if body is None:
        body = "".join(odt_paragraph(p) for p in paragraphs)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<office:document-content {_ODF_NS}>"
        '<office:automatic-styles><style:style style:name="T1" style:family="text">'
        '<style:text-properties fo:font-style="italic"/></style:style></office:automatic-styles>'
        f"<office:body><office:text><text:sequence-decls/>{body}</office:text></office:body>"
        "</office:document-content>"
    )
    styles = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<office:document-styles {_ODF_NS}><office:master-styles>"
        '<style:master-page style:name="Standard"><style:header>'
        "<text:p>Their header is never read</text:p></style:header></style:master-page>"
        "</office:master-styles></office:document-styles>"
    )
    encryption = (
        '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x">'
        '<manifest:algorithm manifest:algorithm-name="Blowfish CFB" '
        'manifest:initialisation-vector="x"/></manifest:encryption-data>'
        if encrypted
        else ""
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
        f"{encryption}</manifest:file-entry>"
        '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", b"\x93\x11garbage" if encrypted else content)
        archive.writestr("styles.xml", styles)
        archive.writestr("META-INF/manifest.xml", manifest)
    return out.getvalue()


# --- HTML and EPUB ----------------------------------------------------------------------


def html_paragraph(paragraph: Para, tag: str = "p") -> str:
    parts = []
    for text, fmt in _runs(paragraph):
        body = escape(text, quote=False)
        if "i" in fmt:
            body = f"<em>{body}</em>"
        if "b" in fmt:
            body = f"<strong>{body}</strong>"
        parts.append(body)
    return f"<{tag}>{''.join(parts)}</{tag}>"


def html_page(body: str, title: str = "The Lamp Room", xhtml: bool = False) -> str:
    if xhtml:
        head = (
            '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
            '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
        )
    else:
        head = '<!DOCTYPE html>\n<html lang="en">'
    return (
        f'{head}<head><meta charset="utf-8"/><title>{escape(title)}</title>'
        "<style>p { text-indent: 1em; } /* Their style */</style>"
        "<script>var their = 'not prose';</script></head>"
        f"<body>\n{body}\n</body></html>\n"
    )


def epub_bytes(
    chapters: Sequence[tuple[str, str]],
    *,
    encryption: str | None = None,
    nav: bool = True,
) -> bytes:
    """An EPUB 3 of ``(file name, XHTML body)`` chapters under ``OEBPS/``, with a
    navigation document; ``encryption`` is META-INF/encryption.xml when given."""
    manifest = [
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
    ]
    spine = []
    for number, (name, _) in enumerate(chapters, 1):
        manifest.append(f'<item id="c{number}" href="{name}" media-type="application/xhtml+xml"/>')
        spine.append(f'<itemref idref="c{number}"/>')
    opf = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '<dc:identifier id="id">urn:uuid:1</dc:identifier><dc:title>The Lamp Room</dc:title>'
        f"<dc:language>en</dc:language></metadata><manifest>{''.join(manifest)}</manifest>"
        f"<spine>{''.join(spine)}</spine></package>"
    )
    links = "".join(f'<li><a href="{name}">Their chapter</a></li>' for name, _ in chapters)
    nav_doc = html_page(
        f'<nav epub:type="toc" id="toc"><h1>Contents</h1><ol>{links}</ol></nav>', xhtml=True
    )
    container = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
        '<rootfiles><rootfile full-path="OEBPS/content.opf" '
        'media-type="application/oebps-package+xml"/></rootfiles></container>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        archive.writestr("META-INF/container.xml", container)
        if encryption is not None:
            archive.writestr("META-INF/encryption.xml", encryption)
        archive.writestr("OEBPS/content.opf", opf)
        if nav:
            archive.writestr("OEBPS/nav.xhtml", nav_doc)
        for name, body in chapters:
            archive.writestr(f"OEBPS/{name}", html_page(body, xhtml=True))
    return out.getvalue()


def lamp_room() -> list[str]:
    """The paragraphs of the sample chapter ``seeds/01-the-lamp-room.txt`` (planted
    mistakes), each on one line."""
    from pathlib import Path

    from storylint.read.plaintext import plaintext_blocks

    text = (Path(__file__).resolve().parents[1] / "seeds" / "01-the-lamp-room.txt").read_text()
    return [block.text.replace("\n", " ") for block in plaintext_blocks(text)]
