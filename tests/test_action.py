"""The reusable GitHub Action (action.yml): composite, inputs passed only through the environment,
and each mode's script gating as documented when run with bash as GitHub runs it."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO, write_answers

ACTION = REPO / "action.yml"


def action() -> dict:
    return yaml.safe_load(ACTION.read_text(encoding="utf-8"))


def mode_step(mode: str) -> dict:
    """The step that runs for `mode` (its `if:` names the mode with ==)."""
    steps = [s for s in action()["runs"]["steps"] if f"inputs.mode == '{mode}'" in s.get("if", "")]
    assert len(steps) == 1, mode
    return steps[0]


def test_the_action_is_composite_with_its_inputs():
    data = action()
    assert data["runs"]["using"] == "composite"
    inputs = data["inputs"]
    assert set(inputs) == {"mode", "answers", "fail-under", "python-version", "checklists"}
    assert inputs["fail-under"]["default"] == "80"
    assert inputs["python-version"]["default"] == "3.12"
    assert not inputs["checklists"].get("required", False)
    uses = [s["uses"] for s in data["runs"]["steps"] if "uses" in s]
    assert uses == ["actions/setup-python@v5"]
    install = next(s["run"] for s in data["runs"]["steps"] if "pip install" in s.get("run", ""))
    assert "GITHUB_ACTION_PATH" in install or "github.action_path" in install  # the caller's pinned tag


def test_no_input_is_interpolated_into_a_script():
    # `${{ inputs.x }}` inside `run:` becomes script text: a crafted input would run as code.
    for step in action()["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step.get("name")


def run_step(mode: str, workdir: Path, checklists: Path, tmp_path: Path, **inputs: str):
    """Run a mode's script with bash as GitHub does, with the env its `env:` block would give."""
    step = mode_step(mode)
    assert step["shell"] == "bash"
    values = {"answers": "", "fail-under": "80", "checklists": str(checklists), **inputs}
    env = {k: v for k, v in os.environ.items() if k != "PLAYBOOK_CHECKLISTS"}
    for name, expression in step.get("env", {}).items():
        found = re.fullmatch(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", expression)
        assert found, f"{name}: {expression}"
        env[name] = values[found.group(1)]
    summary = tmp_path / "summary.md"
    summary.write_text("", encoding="utf-8")
    env["GITHUB_STEP_SUMMARY"] = str(summary)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")  # where `playbook` is
    done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                          cwd=workdir, env=env, capture_output=True, text=True, timeout=120)
    return done, summary.read_text(encoding="utf-8")


# owner yes, sponsor partly, metric partly, roles no: 4.5/8 = 56.25 -> 56 (see test_scoring.py).
ANSWERS_56 = {"owner": '"yes"', "sponsor": "partly", "metric": "partly", "roles": '"no"'}


@pytest.mark.parametrize("fail_under, status", [("80", 1), ("50", 0)])
def test_gate_mode_fails_under_the_threshold_and_writes_the_report(project, workdir, tmp_path, fail_under, status):
    (workdir / "answers").mkdir()
    write_answers(workdir / "answers" / "dana.yaml", ANSWERS_56, team="Payments", respondent="Dana")
    write_answers(workdir / "answers" / "lee.yaml", ANSWERS_56, team="Payments", respondent="Lee")
    done, summary = run_step("gate", workdir, project / "checklists", tmp_path,
                             answers="answers/*.yaml", **{"fail-under": fail_under})
    assert done.returncode == status, done.stderr
    assert summary.startswith("#") and "56" in summary  # the team's Markdown report


def test_gate_mode_refuses_a_missing_answers_file(project, workdir, tmp_path):
    done, summary = run_step("gate", workdir, project / "checklists", tmp_path, answers="answers/none.yaml")
    assert done.returncode == 2
    assert done.stderr.startswith("Error: answers/none.yaml")


@pytest.mark.parametrize("days_late, status", [(1, 1), (0, 0)])
def test_actions_mode_fails_while_an_action_is_overdue(project, workdir, tmp_path, days_late, status):
    today = dt.date.today()
    due = today - dt.timedelta(days=days_late)
    (workdir / "answers").mkdir()
    (workdir / "answers" / "q4.yaml").write_text(
        f"checklist: mini\nteam: Payments\ndate: {(today - dt.timedelta(days=30)).isoformat()}\n"
        f"answers:\n  metric: \"no\"\nactions:\n  metric: {{owner: Ann, due: {due.isoformat()}}}\n",
        encoding="utf-8")
    done, summary = run_step("actions", workdir, project / "checklists", tmp_path, answers="answers/")
    assert done.returncode == status, done.stderr
    if status:
        assert "- [ ] **Is the metric agreed?** (`metric`) · Ann" in summary
    else:
        assert summary.startswith(f"**No overdue actions as of {today.isoformat()}**")


@pytest.mark.parametrize("guide", ["cli.md", "tailor.md"])
def test_the_guides_kickoff_gate_always_runs_and_pins_the_action(guide):
    # A required check behind a `paths:` filter never reports on other pull requests, which then wait forever.
    text = (REPO / "docs" / "guides" / guide).read_text(encoding="utf-8")
    blocks = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", text, flags=re.S) if "mode: gate" in b]
    assert blocks
    for workflow in blocks:
        triggers = workflow.get("on", workflow.get(True))
        assert "pull_request" in triggers and not (triggers["pull_request"] or {}).get("paths")
        uses = [s["uses"] for job in workflow["jobs"].values() for s in job["steps"]
                if "playbook@" in s.get("uses", "")]
        assert uses and all(re.search(r"@v\d+(\.\d+\.\d+)?$", u) for u in uses), uses
