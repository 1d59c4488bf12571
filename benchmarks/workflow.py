"""A folder of books and a long document through the CLI: time, CPU, memory, index builds.

    python benchmarks/workflow.py ../shared/corpus
    python benchmarks/workflow.py ../shared/corpus --pythonpath ../main/server   # another copy

For the folder (every file checked together, all rules), with the default ``--jobs`` and
with ``--jobs 1``: the best wall time and the CPU time (the process and its forked
children) of ``--runs`` runs, and how many names indexes each process built (each work's
index should be built once, in the process that forks). For a document of ``--megabytes``
made of the folder's files one after another: the peak memory (maximum resident set of
the process, and of its children) with ``--jobs 1`` and with the default jobs, and the
megabytes of memory per megabyte of text.

``--pythonpath`` runs another copy of storylint (its ``server`` folder) for comparison.
Timings drift 20-30% on a shared machine: compare best runs taken close together.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Counts names-index builds: each process that builds one appends its pid to a file.
_COUNTING = """
import os, sys
import storylint.checks.names.index as index
original = index.NameIndex.__init__
def counted(self, documents):
    with open(os.environ["STORYLINT_BENCH_COUNT"], "a") as out:
        out.write(f"{os.getpid()}\\n")
    original(self, documents)
index.NameIndex.__init__ = counted
from storylint.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def _environment(pythonpath: str | None, **extra: str) -> dict[str, str]:
    env = {**os.environ, "NO_COLOR": "1", **extra}
    if pythonpath:
        env["PYTHONPATH"] = str(Path(pythonpath).resolve())
    return env


def _run(args: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (with children) and peak resident MB of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.run(args, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode not in (0, 1):
        raise SystemExit(process.stderr.decode(errors="replace"))
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024


def _peak(args: list[str], env: dict[str, str]) -> float:
    """Peak resident MB of one run, alone in a fresh process (ru_maxrss of children is a
    maximum over every child so far, so each measure gets a process of its own)."""
    code = (
        "import resource, subprocess, sys;"
        "subprocess.run(sys.argv[1:], capture_output=True);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip()) / 1024


def index_builds(folder: Path, jobs: list[str], env: dict[str, str]) -> tuple[int, int]:
    """(indexes built, processes that built one) in one check of ``folder``."""
    with tempfile.TemporaryDirectory() as scratch:
        count = Path(scratch) / "builds"
        count.touch()
        subprocess.run(
            [sys.executable, "-c", _COUNTING, "check", "-q", *jobs, str(folder)],
            env={**env, "STORYLINT_BENCH_COUNT": str(count)},
            capture_output=True,
            check=False,
        )
        pids = count.read_text().split()
    return len(pids), len(set(pids))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--megabytes", type=float, default=8.0)
    parser.add_argument("--pythonpath", help="the server folder of another storylint copy")
    args = parser.parse_args()
    env = _environment(args.pythonpath)
    storylint = [sys.executable, "-m", "storylint", "check", "-q"]
    print(f"{args.folder}: {len(list(args.folder.glob('*.txt')))} files")
    for label, jobs in (("default jobs", []), ("--jobs 1", ["--jobs", "1"])):
        runs = [_run([*storylint, *jobs, str(args.folder)], env) for _ in range(args.runs)]
        wall = min(r[0] for r in runs)
        cpu = min(r[1] for r in runs)
        built, processes = index_builds(args.folder, jobs, env)
        print(
            f"  {label:>12}: best {wall:.2f} s wall, {cpu:.2f} s CPU; "
            f"{built} names indexes built in {processes} process(es)"
        )
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.folder.glob("*.txt"))]
    size = int(args.megabytes * 1_000_000)
    parts, total, number = [], 0, 0
    while total < size:
        text = texts[number % len(texts)]
        parts.append(text)
        total += len(text.encode("utf-8"))
        number += 1
    document = "\n\n".join(parts).encode("utf-8")[:size].decode("utf-8", "ignore")
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "long.txt"
        path.write_text(document, encoding="utf-8")
        megabytes = path.stat().st_size / 1_000_000
        for label, jobs in (("--jobs 1", ["--jobs", "1"]), ("default jobs", [])):
            peak = _peak([*storylint, *jobs, str(path)], env)
            print(
                f"  {megabytes:.1f} MB document, {label}: peak {peak:.0f} MB resident "
                f"({peak / megabytes:.1f} MB per MB of text)"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
