"""``storylint report``: one self-contained HTML page for a manuscript.

:func:`render` builds the page from the located findings of a batch (the fields of
``--format json``) and its cast (:class:`~storylint.checks.names.report.NameRow` with
mentions); :func:`is_report` tells whether a file is such a page (the command overwrites
only those). The modules: ``chapters`` (files split at chapter headings), ``segments``
(chapter text cut into blocks with findings marked), ``model`` (all of it put together),
``summary``, ``cast``, ``explain`` (rule explanations as safe HTML) and ``page`` (the
HTML, with ``report.css`` and ``report.js`` inlined).
"""

from __future__ import annotations

import re
from pathlib import Path

from storylint.checks.names.report import NameRow, WorkCast
from storylint.outputs import Located
from storylint.outputs.report.model import Manuscript, build
from storylint.outputs.report.page import GENERATOR, summary_line
from storylint.outputs.report.page import render as render_page
from storylint.read.source import SourceFile

__all__ = ["GENERATOR", "Manuscript", "build", "is_report", "render", "summary_line"]

_GENERATOR_META = re.compile(rf'<meta name="generator" content="{GENERATOR}[ "]'.encode())


def render(
    results: list[tuple[SourceFile, list[Located]]],
    rows: list[NameRow],
    *,
    title: str,
    version: str,
    generated: str,
    works: list[WorkCast] | None = None,
) -> tuple[str, Manuscript]:
    """The page for ``results`` (each file with its located findings) and the cast
    ``rows``, and the manuscript it shows (which :func:`summary_line` describes)."""
    manuscript = build(results, rows, works)
    by_id = {item.rule: item.report.rule for _, located in results for item in located}
    page = render_page(manuscript, by_id, title=title, version=version, generated=generated)
    return page, manuscript


def is_report(path: Path) -> bool:
    """Whether the file at ``path`` is a page this command wrote (read from its start)."""
    try:
        with path.open("rb") as handle:
            start = handle.read(4096)
    except OSError:
        return False
    return _GENERATOR_META.search(start) is not None
