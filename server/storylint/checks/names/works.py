"""Which documents checked together are one work, and the names index of each work.

Names are compared only within a work: the chapters of one story, not different books
that happen to be in one folder (Bennet in *Pride and Prejudice* is no spelling of
Bennett in *The Call of the Wild*). A project may say which files are one work, in the
``[names]`` section of each file's config:

- ``works = "auto"`` (the default): decided from the text, below;
- ``works = "one"``: every file under this config is one work;
- ``works = "folder"``: the files of each folder are one work;
- ``works = "file"``: each file is a work of its own;
- ``[names.work]``: a work's title and its files (globs, relative to the config's
  folder), which wins over ``works`` for the files it matches.

Files left to ``auto`` are grouped among themselves, by their casts. Two documents are
*alike* when the same characters carry their stories: the overlap of their name
distributions (each name's share of the document's name mentions, the smaller share of
each name both use, summed) is at least :data:`ALIKE`. A name used at most :data:`RARE`
times in one document that is one slip away from a name of the other (Tobais and
Tobias) counts as half that name, so a short chapter whose only name is misspelt still
finds its story. Alike documents are one work, and so are documents linked through
others, strongest links first; but two documents that are each of book length
(:data:`BOOK_WORDS`) are never put together: a book has names enough to judge alone,
and two books sharing a cast (a series) may give one name to different people.

Measured on the twelve novels of the corpus: two whole novels overlap by at most 0.27
(the two Twain novels), another novel's chapter by at most 0.06, while every one of 47
chapters of *Little Women* links to the rest at 0.2 or more. Chapters of several books
in one folder are told apart less well, since one leading name in common (a Tom) can
link two books' chapters: the twelve novels cut into 12 chapter files each give 12
works, 9 of them one book each and one holding *Gatsby*, *Huckleberry Finn* and *Tom
Sawyer*; cut into 47 each, six books end up in one work. ``works = "folder"`` keeps
such books apart.
"""

from __future__ import annotations

import contextlib
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from typing import TYPE_CHECKING

from storylint.checks.names.index import KEY, NameIndex, document_names
from storylint.checks.names.lexicon import not_names
from storylint.checks.names.variants import MIN_LENGTH, are_variants
from storylint.config import DEFAULT, Config

if TYPE_CHECKING:
    from storylint.checks.context import Workspace
    from storylint.parse.document import Document

#: Documents whose name distributions overlap this much are one work.
ALIKE = 0.2
#: A name seen at most this often in a document may be a slip for another's name.
RARE = 2
#: What such a name counts for, against the same name: it may also be another person's
#: name in another book (Bennett in *The Call of the Wild*, Bennet in *Pride and
#: Prejudice*).
VARIANT_WEIGHT = 0.5
#: A document of this many words or more is a book (the shortest novella, by the
#: length categories of the Nebula and Hugo awards).
BOOK_WORDS = 17_500

_CAST_KEY = "names-cast"
_WORKS_KEY = "names-works"
_PAIRS_KEY = "names-pairs"


@dataclass(frozen=True, slots=True)
class DocumentCast:
    """The names of one document, as the grouping compares them."""

    #: Each name's share of the document's mentions of names.
    shares: Mapping[str, float]
    #: The deletion keys (see :func:`_deletions`) of its rare names (seen at most RARE
    #: times, long enough to be variants), to those names.
    rare: Mapping[str, tuple[str, ...]]
    #: The deletion keys of each of its names (long enough to be variants), to the names
    #: they come from: two names one edit apart share one of these keys.
    keys: Mapping[str, tuple[str, ...]]
    #: The most used names whose shares add up to more than ``1 - ALIKE``: a document
    #: alike to this one by the names both use shares one of them.
    leading: tuple[str, ...]
    book: bool


def _deletions(name: str) -> frozenset[str]:
    """``name`` in lowercase and each way of dropping one of its letters."""
    lower = name.lower()
    return frozenset({lower, *(lower[:i] + lower[i + 1 :] for i in range(len(lower)))})


