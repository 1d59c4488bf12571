"""Exit statuses of every command: 0 no findings, 1 findings, 2 a usage, configuration
or input error; and which findings fail a check (``--fail-on``, the config's
``fail-on``, by default warnings and errors)."""

from __future__ import annotations

from collections.abc import Iterable

from storylint.findings import Severity
from storylint.report import Report

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

#: The lowest severity that fails a check unless the command line or config says.
DEFAULT_FAIL_ON = Severity.WARNING

_RANK = {Severity.HINT: 0, Severity.INFO: 1, Severity.WARNING: 2, Severity.ERROR: 3}


def fails(reports: Iterable[Report], threshold: Severity) -> bool:
    """Whether one of ``reports`` is at ``threshold`` or above."""
    lowest = _RANK[threshold]
    return any(_RANK[report.severity] >= lowest for report in reports)
