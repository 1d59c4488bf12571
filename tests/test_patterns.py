"""The pattern language of the ``pattern`` kind: punctuation, hyphenated words, unless."""

from __future__ import annotations

import pytest

from conftest import check_text
from storylint.checks import all_rules
from storylint.checks.context import Context
from storylint.checks.homophones.patterns import (
    _AFTER,
    _BEFORE,
    _PLAIN,
    WordIndex,
    _compiled,
    compile_pattern,
    pattern_rule,
    pattern_triggers,
)
from storylint.checks.registry import Rule, RuleDataError
from storylint.config import from_mapping
from storylint.findings import Severity
from storylint.parse.continuity import Neighbors
from storylint.parse.conventions import Conventions
from storylint.parse.paragraph import Paragraph


def spans(pattern: str, text: str) -> list[str]:
    regex, _ = compile_pattern(pattern, "test")
    found = []
    for match in regex.finditer(text.translate(_PLAIN)):
        start, end = match.span("target") if regex.has_target else match.span()
        found.append(text[start:end])
    return found


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("^ [owe] !", "“Owe!” said Priya.", ["Owe"]),
        ("^ [owe] !", "Owe? I owe nothing.", []),
        ("^ [owe] !", "I owe!", []),
        (", and [its] close $", "a bell, and its close.", ["its"]),
        (", and [its] close $", "a bell and its close.", []),
        ("[deep-seeded]", "a deep-seeded fear", ["deep-seeded"]),
        ("[deep-seeded]", "a deep seeded fear", ["deep seeded"]),
        ("[its] all", "its all-important task", []),
        ("[its] all", "its all over", ["its"]),
        ("[so]", "a so-called friend", []),
        (", [to] .|?", "a rough one, to. And you, to?", ["to", "to"]),
        (", [to] .|?", "a rough one, to, and", []),
        ("[its] self?", "its self-made", ["its"]),
        ("[its] self?", "its selfish aim", ["its"]),
        ("of [its] own", "of its own-brand", []),
        ("me|you [to] !", "you to!", ["to"]),
    ],
)
def test_pattern_matches(pattern, text, expected):
    assert spans(pattern, text) == expected


def test_hyphenated_word_triggers_on_its_first_part():
    _, needs = compile_pattern("[deep-seeded]", "test")
    assert needs == (frozenset({"deep"}),)


def test_pattern_unless_and_unless_words_silence_one_pattern():
    rule = Rule(
        "homophones.test-rule",
        "pattern",
        Severity.WARNING,
        "test",
        "test",
        fix="safe",
        data={
            "message": "{match}",
            "patterns": [
                {"match": "^ [owe] !", "replace": "ow", "unless-words": ["pay"]},
                {"match": "[loose] it", "replace": "lose", "unless": ["loose it from"]},
            ],
        },
    )
    context = Context(Conventions(), Neighbors(), from_mapping({}, "test"))

    def found(text: str) -> list[tuple[int, int, str]]:
        return [
            (f.start, f.end, f.fixes[0].replacement)
            for f in pattern_rule(Paragraph(text), context, rule)
        ]

    assert found("“Owe!” she said.") == [(1, 4, "Ow")]
    assert found("“Owe!” He caught up a pen. “I will pay it.”") == []
    assert found("Don't loose it.") == [(6, 11, "lose")]
    assert found("They loose it from the mast.") == []


@pytest.mark.parametrize(
    "rule", [r for r in all_rules().values() if r.kind == "pattern"], ids=lambda r: r.id
)
def test_every_pattern_compiles(rule):
    """Regexes and unless patterns are compiled on first use; compile them all here so a
    bad one fails now."""
    compiled = _compiled(rule)
    unless = list(compiled.unless) + [u for p in compiled.patterns for u in p.unless]
    for matcher in [p.regex for p in compiled.patterns] + [u.matcher for u in unless]:
        assert matcher.regex.pattern


def test_two_targets_are_refused():
    with pytest.raises(RuleDataError, match=r"more than one"):
        compile_pattern("[we] [where]", "test")


def test_lookarounds_only_where_no_separator_does_their_work():
    regex, _ = compile_pattern("^ [its] a|the own? $", "test")
    assert regex.source.count(_BEFORE) == 1  # the first word only
    assert regex.source.count(_AFTER) == 2  # before the optional word and before $


def test_word_index_starts_and_tokens():
    index = WordIndex("Jo's well-worn “hat”, O’Neil", frozenset())
    assert index.tokens == ["jo's", "well", "worn", "hat", "o", "neil"]
    assert index.starts == [0, 5, 10, 16, 22, 24]


@pytest.mark.parametrize(
    "rule", [r for r in all_rules().values() if r.kind == "pattern"], ids=lambda r: r.id
)
def test_candidates_are_the_patterns_whose_needs_are_met(rule):
    patterns = _compiled(rule).patterns
    needed = sorted({word for p in patterns for need in p.needs for word in need})
    for start in range(0, len(needed), 7):
        words = frozenset(needed[start::3] + needed[:start:5])
        expected = [
            number
            for number, pattern in enumerate(patterns)
            if not any(need.isdisjoint(words) for need in pattern.needs)
        ]
        assert _compiled(rule).candidates(words) == expected


def test_a_rule_triggers_on_the_words_its_patterns_share():
    rules = all_rules()
    assert pattern_triggers(rules["homophones.to-too"]) == (frozenset({"to"}),)
    assert pattern_triggers(rules["homophones.there-their"]) == (
        frozenset({"there", "their", "they're"}),
    )


@pytest.mark.parametrize(
    "rule", [r for r in all_rules().values() if r.kind == "pattern"], ids=lambda r: r.id
)
def test_triggers_hold_a_need_of_every_pattern(rule):
    patterns = _compiled(rule).patterns
    triggers = pattern_triggers(rule)
    if triggers is None:
        assert any(not p.needs for p in patterns)
    elif len(patterns) == 1:
        assert triggers == patterns[0].needs
    else:
        (words,) = triggers
        assert all(any(need <= words for need in p.needs) for p in patterns)


def test_a_symbol_before_a_sentence_does_not_hide_its_start():
    # an emoji (with a skin tone), a byte-order mark an editor may hold: the sentence
    # still starts at "Your"
    for text, column in [
        ("😀 Your going to be late, she said.", 2),
        ("👍🏽 Your going to be late.", 3),
        ("\ufeffYour going to be late.", 1),
        ("Well. 😀 Your going to be late.", 8),
    ]:
        found = [(r.rule.id, r.start) for r in check_text(text, select=["homophones"])]
        assert found == [("homophones.your-youre", column)], text


def test_a_fix_writes_the_apostrophe_of_the_words_around_it():
    # the document writes ’ (narration), but this speech is in straight quotes
    text = (
        "It’s late. Jo’s lamp is out. Don’t go.\n\n"
        '"Your going to be late," she said.\n\n'
        "“Their asleep,” he said.\n\n"
        "Its raining, and it's cold.\n"
    )
    fixes = [
        (r.rule.id, r.finding.fixes[0].replacement)
        for r in check_text(text, select=["homophones"])
        if r.finding.fixes
    ]
    assert fixes == [
        ("homophones.your-youre", "You're"),  # straight quotes: straight apostrophe
        ("homophones.there-their", "They’re"),  # curly quotes: curly apostrophe
        ("homophones.its-it-is", "It's"),  # the paragraph's own apostrophe
    ]
