"""Run a few pieces of work at once in forked processes.

:func:`fork_map` runs the first task in this process and each other task in a child
forked from it: a child starts with a copy of everything already loaded (rules, the
parsed document, the names index), so only the results travel back, pickled through a
pipe. A child that fails in any way has its task run here instead, so the results are
the same as those of running every task in turn; only the time differs.

Forking only exists on POSIX systems: elsewhere :func:`available_jobs` is 1 and the
tasks run in turn. A forked child has only the thread that forked, and a lock another
thread held stays locked in it; so by default a process with other threads does not
fork. The language server does (``threads_ok``) for the first check of a long document:
its children only run rules on paragraphs already in memory, which takes no lock that
its other threads (the event loop, LanguageTool's requests) use. A child that still
hangs is killed after ``timeout`` seconds and its task run here. On macOS, where system
libraries a thread has used may crash a forked child, a process with threads never
forks.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

# Python 3.12+ warns of forking with threads; forking with threads_ok is deliberate (see
# above). Set once here: changing the filters around each fork is not thread-safe.
warnings.filterwarnings(
    "ignore", r".*multi-threaded, use of fork\(\)", DeprecationWarning, r"storylint\.parallel"
)

#: More processes than this gain little on a single document and cost memory.
MAX_JOBS = 4

#: Less text than this many characters per process is checked in one: forking and
#: sending the results back cost more than they save.
PARALLEL_CHARS = 150_000


def available_jobs() -> int:
    """How many processes a check may use here: the CPUs this process may run on."""
    if not hasattr(os, "fork"):
        return 1
    counted = getattr(os, "process_cpu_count", None)  # Python 3.13+
    if counted is not None:
        cpus = counted() or 1
    elif hasattr(os, "sched_getaffinity"):
        cpus = len(os.sched_getaffinity(0))
    else:  # macOS
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_JOBS))


def can_fork(threads_ok: bool = False) -> bool:
    """Whether forking is possible (POSIX) and allowed now: no other thread running,
    unless ``threads_ok``."""
    # threading not imported: no other thread can have been started
    threading = sys.modules.get("threading")
    alone = threading is None or threading.active_count() == 1
    threads_ok = threads_ok and sys.platform != "darwin"
    return hasattr(os, "fork") and (threads_ok or alone)


def jobs_for(size: int, jobs: int, threads_ok: bool = False) -> int:
    """How many of up to ``jobs`` processes ``size`` characters of text are worth, when
    forking is allowed now (see :func:`can_fork`); 1 means check in this process."""
    jobs = min(jobs, size // PARALLEL_CHARS)
    return jobs if jobs >= 2 and can_fork(threads_ok) else 1


def fork_map(
    tasks: Sequence[Callable[[], T]], *, threads_ok: bool = False, timeout: float | None = None
) -> list[T]:
    """Each task's result, in order; the tasks after the first run in forked children.

    ``timeout`` (seconds from the start) bounds the wait for the children; without
    other threads none is needed, since a child can hang only where the task would.
    If a task run here raises, the children still running are stopped and the error
    passes on."""
    if len(tasks) < 2 or not can_fork(threads_ok):
        return [task() for task in tasks]
    if not threads_ok:
        # A child exits without flushing; flush so that nothing buffered is lost if the
        # child writes to stderr, and nothing is written twice.
        sys.stdout.flush()
        sys.stderr.flush()
    deadline = None if timeout is None else time.monotonic() + timeout
    children = [_start(task) for task in tasks[1:]]
    collected = 0
    try:
        results = [tasks[0]()]
        for task, child in zip(tasks[1:], children, strict=True):
            collected += 1
            results.append(_collect(task, child, deadline))
    finally:
        for child in children[collected:]:
            _stop(child)
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
        # What the parent made is not the child's garbage: its collections walk only what
        # it makes (walking all would take long and copy every page it touches).
        gc.freeze()
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


def _collect(task: Callable[[], T], child: tuple[int, int] | None, deadline: float | None) -> T:
    """The result a child sent, or ``task()`` run here when the child failed or did not
    answer by ``deadline``."""
    if child is None:
        return task()
    import select  # imported when needed: start-up time matters

    pid, read_end = child
    chunks = []
    answered = True
    try:
        # read before waiting: a child blocks while the pipe is full
        while True:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not select.select([read_end], [], [], left)[0]:
                answered = False  # no answer in time
                break
            chunk = os.read(read_end, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    except OSError:
        answered = False
    finally:
        os.close(read_end)
        status = _reap(pid, kill=not answered)
    if answered and status == 0 and chunks:
        try:
            return pickle.loads(b"".join(chunks))
        except Exception:
            pass
    return task()


def _stop(child: tuple[int, int] | None) -> None:
    """Kill a child not collected and reap it; close its pipe."""
    if child is None:
        return
    pid, read_end = child
    with contextlib.suppress(OSError):
        os.close(read_end)
    _reap(pid, kill=True)


def _reap(pid: int, kill: bool) -> int:
    """Wait for a child (killed first when ``kill``); its exit status (-1 if unknown)."""
    if kill:
        import signal  # imported when needed: start-up time matters

        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    try:
        return os.waitpid(pid, 0)[1]
    except OSError:
        return -1
