"""The CLI on bad input: every case a fuzzing run broke, and random bytes.

Each run asserts: no traceback, a clear message naming the bad file, status 2, every
other file still checked (the good chapter's finding is reported), and nothing written
(a ``--fix`` run fixes the good chapter only).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_cli

GOOD = "She could of gone.\n"
FIXED = "She could have gone.\n"
GOOD_FINDING = "good.txt:1:11: warning[homophones.modal-of]"
ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0


def snapshot(folder: Path) -> dict[str, bytes]:
    """The bytes of every regular file under ``folder`` (links not followed)."""
    found = {}
    for root, _, files in os.walk(folder):
        for name in files:
            path = Path(root) / name
            if path.is_file() and not path.is_symlink():
                found[str(path.relative_to(folder))] = path.read_bytes()
    return found


def assert_clean_failure(result, *messages: str) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2, result.stderr
    for message in messages:
        assert message in result.stderr.splitlines(), result.stderr


@pytest.fixture
def book(tmp_path: Path) -> Path:
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    return folder


def check(folder: Path, *args: str):
    return run_cli("check", "--format", "concise", *args, cwd=folder)


def test_a_symlink_loop_in_a_folder(book: Path):
    (book / "loop.txt").symlink_to("loop.txt")
    (book / "sub").mkdir()
    (book / "sub" / "back").symlink_to("..")  # a folder link back up: not followed
    (book / "sub" / "a.md").symlink_to("b.md")
    (book / "sub" / "b.md").symlink_to("a.md")
    before = snapshot(book)
    result = check(book, ".")
    assert_clean_failure(
        result,
        "loop.txt: cannot read: Too many levels of symbolic links",
        "sub/a.md: cannot read: Too many levels of symbolic links",
        "sub/b.md: cannot read: Too many levels of symbolic links",
    )
    assert result.stdout.splitlines()[0].startswith(GOOD_FINDING)
    assert snapshot(book) == before


def test_fifos_named_or_in_a_folder_are_refused_without_waiting(book: Path):
    os.mkfifo(book / "pipe.txt")
    in_folder = check(book, ".")
    assert_clean_failure(in_folder, "pipe.txt: not a regular file (a FIFO); skipped")
    assert in_folder.stdout.splitlines()[0].startswith(GOOD_FINDING)
    named = check(book, "pipe.txt", "good.txt")
    assert_clean_failure(named, "pipe.txt: not a regular file (a FIFO); skipped")
    assert named.stdout.splitlines()[0].startswith(GOOD_FINDING)


def test_a_link_to_a_device_is_not_read(book: Path):
    (book / "zero.txt").symlink_to("/dev/zero")
    result = check(book, ".")
    assert_clean_failure(result, "zero.txt: not a regular file (a device or socket); skipped")
    assert result.stdout.splitlines()[0].startswith(GOOD_FINDING)


def _nest(folder: Path, depth: int, file: str, data: bytes) -> None:
    """``depth`` folders ``d`` inside each other in ``folder``, ``file`` at the bottom
    (made through folder descriptors: the path is longer than the system takes whole)."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=handle)
            inner = os.open("d", os.O_RDONLY, dir_fd=handle)
            os.close(handle)
            handle = inner
        out = os.open(file, os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=handle)
        os.write(out, data)
        os.close(out)
    finally:
        os.close(handle)


def _unnest(folder: Path, depth: int, file: str) -> None:
    """Remove what :func:`_nest` made, from the bottom up, without recursion."""
    handles = [os.open(folder, os.O_RDONLY)]
    for _ in range(depth):
        handles.append(os.open("d", os.O_RDONLY, dir_fd=handles[-1]))
    os.unlink(file, dir_fd=handles[-1])
    for level in range(depth, 0, -1):
        os.close(handles[level])
        os.rmdir("d", dir_fd=handles[level - 1])
    os.close(handles[0])


def test_a_thousand_folders_deep(book: Path):
    _nest(book, 1000, "deep.txt", GOOD.encode())
    try:
        result = check(book, ".")
    finally:
        _unnest(book, 1000, "deep.txt")
    assert "Traceback" not in result.stderr and result.returncode == 1, result.stderr[-500:]
    shown = "/".join(["d"] * 1000) + "/deep.txt:1:11: warning[homophones.modal-of]"
    assert [line.split(" “")[0] for line in result.stdout.splitlines()] == [
        GOOD_FINDING,
        shown,
        "Found 2 problems in 2 files. 2 can be fixed with --fix.",
    ]


def test_random_bytes_and_other_encodings(book: Path):
    generator = random.Random(22)
    for number in range(20):
        size = generator.randrange(1, 4000)
        data = bytes(generator.randrange(256) for _ in range(size))
        (book / f"random{number:02d}.txt").write_bytes(data)
    (book / "utf16.txt").write_bytes(GOOD.encode("utf-16"))
    (book / "latin1.md").write_bytes("Caf\xe9 au lait.\n".encode("latin-1"))
    (book / "empty.txt").write_bytes(b"")
    before = snapshot(book)
    result = check(book, "--fix", ".")
    assert "Traceback" not in result.stderr and result.returncode == 2
    errors = result.stderr.splitlines()
    assert "utf16.txt: UTF-16 or UTF-32 text; save it as UTF-8 to check it; skipped" in errors
    assert "latin1.md: not UTF-8 text at byte 3; skipped" in errors
    for number in range(20):
        name = f"random{number:02d}.txt"
        line = next((e for e in errors if e.startswith(f"{name}: ")), None)
        text = before[name].decode("utf-8", "replace")
        if line is None:  # random bytes that happen to be UTF-8 text: checked as text
            assert "\ufffd" not in text and b"\x00" not in before[name][:8192]
        else:
            assert line.endswith("; skipped")
    after = snapshot(book)
    assert after.pop("good.txt") == FIXED.encode()
    before.pop("good.txt")
    assert {k: v for k, v in after.items() if k.startswith(("utf16", "latin1", "empty"))} == {
        k: v for k, v in before.items() if k.startswith(("utf16", "latin1", "empty"))
    }


