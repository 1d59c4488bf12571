"""Reading: decoding, line indexing, plain-text paragraphs, Markdown prose and offsets."""

from __future__ import annotations

import pytest

from storylint.read.markdown import markdown_blocks
from storylint.read.plaintext import plaintext_blocks
from storylint.read.prose import CODE_PLACEHOLDER
from storylint.read.source import LineIndex, ReadError, decode


def test_decode_plain_utf8():
    assert decode("Café ’tis".encode()) == ("Café ’tis", False)


def test_decode_strips_bom_and_remembers_it():
    assert decode(b"\xef\xbb\xbfHello") == ("Hello", True)


def test_decode_invalid_utf8_names_the_byte():
    with pytest.raises(ReadError, match=r"not UTF-8 text at byte 6; skipped"):
        decode(b"Hello \xff world")


def test_decode_binary_is_refused():
    with pytest.raises(ReadError, match=r"binary data \(NUL byte at byte 3\)"):
        decode(b"PNG\x00\x01\x02")


def test_decode_utf16_is_refused_with_advice():
    with pytest.raises(ReadError, match="UTF-16"):
        decode("hi".encode("utf-16"))


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_index_understands_every_line_ending(newline):
    text = newline.join(["one", "two", "three"])
    index = LineIndex(text)
    assert index.line_count == 3
    assert index.position(text.index("two")) == (1, 0)
    assert index.position(text.index("hree")) == (2, 1)
    assert index.line_text(1) == "two"


def test_line_index_ignores_unicode_line_separators():
    # LSP knows only \n, \r\n and \r; U+2028 and form feed are ordinary characters.
    text = "a\u2028b\x0cc\nd"
    assert LineIndex(text).position(text.index("d")) == (1, 0)
    assert LineIndex(text).position(text.index("c")) == (0, 4)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_a_single_line_break_of_any_kind_does_not_end_a_paragraph(newline):
    text = newline.join(["One line", "wrapped.", "", "Next."])
    assert [b.text for b in plaintext_blocks(text)] == [f"One line{newline}wrapped.", "Next."]


def test_plaintext_paragraphs_are_blank_line_separated():
    text = "First line\nwrapped here.\n\n  Second para.\r\n\r\nThird\n"
    blocks = plaintext_blocks(text)
    assert [b.text for b in blocks] == ["First line\nwrapped here.", "Second para.", "Third"]
    assert [b.start for b in blocks] == [0, 28, 44]
    assert [b.indent for b in blocks] == [0, 2, 0]


def test_plaintext_long_unwrapped_lines_are_paragraphs():
    long_line = "word " * 40
    text = f'{long_line}\n"Yes," she said.\n{long_line}'
    blocks = plaintext_blocks(text)
    assert len(blocks) == 3
    assert blocks[1].text == '"Yes," she said.'


def test_plaintext_hard_wrapped_chunk_stays_one_paragraph():
    text = "\n".join(["a short wrapped line of prose"] * 10)
    assert len(plaintext_blocks(text)) == 1


def _exact(text: str, block, needle: str) -> int:
    """The source offset of ``needle`` in a block, checked against the source."""
    at = block.text.index(needle)
    start = block.source_start(at)
    assert text[start : start + len(needle)] == needle
    return start


