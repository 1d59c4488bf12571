"""Spaces around quotation marks: ``"Row,"she said``, ``"Pull harder! "`` and
``He said"hello"``."""

from __future__ import annotations

from collections.abc import Iterator

from storylint.checks.context import Context
from storylint.checks.dialogue.speech import quotations
from storylint.checks.registry import Rule, paragraph_kind
from storylint.findings import Finding, Fix
from storylint.parse.paragraph import Paragraph


@paragraph_kind("quote-spacing", depends=("conventions",))
def quote_spacing(paragraph: Paragraph, context: Context, rule: Rule) -> Iterator[Finding]:
    """A missing space after a closing mark or before an opening one, or a stray one
    before a closing mark (looking only at the quotations' marks: a search of the whole
    text would cost more)."""
    text = paragraph.text
    for quotation in quotations(paragraph, context):
        close = quotation.close
        if close is None or quotation.open is None:
            continue
        start = quotation.open.offset
        if (
            start
            and (text[start - 1].isalpha() or text[start - 1] in ",:")
            and (text[start + 1 : start + 2].isalnum() or text[start + 1 : start + 2] in "_*")
        ):
            # He said"hello" to me: a word (or its comma) runs into the opening mark
            yield Finding(
                rule.id,
                start,
                start + 1,
                rule.data["missing-before-message"].format(mark=quotation.open.char),
                (Fix(" " + quotation.open.char, rule.data["missing-fix"]),),
            )
        at = close.offset
        after = text[at + 1 : at + 2]
        if after.isalpha() and text[at - 1 : at] in ",.!?":
            yield Finding(
                rule.id,
                at,
                at + 1,
                rule.data["missing-message"].format(mark=close.char),
                (Fix(close.char + " ", rule.data["missing-fix"]),),
            )
        if (
            at - 2 > quotation.start
            and text[at - 1] == " "
            and text[at - 2] in ",.!?"
            and text[at - 3 : at - 2] not in (" ", ".")
        ):
            yield Finding(
                rule.id,
                at - 1,
                at,
                rule.data["extra-message"].format(mark=close.char),
                (Fix("", rule.data["extra-fix"]),),
            )
