"""The fork-owned settings file, playbook.toml: hiding upstream content without editing it."""

from __future__ import annotations

import re

import pytest

from tests.conftest import REPO, error_line


def test_the_settings_file_loads_and_hides_only_what_exists():
    # Content test: upstream's file is all comments; a fork's names its own choices, which must exist.
    from playbook_cli.settings import load_settings

    settings = load_settings(REPO)
    ids = {p.stem for p in (REPO / "checklists").glob("*.y*ml")}
    assert sorted(settings.hide_checklists - ids) == []
    assert sorted(p for p in settings.hide_plays if not (REPO / "docs" / p).is_file()) == []


def test_upstreams_example_changes_nothing():
    from playbook_cli.settings import Settings, load_settings

    text = (REPO / "playbook.toml").read_text(encoding="utf-8")
    if any(line.strip() and not line.startswith("#") for line in text.splitlines()):
        pytest.skip("a fork's own settings")
    assert load_settings(REPO) == Settings(path=REPO / "playbook.toml")


def test_list_skips_a_hidden_checklist(cli, project):
    (project / "checklists" / "other.yaml").write_text(
        (project / "checklists" / "mini.yaml").read_text(encoding="utf-8").replace("id: mini", "id: other"),
        encoding="utf-8")
    (project / "playbook.toml").write_text('[hide]\nchecklists = ["mini"]\n', encoding="utf-8")
    result = cli("list")
    assert result.exit_code == 0
    ids = [line.split()[0] for line in result.stdout.splitlines()[1:]]
    assert "other" in ids and "mini" not in ids


def test_a_link_to_a_hidden_play_is_a_note_not_a_problem(cli, project):
    """Hiding a play must not force a fork to edit every checklist that links it: the page is still built."""
    (project / "playbook.toml").write_text('[hide]\nplays = ["plays/b.md"]\n', encoding="utf-8")
    result = cli("validate")
    assert result.exit_code == 0, result.stdout
    notes = [line for line in result.stderr.splitlines() if line.startswith("Note: ")]
    assert any(re.match(r"Note: \S*mini\.yaml:\d+:\d+: play 'plays/b\.md' is hidden by \S*playbook\.toml", line)
               for line in notes), result.stderr


def test_a_broken_settings_file_is_one_error_line(cli, project):
    (project / "playbook.toml").write_text('[hide]\nchecklist = ["mini"]\n', encoding="utf-8")
    result = cli("list")
    assert result.exit_code == 2
    assert error_line(result).startswith(f"Error: {project / 'playbook.toml'}:2:1: unknown key 'checklist' in [hide]")


# -- hidden content everywhere, and the fork's default owner and review date ---------------------------------

def other_checklist(project, checklist_id: str = "other") -> None:
    """A second checklist, whose items link to plays/a.md only."""
    text = (project / "checklists" / "mini.yaml").read_text(encoding="utf-8").replace("id: mini", f"id: {checklist_id}")
    (project / "checklists" / f"{checklist_id}.yaml").write_text(text.replace("plays/b.md", "plays/a.md"),
                                                                  encoding="utf-8")


def play_pages(project, **front_matter: str) -> None:
    """plays/a.md and plays/b.md with the include lines the generation step asks for (and `front_matter` in a)."""
    for name in ("a", "b"):
        meta = "".join(f"{key}: {value}\n" for key, value in front_matter.items()) if name == "a" else ""
        (project / "docs" / "plays" / f"{name}.md").write_text(
            f"---\ntitle: Play {name.upper()}\nphase: Kickoff\n{meta}---\n# Play {name.upper()}\n\n"
            f'--8<-- "generated/cards/plays/{name}.md"\n\n--8<-- "generated/backlinks/plays/{name}.md"\n',
            encoding="utf-8")


def test_run_refuses_a_hidden_checklist_naming_the_settings_file(cli, project, tmp_path):
    (project / "playbook.toml").write_text('[hide]\nchecklists = ["mini"]\n', encoding="utf-8")
    result = cli("run", "mini", "-o", str(tmp_path / "answers.yaml"), input="y\n")
    assert result.exit_code == 2
    assert re.match(r"Error: \S*playbook\.toml:2:15: checklist 'mini' is hidden here \(\[hide\] checklists\)$",
                    error_line(result)), error_line(result)
    assert not (tmp_path / "answers.yaml").exists()


def test_a_hidden_checklist_is_still_validated_and_may_link_to_a_hidden_play(cli, project):
    (project / "playbook.toml").write_text('[hide]\nchecklists = ["mini"]\nplays = ["plays/b.md"]\n',
                                           encoding="utf-8")
    assert cli("validate").exit_code == 0
    mini = project / "checklists" / "mini.yaml"
    mini.write_text(mini.read_text(encoding="utf-8").replace("weight: 2, play", "weight: 9, play"), encoding="utf-8")
    broken = cli("validate")
    assert broken.exit_code == 1 and "mini.yaml:" in broken.stdout and "must be 1..5 (got 9)" in broken.stdout


@pytest.mark.parametrize("line, message", [
    ('checklists = ["mini", "minii"]', r"playbook\.toml:2:23: \[hide\] checklists names 'minii', which is not a "
                                       r"checklist in checklists/ \(hint: did you mean 'mini'\?\)"),
    ('plays = ["plays/bb.md"]', r"playbook\.toml:2:10: \[hide\] plays names 'plays/bb\.md', which is not a page under "
                                r"docs/ \(hint: did you mean 'plays/b\.md'\?\)"),
])
def test_an_unknown_id_in_hide_is_a_problem_at_its_line_with_a_did_you_mean(cli, project, line, message):
    (project / "playbook.toml").write_text(f"[hide]\n{line}\n", encoding="utf-8")
    result = cli("validate")
    assert result.exit_code == 1
    assert any(re.search(message, out) for out in result.stdout.splitlines()), result.stdout


