"""The pre-commit hook, run by the real pre-commit against a sample repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

PRE_COMMIT = Path(sys.executable).with_name("pre-commit")


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> Path:
    """A committed copy of this repository (pre-commit installs hooks from git)."""
    if not PRE_COMMIT.exists() and shutil.which("pre-commit") is None:
        pytest.skip("pre-commit is not installed (it is in the test extras)")
    copy = tmp_path_factory.mktemp("hook") / "storylint"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", ".ci", "node_modules", ".cache", "__pycache__"
        ),
    )
    git(copy, "init", "-q")
    git(copy, "add", "-A")
    git(
        copy,
        "-c",
        "user.email=t@example.org",
        "-c",
        "user.name=t",
        "commit",
        "-q",
        "-m",
        "snapshot",
    )
    return copy


def run_hook(
    hook_repo: Path, project: Path, cache: Path, *, all_files: bool = True
) -> subprocess.CompletedProcess:
    command = str(PRE_COMMIT) if PRE_COMMIT.exists() else "pre-commit"
    return subprocess.run(
        [command, "try-repo", str(hook_repo), "storylint", *(["--all-files"] if all_files else [])],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "PRE_COMMIT_HOME": str(cache), "NO_COLOR": "1"},
    )


def test_hook_fails_on_a_mistake_and_passes_on_clean_text(hook_repo, tmp_path):
    project = tmp_path / "novel"
    project.mkdir()
    (project / "ch01.md").write_text("# One\n\nShe could of gone.\n", encoding="utf-8")
    (project / "notes.py").write_text("x = 'could of gone'\n", encoding="utf-8")
    git(project, "init", "-q")
    git(project, "add", "-A")
    cache = tmp_path / "pre-commit-cache"
    failed = run_hook(hook_repo, project, cache)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "ch01.md:3:11: warning[homophones.modal-of]" in failed.stdout
    assert "notes.py" not in failed.stdout

    (project / "ch01.md").write_text("# One\n\nShe could have gone.\n", encoding="utf-8")
    git(project, "add", "-A")
    passed = run_hook(hook_repo, project, cache)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "storylint" in passed.stdout and "Passed" in passed.stdout


def commit(cwd: Path, message: str) -> None:
    git(cwd, "-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-q", "-m", message)


def test_a_staged_chapter_is_compared_with_the_chapters_not_staged(hook_repo, tmp_path):
    project = tmp_path / "novel"
    project.mkdir()
    # chapter 1, committed earlier: Tobias five times, and a mistake of its own that the
    # hook must not report (chapter 1 is not staged)
    (project / "ch01.txt").write_text(
        "Tobias woke. Maren and Tobias ate, then Tobias slept.\n\n"
        "Later Tobias left, and Tobias could of stayed.\n",
        encoding="utf-8",
    )
    (project / "LICENSE").write_text("Permission is hereby granted, free of charge.\n", "utf-8")
    git(project, "init", "-q")
    git(project, "add", "-A")
    commit(project, "chapter 1")
    # a new chapter, staged, with the name misspelt; an extension-less chapter too
    (project / "ch02.txt").write_text("“In the lamp room,” Tobais said.\n", encoding="utf-8")
    (project / "epilogue").write_text("She could of stayed.\n", encoding="utf-8")
    git(project, "add", "ch02.txt", "epilogue")
    cache = tmp_path / "pre-commit-cache"
    failed = run_hook(hook_repo, project, cache, all_files=False)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    reported = [line for line in failed.stdout.splitlines() if ": warning[" in line]
    assert reported == [
        "ch02.txt:1:21: warning[names.variant] “Tobais” appears once; “Tobias” appears 5 "
        "times, first in ch01.txt:1",
        "epilogue:1:11: warning[homophones.modal-of] “could of stayed” should be “could "
        "have stayed”: after a modal verb, write “have” (or ’ve), not “of”",
    ]

    (project / "ch02.txt").write_text("“In the lamp room,” Tobias said.\n", encoding="utf-8")
    (project / "epilogue").write_text("She could have stayed.\n", encoding="utf-8")
    git(project, "add", "ch02.txt", "epilogue")
    passed = run_hook(hook_repo, project, cache, all_files=False)
    assert passed.returncode == 0, passed.stdout + passed.stderr
