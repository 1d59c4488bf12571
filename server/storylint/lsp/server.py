"""Protocol handlers of ``storylint lsp``: each translates between LSP and the session.

Diagnostics are pulled (``textDocument/diagnostic``, ``workspace/diagnostic``) when the
client supports it and pushed (``textDocument/publishDiagnostics``) when it does not,
never both. Code actions apply a finding's fix, fix every finding of a rule, and change
the project's config file (accept a word, add a name to the cast, mark two names as
different characters, disable a rule) through ``workspace/executeCommand``, so they work
in every editor.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from storylint import __version__
from storylint.config import ConfigError
from storylint.lsp import actions
from storylint.lsp.collector import settle
from storylint.lsp.convert import Encoding
from storylint.lsp.protocol import StorylintProtocol
from storylint.lsp.session import OpenDocument, Session, document_format
from storylint.lsp.settings import ORIGIN, Settings, parse_settings
from storylint.lsp.text import ProseTextDocument, ProseWorkspace
from storylint.project import ConfigAction
from storylint.project.config_edit import add_to_list

log = logging.getLogger(__name__)

#: Seconds the first pull of a document waits for its first whole-document pass.
FIRST_PASS_WAIT = 5.0
CONFIG_FILES = ("**/storylint.toml", "**/.storylint.toml", "**/pyproject.toml")
PROSE_FILES = "**/*.{txt,text,md,markdown,mdown,mkd}"


class StorylintServer(LanguageServer):
    """The storylint language server."""

    def __init__(self) -> None:
        super().__init__(
            "storylint",
            __version__,
            protocol_cls=StorylintProtocol,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
        )
        self.session = Session(self._call_soon, self._log_message)
        self.session.on_languagetool = self._languagetool_answered
        self.pull = False
        self.split = False
        self.loop: asyncio.AbstractEventLoop | None = None
        self.ready: asyncio.Event | None = None
        self.refresh_task: asyncio.Task | None = None
        self.index_task: asyncio.Task | None = None
        self.pending_errors: list[str] = []
        self.languagetool_warned = False

    # -- helpers ---------------------------------------------------------------------------

    def _call_soon(self, callback) -> None:
        if self.loop is not None:
            self.loop.call_soon_threadsafe(callback)

    def _log_message(self, message: str) -> None:
        self.window_log_message(
            types.LogMessageParams(type=types.MessageType.Warning, message=message)
        )

    def _languagetool_answered(self, uri: str, failure: str | None) -> None:
        """LanguageTool answered for ``uri`` (or failed): send its diagnostics again. A
        failure is shown once, until LanguageTool has answered again."""
        if failure is None:
            self.languagetool_warned = False
        elif not self.languagetool_warned:
            self.languagetool_warned = True
            self.show(
                f"storylint: {failure}; LanguageTool's checks are skipped for now "
                "(storylint's own checks still run)"
            )
        document = self.session.documents.get(uri)
        if document is None:
            return
        if self.pull:
            workspace = self.capabilities.workspace
            if workspace and workspace.diagnostics and workspace.diagnostics.refresh_support:
                self.workspace_diagnostic_refresh(None)
        elif failure is None:
            if document.publish_task is not None:
                document.publish_task.cancel()
            document.publish_task = asyncio.ensure_future(publish(self, document))

    def show(self, message: str, kind: types.MessageType = types.MessageType.Warning) -> None:
        self.window_show_message(types.ShowMessageParams(type=kind, message=message))

    def show_config_errors(self) -> None:
        errors = self.session.take_config_errors() + self.pending_errors
        self.pending_errors = []
        for error in dict.fromkeys(errors):
            self.show(
                f"storylint: {error}; using the defaults until it is fixed", types.MessageType.Error
            )

    @property
    def capabilities(self) -> types.ClientCapabilities:
        return self.client_capabilities

    def text_document(self, uri: str) -> ProseTextDocument | None:
        document = self.workspace.text_documents.get(uri)
        return document if isinstance(document, ProseTextDocument) else None

    async def wait_ready(self) -> None:
        if self.ready is not None and not self.ready.is_set():
            try:
                await asyncio.wait_for(self.ready.wait(), timeout=5)
            except TimeoutError:
                log.warning("no workspace/configuration answer after 5 s; using what we have")


server = StorylintServer()


# -- lifecycle


@server.feature(types.INITIALIZE)
def initialize(ls: StorylintServer, params: types.InitializeParams) -> None:
    ls.loop = asyncio.get_running_loop()
    ls.ready = asyncio.Event()
    workspace = ls.workspace
    ls.protocol._workspace = ProseWorkspace(  # pygls has no hook for the document class
        workspace._root_uri,
        workspace._sync_kind,
        list(workspace.folders.values()),
        workspace.position_encoding,
    )
    session = ls.session
    session.encoding = Encoding(workspace.position_encoding or types.PositionEncodingKind.Utf16)
    try:
        session.settings = parse_settings(params.initialization_options)
    except ConfigError as error:
        ls.pending_errors.append(str(error))
    folders = [f.uri for f in params.workspace_folders or []] or (
        [params.root_uri] if params.root_uri else []
    )
    session.folders = [Path(p) for p in (to_fs_path(uri) for uri in folders) if p]
    supports_pull = params.capabilities.text_document is not None and (
        params.capabilities.text_document.diagnostic is not None
    )
    mode = session.settings.diagnostic_mode
    ls.pull = supports_pull and mode != "push"
    workspace_caps = params.capabilities.workspace
    refreshes = bool(
        workspace_caps and workspace_caps.diagnostics and workspace_caps.diagnostics.refresh_support
    )
    # A client that pulls but cannot be told of later results (Neovim 0.11) pulls the
    # paragraphs' findings and is sent the whole-document rules' by push, after each
    # pass: two sets that never overlap.
    ls.split = ls.pull and not refreshes
    if mode == "pull" and not supports_pull:
        ls.pending_errors.append(
            f"{ORIGIN}: 'diagnostic-mode' is pull, but this editor cannot pull"
        )
    if ls.pull:
        options = types.DiagnosticOptions(
            identifier="storylint", inter_file_dependencies=True, workspace_diagnostics=True
        )
        ls.feature(types.TEXT_DOCUMENT_DIAGNOSTIC, options)(document_diagnostic)
        ls.feature(types.WORKSPACE_DIAGNOSTIC)(workspace_diagnostic)
    log.info(
        "storylint %s: encoding %s, %s diagnostics",
        __version__,
        session.encoding.kind,
        ("pull and push" if ls.split else "pull") if ls.pull else "push",
    )


@server.feature(types.INITIALIZED)
async def initialized(ls: StorylintServer, params: types.InitializedParams) -> None:
    try:
        changed = await _fetch_settings(ls)
        await _watch_files(ls)
    finally:
        ls.ready.set()
    if changed and ls.session.documents:  # opened under other settings: checked again, sent
        await _reconfigure(ls)
    else:
        ls.show_config_errors()
    ls.index_task = asyncio.create_task(_index_workspace(ls))


async def _fetch_settings(ls: StorylintServer) -> bool:
    """Ask the editor for its settings; True if they differ from those in use (which are
    then replaced)."""
    workspace = ls.capabilities.workspace
    if workspace is None or not workspace.configuration:
        return False
    try:
        answer = await ls.workspace_configuration_async(
            types.ConfigurationParams(items=[types.ConfigurationItem(section="storylint")])
        )
    except Exception as error:  # an editor that fails the request: keep what we have
        log.warning("workspace/configuration failed: %s", error)
        return False
    raw = answer[0] if answer else None
    if raw in (None, [], {}):
        return False
    try:
        merged = {**ls.session.settings.table, **_server_options(ls.session.settings)}
        settings = parse_settings({**merged, **raw})
    except ConfigError as error:
        ls.pending_errors.append(str(error))
        return False
    if settings == ls.session.settings:
        return False  # the same as sent with initialize: the documents stay as checked
    ls.session.reload_configs(settings)
    return True


def _server_options(settings: Settings) -> dict[str, Any]:
    options: dict[str, Any] = {
        "diagnostic-mode": settings.diagnostic_mode,
        "debounce-ms": settings.debounce_ms,
        "document-delay-ms": settings.document_delay_ms,
        "file-types": dict(settings.file_types),
    }
    if settings.config_file is not None:
        options["config"] = str(settings.config_file)
    return options


async def _watch_files(ls: StorylintServer) -> None:
    workspace = ls.capabilities.workspace
    watched = workspace and workspace.did_change_watched_files
    if not (watched and watched.dynamic_registration):
        return
    watchers = [
        types.FileSystemWatcher(glob_pattern=pattern) for pattern in (*CONFIG_FILES, PROSE_FILES)
    ]
    try:
        await ls.client_register_capability_async(
            types.RegistrationParams(
                registrations=[
                    types.Registration(
                        id="storylint-files",
                        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                        register_options=types.DidChangeWatchedFilesRegistrationOptions(
                            watchers=watchers
                        ),
                    )
                ]
            )
        )
    except Exception as error:
        log.warning("could not register file watchers: %s", error)


async def _index_workspace(ls: StorylintServer) -> None:
    """Read the workspace folders' chapters into the names index, reporting progress."""
    session = ls.session
    if not session.folders:
        return
    window = ls.capabilities.window
    token = "storylint-index"
    progress = bool(window and window.work_done_progress)
    if progress:
        try:
            await ls.work_done_progress.create_async(token)
            ls.work_done_progress.begin(
                token,
                types.WorkDoneProgressBegin(
                    title="storylint", message="Reading chapters", percentage=0
                ),
            )
        except Exception:
            progress = False

    def report(done: int, total: int, name: str) -> None:
        if progress and (done == total or done % 5 == 0):
            percentage = int(100 * done / max(total, 1))
            ls._call_soon(
                lambda: ls.work_done_progress.report(
                    token,
                    types.WorkDoneProgressReport(
                        message=f"{done}/{total} {name}", percentage=percentage
                    ),
                )
            )

    count = await session.index_folders(report)
    if progress:
        ls.work_done_progress.end(token, types.WorkDoneProgressEnd(message=f"Read {count} files"))
    await _refresh_document_rules(ls, force_publish=True)


