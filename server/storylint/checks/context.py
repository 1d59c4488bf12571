"""What rules may read besides their paragraph or document.

:class:`Context` is given to paragraph rules (the document's conventions, the
neighbouring paragraphs, the config, the known character names);
:class:`DocumentContext` to document rules, with the :class:`Workspace` of documents
checked together.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
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
        #: The config of each document (families may group documents by it).
        self.configs: dict[str, Config] = {}
        self.version = 0
        self._derived: dict[Hashable, Any] = {}
        self._derived_version = 0
        #: What families keep across changes of the documents, by their own keys (each
        #: checks that what it kept is still about the documents there).
        self.kept: dict[Hashable, Any] = {}

    def add(self, document: Document, config: Config | None = None) -> None:
        """Put ``document`` in (replacing one at its path), under ``config`` (default: the
        config it had, else none)."""
        path = document.source.path
        self.documents[path] = document
        if config is not None:
            self.configs[path] = config
        self.version += 1

    def remove(self, path: str) -> None:
        if self.documents.pop(path, None) is not None:
            self.configs.pop(path, None)
            self.version += 1

    def copy(self) -> Workspace:
        """The same documents (and what was derived from them), in a workspace of its own:
        for work on another thread while this one changes (what families keep across
        changes is shared)."""
        other = Workspace()
        other.documents = dict(self.documents)
        other.configs = dict(self.configs)
        other.version = self.version
        other._derived = dict(self._derived)
        other._derived_version = self._derived_version
        other.kept = self.kept
        return other

    def adopt(self, other: Workspace) -> None:
        """Keep what ``other`` (a :meth:`copy`) derived while it held the same documents."""
        if other._derived_version != self.version:
            return
        if self._derived_version != self.version:
            self._derived = {}
            self._derived_version = self.version
        for key, value in other._derived.items():
            self._derived.setdefault(key, value)

    def derived(self, key: Hashable, build: Callable[[Workspace], Any]) -> Any:
        """``build(self)``, cached until the set of documents changes."""
        if self._derived_version != self.version:
            self._derived = {}  # everything derived from the documents before
            self._derived_version = self.version
        if key not in self._derived:
            self._derived[key] = build(self)
        return self._derived[key]


@dataclass(frozen=True)
class DocumentContext:
    """What a document rule may read besides the document."""

    conventions: Conventions
    config: Config
    workspace: Workspace | None = None
