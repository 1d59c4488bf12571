"""The ``pattern`` kind: rules written as word patterns in ``rules/*.toml``.

A pattern is a sequence of elements separated by spaces; it matches consecutive words
of a paragraph (case-insensitive, across line breaks, never across punctuation):

* ``would`` a word; ``would|could`` one of several; ``it's`` matches it's and it’s
* ``@modal`` a word of the class ``rules/lexicon/modal.txt``; ``@modal|ought`` mixes
* ``*ed`` a word ending in -ed; ``*`` any word
* ``!the`` a word that is not "the" (``!@determiner``: not a determiner)
* ``X?`` an optional element
* ``[ ... ]`` the words the finding covers and the fix replaces (the whole match if none)
* ``^`` the start of a sentence, ``$`` the end of a sentence or clause (after the
  previous/last word)
* ``!``, ``?``, ``,``, ``.``, ``;``, ``:`` (alone) that punctuation mark, right after the
  previous word (``^ [owe] !`` is "Owe!" as a whole exclamation); ``.|!|?`` one of them
* ``deep-seeded`` a hyphenated word (also matched when written as two words)

A rule lists ``[[rule.patterns]]`` with ``match``, ``replace`` (what the bracketed words
become; the case of the first letter is kept, and apostrophes follow the document) and
``message``, plus optional ``unless`` patterns: a match that overlaps one of them is
not reported (``unless`` on the rule applies to all its findings, the confusion model's
too, on a pattern to that pattern only). ``unless-words`` on a pattern lists words that
silence it when the paragraph contains one ("Owe!" is a cry of pain unless the paragraph
talks of paying).
``where = "dialogue"`` or ``"narration"`` limits a rule to one of them.
Patterns compile to regular expressions once, and a rule only runs on paragraphs that
contain its trigger words (a word of each literal element and small word class; of one
such element of each pattern when the rule has several, see :func:`_fewest_union`). A
pattern is then tried only around its least frequent literal word (its anchor), where
the words at fixed distances from it fit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache

from storylint.checks.context import Context
from storylint.checks.registry import Rule, RuleDataError, paragraph_kind
from storylint.data import read_list, rules_dir, word_list
from storylint.findings import Finding, Fix
from storylint.parse.conventions import apostrophe_in
from storylint.parse.paragraph import Paragraph

# Patterns match a copy of the paragraph written in plain ASCII marks, of the same
# length (see _PLAIN): ’ -> ', ” -> ", the opening ‘ “ -> \x1d \x1e, … -> ., — -> \x1f,
# an emoji or other symbol (_SYMBOLS) -> \x1c,
# no-break space -> space.
# Regexes with non-ASCII characters in their classes are several times slower to compile.
_PLAIN = str.maketrans(
    {"’": "'", "”": '"', "‘": "\x1d", "“": "\x1e", "…": ".", "—": "\x1f", "\u00a0": " "}
)
_PLAIN_MARKS = tuple((chr(fancy), mark) for fancy, mark in _PLAIN.items())
_SEP = r"[ \t\r\n]+"
# A word is not part of a longer one: no letter, apostrophe or "letter-" before it, no
# letter, "'letter" or "-letter" after it ("all" is not matched in "all-important").
_BEFORE = r"(?<![^\W_])(?<![^\W_]['-])"
_AFTER = r"(?![^\W_]|['-][^\W_])"
_ANY_WORD = r"[^\W_]+(?:'[^\W_]+)*"
# a sentence starts at the start, after its end, after an opening quotation mark, or after
# a symbol (an emoji, a byte-order mark: \x1c in the plain copy), which stands outside it
_SENTENCE_START = (
    r"(?:(?<![\s\S])|(?<=[.!?]\s)|(?<=[.!?][\"']\s)|(?<=[\"\x1d\x1e])|(?<=\x1c)|(?<=\x1c\s))"
)
#: Symbols and invisible marks no word contains: emoji (with their skin tones, joiners
#: and variation selectors), dingbats, the byte-order mark, zero-width spaces and tags.
_SYMBOLS = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe00-\ufe0f\u200b-\u200d"
    "\u2060\ufeff\U000e0000-\U000e007f]"
)
_SENTENCE_END = r"(?=[ \t]*(?:[.!?,;:\x1f]|--|[\"']|$))"
_PUNCTUATION = ".,;:!?"


#: A word class this small can serve as trigger words.
_TRIGGER_CLASS_LIMIT = 500


@dataclass(frozen=True)
class Pattern:
    """One compiled pattern of a rule."""

    regex: Matcher
    replace: str | None
    message: str
    #: Word sets the pattern cannot match without (one word of each must be present).
    needs: tuple[frozenset[str], ...]
    #: Matches overlapping one of these are not reported (this pattern's own ``unless``).
    unless: tuple[Unless, ...] = ()
    #: The pattern is silent in a paragraph that has one of these words (lowercase, ').
    unless_words: frozenset[str] = frozenset()


_HYPHEN_OR_SPACE = re.compile(r"[-\s]")
#: A literal word that can be looked up in a set (no hyphen), and several.
_LOOKUP_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_LOOKUP_WORDS = re.compile(rf"{_LOOKUP_WORD.pattern}(?:\|{_LOOKUP_WORD.pattern})*")


@cache
def _literal_words(word: str) -> frozenset[str]:
    """The trigger word of a literal: its first part when hyphenated (``deep-seeded``),
    since a paragraph's word set splits at hyphens."""
    return frozenset({_HYPHEN_OR_SPACE.split(word.lower().replace("’", "'"), maxsplit=1)[0]})