def document_cast(document: Document) -> DocumentCast:
    """The cast of ``document`` alone (cached on it)."""
    found = document.memo.get(_CAST_KEY)
    if found is None:
        part = document_names(document)
        counts = {name: part.counts[name] for name in part.judge(not_names())}
        total = sum(counts.values())
        keys: dict[str, list[str]] = {}
        rare: dict[str, list[str]] = {}
        for name, count in counts.items():
            if len(name) >= MIN_LENGTH:
                for key in _deletions(name):
                    keys.setdefault(key, []).append(name)
                    if count <= RARE:
                        rare.setdefault(key, []).append(name)
        leading, covered = [], 0
        for name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            if covered > total * (1 - ALIKE):
                break
            leading.append(name)
            covered += count
        found = document.memo[_CAST_KEY] = DocumentCast(
            {name: count / total for name, count in counts.items()},
            {key: tuple(names) for key, names in rare.items()},
            {key: tuple(names) for key, names in keys.items()},
            tuple(leading),
            part.words >= BOOK_WORDS,
        )
    return found


def likeness(one: DocumentCast, other: DocumentCast) -> float:
    """How much two documents' casts overlap, from 0 (no name shared) to 1 (the same
    names in the same proportions); a rare name counts for half of its variant in the
    other."""
    small, large = sorted((one.shares, other.shares), key=len)
    total = sum(min(share, large[name]) for name, share in small.items() if name in large)
    if total >= ALIKE:
        return total  # alike by the names both use: slips cannot change that
    for this, that in ((one, other), (other, one)):
        for name, variant in _variants(this, that).items():
            total += VARIANT_WEIGHT * min(this.shares[name], that.shares[variant])
    return total


def _variants(this: DocumentCast, that: DocumentCast) -> dict[str, str]:
    """Each rare name of ``this`` that ``that`` does not use, with the most used name of
    ``that`` it is a variant of (the keys both have found in C, by a set intersection)."""
    found: dict[str, str] = {}
    for key in this.rare.keys() & that.keys.keys():
        for name in this.rare[key]:
            if name in that.shares:
                continue
            for other in that.keys[key]:
                if other == name or not are_variants(name, other):
                    continue
                best = found.get(name)
                if best is None or (that.shares[other], other) > (that.shares[best], best):
                    found[name] = other
    return found


def declared_work(config: Config, path: str) -> Hashable | None:
    """The work ``config`` puts the document at ``path`` in, or None (``auto``)."""
    section = config.section("names")
    titled = section.get("work", {})
    if titled:
        place = Path(path)
        relative = place.name
        if config.root is not None:
            with contextlib.suppress(ValueError, OSError):
                relative = place.resolve().relative_to(config.root.resolve()).as_posix()
        for title, globs in titled.items():
            if any(fnmatch(relative, glob) or fnmatch(place.name, glob) for glob in globs):
                return ("work", config.origin, title)
    mode = section.get("works", "auto")
    if mode == "one":
        return ("one", config.origin)
    if mode == "folder":
        return ("folder", str(Path(path).parent))
    if mode == "file":
        return ("file", path)
    return None


#: Likeness of pairs of documents, by the documents' ids (with the documents, so an id
#: cannot be another's): a workspace grouped again after one document changed compares
#: only the pairs with that document again.
PairCache = dict[tuple[int, int], tuple["Document", "Document", float]]


def group(
    documents: Mapping[str, Document],
    configs: Mapping[str, Config],
    cache: PairCache | None = None,
) -> list[list[str]]:
    """The paths of ``documents`` in works, each work's paths in the order given, the
    works in the order of their first document (``cache``: see :data:`PairCache`)."""
    declared: dict[Hashable, list[str]] = {}
    auto: list[str] = []
    for path in documents:
        work = declared_work(configs.get(path, DEFAULT), path)
        if work is None:
            auto.append(path)
        else:
            declared.setdefault(work, []).append(path)
    works = [*declared.values(), *_by_cast(auto, documents, {} if cache is None else cache)]
    order = {path: number for number, path in enumerate(documents)}
    return sorted(works, key=lambda work: order[work[0]])


