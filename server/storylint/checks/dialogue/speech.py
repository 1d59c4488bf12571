"""What the dialogue rules share: a paragraph's spoken quotations and the words around them.

:func:`quotations` gives the top-level quotations of the family that carries the
document's dialogue (:func:`closed` those that close), :func:`words_between` the words of
a stretch of text up to the next quotation mark, and :func:`tag_after` recognises a
speech tag or an action beat after a closing mark (``she said``, ``said Jo``, ``Maren
shrugged``); :func:`tag_of` caches it on the paragraph, since several rules ask. Word
lists come from ``rules/lexicon/`` (speech verbs, beat verbs, pronouns).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import islice

from storylint.checks.context import Context
from storylint.checks.names.cast import cast_of
from storylint.data import word_list
from storylint.parse.apparatus import is_transcription_note
from storylint.parse.paragraph import Paragraph
from storylint.parse.quotes import DOUBLE, SINGLE, Quotation, QuoteMark

#: A word of narration: letters with inner apostrophes or hyphens (and "Mr." style titles).
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*\.?")
#: Keys under which the quotations are cached on a paragraph, by family.
_QUOTATIONS_KEY = {family: ("dialogue-quotations", family) for family in (DOUBLE, SINGLE)}
_CLOSED_KEY = {family: ("dialogue-closed", family) for family in (DOUBLE, SINGLE)}
_NOTE_KEY = "transcription-note"
#: A quotation mark, not an apostrophe inside a word (don't).
_MARK = re.compile(r"[\"“”‘„]|(?<![^\W\d_])['’]|['’](?![^\W\d_])")
_TITLES = frozenset({"mr.", "mrs.", "ms.", "dr.", "st.", "mr", "mrs", "ms", "dr"})
#: Words that start a noun subject of a tag: "the doctor said", "her mother asked".
_DETERMINERS = frozenset({"the", "his", "her", "their", "my", "our", "your", "a", "an"})


@cache
def speech_verbs() -> frozenset[str]:
    return word_list("speech-verb")


@cache
def beat_verbs() -> frozenset[str]:
    return word_list("beat-verb")


@cache
def pronouns() -> frozenset[str]:
    return word_list("subject-pronoun")


@cache
def sentence_openers() -> frozenset[str]:
    """Words that open a sentence of narration, never a tag's subject (Here, Then)."""
    return word_list("sentence-opener")


def _names_from(words: list[Word], index: int, text: str, stop: int | None = None) -> list[Word]:
    """``words[index]`` and the capitalised words after it (before ``stop``), only spaces
    between, at most three: a tag's subject (Mrs. March, Sir Ector, Jacques Three)."""
    stop = len(words) if stop is None else stop
    subject = [words[index]]
    index += 1
    while index < stop and words[index].capitalised and len(subject) < 3:
        if not _is_spaced(text, words[index - 1].end, words[index].start):
            break
        subject.append(words[index])
        index += 1
    return subject


def needs_speech_verb(rule: object) -> tuple[frozenset[str], ...]:
    """Trigger words of a rule about speech tags: a paragraph without a speech verb
    has no tag to check."""
    return (speech_verbs(),)


def needs_beat_verb(rule: object) -> tuple[frozenset[str], ...]:
    """Trigger words of a rule about action beats."""
    return (beat_verbs() | frozenset(getattr(rule, "data", {}).get("beats", ())),)


def is_note(paragraph: Paragraph) -> bool:
    """Whether the paragraph is a transcriber's note or table, whose quotation marks
    quote pieces of the text (see :func:`is_transcription_note`; cached on it)."""
    found = paragraph.memo.get(_NOTE_KEY)
    if found is None:
        found = paragraph.memo[_NOTE_KEY] = is_transcription_note(paragraph.text)
    return found


def quotations(paragraph: Paragraph, context: Context) -> list[Quotation]:
    """Top-level quotations of the dialogue family, in order (cached on the paragraph);
    none in a transcriber's note."""
    family = context.conventions.dialogue
    key = _QUOTATIONS_KEY[family]
    found = paragraph.memo.get(key)
    if found is None:
        found = paragraph.memo[key] = (
            []
            if is_note(paragraph)
            else [q for q in paragraph.quotes.quotations if q.family == family and q.depth == 0]
        )
    return found


def closed(paragraph: Paragraph, context: Context) -> list[Quotation]:
    """Top-level dialogue quotations that close in this paragraph (cached on it)."""
    key = _CLOSED_KEY[context.conventions.dialogue]
    found = paragraph.memo.get(key)
    if found is None:
        found = paragraph.memo[key] = [
            q for q in quotations(paragraph, context) if q.close is not None and q.open
        ]
    return found


def stray_closes(paragraph: Paragraph, context: Context) -> list[QuoteMark]:
    """Closing marks of the dialogue family that close no quotation in the paragraph."""
    strays = paragraph.quotes.stray_closes
    if strays:  # seldom: most paragraphs skip the filter
        family = context.conventions.dialogue
        strays = [] if is_note(paragraph) else [m for m in strays if m.family == family]
    return strays


def tag_of(paragraph: Paragraph, offset: int, limit: int | None = None) -> Tag | None:
    """:func:`tag_after` for a paragraph, cached on it (several rules ask the same)."""
    key = ("tag", offset, limit)
    memo = paragraph.memo
    if key not in memo:
        text = paragraph.text
        # a tag starts with a space and a letter: most quotations are followed by neither
        if text[offset : offset + 1] in (" ", "\n") and text[offset + 1 : offset + 2].isalpha():
            memo[key] = tag_after(text, offset, limit=limit)
        else:
            memo[key] = None
    return memo[key]


