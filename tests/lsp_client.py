"""Driving the real ``storylint lsp`` over stdio, as the editors we support do.

Capability sets: VS Code (a current one, which pulls diagnostics, and 1.65, which only
takes pushed ones) and Neovim 0.10 (pull, UTF-16) and 0.11 (pull, UTF-8), from the
snapshots pytest-lsp ships.
"""

from __future__ import annotations

import asyncio
import copy
import sys
from pathlib import Path
from typing import Any

from lsprotocol import types as T
from pygls.protocol import default_converter
from pytest_lsp import LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

SERVER = [sys.executable, "-m", "storylint", "lsp"]
CLIENTS = ["vscode", "vscode-1.65", "neovim-0.10", "neovim-0.11"]


def capabilities(name: str) -> T.ClientCapabilities:
    """The capabilities an editor sends."""
    if name == "vscode":  # VS Code with vscode-languageclient 8+: pull and refresh
        caps = copy.deepcopy(client_capabilities("visual-studio-code"))
        caps.text_document.diagnostic = T.DiagnosticClientCapabilities(
            dynamic_registration=True, related_document_support=False
        )
        caps.workspace.diagnostics = T.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
        return caps
    spec = {
        "vscode-1.65": "visual-studio-code",
        "neovim-0.10": "neovim@v0.10.0",
        "neovim-0.11": "neovim@v0.11.0",
    }[name]
    return client_capabilities(spec)


def recording_client(overrides: dict[str, Any] | None = None) -> LanguageClient:
    """A test client that also records every push with its version (``overrides``:
    handlers of client methods to use instead of the usual ones)."""
    client = LanguageClient(converter_factory=default_converter)
    client.pushed = []  # type: ignore[attr-defined]
    features = dict(DEFAULT_CLIENT_FEATURES)

    def publish(client: LanguageClient, params: T.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.pushed.append(params)  # type: ignore[attr-defined]

    def register(client: LanguageClient, params: T.RegistrationParams) -> None:
        client.registrations.extend(params.registrations)  # type: ignore[attr-defined]

    def unregister(client: LanguageClient, params: T.UnregistrationParams) -> None:
        pass

    client.registrations = []  # type: ignore[attr-defined]
    features[T.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    features[T.CLIENT_REGISTER_CAPABILITY] = register
    features[T.CLIENT_UNREGISTER_CAPABILITY] = unregister
    features.update(overrides or {})
    register_lsp_features(client, features)
    return client


async def start(
    client: LanguageClient,
    editor: str,
    root: Path,
    init_options: dict[str, Any] | None = None,
    settings: dict[str, Any] | None = None,
) -> None:
    if settings is not None:
        client.set_configuration(settings, section="storylint")
    client.editor = editor  # type: ignore[attr-defined]
    await client.initialize_session(
        T.InitializeParams(
            capabilities=capabilities(editor),
            root_uri=root.as_uri(),
            workspace_folders=[T.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
            initialization_options=init_options or {"debounceMs": 20, "documentDelayMs": 20},
        )
    )


def pulls(client: LanguageClient) -> bool:
    return client.editor != "vscode-1.65"  # type: ignore[attr-defined]


async def diagnostics(
    client: LanguageClient, uri: str, version: int, timeout: float = 20
) -> list[T.Diagnostic]:
    """The diagnostics of ``uri`` at ``version``: pulled, or waited for as a push."""
    if pulls(client):
        report = await asyncio.wait_for(
            client.text_document_diagnostic_async(
                T.DocumentDiagnosticParams(text_document=T.TextDocumentIdentifier(uri=uri))
            ),
            timeout,
        )
        return list(report.items)
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        for params in reversed(client.pushed):  # type: ignore[attr-defined]
            if params.uri == uri and params.version == version:
                return list(params.diagnostics)
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"no diagnostics for {uri} version {version}")
        await asyncio.sleep(0.01)


def open_document(
    client: LanguageClient, path: Path, text: str, language: str = "plaintext"
) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        T.DidOpenTextDocumentParams(
            text_document=T.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)
        )
    )
    return uri


def change(
    client: LanguageClient,
    uri: str,
    version: int,
    start: tuple[int, int],
    end: tuple[int, int],
    text: str,
) -> None:
    client.text_document_did_change(
        T.DidChangeTextDocumentParams(
            text_document=T.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[
                T.TextDocumentContentChangePartial(
                    range=T.Range(
                        start=T.Position(line=start[0], character=start[1]),
                        end=T.Position(line=end[0], character=end[1]),
                    ),
                    text=text,
                )
            ],
        )
    )


def spans(found: list[T.Diagnostic]) -> list[tuple[str, int, int, int]]:
    """(code, line, start character, end character) of each diagnostic."""
    return [
        (d.code, d.range.start.line, d.range.start.character, d.range.end.character) for d in found
    ]
