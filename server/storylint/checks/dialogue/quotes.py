"""Quotation-mark rules: quotations that are opened and never closed."""

from __future__ import annotations

import re
from collections.abc import Iterator

from storylint.checks.context import Context
from storylint.checks.dialogue.speech import is_note
from storylint.checks.registry import Rule, paragraph_kind
from storylint.findings import Finding
from storylint.parse.paragraph import Paragraph
from storylint.parse.quotes import QuoteMark

#: A salutation or a letter's heading is short.
_SALUTATION_WORDS = 6
_DEAR = re.compile(r"(?:my\s+)?(?:dear|dearest)\b", re.IGNORECASE)


@paragraph_kind("unclosed-quote", depends=("conventions", "neighbors"))
def unclosed_quote(paragraph: Paragraph, context: Context, rule: Rule) -> Iterator[Finding]:
    """A dialogue quotation still open at the end of its paragraph and not continued in
    the next one; a nested curly quotation still open when the one around it closes."""
    if all(q.close for q in paragraph.quotes.quotations) or is_note(paragraph):
        return  # the usual case: every quotation closes (or there is none)
    if not context.neighbors.next_opens:
        text = paragraph.text
        for quotation in paragraph.quotes.open_at_end(context.conventions.dialogue):
            if quotation.depth == 0 and not _heads_a_letter(text[quotation.start :]):
                yield _finding(rule, quotation.open, rule.data["message"])
    for quotation in paragraph.quotes.cut_off():
        if quotation.open.char in "“‘":  # a straight ' inside dialogue may be an apostrophe
            yield _finding(rule, quotation.open, rule.data["nested-message"])


def _heads_a_letter(inside: str) -> bool:
    """Whether an open quotation holds only the salutation or heading of a letter read
    out (“_My Dear Dickon:_, ‘Dear Sir,): a few words ending with a colon, or starting
    with Dear and ending with a comma. The letter's paragraphs follow without marks."""
    inside = inside.strip().strip("_*").rstrip("_*")
    if not inside or len(inside.split()) > _SALUTATION_WORDS:
        return False
    return inside.endswith(":") or (_DEAR.match(inside) is not None and inside.endswith(","))


def _finding(rule: Rule, mark: QuoteMark, message: str) -> Finding:
    return Finding(rule.id, mark.offset, mark.offset + 1, message.format(mark=mark.char))
