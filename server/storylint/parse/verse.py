"""Whether a paragraph is set as verse: a poem, a song or a ballad quoted in the text.

Verse keeps its own line breaks, and each line of it usually opens with a capital
("'O hold your tongue of your weeping,' says he, / 'Of your weeping now let me be;"),
whatever the sentence does; it also often brings in speech without the comma prose
would take ("And the Bellman remarked “It is just as I feared!”"). A paragraph is read as
verse when it has two lines or more and either every line but the last is short (a
line of hard-wrapped prose runs to the margin, about 65 to 75 characters) with half of
them or more opening with a capital, or it has three lines or more, four in five of
them open with a capital and two in three of them end with a punctuation mark (prose
wraps mid-sentence, so its lines seldom do either; a name may fall at a line's start).
"""

from __future__ import annotations

import re

from storylint.parse.paragraph import Paragraph

#: A verse line shorter than this; a line of wrapped prose is longer (but the last).
SHORT_LINE = 56
#: A line's first letter, past its indentation, quotation marks, emphasis and brackets.
#: Marks a line of verse usually ends with.
_LINE_END = frozenset(",.;:!?—-\"”’'")
_FIRST = re.compile(r"[\s\"“”‘’'_*(\[]*([^\W\d_])")


def is_verse(paragraph: Paragraph) -> bool:
    """Whether ``paragraph`` is set as lines of verse (cached on the paragraph)."""
    found = paragraph.memo.get("verse")
    if found is None:
        found = paragraph.memo["verse"] = verse_text(paragraph.text)
    return found


def verse_text(text: str) -> bool:
    """Whether ``text`` (a paragraph's) is set as lines of verse."""
    if "\n" not in text:
        return False  # the usual case: one line, or prose unwrapped
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < 2:
        return False
    capitals = 0
    for line in lines:
        first = _FIRST.match(line)
        capitals += first is not None and first.group(1).isupper()
    if all(len(line.strip()) < SHORT_LINE for line in lines[:-1]):
        return capitals * 2 >= len(lines)
    if len(lines) < 3 or capitals * 5 < len(lines) * 4:
        return False
    ends = sum(1 for line in lines[:-1] if line.rstrip()[-1:] in _LINE_END)
    return ends * 3 >= (len(lines) - 1) * 2
