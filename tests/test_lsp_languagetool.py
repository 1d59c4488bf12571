"""LanguageTool in the language server: in the background, never in the way.

The real ``storylint lsp`` runs over stdio with pushing and pulling editors, and a local
server speaking LanguageTool's API (tests/fake_languagetool.py) answers slowly: storylint's
own diagnostics must come at once, LanguageTool's after its answer.
"""

from __future__ import annotations

import asyncio

import pytest
import pytest_lsp
from lsprotocol import types as T
from pytest_lsp import ClientServerConfig, LanguageClient

from fake_languagetool import Behaviour, FakeLanguageTool
from lsp_client import SERVER, diagnostics, open_document, pulls, recording_client, spans, start

TEXT = "😀 You could of told me. A apple fell.\n"
DELAY = 1.5


@pytest.fixture
def fake():
    server = FakeLanguageTool(Behaviour(delay=DELAY)).start()
    yield server
    server.stop()


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=SERVER, client_factory=recording_client),
    params=["vscode", "vscode-1.65"],
)
async def client(lsp_client: LanguageClient, request, tmp_path):
    lsp_client.root = tmp_path
    lsp_client.editor_name = request.param
    yield lsp_client
    await lsp_client.shutdown_session()


async def wait_for(check, timeout: float = 20):
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        found = await check()
        if found:
            return found
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError("gave up waiting")
        await asyncio.sleep(0.05)


async def current(client: LanguageClient, uri: str) -> list[T.Diagnostic]:
    if pulls(client):
        return await diagnostics(client, uri, 1)
    return list(client.diagnostics.get(uri, []))


async def test_storylint_first_then_languagetool_in_the_background(client, fake, tmp_path):
    (tmp_path / "storylint.toml").write_text(
        f'[languagetool]\nserver = "{fake.url}"\n', encoding="utf-8"
    )
    await start(client, client.editor_name, tmp_path)
    loop = asyncio.get_running_loop()
    opened = loop.time()
    uri = open_document(client, tmp_path / "ch.txt", TEXT)
    first = await diagnostics(client, uri, 1)
    # storylint's own finding, before LanguageTool has answered (it takes DELAY seconds)
    assert loop.time() - opened < DELAY
    assert spans(first) == [("homophones.modal-of", 0, 13, 15)]

    async def with_languagetool():
        found = await current(client, uri)
        return found if len(found) == 2 else None

    found = await wait_for(with_languagetool)
    # “A” is code point 24, UTF-16 unit 25 (the emoji is two units); COULD_OF is dropped
    # as a duplicate of homophones.modal-of
    assert spans(found) == [
        ("homophones.modal-of", 0, 13, 15),
        ("languagetool.EN_A_VS_AN", 0, 25, 26),
    ]
    item = found[1]
    assert item.source == "grammar" and item.severity == T.DiagnosticSeverity.Warning
    if pulls(client):
        assert client.diagnostic_refresh_count >= 1
    actions = await client.text_document_code_action_async(
        T.CodeActionParams(
            text_document=T.TextDocumentIdentifier(uri=uri),
            range=item.range,
            context=T.CodeActionContext(diagnostics=[item]),
        )
    )
    titles = [a.title for a in actions]
    assert "Replace with “an”" in titles
    assert "Disable “languagetool.EN_A_VS_AN” for this project" in titles
    assert len(fake.requests) == 1
    # turning the rule off writes the project's config, and the finding goes
    await client.workspace_execute_command_async(
        T.ExecuteCommandParams(
            command="storylint.disableRule", arguments=[uri, "languagetool.EN_A_VS_AN"]
        )
    )
    config = (tmp_path / "storylint.toml").read_text(encoding="utf-8")
    assert 'disabled-rules = ["EN_A_VS_AN"]' in config

    async def without_it():
        found = await current(client, uri)
        return found if len(found) == 1 else None

    assert spans(await wait_for(without_it)) == [("homophones.modal-of", 0, 13, 15)]


async def test_unreachable_server_is_one_message(client, tmp_path):
    (tmp_path / "storylint.toml").write_text(
        '[languagetool]\nserver = "http://127.0.0.1:9"\ntimeout = 2\n', encoding="utf-8"
    )
    await start(client, client.editor_name, tmp_path)
    uri = open_document(client, tmp_path / "ch.txt", TEXT)
    assert spans(await diagnostics(client, uri, 1)) == [("homophones.modal-of", 0, 13, 15)]

    async def warned():
        return [m for m in client.messages if "LanguageTool" in m.message] or None

    (message,) = await wait_for(warned)
    assert message.type == T.MessageType.Warning
    assert message.message == (
        "storylint: LanguageTool at http://127.0.0.1:9 cannot be reached (is the server "
        "running?); LanguageTool's checks are skipped for now (storylint's own checks still run)"
    )
    # further edits check again at once, and do not repeat the message
    client.text_document_did_change(
        T.DidChangeTextDocumentParams(
            text_document=T.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[T.TextDocumentContentChangeWholeDocument(text=TEXT + "\nMore.\n")],
        )
    )
    assert spans(await diagnostics(client, uri, 2)) == [("homophones.modal-of", 0, 13, 15)]
    await asyncio.sleep(0.5)
    assert len([m for m in client.messages if "LanguageTool" in m.message]) == 1
