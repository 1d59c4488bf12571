"""The word lists the names index reads: ordinary English words, titles, non-names,
the words of plain-text headings.

``rules/lexicon/english.txt`` (about 200,000 words, one a line, sorted, generated at build
time from a published word list, see ``tools/build_english_words.py``) is kept as the
text it is and searched by bisection over its lines: loading it costs one read, no
splitting into 200,000 strings and no hashing of every word.
"""

from __future__ import annotations

from functools import cache

from storylint.data import rules_dir, word_list


@cache
def _english() -> str:
    """The sorted words of ``english.txt``, one a line, each line ending in a newline."""
    text = (rules_dir() / "lexicon" / "english.txt").read_text(encoding="utf-8")
    start = 0
    while text.startswith("#", start):
        start = text.index("\n", start) + 1
    words = text[start:]
    return words if words.endswith("\n") else words + "\n"


def is_english_word(word: str) -> bool:
    """``word`` (any case) is an ordinary English word that is never a proper noun."""
    lower = word.lower()
    if not lower or "\n" in lower:
        return False
    words = _english()
    # bisection over the lines of the text: lo and hi are always the starts of lines
    lo, hi = 0, len(words)
    while lo < hi:
        middle = (lo + hi) // 2
        start = words.rfind("\n", lo, middle) + 1 or lo
        end = words.index("\n", middle)
        line = words[start:end]
        if line == lower:
            return True
        if line < lower:
            lo = end + 1
        else:
            hi = start
    return False


@cache
def titles() -> frozenset[str]:
    """Titles written before a name (lowercase, without a full stop): mr, captain, aunt."""
    return frozenset(word_list("titles"))


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
