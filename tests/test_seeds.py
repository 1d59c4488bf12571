"""The sample chapters: exact golden output, every planted mistake, every clean line."""

from __future__ import annotations

import json
import tomllib

import pytest

from conftest import SEEDS
from golden import chapters, current, expected_path
from storylint.checks import all_rules

PLANTED = tomllib.loads((SEEDS / "planted.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def findings():
    return current()


@pytest.mark.parametrize("chapter", [p.name for p in chapters()])
def test_golden_file(findings, chapter):
    expected = json.loads(expected_path(chapter).read_text(encoding="utf-8"))
    assert findings[chapter] == expected, "run `python tests/golden.py --update` and review"


def line_of(chapter: str, piece: str) -> int:
    lines = (SEEDS / chapter).read_text(encoding="utf-8").splitlines()
    matches = [n for n, line in enumerate(lines, 1) if piece in line]
    assert len(matches) == 1, f"{chapter}: {piece!r} must be on exactly one line, found {matches}"
    return matches[0]


def _matches(finding: dict, entry: dict) -> bool:
    rule = entry["rule"]
    if finding["rule"] != rule and finding["category"] != rule:
        return False
    return "fix" not in entry or any(f["replacement"] == entry["fix"] for f in finding["fixes"])


@pytest.mark.parametrize("entry", PLANTED["planted"], ids=lambda e: f"{e['file']}:{e['line'][:30]}")
def test_planted_mistake_is_caught(findings, entry):
    line = line_of(entry["file"], entry["line"])
    on_line = [f for f in findings[entry["file"]] if f["line"] == line]
    caught = any(_matches(f, entry) for f in on_line)
    if entry.get("pending"):
        assert not caught, "this mistake is caught now: remove `pending` from planted.toml"
    else:
        assert caught, f"not caught; findings on line {line}: {on_line}"


@pytest.mark.parametrize("entry", PLANTED["clean"], ids=lambda e: f"{e['file']}:{e['line'][:30]}")
def test_clean_line_stays_quiet(findings, entry):
    line = line_of(entry["file"], entry["line"])
    assert [f for f in findings[entry["file"]] if f["line"] == line] == []


def test_planted_rules_exist():
    known = set(all_rules()) | {r.category for r in all_rules().values()} | {"names"}
    assert {e["rule"] for e in PLANTED["planted"]} <= known
