"""Quotation marks that are wrong in themselves: a closing mark with no opening, a curly
mark facing the wrong way, an apostrophe set as an opening mark (``I ‘m``), and straight
and curly quotation marks mixed in one document."""

from __future__ import annotations

import re
from collections.abc import Iterator

from storylint.checks.context import Context, DocumentContext
from storylint.checks.dialogue.speech import is_note, stray_closes
from storylint.checks.registry import Rule, document_kind, paragraph_kind
from storylint.findings import Finding, Fix
from storylint.parse.document import Document
from storylint.parse.paragraph import Paragraph
from storylint.parse.quotes import APOSTROPHE, DOUBLE

_FACING = {"“": "”", "”": "“", "‘": "’", "’": "‘"}
_ENDING = re.compile(r"[a-z]+")


@paragraph_kind("stray-close-quote", depends=("conventions", "neighbors"))
def stray_close(paragraph: Paragraph, context: Context, rule: Rule) -> Iterator[Finding]:
    """A closing mark of the dialogue family that closes nothing (the paragraph before
    does not end inside a quotation it could be closing)."""
    text = paragraph.text
    strays = stray_closes(paragraph, context)
    if not strays:
        return
    if context.neighbors.previous_open:
        strays = strays[1:]  # the first closes the quotation the paragraph before left open
    for mark in strays:
        if mark.ambiguous or mark.wrong_facing or text[mark.offset - 1 : mark.offset].isspace():
            continue  # a ” after a space is a ditto mark in a table
        message = rule.data["message"].format(mark=mark.char)
        yield Finding(rule.id, mark.offset, mark.offset + 1, message)


@paragraph_kind("wrong-facing-quote")
def wrong_facing(paragraph: Paragraph, context: Context, rule: Rule) -> Iterator[Finding]:
    """A curly mark that faces the wrong way for the part it plays (``“fine“,``)."""
    if not any(mark.wrong_facing for mark in paragraph.quotes.marks) or is_note(paragraph):
        return
    for mark in paragraph.quotes.marks:
        if not mark.wrong_facing or mark.ambiguous or mark.role == APOSTROPHE:
            continue
        right = _FACING.get(mark.char)
        if right is None:
            continue
        yield Finding(
            rule.id,
            mark.offset,
            mark.offset + 1,
            rule.data["message"].format(mark=mark.char, right=right),
            (Fix(right, rule.data["fix-description"].format(right=right)),),
        )


@paragraph_kind("turned-apostrophe")
def turned_apostrophe(paragraph: Paragraph, context: Context, rule: Rule) -> Iterator[Finding]:
    """The apostrophe of a contraction spaced off its word set as an opening mark
    (``I ‘m``, ``it ‘s``): the scanner reads it as an apostrophe, and it faces the wrong way."""
    if "‘" not in paragraph.text:
        return
    text = paragraph.text
    for mark in paragraph.quotes.marks:
        if mark.turned:
            ending = _ENDING.match(text, mark.offset + 1)
            word = ending.group() if ending else ""
            yield Finding(
                rule.id,
                mark.offset,
                mark.offset + 1,
                rule.data["message"].format(ending=word),
                (Fix("’", rule.data["fix-description"]),),
            )


@document_kind("mixed-quotes")
def mixed_quotes(document: Document, context: DocumentContext, rule: Rule) -> Iterator[Finding]:
    """Straight and curly double quotation marks in one document: one finding, at the
    first mark of the less used kind."""
    curly = sum(c.double_curly for c in document.counts)
    straight = sum(c.double_straight for c in document.counts)
    if not curly or not straight:
        return
    minority = "“”" if curly < straight else '"'
    for paragraph, block in zip(document.paragraphs, document.blocks, strict=True):
        if not any(c in paragraph.text for c in minority):
            continue
        for mark in paragraph.quotes.marks:
            if mark.family == DOUBLE and mark.char in minority:
                start = block.source_start(mark.offset)
                used, other = ("straight", "curly") if minority == "“”" else ("curly", "straight")
                yield Finding(
                    rule.id,
                    start,
                    start + 1,
                    rule.data["message"].format(used=used, other=other, count=min(curly, straight)),
                )
                return
