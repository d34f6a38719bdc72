"""A scripted fork: it tailors as the guide says, keeps its own test selection green, and merges upstream.

The fork (issue 13, "Done when") renames the site, rewords an upstream question through an overlay that
records the base's version, adds a play and a checklist, and hides an upstream play (with the checklist
that links to it) in playbook.toml. It edits no upstream file but mkdocs.yml (its Project block, and a nav
line for its play). Upstream then rewords and re-versions that base checklist and changes a play. The merge
has no conflict; the overlay is now written against an old base version, so validate and score warn (and
exit as before), and the fork's own tests stay green.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

# Content tests, tool tests on fixtures, the site's generation step and one MkDocs build; no browser, no other engine.
FAST = ["tests/test_shipped_checklists.py", "tests/test_docs.py", "tests/test_settings.py",
        "tests/test_overlay_drift.py", "tests/test_site.py", "-k", "not engine and not serve and not zensical "
        "and not strict_mkdocs"]


def git(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org")
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def copy_tracked(dest: Path) -> Path:
    """The repository's files (as `git ls-files` lists them), copied into dest."""
    # --others too: the working tree as it is, so a copy of a checkout mid-change is whole.
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                           capture_output=True, check=True).stdout
    for name in filter(None, files.decode("utf-8").split("\0")):
        source = REPO / name
        if source.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest


