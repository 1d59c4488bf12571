"""The confusion model: its trainer end to end on tiny books, its file, a broken file.

The trainer runs on a fixture corpus written here (a few xz-compressed "books" whose
counts are known), and the model it writes is used by the real CLI through
``$STORYLINT_CONFUSION_MODEL``.
"""

from __future__ import annotations

import lzma
import math
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from storylint.checks.homophones.confusion import (
    MAGIC,
    ConfusionModel,
    ModelError,
    quantise,
    shown_count,
)
from storylint.checks.homophones.contexts import context_keys, padded, tokens

sys.path.insert(0, str(ROOT / "tools"))
import train_confusables

RULES = """
[[rule]]
id = "homophones.then-than"
kind = "confusable"
summary = "then and than"
explanation = "## What it does"
sets = [["than", "then"]]
"""

#: Each book: sentences with "than" after a comparative and "then" for what came next.
THAN = [
    "She was taller than her brother.",
    "It was more than enough.",
    "He ran faster than the wind.",
    "They were older than the hills.",
]
THEN = [
    "Then she went home.",
    "And then they ate supper.",
    "He sat down, then he slept.",
    "Then the rain came.",
]


def write_books(folder: Path, count: int = 8) -> None:
    folder.mkdir()
    for number in range(count):
        paragraphs = [THAN[(number + k) % 4] + " " + THEN[(number + 2 * k) % 4] for k in range(12)]
        text = "\n\n".join(paragraphs) + "\n"
        with lzma.open(folder / f"author--book-{number}.txt.xz", "wt", encoding="utf-8") as out:
            out.write(text)


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> tuple[Path, Path]:
    """The fixture books and the model trained on them."""
    root = tmp_path_factory.mktemp("training")
    return root / "books", _train_on_books(root, RULES)


def _train_on_books(root: Path, rules: str) -> Path:
    """The fixture books written under ``root``, ``rules`` as its rule file, and the
    model trained on them (``root/tiny.model``)."""
    books = root / "books"
    write_books(books)
    (root / "rules").mkdir()
    (root / "rules" / "homophones.toml").write_text(rules, encoding="utf-8")
    out = root / "tiny.model"
    _train([str(books), "--rules", str(root / "rules"), "--out", str(out), *OPTIONS, "--jobs", "1"])
    return out


