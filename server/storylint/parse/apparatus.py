"""Paragraphs of a book that are not its prose: the typesetter's and transcriber's apparatus.

A printed book carries lines that interrupt the text without being part of it: page
numbers and page or image markers (``117``, ``0117m``, ``{117}``, ``p. 117``, a page
number with a caption: ``61      Line-Art Drawing``), captions
and notes in brackets (``[Illustration]``, ``(1) These lines were…``), scene breaks
(``* * *``), footnotes set under the text (``* Perhaps from the French…``), chapter
headings (``CHAPTER IV.``, ``Book II: The Return``), and the transcriber's notes: a table
set in columns (a list of illustrations with ditto marks, a table of errata) and an entry
of a list of corrections (``Page 59, changed "Berthas" to "Bertha"``). A page break can
fall inside a speech that runs over several paragraphs, so these are looked through when
telling whether a quotation runs on (see ``continuity``); the quotation marks of
transcriber's notes quote pieces of the text, which open or close nothing
(:func:`is_transcription_note`).
"""

from __future__ import annotations

import re

_LETTER = re.compile(r"[^\W\d_]")
#: A caption or note wholly in brackets: [Illustration: …], (Aside.)
_BRACKETED = re.compile(r"[(\[].*[)\]][.,;:!?]*", re.DOTALL)
#: A page number or a page or image marker alone: 117, 0117m, {117}, p. 117, Page 117.
_PAGE = re.compile(r"(?:p(?:age|g)?\.?\s*)?\{?\d+[a-z]{0,2}\}?\.?", re.IGNORECASE)
#: A page number with an image's caption set off by a wide gap: 61      Line-Art Drawing.
_PAGE_CAPTION = re.compile(r"\d{1,4}[a-z]{0,2} {3,}[^\n\"“”‘’']{1,60}")
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
#: Two columns of a table: text, a gap of three spaces or more, text.
_COLUMN_GAP = re.compile(r"\S {3,}\S")
#: A page named at the start of an entry (Page 59, p. 104:) or at its end, in brackets.
_PAGE_FIRST = re.compile(r"(?:p(?:age|g)?\.?|pp\.)\s*\d+\b[.,:;)]?\s+\S", re.IGNORECASE)
_PAGE_LAST = re.compile(r"\((?:p(?:age|g)?\.?|pp\.)\s*\d+\)[.,;]?$", re.IGNORECASE)
#: What a transcriber did to the text, in an entry of the list of corrections.
_CHANGED = re.compile(
    r"\b(?:changed|corrected|added|removed|replaced|inserted|deleted|amended|omitted|"
    r"normali[sz]ed|retained|missing|typo|misprint)\b",
    re.IGNORECASE,
)
#: The heading of the transcriber's notes, or a note of theirs by its first word.
_TRANSCRIBER = re.compile(r"[\[(]?\s*(?:transcriber|transcription|errata\b)", re.IGNORECASE)


def is_table(text: str) -> bool:
    """A paragraph of two lines or more set in columns (most lines have a gap of three
    spaces or more inside them): a list of illustrations, a table of errata."""
    if not _COLUMN_GAP.search(text):
        return False  # the usual case, told at once
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    rows = sum(1 for line in lines if _COLUMN_GAP.search(line))
    return len(lines) >= 2 and rows * 2 > len(lines)


def is_transcription_note(text: str) -> bool:
    """A table, a transcriber's note, or an entry of their list of corrections, which
    names a page and what was changed on it (``Page 59, changed "Berthas" to
    "Bertha"``, ``A missing comma was added to "tellin's," (page 335)``): its quotation
    marks quote pieces of the text, and open or close nothing."""
    text = text.strip()
    if _TRANSCRIBER.match(text):
        return True
    if (_PAGE_FIRST.match(text) or _PAGE_LAST.search(text)) and _CHANGED.search(text):
        return True
    return is_table(text)


def is_apparatus(text: str) -> bool:
    """Whether a paragraph (its text, stripped or not) is apparatus rather than prose."""
    text = text.strip()
    if not _LETTER.search(text):
        return True  # a page number, a scene break: * * *
    if is_transcription_note(text):
        return True
    if _FOOTNOTE.match(text):
        return True
    text = text.strip("_*")  # emphasis around a heading or a caption
    if _BRACKETED.fullmatch(text) or _PAGE.fullmatch(text) or _PAGE_CAPTION.fullmatch(text):
        return True
    if len(text) > _HEADING_CHARS:
        return False
    if _HEADING.match(text):
        return True
    # a heading in capitals: CHAPTER THE LAST, THE END (a shout in quotes is speech)
    return not any(char.islower() for char in text) and not _QUOTE.search(text)
