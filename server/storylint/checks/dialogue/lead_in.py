"""Narration before a quotation: ``Jo sighed, "Let's go."`` (an action beat takes a full
stop) and ``She said "Let's go."`` (a speech tag takes a comma)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from storylint.checks.context import Context
from storylint.checks.dialogue.speech import (
    needs_beat_verb,
    needs_speech_verb,
    pronouns,
    quotations,
    speech_verbs,
    verb_class,
    words_between,
)
from storylint.checks.names.lexicon import ends_title
from storylint.checks.registry import Rule, paragraph_kind
from storylint.data import word_list
from storylint.findings import Finding, Fix
from storylint.parse.paragraph import Paragraph
from storylint.parse.quotes import Quotation
from storylint.parse.verse import is_verse

_BOUNDARIES = '.!?;:"“”‘’—'
#: The end of a quotation that a speech goes on after: a comma and the closing mark.
_AFTER_COMMA = frozenset({',"', ",”", ",’", ",'"})


def _clause_start(text: str, start: int, end: int) -> int:
    """Where the clause that ends at ``end`` begins (after the last sentence boundary; a
    title's full stop is none: "said Mrs. Brook as she took it in")."""
    last = max(text.rfind(c, start, end) for c in _BOUNDARIES)
    while last > start and text[last] == "." and ends_title(text, start, last):
        last = max(text.rfind(c, start, last) for c in _BOUNDARIES)
    dashes = text.rfind("--", start, end)
    return max(last + 1, dashes + 2 if dashes >= 0 else start, start)


def _lead_ins(paragraph: Paragraph, context: Context) -> Iterator[tuple[int, Quotation]]:
    """For each quotation with an opening mark: (start of the narration before it, it)."""
    previous_end = 0
    for quotation in quotations(paragraph, context):
        if quotation.open is None:
            continue
        yield previous_end, quotation
        previous_end = quotation.close.offset + 1 if quotation.close else len(paragraph.text)


@cache
def _speech_words() -> frozenset[str]:
    """Speech verbs in every form ("said", "say")."""
    return speech_verbs() | word_list("speech-verb-base")


@cache
def _beats(rule: Rule) -> frozenset[str]:
    return frozenset(rule.data["beats"])


@paragraph_kind("beat-before-quote", depends=("conventions",), triggers=needs_beat_verb)
def beat_before_quote(paragraph: Paragraph, context: Context, rule: Rule) -> Iterator[Finding]:
    """``Jo sighed, "Let's go."`` -> ``Jo sighed. "Let's go."``"""
    text = paragraph.text
    for start, quotation in _lead_ins(paragraph, context):
        mark, inside = quotation.open.offset, quotation.start
        comma = mark - 1
        while comma >= start and text[comma] in " \t":
            comma -= 1
        if comma < start or text[comma] != "," or not text[inside : inside + 1].isupper():
            continue
        clause_start = _clause_start(text, start, comma)
        if clause_start == start and text[start - 2 : start] in _AFTER_COMMA:
            # “No,” Lisle laughed, “I wish…”: a tag between two parts of a speech (with a
            # beat verb, beat-with-comma tells of the comma before it)
            continue
        words = words_between(text, clause_start, comma, limit=14)
        if len(words) < 2 or len(words) > 12:
            continue
        subject = words[0]
        if not (subject.capitalised or subject.lower in pronouns()):
            continue
        lowered = [w.lower for w in words]
        speech = _speech_words()
        if any(w in speech for w in lowered) or any(w.endswith("ing") for w in lowered):
            continue
        beats = _beats(rule)
        if not any(verb_class(w) == "beat" or w in beats for w in lowered[1:]):
            continue
        if text[clause_start:comma].count(",") > 0:
            continue  # "He turned, slowly, and faced her," is too tangled to judge
        yield Finding(
            rule.id,
            comma,
            comma + 1,
            rule.data["message"],
            (Fix(".", rule.data["fix-description"]),),
        )


@paragraph_kind("tag-before-quote", depends=("conventions",), triggers=needs_speech_verb)
def tag_before_quote(paragraph: Paragraph, context: Context, rule: Rule) -> Iterator[Finding]:
    """``She said "Let's go."`` -> ``She said, "Let's go."``"""
    if is_verse(paragraph):
        return  # verse brings in speech without the comma: And the Bellman remarked “It is…”
    text = paragraph.text
    for start, quote in _lead_ins(paragraph, context):
        mark, inside = quote.open.offset, quote.start
        if mark < 2 or text[mark - 1] != " " or not text[mark - 2].isalpha():
            continue
        words = words_between(text, max(start, mark - 60), mark, limit=12)[-2:]
        if len(words) < 2 or text[words[-1].end : mark] != " ":
            continue
        subject, verb = words
        if verb.lower not in speech_verbs() or text[subject.end : verb.start] != " ":
            continue
        if subject.lower == "it" or not (subject.lower in pronouns() or subject.capitalised):
            continue  # "the sign said" quotes writing, not speech
        inner = text[quote.start : quote.end(len(text))].rstrip()
        if not text[inside : inside + 1].isupper() or not inner or inner[-1] not in ".!?":
            continue
        if len(inner.split()) < 3:
            continue  # he answered "Yes." is often written so
        yield Finding(
            rule.id,
            verb.end,
            mark,
            rule.data["message"].format(verb=verb.text),
            (Fix(", ", rule.data["fix-description"]),),
        )
