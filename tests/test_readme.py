"""The README tells the truth: set-up commands, rule table, sample output, CI."""

from __future__ import annotations

import re

from conftest import ROOT, run_cli

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_two_setup_commands_come_first():
    commands = re.findall(r"^    (pip install .*)$", README, re.MULTILINE)
    assert commands[:2] == [
        "pip install . && storylint check seeds/",
        "pip install -e '.[test]' && pytest",
    ]
    assert README.index(commands[1]) < README.index("## What it catches")


def test_ci_runs_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -e '\\.\\[test\\]'" in script and 'eval "$test_command"' in script


def test_rule_table_is_current():
    table = run_cli("rules", "--format", "markdown").stdout
    start = README.index("<!-- rules-table:start -->\n") + len("<!-- rules-table:start -->\n")
    end = README.index("<!-- rules-table:end -->")
    assert README[start:end] == table, "paste `storylint rules --format markdown` into README"


def test_sample_output_is_what_storylint_prints():
    sample = README.split("$ storylint check seeds/\n", 1)[1].split("```", 1)[0]
    actual = run_cli("check", "seeds/").stdout
    for line in sample.splitlines():
        if re.match(r"^seeds/\S+:\d+:\d+: ", line):
            assert line in actual.splitlines(), f"README sample line not printed now: {line}"
    assert sample.strip().splitlines()[-1] == actual.strip().splitlines()[-1]
