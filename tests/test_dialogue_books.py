"""The dialogue rules on books as they are typeset and transcribed (issue 18).

Page numbers, image markers, illustrations, footnotes and headings inside a speech that
runs over several paragraphs; a paragraph split by a page break; stories and letters
told inside a speech; footnote marks after a closing mark; inch and seconds marks; and
the widened comma and spacing checks. Every case is pinned down as (rule, line, column,
fix), as the CLI reports it, or as what stays quiet.
"""

from __future__ import annotations

import pytest

from conftest import check_text, run_cli
from storylint.config import Config, from_mapping
from storylint.engine import Engine
from storylint.parse.apparatus import is_apparatus
from storylint.parse.quotes import APOSTROPHE, CLOSE, SINGLE, scan
from storylint.read.source import SourceFile


def located(text: str, **sections) -> list[tuple[str, int, int, str | None]]:
    """(rule, line, column, first fix) of each dialogue finding, 1-based as printed."""
    if sections:
        config = Config(select=("dialogue",), sections=from_mapping(sections, "test").sections)
        reports = Engine(config).check(SourceFile("chapter.txt", text, "text"))
    else:
        reports = check_text(text, select=["dialogue"])
    result = []
    for r in reports:
        line = text.count("\n", 0, r.start) + 1
        column = r.start - (text.rfind("\n", 0, r.start) + 1) + 1
        fix = r.finding.fixes[0].replacement if r.finding.fixes else None
        result.append((r.rule.id, line, column, fix))
    return result


# --- what is not prose is looked through ----------------------------------------------

SPEECH_AROUND = "“It was late when we left the inn, and the\n\n{between}\n\nroad was dark.”\n"


@pytest.mark.parametrize(
    "between",
    [
        "117",
        "0117m",
        "{117}",
        "p. 117",
        "[Illustration]",
        "[Illustration: The inn]",
        "* * *",
        "CHAPTER IV",
        "Chapter 4",
        "* Inns were few in those days.",
    ],
)
def test_a_line_that_is_not_prose_is_looked_through(between):
    assert located(SPEECH_AROUND.format(between=between)) == []


def test_prose_in_between_still_ends_the_speech():
    text = "“It was late when we left the inn.\n\nThe road was dark.\n\nHe went on.”\n"
    assert located(text) == [
        ("dialogue.unclosed-quote", 1, 1, None),
        ("dialogue.stray-close-quote", 5, 12, None),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("117", True),
        ("0117m", True),
        ("[Illustration: “Come in!”]", True),
        ("* * *", True),
        ("CHAPTER XIX.", True),
        ("Book II: The Return", True),
        ("(1) These lines were written by a child.", True),
        ("* Perhaps from the French.", True),
        ("“HELP!”", False),
        ("The road was dark.", False),
        ("Part of me wanted to stay, and part of me wanted to go home to bed.", False),
    ],
)
def test_what_counts_as_apparatus(text, expected):
    assert is_apparatus(text) is expected


# --- a paragraph split by a page break ------------------------------------------------


def test_a_paragraph_split_mid_sentence_continues_the_quotation():
    text = "“Take the lamp, and the door, sir,\n\n12\n\nthe door, sir,” said the clerk, “and mind the step.”\n"
    assert located(text) == []


def test_a_split_paragraph_without_marks_carries_the_quotation_on():
    text = (
        "“It was the last of the wine, and we\n\n"
        "drank it slowly, for there was no more\n\n"
        "to be had in the town.”\n"
    )
    assert located(text) == []


# --- stories, letters and verse inside a speech ---------------------------------------


def test_a_letter_read_out_over_several_paragraphs():
    text = (
        "'Here is what he wrote,' said Jo. 'He sends word:\n\n"
        "“Dear Jo, the voyage was long.\n\n"
        "“I am well, and I shall be home in May.”'\n\n"
        "Nobody spoke.\n"
    )
    assert located(text) == []


def test_a_story_with_nested_quotations_over_several_paragraphs():
    text = (
        "“‘Go home,’ said the old man; ‘it is late, and the road\n\n"
        "‘is long.’ So I went home,” said Tom.\n"
    )
    assert located(text) == []


