"""``storylint check``: the arguments to a project, its batch checked, the findings shown.

A file that cannot be read or written, a path that names nothing and a mistake in a
config are reported on stderr and make the status 2; the other files are still checked.
With ``--fix`` on standard input, the fixed text goes to stdout and the report to
stderr. ``--diff`` prints what ``--fix`` would write instead, and writes nothing. The
status is 1 when a finding at the ``--fail-on`` level (or the file's config's
``fail-on``, by default ``warning``) or above is left, unless ``--exit-zero``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from storylint.cli.status import DEFAULT_FAIL_ON, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, fails
from storylint.config import ConfigError
from storylint.findings import Severity
from storylint.outputs import Located, locate
from storylint.project import (
    STDIN,
    Batch,
    Configs,
    LanguageToolLink,
    Project,
    Rule,
    RuleDataError,
    Target,
    available_jobs,
    check_batch,
)


class Run:
    """What one command reports on stderr, and the exit status it leads to."""

    def __init__(self) -> None:
        self.status = EXIT_CLEAN
        self.reported_errors: set[str] = set()
        self.languagetool_failed = False

    def warn(self, message: str) -> None:
        print(f"storylint: warning: {message}", file=sys.stderr)

    def note(self, message: str) -> None:
        print(f"storylint: {message}", file=sys.stderr)

    def error(self, message: str) -> None:
        print(message, file=sys.stderr)
        self.status = EXIT_ERROR

    def languagetool_failure(self, message: str) -> None:
        self.languagetool_failed = True
        self.warn(f"{message}; LanguageTool's checks were skipped (storylint's own checks ran)")

    def rule_failed(self, rule: Rule, error: BaseException, where: str) -> None:
        self.status = EXIT_ERROR
        if rule.id in self.reported_errors:
            return
        self.reported_errors.add(rule.id)
        if os.environ.get("STORYLINT_DEBUG"):
            import traceback

            traceback.print_exception(error)
        self.error(
            f"storylint: internal error in rule {rule.id} at {where}: "
            f"{type(error).__name__}: {error}; the rule was skipped there (please report this)"
        )


class _Progress:
    """A one-line progress bar on stderr, for long batches on a terminal."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total = total
        self.enabled = enabled and total > 1
        self.started = time.monotonic()
        self.shown = False

    def update(self, done: int, name: str) -> None:
        if not self.enabled or time.monotonic() - self.started < 0.3:
            return
        width = 24
        filled = width * done // self.total
        bar = "█" * filled + "░" * (width - filled)
        line = f"\r{bar} {done}/{self.total} {name}"[:78]
        sys.stderr.write(line.ljust(80) + "\r")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write(" " * 80 + "\r")
            sys.stderr.flush()


def with_stdin(args: argparse.Namespace) -> bool:
    """Read stdin (``-``) when ``--stdin-filename`` is given without it; False (the
    error printed) when ``-`` is given more than once."""
    if args.stdin_filename and STDIN not in args.paths:
        args.paths = [*args.paths, STDIN] if args.paths != ["."] else [STDIN]
    if args.paths.count(STDIN) > 1:
        print("storylint: error: '-' (stdin) can be given only once", file=sys.stderr)
        return False
    return True


def targets_of(project: Project, args: argparse.Namespace) -> list[Target]:
    """The files the arguments name (standard input read now, when named)."""
    stdin = None
    if STDIN in args.paths:
        name = args.stdin_filename or STDIN
        stdin = Target(Path(STDIN), name, sys.stdin.buffer.read())
    return project.targets(
        args.paths,
        include=args.include or (),
        exclude=args.exclude or (),
        stdin=stdin,
        context=getattr(args, "context", None) or (),
        respect_gitignore=False if getattr(args, "no_ignore", False) else None,
    )


def _style(args: argparse.Namespace):
    from storylint.outputs.text import Style

    if args.color == "always":
        return Style(True)
    if args.color == "never" or os.environ.get("NO_COLOR"):
        return Style(False)
    return Style(sys.stdout.isatty())


