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
import logging
import sys
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from storylint import __version__, config_edit
from storylint.checks.registry import all_rules
from storylint.config import ConfigError
from storylint.lsp import convert
from storylint.lsp.convert import Encoding
from storylint.lsp.session import OpenDocument, Session, document_format
from storylint.lsp.settings import ORIGIN, Settings, parse_settings
from storylint.lsp.text import ProseTextDocument, ProseWorkspace

log = logging.getLogger(__name__)

FIX_ALL = "source.fixAll.storylint"
ACCEPT_WORD = "storylint.acceptWord"
ADD_TO_CAST = "storylint.addToCast"
MARK_DIFFERENT = "storylint.markDifferent"
DISABLE_RULE = "storylint.disableRule"
CONFIG_FILES = ("**/storylint.toml", "**/.storylint.toml", "**/pyproject.toml")
PROSE_FILES = "**/*.{txt,text,md,markdown,mdown,mkd}"


class StorylintServer(LanguageServer):
    """The storylint language server."""

    def __init__(self) -> None:
        super().__init__(
            "storylint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental
        )
        self.session = Session(self._call_soon, self._log_message)
        self.session.on_languagetool = self._languagetool_answered
        self.pull = False
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
        errors = self.session.config_errors + self.pending_errors
        self.pending_errors = []
        for error in dict.fromkeys(errors):
            self.show(
                f"storylint: {error}; using the defaults until it is fixed", types.MessageType.Error
            )
        self.session.config_errors = []

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
        "pull" if ls.pull else "push",
    )


@server.feature(types.INITIALIZED)
async def initialized(ls: StorylintServer, params: types.InitializedParams) -> None:
    try:
        await _fetch_settings(ls)
        await _watch_files(ls)
    finally:
        ls.ready.set()
    if ls.session.documents:  # opened before the settings arrived
        ls.session.rebuild_all()
    ls.show_config_errors()
    ls.index_task = asyncio.create_task(_index_workspace(ls))


async def _fetch_settings(ls: StorylintServer) -> None:
    workspace = ls.capabilities.workspace
    if workspace is None or not workspace.configuration:
        return
    try:
        answer = await ls.workspace_configuration_async(
            types.ConfigurationParams(items=[types.ConfigurationItem(section="storylint")])
        )
    except Exception as error:  # an editor that fails the request: keep what we have
        log.warning("workspace/configuration failed: %s", error)
        return
    raw = answer[0] if answer else None
    if raw in (None, [], {}):
        return
    try:
        merged = {**ls.session.settings.table, **_server_options(ls.session.settings)}
        ls.session.reload_configs(parse_settings({**merged, **raw}))
    except ConfigError as error:
        ls.pending_errors.append(str(error))


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

    count = await session.run(session.index_folders, report)
    if progress:
        ls.work_done_progress.end(token, types.WorkDoneProgressEnd(message=f"Read {count} files"))
    await _refresh_document_rules(ls, force_publish=True)


def run() -> int:
    """``storylint lsp``: serve on stdin/stdout until the client exits."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="storylint: %(message)s")
    logging.getLogger("pygls").setLevel(logging.WARNING)
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
    _after_change(ls, document)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: StorylintServer, params: types.DidChangeTextDocumentParams) -> None:
    document = ls.session.documents.get(params.text_document.uri)
    text_document = ls.text_document(params.text_document.uri)
    if document is None or text_document is None:
        return
    edits, replaced = text_document.take_edits()
    document.version = params.text_document.version
    if replaced:  # a whole new text (maybe followed by partial changes, already applied)
        ls.session.edit(document, [], text_document.source)
    else:
        ls.session.edit(document, edits, None)
    _after_change(ls, document)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
async def did_save(ls: StorylintServer, params: types.DidSaveTextDocumentParams) -> None:
    await _refresh_document_rules(ls)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
async def did_close(ls: StorylintServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    document = ls.session.documents.get(uri)
    ls.session.close(uri)
    if document is None:
        return
    if not ls.pull:
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )
    if document.path is not None and document.path.exists():
        ls.session.submit(ls.session.read_into_workspace, document.path)


def _after_change(ls: StorylintServer, document: OpenDocument) -> None:
    """Schedule what follows an edit: a debounced push, and the document rules."""
    delay = ls.session.settings.debounce_ms / 1000
    if not ls.pull:
        if document.publish_task is not None:
            document.publish_task.cancel()
        document.publish_task = asyncio.create_task(_publish_later(ls, document, delay))
    if ls.refresh_task is not None:
        ls.refresh_task.cancel()
    document_delay = ls.session.settings.document_delay_ms / 1000
    ls.refresh_task = asyncio.create_task(_refresh_later(ls, document_delay))


async def _publish_later(ls: StorylintServer, document: OpenDocument, delay: float) -> None:
    await asyncio.sleep(delay)
    await publish(ls, document)


async def publish(ls: StorylintServer, document: OpenDocument) -> None:
    """Push a document's diagnostics (push mode)."""
    if ls.session.documents.get(document.uri) is not document:
        return
    computed = await ls.session.compute(document)
    document.result_id, document.diagnostics = computed.result_id, computed.diagnostics
    ls.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(
            uri=document.uri, version=document.version, diagnostics=computed.diagnostics
        )
    )