@cache
def _class_words(name: str) -> frozenset[str]:
    """The words of the class ``@name``, lowercase with apostrophes ' (cached: patterns
    use the same classes again and again)."""
    return frozenset(w.lower().replace("’", "'") for w in word_list(name))


def _class(name: str, where: str) -> frozenset[str]:
    try:
        return _class_words(name)
    except FileNotFoundError:
        raise RuleDataError(f"{where}: no word class rules/lexicon/{name}.txt") from None


def _words_regex(words: list[str]) -> str:
    ordered = sorted({w.lower() for w in words}, key=len, reverse=True)
    # case-insensitive here only: a whole pattern compiled with IGNORECASE spends most
    # of its compile time folding the case of its Unicode letter classes
    return "(?i:" + "|".join(_word_regex(w) for w in ordered) + ")"


@cache  # the same words come in many patterns
def _word_regex(word: str) -> str:
    """A literal word: either apostrophe; a hyphen also matches a space or no hyphen."""
    parts = [re.escape(part.replace("’", "'")) for part in word.split("-")]
    return r"(?:-|[ \t]*)".join(parts) if len(parts) > 1 else parts[0]


def _alternative(part: str, where: str) -> tuple[str, AbstractSet[str] | None]:
    """Regex for one alternative of an element, and its words if they are few."""
    if part.startswith("@"):
        words = _class(part[1:], where)
        few = set(words) if len(words) <= _TRIGGER_CLASS_LIMIT else None
        return f"(?:{_words_regex(list(words))})", few
    if part == "*":
        return _ANY_WORD, None
    if part.startswith("*"):
        return rf"[^\W\d_]{{2,}}(?i:{re.escape(part[1:])})", None
    # what _words_regex([part]) gives, without its set and sort
    return f"(?:(?i:{_word_regex(part.lower())}))", _literal_words(part)


#: An element with more alternatives than this (or with a word class) is matched as any
#: word and then looked up in a set: big alternations are slow to compile.
_LOOKUP_OVER = 6


@dataclass(frozen=True)
class _WordTest:
    """What a word must be for an element matched by lookup (``@class|word|*ed``)."""

    words: frozenset[str]
    suffixes: tuple[str, ...]
    negate: bool

    def __call__(self, word: str) -> bool:
        lower = word.lower().replace("’", "'")
        hit = lower in self.words or any(
            lower.endswith(suffix) and len(lower) - len(suffix) >= 2 and lower.isalpha()
            for suffix in self.suffixes
        )
        return hit != self.negate


