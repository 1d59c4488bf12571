"""What rules may read besides their paragraph or document.

:class:`Context` is given to paragraph rules (the document's conventions, the
neighbouring paragraphs, the config, the known character names);
:class:`DocumentContext` to document rules, with the :class:`Workspace` of documents
checked together.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from storylint.config import Config
from storylint.parse.continuity import Neighbors
from storylint.parse.conventions import Conventions

if TYPE_CHECKING:
    from storylint.parse.document import Document


@dataclass(frozen=True)
class Context:
    """Everything a paragraph rule may read besides the paragraph."""

    conventions: Conventions
    neighbors: Neighbors
    config: Config
    #: Character names known for this document (cast list and name index), or None.
    names: frozenset[str] | None = None

    def key(self, depends: frozenset[str]) -> tuple:
        """The parts of this context a rule reads, as a cache key."""
        return (
            self.conventions if "conventions" in depends else None,
            self.neighbors if "neighbors" in depends else None,
            self.names if "names" in depends else None,
            self.config.sections if "options" in depends else None,
        )


class Workspace:
    """Documents checked together: a CLI run over a folder, or an editor's workspace.

    Rule families keep indexes of the whole workspace (the names index) with
    :meth:`derived`; they are rebuilt only after a document was added or removed.
    """

    def __init__(self) -> None:
        self.documents: dict[str, Document] = {}
        self.version = 0
        self._derived: dict[str, tuple[int, Any]] = {}

    def add(self, document: Document) -> None:
        self.documents[document.source.path] = document
        self.version += 1

    def remove(self, path: str) -> None:
        if self.documents.pop(path, None) is not None:
            self.version += 1

    def derived(self, key: str, build: Callable[[Workspace], Any]) -> Any:
        """``build(self)``, cached until the set of documents changes."""
        cached = self._derived.get(key)
        if cached is None or cached[0] != self.version:
            cached = (self.version, build(self))
            self._derived[key] = cached
        return cached[1]


@dataclass(frozen=True)
class DocumentContext:
    """What a document rule may read besides the document."""

    conventions: Conventions
    config: Config
    workspace: Workspace | None = None
