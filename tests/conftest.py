"""Shared helpers: run the real CLI in a subprocess, or the engine in-process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from storylint.checks import all_rules
from storylint.config import Config
from storylint.engine import Engine
from storylint.read.source import SourceFile
from storylint.report import Report

# The rule-data cache of every test and every process it starts, away from the home folder
os.environ.setdefault("STORYLINT_CACHE_DIR", tempfile.mkdtemp(prefix="storylint-cache-"))

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str

    @property
    def json(self):
        return json.loads(self.stdout)


def run_cli(*args: str, cwd: Path | None = None, stdin: bytes | None = None, env=None) -> Result:
    """Run ``python -m storylint ARGS`` and capture what it prints."""
    environment = {**os.environ, "NO_COLOR": "1", **(env or {})}
    process = subprocess.run(
        [sys.executable, "-m", "storylint", *args],
        cwd=cwd or ROOT,
        input=stdin,
        capture_output=True,
        env=environment,
        timeout=120,
    )
    return Result(
        process.returncode,
        process.stdout.decode("utf-8", "replace"),
        process.stderr.decode("utf-8", "replace"),
    )


def editor_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """Environment for a real editor run by a test: a private home and config, this
    repository and Python, and ``STORYLINT_<NAME>`` variables for the editor's script."""
    return {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "STORYLINT_REPO": str(ROOT),
        "STORYLINT_PYTHON": sys.executable,
        **{f"STORYLINT_{name.upper()}": value for name, value in extra.items()},
    }


def check_text(
    text: str, *, filename: str = "chapter.txt", select: list[str] | None = None, **config
) -> list[Report]:
    """Check ``text`` in-process with only ``select`` rules (all default rules if None)."""
    fmt = "markdown" if filename.endswith((".md", ".markdown")) else "text"
    settings = Config(select=tuple(select) if select else None, **config)
    engine = Engine(settings)
    return engine.check(SourceFile(filename, text, fmt))


def spans(reports: list[Report], text: str) -> list[tuple[str, str]]:
    """(rule id, covered text) for each report: a compact thing to compare."""
    return [(r.rule.id, text[r.start : r.end]) for r in reports]


@pytest.fixture(scope="session")
def rules():
    return all_rules()
