"""Writing files safely: all at once, or not at all."""

from __future__ import annotations

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
    """Replace ``path``'s content in one step: a temporary file in the same folder is
    written, flushed and renamed over it, keeping the file's permissions. ``path`` may
    not exist yet."""
    path = path.resolve()
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else None
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
