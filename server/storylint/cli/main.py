"""Argument parsing and dispatch; ``storylint --version`` imports nothing else.

Exit codes are in :mod:`storylint.cli.status`.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import NoReturn

from storylint.cli.status import EXIT_CLEAN, EXIT_ERROR

FORMATS = ("text", "concise", "json", "sarif", "github")
SEVERITIES = ("error", "warning", "info", "hint")


def _add_paths(command: argparse.ArgumentParser, what: str) -> None:
    """The PATH arguments of a subcommand that reads files and folders."""
    command.add_argument(
        "paths",
        nargs="*",
        default=["."],
        metavar="PATH",
        help=f"{what} ('-' reads stdin); default: .",
    )


def _parser() -> argparse.ArgumentParser:
    from storylint import __version__

    parser = argparse.ArgumentParser(
        prog="storylint",
        description="A proofreader for fiction: dialogue punctuation, homophones, character names.",
    )
    parser.add_argument("--version", action="version", version=f"storylint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_check(commands)
    _add_rules(commands)
    _add_names(commands)
    _add_report(commands)
    _add_lsp(commands)
    return parser


def _add_check(commands: argparse._SubParsersAction) -> None:
    check = commands.add_parser(
        "check",
        help="check files and folders",
        description="Check .txt, .md, .docx, .odt, .epub and .html files (folders are "
        "searched recursively).",
    )
    _add_paths(check, "files or folders to check")
    check.add_argument(
        "--format", choices=FORMATS, default="text", help="output format (default: text)"
    )
    check.add_argument(
        "--select",
        action="append",
        metavar="RULES",
        help="only these rules or categories (comma-separated; replaces config)",
    )
    check.add_argument(
        "--ignore",
        action="append",
        metavar="RULES",
        help="skip these rules or categories (comma-separated)",
    )
    check.add_argument("--config", metavar="PATH", help="use this config file, no search")
    check.add_argument(
        "--include",
        action="append",
        metavar="GLOB",
        help="file names to check in folders (default: *.txt *.md ...)",
    )
    check.add_argument(
        "--exclude", action="append", metavar="GLOB", help="paths to skip in folders"
    )
    check.add_argument(
        "--stdin-filename",
        metavar="NAME",
        help="file name for text read from stdin (sets format and config)",
    )
    check.add_argument(
        "--context",
        action="append",
        metavar="PATH",
        help="also read PATH (files or folders) for the names of the whole manuscript, "
        "without reporting on it (pre-commit: the staged files against the rest)",
    )
    check.add_argument(
        "--no-ignore",
        action="store_true",
        help="also check files that .gitignore files ignore",
    )
    check.add_argument(
        "--fix",
        action="store_true",
        help="apply safe fixes in place (atomically) and report what is left",
    )
    check.add_argument(
        "--fix-in-place",
        action="store_true",
        help="with --fix, write a .docx's tracked changes into it, not into a copy beside it",
    )
    check.add_argument(
        "--diff",
        action="store_true",
        help="print what --fix would change as a unified diff, and write nothing",
    )
    check.add_argument(
        "--fail-on",
        choices=SEVERITIES,
        metavar="LEVEL",
        help="the lowest severity that fails the check: error, warning, info or hint "
        "(default: the config's fail-on, else warning)",
    )
    check.add_argument(
        "--exit-zero",
        action="store_true",
        help="exit with status 0 even when there are findings (errors still give 2)",
    )
    check.add_argument(
        "--languagetool",
        metavar="URL",
        help="also check grammar and spelling with the LanguageTool server at URL",
    )
    check.add_argument(
        "--strict",
        action="store_true",
        help="exit with status 2 when LanguageTool is configured but cannot check",
    )
    check.add_argument(
        "--jobs",
        "-j",
        type=_jobs,
        metavar="N",
        help="processes to check a long document with (default: the CPUs, at most 4)",
    )
    check.add_argument(
        "--quiet", "-q", action="store_true", help="print findings only: no summary, no progress"
    )
    check.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour text output (default: auto, on a terminal)",
    )


def _add_rules(commands: argparse._SubParsersAction) -> None:
    rules = commands.add_parser(
        "rules",
        help="list rules, or explain one",
        description="List every rule, or explain one with examples.",
    )
    rules.add_argument(
        "rule", nargs="?", metavar="ID", help="a rule id, e.g. dialogue.unclosed-quote"
    )
    rules.add_argument("--format", choices=("text", "json", "markdown"), default="text")


def _add_names(commands: argparse._SubParsersAction) -> None:
    names = commands.add_parser(
        "names",
        help="report the character names found, or print a [names] config section",
        description="List the character names found in files and folders (counted across "
        "all of them): each name, how often it appears, where first, and its variant "
        "spellings.",
    )
    _add_paths(names, "files or folders")
    names.add_argument(
        "--toml", action="store_true", help="print a ready-to-paste [names] config section"
    )
    names.add_argument("--config", metavar="PATH", help="use this config file, no search")
    names.add_argument("--include", action="append", metavar="GLOB", help="file names to read")
    names.add_argument("--exclude", action="append", metavar="GLOB", help="paths to skip")
    names.add_argument(
        "--stdin-filename", metavar="NAME", help="file name for text read from stdin"
    )
    names.add_argument(
        "--no-ignore", action="store_true", help="also read files that .gitignore files ignore"
    )


def _add_report(commands: argparse._SubParsersAction) -> None:
    report = commands.add_parser(
        "report",
        help="write one HTML page showing a manuscript's findings and cast",
        description="Check files and folders as 'storylint check' does and write one "
        "self-contained HTML page: a summary, each chapter with its findings marked, the "
        "cast. It replaces only an older storylint report (or any file, with --force).",
    )
    _add_paths(report, "files or folders to report on")
    report.add_argument(
        "--output",
        "-o",
        metavar="FILE",
        help="where to write the page ('-' for stdout; default: storylint-report.html)",
    )
    report.add_argument(
        "--force", action="store_true", help="replace FILE even if it is not a storylint report"
    )
    report.add_argument("--title", metavar="TEXT", help="the page's title (default: the paths)")
    report.add_argument(
        "--select", action="append", metavar="RULES", help="only these rules or categories"
    )
    report.add_argument(
        "--ignore", action="append", metavar="RULES", help="skip these rules or categories"
    )
    report.add_argument("--config", metavar="PATH", help="use this config file, no search")
    report.add_argument(
        "--include", action="append", metavar="GLOB", help="file names to check in folders"
    )
    report.add_argument(
        "--exclude", action="append", metavar="GLOB", help="paths to skip in folders"
    )
    report.add_argument(
        "--no-ignore", action="store_true", help="also read files that .gitignore files ignore"
    )
    report.add_argument(
        "--stdin-filename", metavar="NAME", help="file name for text read from stdin"
    )
    report.add_argument(
        "--languagetool",
        metavar="URL",
        help="also check grammar and spelling with the LanguageTool server at URL",
    )
    report.add_argument(
        "--jobs", "-j", type=_jobs, metavar="N", help="processes to check a long document with"
    )


def _add_lsp(commands: argparse._SubParsersAction) -> None:
    lsp = commands.add_parser(
        "lsp",
        help="run the language server on stdio",
        description="Run the language server over stdio (for editors).",
    )
    lsp.add_argument(
        "--stdio",
        action="store_true",
        help="accepted for editors that pass it; stdio is the default",
    )


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"expected a number of processes, 1 or more: {value!r}")
    return jobs


def _split(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [item.strip() for value in values for item in value.split(",") if item.strip()]


@contextmanager
def _few_collections() -> Iterator[None]:
    """Run the cyclic garbage collector rarely during a one-off command.

    A check builds hundreds of thousands of small objects that live until it ends
    (paragraphs, tokens, quotation marks) and hardly any reference cycles, so the
    collector's frequent passes over them find nothing: on a novel they cost about
    0.3 s of 3 s. Everything loaded before is frozen out of the passes altogether.
    """
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv in (["--version"], ["-V"]):
        from storylint import __version__

        print(f"storylint {__version__}")
        return EXIT_CLEAN
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return EXIT_ERROR if exit_.code not in (0, None) else EXIT_CLEAN
    try:
        if args.command == "check":
            from storylint.cli.check import run_check

            args.select = _split(args.select)
            args.ignore = _split(args.ignore) or []
            if (args.fix or args.fix_in_place) and args.diff:
                print("storylint: error: --fix and --diff cannot be used together", file=sys.stderr)
                return EXIT_ERROR
            with _few_collections():
                return run_check(args)
        if args.command == "rules":
            from storylint.cli.rules import run_rules

            return run_rules(args)
        if args.command == "names":
            from storylint.cli.names import run_names

            with _few_collections():
                return run_names(args)
        if args.command == "report":
            from storylint.cli.report import run_report

            args.select = _split(args.select)
            args.ignore = _split(args.ignore) or []
            with _few_collections():
                return run_report(args)
        if args.command == "lsp":
            from storylint.lsp.server import run

            return run()
    except KeyboardInterrupt:
        print("storylint: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_CLEAN
    parser.print_help()
    return EXIT_ERROR


def run() -> NoReturn:
    """The console entry point: :func:`main`, then exit at once.

    A check of a novel leaves a heap of about a million small objects; letting the
    interpreter free them one by one at exit took longer than reading and parsing the
    novel (0.7 s of 2.7 s). Everything the commands write is flushed or closed by now.
    """
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with suppress(BrokenPipeError, ValueError):  # ValueError: closed (the server's stdout)
            stream.flush()
    os._exit(code)
