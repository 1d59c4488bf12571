"""The ``confusable`` kind: confusion sets judged by the model, plus the rule's patterns.

A rule of this kind lists its confusion sets (``sets = [["than", "then"]]``) and may keep
``[[rule.patterns]]`` like a ``pattern`` rule. In a paragraph with a member of a set,
every occurrence of a member is scored against each other member of its set by the
confusion model (:mod:`storylint.checks.homophones.confusion`); it is reported when the
score passes the threshold of that direction at the configured confidence
(``[homophones] confidence``, ``"high"`` by default, or ``"normal"``). The rule's
patterns run as well; where both report the same words, the model's finding is kept.
The rule's own ``unless`` patterns silence the model's findings too (idioms and
constructions whose words the counts cannot tell apart: "you're head over heels").

Not judged, by the model or the patterns: a member capitalised where no sentence starts
or written in capitals (a name, a title, shouting), a member in emphasis (``_its_``,
``*their*``), which is often a quoted word or a deliberate misspelling, and the
paragraphs in eye dialect (:func:`~storylint.checks.homophones.contexts.in_dialect`).
A rule with ``model = false`` runs only its patterns, with the same exclusions
(``benchmarks/pattern_value.py`` measures each pattern so).

The model file is ``rules/confusables.model`` (or ``$STORYLINT_CONFUSION_MODEL``). It is
loaded on first use; if it is missing or damaged, one warning goes to stderr and the
rules' patterns still run.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from storylint.checks.context import Context
from storylint.checks.homophones import patterns
from storylint.checks.homophones.confusion import (
    ConfusionModel,
    ModelError,
    SetTable,
    shown_count,
)
from storylint.checks.homophones.contexts import (
    PAD,
    SHAPES,
    Hashes,
    looks_like_a_name,
    token_offsets,
)
from storylint.checks.homophones.per_paragraph import facts_of
from storylint.checks.registry import Rule, RuleDataError, paragraph_kind
from storylint.data import rules_dir
from storylint.findings import Finding, Fix
from storylint.parse.conventions import apostrophe_in
from storylint.parse.paragraph import Paragraph

MODEL_FILE = "confusables.model"
CONFIDENCES = ("high", "normal")
_EMPHASIS = "_*"

_loaded: list[ConfusionModel | None] = []
_hashes = Hashes()


def model_path() -> Path:
    """Where the model is read from: ``$STORYLINT_CONFUSION_MODEL`` or the rule data's."""
    chosen = os.environ.get("STORYLINT_CONFUSION_MODEL")
    return Path(chosen) if chosen else rules_dir() / MODEL_FILE


def model() -> ConfusionModel | None:
    """The confusion model, loaded once per process on first use; None (after one warning
    on stderr) when it cannot be read.

    A process forked to check part of a document (:mod:`storylint.engine.parallel`)
    loads it again if its parent had not yet (a few milliseconds: the tables are mapped,
    not read), but only the process that set the rules up warns of a broken file: the
    parent checks the first part of the document itself, so it meets the model too."""
    if not _loaded:
        path = model_path()
        try:
            _loaded.append(ConfusionModel.load(path))
        except ModelError as error:
            _loaded.append(None)
            if os.getpid() in _setup_processes or not _setup_processes:
                print(
                    f"storylint: warning: the confusable-words model {path} cannot be used "
                    f"({error}); only the homophone patterns run. Reinstall storylint, or "
                    "rebuild the model with tools/train_confusables.py.",
                    file=sys.stderr,
                )
    return _loaded[0]


#: The processes that compiled the rules (the parents of forked checks).
_setup_processes: set[int] = set()


@dataclass(frozen=True)
class _Member:
    table: SetTable
    index: int


@dataclass(frozen=True)
class _Compiled:
    sets: tuple[tuple[str, ...], ...]
    has_patterns: bool
    #: Every member word of the rule's sets (lowercase, apostrophe ').
    words: frozenset[str]
    #: Whether the model judges the sets (``model = false``: only the patterns run).
    judged: bool


