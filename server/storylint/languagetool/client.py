"""Calls to LanguageTool, through language-tool-python (imported on first use only).

language-tool-python finds or starts the server (``mode = "local"`` downloads and runs
its own LanguageTool with Java), checks the language against the server's list and
sends the request. Its ``check()`` sends only plain ``text``; storylint sends annotated
text (``data``) so Markdown markup is not read as prose, so :meth:`Client.check` builds
the library's request parameters and replaces ``text`` with ``data`` (these internals,
``_create_params`` and ``_query_server``, are why the dependency is pinned to 3.x). Every failure
(unreachable, too slow, an error status, an answer that is not LanguageTool's JSON)
becomes :class:`Unavailable` with a message for the writer.
"""

from __future__ import annotations

import contextlib
import json
import urllib.parse
from typing import Any

from storylint.languagetool.annotate import Piece, as_data
from storylint.languagetool.settings import Settings


class Unavailable(Exception):
    """LanguageTool could not check the text; the message says why, for the writer."""


def _tool_classes() -> tuple[type, type]:
    """language-tool-python's classes, with the request timeout set per instance (the
    library reads it from the instance, but already while it is being created)."""
    import language_tool_python

    class Tool(language_tool_python.LanguageTool):
        def __init__(self, timeout: float, **kwargs: Any) -> None:
            self._TIMEOUT = timeout  # type: ignore[misc]
            super().__init__(**kwargs)

    class PublicTool(language_tool_python.LanguageToolPublicAPI):
        def __init__(self, timeout: float, **kwargs: Any) -> None:
            self._TIMEOUT = timeout  # type: ignore[misc]
            super().__init__(**kwargs)

    return Tool, PublicTool


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 160 else text[:157] + "..."


def _reason(error: BaseException, settings: Settings) -> str:
    """Why a call failed, in a few words."""
    import requests

    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, requests.exceptions.Timeout):
            return f"did not answer within {settings.timeout:g} s"
        if isinstance(cause, requests.exceptions.ConnectionError):
            return "cannot be reached (is the server running?)"
        cause = cause.__cause__ or cause.__context__
    text = _short(str(error))
    return f"answered with an error: {text}" if text else f"failed ({type(error).__name__})"


class Client:
    """One LanguageTool server (or the local or public one), connected on first use."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._tool: Any = None

    def _connect(self) -> Any:
        if self._tool is not None:
            return self._tool
        settings = self.settings
        try:
            tool_class, public_class = _tool_classes()
            if settings.mode == "public":
                tool = public_class(settings.timeout, language=settings.language)
            elif settings.mode == "local":
                tool = tool_class(settings.timeout, language=settings.language)
            else:
                tool = tool_class(
                    settings.timeout, language=settings.language, remote_server=settings.server
                )
        except ValueError as error:  # the language is not one the server knows
            raise Unavailable(f"{settings.where}: {error}") from error
        except Exception as error:
            if settings.mode == "local":  # downloading or starting LanguageTool failed
                detail = _short(str(error)) or type(error).__name__
                raise Unavailable(
                    f"{settings.where} could not be downloaded or started (it needs Java and, "
                    f"the first time, the internet): {detail}"
                ) from error
            raise Unavailable(f"{settings.where} {_reason(error, settings)}") from error
        tool.enabled_rules = set(settings.enabled_rules)
        tool.disabled_rules = set(settings.disabled_rules)
        self._tool = tool
        return tool

    def check(self, pieces: list[Piece]) -> list[dict[str, Any]]:
        """LanguageTool's matches for annotated text, as it sends them (offsets in UTF-16
        code units into the joined pieces)."""
        tool = self._connect()
        params = tool._create_params("")
        params.pop("text", None)
        params["data"] = json.dumps(as_data(pieces), ensure_ascii=False)
        url = urllib.parse.urljoin(tool.url, "check")
        try:
            answer = tool._query_server(url, params, num_tries=1, method="post")
        except Exception as error:
            raise Unavailable(f"{self.settings.where} {_reason(error, self.settings)}") from error
        matches = answer.get("matches") if isinstance(answer, dict) else None
        if not isinstance(matches, list):
            raise Unavailable(f"{self.settings.where} sent an answer that is not a check result")
        return [m for m in matches if isinstance(m, dict)]

    def close(self) -> None:
        if self._tool is not None:
            with contextlib.suppress(Exception):  # a server that is already gone
                self._tool.close()
            self._tool = None
