"""A rule's explanation (the Markdown-like text of its data) as safe HTML.

Explanations use a little Markdown: ``## headings``, paragraphs (hard-wrapped lines),
examples indented by four spaces, ``- `` lists, `` `code` ``, ``*emphasis*`` and
``**strong**``. Everything is escaped first, so an explanation cannot add markup of its
own (LanguageTool's come from a server); anything else shows as the text it is.
"""

from __future__ import annotations

import re
from html import escape

_CODE = re.compile(r"`([^`\n]+)`")
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_HEADING = re.compile(r"#{1,6}\s+(.*)")
_ITEM = re.compile(r"[-*]\s+(.*)")


def inline(text: str) -> str:
    """One line or paragraph of text as HTML: escaped, with code and emphasis."""
    parts = _CODE.split(text)
    html = []
    for number, part in enumerate(parts):
        if number % 2:
            html.append(f"<code>{escape(part, quote=False)}</code>")
            continue
        part = escape(part, quote=False)
        part = _STRONG.sub(r"<strong>\1</strong>", part)
        html.append(_EMPHASIS.sub(r"<em>\1</em>", part))
    return "".join(html)


def explanation_html(text: str, heading: str = "h4") -> str:
    """``text`` as HTML; headings become ``heading`` elements."""
    html: list[str] = []
    paragraph: list[str] = []
    example: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if paragraph:
            html.append(f"<p>{inline(' '.join(paragraph))}</p>")
            paragraph.clear()
        if example:
            html.append(f"<pre>{escape(chr(10).join(example), quote=False)}</pre>")
            example.clear()
        if items:
            html.append("<ul>" + "".join(f"<li>{inline(i)}</li>" for i in items) + "</ul>")
            items.clear()

    for line in text.splitlines():
        if line.startswith("    ") and not paragraph and not items:
            example.append(line[4:])
            continue
        stripped = line.strip()
        if example or not stripped:
            flush()
        if not stripped:
            continue
        if (match := _HEADING.fullmatch(stripped)) is not None:
            flush()
            html.append(f"<{heading}>{inline(match.group(1))}</{heading}>")
        elif (match := _ITEM.fullmatch(stripped)) is not None:
            if paragraph:
                flush()
            items.append(match.group(1))
        elif items and line.startswith(("  ", "\t")):
            items[-1] += " " + stripped
        else:
            if items:
                flush()
            paragraph.append(stripped)
    flush()
    return "".join(html)
