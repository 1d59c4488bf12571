"""The word lists the names index reads: ordinary English words, titles, non-names,
the words of plain-text headings.

The ordinary English words are :func:`storylint.data.is_english_word` (the quote scanner
reads them too).
"""

from __future__ import annotations

from functools import cache

from storylint.data import word_list


@cache
def titles() -> frozenset[str]:
    """Titles written before a name (lowercase, without a full stop): mr, captain, aunt."""
    return frozenset(word_list("titles"))


def ends_title(text: str, start: int, stop: int) -> bool:
    """Whether the full stop at ``stop`` ends a title written before a name (``Mrs.``,
    ``Dr.``): the letters before it, back to ``start``, are a title."""
    word = stop
    while word > start and text[word - 1].isalpha():
        word -= 1
    return text[word:stop].lower() in titles()


@cache
def not_names() -> frozenset[str]:
    """Capitalised words that are never characters' names (lowercase): god, monday."""
    return frozenset(word_list("not-names")) | titles()


@cache
def heading_words() -> frozenset[str]:
    """Words that open a plain-text heading (lowercase): chapter, part, prologue."""
    return frozenset(word_list("heading-words"))


@cache
def number_words() -> frozenset[str]:
    """Number words a heading may use (lowercase): one, twenty, first."""
    return frozenset(word_list("number-words"))