@cache
def _compiled(rule: Rule) -> _Compiled:
    sets = rule.data.get("sets", [])
    if not isinstance(sets, list) or not all(
        isinstance(s, list) and len(s) >= 2 and all(isinstance(w, str) for w in s) for s in sets
    ):
        raise RuleDataError(f"{rule.source}: 'sets' must be a list of lists of two or more words")
    _setup_processes.add(os.getpid())
    every = frozenset(word.lower().replace("’", "'") for words in sets for word in words)
    return _Compiled(
        tuple(tuple(words) for words in sets),
        bool(rule.data.get("patterns")),
        every,
        bool(rule.data.get("model", True)),
    )


@cache
def _members(rule: Rule) -> dict[str, _Member]:
    """Each member word of the rule's sets the model has a table for (loading the model
    when first asked)."""
    compiled = _compiled(rule)
    loaded = model() if compiled.judged else None
    members: dict[str, _Member] = {}
    for words in compiled.sets:
        table = loaded.sets.get("|".join(words)) if loaded is not None else None
        if table is None or not table.pairs:
            continue  # a set the model was not trained on (an older model file)
        for word in words:
            members[word] = _Member(table, table.index[word])
    return members


def _triggers(rule: Rule) -> tuple[frozenset[str], ...] | None:
    """The rule's member words, and its patterns' triggers (the model is not loaded
    here: only when a paragraph has one of the words)."""
    compiled = _compiled(rule)
    if not compiled.has_patterns:
        return (compiled.words,)
    own = patterns.pattern_triggers(rule)
    if own is None:
        return None
    return (compiled.words | own[0],)


@paragraph_kind("confusable", depends=("conventions", "options"), triggers=_triggers)
def confusable_rule(paragraph: Paragraph, context: Context, rule: Rule) -> Iterator[Finding]:
    """Report the members the model judges written for another member of their set, and
    the matches of the rule's patterns (see the module docstring)."""
    compiled = _compiled(rule)
    found = list(_judged(paragraph, context, rule, compiled)) if compiled.judged else []
    if found and rule.data.get("unless"):
        blocked = patterns.unless_spans(rule, paragraph)
        found = [f for f in found if not any(s < f.end and f.start < e for s, e in blocked)]
    yield from found
    if compiled.has_patterns:
        taken = [(f.start, f.end) for f in found]
        for finding in patterns.pattern_rule(paragraph, context, rule):
            if any(s < finding.end and finding.start < e for s, e in taken):
                continue
            if not _judged_word_in(paragraph, compiled.words, finding.start, finding.end):
                continue
            if facts_of(paragraph.text).in_dialect:
                return  # asked only now: most paragraphs have nothing to report
            yield finding


def _judged_word_in(paragraph: Paragraph, words: frozenset[str], start: int, end: int) -> bool:
    """Whether a pattern's match has a member of the rule's sets that the model would
    judge too: not capitalised where no sentence starts (a name, a title), not in
    capitals, not in emphasis (or the match has no member: judged on its own)."""
    written, counted = facts_of(paragraph.text).tokens
    text = paragraph.text
    starts = token_offsets(text, written, len(written))
    seen = False
    for index, (token, place) in enumerate(zip(written, starts, strict=True)):
        if place >= end:
            break
        if place + len(token) <= start or counted[index + PAD] not in words:
            continue
        seen = True
        before = counted[index + PAD - 1]
        emphasised = (place and text[place - 1] in _EMPHASIS) or text[
            place + len(token) : place + len(token) + 1
        ] in tuple(_EMPHASIS)
        if not looks_like_a_name(token, before) and not emphasised:
            return True
    return not seen


def confidence_of(context: Context) -> str:
    return context.config.section("homophones").get("confidence", "high")


