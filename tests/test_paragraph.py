"""Paragraph: the word set the engine's trigger words are looked up in, and the lowered text."""

from __future__ import annotations

import re

import pytest

from storylint.parse.paragraph import Paragraph

#: What a word is, by definition; ``word_set`` finds the same words a faster way.
_WORDS = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


@pytest.mark.parametrize(
    "text",
    [
        "“Don’t,” said Jo. “Well—I never!”",
        "The boys’ bikes, ’til dawn... 'em, o'clock.",
        "_Very_ *well*, Mr. Laurence; ½ past 9.",
        "“‘Tis,” he said.“No.”Yes,no",
        "ÉCOLE İstanbul x''y ,.“”",
        "",
    ],
)
def test_word_set_is_the_words_the_regex_finds(text):
    lowered = text.lower().replace("’", "'")
    assert Paragraph(text).word_set == frozenset(_WORDS.findall(lowered))


def test_lowered_text_writes_apostrophes_straight():
    paragraph = Paragraph("“Don’t,” said Jo.")
    assert paragraph.lowered == "“don't,” said jo."
    assert {"don't", "said", "jo"} == paragraph.word_set