def run() -> int:
    """``storylint lsp``: serve on stdin/stdout until the client exits."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="storylint: %(message)s")
    logging.getLogger("pygls").setLevel(logging.WARNING)
    # The documents thread (folder indexing, whole-document passes) holds the GIL for the
    # interpreter's switch interval at a time; 0.5 ms rather than the default 5 ms lets a
    # keystroke's request in between without waiting out several long slices (measured:
    # keystroke p95 with a folder open falls from ~25 ms to 12-14 ms, whole passes unchanged).
    sys.setswitchinterval(0.0005)
    settle()  # what was imported stays: full collections need not walk it
    server.start_io()
    return 0


# -- documents


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: StorylintServer, params: types.DidOpenTextDocumentParams) -> None:
    # Not waiting for the editor's settings: a change may follow at once. Documents are
    # checked again under the settings when they arrive.
    item = params.text_document
    fmt = document_format(item.uri, item.language_id, dict(ls.session.settings.file_types))
    if fmt is None:
        return
    document = ls.session.open(item.uri, item.text, fmt, item.version)
    text_document = ls.text_document(item.uri)
    if text_document is not None:
        text_document.take_edits()
    ls.show_config_errors()
    _after_change(ls, document, document_delay=0)  # the document rules at once


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: StorylintServer, params: types.DidChangeTextDocumentParams) -> None:
    document = ls.session.documents.get(params.text_document.uri)
    text_document = ls.text_document(params.text_document.uri)
    if document is None or text_document is None:
        return
    edits, replaced = text_document.take_edits()
    document.version = params.text_document.version
    if replaced:  # a whole new text (maybe followed by partial changes, already applied)
        ls.session.edit(document, [], text_document.source, document.version)
    else:
        ls.session.edit(document, edits, None, document.version)
    _after_change(ls, document)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
async def did_save(ls: StorylintServer, params: types.DidSaveTextDocumentParams) -> None:
    await _refresh_document_rules(ls)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
async def did_close(ls: StorylintServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    if ls.session.close(uri) is None:
        return
    if not ls.pull or ls.split:
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )
    await _refresh_document_rules(ls)  # the names of the others may change


def _after_change(
    ls: StorylintServer, document: OpenDocument, document_delay: float | None = None
) -> None:
    """Schedule what follows an edit: a debounced push, and the document rules after
    ``document_delay`` seconds (default: the setting)."""
    delay = ls.session.settings.debounce_ms / 1000
    if not ls.pull:
        if document.publish_task is not None:
            document.publish_task.cancel()
        document.publish_task = asyncio.create_task(_publish_later(ls, document, delay))
    if ls.refresh_task is not None:
        ls.refresh_task.cancel()
    if document_delay is None:
        document_delay = ls.session.settings.document_delay_ms / 1000
    ls.refresh_task = asyncio.create_task(_refresh_later(ls, document_delay))


async def _publish_later(ls: StorylintServer, document: OpenDocument, delay: float) -> None:
    await asyncio.sleep(delay)
    await publish(ls, document)


async def publish(
    ls: StorylintServer, document: OpenDocument, document_rules_only: bool = False
) -> None:
    """Push a document's diagnostics (push mode), or only its document rules' (a client
    that pulls the rest, see ``initialize``)."""
    if ls.session.documents.get(document.uri) is not document:
        return
    if document_rules_only:
        computed = await ls.session.document_rules_computed(document)
        if computed.diagnostics == document.pushed:
            return  # the same findings at the same places: nothing to tell
        document.pushed = computed.diagnostics
    else:
        computed = await ls.session.compute(document)
        document.result_id, document.diagnostics = computed.result_id, computed.diagnostics
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(
            uri=document.uri, version=computed.version, diagnostics=computed.diagnostics
        )
    )


async def _refresh_later(ls: StorylintServer, delay: float) -> None:
    await asyncio.sleep(delay)
    # once started, a pass is seen through (a cancelled one would leave the client untold)
    await asyncio.shield(_refresh_document_rules(ls))


async def _refresh_document_rules(ls: StorylintServer, force_publish: bool = False) -> None:
    """Run the whole-document rules (names across the workspace); tell the client."""
    session = ls.session
    changed = await session.refresh_documents()
    if not changed and not force_publish and not ls.split:
        return
    if ls.split:
        for document in list(session.documents.values()):
            await publish(ls, document, document_rules_only=True)
    elif ls.pull:
        ls.workspace_diagnostic_refresh(None)
    else:
        for document in list(session.documents.values()):
            if force_publish or document in changed:
                await publish(ls, document)


# -- configuration


@server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
async def did_change_configuration(
    ls: StorylintServer, params: types.DidChangeConfigurationParams
) -> None:
    workspace = ls.capabilities.workspace
    if workspace is not None and workspace.configuration:
        # Pull rather than trust the notification's payload: clients such as VS Code
        # push their whole settings section there, client-side keys included.
        raw = None
    else:
        raw = params.settings.get("storylint") if isinstance(params.settings, dict) else None
    if raw not in (None, [], {}):
        try:
            ls.session.reload_configs(parse_settings(raw))
        except ConfigError as error:
            ls.pending_errors.append(str(error))
    else:
        await _fetch_settings(ls)
    await _reconfigure(ls)


async def _reconfigure(ls: StorylintServer) -> None:
    """Re-read configs, re-check every open document, and tell the client."""
    ls.session.reload_configs()
    ls.session.rebuild_all()
    ls.show_config_errors()
    await _refresh_document_rules(ls, force_publish=True)
    if ls.pull:
        workspace = ls.capabilities.workspace
        if workspace and workspace.diagnostics and workspace.diagnostics.refresh_support:
            ls.workspace_diagnostic_refresh(None)


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
async def did_change_watched_files(
    ls: StorylintServer, params: types.DidChangeWatchedFilesParams
) -> None:
    session = ls.session
    config_changed = False
    for change in params.changes:
        path_text = to_fs_path(change.uri)
        if not path_text:
            continue
        path = Path(path_text)
        if path.name in ("storylint.toml", ".storylint.toml", "pyproject.toml"):
            config_changed = True
        elif change.type == types.FileChangeType.Deleted:
            session.submit(session.workspace.remove, str(path))
        elif document_format(change.uri, None, {}) is not None:
            session.submit(session.read_into_workspace, path)
    if config_changed:
        await _reconfigure(ls)
    else:
        await _refresh_document_rules(ls)


# -- diagnostics (pull)


async def document_diagnostic(
    ls: StorylintServer, params: types.DocumentDiagnosticParams
) -> types.DocumentDiagnosticReport:
    await ls.wait_ready()
    document = ls.session.documents.get(params.text_document.uri)
    if document is None:
        return types.RelatedFullDocumentDiagnosticReport(items=[])
    if not document.passed.is_set():
        # just opened: the first answer waits for the names the paragraphs are read with
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(document.passed.wait(), FIRST_PASS_WAIT)
    computed = await ls.session.compute(document, document_rules=not ls.split)
    document.result_id, document.diagnostics = computed.result_id, computed.diagnostics
    if params.previous_result_id == computed.result_id:
        return types.RelatedUnchangedDocumentDiagnosticReport(result_id=computed.result_id)
    return types.RelatedFullDocumentDiagnosticReport(
        items=computed.diagnostics, result_id=computed.result_id
    )


async def workspace_diagnostic(
    ls: StorylintServer, params: types.WorkspaceDiagnosticParams
) -> types.WorkspaceDiagnosticReport:
    await ls.wait_ready()
    previous = {item.uri: item.value for item in params.previous_result_ids}
    found = await ls.session.workspace_reports()
    items: list[Any] = []
    for uri, result_id, diagnostics in found:
        if previous.get(uri) == result_id:
            items.append(
                types.WorkspaceUnchangedDocumentDiagnosticReport(
                    uri=uri, result_id=result_id, version=None
                )
            )
        else:
            items.append(
                types.WorkspaceFullDocumentDiagnosticReport(
                    uri=uri, items=diagnostics, result_id=result_id, version=None
                )
            )
    return types.WorkspaceDiagnosticReport(items=items)


# -- code actions, commands, hover


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, actions.FIX_ALL], resolve_provider=False
    ),
)
async def code_action(
    ls: StorylintServer, params: types.CodeActionParams
) -> list[types.CodeAction]:
    document = ls.session.documents.get(params.text_document.uri)
    if document is None:
        return []
    await ls.session.compute(document)  # brings the live copy up to date
    return await ls.session.run(actions.code_actions, ls.session, document, params)


def _config_command(action: ConfigAction):
    async def change(ls: StorylintServer, uri: str, *values: Any) -> None:
        value = values[0] if len(values) == 1 else list(values)
        await _change_config(ls, uri, action.keys, value, action.done_message(list(values)))

    return change


for _command, _action in actions.commands().items():
    server.command(_command)(_config_command(_action))


@server.command(actions.DISABLE_RULE)
async def disable_rule(ls: StorylintServer, uri: str, rule_id: str) -> None:
    where = actions.disabling(rule_id)
    if where is None:
        ls.show(f"storylint: no rule {rule_id!r}")
        return
    keys, value = where
    await _change_config(ls, uri, keys, value, f"Disabled {rule_id} for this project")


async def _change_config(
    ls: StorylintServer, uri: str, keys: tuple[str, ...], value: Any, done: str
) -> None:
    """Add ``value`` to a list in the config file that applies to ``uri``."""
    config_file = actions.config_file_for(ls.session, uri)
    if config_file is None:
        ls.show(
            "storylint: this document has no file and no folder is open, so there is no "
            "project config to change; save it in your manuscript's folder first",
            types.MessageType.Warning,
        )
        return
    try:
        changed = add_to_list(config_file, keys, value)
    except (ConfigError, OSError) as error:
        ls.show(f"storylint: could not change {config_file}: {error}", types.MessageType.Error)
        return
    if changed:
        ls.window_log_message(
            types.LogMessageParams(
                type=types.MessageType.Info, message=f"storylint: {done} in {config_file}"
            )
        )
        await _reconfigure(ls)


@server.feature(types.TEXT_DOCUMENT_HOVER)
async def hover(ls: StorylintServer, params: types.HoverParams) -> types.Hover | None:
    document = ls.session.documents.get(params.text_document.uri)
    if document is None:
        return None
    await ls.session.compute(document)
    return await ls.session.run(actions.hover, ls.session, document, params.position)
