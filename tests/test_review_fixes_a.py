"""Fixes from an independent new-user review: -o and the project's own files, deep folders,
answers files with a misspelled `checklist:` key, NO_COLOR's empty value, and `new` with PLAYBOOK_CHECKLISTS."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest

from tests.conftest import error_line, write_answers

# -- -o never replaces the project files a command read -----------------------------------------

PROJECT_FILES = {
    "playbook.toml": '[reports]\ntemplates = "report-templates"\n',
    "mkdocs.yml": "site_name: X\nsite_url: https://x.example/\n",
    "report-templates/brand.html": "<p class=brand>Acme</p>\n",
}

# Each command with -o, as run against the test project; html where the fork's templates are read.
COMMANDS = {
    "list": ["list"],
    "show": ["show", "mini"],
    "score": ["score", "a.yaml"],
    "trend": ["trend", "a.yaml"],
    "actions": ["actions", "a.yaml"],
    "overview": ["overview", "a.yaml"],
}
HTML = {"list", "show", "score", "trend", "overview"}  # actions has no html: it loads no template


@pytest.fixture
def fork(project, workdir):
    """The test project as a fork: its settings, its site config and a report template; one answers file."""
    for name, text in PROJECT_FILES.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    write_answers(workdir / "a.yaml", {"owner": '"no"', "sponsor": "yes"}, team="Payments", date="2026-11-23")
    with (workdir / "a.yaml").open("a", encoding="utf-8") as f:
        f.write("actions:\n  owner: {owner: Priya, due: 2026-12-01}\n")
    return project


def _refused(cli, fork, target: str, args: list[str]):
    before = (fork / target).read_bytes()
    result = cli(*args, "-o", str(fork / target),
                 *([] if args[0] in {"list", "show", "score", "trend"} else ["--checklists",
                                                                             str(fork / "checklists")]))
    assert result.exit_code == 2, result.stdout + result.stderr
    assert error_line(result).startswith("Error: ")
    assert target.rsplit("/", 1)[-1] in error_line(result)
    assert [line for line in result.stderr.splitlines() if line.startswith("Error")] == [error_line(result)]
    assert "Traceback" not in result.stderr
    assert (fork / target).read_bytes() == before


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("target", ["playbook.toml", "mkdocs.yml"])
def test_output_never_replaces_the_settings_or_site_config_read(cli, fork, command, target):
    # playbook.toml says what is hidden (and where templates are); mkdocs.yml's site_url is where plays link:
    # replacing either with a report breaks every later command, or every link.
    _refused(cli, fork, target, COMMANDS[command])


@pytest.mark.parametrize("command", sorted(HTML))
def test_output_never_replaces_a_report_template_the_render_used(cli, fork, command):
    _refused(cli, fork, "report-templates/brand.html", [*COMMANDS[command], "--format", "html"])


@pytest.mark.parametrize("command", ["score", "overview"])
def test_output_beside_the_project_files_still_writes(cli, fork, workdir, command):
    # The control: the same commands write any other file.
    args = COMMANDS[command] + ([] if command == "score" else ["--checklists", str(fork / "checklists")])
    result = cli(*args, "--format", "html", "-o", str(workdir / "report.html"))
    assert result.exit_code == 0, result.stderr
    assert "Acme" in (workdir / "report.html").read_text(encoding="utf-8")


# -- a folder nested thousands deep ---------------------------------------------------------------

@pytest.fixture
def deep_answers():
    """DIR/d/d/.../d/x.yaml, 1500 folders down, made one by one and removed the same way afterwards:
    os.makedirs and shutil.rmtree recurse. Outside pytest's tmp_path, since pytest removes its old
    temporary folders with shutil.rmtree: one left by a killed run would break every later session."""
    folders = [Path(tempfile.mkdtemp(prefix="playbook-deep-"))]
    for _ in range(1500):
        folders.append(folders[-1] / "d")
        folders[-1].mkdir()
    answers = write_answers(folders[-1] / "x.yaml", {"owner": '"no"'}, team="Deep", date="2026-11-23")
    with answers.open("a", encoding="utf-8") as f:
        f.write("actions:\n  owner: {owner: Priya, due: 2026-12-01}\n")
    try:
        yield folders[0]
    finally:
        answers.unlink()
        for folder in reversed(folders):
            folder.rmdir()


@pytest.mark.parametrize("command", ["actions", "overview"])
def test_a_folder_nested_1500_deep_is_read(cli, project, workdir, deep_answers, command):
    result = cli(command, str(deep_answers), "--checklists", str(project / "checklists"), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "Deep" in result.stdout


def test_folders_are_read_in_path_order_without_hidden_ones_or_linked_folders(cli, project, workdir):
    # One team's actions due the same day are listed in file order: a folder's files sorted by path, at any
    # depth. A .hidden folder and a link to a folder (a loop here) are left out; a link to a file counts.
    answers = workdir / "answers"
    (answers / "b" / "c").mkdir(parents=True)
    (answers / ".old").mkdir()
    for name, item, owner in (("b/c/z.yaml", "sponsor", "Zed"), ("b/a.yml", "metric", "Bea"),
                              ("a.yaml", "roles", "Ann"), (".old/x.yaml", "owner", "Hidden"),
                              ("c.yaml", "owner", "Cy")):
        write_answers(answers / name, {}, team="T", date="2026-11-23")
        with (answers / name).open("a", encoding="utf-8") as f:
            f.write(f"actions:\n  {item}: {{owner: {owner}, due: 2026-12-01}}\n")
    (answers / "b" / "loop").symlink_to(answers, target_is_directory=True)
    write_answers(workdir / "outside.yaml", {}, team="Linked", date="2026-11-23")
    with (workdir / "outside.yaml").open("a", encoding="utf-8") as f:
        f.write("actions:\n  owner: {owner: Lin, due: 2026-12-02}\n")
    (answers / "d.yaml").symlink_to(workdir / "outside.yaml")
    result = cli("actions", "answers", "--checklists", str(project / "checklists"), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert [a["owner"] for a in json.loads(result.stdout)] == ["Ann", "Bea", "Zed", "Cy", "Lin"]


# -- a misspelled `checklist:` is said, not silently skipped ------------------------------------

@pytest.fixture
def team_folder(workdir):
    """answers/: one answers file, one with `checklst:` (an overdue action), a config and a checklist-like file."""
    folder = workdir / "answers"
    folder.mkdir()
    write_answers(folder / "a.yaml", {"owner": "yes"}, team="Payments", date="2026-11-23")
    (folder / "b.yaml").write_text(
        "checklst: mini\nteam: Growth\ndate: 2026-11-23\nanswers:\n  owner: 'no'\n"
        "actions:\n  owner: {owner: Kim, due: 2026-11-01}\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text("site_name: X\nnav:\n  - index.md\n", encoding="utf-8")
    (folder / "notes.yaml").write_text("title: Retro notes\nitems: [a, b]\n", encoding="utf-8")
    return folder


def _warnings(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Warning:")]


@pytest.mark.parametrize("command", ["actions", "overview"])
def test_a_file_with_answers_but_a_misspelled_checklist_key_gets_a_warning(cli, project, team_folder, command):
    result = cli(command, "answers", "--checklists", str(project / "checklists"), "--as-of", "2026-11-30")
    assert result.exit_code == 0, result.stderr
    # One warning, at the line of its `answers:` key (the first of answers/actions), naming the key it lacks
    # and the key that looks like it; the config and the other YAML file get none.
    assert len(_warnings(result)) == 1, result.stderr
    assert _warnings(result)[0].startswith("Warning: answers/b.yaml:4:1: ")
    assert "'checklist'" in _warnings(result)[0]
    assert "checklst" in result.stderr


def test_the_overdue_gate_says_which_file_it_did_not_read(cli, project, team_folder):
    # The weekly gate passes (b.yaml's overdue action is not read), but no longer without a word.
    result = cli("actions", "answers", "--checklists", str(project / "checklists"), "--as-of", "2026-11-30",
                 "--fail-on-overdue")
    assert result.exit_code == 0
    assert len(_warnings(result)) == 1 and "answers/b.yaml:4:1" in _warnings(result)[0]


def test_no_close_key_hints_at_adding_checklist(cli, project, workdir):
    folder = workdir / "answers"
    folder.mkdir()
    write_answers(folder / "a.yaml", {"owner": "yes"}, team="Payments", date="2026-11-23")
    (folder / "c.yaml").write_text("team: Growth\ndate: 2026-11-23\nactions:\n  owner: Kim\n", encoding="utf-8")
    result = cli("overview", "answers", "--checklists", str(project / "checklists"), "--as-of", "2026-11-30")
    assert result.exit_code == 0, result.stderr
    assert [line.split(": ", 2)[1] for line in _warnings(result)] == ["answers/c.yaml:3:1"]
    assert "checklist" in result.stderr.split("Hint:", 1)[1]


def test_plain_yaml_files_in_the_folder_get_no_warning(cli, project, workdir):
    folder = workdir / "answers"
    folder.mkdir()
    write_answers(folder / "a.yaml", {"owner": "yes"}, team="Payments", date="2026-11-23")
    (folder / "mkdocs.yml").write_text("site_name: X\nnav:\n  - index.md\n", encoding="utf-8")
    (folder / "list.yaml").write_text("- answers\n- actions\n", encoding="utf-8")
    for command in ("actions", "overview"):
        result = cli(command, "answers", "--checklists", str(project / "checklists"), "--as-of", "2026-11-30")
        assert result.exit_code == 0, result.stderr
        assert _warnings(result) == []


# -- NO_COLOR: set and not empty turns colour off (no-color.org) --------------------------------

@pytest.mark.parametrize("no_color, coloured", [(None, True), ("1", False), ("", True)])
def test_no_color_turns_colour_off_only_when_not_empty(project, workdir, no_color, coloured):
    from tests.test_cli import _run_on_tty

    write_answers(workdir / "a.yaml", {"owner": '"yes"', "sponsor": "partly", "metric": "partly", "roles": '"no"'})
    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "PLAYBOOK_CHECKLISTS"}}
    env["TERM"] = "xterm"  # a terminal with colour, whatever runs the tests
    if no_color is not None:
        env["NO_COLOR"] = no_color
    status, out = _run_on_tty(["score", "a.yaml", "--checklists", str(project / "checklists")], workdir, env)
    assert status == 0
    assert "Score 56/100" in out
    assert ("\x1b[" in out) is coloured


# -- `new` looks where every command looks: --checklists, then PLAYBOOK_CHECKLISTS -----------------

def test_new_creates_the_checklist_in_playbook_checklists(cli, workdir):
    (workdir / "ours").mkdir()
    result = cli("new", "launch", env={"PLAYBOOK_CHECKLISTS": "ours"})
    assert result.exit_code == 0, result.stderr
    assert (workdir / "ours" / "launch.yaml").is_file()
    assert not (workdir / "checklists").exists()
    listed = cli("list", "--format", "json", env={"PLAYBOOK_CHECKLISTS": "ours"}, checklists=False)
    assert "launch" in listed.stdout


def test_new_with_checklists_wins_over_the_variable(cli, workdir):
    (workdir / "ours").mkdir()
    result = cli("new", "launch", "--checklists", "mine", env={"PLAYBOOK_CHECKLISTS": "ours"})
    assert result.exit_code == 0, result.stderr
    assert (workdir / "mine" / "launch.yaml").is_file()
    assert list((workdir / "ours").iterdir()) == []


def test_new_refuses_a_playbook_checklists_directory_that_does_not_exist(cli, workdir):
    result = cli("new", "launch", env={"PLAYBOOK_CHECKLISTS": "typo"})
    assert result.exit_code == 2
    assert error_line(result).startswith("Error: typo")
    assert list(workdir.iterdir()) == []


def test_new_without_the_variable_still_uses_dot_checklists(cli, workdir):
    result = cli("new", "launch")
    assert result.exit_code == 0, result.stderr
    assert (workdir / "checklists" / "launch.yaml").is_file()


def test_new_help_names_the_variable(cli):
    assert "PLAYBOOK_CHECKLISTS" in cli("new", "--help").stdout