def playbook(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PLAYBOOK_CHECKLISTS"}
    env["PYTHONPATH"] = str(cwd)
    return subprocess.run([sys.executable, "-m", "playbook_cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def base_and_play(root: Path) -> tuple[Path, str]:
    """An upstream checklist to overlay, and an upstream play that only it links to (the fork hides both)."""
    from playbook_cli.catalog import Catalog

    checklists = [p for p in sorted((root / "checklists").glob("*.yaml")) if "\nextends:" not in p.read_text()]
    catalog = Catalog.discover(root / "checklists")
    users: dict[str, set[str]] = {}
    for path in checklists:
        for item in catalog.load(path).items:
            if item.play:
                users.setdefault(item.play, set()).add(path.stem)
    play, (hidden,) = next((play, ids) for play, ids in sorted(users.items()) if len(ids) == 1)
    base = next(path for path in checklists if path.stem != hidden)
    return base, play


def tailor(root: Path) -> Path:
    """What a fork does, only in files it owns (docs/guides/tailor.md); the overlay it writes."""
    config = root / "mkdocs.yml"
    config.write_text(re.sub(r"^site_name:.*$", "site_name: Acme Delivery Playbook", config.read_text(encoding="utf-8"),
                             count=1, flags=re.M), encoding="utf-8")
    base, play = base_and_play(root)
    from playbook_cli.catalog import Catalog

    checklist = Catalog.discover(root / "checklists").load(base)
    item = checklist.items[0]
    overlay = root / "checklists" / f"acme-{base.stem}.yaml"   # reword and re-version an upstream question
    overlay.write_text(f"id: acme-{base.stem}\nextends: {base.stem}\nbase_version: {checklist.version}\nversion: 2\n"
                       f"overrides:\n  {item.id}:\n    question: \"Has Acme's delivery board named one owner for "
                       f"this?\"\n", encoding="utf-8")
    # A play (an upstream one stands in for the page Acme writes), owned through playbook.toml's defaults.
    source = next(p for p in sorted((root / "docs" / "plays").glob("*.md"))
                  if not p.name.startswith(("_", "index")) and f"plays/{p.name}" != play)
    text = re.sub(r"^(owner|last_reviewed):.*\n", "", source.read_text(encoding="utf-8").replace(source.name,
                                                                                                "acme-gate.md"),
                  flags=re.M)
    (root / "docs" / "plays" / "acme-gate.md").write_text(
        re.sub(r"^title: .*$", 'title: "Pass the Acme delivery gate"', text, count=1, flags=re.M), encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      - All plays: plays/index.md\n", "      - All plays: plays/index.md\n      - plays/acme-gate.md\n", 1),
        encoding="utf-8")
    assert playbook(root, "new", "acme-launch", "--title", "Acme launch").returncode == 0
    hidden = sorted({p.stem for p in (root / "checklists").glob("*.yaml") if f"play: {play}" in p.read_text()})
    settings = root / "playbook.toml"                                  # hide the play and the checklist using it
    settings.write_text(settings.read_text(encoding="utf-8") + "\n[hide]\nchecklists = ["
                        + ", ".join(f'"{c}"' for c in hidden) + f']\nplays = ["{play}"]\n\n[plays]\n'
                        'default_owner = "Acme delivery guild"\ndefault_last_reviewed = 2026-10-01\n',
                        encoding="utf-8")
    return overlay


def upstream_moves_on(root: Path, base: Path) -> None:
    """Upstream rewords and re-versions the base checklist, and changes a play and the play template."""
    text = base.read_text(encoding="utf-8")
    version = int(re.search(r"^version: (\d+)$", text, re.M).group(1))
    text = re.sub(r"^version: \d+$", f"version: {version + 1}", text, count=1, flags=re.M)
    text = re.sub(r"^(\s+question: ).*$", r"\g<1>Upstream's clearer wording of the second question?", text, count=2,
                  flags=re.M)
    base.write_text(text, encoding="utf-8")
    plays = sorted(p for p in (root / "docs" / "plays").glob("*.md") if not p.name.startswith(("_", "index")))
    plays[-1].write_text(plays[-1].read_text(encoding="utf-8") + "\nA paragraph upstream added.\n", encoding="utf-8")
    template = root / "docs" / "plays" / "_template.md"
    template.write_text(template.read_text(encoding="utf-8") + "\n<!-- upstream: one more hint -->\n", encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "# upstream: nav reviewed\n", encoding="utf-8")


@pytest.fixture(scope="module")
def fork(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess, Path]:
    """The fork after merging upstream: (its root, the merge, its overlay)."""
    root = copy_tracked(tmp_path_factory.mktemp("fork") / "repo")
    assert git(root, "init", "-q", "-b", "upstream").returncode == 0
    git(root, "add", "-A")
    assert git(root, "commit", "-q", "-m", "upstream").returncode == 0
    git(root, "checkout", "-q", "-b", "fork")
    base, _ = base_and_play(root)
    overlay = tailor(root)
    git(root, "add", "-A")
    assert git(root, "commit", "-q", "-m", "fork").returncode == 0
    git(root, "checkout", "-q", "upstream")
    upstream_moves_on(root, base)
    assert git(root, "commit", "-q", "-am", "upstream moves on").returncode == 0
    git(root, "checkout", "-q", "fork")
    return root, git(root, "merge", "--no-edit", "upstream"), overlay


def test_an_upstream_merge_has_no_conflict(fork):
    root, merge, _ = fork
    assert merge.returncode == 0, merge.stdout + merge.stderr
    assert git(root, "diff", "--name-only", "--diff-filter=U").stdout == ""
    # The fork changed no upstream file but mkdocs.yml and playbook.toml (below the comments).
    changed = git(root, "diff", "--name-only", "--diff-filter=M", "upstream", "fork").stdout.split()
    assert sorted(changed) == ["mkdocs.yml", "playbook.toml"]


def test_validate_and_score_warn_that_the_overlay_is_behind_its_base(fork, tmp_path):
    root, _, overlay = fork
    drift = re.compile(rf"^Warning: checklists/{overlay.name}:3:15: overlay {overlay.stem} was written against "
                       r"(\S+) version (\d+); \1 is now at version (\d+): review the upstream changes, then set "
                       r"base_version: \3$", re.M)
    validate = playbook(root, "validate")
    assert validate.returncode == 0, validate.stdout + validate.stderr
    found = drift.search(validate.stderr)
    assert found and int(found.group(3)) == int(found.group(2)) + 1, validate.stderr
    answers = tmp_path / "answers.yaml"
    answers.write_text(f"checklist: {overlay.stem}\nanswers: {{}}\n", encoding="utf-8")
    score = playbook(root, "score", str(answers))
    assert score.returncode == 0 and drift.search(score.stderr), score.stderr
    assert "Has Acme's delivery board named one owner for this?" in playbook(root, "show", overlay.stem).stdout


def test_the_fork_lists_neither_hidden_checklist_nor_refuses_its_own(fork):
    root, _, overlay = fork
    hidden = re.search(r"^checklists = \[(.*)\]$", (root / "playbook.toml").read_text(encoding="utf-8"), re.M)
    listed = playbook(root, "list").stdout
    assert "acme-launch" in listed and overlay.stem in listed
    for checklist_id in re.findall(r'"([^"]+)"', hidden.group(1)):
        assert not re.search(rf"^{checklist_id} ", listed, re.M)


def test_the_forks_own_tests_stay_green(fork):
    root, merge, _ = fork
    assert merge.returncode == 0
    env = {k: v for k, v in os.environ.items() if k != "PLAYBOOK_CHECKLISTS"}
    env["PYTHONPATH"] = str(root)
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x", *FAST],
                            cwd=root, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:]
    assert " passed" in result.stdout.splitlines()[-1]
