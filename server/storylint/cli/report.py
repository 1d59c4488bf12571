"""``storylint report``: files checked as by ``storylint check``, written as one HTML page.

The page (``-o``, default ``storylint-report.html``; ``-`` for stdout) needs no network:
its CSS and script are inline. It replaces only a file that is itself a storylint report,
or any file with ``--force``, so a mistyped ``-o chapter-03.md`` cannot destroy a
chapter; where it cannot go is found out before the check, and it is written to a
temporary file renamed over the old one, so a failed write leaves the old file whole.
Exit status: 0 when the page was written, whatever it found; 2 on a usage, configuration
or input error (a file that cannot be read is reported and left out, and the page is
still written).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from storylint import __version__
from storylint.cli.check import Run, targets_of, with_stdin
from storylint.cli.status import EXIT_CLEAN, EXIT_ERROR
from storylint.config import ConfigError
from storylint.outputs import locate
from storylint.outputs.report import is_report, render, summary_line
from storylint.project import (
    STDIN,
    Configs,
    LanguageToolLink,
    Project,
    RuleDataError,
    available_jobs,
    check_batch,
    workspace_works,
)
from storylint.project.write import write_atomic

DEFAULT_OUTPUT = "storylint-report.html"
#: Names of the files in a report's title; the others are counted.
_TITLE_NAMES = 3


def output_problem(output: Path, force: bool) -> str | None:
    """Why the page cannot be written to ``output``, or None."""
    if output.is_dir():
        return f"{output} is a folder; name the report's file (-o {output / DEFAULT_OUTPUT})"
    folder = output.parent
    if not folder.exists():
        return f"cannot write {output}: the folder {folder} does not exist"
    if not folder.is_dir():
        return f"cannot write {output}: {folder} is not a folder"
    if output.exists() and not force and not is_report(output):
        return (
            f"{output} exists and is not a storylint report; not replacing it "
            "(choose another name with -o, or add --force)"
        )
    try:  # the page is written through a temporary file in the same folder
        with tempfile.TemporaryFile(dir=folder, prefix=".storylint-report-"):
            pass
    except OSError as error:
        return f"cannot write {output}: {error.strerror or error}"
    return None


def default_title(paths: list[str], stdin_name: str | None) -> str:
    """The folder or file names given, or the current folder's name."""
    names = []
    for raw in paths:
        if raw == STDIN:
            names.append(stdin_name or "standard input")
            continue
        path = Path(raw)
        names.append(path.name if path.name not in ("", ".", "..") else path.resolve().name)
    shown = ", ".join(names[:_TITLE_NAMES])
    more = len(names) - _TITLE_NAMES
    return shown + (f" and {more} more" if more > 0 else "") or "manuscript"


def generated_at() -> str:
    """When the page is made: now, or ``SOURCE_DATE_EPOCH`` (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        moment = datetime.fromtimestamp(int(epoch), UTC)
    else:
        moment = datetime.now().astimezone()
    return f"{moment.day} {moment:%B %Y, %H:%M}"


def run_report(args: argparse.Namespace) -> int:
    run = Run()
    if not with_stdin(args):
        return EXIT_ERROR
    to_stdout = args.output == STDIN
    output = Path(args.output or DEFAULT_OUTPUT)
    problem = None if to_stdout else output_problem(output, args.force)
    if problem:
        print(f"storylint: error: {problem}", file=sys.stderr)
        return EXIT_ERROR
    try:
        project = Project(
            Configs(
                Path(args.config) if args.config else None,
                select=args.select,
                ignore=args.ignore,
            ),
            on_error=run.error,
            on_rule_error=run.rule_failed,
            jobs=args.jobs or available_jobs(),
            languagetool=LanguageToolLink(
                args.languagetool, notice=run.warn, on_failure=run.languagetool_failure
            ),
        )
        targets = targets_of(project, args)
        batch = check_batch(project, targets)
        works = workspace_works(project)
        rows = sorted(
            (row for work in works for row in work.rows), key=lambda r: (-r.count, r.name)
        )
    except (ConfigError, RuleDataError) as error:
        print(f"storylint: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    if not batch.files:
        print("storylint: error: no file could be read; no report written", file=sys.stderr)
        return EXIT_ERROR
    page, manuscript = render(
        locate(batch.results),
        rows,
        title=args.title or default_title(args.paths, args.stdin_filename),
        version=__version__,
        generated=generated_at(),
        works=works,
    )
    if to_stdout:
        sys.stdout.write(page)
        sys.stdout.flush()
    else:
        try:
            write_atomic(output, page)
        except OSError as error:
            reason = error.strerror or str(error)
            print(f"storylint: error: cannot write {output}: {reason}", file=sys.stderr)
            return EXIT_ERROR
    done = f"Wrote {'the report' if to_stdout else output}: {summary_line(manuscript)}."
    print(done, file=sys.stderr if to_stdout else sys.stdout)
    return run.status if run.status == EXIT_ERROR else EXIT_CLEAN