def _lookup(body: str, negate: bool, where: str) -> _WordTest | None:
    """A lookup test for an element, when it is big or has a class and no special word."""
    parts = body.split("|")
    if not negate and len(parts) <= _LOOKUP_OVER and not any(p.startswith("@") for p in parts):
        return None
    if _LOOKUP_WORDS.fullmatch(body):  # words only: all at once
        return _WordTest(frozenset(body.lower().replace("’", "'").split("|")), (), negate)
    words: set[str] = set()
    suffixes = []
    for part in parts:
        if part.startswith("@"):
            words |= _class(part[1:], where)
        elif part.startswith("*") and len(part) > 1 and part[1:].isalpha():
            suffixes.append(part[1:].lower())
        elif _LOOKUP_WORD.fullmatch(part):
            words.add(part.lower().replace("’", "'"))
        else:
            return None  # "*", hyphenated words: keep the regex
    return _WordTest(frozenset(words), tuple(suffixes), negate)


def _element(token: str, where: str) -> tuple[str, AbstractSet[str] | None]:
    negate = token.startswith("!")
    body = token[1:] if negate else token
    literal: set[str] | None = set()
    alternatives = []
    for part in body.split("|"):
        regex, words = _alternative(part, where)
        alternatives.append(regex)
        literal = None if words is None or literal is None else literal | words
    regex = "|".join(alternatives)
    if negate:
        return rf"(?!(?:{regex}){_AFTER}){_ANY_WORD}", None
    return f"(?:{regex})", literal


class Matcher:
    """A pattern as a regex, plus word tests for the elements matched by lookup.

    The regex is compiled on first use (a novel rarely needs every pattern, and
    compiling them all would slow start-up). ``finditer`` gives the non-overlapping
    matches whose looked-up words pass, like ``re.Pattern.finditer``."""

    __slots__ = ("_regex", "anchor", "has_target", "source", "tests")

    def __init__(
        self, source: str, tests: dict[str, _WordTest], anchor: _Anchor | None = None
    ) -> None:
        self.source = source
        self.tests = tests
        self.has_target = "(?P<target>" in source
        self.anchor = anchor
        self._regex: re.Pattern[str] | None = None

    @property
    def regex(self) -> re.Pattern[str]:
        if self._regex is None:
            self._regex = re.compile(self.source)
        return self._regex

    def finditer(self, text: str, index: WordIndex | None = None) -> Iterator[re.Match[str]]:
        """Matches in ``text``; with the text's :class:`WordIndex`, only around the
        matcher's anchor word."""
        if self.anchor is not None and index is not None:
            return self._anchored(text, index)
        if not self.tests:
            return self.regex.finditer(text)
        return self._searched(text)

    def _searched(self, text: str) -> Iterator[re.Match[str]]:
        search = self.regex.search
        tests = self.tests.items()
        position = 0
        while (match := search(text, position)) is not None:
            if all(test(match.group(name)) for name, test in tests):
                yield match
                position = max(match.end(), match.start() + 1)
            else:
                position = match.start() + 1

    def _anchored(self, text: str, index: WordIndex) -> Iterator[re.Match[str]]:
        anchor = self.anchor
        assert anchor is not None
        places = index.places(anchor.words)
        tokens = index.tokens
        for offset, words in anchor.checks:
            # the words next to the anchor rule out most places without the regex
            places = [
                place
                for place in places
                if 0 <= place + offset < len(tokens) and tokens[place + offset] in words
            ]
        if not places:
            return
        starts = index.starts
        fewest, most = anchor.before_min, anchor.before_max
        if fewest == most:
            candidates: Iterable[int] = [starts[place - most] for place in places if place >= most]
        else:
            found: set[int] = set()
            for place in places:
                found.update(starts[max(0, place - most) : max(0, place - fewest + 1)])
            candidates = sorted(found)
        match_at = self.regex.match
        tests = self.tests.items()
        last_end = -1
        for start in candidates:
            if start < last_end:
                continue
            match = match_at(text, start)
            if match and all(test(match.group(name)) for name, test in tests):
                yield match
                last_end = max(match.end(), start + 1)


