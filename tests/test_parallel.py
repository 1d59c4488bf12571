"""Checking one long document in several processes gives exactly the one-process result."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from storylint.checks import all_rules
from storylint.checks.context import Context
from storylint.checks.registry import Rule, paragraph_kind
from storylint.config import Config
from storylint.engine import Engine
from storylint.engine.live import Cancelled, LiveDocument
from storylint.engine.parallel import PARALLEL_CHARS, balanced_groups, fork_map
from storylint.findings import Finding, Severity
from storylint.parse import continuity
from storylint.read.source import SourceFile

SEEDS = Path(__file__).parent.parent / "seeds"


def _long_chapter() -> str:
    """The seed chapters over and over: long enough to be split three ways."""
    chapters = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.md")))
    return "\n\n".join([chapters] * (4 * PARALLEL_CHARS // len(chapters) + 1))


def _as_tuples(reports) -> list[tuple]:
    return [(r.rule.id, r.start, r.end, r.finding.message, r.finding.fixes) for r in reports]


def test_fork_map_keeps_order_and_runs_tasks_in_children():
    parent = os.getpid()
    results = fork_map([lambda: ("a", os.getpid()), lambda: ("b", os.getpid())])
    assert [name for name, _ in results] == ["a", "b"]
    assert results[0][1] == parent
    assert results[1][1] != parent


def test_fork_map_runs_the_task_here_when_its_child_fails():
    parent = os.getpid()

    def fails_in_a_child() -> str:
        if os.getpid() != parent:
            raise RuntimeError("child")
        return "ran here"

    assert fork_map([lambda: "first", fails_in_a_child]) == ["first", "ran here"]


def test_a_child_that_does_not_answer_in_time_is_killed_and_its_task_run_here():
    parent = os.getpid()

    def hangs_in_a_child() -> str:
        while os.getpid() != parent:
            time.sleep(1)
        return "ran here"

    started = time.monotonic()
    assert fork_map([lambda: 1, hangs_in_a_child], threads_ok=True, timeout=0.5) == [1, "ran here"]
    assert time.monotonic() - started < 5


def test_children_are_stopped_when_the_task_here_fails():
    parent = os.getpid()
    children: list[int] = []

    def sleeps() -> None:
        time.sleep(60 if os.getpid() != parent else 0)

    def fails() -> None:
        children.extend(p for p in _child_pids())
        raise ValueError("here")

    with pytest.raises(ValueError, match="here"):
        fork_map([fails, sleeps, sleeps])
    assert len(children) == 2
    assert not set(children) & set(_child_pids())  # killed and reaped


def _child_pids() -> list[int]:
    """The pids of this process's children (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == os.getpid():
                found.append(int(entry.name))
    return found


def test_neighbors_of_a_range_are_that_slice_of_the_whole():
    text = (
        "“One paragraph that stays open.\n\n* * *\n\n“And it goes on,” she said.\n\n"
        "    An indented verse line.\n\n“Another,” he said. “Open again.\n\n"
        "“Reopened.”\n\nPlain narration.\n"
    )
    engine = Engine(Config())
    document = engine.parse(SourceFile("a.txt", text))
    paragraphs, indents = document.paragraphs, [b.indent for b in document.blocks]
    whole = continuity.neighbors(paragraphs, indents, "double")
    assert any(n.previous_open for n in whole) and any(n.next_opens for n in whole)
    for start in range(len(paragraphs)):
        for stop in range(start, len(paragraphs) + 1):
            part = continuity.neighbors(paragraphs, indents, "double", start, stop)
            assert part == whole[start:stop], (start, stop)


def test_a_long_document_in_three_processes_matches_one():
    text = _long_chapter()
    one = Engine(Config(), jobs=1).check(SourceFile("long.md", text))
    engine = Engine(Config(), jobs=3)
    paragraphs = engine.parse(SourceFile("long.md", text)).paragraphs
    assert len(engine._split([len(p.text) for p in paragraphs])) == 3
    engine.check(SourceFile("short.md", "Hello."))
    three = engine.check(SourceFile("long.md", text))
    assert len(one) > 100
    assert _as_tuples(three) == _as_tuples(one)
    assert engine.stats["paragraphs"] == len(paragraphs) + 1  # counted once, wherever checked


def test_a_short_document_stays_in_one_process():
    engine = Engine(Config(), jobs=4)
    assert engine._split([len("“Hi,” she said.")]) == [(0, 1)]


