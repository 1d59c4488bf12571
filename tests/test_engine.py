"""The engine: caching per paragraph, error isolation, directives, selection."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conftest import check_text, spans
from storylint.checks import all_rules
from storylint.checks.registry import Rule, paragraph_kind
from storylint.config import Config, ConfigError
from storylint.engine import Engine
from storylint.findings import Finding, Severity
from storylint.read.source import SourceFile

CHAPTER = (
    "“Wait for me,” she said. “I need my coat.\n\n"
    "He was already gone.\n\n"
    "You could of told me, she thought.\n"
)


def test_findings_are_in_source_order_with_source_offsets():
    reports = check_text(CHAPTER)
    assert spans(reports, CHAPTER) == [
        ("dialogue.unclosed-quote", "“"),
        ("homophones.modal-of", "of"),
    ]
    assert reports[0].start == CHAPTER.index("“I need")
    assert reports[0].severity is Severity.WARNING


def test_only_changed_paragraphs_are_checked_again():
    config = Config(select=("homophones", "dialogue.unclosed-quote"))
    engine = Engine(config)
    engine.check(SourceFile("a.txt", CHAPTER))
    runs_first = engine.stats["rule_runs"]
    edited = CHAPTER.replace("He was already gone.", "He was gone already.")
    reports = engine.check(SourceFile("a.txt", edited))
    alone = Engine(config)  # the rules that run on the edited paragraph by itself
    alone.check(SourceFile("b.txt", "He was gone already."))
    assert alone.stats["rule_runs"] >= 1
    assert engine.stats["rule_runs"] - runs_first == alone.stats["rule_runs"]  # one paragraph
    # the paragraph after the edit moved; its cached finding moved with it
    assert spans(reports, edited)[1] == ("homophones.modal-of", "of")
    assert reports[1].start == edited.index("of told")


def test_context_change_invalidates_only_rules_that_read_it():
    engine = Engine(Config(select=("dialogue.unclosed-quote",)))
    engine.check(SourceFile("a.txt", CHAPTER))
    before = engine.stats["rule_runs"]
    # the next paragraph now reopens the quotation: the first paragraph's neighbours changed
    edited = CHAPTER.replace("He was already gone.", "“He was already gone.”")
    assert engine.check(SourceFile("a.txt", edited)) == []
    assert engine.stats["rule_runs"] - before == 2  # the edited paragraph and its neighbour


_BROKEN_CALLS = []


@paragraph_kind("test-broken")
def _broken(paragraph, context, rule) -> Iterator[Finding]:
    _BROKEN_CALLS.append(paragraph.text)
    if "boom" in paragraph.text:
        raise ValueError("boom")
    yield Finding(rule.id, 0, 1, "first letter")


def test_an_exception_in_a_rule_skips_it_for_that_paragraph_only():
    broken = Rule("test.broken", "test-broken", Severity.INFO, "s", "e")
    errors = []
    engine = Engine(
        Config(),
        rules=[broken, *all_rules().values()],
        on_error=lambda r, e, w: errors.append((r.id, w)),
    )
    text = "Fine paragraph.\n\nThis one goes boom.\n\nYou should of known.\n"
    reports = engine.check(SourceFile("x.txt", text))
    assert errors == [("test.broken", "x.txt:3")]
    assert ("homophones.modal-of", "of") in spans(reports, text)
    assert [r.start for r in reports if r.rule.id == "test.broken"] == [0, text.index("You")]


def test_markdown_directives_disable_enable_and_next_line():
    text = (
        "You could of gone.\n\n"
        "<!-- storylint-disable homophones -->\n\n"
        "You could of gone.\n\n"
        "<!-- storylint-enable homophones -->\n\n"
        "You could of gone.\n\n"
        "<!-- storylint-disable-next-line homophones.modal-of -->\n"
        "You could of gone.\n\n"
        "<!-- storylint-disable-next-line dialogue -->\n"
        "You could of gone.\n"
    )
    reports = check_text(text, filename="c.md")
    lines = [text.count("\n", 0, r.start) + 1 for r in reports]
    assert lines == [1, 9, 15]


def test_select_ignore_and_categories():
    assert {r.rule.id for r in check_text(CHAPTER, select=["homophones"])} == {
        "homophones.modal-of"
    }
    assert (
        check_text(CHAPTER, select=["ALL"], ignore=("dialogue",))[0].rule.id
        == "homophones.modal-of"
    )
    with pytest.raises(
        ConfigError, match=r"unknown rule or category 'dialog' \(did you mean 'dialogue'\?\)"
    ):
        check_text(CHAPTER, select=["dialog"])


def test_severity_overrides_by_rule_and_category():
    reports = check_text(
        CHAPTER,
        severity={"dialogue": Severity.ERROR, "homophones.modal-of": Severity.HINT},
    )
    assert [r.severity for r in reports] == [Severity.ERROR, Severity.HINT]


def test_accept_list_silences_findings_about_a_word():
    text = "You could of gone.\n"
    assert check_text(text, accept=frozenset({"OF"})) == []


def test_empty_and_blank_documents():
    assert check_text("") == []
    assert check_text("\n\n  \n") == []
    assert check_text("", filename="x.md") == []