def test_markdown_keeps_only_prose_with_exact_offsets():
    text = (
        '---\ntitle: "Not prose"\n---\n\n'
        "# Chapter 1 — é\n\n"
        '“Hello 😀 *world*,” she said. `code "q"` [link](http://x.y/"z") <b>bold</b> '
        "&mdash; <http://u.rl> done.\nSecond line.\n\n"
        '```\n"fenced\n```\n\n'
        '<div>\n"html block\n</div>\n'
    )
    blocks, directives = markdown_blocks(text)
    assert [b.kind for b in blocks] == ["heading", "paragraph"]
    assert blocks[0].text == "Chapter 1 — é"
    prose = blocks[1].text
    assert "title" not in prose and "fenced" not in prose and "html block" not in prose
    assert "x.y" not in prose and "u.rl" not in prose and "<b>" not in prose
    assert (
        prose
        == f"“Hello 😀 world,” she said. {CODE_PLACEHOLDER} link bold — {CODE_PLACEHOLDER} done.\nSecond line."
    )
    # exact characters map one to one
    assert _exact(text, blocks[1], "world") == text.index("world*")
    assert _exact(text, blocks[1], ",” she said.") == text.index(",” she said.")
    assert _exact(text, blocks[1], "Second line.") == text.index("Second line.")
    # a stand-in maps to its whole source span
    dash = prose.index("—")
    assert blocks[1].source_start(dash) == text.index("&mdash;")
    assert blocks[1].source_end(dash + 1) == text.index("&mdash;") + len("&mdash;")
    assert not blocks[1].is_verbatim(dash, dash + 1)
    assert directives == []


def test_markdown_crlf_and_blockquote_prefixes():
    text = "> “Line one\r\n> line two.”\r\n\r\nNext.\r\n"
    blocks, _ = markdown_blocks(text)
    assert blocks[0].text == "“Line one\r\nline two.”"
    assert _exact(text, blocks[0], "line two.”") == text.index("line two.")
    assert blocks[1].text == "Next."


def test_markdown_directives_are_collected():
    text = "<!-- storylint-disable dialogue, homophones.modal-of -->\n\nText <!-- storylint-enable -->\n"
    _, directives = markdown_blocks(text)
    assert [(d.action, d.rules) for d in directives] == [
        ("disable", ("dialogue", "homophones.modal-of")),
        ("enable", ()),
    ]
    assert text[directives[1].start : directives[1].end] == "<!-- storylint-enable -->"


def test_markdown_lists_and_tables_are_prose_blocks():
    text = "- tight *item* one\n- two\n\n| a | b |\n|---|---|\n| c | d |\n"
    blocks, _ = markdown_blocks(text)
    assert [(b.kind, b.text) for b in blocks] == [
        ("item", "tight item one"),
        ("item", "two"),
        ("cell", "a"),
        ("cell", "b"),
        ("cell", "c"),
        ("cell", "d"),
    ]


def test_markdown_empty_and_whitespace_documents():
    assert markdown_blocks("") == ([], [])
    assert markdown_blocks("\n\n   \n") == ([], [])


def test_markdown_inline_html_joins_or_breaks_words_like_a_browser():
    blocks, _ = markdown_blocks("bo<b>l</b>d and line<br>break\n")
    assert blocks[0].text == "bold and line break"


@pytest.mark.parametrize("block", [2, 3, 256])
def test_line_index_edits_match_a_full_rescan(monkeypatch, block):
    import random

    monkeypatch.setattr(LineIndex, "BLOCK", block)  # small blocks: many splits and merges
    generator = random.Random(20261124)
    pieces = ["a", "bc", " ", "\n", "\r", "\r\n", "\u2028", "😀", "\n\n"]
    text = "".join(generator.choice(pieces) for _ in range(300))
    index = LineIndex(text)
    for _ in range(3000):
        start = generator.randrange(len(index.text) + 1)
        end = min(len(index.text), start + generator.choice([0, 0, 1, 2, 5]))
        new = "".join(generator.choice(pieces) for _ in range(generator.choice([0, 1, 2, 4])))
        index.edit(start, end, new)
        expected = LineIndex(index.text)
        assert index.starts == expected.starts, (start, end, new)
        assert index.line_count == expected.line_count
        assert all(len(b) <= 2 * block for b in index._blocks)
        offset = generator.randrange(len(index.text) + 1)
        assert index.position(offset) == expected.position(offset)
    before = index.copy()
    text = index.text
    index.edit(0, len(text) // 2, "\n")
    assert before.text == text and before.starts == LineIndex(text).starts
