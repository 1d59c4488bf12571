"""The cast of a set of files, for ``storylint names``: every name with its evidence,
work by work.

The files are read as a check reads them and grouped into works as the names rules
group them (:func:`storylint.checks.names.works.group`: chapters of one story together,
different books apart, or as each file's ``[names]`` config says); each work's names are
counted across its files, and the cast list of the config of its first file marks cast
names and finds variants of them.
"""

from __future__ import annotations

from storylint.checks.names.cast import cast_of
from storylint.checks.names.index import NameIndex
from storylint.checks.names.report import WorkCast, cast_report
from storylint.checks.names.works import group
from storylint.config import Config
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
