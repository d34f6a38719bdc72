"""Writing files so that an interrupt or a crash never leaves half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path | str, text: str) -> None:
    """Write text to path so that readers see the old file or the new, never half."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def remove_leftovers(path: Path | str) -> None:
    """Delete the temporary files that a killed write_atomic(path, ...) left behind.

    SIGKILL or a power cut between writing the temporary file and renaming it
    leaves `.NAME.XXXXXXXX.tmp` beside the file; nothing can run at that moment
    to remove it. Call this only while holding the lock for `path`.
    """
    import glob  # only `run` needs this: keep it out of every command's start-up

    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    for leftover in directory.glob(glob.escape(f".{path.name}.") + "?" * 8 + ".tmp"):
        try:
            leftover.unlink()
        except OSError:
            pass
