"""Run a few pieces of work at once in forked processes, for one-off commands.

:func:`fork_map` runs the first task in this process and each other task in a child
forked from it: a child starts with a copy of everything already loaded (rules, the
parsed document, the names index), so only the results travel back, pickled through a
pipe. A child that fails in any way has its task run here instead, so the results are
the same as those of running every task in turn; only the time differs.

Forking is only safe in a process with a single thread, and only exists on POSIX
systems: elsewhere :func:`available_jobs` is 1 and the tasks run in turn. The language
server never forks (it has threads); it checks one paragraph at a time anyway.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

#: More processes than this gain little on a single document and cost memory.
MAX_JOBS = 4


def available_jobs() -> int:
    """How many processes a check may use here: the CPUs this process may run on."""
    if not hasattr(os, "fork"):
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_JOBS))


def can_fork() -> bool:
    """Whether forking is possible and safe now (POSIX, and no other thread running)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def fork_map(tasks: Sequence[Callable[[], T]]) -> list[T]:
    """Each task's result, in order; the tasks after the first run in forked children."""
    if len(tasks) < 2 or not can_fork():
        return [task() for task in tasks]
    # Nothing buffered may be written twice: a child exits without flushing, but flush
    # anyway so that what a child writes to stderr comes after what was written before.
    sys.stdout.flush()
    sys.stderr.flush()
    children = [_start(task) for task in tasks[1:]]
    results = [tasks[0]()]
    for task, child in zip(tasks[1:], children, strict=True):
        results.append(_collect(task, child))
    return results


def balanced_groups(sizes: Sequence[int], jobs: int) -> list[list[int]]:
    """Indexes of ``sizes`` in up to ``jobs`` groups of about equal total (largest first,
    each into the lightest group), each group in index order; empty groups dropped."""
    groups: list[list[int]] = [[] for _ in range(max(1, jobs))]
    totals = [0] * len(groups)
    for index in sorted(range(len(sizes)), key=lambda i: -sizes[i]):
        lightest = totals.index(min(totals))
        groups[lightest].append(index)
        totals[lightest] += sizes[index]
    return [sorted(group) for group in groups if group]


def _start(task: Callable[[], object]) -> tuple[int, int] | None:
    """Fork a child that runs ``task`` and writes its pickled result to a pipe; its pid
    and the pipe's reading end (None when the fork failed)."""
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the child: never return into the caller's code
        status = 1
        try:
            os.close(read_end)
            data = pickle.dumps(task(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(data)
            status = 0
        except BaseException:  # reported by the parent running the task itself
            pass
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end


def _collect(task: Callable[[], T], child: tuple[int, int] | None) -> T:
    """The result a child sent, or ``task()`` run here when the child failed."""
    if child is None:
        return task()
    pid, read_end = child
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()  # read before waiting: a child blocks while the pipe is full
    _, status = os.waitpid(pid, 0)
    if status == 0 and data:
        try:
            return pickle.loads(data)
        except Exception:
            pass
    return task()
