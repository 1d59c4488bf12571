"""End to end: the real language server over stdio, with real editors' capabilities."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as T
from pytest_lsp import ClientServerConfig, LanguageClient

from lsp_client import (
    CLIENTS,
    SERVER,
    change,
    diagnostics,
    open_document,
    pulls,
    recording_client,
    spans,
    start,
)
from storylint.config import load
from storylint.engine import Engine
from storylint.engine.live import LiveDocument
from storylint.engine.parallel import PARALLEL_CHARS
from storylint.read.source import LineIndex, SourceFile

EMOJI_LINE = "😀 You could of told me, she said.\n"


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=SERVER, client_factory=recording_client),
    params=CLIENTS,
)
async def client(lsp_client: LanguageClient, request, tmp_path):
    lsp_client.root = tmp_path
    await start(lsp_client, request.param, tmp_path)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=SERVER, client_factory=recording_client)
)
async def vscode(lsp_client: LanguageClient, tmp_path):
    lsp_client.root = tmp_path
    (tmp_path / "storylint.toml").write_text("quote-style = 'us'\n", encoding="utf-8")
    await start(lsp_client, "vscode", tmp_path, settings={"severity": {"homophones": "info"}})
    yield
    await lsp_client.shutdown_session()


def write_config(client: LanguageClient, text: str) -> None:
    """Write the workspace's storylint.toml and tell the server, as a file watcher would."""
    path = client.root / "storylint.toml"
    path.write_text(text, encoding="utf-8")
    client.workspace_did_change_watched_files(
        T.DidChangeWatchedFilesParams(
            changes=[T.FileEvent(uri=path.as_uri(), type=T.FileChangeType.Changed)]
        )
    )


def expected_column(client: LanguageClient, utf16: int, utf8: int) -> int:
    return utf8 if client.editor == "neovim-0.11" else utf16


async def test_diagnostics_at_exact_ranges_in_the_negotiated_encoding(client: LanguageClient):
    uri = open_document(client, client.root / "ch.txt", "Title\n\n" + EMOJI_LINE)
    found = await diagnostics(client, uri, 1)
    # "of" follows "😀 You could ": 2 UTF-16 units or 4 UTF-8 bytes for the emoji
    column = expected_column(client, utf16=13, utf8=15)
    assert spans(found) == [("homophones.modal-of", 2, column, column + 2)]
    item = found[0]
    assert item.source == "homophones" and item.severity == T.DiagnosticSeverity.Warning
    assert "could have told" in item.message


async def test_incremental_edits_move_and_refresh_diagnostics(client: LanguageClient):
    uri = open_document(client, client.root / "ch.txt", "Title\n\n" + EMOJI_LINE)
    await diagnostics(client, uri, 1)
    # insert before the emoji: the finding moves right by the inserted units
    change(client, uri, 2, (2, 0), (2, 0), "“Hi!” ")
    found = await diagnostics(client, uri, 2)
    column = expected_column(client, utf16=19, utf8=25)  # “ and ” are 3 bytes each
    assert spans(found) == [("homophones.modal-of", 2, column, column + 2)]
    # replace "could of" by "could have" (range given in the client's units)
    start = column - len("could ")
    change(client, uri, 3, (2, start), (2, column + 2), "could have")
    assert await diagnostics(client, uri, 3) == []


async def test_line_separators_inside_lines_do_not_shift_edits(client: LanguageClient):
    # U+2028 and form feed are not LSP line breaks: line 1 stays line 1
    text = "One\u2028two\x0cthree.\nHe would of gone.\n"
    uri = open_document(client, client.root / "ch.txt", text)
    assert spans(await diagnostics(client, uri, 1)) == [("homophones.modal-of", 1, 9, 11)]
    change(client, uri, 2, (1, 0), (1, 0), "So ")
    assert spans(await diagnostics(client, uri, 2)) == [("homophones.modal-of", 1, 12, 14)]


async def test_quick_fix_is_applied_through_a_workspace_edit(client: LanguageClient):
    uri = open_document(client, client.root / "ch.txt", EMOJI_LINE)
    found = await diagnostics(client, uri, 1)
    actions = await client.text_document_code_action_async(
        T.CodeActionParams(
            text_document=T.TextDocumentIdentifier(uri=uri),
            range=found[0].range,
            context=T.CodeActionContext(diagnostics=found),
        )
    )
    fix = next(a for a in actions if a.is_preferred)
    assert fix.title == "Replace with “have”" and fix.kind == T.CodeActionKind.QuickFix
    (document_edit,) = fix.edit.document_changes
    assert document_edit.text_document.uri == uri and document_edit.text_document.version == 1
    (edit,) = document_edit.edits
    assert (edit.range, edit.new_text) == (found[0].range, "have")
    titles = [a.title for a in actions]
    assert "Disable “homophones.modal-of” for this project" in titles
    assert "Accept “of” (never flag it)" in titles
    # the editor applies it: the finding is gone
    change(
        client,
        uri,
        2,
        (edit.range.start.line, edit.range.start.character),
        (edit.range.end.line, edit.range.end.character),
        "have",
    )
    assert await diagnostics(client, uri, 2) == []


