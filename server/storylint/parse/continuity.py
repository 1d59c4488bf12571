"""How dialogue runs from one paragraph into the next.

By the multi-paragraph convention, a quotation that runs over several paragraphs
reopens each one with a quotation mark and closes only in the last. So a paragraph that
ends inside a quotation is fine when the next one *continues* it: it opens with a
quotation mark (of either kind: a story told inside a speech reopens with its inner
mark, ``‘`` or ``“‘``), its first mark closes a quotation it never opened, it starts
with a small letter (the same paragraph, split by a page break or a footnote), or it is
indented more than the document's paragraphs usually are (verse or a letter quoted as a
block). What is not prose in between (page numbers and markers, scene breaks,
illustrations, footnotes, headings: see ``apparatus``) is looked through, and so is a
paragraph that only carries a sentence on (a small letter, no quotation marks). A
paragraph that continues a quotation and ends inside a nested one (a letter read out in
a speech) still ends inside the speech.

Each paragraph's part in this is summed up by :func:`traits` (cached on the paragraph);
:func:`neighbors` turns the traits of a whole document into each paragraph's
:class:`Neighbors`, and :func:`neighbors_at` does it for one paragraph, so an edited
document only recomputes the paragraphs around the edit.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from storylint.parse.apparatus import is_apparatus
from storylint.parse.paragraph import Paragraph
from storylint.parse.quotes import DOUBLE, SINGLE

_QUOTE_CHAR = re.compile("[\"“”‘’'„‟‚‛]")
#: A paragraph's first letter, past a page number on a line of its own (a page break
#: set inside the paragraph: "148\nto a country school"), emphasis, brackets and dashes.
_FIRST_LETTER = re.compile(r"(?:\{?\d{1,4}[a-z]{0,2}\}?[ \t]*\n)?[\s_*(\[]*(?:[—–-]+ ?)?([^\W\d_])")
_OTHER = {DOUBLE: SINGLE, SINGLE: DOUBLE}


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

    #: Prose, not apparatus (page numbers, scene breaks, notes: those are looked through).
    solid: bool
    #: Ends inside a dialogue quotation.
    ends_open: bool
    #: Opens with a quotation mark, first closes a quotation it never opened, or starts
    #: with a small letter.
    continues: bool
    #: Starts with a small letter and has no quotation marks: it carries the sentence of
    #: the paragraph before on, and what was open there is open after it.
    carries: bool = False


#: The traits of a paragraph without quotation marks, by (solid, starts with a small
#: letter) (shared: they are many).
_NO_QUOTES = {
    (solid, lower): Traits(solid, False, lower, lower and solid)
    for solid in (False, True)
    for lower in (False, True)
}

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
        solid = not is_apparatus(text)
        first = _FIRST_LETTER.match(text)
        lower = first is not None and first.group(1).islower()
        if _QUOTE_CHAR.search(text):
            quotes = paragraph.quotes
            continues = quotes.first_open is not None or quotes.starts_with_close(family) or lower
            other = _OTHER[family]
            ends_open = (
                quotes.ends_open(family)
                or family in quotes.maybe_open
                or (continues and (quotes.ends_open(other) or other in quotes.maybe_open))
            )
            cached = Traits(solid, ends_open, continues)
        else:
            cached = _NO_QUOTES[solid, lower]
        paragraph.memo[("traits", family)] = cached
    return cached


def usual_indent(indents: Sequence[int]) -> int:
    """The indentation most paragraphs of a document have."""
    return most_usual(Counter(indents))


def most_usual(counts: Mapping[int, int]) -> int:
    """The indentation counted most often (the smaller on a tie; 0 if none is)."""
    best, most = 0, 0
    for indent, count in counts.items():
        if count > most or (count == most and count and indent < best):
            best, most = indent, count
    return best


def neighbors_at(
    index: int, all_traits: Sequence[Traits], indents: Sequence[int], usual: int
) -> Neighbors:
    """The :class:`Neighbors` of paragraph ``index``."""
    previous = index - 1
    while previous >= 0 and not _runs_on(all_traits[previous], indents[previous], usual):
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
    paragraphs: Sequence[Paragraph],
    indents: Sequence[int],
    family: str,
    start: int = 0,
    stop: int | None = None,
) -> list[Neighbors]:
    """The :class:`Neighbors` of ``paragraphs[start:stop]`` (by default of every
    paragraph of a document), in one pass; traits are read only around that range."""
    count = len(paragraphs)
    stop = count if stop is None else stop
    usual = usual_indent(indents)

    def traits_at(index: int) -> Traits:
        return traits(paragraphs[index], family)

    span = [traits_at(index) for index in range(start, stop)]
    # the first solid paragraph after the range
    following: int | None = stop
    while following < count and not traits_at(following).solid:
        following += 1
    if following >= count:
        following = None
    next_opens = [False] * len(span)
    for index in range(stop - 1, start - 1, -1):
        if following is not None:
            next_opens[index - start] = indents[following] > usual or traits_at(following).continues
        if span[index - start].solid:
            following = index
    # the last paragraph before the range that a quotation can run on from
    previous: int | None = start - 1
    while previous >= 0 and not _runs_on(traits_at(previous), indents[previous], usual):
        previous -= 1
    if previous < 0:
        previous = None
    result = []
    for index in range(start, stop):
        result.append(
            _NEIGHBORS[
                previous is not None and traits_at(previous).ends_open, next_opens[index - start]
            ]
        )
        if _runs_on(span[index - start], indents[index], usual):
            previous = index
    return result


def _runs_on(traits_here: Traits, indent: int, usual: int) -> bool:
    """Whether a paragraph counts as the previous one of the next (scene breaks and
    asides are looked through, and so is an indented block inside a quotation)."""
    return (
        traits_here.solid and not traits_here.carries and (indent <= usual or traits_here.ends_open)
    )
