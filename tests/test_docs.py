"""The docs themselves: every play has the shape DESIGN.md gives, and the nav is whole."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO

DOCS = REPO / "docs"
PLAYS = sorted(p for p in (DOCS / "plays").glob("*.md") if p.name not in {"index.md", "_template.md"})
FRONT_MATTER = {"title", "description", "time", "people", "phase", "owner", "last_reviewed"}
SECTIONS = ["Why", "Signals you need it", "How to run it", "Example", "Anti-patterns",
            "Checklists that use it", "Further reading"]
PHASES = {"Discovery", "Kickoff", "Delivery", "Launch", "Run", "Any"}


def split_front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), f"{path.name}: no front matter"
    end = text.index("\n---\n", 4)
    return yaml.safe_load(text[4:end]), text[end + 5:]


def test_there_are_at_least_eleven_plays():
    assert len(PLAYS) >= 11


@pytest.mark.parametrize("path", PLAYS, ids=lambda p: p.stem)
def test_play_front_matter(path):
    meta, _ = split_front_matter(path)
    missing = FRONT_MATTER - set(meta)
    assert not missing, f"{path.name} lacks {sorted(missing)}"
    assert meta["phase"] in PHASES
    assert str(meta["last_reviewed"])[:4].isdigit()
    assert 20 <= len(meta["description"]) <= 200


@pytest.mark.parametrize("path", PLAYS, ids=lambda p: p.stem)
def test_play_sections_in_order(path):
    _, body = split_front_matter(path)
    headings = re.findall(r"^## (.+)$", body, flags=re.M)
    assert headings == SECTIONS, f"{path.name}: sections {headings}"
    assert f'--8<-- "generated/backlinks/plays/{path.name}"' in body.splitlines()  # its generated backlinks


@pytest.mark.parametrize("path", PLAYS, ids=lambda p: p.stem)
def test_play_steps_are_numbered_and_timed(path):
    _, body = split_front_matter(path)
    steps = body.split("## How to run it", 1)[1].split("\n## ", 1)[0]
    numbered = re.findall(r"^\d+\. \*\*(.+?)\*\*", steps, flags=re.M)
    assert len(numbered) >= 4, f"{path.name}: {len(numbered)} numbered steps"
    timed = [s for s in numbered if re.search(r"\d+\s*min|\d+\s*hour|minute", s)]
    assert len(timed) == len(numbered), f"{path.name}: untimed steps {set(numbered) - set(timed)}"


@pytest.mark.parametrize("path", PLAYS, ids=lambda p: p.stem)
def test_play_is_substantial_and_cites_sources(path):
    _, body = split_front_matter(path)
    words = len(body.split())
    assert 900 <= words <= 1700, f"{path.name}: {words} words"
    reading = body.split("## Further reading", 1)[1]
    assert len(re.findall(r"^- ", reading, flags=re.M)) >= 3


def _nav_files(nav) -> list[str]:
    out = []
    for entry in nav:
        if isinstance(entry, str):
            out.append(entry)
        elif isinstance(entry, dict):
            for value in entry.values():
                out += _nav_files(value) if isinstance(value, list) else [value]
    return out


def test_every_nav_entry_exists():
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    generated = {f"checklists/{p.stem}.md" for p in (REPO / "checklists").glob("*.yaml")} | {"checklists/index.md"}
    for entry in _nav_files(config["nav"]):
        assert (DOCS / entry).is_file() or entry in generated, f"nav entry {entry} does not exist"


def test_every_play_is_in_the_nav():
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    nav = set(_nav_files(config["nav"]))
    for path in PLAYS:
        assert f"plays/{path.name}" in nav


def test_every_cli_command_has_a_docs_section():
    from playbook_cli.cli import main

    reference = (DOCS / "guides" / "cli.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert re.search(rf"^## `playbook {name}", reference, flags=re.M), f"no section for {name}"


def test_site_config_works_offline():
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["font"] is False
    assert config["strict"] is True
