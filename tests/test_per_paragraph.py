"""What the confusable rules work out once per paragraph: kept for the paragraph being
checked, worked out again for the next, and the same answers as worked out each time."""

from __future__ import annotations

import json

from conftest import run_cli
from storylint.checks.homophones.contexts import in_dialect, padded, tokens
from storylint.checks.homophones.per_paragraph import facts_of


def test_the_facts_of_one_paragraph_are_worked_out_once():
    text = "She was taller then her sister."
    facts = facts_of(text)
    assert facts_of(text) is facts
    other = "He was goin' home then."
    assert facts_of(other) is not facts
    assert facts_of(other).text is other


def test_the_facts_are_those_of_the_functions():
    for text in ("She was taller then her sister.", "Ain't nothin' taller then him.", ""):
        written, counted = tokens(text)
        facts = facts_of(text)
        assert facts.tokens == (written, padded(counted))
        assert facts.in_dialect is in_dialect(text)


def test_paragraphs_in_dialect_are_silent_between_others(tmp_path):
    # the model (then-than) and a pattern (bare-bear) in each paragraph; the middle one
    # is in eye dialect, so the facts kept change from paragraph to paragraph
    plain = "She was taller then her sister. Please bare with me."
    dialect = "She was taller then her sister, goin' on. Please bare with me."
    path = tmp_path / "draft.txt"
    path.write_text(f"{plain}\n\n{dialect}\n\n{plain}\n", encoding="utf-8")
    result = run_cli("check", "--format", "json", str(path))
    found = [(f["rule"], f["line"], f["column"]) for f in json.loads(result.stdout)]
    assert found == [
        ("homophones.then-than", 1, 16),
        ("homophones.bare-bear", 1, 40),
        ("homophones.then-than", 5, 16),
        ("homophones.bare-bear", 5, 40),
    ]


def test_english_of_before_modern_spelling_is_not_judged(tmp_path):
    # "than" for "then" and "there" for "their" were usual before the spelling settled:
    # a quoted old chronicle or letter is left alone, a modern paragraph is not
    old = [
        "Than he said, 'Ah, sir knyght, tourne, it is a shame to smyte.'",
        "And than he sette at sir Mathue, and sett forward in the mornyng.",
        "Sir Marhaus smote him so hard that he brake his neck, and than he fled.",
        "Thou art taller then thy sister.",
    ]
    assert all(in_dialect(text) for text in old)
    modern = "She was taller then her sister."
    assert not in_dialect(modern) and not in_dialect("The night was light.")
    path = tmp_path / "draft.txt"
    path.write_text("\n\n".join([*old, modern]) + "\n", encoding="utf-8")
    result = run_cli("check", "--format", "json", "--select", "homophones", str(path))
    found = [(f["rule"], f["line"], f["column"]) for f in json.loads(result.stdout)]
    assert found == [("homophones.then-than", 9, 16)]
