"""Word, OpenDocument, EPUB and HTML: what is read, where findings are, bad input.

The documents are built by the tests (``tests/documents.py``) from the sample chapter
``seeds/01-the-lamp-room.txt`` and its 25 planted mistakes.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import zipfile

import pytest

from conftest import run_cli
from documents import (
    docx_bytes,
    epub_bytes,
    html_page,
    html_paragraph,
    lamp_room,
    odt_bytes,
    odt_paragraph,
    w_paragraph,
    w_run,
)
from storylint.read.container import MEMBER_LIMIT
from storylint.read.documents import read_documents
from storylint.read.docx import read_docx
from storylint.read.epub import read_epub
from storylint.read.html import read_html
from storylint.read.odt import read_odt
from test_sarif import sarif_schema  # noqa: F401  (the schema fixture)

#: (rule, paragraph, column, end column, fixes) of the sample chapter, in any format.
LAMP_ROOM = [
    ("dialogue.period-before-tag", 4, 11, 12, [","]),
    ("homophones.quite-quiet", 6, 168, 173, ["quiet"]),
    ("dialogue.capitalised-tag", 7, 9, 11, ["he"]),
    ("homophones.its-it-is", 10, 95, 98, ["it's"]),
    ("dialogue.beat-with-comma", 11, 6, 12, ['." She']),
    ("homophones.your-youre", 13, 2, 6, ["You're"]),
    ("homophones.then-than", 14, 104, 108, ["than"]),
    ("homophones.modal-of", 15, 13, 15, ["have"]),
    ("names.missing-possessive", 16, 1, 7, ["Tobias's"]),
    ("homophones.there-their", 16, 72, 77, ["they're"]),
    ("dialogue.missing-comma", 17, 31, 43, ["Sorry, Tobias,"]),
    ("dialogue.fragment-after-quote", 18, 21, 50, []),
    ("dialogue.tag-before-quote", 19, 9, 10, [", "]),
    ("dialogue.beat-before-quote", 20, 14, 15, ["."]),
    ("homophones.lose-loose", 20, 54, 59, ["lose"]),
    ("dialogue.capitalised-continuation", 22, 22, 24, ["we"]),
    ("dialogue.hyphen-interruption", 25, 28, 29, ["--"]),
    ("dialogue.punctuation-outside-quote", 28, 47, 49, ['."']),
    ("dialogue.missing-comma", 29, 13, 22, ["Okay, look,"]),
    ("dialogue.two-speakers", 30, 38, 40, ['\n\n"']),
    ("dialogue.quote-spacing", 31, 6, 7, ['" ']),
    ("dialogue.quote-spacing", 32, 14, 15, [""]),
    ("homophones.wont", 33, 6, 10, ["won't"]),
    ("dialogue.unclosed-quote", 34, 1, 2, []),
    ("dialogue.mixed-quotes", 36, 1, 2, []),
]


def _found(result) -> list[tuple]:
    return [
        (f["rule"], f["line"], f["column"], f["end_column"], [x["replacement"] for x in f["fixes"]])
        for f in result.json
    ]


def _write_formats(folder) -> dict[str, str]:
    """The sample chapter as .txt (one paragraph per line, blank lines between), .docx,
    .odt, .html and an .epub of two chapters (paragraphs 1-20 and 21-37)."""
    paragraphs = lamp_room()
    (folder / "lamp.txt").write_text("\n\n".join(paragraphs) + "\n")
    (folder / "lamp.docx").write_bytes(docx_bytes(paragraphs))
    (folder / "lamp.odt").write_bytes(odt_bytes(paragraphs))
    (folder / "lamp.html").write_text(html_page("\n".join(map(html_paragraph, paragraphs))))
    halves = [paragraphs[:20], paragraphs[20:]]
    (folder / "lamp.epub").write_bytes(
        epub_bytes(
            [(f"ch{n}.xhtml", "".join(map(html_paragraph, h))) for n, h in enumerate(halves, 1)]
        )
    )
    return {"docx": "lamp.docx", "odt": "lamp.odt", "html": "lamp.html"}


@pytest.mark.parametrize("name", ["lamp.docx", "lamp.odt", "lamp.html"])
def test_the_chapter_in_each_format_has_the_findings_of_plain_text(tmp_path, name):
    _write_formats(tmp_path)
    result = run_cli("check", "--format", "json", name, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert _found(result) == LAMP_ROOM
    assert {f["path"] for f in result.json} == {name}
    # the same chapter as plain text: paragraph N is line 2N-1, columns the same
    text = run_cli("check", "--format", "json", "lamp.txt", cwd=tmp_path)
    as_paragraphs = [(r, (line + 1) // 2, c, e, x) for r, line, c, e, x in _found(text)]
    assert as_paragraphs == LAMP_ROOM


def test_an_epub_is_checked_chapter_by_chapter_with_names_across_the_book(tmp_path):
    _write_formats(tmp_path)
    result = run_cli("check", "--format", "json", "lamp.epub", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    found = [(f["path"], *item) for f, item in zip(result.json, _found(result), strict=True)]
    expected = [
        (
            "lamp.epub!OEBPS/ch1.xhtml" if line <= 20 else "lamp.epub!OEBPS/ch2.xhtml",
            rule,
            line if line <= 20 else line - 20,
            column,
            end,
            fixes,
        )
        for rule, line, column, end, fixes in LAMP_ROOM
    ]
    assert found == expected  # the navigation document (a contents list) is not read


def test_text_output_shows_the_paragraph_and_its_number(tmp_path):
    _write_formats(tmp_path)
    result = run_cli("check", "--select", "homophones.your-youre", "lamp.docx", cwd=tmp_path)
    assert result.stdout.startswith(
        "lamp.docx:13:2: warning[homophones.your-youre] “Your going to” → “You're going to”: "
        "in published fiction “You're going to” is written about 63 times and “Your going to” "
        "never\n"
        "   |\n"
        '13 | "Your going to tell me it\'s nothing," she said.\n'
        "   |  ^^^^\n"
        "   = fix: “You're”\n"
    )
    assert "1 can be fixed with --fix" in result.stdout


def test_json_sarif_and_github_formats_for_documents(tmp_path):
    _write_formats(tmp_path)
    args = ("--select", "homophones.wont", "lamp.docx", "lamp.epub")
    github = run_cli("check", "--format", "github", *args, cwd=tmp_path).stdout.splitlines()
    assert github == [
        "::warning file=lamp.docx,line=33,endLine=33,col=6,endColumn=10,"
        "title=storylint homophones.wont::“They wont make” should be “They won't make”",
        "::warning file=lamp.epub!OEBPS/ch2.xhtml,line=13,endLine=13,col=6,endColumn=10,"
        "title=storylint homophones.wont::“They wont make” should be “They won't make”",
    ]
    sarif = json.loads(run_cli("check", "--format", "sarif", *args, cwd=tmp_path).stdout)
    results = sarif["runs"][0]["results"]
    assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results] == [
        "lamp.docx",
        "lamp.epub!OEBPS/ch2.xhtml",
    ]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results] == [
        33,
        13,
    ]
    # a fix in a document is no edit of the file's bytes: SARIF carries none
    assert all("fixes" not in r for r in results)


def test_sarif_for_documents_validates(tmp_path, sarif_schema):  # noqa: F811
    import jsonschema

    _write_formats(tmp_path)
    result = run_cli("check", "--format", "sarif", "lamp.docx", "lamp.epub", cwd=tmp_path)
    jsonschema.validate(json.loads(result.stdout), sarif_schema)


# --- what is read -----------------------------------------------------------------------


def test_formatting_inside_a_word_does_not_split_it(tmp_path):
    split = [
        ["“", ("The", "b"), "ir asleep,” said ", "Tob", ("ias", "i"), "."],
        ["“Go,” said Tob", ("ias", "i"), ". “Now.”"],
        ["Tobias", " slept. Tob", ("i", "b"), "as woke."],
        ["Tobias", " slept again. ", "Tobias", " dreamed of Tob", ("ais", "i"), "."],
    ]
    plain = ["".join(r if isinstance(r, str) else r[0] for r in p) for p in split]
    assert plain[0] == "“Their asleep,” said Tobias."
    documents = {
        "docx": read_docx(docx_bytes(split), "c.docx"),
        "odt": read_odt(odt_bytes(split), "c.odt"),
        "html": read_html(html_page("".join(map(html_paragraph, split))).encode(), "c.html"),
    }
    for name, document in documents.items():
        assert [p.text for p in document.paragraphs] == plain, name
    (tmp_path / "c.docx").write_bytes(docx_bytes(split))
    result = run_cli("check", "--format", "json", "c.docx", cwd=tmp_path)
    assert _found(result) == [
        ("homophones.there-their", 1, 2, 7, ["They’re"]),  # curly quotes: curly apostrophe
        ("names.variant", 4, 39, 45, ["Tobias"]),
    ]


def test_word_headers_footnotes_comments_contents_and_deletions_are_not_read():
    body = (
        # a table of contents as Word writes it: a content control holding a TOC field
        '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
        "</w:docPartObj></w:sdtPr><w:sdtContent>"
        + w_paragraph("Their contents", style="TOC1")
        + "</w:sdtContent></w:sdt>"
        # a TOC field outside a content control, over two paragraphs
        + '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        + w_run("Your chapter one")
        + "</w:p>"
        + w_paragraph("Your chapter two", raw='<w:r><w:fldChar w:fldCharType="end"/></w:r>')
        + w_paragraph("Chapter One", style="ChapterTitle")
        + w_paragraph(
            "She looked up.",
            raw=(
                # a footnote marker, a comment's anchor, a deletion and an insertion by
                # someone else, hidden text, a text box, a page-number field's code
                '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
                '<w:commentRangeStart w:id="0"/><w:r><w:t xml:space="preserve"> The</w:t></w:r>'
                '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>'
                '<w:del w:id="7" w:author="Ed" w:date="2024-01-01T00:00:00Z"><w:r><w:delText> old</w:delText></w:r></w:del>'
                '<w:ins w:id="8" w:author="Ed" w:date="2024-01-01T00:00:00Z"><w:r><w:t xml:space="preserve"> lamp</w:t></w:r></w:ins>'
                "<w:r><w:rPr><w:vanish/></w:rPr><w:t>Your hidden note</w:t></w:r>"
                "<w:r><w:drawing><wp:inline><w:txbxContent><w:p><w:r><w:t>Their box</w:t></w:r></w:p></w:txbxContent></wp:inline></w:drawing></w:r>"
                '<w:r><w:t xml:space="preserve"> was</w:t></w:r><w:r><w:tab/></w:r>'
                '<w:r><w:t xml:space="preserve">out</w:t></w:r><w:r><w:br/></w:r><w:r><w:t>again.</w:t></w:r>'
                '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r>'
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
            ),
        )
        + "<w:p/>"  # an empty paragraph is not counted
        + "<w:tbl><w:tr><w:tc>"
        + w_paragraph("A cell.")
        + "</w:tc></w:tr></w:tbl>"
    )
    document = read_docx(docx_bytes(body=body), "c.docx")
    texts = [(p.text, p.kind) for p in document.paragraphs]
    assert texts == [
        ("Chapter One", "heading"),
        ("She looked up. The lamp was\tout again.7", "paragraph"),
        ("A cell.", "cell"),
    ]
    # the other author's insertion, the tab, the break and the field's result are
    # read but protected from fixes
    text = document.paragraphs[1].text
    protected = set(document.paragraphs[1].protected)
    assert {text[i] for i in protected} == {" ", "l", "a", "m", "p", "\t", "7"}
    assert protected == {*range(18, 23), text.index("\t"), text.index(" again"), len(text) - 1}


def test_opendocument_notes_comments_contents_frames_and_deletions_are_not_read():
    body = (
        "<text:table-of-content><text:index-body><text:p>Their contents</text:p>"
        "</text:index-body></text:table-of-content>"
        '<text:tracked-changes><text:changed-region text:id="ct1"><text:deletion>'
        "<office:change-info/><text:p>Your deleted paragraph</text:p></text:deletion>"
        '</text:changed-region><text:changed-region text:id="ct2"><text:deletion>'
        "<office:change-info/></text:deletion></text:changed-region></text:tracked-changes>"
        + odt_paragraph("Chapter One", tag="text:h")
        + odt_paragraph(
            "She looked",
            raw=(
                '<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>'
                "<text:note-body><text:p>Their footnote</text:p></text:note-body></text:note>"
                "<office:annotation><text:p>Your comment</text:p></office:annotation>"
                ' up.<text:change text:change-id="ct1"/>  The\n   lamp<text:s text:c="2"/>was'
                '<text:change-start text:change-id="ct2"/> their<text:change-end text:change-id="ct2"/>'
                "<text:tab/>out<text:line-break/>again."
                "<draw:frame><draw:text-box><text:p>Their box</text:p></draw:text-box></draw:frame>"
            ),
        )
        + "<table:table><table:table-row><table:table-cell><text:p>A cell.</text:p>"
        "</table:table-cell></table:table-row></table:table>"
    )
    document = read_odt(odt_bytes(body=body), "c.odt")
    assert [(p.text, p.kind) for p in document.paragraphs] == [
        ("Chapter One", "heading"),
        ("She looked up. The lamp  was\tout again.", "paragraph"),
        ("A cell.", "cell"),
    ]


def test_html_navigation_notes_scripts_and_chrome_are_not_read():
    body = (
        '<header><p>Your site</p></header><nav><a href="#c1">Their chapter</a></nav>'
        "<article><header><h1>Chapter <em>One</em></h1></header>"
        '<p>She looked up.<a href="#fn1" role="doc-noteref"><sup>1</sup></a> The\n  lamp'
        '<sup><a href="notes.xhtml#n2">2</a></sup> was <a href="#later">out</a>'
        "<br>again.<script>their()</script><span hidden>Your hidden</span></p>"
        "<blockquote>A letter &amp; a <code>x</code> note.</blockquote>"
        '<aside epub:type="footnote" id="fn1"><p>Their footnote</p></aside>'
        '<section role="doc-endnotes"><ol><li>Your endnote</li></ol></section>'
        "<ul><li>one</li><li>two</li></ul></article><footer><p>Your footer</p></footer>"
    )
    document = read_html(html_page(body).encode(), "c.html")
    assert [(p.text, p.kind) for p in document.paragraphs] == [
        ("Chapter One", "heading"),
        ("She looked up. The lamp was out again.", "paragraph"),
        ("A letter & a \ufffc note.", "paragraph"),
        ("one", "paragraph"),
        ("two", "paragraph"),
    ]


def test_html_is_decoded_as_it_declares():
    page = html_page("<p>Caf\u00e9 “quoted”</p>").replace(
        'charset="utf-8"', 'charset="windows-1252"'
    )
    document = read_html(page.encode("windows-1252"), "c.html")
    assert document.paragraphs[0].text == "Café “quoted”"


def test_an_epub_skips_its_contents_and_what_is_outside_the_reading_order():
    data = epub_bytes([("a.xhtml", "<p>One.</p>"), ("b.xhtml", "<p>Two.</p>")])
    # b.xhtml leaves the reading order (linear="no"): notes, pop-ups
    with zipfile.ZipFile(io.BytesIO(data)) as old:
        members = {info.filename: old.read(info) for info in old.infolist()}
    members["OEBPS/content.opf"] = members["OEBPS/content.opf"].replace(
        b'<itemref idref="c2"/>', b'<itemref idref="c2" linear="no"/>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    chapters = read_epub(out.getvalue(), "b.epub")
    assert [(c.path, [p.text for p in c.paragraphs]) for c in chapters] == [
        ("b.epub!OEBPS/a.xhtml", ["One."])
    ]


def test_names_are_compared_across_formats(tmp_path):
    tobias = "“Hold on,” Tobias said."
    (tmp_path / "one.txt").write_text("\n\n".join([tobias] * 4) + "\n")
    (tmp_path / "two.docx").write_bytes(docx_bytes([tobias, "“Fine,” Tobais said."]))
    (tmp_path / "three.odt").write_bytes(odt_bytes([tobias, tobias]))
    result = run_cli("check", "--format", "json", "--select", "names", ".", cwd=tmp_path)
    assert [(f["path"], f["line"], f["column"]) for f in result.json] == [("two.docx", 2, 9)]
    assert "“Tobias” appears 7 times, first in one.txt:1" in result.json[0]["message"]


def test_folders_find_documents_but_not_lock_files_or_fixed_copies(tmp_path):
    (tmp_path / "a.docx").write_bytes(docx_bytes(["They wont go."]))
    (tmp_path / "a.storylint.docx").write_bytes(docx_bytes(["They wont go."]))
    (tmp_path / "~$a.docx").write_bytes(b"\x05Owner file Word keeps while a.docx is open")
    (tmp_path / "b.html").write_text(html_page("<p>They wont go.</p>"))
    result = run_cli("check", "--format", "json", ".", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert [f["path"] for f in result.json] == ["a.docx", "b.html"]


def test_a_document_from_stdin_with_a_filename(tmp_path):
    result = run_cli(
        "check",
        "--format",
        "json",
        "-",
        "--stdin-filename",
        "c.docx",
        stdin=docx_bytes(["They wont go."]),
    )
    assert [(f["path"], f["line"], f["column"]) for f in result.json] == [("c.docx", 1, 6)]


# --- bad input --------------------------------------------------------------------------


def _ole(*streams: str) -> bytes:
    """The start of an OLE compound file naming these streams (as an encrypted Office
    file or an old .doc has them)."""
    names = b"".join(name.encode("utf-16-le") + b"\x00" * 8 for name in streams)
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + names + b"\x00" * 512


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            zeros = bytes(1 << 20)
            for _ in range(MEMBER_LIMIT // len(zeros) + 1):
                member.write(zeros)
    return out.getvalue()


def _lying_sizes() -> bytes:
    """A .docx whose document part's header claims far fewer bytes than it inflates to."""
    good = docx_bytes(["They wont go."] * 200)
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        info = archive.getinfo("word/document.xml")
        declared, offset = info.file_size, info.header_offset
    data = bytearray(good)
    small = (declared // 4).to_bytes(4, "little")
    data[offset + 22 : offset + 26] = small  # local header: uncompressed size
    position = 0
    while (position := data.find(b"PK\x01\x02", position)) != -1:
        name_length = int.from_bytes(data[position + 28 : position + 30], "little")
        if data[position + 46 : position + 46 + name_length] == b"word/document.xml":
            data[position + 24 : position + 28] = small  # central directory: the same
        position += 4
    return bytes(data)


def _drm_epub() -> bytes:
    encryption = (
        '<?xml version="1.0"?><encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container"'
        ' xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
        '<enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>'
        '<enc:CipherData><enc:CipherReference URI="OEBPS/ch1.xhtml"/></enc:CipherData>'
        "</enc:EncryptedData></encryption>"
    )
    return epub_bytes([("ch1.xhtml", "<p>They wont go.</p>")], encryption=encryption)


def _font_obfuscated_epub() -> bytes:
    encryption = (
        '<?xml version="1.0"?><encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container"'
        ' xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
        '<enc:EncryptionMethod Algorithm="http://www.idpf.org/2008/embedding"/>'
        '<enc:CipherData><enc:CipherReference URI="OEBPS/font.otf"/></enc:CipherData>'
        "</enc:EncryptedData></encryption>"
    )
    return epub_bytes([("ch1.xhtml", "<p>They wont go.</p>")], encryption=encryption)


def _entities() -> bytes:
    laughs = '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;">]>'
    good = docx_bytes(["They wont go."])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == "word/document.xml":
                data = laughs.encode() + data[data.index(b"<w:document") :].replace(
                    b"They wont go.", b"&b;"
                )
            new.writestr(info, data)
    return out.getvalue()


BAD = {
    "encrypted.docx": (
        lambda: _ole("EncryptionInfo", "EncryptedPackage"),
        "encrypted.docx: a password-protected Word document (the file is encrypted); remove "
        "the password and save it again to check it; skipped",
    ),
    "old.docx": (
        lambda: _ole("WordDocument", "1Table"),
        "old.docx: an old Word 97-2003 document (.doc) with a .docx name; open it and save it "
        "as .docx to check it; skipped",
    ),
    "page.docx": (
        lambda: html_page("<p>They wont go.</p>").encode(),
        "page.docx: not a Word document: the file is a web page (HTML), not a zip archive; "
        "rename it to .html to check it; skipped",
    ),
    "corrupt.docx": (
        lambda: docx_bytes(["They wont go."])[:900],
        "corrupt.docx: not a valid Word document (a damaged zip archive: ",
    ),
    "bomb.docx": (
        _zip_bomb,
        "bomb.docx: refused: word/document.xml inside it inflates to over 256 MB (a zip bomb, "
        "or not a real Word document); skipped",
    ),
    "lying.docx": (
        _lying_sizes,
        "lying.docx: not a valid Word document (word/document.xml is damaged: ",
    ),
    "laughs.docx": (
        _entities,
        "laughs.docx: not a valid Word document (its XML declares entities); skipped",
    ),
    "nobody.docx": (
        lambda: epub_bytes([("ch1.xhtml", "<p>x</p>")]),
        "nobody.docx: not a valid Word document (it has no main document part); skipped",
    ),
    "locked.odt": (
        lambda: odt_bytes(["They wont go."], encrypted=True),
        "locked.odt: a password-protected OpenDocument text (its content is encrypted); save "
        "it without a password to check it; skipped",
    ),
    "drm.epub": (
        _drm_epub,
        "drm.epub: a book protected by DRM (OEBPS/ch1.xhtml inside it is encrypted); "
        "storylint cannot read it; skipped",
    ),
    "binary.html": (lambda: b"\x00\x01\x02PNG", "binary.html: binary data, not HTML; skipped"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_documents_are_reported_and_the_others_still_checked(tmp_path, name):
    build, message = BAD[name]
    (tmp_path / name).write_bytes(build())
    (tmp_path / "good.docx").write_bytes(docx_bytes(["They wont go."]))
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run_cli("check", "--fix", "--format", "json", name, "good.docx", cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert result.json == []  # the good document was fixed: nothing left
    # nothing written for the bad document; the good one's fixed copy beside it
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*before, "good.storylint.docx"])


def test_obfuscated_fonts_are_not_drm(tmp_path):
    (tmp_path / "fonts.epub").write_bytes(_font_obfuscated_epub())
    result = run_cli("check", "--format", "json", "fonts.epub", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert [f["rule"] for f in result.json] == ["homophones.wont"]


def test_what_libreoffice_exports_reads_as_the_word_document(tmp_path):
    """A Word chapter with a header, a footnote and a comment, saved by LibreOffice as
    OpenDocument, HTML and EPUB (each with its own way of writing those): every copy
    reads as the same paragraphs, and none has the header, note or comment."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs it")
    body = (
        w_paragraph("Chapter One", style="Heading1")
        + w_paragraph(
            ["She looked ", ("up", "i"), "."],
            raw='<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
            '<w:footnoteReference w:id="1"/></w:r><w:commentRangeStart w:id="0"/>'
            '<w:r><w:t xml:space="preserve"> The lamp was out.</w:t></w:r>'
            '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>',
        )
        + w_paragraph("They wont go.")
    )
    (tmp_path / "c.docx").write_bytes(docx_bytes(body=body))
    for fmt in ("odt", "html", "epub"):
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                fmt,
                "--outdir",
                str(tmp_path),
                str(tmp_path / "c.docx"),
            ],
            capture_output=True,
            timeout=180,
            check=True,
        )
    expected = ["Chapter One", "She looked up. The lamp was out.", "They wont go."]
    for name in ("c.docx", "c.odt", "c.html", "c.epub"):
        documents = read_documents(tmp_path / name)
        assert [[p.text for p in d.paragraphs] for d in documents] == [expected], name


def test_languagetool_findings_in_a_document_are_placed_in_its_paragraphs(tmp_path):
    from fake_languagetool import FakeLanguageTool

    server = FakeLanguageTool().start()
    try:
        body = w_paragraph("Chapter One") + w_paragraph(
            "Then",
            raw='<w:r><w:tab/></w:r><w:r><w:t xml:space="preserve">a apple fell. They was late.</w:t></w:r>',
        )
        (tmp_path / "c.docx").write_bytes(docx_bytes(body=body))
        result = run_cli(
            "check", "--format", "json", "--languagetool", server.url, "c.docx", cwd=tmp_path
        )
    finally:
        server.stop()
    assert [(f["rule"], f["line"], f["column"], f["end_column"]) for f in result.json] == [
        ("languagetool.EN_A_VS_AN", 2, 6, 7),
        ("languagetool.THEY_WAS", 2, 20, 28),
    ]


def test_word_inline_wrappers_hyphens_and_symbols():
    body = (
        "<w:p>"
        '<w:hyperlink r:id="rId9"><w:r><w:t>Jo</w:t></w:r></w:hyperlink>'
        '<w:smartTag w:element="place"><w:r><w:t xml:space="preserve"> met Mar</w:t></w:r></w:smartTag>'
        "<w:r><w:softHyphen/></w:r>"
        '<w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent><w:r><w:t>mee</w:t></w:r>'
        "</w:sdtContent></w:sdt>"
        '<w:r><w:t xml:space="preserve"> in the </w:t></w:r><w:r><w:t>well</w:t></w:r>'
        '<w:r><w:noBreakHyphen/></w:r><w:r><w:t xml:space="preserve">lit room </w:t></w:r>'
        '<w:r><w:sym w:font="Wingdings" w:char="F04A"/></w:r>'
        '<w:fldSimple w:instr=" REF name "><w:r><w:t xml:space="preserve"> again</w:t></w:r></w:fldSimple>'
        "</w:p>"
    )
    paragraph = read_docx(docx_bytes(body=body), "c.docx").paragraphs[0]
    assert paragraph.text == "Jo met Marmee in the well-lit room \ufffc again"
    text = paragraph.text
    # the hyphen, the symbol and the field's result may not be changed by a fix
    assert paragraph.protected == (
        text.index("-"),
        text.index("\ufffc"),
        *range(text.index(" again"), len(text)),
    )
