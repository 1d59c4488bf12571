"""The dialogue rules: exact spans and fixes, both house styles, and what must stay quiet.

Each rule's own examples (rules/dialogue.toml) are run by test_rule_data.py; these tests
pin down places and fixes, the document-level conventions the rules follow (dash style,
quote family), multi-paragraph quotations, apostrophes, nesting and bad input.
"""

from __future__ import annotations

import pytest

from conftest import check_text, run_cli, spans
from storylint.config import Config, ConfigError, from_mapping
from storylint.engine import Engine
from storylint.parse.conventions import QuoteCounts, detect
from storylint.project.fixes import apply_fixes
from storylint.read.source import SourceFile


def found(text: str, *rules: str, filename: str = "chapter.txt", **config):
    """(rule, covered text, first fix) of each finding of the dialogue rules."""
    reports = check_text(text, filename=filename, select=list(rules) or ["dialogue"], **config)
    return [
        (
            r.rule.id,
            text[r.start : r.end],
            r.finding.fixes[0].replacement if r.finding.fixes else None,
        )
        for r in reports
    ]


def fixed(text: str, **config) -> str:
    reports = check_text(text, select=["dialogue"], **config)
    return apply_fixes(text, [r.finding for r in reports])[0]


# --- 1-3: tags and beats after a quotation ------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"I\'m tired." she said.', [("dialogue.period-before-tag", ".", ",")]),
        ("‘I’m tired.’ said Meg.", [("dialogue.period-before-tag", ".", ",")]),
        ("“Come here.” He said.", [("dialogue.period-before-tag", ".” He", ",” he")]),
        ('"Wait," He said.', [("dialogue.capitalised-tag", "He", "he")]),
        ("“Wait!” She cried.", [("dialogue.capitalised-tag", "She", "she")]),
        ('"Fine," she shrugged.', [("dialogue.beat-with-comma", ',"\x20she', '." She')]),
    ],
)
def test_tags_and_beats_after_a_quotation(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        '"I\'m tired," she said.',
        '"I\'m tired." She said nothing.',
        '"I\'m tired..." she said.',
        '"Go." She nodded at the door.',
        '"Fine," she laughed.',
        '"Fine," she shrugged, and said it again.',
        '"Is it?" she asked.',
        '"Wait," I said.',
        "“Ask Mr.” she said.",
    ],
)
def test_correct_tags_and_beats_stay_quiet(text):
    assert found(text) == []


def test_a_beat_inside_one_spoken_sentence_is_left_alone():
    text = "“Then,” he looked at me as he spoke, “all that we know is lost.”"
    assert found(text, "dialogue.beat-with-comma") == []


# --- 4: fragments -----------------------------------------------------------------


def test_fragment_after_a_quotation_is_flagged_without_a_fix():
    text = '"Speak English!" annoyance lacing his words.'
    assert found(text) == [("dialogue.fragment-after-quote", "annoyance lacing his words", None)]


@pytest.mark.parametrize(
    "text",
    [
        '"Speak up!" cried Jo.',
        '"Speak up!" and she ran.',
        '"Hush!" whispered Meg, pointing.',
        '"Speak up!" Irritation was sharp in her voice.',
        '"Who?" repeated the boy, looking up.',
    ],
)
def test_tags_and_sentences_after_a_quotation_are_not_fragments(text):
    assert found(text, "dialogue.fragment-after-quote") == []


# --- 5-6: before a quotation, continuation --------------------------------------------


def test_beat_and_tag_before_a_quotation():
    assert found('Jo sighed, "Let\'s go now."') == [("dialogue.beat-before-quote", ",", ".")]
    assert found('She said "We go down now."') == [("dialogue.tag-before-quote", " ", ", ")]
    assert found('She said, "We go down now."') == []
    assert found('He said "yes" to everything.') == []
    assert found('Mr. Winkle rose to say with great elegance, "We wish to be private."') == []


def test_continuation_after_an_interrupting_tag():
    text = '"I think," she said, "We should go."'
    assert found(text) == [("dialogue.capitalised-continuation", "We", "we")]
    assert found('"I think," she said. "We should go."') == []
    assert found('"I think," she said, adding softly, "It\'s late."') == []
    assert found('"Listen," said Jo, "Meg is coming."') == []


# --- 7: interrupted speech ------------------------------------------------------------


def test_hyphen_interruption_follows_the_document_dash_style():
    text = '"If he did they wouldn\'t-"'
    assert found(text) == [("dialogue.hyphen-interruption", "-", "—")]
    dashed = 'He paused -- then went on. "If he did they wouldn\'t-"'
    assert found(dashed) == [("dialogue.hyphen-interruption", "-", "--")]
    assert found("“Why the hell-?” he asked.")[0] == ("dialogue.hyphen-interruption", "-", "—")
    assert found('"A well-known man," she said.') == []