async def test_fix_all_of_a_rule_and_of_the_document(client: LanguageClient):
    text = "She would of gone.\n\nHe could of stayed.\n\nThey must of known.\n"
    uri = open_document(client, client.root / "ch.txt", text)
    found = await diagnostics(client, uri, 1)
    assert len(found) == 3
    actions = await client.text_document_code_action_async(
        T.CodeActionParams(
            text_document=T.TextDocumentIdentifier(uri=uri),
            range=found[0].range,
            context=T.CodeActionContext(diagnostics=found[:1]),
        )
    )
    fix_all = next(a for a in actions if a.title.startswith("Fix all 3"))
    assert [e.new_text for e in fix_all.edit.document_changes[0].edits] == ["have"] * 3
    source = await client.text_document_code_action_async(
        T.CodeActionParams(
            text_document=T.TextDocumentIdentifier(uri=uri),
            range=T.Range(
                start=T.Position(line=0, character=0), end=T.Position(line=0, character=0)
            ),
            context=T.CodeActionContext(diagnostics=[], only=["source.fixAll"]),
        )
    )
    assert [a.kind for a in source] == ["source.fixAll.storylint"]
    assert len(source[0].edit.document_changes[0].edits) == 3


async def test_hover_explains_the_rule(client: LanguageClient):
    uri = open_document(client, client.root / "ch.txt", EMOJI_LINE)
    found = await diagnostics(client, uri, 1)
    hover = await client.text_document_hover_async(
        T.HoverParams(
            text_document=T.TextDocumentIdentifier(uri=uri), position=found[0].range.start
        )
    )
    assert hover.contents.kind == T.MarkupKind.Markdown
    assert hover.contents.value.startswith(
        "**homophones.modal-of** (warning) — “would of” written for “would have”"
    )
    assert "## Why is this bad?" in hover.contents.value
    nothing = await client.text_document_hover_async(
        T.HoverParams(
            text_document=T.TextDocumentIdentifier(uri=uri),
            position=T.Position(line=0, character=0),
        )
    )
    assert nothing is None


async def test_pushed_and_pulled_diagnostics_never_overlap(client: LanguageClient):
    # a homophone (a paragraph rule) and mixed quotes (a document rule)
    text = EMOJI_LINE + '\n“Curly,” he said.\n\n"Straight," she said.\n'
    uri = open_document(client, client.root / "ch.txt", text)
    found = await diagnostics(client, uri, 1)
    await asyncio.sleep(0.3)  # past the debounce and the document rules
    pushed = [p for p in client.pushed if p.uri == uri]
    if not pulls(client):  # everything is pushed
        assert {d.code for d in pushed[-1].diagnostics} == {
            "homophones.modal-of",
            "dialogue.mixed-quotes",
        }
    elif client.editor == "vscode":  # pulls, and is told to pull again: nothing pushed
        assert pushed == []
        everything = {"homophones.modal-of", "dialogue.mixed-quotes"}
        for _ in range(100):  # the document rules' pass may take a moment on a busy machine
            found = await diagnostics(client, uri, 1)
            if {d.code for d in found} == everything:
                break
            await asyncio.sleep(0.1)
        assert {d.code for d in found} == everything
    else:  # Neovim pulls but cannot be told: the document rules' findings are pushed
        assert [d.code for d in found] == ["homophones.modal-of"]
        assert [d.code for d in pushed[-1].diagnostics] == ["dialogue.mixed-quotes"]


async def test_documents_of_other_languages_are_left_alone(client: LanguageClient):
    uri = open_document(client, client.root / "code.py", "x = 'would of gone'\n", language="python")
    await asyncio.sleep(0.3)
    if pulls(client):
        assert await diagnostics(client, uri, 1) == []
    else:
        assert [p for p in client.pushed if p.uri == uri] == []


async def test_markdown_is_read_as_markdown(client: LanguageClient):
    text = "---\ntitle: would of\n---\n\n`would of` she *would* of **known**.\n"
    uri = open_document(client, client.root / "ch.md", text, language="markdown")
    found = await diagnostics(client, uri, 1)
    assert spans(found) == [("homophones.modal-of", 4, 23, 25)]


