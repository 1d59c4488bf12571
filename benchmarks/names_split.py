"""Check that a folder of chapters gives the same name findings as one file.

    python benchmarks/names_split.py ../shared/corpus/little_women.txt --parts 47

The novel is checked as one file, then split at blank lines into ``--parts`` chapter
files in a temporary folder that is checked as a whole. Findings of the split run are
moved back to the lines of the whole novel (their "first in FILE:LINE" too) and the two
lists must be equal. Exit status 0 when they are.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

_PLACE = re.compile(r"first in (\S+):(\d+)")


def _check(paths: list[str], cwd: Path) -> list[dict]:
    process = subprocess.run(
        [
            sys.executable,
            "-m",
            "storylint",
            "check",
            "--select",
            "names",
            "--format",
            "json",
            *paths,
        ],
        cwd=cwd,
        capture_output=True,
        check=False,
    )
    if process.returncode not in (0, 1):
        raise RuntimeError(process.stderr.decode())
    return json.loads(process.stdout)


def split(text: str, parts: int) -> list[tuple[int, str]]:
    """``text`` cut at blank lines into about ``parts`` pieces: (first line, piece)."""
    lines = text.split("\n")
    size = max(len(lines) // parts, 1)
    pieces: list[tuple[int, str]] = []
    start = 0
    for at in range(len(lines)):
        if at - start >= size and lines[at] == "" and at + 1 < len(lines):
            pieces.append((start + 1, "\n".join(lines[start : at + 1]) + "\n"))
            start = at + 1
    pieces.append((start + 1, "\n".join(lines[start:])))
    return pieces


def _normal(finding: dict, line_of: dict[str, int]) -> tuple:
    def place(match: re.Match[str]) -> str:
        return f"first in line {line_of[match.group(1)] + int(match.group(2)) - 1}"

    return (
        line_of[finding["path"]] + finding["line"] - 1,
        finding["column"],
        finding["rule"],
        _PLACE.sub(place, finding["message"]),
        tuple(fix["replacement"] for fix in finding["fixes"]),
    )


def compare(text: str, folder: Path, parts: int) -> tuple[list[tuple], list[tuple]]:
    """(findings of the whole text, findings of its split chapters), in whole-text lines."""
    (folder / "whole.txt").write_text(text, encoding="utf-8")
    chapters = folder / "chapters"
    chapters.mkdir()
    line_of = {"whole.txt": 1}
    for number, (first_line, piece) in enumerate(split(text, parts), 1):
        name = f"chapters/ch{number:03d}.txt"
        (folder / name).write_text(piece, encoding="utf-8")
        line_of[name] = first_line
    single = [_normal(f, line_of) for f in _check(["whole.txt"], folder)]
    several = [_normal(f, line_of) for f in _check(["chapters"], folder)]
    return sorted(single), sorted(several)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("novel", type=Path)
    parser.add_argument("--parts", type=int, default=40)
    args = parser.parse_args()
    text = args.novel.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:
        single, several = compare(text, Path(folder), args.parts)
    print(f"{args.novel.name}: {len(single)} findings as one file, {len(several)} as chapters")
    if single == several:
        print("identical")
        return 0
    for item in sorted(set(single) ^ set(several)):
        print(("only as one file: " if item in single else "only as chapters: "), item)
    return 1


if __name__ == "__main__":
    sys.exit(main())
