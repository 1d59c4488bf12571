"""A real editor: Emacs with Eglot (batch mode), using editors/emacs/storylint.el.

Needs ``emacs`` with Eglot 1.9 or later (Debian: emacs-nox and elpa-eglot; Emacs 29 has
Eglot built in). .ci/run installs them when it can.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, editor_env

CHAPTER = "Title\n\n😀 “Come,” she said. They could of gone.\n\n“I am leaving, she said.\n"


@pytest.fixture(scope="module")
def emacs() -> str:
    found = shutil.which("emacs")
    if found is None:
        pytest.skip("emacs is not installed")
    probe = subprocess.run([found, "--batch", "--eval", "(require 'eglot)"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("eglot is not available in this Emacs")
    return found


def run_emacs(emacs: str, script: str, folder: Path, env: dict) -> None:
    """Real Emacs in batch mode, in ``folder``, running ``tests/emacs/SCRIPT`` (which
    writes what it saw to ``$out``)."""
    subprocess.run(
        [emacs, "--batch", "-l", str(ROOT / "tests/emacs" / script)],
        cwd=folder,
        env=env,
        timeout=180,
        check=True,
        capture_output=True,
    )


def test_eglot_shows_diagnostics_and_applies_a_quick_fix(emacs, tmp_path):
    chapter = tmp_path / "chapter.txt"
    chapter.write_text(CHAPTER, encoding="utf-8")
    out = tmp_path / "out.txt"
    env = editor_env(tmp_path, chapter=str(chapter), out=str(out))
    run_emacs(emacs, "check.el", tmp_path, env)
    unclosed = (
        '"“" eglot-note dialogue [dialogue.unclosed-quote]: Unclosed quotation: the paragraph '
        "ends inside the quotation that “ opens here, and the next paragraph does not continue it"
    )
    assert out.read_text(encoding="utf-8").splitlines() == [
        "ok=t",
        '"before" "of" eglot-warning homophones [homophones.modal-of]: “could of gone” should be '
        "“could have gone”: after a modal verb, write “have” (or ’ve), not “of”".replace(
            '"before" ', "before "
        ),
        f"before {unclosed}",
        "action Replace with “have”",
        "republished=t",
        "line after fix: 😀 “Come,” she said. They could have gone.",
        f"after {unclosed}",
    ]


def test_the_setup_leaves_latex_and_org_buffers_alone(emacs, tmp_path):
    (tmp_path / "chapter.txt").write_text("She could of gone.\n", encoding="utf-8")
    (tmp_path / "notes.org").write_text("* Notes\nShe could of gone.\n", encoding="utf-8")
    (tmp_path / "paper.tex").write_text("\\documentclass{article}\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    env = editor_env(tmp_path, dir=str(tmp_path), out=str(out))
    run_emacs(emacs, "modes.el", tmp_path, env)
    assert out.read_text(encoding="utf-8").splitlines() == [
        "chapter.txt text-mode storylint",
        "notes.org org-mode none",
        "paper.tex latex-mode none",
        "latex-server t",
    ]
