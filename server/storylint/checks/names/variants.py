"""Which two names are one name misspelled: string distance, sound, and frequency.

Two spellings are *variants* when they differ by one edit (Damerau–Levenshtein, from
rapidfuzz) of a kind that typing produces and that does not make another ordinary name:

- two neighbouring letters swapped (Tobias/Tobais);
- a letter doubled or undoubled (Alison/Allison, Harriet/Harriett);
- a letter dropped or added inside the word (not at its end: Louis/Louise, March/Marchs);
- one consonant for another letter that sounds the same, by Metaphone (from jellyfish):
  Vasquez/Vasques, Isaac/Issac; not one vowel for another (Frances/Francis, Allen/Allan).

Both spellings have at least five letters and the same first letter: short names that
differ by a letter are usually different people (Meg/Peg, Jon/John, Amy/Amos).
"""

from __future__ import annotations

from functools import lru_cache

MIN_LENGTH = 5
_VOWELS = frozenset("aeiouy")


@lru_cache(maxsize=65536)
def are_variants(one: str, other: str) -> bool:
    """``one`` and ``other`` look like the same name, one of them mistyped."""
    if one == other or min(len(one), len(other)) < MIN_LENGTH:
        return False
    a, b = one.lower(), other.lower()
    if a == b or a[0] != b[0]:
        return False
    # imported here: loading them costs a start-up that checks without names never need
    import jellyfish
    from rapidfuzz.distance import DamerauLevenshtein

    if DamerauLevenshtein.distance(a, b, score_cutoff=1) != 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 2:  # a swap of neighbours
            return True
        (i,) = diff
        if a[i] in _VOWELS and b[i] in _VOWELS:
            return False
        return jellyfish.metaphone(a) == jellyfish.metaphone(b)
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    at = next((i for i in range(len(shorter)) if longer[i] != shorter[i]), len(shorter))
    doubled = (at > 0 and longer[at] == longer[at - 1]) or (
        at + 1 < len(longer) and longer[at] == longer[at + 1]
    )
    if doubled:
        return True
    return at < len(shorter)  # a letter dropped inside the word, not at its end
