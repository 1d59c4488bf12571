"""The live document: after any edit, the same findings as checking the text afresh."""

from __future__ import annotations

import random

import pytest

from conftest import SEEDS
from storylint.config import Config
from storylint.engine import Engine
from storylint.engine.live import Cancelled, LiveDocument
from storylint.read.plaintext import plaintext_blocks
from storylint.read.source import SourceFile

LONG_LINE = "“It was late,” she said, and the wind kept on at the shutters " * 4

PIECES = [
    " ",
    "word",
    "could of",
    "“",
    "”",
    "‘",
    "’",
    '"',
    "'",
    ".",
    ",",
    "\n",
    "\n\n",
    "* * *",
    "    ",
    "😀",
    "\r\n",
]


def fresh(text: str, fmt: str) -> list[tuple[str, int, int, str]]:
    reports = Engine(Config()).check(SourceFile("x", text, fmt))
    return [(r.rule.id, r.start, r.end, r.finding.message) for r in reports]


def live_view(live: LiveDocument) -> list[tuple[str, int, int, str]]:
    live.refresh_document()  # document rules (names) run when the server asks, as here
    return [(r.rule.id, r.start, r.end, r.finding.message) for r in live.reports()]


def run_random_edits(text: str, fmt: str, seed: int, rounds: int) -> None:
    generator = random.Random(seed)
    live = LiveDocument(Engine(Config()), SourceFile("x", text, fmt))
    assert live_view(live) == fresh(text, fmt)
    for _ in range(rounds):
        current = live.text
        start = generator.randrange(len(current) + 1)
        end = min(len(current), start + generator.choice([0, 0, 0, 1, 3, 20]))
        new = "".join(generator.choice(PIECES) for _ in range(generator.choice([0, 1, 1, 2, 3])))
        live.edit(start, end, new)
        expected_text = current[:start] + new + current[end:]
        assert live.text == expected_text
        assert live_view(live) == fresh(expected_text, fmt), (start, end, new)
        if fmt == "text":
            assert live._state.starts == [b.start for b in plaintext_blocks(expected_text)]


@pytest.mark.parametrize("seed", range(6))
def test_random_edits_of_plain_text(seed):
    chapter = (SEEDS / "01-the-lamp-room.txt").read_text(encoding="utf-8")
    run_random_edits(chapter, "text", seed, 150)


def test_random_edits_of_one_paragraph_per_line_text():
    text = "\n".join([LONG_LINE, "“Short,” he said.", LONG_LINE, "He could of run.", LONG_LINE])
    text += "\n\nA wrapped paragraph\nover two lines.\n"
    run_random_edits(text, "text", 99, 150)


@pytest.mark.parametrize("seed", range(2))
def test_random_edits_of_markdown(seed):
    chapter = (SEEDS / "02-the-crew-of-the-alba.md").read_text(encoding="utf-8")
    run_random_edits(chapter, "markdown", seed, 60)


def test_an_edit_rechecks_only_the_paragraphs_around_it():
    chapter = (SEEDS / "01-the-lamp-room.txt").read_text(encoding="utf-8")
    engine = Engine(Config())
    live = LiveDocument(engine, SourceFile("x", chapter, "text"))
    live.reports()
    before = engine.stats["paragraphs"]
    at = chapter.index("polishing")
    live.edit(at, at, "x")
    reports = live.reports()
    assert engine.stats["paragraphs"] - before == 1
    assert ("homophones.modal-of", "of") in [
        (r.rule.id, live.text[r.start : r.end]) for r in reports
    ]


def test_document_rules_move_with_edits_until_refreshed():
    live = LiveDocument(Engine(Config()), SourceFile("x", "One.\n\nTwo.\n", "text"))
    assert live.refresh_document() is False  # no document rules change anything here
    assert live.document_rules_current
    live.edit(0, 0, "Zero.\n\n")
    assert not live.document_rules_current or not live.engine.document_rules


def test_reports_can_be_cancelled_and_resumed():
    chapter = (SEEDS / "01-the-lamp-room.txt").read_text(encoding="utf-8") * 20
    live = LiveDocument(Engine(Config()), SourceFile("x", chapter, "text"))
    with pytest.raises(Cancelled):
        live.reports(should_stop=lambda: True)
    assert live_view(live) == fresh(chapter, "text")


def _unclosed_lines(count: int, long_at: int) -> str:
    lines = ['Jo looked up. "Wait, she said.'] * count
    lines[long_at] = lines[long_at] + " and the wind kept on" * 8
    return "\n".join(lines) + "\n"


def test_a_long_chunk_is_read_again_whole_when_its_only_long_line_is_shortened():
    # 200 lines with no blank line between: one paragraph per line while one line is
    # longer than hard wrapping makes them (150 characters), one paragraph without it;
    # the edit is far from both ends of the chunk, past the re-split window.
    text = _unclosed_lines(200, 100)
    live = LiveDocument(Engine(Config()), SourceFile("x", text, "text"))
    assert len(live_view(live)) == 200  # each line's quotation is unclosed
    start = text.index(" and the wind")
    end = start + len(" and the wind kept on") * 8
    live.edit(start, end, "")
    shorter = text[:start] + text[end:]
    assert live_view(live) == fresh(shorter, "text")
    assert [rule for rule, *_ in live_view(live)] == ["dialogue.unclosed-quote"]
    assert len(live._state.paragraphs) == 1
    live.edit(start, start, " and the wind kept on" * 8)  # and back: one per line again
    assert live_view(live) == fresh(text, "text")
    assert len(live._state.paragraphs) == 200


def test_a_long_chunk_keeps_one_paragraph_per_line_while_a_far_line_is_long():
    text = _unclosed_lines(300, 290)
    text = text.replace('Jo looked up. "Wait, she said.', "Jo looked up.", 1)
    live = LiveDocument(Engine(Config()), SourceFile("x", text, "text"))
    live.edit(5, 5, "x")  # near the start: the long line is 290 lines away
    edited = text[:5] + "x" + text[5:]
    assert live_view(live) == fresh(edited, "text")
    assert len(live._state.paragraphs) == 300


@pytest.mark.parametrize("seed", range(3))
def test_random_edits_of_a_chunk_longer_than_the_resplit_window(seed):
    lines = ["“Short,” he said."] * 150
    lines[3] = LONG_LINE
    lines[140] = LONG_LINE
    run_random_edits("\n".join(lines) + "\n", "text", seed, 60)