_WORD = re.compile(_ANY_WORD)


class WordIndex:
    """A paragraph's words (split at hyphens, as in :attr:`Paragraph.word_set`) in order,
    lowercase with apostrophes ', and where each starts."""

    __slots__ = ("_lowered", "_places", "_starts", "tokens", "words")

    def __init__(self, text: str, words: frozenset[str]) -> None:
        #: The paragraph's words (lowercase, apostrophe ').
        self.words = words
        self._places: dict[frozenset[str], list[int]] = {}
        lowered = text.lower()
        if len(lowered) != len(text):  # a letter whose lowercase is longer (rare)
            lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        self._lowered = lowered
        self.tokens: list[str] = _WORD.findall(lowered)
        self._starts: list[int] | None = None

    @property
    def starts(self) -> list[int]:
        """Where each word starts (found when first asked for: the words around an anchor
        mostly rule out a match without)."""
        if self._starts is None:
            find = self._lowered.find
            self._starts = starts = []
            end = 0
            for token in self.tokens:
                # the next word is the first place its text is found: what is between
                # two words has no letter
                start = find(token, end)
                starts.append(start)
                end = start + len(token)
        return self._starts

    def places(self, words: frozenset[str]) -> list[int]:
        """The indexes in :attr:`tokens` of ``words``, in order (cached: the patterns of a
        rule, and rules, often look for the same words)."""
        places = self._places.get(words)
        if places is None:
            tokens = self.tokens
            places = []
            for word in words & self.words:
                place = -1
                for _ in range(tokens.count(word)):  # count and index scan in C
                    place = tokens.index(word, place + 1)
                    places.append(place)
            places.sort()
            self._places[words] = places
        return places

    @classmethod
    def of(cls, paragraph: Paragraph) -> WordIndex:
        index = paragraph.memo.get("word-index")
        if index is None:
            index = cls(plain_text(paragraph), paragraph.word_set)
            paragraph.memo["word-index"] = index
        return index


def plain(text: str) -> str:
    """``text`` in plain ASCII marks (see ``_PLAIN``), as the patterns match it."""
    if not text.isascii():
        for fancy, mark in _PLAIN_MARKS:
            if fancy in text:
                text = text.replace(fancy, mark)
        text = _SYMBOLS.sub("\x1c", text)  # one code point each: offsets stay
    return text


def plain_text(paragraph: Paragraph) -> str:
    """The paragraph in plain ASCII marks (:func:`plain`), remembered."""
    found = paragraph.memo.get("plain-text")
    if found is None:
        found = paragraph.memo["plain-text"] = plain(paragraph.text)
    return found


@dataclass(frozen=True)
class _Anchor:
    """A literal element every match contains, ``before_min``..``before_max`` words in."""

    words: frozenset[str]
    before_min: int
    before_max: int
    #: (offset, words): the word that far from the anchor must be one of these, for the
    #: elements at a fixed distance that are one word of a known set.
    checks: tuple[tuple[int, frozenset[str]], ...] = ()


def _frequency(words: AbstractSet[str]) -> float:
    """A rough share of paragraphs with one of ``words``: rules/lexicon/common.txt lists
    the most frequent words in order, and a word's frequency falls with its rank (Zipf);
    any other word counts as rarer than all of them."""
    frequencies, common_words = _common_frequencies()
    common = common_words & words
    rare = (len(words) - len(common)) / (2 * len(frequencies))
    return sum(map(frequencies.__getitem__, common)) + rare


@cache
def _common_frequencies() -> tuple[dict[str, float], frozenset[str]]:
    """The words of rules/lexicon/common.txt, each with 1 / its rank (from 2), and as a
    set (a frozenset intersects another much faster than a dict's keys do)."""
    common = read_list(rules_dir() / "lexicon" / "common.txt")
    frequencies = {word: 1 / rank for rank, word in enumerate(common, 2)}
    return frequencies, frozenset(frequencies)


