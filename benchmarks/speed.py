"""Time ``storylint check`` on files, whole process, and print words per second.

    python benchmarks/speed.py ../shared/corpus/little_women.txt
    python benchmarks/speed.py ../shared/corpus/*.txt --runs 5

Each file is checked in a fresh process (start-up, imports and rule loading included),
the best of ``--runs`` is kept; then all files are checked together in one process.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path


def best_time(args: list[str], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "storylint", "check", "--format", "json", *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    total_words = 0
    print(f"{'file':<40} {'words':>9} {'seconds':>8} {'words/s':>10}")
    for path in args.files:
        words = len(path.read_text(encoding="utf-8").split())
        total_words += words
        seconds = best_time([str(path)], args.runs)
        print(f"{path.name:<40} {words:>9,} {seconds:>8.3f} {words / seconds:>10,.0f}")
    if len(args.files) > 1:
        seconds = best_time([str(p) for p in args.files], args.runs)
        print(
            f"{'all files, one process':<40} {total_words:>9,} {seconds:>8.3f} "
            f"{total_words / seconds:>10,.0f}"
        )
    startup = best_time(["--select", "dialogue.unclosed-quote", "-"], args.runs)
    print(f"start-up (empty stdin): {startup:.3f} s")


if __name__ == "__main__":
    main()
