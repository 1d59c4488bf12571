"""``--diff``: what ``--fix`` would write, as a unified diff per changed file.

Lines keep their own endings (``\\r\\n`` stays); a last line without one is followed by
git's ``\\ No newline at end of file``.
"""

from __future__ import annotations

import difflib
import re

# Lines as storylint counts them: \r\n, \r or \n end a line (not U+2028, \f...)
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_NO_NEWLINE = "\\ No newline at end of file\n"


def unified(path: str, before: str, after: str) -> str:
    """The unified diff (three lines of context) turning ``before`` into ``after``."""
    lines = difflib.unified_diff(
        _LINE.findall(before),
        _LINE.findall(after),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    out = []
    for line in lines:
        out.append(line)
        if not line.endswith(("\n", "\r")):
            out.append("\n" + _NO_NEWLINE)
    return "".join(out)