def _is_mark(token: str) -> bool:
    """Whether a pattern token is punctuation (``,`` or ``.|!|?``)."""
    return not token.strip(_PUNCTUATION + "|") and bool(token.strip("|"))


def _is_optional(token: str) -> bool:
    return token.endswith("?") and len(token) > 1 and not _is_mark(token)


def _space_follows(tokens: list[str]) -> list[bool]:
    """For each token, whether every match goes on with a space after it: the next
    element that is not optional is a word, so a separator comes first."""
    follows = []
    word_next = False
    for token in reversed(tokens):
        follows.append(word_next)
        if token in ("[", "]") or _is_optional(token):
            continue
        word_next = token not in ("^", "$") and not _is_mark(token)
    return follows[::-1]


def compile_pattern(source: str, where: str) -> tuple[Matcher, tuple[frozenset[str], ...]]:
    """Compile a pattern string; return its matcher and the word sets it needs."""
    tokens = source.replace("[", " [ ").replace("]", " ] ").split()
    compiler = _Compiler(where)
    for token, space_next in zip(tokens, _space_follows(tokens), strict=True):
        if token == "[":
            compiler.pieces.append("(?P<target>")
            compiler.in_target = True
        elif token == "]":
            compiler.pieces.append(")")
            compiler.in_target = False
        elif token == "^":
            compiler.pieces.append(_SENTENCE_START)
        elif token == "$":
            compiler.pieces.append(_SENTENCE_END)
        elif _is_mark(token):
            compiler.mark(token)
        else:
            compiler.word(token, space_next)
    if compiler.in_target:
        raise RuleDataError(f"{where}: unclosed '[' in pattern {source!r}")
    regex = "".join(compiler.pieces)
    if regex.count("(?P<target>") > 1:
        raise RuleDataError(f"{where}: pattern {source!r} has more than one '[...]'")
    needs = compiler.needs
    anchor = None
    if needs:
        # the least frequent words first: the best trigger, and the anchor; of words
        # outside common.txt, alike for _frequency, the longer ("squid", not "damp")
        rarest = min(
            range(len(needs)), key=lambda i: (_frequency(needs[i]), -min(map(len, needs[i])))
        )
        needs.insert(0, needs.pop(rarest))
        if compiler.anchorable:
            anchor = _anchor(compiler.places, rarest)
    return Matcher(regex, compiler.tests, anchor), tuple(needs)


