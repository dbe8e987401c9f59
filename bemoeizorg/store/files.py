"""The one way this program writes a file: owner-only, temp file, fsync, atomic replace.

Exports and key slots can hold sensitive data, so the temp file is created 0600 before a
byte is written, and a crash leaves either the old file or the new one, never half of
one. Left-over temp files of a crash are swept at the next start.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

TEMP_PREFIX = ".bz-tmp-"


def fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_writer(target: Path) -> Iterator[BinaryIO]:
    """Yield a binary file; on normal exit it replaces target atomically."""
    target = Path(target)
    folder = target.parent
    # mkstemp creates the file with mode 0600 before anything is written into it.
    fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
        fsync_dir(folder)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def write_bytes_atomic(target: Path, data: bytes) -> None:
    with atomic_writer(target) as handle:
        handle.write(data)


def copy_file_atomic(source: Path, target: Path) -> None:
    with atomic_writer(target) as handle, open(source, "rb") as src:
        shutil.copyfileobj(src, handle, 1024 * 1024)


def sweep_temp_files(folder: Path) -> int:
    """Remove temp files that a crashed write left behind; returns how many."""
    removed = 0
    with contextlib.suppress(FileNotFoundError, PermissionError):
        for entry in Path(folder).iterdir():
            if entry.name.startswith(TEMP_PREFIX) and entry.is_file():
                with contextlib.suppress(OSError):
                    entry.unlink()
                    removed += 1
    return removed
