"""Writing files safely: all at once, or not at all.

The new content is written to a temporary file in the same folder, flushed, given the
old file's permissions (and, where this user may, its owner and group), and renamed over
the old file. So a reader sees the old file or the new one, never half of one; but the
file is a new one: other hard links to the old file keep the old content.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from storylint.read.source import BOM


def write_atomic(path: Path, text: str, bom: bool = False) -> None:
    """Replace ``path``'s content with ``text`` (UTF-8) in one step (see
    :func:`write_bytes_atomic`)."""
    write_bytes_atomic(path, ((BOM if bom else "") + text).encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Replace ``path``'s content in one step (see the module docstring). ``path`` may
    not exist yet. Raises ``OSError`` when the folder cannot take a new file; nothing
    is changed then."""
    path = path.resolve()
    info = path.stat() if path.exists() else None
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if info is not None:
            if hasattr(os, "chown") and (info.st_uid, info.st_gid) != (os.getuid(), os.getgid()):
                # root may give the file back to its owner; others may at least keep
                # its group when they belong to it
                with contextlib.suppress(OSError):
                    os.chown(temporary, info.st_uid, info.st_gid)
                with contextlib.suppress(OSError):
                    os.chown(temporary, -1, info.st_gid)
            os.chmod(temporary, stat.S_IMODE(info.st_mode))
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