class _Compiler:
    """The regex of a pattern as its elements are read, and what it needs."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.pieces: list[str] = []
        self.needs: list[frozenset[str]] = []
        self.tests: dict[str, _WordTest] = {}
        #: (literal words, words before it at least, at most, is one word), for each
        #: literal element
        self.places: list[tuple[frozenset[str], int, int, bool]] = []
        self.before = [0, 0]
        self.anchorable = True
        self.words_seen = 0
        self.pending_sep = False
        self.in_target = False

    def mark(self, token: str) -> None:
        """A punctuation element: right after the previous word."""
        self.anchorable = self.anchorable and self.words_seen > 0  # a match starts at a word
        marks = "|".join(re.escape(mark) for mark in token.split("|") if mark)
        # at the start, no space before it: the regex then starts with a literal mark,
        # which the regex engine finds fast
        self.pieces.append(rf"[ \t]*(?:{marks})" if self.words_seen else rf"(?:{marks})")
        self.pending_sep = True

    def word(self, token: str, space_next: bool) -> None:
        """A word element (literal, class, suffix, negated or optional)."""
        where, pieces = self.where, self.pieces
        optional = _is_optional(token)
        test = None if optional else _lookup(token.lstrip("!"), token.startswith("!"), where)
        literal: AbstractSet[str] | None
        if test is not None:
            name = f"w{len(self.tests)}"
            self.tests[name] = test
            regex = f"(?P<{name}>{_ANY_WORD})"
            small = not any(
                p.startswith("@") and len(word_list(p[1:])) > _TRIGGER_CLASS_LIMIT
                for p in token.split("|")
            )
            literal = test.words if small and not (test.negate or test.suffixes) else None
        else:
            regex, literal = _element(token.rstrip("?") if optional else token, where)
        width = _width(token)
        before = self.before
        if literal and not optional:
            self.needs.append(frozenset(literal))
            one = width == 1 and _one_word(literal)
            self.places.append((self.needs[-1], before[0], before[1], one))
        before[0] += 0 if optional else 1
        before[1] += width
        # A word right after a separator needs no test that no letter is before it, nor one
        # right before a separator a test that none is after: the lookarounds cost most
        # of the time to compile a pattern.
        spaced = optional or self.pending_sep or self.words_seen > 0
        word = f"{'' if spaced else _BEFORE}{regex}{'' if space_next else _AFTER}"
        if optional:
            if not self.words_seen:
                raise RuleDataError(f"{where}: a pattern cannot start with an optional word")
            if self.in_target and pieces and pieces[-1] == "(?P<target>":
                raise RuleDataError(f"{where}: the target cannot start with an optional word")
            pieces.append(f"(?:{_SEP}{word})?")
        else:
            if self.pending_sep or self.words_seen:
                # the separator goes before the target group, not inside it
                if pieces and pieces[-1] == "(?P<target>":
                    pieces.insert(len(pieces) - 1, _SEP)
                else:
                    pieces.append(_SEP)
            pieces.append(word)
        self.words_seen += 1
        self.pending_sep = True


def _anchor(places: list[tuple[frozenset[str], int, int, bool]], number: int) -> _Anchor:
    """The anchor at ``places[number]``, with checks of the one-word elements at a fixed
    distance from it (all elements before both are one word each). Like the anchor's
    own, the checks compare a paragraph's lowercase words, as its word set does."""
    words, fewest, most, _ = places[number]
    checks = ()
    if fewest == most:
        checks = tuple(
            (other_fewest - fewest, other_words)
            for other, (other_words, other_fewest, other_most, one_word) in enumerate(places)
            if other != number and one_word and other_fewest == other_most
        )
    return _Anchor(words, fewest, most, checks)


def _width(token: str) -> int:
    """The most words of a :class:`WordIndex` an element's word can be (``deep-seeded``
    can be two)."""
    if "-" not in token and "@" not in token:
        return 1
    return 1 + max(
        _class_hyphens(part[1:]) if part.startswith("@") else part.count("-")
        for part in token.lstrip("!").rstrip("?").split("|")
    )


@cache
def _class_hyphens(name: str) -> int:
    try:
        return max((word.count("-") for word in _class_words(name)), default=0)
    except FileNotFoundError:
        return 0  # reported by _alternative or _lookup


#: Words each of which is one word of a :class:`WordIndex`, separated by spaces.
_ONE_WORD_EACH = re.compile(f"{_ANY_WORD}(?: {_ANY_WORD})*")


def _one_word(words: Iterable[str]) -> bool:
    """Whether each of ``words`` is one word of a :class:`WordIndex` (not ``'em``)."""
    return _ONE_WORD_EACH.fullmatch(" ".join(words)) is not None


class Unless:
    """An ``unless`` pattern, compiled on first use: it is only needed once its rule has
    matched, and most rules never match in a novel."""

    __slots__ = ("_matcher", "source", "where")

    def __init__(self, source: str, where: str) -> None:
        self.source = source
        self.where = where
        self._matcher: Matcher | None = None

    @property
    def matcher(self) -> Matcher:
        if self._matcher is None:
            self._matcher = compile_pattern(self.source, self.where)[0]
        return self._matcher


def unless_matches(unless: Iterable[Unless], text: str) -> list[tuple[int, int]]:
    """The spans of the matches of ``unless`` in ``text``."""
    return [match.span() for pattern in unless for match in pattern.matcher.finditer(text)]


