"""Every checklist the repository ships loads, validates against docs/, and is complete."""

from __future__ import annotations

from pathlib import Path

import pytest

from playbook_cli.loader import docs_dir_for, load_checklist
from playbook_cli.yamlsource import load_yaml
from tests.conftest import REPO

DOCS = REPO / "docs"
SHIPPED = sorted((REPO / "checklists").glob("*.yaml"))


def test_there_are_shipped_checklists():
    assert [p.stem for p in SHIPPED] == ["gtm-connective-tissue", "handoff-risk", "kickoff-readiness",
                                         "narrative-debt", "ownership-clarity", "team-health"]
    assert list((REPO / "checklists").glob("*.yml")) == []


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_loads_with_play_links_checked(path: Path):
    assert docs_dir_for(path) == DOCS.resolve()  # so load_checklist checks every play link
    checklist = load_checklist(path)
    assert checklist.id == path.stem
    assert checklist.title and checklist.summary
    assert checklist.bands[-1].min == 0
    assert len(checklist.items) >= 5


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_item_has_why_play_and_weight(path: Path):
    # Read the raw YAML too: the model fills in weight 1 when a file leaves it out.
    raw = load_yaml(path)
    raw_items = [item for section in raw["sections"] for item in section["items"]]
    missing = [(item["id"], key) for item in raw_items for key in ("why", "play", "weight") if key not in item]
    assert missing == []
    for item in load_checklist(path).items:
        assert len(item.why.split()) >= 8, f"{item.id}: 'why' should say what goes wrong"
        assert item.question.endswith("?"), item.id
        assert 1 <= item.weight <= 5, item.id
        assert item.play and (DOCS / item.play).is_file(), f"{item.id}: {item.play}"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_play_exists_under_docs(path: Path):
    plays = {item.play for item in load_checklist(path).items}
    assert plays
    assert sorted(p for p in plays if not (DOCS / p).is_file()) == []
    assert all(p.startswith("plays/") for p in plays)


def test_kickoff_readiness_contents():
    checklist = load_checklist(REPO / "checklists" / "kickoff-readiness.yaml")
    assert 20 <= len(checklist.items) <= 28
    owner = checklist.item("single-threaded-owner")
    assert owner is not None and owner.critical
    assert owner.play == "plays/single-threaded-owner.md"
    assert checklist.item("success-metric-agreed") is not None
    assert checklist.item("exec-sponsor") is not None
    assert [b.id for b in checklist.bands] == ["ready", "at-risk", "not-ready"]