def _judged(
    paragraph: Paragraph, context: Context, rule: Rule, compiled: _Compiled
) -> Iterator[Finding]:
    words = paragraph.word_set
    if compiled.words.isdisjoint(words):
        return
    members = _members(rule)
    present = [word for word in members if word in words]
    if not present:
        return
    facts = facts_of(paragraph.text)
    written, counted = facts.tokens
    confidence = confidence_of(context)
    for word in present:
        member = members[word]
        at = -1
        for _ in range(counted.count(word)):
            at = counted.index(word, at + 1)
            index = at - PAD
            if looks_like_a_name(written[index], counted[at - 1]):
                continue
            verdict = _verdict(member, counted, at, confidence)
            if verdict is not None:
                if facts.in_dialect:
                    return  # asked only now: most paragraphs have nothing to report
                finding = _finding(paragraph, context, rule, member, written, counted, at, verdict)
                if finding is not None:
                    yield finding


@dataclass(frozen=True)
class _Verdict:
    meant: int
    #: The entry and shape of the context that counts most for the change.
    entry: int
    shape: int


def _verdict(member: _Member, counted: list[str], at: int, confidence: str) -> _Verdict | None:
    """The member meant instead of ``counted[at]``, if one passes its threshold, and the
    context to cite."""
    judged = member.table.judge(counted, at, member.index, _hashes, confidence)
    if judged is None:
        return None
    return _Verdict(judged.meant, judged.entry, judged.shape)


def _finding(
    paragraph: Paragraph,
    context: Context,
    rule: Rule,
    member: _Member,
    written: list[str],
    counted: list[str],
    at: int,
    verdict: _Verdict,
) -> Finding | None:
    table = member.table
    index = at - PAD
    left, right = SHAPES[verdict.shape]
    first = max(0, index - left)
    last = min(len(written) - 1, index + right)
    # the phrase cited, without the quotation marks at its ends (“I’ll write”, not
    # ““I’ll write”)
    while first < index and counted[first + PAD] == '"':
        first += 1
    while last > index and counted[last + PAD] == '"':
        last -= 1
    text = paragraph.text
    starts = token_offsets(text, written, last + 1)
    start, end = starts[index], starts[index] + len(written[index])
    if (start and text[start - 1] in _EMPHASIS) or text[end : end + 1] in tuple(_EMPHASIS):
        return None  # emphasised: a quoted word, a foreign one, a misspelling on purpose
    found = text[start:end]
    meant = table.members[verdict.meant]
    fixed = patterns.with_apostrophe(
        patterns.match_case(found, meant), apostrophe_in(text, context.conventions)
    )
    phrase_start, phrase_end = starts[first], starts[last] + len(written[last])
    after = text[end:phrase_end]
    wrong_phrase = _one_line(text[phrase_start:start] + found + after)
    right_phrase = _one_line(text[phrase_start:start] + fixed + after)
    counts = table.counts(verdict.entry)
    message = _message(
        wrong_phrase,
        right_phrase,
        shown_count(counts[verdict.meant]),
        shown_count(counts[member.index]),
    )
    fixes = (Fix(fixed, f"Replace with “{fixed}”", rule.fix == "safe"),)
    return Finding(rule.id, start, end, message, fixes, subject=found)


def _one_line(text: str) -> str:
    """``text`` with each run of white space (a line break, two spaces) as one space."""
    return " ".join(text.split())


def _about(count: int) -> str:
    if count < 20:
        return f"{count:,}"
    digits = len(str(count)) - 2
    return f"about {round(count, -digits):,}"


def _times(count: int) -> str:
    return "once" if count == 1 else f"{_about(count)} times"


def _message(wrong: str, right: str, right_count: int, wrong_count: int) -> str:
    evidence = f"in published fiction “{right}” is written "
    if wrong_count == 0:
        evidence += f"{_times(right_count)} and “{wrong}” never"
    elif right_count < 3 * wrong_count:
        evidence += f"{_times(right_count)} and “{wrong}” {_times(wrong_count)}"
    else:
        ratio = round(right_count / wrong_count)
        shown = f"{ratio}" if ratio < 20 else _about(ratio)
        evidence += f"{shown} times for every “{wrong}”"
    return f"“{wrong}” → “{right}”: {evidence}"
