"""A release anyone can install: the sdist and the wheel pass a package index's
checks, the wheel works on its own, and the sdist is a working tree whose own
tests find everything they read (docs/, mkdocs.yml, the CI files)."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    build = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(REPO)],
                           capture_output=True, text=True, timeout=900)
    if build.returncode != 0:
        pytest.fail(f"python -m build failed:\n{build.stdout[-2000:]}\n{build.stderr[-2000:]}")
    return out


def test_twine_check_passes_for_both_artefacts(dist):
    files = sorted(str(p) for p in dist.iterdir())
    assert any(f.endswith(".whl") for f in files) and any(f.endswith(".tar.gz") for f in files)
    result = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", *files],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_wheel_metadata_says_what_an_index_needs(dist):
    (wheel,) = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as zf:
        name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        meta = Parser().parsestr(zf.read(name).decode("utf-8"))
    assert meta["License-Expression"] == "MIT"
    classifiers = meta.get_all("Classifier")
    for version in ("3.11", "3.12", "3.13"):
        assert f"Programming Language :: Python :: {version}" in classifiers
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL"))
    assert {"Source", "Issues", "Changelog"} <= set(urls)
    assert meta["Requires-Python"] == ">=3.11"


def test_wheel_carries_the_report_templates_and_requires_jinja2(dist):
    (wheel,) = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        meta = Parser().parsestr(zf.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode("utf-8"))
    templates = (REPO / "playbook_cli" / "templates" / "report").iterdir()
    assert {f"playbook_cli/templates/report/{t.name}" for t in templates} <= names
    assert any(r.lower().startswith("jinja2>=") for r in meta.get_all("Requires-Dist"))


def test_sdist_is_a_working_tree(dist, tmp_path):
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as tf:
        tf.extractall(tmp_path, filter="data")
    (root,) = tmp_path.iterdir()
    tracked = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True).stdout.split()
    # Everything the tests read from the repository is in the sdist.
    for top in {path.split("/")[0] for path in tracked} - {".gitignore"}:
        assert (root / top).exists(), f"{top} is tracked but missing from the sdist"
    # Its own fast tests pass from the unpacked tree (they read docs/, .ci/run, README).
    env = {k: v for k, v in os.environ.items() if k != "PLAYBOOK_CHECKLISTS"}
    env["PYTHONPATH"] = str(root)
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "tests/test_readme.py", "tests/test_docs.py", "tests/test_shipped_checklists.py"],
                            cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:]
