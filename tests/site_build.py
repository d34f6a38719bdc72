"""Build the real site once per test session (shared by the site and browser tests)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def build_site(root: Path, out: Path) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of the project at root into out."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=root, env=env, capture_output=True, text=True, timeout=600,
    )
