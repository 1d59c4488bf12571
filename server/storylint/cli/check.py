"""``storylint check``: find files, read them, check them together, print, maybe fix.

All files of one run form one workspace, so rules that compare documents (character
names) see every chapter. A file that cannot be read is reported on stderr and skipped
(exit status 2); the others are still checked. ``--fix`` writes only files that were
read completely, through a temporary file renamed over the original.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from storylint.checks.context import Workspace
from storylint.checks.registry import Rule, RuleDataError, all_rules
from storylint.checks.selection import check_selectors
from storylint.cli.files import Target, walk
from storylint.cli.main import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS
from storylint.config import Config, ConfigError, ConfigResolver
from storylint.engine import Engine
from storylint.engine.engine import Portable
from storylint.engine.parallel import available_jobs, balanced_groups, fork_map, jobs_for
from storylint.fixes import apply_fixes
from storylint.outputs import Located, locate
from storylint.parse.document import Document
from storylint.read.source import ReadError, SourceFile, decode, format_for, read_file
from storylint.report import Report

STDIN = "-"
_FIX_ROUNDS = 5


@dataclass
class _Run:
    """State of one ``check`` run."""

    args: argparse.Namespace
    status: int = EXIT_CLEAN
    engines: dict[int, Engine] = field(default_factory=dict)
    reported_errors: set[str] = field(default_factory=set)
    languagetool: Any = None  # storylint.languagetool.backend.LanguageTool, once needed
    languagetool_failed: bool = False

    @property
    def jobs(self) -> int:
        """Processes per long document: ``--jobs``, or as many as there are CPUs."""
        return self.args.jobs or available_jobs()

    def warn(self, message: str) -> None:
        print(f"storylint: warning: {message}", file=sys.stderr)

    def languagetool_failure(self, message: str) -> None:
        self.languagetool_failed = True
        self.warn(f"{message}; LanguageTool's checks were skipped (storylint's own checks ran)")

    def with_languagetool(
        self, engine: Engine, document: Document, reports: list[Report], workspace: Workspace
    ) -> list[Report]:
        """``reports`` plus LanguageTool's findings, when the document's config or
        ``--languagetool`` asks for them."""
        if not (self.args.languagetool or engine.config.section("languagetool")):
            return reports
        if self.languagetool is None:
            from storylint.languagetool.backend import LanguageTool
            from storylint.languagetool.settings import PUBLIC_API_NOTICE, settings_for

            self.languagetool = LanguageTool(self.args.languagetool)
            settings = settings_for(engine.config, self.args.languagetool)
            if settings is not None and settings.mode == "public":
                self.warn(PUBLIC_API_NOTICE)
        return self.languagetool.check(
            engine, document, reports, workspace, self.languagetool_failure
        )

    def error(self, message: str) -> None:
        print(message, file=sys.stderr)
        self.status = EXIT_ERROR

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

    def engine(self, config: Config) -> Engine:
        engine = self.engines.get(id(config))
        if engine is None:
            overridden = config.with_overrides(self.args.select, self.args.ignore)
            engine = Engine(overridden, on_error=self.rule_failed, jobs=self.jobs)
            self.engines[id(config)] = engine
        return engine


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


def _targets(run: _Run, resolver: ConfigResolver) -> list[Target]:
    args = run.args
    targets: list[Target] = []
    seen: set[Path] = set()
    for raw in args.paths:
        if raw == STDIN:
            name = args.stdin_filename or STDIN
            targets.append(Target(Path(STDIN), name))
            continue
        path = Path(raw)
        if path.is_dir():
            config = resolver.for_folder(path)
            include = tuple(args.include) if args.include else config.include
            exclude = config.exclude + tuple(args.exclude or ())
            found = walk(path, raw, include, exclude)
            if not found:
                run.error(f"{raw}: no files to check here (looked for {' '.join(include)})")
        elif path.exists():
            found = [Target(path, raw)]
        else:
            run.error(f"{raw}: no such file or directory")
            found = []
        for target in found:
            key = target.path.resolve()
            if key not in seen:
                seen.add(key)
                targets.append(target)
    return targets


def _read(target: Target) -> SourceFile:
    if str(target.path) == STDIN:
        text, bom = decode(sys.stdin.buffer.read())
        return SourceFile(target.display, text, format_for(target.display) or "text", bom)
    return read_file(target.path, target.display)


def read_targets(run: _Run, targets: list[Target]) -> Iterator[tuple[Target, SourceFile]]:
    """Each target that can be read, with its text; the others reported as errors."""
    for target in targets:
        try:
            source = _read(target)
        except ReadError as error:
            run.error(f"{target.display}: {error}")
            continue
        yield target, source


def _config_folder(target: Target) -> Path:
    if str(target.path) == STDIN:
        named = Path(target.display)
        return named.parent if target.display != STDIN else Path.cwd()
    return target.path.parent


def _fix(
    engine: Engine, document: Document, workspace: Workspace
) -> tuple[Document, list[Report], int]:
    """Apply safe fixes until none are left; the fixed document, its reports, the count."""
    fixed_total = 0
    source = document.source
    reports = engine.check(document, workspace)
    for _ in range(_FIX_ROUNDS):
        text, count = apply_fixes(source.text, [r.finding for r in reports])
        if not count:
            break
        fixed_total += count
        source = SourceFile(source.path, text, source.format, source.bom)
        document = engine.parse(source)
        workspace.add(document)
        reports = engine.check(document, workspace)
    return document, reports, fixed_total


def _style(args: argparse.Namespace):
    from storylint.outputs.text import Style

    if args.color == "always":
        return Style(True)
    if args.color == "never" or os.environ.get("NO_COLOR"):
        return Style(False)
    return Style(sys.stdout.isatty())


def _render(run: _Run, results: list[tuple[SourceFile, list[Report]]], fixed: int) -> str:
    args = run.args
    located = locate(results)
    flat: list[Located] = [item for _, items in located for item in items]
    if args.format == "json":
        from storylint.outputs.json import render

        return render(flat)
    if args.format == "sarif":
        from storylint.outputs.sarif import render as render_sarif

        used = {rule.id for engine in run.engines.values() for rule in engine.rules}
        rules = [rule for rule in all_rules().values() if rule.id in used]
        extra = {item.report.rule.id: item.report.rule for item in flat}
        rules += [rule for rule_id, rule in extra.items() if rule_id not in used]
        return render_sarif(flat, rules)
    if args.format == "github":
        from storylint.outputs.github import render as render_github

        return render_github(flat)
    from storylint.outputs.text import render, render_concise, summary

    style = _style(args)
    body = (render_concise if args.format == "concise" or args.quiet else render)(located, style)
    if not args.quiet:
        fixable = sum(1 for item in flat if item.report.finding.safe_fix)
        body += summary(len(results), len(flat), fixable, fixed, style)
    return body


def _check_in_parallel(
    run: _Run, loaded: list[tuple[Target, SourceFile, Engine]], workspace: Workspace
) -> list[list[Report]] | None:
    """The reports of every loaded document, the documents shared out between processes
    of about equal work; None when that does not pay (few or short documents, one
    document most of the work: the engine splits its paragraphs instead) or cannot be
    done (LanguageTool, which keeps a connection)."""
    sizes = [len(source.text) for _, source, _ in loaded]
    jobs = jobs_for(sum(sizes), run.jobs)
    if (
        jobs < 2
        or max(sizes) * jobs > sum(sizes)
        or run.args.languagetool
        or any(engine.config.section("languagetool") for engine in run.engines.values())
    ):
        return None

    def check_group(group: list[int]) -> list[Portable]:
        portables = []
        for index in group:
            _, source, engine = loaded[index]
            document = workspace.documents[source.path]
            portables.append(engine.portable_found(document, workspace))
        return portables

    groups = balanced_groups(sizes, jobs)
    per_group = fork_map([partial(check_group, group) for group in groups])
    checked: list[list[Report]] = [[] for _ in loaded]
    for group, portables in zip(groups, per_group, strict=True):
        for index, portable in zip(group, portables, strict=True):
            _, source, engine = loaded[index]
            directives = workspace.documents[source.path].directives
            checked[index] = engine.reports(source, directives, engine.restored(portable)[0])
    return checked


def run_check(args: argparse.Namespace) -> int:
    run = _Run(args)
    try:
        rules = all_rules()
        if args.select is not None:
            check_selectors(args.select, rules, "--select")
        check_selectors(args.ignore, rules, "--ignore")
        resolver = ConfigResolver(Path(args.config) if args.config else None)
    except (ConfigError, RuleDataError) as error:
        print(f"storylint: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    if not with_stdin(args):
        return EXIT_ERROR

    targets = _targets(run, resolver)
    loaded: list[tuple[Target, SourceFile, Engine]] = []
    workspace = Workspace()
    progress = _Progress(len(targets), sys.stderr.isatty() and not args.quiet)
    try:
        for target, source in read_targets(run, targets):
            engine = run.engine(resolver.for_folder(_config_folder(target)))
            workspace.add(engine.parse(source))
            loaded.append((target, source, engine))
    except ConfigError as error:
        print(f"storylint: error: {error}", file=sys.stderr)
        return EXIT_ERROR

    results: list[tuple[SourceFile, list[Report]]] = []
    fixed_total = 0
    checked = None if args.fix else _check_in_parallel(run, loaded, workspace)
    for done, (target, source, engine) in enumerate(loaded, 1):
        progress.update(done, target.display)
        is_stdin = str(target.path) == STDIN
        if checked is not None:
            document = workspace.documents[source.path]
            reports = checked[done - 1]
        elif args.fix:
            document, reports, count = _fix(engine, workspace.documents[source.path], workspace)
            source = document.source
            if count:
                fixed_total += count
                if not is_stdin:
                    from storylint.write import write_atomic  # only --fix needs it

                    write_atomic(target.path, source.text, source.bom)
            if is_stdin:
                sys.stdout.write(source.text)
        else:
            document = workspace.documents[source.path]
            reports = engine.check(document, workspace)
        reports = run.with_languagetool(engine, document, reports, workspace)
        results.append((source, reports))
    progress.close()
    if run.languagetool is not None:
        run.languagetool.close()

    output = _render(run, results, fixed_total)
    stream = sys.stderr if args.fix and any(str(t.path) == STDIN for t in targets) else sys.stdout
    stream.write(output)
    stream.flush()
    if run.status == EXIT_ERROR or (args.strict and run.languagetool_failed):
        return EXIT_ERROR
    return EXIT_FINDINGS if any(reports for _, reports in results) else EXIT_CLEAN
