"""Full stops and commas outside a closing quotation mark: ``"Call me Sam".``.

A quotation that is a whole sentence of speech keeps its full stop (or comma, before a
tag) inside, in every house style. A quoted word or phrase inside a sentence
(``a "disaster".``) follows the house style: inside in US style (``quote-style = "us"``),
outside in UK (logical) style; with ``auto`` such phrases are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from storylint.checks.context import Context
from storylint.checks.registry import Rule, paragraph_kind
from storylint.findings import Finding, Fix
from storylint.parse.paragraph import Paragraph
from storylint.parse.quotes import CLOSE

#: Closing marks that face the right way, and one of them before a full stop or comma.
_USUAL_CLOSES = "\"”’'"
_CANDIDATE = re.compile(f"[{_USUAL_CLOSES}][.,]")
_STARTS_SENTENCE = re.compile(r"(?:^|[.!?…:]|[.!?,:][\"”’'])[\s_*]*$")


@paragraph_kind("punctuation-outside-quote", depends=("conventions",))
def punctuation_outside(paragraph: Paragraph, context: Context, rule: Rule) -> Iterator[Finding]:
    text = paragraph.text
    us = context.config.quote_style == "us"
    family = context.conventions.dialogue
    for quotation in paragraph.quotes.quotations:
        close = quotation.close
        if close is None or close.role != CLOSE or quotation.open is None:
            continue
        after = close.offset + 1
        if after >= len(text) or text[after] not in ".,":
            continue
        if close.char not in _USUAL_CLOSES and not _CANDIDATE.search(text):
            continue  # a mark facing the wrong way (“Sam“.) counts beside a usual one only
        if text[after : after + 2] in ("..", ".…") or text[after + 1 : after + 2].isalnum():
            continue  # an ellipsis after the quotation; "...".com
        inner_last = text[close.offset - 1] if close.offset > quotation.start else ""
        if inner_last in ".,;:-—" or not inner_last:
            continue
        speech = quotation.family == family and quotation.depth == 0
        sentence = speech and bool(_STARTS_SENTENCE.search(text[: quotation.open.offset]))
        inner = text[quotation.start : close.offset]
        if sentence and (len(inner.split()) < 2 or not inner[:1].isupper()):
            sentence = False  # a one-word 'No'. may be a mention
        phrase = us and not sentence and (quotation.family == "double" or quotation.depth == 1)
        if not (sentence or phrase):
            continue
        mark = text[after]
        if inner_last in "!?…":
            replacement, span = close.char, (close.offset, after + 1)  # "Stop!". -> "Stop!"
        else:
            replacement, span = mark + close.char, (close.offset, after + 1)
        yield Finding(
            rule.id,
            span[0],
            span[1],
            rule.data["message"].format(mark=mark),
            (Fix(replacement, rule.data["fix-description"].format(mark=mark)),),
        )
