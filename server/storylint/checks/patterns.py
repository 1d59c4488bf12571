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
  previous word (``^ [owe] !`` is "Owe!" as a whole exclamation)
* ``deep-seeded`` a hyphenated word (also matched when written as two words)

A rule lists ``[[rule.patterns]]`` with ``match``, ``replace`` (what the bracketed words
become; the case of the first letter is kept, and apostrophes follow the document) and
``message``, plus optional ``unless`` patterns: a match that overlaps one of them is
not reported (``unless`` on the rule applies to all its patterns, on a pattern to that
pattern only). ``unless-words`` on a pattern lists words that silence it when the
paragraph contains one ("Owe!" is a cry of pain unless the paragraph talks of paying). ``where = "dialogue"`` or ``"narration"`` limits a rule to one of them.
Patterns compile to regular expressions once, and a rule only runs on paragraphs that
contain its trigger words (a word of each literal element and small word class).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from storylint.checks.context import Context
from storylint.checks.registry import Rule, RuleDataError, paragraph_kind
from storylint.data import word_list
from storylint.findings import Finding, Fix
from storylint.parse.paragraph import Paragraph

_SEP = r"[ \t\u00a0\r\n]+"
# A word is not part of a longer one: no letter, apostrophe or "letter-" before it, no
# letter, "'letter" or "-letter" after it ("all" is not matched in "all-important").
_BEFORE = r"(?<![^\W_'’])(?<![^\W_]-)"
_AFTER = r"(?![^\W_]|['’-][^\W_])"
_ANY_WORD = r"[^\W_]+(?:['’][^\W_]+)*"
_SENTENCE_START = r"(?:(?<![\s\S])|(?<=[.!?…]\s)|(?<=[.!?…][\"”’']\s)|(?<=[\"“‘]))"
_SENTENCE_END = r"(?=[ \t\u00a0]*(?:[.!?…,;:—]|--|[\"”’']|$))"
_PUNCTUATION = ".,;:!?"


#: A word class this small can serve as trigger words.
_TRIGGER_CLASS_LIMIT = 60


@dataclass(frozen=True)
class Pattern:
    """One compiled pattern of a rule."""

    regex: re.Pattern[str]
    replace: str | None
    message: str
    #: Word sets the pattern cannot match without (one word of each must be present).
    needs: tuple[frozenset[str], ...]
    #: Matches overlapping one of these are not reported (this pattern's own ``unless``).
    unless: tuple[re.Pattern[str], ...] = ()
    #: The pattern is silent in a paragraph that has one of these words (lowercase, ').
    unless_words: frozenset[str] = frozenset()


def _literal_words(word: str) -> set[str]:
    """The trigger word of a literal: its first part when hyphenated (``deep-seeded``),
    since a paragraph's word set splits at hyphens."""
    return {re.split(r"[-\s]", word.lower().replace("’", "'"), maxsplit=1)[0]}


def _words_regex(words: list[str]) -> str:
    ordered = sorted({w.lower() for w in words}, key=len, reverse=True)
    return "|".join(_word_regex(w) for w in ordered)


def _word_regex(word: str) -> str:
    """A literal word: either apostrophe; a hyphen also matches a space or no hyphen."""
    parts = [re.sub("['’]", "['’]", re.escape(part)) for part in word.split("-")]
    return r"(?:-|[ \t\u00a0]*)".join(parts) if len(parts) > 1 else parts[0]


def _alternative(part: str, where: str) -> tuple[str, set[str] | None]:
    """Regex for one alternative of an element, and its words if they are few."""
    if part.startswith("@"):
        try:
            words = word_list(part[1:])
        except FileNotFoundError:
            raise RuleDataError(f"{where}: no word class rules/lexicon/{part[1:]}.txt") from None
        few = {w.lower().replace("’", "'") for w in words}
        return f"(?:{_words_regex(list(words))})", few if len(few) <= _TRIGGER_CLASS_LIMIT else None
    if part == "*":
        return _ANY_WORD, None
    if part.startswith("*"):
        return rf"[^\W\d_]{{2,}}{re.escape(part[1:])}", None
    return f"(?:{_words_regex([part])})", _literal_words(part)


def _element(token: str, where: str) -> tuple[str, set[str] | None]:
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


