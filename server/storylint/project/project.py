"""A project: the documents checked together, and everything that checks them.

Both shells work through a :class:`Project`: the CLI for one run over files and
folders, the language server for a session. It holds the configs of each folder
(:class:`~storylint.project.configs.Configs`), one engine per config (sharing one cache
of parsed paragraphs), the :class:`~storylint.checks.context.Workspace` of documents
whose names are compared, and LanguageTool when a config asks for it. It finds and reads
files, fills the workspace, and checks documents.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from storylint.checks import all_rules
from storylint.checks.context import Workspace
from storylint.checks.registry import Rule
from storylint.config import Config
from storylint.engine import Engine, LiveDocument
from storylint.engine.engine import ErrorHandler
from storylint.parse.document import Document, ParagraphCache
from storylint.project.configs import Configs
from storylint.project.files import Target, shown, walk
from storylint.project.languagetool import LanguageToolLink
from storylint.read.documents import read_documents
from storylint.read.source import FORMATS, ReadError, SourceFile, read_file
from storylint.report import Report


def _no_message(message: str) -> None:
    pass


class Project:
    """The documents checked together, their configs, engines and workspace."""

    def __init__(
        self,
        configs: Configs | None = None,
        *,
        on_error: Callable[[str], None] = _no_message,
        on_rule_error: ErrorHandler | None = None,
        jobs: int = 1,
        languagetool: LanguageToolLink | None = None,
        one_off: bool = False,
    ) -> None:
        self.configs = configs if configs is not None else Configs()
        #: Told of every file that cannot be read or path that names nothing.
        self.on_error = on_error
        self.on_rule_error = on_rule_error
        self.jobs = jobs
        #: A run that checks each text once (the CLI): engines free each paragraph's
        #: working data once its rules ran.
        self.one_off = one_off
        self.paragraphs = ParagraphCache()
        self.workspace = Workspace()
        self.languagetool = languagetool if languagetool is not None else LanguageToolLink()
        self._engines: dict[int, tuple[Config, Engine]] = {}
        #: Engines (and parsed paragraphs) of their own, for a second thread (see engine_for).
        self._spare_engines: dict[int, tuple[Config, Engine]] = {}
        self._spare_paragraphs = ParagraphCache()

    # -- configs and engines ------------------------------------------------------------

    def config_for(self, path: Path | None) -> Config:
        """The config of the document at ``path`` (None: a document with no path)."""
        return self.configs.for_file(path)

    def engine_for(self, config: Config, *, spare: bool = False) -> Engine:
        """The engine checking documents under ``config`` (one per config). ``spare``: one
        with caches of its own, for work on a second thread beside the first's."""
        engines = self._spare_engines if spare else self._engines
        known = engines.get(id(config))
        if known is not None and known[0] is config:
            return known[1]
        extra = {} if self.on_rule_error is None else {"on_error": self.on_rule_error}
        paragraphs = self._spare_paragraphs if spare else self.paragraphs
        engine = Engine(
            config,
            paragraphs=paragraphs,
            jobs=1 if spare else self.jobs,
            release_paragraphs=self.one_off and not spare,
            **extra,
        )
        engines[id(config)] = (config, engine)
        return engine

    def engine_in(self, folder: Path | None) -> Engine:
        """The engine for documents in ``folder`` (None: documents with no folder)."""
        return self.engine_for(self.configs.for_folder(folder))

    def reconfigure(self, configs: Configs) -> None:
        """Use new configs (files or settings changed); engines are made again, and the
        workspace's documents take their folders' new configs (which group them)."""
        self.configs = configs
        self._engines = {}
        self._spare_engines = {}
        workspace = self.workspace
        for path, document in list(workspace.documents.items()):
            folder = Path(path).parent if Path(path).is_absolute() else None
            workspace.add(document, self.configs.for_folder(folder))

    @property
    def engines(self) -> list[Engine]:
        return [engine for _, engine in self._engines.values()]

    def rules_in_use(self, reports: Iterable[Report] = ()) -> list[Rule]:
        """The rules some engine runs, in registry order, and those of ``reports`` that
        are not among them (LanguageTool's)."""
        used = {rule.id for engine in self.engines for rule in engine.rules}
        rules = [rule for rule in all_rules().values() if rule.id in used]
        extra = {report.rule.id: report.rule for report in reports}
        return rules + [rule for rule_id, rule in extra.items() if rule_id not in used]

    # -- files ----------------------------------------------------------------------------

    def targets(
        self,
        paths: Iterable[str],
        *,
        include: Iterable[str] = (),
        exclude: Iterable[str] = (),
        stdin: Target | None = None,
        context: Iterable[str] = (),
        respect_gitignore: bool | None = None,
    ) -> list[Target]:
        """The files named by ``paths`` (``-``: ``stdin``), folders searched for files that
        match ``include`` (default: the folder config's) and not ``exclude``, nor what
        ``.gitignore`` files ignore (``respect_gitignore``, default: the folder config's);
        each once. The files of ``context`` come after, read for the names of the
        manuscript but not reported (unless ``paths`` names them too). A path that names
        nothing, or a folder that cannot be read, is reported (``on_error``)."""
        targets: list[Target] = []
        seen: set[Path] = set()
        for raw, reported in [*((p, True) for p in paths), *((p, False) for p in context)]:
            if raw == "-" and stdin is not None:
                if reported:
                    targets.append(stdin)
                continue
            path = Path(raw)
            shown_raw = shown(raw)
            if path.is_dir():
                config = self.configs.for_folder(path)
                globs = tuple(include) or config.include
                found = walk(
                    path,
                    shown_raw,
                    globs,
                    config.exclude + tuple(exclude),
                    respect_gitignore=config.respect_gitignore
                    if respect_gitignore is None
                    else respect_gitignore,
                    on_error=self.on_error,
                )
                if not found and reported:
                    self.on_error(
                        f"{shown_raw}: no files to check here (looked for {' '.join(globs)})"
                    )
            elif path.exists() or path.is_symlink():
                found = [Target(path, shown_raw)]
            else:
                self.on_error(f"{shown_raw}: no such file or directory")
                found = []
            for target in found:
                key = _key(target.path)
                if key not in seen:
                    seen.add(key)
                    targets.append(target if reported else replace(target, reported=False))
        return targets

    def read(self, targets: Iterable[Target]) -> Iterator[tuple[Target, SourceFile]]:
        """Each document of each target that can be read (an EPUB has one per chapter),
        with its text; the targets that cannot be read reported."""
        for target in targets:
            try:
                sources = _read(target)
            except ReadError as error:
                self.on_error(f"{target.display}: {error}")
                continue
            for source in sources:
                yield target, source

    # -- the workspace ----------------------------------------------------------------------

    def add(self, source: SourceFile, folder: Path | None) -> tuple[Document, Engine]:
        """Parse ``source`` under the config of ``folder`` and put it in the workspace;
        the document and its engine."""
        engine = self.engine_in(folder)
        document = engine.parse(source)
        self.workspace.add(document, engine.config)
        return document, engine

    def load(self, path: Path) -> Document | None:
        """One file read and parsed with a spare engine (see :meth:`engine_for`), its names
        read too, for a second thread; None when it cannot be read (reported)."""
        try:
            source = read_file(path, str(path))
        except ReadError as error:
            self.on_error(f"{path}: {error}")
            return None
        engine = self.engine_for(self.configs.for_folder(path.parent), spare=True)
        document = engine.parse(source)
        engine.names_for(document, None)  # each paragraph's names, read once here
        return document

    def read_into_workspace(self, path: Path) -> None:
        """(Re)read one file from disk into the workspace; one that cannot be read is
        taken out of it (and reported)."""
        key = str(path)
        try:
            source = read_file(path, key)
        except ReadError as error:
            self.workspace.remove(key)
            self.on_error(f"{path}: {error}")
            return
        self.add(source, path.parent)

    def folder_files(self, folders: Iterable[Path]) -> list[Path]:
        """The text and Markdown files of ``folders`` (their configs' include and
        exclude): what an editor reads into its workspace. Word, EPUB... are for the
        command line."""
        found = []
        for folder in folders:
            config = self.configs.for_folder(folder)
            targets = walk(
                folder,
                str(folder),
                config.include,
                config.exclude,
                respect_gitignore=config.respect_gitignore,
                on_error=self.on_error,
            )
            found += [t.path for t in targets if t.path.suffix.lower() in FORMATS]
        return found

    def add_document(self, document: Document) -> None:
        """Put a document (e.g. one :meth:`load` made) in the workspace, under its folder's
        config."""
        path = Path(document.source.path)
        folder = path.parent if path.is_absolute() else None
        self.workspace.add(document, self.configs.for_folder(folder))

    # -- checking ----------------------------------------------------------------------------

    def check(self, document: Document, engine: Engine) -> list[Report]:
        """Every finding of ``document`` against the workspace (LanguageTool's too, when its
        config asks, waiting for the answers)."""
        reports = engine.check(document, self.workspace)
        return self.with_languagetool(engine, document, reports)

    def with_languagetool(
        self, engine: Engine, document: Document, reports: list[Report]
    ) -> list[Report]:
        """``reports`` plus LanguageTool's findings, when the document's config asks."""
        if not self.languagetool.wanted(engine):
            return reports
        names = engine.names_for(document, self.workspace)
        return self.languagetool.checked(engine, document, reports, names)

    def live_document(self, source: SourceFile, folder: Path | None) -> LiveDocument:
        """An editor's document, kept checked as it is edited, under the config of
        ``folder``."""
        return LiveDocument(self.engine_in(folder), source)


def _key(path: Path) -> Path:
    """The file ``path`` names, to see it once (a link loop: the path as given)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def _read(target: Target) -> list[SourceFile]:
    if target.is_stdin:
        return read_documents(Path(target.display), target.display, target.data or b"")
    return read_documents(target.path, target.display)
