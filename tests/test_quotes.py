"""The quote scanner: opening, closing, apostrophes, nesting, continuation."""

from __future__ import annotations

import pytest

from storylint.parse.quotes import APOSTROPHE, CLOSE, DOUBLE, OPEN, REOPEN, SINGLE, scan


def pairs(text: str) -> list[tuple[str, int | None, int | None, int]]:
    """(family, open offset, close offset, depth) of each quotation."""
    return [
        (q.family, q.open.offset if q.open else None, q.close.offset if q.close else None, q.depth)
        for q in scan(text).quotations
    ]


def roles(text: str) -> list[tuple[str, str]]:
    return [(m.char, m.role) for m in scan(text).marks]


def test_straight_double_quotes_pair_up():
    text = '"Hello," she said. "Go."'
    assert pairs(text) == [(DOUBLE, 0, 7, 0), (DOUBLE, 19, 23, 0)]


def test_curly_double_with_nested_single():
    text = "“He said ‘hi’ twice,” she said."
    assert pairs(text) == [(DOUBLE, 0, 20, 0), (SINGLE, 9, 12, 1)]


def test_uk_single_with_nested_double():
    text = "‘He said “hi” twice,’ she said."
    assert pairs(text) == [(SINGLE, 0, 20, 0), (DOUBLE, 9, 12, 1)]


@pytest.mark.parametrize(
    "text",
    [
        "‘I saw the boys’ bikes,’ she said.",
        "‘Tell ’em I said so ’til dawn,’ she said.",
        "‘Where’s ’Arry gone?’ said Peg.",
        "‘The Joneses’ dog and the girls’ cats,’ she said.",
        "‘Goin’ home,’ he said.",
    ],
)
def test_apostrophes_are_not_quotation_marks(text):
    quotations = scan(text).quotations
    assert len(quotations) == 1
    assert quotations[0].open.offset == 0
    assert quotations[0].close.offset == text.rindex("’")


def test_possessive_outside_dialogue_is_an_apostrophe():
    assert roles("The boys’ bikes lay there ’til morning.") == [("’", APOSTROPHE)] * 2


def test_unclosed_quotation_at_paragraph_end():
    result = scan("“I need my coat.")
    assert result.ends_open(DOUBLE)
    assert result.starts_open(DOUBLE)


def test_nested_quotation_cut_off_by_outer_close():
    result = scan("“He told me ‘never again and walked out.”")
    assert [q.open.offset for q in result.cut_off()] == [12]
    assert not result.ends_open(DOUBLE)


def test_stray_closing_mark():
    result = scan("That’s what you say,” he muttered.")
    assert [m.offset for m in result.stray_closes] == [20]
    assert result.starts_with_close(DOUBLE)


def test_wrong_facing_marks_are_recognised():
    marks = scan("He said it was “fine“, but no.").marks
    assert [(m.char, m.role, m.wrong_facing) for m in marks] == [
        ("“", OPEN, False),
        ("“", CLOSE, True),
    ]


def test_marks_next_to_dashes_and_other_marks():
    text = "‘If it had been otherwise--’” Carton looked"
    assert roles(text) == [("‘", OPEN), ("’", CLOSE), ("”", CLOSE)]
    assert roles("‘Northumbria--“’ he said") == [("‘", OPEN), ("“", CLOSE), ("’", CLOSE)]
    assert scan("‘Northumbria--“’ he said").marks[1].wrong_facing


def test_reopening_inside_a_paragraph_continues_the_quotation():
    text = "“P. S.--Mother sends her love.\n“P. P. S.--We are to be married.”"
    assert roles(text) == [("“", OPEN), ("“", REOPEN), ("”", CLOSE)]
    assert pairs(text) == [(DOUBLE, 0, len(text) - 1, 0)]


def test_left_mark_used_for_an_elision_is_not_left_open():
    text = "‘the moral is--“Oh, ‘tis love, ‘tis love!”’"
    assert pairs(text) == [(SINGLE, 0, len(text) - 1, 0), (DOUBLE, 15, len(text) - 2, 1)]


def test_emphasis_markup_is_looked_through():
    text = "“our ‘_Pilgrim’s Progress_’,” answered Beth"
    assert pairs(text) == [(DOUBLE, 0, 28, 0), (SINGLE, 5, 26, 1)]


def test_straight_quotes_with_interrupted_speech():
    text = 'Tom said, "They wouldn\'t-" and stopped.'
    assert pairs(text) == [(DOUBLE, 10, 25, 0)]


def test_inside_reports_dialogue_offsets():
    text = '"Run," she said.'
    result = scan(text)
    assert result.inside(1, DOUBLE)
    assert not result.inside(10, DOUBLE)
    assert result.spans(DOUBLE) == [(1, 5)]


def test_no_marks():
    result = scan("Plain narration, no speech.")
    assert result.marks == [] and result.quotations == [] and result.first_open is None


def test_a_third_level_of_curly_quotation_nests():
    text = "“He said, ‘When I say “Come!” to you, you come,’ and left.”"
    assert pairs(text) == [(DOUBLE, 0, 58, 0), (SINGLE, 10, 47, 1), (DOUBLE, 22, 28, 2)]


def test_a_straight_close_with_no_space_after_it_still_closes():
    text = '"Row,"she said, and he rowed.'
    assert pairs(text) == [(DOUBLE, 0, 5, 0)]
    text = "“Row,”she said."
    assert pairs(text) == [(DOUBLE, 0, 5, 0)]
