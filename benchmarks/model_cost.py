"""What the confusion model costs: file size, load time, check time and server memory.

    python benchmarks/model_cost.py ../shared/corpus/little_women.txt
    python benchmarks/model_cost.py novel.txt --runs 7 --edits 150

Prints the model file's size; the time to load it in a fresh process (the median of
``--runs``; the tables are memory-mapped, so this is reading the header and mapping the
arrays); ``storylint check`` of the novel, whole process, best of ``--runs``, with the
model and without it (``$STORYLINT_CONFUSION_MODEL`` pointing at no file: the patterns
alone); and, through ``benchmarks/lsp_latency.py``, the language server's memory and
keystroke latency with and without it. Targets: load ≤ 50 ms, check of *Little Women*
≤ 1.0 s, ≤ 60 MB more server memory, keystroke p95 ≤ 15 ms, file ≤ 25 MB.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

from storylint.checks.homophones.model import model_path

HERE = Path(__file__).resolve().parent
_LOAD = (
    "import time; from storylint.checks.homophones import model as m; "
    "t = time.perf_counter(); loaded = m.model(); "
    "print((time.perf_counter() - t) * 1000 if loaded is not None else -1)"
)


def _environment(with_model: bool) -> dict[str, str]:
    environment = dict(os.environ)
    if not with_model:
        environment["STORYLINT_CONFUSION_MODEL"] = os.devnull + ".missing"
    return environment


def load_ms(runs: int) -> float:
    """The median time to load the model in a fresh process, in milliseconds."""
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", _LOAD], capture_output=True, text=True, check=True
        ).stdout
        times.append(float(out))
    if min(times) < 0:
        raise SystemExit(f"{model_path()}: the model could not be loaded")
    return statistics.median(times)


def check_seconds(novel: Path, runs: int, with_model: bool) -> float:
    """The best wall time of ``storylint check NOVEL`` over ``runs``."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "storylint", "check", str(novel)],
            capture_output=True,
            env=_environment(with_model),
        )
        best = min(best, time.perf_counter() - started)
    return best


def server(novel: Path, edits: int, with_model: bool) -> tuple[float, float]:
    """The language server's memory (MiB) and keystroke p95 (ms) on the novel."""
    out = subprocess.run(
        [sys.executable, str(HERE / "lsp_latency.py"), str(novel), "--edits", str(edits)],
        capture_output=True,
        text=True,
        env=_environment(with_model),
        check=True,
    ).stdout
    memory = float(re.search(r"RSS\) (\d+) MiB", out).group(1))
    p95 = float(re.search(r"p95 ([\d.]+) ms", out).group(1))
    return memory, p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("novel", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--edits", type=int, default=100)
    args = parser.parse_args()
    path = model_path()
    print(f"model file {path}: {path.stat().st_size / 1e6:.1f} MB")
    print(f"load in a fresh process: {load_ms(args.runs):.1f} ms (median of {args.runs})")
    for with_model in (True, False):
        label = "with the model" if with_model else "patterns only "
        seconds = check_seconds(args.novel, args.runs, with_model)
        memory, p95 = server(args.novel, args.edits, with_model)
        print(
            f"{label}: check {seconds:.2f} s (best of {args.runs}); "
            f"server {memory:.0f} MiB, keystroke p95 {p95:.1f} ms"
        )


if __name__ == "__main__":
    main()
