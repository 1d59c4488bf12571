"""What the ``confusable`` rules work out about a paragraph once, for all of them.

A novel's paragraphs each meet a dozen confusable rules (most have "to", "there" or
"then"), and every one of them needs the paragraph's tokens and whether it is in eye
dialect. Working those out again for each rule was most of the family's time (the
dialect regex alone was a third of a check of *Little Women*). The engine runs every
rule on a paragraph before the next, so the facts of the last paragraph are kept, each
worked out when first asked for; the rules ask whether a paragraph is in dialect only
once they have something to report in it, which few paragraphs have.

Only the last paragraph's are kept: keeping every paragraph's tokens would cost the
language server tens of megabytes on a novel. The kept facts are swapped whole, so two
threads checking different paragraphs (the server's) each see one paragraph's facts.
"""

from __future__ import annotations

from storylint.checks.homophones.contexts import in_dialect, padded, tokens


class ParagraphFacts:
    """The tokens of one paragraph's text and whether it is in dialect (lazily)."""

    __slots__ = ("_dialect", "_tokens", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._tokens: tuple[list[str], list[str]] | None = None
        self._dialect: bool | None = None

    @property
    def tokens(self) -> tuple[list[str], list[str]]:
        """The tokens as written and as counted (padded: see
        :func:`~storylint.checks.homophones.contexts.padded`)."""
        if self._tokens is None:
            written, counted = tokens(self.text)
            self._tokens = (written, padded(counted))
        return self._tokens

    @property
    def in_dialect(self) -> bool:
        """:func:`~storylint.checks.homophones.contexts.in_dialect` of the text."""
        if self._dialect is None:
            self._dialect = in_dialect(self.text)
        return self._dialect


_last = [ParagraphFacts("")]


def facts_of(text: str) -> ParagraphFacts:
    """The facts of the paragraph whose text is ``text`` (the same object as last time:
    the same paragraph; otherwise new ones)."""
    facts = _last[0]
    if facts.text is not text:
        facts = ParagraphFacts(text)
        _last[0] = facts
    return facts