async def _refresh_later(ls: StorylintServer, delay: float) -> None:
    await asyncio.sleep(max(delay, 0.1))
    await _refresh_document_rules(ls)


async def _refresh_document_rules(ls: StorylintServer, force_publish: bool = False) -> None:
    """Run the whole-document rules (names across the workspace); tell the client."""
    session = ls.session
    changed = await session.run(session.refresh_documents)
    if not changed and not force_publish:
        return
    if ls.pull:
        workspace = ls.capabilities.workspace
        diagnostics = workspace and workspace.diagnostics
        if diagnostics and diagnostics.refresh_support:
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
    computed = await ls.session.compute(document)
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
    found = await ls.session.run(ls.session.workspace_reports)
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
        code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL], resolve_provider=False
    ),
)
async def code_action(
    ls: StorylintServer, params: types.CodeActionParams
) -> list[types.CodeAction]:
    document = ls.session.documents.get(params.text_document.uri)
    if document is None:
        return []
    await ls.session.compute(document)  # brings the live copy up to date
    return await ls.session.run(_actions, ls.session, document, params)


def _actions(
    session: Session, document: OpenDocument, params: types.CodeActionParams
) -> list[types.CodeAction]:
    """Code actions for the findings in the requested range (worker only)."""
    live = document.live
    lines = live.source.lines
    encoding = session.encoding
    reports = session.reports(document)
    only = params.context.only
    uri = document.uri

    def edit(edits: list[types.TextEdit]) -> types.WorkspaceEdit:
        return types.WorkspaceEdit(
            document_changes=[
                types.TextDocumentEdit(
                    text_document=types.OptionalVersionedTextDocumentIdentifier(
                        uri=uri, version=document.version
                    ),
                    edits=edits,
                )
            ]
        )

    actions: list[types.CodeAction] = []
    if only and any(str(kind).startswith("source") for kind in only):
        edits = convert.text_edits(reports, lines, encoding)
        if edits:
            actions.append(
                types.CodeAction(
                    title="storylint: fix all safe problems", kind=FIX_ALL, edit=edit(edits)
                )
            )
        return actions

    start = encoding.offset(lines, params.range.start)
    end = encoding.offset(lines, params.range.end)
    here = [r for r in reports if r.start <= end and start <= r.end]
    seen_rules: set[str] = set()
    for report in here:
        diagnostic = convert.diagnostic(report, lines, encoding)
        finding = report.finding
        for fix in finding.fixes:
            text_edit = types.TextEdit(range=diagnostic.range, new_text=fix.replacement)
            actions.append(
                types.CodeAction(
                    title=fix.description,
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    is_preferred=fix.safe and len(finding.fixes) == 1,
                    edit=edit([text_edit]),
                )
            )
        rule = report.rule
        same_rule = [r for r in reports if r.rule.id == rule.id and r.finding.safe_fix]
        if rule.id not in seen_rules and len(same_rule) > 1:
            seen_rules.add(rule.id)
            actions.append(
                types.CodeAction(
                    title=f"Fix all {len(same_rule)} “{rule.id}” problems in this document",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    edit=edit(convert.text_edits(same_rule, lines, encoding)),
                )
            )
        subject = (finding.subject or live.text[finding.start : finding.end]).strip()
        for title, command, arguments in _config_actions(report, subject):
            actions.append(
                types.CodeAction(
                    title=title,
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[diagnostic],
                    command=types.Command(
                        title=title, command=command, arguments=[uri, *arguments]
                    ),
                )
            )
    return actions


