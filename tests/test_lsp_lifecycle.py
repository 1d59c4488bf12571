"""The server's life cycle under abuse: documents closed unsaved, settings that come late,
clean exits, lone surrogates, untitled documents, and requests it cannot read."""

from __future__ import annotations

import asyncio

import pytest_lsp
from lsprotocol import types as T
from pytest_lsp import ClientServerConfig, LanguageClient

from lsp_client import SERVER, capabilities, diagnostics, open_document, recording_client, start
from lsp_raw import RawClient

CHAPTER_1 = "“You’re late,” Tobias said.\n\nTobias sighed. Maren followed Tobias up.\n"


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=SERVER, client_factory=recording_client)
)
async def vscode(lsp_client: LanguageClient, tmp_path):
    lsp_client.root = tmp_path
    (tmp_path / "ch01.txt").write_text(CHAPTER_1, encoding="utf-8")
    await start(lsp_client, "vscode", tmp_path)
    yield
    await lsp_client.shutdown_session()


async def _until(check, timeout: float = 20):
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        found = await check()
        if found or asyncio.get_running_loop().time() > deadline:
            return found
        await asyncio.sleep(0.05)


async def test_a_document_closed_unsaved_leaves_the_workspace(vscode: LanguageClient):
    client = vscode
    unsaved = client.root / "unsaved-x.txt"  # never written to disk
    uri = open_document(client, unsaved, "Tobias ran. Tobias hid. Tobias won. Tobias slept.\n")
    await diagnostics(client, uri, 1)
    await asyncio.sleep(0.3)  # the whole-document pass has put it in the workspace
    client.text_document_did_change(
        T.DidChangeTextDocumentParams(
            text_document=T.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                T.TextDocumentContentChangePartial(
                    range=T.Range(
                        start=T.Position(line=1, character=0), end=T.Position(line=1, character=0)
                    ),
                    text="\nTobias again.\n",
                )
            ],
        )
    )
    client.text_document_did_close(
        T.DidCloseTextDocumentParams(text_document=T.TextDocumentIdentifier(uri=uri))
    )
    report = await client.workspace_diagnostic_async(
        T.WorkspaceDiagnosticParams(previous_result_ids=[])
    )
    assert [item.uri for item in report.items] == [(client.root / "ch01.txt").as_uri()]
    other = open_document(client, client.root / "ch02.txt", "“In the lamp room,” Tobais said.\n")

    async def names_found():
        found = await diagnostics(client, other, 1)
        return [d for d in found if d.code == "names.variant"]

    (variant,) = await _until(names_found)
    assert variant.message == (
        f"“Tobais” appears once; “Tobias” appears 3 times, first in {client.root / 'ch01.txt'}:1"
    )


def _late_settings_client() -> LanguageClient:
    """A client that answers ``workspace/configuration`` a second late, ignoring homophones."""

    async def configuration(client: LanguageClient, params: T.ConfigurationParams):
        await asyncio.sleep(1.0)
        return [{"ignore": ["homophones"]} for _ in params.items]

    return recording_client({T.WORKSPACE_CONFIGURATION: configuration})


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=SERVER, client_factory=_late_settings_client)
)
async def late(lsp_client: LanguageClient, tmp_path):
    lsp_client.root = tmp_path
    lsp_client.editor = "vscode-1.65"  # pushes: every change is seen
    await lsp_client.initialize_session(
        T.InitializeParams(
            capabilities=capabilities("vscode-1.65"),
            initialization_options={"debounceMs": 20, "documentDelayMs": 20},
        )
    )
    yield
    await lsp_client.shutdown_session()


async def test_settings_that_come_late_apply_to_documents_already_open(late: LanguageClient):
    client = late
    uri = open_document(client, client.root / "ch.txt", "He would of gone.\n")
    first = await diagnostics(client, uri, 1)
    assert [d.code for d in first] == ["homophones.modal-of"]  # the defaults, for now

    async def settled():
        last = [p for p in client.pushed if p.uri == uri][-1]
        return list(last.diagnostics) == [] or None

    assert await _until(settled, timeout=10)


def test_a_clean_shutdown_and_exit_ends_with_status_zero(tmp_path):
    client = RawClient(tmp_path)
    client.initialize(tmp_path)
    status, stderr = client.finish()
    assert status == 0
    assert "Traceback" not in stderr


def test_a_lone_surrogate_before_a_finding_with_utf8_positions(tmp_path):
    client = RawClient(tmp_path)
    client.initialize(
        tmp_path,
        {"general": {"positionEncodings": ["utf-8"]}, "textDocument": {"diagnostic": {}}},
    )
    uri = (tmp_path / "ch.txt").as_uri()
    text = "A\ud83d he would of gone.\n"  # sent as the JSON escape \ud83d
    client.send(
        {
            "method": "textDocument/didOpen",
            "params": {
                "textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}
            },
        }
    )
    answer = client.request(1, "textDocument/diagnostic", {"textDocument": {"uri": uri}})
    (item,) = answer["result"]["items"]
    assert item["code"] == "homophones.modal-of"
    # A (1 byte), the surrogate (3, as U+FFFD would be), " he would " (10)
    assert item["range"] == {
        "start": {"line": 0, "character": 14},
        "end": {"line": 0, "character": 16},
    }
    assert client.finish()[0] == 0


def test_accepting_a_word_in_an_untitled_document_writes_no_config(tmp_path):
    client = RawClient(tmp_path)
    client.initialize()  # no workspace folder
    uri = "untitled:Untitled-1"
    client.send(
        {
            "method": "textDocument/didOpen",
            "params": {
                "textDocument": {
                    "uri": uri,
                    "languageId": "plaintext",
                    "version": 1,
                    "text": "He would of gone.\n",
                }
            },
        }
    )
    answer = client.request(
        1, "workspace/executeCommand", {"command": "storylint.acceptWord", "arguments": [uri, "of"]}
    )
    assert "error" not in answer
    shown = client.wait_for(lambda m: m.get("method") == "window/showMessage")
    assert "no file and no folder is open" in shown["params"]["message"]
    assert list(tmp_path.iterdir()) == []  # nothing written where the server runs
    assert client.finish()[0] == 0


def test_unreadable_requests_and_requests_after_shutdown_are_answered(tmp_path):
    client = RawClient(tmp_path)
    client.initialize(tmp_path)
    hover = client.request(1, "textDocument/hover", None)
    assert hover["error"]["code"] == T.ErrorCodes.InvalidParams
    action = client.request(2, "textDocument/codeAction", {"textDocument": 5})
    assert action["error"]["code"] == T.ErrorCodes.InvalidParams
    position = {
        "textDocument": {"uri": (tmp_path / "x.txt").as_uri()},
        "position": {"line": "a", "character": 0},
    }
    assert (
        client.request(3, "textDocument/hover", position)["error"]["code"]
        == T.ErrorCodes.InvalidParams
    )
    fine = {
        "textDocument": {"uri": (tmp_path / "x.txt").as_uri()},
        "position": {"line": 0, "character": 0},
    }
    assert client.request(4, "textDocument/hover", fine) == {
        "id": 4,
        "jsonrpc": "2.0",
        "result": None,
    }
    assert client.request(5, "shutdown", None)["result"] is None
    after = client.request(6, "textDocument/hover", fine)
    assert after["error"]["code"] == T.ErrorCodes.InvalidRequest
    client.send({"method": "exit"})
    assert client.process.wait(10) == 0
    shown = [m for m in client.received if m.get("method") == "window/showMessage"]
    assert shown == []  # no "Error in server" for what was answered