def test_dash_style_is_detected_from_the_whole_document():
    assert detect(QuoteCounts.of("one -- two -- three — four")).dash == "--"
    assert detect(QuoteCounts.of("one — two -- three — four")).dash == "—"
    assert detect(QuoteCounts.of("-------------------- a rule line")).dash == "—"


# --- 8: punctuation outside the quotation ----------------------------------------------


def test_punctuation_outside_a_sentence_of_speech():
    assert found('"Call me Sam".') == [("dialogue.punctuation-outside-quote", '".', '."')]
    assert found("‘Pass the salt’.") == [("dialogue.punctuation-outside-quote", "’.", ".’")]
    assert found('"Stop that!".') == [("dialogue.punctuation-outside-quote", '".', '"')]


def test_quoted_phrases_follow_the_house_style():
    text = 'He called it a "disaster".'
    assert found(text) == []  # auto: a phrase may be logical (UK) punctuation
    assert found(text, quote_style="uk") == []
    assert found(text, quote_style="us") == [("dialogue.punctuation-outside-quote", '".', '."')]
    nested = "\"Yeah if you call that 'just fine'.\""
    assert found(nested, "dialogue.punctuation-outside-quote", quote_style="us") == [
        ("dialogue.punctuation-outside-quote", "'.", ".'")
    ]


# --- 9: quotation marks ---------------------------------------------------------------


def test_stray_wrong_facing_and_mixed_marks():
    assert found("That's what you say,\" Isaac muttered.") == [
        ("dialogue.stray-close-quote", '"', None)
    ]
    assert found("He said it was “fine“, but") == [("dialogue.wrong-facing-quote", "“", "”")]
    text = '"One," she said.\n\n“Two,” he said.\n\n"Three."\n\n"Four."\n'
    assert found(text, "dialogue.mixed-quotes") == [("dialogue.mixed-quotes", "“", None)]


@pytest.mark.parametrize(
    "text",
    [
        "“The first part is long.\n\n“The second part,” he said.",
        "“The first part is long.\n\nAnd this ends it,” he said.",
        "‘Tell ’em I said so,’ she said, ‘and the boys’ mothers too.’",
        "The boys’ bikes lay in the rain ’til morning.",
        "“Where’s ’Arry?” said the cabman. “’E’s gone ’ome.”",
        "“He said, ‘When I say “Come!” to you, you come,’ and left.”",
        "‘He told me once, “Never trust a man who won’t wash up.” I’ve never forgotten it.’",
        "  Study electricity, etc.          7:15-8:15 ”",
    ],
)
def test_multi_paragraph_apostrophes_nesting_and_ditto_marks_are_not_broken_quotes(text):
    assert found(text, "dialogue.stray-close-quote", "dialogue.unclosed-quote") == []


def test_a_quotation_continued_after_an_indented_verse_block():
    text = (
        "“You must say this:\n\n"
        "    ‘Barley-corn, barley-corn,\n"
        "     swaller these warts,’\n\n"
        "and then walk home without speaking.”\n"
    )
    assert found(text, "dialogue.stray-close-quote") == []


# --- 10: commas of interjections and direct address -------------------------------------


@pytest.mark.parametrize(
    ("text", "fix"),
    [
        ('"Sorry Stiles but we\'re leaving."', "Sorry, Stiles,"),
        ('"Okay look I get it."', "Okay, look,"),
        ("“Hey Priya,” he called.", "Hey,"),
        ("“Thank you Doctor,” she said.", "Thank you,"),
        ('"Oh Lydia my love," he began.', "Oh, Lydia,"),
        ('"Derek man I can\'t."', "Derek, man,"),
        ('"Dude what the hell!"', "Dude,"),
        ('"What the hell Stiles?!"', "What the hell,"),
        ("‘No, listen I’m sorry.’", "No, listen,"),
    ],
)
def test_missing_commas_in_dialogue(text, fix):
    (result,) = found(text, "dialogue.missing-comma")
    assert result[0] == "dialogue.missing-comma" and result[2] == fix


@pytest.mark.parametrize(
    "text",
    [
        '"Oh no," said Harriet.',
        '"Oh God, not again."',
        '"No you don\'t," she said.',  # a retort, printed so in many novels
        '"Well I never!"',
        '"Oh Marilla, I\'m so happy."',
        '"No man can do it."',
        '"A man who wrote it was well to do."',
        '"Look at me."',
        '"Look what you did."',
        '"Sorry I\'m late."',
        '"Yes sir."',
        "Okay look I see her, she thought.",
    ],
)
def test_idioms_retorts_and_narration_keep_quiet(text):
    assert found(text, "dialogue.missing-comma") == []


