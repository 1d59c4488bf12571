"""LanguageTool findings for documents: cached per paragraph, filtered, merged.

:meth:`LanguageTool.fetch` asks the server about the paragraphs it has no answer for
yet (several paragraphs per request, separated by a blank line as LanguageTool expects)
and caches the matches of each paragraph by its source text. :meth:`LanguageTool.merge`
turns cached matches into reports next to storylint's own, dropping those the project
does not select, spelling matches on names and accepted words, and matches on a span
storylint already reports. The first failure of a server is remembered: no further
request is sent to it for ``retry_after`` seconds (never again, in a CLI run), and the
caller is told once.
"""

from __future__ import annotations

import re
import threading
import time
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence

from storylint.checks import provider
from storylint.checks.selection import matches
from storylint.config import Config
from storylint.engine import Engine
from storylint.findings import Finding
from storylint.languagetool.annotate import Annotated, Piece, Utf16, annotate
from storylint.languagetool.client import Client, Unavailable
from storylint.languagetool.mapping import PREFIX, LanguageToolRule, Match, parse_match, to_finding
from storylint.languagetool.settings import Settings, fiction_defaults, settings_for
from storylint.parse.document import Document
from storylint.report import Report

#: Characters of prose per request (LanguageTool's public API takes at most 20,000).
BATCH_CHARS = 15_000
_SEPARATOR: Piece = ("text", "\n\n", None)
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


def wanted(config: Config) -> bool:
    """Whether ``select``/``ignore`` leave any LanguageTool rule to run."""
    select, ignore = config.select, config.ignore
    if any(s in ("ALL", "languagetool") for s in ignore):
        return False
    groups = ("grammar", *fiction_defaults().categories)
    if all(group in ignore for group in groups):
        return False
    selectors = ("ALL", "languagetool", *groups)
    return select is None or any(s in selectors or s.startswith(PREFIX) for s in select)


def _selected(config: Config, rule: LanguageToolRule) -> bool:
    selected = config.select is None or any(matches(s, rule) for s in config.select)
    return selected and not any(matches(s, rule) for s in config.ignore)


def known_words(config: Config, names: Iterable[str] | None) -> frozenset[str]:
    """Words that are never spelling mistakes: the cast, aliases, accepted words."""
    declared = provider("declared-names")
    words: set[str] = set()
    for name in (*(declared(config) if declared else ()), *(names or ()), *config.accept):
        words.update(name.split())
    return frozenset(word.casefold() for word in words)


def _is_known(text: str, known: frozenset[str]) -> bool:
    words = [_POSSESSIVE.sub("", word) for word in text.split()]
    return bool(words) and all(word.casefold() in known for word in words if word)


