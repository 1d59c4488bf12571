"""The fiction tokenizer: words, apostrophes, dashes, ellipses, quotes, offsets."""

from __future__ import annotations

import pytest

from storylint.parse.tokens import tokenize


def kinds(text: str) -> list[tuple[str, str]]:
    return [(t.kind, t.text) for t in tokenize(text)]


def test_words_keep_internal_apostrophes_and_hyphens():
    assert kinds("don’t it's well-known mother-in-law") == [
        ("word", "don’t"),
        ("word", "it's"),
        ("word", "well-known"),
        ("word", "mother-in-law"),
    ]


@pytest.mark.parametrize("text", ["'em", "’em", "’til", "'Tis", "’Twas", "'cause"])
def test_listed_elisions_keep_their_apostrophe(text):
    assert kinds(text) == [("word", text)]


def test_trailing_apostrophe_is_left_to_the_quote_scanner():
    assert kinds("the boys’ bikes") == [
        ("word", "the"),
        ("word", "boys"),
        ("quote", "’"),
        ("word", "bikes"),
    ]


def test_dashes_hyphens_and_ellipses():
    assert kinds('no—yes – maybe -- wait-"…... . . .') == [
        ("word", "no"),
        ("dash", "—"),
        ("word", "yes"),
        ("dash", "–"),
        ("word", "maybe"),
        ("dash", "--"),
        ("word", "wait"),
        ("hyphen", "-"),
        ("quote", '"'),
        ("ellipsis", "…"),
        ("ellipsis", "..."),
        ("ellipsis", ". . ."),
    ]


def test_quotes_markup_numbers_urls_and_symbols():
    assert kinds("“_Wait_,” he said at 3:45 in the 1920s, see https://x.org/a. 😀👍🏽") == [
        ("quote", "“"),
        ("markup", "_"),
        ("word", "Wait"),
        ("markup", "_"),
        ("punct", ","),
        ("quote", "”"),
        ("word", "he"),
        ("word", "said"),
        ("word", "at"),
        ("number", "3:45"),
        ("word", "in"),
        ("word", "the"),
        ("number", "1920s"),
        ("punct", ","),
        ("word", "see"),
        ("url", "https://x.org/a"),
        ("punct", "."),
        ("symbol", "😀"),
        ("symbol", "👍🏽"),
    ]


def test_combining_marks_stay_inside_words():
    decomposed = "cafe\u0301 nai\u0308ve"
    assert [t.text for t in tokenize(decomposed)] == ["cafe\u0301", "nai\u0308ve"]


def test_offsets_are_code_points():
    text = "😀 “Hi,” she said"
    tokens = tokenize(text)
    assert [(t.start, t.end) for t in tokens[:3]] == [(0, 1), (2, 3), (3, 5)]
    assert all(text[t.start : t.end] == t.text for t in tokens)


def test_empty_and_whitespace():
    assert tokenize("") == []
    assert tokenize(" \n\t ") == []
