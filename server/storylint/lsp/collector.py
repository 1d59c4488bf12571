"""When the garbage collector looks at the server's long-lived objects.

The server keeps a large heap that lives as long as the session: the open documents and
every file of the workspace folders parsed, their names indexes, each paragraph's
findings. CPython's full collection walks all of it, holding the GIL: with Little Women
open in a folder of twelve novels that took 100-250 ms, and a keystroke arriving then
waited as long. So after work that leaves many objects behind (a document opened, a file
of the workspace read, a whole-document pass taken, a long check), :func:`settle` moves
every object out of the collector's sight (``gc.freeze``): later full collections walk
only what was made since. Frozen objects are still freed when nothing refers to them;
only a reference cycle among them would never be, so the young generations are collected
first (their cyclic garbage freed, not frozen).
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Collect the young generations, then take every object left out of the collector's
    walks (see the module's docstring)."""
    gc.collect(1)
    gc.freeze()
