"""The real CLI in a subprocess: formats, exit codes, --fix, stdin and bad input."""

from __future__ import annotations

import os
import stat
import sys

import pytest

from conftest import ROOT, run_cli

MISTAKE = "You could of told me.\n"


@pytest.fixture
def chapter(tmp_path):
    path = tmp_path / "chapter.txt"
    path.write_text(MISTAKE, encoding="utf-8")
    return path


def test_exit_codes(tmp_path, chapter):
    clean = tmp_path / "clean.txt"
    clean.write_text("All is well.\n", encoding="utf-8")
    assert run_cli("check", str(clean)).returncode == 0
    assert run_cli("check", str(chapter)).returncode == 1
    assert run_cli("check", str(tmp_path / "missing.txt")).returncode == 2
    assert run_cli("check", "--format", "yaml", str(clean)).returncode == 2


def test_json_contract_exactly(chapter):
    result = run_cli("check", "--format", "json", str(chapter))
    assert result.returncode == 1
    assert result.json == [
        {
            "path": str(chapter),
            "line": 1,
            "column": 11,
            "end_line": 1,
            "end_column": 13,
            "rule": "homophones.modal-of",
            "category": "homophones",
            "severity": "warning",
            "message": "“could of told” should be “could have told”: after a modal verb, "
            "write “have” (or ’ve), not “of”",
            "fixes": [
                {
                    "replacement": "have",
                    "description": "Replace with “have”",
                    "applicability": "safe",
                }
            ],
        }
    ]


@pytest.mark.parametrize(
    ("start", "inline", "newline", "column"),
    [
        ("", "", "\n", 24),
        ("\ufeff", "", "\r\n", 24),  # the BOM is not a column; CRLF is one line break
        ("", "", "\r", 24),
        ("", "😀 ", "\n", 26),  # an astral emoji is one code point
        ("", "e\u0301 ", "\n", 27),  # a combining mark is a code point of its own
    ],
)
def test_positions_are_code_points(tmp_path, start, inline, newline, column):
    path = tmp_path / "c.txt"
    text = f"{start}Title{newline}{inline}He said that she could of left.{newline}"
    path.write_bytes(text.encode("utf-8"))
    found = run_cli("check", "--format", "json", str(path)).json
    assert [(f["line"], f["column"], f["end_column"]) for f in found] == [(2, column, column + 2)]


def test_markdown_positions_map_to_the_source(tmp_path):
    path = tmp_path / "c.md"
    path.write_text(
        "---\ntitle: x\n---\n\n> *Note:* `code` she **could** of *known*.\n", encoding="utf-8"
    )
    found = run_cli("check", "--format", "json", str(path)).json
    assert [(f["line"], f["column"], f["end_column"]) for f in found] == [(5, 32, 34)]


def test_text_format_shows_the_line_and_the_fix(chapter):
    result = run_cli("check", str(chapter))
    assert result.stdout.splitlines() == [
        f"{chapter}:1:11: warning[homophones.modal-of] “could of told” should be “could have "
        "told”: after a modal verb, write “have” (or ’ve), not “of”",
        "  |",
        "1 | You could of told me.",
        "  |           ^^",
        "  = fix: “have”",
        "",
        "Found 1 problem in 1 file. 1 can be fixed with --fix.",
    ]


def test_text_format_colour_only_when_asked(chapter):
    assert "\x1b[" not in run_cli("check", str(chapter)).stdout
    assert "\x1b[" in run_cli("check", "--color", "always", str(chapter)).stdout


def test_concise_and_quiet(chapter):
    concise = run_cli("check", "--format", "concise", str(chapter)).stdout.splitlines()
    assert len(concise) == 2 and concise[0].startswith(f"{chapter}:1:11: warning[")
    quiet = run_cli("check", "--quiet", str(chapter)).stdout.splitlines()
    assert quiet == concise[:1]


def test_github_annotations(chapter):
    out = run_cli("check", "--format", "github", str(chapter)).stdout
    assert out.startswith(
        f"::warning file={chapter},line=1,endLine=1,col=11,endColumn=13,"
        "title=storylint homophones.modal-of::“could of told”"
    )


def test_fix_applies_safe_fixes_atomically_keeping_bom_crlf_and_mode(tmp_path):
    path = tmp_path / "c.txt"
    original = '\ufeffShe would of gone.\r\n\r\n"Unclosed, she said.\r\n'
    path.write_bytes(original.encode("utf-8"))
    path.chmod(0o640)
    result = run_cli("check", "--fix", str(path))
    assert path.read_bytes().decode("utf-8") == original.replace("would of", "would have")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.txt"]  # no temporary left behind
    assert result.returncode == 1  # the unclosed quote has no safe fix and remains
    assert "fixed 1" in result.stdout


def test_fix_never_writes_a_file_it_could_not_read(tmp_path):
    bad = tmp_path / "bad.txt"
    data = b"She would of gone \xff.\n"
    bad.write_bytes(data)
    result = run_cli("check", "--fix", str(bad))
    assert bad.read_bytes() == data
    assert result.returncode == 2


def test_without_fix_files_are_never_changed(chapter):
    before = chapter.read_bytes()
    run_cli("check", str(chapter))
    assert chapter.read_bytes() == before


def test_stdin_with_a_filename_for_format_and_config(tmp_path):
    (tmp_path / "storylint.toml").write_text("select = ['dialogue']\n", encoding="utf-8")
    text = "`could of` would of\n\n“Open\n".encode()
    result = run_cli(
        "check", "--format", "json", "--stdin-filename", str(tmp_path / "ch.md"), "-", stdin=text
    )
    assert [(f["path"], f["rule"], f["line"]) for f in result.json] == [
        (str(tmp_path / "ch.md"), "dialogue.unclosed-quote", 3)
    ]


