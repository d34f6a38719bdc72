"""Content tests: every checklist the repository holds loads, validates against docs/, and is complete.

They check whatever checklists are there (a fork's too), never upstream ids or wording.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from playbook_cli.loader import docs_dir_for
from playbook_cli.yamlsource import load_yaml
from tests.common import checklist_files
from tests.common import load_checklist_file as load_checklist
from tests.conftest import REPO

DOCS = REPO / "docs"
SHIPPED = checklist_files(REPO)
KEBAB = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def test_there_are_shipped_checklists():
    assert SHIPPED
    stems = [p.stem for p in SHIPPED]
    assert len(stems) == len(set(stems)), "two files with the same id (x.yaml and x.yml)"
    assert all(KEBAB.fullmatch(stem) for stem in stems)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_loads_with_play_links_checked(path: Path):
    assert docs_dir_for(path) == DOCS.resolve()  # so load_checklist checks every play link
    checklist = load_checklist(path)
    assert checklist.id == path.stem
    assert checklist.title and checklist.summary
    assert checklist.bands[-1].min == 0
    assert checklist.items


def overlay(path: Path) -> bool:
    return "extends" in load_yaml(path)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_item_has_why_play_and_weight(path: Path):
    # Read the raw YAML too: the model fills in weight 1 when a file leaves it out.
    raw = load_yaml(path)
    if overlay(path):
        pytest.skip("an overlay inherits its items' why and weight from its base")
    raw_items = [item for section in raw["sections"] for item in section["items"]]
    missing = [(item["id"], key) for item in raw_items for key in ("why", "weight") if key not in item]
    assert missing == []
    for item in load_checklist(path).items:
        assert len(item.why.split()) >= 8, f"{item.id}: 'why' should say what goes wrong"
        assert item.question.endswith("?"), item.id
        assert 1 <= item.weight <= 5, item.id
        # A play is optional (not every gap has one); where there is one, it exists.
        assert not item.play or (DOCS / item.play).is_file(), f"{item.id}: {item.play}"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_play_exists_under_docs(path: Path):
    plays = {item.play.split("#", 1)[0] for item in load_checklist(path).items if item.play}
    assert sorted(p for p in plays if not (DOCS / p).is_file()) == []
    assert all(p.startswith("plays/") for p in plays)


def test_every_checklist_keeps_the_critical_items_few():
    # CONTRIBUTING: critical only where a no means do not start; more than three and teams ignore the verdict.
    for path in SHIPPED:
        checklist = load_checklist(path)
        assert sum(item.critical for item in checklist.items) <= 3, path.name
        assert len({band.id for band in checklist.bands}) == len(checklist.bands), path.name
