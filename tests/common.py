"""Helpers shared by test modules (never import one test module from another).

Content-neutral: nothing here names an upstream checklist, play or question.
Tests that need "a shipped checklist" or "a question with a play" pick one from
whatever the repository holds, so a fork that rewords, adds or hides content
keeps the same tests green.
"""

from __future__ import annotations

import json
from pathlib import Path

from playbook_cli.loader import load_checklist
from tests.site_build import copy_project

REPO = Path(__file__).resolve().parent.parent


def copy_repo(dest: Path) -> Path:
    """The files a fork owns, plus the hooks: enough to build the site."""
    return copy_project(dest)


def load_checklist_file(path: Path):
    """A checklist file as `playbook validate` loads it: an overlay (a fork's) is resolved against its base."""
    from playbook_cli.catalog import Catalog

    return Catalog.discover(Path(path).parent).load(path)


def checklist_files(root: Path = REPO) -> list[Path]:
    """Every checklist file the repository at root holds, sorted by id."""
    directory = root / "checklists"
    return sorted([*directory.glob("*.yaml"), *directory.glob("*.yml")], key=lambda p: p.stem)


def listed_ids(root: Path = REPO) -> list[str]:
    """The ids `playbook list` shows for root's checklists: all but the ones the settings file hides."""
    from playbook_cli.settings import load_settings

    hidden = load_settings(root).hide_checklists
    return [path.stem for path in checklist_files(root) if path.stem not in hidden]


def a_question_with_a_play(root: Path = REPO):
    """(checklist file, item) for the first plain checklist item that links to a play.

    Overlays are skipped, so editing the file edits the item's own wording.
    """
    for path in checklist_files(root):
        if "\nextends:" in path.read_text(encoding="utf-8"):
            continue
        checklist = load_checklist(path)
        for item in checklist.items:
            if item.play:
                return path, item
    raise AssertionError("no checklist item links to a play")


def a_play_linked_from_a_checklist(root: Path = REPO) -> tuple[Path, str]:
    """(checklist file, play path like plays/x.md) for the first play a checklist links to."""
    path, item = a_question_with_a_play(root)
    return path, item.play


def schema(name: str) -> dict:
    return json.loads((REPO / "playbook_cli" / "schemas" / name).read_text(encoding="utf-8"))


def as_json(data):
    # YAML dates become strings, as an editor's YAML language server sees them.
    return json.loads(json.dumps(data, default=str))


def schema_accepts(schema_name: str, data) -> bool:
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema(schema_name), format_checker=jsonschema.FormatChecker())
    return not list(validator.iter_errors(as_json(data)))


def many_teams(directory: Path, teams: int, checklist: str = "mini", items=("owner", "sponsor", "metric", "roles"),
               dates=("2026-09-01", "2026-11-02")) -> list[str]:
    """Answers files for `teams` teams of `checklist`, one folder per team, one file per checkpoint and
    respondent (one to three respondents): answers vary so that score order is never name order.
    Returns the team names, in name order."""
    words = ['"yes"', "partly", '"no"', "unknown", '"yes"']
    names = [f"Team {number:03}" for number in range(teams)]
    for number, name in enumerate(names):
        folder = directory / f"team-{number:03}"
        folder.mkdir(parents=True, exist_ok=True)
        for point, date in enumerate(dates):
            for respondent in range(1 + (number + point) % 3):
                lines = [f"checklist: {checklist}", f'team: "{name}"', f'respondent: "R{respondent}"', f"date: {date}",
                         "answers:"]
                lines += [f"  {item}: {words[(number * 7 + index * 3 + point + respondent) % len(words)]}"
                          for index, item in enumerate(items)]
                (folder / f"{date}-r{respondent}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return names