@dataclass(slots=True)
class Word:
    """A word of narration or speech, with its offsets and its lowercase form (')."""

    text: str
    start: int
    end: int
    lower: str

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def words_between(text: str, start: int, end: int, limit: int = 8) -> list[Word]:
    """Up to ``limit`` words of ``text[start:end]``, stopping at a quotation mark."""
    end = min(end, start + 24 * limit)  # words are short: never scan a whole paragraph
    mark = _MARK.search(text, start, end)
    if mark is not None:
        end = mark.start()
    return [_word(match) for match in islice(_WORD.finditer(text, start, end), limit)]


def _word(match: re.Match[str]) -> Word:
    """The :class:`Word` of a match of ``_WORD`` (a full stop kept only after a title)."""
    word = match.group()
    begin, stop = match.span()
    lower = word.lower()
    if word[-1] == "." and lower not in _TITLES:
        word, lower, stop = word[:-1], lower[:-1], stop - 1
    if "’" in lower:
        lower = lower.replace("’", "'")
    return Word(word, begin, stop, lower)


#: How far :func:`tag_after` reads: six words of at most 24 characters.
_TAG_WORDS = 6


def tag_word(paragraph: Paragraph, offset: int) -> Word | None:
    """The first word of the tag :func:`tag_of` would read at ``offset`` (no ``limit``),
    or None when it finds no tag there: a cheap look that lets rules skip most quotations.

    No quotation mark can lie inside a word, so this is the first word of ``tag_after``'s
    ``words_between``; with a ``limit`` too, when the word ends before it.
    """
    key = ("tag-word", offset)
    memo = paragraph.memo
    if key not in memo:
        text = paragraph.text
        memo[key] = None
        if text[offset : offset + 1] in (" ", "\n") and text[offset + 1 : offset + 2].isalpha():
            match = _WORD.match(text, offset + 1, min(len(text), offset + 24 * _TAG_WORDS))
            if match is not None:
                memo[key] = _word(match)
    return memo[key]


def may_begin_subject_tag(word: Word) -> bool:
    """Whether a tag whose first word is ``word`` can be uninverted (``she shrugged``,
    ``the doctor nodded``): :func:`tag_after` gives no other kind."""
    lower = word.lower
    return lower not in speech_verbs() and (
        lower in pronouns() or lower in _DETERMINERS or word.capitalised
    )


@dataclass(slots=True)
class Tag:
    """Narration right after a quotation that names who speaks or acts."""

    subject: list[Word]
    verb: Word
    #: "speech", "beat" or "other"
    verb_class: str
    inverted: bool  # "said Jo"
    pronoun: bool  # the subject is a pronoun
    #: Offset just past the tag's last word (the verb or the inverted subject).
    end: int


def verb_class(word: str) -> str:
    if word in speech_verbs():
        return "speech"
    if word in beat_verbs():
        return "beat"
    return "other"


def _is_spaced(text: str, left: int, right: int) -> bool:
    """Only spaces (no punctuation) between two offsets."""
    return not text[left:right].strip()


def tag_after(text: str, offset: int, limit: int | None = None) -> Tag | None:
    """A tag or beat starting at ``offset`` (just past a closing mark), or None.

    Recognised: ``pronoun [adverb-ly] verb``, ``Name [Name] [adverb-ly] verb``,
    ``the/his noun verb``, and the inverted ``speech-verb pronoun|Name``.
    """
    end = len(text) if limit is None else limit
    words = words_between(text, offset, end, limit=_TAG_WORDS)
    if not words or not _is_spaced(text, offset, words[0].start):
        return None
    first = words[0]
    if verb_class(first.lower) == "speech" and len(words) > 1:
        subject = words[1]
        if _is_spaced(text, first.end, subject.start) and (
            subject.lower in pronouns() or subject.capitalised or subject.lower in _DETERMINERS
        ):
            if subject.capitalised and subject.lower not in pronouns():
                names = _names_from(words, 1, text)  # said Mrs. March
                return Tag(names, first, "speech", True, False, names[-1].end)
            return Tag([subject], first, "speech", True, subject.lower in pronouns(), subject.end)
        return None
    index = 0
    if first.lower in pronouns():
        subject = [first]
        index = 1
    elif first.lower in _DETERMINERS and len(words) > 2:
        subject = words[:2]
        index = 2
    elif first.capitalised and first.lower not in sentence_openers():
        # (Here I interrupted, Then Jo said: a new sentence, not a tag)
        subject = _names_from(words, 0, text, stop=len(words) - 1)
        index = len(subject)
    else:
        return None
    for previous, word in zip(words[index - 1 :], words[index:], strict=False):
        if not _is_spaced(text, previous.end, word.start):
            return None
        if word.lower.endswith("ly") and word is not words[-1] and word.lower not in ("reply",):
            continue  # she quietly said
        cls = verb_class(word.lower)
        pronoun = first.lower in pronouns()
        return Tag(subject, word, cls, False, pronoun, word.end)
    return None


def cast_names_of(context: Context) -> frozenset[str]:
    """The words of the cast list and its aliases (``[names]`` in the config)."""
    return frozenset(word for entry in cast_of(context.config).entries for word in entry.split())