def _render(args: argparse.Namespace, project: Project, batch: Batch) -> str:
    located = locate(batch.results)
    flat: list[Located] = [item for _, items in located for item in items]
    if args.format == "json":
        from storylint.outputs.json import render

        return render(flat)
    if args.format == "sarif":
        from storylint.outputs.sarif import render as render_sarif

        return render_sarif(flat, project.rules_in_use(item.report for item in flat))
    if args.format == "github":
        from storylint.outputs.github import render as render_github

        return render_github(flat)
    from storylint.outputs.text import render, render_concise, summary

    style = _style(args)
    body = (render_concise if args.format == "concise" or args.quiet else render)(located, style)
    if not args.quiet and batch.files:  # no files checked: the errors said why
        fixable = sum(  # not counted where --fix cannot write (an EPUB, an .odt...)
            1
            for item in batch.files
            if item.fixable
            for report in item.reports
            if report.finding.safe_fix
        )
        body += summary(len(batch.files), len(flat), fixable, batch.fixed, style)
    return body


def run_check(args: argparse.Namespace) -> int:
    run = Run()
    if not with_stdin(args):
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
            one_off=True,
        )
        targets = targets_of(project, args)
        reported = sum(1 for target in targets if target.reported)
        progress = _Progress(reported, sys.stderr.isatty() and not args.quiet)
        batch = check_batch(
            project,
            targets,
            fix=args.fix or args.fix_in_place or args.diff,
            write=not args.diff,
            progress=progress.update,
            fix_in_place=args.fix_in_place,
            warn=run.warn,
            note=run.note,
        )
        failed = _failed(args, project, batch)
    except (ConfigError, RuleDataError) as error:
        print(f"storylint: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    progress.close()
    if args.diff:
        changed = _show_diff(batch)
    else:
        _show(args, project, batch, targets)
    if run.status == EXIT_ERROR or (args.strict and run.languagetool_failed):
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_CLEAN
    if args.diff:
        return EXIT_FINDINGS if changed else EXIT_CLEAN
    return EXIT_FINDINGS if failed else EXIT_CLEAN


def _failed(args: argparse.Namespace, project: Project, batch: Batch) -> bool:
    """A finding at its file's fail-on level or above is left."""
    for item in batch.files:
        threshold = args.fail_on or project.configs.for_folder(item.target.folder).fail_on
        if fails(item.reports, Severity(threshold) if threshold else DEFAULT_FAIL_ON):
            return True
    return False


def _show(args: argparse.Namespace, project: Project, batch: Batch, targets: list[Target]) -> None:
    """The report on stdout (on stderr when the fixed text of stdin is on stdout)."""
    fix = args.fix or args.fix_in_place
    stdin_fixed = next((item for item in batch.files if fix and item.target.is_stdin), None)
    if stdin_fixed is not None and stdin_fixed.data is not None:  # a document: its bytes
        sys.stdout.buffer.write(stdin_fixed.data)
        sys.stdout.buffer.flush()
    elif stdin_fixed is not None and stdin_fixed.fixable:
        source = stdin_fixed.source
        sys.stdout.write(("\ufeff" if source.bom else "") + source.text)
    stream = sys.stderr if fix and any(t.is_stdin for t in targets) else sys.stdout
    stream.write(_render(args, project, batch))
    stream.flush()


def _show_diff(batch: Batch) -> int:
    """What the fixes would change, on stdout; a summary on stderr. The files changed."""
    from storylint.outputs.diff import unified

    changed = [item for item in batch.files if item.original is not None]
    for item in changed:
        sys.stdout.write(unified(item.target.display, item.original or "", item.source.text))
    sys.stdout.flush()
    fixes = sum(item.fixed for item in changed)
    if changed:
        noun = "file" if len(changed) == 1 else "files"
        print(
            f"{fixes} fix{'es' if fixes != 1 else ''} would change {len(changed)} {noun}; "
            "nothing was written",
            file=sys.stderr,
        )
    elif batch.files:
        print("No fixes to apply; nothing was written", file=sys.stderr)
    return len(changed)
