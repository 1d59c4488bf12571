"""A tokenizer made for fiction, with code-point offsets.

Words keep their internal apostrophes (' and ’: don't, it’s) and hyphens (well-known);
a leading apostrophe is part of the word for known elisions ('em, ’til: see
``rules/lexicon/elisions.txt``). Every quotation mark is its own token, so the quote
scanner can decide whether a trailing ’ closes a quotation or ends "the boys’". Dashes
(—, –, ``--``), a lone hyphen (interrupted speech: ``wouldn't-``), ellipses (…, ``...``,
``. . .``), URLs, numbers and emphasis markup (``_``, ``*``) are tokens of their own kinds.
Whitespace is not a token: compare ``start``/``end`` of neighbours to see a gap.
"""

from __future__ import annotations

import re
from functools import cache

from storylint.data import word_list

WORD = "word"
NUMBER = "number"
PUNCT = "punct"
DASH = "dash"
HYPHEN = "hyphen"
ELLIPSIS = "ellipsis"
QUOTE = "quote"
MARKUP = "markup"
URL = "url"
SYMBOL = "symbol"

DOUBLE_QUOTES = '"“”„‟'
SINGLE_QUOTES = "'‘’‚‛"
QUOTES = DOUBLE_QUOTES + SINGLE_QUOTES
APOSTROPHES = "'’"

_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_LETTER = rf"[^\W_][{_MARKS}]*"
_WORD_BODY = rf"(?:{_LETTER})+(?:(?:['’]|-(?=[^\W_]))(?:{_LETTER})+)*"


class Token:
    """One token: ``kind`` (a module constant), ``[start, end)`` and its text."""

    __slots__ = ("end", "kind", "start", "text")

    def __init__(self, kind: str, start: int, end: int, text: str) -> None:
        self.kind = kind
        self.start = start
        self.end = end
        self.text = text

    @property
    def lower(self) -> str:
        return self.text.lower()

    def is_word(self, *words: str) -> bool:
        """A word token equal (ignoring case) to one of ``words`` (or any word if none)."""
        return self.kind == WORD and (not words or self.text.lower() in words)

    def __repr__(self) -> str:
        return f"Token({self.kind}, {self.start}, {self.end}, {self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Token) and (self.kind, self.start, self.end, self.text) == (
            other.kind,
            other.start,
            other.end,
            other.text,
        )

    def __hash__(self) -> int:
        return hash((self.kind, self.start, self.end))


@cache
def _pattern() -> re.Pattern[str]:
    elisions = "|".join(
        sorted((re.escape(e) for e in word_list("elisions")), key=len, reverse=True)
    )
    return re.compile(
        rf"""
        (?P<url>(?:https?://|www\.)[^\s<>"“”]*[^\s<>"“”'’.,;:!?)\]])
      | (?P<number>\d+(?:[.,:]\d+)*(?:st|nd|rd|th|s)?(?![^\W_]))
      | (?P<word>(?:['’](?:{elisions})(?![^\W_'’]))(?:(?:['’]|-(?=[^\W_]))(?:{_LETTER})+)*
               |{_WORD_BODY})
      | (?P<ellipsis>…|\.(?:[ \u00a0\u2009\u200a]\.){{2,}}|\.{{2,}})
      | (?P<dash>[—―–⸺⸻]|-{{2,}})
      | (?P<hyphen>-)
      | (?P<quote>["“”„‟'‘’‚‛])
      | (?P<markup>[_*~]+)
      | (?P<punct>[.,;:!?¡¿()\[\]{{}}/&])
      | (?P<symbol>\S(?:[{_MARKS}\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]|\u200d\S)*)
        """,
        re.VERBOSE,
    )


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]``, with offsets into ``text``."""
    pattern = _pattern()
    tokens = []
    append = tokens.append
    for match in pattern.finditer(text, start, len(text) if end is None else end):
        append(Token(match.lastgroup, match.start(), match.end(), match.group()))
    return tokens
