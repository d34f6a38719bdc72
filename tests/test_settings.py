"""The fork-owned settings file, playbook.toml: hiding upstream content without editing it."""

from __future__ import annotations

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


def test_a_link_to_a_hidden_play_is_a_validation_problem(cli, project):
    (project / "playbook.toml").write_text('[hide]\nplays = ["plays/b.md"]\n', encoding="utf-8")
    result = cli("validate")
    assert result.exit_code == 1
    assert "play 'plays/b.md' is hidden by " in result.stdout
    assert "playbook.toml" in result.stdout


def test_a_broken_settings_file_is_one_error_line(cli, project):
    (project / "playbook.toml").write_text('[hide]\nchecklist = ["mini"]\n', encoding="utf-8")
    result = cli("list")
    assert result.exit_code == 2
    assert error_line(result).startswith(f"Error: {project / 'playbook.toml'}: unknown key 'checklist' in [hide]")
