"""The dialogue rules on how books are typeset and transcribed, second round (issue 18).

An apostrophe of a spaced contraction set as an opening mark (``I ‘m``), an opening mark
with its space on the wrong side (``said,’ and``), double marks inside double marks, ditto
marks in tables, transcriber's notes and lists of corrections, footnotes in brackets
after a closing mark, a letter's salutation, tags between two parts of a speech,
"look" with its object; then a mark before an ellipsis, words with their h dropped, a
phrase quoted in narration, and a capitalised sentence after a cry. Every case is pinned down as (rule, line, column, fix), as the
CLI reports it, or as what stays quiet.
"""

from __future__ import annotations

import pytest

from conftest import check_text
from storylint.parse.apparatus import is_apparatus, is_table, is_transcription_note
from storylint.parse.quotes import APOSTROPHE, OPEN, scan
from storylint.parse.verse import verse_text


def located(text: str) -> list[tuple[str, int, int, str | None]]:
    """(rule, line, column, first fix) of each dialogue finding, 1-based as printed."""
    result = []
    for r in check_text(text, select=["dialogue"]):
        line = text.count("\n", 0, r.start) + 1
        column = r.start - (text.rfind("\n", 0, r.start) + 1) + 1
        fix = r.finding.fixes[0].replacement if r.finding.fixes else None
        result.append((r.rule.id, line, column, fix))
    return result


# --- an apostrophe set as an opening mark ---------------------------------------------


def test_a_spaced_contraction_is_an_apostrophe_turned_the_wrong_way():
    text = "“It ‘s only a word to the wise,” said Cecilia.\n\n“I ‘m tired of myself.”\n"
    assert located(text) == [
        ("dialogue.turned-apostrophe", 1, 5, "’"),
        ("dialogue.turned-apostrophe", 3, 4, "’"),
    ]


@pytest.mark.parametrize("ending", ["m", "s", "t", "d", "ll", "re", "ve"])
def test_every_contraction_ending_is_read_as_an_apostrophe(ending):
    text = f"I ‘{ending} sure."
    marks = scan(text).marks
    assert [(m.offset, m.role, m.turned) for m in marks] == [(2, APOSTROPHE, True)]
    assert scan(text).quotations == []


def test_the_fix_keeps_a_period_spacing_and_dialect():
    # 19th-century printers spaced contractions; dialect elides a word: only the mark turns
    text = "“Lord preserve ‘s! are ye no at the kirk?” cried Lisbeth.\n"
    assert located(text) == [("dialogue.turned-apostrophe", 1, 16, "’")]
    text = "“Weel, we’re a’ coontin’ on ‘t, Sam’l.”\n"
    assert located(text) == [("dialogue.turned-apostrophe", 1, 29, "’")]


def test_a_contraction_ending_before_a_mark_may_open_a_quotation():
    # ‘t’races: Collins quotes a Yorkshireman's "to the races"
    assert located("They were all gone ‘t’races.’\n") == []
    quotations = scan("They were all gone ‘t’races.’").quotations
    assert [(q.start, q.close.offset) for q in quotations] == [(20, 28)]


def test_a_spaced_contraction_with_the_right_mark_is_quiet():
    assert located("“It ’s late, and it does n’t matter,” she said.\n") == []
    assert located("\"It 's late, and it does n't matter,\" she said.\n") == []


def test_an_apostrophe_at_a_word_start_keeps_its_old_rule():
    # ‘ere, ‘tis: left quiet, as before (no word before the space)
    assert located("“‘Tis late,” he said, “and ‘ere we go.”\n") == []


# --- an opening mark spaced on its wrong side ----------------------------------------


def test_an_opening_mark_with_its_space_after_it_is_one_finding():
    text = "‘Eat that, dear beasts,’ she said,’ and when you are thirsty you shall\nhave a good drink.’\n"
    assert located(text) == [("dialogue.quote-spacing", 1, 35, " ‘")]


def test_a_straight_mark_spaced_on_its_wrong_side():
    text = (
        '"It would trot," replied the\nboy, laughing at the idea." And of course it '
        "can't ever be alive, because it\nis made of wood.\"\n"
    )
    assert located(text) == [("dialogue.quote-spacing", 2, 27, ' "')]
    fixed = check_text(text, select=["dialogue"])[0]
    assert text[fixed.start : fixed.end] == '" '