@paragraph_kind("test-broken-late")
def _broken_late(paragraph, context, rule) -> Iterator[Finding]:
    if "fall over" in paragraph.text:
        raise ValueError("late boom")
    return iter(())


def test_a_rule_error_in_a_child_is_reported_by_the_parent():
    broken = Rule("test.broken-late", "test-broken-late", Severity.INFO, "s", "e")
    text = _long_chapter() + "\n\nAt the very end this paragraph will fall over.\n"
    errors = []
    engine = Engine(
        Config(),
        rules=[broken, *all_rules().values()],
        on_error=lambda r, e, w: errors.append((r.id, type(e).__name__, str(e), w)),
        jobs=2,
    )
    reports = engine.check(SourceFile("long.md", text))
    line = text.count("\n", 0, text.index("At the very end")) + 1
    assert errors == [("test.broken-late", "ValueError", "late boom", f"long.md:{line}")]
    assert reports  # the other rules' findings are all there


def _run_check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "storylint", "check", "--format", "json", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_cli_jobs_gives_the_same_output_and_rejects_zero(tmp_path):
    path = tmp_path / "long.md"
    path.write_text(_long_chapter(), encoding="utf-8")
    one, two = _run_check("--jobs", "1", str(path)), _run_check("-j", "2", str(path))
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout and one.stdout.count('"rule"') > 100
    zero = _run_check("--jobs", "0", str(path))
    assert zero.returncode == 2
    assert "expected a number of processes, 1 or more: '0'" in zero.stderr


def test_the_usual_indent_is_the_commonest_and_the_smaller_on_a_tie():
    assert continuity.usual_indent([4, 0, 4]) == 4
    assert continuity.usual_indent([4, 0]) == 0
    assert continuity.usual_indent([]) == 0


def test_balanced_groups_share_out_the_largest_first():
    assert balanced_groups([5, 1, 4, 2, 3], 2) == [[0, 1, 3], [2, 4]]
    assert balanced_groups([7], 3) == [[0]]
    assert balanced_groups([], 2) == []


def test_a_folder_shared_out_between_processes_gives_the_same_output(tmp_path):
    chapter = _long_chapter()[: PARALLEL_CHARS + 1000]
    chapter = chapter[: chapter.rindex("\n\n")] + "\n"
    for name in ("ch1.md", "ch2.md", "ch3.md"):
        (tmp_path / name).write_text(chapter.replace("Isaac", "Issac", 1), encoding="utf-8")
    (tmp_path / "ch4.md").write_text("“You could of asked,” Issac said.\n", encoding="utf-8")
    one, two = _run_check("-j", "1", str(tmp_path)), _run_check("-j", "2", str(tmp_path))
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout
    assert {'"path": "' + str(tmp_path / f"ch{n}.md") + '"' for n in range(1, 5)} <= {
        line.strip().rstrip(",") for line in one.stdout.splitlines()
    }


def test_paragraphs_checked_in_children_are_cached_here():
    text = _long_chapter()
    engine = Engine(Config(), jobs=2)
    live = LiveDocument(engine, SourceFile("long.txt", text))
    reports = live.reports(threads_ok=True)
    alone = LiveDocument(Engine(Config(), jobs=1), SourceFile("long.txt", text)).reports()
    assert _as_tuples(reports) == _as_tuples(alone)
    runs = engine.stats["rule_runs"]
    # the last paragraph was checked by the child; checking it again here reuses its results
    paragraph = live.document().paragraphs[-1]
    context = Context(live.conventions, live._neighbors[-1], engine.config, None)
    engine.paragraph_findings(paragraph, context)
    assert engine.stats["rule_runs"] == runs


def test_a_stopped_check_keeps_what_was_checked():
    text = _long_chapter()
    engine = Engine(Config(), jobs=2)
    live = LiveDocument(engine, SourceFile("long.txt", text))
    polls = []

    def stop_after_a_while() -> bool:
        polls.append(1)
        return len(polls) > 3

    with pytest.raises(Cancelled):
        live.reports(should_stop=stop_after_a_while, threads_ok=True)
    missing = live._results.count(None)
    assert 0 < missing < len(live._results) // 2  # the child's half was kept
    again = live.reports()
    alone = LiveDocument(Engine(Config(), jobs=1), SourceFile("long.txt", text)).reports()
    assert _as_tuples(again) == _as_tuples(alone)
