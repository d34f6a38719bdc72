"""The README's quick start and CI stay in step."""

from __future__ import annotations

import re

from tests.conftest import REPO


def test_ci_runs_the_readme_test_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)```", readme, flags=re.S)
    test_command = next(b.strip() for b in blocks if "pytest" in b)
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()


def test_quick_start_installs_and_runs_the_main_job():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "pip install . && playbook run kickoff-readiness -o answers.yaml" in readme