def compile_pattern(source: str, where: str) -> tuple[re.Pattern[str], tuple[frozenset[str], ...]]:
    """Compile a pattern string; return the regex and the word sets it needs."""
    tokens = source.replace("[", " [ ").replace("]", " ] ").split()
    pieces: list[str] = []
    needs: list[frozenset[str]] = []
    words_seen = 0
    pending_sep = False
    in_target = False
    for token in tokens:
        if token == "[":
            pieces.append("(?P<target>")
            in_target = True
            continue
        if token == "]":
            pieces.append(")")
            in_target = False
            continue
        if token == "^":
            pieces.append(_SENTENCE_START)
            continue
        if token == "$":
            pieces.append(_SENTENCE_END)
            continue
        if all(char in _PUNCTUATION for char in token):
            pieces.append(rf"[ \t\u00a0]*{re.escape(token)}")
            pending_sep = True
            continue
        optional = token.endswith("?") and len(token) > 1
        regex, literal = _element(token.rstrip("?") if optional else token, where)
        if literal and not optional:
            needs.append(frozenset(literal))
        word = f"{_BEFORE}{regex}{_AFTER}"
        if optional:
            if not words_seen:
                raise RuleDataError(f"{where}: a pattern cannot start with an optional word")
            if in_target and pieces and pieces[-1] == "(?P<target>":
                raise RuleDataError(f"{where}: the target cannot start with an optional word")
            pieces.append(f"(?:{_SEP}{word})?")
        else:
            if pending_sep or words_seen:
                # the separator goes before the target group, not inside it
                if pieces and pieces[-1] == "(?P<target>":
                    pieces.insert(len(pieces) - 1, _SEP)
                else:
                    pieces.append(_SEP)
            pieces.append(word)
        words_seen += 1
        pending_sep = True
    if in_target:
        raise RuleDataError(f"{where}: unclosed '[' in pattern {source!r}")
    try:
        return re.compile("".join(pieces), re.IGNORECASE), tuple(needs)
    except re.error as error:
        raise RuleDataError(f"{where}: pattern {source!r} does not compile: {error}") from None


@cache
def _compiled(rule: Rule) -> tuple[list[Pattern], list[re.Pattern[str]]]:
    patterns = []
    for number, entry in enumerate(rule.data.get("patterns", []), 1):
        where = f"{rule.source} pattern {number}"
        regex, needs = compile_pattern(entry["match"], where)
        message = entry.get("message") or rule.data.get("message")
        if not message:
            raise RuleDataError(f"{where}: no message")
        own_unless = tuple(
            compile_pattern(text, f"{where} unless")[0] for text in entry.get("unless", [])
        )
        avoid = frozenset(w.lower().replace("’", "'") for w in entry.get("unless-words", []))
        patterns.append(Pattern(regex, entry.get("replace"), message, needs, own_unless, avoid))
    if not patterns:
        raise RuleDataError(f"{rule.source}: a pattern rule needs [[rule.patterns]]")
    unless = [
        compile_pattern(text, f"{rule.source} unless")[0] for text in rule.data.get("unless", [])
    ]
    return patterns, unless


def _triggers(rule: Rule) -> tuple[frozenset[str], ...] | None:
    """Word sets every paragraph the rule can fire in has: shared by all its patterns."""
    patterns, _ = _compiled(rule)
    if any(not pattern.needs for pattern in patterns):
        return None
    if len(patterns) == 1:
        return patterns[0].needs
    # Several patterns: a paragraph must have a word from the union of their first needs.
    return (frozenset().union(*(pattern.needs[0] for pattern in patterns)),)


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


@paragraph_kind("pattern", depends=("conventions",), triggers=_triggers)
def pattern_rule(paragraph: Paragraph, context: Context, rule: Rule) -> Iterator[Finding]:
    """Report every match of the rule's patterns, with the fix the rule's data gives."""
    patterns, unless = _compiled(rule)
    text = paragraph.text
    where = rule.data.get("where", "anywhere")
    blocked: list[tuple[int, int]] | None = None
    seen: set[tuple[int, int]] = set()
    words = paragraph.word_set
    for pattern in patterns:
        if not all(need & words for need in pattern.needs) or pattern.unless_words & words:
            continue
        own_blocked: list[tuple[int, int]] | None = None
        for match in pattern.regex.finditer(text):
            start, end = (
                match.span("target") if "target" in pattern.regex.groupindex else match.span()
            )
            if blocked is None:
                blocked = [m.span() for regex in unless for m in regex.finditer(text)]
            if (start, end) in seen or any(s < end and start < e for s, e in blocked):
                continue
            if pattern.unless:
                if own_blocked is None:
                    own_blocked = [m.span() for regex in pattern.unless for m in regex.finditer(text)]
                if any(s < end and start < e for s, e in own_blocked):
                    continue
            if not _in_place(paragraph, context, where, start):
                continue
            seen.add((start, end))
            found = text[start:end]
            fixes: tuple[Fix, ...] = ()
            fixed = found
            if pattern.replace is not None:
                fixed = with_apostrophe(
                    match_case(found, pattern.replace), context.conventions.apostrophe
                )
                fixes = (Fix(fixed, f"Replace with “{fixed}”", rule.fix == "safe"),)
            whole = match.group()
            message = pattern.message.format(
                match=whole,
                target=found,
                fixed=whole[: start - match.start()] + fixed + whole[end - match.start() :],
                replacement=fixed,
            )
            yield Finding(rule.id, start, end, message, fixes, subject=found)
