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
SECTIONS = ["Why", "Signals you need it", "How to run it", "Remote, hybrid and async", "Example",
            "When it did not work", "Anti-patterns", "Checklists that use it", "Next plays", "Further reading"]
OPTIONAL_SECTIONS = {"When it did not work"}
DIFFICULTIES = {"Easy", "Moderate", "Hard"}
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
    from playbook_cli.settings import load_settings

    meta, _ = split_front_matter(path)
    settings = load_settings(REPO)  # a fork's playbook.toml may give every play a default owner and review date
    defaulted = {key for key, value in (("owner", settings.default_owner),
                                        ("last_reviewed", settings.default_last_reviewed)) if value}
    missing = FRONT_MATTER - defaulted - set(meta)
    assert not missing, f"{path.name} lacks {sorted(missing)}"
    assert meta["phase"] in PHASES
    assert str(meta.get("last_reviewed", settings.default_last_reviewed))[:4].isdigit()
    assert 20 <= len(meta["description"]) <= 200
    # Optional card fields, so that a fork's older plays stay valid; checked when present.
    if "difficulty" in meta:
        assert meta["difficulty"] in DIFFICULTIES, f"{path.name}: difficulty {meta['difficulty']!r}"
    if "materials" in meta:
        materials = meta["materials"]
        assert isinstance(materials, list) and materials, f"{path.name}: materials must be a list"
        assert all(isinstance(m, str) and m.strip() and "[" not in m for m in materials)


@pytest.mark.parametrize("path", PLAYS + [DOCS / "plays" / "_template.md"], ids=lambda p: p.stem)
def test_play_shows_its_card_right_after_the_title(path):
    # The card (time, people, phase, difficulty, what to prepare, owner, last reviewed) is
    # generated from the front matter; the page includes it as the first thing under its H1.
    _, body = split_front_matter(path)
    lines = [line for line in body.splitlines() if line.strip()]
    assert lines[0].startswith("# "), f"{path.name}: the page must start with its title"
    assert lines[1] == f'--8<-- "generated/cards/plays/{path.name}"', f"{path.name}: line after the title: {lines[1]!r}"


TEMPLATES = sorted(p for p in (DOCS / "templates").glob("*.md") if p.name != "index.md")


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.stem)
def test_template_is_rendered_with_a_download(path):
    _, body = split_front_matter(path)
    template = section(body, "Template")
    assert f'--8<-- "generated/previews/templates/{path.name}"' in template.splitlines(), path.name
    assert "```markdown\n" in template, f"{path.name}: the template is a ```markdown block under '## Template'"


def section(body: str, title: str) -> str:
    """The text of one `## title` section, up to the next `## ` heading."""
    return body.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize("path", PLAYS, ids=lambda p: p.stem)
def test_play_sections_in_order(path):
    _, body = split_front_matter(path)
    headings = re.findall(r"^## (.+)$", body, flags=re.M)
    expected = [h for h in SECTIONS if h not in OPTIONAL_SECTIONS or h in headings]
    assert headings == expected, f"{path.name}: sections {headings}"
    assert f'--8<-- "generated/backlinks/plays/{path.name}"' in body.splitlines()  # its generated backlinks


@pytest.mark.parametrize("path", PLAYS, ids=lambda p: p.stem)
def test_play_steps_are_numbered_and_timed(path):
    _, body = split_front_matter(path)
    steps = body.split("## How to run it", 1)[1].split("\n## ", 1)[0]
    numbered = re.findall(r"^\d+\. \*\*(.+?)\*\*", steps, flags=re.M)
    assert len(numbered) >= 4, f"{path.name}: {len(numbered)} numbered steps"
    minutes = [re.search(r"\((\d+) min\)", s) for s in numbered]
    untimed = [s for s, m in zip(numbered, minutes) if m is None]
    assert not untimed, f"{path.name}: steps without a '(N min)' timing: {untimed}"
    # The steps add up to the session length the card promises.
    meta, _ = split_front_matter(path)
    promised = re.match(r"(\d+) minutes", str(meta["time"]))
    assert promised, f"{path.name}: time must start with 'N minutes' (got {meta['time']!r})"
    assert sum(int(m.group(1)) for m in minutes) == int(promised.group(1)), \
        f"{path.name}: steps do not add up to {meta['time']!r}"


