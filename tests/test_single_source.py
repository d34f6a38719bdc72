"""One checklist file drives both the terminal and the web, and fails both alike."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from playbook_cli.cli import main
from tests.common import (
    a_play_linked_from_a_checklist,
    a_question_with_a_play,
    checklist_files,
    copy_repo,
    schema_accepts,
)
from tests.conftest import MINI, REPO
from tests.site_build import build_site

CHECKLISTS = checklist_files(REPO)
SCHEMA_LINE = "# yaml-language-server: $schema="


def show(checklists: Path, checklist_id: str, fmt: str = "text") -> subprocess.CompletedProcess:
    return CliRunner().invoke(main, ["show", "--checklists", str(checklists), checklist_id, "--format", fmt],
                              catch_exceptions=False)


@pytest.fixture(scope="module")
def repo_copy(tmp_path_factory):
    return copy_repo(tmp_path_factory.mktemp("fork"))


@pytest.mark.parametrize("path", CHECKLISTS, ids=lambda p: p.stem)
def test_checklists_start_with_a_schema_line_that_resolves(path):
    # Upstream's files point at the package's schema by relative path; `playbook new` in a fork writes the
    # published URL or an absolute file URI. Whichever it is, an editor must find the schema.
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(SCHEMA_LINE)
    target = first[len(SCHEMA_LINE):]
    if target.startswith(("https://", "http://")):
        assert target.endswith("/schemas/checklist.schema.json")
    elif target.startswith("file://"):
        assert Path(target[len("file://"):]).is_file()
    else:
        assert (path.parent / target).resolve().is_file()


def test_editing_a_question_changes_page_and_show(repo_copy, tmp_path):
    path, item = a_question_with_a_play(repo_copy)
    original = item.question
    new = "Has a named person promised, in writing, to clear blockers within two days?"
    text = path.read_text(encoding="utf-8")
    assert text.count(original) == 1
    path.write_text(text.replace(original, new), encoding="utf-8")

    result = build_site(repo_copy, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "checklists" / path.stem / "index.html").read_text(encoding="utf-8")
    assert new in page and original not in page
    # The play page's backlink carries the new wording too.
    play_page = (tmp_path / "site" / item.play.replace(".md", "") / "index.html").read_text(encoding="utf-8")
    assert new in play_page

    shown = show(repo_copy / "checklists", path.stem)
    assert shown.exit_code == 0
    assert "Has a named person promised" in shown.stdout


def test_invalid_checklist_fails_build_with_the_validate_message(repo_copy, tmp_path):
    path = next(p for p in checklist_files(repo_copy) if "\n    weight: " in p.read_text(encoding="utf-8")
                or "\n        weight: " in p.read_text(encoding="utf-8"))
    saved = path.read_text(encoding="utf-8")
    try:
        path.write_text(re.sub(r"^(\s+weight: )\d", r"\g<1>9", saved, count=1, flags=re.M), encoding="utf-8")
        validate = CliRunner().invoke(main, ["validate", str(path)], catch_exceptions=False)
        assert validate.exit_code == 1
        message = validate.stdout.splitlines()[0]
        assert "item 'weight' must be 1..5 (got 9)" in message
        result = build_site(repo_copy, tmp_path / "site")
        assert result.returncode != 0
        # Same file:line:col: message (the build names the file by its path from the project root).
        assert message.split("checklists/", 1)[1] in result.stderr
    finally:
        path.write_text(saved, encoding="utf-8")


def test_broken_play_link_fails_build_and_validate(repo_copy, tmp_path):
    _, link = a_play_linked_from_a_checklist(repo_copy)
    play = repo_copy / "docs" / link
    moved = tmp_path / play.name
    shutil.move(play, moved)
    try:
        validate = CliRunner().invoke(main, ["validate", str(repo_copy / "checklists")], catch_exceptions=False)
        assert validate.exit_code == 1
        assert f"play '{link}' does not exist" in validate.stdout
        result = build_site(repo_copy, tmp_path / "site")
        assert result.returncode != 0
        assert f"play '{link}' does not exist" in result.stderr
    finally:
        shutil.move(moved, play)


def test_show_markdown_is_the_generated_page_body():
    """The site's generation step and `playbook show --format markdown` produce the same body."""
    from playbook_cli.site.generate import site_files

    _, files = site_files(REPO, REPO / "docs")
    for path in CHECKLISTS:
        generated = files[REPO / "docs" / "checklists" / f"{path.stem}.md"].decode("utf-8")
        shown = CliRunner().invoke(main, ["show", "--checklists", str(REPO / "checklists"), path.stem,
                                          "--format", "markdown"], catch_exceptions=False)
        assert shown.exit_code == 0
        body = generated.split("\n\n", 1)[1]  # after the front matter and the title
        # The page adds sections of its own (the form's heading, the result's): without them it is `show`.
        own = re.compile(r"^## (Fill it in on this page|Your result) \{ #[a-z-]+ \}\n.*?\{: \.playbook-nojs \}\n\n",
                         flags=re.M | re.S)
        body = own.sub("", body)
        assert body.split("\n", 2)[2].startswith(shown.stdout), path.stem


# -- the JSON Schemas agree with the loader ------------------------------------

@pytest.mark.parametrize("path", CHECKLISTS, ids=lambda p: p.stem)
def test_schema_accepts_every_shipped_checklist(path):
    assert schema_accepts("checklist.schema.json", yaml.safe_load(path.read_text(encoding="utf-8")))


