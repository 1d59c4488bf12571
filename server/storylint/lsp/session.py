"""The server's state: open documents, configs, the workspace index, and the worker.

Every piece of checking state (live documents, engines, the workspace of documents the
names index is built from) is touched only by one worker thread, so edits and checks
never race and the protocol's event loop stays free to answer; jobs run in the order
they were submitted, and an edit submitted while a long check runs makes that check stop
early (its finished paragraphs are kept) so the newest text is checked first.

Results are converted to protocol types in the worker too, against the exact text they
were computed for.

LanguageTool (when configured) runs on a thread of its own: diagnostics are computed
with the LanguageTool answers already cached for the document's paragraphs, the
paragraphs not answered yet are sent in the background, and ``on_languagetool`` is
called on the event loop when their answers (or a failure) arrive, so the server can
send the diagnostics again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types
from pygls.uris import from_fs_path, to_fs_path

from storylint.config import Config
from storylint.lsp import convert
from storylint.lsp.collector import settle
from storylint.lsp.convert import Encoding
from storylint.lsp.settings import Settings
from storylint.project import (
    FORMATS,
    Cancelled,
    Configs,
    LanguageToolLink,
    LineIndex,
    LiveDocument,
    Project,
    Rule,
    SourceFile,
    available_jobs,
)
from storylint.report import Report

log = logging.getLogger(__name__)
T = TypeVar("T")
#: Seconds before a LanguageTool server that failed is asked again.
RETRY_LANGUAGETOOL = 60.0
#: A check longer than this (seconds) left many objects behind: they are settled.
LONG_CHECK = 0.05
#: Seconds the workspace's indexing waits for an open document's first check.
FIRST_CHECK_WAIT = 5.0
#: Indexing reads its next file once no edit came for this many seconds (reading a
#: novel holds the GIL for tens of milliseconds at a time: typing goes first) ...
TYPING_IDLE = 0.3
#: ... but never waits longer than this for one file, so that a writer typing without
#: a pause still gets the whole workspace's names.
TYPING_WAIT = 3.0


@dataclass
class OpenDocument:
    """A document the editor has open."""

    uri: str
    path: Path | None
    version: int | None = None
    #: The checked copy; set (and only used) on the worker thread.
    live: LiveDocument = field(default=None, repr=False)  # type: ignore[assignment]
    #: How many changes the editor has sent (each is queued for the worker).
    submitted: int = 0
    #: Diagnostics last sent or returned, and the result id they were given.
    result_id: str = ""
    diagnostics: list[types.Diagnostic] = field(default_factory=list)
    publish_task: asyncio.Task | None = None
    #: The live copy and version last put into the workspace (worker only).
    indexed: tuple[Any, int] | None = None
    #: The editor's version of the text the live copy holds (worker only).
    live_version: int | None = None
    #: The document rules' diagnostics last pushed to a client that pulls the rest.
    pushed: list[types.Diagnostic] | None = None
    #: Set (on the event loop) once the document rules have run for it.
    passed: asyncio.Event = field(default_factory=asyncio.Event, repr=False)
    #: Set (on the event loop) once it was first checked (or that was waited for long).
    checked: asyncio.Event = field(default_factory=asyncio.Event, repr=False)


@dataclass
class Computed:
    """Diagnostics for one state of a document."""

    result_id: str
    diagnostics: list[types.Diagnostic]
    reports: list[Report]
    #: The editor's version of the text they were computed for.
    version: int | None = None


def document_format(uri: str, language_id: str | None, file_types: dict[str, str]) -> str | None:
    """``text`` or ``markdown`` for a document, or None when storylint does not check it."""
    if language_id and language_id in file_types:
        return file_types[language_id]
    path = to_fs_path(uri) or uri
    suffix = Path(path).suffix.lower()
    return FORMATS.get(suffix) if suffix else None


class Session:
    """What the server knows and does, outside the protocol handlers."""

    def __init__(
        self, loop_call: Callable[[Callable[[], None]], None], notify_log: Callable[[str], None]
    ):
        self.worker = ThreadPoolExecutor(1, thread_name_prefix="storylint-check")
        #: The whole-document work (reading the folders, names, document rules, closed
        #: documents' diagnostics), on snapshots, so that it never holds up a keystroke.
        self.background = ThreadPoolExecutor(1, thread_name_prefix="storylint-documents")
        self._refreshing: asyncio.Lock | None = None
        self._loop_call = loop_call  # run a callable on the event loop, from any thread
        self._notify_log = notify_log
        self.settings = Settings()
        self.encoding = Encoding(types.PositionEncodingKind.Utf16)
        self.folders: list[Path] = []
        self.documents: dict[str, OpenDocument] = {}
        #: When the last edit came (``time.monotonic()``).
        self.last_edit = 0.0
        self._generation = 0  # bumped on every config reload
        self._failed_rules: set[str] = set()
        self.languagetool = LanguageToolLink(
            notice=lambda message: self._log(f"storylint: {message}"),
            retry_after=RETRY_LANGUAGETOOL,
        )
        self.languagetool.on_crash = self._report_crash
        #: Everything checked (worker only, but for the configs).
        self.project = Project(
            self._configs(),
            on_error=lambda message: self._log(f"storylint: {message}"),
            on_rule_error=self.rule_failed,
            jobs=available_jobs(),
            languagetool=self.languagetool,
        )
        #: Called on the event loop with (uri, failure message or None) when answers arrive.
        self.on_languagetool: Callable[[str, str | None], None] = lambda uri, failure: None

    @property
    def workspace(self):
        return self.project.workspace

    # -- running work --------------------------------------------------------------------

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        """Run ``function(*args)`` on the worker thread, in submission order."""
        return await asyncio.wrap_future(self.worker.submit(function, *args))

    async def in_background(self, function: Callable[..., T], *args: Any) -> T:
        """Run ``function(*args)`` on the background thread, in submission order."""
        return await asyncio.wrap_future(self.background.submit(function, *args))

    def submit(self, function: Callable[..., Any], *args: Any) -> None:
        """Queue ``function(*args)`` on the worker without waiting for it."""
        future = self.worker.submit(function, *args)
        future.add_done_callback(self._report_crash)

    def _report_crash(self, future) -> None:
        error = future.exception()
        if error is not None and not isinstance(error, Cancelled):
            log.exception("storylint worker job failed", exc_info=error)
            self._log(f"storylint: internal error: {type(error).__name__}: {error}")

    def _log(self, message: str) -> None:
        self._loop_call(lambda: self._notify_log(message))

    def rule_failed(self, rule: Rule, error: BaseException, where: str) -> None:
        """Engine error handler: log each failing rule once; the rule is skipped there."""
        log.warning("rule %s failed at %s", rule.id, where, exc_info=error)
        if rule.id not in self._failed_rules:
            self._failed_rules.add(rule.id)
            self._log(
                f"storylint: rule {rule.id} failed at {where} ({type(error).__name__}: {error}); "
                "it is skipped there. Please report this."
            )

    # -- configuration ---------------------------------------------------------------------

    def _configs(self) -> Configs:
        settings = self.settings
        return Configs(settings.config_file, settings=settings.config, lenient=True)

    def reload_configs(self, settings: Settings | None = None) -> None:
        """Forget every config (files or settings changed); documents are re-checked."""
        if settings is not None:
            self.settings = settings
        self.project.reconfigure(self._configs())
        self._generation += 1

    def take_config_errors(self) -> list[str]:
        """The config mistakes met since the last call."""
        errors = self.project.configs.errors
        taken = list(errors)
        errors.clear()
        return taken

    def config_for(self, path: Path | None) -> Config:
        """The config of a document (settings + the project file that applies)."""
        return self.project.config_for(path)

    # -- documents ----------------------------------------------------------------------------

    def open(self, uri: str, text: str, fmt: str, version: int | None) -> OpenDocument:
        """Start following a document (the live document is built on the worker)."""
        fs_path = to_fs_path(uri)
        path = Path(fs_path) if fs_path else None
        self.config_for(path)  # a mistake in it is shown at once
        source = SourceFile(str(path) if path else uri, text, fmt)
        document = OpenDocument(uri, path, version)
        self.documents[uri] = document

        def build() -> None:
            live = self.project.live_document(source, _folder(path))
            if path is not None:  # in the workspace now: the names index is built once
                self.workspace.add(live.document(), live.engine.config)
                document.indexed = (live, live.version)
            live.start_names(self.workspace)
            document.live = live
            document.live_version = version
            settle()

        self.submit(build)
        return document

    def edit(
        self,
        document: OpenDocument,
        edits: list[tuple[int, int, str, LineIndex]],
        replaced_with: str | None,
        version: int | None,
    ) -> None:
        """Queue an editor's changes (giving text ``version``) for the live copy."""
        self.last_edit = time.monotonic()
        document.submitted += 1

        def apply() -> None:
            if replaced_with is not None:
                document.live.replace_all(replaced_with)
            for start, end, new, lines in edits:
                document.live.edit(start, end, new, lines)
            document.live_version = version

        self.submit(apply)

    def close(self, uri: str) -> OpenDocument | None:
        """Stop following a document. The workspace takes its text from disk again, or
        forgets it when there is no file (it was never saved, or was deleted)."""
        document = self.documents.pop(uri, None)
        if document is None:
            return None
        if document.publish_task is not None:
            document.publish_task.cancel()
        if document.path is not None:
            self.submit(self._closed, document.path)
        return document

    def _closed(self, path: Path) -> None:
        if path.is_file():
            self.read_into_workspace(path)
        elif not self._is_open(str(path)):
            self.workspace.remove(str(path))

    def rebuild_all(self) -> None:
        """After a config change: re-check every open document under its new config."""
        documents = list(self.documents.values())

        def rebuild() -> None:
            for document in documents:
                source = document.live.source
                live = self.project.live_document(source, _folder(document.path))
                live.start_names(self.workspace)  # as when opened: few results change after
                document.live = live
                document.indexed = None
            settle()

        self.submit(rebuild)

    # -- diagnostics --------------------------------------------------------------------------

    def _locate(self, path: str) -> tuple[str, LineIndex] | None:
        """(uri, lines) of a document in the workspace or open (worker only)."""
        for document in self.documents.values():
            if document.live is not None and document.live.source.path == path:
                return document.uri, document.live.source.lines
        known = self.workspace.documents.get(path)
        if known is not None:
            return from_fs_path(path) or path, known.source.lines
        return None

    def _diagnostics(
        self, reports: list[Report], lines: LineIndex, locate: Callable | None = None
    ) -> list[types.Diagnostic]:
        found = []
        for report in reports:
            item = convert.diagnostic(report, lines, self.encoding)
            if report.finding.related:
                item.related_information = convert.related(
                    report, locate or self._locate, self.encoding
                )
            found.append(item)
        return found

    def _compute(self, document: OpenDocument, submitted: int, document_rules: bool) -> Computed:
        """Diagnostics for the live document as it is now (worker only); stops early when
        an edit newer than the ``submitted``-th arrives. Without ``document_rules``, the
        document rules' findings are left out."""
        live = document.live
        started = time.perf_counter()
        try:
            reports = live.reports(
                self.workspace,
                should_stop=lambda: document.submitted != submitted,
                threads_ok=True,  # a document just opened is checked in several processes
                document_rules=document_rules,
            )
        finally:
            if time.perf_counter() - started > LONG_CHECK:
                settle()
        reports, answers = self._with_languagetool(document, reports, ask=True)
        result_id = f"{self._generation}.{live.state_key}.{answers}"
        diagnostics = self._diagnostics(reports, live.source.lines)
        return Computed(result_id, diagnostics, reports, document.live_version)

    def _document_computed(self, document: OpenDocument) -> Computed:
        live = document.live
        reports = live.document_reports()
        diagnostics = self._diagnostics(reports, live.source.lines)
        return Computed("", diagnostics, reports, document.live_version)

    async def document_rules_computed(self, document: OpenDocument) -> Computed:
        """The diagnostics of the document rules alone, as of their last run."""
        return await self.run(self._document_computed, document)

    def reports(self, document: OpenDocument) -> list[Report]:
        """Every current finding of an open document, LanguageTool's included (worker)."""
        reports = document.live.reports(self.workspace, threads_ok=True)
        return self._with_languagetool(document, reports, ask=False)[0]

    # -- LanguageTool ---------------------------------------------------------------------------

    def _with_languagetool(
        self, document: OpenDocument, reports: list[Report], ask: bool
    ) -> tuple[list[Report], int]:
        """``reports`` plus LanguageTool's cached findings, and the answers' version; with
        ``ask``, the paragraphs it has not answered are sent in the background."""
        live = document.live
        if not self.languagetool.wanted(live.engine):
            return reports, 0

        def answered(uri: str, failure: str | None) -> None:
            self._loop_call(lambda: self.on_languagetool(uri, failure))

        # the names of the last refresh: indexing the workspace again here would cost a
        # whole-document pass on every keystroke
        return self.languagetool.merged(
            live.engine,
            live.document(),
            reports,
            live.names,
            ask=(document.uri, answered) if ask else None,
        )

    async def compute(self, document: OpenDocument, document_rules: bool = True) -> Computed:
        """Fresh diagnostics for a document, after every edit submitted so far (without
        the document rules' findings, when not ``document_rules``)."""
        while True:
            try:
                computed = await self.run(
                    self._compute, document, document.submitted, document_rules
                )
            except Cancelled:
                continue  # a newer edit arrived: check the newer text
            document.checked.set()
            return computed

    async def refresh_documents(self) -> list[OpenDocument]:
        """Run the document rules of every open document whose text or workspace changed
        since they last ran: the open documents' texts go into the workspace (worker), the
        rules run on snapshots (background) and their results are taken (worker). The
        documents whose results changed."""
        if self._refreshing is None:
            self._refreshing = asyncio.Lock()
        async with self._refreshing:
            prepared = await self.run(self._document_passes)
            if prepared is None:
                return []
            workspace, passes = prepared
            checkers = [
                self.project.engine_for(live.engine.config, spare=True) for _, live, _ in passes
            ]
            results = await self.in_background(_run_passes, passes, workspace, checkers)
            return await self.run(self._take_passes, results, workspace)

    def _document_passes(self) -> tuple[Any, list[tuple[OpenDocument, LiveDocument, Any]]] | None:
        """A copy of the workspace with every open document's current text, and the
        document passes due (worker only)."""
        for document in self.documents.values():
            live = document.live
            if (
                live is not None
                and document.path is not None
                and document.indexed != (live, live.version)
            ):
                self.workspace.add(live.document(), live.engine.config)
                document.indexed = (live, live.version)
        passes = []
        for document in self.documents.values():
            live = document.live
            due = live.document_pass(self.workspace) if live is not None else None
            if due is not None:
                passes.append((document, live, due))
        return (self.workspace.copy(), passes) if passes else None

    def _take_passes(
        self, results: list[tuple[OpenDocument, LiveDocument, Any]], workspace: Any
    ) -> list[OpenDocument]:
        """Take the document passes' results (worker only); the documents they changed."""
        self.workspace.adopt(workspace)
        changed = []
        for document, live, result in results:
            if document.live is not live or self.documents.get(document.uri) is not document:
                continue  # closed, or checked again under another config, meanwhile
            if live.take_pass(result):
                changed.append(document)
            self._loop_call(document.passed.set)
        settle()
        return changed

    # -- the workspace --------------------------------------------------------------------------

    def _is_open(self, path: str) -> bool:
        return any(
            d.live is not None and d.live.source.path == path for d in self.documents.values()
        )

    async def index_folders(self, progress: Callable[[int, int, str], None]) -> int:
        """Read every checkable file of the workspace folders into the workspace, but the
        open documents, one at a time in the background. ``progress(done, total, name)``
        as files are read."""
        paths = await self.in_background(self.project.folder_files, self.folders)
        for done, path in enumerate(paths, 1):
            progress(done, len(paths), path.name)
            await self._first_checks()
            await self._typing_pause()
            if not self._is_open(str(path)):
                document = await self.in_background(self.project.load, path)
                if document is not None:
                    await self.run(self._add_closed, document)
        return len(paths)

    async def _first_checks(self) -> None:
        """Until every open document was checked once (the first diagnostics of a document
        just opened are not held up by reading the others), or for FIRST_CHECK_WAIT
        seconds, after which its check is not waited for again."""
        waiting = [d for d in self.documents.values() if not d.checked.is_set()]
        if not waiting:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(
                asyncio.gather(*(d.checked.wait() for d in waiting)), FIRST_CHECK_WAIT
            )
        for document in waiting:
            document.checked.set()
        # a document's first diagnostics are when its writer starts typing
        self.last_edit = max(self.last_edit, time.monotonic())

    async def _typing_pause(self) -> None:
        """Until no edit came for TYPING_IDLE seconds, or for at most TYPING_WAIT."""
        waited = 0.0
        while waited < TYPING_WAIT:
            quiet_for = time.monotonic() - self.last_edit
            if quiet_for >= TYPING_IDLE:
                return
            pause = min(TYPING_IDLE - quiet_for, TYPING_WAIT - waited)
            await asyncio.sleep(pause)
            waited += pause

    def _add_closed(self, document: Any) -> None:
        if not self._is_open(document.source.path):
            self.project.add_document(document)
        settle()

    def read_into_workspace(self, path: Path) -> None:
        """(Re)read one file from disk into the workspace, unless it is open (worker)."""
        if not self._is_open(str(path)):
            self.project.read_into_workspace(path)

    async def workspace_reports(self) -> list[tuple[str, str, list[types.Diagnostic]]]:
        """(uri, result id, diagnostics) of every workspace document not open, checked in
        the background on a copy of the workspace."""
        open_paths, workspace = await self.run(self._closed_snapshot)
        return await self.in_background(self._closed_reports, open_paths, workspace)

    def _closed_snapshot(self) -> tuple[set[str], Any]:
        open_paths = {d.live.source.path for d in self.documents.values() if d.live is not None}
        return open_paths, self.workspace.copy()

    def _closed_reports(
        self, open_paths: set[str], workspace: Any
    ) -> list[tuple[str, str, list[types.Diagnostic]]]:
        def locate(path: str) -> tuple[str, LineIndex] | None:
            known = workspace.documents.get(path)
            return (from_fs_path(path) or path, known.source.lines) if known else None

        found = []
        for path, document in workspace.documents.items():
            if path in open_paths:
                continue
            config = self.project.configs.for_folder(Path(path).parent)
            engine = self.project.engine_for(config, spare=True)
            reports = engine.check(document, workspace)
            result_id = f"{self._generation}.{id(document)}.{workspace.version}"
            diagnostics = self._diagnostics(reports, document.source.lines, locate)
            found.append((from_fs_path(path) or path, result_id, diagnostics))
        return found


def _run_passes(
    passes: list[tuple[Any, Any, Any]], workspace: Any, checkers: list[Any]
) -> list[tuple[Any, Any, Any]]:
    """Each document pass run against ``workspace`` on the background thread, the
    paragraphs whose names changed checked by its spare engine in ``checkers``."""
    return [
        (document, live, due.run(workspace, checker))
        for (document, live, due), checker in zip(passes, checkers, strict=True)
    ]


def _folder(path: Path | None) -> Path | None:
    return path.parent if path is not None else None
