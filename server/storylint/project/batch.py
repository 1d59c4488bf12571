"""Checking a batch of files together: read, fill the workspace, check, maybe fix.

All files of one batch form one workspace, so rules that compare documents (character
names) see every chapter. A batch of several documents of about equal size is shared out
between forked processes (one long document is split by the engine instead); the
findings are the same as in one process. With ``fix``, safe fixes are applied until none
are left, and each changed file is written through a temporary file renamed over it,
only when it was read completely (not with ``write`` off: a preview of the fixes);
standard input's fixed text is handed back instead. A file that cannot be written is
reported and left as it was; the others are still fixed.

Targets that are not ``reported`` (``--context``) are read into the workspace, so names
are compared with them, but not checked. The workspace's derived indexes (the names of
each work) are built before any process is forked, so they are built once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from storylint.engine import Engine
from storylint.engine.engine import Portable
from storylint.engine.parallel import balanced_groups, fork_map, jobs_for
from storylint.parse.document import Document
from storylint.project.files import Target
from storylint.project.fixes import FIX_ROUNDS, apply_fixes
from storylint.project.project import Project
from storylint.read.extracted import ExtractedFile, can_fix
from storylint.read.source import SourceFile
from storylint.report import Report


@dataclass
class Checked:
    """One file of a batch: its text (fixed, with ``fix``) and its findings."""

    target: Target
    source: SourceFile
    reports: list[Report]
    #: Fixes applied to it.
    fixed: int = 0
    #: Whether ``--fix`` can write its fixes (not into an EPUB, OpenDocument or HTML).
    fixable: bool = True
    #: Standard input fixed, when it is a document (a .docx): the bytes for stdout.
    data: bytes | None = None
    #: Its text as read, when fixes changed it (a text or Markdown file).
    original: str | None = None


@dataclass
class Batch:
    """What a batch found, file by file, in the order given."""

    files: list[Checked] = field(default_factory=list)

    @property
    def fixed(self) -> int:
        return sum(item.fixed for item in self.files)

    @property
    def results(self) -> list[tuple[SourceFile, list[Report]]]:
        return [(item.source, item.reports) for item in self.files]


def _quiet(message: str) -> None:
    pass


def check_batch(
    project: Project,
    targets: list[Target],
    *,
    fix: bool = False,
    write: bool = True,
    progress: Callable[[int, str], None] = lambda done, name: None,
    fix_in_place: bool = False,
    warn: Callable[[str], None] = _quiet,
    note: Callable[[str], None] = _quiet,
) -> Batch:
    """Check ``targets`` together (see the module docstring). Documents read from Word,
    OpenDocument, EPUB or HTML are fixed by :mod:`storylint.project.document_fixes`
    (``fix_in_place``; ``warn`` and ``note`` say what it did not and did do)."""
    loaded: list[tuple[Target, Document, Engine]] = []
    for target, source in project.read(targets):
        document, engine = project.add(source, target.folder)
        if target.reported:
            loaded.append((target, document, engine))
    batch = Batch()
    checked = None if fix else _check_in_parallel(project, loaded)
    documents = None  # fixes documents read from Word, OpenDocument..., once needed
    for done, (target, document, engine) in enumerate(loaded, 1):
        progress(done, target.display)
        count = 0
        original = None
        data = None
        if checked is not None:
            reports = checked[done - 1]
        elif fix and isinstance(document.source, ExtractedFile) and not write:
            reports = engine.check(document, project.workspace)  # --diff: text files only
        elif fix and isinstance(document.source, ExtractedFile):
            if documents is None:
                from storylint.project.document_fixes import DocumentFixer

                documents = DocumentFixer(warn, project.on_error, note, fix_in_place)
            path = None if target.is_stdin else target.path
            document, reports, count, data = documents.fix(engine, document, project, path)
        elif fix:
            read = document
            document, reports, count = _fix(engine, document, project)
            if count:
                original = read.source.text
            if count and write and not target.is_stdin and not _written(project, target, document):
                # as it is on disk again
                document, count, original = read, 0, None
                project.workspace.add(document, engine.config)
                reports = engine.check(document, project.workspace)
        else:
            reports = engine.check(document, project.workspace)
        reports = project.with_languagetool(engine, document, reports)
        batch.files.append(
            Checked(
                target, document.source, reports, count, can_fix(document.source), data, original
            )
        )
    project.languagetool.close()
    return batch


def _written(project: Project, target: Target, document: Document) -> bool:
    """Write the fixed text over ``target``; False (reported) when it cannot be written."""
    from storylint.project.write import write_atomic  # only --fix needs it

    try:
        write_atomic(target.path, document.source.text, document.source.bom)
    except OSError as error:
        reason = error.strerror or str(error)
        project.on_error(f"{target.display}: cannot write the fixes: {reason}; left unchanged")
        return False
    return True


def _fix(
    engine: Engine, document: Document, project: Project
) -> tuple[Document, list[Report], int]:
    """Apply safe fixes until none are left; the fixed document, its reports, the count."""
    fixed_total = 0
    source = document.source
    workspace = project.workspace
    reports = engine.check(document, workspace)
    for _ in range(FIX_ROUNDS):
        text, count = apply_fixes(source.text, [r.finding for r in reports])
        if not count:
            break
        fixed_total += count
        source = SourceFile(source.path, text, source.format, source.bom)
        document = engine.parse(source)
        workspace.add(document, engine.config)
        reports = engine.check(document, workspace)
    return document, reports, fixed_total


def _check_in_parallel(
    project: Project, loaded: list[tuple[Target, Document, Engine]]
) -> list[list[Report]] | None:
    """The reports of every loaded document, the documents shared out between processes
    of about equal work; None when that does not pay (few or short documents, one
    document most of the work: the engine splits its paragraphs instead) or cannot be
    done (LanguageTool, which keeps a connection)."""
    sizes = [len(document.source.text) for _, document, _ in loaded]
    jobs = jobs_for(sum(sizes), project.jobs)
    if (
        jobs < 2
        or max(sizes) * jobs > sum(sizes)
        or any(project.languagetool.wanted(engine) for engine in project.engines)
    ):
        return None
    workspace = project.workspace
    for _, document, engine in loaded:
        engine.prepare(document, workspace)  # the names of each work, built here once

    def check_group(group: list[int]) -> list[Portable]:
        return [loaded[index][2].portable_found(loaded[index][1], workspace) for index in group]

    groups = balanced_groups(sizes, jobs)
    per_group = fork_map([partial(check_group, group) for group in groups])
    checked: list[list[Report]] = [[] for _ in loaded]
    for group, portables in zip(groups, per_group, strict=True):
        for index, portable in zip(group, portables, strict=True):
            _, document, engine = loaded[index]
            found = engine.restored(portable)[0]
            checked[index] = engine.reports(document.source, document.directives, found)
    return checked
