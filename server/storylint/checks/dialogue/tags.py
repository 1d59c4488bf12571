"""Speech tags and action beats after a quotation.

``period-before-tag``: ``"I'm tired." she said.``; ``capitalised-tag``: ``"Wait," He said.``;
``beat-with-comma``: ``"Fine," she shrugged.``; ``fragment-after-quote``:
``"Speak up!" irritation sharp in her voice.``; ``capitalised-continuation``:
``"I think," she said, "We should go."``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from itertools import pairwise

from storylint.checks.context import Context
from storylint.checks.dialogue.speech import (
    Tag,
    closed,
    may_begin_subject_tag,
    needs_beat_verb,
    needs_speech_verb,
    pronouns,
    speech_verbs,
    tag_of,
    tag_word,
    verb_class,
    words_between,
)
from storylint.checks.registry import Rule, paragraph_kind
from storylint.findings import Finding, Fix
from storylint.parse.paragraph import Paragraph
from storylint.parse.quotes import QuoteMark
from storylint.parse.verse import is_verse

_TITLE_BEFORE = re.compile(r"(?:^|\W)(?:Mr|Mrs|Ms|Dr|St|Mt|Jr|Sr|etc|vs)\.$")
_SENTENCE_END = re.compile(r"[.!?;:…]|--|—")


def _ends_clause(text: str, tag: Tag) -> bool:
    """The tag is all there is: the verb (or inverted subject), maybe an -ly adverb, then
    punctuation (``Maren said.``, ``She said quietly,``)."""
    rest = text[tag.end :]
    match = re.match(r"(?:\s+[^\W\d_]+ly)?\s*([.,;!?—]|--|$)", rest)
    return match is not None


def _ends_tag(text: str, tag: Tag) -> bool:
    """After ! or ?: the tag is all there is, as :func:`_ends_clause`, and neither a second
    verb nor a new speech follows it (``He groaned, but added…``, ``He repeated, “Twelve
    hundred…”`` may be sentences of their own)."""
    rest = text[tag.end :]
    return _ends_clause(text, tag) and _NEW_SENTENCE.match(rest) is None


#: After a tag's verb: a conjunction that joins a second verb to it (", but added"), or a
#: new speech opening with a capital (``He repeated, “Twelve…``: the sentence brings it in).
_NEW_SENTENCE = re.compile(
    r"(?:\s+[^\W\d_]+ly)?\s*(?:,?\s*(?i:but|and|then|yet)\b|[,:]\s*[\"“‘'][_*]*[A-Z])"
)


def _ends_sentence(text: str, tag: Tag) -> bool:
    """The tag is a whole sentence: ``She said.``, ``She said quietly.``"""
    return re.match(r"(?:\s+[^\W\d_]+ly)?\s*(?:[.;!?]|$)", text[tag.end :]) is not None


def _sentence_rest(text: str, start: int) -> str:
    """The text from ``start`` to the end of its sentence (or the next quotation)."""
    match = re.search(r"[.!?;\"“”‘’]|--|—", text[start:])
    return text[start : start + match.start()] if match else text[start:]


def _has_speech(text: str) -> bool:
    return any(w.lower in speech_verbs() for w in words_between(text, 0, len(text), limit=20))


@paragraph_kind("period-before-tag", depends=("conventions",), triggers=needs_speech_verb)
def period_before_tag(paragraph: Paragraph, context: Context, rule: Rule) -> Iterator[Finding]:
    """``"I'm tired." she said.`` -> ``"I'm tired," she said.``"""
    text = paragraph.text
    for quotation in closed(paragraph, context):
        close = quotation.close.offset
        period = close - 1
        if period <= quotation.start or text[period] != ".":
            continue
        if (
            text[period - 1] == "."
            or text[period - 2 : period] == ". "
            or _TITLE_BEFORE.search(text[max(quotation.start, period - 5) : period + 1])
        ):
            continue  # an ellipsis (... or spaced, . . .), or "Mr."
        first = tag_word(paragraph, close + 1)
        if first is None or (
            first.capitalised
            and first.lower not in speech_verbs()
            and (first.lower == "i" or first.lower not in pronouns())
        ):
            continue  # "Jo said": the test below, on the tag's first word, in advance
        tag = tag_of(paragraph, close + 1)
        if tag is None or tag.verb_class != "speech":
            continue
        first = tag.verb if tag.inverted else tag.subject[0]
        if first.capitalised and not (
            tag.pronoun and first.lower != "i" and _ends_sentence(text, tag)
        ):
            continue  # "Jo said nothing." may be a sentence of its own
        replacement, end = ",", period + 1
        if tag.pronoun and first.capitalised and first.lower != "i":
            replacement = "," + text[period + 1 : first.start] + first.text.lower()
            end = first.end
        yield Finding(
            rule.id,
            period,
            end,
            rule.data["message"],
            (Fix(replacement, rule.data["fix-description"]),),
        )


@paragraph_kind("capitalised-tag", depends=("conventions",), triggers=needs_speech_verb)
def capitalised_tag(paragraph: Paragraph, context: Context, rule: Rule) -> Iterator[Finding]:
    """``"Wait," He said.`` -> ``"Wait," he said.``"""
    text = paragraph.text
    for quotation in closed(paragraph, context):
        close = quotation.close.offset
        mark = text[close - 1] if close > quotation.start else ""
        if mark not in ",!?":
            continue
        first = tag_word(paragraph, close + 1)
        if first is None or not first.capitalised or first.lower not in pronouns():
            continue  # the tests below, on the tag's first word, in advance
        tag = tag_of(paragraph, close + 1)
        if tag is None or tag.inverted or not tag.pronoun or tag.verb_class != "speech":
            continue
        pronoun = tag.subject[0]  # the capitalised first word tested above
        if pronoun.lower == "i":
            continue
        if mark != "," and not _ends_tag(text, tag):
            continue  # "Why?" She asked him twice. "Oh!" He groaned, but…: may be sentences
        yield Finding(
            rule.id,
            pronoun.start,
            pronoun.end,
            rule.data["message"].format(word=pronoun.text),
            (Fix(pronoun.text.lower(), rule.data["fix-description"]),),
        )


@paragraph_kind("beat-with-comma", depends=("conventions",), triggers=needs_beat_verb)
def beat_with_comma(paragraph: Paragraph, context: Context, rule: Rule) -> Iterator[Finding]:
    """``"Fine," she shrugged.`` -> ``"Fine." She shrugged.``"""
    text = paragraph.text
    previous_close = -1
    for quotation in closed(paragraph, context):
        close = quotation.close.offset
        comma = close - 1
        # a tag between two parts of one speech: "No joke," he said, "your Majesty…"
        resumed = (
            previous_close >= 0
            and quotation.open is not None
            and not _SENTENCE_END.search(text, previous_close + 1, quotation.open.offset)
        )
        previous_close = close
        if comma <= quotation.start or text[comma] != ",":
            continue
        first = tag_word(paragraph, close + 1)
        if first is None or not may_begin_subject_tag(first):
            continue  # "said Jo" is no beat
        tag = tag_of(paragraph, close + 1)
        if tag is None or tag.inverted or tag.verb_class != "beat":
            continue
        if not resumed and _worked_into_narration(text, quotation.open):
            continue  # called her "to her simple duties," she left: a phrase, not a speech
        rest = _sentence_rest(text, tag.end)
        if _has_speech(rest):
            continue  # "Fine," she shrugged and said.
        if _SPOKEN_WITH.match(rest) and rest.split()[0].lower() in rule.data["speech-particles"]:
            continue  # "Fine," he threw off: a verb and its particle, said as a tag
        if rest.rstrip().endswith(",") and re.match(
            r"[\"“‘']\s*[a-z]", text[tag.end + len(rest) :]
        ):
            continue  # "Then," he looked at me, "all that...": a beat inside one sentence
        first = tag.subject[0]
        replacement = "." + text[comma + 1 : first.start] + first.text[0].upper() + first.text[1:]
        yield Finding(
            rule.id,
            comma,
            first.end,
            rule.data["message"].format(verb=tag.verb.text),
            (Fix(replacement, rule.data["fix-description"]),),
        )


#: Before an opening mark: narration whose sentence goes on into the quotation.
_RUNS_INTO = re.compile(r"[^\W\d_],?\s*$")


def _worked_into_narration(text: str, mark: QuoteMark | None) -> bool:
    """The quotation is a phrase worked into a sentence of narration: it opens with a
    small letter, right after a word of the sentence (``called her, “to the simple
    duties…``), so the words after it go on with that sentence rather than tag a speech."""
    if mark is None or mark.offset == 0:
        return False
    inside = text[mark.offset + 1 : mark.offset + 3].lstrip("_*‘'“\"")
    return (
        inside[:1].islower()
        and _RUNS_INTO.search(text, max(0, mark.offset - 40), mark.offset) is not None
    )


#: A particle right after a verb, then the tag ends (or an adverb follows, or whom it was
#: said to): "threw off.", "flung forth irately", "flung back at her;".
_SPOKEN_WITH = re.compile(
    r"\s+[a-z]+(?:\s*(?:[,.;:!?—]|--|$)|\s+[a-z]+ly\b"
    r"|\s+(?:at|to)\s+(?:him|her|them|me|us|you|[A-Z][a-z]+)\s*(?:[,.;:!?—]|--|$))"
)

_FRAGMENT_STOP = re.compile(r"[,;:.!?\"“”‘’(]|--|—")


@cache
def _fragment_words(rule: Rule) -> tuple[frozenset[str], ...]:
    keys = ("not-a-fragment", "possessives", "markers", "verbs")
    return tuple(frozenset(rule.data[key]) for key in keys)


@cache
def _words_of(rule: Rule, key: str) -> frozenset[str]:
    return frozenset(rule.data[key])


def _possessives(rule: Rule) -> tuple[frozenset[str], ...]:
    return (_words_of(rule, "possessives"),)


@paragraph_kind("fragment-after-quote", depends=("conventions",), triggers=_possessives)
def fragment_after_quote(paragraph: Paragraph, context: Context, rule: Rule) -> Iterator[Finding]:
    """``"Speak up!" irritation sharp in her voice.``: neither a tag nor a sentence."""
    text = paragraph.text
    for quotation in closed(paragraph, context):
        close = quotation.close.offset
        if close <= quotation.start or text[close - 1] not in "!?.":
            continue
        if not text[close + 2 : close + 3].islower() or text[close + 1 : close + 2] != " ":
            continue
        stop = _FRAGMENT_STOP.search(text, close + 1)
        end = stop.start() if stop else len(text)
        words = words_between(text, close + 1, end, limit=10)
        if not 2 <= len(words) <= 8 or text[close + 1 : words[0].start].strip():
            continue
        function_words, possessives, markers, verbs = _fragment_words(rule)
        first = words[0]
        if first.capitalised or first.lower in function_words or first.lower in pronouns():
            continue
        lowered = [w.lower for w in words]
        if any(
            verb_class(w) != "other" or w.endswith(("ed", "ly")) or w in function_words
            for w in lowered[:2]
        ):
            continue
        if any(verb_class(w) != "other" or w in verbs or w.endswith("ed") for w in lowered):
            continue  # a verb: a tag or a sentence after all
        owner = next((i for i, w in enumerate(lowered) if w in possessives), None)
        if owner is None:
            continue  # "annoyance lacing his words": a fragment describes someone's manner
        if not (
            any(w.endswith("ing") for w in lowered[1:owner])
            or (owner + 1 < len(lowered) and lowered[owner + 1] in markers)
        ):
            continue
        yield Finding(rule.id, first.start, words[-1].end, rule.data["message"])


@paragraph_kind("capitalised-continuation", depends=("conventions",), triggers=needs_speech_verb)
def capitalised_continuation(
    paragraph: Paragraph, context: Context, rule: Rule
) -> Iterator[Finding]:
    """``"I think," she said, "We should go."`` -> ``"we should go."``"""
    if is_verse(paragraph):
        return  # each line of verse opens with a capital, whatever the sentence does
    text = paragraph.text
    quotes = closed(paragraph, context)
    for first, second in pairwise(quotes):
        close = first.close.offset
        if close <= first.start or text[close - 1] != ",":
            continue
        between = text[close + 1 : second.open.offset]
        if not re.search(r",\s*$", between) or _SENTENCE_END.search(between):
            continue
        tag = tag_of(paragraph, close + 1, limit=second.open.offset)
        if tag is None or tag.verb_class != "speech":
            continue
        if not re.fullmatch(r"(?:\s+[^\W\d_]+ly)?,\s*", text[tag.end : second.open.offset]):
            continue  # "she said, adding aloud, “It's nothing”" may begin a new sentence
        words = words_between(text, second.start, second.end(len(text)), limit=1)
        if not words or words[0].start != second.start:
            continue
        word = words[0]
        if (
            not word.capitalised
            or word.lower not in _words_of(rule, "common-words")
            or word.text.isupper()
        ):
            continue
        yield Finding(
            rule.id,
            word.start,
            word.end,
            rule.data["message"].format(word=word.text),
            (Fix(word.text[0].lower() + word.text[1:], rule.data["fix-description"]),),
        )