def test_an_overlay_inheriting_a_link_to_a_hidden_play_gets_a_note_until_it_links_another(cli, project):
    (project / "checklists" / "mine.yaml").write_text("id: mine\nextends: mini\nbase_version: 2\nversion: 1\n",
                                                       encoding="utf-8")
    (project / "playbook.toml").write_text('[hide]\nchecklists = ["mini"]\nplays = ["plays/b.md"]\n',
                                           encoding="utf-8")
    result = cli("validate")
    assert result.exit_code == 0, result.stdout
    assert re.search(r"Note: \S*mine\.yaml:2:10: inherited item 'metric' links to play 'plays/b\.md', which is "
                     r"hidden by \S*playbook\.toml: .*\(hint: .*override its play\)", result.stderr), result.stderr
    (project / "checklists" / "mine.yaml").write_text(
        "id: mine\nextends: mini\nbase_version: 2\nversion: 1\noverrides:\n  metric: {play: plays/a.md}\n",
        encoding="utf-8")
    result = cli("validate")
    assert result.exit_code == 0 and "hidden" not in result.stderr, result.stderr


def test_the_site_lists_no_hidden_checklist_or_play(project):
    from playbook_cli.site.generate import generate, hidden_pages

    play_pages(project)
    other_checklist(project)
    (project / "playbook.toml").write_text('[hide]\nchecklists = ["mini"]\nplays = ["plays/b.md"]\n',
                                           encoding="utf-8")
    result = generate(project)
    assert result.pages == ["checklists/index.md", "checklists/other.md"]      # the nav's generated pages
    assert hidden_pages(project) == {"checklists/mini.md", "plays/b.md"}
    index = (project / "docs" / "checklists" / "index.md").read_text(encoding="utf-8")
    assert "(other.md)" in index and "(mini.md)" not in index
    hidden_page = (project / "docs" / "checklists" / "mini.md").read_text(encoding="utf-8")
    assert "\nsearch:\n  exclude: true\n---\n" in hidden_page  # built, links hold, not searched
    assert "search:" not in (project / "docs" / "checklists" / "other.md").read_text(encoding="utf-8")
    backlinks = (project / "generated" / "backlinks" / "plays" / "a.md").read_text(encoding="utf-8")
    assert "other.md" in backlinks and "mini.md" not in backlinks
    plays = (project / "generated" / "plays-index.md").read_text(encoding="utf-8")
    assert "(a.md)" in plays and "(b.md)" not in plays


def test_play_cards_show_the_forks_default_owner_and_review_date_unless_the_play_sets_its_own(project):
    from playbook_cli.site.generate import generate

    play_pages(project, owner="Dana")
    (project / "playbook.toml").write_text(
        '[plays]\ndefault_owner = "Acme delivery guild"\ndefault_last_reviewed = 2026-10-01\n', encoding="utf-8")
    generate(project)
    own = (project / "generated" / "cards" / "plays" / "a.md").read_text(encoding="utf-8")
    defaulted = (project / "generated" / "cards" / "plays" / "b.md").read_text(encoding="utf-8")
    assert "<dd>Dana</dd>" in own and "Acme delivery guild" not in own            # front matter wins
    assert "<dd>Acme delivery guild</dd>" in defaulted
    assert '<time datetime="2026-10-01">1 October 2026</time>' in own and '<time datetime="2026-10-01">' in defaulted


def test_the_nav_drops_hidden_pages_at_any_depth():
    from playbook_cli.site.nav import drop_pages

    nav = [{"Home": "index.md"}, {"Plays": ["plays/index.md", "plays/a.md", {"B": "plays/b.md"}]},
           {"Hidden": ["plays/c.md"]}]
    drop_pages(nav, {"plays/b.md", "plays/c.md"})
    assert nav == [{"Home": "index.md"}, {"Plays": ["plays/index.md", "plays/a.md"]}]


def test_lists_and_tables_leave_out_items_that_link_to_a_hidden_page():
    from playbook_cli.site.hidden_links import without_hidden

    page = ["Intro with [a hidden play](plays/h.md) in prose.", "",
            "- [Shown](plays/s.md): kept", "- [Hidden](plays/h.md#why): dropped", "    with its own line",
            "    - and its nested item", "- [Checklist](checklists/c.md)", "",
            "| If | Run | Check |", "|---|---|---|", "| a | [Shown](plays/s.md) | x |", "| b | [H](plays/h.md) | x |",
            "1. [Up a level](../plays/h.md)", "2. [A bare sibling](h.md)"]
    kept = without_hidden(page, {"plays/h.md", "checklists/c.md"})
    assert kept == ["Intro with [a hidden play](plays/h.md) in prose.", "", "- [Shown](plays/s.md): kept", "",
                    "| If | Run | Check |", "|---|---|---|", "| a | [Shown](plays/s.md) | x |",
                    "2. [A bare sibling](h.md)"]    # a bare link is matched only when the page's folder is known
    assert without_hidden(["- [A sibling](h.md)", "- [Other](s.md)"], {"plays/h.md"}, folder="plays") == [
        "- [Other](s.md)"]
    assert without_hidden(page, set()) == page