class LanguageTool:
    """LanguageTool for one CLI run or one language-server session."""

    def __init__(self, server: str | None = None, retry_after: float | None = None) -> None:
        self.server = server  # ``--languagetool URL``: wins over every config
        self.retry_after = retry_after
        self.version = 0  # bumped whenever new answers are cached
        self._clients: dict[Settings, Client] = {}
        #: Per request key, per block key: LanguageTool's matches.
        self._cache: dict[tuple, dict[str, tuple[Match, ...]]] = {}
        self._cached = 0
        self._annotations: dict[str, tuple[Piece, ...]] = {}
        self._failed: dict[tuple, tuple[float, str]] = {}
        self._lock = threading.Lock()

    # -- what to check ---------------------------------------------------------------------

    def settings(self, config: Config) -> Settings | None:
        """How to call LanguageTool for a document under ``config``; None: not at all."""
        if not wanted(config):
            return None
        return settings_for(config, self.server)

    def annotated(self, document: Document) -> list[Annotated]:
        """Every block of ``document`` as annotated text."""
        text = document.source.text
        found = []
        for block in document.blocks:
            if block.srcmap is None:  # plain text: depends only on the block's text
                pieces = self._annotations.get(block.text)
                if pieces is None:
                    if len(self._annotations) > 100_000:
                        self._annotations.clear()
                    pieces = annotate(block, text).pieces
                    self._annotations[block.text] = pieces
                found.append(Annotated(pieces, block.start, block.text))
            else:
                found.append(annotate(block, text))
        return found

    def missing(self, settings: Settings, blocks: Sequence[Annotated]) -> list[Annotated]:
        """The blocks LanguageTool has not answered for yet."""
        cached = self._cache.get(settings.request_key, {})
        return [b for b in blocks if b.key not in cached]

    # -- failures ---------------------------------------------------------------------------

    def failure(self, settings: Settings) -> str | None:
        """Why this server is not being asked (a recent failure), or None."""
        with self._lock:
            failed = self._failed.get(settings.request_key)
            if failed is None:
                return None
            if self.retry_after is not None and time.monotonic() - failed[0] > self.retry_after:
                del self._failed[settings.request_key]
                return None
            return failed[1]

    # -- asking --------------------------------------------------------------------------------

    def fetch(
        self,
        settings: Settings,
        blocks: Sequence[Annotated],
        answered: Callable[[], None] | None = None,
    ) -> str | None:
        """Ask LanguageTool about the blocks not cached yet (``answered()`` is called after
        each request but the last). Returns the failure message when this call is the one
        that found the server failing, else None."""
        if self.failure(settings) is not None:
            return None
        todo = list({b.key: b for b in self.missing(settings, blocks)}.values())
        if not todo:
            return None
        client = self._clients.get(settings)
        if client is None:
            client = self._clients[settings] = Client(settings)
        try:
            for index, batch in enumerate(_batches(todo)):
                if index and answered is not None:
                    answered()
                self._ask(client, settings, batch)
        except Unavailable as error:
            with self._lock:
                self._failed[settings.request_key] = (time.monotonic(), str(error))
            client.close()
            self._clients.pop(settings, None)
            return str(error)
        return None

    def _ask(self, client: Client, settings: Settings, batch: list[Annotated]) -> None:
        pieces: list[Piece] = []
        starts: list[int] = []  # code-point start of each block in the joined text
        position = 0
        lengths = [_length(block) for block in batch]
        for index, block in enumerate(batch):
            if index:
                pieces.append(_SEPARATOR)
                position += len(_SEPARATOR[1])
            starts.append(position)
            pieces.extend(block.pieces)
            position += lengths[index]
        to_points = Utf16("".join(piece[1] for piece in pieces))
        found: list[list[Match]] = [[] for _ in batch]
        for raw in client.check(pieces):
            offset, length = raw.get("offset"), raw.get("length")
            if not isinstance(offset, int) or not isinstance(length, int) or length < 0:
                continue
            start, end = to_points(offset), to_points(offset + length)
            index = bisect_right(starts, start) - 1
            if index < 0:
                continue
            relative_start, relative_end = start - starts[index], end - starts[index]
            if relative_end > lengths[index]:
                continue  # runs into the next paragraph
            match = parse_match(raw, relative_start, relative_end)
            if match is not None:
                found[index].append(match)
        with self._lock:
            if self._cached > 200_000:
                self._cache.clear()
                self._cached = 0
            cached = self._cache.setdefault(settings.request_key, {})
            for block, matches in zip(batch, found, strict=True):
                cached[block.key] = tuple(matches)
            self._cached += len(batch)
            self.version += 1

    # -- reporting -------------------------------------------------------------------------------

    def merge(
        self,
        engine: Engine,
        document: Document,
        settings: Settings,
        blocks: Sequence[Annotated],
        own: list[Report],
        names: Iterable[str] | None = None,
    ) -> list[Report]:
        """storylint's reports ``own`` and LanguageTool's cached ones, in source order."""
        config = engine.config
        cached = self._cache.get(settings.request_key, {})
        source = document.source.text
        known = known_words(config, names)
        taken = [(r.start, r.end) for r in own]
        found: list[tuple[Finding, LanguageToolRule]] = []
        for block in blocks:
            matches = cached.get(block.key)
            if not matches:
                continue
            ranges = block.text_ranges()
            for match in matches:
                finding, rule = to_finding(match, block.start, ranges)
                if not _selected(config, rule):
                    continue
                if match.is_spelling and _is_known(source[finding.start : finding.end], known):
                    continue
                if _overlaps(taken, finding.start, finding.end):
                    continue
                found.append((finding, rule))
        if not found:
            return own
        extra = engine.reports(document.source, document.directives, found)
        return sorted([*own, *extra], key=lambda r: (r.start, r.end, r.rule.id))

    def close(self) -> None:
        for client in self._clients.values():
            client.close()
        self._clients.clear()


def _length(block: Annotated) -> int:
    """The block's length as LanguageTool reads it (text and markup), in code points."""
    return sum(len(piece[1]) for piece in block.pieces)


def _batches(blocks: list[Annotated]) -> Iterable[list[Annotated]]:
    batch: list[Annotated] = []
    size = 0
    for block in blocks:
        length = _length(block)
        if batch and size + length > BATCH_CHARS:
            yield batch
            batch, size = [], 0
        batch.append(block)
        size += length + 2
    if batch:
        yield batch


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` overlaps one of the spans (an empty span: touches it)."""
    for other_start, other_end in taken:
        if other_start < end and start < other_end:
            return True
        if (start == end or other_start == other_end) and other_start <= end and start <= other_end:
            return True
    return False
