"""ruff and mypy, configured in pyproject.toml, are clean: part of the README's test command.

Each runs as its own process from the repository root, and a failure shows
its whole report. Without the tool installed the test skips, with the command
that installs it; under CI (`CI` set) a missing tool fails instead, so a
green run always means the code was checked.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import pytest

from tests.conftest import REPO

CHECKS = {
    "ruff": [sys.executable, "-m", "ruff", "check", "playbook_cli", "tests", "benchmarks"],
    "mypy": [sys.executable, "-m", "mypy"],  # what to check (playbook_cli) and how strictly: [tool.mypy]
}


@pytest.mark.parametrize("tool", list(CHECKS))
def test_clean(tool):
    if importlib.util.find_spec(tool) is None:
        message = f"{tool} is not installed: pip install -e '.[lint]' (or '.[test]')"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must run every check")
        pytest.skip(message)
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    result = subprocess.run(CHECKS[tool], cwd=REPO, capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, f"{' '.join(CHECKS[tool][2:])} found problems:\n{result.stdout}{result.stderr}"


def test_ci_runs_both_in_a_fast_job_of_its_own():
    import yaml

    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "tests.yml").read_text(encoding="utf-8"))
    job = workflow["jobs"]["lint"]
    runs = [step.get("run", "") for step in job["steps"]]
    assert 'pip install -e ".[lint]"' in runs
    assert " ".join(CHECKS["ruff"][2:]) in runs and " ".join(CHECKS["mypy"][2:]) in runs
    assert job["timeout-minutes"] <= 15 and "strategy" not in job  # one quick run, not the test matrix
