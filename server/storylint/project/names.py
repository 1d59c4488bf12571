"""The cast of a set of files, for ``storylint names``: every name with its evidence.

The files are read as a check reads them, counted together (a name across all chapters),
and the cast list of the config that applies to the first file marks cast names and
finds variants of them. :func:`workspace_cast` gives the cast of the documents a batch
has just checked (``storylint report``), with where each name is written.
"""

from __future__ import annotations

from storylint.checks.names.cast import cast_of
from storylint.checks.names.index import NameIndex, workspace_index
from storylint.checks.names.report import NameRow, add_mentions, cast_report
from storylint.config import DEFAULT, Config
from storylint.parse.document import parse_document
from storylint.project.files import Target
from storylint.project.project import Project


def cast_rows(project: Project, targets: list[Target]) -> list[NameRow]:
    """Each name found in ``targets`` (those that can be read), most frequent first."""
    documents = []
    config: Config | None = None
    for target, source in project.read(targets):
        if config is None:
            config = project.configs.for_folder(target.folder)
        documents.append(parse_document(source, project.paragraphs))
    return cast_report(NameIndex(documents), cast_of(config or DEFAULT))


def workspace_cast(project: Project, targets: list[Target]) -> list[NameRow]:
    """Each name in the project's workspace (the documents a batch checked), most
    frequent first, with its mentions and its variants' (:func:`add_mentions`); the cast
    list is that of the folder of the first of ``targets`` that was read, as for
    :func:`cast_rows`."""
    documents = list(project.workspace.documents.values())
    if not documents:
        return []
    read = [target for target in targets if target.display in project.workspace.documents]
    config = project.configs.for_folder(read[0].folder) if read else DEFAULT
    # the index the names rules built while checking, when they ran in this process
    index = workspace_index(documents[0], project.workspace)
    rows = cast_report(index, cast_of(config))
    add_mentions(rows, index)
    return rows
