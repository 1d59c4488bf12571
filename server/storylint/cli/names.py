"""``storylint names``: the cast found in files and folders, or a ``[names]`` section.

Files are found and read as by ``storylint check`` (the same include and exclude
settings, ``-`` for stdin); every file read is one workspace, so the report counts a
name across all chapters. The cast list of the config that applies to the first file
is used to mark cast names and to find variants of them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from storylint.checks.names.cast import cast_of
from storylint.checks.names.index import NameIndex
from storylint.checks.names.report import cast_report, render_text, render_toml
from storylint.cli.check import _config_folder, _Run, _targets, read_targets, with_stdin
from storylint.cli.main import EXIT_CLEAN, EXIT_ERROR
from storylint.config import DEFAULT, ConfigError, ConfigResolver
from storylint.parse.document import parse_document


def run_names(args: argparse.Namespace) -> int:
    run = _Run(args)
    if not with_stdin(args):
        return EXIT_ERROR
    try:
        resolver = ConfigResolver(Path(args.config) if args.config else None)
        targets = _targets(run, resolver)
        documents = []
        config = None
        for target, source in read_targets(run, targets):
            if config is None:
                config = resolver.for_folder(_config_folder(target))
            documents.append(parse_document(source))
    except ConfigError as error:
        print(f"storylint: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    index = NameIndex(documents)
    rows = cast_report(index, cast_of(config if config is not None else DEFAULT))
    sys.stdout.write(render_toml(rows) if args.toml else render_text(rows))
    return run.status if run.status == EXIT_ERROR else EXIT_CLEAN
