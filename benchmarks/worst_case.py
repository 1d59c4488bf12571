"""Worst cases for time: inputs built to be slow, checked at growing sizes.

    python benchmarks/worst_case.py
    python benchmarks/worst_case.py --sizes 250000 500000 1000000 2000000 --runs 5

Each case is a text of about N characters, checked by ``storylint check --format json``
in a fresh process (start-up included; best of ``--runs``). The cases are the shapes that
once took quadratic time or could: runs of quotation marks (straight, mixed, spaced out,
around one-letter words), one huge paragraph of dialogue with a finding in every
sentence, and a folder of many tiny files (N/100 files of one line). Time should grow in
proportion to N: the last column gives seconds per million characters, which should stay
about the same from one size to the next.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda size: unit * max(1, size // len(unit))


#: name -> (what it is, text of a given size)
CASES: dict[str, tuple[str, Callable[[int], str]]] = {
    "straight-run": ('"""…: one run of straight marks', _repeat('"')),
    "mixed-run": ("“‘\"'…: one run of mixed marks", _repeat("“‘\"'")),
    "spaced-marks": ('" " "…: marks with spaces between', _repeat('" ')),
    "one-letter-quotes": ("“a” “a”…: quotations of one letter", _repeat("“a” ")),
    "unclosed-nested": ("“‘a” …: a nested quotation cut off each time", _repeat("“‘a” ")),
    "misspaced-opens": ("a,’ b,’ c…: marks spaced on their wrong side", _repeat("a,’ ")),
    "nested-doubles": ('"a "b" c" …: double marks inside double marks', _repeat('"a "b" c" ')),
    "strays-after-singles": (
        "‘a’ … then .” x .” x…: stray marks after many quotations of the other family",
        lambda size: "‘a’ " * (size // 8) + ".” x " * (size // 10),
    ),
    "dialogue-paragraph": (
        "one paragraph (one line) of dialogue, a finding in every sentence",
        _repeat('"Wait." she said. "Sorry Sam but I can\'t." He shrugged, "Fine." '),
    ),
}


def best_time(arguments: list[str], runs: int, cwd: Path | None = None) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.run(
            [sys.executable, "-m", "storylint", "check", "--format", "json", *arguments],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            cwd=cwd,
            check=False,
        )
        best = min(best, time.perf_counter() - start)
        if process.returncode not in (0, 1):
            sys.exit(f"storylint failed: {process.stderr.decode()}")
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250_000, 500_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cases", nargs="+", choices=[*CASES, "tiny-files"])
    args = parser.parse_args()
    chosen = args.cases or [*CASES, "tiny-files"]
    print(f"{'case':<20} {'characters':>11} {'seconds':>8} {'s per M chars':>14}")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name in chosen:
            for size in args.sizes:
                if name == "tiny-files":
                    files = root / f"tiny-{size}"
                    files.mkdir()
                    line = '"Wait." she said.\n'
                    count = max(1, size // 100)
                    for number in range(count):
                        (files / f"{number:06}.txt").write_text(line, encoding="utf-8")
                    seconds = best_time([str(files)], args.runs)
                    characters = count * len(line)
                else:
                    path = root / f"{name}-{size}.txt"
                    text = CASES[name][1](size)
                    path.write_text(text, encoding="utf-8")
                    seconds = best_time([str(path)], args.runs)
                    characters = len(text)
                per_million = seconds * 1_000_000 / characters
                print(f"{name:<20} {characters:>11,} {seconds:>8.2f} {per_million:>14.2f}")
    print("\ncases:")
    for name, (what, _) in CASES.items():
        print(f"  {name:<20} {what}")
    print(f"  {'tiny-files':<20} N/100 files of one line, checked as one folder")


if __name__ == "__main__":
    main()
