"""A parsed paragraph: the unit every paragraph rule reads.

A :class:`Paragraph` depends only on its text and kind, so the same object can be
reused wherever that text appears again (the language server keeps them across edits).
Tokens and the quote scan are computed on first use: many rules find nothing to look at
in most paragraphs and never pay for them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import filterfalse
from typing import ClassVar

from storylint.parse.quotes import QuoteScan, scan
from storylint.parse.tokens import MARKUP, WORD, Token, tokenize

_WORDS = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


#: The commonest marks that stick to words, turned into spaces before the split (none is
#: part of a word): a ``str.replace`` each costs less than leaving their pieces to the regex.
_SEPARATORS = (",", ".", "“", "”")


def _word_set(text: str) -> frozenset[str]:
    r"""The words of ``text`` as ``_WORDS`` finds them, found faster: a whitespace-separated
    piece made of letters and digits only is one word as it stands (``str.isalnum`` is
    the regex's ``[^\W_]``), so only the other pieces are left to the regex."""
    for mark in _SEPARATORS:
        text = text.replace(mark, " ")
    words = set(text.split())
    rest = list(filterfalse(str.isalnum, words))
    if rest:
        words.difference_update(rest)
        words.update(_WORDS.findall(" ".join(rest)))
    return frozenset(words)


class Paragraph:
    """The text of one paragraph, with lazily computed tokens and quotations."""

    __slots__ = ("_lowered", "_quotes", "_starts", "_tokens", "_words", "kind", "memo", "text")

    #: Keys of :attr:`memo` that :meth:`release` keeps (facts read after the paragraph's
    #: rules ran, such as its names for the names index); modules add their own.
    KEPT: ClassVar[set[str]] = set()

    def __init__(self, text: str, kind: str = "paragraph") -> None:
        self.text = text
        self.kind = kind
        self._tokens: list[Token] | None = None
        self._starts: list[int] | None = None
        self._quotes: QuoteScan | None = None
        self._words: frozenset[str] | None = None
        self._lowered: str | None = None
        #: Derived facts other modules cache on the paragraph, keyed by their own names.
        self.memo: dict = {}

    def release(self) -> None:
        """Drop what was computed from the text to check it (tokens, quotations, word
        set, what rules kept in :attr:`memo` but the :attr:`KEPT` keys): a one-off run
        frees it once the paragraph's rules ran. Anything asked for later is computed
        again."""
        self._tokens = self._starts = self._quotes = self._words = self._lowered = None
        if self.memo:
            self.memo = {key: value for key, value in self.memo.items() if key in self.KEPT}

    def __repr__(self) -> str:
        preview = self.text if len(self.text) < 40 else self.text[:37] + "..."
        return f"Paragraph({preview!r}, {self.kind!r})"

    @property
    def lowered(self) -> str:
        """The text lowercased, apostrophes written ' (the text of :attr:`word_set`). Its
        offsets are the text's unless a letter's lowercase is longer (rare: compare lengths)."""
        if self._lowered is None:
            self._lowered = self.text.lower().replace("’", "'")
        return self._lowered

    @property
    def word_set(self) -> frozenset[str]:
        """Every word in the paragraph, lowercased, apostrophes written '."""
        if self._words is None:
            self._words = _word_set(self.lowered)
        return self._words

    @property
    def tokens(self) -> list[Token]:
        if self._tokens is None:
            self._tokens = tokenize(self.text)
        return self._tokens

    @property
    def quotes(self) -> QuoteScan:
        if self._quotes is None:
            self._quotes = scan(self.text)
        return self._quotes

    def token_index(self, offset: int) -> int:
        """Index of the first token that ends after ``offset`` (the token at or after it)."""
        if self._starts is None:
            self._starts = [token.end for token in self.tokens]
        return bisect_left(self._starts, offset + 1)

    def next_token(self, index: int, *, skip_markup: bool = True) -> Token | None:
        """The token after ``tokens[index]``, stepping over emphasis markup."""
        tokens = self.tokens
        index += 1
        while index < len(tokens):
            if not (skip_markup and tokens[index].kind == MARKUP):
                return tokens[index]
            index += 1
        return None

    def previous_token(self, index: int, *, skip_markup: bool = True) -> Token | None:
        """The token before ``tokens[index]``, stepping over emphasis markup."""
        tokens = self.tokens
        index -= 1
        while index >= 0:
            if not (skip_markup and tokens[index].kind == MARKUP):
                return tokens[index]
            index -= 1
        return None

    def words(self) -> list[Token]:
        """The word tokens, in order."""
        return [token for token in self.tokens if token.kind == WORD]
