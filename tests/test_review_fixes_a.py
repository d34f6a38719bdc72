"""Fixes from an independent new-user review: -o and the project's own files, deep folders,
answers files with a misspelled `checklist:` key, NO_COLOR's empty value, and `new` with PLAYBOOK_CHECKLISTS."""

from __future__ import annotations

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
