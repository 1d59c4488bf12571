"""Checking a document that changes a little at a time (what an editor needs).

A :class:`LiveDocument` keeps one document's text, line index, paragraphs and each
paragraph's findings. An edit (replace ``[start, end)`` with new text) updates the line
index in place and, in plain text, re-splits only the paragraphs around the edit; the
new paragraphs, and those whose neighbours changed, are checked again on the next
:meth:`~LiveDocument.reports`, while every other paragraph keeps its findings and moves
with the edit. So a keystroke in a novel costs about as much as checking one paragraph.

Document rules (character names, quote-style mixing) read the whole document and may be
slow; they run in :meth:`~LiveDocument.refresh_document`, which the caller schedules when
typing pauses. Until then their earlier findings are kept and moved with each edit
(findings inside an edited span are dropped).

Markdown is parsed again whole when it changes (pulldown-cmark is fast and chapters are
small); unchanged paragraphs still reuse their cached results.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from itertools import compress, repeat
from operator import is_

from storylint.checks.context import Context, Workspace, names_among
from storylint.checks.registry import Rule
from storylint.engine.engine import Engine, Where, place
from storylint.findings import Finding
from storylint.parse import continuity
from storylint.parse.continuity import Neighbors
from storylint.parse.conventions import Conventions, QuoteCounts, detect, total
from storylint.parse.document import Document, parse_document
from storylint.parse.paragraph import Paragraph
from storylint.read.plaintext import MARK as DIRECTIVE_MARK
from storylint.read.plaintext import (
    UNWRAPPED_LINE,
    blank_line_between,
    chunk_blocks,
    chunks,
    plaintext_directives,
)
from storylint.read.prose import Directive, ProseBlock
from storylint.read.source import LineIndex, SourceFile
from storylint.report import Report


class Cancelled(Exception):
    """Raised inside :meth:`LiveDocument.reports` when the caller asked it to stop."""


Found = list[tuple[Finding, Rule]]

#: Paragraphs of one chunk re-split around an edit before taking the chunk's reading as given.
_CHUNK_LIMIT = 64
#: Edits kept to move a document pass's findings (a pass older than them is dropped).
_EDIT_LOG = 4096
_END = float("inf")


@dataclass
class _Paragraphs:
    """Parallel lists describing the paragraphs of a document, in order."""

    paragraphs: list[Paragraph]
    starts: list[int]
    indents: list[int]
    counts: list[QuoteCounts]
    #: For Markdown only: the blocks, whose source maps place findings.
    blocks: list[ProseBlock] | None = None


class LiveDocument:
    """One open document, kept checked while it is edited."""

    def __init__(self, engine: Engine, source: SourceFile) -> None:
        self.engine = engine
        self.source = source
        self.directives: list[Directive] = []
        self.version = 0
        self._document_version: tuple[int, int | None] = (-1, None)
        self._document_found: Found = []
        self._names: frozenset[str] | None = None
        #: The edits since the text was last replaced: (version after it, start, end,
        #: change in length), to move a document pass's findings to the current text.
        self._edits: list[tuple[int, int, int, int]] = []
        self._replaced = 0  # the version of the last whole new text
        self._parse_all()

    # -- text -------------------------------------------------------------------------

    @property
    def text(self) -> str:
        return self.source.text

    def edit(self, start: int, end: int, new: str, lines: LineIndex | None = None) -> None:
        """Replace ``text[start:end]`` (code points) with ``new``; ``lines``, when given,
        is the line index of the text after the edit (the editor's copy has one)."""
        if start == end and not new:
            return
        self.version += 1
        delta = len(new) - (end - start)
        old_text = self.source.text
        self.source.edit(start, end, new, lines)
        self._document_found = _moved(self._document_found, start, end, delta)
        self._edits.append((self.version, start, end, delta))
        if len(self._edits) > _EDIT_LOG:
            del self._edits[: _EDIT_LOG // 2]
        if self.source.format == "markdown":
            self._stale = True
            return
        if self.directives or DIRECTIVE_MARK in self.source.text:
            self.directives = plaintext_directives(self.source.text)
        self._resplit(old_text, start, end, delta)

    def replace_all(self, text: str) -> None:
        """Take a whole new text (a full-document change)."""
        self.version += 1
        self.source = SourceFile(self.source.path, text, self.source.format, self.source.bom)
        self._document_found = []
        self._edits = []
        self._replaced = self.version
        self._parse_all()

    # -- checking ----------------------------------------------------------------------

    def reports(
        self,
        workspace: Workspace | None = None,
        should_stop: Callable[[], bool] | None = None,
        *,
        threads_ok: bool = False,
        document_rules: bool = True,
    ) -> list[Report]:
        """Every finding, up to date with the text (document rules as of their last run).

        ``document_rules=False`` leaves out the document rules' findings (an editor may
        be sent them apart, see :meth:`document_reports`). ``should_stop`` is polled
        between paragraphs; when it answers True the work done
        so far is kept and :class:`Cancelled` is raised. Many paragraphs to check (a
        document just opened) are shared out between processes by the engine, even in a
        process with other threads when ``threads_ok`` (see :mod:`storylint.engine.parallel`).
        """
        if self._stale:
            self._parse_all()
        engine = self.engine
        conventions = self.conventions
        names = self._names
        state = self._state
        results = self._results
        pending = list(_indexes_of_none(results))
        items = [
            (
                state.paragraphs[index],
                Context(conventions, self._neighbors[index], engine.config, names),
                Where(self.source, state.starts[index]),
            )
            for index in pending
        ]
        checked = engine.check_paragraphs(items, threads_ok=threads_ok, should_stop=should_stop)
        for index, result in zip(pending, checked, strict=True):
            results[index] = result
        if None in checked:  # stopped early: what was checked is kept
            raise Cancelled
        found: Found = list(self._document_found) if document_rules else []
        for index in compress(range(len(results)), results):
            result = results[index]
            if state.blocks is not None:
                block = state.blocks[index]
                found.extend((place(finding, block), rule) for finding, rule in result)
            else:
                offset = state.starts[index]
                found.extend((finding.shifted(offset), rule) for finding, rule in result)
        return engine.reports(self.source, self.directives, found)

    def document_reports(self) -> list[Report]:
        """The document rules' findings alone, as of their last run."""
        return self.engine.reports(self.source, self.directives, self._document_found)

    def refresh_document(self, workspace: Workspace | None = None) -> bool:
        """Run the document rules (and update the names) now; True if their results
        changed. Nothing is done when neither this document nor the workspace changed
        since the last run."""
        due = self.document_pass(workspace)
        return due is not None and self.take_pass(due.run(workspace))

    def document_pass(self, workspace: Workspace | None = None) -> DocumentPass | None:
        """The document rules' work on the text as it is now, to run anywhere (it reads a
        snapshot): None when they have seen this text and this workspace."""
        key = (self.version, workspace.version if workspace is not None else None)
        if self._document_version == key:
            return None
        return DocumentPass(
            key,
            self.engine,
            self.document(),
            self.conventions,
            list(self._neighbors),
            self._names,
        )

    def take_pass(self, result: PassResult) -> bool:
        """A document pass's results, moved to the text as it is now; True if the names or
        the document rules' findings changed. A pass made before the text was last
        replaced whole is dropped (the next one will do)."""
        (version, workspace_version), names, found, checked = result
        if version < self._replaced or (self._edits and self._edits[0][0] > version + 1):
            return False  # too old to move
        start = bisect_right(self._edits, (version, _END, _END, _END))
        for _, edit_start, edit_end, delta in self._edits[start:]:
            found = _moved(found, edit_start, edit_end, delta)
        changed = self._take_names(names, checked)
        changed = changed or found != self._document_found
        self._document_found = found
        self._document_version = (version, workspace_version)
        return changed

    def start_names(self, workspace: Workspace | None) -> None:
        """Learn the names before the first check (so that the first document pass changes
        few paragraphs' results)."""
        self._take_names(self.engine.names_for(self.document(), workspace))

    def _take_names(self, names: frozenset[str] | None, checked: Checked | None = None) -> bool:
        """Take new names; the paragraphs that mention one that came or went take their
        findings under them from ``checked`` (by paragraph, with the neighbours they were
        checked with), or are checked again. True if the names changed."""
        old = self._names
        if names == old or not (names or old):
            self._names = names
            return False
        self._names = names
        gone_or_new = (old or frozenset()) ^ (names or frozenset())
        results = self._results
        neighbors = self._neighbors
        checked = checked or {}
        for index, paragraph in enumerate(self._state.paragraphs):
            if results[index] is not None and names_among(gone_or_new, paragraph):
                known = checked.get(id(paragraph))
                fresh = known is not None and known[0] is paragraph and known[1] == neighbors[index]
                results[index] = known[2] if fresh else None
        return True

    @property
    def names(self) -> frozenset[str] | None:
        """The character names the last :meth:`refresh_document` found (None: no rule
        reads names, or not refreshed yet)."""
        return self._names

    @property
    def state_key(self) -> str:
        """Changes whenever the findings may have changed (text, document rules)."""
        return f"{self.version}.{self._document_version[1]}.{self._document_version[0]}"

    @property
    def document_rules_current(self) -> bool:
        """Whether the document rules have seen the current text."""
        return self._document_version[0] == self.version or not self.engine.document_rules

    def document(self) -> Document:
        """The document as it is now, as a :class:`Document` (for document rules and the
        workspace): a snapshot, which later edits leave as it is."""
        if self._stale:
            self._parse_all()
        state = self._state
        blocks = state.blocks
        if blocks is None:
            blocks = [
                ProseBlock(p.text, start, p.kind, None, indent)
                for p, start, indent in zip(
                    state.paragraphs, state.starts, state.indents, strict=True
                )
            ]
        return Document(
            self.source.snapshot(),
            list(state.paragraphs),
            list(blocks),
            list(self.directives),
            list(state.counts),
        )

    # -- internals -----------------------------------------------------------------------

    def _parse_all(self) -> None:
        document = parse_document(self.source, self.engine.paragraphs)
        self.directives = document.directives
        self._state = _Paragraphs(
            document.paragraphs,
            [b.start for b in document.blocks],
            [b.indent for b in document.blocks],
            document.counts,
            document.blocks if self.source.format == "markdown" else None,
        )
        self._stale = False
        self._totals = total(document.counts)
        self._indent_counts = Counter(self._state.indents)
        self._decide_conventions(force=True)

    def _decide_conventions(self, force: bool = False) -> None:
        conventions = detect(self._totals, self.engine.config.quote_style)
        if force or conventions != self.conventions:
            self.conventions: Conventions = conventions
            self._usual = continuity.most_usual(self._indent_counts)
            self._neighbors = continuity.neighbors(
                self._state.paragraphs, self._state.indents, conventions.dialogue
            )
            self._results: list[Found | None] = [None] * len(self._state.paragraphs)

    def _resplit(self, old_text: str, start: int, end: int, delta: int) -> None:
        """Re-split the paragraphs around an edit of plain text."""
        state = self._state
        first, last = self._chunks_around(old_text, start, end)
        first, last, new_blocks = self._reread(old_text, first, last, delta)
        cache = self.engine.paragraphs
        new_items = [cache.get(block.text, block.kind) for block in new_blocks]
        removed_counts = state.counts[first:last]
        removed_paragraphs = state.paragraphs[first:last]
        state.paragraphs[first:last] = [item[0] for item in new_items]
        state.counts[first:last] = [item[1] for item in new_items]
        self._indent_counts.subtract(state.indents[first:last])
        state.indents[first:last] = [block.indent for block in new_blocks]
        self._indent_counts.update(state.indents[first : first + len(new_blocks)])
        tail = state.starts[last:]
        state.starts[first:] = [block.start for block in new_blocks]
        state.starts.extend(map(delta.__add__, tail) if delta else tail)
        # Paragraphs the re-split left as they were keep their results (their neighbours
        # are checked again below).
        kept = {id(p): i for i, p in enumerate(removed_paragraphs, first)}
        old_results, old_neighbors = self._results, self._neighbors
        self._results[first:last] = [
            old_results[kept[id(p)]] if id(p) in kept else None
            for p in state.paragraphs[first : first + len(new_blocks)]
        ]
        self._neighbors[first:last] = [
            old_neighbors[kept[id(p)]] if id(p) in kept else Neighbors()
            for p in state.paragraphs[first : first + len(new_blocks)]
        ]
        self._totals = (
            self._totals
            - total(removed_counts)
            + total(state.counts[first : first + len(new_blocks)])
        )
        before = self.conventions
        self._decide_conventions()
        if self.conventions != before:
            return  # everything was recomputed
        usual = continuity.most_usual(self._indent_counts)
        if usual != self._usual:
            self._usual = usual
            self._refresh_neighbors(0, len(state.paragraphs) - 1)
            return
        self._refresh_neighbors(first, first + len(new_blocks))

    def _chunks_around(self, old_text: str, start: int, end: int) -> tuple[int, int]:
        """The paragraphs ``[first, last)`` to re-split for an edit of ``[start, end)``: those
        it touches and one more on each side, widened to whole chunks (paragraphs not
        separated by blank lines) of up to :data:`_CHUNK_LIMIT` more paragraphs each way."""
        state = self._state
        count = len(state.paragraphs)
        ends = _Ends(state)
        first = max(bisect_right(state.starts, start) - 1, 0)
        if first < count and ends[first] < start:
            first += 1
        last = bisect_right(state.starts, end, first)
        first = max(first - 1, 0)
        last = min(last + 1, count)
        joined = _Joins(old_text, state)
        for _ in range(_CHUNK_LIMIT):
            if first == 0 or not joined(first - 1):
                break
            first -= 1
        for _ in range(_CHUNK_LIMIT):
            if last == count or not joined(last - 1):
                break
            last += 1
        return first, last

    def _reread(
        self, old_text: str, first: int, last: int, delta: int
    ) -> tuple[int, int, list[ProseBlock]]:
        """The paragraphs ``[first, last)`` to replace after an edit (maybe widened), and
        the blocks that replace them.

        A chunk cut short by the limit (always one paragraph per line: a chunk read whole
        is one paragraph) keeps that reading while a line of it is longer than hard
        wrapping makes lines, here or beyond the cut; without one, the whole chunk is
        one paragraph again, and it is read again whole, as a full parse would."""
        state = self._state
        count = len(state.paragraphs)
        joined = _Joins(old_text, state)
        text = self.source.text
        while True:
            ends = _Ends(state)
            cut_before = first > 0 and joined(first - 1)
            cut_after = last < count and joined(last - 1)
            region_start = ends[first - 1] if first > 0 else 0  # keeps the indentation
            region_end = (ends[last - 1] if last < count else len(old_text)) + delta
            pieces = chunks(text, region_start, region_end)
            if not (cut_before or cut_after):
                break
            lone = len(pieces) == 1
            long_before = cut_before and joined.long_line_beyond(first - 1, -1)
            long_after = cut_after and joined.long_line_beyond(last, 1)
            head_long = _long_line_in(text, *pieces[0]) or long_before
            tail_long = _long_line_in(text, *pieces[-1]) or long_after
            if lone:
                head_long = tail_long = head_long or tail_long
            widened = False
            if cut_before and not head_long:
                first, widened = joined.chunk_start(first), True
            if cut_after and not tail_long:
                last, widened = joined.chunk_end(last), True
            if not widened:
                break
        blocks: list[ProseBlock] = []
        for number, (piece_start, piece_end) in enumerate(pieces):
            cut = (number == 0 and cut_before) or (number == len(pieces) - 1 and cut_after)
            blocks += chunk_blocks(text, piece_start, piece_end, True if cut else None)
        return first, last, blocks

    def _refresh_neighbors(self, first: int, stop: int) -> None:
        """Recompute neighbours from the solid paragraph before ``first`` to the one at or
        after ``stop``; invalidate the results of paragraphs whose neighbours changed."""
        state = self._state
        all_traits = _LazyTraits(state.paragraphs, self.conventions.dialogue)
        low = first - 1
        while low > 0 and not all_traits[low].solid:
            low -= 1
        high = min(stop, len(all_traits) - 1)
        # (a paragraph that only carries a sentence on is looked through, as apparatus is)
        while high < len(all_traits) - 1 and (
            not all_traits[high].solid or all_traits[high].carries
        ):
            high += 1
        for index in range(max(low, 0), high + 1):
            around = continuity.neighbors_at(index, all_traits, state.indents, self._usual)
            if around != self._neighbors[index]:
                self._neighbors[index] = around
                self._results[index] = None


class _LazyTraits:
    """Paragraph traits looked up only where asked (a window around an edit)."""

    __slots__ = ("family", "paragraphs")

    def __init__(self, paragraphs: list[Paragraph], family: str) -> None:
        self.paragraphs = paragraphs
        self.family = family

    def __len__(self) -> int:
        return len(self.paragraphs)

    def __getitem__(self, index: int) -> continuity.Traits:
        return continuity.traits(self.paragraphs[index], self.family)


class _Ends:
    """End offsets of paragraphs, computed on demand."""

    __slots__ = ("state",)

    def __init__(self, state: _Paragraphs) -> None:
        self.state = state

    def __getitem__(self, index: int) -> int:
        return self.state.starts[index] + len(self.state.paragraphs[index].text)


class _Joins:
    """Which paragraphs of the text before an edit are in one chunk, and their lines."""

    __slots__ = ("ends", "state", "text")

    def __init__(self, text: str, state: _Paragraphs) -> None:
        self.text = text
        self.state = state
        self.ends = _Ends(state)

    def __call__(self, left: int) -> bool:
        """No blank line between paragraphs ``left`` and ``left + 1``."""
        return not blank_line_between(self.text, self.ends[left], self.state.starts[left + 1])

    def chunk_start(self, index: int) -> int:
        """The first paragraph of the chunk of paragraph ``index``."""
        while index > 0 and self(index - 1):
            index -= 1
        return index

    def chunk_end(self, index: int) -> int:
        """Just past the last paragraph of the chunk of paragraph ``index - 1``."""
        count = len(self.state.paragraphs)
        while index < count and self(index - 1):
            index += 1
        return index

    def long_line_beyond(self, index: int, step: int) -> bool:
        """Whether a line longer than hard wrapping makes is on paragraph ``index`` or the
        paragraphs past it (``step`` -1: before, 1: after) in its chunk."""
        count = len(self.state.paragraphs)
        while 0 <= index < count:
            start, end = self.state.starts[index], self.ends[index]
            if _long_line_in(self.text, start, end):
                return True
            if step < 0:
                joined = index > 0 and self(index - 1)
            else:
                joined = index < count - 1 and self(index)
            if not joined:
                return False
            index += step
        return False


def _long_line_in(text: str, start: int, end: int) -> bool:
    """Whether a whole line touching ``text[start:end]`` is longer than hard wrapping
    makes lines (:data:`~storylint.read.plaintext.UNWRAPPED_LINE`)."""
    line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    stops = [i for i in (text.find("\n", end), text.find("\r", end)) if i != -1]
    line_end = min(stops) if stops else len(text)
    if line_end - line_start <= UNWRAPPED_LINE:
        return False
    lines = text[line_start:line_end].replace("\r", "\n").split("\n")
    return max(map(len, lines)) > UNWRAPPED_LINE


@dataclass(frozen=True)
class DocumentPass:
    """The document rules' work on one state of a live document (see
    :meth:`LiveDocument.document_pass`): it reads only its snapshot, so it may run on
    another thread while the document is edited."""

    #: (the document's version, the workspace's version) it was taken at.
    key: tuple[int, int | None]
    engine: Engine
    document: Document
    conventions: Conventions
    neighbors: list[Neighbors]
    #: The names the document's paragraphs were checked with.
    names: frozenset[str] | None

    def run(self, workspace: Workspace | None, checker: Engine | None = None) -> PassResult:
        """The names and the document rules' findings; with ``checker`` (an engine of
        the same config with caches of its own, for this thread), the findings of the
        paragraphs whose names changed, under the new names, so that taking the pass
        costs no checking."""
        names = self.engine.names_for(self.document, workspace)
        found = self.engine.document_findings(self.document, self.conventions, workspace)
        checked: Checked = {}
        if checker is not None and names != self.names and (names or self.names):
            gone_or_new = (self.names or frozenset()) ^ (names or frozenset())
            config = self.engine.config
            for paragraph, around in zip(self.document.paragraphs, self.neighbors, strict=True):
                if names_among(gone_or_new, paragraph):
                    context = Context(self.conventions, around, config, names)
                    result = checker.paragraph_findings(paragraph, context)
                    checked[id(paragraph)] = (paragraph, around, result)
        return self.key, names, found, checked


#: Paragraphs checked under a pass's names: by id, (the paragraph, its neighbours, its
#: findings in paragraph coordinates).
Checked = dict[int, tuple[Paragraph, Neighbors, Found]]

#: A document pass's key, names, findings and paragraphs checked again (see
#: :meth:`LiveDocument.take_pass`).
PassResult = tuple[tuple[int, int | None], frozenset[str] | None, list, Checked]


def _indexes_of_none(items: list) -> Iterator[int]:
    """Indexes of the None items, in order (the test runs in C)."""
    return compress(range(len(items)), map(is_, items, repeat(None)))


def _moved(found: Found, start: int, end: int, delta: int) -> Found:
    """Findings moved by an edit of ``[start, end)``; those inside it are dropped."""
    moved: Found = []
    for finding, rule in found:
        if finding.end <= start:
            moved.append((finding, rule))
        elif finding.start >= end:
            moved.append(
                (replace(finding, start=finding.start + delta, end=finding.end + delta), rule)
            )
    return moved
