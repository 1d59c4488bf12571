"""How dialogue runs from one paragraph into the next.

By the multi-paragraph convention, a quotation that runs over several paragraphs
reopens each one with a quotation mark and closes only in the last. So a paragraph that
ends inside a quotation is fine when the next one *continues* it: it opens with a
quotation mark, its first mark closes a quotation it never opened, or it is indented
more than the document's paragraphs usually are (verse or a letter quoted as a block).
Scene breaks (``* * *``) and bracketed asides in between are looked through.

Each paragraph's part in this is summed up by :func:`traits` (cached on the paragraph);
:func:`neighbors` turns the traits of a whole document into each paragraph's
:class:`Neighbors`, and :func:`neighbors_at` does it for one paragraph, so an edited
document only recomputes the paragraphs around the edit.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from storylint.parse.paragraph import Paragraph

_LETTER = re.compile(r"[^\W\d_]")
_BRACKETED = re.compile(r"^[(\[].*[)\]][.,;:!?]*$", re.DOTALL)
_QUOTE_CHAR = re.compile("[\"“”‘’'„‟‚‛]")


@dataclass(frozen=True, slots=True)
class Neighbors:
    """What a paragraph needs to know about the paragraphs around it."""

    #: The previous paragraph ends inside a dialogue quotation (looking through scene
    #: breaks, asides and blocks indented more than usual, such as verse).
    previous_open: bool = False
    #: The next paragraph begins by opening a dialogue quotation (it continues one).
    next_opens: bool = False


@dataclass(frozen=True, slots=True)
class Traits:
    """One paragraph's part in the running of quotations across paragraphs."""

    #: Not a scene break or a bracketed aside (those are looked through).
    solid: bool
    #: Ends inside a dialogue quotation.
    ends_open: bool
    #: Opens with a quotation mark, or first closes a quotation it never opened.
    continues: bool


#: The traits of a paragraph without quotation marks, solid or not (shared: they are many).
_NO_QUOTES = {solid: Traits(solid, False, False) for solid in (False, True)}

#: Every possible :class:`Neighbors`, by (previous_open, next_opens): a document shares them.
_NEIGHBORS = {
    (previous_open, next_opens): Neighbors(previous_open, next_opens)
    for previous_open in (False, True)
    for next_opens in (False, True)
}


def traits(paragraph: Paragraph, family: str) -> Traits:
    """The :class:`Traits` of a paragraph when ``family`` carries the dialogue."""
    cached = paragraph.memo.get(("traits", family))
    if cached is None:
        text = paragraph.text
        solid = bool(_LETTER.search(text)) and not _BRACKETED.match(text)
        if _QUOTE_CHAR.search(text):
            quotes = paragraph.quotes
            cached = Traits(
                solid,
                quotes.ends_open(family),
                quotes.starts_open(family) or quotes.starts_with_close(family),
            )
        else:
            cached = _NO_QUOTES[solid]
        paragraph.memo[("traits", family)] = cached
    return cached


def usual_indent(indents: Sequence[int]) -> int:
    """The indentation most paragraphs of a document have."""
    return Counter(indents).most_common(1)[0][0] if indents else 0


def neighbors_at(
    index: int, all_traits: Sequence[Traits], indents: Sequence[int], usual: int
) -> Neighbors:
    """The :class:`Neighbors` of paragraph ``index``."""
    previous = index - 1
    while previous >= 0 and (
        not all_traits[previous].solid
        or (indents[previous] > usual and not all_traits[previous].ends_open)
    ):
        previous -= 1
    following = index + 1
    while following < len(all_traits) and not all_traits[following].solid:
        following += 1
    return _NEIGHBORS[
        previous >= 0 and all_traits[previous].ends_open,
        following < len(all_traits)
        and (indents[following] > usual or all_traits[following].continues),
    ]


def neighbors(
    paragraphs: Sequence[Paragraph], indents: Sequence[int], family: str
) -> list[Neighbors]:
    """The :class:`Neighbors` of every paragraph of a document, in one pass."""
    all_traits = [traits(p, family) for p in paragraphs]
    usual = usual_indent(indents)
    count = len(paragraphs)
    next_opens = [False] * count
    following = None
    for index in range(count - 1, -1, -1):
        if following is not None:
            next_opens[index] = indents[following] > usual or all_traits[following].continues
        if all_traits[index].solid:
            following = index
    result = []
    previous = None
    for index in range(count):
        result.append(
            _NEIGHBORS[previous is not None and all_traits[previous].ends_open, next_opens[index]]
        )
        traits_here = all_traits[index]
        if traits_here.solid and (indents[index] <= usual or traits_here.ends_open):
            previous = index  # an indented block inside a quotation is looked through
    return result
