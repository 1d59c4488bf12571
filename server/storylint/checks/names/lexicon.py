"""The word lists the names index reads: ordinary English words, titles, non-names.

``rules/lexicon/english.txt`` (about 200,000 words, generated at build time from a
published word list, see ``tools/build_english_words.py``) is kept as a sorted list and
searched by bisection: loading it costs one read and one split, no hashing of every word.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import cache

from storylint.data import rules_dir, word_list


@cache
def _english() -> list[str]:
    text = (rules_dir() / "lexicon" / "english.txt").read_text(encoding="utf-8")
    words = text.split("\n")
    start = 0
    while start < len(words) and words[start].startswith("#"):
        start += 1
    return words[start:]


def is_english_word(word: str) -> bool:
    """``word`` (any case) is an ordinary English word that is never a proper noun."""
    words = _english()
    lower = word.lower()
    at = bisect_left(words, lower)
    return at < len(words) and words[at] == lower


@cache
def titles() -> frozenset[str]:
    """Titles written before a name (lowercase, without a full stop): mr, captain, aunt."""
    return frozenset(word_list("titles"))


@cache
def not_names() -> frozenset[str]:
    """Capitalised words that are never characters' names (lowercase): god, monday."""
    return frozenset(word_list("not-names")) | titles()
