"""Entry point for ``python -m storylint``."""

from storylint.cli.main import run

run()
