"""A manuscript's workflow through the real CLI: config mistakes whatever the arguments,
exit statuses (--fail-on, --exit-zero), --diff, fix applicability in JSON, .gitignore,
plain-text directives, --context, and what an empty run prints."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_cli

MISTAKE = "She could of gone.\n"
MODAL_OF = (
    "warning[homophones.modal-of] “could of gone” should be “could have gone”: after a "
    "modal verb, write “have” (or ’ve), not “of”"
)
TWO_SPEAKERS = '"Hold the light higher," Tobias said. "I can\'t," Maren said.\n'


@pytest.fixture
def book(tmp_path: Path) -> Path:
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "ch01.txt").write_text(MISTAKE, encoding="utf-8")
    return tmp_path


# -- config mistakes: status 2 and the message, whatever the arguments -------------------

CONFIG_ERROR = (
    "unknown key 'qoute-style' (did you mean 'quote-style'?); allowed keys: select, ignore, "
    "severity, quote-style, accept, include, exclude, respect-gitignore, fail-on, dialogue, "
    "homophones, names, languagetool\n"
)
ARGUMENTS = [
    ["check"],
    ["check", "."],
    ["check", "chapters/"],
    ["check", "chapters/ch01.txt"],
    ["check", "--fix", "."],
    ["check", "--diff", "."],
    ["check", "--format", "sarif", "chapters/"],
    ["check", "--context", ".", "chapters/ch01.txt"],
    ["names"],
    ["names", "--toml", "chapters/"],
]


@pytest.mark.parametrize("where", ["storylint.toml", "pyproject.toml"])
@pytest.mark.parametrize("args", ARGUMENTS, ids=" ".join)
def test_a_config_mistake_exits_2_with_the_message(book: Path, where: str, args: list[str]):
    if where == "pyproject.toml":
        text, origin = '[tool.storylint]\nqoute-style = "us"\n', f"{book / where} [tool.storylint]"
    else:
        text, origin = 'qoute-style = "us"\n', str(book / where)
    (book / where).write_text(text, encoding="utf-8")
    result = run_cli(*args, cwd=book)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"storylint: error: {origin}: {CONFIG_ERROR}"
    assert (book / "chapters" / "ch01.txt").read_text(encoding="utf-8") == MISTAKE


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("select = [", "invalid TOML: "),
        ('fail-on = "never"', '\'fail-on\': expected one of "error", "warning", "info", '),
        ("respect-gitignore = 1", "'respect-gitignore': expected true or false, got 1"),
        ('select = ["dialog"]', "unknown rule or category 'dialog'"),
    ],
)
def test_other_config_mistakes_in_a_subfolder(book: Path, text: str, message: str):
    (book / "chapters" / "storylint.toml").write_text(text + "\n", encoding="utf-8")
    for args in (["check"], ["check", "--fix", "."], ["names", "."]):
        result = run_cli(*args, cwd=book)
        assert (result.returncode, result.stdout) == (2, ""), args
        assert result.stderr.startswith(f"storylint: error: {book / 'chapters' / 'storylint.toml'}")
        assert message in result.stderr and "Traceback" not in result.stderr
    assert (book / "chapters" / "ch01.txt").read_text(encoding="utf-8") == MISTAKE


def test_a_missing_or_broken_config_named_with_config(book: Path):
    missing = run_cli("check", "--config", "nowhere.toml", ".", cwd=book)
    assert (missing.returncode, missing.stdout) == (2, "")
    assert missing.stderr == (
        "storylint: error: nowhere.toml: cannot read: No such file or directory\n"
    )
    folder = run_cli("check", "--config", "chapters", ".", cwd=book)
    assert (folder.returncode, folder.stdout) == (2, "")
    assert folder.stderr == "storylint: error: chapters: cannot read: Is a directory\n"


def test_the_readme_sarif_step_fails_on_a_config_mistake_only(book: Path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    step = next(
        line.split("run: ", 1)[1]
        for line in readme.splitlines()
        if "run: storylint check --format sarif" in line
    )

    def run_step() -> subprocess.CompletedProcess:
        return subprocess.run(
            step.replace("storylint ", f"{sys.executable} -m storylint ", 1),
            shell=True,
            cwd=book,
            capture_output=True,
            text=True,
        )

    passed = run_step()  # findings: the log is written and the step passes
    assert passed.returncode == 0
    assert len(json.loads((book / "storylint.sarif").read_text())["runs"][0]["results"]) == 1
    (book / "storylint.toml").write_text('qoute-style = "us"\n', encoding="utf-8")
    assert run_step().returncode == 2


# -- exit statuses ---------------------------------------------------------------------------


def test_info_findings_do_not_fail_by_default(tmp_path: Path):
    (tmp_path / "a.txt").write_text(TWO_SPEAKERS, encoding="utf-8")
    result = run_cli("check", "--format", "concise", "a.txt", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == (
        "a.txt:1:38: info[dialogue.two-speakers] Maren speaks here, in the paragraph where "
        "Tobias spoke: start a new paragraph for a new speaker\nFound 1 problem in 1 file.\n"
    )
    assert run_cli("check", "-q", "--fail-on", "info", "a.txt", cwd=tmp_path).returncode == 1
    assert run_cli("check", "-q", "--fail-on", "hint", "a.txt", cwd=tmp_path).returncode == 1
    (tmp_path / "storylint.toml").write_text('fail-on = "info"\n', encoding="utf-8")
    assert run_cli("check", "-q", "a.txt", cwd=tmp_path).returncode == 1
    # the command line wins over the config
    assert run_cli("check", "-q", "--fail-on", "warning", "a.txt", cwd=tmp_path).returncode == 0


def test_fail_on_error_and_exit_zero(tmp_path: Path):
    (tmp_path / "a.txt").write_text(MISTAKE, encoding="utf-8")
    assert run_cli("check", "-q", "a.txt", cwd=tmp_path).returncode == 1
    assert run_cli("check", "-q", "--fail-on", "error", "a.txt", cwd=tmp_path).returncode == 0
    (tmp_path / "storylint.toml").write_text('[severity]\n"homophones" = "error"\n', "utf-8")
    assert run_cli("check", "-q", "--fail-on", "error", "a.txt", cwd=tmp_path).returncode == 1
    zero = run_cli("check", "--exit-zero", "--format", "concise", "a.txt", cwd=tmp_path)
    assert (zero.returncode, zero.stdout.splitlines()[0]) == (
        0,
        MODAL_OF.replace("warning[", "a.txt:1:11: error[", 1),
    )
    # an input error still gives 2
    missing = run_cli("check", "--exit-zero", "a.txt", "missing.txt", cwd=tmp_path)
    assert missing.returncode == 2


def test_unknown_fail_on_level_is_a_usage_error(tmp_path: Path):
    result = run_cli("check", "--fail-on", "fatal", ".", cwd=tmp_path)
    assert result.returncode == 2
    assert "argument --fail-on: invalid choice: 'fatal'" in result.stderr


# -- --diff ----------------------------------------------------------------------------------


def test_diff_prints_what_fix_would_write_and_writes_nothing(tmp_path: Path):
    text = '"Fine," she shrugged.\r\nShe could of gone.'  # CRLF, no final newline
    (tmp_path / "a.txt").write_bytes(("\ufeff" + text).encode("utf-8"))
    (tmp_path / "clean.txt").write_text("All quiet.\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    result = run_cli("check", "--diff", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == (
        "--- a/a.txt\n"
        "+++ b/a.txt\n"
        "@@ -1,2 +1,2 @@\n"
        '-"Fine," she shrugged.\r\n'
        "-She could of gone.\n"
        "\\ No newline at end of file\n"
        '+"Fine." She shrugged.\r\n'
        "+She could have gone.\n"
        "\\ No newline at end of file\n"
    )
    assert result.stderr == "2 fixes would change 1 file; nothing was written\n"
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    clean = run_cli("check", "--diff", "clean.txt", cwd=tmp_path)
    assert (clean.returncode, clean.stdout) == (0, "")
    assert clean.stderr == "No fixes to apply; nothing was written\n"


def test_diff_of_stdin_and_fix_with_diff(tmp_path: Path):
    result = run_cli("check", "--diff", "-", stdin=MISTAKE.encode(), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[-2:] == ["-She could of gone.", "+She could have gone."]
    both = run_cli("check", "--diff", "--fix", ".", cwd=tmp_path)
    assert (both.returncode, both.stderr) == (
        2,
        "storylint: error: --fix and --diff cannot be used together\n",
    )


def test_stdin_fix_keeps_the_byte_order_mark():
    result = run_cli("check", "--fix", "-", stdin=("\ufeff" + MISTAKE).encode("utf-8"))
    assert (result.returncode, result.stdout) == (0, "\ufeffShe could have gone.\n")
    plain = run_cli("check", "--fix", "-", stdin=MISTAKE.encode("utf-8"))
    assert plain.stdout == "She could have gone.\n"


# -- JSON fixes say how safe they are ---------------------------------------------------------


def test_json_fixes_carry_their_applicability(tmp_path: Path):
    (tmp_path / "a.txt").write_text(TWO_SPEAKERS + "\n" + MISTAKE, encoding="utf-8")
    found = run_cli("check", "--format", "json", "a.txt", cwd=tmp_path).json
    assert [(f["rule"], f["fixes"]) for f in found] == [
        (
            "dialogue.two-speakers",
            [
                {
                    "replacement": '\n\n"',
                    "description": "Start a new paragraph",
                    "applicability": "unsafe",
                }
            ],
        ),
        (
            "homophones.modal-of",
            [
                {
                    "replacement": "have",
                    "description": "Replace with “have”",
                    "applicability": "safe",
                }
            ],
        ),
    ]


# -- nothing to check ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "concise"])
def test_an_empty_folder_or_missing_path_prints_only_the_error(tmp_path: Path, fmt: str):
    (tmp_path / "empty").mkdir()
    empty = run_cli("check", "--format", fmt, "empty", cwd=tmp_path)
    assert (empty.returncode, empty.stdout) == (2, "")
    assert (
        empty.stderr == "empty: no files to check here (looked for *.txt *.text *.md *.markdown "
        "*.docx *.odt *.epub *.html *.htm *.xhtml)\n"
    )
    missing = run_cli("check", "--format", fmt, "nothing.txt", cwd=tmp_path)
    assert (missing.returncode, missing.stdout, missing.stderr) == (
        2,
        "",
        "nothing.txt: no such file or directory\n",
    )


def test_machine_formats_stay_valid_when_nothing_was_checked(tmp_path: Path):
    json_run = run_cli("check", "--format", "json", "nothing.txt", cwd=tmp_path)
    assert (json_run.returncode, json_run.json) == (2, [])
    sarif = run_cli("check", "--format", "sarif", "nothing.txt", cwd=tmp_path)
    assert sarif.returncode == 2 and json.loads(sarif.stdout)["runs"][0]["results"] == []


# -- .gitignore --------------------------------------------------------------------------------


def test_gitignored_files_are_skipped_unless_no_ignore(tmp_path: Path):
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    (tmp_path / ".gitignore").write_text("build/\n*.draft.md\n!keep.draft.md\n", "utf-8")
    for name in ("ch01.txt", "build/out.txt", "old.draft.md", "keep.draft.md", "notes/a.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(MISTAKE, encoding="utf-8")
    (tmp_path / "notes" / ".gitignore").write_text("a.txt\n", encoding="utf-8")
    paths = lambda result: sorted({line.split(":")[0] for line in result.stdout.splitlines()[:-1]})  # noqa: E731
    result = run_cli("check", "--format", "concise", ".", cwd=tmp_path)
    assert paths(result) == ["ch01.txt", "keep.draft.md"]
    # a folder inside the repository: the .gitignore above it still applies
    assert run_cli("check", "-q", "build", cwd=tmp_path).returncode == 2
    everything = run_cli("check", "--format", "concise", "--no-ignore", ".", cwd=tmp_path)
    assert paths(everything) == [
        "build/out.txt",
        "ch01.txt",
        "keep.draft.md",
        "notes/a.txt",
        "old.draft.md",
    ]
    (tmp_path / "storylint.toml").write_text("respect-gitignore = false\n", encoding="utf-8")
    assert paths(run_cli("check", "--format", "concise", ".", cwd=tmp_path)) == paths(everything)
    # a file named on the command line is always checked
    (tmp_path / "storylint.toml").unlink()
    named = run_cli("check", "--format", "concise", "build/out.txt", cwd=tmp_path)
    assert named.stdout.splitlines()[0] == f"build/out.txt:1:11: {MODAL_OF}"


# -- inline directives in plain text ------------------------------------------------------------


def test_plain_text_directives(tmp_path: Path):
    (tmp_path / "a.txt").write_text(
        "# storylint-disable-next-line homophones\n"
        "She could of gone.\n"
        "She could of gone.\n"
        "\n"
        "<!-- storylint-disable -->\n"
        "She could of gone.\n"
        "\n"
        "<!-- storylint-enable -->\n"
        "She could of gone.\n"
        "\n"
        "  # storylint-disable homophones.modal-of, dialogue\n"
        'She could of gone. "Fine," she shrugged.\n'
        "# storylint-enable\n"
        "She could of gone.\n",
        encoding="utf-8",
    )
    result = run_cli("check", "--format", "concise", "a.txt", cwd=tmp_path)
    assert result.stdout.splitlines() == [
        f"a.txt:3:11: {MODAL_OF}",
        f"a.txt:9:11: {MODAL_OF}",
        f"a.txt:14:11: {MODAL_OF}",
        "Found 3 problems in 1 file. 3 can be fixed with --fix.",
    ]


def test_a_directive_line_is_not_prose(tmp_path: Path):
    # were it prose, "storylint-disable-next-line homophones" would be a sentence of its own
    (tmp_path / "a.txt").write_text(
        "# storylint-disable-next-line homophones\nTheir going home, Tobias said.\n", "utf-8"
    )
    result = run_cli("check", "--format", "json", "a.txt", cwd=tmp_path)
    assert (result.returncode, result.json) == (0, [])


# -- --context -----------------------------------------------------------------------------------


def test_context_files_are_compared_but_not_reported(tmp_path: Path):
    (tmp_path / "ch01.txt").write_text(
        "Tobias woke. Maren and Tobias ate, then Tobias slept. " + MISTAKE, encoding="utf-8"
    )
    (tmp_path / "ch02.txt").write_text("“In the lamp room,” Tobais said.\n", encoding="utf-8")
    alone = run_cli("check", "--format", "concise", "ch02.txt", cwd=tmp_path)
    assert (alone.returncode, alone.stdout) == (0, "No problems found in 1 file.\n")
    result = run_cli("check", "--format", "concise", "--context", ".", "ch02.txt", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (
        1,
        "ch02.txt:1:21: warning[names.variant] “Tobais” appears once; “Tobias” appears 3 "
        "times, first in ch01.txt:1\nFound 1 problem in 1 file.\n",
    )
    fixed = run_cli("check", "--fix", "--context", ".", "ch02.txt", cwd=tmp_path)
    assert fixed.returncode == 1  # the variant's fix is only a suggestion
    assert "could of" in (tmp_path / "ch01.txt").read_text(encoding="utf-8")
