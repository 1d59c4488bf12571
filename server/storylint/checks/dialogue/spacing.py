"""Spaces around quotation marks: ``"Row,"she said``, ``"Pull harder! "``,
``He said"hello"`` and an opening mark spaced on its wrong side (``said,’ and``)."""

from __future__ import annotations

from collections.abc import Iterator

from storylint.checks.context import Context
from storylint.checks.dialogue.speech import quotations
from storylint.checks.registry import Rule, paragraph_kind
from storylint.findings import Finding, Fix
from storylint.parse.paragraph import Paragraph

#: The opening mark of each closing one (a misspaced opening mark was set as a closing one).
_OPENING = {"”": "“", "’": "‘"}


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
        if quotation.open.misspaced:
            # said,’ and when…’: the opening mark, turned to face the speech, and its space
            right = _OPENING.get(quotation.open.char, quotation.open.char)
            yield Finding(
                rule.id,
                start,
                start + 2,
                rule.data["misspaced-message"].format(mark=quotation.open.char, right=right),
                (Fix(" " + right, rule.data["misspaced-fix"].format(right=right)),),
            )
        elif (
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
