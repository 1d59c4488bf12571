"""``storylint names``: the cast found in files and folders, or a ``[names]`` section.

Files are found and read as by ``storylint check`` (the same include and exclude
settings, ``-`` for stdin), and every name is counted across all of them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from storylint.cli.check import Run, targets_of, with_stdin
from storylint.cli.status import EXIT_CLEAN, EXIT_ERROR
from storylint.config import ConfigError
from storylint.outputs.names import render_text, render_toml
from storylint.project import Configs, Project, cast_rows


def run_names(args: argparse.Namespace) -> int:
    run = Run()
    if not with_stdin(args):
        return EXIT_ERROR
    try:
        project = Project(Configs(Path(args.config) if args.config else None), on_error=run.error)
        works = cast_rows(project, targets_of(project, args))
    except ConfigError as error:
        print(f"storylint: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    sys.stdout.write(render_toml(works) if args.toml else render_text(works))
    return run.status if run.status == EXIT_ERROR else EXIT_CLEAN
