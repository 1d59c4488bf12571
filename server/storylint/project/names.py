"""The cast of a set of files, for ``storylint names``: every name with its evidence,
work by work.

The files are read as a check reads them and grouped into works as the names rules
group them (:func:`storylint.checks.names.works.group`: chapters of one story together,
different books apart, or as each file's ``[names]`` config says); each work's names are
counted across its files, and the cast list of the config of its first file marks cast
names and finds variants of them. :func:`workspace_cast` gives the cast of the documents
a batch has just checked (``storylint report``), with where each name is written.
"""

from __future__ import annotations

from storylint.checks.names.cast import cast_of
from storylint.checks.names.index import NameIndex
from storylint.checks.names.report import NameRow, WorkCast, add_mentions, cast_report
from storylint.checks.names.works import group, work_index, works
from storylint.config import DEFAULT, Config
from storylint.parse.document import Document, parse_document
from storylint.project.files import Target
from storylint.project.project import Project


def cast_rows(project: Project, targets: list[Target]) -> list[WorkCast]:
    """Each work found in ``targets`` (those that can be read), in the order of their
    first files, with its names, most frequent first."""
    documents: dict[str, Document] = {}
    configs: dict[str, Config] = {}
    for target, source in project.read(targets):
        documents[source.path] = parse_document(source, project.paragraphs)
        configs[source.path] = project.configs.for_folder(target.folder)
    return [
        WorkCast(
            work,
            cast_report(NameIndex(documents[p] for p in work), cast_of(configs[work[0]])),
        )
        for work in group(documents, configs)
    ]


def workspace_works(project: Project) -> list[WorkCast]:
    """The works of the project's workspace (the documents a batch checked), each with
    its names, most frequent first, with their mentions and their variants'
    (:func:`add_mentions`); each work's cast list is that of its first document's
    config."""
    workspace = project.workspace
    found: list[WorkCast] = []
    seen: set[tuple[str, ...]] = set()
    for work in works(workspace).values():
        if work in seen:
            continue
        seen.add(work)
        # the index the names rules built while checking, when they ran in this process
        index = work_index(workspace, work)
        rows = cast_report(index, cast_of(workspace.configs.get(work[0], DEFAULT)))
        add_mentions(rows, index)
        found.append(WorkCast(list(work), rows))
    return found


def workspace_cast(project: Project, targets: list[Target]) -> list[NameRow]:
    """Each name in the project's workspace, work by work (a name of two works is two
    rows), most frequent first (see :func:`workspace_works`)."""
    rows = [row for work in workspace_works(project) for row in work.rows]
    return sorted(rows, key=lambda r: (-r.count, r.name))