async def test_settings_and_project_config(vscode: LanguageClient):
    client = vscode
    uri = open_document(client, client.root / "ch.txt", EMOJI_LINE + '\n"Unclosed, she said.\n')
    found = await diagnostics(client, uri, 1)
    # the severity of the editor's settings reached the server
    assert [(d.code, d.severity) for d in found] == [
        ("homophones.modal-of", T.DiagnosticSeverity.Information),
        ("dialogue.unclosed-quote", T.DiagnosticSeverity.Warning),
    ]
    # disabling a rule for the project writes storylint.toml and takes effect
    await client.workspace_execute_command_async(
        T.ExecuteCommandParams(
            command="storylint.disableRule", arguments=[uri, "dialogue.unclosed-quote"]
        )
    )
    config = (client.root / "storylint.toml").read_text(encoding="utf-8")
    assert (
        config.startswith("quote-style = 'us'\n")
        and 'ignore = ["dialogue.unclosed-quote"]' in config
    )
    assert [d.code for d in await diagnostics(client, uri, 1)] == ["homophones.modal-of"]
    assert client.diagnostic_refresh_count >= 1
    # accepting a word too
    await client.workspace_execute_command_async(
        T.ExecuteCommandParams(command="storylint.acceptWord", arguments=[uri, "of"])
    )
    assert 'accept = ["of"]' in (client.root / "storylint.toml").read_text(encoding="utf-8")
    assert await diagnostics(client, uri, 1) == []


async def test_config_file_changes_are_picked_up(vscode: LanguageClient):
    client = vscode
    uri = open_document(client, client.root / "ch.txt", EMOJI_LINE)
    assert len(await diagnostics(client, uri, 1)) == 1
    write_config(client, "select = ['dialogue']\n")
    for _ in range(100):
        if await diagnostics(client, uri, 1) == []:
            break
        await asyncio.sleep(0.05)
    assert await diagnostics(client, uri, 1) == []


async def test_a_broken_config_is_reported_and_defaults_used(vscode: LanguageClient):
    client = vscode
    write_config(client, "qoute-style = 'us'\n")
    uri = open_document(client, client.root / "ch.txt", EMOJI_LINE)
    assert len(await diagnostics(client, uri, 1)) == 1
    for _ in range(100):
        if client.messages:
            break
        await asyncio.sleep(0.05)
    assert any("unknown key 'qoute-style'" in m.message for m in client.messages)


async def test_a_pushed_settings_section_with_client_keys_is_not_an_error(
    vscode: LanguageClient,
):
    # VS Code pushes its whole `storylint` section (the extension's own keys included)
    # with didChangeConfiguration; the server pulls its settings instead.
    client = vscode
    uri = open_document(client, client.root / "ch.txt", EMOJI_LINE)
    assert len(await diagnostics(client, uri, 1)) == 1
    client.set_configuration(
        {"select": ["dialogue"], "path": "/usr/bin/storylint", "cast": ["Tobias"]},
        section="storylint",
    )
    client.workspace_did_change_configuration(
        T.DidChangeConfigurationParams(
            settings={"storylint": {"path": "/usr/bin/storylint", "interpreter": "python3"}}
        )
    )
    for _ in range(100):
        if await diagnostics(client, uri, 1) == []:
            break
        await asyncio.sleep(0.05)
    assert await diagnostics(client, uri, 1) == []
    assert not [m.message for m in client.messages if "unknown key" in m.message]


async def test_workspace_diagnostics_cover_closed_files_with_progress(vscode: LanguageClient):
    client = vscode
    (client.root / "ch02.txt").write_text("They should of known.\n", encoding="utf-8")
    (client.root / "notes.py").write_text("would of\n", encoding="utf-8")
    # the folder is read in the background when the session starts: wait for it
    for _ in range(100):
        reports = (
            await client.workspace_diagnostic_async(
                T.WorkspaceDiagnosticParams(previous_result_ids=[])
            )
        ).items
        if reports:
            break
        await asyncio.sleep(0.05)
    by_uri = {r.uri: r for r in reports}
    chapter = (client.root / "ch02.txt").as_uri()
    assert list(by_uri) == [chapter]
    assert spans(by_uri[chapter].items) == [("homophones.modal-of", 0, 12, 14)]
    again = await client.workspace_diagnostic_async(
        T.WorkspaceDiagnosticParams(
            previous_result_ids=[T.PreviousResultId(uri=chapter, value=by_uri[chapter].result_id)]
        )
    )
    assert [r.kind for r in again.items] == ["unchanged"]
    assert any(
        isinstance(v, T.WorkDoneProgressEnd)
        for v in client.progress_reports.get("storylint-index", [])
    )