def test_after_a_colon_the_first_mark_may_be_misspaced():
    text = "'Go,' he said.\n\nI had only time to say:' The Protection of the Sirkar!' when a crowd came.\n"
    assert located(text) == [("dialogue.quote-spacing", 3, 24, " '")]


def test_a_first_mark_closing_a_speech_from_before_is_not_misspaced():
    # the paragraph's first mark may close what the paragraph before left open
    text = "“It was late,\n\nand the road was dark,” he said. It rained.”\n"
    assert located(text) == [("dialogue.stray-close-quote", 3, 44, None)]


def test_a_mark_that_opens_after_a_stray_close_keeps_it_stray():
    text = "Then I can’t have you,’ said the man. ‘In fact, I wanted a boy.’\n"
    assert located(text) == [("dialogue.stray-close-quote", 1, 23, None)]


# --- double marks inside double marks ------------------------------------------------


def test_double_marks_inside_double_marks_nest():
    text = '"It is because of the "Albatross" being higher in the air," said Phil.\n'
    assert located(text) == []
    scanned = scan(text.strip())
    assert [(q.depth, q.start) for q in scanned.quotations] == [(0, 1), (1, 23)]


def test_a_speech_reopened_in_joined_paragraphs_still_reopens():
    text = '"The first part is long.\n"And this is the end," he said.'
    scanned = scan(text)
    assert [q.depth for q in scanned.quotations] == [0]
    assert scanned.quotations[0].close.offset == text.index('," he') + 1


# --- tables, transcriber's notes, footnotes ------------------------------------------


def test_ditto_marks_in_a_list_of_illustrations_are_no_quotations():
    text = (
        'Tours: the Cathedral (_Photogravure_)              "                  14\n\n'
        'Blois: the Château                                 "                  28\n\n'
        '_Moths_         "         "         "\n'
    )
    assert located(text) == []
    assert scan(text.splitlines()[0]).marks == []


def test_a_table_of_errata_is_a_transcription_note():
    table = (
        "   13    22  shores.                   shores.”\n"
        "   16    29  up ,Halbert.”             up, Halbert.”\n"
        "   36    27  France.                   France.”"
    )
    assert is_table(table) and is_transcription_note(table) and is_apparatus(table)
    assert located(table + "\n") == []


def test_verse_with_a_line_number_is_no_table():
    verse = '"High place to thee in royal court,\n  High place in battle line,        20\n  Good hawk and hound for silvan sport,'
    assert not is_table(verse)


@pytest.mark.parametrize(
    "entry",
    [
        'Page 59, changed "Berthas" to "Bertha" ("until the "_Bertha_"\napproached.")',
        "Pg. 80, inserted closing single quote mark. (we have a good start.')",
        "A missing comma was added to \"That's tellin's,'\" (page 335)",
        'Transcriber\'s Note: the quotation marks are as printed." "',
    ],
)
def test_a_transcribers_correction_opens_and_closes_nothing(entry):
    assert is_transcription_note(entry)
    assert located(entry + "\n") == []


def test_a_page_named_in_speech_is_no_correction():
    text = "“Turn to page 59,” he said, “and read it.\n\nShe did not.\n"
    assert not is_transcription_note(text.split("\n\n")[0])
    assert located(text) == [("dialogue.unclosed-quote", 1, 29, None)]


def test_a_footnote_in_brackets_after_a_closing_mark():
    text = "“I believe Jean Gordon was at this festival.”[Footnote: Blackwood's\nMagazine, vol. I, p. 54]\n"
    assert located(text) == []
    text = "“Your hint will save me a world of trouble.”[C]\n"
    assert located(text) == []


# --- letters, elisions ----------------------------------------------------------------


def test_a_letters_salutation_opens_the_letter():
    text = "He read it out:\n\n“_My Dear Dickon:_\n\nThis comes hoping to find you well.\n\n“Your loving sister, Susan.”\n"
    assert located(text) == []
    text = "“Dear Sir, I am sorry to say that the debt is not paid.\n\nHe put it down.\n"
    assert located(text) == [("dialogue.unclosed-quote", 1, 1, None)]


@pytest.mark.parametrize(
    "word", ["‘bus", "‘un", "‘twixt", "‘taint", "‘rithmetic", "‘bacco", "‘prentice", "‘sixty-five"]
)
def test_listed_elisions_are_no_quotations(word):
    text = f"“I saw a young {word} by the door,” he said.\n"
    assert located(text) == []
    assert [m.role for m in scan(text).marks] == [OPEN, APOSTROPHE, "close"]


# --- tags and commas -------------------------------------------------------------------