@dataclass(frozen=True)
class _Candidates:
    """Which of a rule's patterns a paragraph can match, found from its words.

    A rule has up to dozens of patterns and runs on thousands of paragraphs: testing
    every pattern's needs in each paragraph was most of the kind's time. So each pattern
    is filed under the words of its first need, the least frequent (see
    :func:`compile_pattern`), and only the patterns filed under a word of the paragraph
    have their other needs tested.
    """

    #: Pattern numbers (in rule order) by a word of their first need.
    by_word: dict[str, tuple[int, ...]]
    keys: frozenset[str]
    #: Each pattern's other needs.
    others: tuple[tuple[frozenset[str], ...], ...]
    #: Patterns with no needs: candidates in every paragraph.
    always: tuple[int, ...]

    @classmethod
    def of(cls, patterns: Iterable[Pattern]) -> _Candidates:
        by_word: dict[str, list[int]] = {}
        others = []
        always = []
        for number, pattern in enumerate(patterns):
            others.append(pattern.needs[1:])
            if not pattern.needs:
                always.append(number)
            for word in pattern.needs[0] if pattern.needs else ():
                by_word.setdefault(word, []).append(number)
        return cls(
            {word: tuple(numbers) for word, numbers in by_word.items()},
            frozenset(by_word),
            tuple(others),
            tuple(always),
        )

    def __call__(self, words: frozenset[str]) -> list[int]:
        """The numbers, in rule order, of the patterns whose needs ``words`` meets."""
        hits = self.keys & words
        if len(hits) == 1 and not self.always:
            numbers: Iterable[int] = self.by_word[next(iter(hits))]
        else:
            chosen = set(self.always)
            for word in hits:
                chosen.update(self.by_word[word])
            numbers = sorted(chosen)
        others = self.others
        return [number for number in numbers if not any(map(words.isdisjoint, others[number]))]


@dataclass(frozen=True)
class _Compiled:
    """A pattern rule made ready to run."""

    patterns: tuple[Pattern, ...]
    #: The rule's own ``unless``, for all its patterns.
    unless: tuple[Unless, ...]
    candidates: _Candidates
    #: "anywhere", "dialogue" or "narration"
    where: str


@cache
def _compiled(rule: Rule) -> _Compiled:
    patterns = []
    for number, entry in enumerate(rule.data.get("patterns", []), 1):
        where = f"{rule.source} pattern {number}"
        regex, needs = compile_pattern(entry["match"], where)
        message = entry.get("message") or rule.data.get("message")
        if not message:
            raise RuleDataError(f"{where}: no message")
        own_unless = tuple(Unless(text, f"{where} unless") for text in entry.get("unless", []))
        avoid = frozenset(w.lower().replace("’", "'") for w in entry.get("unless-words", []))
        patterns.append(Pattern(regex, entry.get("replace"), message, needs, own_unless, avoid))
    if not patterns:
        raise RuleDataError(f"{rule.source}: a pattern rule needs [[rule.patterns]]")
    where = rule.data.get("where", "anywhere")
    return _Compiled(tuple(patterns), rule_unless(rule), _Candidates.of(patterns), where)


@cache
def rule_unless(rule: Rule) -> tuple[Unless, ...]:
    """The rule's own ``unless`` patterns (for all its findings)."""
    return tuple(Unless(text, f"{rule.source} unless") for text in rule.data.get("unless", []))


def unless_spans(rule: Rule, paragraph: Paragraph) -> list[tuple[int, int]]:
    """Where the rule's own ``unless`` patterns match in the paragraph: a finding that
    overlaps one is not reported."""
    unless = rule_unless(rule)
    return unless_matches(unless, plain_text(paragraph)) if unless else []


def pattern_triggers(rule: Rule) -> tuple[frozenset[str], ...] | None:
    """Word sets every paragraph the rule can fire in has: shared by all its patterns."""
    patterns = _compiled(rule).patterns
    if any(not pattern.needs for pattern in patterns):
        return None
    if len(patterns) == 1:
        return patterns[0].needs
    # Several patterns: a paragraph must have a word of one need of each
    return (_fewest_union([pattern.needs for pattern in patterns]),)


