"""Markdown to prose blocks, with every character mapped back to the source.

Parsing is done by pulldown-cmark (through ``pyromark``), which reports the source byte
range of every event. Only prose is kept: front matter, code blocks, HTML, link
destinations, autolinks, images and footnote markers are skipped; an inline code span
becomes one placeholder character so sentences keep their shape. Each paragraph,
heading, list item and table cell becomes one block. ``<!-- storylint-... -->`` comments
are returned as directives.
"""

from __future__ import annotations

import re

from storylint.read.prose import CODE_PLACEHOLDER, Directive, ProseBlock, SourceMap

_DIRECTIVE = re.compile(
    r"<!--\s*storylint-(disable-next-line|disable|enable)\b([^>]*?)\s*-->", re.IGNORECASE
)

_BREAKING_TAG = re.compile(r"<(?:br|hr|img|wbr)\b", re.IGNORECASE)
_BLOCK_KINDS = {"Paragraph": "paragraph", "Heading": "heading", "TableCell": "cell", "Item": "item"}
_SKIPPED = {"CodeBlock", "MetadataBlock", "Image"}
_BREAKING = {
    "CodeBlock",
    "MetadataBlock",
    "HtmlBlock",
    "Table",
    "BlockQuote",
    "FootnoteDefinition",
    "List",
}


class _Offsets:
    """UTF-8 byte offsets (what pulldown-cmark reports) to code-point offsets."""

    def __init__(self, text: str) -> None:
        self.ascii = text.isascii()
        self.data = b"" if self.ascii else text.encode("utf-8")
        self.last_byte = 0
        self.last_char = 0

    def __call__(self, byte: int) -> int:
        if self.ascii:
            return byte
        if byte < self.last_byte:
            self.last_byte = self.last_char = 0
        self.last_char += len(self.data[self.last_byte : byte].decode("utf-8"))
        self.last_byte = byte
        return self.last_char


class _Builder:
    """Collects the pieces of the block being read."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.blocks: list[ProseBlock] = []
        self.parts: list[str] = []
        self.srcmap = SourceMap()
        self.start = -1
        self.kind = "paragraph"

    def add(self, text: str, src_start: int, src_end: int, exact: bool) -> None:
        if not self.parts:  # a block starts at its first visible character
            stripped = text.lstrip()
            if exact:
                src_start += len(text) - len(stripped)
            text = stripped
        if not text:
            return
        if self.start < 0:
            self.start = src_start
        self.parts.append(text)
        self.srcmap.add(len(text), src_start, src_end, exact)

    def flush(self, kind: str | None = None) -> None:
        text = "".join(self.parts)
        if text.strip():
            self.blocks.append(ProseBlock(text, self.start, self.kind, self.srcmap))
        self.parts = []
        self.srcmap = SourceMap()
        self.start = -1
        self.kind = kind or "paragraph"


def _directives(html: str, start: int) -> list[Directive]:
    found = []
    for match in _DIRECTIVE.finditer(html):
        rules = tuple(r for r in re.split(r"[\s,]+", match.group(2).strip()) if r)
        found.append(
            Directive(match.group(1).lower(), rules, start + match.start(), start + match.end())
        )
    return found


def _name(event) -> str:
    """The tag of a Start/End payload: 'Paragraph' or the single key of a dict."""
    return event if isinstance(event, str) else next(iter(event))


_SURROGATE = re.compile("[\ud800-\udfff]")


def markdown_blocks(text: str) -> tuple[list[ProseBlock], list[Directive]]:
    """Prose blocks and storylint directives of a Markdown document.

    A lone surrogate (an editor may send one; a file cannot hold one) is read as U+FFFD,
    which takes the same one code point, so every offset stays true."""
    import pyromark

    if not text.isascii():
        text = _SURROGATE.sub("\ufffd", text)

    options = (
        pyromark.Options.ENABLE_YAML_STYLE_METADATA_BLOCKS
        | pyromark.Options.ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | pyromark.Options.ENABLE_TABLES
        | pyromark.Options.ENABLE_FOOTNOTES
        | pyromark.Options.ENABLE_STRIKETHROUGH
    )
    to_char = _Offsets(text)
    out = _Builder(text)
    directives: list[Directive] = []
    open_tags: list[bool] = []  # per open container: is its content skipped?
    skip_depth = 0
    for event, span in pyromark.events_with_range(text, options=options):
        start, end = to_char(span["start"]), to_char(span["end"])
        if isinstance(event, str):  # SoftBreak, HardBreak, Rule
            if skip_depth:
                continue
            if event == "SoftBreak":
                out.add(text[start:end], start, end, True)
            elif event == "HardBreak":
                out.add("\n", start, end, False)
            else:
                out.flush()
            continue
        kind, value = next(iter(event.items()))
        if kind == "Start":
            tag = _name(value)
            skipped = tag in _SKIPPED or (
                tag == "Link" and value["Link"]["link_type"] in ("Autolink", "Email")
            )
            if tag in _BLOCK_KINDS:
                out.flush(_BLOCK_KINDS[tag])
            elif tag in _BREAKING:
                out.flush()
            if skipped and not skip_depth and tag == "Link":
                out.add(CODE_PLACEHOLDER, start, end, False)
            open_tags.append(skipped)
            skip_depth += skipped
        elif kind == "End":
            skip_depth -= open_tags.pop() if open_tags else 0
            tag = _name(value)
            if tag in _BLOCK_KINDS or tag in _BREAKING:
                out.flush()
        elif kind in ("Html", "InlineHtml"):
            directives.extend(_directives(text[start:end], start))
            if kind == "Html":
                out.flush()
            elif not skip_depth and _BREAKING_TAG.match(value):
                out.add(" ", start, end, False)  # <br> separates words; <b> does not
        elif skip_depth or kind in ("FootnoteReference", "TaskListMarker"):
            continue
        elif kind == "Code":
            out.add(CODE_PLACEHOLDER, start, end, False)
        elif kind == "Text":
            out.add(value, start, end, value == text[start:end])
    out.flush()
    return out.blocks, directives