def test_a_tag_between_two_parts_of_a_speech_is_no_beat():
    assert located("“No,” Lisle laughed, “I wish I could.”\n") == []
    assert located('"Ah," I sighed, "I see you don\'t!"\n') == []
    # after a full stop the narration is a sentence: the beat takes a full stop
    assert located("“No.” Lisle laughed, “I wish I could.”\n") == [
        ("dialogue.beat-before-quote", 1, 20, ".")
    ]


def test_a_beat_verb_between_two_parts_is_reported_once():
    text = '"Yes," Jinnicky nodded his head emphatically, "I\'m very much afraid."\n'
    assert located(text) == [("dialogue.beat-with-comma", 1, 5, '." Jinnicky')]


def test_a_beat_verb_with_its_particle_is_a_tag():
    assert located('"It\'s been easier for her," he threw off presently.\n') == []
    assert located('"I guess it is," Tembarom dropped in.\n') == []
    assert located('"Fine," he threw out the letter.\n') == [
        ("dialogue.beat-with-comma", 1, 6, '." He')
    ]


def test_look_with_its_object_needs_no_comma():
    assert located('"Look it up in any dictionary."\n') == []
    assert located('"I approve nothing. Look Life in its iron face."\n') == []
    assert located("“Look Eastward! Aye, look Eastward!”\n") == []
    assert located('"Look it is late."\n') == [("dialogue.missing-comma", 1, 2, "Look,")]


# --- third round: marks before an ellipsis, dropped h's, phrases in narration -----------


@pytest.mark.parametrize(
    "text",
    [
        "   ' . . . circulus, cujus centrum diabolus.'\n",
        "'...You have some influence over Agnes. Try what you can do.'\n",
        "He read on, '. . . and so the matter rests.'\n",
    ],
)
def test_a_mark_before_an_ellipsis_opens(text):
    assert located(text) == []
    # a paragraph's text starts at its first character (verse indentation is not in it)
    assert [m.role for m in scan(text.strip()).marks] == [OPEN, "close"]


def test_a_straight_mark_before_an_ellipsis_that_never_closes_opens_nothing():
    assert [m.role for m in scan("He went ' . . . nowhere at all.").marks] == [APOSTROPHE]


@pytest.mark.parametrize("word", ["‘abit", "‘andy", "‘orrible", "‘appy", "‘oliday"])
def test_a_word_with_its_h_dropped_is_an_elision(word):
    text = f"“It’s a {word} of mine,” said the little man.\n"
    assert located(text) == []
    assert [m.role for m in scan(text).marks] == [OPEN, APOSTROPHE, "close"]


def test_a_word_without_its_h_that_is_a_word_still_opens():
    # "arts" is a word of its own: the ‘ opens a quotation that never closes
    assert located("“We know it by ‘arts,” said the little man.\n") == [
        ("dialogue.unclosed-quote", 1, 16, None)
    ]


def test_a_phrase_quoted_in_narration_is_no_speech_with_a_beat():
    text = "Her vows called her, as she said, “to the simple discharge of her duties,” she left.\n"
    assert located(text) == []
    text = "If Henders was “promised,” he took good care of it.\n"
    assert located(text) == []
    # the second part of a speech, after its tag, is still speech
    text = "“No joke,” he said, “your Majesty had better learn. Now,” he looked up, “Oz is big.”\n"
    assert located(text) == [("dialogue.beat-with-comma", 1, 56, ".” He")]


def test_after_a_cry_a_capitalised_tag_with_a_second_verb_is_a_sentence():
    assert (
        located("“How distressing!” He groaned, but added with a chuckle that all was well.\n")
        == []
    )
    assert located("“Are you in a hurry?” He added, with a smile.\n") == [
        ("dialogue.capitalised-tag", 1, 23, "he")
    ]


def test_after_a_cry_a_capitalised_sentence_bringing_in_a_speech_is_no_tag():
    text = "“Who's going to respect laws like that?” He repeated, “Twelve hundred a year!”\n"
    assert located(text) == []
    assert located("“Why?” He asked, “did you go?”\n") == [("dialogue.capitalised-tag", 1, 8, "he")]


@pytest.mark.parametrize("particle", ["back at her", "forth irately", "back"])
def test_flung_with_its_particle_is_a_way_of_speaking(particle):
    assert located(f"“It will not be over for years,” her mother flung {particle}.\n") == []


