"""The ``confusable`` kind: confusion sets judged by the model, plus the rule's patterns.

A rule of this kind lists its confusion sets (``sets = [["than", "then"]]``) and may keep
``[[rule.patterns]]`` like a ``pattern`` rule. In a paragraph with a member of a set,
every occurrence of a member is scored against each other member of its set by the
confusion model (:mod:`storylint.checks.homophones.confusion`); it is reported when the
score passes the threshold of that direction at the configured confidence
(``[homophones] confidence``, ``"high"`` by default, or ``"normal"``). The rule's
patterns run as well; where both report the same words, the model's finding is kept.

Not judged: a member capitalised where no sentence starts or written in capitals (a
name, a title, shouting) and a member in emphasis (``_its_``, ``*their*``), which is
often a quoted word or a deliberate misspelling.

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
    in_dialect,
    looks_like_a_name,
    padded,
    tokens,
)
from storylint.checks.registry import Rule, RuleDataError, paragraph_kind
from storylint.data import rules_dir
from storylint.findings import Finding, Fix
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
    """The confusion model, loaded once per process; None (after one warning on stderr)
    when it cannot be read."""
    if not _loaded:
        path = model_path()
        try:
            _loaded.append(ConfusionModel.load(path))
        except ModelError as error:
            _loaded.append(None)
            print(
                f"storylint: warning: the confusable-words model {path} cannot be used "
                f"({error}); only the homophone patterns run. Reinstall storylint, or "
                "rebuild the model with tools/train_confusables.py.",
                file=sys.stderr,
            )
    return _loaded[0]


@dataclass(frozen=True)
class _Member:
    table: SetTable
    index: int


@dataclass(frozen=True)
class _Compiled:
    #: Each member word of the rule's sets the model has a table for.
    members: dict[str, _Member]
    has_patterns: bool


@cache
def _compiled(rule: Rule) -> _Compiled:
    sets = rule.data.get("sets", [])
    if not isinstance(sets, list) or not all(
        isinstance(s, list) and len(s) >= 2 and all(isinstance(w, str) for w in s) for s in sets
    ):
        raise RuleDataError(f"{rule.source}: 'sets' must be a list of lists of two or more words")
    loaded = model()
    members: dict[str, _Member] = {}
    for words in sets:
        table = loaded.sets.get("|".join(words)) if loaded is not None else None
        if table is None or not table.pairs:
            continue  # a set the model was not trained on (an older model file)
        for word in words:
            members[word] = _Member(table, table.index[word])
    return _Compiled(members, bool(rule.data.get("patterns")))


def _triggers(rule: Rule) -> tuple[frozenset[str], ...] | None:
    """The rule's member words (and its patterns' triggers): loading the model here, when
    an engine is made, means a process forked to check part of a document has it already
    (and a broken model file is reported once, by the parent)."""
    compiled = _compiled(rule)
    words = frozenset(compiled.members)
    if not compiled.has_patterns:
        return (words,)
    own = patterns.pattern_triggers(rule)
    if own is None:
        return None
    return (words | own[0],)


#: The last paragraph tokenized, and its tokens: the engine runs every rule on a
#: paragraph before the next, and keeping every paragraph's tokens would cost the
#: language server tens of megabytes on a novel.
_last: list = [None, None]


def _model_tokens(paragraph: Paragraph) -> tuple[list[str], list[str]]:
    """The paragraph's tokens as written and as counted (padded), shared by the rules."""
    if _last[0] is not paragraph.text:
        written, counted = tokens(paragraph.text)
        _last[0], _last[1] = paragraph.text, (written, padded(counted))
    return _last[1]


@paragraph_kind("confusable", depends=("conventions", "options"), triggers=_triggers)
def confusable_rule(paragraph: Paragraph, context: Context, rule: Rule) -> Iterator[Finding]:
    """Report the members the model judges written for another member of their set, and
    the matches of the rule's patterns (see the module docstring)."""
    compiled = _compiled(rule)
    found = list(_judged(paragraph, context, rule, compiled)) if compiled.members else []
    yield from found
    if compiled.has_patterns:
        taken = [(f.start, f.end) for f in found]
        for finding in patterns.pattern_rule(paragraph, context, rule):
            if not any(s < finding.end and finding.start < e for s, e in taken):
                yield finding


def confidence_of(context: Context) -> str:
    return context.config.section("homophones").get("confidence", "high")


def _judged(
    paragraph: Paragraph, context: Context, rule: Rule, compiled: _Compiled
) -> Iterator[Finding]:
    words = paragraph.word_set
    present = [word for word in compiled.members if word in words]
    if not present:
        return
    if in_dialect(paragraph.text):
        return
    written, counted = _model_tokens(paragraph)
    confidence = confidence_of(context)
    for word in present:
        member = compiled.members[word]
        at = -1
        for _ in range(counted.count(word)):
            at = counted.index(word, at + 1)
            index = at - PAD
            if looks_like_a_name(written[index], counted[at - 1]):
                continue
            verdict = _verdict(member, counted, at, confidence)
            if verdict is not None:
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


def _offsets(text: str, written: list[str], upto: int) -> list[int]:
    """Where each of the first ``upto`` written tokens starts in ``text``."""
    from storylint.checks.homophones.contexts import MARKS

    plain = text.translate(MARKS)
    starts = []
    position = 0
    for token in written[:upto]:
        position = plain.find(token, position)
        starts.append(position)
        position += len(token)
    return starts


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
    text = paragraph.text
    starts = _offsets(text, written, last + 1)
    start, end = starts[index], starts[index] + len(written[index])
    if (start and text[start - 1] in _EMPHASIS) or text[end : end + 1] in tuple(_EMPHASIS):
        return None  # emphasised: a quoted word, a foreign one, a misspelling on purpose
    found = text[start:end]
    meant = table.members[verdict.meant]
    fixed = patterns.with_apostrophe(
        patterns.match_case(found, meant), context.conventions.apostrophe
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


def _message(wrong: str, right: str, right_count: int, wrong_count: int) -> str:
    evidence = f"in published fiction “{right}” is written "
    if wrong_count == 0:
        evidence += f"{_about(right_count)} times and “{wrong}” never"
    else:
        ratio = right_count / wrong_count
        shown = f"{ratio:.0f}" if ratio < 20 else _about(round(ratio))
        evidence += f"{shown} times for every “{wrong}”"
    return f"“{wrong}” → “{right}”: {evidence}"
