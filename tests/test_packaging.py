"""A plain, non-editable install carries the rule data inside the package."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("storylint-*.whl")
    return built


def test_wheel_contains_the_rule_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {p.relative_to(ROOT).as_posix() for p in (ROOT / "rules").rglob("*") if p.is_file()}
    assert shipped, "rules/ is empty"
    assert {f"storylint/{name}" for name in shipped} <= names
    assert "storylint/cli/main.py" in names
    assert {"storylint/outputs/report/report.css", "storylint/outputs/report/report.js"} <= names
    assert not any(name.startswith(("tests/", "seeds/")) for name in names)


def test_installed_package_finds_its_data_and_runs(wheel, tmp_path):
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    chapter = tmp_path / "chapter.txt"
    chapter.write_text("She would of known.\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import storylint, storylint.data as d; print(storylint.__file__); print(d.rules_dir())",
        ],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    )
    package_file, rules_dir = probe.stdout.split()
    assert Path(package_file).is_relative_to(site)
    assert Path(rules_dir) == site / "storylint" / "rules"
    run = subprocess.run(
        [sys.executable, "-m", "storylint", "check", "--format", "concise", str(chapter)],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 1
    assert "homophones.modal-of" in run.stdout
    report = subprocess.run(
        [sys.executable, "-m", "storylint", "report", str(chapter), "-o", "-"],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert report.returncode == 0, report.stderr
    assert "homophones.modal-of" in report.stdout and "</script></body></html>" in report.stdout