def test_verse_in_a_speech_then_the_speech_goes_on():
    text = (
        "'The poet calls them,' said Flora, 'the bravest of\n\n"
        "    Our bootless host of high-born beggars,\n"
        "    Mac-Leans, Mac-Kenzies, and Mac-Gregors.'\n\n"
        "Waverley smiled.\n"
    )
    assert located(text) == []


def test_a_speech_that_runs_on_from_a_straight_single_mark():
    # 'Far may be an elision ('ave) as far as its paragraph shows: the next one tells
    text = "'Far from it, Captain. I would have\n\n    Because you are not of our quality.'\n"
    assert located(text) == []


# --- footnote marks, notes in brackets, inch marks ------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "“Is it far to the shore?”[3] she asked.\n",
        "“I live in the town.”2 He smiled.\n",
        "“Oh! la Canaille!”[*]\n",
        '"Worse than brutes."[1]\n',
    ],
)
def test_a_footnote_mark_after_a_closing_mark(text):
    assert located(text) == []


def test_a_footnote_mark_does_not_turn_the_closing_mark_round():
    marks = scan("“Is it far?”[3] she asked.").marks
    assert [(m.char, m.role, m.wrong_facing) for m in marks] == [
        ("“", "open", False),
        ("”", CLOSE, False),
    ]


def test_quotation_marks_in_square_brackets_pair_among_themselves():
    text = '"He will play hookey this evening [* Southern for "afternoon"] and go fishing."\n'
    assert located(text) == []
    quotations = scan(text.strip()).quotations
    assert [(q.open.offset, q.close.offset, q.depth) for q in quotations] == [
        (0, 78, 0),
        (50, 60, 1),
    ]


@pytest.mark.parametrize(
    "text",
    [
        'The shelf was 20" wide.\n',
        'He bought a screen the size of 10".\n',
        "The fastest lap took 1' 10\", a record.\n",
        "The shelf was 20” wide.\n",
    ],
)
def test_inch_and_seconds_marks_are_no_quotation_marks(text):
    assert located(text) == []


def test_an_inch_mark_inside_a_speech_does_not_close_it():
    text = '"The board is 20" wide," he said.\n'
    assert located(text) == []
    quotation = scan(text.strip()).quotations
    assert [(q.open.offset, q.close.offset) for q in quotation] == [(0, 23)]


def test_speech_that_ends_in_a_figure_still_closes():
    assert [(q.open.offset, q.close.offset) for q in scan('"Meet me at 5"').quotations] == [(0, 13)]


def test_a_quoted_number_pairs_up():
    text = "He took room '13 A,' and asked for '14.'"
    assert [(q.family, q.open.offset, q.close.offset) for q in scan(text).quotations] == [
        (SINGLE, 13, 19),
        (SINGLE, 35, 39),
    ]
    assert located(text + "\n") == []


def test_a_dropped_h_set_with_an_opening_mark_is_an_apostrophe():
    text = "“Don’t you make no remarks to ‘im,” said the keeper. “‘E’s a dook.”\n"
    assert located(text) == []
    assert [m.role for m in scan(text).marks if m.char == "‘"] == [APOSTROPHE, APOSTROPHE]


def test_a_nested_quotation_that_never_closes_is_still_found():
    text = "“I always wanted to say ‘Is that a dagger I see?” muttered Jo.\n"
    assert located(text) == [("dialogue.unclosed-quote", 1, 25, None)]


# --- runs of marks: linear time -------------------------------------------------------


def test_a_row_of_quotation_marks_is_no_quotation():
    # Before, each mark looked along the whole row for its neighbours: 8,000 marks took
    # 8 s and this row (250,000 marks) hours; now a row is seen once, in microseconds.
    assert scan('"' * 250_000).marks == []
    assert scan("“‘\"'" * 62_500).marks == []


def test_three_marks_together_still_open_and_close():
    assert [(m.char, m.role) for m in scan("“‘“Come!”’” he said.").marks] == [
        ("“", "open"),
        ("‘", "open"),
        ("“", "open"),
        ("”", CLOSE),
        ("’", CLOSE),
        ("”", CLOSE),
    ]


def test_many_apostrophes_after_an_open_single_quote():
    # Before, each ’ after a letter looked ahead through every later mark for one that
    # might close instead: 20,000 took 0.5–1.5 s and this paragraph (200,000) some
    # minutes; now one pass from the end answers for all of them (about 0.3 s here).
    # (a plural's possessive, the boys’: goin’ drops a g and is no closing mark at all)
    text = "‘" + "boys’ " * 200_000
    result = scan(text)
    assert len(result.marks) == 200_001
    assert [(q.family, q.open.offset, q.close.offset) for q in result.quotations] == [
        (SINGLE, 0, len(text) - 2)
    ]