def _fewest_union(needs: list[tuple[frozenset[str], ...]]) -> frozenset[str]:
    """The union of one need of each pattern, chosen to be rare (see :func:`_frequency`).

    The rarest need of each is not the best choice: patterns that share their target's
    words ("there", "to") trigger together on those, rarer than the union of dozens of
    different rare words. So, starting from the rarest, each pattern in turn takes the
    need that adds least to the others' union, until no choice changes (the union's
    frequency falls with every change, so this ends)."""
    chosen = [own[0] for own in needs]
    #: How many chosen needs have each word.
    covered: dict[str, int] = {}
    for need in chosen:
        _count(covered, need, 1)

    def added(need: frozenset[str]) -> float:
        """What ``need`` adds to the frequency of the others' union."""
        return _frequency(need.difference(covered))

    changed = True
    while changed:
        changed = False
        for number, own in enumerate(needs):
            if len(own) == 1:
                continue
            _count(covered, chosen[number], -1)
            best = min(own, key=added)
            if added(best) < added(chosen[number]):
                chosen[number] = best
                changed = True
            _count(covered, chosen[number], 1)
    return frozenset().union(*chosen)


def _count(counts: dict[str, int], words: frozenset[str], step: int) -> None:
    """Add ``step`` to the count of each of ``words``, dropping the counts that reach 0."""
    for word in words:
        count = counts.get(word, 0) + step
        if count:
            counts[word] = count
        else:
            del counts[word]


def match_case(original: str, replacement: str) -> str:
    """``replacement`` written in the case of ``original`` (Of -> Have, OF -> HAVE)."""
    if len(original) > 1 and original.isupper():
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def with_apostrophe(text: str, apostrophe: str) -> str:
    """``text`` with its apostrophes written as the document writes them."""
    return text.replace("'", apostrophe).replace("’", apostrophe)


def _in_place(paragraph: Paragraph, context: Context, where: str, offset: int) -> bool:
    if where == "anywhere":
        return True
    inside = paragraph.quotes.inside(offset, context.conventions.dialogue)
    return inside if where == "dialogue" else not inside


@paragraph_kind("pattern", depends=("conventions",), triggers=pattern_triggers)
def pattern_rule(paragraph: Paragraph, context: Context, rule: Rule) -> Iterator[Finding]:
    """Report every match of the rule's patterns, with the fix the rule's data gives."""
    compiled = _compiled(rule)
    words = paragraph.word_set
    numbers = compiled.candidates(words)
    if not numbers:
        return
    patterns = compiled.patterns
    text = paragraph.text
    matched = plain_text(paragraph)  # same offsets as text
    index = WordIndex.of(paragraph)
    blocked: list[tuple[int, int]] | None = None  # the spans of the rule's unless
    seen: set[tuple[int, int]] = set()
    for number in numbers:
        pattern = patterns[number]
        if not pattern.unless_words.isdisjoint(words):
            continue
        own_blocked: list[tuple[int, int]] | None = None
        for match in pattern.regex.finditer(matched, index):
            start, end = match.span("target") if pattern.regex.has_target else match.span()
            if blocked is None:
                blocked = unless_matches(compiled.unless, matched)
            if (start, end) in seen or any(s < end and start < e for s, e in blocked):
                continue
            if pattern.unless:
                if own_blocked is None:
                    own_blocked = unless_matches(pattern.unless, matched)
                if any(s < end and start < e for s, e in own_blocked):
                    continue
            if not _in_place(paragraph, context, compiled.where, start):
                continue
            seen.add((start, end))
            found = text[start:end]
            fixes: tuple[Fix, ...] = ()
            fixed = found
            if pattern.replace is not None:
                apostrophe = apostrophe_in(text, context.conventions)
                fixed = with_apostrophe(match_case(found, pattern.replace), apostrophe)
                fixes = (Fix(fixed, f"Replace with “{fixed}”", rule.fix == "safe"),)
            whole = text[match.start() : match.end()]
            message = pattern.message.format(
                match=whole,
                target=found,
                fixed=whole[: start - match.start()] + fixed + whole[end - match.start() :],
                replacement=fixed,
            )
            yield Finding(rule.id, start, end, message, fixes, subject=found)
