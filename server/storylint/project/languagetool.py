"""LanguageTool for a project: made when a document's config first asks for it.

The backend (:mod:`storylint.languagetool`, which imports language-tool-python) is loaded
only then. Two ways to use it: :meth:`LanguageToolLink.checked` asks for whatever is not
cached and waits (the CLI); :meth:`LanguageToolLink.merged` uses the answers cached so
far and, with ``ask``, sends the missing paragraphs on a thread of its own, calling back
when their answers (or a failure) arrive (the language server). Sending the text to
LanguageTool's public servers is announced once.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from storylint.engine import Engine
from storylint.parse.document import Document
from storylint.report import Report

if TYPE_CHECKING:  # a thread pool only for the language server: start-up time matters
    from concurrent.futures import Future, ThreadPoolExecutor

#: Called with a document's key and the failure message (None: answers arrived).
Answered = Callable[[str, str | None], None]


class LanguageToolLink:
    """LanguageTool for one CLI run or one language-server session."""

    def __init__(
        self,
        server: str | None = None,
        *,
        notice: Callable[[str], None] = lambda message: None,
        on_failure: Callable[[str], None] = lambda message: None,
        retry_after: float | None = None,
    ) -> None:
        self.server = server  # ``--languagetool URL``: wins over every config
        self._notice = notice
        #: Told when a server fails while :meth:`checked` waits for it.
        self.on_failure = on_failure
        self._retry_after = retry_after
        self._backend: Any = None  # storylint.languagetool.backend.LanguageTool
        self._noticed = False
        self._thread: ThreadPoolExecutor | None = None
        self._jobs: dict[str, Future] = {}
        #: Called when a job sent in the background fails unexpectedly.
        self.on_crash: Callable[[Future], None] = lambda future: None

    def wanted(self, engine: Engine) -> bool:
        """Whether documents checked by ``engine`` are also sent to LanguageTool."""
        return bool(self.server or engine.config.section("languagetool"))

    def _settings(self, engine: Engine) -> Any:
        """How to call LanguageTool under ``engine``'s config (None: not at all); the
        backend is made on first use, the public-servers notice given once."""
        if self._backend is None:
            from storylint.languagetool.backend import LanguageTool

            self._backend = LanguageTool(self.server, retry_after=self._retry_after)
        settings = self._backend.settings(engine.config)
        if settings is not None and settings.mode == "public" and not self._noticed:
            from storylint.languagetool.settings import PUBLIC_API_NOTICE

            self._noticed = True
            self._notice(PUBLIC_API_NOTICE)
        return settings

    def checked(
        self,
        engine: Engine,
        document: Document,
        reports: list[Report],
        names: Iterable[str] | None,
    ) -> list[Report]:
        """``reports`` plus LanguageTool's, after asking for every paragraph not cached
        (:attr:`on_failure` is told when the server fails)."""
        if not self.wanted(engine):
            return reports
        settings = self._settings(engine)
        if settings is None:
            return reports
        backend = self._backend
        blocks = backend.annotated(document)
        failed = backend.fetch(settings, blocks)
        if failed is not None:
            self.on_failure(failed)
        return backend.merge(engine, document, settings, blocks, reports, names)

    def merged(
        self,
        engine: Engine,
        document: Document,
        reports: list[Report],
        names: Iterable[str] | None,
        ask: tuple[str, Answered] | None = None,
    ) -> tuple[list[Report], int]:
        """``reports`` plus LanguageTool's cached findings, and the version of the
        answers; with ``ask`` (the document's key and a callback), the paragraphs not
        answered yet are sent in the background."""
        if not self.wanted(engine):
            return reports, 0
        settings = self._settings(engine)
        if settings is None:
            return reports, 0
        backend = self._backend
        blocks = backend.annotated(document)
        if ask is not None:
            missing = backend.missing(settings, blocks)
            if missing and backend.failure(settings) is None:
                self._ask(*ask, settings, missing)
        merged = backend.merge(engine, document, settings, blocks, reports, names)
        return merged, backend.version

    def _ask(self, key: str, answered: Answered, settings: Any, blocks: list[Any]) -> None:
        """Send ``blocks`` on LanguageTool's thread, unless a request for this document
        is still running (its answer makes the document be checked again, which asks for
        whatever is still missing)."""
        running = self._jobs.get(key)
        if running is not None and not running.done():
            return
        if self._thread is None:
            from concurrent.futures import ThreadPoolExecutor

            self._thread = ThreadPoolExecutor(1, thread_name_prefix="storylint-languagetool")
        backend = self._backend
        last = [time.monotonic()]

        def some_answered() -> None:  # a long document: show what has come, now and then
            if time.monotonic() - last[0] > 1.0:
                last[0] = time.monotonic()
                answered(key, None)

        def job() -> None:
            failure = backend.fetch(settings, blocks, some_answered)
            if failure is None and backend.failure(settings) is not None:
                return  # not asked: the server failed (and was reported) meanwhile
            answered(key, failure)

        future = self._thread.submit(job)
        future.add_done_callback(self.on_crash)
        self._jobs[key] = future

    def close(self) -> None:
        """Close the connections (a CLI run is over)."""
        if self._backend is not None:
            self._backend.close()
