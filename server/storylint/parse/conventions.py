"""The house style a document follows, detected from the whole document.

Which quotation marks carry dialogue (double in US and most UK novels, single in many
UK ones), and whether the document uses curly or straight apostrophes (so a fix can
write the same), and how it writes a dash (``—`` or ``--``, so a fix for interrupted
speech matches). The user's ``quote-style`` setting overrides detection: ``us`` means
double quotes with punctuation inside, ``uk`` single quotes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from storylint.parse.quotes import DOUBLE, SINGLE

_DOUBLE_HYPHEN = re.compile(r"(?<!-)--(?!-)")  # a dash, not a rule line of hyphens
_STRAIGHT_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(—–]))'(?=[A-Z])")


@dataclass(frozen=True, slots=True)
class QuoteCounts:
    """Counts from one paragraph that the document-wide conventions are decided from."""

    double_curly: int = 0
    double_straight: int = 0
    single_open_curly: int = 0
    single_open_straight: int = 0
    apostrophe_curly: int = 0
    apostrophe_straight: int = 0
    em_dash: int = 0
    double_hyphen: int = 0

    @classmethod
    def of(cls, text: str) -> QuoteCounts:
        em_dash = text.count("—")
        double_hyphen = len(_DOUBLE_HYPHEN.findall(text)) if "--" in text else 0
        if not any(c in text for c in "\"“”‘’'"):
            if em_dash or double_hyphen:
                return cls(em_dash=em_dash, double_hyphen=double_hyphen)
            return _NONE
        straight = text.count("'")
        return cls(
            text.count("“") + text.count("”"),
            text.count('"'),
            text.count("‘"),
            len(_STRAIGHT_SINGLE_OPEN.findall(text)) if straight else 0,
            text.count("’"),  # mostly apostrophes, in any prose
            straight,
            em_dash,
            double_hyphen,
        )

    def __add__(self, other: QuoteCounts) -> QuoteCounts:
        return QuoteCounts(*(a + b for a, b in zip(_fields(self), _fields(other), strict=True)))

    def __sub__(self, other: QuoteCounts) -> QuoteCounts:
        return QuoteCounts(*(a - b for a, b in zip(_fields(self), _fields(other), strict=True)))


def _fields(counts: QuoteCounts) -> tuple[int, ...]:
    return (
        counts.double_curly,
        counts.double_straight,
        counts.single_open_curly,
        counts.single_open_straight,
        counts.apostrophe_curly,
        counts.apostrophe_straight,
        counts.em_dash,
        counts.double_hyphen,
    )


_NONE = QuoteCounts()


@dataclass(frozen=True, slots=True)
class Conventions:
    """A document's house style."""

    dialogue: str = DOUBLE  # the quotation-mark family that carries speech
    apostrophe: str = "'"  # "’" or "'"
    curly: bool = False  # quotation marks are mostly curly
    dash: str = "—"  # "--" when the document writes its dashes as two hyphens


def total(counts: Iterable[QuoteCounts]) -> QuoteCounts:
    """The sum of many paragraphs' counts."""
    return QuoteCounts(*map(sum, zip(*map(_fields, counts), strict=True))) if counts else _NONE


def detect(counts: Iterable[QuoteCounts] | QuoteCounts, quote_style: str = "auto") -> Conventions:
    """Decide a document's conventions from its paragraphs' counts (or their total)."""
    total_counts = counts if isinstance(counts, QuoteCounts) else total(list(counts))
    return _decide(total_counts, quote_style)


def _decide(total: QuoteCounts, quote_style: str) -> Conventions:
    if quote_style == "us":
        dialogue = DOUBLE
    elif quote_style == "uk":
        dialogue = SINGLE
    else:
        doubles = (total.double_curly + total.double_straight) / 2
        singles = total.single_open_curly + total.single_open_straight
        dialogue = SINGLE if singles > doubles else DOUBLE
    apostrophe = "’" if total.apostrophe_curly > total.apostrophe_straight else "'"
    curly = (
        total.double_curly + total.single_open_curly
        > total.double_straight + total.single_open_straight
    )
    dash = "--" if total.double_hyphen > total.em_dash else "—"
    return Conventions(dialogue, apostrophe, curly, dash)


_INNER_APOSTROPHE = re.compile(r"(?<=[^\W\d_])['’](?=[^\W\d_])")


def apostrophe_in(text: str, conventions: Conventions) -> str:
    """The apostrophe a fix in ``text`` (a paragraph) writes, so that it matches the
    words around it: the one the paragraph writes between letters (don’t, Jo's), the
    more often; without one, the kind of its quotation marks (a straight " or a curly “);
    else the document's."""
    if "'" in text or "’" in text:
        marks = _INNER_APOSTROPHE.findall(text)
        curly = marks.count("’")
        if curly * 2 != len(marks):
            return "’" if curly * 2 > len(marks) else "'"
    straight = '"' in text
    curly_marks = "“" in text or "”" in text
    if straight != curly_marks:
        return "'" if straight else "’"
    return conventions.apostrophe