def test_yes_sir_is_an_option_and_the_cast_list_names_sentence_openers():
    sir = from_mapping({"dialogue": {"comma-before-sir": True}}, "test")
    assert sir.section("dialogue") == {"comma-before-sir": True}
    with pytest.raises(ConfigError, match="comma-before-sir"):
        from_mapping({"dialogue": {"comma-before-sir": "yes"}}, "test")
    text = '"Yes sir."'
    reports = Engine(Config(select=("dialogue",), sections=sir.sections)).check(
        SourceFile("x.txt", text)
    )
    assert spans(reports, text) == [("dialogue.missing-comma", "Yes")]
    cast = {"names": {"cast": ["Tobias Wren"]}}
    # a name learned from the text only before I, you or we; a cast name before any clause
    assert found('"Tobias can\'t go."', "dialogue.missing-comma") == []
    assert found('"Tobias can\'t go."', "dialogue.missing-comma", sections=cast) == [
        ("dialogue.missing-comma", "Tobias", "Tobias,")
    ]
    # learned only where the text shows it is a name: once mid-sentence or after a title
    assert found('"Tobias we have to go," she told Tobias.', "dialogue.missing-comma") == [
        ("dialogue.missing-comma", "Tobias", "Tobias,")
    ]
    assert found('"Tobias we have to go."', "dialogue.missing-comma") == []
    assert found('"Let us hope not. Dishonesty I cannot overlook."', "dialogue.missing-comma") == []
    assert found('"Tobias we have to go."', "dialogue.missing-comma", sections=cast) == [
        ("dialogue.missing-comma", "Tobias", "Tobias,")
    ]


# --- 11-12: speakers and spacing --------------------------------------------------------


def test_two_speakers_in_one_paragraph_is_info_with_an_unsafe_fix():
    text = '"Hold it," Tobias said. "I can\'t," Maren said.'
    reports = check_text(text, select=["dialogue.two-speakers"])
    assert [(r.severity.value, text[r.start : r.end]) for r in reports] == [("info", ' "')]
    assert reports[0].finding.fixes[0].replacement == '\n\n"'
    assert reports[0].finding.safe_fix is None
    assert found('"Hold it," Tobias said. "Higher," Tobias said.') == []


def test_spacing_around_closing_marks():
    assert found('"Row,"she said.') == [("dialogue.quote-spacing", '"', '" ')]
    assert found("“Row,”she said.") == [("dialogue.quote-spacing", "”", "” ")]
    assert found('"Pull harder! " he shouted.') == [("dialogue.quote-spacing", " ", "")]
    assert found('"Wait . . . " she said.') == []


# --- fixes, bad input, the command line ---------------------------------------------------


def test_fixes_change_only_punctuation_and_capitals():
    text = (
        '"Fine," she shrugged. "Sorry Sam but we\'re leaving."\n\n'
        'Jo sighed, "Let\'s go now."\n\n"I think," he said, "We should go-"\n'
    )
    result = fixed(text)
    assert result == (
        '"Fine." She shrugged. "Sorry, Sam, but we\'re leaving."\n\n'
        'Jo sighed. "Let\'s go now."\n\n"I think," he said, "we should go—"\n'
    )
    letters = [c.lower() for c in text if c.isalpha()]
    assert [c.lower() for c in result if c.isalpha()] == letters


@pytest.mark.parametrize(
    "text",
    [
        "",
        '"',
        "“”",
        '"""',
        "’’’",
        "“Hi 😀,” she said.",
        '"Row,"\r\nshe said.\r\n',
        "\x00\x01",
        "-" * 50,
    ],
)
def test_bad_input_never_crashes(text):
    check_text(text, select=["dialogue"])


def test_fix_from_the_command_line(tmp_path):
    chapter = tmp_path / "chapter.txt"
    chapter.write_text('"I\'m tired." she said.\n\n"Wait," He said.\n', encoding="utf-8")
    result = run_cli("check", "--fix", "--select", "dialogue", str(chapter))
    assert result.returncode == 0, result.stdout + result.stderr
    assert chapter.read_text(encoding="utf-8") == '"I\'m tired," she said.\n\n"Wait," he said.\n'


def test_writing_quoted_after_it_said_is_not_speech():
    text = "Underneath the picture it said “Shall I Never See Thee More Alas.”"
    assert found(text, "dialogue.tag-before-quote") == []