def _by_cast(
    paths: list[str], documents: Mapping[str, Document], cache: PairCache
) -> list[list[str]]:
    """``paths`` grouped by their casts (see the module docstring)."""
    casts = [document_cast(documents[path]) for path in paths]
    items = [documents[path] for path in paths]
    # Only pairs that may be alike are compared: those that share a leading name of one
    # of them (documents alike by the names both use always do), and those where a rare
    # name of one is one edit from a name of the other.
    by_name: dict[str, set[int]] = {}
    by_key: dict[str, set[int]] = {}
    for number, cast in enumerate(casts):
        for name in cast.shares:
            by_name.setdefault(name, set()).add(number)
        for key in cast.keys:
            by_key.setdefault(key, set()).add(number)
    pairs: set[tuple[int, int]] = set()
    for number, cast in enumerate(casts):
        others: set[int] = set()
        for name in cast.leading:
            others |= by_name[name]
        for key in cast.rare:
            others |= by_key.get(key, set())
        pairs.update((min(number, other), max(number, other)) for other in others)
    links: list[tuple[float, int, int]] = []
    used: PairCache = {}  # the cache keeps these pairs only: no document left behind
    for one, other in pairs:
        if one != other and not (casts[one].book and casts[other].book):
            key = (id(items[one]), id(items[other]))
            known = cache.get(key)
            if known is not None and known[0] is items[one] and known[1] is items[other]:
                alike = known[2]
            else:
                alike = likeness(casts[one], casts[other])
            used[key] = (items[one], items[other], alike)
            if alike >= ALIKE:
                links.append((alike, one, other))
    cache.clear()
    cache.update(used)
    parent = list(range(len(paths)))
    books = [cast.book for cast in casts]

    def root(item: int) -> int:
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    for _, one, other in sorted(links, key=lambda link: (-link[0], link[1], link[2])):
        a, b = root(one), root(other)
        if a != b and not (books[a] and books[b]):
            parent[b] = a
            books[a] = books[a] or books[b]
    works: dict[int, list[str]] = {}
    for number, path in enumerate(paths):
        works.setdefault(root(number), []).append(path)
    return list(works.values())


def works(workspace: Workspace) -> dict[str, tuple[str, ...]]:
    """Each document's work in ``workspace``: the paths of its documents (cached until
    the workspace changes)."""
    return workspace.derived(_WORKS_KEY, _works_of)


def _works_of(workspace: Workspace) -> dict[str, tuple[str, ...]]:
    return {
        path: tuple(work) for work in group(workspace.documents, workspace.configs) for path in work
    }


def work_index(workspace: Workspace, work: tuple[str, ...]) -> NameIndex:
    """The names index of one work of ``workspace`` (its documents' paths, as
    :func:`works` gives them), built once per change of the workspace's documents."""
    return workspace.derived(
        (KEY, work), lambda ws: NameIndex(ws.documents[member] for member in work)
    )


def workspace_index(document: Document, workspace: Workspace | None) -> NameIndex:
    """The names index of the work ``document`` belongs to in ``workspace`` (or of it
    alone).

    Each work's index is built once per change of the workspace's documents; a document
    whose text differs from the workspace's copy (an editor's newer text) is grouped and
    indexed with the other documents, uncached."""
    if workspace is None:
        return NameIndex([document])
    path = document.source.path
    known = workspace.documents.get(path)
    if known is document or (known is not None and known.source.text == document.source.text):
        return work_index(workspace, works(workspace)[path])
    documents = {**workspace.documents, path: document}
    cache = workspace.kept.setdefault(_PAIRS_KEY, {})
    work = next(w for w in group(documents, workspace.configs, cache) if path in w)
    return NameIndex(documents[member] for member in work)