def _train(arguments: list[str]) -> str:
    """The trainer as it is run: a command in a process of its own; what it logged."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "train_confusables.py"), *arguments],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stderr


#: Tiny books: every context kept, thresholds at their floor.
OPTIONS = ["--heldout", "1", "--tune", "2", "--min-count", "1", "--bag-min", "1"]
OPTIONS += ["--min-ratio", "0", "--min-part", "0", "--target-high", "0", "--floor-high", "2"]


def test_the_split_is_seeded_and_keeps_the_held_out_books_apart():
    names = [f"book-{n}.txt.xz" for n in range(40)]
    first = train_confusables.split_books(names, 5, 7)
    again = train_confusables.split_books(list(reversed(names)), 5, 7)
    assert first == again
    assert len(first.heldout) == 5 and len(first.tune) == 7 and len(first.train) == 28
    assert not set(first.heldout) & set(first.tune)
    assert not (set(first.heldout) | set(first.tune)) & set(first.train)


def test_the_model_counts_the_books_it_was_given(trained):
    books, out = trained
    model = ConfusionModel.load(out)
    split = train_confusables.split_books([p.name for p in books.iterdir()], 1, 2)
    assert model.header["books"]["heldout"] == list(split.heldout)
    assert model.header["books"]["tune"] == list(split.tune)
    table = model.sets["than|then"]
    assert table.members == ("than", "then")
    # twelve paragraphs in each book counted, each with one "than" and one "then"
    assert len(split.train) == 5
    assert table.totals == (60, 60)
    # "more than": once in every paragraph that has "It was more than enough."
    counted = 0
    for name in split.train:
        with lzma.open(books / name, "rt", encoding="utf-8") as file:
            counted += file.read().count("more than")
    _, words = tokens("It was more than enough.")
    at = 3 + 3  # "than", after the three edge tokens
    keys = context_keys(padded(words), at, train_confusables.Hashes())
    entry = table.find(keys[0])  # L1: "more"
    assert entry >= 0
    assert table.counts(entry) == (quantise(counted), 0)
    assert shown_count(table.counts(entry)[0]) == counted
    pair = table.pairs[(0, 1)]
    assert len(pair.weights) == 11 and set(pair.thresholds) == {"high", "normal"}


def test_the_listed_e_text_slips_are_left_out_of_tuning(trained, tmp_path):
    books, out = trained
    split = train_confusables.split_books([p.name for p in books.iterdir()], 1, 2)
    slips = tmp_path / "slips.tsv"
    slips.write_text(
        "# a comment, then a slip found in a tuning book and one that is in none\n"
        f"{split.tune[0]}\tit was more [than] enough\tthan\n"
        f"{split.tune[0]}\tit was much [than] enough\tthan\n",
        encoding="utf-8",
    )
    again = tmp_path / "again.model"
    rules = out.parent / "rules"
    arguments = [str(books), "--rules", str(rules), "--out", str(again), *OPTIONS]
    log = _train([*arguments, "--jobs", "1", "--slips", str(slips)])
    assert ConfusionModel.load(again).header["etext_slips_left_out"] == 1
    assert ConfusionModel.load(out).header["etext_slips_left_out"] == 0
    assert "1 of the 2 e-text slips listed found and left out" in log
    assert f"not found: {split.tune[0]}: it was much [than] enough" in log


def test_a_slip_is_matched_on_the_words_around_it(tmp_path):
    slips = tmp_path / "slips.tsv"
    slips.write_text("book.txt.xz\t, of [coarse] , this\tcourse\n", encoding="utf-8")
    read = train_confusables.read_slips(slips)
    assert read == {"book.txt.xz": [((",", "of"), "coarse", (",", "this"))]}
    _, words = tokens("Their point was, of coarse, this.")
    at = 3 + 5  # "coarse", after the three edge tokens
    assert train_confusables.is_slip(read["book.txt.xz"], padded(words), at) == 0
    _, words = tokens("Their point was, of coarse, that.")
    assert train_confusables.is_slip(read["book.txt.xz"], padded(words), at) is None
    broken = tmp_path / "broken.tsv"
    broken.write_text("book.txt.xz\tno brackets here\tcourse\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"broken\.tsv:1: expected book"):
        train_confusables.read_slips(broken)
    assert train_confusables.read_slips(tmp_path / "none.tsv") == {}


def test_what_a_rules_unless_silences_is_no_false_alarm_in_tuning(tmp_path):
    (tmp_path / "homophones.toml").write_text(
        RULES + 'unless = ["he|she|we|they|i too"]\n', encoding="utf-8"
    )
    unless = train_confusables.unless_of(tmp_path)
    assert unless == {"than|then": ("he|she|we|they|i too",)}
    patterns = [train_confusables.Unless(u, "test") for u in unless["than|then"]]
    paragraph = "“Must he too be solitary?” she asked. It was too late to go to bed."
    written, _ = tokens(paragraph)
    too = [n for n, token in enumerate(written) if token == "too"]
    assert [train_confusables.silenced(patterns, paragraph, n) for n in too] == [True, False]


def _direction(
    meant: int, alarms: list[float], planted: list[float]
) -> train_confusables.Direction:
    return train_confusables.Direction(
        0, 1 - meant, meant, sorted(alarms, reverse=True), sorted(planted, reverse=True)
    )


def test_the_allocation_looks_past_a_second_high_alarm():
    # A's two highest alarms are close together: one more alarm gains A nothing, two
    # gain it all its planted mistakes. B gains a little from each of its alarms.
    a = _direction(1, [13.9, 10.6, 3.0], [9.0] * 50)
    b = _direction(0, [9.5, 9.4, 1.0], [9.45, 9.3, 9.3])
    chosen = train_confusables.choose_thresholds([a, b], 2, 4.0, 30.0)
    assert chosen[(0, 0, 1)] == (4.0, 2, 50)  # at its floor
    assert chosen[(0, 1, 0)] == (math.nextafter(9.5, math.inf), 0, 0)


def test_training_is_deterministic(trained, tmp_path):
    books, out = trained
    rules = out.parent / "rules"
    again = tmp_path / "again.model"
    _train([str(books), "--rules", str(rules), "--out", str(again), *OPTIONS, "--jobs", "2"])
    assert again.read_bytes() == out.read_bytes()


def test_the_checker_uses_the_trained_model(trained):
    _, out = trained
    result = run_cli(
        "check",
        "-",
        "--select",
        "homophones.then-than",
        "--format",
        "concise",
        stdin=b"It was more then enough.\n",
        env={"STORYLINT_CONFUSION_MODEL": str(out)},
    )
    assert result.stderr == ""
    line = result.stdout.splitlines()[0]
    assert line.startswith("-:1:13: warning[homophones.then-than] “more then” → “more than”: ")
    assert "in published fiction “more than” is written" in line


def _long_chapter(tmp_path: Path) -> Path:
    """A chapter long enough to be checked by several processes, with words of the
    model's sets in every paragraph ("to", "there") and a mistake only a pattern rule
    finds ("would of") at its end."""
    paragraph = "The lamp burned low there while the keeper wrote his log to the end. " * 6
    text = "\n\n".join([paragraph] * 900) + "\n\nShe would of told you.\n"
    path = tmp_path / "chapter.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "content",
    [None, b"", b"not a model at all", MAGIC + b"\xff\xff\xff\x7f{", MAGIC + b"\x02\x00\x00\x00{}"],
    ids=["missing", "empty", "garbage", "truncated", "bad-header"],
)
def test_a_broken_model_gives_one_warning_and_the_patterns_still_run(tmp_path, content):
    path = tmp_path / "broken.model"
    if content is not None:
        path.write_bytes(content)
    chapter = _long_chapter(tmp_path)
    result = run_cli(
        "check",
        str(chapter),
        "--select",
        "homophones",
        "--format",
        "concise",
        "--jobs",
        "2",
        env={"STORYLINT_CONFUSION_MODEL": str(path)},
    )
    warnings = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(warnings) == 1, result.stderr
    assert warnings[0].startswith(f"storylint: warning: the confusable-words model {path} ")
    assert "only the homophone patterns run" in warnings[0]
    assert result.returncode == 1
    assert "[homophones.modal-of] “would of told” should be “would have told”" in result.stdout


def test_a_broken_model_is_an_error_to_load(tmp_path):
    path = tmp_path / "broken.model"
    path.write_bytes(MAGIC + b"\x00" * 8)
    with pytest.raises(ModelError):
        ConfusionModel.load(path)
    with pytest.raises(ModelError):
        ConfusionModel.load(tmp_path / "missing.model")


def test_the_model_is_read_only_when_a_paragraph_has_a_word_of_its_sets(tmp_path):
    missing = tmp_path / "missing.model"
    env = {"STORYLINT_CONFUSION_MODEL": str(missing)}
    quiet = run_cli("check", "-", "--select", "homophones", stdin=b"She would of gone.\n", env=env)
    assert quiet.stderr == ""  # no word of a set: the model was never looked for
    assert "homophones.modal-of" in quiet.stdout
    needed = run_cli("check", "-", "--select", "homophones", stdin=b"Go over there.\n", env=env)
    assert needed.stderr.startswith(f"storylint: warning: the confusable-words model {missing} ")


def test_normal_is_never_stricter_than_high(trained):
    _, out = trained
    model = ConfusionModel.load(out)
    for table in model.sets.values():
        for pair in table.pairs.values():
            high, normal = pair.thresholds["high"], pair.thresholds["normal"]
            assert all(n <= h for n, h in zip(normal, high, strict=True))


def _scores(model: ConfusionModel, text: str) -> list[tuple[float, float]]:
    """Each judged change in ``text``: (its score, the "high" threshold it must pass)."""
    table = model.sets["than|then"]
    found = train_confusables._example_scores(table, text, train_confusables.Hashes())
    thresholds = list(table.pairs.values())
    return [(z, thresholds[n].thresholds["high"][side]) for n, side, z, _ in found]


def test_no_threshold_flags_an_allow_example(tmp_path):
    # the trained model flags "more then enough" (see above): as a must-not-flag
    # example, the trainer raises that direction's thresholds above its score
    allow = RULES + 'examples = [{ allow = "It was more then enough." }]\n'
    model = ConfusionModel.load(_train_on_books(tmp_path, allow))
    assert model.header["raised_for_examples"] == 2  # "high" and "normal"
    (then_to_than,) = [(z, t) for z, t in _scores(model, "It was more then enough.") if z > 0]
    assert then_to_than[0] < then_to_than[1]


def test_an_allow_example_the_rule_silences_raises_nothing(tmp_path):
    # the rule's own unless already silences the model there: nothing is raised
    allow = RULES + 'unless = ["more then enough"]\n'
    allow += 'examples = [{ allow = "It was more then enough." }]\n'
    model = ConfusionModel.load(_train_on_books(tmp_path, allow))
    assert model.header["raised_for_examples"] == 0
    (then_to_than,) = [(z, t) for z, t in _scores(model, "It was more then enough.") if z > 0]
    assert then_to_than[0] >= then_to_than[1]  # the model alone would flag it
