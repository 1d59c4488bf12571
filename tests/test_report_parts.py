"""The report's parts in-process: chapters found in a file, text cut into blocks with
findings marked, rule explanations as safe HTML, and where each name is written."""

from __future__ import annotations

import pytest

from conftest import SEEDS
from html_tree import parse
from storylint.checks.names.report import NameRow
from storylint.outputs.report.chapters import chapters_of, file_title, heading_title
from storylint.outputs.report.explain import explanation_html
from storylint.outputs.report.segments import BLOCK_CHARS, Span, blocks, cut, pieces
from storylint.project import Configs, Project, check_batch, workspace_cast
from storylint.read.source import SourceFile


def read_file_from_bytes(data: bytes, name: str) -> SourceFile:
    """A document read as storylint reads a file of that name."""
    import tempfile
    from pathlib import Path

    from storylint.project import Project, Target

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        ((_, source),) = Project().read([Target(path, name)])
        return source


PROSE = " ".join(["The wind came off the sea and rattled every window in the house."] * 14)


def chapter_texts(*headings: str, words: str = PROSE) -> str:
    return "".join(f"{heading}\n\n{words}\n\n" for heading in headings)


@pytest.mark.parametrize(
    ("block", "markdown", "title"),
    [
        ("CHAPTER ONE\nPLAYING PILGRIMS", False, "CHAPTER ONE — PLAYING PILGRIMS"),
        ("Chapter 12", False, "Chapter 12"),
        ("CHAPTER XIV. The Ball", False, "CHAPTER XIV. The Ball"),
        ("Book the First--Recalled to Life", False, "Book the First--Recalled to Life"),
        ("PART TWENTY-ONE", False, "PART TWENTY-ONE"),
        ("Prologue", False, "Prologue"),
        ("IV.", False, "IV."),
        ("1.  The Cyclone", False, "1. The Cyclone"),
        ("## Chapter *Two*", True, "Chapter Two"),
        ("# The Storm", True, "The Storm"),
        ("### A scene", True, None),  # too deep to be a chapter
        ("# Not markdown here", False, None),
        ("Part of me wanted to stay.", False, None),  # prose: "Part" with no number
        ("Chapter and verse, he said.", False, None),
        ("Introduction of the guests took the best part of an hour.", False, None),
        ("IV.\nThe text goes on here", False, None),
        ("CHAPTER I Mrs. Lynde\nCHAPTER II Matthew\nCHAPTER III Marilla", False, None),  # contents
    ],
)
def test_chapter_headings(block, markdown, title):
    assert heading_title(block, markdown) == title


def test_a_file_is_split_at_its_chapter_headings():
    text = "My Book\n\nby A. Writer\n\n" + chapter_texts("CHAPTER I", "CHAPTER II", "CHAPTER III")
    found = chapters_of(4, SourceFile("book.txt", text))
    assert [(c.title, c.file, c.path) for c in found] == [
        ("CHAPTER I", 4, "book.txt"),
        ("CHAPTER II", 4, "book.txt"),
        ("CHAPTER III", 4, "book.txt"),
    ]
    # the title page is too short to stand alone: it opens the first chapter
    assert found[0].start == 0 and text[found[1].start :].startswith("CHAPTER II\n")
    assert [c.end for c in found] == [found[1].start, found[2].start, len(text)]
    assert [c.words for c in found] == [2 + 3 + 2 + 14 * 13, 2 + 14 * 13, 2 + 14 * 13]


def test_a_table_of_contents_and_part_titles_start_no_chapter():
    contents = "Contents\n\nCHAPTER I\n\nCHAPTER II\n\nPART TWO\n\n"
    text = contents + chapter_texts("CHAPTER I") + "PART TWO\n\n" + chapter_texts("CHAPTER II")
    found = chapters_of(0, SourceFile("book.txt", text))
    assert [c.title for c in found] == ["CHAPTER I", "CHAPTER II"]
    assert found[0].start == 0 and text[found[1].start :].startswith("CHAPTER II\n")


def test_a_long_preface_is_a_chapter_of_its_own_and_one_heading_splits_nothing():
    text = "Title\n\n" + PROSE + "\n\n" + chapter_texts("Chapter 1", "Chapter 2")
    found = chapters_of(0, SourceFile("book.txt", text))
    assert [c.title for c in found] == ["Title", "Chapter 1", "Chapter 2"]
    single = chapter_texts("Chapter 1")
    (whole,) = chapters_of(0, SourceFile("one.txt", single))
    assert (whole.start, whole.end, whole.title) == (0, len(single), "Chapter 1")


def test_markdown_chapters_and_file_titles():
    text = "---\ntitle: x\n---\n\n" + chapter_texts("# One", "# Two")
    found = chapters_of(0, SourceFile("book.md", text, "markdown"))
    assert [c.title for c in found] == ["One", "Two"]
    assert file_title(
        SourceFile("a.md", "---\nt: 1\n---\n\n# The *Alba*\n\nText.", "markdown")
    ) == ("The Alba")
    assert file_title(SourceFile("a.txt", "The Lamp Room\n\nIt was dark.")) == "The Lamp Room"
    assert file_title(SourceFile("a.txt", "It was dark, and cold.\n\nMore.")) == ""
    assert file_title(SourceFile("a.txt", "")) == ""