def _config_actions(report, subject: str) -> list[tuple[str, str, list[Any]]]:
    """Actions that change the project's config for a finding: (title, command, args)."""
    rule = report.rule
    found = []
    if rule.category == "names" and subject:
        found.append((f"Add “{subject}” to the cast list", ADD_TO_CAST, [subject]))
        usual = next(iter(report.finding.fixes), None)
        if usual is not None and usual.replacement != subject:
            found.append(
                (
                    f"“{subject}” is a different character from “{usual.replacement}”",
                    MARK_DIFFERENT,
                    [subject, usual.replacement],
                )
            )
    spelling = getattr(rule, "spelling", False)  # a LanguageTool spelling rule
    if (rule.category in ("names", "homophones") or spelling) and subject and " " not in subject:
        found.append((f"Accept “{subject}” (never flag it)", ACCEPT_WORD, [subject]))
    found.append((f"Disable “{rule.id}” for this project", DISABLE_RULE, [rule.id]))
    return found


@server.command(ACCEPT_WORD)
async def accept_word(ls: StorylintServer, uri: str, word: str) -> None:
    await _change_config(ls, uri, ("accept",), word, f"Added “{word}” to the accepted words")


@server.command(ADD_TO_CAST)
async def add_to_cast(ls: StorylintServer, uri: str, name: str) -> None:
    await _change_config(ls, uri, ("names", "cast"), name, f"Added “{name}” to the cast list")


@server.command(MARK_DIFFERENT)
async def mark_different(ls: StorylintServer, uri: str, name: str, other: str) -> None:
    await _change_config(
        ls,
        uri,
        ("names", "different"),
        [name, other],
        f"Noted that “{name}” and “{other}” are different characters",
    )


@server.command(DISABLE_RULE)
async def disable_rule(ls: StorylintServer, uri: str, rule_id: str) -> None:
    from storylint.languagetool.mapping import PREFIX  # light: no LanguageTool import

    if rule_id.startswith(PREFIX):
        name = rule_id.removeprefix(PREFIX)
        done = f"Disabled {rule_id} for this project"
        await _change_config(ls, uri, ("languagetool", "disabled-rules"), name, done)
        return
    if rule_id not in all_rules():
        ls.show(f"storylint: no rule {rule_id!r}")
        return
    await _change_config(ls, uri, ("ignore",), rule_id, f"Disabled {rule_id} for this project")


async def _change_config(
    ls: StorylintServer, uri: str, keys: tuple[str, ...], value: Any, done: str
) -> None:
    """Add ``value`` to a list in the config file that applies to ``uri``."""
    path_text = to_fs_path(uri)
    folder = Path(path_text).parent if path_text else (ls.session.folders or [Path.cwd()])[0]
    root = next((f for f in ls.session.folders if folder.is_relative_to(f)), None)
    target = ls.session.settings.config_file or config_edit.target(folder, root)
    try:
        changed = config_edit.add_to_list(target, keys, value)
    except (ConfigError, OSError) as error:
        ls.show(f"storylint: could not change {target}: {error}", types.MessageType.Error)
        return
    if changed:
        ls.window_log_message(
            types.LogMessageParams(
                type=types.MessageType.Info, message=f"storylint: {done} in {target}"
            )
        )
        await _reconfigure(ls)


@server.feature(types.TEXT_DOCUMENT_HOVER)
async def hover(ls: StorylintServer, params: types.HoverParams) -> types.Hover | None:
    document = ls.session.documents.get(params.text_document.uri)
    if document is None:
        return None
    await ls.session.compute(document)
    return await ls.session.run(_hover, ls.session, document, params.position)


def _hover(
    session: Session, document: OpenDocument, position: types.Position
) -> types.Hover | None:
    live = document.live
    lines = live.source.lines
    offset = session.encoding.offset(lines, position)
    reports = [r for r in session.reports(document) if r.start <= offset <= r.end]
    if not reports:
        return None
    sections = []
    for report in reports:
        rule = report.rule
        sections.append(
            f"**{rule.id}** ({report.severity.value}) — {rule.summary}\n\n{_explanation(rule)}"
        )
    first = reports[0]
    return types.Hover(
        contents=types.MarkupContent(
            kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(sections)
        ),
        range=session.encoding.range(lines, first.start, first.end),
    )


def _explanation(rule) -> str:
    """A rule's explanation and first example pair, for a hover."""
    text = rule.explanation
    flagged = next((e for e in rule.examples if e.flagged), None)
    allowed = next((e for e in rule.examples if not e.flagged), None)
    if flagged is not None and "## Example" not in text:
        text += f"\n\nFlagged: {flagged.text}"
    if allowed is not None:
        text += f"\n\nNot flagged: {allowed.text}"
    return text