VALID = yaml.safe_load(MINI)  # the tool's own fixture, not upstream content


def _mutate(change):
    data = json.loads(json.dumps(VALID))
    change(data)
    return data


SCHEMA_EXPRESSIBLE = {
    "unknown top key": lambda d: d.update(owner="Dana"),
    "unknown item key": lambda d: d["sections"][0]["items"][0].update(weigth=2),
    "missing question": lambda d: d["sections"][0]["items"][0].pop("question"),
    "missing why": lambda d: d["sections"][0]["items"][0].pop("why"),
    "weight 0": lambda d: d["sections"][0]["items"][0].update(weight=0),
    "weight 6": lambda d: d["sections"][0]["items"][0].update(weight=6),
    "weight text": lambda d: d["sections"][0]["items"][0].update(weight="three"),
    "critical text": lambda d: d["sections"][0]["items"][0].update(critical="maybe"),
    "version 0": lambda d: d.update(version=0),
    "empty sections": lambda d: d.update(sections=[]),
    "empty items": lambda d: d["sections"][0].update(items=[]),
    "id not kebab": lambda d: d["sections"][0]["items"][0].update(id="Single_Owner"),
    "band min 120": lambda d: d["bands"][0].update(min=120),
    "play not markdown": lambda d: d["sections"][0]["items"][0].update(play="plays/x.html"),
    "empty title": lambda d: d.update(title=""),
}


@pytest.mark.parametrize("name", SCHEMA_EXPRESSIBLE)
def test_schema_and_loader_both_reject(name, tmp_path):
    data = _mutate(SCHEMA_EXPRESSIBLE[name])
    assert not schema_accepts("checklist.schema.json", data)
    path = tmp_path / "mini.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(path)], catch_exceptions=False)
    assert result.exit_code == 1, f"loader accepted what the schema rejects: {name}"


ANSWERS_GOOD = [
    {"checklist": "mini"},
    {"checklist": "mini", "checklist_version": 1, "team": "Payments", "respondent": "Dana",
     "date": "2026-11-23", "answers": {"sponsor": "yes", "owner": True, "roles": "n/a"},
     "notes": {"sponsor": "Asked twice"}, "actions": {"sponsor": {"owner": "Priya", "due": "2026-12-01"}}},
    {"checklist": "mini", "date": "2026-11-23", "updated": "2026-12-02", "actions": {
        "sponsor": {"owner": "Omar", "due": "2026-11-15", "status": "done", "done": "2026-12-02", "note": "Yes"},
        "roles": {"owner": "Kim", "status": "dropped", "note": "Hiring freeze"},
        "owner": {"owner": "Priya", "status": "open"}}},
]
ANSWERS_BAD = {
    "no checklist": {"answers": {}},
    "bad answer": {"checklist": "mini", "answers": {"sponsor": "maybe"}},
    "unknown key": {"checklist": "mini", "score": 80},
    "action without owner": {"checklist": "mini", "actions": {"sponsor": {"due": "2026-12-01"}}},
    "answers a list": {"checklist": "mini", "answers": ["yes"]},
    "version text": {"checklist": "mini", "checklist_version": "one"},
    "action status": {"checklist": "mini", "actions": {"sponsor": {"owner": "O", "status": "closed"}}},
    "done not a date": {"checklist": "mini",
                        "actions": {"sponsor": {"owner": "O", "status": "done", "done": "soon"}}},
    "done while open": {"checklist": "mini",
                        "actions": {"sponsor": {"owner": "O", "status": "open", "done": "2026-11-01"}}},
    "done without status": {"checklist": "mini",
                            "actions": {"sponsor": {"owner": "O", "done": "2026-11-01"}}},
    "updated without date": {"checklist": "mini", "updated": "2026-11-01"},
}


def mini_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "checklists"
    directory.mkdir(exist_ok=True)
    (directory / "mini.yaml").write_text(MINI, encoding="utf-8")
    return directory


@pytest.mark.parametrize("data", ANSWERS_GOOD)
def test_answers_schema_and_loader_both_accept(data, tmp_path):
    assert schema_accepts("answers.schema.json", data)
    path = tmp_path / "a.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--checklists", str(mini_dir(tmp_path)), str(path)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stdout


@pytest.mark.parametrize("name", ANSWERS_BAD)
def test_answers_schema_and_loader_both_reject(name, tmp_path):
    data = ANSWERS_BAD[name]
    assert not schema_accepts("answers.schema.json", data)
    path = tmp_path / "a.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--checklists", str(mini_dir(tmp_path)), str(path)],
                                catch_exceptions=False)
    assert result.exit_code == 1, f"loader accepted what the schema rejects: {name}"


def test_a_yml_checklist_gets_a_page_as_the_cli_finds_it(tmp_path):
    # The CLI reads *.yaml and *.yml; the site must publish both the same way.
    root = copy_repo(tmp_path / "fork")
    source = checklist_files(root)[0]
    text = source.read_text(encoding="utf-8")
    (root / "checklists" / "squad-health.yml").write_text(text.replace(f"id: {source.stem}", "id: squad-health", 1),
                                                          encoding="utf-8")
    assert show(root / "checklists", "squad-health").exit_code == 0
    result = build_site(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "checklists" / "squad-health" / "index.html").is_file()
