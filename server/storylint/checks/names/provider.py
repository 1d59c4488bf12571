"""The names known for a document, for rules that read ``Context.names``.

The names family provides two parts of the context (see
:func:`storylint.checks.registry.provides`): ``names``, which the engine asks once per
document checked — the names of the workspace's index that the text shows to be names
(seen mid-sentence or after a title at least once) plus every cast name and alias of
the config, so the dialogue rules can tell "Sorry Tobias" (a name addressed) from an
ordinary word — and ``declared-names``, the cast names and aliases a config lists (words
that are never spelling mistakes, for LanguageTool).
"""

from __future__ import annotations

from storylint.checks.context import Workspace
from storylint.checks.names.cast import cast_of
from storylint.checks.names.works import workspace_index
from storylint.checks.registry import provides
from storylint.config import Config
from storylint.parse.document import Document


@provides("names")
def known_names(document: Document, workspace: Workspace | None, config: Config) -> frozenset[str]:
    """Names the index of ``document``'s workspace shows to be names (seen mid-sentence
    or after a title), and the cast of ``config``."""
    index = workspace_index(document, workspace)
    cast = cast_of(config)
    return index.shown_names | cast.words | frozenset(cast.entries)


@provides("declared-names")
def declared_names(config: Config) -> tuple[str, ...]:
    """The cast names and aliases ``config`` lists, as written."""
    return cast_of(config).entries
