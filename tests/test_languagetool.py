"""LanguageTool findings through the real CLI, against a local server speaking its API.

The server (tests/fake_languagetool.py) answers ``/v2/check`` as LanguageTool does:
offsets into the original annotated text, in UTF-16 code units. Nothing of storylint's
own is replaced: the CLI runs in a subprocess, the backend in-process with a real engine.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from pathlib import Path

import pytest

from conftest import run_cli
from fake_languagetool import Behaviour, FakeLanguageTool
from storylint.config import Config, from_mapping
from storylint.engine import Engine
from storylint.project import LanguageToolLink
from storylint.read.source import SourceFile


@pytest.fixture
def fake():
    server = FakeLanguageTool().start()
    yield server
    server.stop()


def lt_config(tmp_path: Path, server: str, extra: str = "", top: str = "") -> None:
    (tmp_path / "storylint.toml").write_text(
        f'{top}\n[languagetool]\nserver = "{server}"\n{extra}', encoding="utf-8"
    )


def findings(result) -> list[tuple]:
    return [
        (f["rule"], f["category"], f["line"], f["column"], f["end_column"],
         [fix["replacement"] for fix in f["fixes"]])
        for f in result.json
    ]  # fmt: skip


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# -- mapping -------------------------------------------------------------------------------


def test_matches_become_findings_at_exact_places_with_fixes(fake, tmp_path):
    chapter = tmp_path / "ch.txt"
    chapter.write_text(
        "They was late. A apple fell.\n\n“Their is a road,” she said.\n", encoding="utf-8"
    )
    # storylint's own there-their rule would take the span (see the duplicates test)
    result = run_cli("check", str(chapter), "--format", "json", "--languagetool", fake.url,
                     "--ignore", "homophones.there-their")  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert findings(result) == [
        ("languagetool.THEY_WAS", "grammar", 1, 1, 9, ["they were"]),
        ("languagetool.EN_A_VS_AN", "grammar", 1, 16, 17, ["an"]),
        ("languagetool.THEIR_IS", "homophones", 3, 2, 10, ["there is"]),
    ]
    first = result.json[0]
    assert first["message"] == "The verb does not agree with “they”: “they were”?"
    assert first["severity"] == "warning"
    assert result.stderr == ""


def test_emoji_before_a_match_do_not_shift_it(fake, tmp_path):
    # each 😀 is two UTF-16 units for LanguageTool and one code point for storylint
    chapter = tmp_path / "ch.txt"
    chapter.write_text("😀😀 She ate a egg 😀 and a apple.\n", encoding="utf-8")
    result = run_cli("check", str(chapter), "--format", "json", "--languagetool", fake.url)
    assert findings(result) == [
        ("languagetool.EN_A_VS_AN", "grammar", 1, 12, 13, ["an"]),
        ("languagetool.EN_A_VS_AN", "grammar", 1, 24, 25, ["an"]),
    ]


def test_markdown_is_sent_as_annotated_text_and_maps_back(fake, tmp_path):
    chapter = tmp_path / "ch.md"
    text = (
        "---\ntitle: A egg\n---\n\n"
        "**A** apple and *teh* [a link](http://a.org/a-apple) fell &mdash; a egg.\n"
        "`a apple` They\nwas there.\n"
    )
    chapter.write_text(text, encoding="utf-8")
    result = run_cli("check", str(chapter), "--format", "json", "--languagetool", fake.url)
    assert findings(result) == [
        ("languagetool.EN_A_VS_AN", "grammar", 5, 3, 4, ["an"]),
        ("languagetool.MORFOLOGIK_RULE_EN_US", "grammar", 5, 18, 21, ["the", "Tobias"]),
        ("languagetool.EN_A_VS_AN", "grammar", 5, 67, 68, ["an"]),
        # "They\nwas" spans a line break sent as markup: reported, but no fix offered
        ("languagetool.THEY_WAS", "grammar", 6, 11, 4, []),
    ]
    (request,) = fake.requests
    assert "text" not in request
    annotation = json.loads(request["data"])["annotation"]
    assert {"markup": "**"} in annotation
    assert {"markup": "](http://a.org/a-apple)"} in annotation
    assert {"markup": "&mdash;", "interpretAs": "—"} in annotation
    assert {"markup": "\n", "interpretAs": " "} in annotation
    # front matter and code are not prose: neither is sent
    assert "title" not in request["data"] and "`a apple`" in "".join(
        piece.get("markup", "") for piece in annotation
    )


def test_duplicates_of_storylint_findings_are_dropped(fake, tmp_path):
    chapter = tmp_path / "ch.txt"
    chapter.write_text("You could of told me. A apple fell.\n", encoding="utf-8")
    result = run_cli("check", str(chapter), "--format", "json", "--languagetool", fake.url)
    # LanguageTool's COULD_OF covers the span of homophones.modal-of: only storylint's stays
    assert [(f["rule"], f["column"]) for f in result.json] == [
        ("homophones.modal-of", 11),
        ("languagetool.EN_A_VS_AN", 23),
    ]


def test_cast_aliases_and_accepted_words_are_not_spelling_mistakes(fake, tmp_path):
    lt_config(
        tmp_path,
        fake.url,
        top='accept = ["Zorb"]\n[names]\ncast = ["Tobais Kellhaven"]\n'
        '[names.aliases]\n"Tobais Kellhaven" = ["Vasquez"]\n',
    )
    chapter = tmp_path / "ch.txt"
    chapter.write_text(
        "Tobais saw Kellhaven’s boat, and Vasquez saw Zorb and teh sea.\n", encoding="utf-8"
    )
    result = run_cli("check", str(chapter), "--format", "json", cwd=tmp_path)
    assert findings(result) == [
        ("languagetool.MORFOLOGIK_RULE_EN_US", "grammar", 1, 55, 58, ["the", "Tobias"])
    ]


def test_rules_that_misfire_on_fiction_are_off_unless_asked_for(fake, tmp_path):
    chapter = tmp_path / "ch.txt"
    chapter.write_text('“I will go on, she said.\n\n"Fine."\n', encoding="utf-8")
    lt_config(tmp_path, fake.url)
    result = run_cli("check", str(chapter), "--format", "json", "--select", "languagetool",
                     cwd=tmp_path)  # fmt: skip
    assert result.json == []
    disabled = fake.requests[0]["disabledRules"].split(",")
    assert {"EN_UNPAIRED_QUOTES", "EN_QUOTES", "DASH_RULE", "WHITESPACE_RULE"} <= set(disabled)
    lt_config(tmp_path, fake.url, 'enabled-rules = ["EN_QUOTES"]\ndisabled-rules = ["X_RULE"]\n')
    result = run_cli("check", str(chapter), "--format", "json", "--select", "languagetool",
                     cwd=tmp_path)  # fmt: skip
    assert [(f["rule"], f["line"], f["column"], f["severity"]) for f in result.json] == [
        ("languagetool.EN_QUOTES", 3, 1, "info"),
        ("languagetool.EN_QUOTES", 3, 7, "info"),
    ]
    disabled = fake.requests[-1]["disabledRules"].split(",")
    assert "EN_QUOTES" not in disabled and "X_RULE" in disabled
    assert fake.requests[-1]["enabledRules"] == "EN_QUOTES"
    assert fake.requests[-1]["language"] == "en-US"


def test_select_ignore_severity_and_directives_apply(fake, tmp_path):
    chapter = tmp_path / "ch.md"
    chapter.write_text(
        "They was late. Their is a road.\n\n<!-- storylint-disable languagetool -->\n\n"
        "They was here.\n",
        encoding="utf-8",
    )
    lt_config(
        tmp_path,
        fake.url,
        top='ignore = ["homophones.there-their"]\n[severity]\n"languagetool" = "info"\n',
    )
    result = run_cli("check", str(chapter), "--format", "json", cwd=tmp_path)
    assert [(f["rule"], f["line"], f["severity"]) for f in result.json] == [
        ("languagetool.THEY_WAS", 1, "info"),
        ("languagetool.THEIR_IS", 1, "info"),
    ]
    result = run_cli("check", str(chapter), "--format", "json", "--select", "homophones",
                     cwd=tmp_path)  # fmt: skip
    assert [f["rule"] for f in result.json] == ["languagetool.THEIR_IS"]
    result = run_cli("check", str(chapter), "--format", "json", "--ignore",
                     "languagetool.THEY_WAS", cwd=tmp_path)  # fmt: skip
    assert [f["rule"] for f in result.json] == ["languagetool.THEIR_IS"]
    asked = len(fake.requests)
    result = run_cli("check", str(chapter), "--ignore", "languagetool", cwd=tmp_path)
    assert result.returncode == 0 and len(fake.requests) == asked  # not even asked


def test_sarif_lists_the_languagetool_rules(fake, tmp_path):
    chapter = tmp_path / "ch.txt"
    chapter.write_text("A apple fell.\n", encoding="utf-8")
    result = run_cli("check", str(chapter), "--format", "sarif", "--languagetool", fake.url)
    (run,) = json.loads(result.stdout)["runs"]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert "languagetool.EN_A_VS_AN" in rules
    assert [r["ruleId"] for r in run["results"]] == ["languagetool.EN_A_VS_AN"]


def test_fix_never_applies_languagetool_replacements(fake, tmp_path):
    chapter = tmp_path / "ch.txt"
    chapter.write_text("She would of gone. A apple fell.\n", encoding="utf-8")
    result = run_cli("check", "--fix", str(chapter), "--format", "json", "--languagetool", fake.url)
    assert chapter.read_text(encoding="utf-8") == "She would have gone. A apple fell.\n"
    assert [f["rule"] for f in result.json] == ["languagetool.EN_A_VS_AN"]


# -- caching -------------------------------------------------------------------------------


def test_results_are_cached_per_paragraph_and_batched(fake):
    config = from_mapping({"languagetool": {"server": fake.url}}, "test")
    engine = Engine(config)
    link = LanguageToolLink()
    text = "A apple.\n\nThey was here.\n\nNothing to see.\n"

    def check(text: str) -> list[tuple[str, int]]:
        document = engine.parse(SourceFile("ch.txt", text, "text"))
        reports = link.checked(engine, document, engine.check(document), None)
        return [(r.rule.id, r.start) for r in reports]

    assert check(text) == [("languagetool.EN_A_VS_AN", 0), ("languagetool.THEY_WAS", 10)]
    assert len(fake.requests) == 1  # three paragraphs, one request
    assert check(text) == [("languagetool.EN_A_VS_AN", 0), ("languagetool.THEY_WAS", 10)]
    assert len(fake.requests) == 1  # nothing new to ask
    edited = "A apple.\n\nOh, they was here.\n\nNothing to see.\n"
    assert check(edited) == [("languagetool.EN_A_VS_AN", 0), ("languagetool.THEY_WAS", 14)]
    assert len(fake.requests) == 2
    assert json.loads(fake.requests[1]["data"]) == {"annotation": [{"text": "Oh, they was here."}]}


def test_long_documents_are_sent_in_several_requests_that_map_back(fake):
    config = from_mapping({"languagetool": {"server": fake.url}}, "test")
    engine = Engine(config)
    paragraphs = [f"Paragraph {n} 😀 has a apple in it." for n in range(600)]
    text = "\n\n".join(paragraphs) + "\n"
    document = engine.parse(SourceFile("ch.txt", text, "text"))
    reports = LanguageToolLink().checked(engine, document, engine.check(document), None)
    assert len(fake.requests) == 2  # about 22,000 characters, 15,000 at most per request
    expected = [text.index(p) + p.index("a apple") for p in paragraphs]
    assert [r.start for r in reports] == expected
    assert {text[r.start : r.end] for r in reports} == {"a"}


def test_plain_checks_do_not_import_language_tool_python(tmp_path):
    chapter = tmp_path / "ch.txt"
    chapter.write_text("She would of gone.\n", encoding="utf-8")
    code = (
        "import sys\nfrom storylint.cli.main import main\n"
        f"main(['check', '--quiet', {str(chapter)!r}])\nmain(['--version'])\n"
        "print('imported' if 'language_tool_python' in sys.modules else 'not imported')\n"
    )
    import subprocess

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip().endswith("not imported")


# -- failures ------------------------------------------------------------------------------


def test_unreachable_server_warns_once_and_own_checks_still_run(tmp_path):
    url = f"http://127.0.0.1:{closed_port()}"
    (tmp_path / "a.txt").write_text("She would of gone.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("A apple fell.\n", encoding="utf-8")
    result = run_cli("check", str(tmp_path), "--format", "concise", "--languagetool", url)
    assert result.returncode == 1
    assert "homophones.modal-of" in result.stdout and "languagetool" not in result.stdout
    assert result.stderr == (
        f"storylint: warning: LanguageTool at {url} cannot be reached (is the server running?); "
        "LanguageTool's checks were skipped (storylint's own checks ran)\n"
    )
    clean = tmp_path / "b.txt"
    assert run_cli("check", str(clean), "--languagetool", url).returncode == 0
    strict = run_cli("check", str(clean), "--languagetool", url, "--strict")
    assert strict.returncode == 2 and "cannot be reached" in strict.stderr


def test_slow_server_times_out(fake, tmp_path):
    fake.behaviour = Behaviour(delay=3)
    lt_config(tmp_path, fake.url, "timeout = 0.5\n")
    chapter = tmp_path / "ch.txt"
    chapter.write_text("She would of gone.\n", encoding="utf-8")
    started = time.monotonic()
    result = run_cli("check", str(chapter), "--format", "concise", cwd=tmp_path)
    assert time.monotonic() - started < 2.9
    assert result.returncode == 1 and "homophones.modal-of" in result.stdout
    assert result.stderr == (
        f"storylint: warning: LanguageTool at {fake.url} did not answer within 0.5 s; "
        "LanguageTool's checks were skipped (storylint's own checks ran)\n"
    )


@pytest.mark.parametrize(
    ("behaviour", "reason"),
    [
        (Behaviour(status=500, body="Error: Internal Server Error: boom"),
         "answered with an error: Error: Internal Server Error: boom"),
        (Behaviour(status=200, body="{not json"), "answered with an error: {not json"),
        (Behaviour(status=200, body='{"software": {}}'), "sent an answer that is not a check result"),
    ],
)  # fmt: skip
def test_errors_and_bad_answers_are_one_warning(fake, tmp_path, behaviour, reason):
    fake.behaviour = behaviour
    chapter = tmp_path / "ch.txt"
    chapter.write_text("A apple fell.\n\nThey was late.\n", encoding="utf-8")
    result = run_cli("check", str(chapter), "--languagetool", fake.url, "--quiet")
    assert result.returncode == 0 and result.stdout == ""
    assert result.stderr == (
        f"storylint: warning: LanguageTool at {fake.url} {reason}; "
        "LanguageTool's checks were skipped (storylint's own checks ran)\n"
    )
    assert len(fake.requests) == 1  # not asked again after the failure


def test_odd_matches_are_skipped_not_fatal(fake, tmp_path):
    good = {
        "offset": 0,
        "length": 1,
        "message": "Use “an”.",
        "replacements": [{"value": "an"}],
        "rule": {"id": "EN_A_VS_AN", "issueType": "misspelling", "category": {"id": "MISC"}},
    }
    odd = [
        {"offset": "0", "length": 1, "rule": {"id": "X"}},  # offset not a number
        {"offset": 0, "length": -1, "rule": {"id": "X"}},
        {"offset": 500, "length": 3, "rule": {"id": "PAST_THE_END"}},
        {"offset": 0, "length": 1, "rule": "not a table", "replacements": 5},
        {"offset": 0, "length": 1, "rule": {"id": "BAD ID!"}},
        "not a match",
        {**good, "replacements": 5, "message": None, "rule": {"id": "ODD_RULE", "category": []}},
        good,
    ]  # fmt: skip
    fake.behaviour = Behaviour(body=json.dumps({"matches": odd}))
    chapter = tmp_path / "ch.txt"
    chapter.write_text("a apple fell.\n", encoding="utf-8")
    result = run_cli("check", str(chapter), "--format", "json", "--languagetool", fake.url)
    assert result.stderr == ""
    assert [(f["rule"], f["column"], f["message"], f["fixes"]) for f in result.json] == [
        (
            "languagetool.EN_A_VS_AN",
            1,
            "Use “an”.",
            [
                {
                    "replacement": "an",
                    "description": "Replace with “an”",
                    "applicability": "unsafe",
                }
            ],
        ),
        ("languagetool.ODD_RULE", 1, "ODD_RULE", []),
    ]


def test_unknown_language_is_reported(fake, tmp_path):
    lt_config(tmp_path, fake.url, 'language = "xx-YY"\n')
    chapter = tmp_path / "ch.txt"
    chapter.write_text("A apple fell.\n", encoding="utf-8")
    result = run_cli("check", str(chapter), "--quiet", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr.startswith(f"storylint: warning: LanguageTool at {fake.url}: ")
    assert "xx-YY" in result.stderr


# -- configuration ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('mode = "cloud"', "'languagetool.mode': expected one of \"remote\", \"local\", got 'cloud'"),
        ('server = "localhost:8081"', "'languagetool.server': expected an http:// or https:// address"),
        ("timeout = 0", "'languagetool.timeout': expected a number of seconds above 0"),
        ("publicapi = true", "unknown key 'languagetool.publicapi' (did you mean 'languagetool.public-api'?)"),
    ],
)  # fmt: skip
def test_bad_languagetool_settings_are_config_errors(tmp_path, line, message):
    (tmp_path / "storylint.toml").write_text(f"[languagetool]\n{line}\n", encoding="utf-8")
    (tmp_path / "ch.txt").write_text("Fine.\n", encoding="utf-8")
    result = run_cli("check", "ch.txt", cwd=tmp_path)
    assert result.returncode == 2 and message in result.stderr


def test_off_by_default_and_public_api_needs_opt_in():
    from storylint.languagetool.settings import settings_for

    assert settings_for(Config()) is None
    assert settings_for(from_mapping({"languagetool": {"language": "en-GB"}}, "t")) is None
    public = settings_for(from_mapping({"languagetool": {"public-api": True}}, "t"))
    assert public is not None and public.mode == "public" and public.server is None
    local = settings_for(from_mapping({"languagetool": {"mode": "local"}}, "t"))
    assert local is not None and local.mode == "local"
    cli = settings_for(Config(), "http://lt.example:8081")
    assert cli is not None and (cli.mode, cli.server) == ("remote", "http://lt.example:8081")


def test_public_api_prints_a_privacy_notice(tmp_path):
    (tmp_path / "storylint.toml").write_text(
        "[languagetool]\npublic-api = true\ntimeout = 2\n", encoding="utf-8"
    )
    (tmp_path / "ch.txt").write_text("Fine.\n", encoding="utf-8")
    # no network here: the notice comes first, then (offline) one failure warning
    result = run_cli(
        "check", "ch.txt", "--quiet", cwd=tmp_path, env={"HTTPS_PROXY": "http://127.0.0.1:9"}
    )
    lines = result.stderr.splitlines()
    assert lines[0].startswith(
        "storylint: warning: [languagetool] public-api = true sends the text"
    )
    assert result.returncode == 0


# -- a real server ---------------------------------------------------------------------------


@pytest.mark.skipif(not os.environ.get("STORYLINT_LT_SERVER"), reason="STORYLINT_LT_SERVER not set")
def test_against_a_real_languagetool_server(tmp_path):
    server = os.environ["STORYLINT_LT_SERVER"]
    chapter = tmp_path / "ch.md"
    chapter.write_text(
        "😀 She ate **a** apple.\n\n“Their is no way,” said Tobais.\n", encoding="utf-8"
    )
    (tmp_path / "storylint.toml").write_text(
        f'[names]\ncast = ["Tobais"]\n[languagetool]\nserver = "{server}"\ntimeout = 30\n',
        encoding="utf-8",
    )
    result = run_cli("check", "ch.md", "--format", "json", "--strict", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    by_rule = {f["rule"]: f for f in result.json}
    article = by_rule["languagetool.EN_A_VS_AN"]
    assert (article["line"], article["column"], article["end_column"]) == (1, 13, 14)
    assert article["fixes"][0]["replacement"] == "an"
    # “Tobais” (line 3, column 25) is in the cast: not a spelling mistake
    assert [f for f in result.json if (f["line"], f["column"]) == (3, 25)] == []


# -- annotated text ------------------------------------------------------------------------


def _reading(annotated) -> str:
    """The text as LanguageTool reads it: text pieces, and markup as it is interpreted."""
    return "".join(
        value if kind == "text" else (read or "") for kind, value, read in annotated.pieces
    )


@pytest.mark.parametrize("name", ["02-the-crew-of-the-alba.md", "01-the-lamp-room.txt"])
def test_annotated_text_is_the_source_and_reads_as_the_prose(name):
    import re

    from conftest import SEEDS
    from storylint.languagetool.annotate import annotate
    from storylint.parse.document import parse_document
    from storylint.read.source import read_file

    source = read_file(SEEDS / name, name)
    document = parse_document(source)
    assert document.blocks
    for block in document.blocks:
        annotated = annotate(block, source.text)
        original = annotated.original
        # offsets into what is sent are offsets into the file, from the block's start
        assert source.text[annotated.start : annotated.start + len(original)] == original
        # and LanguageTool reads storylint's prose (line breaks read as spaces)
        assert _reading(annotated) == re.sub(r"[ \t]*(?:\r\n|\r|\n)[ \t]*", " ", block.text)


def test_crlf_and_hard_wrapped_plain_text(fake, tmp_path):
    chapter = tmp_path / "ch.txt"
    chapter.write_bytes(b"Title\r\n\r\n  She left. They\r\n  was late, and a\r\n  apple fell.\r\n")
    result = run_cli("check", str(chapter), "--format", "json", "--languagetool", fake.url)
    assert findings(result) == [
        ("languagetool.THEY_WAS", "grammar", 3, 13, 6, []),
        ("languagetool.EN_A_VS_AN", "grammar", 4, 17, 18, ["an"]),
    ]
    pieces = json.loads(fake.requests[0]["data"])["annotation"]
    assert {"markup": "\r\n  ", "interpretAs": " "} in pieces
