"""``--fix`` on Word documents: tracked changes beside the document, byte for byte elsewhere;
and on the other formats, an explanation. One test has LibreOffice open the result."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from conftest import run_cli
from documents import docx_bytes, epub_bytes, html_page, lamp_room, odt_bytes, w_paragraph
from storylint.project.tracked_changes import hunks
from storylint.read.docx import read_docx
from storylint.read.extracted import ExtractedParagraph
from storylint.read.odt import _Body as OdfBody

_RUN = re.compile(r"<w:r(?=[ >]).*?</w:r>", re.DOTALL)
_PARAGRAPH = re.compile(r"<w:p(?=[ >]).*?</w:p>", re.DOTALL)
_MARK = re.compile(r'<w:(ins|del) w:id="(\d+)" w:author="([^"]*)" w:date="([^"]*)">')
_DATE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def _xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return archive.read("word/document.xml").decode()


def _rejected(xml: str) -> str:
    """The document part with every tracked change rejected."""
    xml = re.sub(r"<w:ins [^>]*>.*?</w:ins>", "", xml, flags=re.DOTALL)
    xml = re.sub(r"<w:del [^>]*>(.*?)</w:del>", r"\1", xml, flags=re.DOTALL)
    return xml.replace("w:delText", "w:t")


def _texts(xml: str) -> list[str]:
    return [p.text for p in read_docx(docx_bytes(body=_body(xml)), "x.docx").paragraphs]


def _body(xml: str) -> str:
    return xml[xml.index("<w:body>") + 8 : xml.index("<w:sectPr>")]


def _fixed_as_text(folder: Path) -> list[str]:
    """The sample chapter as plain text, fixed by ``--fix``: its paragraphs."""
    text = folder / "lamp.txt"
    text.write_text("\n\n".join(lamp_room()) + "\n")
    run_cli("check", "--fix", "--quiet", str(text))
    return text.read_text().rstrip("\n").split("\n\n")


def test_fixes_become_tracked_changes_in_a_copy_and_nothing_else_changes(tmp_path):
    original = docx_bytes(lamp_room())
    chapter = tmp_path / "lamp.docx"
    chapter.write_bytes(original)
    result = run_cli("check", "--fix", "--format", "json", "lamp.docx", cwd=tmp_path)
    assert result.returncode == 1  # what --fix cannot fix is still reported
    assert result.stderr == (
        "storylint: lamp.docx: fixes written as tracked changes to lamp.storylint.docx\n"
    )
    assert chapter.read_bytes() == original  # the writer's own file is never touched
    copy = tmp_path / "lamp.storylint.docx"
    old, new = _xml(chapter), _xml(copy)

    # accepted, the copy reads as the chapter fixed as plain text; rejected, as before
    assert _texts(new) == _fixed_as_text(tmp_path)
    assert _texts(_rejected(new)) == lamp_room()
    # what is left is what a plain-text --fix leaves
    assert [(f["rule"], f["line"]) for f in result.json] == [
        ("names.missing-possessive", 16),
        ("dialogue.fragment-after-quote", 18),
        ("dialogue.two-speakers", 30),
        ("dialogue.unclosed-quote", 34),
        ("dialogue.mixed-quotes", 36),
    ]

    # insertions and deletions by storylint, dated, with ids no other annotation has
    marks = _MARK.findall(new)
    kinds = Counter(kind for kind, *_ in marks)
    assert kinds == {"del": 16, "ins": 22}  # 24 changes: 8 only insert, 2 only delete
    assert {author for _, _, author, _ in marks} == {"storylint"}
    assert all(_DATE.fullmatch(date) for *_, date in marks)
    ids = [int(number) for _, number, _, _ in marks]
    assert len(set(ids)) == len(ids) and min(ids) > 1  # the footnote and comment have 0, 1
    # every paragraph without a fix, and everything outside the rewritten runs, is
    # byte for byte the same
    changed = sum(1 for a, b in zip(lamp_room(), _fixed_as_text(tmp_path), strict=True) if a != b)
    assert changed == 19  # 20 fixes; one paragraph has two
    assert len(Counter(_PARAGRAPH.findall(old)) - Counter(_PARAGRAPH.findall(new))) == changed
    assert len(Counter(_RUN.findall(old)) - Counter(_RUN.findall(new))) == changed

    def outside_runs(xml: str) -> str:
        return _RUN.sub("", re.sub(r"</?w:(?:ins|del)(?: [^>]*)?>", "", xml))

    assert outside_runs(old) == outside_runs(new)
    # every other part of the archive is copied as it was, in the same order
    with zipfile.ZipFile(chapter) as a, zipfile.ZipFile(copy) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            if name != "word/document.xml":
                assert a.read(name) == b.read(name), name


def test_a_change_across_runs_keeps_each_runs_formatting(tmp_path):
    paragraph = ["“", ("The", "b"), "ir asleep,” said Jo."]
    (tmp_path / "c.docx").write_bytes(docx_bytes([paragraph]))
    run_cli("check", "--fix", "c.docx", cwd=tmp_path)
    xml = _xml(tmp_path / "c.storylint.docx")
    body = _MARK.sub(r"<w:\1>", _body(xml))
    plain = '<w:rPr><w:rFonts w:ascii="Georgia" w:hAnsi="Georgia"/><w:sz w:val="24"/><w:lang w:val="en-GB"/></w:rPr>'
    bold = plain.replace("<w:sz", "<w:b/><w:bCs/><w:sz")
    run = '<w:r w:rsidR="00A1B2C3">'
    assert body == (
        '<w:p w:rsidR="00A1B2C3" w:rsidRDefault="00A1B2C3">'
        f'{run}{plain}<w:t xml:space="preserve">“</w:t></w:r>'  # untouched
        f'<w:del>{run}{bold}<w:delText xml:space="preserve">The</w:delText></w:r></w:del>'
        f'<w:del>{run}{plain}<w:delText xml:space="preserve">ir</w:delText></w:r></w:del>'
        f'<w:ins>{run}{bold}<w:t xml:space="preserve">They’re</w:t></w:r></w:ins>'
        f'{run}{plain}<w:t xml:space="preserve"> asleep,” said Jo.</w:t></w:r>'
        "</w:p>"
    )


def test_changes_are_the_smallest_word_by_word():
    def changes(old: str, new: str) -> list[tuple[int, int, str]]:
        return hunks(ExtractedParagraph(old), ExtractedParagraph(new))

    assert changes('"Fine," she shrugged.', '"Fine." She shrugged.') == [
        (5, 6, "."),
        (8, 11, "She"),
    ]
    assert changes("Sorry Tobias but", "Sorry, Tobias, but") == [(5, 5, ","), (12, 12, ",")]
    assert changes("Their asleep", "They're asleep") == [(0, 5, "They're")]


def test_a_fix_inside_someone_elses_tracked_change_is_left_alone(tmp_path):
    body = w_paragraph(
        "Your going to fail. ",
        raw='<w:ins w:id="3" w:author="Ed" w:date="2024-01-01T00:00:00Z"><w:r>'
        '<w:t xml:space="preserve">They wont go.</w:t></w:r></w:ins>',
    )
    (tmp_path / "c.docx").write_bytes(docx_bytes(body=body))
    result = run_cli("check", "--fix", "--format", "json", "c.docx", cwd=tmp_path)
    assert [(f["rule"], f["column"]) for f in result.json] == [("homophones.wont", 28)]
    new = _xml(tmp_path / "c.storylint.docx")
    assert _texts(new) == ["You're going to fail. They wont go."]
    assert (
        '<w:ins w:id="3" w:author="Ed" w:date="2024-01-01T00:00:00Z"><w:r><w:t xml:space="preserve">They wont go.</w:t></w:r></w:ins>'
        in new
    )


def test_fix_in_place_changes_the_document_itself(tmp_path):
    chapter = tmp_path / "c.docx"
    chapter.write_bytes(docx_bytes(["They wont go.", "Nothing to fix here."]))
    chapter.chmod(0o640)
    result = run_cli("check", "--fix-in-place", "--format", "json", "c.docx", cwd=tmp_path)
    assert (result.returncode, result.json, result.stderr) == (0, [], "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.docx"]
    assert _texts(_xml(chapter)) == ["They won't go.", "Nothing to fix here."]
    assert _texts(_rejected(_xml(chapter))) == ["They wont go.", "Nothing to fix here."]
    assert (chapter.stat().st_mode & 0o777) == 0o640


def test_an_earlier_fixed_copy_is_never_overwritten(tmp_path):
    (tmp_path / "c.docx").write_bytes(docx_bytes(["They wont go."]))
    earlier = tmp_path / "c.storylint.docx"
    earlier.write_bytes(b"reviewed by hand")
    result = run_cli("check", "--fix", "--format", "json", "c.docx", cwd=tmp_path)
    assert result.returncode == 2
    assert (
        "c.docx: c.storylint.docx already exists (from an earlier --fix?); remove it, or use "
        "--fix-in-place to change the document itself; nothing written"
    ) in result.stderr
    assert earlier.read_bytes() == b"reviewed by hand"
    assert [f["rule"] for f in result.json] == ["homophones.wont"]  # still checked


@pytest.mark.parametrize(
    ("name", "build", "kind"),
    [
        ("c.odt", lambda: odt_bytes(["They wont go."]), "OpenDocument text"),
        ("c.html", lambda: html_page("<p>They wont go.</p>").encode(), "HTML"),
        (
            "c.epub",
            lambda: epub_bytes(
                [("a.xhtml", "<p>They wont go.</p>"), ("b.xhtml", "<p>They wont.</p>")]
            ),
            "EPUB books",
        ),
    ],
)
def test_fix_explains_why_other_formats_are_only_checked(tmp_path, name, build, kind):
    data = build()
    (tmp_path / name).write_bytes(data)
    result = run_cli("check", "--fix", name, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == (
        f"storylint: warning: {name}: --fix does not change {kind} files (storylint writes "
        "fixes only into .docx files, as tracked changes); checked only\n"
    )  # once per file, even for a book of several chapters
    assert "homophones.wont" in result.stdout
    assert "can be fixed with --fix" not in result.stdout  # it cannot, here
    assert (tmp_path / name).read_bytes() == data
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_fix_from_stdin_writes_the_document_to_stdout(tmp_path):
    process = subprocess.run(
        [
            sys.executable,
            "-m",
            "storylint",
            "check",
            "--fix",
            "--quiet",
            "-",
            "--stdin-filename",
            "c.docx",
        ],
        input=docx_bytes(["They wont go."]),
        capture_output=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    (tmp_path / "out.docx").write_bytes(process.stdout)
    assert _texts(_xml(tmp_path / "out.docx")) == ["They won't go."]
    assert process.stderr == b""


# --- a real office suite ----------------------------------------------------------------


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs it")
    return found


def _regions(fodt: bytes) -> dict[str, tuple[str, str]]:
    """LibreOffice's record of tracked changes: id -> (insertion|deletion, author)."""
    text = fodt.decode()
    found = {}
    for match in re.finditer(
        r'<text:changed-region [^>]*text:id="([^"]+)"[^>]*>\s*<text:(insertion|deletion)>'
        r".*?<dc:creator>([^<]*)</dc:creator>",
        text,
        re.DOTALL,
    ):
        found[match.group(1)] = (match.group(2), match.group(3))
    return found


def test_libreoffice_opens_the_tracked_changes_and_accepting_them_gives_the_fixed_text(tmp_path):
    soffice = _soffice()
    (tmp_path / "lamp.docx").write_bytes(docx_bytes(lamp_room()))
    run_cli("check", "--fix", "--quiet", "lamp.docx", cwd=tmp_path)
    profile = tmp_path / "profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "fodt",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "lamp.storylint.docx"),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    fodt = (tmp_path / "lamp.storylint.fodt").read_bytes()
    # LibreOffice sees storylint's insertions and deletions...
    regions = _regions(fodt)
    assert Counter(kind for kind, _ in regions.values()) == {"insertion": 22, "deletion": 16}
    assert {author for _, author in regions.values()} == {"storylint"}
    # ...and with every change accepted (deletions left out, insertions kept), the text
    # LibreOffice holds is the chapter fixed
    body = OdfBody()
    body.parser.Parse(fodt, True)
    assert [p.text for p in body.paragraphs] == _fixed_as_text(tmp_path)