def test_pieces_mark_overlapping_and_empty_findings():
    text = "abcdefghij"
    spans = [Span(0, 2, 6), Span(1, 4, 8), Span(2, 8, 8)]
    assert pieces(text, 0, 10, spans) == [
        "ab",
        ["cd", 0],
        ["ef", 0, 1],
        ["gh", 1],
        ["", 2],
        "ij",
    ]
    assert pieces(text, 0, 10, []) == ["abcdefghij"]
    assert pieces("a\r\nb", 0, 4, []) == ["a\nb"]  # line breaks shown as \n


def test_blocks_follow_paragraphs_and_a_finding_across_them_is_marked_in_each():
    text = "One two.\nThree.\n\n  \nFour five.\n\nSix."
    found = blocks(SourceFile("t.txt", text), 0, len(text), [Span(7, 4, 24)])
    assert [(b.start, b.end, b.line) for b in found] == [(0, 15, 1), (20, 30, 5), (32, 36, 7)]
    assert [b.pieces for b in found] == [
        ["One ", ["two.\nThree.", 7]],
        [["Four", 7], " five."],
        ["Six."],
    ]


def test_a_long_block_is_cut_at_line_breaks():
    line = "x" * 99
    text = "\n".join([line] * 50)  # 5,000 characters, no blank line
    found = cut(SourceFile("t.txt", text), 0, len(text))
    assert all(end - start <= BLOCK_CHARS for start, end, _ in found)
    assert [continued for _, _, continued in found] == [False, True, True]
    assert "\n".join(text[s:e] for s, e, _ in found) == text
    one_line = "y" * 5000
    assert cut(SourceFile("t.txt", one_line), 0, 5000) == [(0, 5000, False)]


def test_a_word_document_is_cut_at_its_paragraphs_and_headings():
    """A .docx is read as one paragraph a line: each is a block, its line the paragraph's
    number, and the document's own headings (Word's Heading styles) start chapters."""
    from documents import docx_bytes, w_paragraph

    story = [PROSE, "It was dark.", PROSE]
    body = "".join(
        [w_paragraph("The Storm", style="Heading1")]
        + [w_paragraph(p) for p in story]
        + [w_paragraph("The Calm", style="Heading1")]
        + [w_paragraph(p) for p in story]
    )
    source = read_file_from_bytes(docx_bytes(body=body), "book.docx")
    found = chapters_of(0, source)
    assert [(c.title, source.lines.position(c.start)[0] + 1) for c in found] == [
        ("The Storm", 1),
        ("The Calm", 5),
    ]
    cut_blocks = blocks(source, found[1].start, found[1].end, [])
    assert [(b.line, b.pieces) for b in cut_blocks] == [
        (5, ["The Calm"]),
        (6, [PROSE]),
        (7, ["It was dark."]),
        (8, [PROSE]),
    ]


def test_explanations_are_escaped_markdown():
    html = explanation_html(
        "## What it does\nFinds `<b>` and *this*\nacross lines.\n\n"
        '    "Fine," she <said>.\n    next line\n\n- one\n- **two**\n  more\n\nA <script>x</script> & y'
    )
    assert html == (
        "<h4>What it does</h4>"
        "<p>Finds <code>&lt;b&gt;</code> and <em>this</em> across lines.</p>"
        '<pre>"Fine," she &lt;said&gt;.\nnext line</pre>'
        "<ul><li>one</li><li><strong>two</strong> more</li></ul>"
        "<p>A &lt;script&gt;x&lt;/script&gt; &amp; y</p>"
    )
    assert parse(html).find_all(tag="script") == []


def test_every_rule_explanation_renders_with_its_headings():
    from storylint.checks import all_rules

    for rule in all_rules().values():
        page = parse(explanation_html(rule.explanation))
        headings = [h.text for h in page.find_all(tag="h4")]
        assert headings[:2] == ["What it does", "Why is this bad?"], rule.id
        assert page.find_all(tag="pre"), rule.id  # its examples


def test_the_workspace_cast_says_where_each_name_and_variant_is_written():
    project = Project(Configs())
    targets = project.targets([str(SEEDS)])
    check_batch(project, targets)
    rows = {row.name: row for row in workspace_cast(project, targets)}
    tobias: NameRow = rows["Tobias"]
    assert tobias.in_cast and tobias.variants == [("Tobais", 1)]
    assert sum(len(offsets) for offsets in tobias.mentions.values()) == tobias.count == 14
    for path, offsets in tobias.mentions.items():
        text = project.workspace.documents[path].source.text
        assert all(text[o : o + 6] == "Tobias" for o in offsets)
    ((path, [offset]),) = tobias.variant_mentions["Tobais"].items()
    source = project.workspace.documents[path].source
    assert path.endswith("02-the-crew-of-the-alba.md")
    assert source.lines.position(offset) == (20, 61)  # 21:62, as names.not-in-cast reports it
    assert sorted(p.rsplit("/", 1)[1] for p in rows["Maren"].mentions) == [
        "01-the-lamp-room.txt",
        "02-the-crew-of-the-alba.md",
    ]
