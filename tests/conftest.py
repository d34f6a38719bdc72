"""Shared fixtures: a tiny checklist whose scores are easy to work out by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from playbook_cli.cli import main

REPO = Path(__file__).resolve().parent.parent

# Four items, total weight 8. Hand calculations in the tests use these weights.
MINI = """\
id: mini
title: Mini readiness
version: 2
summary: A tiny checklist for tests.
bands:
  - {id: ready, label: Ready, min: 80}
  - {id: at-risk, label: At risk, min: 60}
  - {id: not-ready, label: Not ready, min: 0}
sections:
  - id: own
    title: Own
    items:
      - {id: owner, question: "Is there one owner?", why: Someone must decide., weight: 3, critical: true, \
play: plays/a.md}
      - {id: sponsor, question: "Is there a sponsor?", why: Someone must unblock., weight: 1}
  - id: align
    title: Align
    items:
      - {id: metric, question: "Is the metric agreed?", why: Success must be shared., weight: 2, play: plays/b.md}
      - {id: roles, question: "Are roles clear?", why: Gaps hide between roles., weight: 2}
"""


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """An empty working directory, so ./checklists of the repo is never picked up."""
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.delenv("PLAYBOOK_CHECKLISTS", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return work


@pytest.fixture
def project(tmp_path, workdir):
    """A fork-like project: checklists/mini.yaml and docs/plays/{a,b}.md."""
    root = tmp_path / "project"
    (root / "checklists").mkdir(parents=True)
    (root / "docs" / "plays").mkdir(parents=True)
    (root / "checklists" / "mini.yaml").write_text(MINI, encoding="utf-8")
    (root / "docs" / "plays" / "a.md").write_text("---\ntitle: Play A\n---\n# Play A\n", encoding="utf-8")
    (root / "docs" / "plays" / "b.md").write_text("# Play B\n", encoding="utf-8")
    return root


@pytest.fixture
def cli(project):
    """Invoke `playbook` with --checklists pointing at the test project."""
    runner = CliRunner()

    def invoke(*args, input=None, env=None, checklists=True):
        args = list(args)
        if checklists and args and args[0] in {"list", "show", "run", "score", "trend", "validate"}:
            args[1:1] = ["--checklists", str(project / "checklists")]
        return runner.invoke(main, args, input=input, env=env, catch_exceptions=False)

    return invoke


def write_answers(path: Path, answers: dict, **header) -> Path:
    """Write an answers file for the mini checklist (values written as given)."""
    lines = [f"checklist: {header.pop('checklist', 'mini')}"]
    for key, value in header.items():
        lines.append(f"{key}: {json.dumps(value) if isinstance(value, str) else value}")
    lines.append("answers:")
    for item, value in answers.items():
        lines.append(f"  {item}: {value}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def error_line(result) -> str:
    """The first line of stderr, where the one `Error:` line must be."""
    return result.stderr.splitlines()[0] if result.stderr else ""


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The repository's site, built strictly once per session."""
    from tests.site_build import REPO as repo
    from tests.site_build import build_site

    out = tmp_path_factory.mktemp("site")
    result = build_site(repo, out)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    return out


@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium per test module: Playwright's sync API cannot start a second while one is open."""
    from tests.browser import browser

    with browser() as instance:
        yield instance