@pytest.mark.parametrize("path", PLAYS, ids=lambda p: p.stem)
def test_play_steps_give_prompts_to_ask(path):
    _, body = split_front_matter(path)
    prompts = re.findall(r'\*"[^"*]+"\*', section(body, "How to run it"))
    assert len(prompts) >= 3, f"{path.name}: {len(prompts)} italic prompts (*\"...\"*) in How to run it"


@pytest.mark.parametrize("path", PLAYS, ids=lambda p: p.stem)
def test_play_says_how_to_run_it_remotely(path):
    _, body = split_front_matter(path)
    remote = section(body, "Remote, hybrid and async")
    assert len(remote.split()) >= 80, f"{path.name}: the remote section has {len(remote.split())} words"
    assert re.search(r"time zone", remote, flags=re.I), f"{path.name}: say how to include other time zones"


@pytest.mark.parametrize("path", PLAYS, ids=lambda p: p.stem)
def test_play_example_is_told_before_and_after(path):
    _, body = split_front_matter(path)
    example = section(body, "Example")
    assert "**Before.**" in example and "**After.**" in example, \
        f"{path.name}: Example needs **Before.** and **After.**"


@pytest.mark.parametrize("path", PLAYS, ids=lambda p: p.stem)
def test_play_points_to_next_plays(path):
    _, body = split_front_matter(path)
    links = re.findall(r"\]\(([^)#]+\.md)\)", section(body, "Next plays"))
    assert links, f"{path.name}: Next plays links no play"
    for link in links:
        assert (path.parent / link).resolve().is_file(), f"{path.name}: next play {link} does not exist"
        assert (path.parent / link).resolve() != path.resolve()


@pytest.mark.parametrize("path", PLAYS, ids=lambda p: p.stem)
def test_play_has_a_diagram_with_a_text_alternative(path):
    _, body = split_front_matter(path)
    images = re.findall(r"!\[([^\]]*)\]\(([^)]+\.svg)\)", body)
    assert images, f"{path.name}: no SVG diagram"
    for alt, src in images:
        assert len(alt.split()) >= 5, f"{path.name}: alt text {alt!r} does not say what the diagram shows"
        svg = (path.parent / src).resolve()
        assert svg.is_file(), f"{path.name}: {src} does not exist"
        text = svg.read_text(encoding="utf-8")
        assert "<title" in text and "<desc" in text, f"{src}: needs <title> and <desc>"
        # Readable in both colour schemes: no hard-coded black or white text.
        assert not re.search(r'fill="(#000|#000000|black|#fff|#ffffff|white)"', text, flags=re.I), src


@pytest.mark.parametrize("path", sorted(DOCS.rglob("*.md")), ids=lambda p: p.relative_to(DOCS).as_posix())
def test_front_matter_is_valid_yaml(path):
    # MkDocs drops front matter it cannot parse without a word (the page loses its title and
    # description); Zensical refuses to build. "launch: who joins" unquoted is such a mapping error.
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return
    meta, _ = split_front_matter(path)
    assert isinstance(meta, dict), f"{path.name}: front matter is not a mapping"


def test_at_least_a_third_of_plays_say_when_it_did_not_work():
    told = [p for p in PLAYS if "\n## When it did not work\n" in split_front_matter(p)[1]]
    assert 3 * len(told) >= len(PLAYS), f"{len(told)} of {len(PLAYS)} plays have a 'When it did not work' case"





@pytest.mark.parametrize("path", PLAYS, ids=lambda p: p.stem)
def test_play_is_substantial_and_cites_sources(path):
    _, body = split_front_matter(path)
    words = len(body.split())
    assert 900 <= words <= 2600, f"{path.name}: {words} words"
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
