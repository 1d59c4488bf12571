"""The language server and character names: a misspelling in the open chapter is
compared with the spelling used in the other chapters of the workspace folder, and the
"different character" action writes the project config and silences it."""

from __future__ import annotations

import asyncio

import pytest_lsp
from lsprotocol import types as T
from pytest_lsp import ClientServerConfig, LanguageClient

from lsp_client import SERVER, diagnostics, open_document, recording_client, spans, start

CHAPTER_1 = "“You’re late,” Tobias said.\n\nTobias sighed. Maren followed Tobias up.\n"
CHAPTER_2 = "“In the lamp room,” Tobais said.\n"


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=SERVER, client_factory=recording_client)
)
async def vscode(lsp_client: LanguageClient, tmp_path):
    lsp_client.root = tmp_path
    (tmp_path / "ch01.txt").write_text(CHAPTER_1, encoding="utf-8")
    await start(lsp_client, "vscode", tmp_path)
    yield
    await lsp_client.shutdown_session()


async def _names_diagnostics(client: LanguageClient, uri: str) -> list[T.Diagnostic]:
    """Diagnostics once the workspace folder has been indexed (it is read in the background)."""
    found: list[T.Diagnostic] = []
    for _ in range(200):
        found = [d for d in await diagnostics(client, uri, 1) if str(d.code).startswith("names")]
        if found:
            break
        await asyncio.sleep(0.05)
    return found


async def test_a_variant_is_compared_with_closed_chapters(vscode: LanguageClient):
    client = vscode
    uri = open_document(client, client.root / "ch02.txt", CHAPTER_2)
    found = await _names_diagnostics(client, uri)
    assert spans(found) == [("names.variant", 0, 20, 26)]
    first = client.root / "ch01.txt"
    assert found[0].message == (
        f"“Tobais” appears once; “Tobias” appears 3 times, first in {first}:1"
    )
    actions = await client.text_document_code_action_async(
        T.CodeActionParams(
            text_document=T.TextDocumentIdentifier(uri=uri),
            range=found[0].range,
            context=T.CodeActionContext(diagnostics=found),
        )
    )
    titles = [a.title for a in actions]
    assert "Add “Tobais” to the cast list" in titles
    different = next(
        a for a in actions if a.title == "“Tobais” is a different character from “Tobias”"
    )
    fix = next(a for a in actions if a.title == "Replace with “Tobias”")
    (document_edit,) = fix.edit.document_changes
    assert [(e.range, e.new_text) for e in document_edit.edits] == [(found[0].range, "Tobias")]
    assert "storylint.markDifferent" in str(different.command)
    # what the editor runs when the action is chosen
    await client.workspace_execute_command_async(
        T.ExecuteCommandParams(
            command="storylint.markDifferent", arguments=[uri, "Tobais", "Tobias"]
        )
    )
    config = (client.root / "storylint.toml").read_text(encoding="utf-8")
    assert 'different = [["Tobais", "Tobias"]]' in config
    for _ in range(100):
        remaining = [
            d for d in await diagnostics(client, uri, 1) if str(d.code).startswith("names")
        ]
        if not remaining:
            break
        await asyncio.sleep(0.05)
    assert remaining == []
