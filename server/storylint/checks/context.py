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
    from storylint.parse.paragraph import Paragraph


@dataclass(frozen=True)
class Context:
    """Everything a paragraph rule may read besides the paragraph."""

    conventions: Conventions
    neighbors: Neighbors
    config: Config
    #: Character names known for this document (cast list and name index), or None.
    names: frozenset[str] | None = None

    def key(self, depends: frozenset[str], paragraph: Paragraph | None = None) -> tuple:
        """The parts of this context a rule reads, as a cache key; of the names, given the
        ``paragraph``, only those it mentions (a rule reading names reads only those), so
        a name that appears or goes elsewhere keeps the paragraph's results."""
        names = self.names if "names" in depends else None
        if paragraph is not None and "names" in depends:
            names = names_among(names, paragraph) if names else frozenset()
        return (
            self.conventions if "conventions" in depends else None,
            self.neighbors if "neighbors" in depends else None,
            names,
        )


#: The last few names sets, each with its names by their words (lowercase, ').
_BY_WORD: dict[int, tuple[frozenset[str], dict[str, tuple[str, ...]]]] = {}


def names_among(names: frozenset[str], paragraph: Paragraph) -> frozenset[str]:
    """The names one of whose words (lowercase, apostrophe ') ``paragraph`` has, as they
    stand or with a possessive ’s."""
    known = _BY_WORD.get(id(names))
    if known is None or known[0] is not names:
        if len(_BY_WORD) > 16:
            _BY_WORD.clear()
        by_word: dict[str, list[str]] = {}
        for name in names:
            for word in name.lower().replace("’", "'").split():
                by_word.setdefault(word, []).append(name)
        known = _BY_WORD[id(names)] = (names, {w: tuple(n) for w, n in by_word.items()})
    index = known[1]
    words = paragraph.memo.get("name-words")
    if words is None:
        plain = paragraph.word_set
        words = paragraph.memo["name-words"] = plain | {
            word[:-2] for word in plain if word.endswith("'s")
        }
    return frozenset(name for word in words & index.keys() for name in index[word])


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

    def copy(self) -> Workspace:
        """The same documents (and what was derived from them), in a workspace of its own:
        for work on another thread while this one changes."""
        other = Workspace()
        other.documents = dict(self.documents)
        other.version = self.version
        other._derived = dict(self._derived)
        return other

    def adopt(self, other: Workspace) -> None:
        """Keep what ``other`` (a :meth:`copy`) derived while it held the same documents."""
        for key, (version, value) in other._derived.items():
            mine = self._derived.get(key)
            if version == self.version and (mine is None or mine[0] != version):
                self._derived[key] = (version, value)

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
