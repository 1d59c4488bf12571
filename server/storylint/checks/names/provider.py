"""The names known for a document, for rules that read ``Context.names``.

The engine calls :func:`known_names` (its ``names_provider``) once per document checked:
the names of the workspace's index plus every cast name and alias of the config, so the
dialogue rules can tell "Sorry Tobias" (a name addressed) from an ordinary word.
"""

from __future__ import annotations

from storylint.checks.context import Workspace
from storylint.checks.names.cast import cast_of
from storylint.checks.names.index import workspace_index
from storylint.config import Config
from storylint.parse.document import Document


def known_names(document: Document, workspace: Workspace | None, config: Config) -> frozenset[str]:
    """Names in the index of ``document``'s workspace, and the cast of ``config``."""
    index = workspace_index(document, workspace)
    cast = cast_of(config)
    return index.names | cast.words | frozenset(cast.entries)
