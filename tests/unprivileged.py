"""Run the tool as a user that file permissions apply to, when the tests run as root.

Root ignores permission bits, so a test of "you may not write this file" needs
either root without its override capabilities, or another user. Dropping the
capabilities is tried first: the process stays uid 0, so it can still read a
Python and packages that were installed with a private umask (CI installs as
root with 077, and `nobody` then cannot import click). `other_uid` is a user
the runner is not: chown a file to it to make it "someone else's".
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

TIMEOUT = 30
NOBODY = 65534


@dataclass(frozen=True)
class Unprivileged:
    prefix: tuple[str, ...]  # put before the command; empty when not root
    uid: int  # the user the command runs as: chown a file to it to make it theirs
    other_uid: int  # a user that is not the one running the command
    via_shell: bool = False  # su takes one shell string

    def command(self, command: list[str], env: dict[str, str]) -> list[str]:
        if not self.via_shell:
            return [*self.prefix, *command]
        keep = [f"{k}={v}" for k, v in env.items() if k in ("PYTHONPATH", "PYTHONDONTWRITEBYTECODE", "NO_COLOR")]
        return [*self.prefix, shlex.join(["env", *keep, *command])]


def _works(candidate: Unprivileged) -> bool:
    """The tool's imports load, and a file owned by other_uid with mode 0644 cannot be written."""
    directory = Path(tempfile.mkdtemp(prefix="playbook-perm-probe-"))
    try:
        directory.chmod(0o755)
        target = directory / "theirs"
        target.write_text("", encoding="utf-8")
        target.chmod(0o644)
        if os.geteuid() == 0:
            os.chown(target, candidate.other_uid, candidate.other_uid)
        probe = [sys.executable, "-c",
                 "import sys, click, yaml\n"
                 "try:\n    open(sys.argv[1], 'a')\nexcept PermissionError:\n    print('denied')\n",
                 str(target)]
        try:
            out = subprocess.run(candidate.command(probe, dict(os.environ)), capture_output=True, text=True,
                                 timeout=TIMEOUT, cwd="/")
        except (OSError, subprocess.TimeoutExpired):
            return False
        return out.returncode == 0 and out.stdout.strip() == "denied"
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def unprivileged() -> Unprivileged | None:
    """The first way that works here, or None (the test should skip, saying why)."""
    if sys.platform == "win32":
        return None
    if os.geteuid() != 0:
        # Permissions already apply, and root's files are not ours.
        return Unprivileged(prefix=(), uid=os.geteuid(), other_uid=0)
    candidates = []
    if shutil.which("setpriv"):
        candidates += [
            Unprivileged(("setpriv", "--bounding-set=-all", "--inh-caps=-all", "--no-new-privs"), 0, NOBODY),
            Unprivileged(("setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"), NOBODY, 0),
        ]
    if shutil.which("su"):
        candidates.append(Unprivileged(("su", "nobody", "-s", "/bin/sh", "-c"), NOBODY, 0, via_shell=True))
    for candidate in candidates:
        if _works(candidate):
            return candidate
    return None


SKIP_REASON = ("cannot run as a user file permissions apply to (root without setpriv or su, "
               "or the tool's packages are unreadable to nobody)")
