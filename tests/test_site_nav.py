"""The hook's nav upkeep: generated checklist pages listed beside the index, stale ones dropped."""

from __future__ import annotations

from playbook_cli.site.nav import sync_checklist_pages


def test_new_pages_join_the_index_section_and_stale_ones_leave():
    nav = [
        {"Home": "index.md"},
        {"Checklists": ["checklists/index.md", "checklists/old.md", {"Kickoff": "checklists/kickoff.md"}]},
        {"Guides": ["guides/cli.md"]},
    ]
    sync_checklist_pages(nav, ["checklists/kickoff.md", "checklists/new.md"])
    assert nav[1] == {"Checklists": ["checklists/index.md", {"Kickoff": "checklists/kickoff.md"}, "checklists/new.md"]}
    assert nav[0] == {"Home": "index.md"} and nav[2] == {"Guides": ["guides/cli.md"]}


def test_pages_listed_elsewhere_stay_where_they_are():
    nav = [{"Checklists": ["checklists/index.md"]}, {"Featured": ["checklists/kickoff.md"]}]
    sync_checklist_pages(nav, ["checklists/kickoff.md"])
    assert nav == [{"Checklists": ["checklists/index.md"]}, {"Featured": ["checklists/kickoff.md"]}]


def test_a_nav_without_the_index_gets_a_checklists_section():
    nav = [{"Home": "index.md"}]
    sync_checklist_pages(nav, ["checklists/a.md"])
    assert nav == [{"Home": "index.md"}, {"Checklists": ["checklists/a.md"]}]


def test_nested_index_is_found():
    nav = [{"Use it": [{"Checklists": ["checklists/index.md"]}]}]
    sync_checklist_pages(nav, ["checklists/a.md"])
    assert nav == [{"Use it": [{"Checklists": ["checklists/index.md", "checklists/a.md"]}]}]