def test_stdin_fix_prints_the_fixed_text():
    result = run_cli("check", "--fix", "-", stdin=MISTAKE.encode())
    assert result.stdout == MISTAKE.replace("could of", "could have")
    assert "Fixed 1 problem" in result.stderr
    assert result.returncode == 0


def test_unreadable_files_are_reported_and_the_rest_still_checked(tmp_path, chapter):
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 could of".encode("latin-1"))
    (tmp_path / "empty.txt").write_bytes(b"")
    result = run_cli("check", "--format", "json", str(tmp_path))
    assert result.returncode == 2
    assert f"{tmp_path / 'binary.txt'}: binary data (NUL byte at byte 8); skipped" in result.stderr
    assert f"{tmp_path / 'latin1.txt'}: not UTF-8 text at byte 3; skipped" in result.stderr
    assert "Traceback" not in result.stderr
    assert [f["path"] for f in result.json] == [str(chapter)]


def test_missing_path_and_folder_without_text_files(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    result = run_cli("check", str(tmp_path), str(tmp_path / "nope.md"))
    assert result.returncode == 2
    assert (
        f"{tmp_path}: no files to check here (looked for *.txt *.text *.md *.markdown "
        "*.docx *.odt *.epub *.html *.htm *.xhtml)" in result.stderr
    )
    assert f"{tmp_path / 'nope.md'}: no such file or directory" in result.stderr
    assert "Traceback" not in result.stderr


def test_include_and_exclude_in_folders(tmp_path):
    for name in ("a.txt", "b.md", "notes/c.txt", "d.rst"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(MISTAKE, encoding="utf-8")
    paths = lambda *args: sorted(  # noqa: E731
        os.path.relpath(f["path"], tmp_path)
        for f in run_cli("check", "--format", "json", *args, str(tmp_path)).json
    )
    assert paths() == ["a.txt", "b.md", "notes/c.txt"]
    assert paths("--exclude", "notes") == ["a.txt", "b.md"]
    assert paths("--include", "*.rst") == ["d.rst"]


def test_large_inputs_do_not_break(tmp_path):
    paragraph = "“Come here,” she said. It was late, and he could of run. " * 3 + "\n\n"
    big = tmp_path / "big.txt"
    big.write_text(paragraph * (5_000_000 // len(paragraph)), encoding="utf-8")
    line = tmp_path / "line.txt"
    line.write_text("“Unbalanced and long " + "word " * 200_000 + "\n", encoding="utf-8")
    result = run_cli("check", "--format", "json", str(big), str(line))
    assert result.returncode == 1
    found = result.json
    assert sum(f["path"] == str(big) for f in found) == 3 * (5_000_000 // len(paragraph))
    assert [f["rule"] for f in found if f["path"] == str(line)] == ["dialogue.unclosed-quote"]


def test_long_line_excerpt_is_cut_around_the_span(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("word " * 100 + "he could of gone " + "word " * 100, encoding="utf-8")
    lines = run_cli("check", str(path)).stdout.splitlines()
    excerpt = lines[2]
    assert excerpt.startswith("1 | …") and excerpt.endswith("…") and len(excerpt) < 130
    assert lines[3].index("^^") == excerpt.index("of gone")


def test_unbalanced_quotes_everywhere(tmp_path):
    path = tmp_path / "q.txt"
    path.write_text('"\n\n”\n\n“““\n\n\'\'\'\n\n"a"b"c\n', encoding="utf-8")
    result = run_cli("check", "--format", "json", str(path))
    assert result.returncode in (0, 1) and "Traceback" not in result.stderr


def test_version_does_not_import_the_language_server():
    result = run_cli("--version", env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert result.stdout.strip().startswith("storylint ")
    imported = result.stderr
    assert "pygls" not in imported and "lsprotocol" not in imported
    assert "language_tool_python" not in imported


def test_config_errors_exit_2_with_the_file_and_key(tmp_path, chapter):
    (tmp_path / "storylint.toml").write_text("quote-style = 'american'\n", encoding="utf-8")
    result = run_cli("check", str(chapter))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"storylint: error: {tmp_path / 'storylint.toml'}: 'quote-style': "
        'expected one of "auto", "us", "uk", got \'american\''
    )


def test_unknown_selector_on_the_command_line(chapter):
    result = run_cli("check", "--select", "homophone", str(chapter))
    assert result.returncode == 2
    assert (
        "--select: unknown rule or category 'homophone' (did you mean 'homophones'?)"
        in result.stderr
    )


def test_select_and_ignore_flags(chapter):
    assert run_cli("check", "--select", "dialogue", str(chapter)).returncode == 0
    assert run_cli("check", "--ignore", "homophones.modal-of", str(chapter)).returncode == 0
    assert run_cli("check", "--select", "dialogue,homophones", str(chapter)).returncode == 1


def test_rules_list_and_explain():
    listing = run_cli("rules")
    assert listing.returncode == 0
    assert "homophones.modal-of" in listing.stdout and "dialogue:" in listing.stdout
    explained = run_cli("rules", "homophones.modal-of")
    assert explained.stdout.startswith("homophones.modal-of: “would of” written for “would have”")
    assert "## Flagged" in explained.stdout and "→ She would have told you." in explained.stdout
    unknown = run_cli("rules", "homophones.modal")
    assert unknown.returncode == 2
    assert "did you mean 'homophones.modal-of'?" in unknown.stderr


def test_python_dash_m_and_console_script_agree():
    result = run_cli("--version")
    assert result.returncode == 0
    script = os.path.join(os.path.dirname(sys.executable), "storylint")
    if os.path.exists(script):
        import subprocess

        out = subprocess.run([script, "--version"], capture_output=True, text=True, cwd=ROOT)
        assert out.stdout == result.stdout
