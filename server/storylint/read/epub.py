"""EPUB books: one document per chapter, each named ``book.epub!OEBPS/chapter3.xhtml``.

The package document (found through ``META-INF/container.xml``) lists the book's files
and its reading order (the spine): every XHTML document of the spine is read with
:mod:`storylint.read.html`, in order, except the navigation document, the table of
contents a guide or landmark points at, and items outside the reading order
(``linear="no"``: notes, pop-ups). All chapters of a book are checked together, so
names are compared across the whole book.

A book whose chapters are encrypted (DRM: ``META-INF/encryption.xml`` covers a chapter)
is refused with a message; obfuscated fonts, which every store's books may have, are
not a reason to refuse.
"""

from __future__ import annotations

import posixpath
from urllib.parse import unquote, urldefrag
from xml.etree import ElementTree
from xml.parsers import expat

from storylint.read.container import Container
from storylint.read.extracted import ExtractedFile, extracted_file
from storylint.read.html import decode_html, html_paragraphs
from storylint.read.source import ReadError

_CONTAINER = "urn:oasis:names:tc:opendocument:xmlns:container"
_OPF = "http://www.idpf.org/2007/opf"
_XENC = "http://www.w3.org/2001/04/xmlenc#"
_OPS = "http://www.idpf.org/2007/ops"
_XHTML = "http://www.w3.org/1999/xhtml"
_DOCUMENT_TYPES = {"application/xhtml+xml", "text/html", "application/x-dtbook+xml"}
#: Encryption algorithms that only obfuscate fonts (not DRM).
_FONT_OBFUSCATION = {"http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"}


def _parse(container: Container, name: str) -> ElementTree.Element:
    data = container.read(name)
    parser = expat.ParserCreate()

    def refuse(*args: object) -> None:
        raise ReadError(f"not a valid EPUB book ({name} declares entities); skipped")

    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(data, True)
        return ElementTree.fromstring(data)
    except (expat.ExpatError, ElementTree.ParseError) as error:
        raise ReadError(f"not a valid EPUB book ({name}: {error}); skipped") from None


def _package_path(container: Container) -> str:
    if container.has("META-INF/container.xml"):
        root = _parse(container, "META-INF/container.xml")
        for rootfile in root.iter(f"{{{_CONTAINER}}}rootfile"):
            path = rootfile.get("full-path")
            if path and container.has(path):
                return path
    opfs = [name for name in container.names() if name.lower().endswith(".opf")]
    if len(opfs) == 1:
        return opfs[0]
    raise ReadError("not a valid EPUB book (no package document found); skipped")


def _encrypted(container: Container) -> set[str]:
    """Paths of members encrypted other than by font obfuscation."""
    if not container.has("META-INF/encryption.xml"):
        return set()
    root = _parse(container, "META-INF/encryption.xml")
    found = set()
    for data in root.iter(f"{{{_XENC}}}EncryptedData"):
        method = data.find(f"{{{_XENC}}}EncryptionMethod")
        algorithm = method.get("Algorithm", "") if method is not None else ""
        if algorithm in _FONT_OBFUSCATION:
            continue
        for reference in data.iter(f"{{{_XENC}}}CipherReference"):
            uri = reference.get("URI")
            if uri:
                found.add(posixpath.normpath(unquote(uri)))
    return found


def _toc_pages(package: ElementTree.Element, resolve) -> set[str]:
    """Members the package's guide calls the table of contents."""
    found = set()
    for reference in package.iter(f"{{{_OPF}}}reference"):
        if (reference.get("type") or "").lower() == "toc" and reference.get("href"):
            found.add(resolve(reference.get("href")))
    return found


def _landmark_tocs(container: Container, nav: str, resolve_from) -> set[str]:
    """Members the navigation document's landmarks call the table of contents."""
    try:
        root = _parse(container, nav)
    except ReadError:
        return set()
    found = set()
    for link in root.iter(f"{{{_XHTML}}}a"):
        if link.get(f"{{{_OPS}}}type") == "toc" and link.get("href"):
            found.add(resolve_from(nav, link.get("href")))
    return found


def read_epub(data: bytes, path: str) -> list[ExtractedFile]:
    """The chapters of an ``.epub`` file's bytes, in reading order."""
    container = Container(data, "EPUB book", ".epub")
    package_path = _package_path(container)

    def resolve_from(base: str, href: str) -> str:
        target = unquote(urldefrag(href)[0])
        return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))

    def resolve(href: str) -> str:
        return resolve_from(package_path, href)

    package = _parse(container, package_path)
    items = {}
    nav = set()
    for item in package.iter(f"{{{_OPF}}}item"):
        href, item_id = item.get("href"), item.get("id")
        if not href or not item_id:
            continue
        items[item_id] = (resolve(href), item.get("media-type", ""))
        if "nav" in (item.get("properties") or "").split():
            nav.add(resolve(href))
    skipped = set(nav) | _toc_pages(package, resolve)
    for page in nav:
        skipped |= _landmark_tocs(container, page, resolve_from)
    encrypted = _encrypted(container)
    chapters = []
    for itemref in package.iter(f"{{{_OPF}}}itemref"):
        found = items.get(itemref.get("idref", ""))
        if found is None or (itemref.get("linear") or "yes") == "no":
            continue
        member, media_type = found
        if media_type not in _DOCUMENT_TYPES or member in skipped:
            continue
        if member in encrypted:
            raise ReadError(
                f"a book protected by DRM ({member} inside it is encrypted); storylint "
                "cannot read it; skipped"
            )
        if not container.has(member):
            raise ReadError(f"not a valid EPUB book ({member} is missing); skipped")
        try:
            text = decode_html(container.read(member))
        except ReadError as error:
            if container.has("META-INF/encryption.xml") or container.has("META-INF/rights.xml"):
                raise ReadError(
                    f"a book protected by DRM ({member} inside it is encrypted); storylint "
                    "cannot read it; skipped"
                ) from None
            raise ReadError(f"{member} inside it: {error}") from None
        paragraphs = html_paragraphs(text)
        chapters.append(
            extracted_file(f"{path}!{member}", "epub", paragraphs, container=path, member=member)
        )
    if not chapters:
        raise ReadError("not a valid EPUB book (no chapters in its reading order); skipped")
    return chapters
