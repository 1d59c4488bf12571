"""Interrupted speech written with a hyphen: ``"They wouldn't-"`` -> ``"They wouldn't—"``
(or ``--`` in a document that writes its dashes so)."""

from __future__ import annotations

from collections.abc import Iterator

from storylint.checks.context import Context
from storylint.checks.dialogue.speech import quotations
from storylint.checks.registry import Rule, paragraph_kind
from storylint.findings import Finding, Fix
from storylint.parse.paragraph import Paragraph


@paragraph_kind("hyphen-interruption", depends=("conventions",))
def hyphen_interruption(paragraph: Paragraph, context: Context, rule: Rule) -> Iterator[Finding]:
    text = paragraph.text
    if "-" not in text:
        return
    dash = context.conventions.dash
    for quotation in quotations(paragraph, context):
        if quotation.close is None:
            continue
        at = quotation.close.offset - 1
        if at > quotation.start and text[at] in "?!":
            at -= 1
        if at <= quotation.start or text[at] != "-":
            continue
        if not (text[at - 1].isalpha() or text[at - 1] in "'’"):
            continue  # "--" or "- " are dashes already
        yield Finding(
            rule.id,
            at,
            at + 1,
            rule.data["message"].format(dash=dash),
            (Fix(dash, rule.data["fix-description"].format(dash=dash)),),
        )
