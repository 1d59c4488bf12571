"""Paragraphs of a book that are not its prose: the typesetter's and transcriber's apparatus.

A printed book carries lines that interrupt the text without being part of it: page
numbers and page or image markers (``117``, ``0117m``, ``{117}``, ``p. 117``), captions
and notes in brackets (``[Illustration]``, ``(1) These lines were…``), scene breaks
(``* * *``), footnotes set under the text (``* Perhaps from the French…``), and chapter
headings (``CHAPTER IV.``, ``Book II: The Return``). A page break can fall inside a
speech that runs over several paragraphs, so these are looked through when telling
whether a quotation runs on (see ``continuity``).
"""

from __future__ import annotations

import re

_LETTER = re.compile(r"[^\W\d_]")
#: A caption or note wholly in brackets: [Illustration: …], (Aside.)
_BRACKETED = re.compile(r"[(\[].*[)\]][.,;:!?]*", re.DOTALL)
#: A page number or a page or image marker alone: 117, 0117m, {117}, p. 117, Page 117.
_PAGE = re.compile(r"(?:p(?:age|g)?\.?\s*)?\{?\d+[a-z]{0,2}\}?\.?", re.IGNORECASE)
#: A footnote set under the text, by its mark: * …, † …, (1) …, [1] …, 1) …, Footnote …
_FOOTNOTE = re.compile(r"(?:\*+\s|[†‡]\s*|\(\d{1,3}\)\s*|\[\d{1,3}\]\s*|\d{1,3}\)\s|footnote\b)")
#: A heading by its first words: Chapter IV, BOOK II., Part the First, Stave One.
_HEADING = re.compile(
    r"(?:chapter|book|part|volume|canto|section|stave|letter)\s+"
    r"(?:[\divxlcdm]+\b|the\s+\w+|one|two|three|four|five|six|seven|eight|nine|ten)",
    re.IGNORECASE,
)
_QUOTE = re.compile("[\"“”‘’'„‟‚‛]")
#: Headings are short: a longer paragraph starting "Part one of…" is prose.
_HEADING_CHARS = 200


def is_apparatus(text: str) -> bool:
    """Whether a paragraph (its text, stripped or not) is apparatus rather than prose."""
    text = text.strip()
    if not _LETTER.search(text):
        return True  # a page number, a scene break: * * *
    if _FOOTNOTE.match(text):
        return True
    text = text.strip("_*")  # emphasis around a heading or a caption
    if _BRACKETED.fullmatch(text) or _PAGE.fullmatch(text):
        return True
    if len(text) > _HEADING_CHARS:
        return False
    if _HEADING.match(text):
        return True
    # a heading in capitals: CHAPTER THE LAST, THE END (a shout in quotes is speech)
    return not any(char.islower() for char in text) and not _QUOTE.search(text)