def test_a_day_is_no_name_spoken_to():
    assert located("“Come on Sunday to mass,” cried the priest.\n") == []
    assert located("“Come on Azzy, we'll be late,” cried Ozma.\n") == [
        ("dialogue.missing-comma", 1, 2, "Come on,")
    ]


def test_an_old_oath_is_an_elision():
    text = "“But ‘sdeath, sir, last evening I had taken a drop too much,” said the captain.\n"
    assert located(text) == []


def test_a_titles_full_stop_ends_no_clause_before_a_speech():
    text = "“Well,” said Mrs. Brook as she took this in, “I think it clever of you.”\n"
    assert located(text) == []
    assert located("“Well.” Mrs. Brook took this in, “I think so.”\n") == [
        ("dialogue.beat-before-quote", 1, 32, ".")
    ]


def test_a_page_number_with_a_caption_is_looked_through():
    assert is_apparatus("61               Line-Art Drawing")
    assert is_apparatus("130               Full page line-art drawing.")
    assert not is_apparatus("61 men stood in line.")
    text = (
        '"That wooden horse will float," said he; "and\n\n'
        "61               Line-Art Drawing\n\n"
        'you can ride him across."\n'
    )
    assert located(text) == []


def test_a_page_number_opening_a_paragraph_is_looked_through():
    text = (
        '"But Destiny had singled me out! One day I crawled near\n\n'
        "148\nto a country school house, and I made bold to enter.\n\n"
        '"No one noticed so small a creature."\n'
    )
    assert located(text) == []
    # a paragraph of narration after it does not carry the speech on
    text = '"But Destiny had singled me out! One day I crawled near.\n\n148\nThe master sat.\n'
    assert located(text) == [("dialogue.unclosed-quote", 1, 1, None)]


def test_straight_double_marks_nest_inside_single_inside_double():
    text = (
        "\"My mother used to say, 'the parson came in and said, \"They've cut the "
        "king's head off, Jane; and what 'twill be next God knows.\"'\"\n"
    )
    assert located(text) == []
    quotations = scan(text.strip()).quotations
    assert [(q.family, q.depth) for q in quotations] == [
        ("double", 0),
        ("single", 1),
        ("double", 2),
    ]
    # an elision left open, then a straight " that opens the outer quotation again
    text = '"Gi\'e \'ouse to the lad.\n\n"And mind the step."\n'
    assert located(text) == []


# --- verse ---------------------------------------------------------------------------

BALLAD = (
    "'O hold your tongue of your weeping,' says he,\n"
    "  'Of your weeping now let me be;\n"
    "I will show you how the lilies grow\n"
    "  On the banks of Italy.'\n"
)
SNARK = (
    "They beheld him--their Baker--their hero unnamed--\n"
    "  On the top of a neighboring crag.\n"
    "And the Bellman remarked “It is just as I feared!”\n"
    "  And solemnly tolled on his bell.\n"
)
PROSE = (
    "“I have matters of the utmost importance to confide to you. I am the\n"
    "Baron d’Artagnon, lieutenant of the company of men-at-arms commanded by\n"
    "Monseigneur the Duc d’Herouville.”\n"
)


def test_verse_is_told_from_wrapped_prose():
    assert verse_text(BALLAD.strip()) and verse_text(SNARK.strip())
    assert not verse_text(PROSE.strip())
    assert not verse_text("“Wait,” she said. “I am coming.”")


def test_in_verse_each_line_opens_with_a_capital_and_speech_takes_no_comma():
    assert located(BALLAD) == []
    assert located(SNARK) == []
    # the same sentences as prose are flagged
    assert located("'O hold your tongue,' says he, 'Of your weeping now let me be.'\n") == [
        ("dialogue.capitalised-continuation", 1, 33, "of")
    ]
    assert located("And the Bellman remarked “It is just as I feared!”\n") == [
        ("dialogue.tag-before-quote", 1, 25, ", ")
    ]


@pytest.mark.parametrize("word", ["considerin’", "bein'", "nothin’", "mornin'"])
def test_a_word_with_its_g_dropped_closes_nothing(word):
    text = f"“That was but a little thing, {word}, he said,” said Mulvaney.\n"
    assert located(text) == []
    assert [m.role for m in scan(text).marks] == [OPEN, APOSTROPHE, "close"]


def test_a_word_ending_in_in_closes_a_quotation():
    assert located("‘Stay and win,’ said he. ‘It is no sin.’\n") == []
    assert [m.role for m in scan("‘Goodbye, Robin’ he said.").marks] == [OPEN, "close"]