@pytest.mark.parametrize("fmt", ["json", "sarif", "concise", "github"])
def test_file_names_that_are_not_utf8_give_valid_output(book: Path, fmt: str):
    name = os.fsdecode(b"caf\xe9.txt")
    (book / name).write_text(GOOD, encoding="utf-8")
    process = subprocess.run(
        [sys.executable, "-m", "storylint", "check", "--format", fmt, "."],
        cwd=book,
        capture_output=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert process.returncode == 1
    output = process.stdout.decode("utf-8")  # strict: valid UTF-8
    if fmt == "json":
        assert [f["path"] for f in json.loads(output)] == ["caf\\xe9.txt", "good.txt"]
    elif fmt == "sarif":
        results = json.loads(output)["runs"][0]["results"]
        uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results]
        assert uris == ["caf%5Cxe9.txt", "good.txt"]
    else:
        assert "caf\\xe9.txt" in output


def test_a_file_name_that_is_not_utf8_in_error_messages(book: Path):
    (book / os.fsdecode(b"bad\xff.txt")).write_bytes(b"\xff\xfe\x00")
    process = subprocess.run(
        [sys.executable, "-m", "storylint", "check", "."], cwd=book, capture_output=True
    )
    assert process.returncode == 2
    assert "bad\\xff.txt: UTF-16 or UTF-32 text" in process.stderr.decode("utf-8")


def test_fix_keeps_owner_and_group(book: Path):
    if not ROOT_USER:
        pytest.skip("giving a file to another owner needs root")
    path = book / "good.txt"
    os.chown(path, 1234, 1234)
    os.chmod(path, 0o640)
    result = check(book, "--fix", "good.txt")
    assert result.returncode == 0, result.stderr
    info = path.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (1234, 1234, 0o640)
    assert path.read_text(encoding="utf-8") == FIXED


def test_fix_breaks_hard_links_as_the_readme_says(book: Path):
    (book / "link.txt").hardlink_to(book / "good.txt")
    assert check(book, "--fix", "good.txt").returncode == 0
    assert (book / "good.txt").read_text(encoding="utf-8") == FIXED
    assert (book / "link.txt").read_text(encoding="utf-8") == GOOD
    assert "breaks hard links" in (ROOT / "README.md").read_text(encoding="utf-8")


# -- without the right to read or write a folder --------------------------------------------

#: Root reads and writes any folder: as root, the CLI runs without those capabilities.
DROP_RIGHTS = (
    [
        "setpriv",
        "--bounding-set=-dac_override,-dac_read_search",
        "--inh-caps=-dac_override,-dac_read_search",
    ]
    if ROOT_USER
    else []
)
needs_other_user = pytest.mark.skipif(
    ROOT_USER and shutil.which("setpriv") is None,
    reason="as root, setpriv (util-linux) is needed to drop the right to read any folder",
)


@pytest.fixture
def shared_folder(tmp_path: Path):
    """A folder, and how to run the CLI in it without root's rights."""

    def run(*args: str):
        return subprocess.run(
            [*DROP_RIGHTS, sys.executable, "-m", "storylint", *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env={**os.environ, "NO_COLOR": "1"},
            timeout=120,
        )

    yield tmp_path, run
    for root, dirs, _ in os.walk(tmp_path):
        for name in dirs:
            os.chmod(Path(root) / name, 0o755)


@needs_other_user
def test_an_unreadable_folder_is_reported(shared_folder):
    folder, run = shared_folder
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "locked").mkdir()
    (folder / "locked" / "secret.txt").write_text(GOOD, encoding="utf-8")
    os.chmod(folder / "locked", 0o000)
    os.chmod(folder / "good.txt", 0o666)
    result = run("check", "--format", "concise", ".")
    assert "Traceback" not in result.stderr
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "locked: cannot read this folder: Permission denied; skipped"
    ]
    assert result.stdout.splitlines()[0].startswith(GOOD_FINDING)


@needs_other_user
def test_fix_in_a_read_only_folder_reports_it_and_fixes_the_others(shared_folder):
    folder, run = shared_folder
    (folder / "a-good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "locked").mkdir()
    (folder / "locked" / "chapter.txt").write_text(GOOD, encoding="utf-8")
    (folder / "z-good.txt").write_text(GOOD, encoding="utf-8")
    for name in ("a-good.txt", "z-good.txt", "locked/chapter.txt"):
        os.chmod(folder / name, 0o666)
    os.chmod(folder / "locked", 0o555)  # its files can be read, not replaced
    result = run("check", "--fix", "--format", "concise", ".")
    assert "Traceback" not in result.stderr
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "locked/chapter.txt: cannot write the fixes: Permission denied; left unchanged"
    ]
    assert (folder / "a-good.txt").read_text(encoding="utf-8") == FIXED
    assert (folder / "z-good.txt").read_text(encoding="utf-8") == FIXED
    assert (folder / "locked" / "chapter.txt").read_text(encoding="utf-8") == GOOD
    # the file left unchanged is reported as it is
    assert result.stdout.splitlines()[0].startswith(
        "locked/chapter.txt:1:11: warning[homophones.modal-of]"
    )
    assert sorted(os.listdir(folder / "locked")) == ["chapter.txt"]  # no temporary left