# --- the widened comma and spacing checks ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"Honestly I don\'t care."\n', [("dialogue.missing-comma", 1, 2, "Honestly,")]),
        (
            '"Oh thank God you\'re still here."\n',
            [("dialogue.missing-comma", 1, 2, "Oh,")],
        ),
        ('"No thanks I am fine."\n', [("dialogue.missing-comma", 1, 2, "No thanks,")]),
        (
            '"Well," she said. "Seriously we should go."\n',
            [("dialogue.missing-comma", 1, 20, "Seriously,")],
        ),
    ],
)
def test_new_missing_commas(text, expected):
    assert located(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        '"Really this has nothing to do with me."\n',
        '"Again I am dealing with idiots."\n',
        '"Fortunately I had documents in my pocket."\n',
        '"No thanks."\n',
        '"No thank you, sir."\n',
        '"Oh, thank God."\n',
        '"Actually Jo did it."\n',
        '"Look you, master, I care not."\n',
    ],
)
def test_quiet_by_default(text):
    assert located(text) == []


def test_comma_after_adverb_is_a_house_style_choice():
    style = {"dialogue": {"comma-after-adverb": True}}
    assert located('"Really this has nothing to do with me."\n', **style) == [
        ("dialogue.missing-comma", 1, 2, "Really,")
    ]
    assert located('"Again I am dealing with idiots."\n', **style) == [
        ("dialogue.missing-comma", 1, 2, "Again,")
    ]


def test_no_space_before_an_opening_mark():
    assert located('He said"hello" to me.\n') == [("dialogue.quote-spacing", 1, 8, ' "')]
    assert located("She said,“Go home.”\n") == [("dialogue.quote-spacing", 1, 10, " “")]


def test_the_fix_adds_the_space(tmp_path):
    path = tmp_path / "chapter.txt"
    path.write_text('He said"hello" to me.\n', encoding="utf-8")
    run_cli("check", "--fix", "--select", "dialogue", str(path))
    assert path.read_text(encoding="utf-8") == 'He said "hello" to me.\n'


# --- two speakers: whole names -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '"Hold the light," Tobias said. "I cannot," said Mrs. March.\n',
            "Mrs. March speaks here, in the paragraph where Tobias spoke",
        ),
        (
            "“What an admirable woman!” exclaimed Jacques\nThree. “Ah, my cherished!” cried"
            " The Vengeance.\n",
            "The Vengeance speaks here, in the paragraph where Jacques Three spoke",
        ),
    ],
)
def test_two_speakers_names_the_whole_speaker(text, message):
    reports = check_text(text, select=["dialogue.two-speakers"])
    assert [r.finding.message.split(":")[0] for r in reports] == [message]


def test_a_sentence_opening_word_is_no_speaker():
    text = (
        "“The flames had helped,” said Quincey. Here I interrupted. “Thank God,” I said."
        " “Go on,” said Harker.\n"
    )
    reports = check_text(text, select=["dialogue.two-speakers"])
    assert [r.finding.message.split(":")[0] for r in reports] == [
        "Harker speaks here, in the paragraph where Quincey spoke"
    ]


def test_the_new_paragraph_suggestion_is_printed_by_what_it_does(tmp_path):
    path = tmp_path / "chapter.txt"
    path.write_text('"Hold the light," Tobias said. "I cannot," Maren said.\n', encoding="utf-8")
    result = run_cli("check", "--select", "dialogue.two-speakers", str(path))
    assert "= suggestion: Start a new paragraph\n" in result.stdout
    fixes = run_cli("check", "--format", "json", str(path)).json[0]["fixes"]
    assert fixes[0]["replacement"] == '\n\n"'


def test_a_one_word_tag_at_the_end_of_a_paragraph(tmp_path):
    # two quotations, the second followed by one capitalised word and nothing else
    path = tmp_path / "chapter.txt"
    path.write_text('"Go," said Jo. "No," Meg\n', encoding="utf-8")
    result = run_cli("check", "--select", "dialogue", str(path))
    assert (result.returncode, result.stderr) == (0, "")