async def test_a_large_document_opens(vscode: LanguageClient):
    client = vscode
    paragraph = "“Come here,” she said. It was late, and the lamp was low.\n\n"
    text = paragraph * (5_000_000 // len(paragraph)) + "He could of gone.\n"
    uri = open_document(client, client.root / "big.txt", text)
    found = await diagnostics(client, uri, 1, timeout=60)
    assert [d.code for d in found] == ["homophones.modal-of"]


async def test_a_long_document_checked_in_several_processes_gets_every_diagnostic(
    vscode: LanguageClient,
):
    client = vscode
    seeds = Path(__file__).parent.parent / "seeds"
    chapter = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.md")))
    text = "\n\n".join(f"Part {n}.\n\n{chapter}" for n in range(4 * PARALLEL_CHARS // len(chapter)))
    path = client.root / "long.txt"
    engine = Engine(load(client.root / "storylint.toml"), jobs=1)
    live = LiveDocument(engine, SourceFile(str(path), text))
    live.refresh_document()  # the whole-document rules too: the server sends them after
    expected = live.reports()
    lines = LineIndex(text)
    expected_spans = [
        (r.rule.id, *lines.position(r.start), lines.position(r.end)[1]) for r in expected
    ]
    uri = open_document(client, path, text)
    found = await diagnostics(client, uri, 1, timeout=60)
    assert len(found) > 100
    deadline = asyncio.get_running_loop().time() + 30
    while spans(found) != expected_spans and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.1)  # the paragraph rules' findings first, then every finding
        found = await diagnostics(client, uri, 1)
    assert spans(found) == expected_spans


@pytest_lsp.fixture(
    config=ClientServerConfig(
        server_command=[*SERVER, "--stdio"],  # as vscode-languageclient and others start it
        client_factory=recording_client,
        server_env={
            "PYTHONPATH": str(
                __import__("pathlib").Path(__file__).parent / "fixtures" / "broken_rule"
            )
        },
    )
)
async def broken(lsp_client: LanguageClient, tmp_path):
    lsp_client.root = tmp_path
    await start(lsp_client, "vscode", tmp_path)
    yield
    await lsp_client.shutdown_session()


async def test_a_failing_rule_is_logged_and_skipped(broken: LanguageClient):
    client = broken
    uri = open_document(
        client, client.root / "ch.txt", "Fine.\n\nThis one goes boom.\n\nYou could of gone.\n"
    )
    found = await diagnostics(client, uri, 1)
    assert [d.code for d in found] == ["homophones.modal-of"]
    for _ in range(100):
        if any("test.broken" in m.message for m in client.log_messages):
            break
        await asyncio.sleep(0.05)
    assert any(
        "rule test.broken failed at" in m.message and "ch.txt:3" in m.message
        for m in client.log_messages
    )
    # still alive: an edit is checked
    change(client, uri, 2, (4, 0), (4, 0), "And ")
    assert len(await diagnostics(client, uri, 2)) == 1


if sys.platform == "win32":  # pragma: no cover
    pytest.skip("stdio servers are tested on POSIX here", allow_module_level=True)


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=SERVER, client_factory=recording_client)
)
async def misconfigured(lsp_client: LanguageClient, tmp_path):
    lsp_client.root = tmp_path
    await start(
        lsp_client, "vscode", tmp_path, settings={"severity": {"homophones": "information"}}
    )
    yield
    await lsp_client.shutdown_session()


async def test_bad_editor_settings_are_shown_to_the_user(misconfigured: LanguageClient):
    client = misconfigured
    uri = open_document(client, client.root / "ch.txt", EMOJI_LINE)
    assert len(await diagnostics(client, uri, 1)) == 1  # still checked, with defaults
    for _ in range(100):
        if client.messages:
            break
        await asyncio.sleep(0.05)
    assert [m.message for m in client.messages] == [
        "storylint: editor settings (storylint): 'severity.homophones': expected one of "
        '"error", "warning", "info", "hint", got \'information\'; using the defaults until it is fixed'
    ]


async def test_code_actions_list_the_fixes_before_the_config_changes(client: LanguageClient):
    # the straight quote opens a mixed-quotes finding (a document rule) at the same place
    # as a homophone with a fix
    text = '“Curly,” he said.\n\n"Your going," she said.\n'
    uri = open_document(client, client.root / "ch.txt", text)
    await diagnostics(client, uri, 1)
    await asyncio.sleep(0.3)  # the document rules have run
    actions = await client.text_document_code_action_async(
        T.CodeActionParams(
            text_document=T.TextDocumentIdentifier(uri=uri),
            range=T.Range(
                start=T.Position(line=2, character=0), end=T.Position(line=2, character=5)
            ),
            context=T.CodeActionContext(diagnostics=[]),
        )
    )
    titles = [a.title for a in actions]
    assert titles[0] == "Replace with “You're”"  # straight quotes: a straight apostrophe
    assert "Disable “dialogue.mixed-quotes” for this project" in titles
    kinds = ["fix" if getattr(a, "edit", None) is not None else "config" for a in actions]
    assert kinds == sorted(kinds, key=lambda kind: kind != "fix")
