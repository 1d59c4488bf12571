"""The cast of a set of files, for ``storylint names``: every name with its evidence.

The files are read as a check reads them, counted together (a name across all chapters),
and the cast list of the config that applies to the first file marks cast names and
finds variants of them.
"""

from __future__ import annotations

from storylint.checks.names.cast import cast_of
from storylint.checks.names.index import NameIndex
from storylint.checks.names.report import NameRow, cast_report
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
