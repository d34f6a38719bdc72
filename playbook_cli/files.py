"""Reading and writing files so that no file is ever damaged (DESIGN.md, "Files are never damaged").

Reading: `open_regular` opens regular files only. A FIFO, a device or a
socket is refused before anything reads it, so a command never hangs on one;
`STDIN` stands for standard input, the one input that is not a file.

Writing: `write_atomic` writes the file a path names, through a symlink to its
target, and refuses anything that is not a regular file, a read-only file and
a file the same command read. It holds the target's lock (`target_lock`) while
it writes a temporary file beside the target and renames it over the target,
so readers see the old file or the new, never half, and a kill at any moment
leaves both whole; the next write of the same target removes the temporary
file such a kill left behind.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from playbook_cli.errors import FileLocked, FileWriteError, Problem

# Open flags: never block on a FIFO, never adopt a terminal as the controlling one.
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))
SHOWN_STDIN = "<stdin>"


class StandardInput(str):
    """The input `-`: standard input. Its text, `<stdin>`, is how messages name it."""


STDIN = StandardInput(SHOWN_STDIN)


class NotRegularFile(OSError):
    """`open_regular` refused the path; `strerror` says what it is instead of a regular file."""


def not_regular(mode: int) -> str:
    """What a file of this mode is, for a message: `not a regular file (a FIFO)`."""
    kind = next((name for is_kind, name in _KINDS if is_kind(mode)), "a special file")
    return f"not a regular file ({kind})"


def open_regular(path: os.PathLike | str):
    """Open a regular file for reading in binary mode; use it in a `with` statement.

    Raises FileNotFoundError, IsADirectoryError, NotRegularFile (a FIFO,
    device or socket: checked before opening, and the open never blocks) or
    another OSError. `STDIN` gives standard input, which is left open.
    """
    if isinstance(path, StandardInput):
        if sys.stdin is None:
            raise OSError(errno.EBADF, "standard input is closed")
        return nullcontext(getattr(sys.stdin, "buffer", sys.stdin))
    mode = os.stat(path).st_mode
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), os.fspath(path))
    if not stat.S_ISREG(mode):
        raise NotRegularFile(errno.EINVAL, not_regular(mode), os.fspath(path))
    fd = os.open(path, _READ_FLAGS)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):  # replaced between the stat and the open
            raise NotRegularFile(errno.EINVAL, not_regular(mode), os.fspath(path))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _refused(shown: str, message: str, hint: str | None = None) -> FileWriteError:
    return FileWriteError(Problem(shown, None, None, message, hint))


def write_target(path: os.PathLike | str, shown: str | None = None) -> Path:
    """The regular file that writing `path` replaces: a symlink's target, resolved.

    Raises FileWriteError, touching nothing, when it is not a regular file,
    has no write permission bits for anyone (also for root, whom permissions
    do not stop), may not be written by this user, or its directory is missing.
    """
    shown = os.fspath(path) if shown is None else shown
    if os.fspath(path).endswith(("/", os.sep)):  # realpath would drop the slash and write a file
        raise _refused(shown, "cannot write: a path ending in / names a directory",
                       "give the path of a regular file, new or existing")
    target = os.path.realpath(path)
    try:
        st = os.stat(target)
    except FileNotFoundError:
        if not os.path.isdir(os.path.dirname(target)):
            raise _refused(shown, "cannot write: the directory does not exist",
                           "create it first, or choose another path") from None
        return Path(target)
    except OSError as exc:
        raise _refused(shown, f"cannot write: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise _refused(shown, f"cannot write: {not_regular(st.st_mode)}",
                       "give the path of a regular file, new or existing")
    if not st.st_mode & 0o222:
        raise _refused(shown, "cannot write: the file is read-only",
                       "make it writable (chmod u+w) if it may be replaced")
    # Asked of the system, not worked out from the mode: root without its override
    # capabilities, ACLs and read-only mounts all answer here. (Root with them is told yes.)
    if not os.access(target, os.W_OK):
        raise _refused(shown, f"cannot write: {os.strerror(errno.EACCES)}")
    return Path(target)


def refuse_inputs(path: os.PathLike | str, inputs: Iterable, shown: str | None = None) -> None:
    """Raise FileWriteError if `path` is one of `inputs`: the same file by any name or link."""
    try:
        st = os.stat(path)
    except OSError:
        return  # nothing there (or write_target says why): it is no input
    for item in inputs:
        try:
            other = os.fstat(sys.stdin.fileno()) if isinstance(item, StandardInput) else os.stat(item)
        except (OSError, ValueError, AttributeError):  # io.UnsupportedOperation is both
            continue
        if (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino):
            raise _refused(os.fspath(path) if shown is None else shown,
                           "is an input of this command; not overwriting it", "write to another file")


# Targets whose lock this process holds (a `run` holds it for its whole session).
_held: set[str] = set()


@contextmanager
def target_lock(target: Path, shown: str, busy: Problem | None = None) -> Iterator[None]:
    """Hold the exclusive lock for writing `target` (from write_target), or raise.

    The lock is an flock on a sidecar file `.NAME.lock` beside the target, so
    the kernel releases it when the process dies, even by SIGKILL: a crash
    never leaves a stale lock. While holding it, remove the temporary files a
    killed write of the same target left; no one else can be writing them.
    The holder removes the sidecar when done; a process that locked a sidecar
    removed meanwhile tries again on the new one. Raises FileLocked (with
    `busy` as the problem, if given) when another process holds the lock.
    """
    import fcntl  # POSIX only; imported here so that reading works anywhere.

    lock_path = target.with_name(f".{target.name}.lock")
    while True:
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except OSError as exc:
            raise _refused(shown, f"cannot write: {exc.strerror or exc}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise FileLocked(busy or Problem(shown, None, None,
                                             "cannot write: another playbook command is writing this file",
                                             "wait for it to finish, or choose another path")) from None
        except OSError as exc:
            os.close(fd)
            raise _refused(shown, f"cannot lock for writing: {exc.strerror or exc}") from None
        try:
            named, opened = os.stat(lock_path), os.fstat(fd)
            same = (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)  # the holder before us removed this sidecar: lock the new one
    _held.add(str(target))
    try:
        remove_leftovers(target)
        yield
    finally:
        _held.discard(str(target))
        # Unlink while still holding the lock, so no one can lock the old inode and think it is current.
        try:
            os.unlink(lock_path)
        except OSError:
            pass  # gone already, or the directory became read-only: a left sidecar locks fine next time
        os.close(fd)


def write_atomic(path: os.PathLike | str, text: str, inputs: Iterable = (), shown: str | None = None) -> None:
    """Write text to the file `path` names, so that readers see the old file or the new, never half.

    Writes through a symlink to its target. Refuses, with FileWriteError and
    touching nothing, what write_target refuses and any of `inputs` (the
    files the command read); raises FileWriteError with the OS's reason
    when the write fails (disk full...), and FileLocked when another
    process is writing the same file.
    """
    shown = os.fspath(path) if shown is None else shown
    refuse_inputs(path, inputs, shown)
    target = write_target(path, shown)
    with nullcontext() if str(target) in _held else target_lock(target, shown):
        _replace(target, text, shown)


def _replace(target: Path, text: str, shown: str) -> None:
    """Write a temporary file beside `target`, then rename it over `target`."""
    import tempfile  # only commands that write need it: keep it out of every command's start-up

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _refused(shown, f"cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            old = os.stat(target)
        except FileNotFoundError:
            os.chmod(tmp, 0o644)
        else:  # the new file keeps the old one's mode and, where allowed (root), its owner
            os.chmod(tmp, old.st_mode & 0o777)
            if (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
                try:
                    os.chown(tmp, old.st_uid, old.st_gid)
                except OSError:
                    pass
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise _refused(shown, f"cannot write: {exc.strerror or exc}") from None
        raise


def remove_leftovers(path: os.PathLike | str) -> None:
    """Delete the temporary files that a killed write_atomic(path, ...) left behind.

    SIGKILL or a power cut between writing the temporary file and renaming it
    leaves `.NAME.XXXXXXXX.tmp` beside the file; nothing can run at that moment
    to remove it. Call this only while holding the lock for `path`.
    """
    import glob

    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    for leftover in directory.glob(glob.escape(f".{path.name}.") + "?" * 8 + ".tmp"):
        try:
            leftover.unlink()
        except OSError:
            pass
