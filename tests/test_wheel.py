"""The wheel carries the checklists and schemas: `pip install` alone gives a working tool."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
                           capture_output=True, text=True, timeout=600)
    if build.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{build.stderr[-2000:]}")
    (path,) = out.glob("*.whl")
    return path


def test_wheel_contains_checklists_and_schemas(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for checklist in (REPO / "checklists").glob("*.yaml"):
        assert f"playbook_cli/_data/checklists/{checklist.name}" in names
    assert "playbook_cli/schemas/checklist.schema.json" in names
    assert "playbook_cli/schemas/answers.schema.json" in names
    assert "playbook_cli/templates/new-checklist.yaml" in names


def test_installed_wheel_lists_packaged_checklists_from_an_empty_directory(wheel, tmp_path):
    site = tmp_path / "site-packages"
    zipfile.ZipFile(wheel).extractall(site)
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PLAYBOOK_CHECKLISTS"}
    env["PYTHONPATH"] = str(site)  # ahead of the editable install of the repository
    where = subprocess.run([sys.executable, "-c", "import playbook_cli; print(playbook_cli.__file__)"],
                           cwd=empty, env=env, capture_output=True, text=True)
    assert where.stdout.startswith(str(site)), where.stdout
    result = subprocess.run([sys.executable, "-m", "playbook_cli", "list", "--format", "json"],
                            cwd=empty, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    import json

    listed = {entry["id"]: entry for entry in json.loads(result.stdout)}
    assert set(listed) == {p.stem for p in (REPO / "checklists").glob("*.yaml")}
    assert all("_data/checklists" in entry["path"] for entry in listed.values())
