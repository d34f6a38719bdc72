"""The `playbook` command as a user sees it: help, formats, discovery, `new`, colour."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from playbook_cli import __version__
from playbook_cli.loader import load_checklist
from tests.common import checklist_files, listed_ids
from tests.conftest import REPO, error_line, write_answers

COMMANDS = ["list", "show", "run", "score", "trend", "actions", "overview", "validate", "new"]
FORMATS = ["text", "markdown", "json", "html"]
# Whatever the repository ships (a fork's own set), not a list of upstream ids.
PACKAGED = listed_ids(REPO)
SHIPPED = checklist_files(REPO)[0]  # any shipped checklist, for discovery tests
XSS = "<script>alert(1)</script>"
XSS_MD = r"&lt;script&gt;alert\(1\)&lt;/script&gt;"
XSS_HTML = "&lt;script&gt;alert(1)&lt;/script&gt;"
# Outside a site's project `new` points editors at the installed package's schema (tests/test_editor_schema.py).
SCHEMA_LINE = "# yaml-language-server: $schema=" + (REPO / "playbook_cli" / "schemas" /
                                                   "checklist.schema.json").as_uri()

# owner yes, sponsor partly, metric partly, roles no: 4.5/8 = 56.25 -> 56 (see test_scoring.py).
ANSWERS_56 = {"owner": '"yes"', "sponsor": "partly", "metric": "partly", "roles": '"no"'}


def tiny_checklist(checklist_id: str, title: str, question: str = "Is there one owner?") -> str:
    return (f"id: {checklist_id}\ntitle: {json.dumps(title)}\nversion: 1\nsections:\n"
            f"  - id: own\n    title: Own\n    items:\n"
            f"      - id: owner\n        question: {json.dumps(question)}\n        why: Someone must decide.\n"
            f"        weight: 2\n        critical: true\n")


# -- version, help, usage ---------------------------------------------------------

def test_version(cli):
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"playbook {__version__}\n"


def test_version_via_python_m(workdir):
    proc = subprocess.run([sys.executable, "-m", "playbook_cli", "--version"], cwd=workdir,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0
    assert proc.stdout == f"playbook {__version__}\n"
    assert proc.stderr == ""


@pytest.mark.parametrize("flag", ["-h", "--help"])
@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_has_examples(cli, command, flag):
    args = [command, flag] if command else [flag]
    result = cli(*args, checklists=False)
    assert result.exit_code == 0
    # CliRunner names the program after the function (main); the examples name it playbook.
    usage = f"Usage: main {command} [OPTIONS]" if command else "Usage: main [OPTIONS] COMMAND [ARGS]..."
    assert result.stdout.startswith(usage)
    lines = result.stdout.splitlines()
    examples = lines.index("  Examples:")
    # \b keeps each example on its own line, and they use the command they document.
    assert lines[examples + 1].startswith(f"    playbook {command or ''}".rstrip())
    assert lines[examples + 2].startswith("    playbook ")
    assert "-h, --help" in result.stdout


def test_main_help_lists_every_command(cli):
    result = cli("--help", checklists=False)
    commands = result.stdout.split("Commands:\n", 1)[1]
    assert sorted(line.split()[0] for line in commands.splitlines() if line.strip()) == sorted(COMMANDS)


def test_unknown_command_is_bad_usage(cli):
    result = cli("frobnicate", checklists=False)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "Error: No such command 'frobnicate'."
    assert result.stdout == ""


@pytest.mark.parametrize("args, message", [
    (["score"], "Error: Missing argument 'FILES...'."),
    (["show"], "Error: Missing argument 'ID'."),
    (["list", "--format", "pdf"],
     "Error: Invalid value for '--format': 'pdf' is not one of 'text', 'markdown', 'json', 'html'."),
    (["score", "a.yaml", "--fail-under", "101"],
     "Error: Invalid value for '--fail-under': 101 is not in the range 0<=x<=100."),
])
def test_bad_usage_exits_2(cli, args, message):
    result = cli(*args)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == message  # the one `Error:` line comes first, as for any other error
    assert len(lines) == 2 and lines[1].startswith("  Hint: see 'main ") and lines[1].endswith(" --help'")


def test_missing_checklists_dir_is_bad_usage(cli):
    result = cli("list", "--checklists", "nowhere", checklists=False)
    assert result.exit_code == 2
    assert error_line(result) == "Error: nowhere: checklists directory does not exist"


# -- list -------------------------------------------------------------------------

def test_list_text_table(cli):
    result = cli("list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert re.fullmatch(r"ID +TITLE +ITEMS", lines[0])
    assert any(re.fullmatch(r"mini +Mini readiness +4", line) for line in lines)
    assert [line.split()[0] for line in lines[1:]] == sorted(["mini", *PACKAGED])
    assert len(lines) == 1 + 1 + len(PACKAGED)


def test_list_json(cli, project):
    result = cli("list", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [row["id"] for row in data] == sorted(["mini", *PACKAGED])
    mini = next(row for row in data if row["id"] == "mini")
    assert mini == {"id": "mini", "title": "Mini readiness", "items": 4,
                    "path": str(project / "checklists" / "mini.yaml")}


def test_list_with_a_broken_checklist_lists_the_rest_and_fails(cli, project):
    (project / "checklists" / "broken.yaml").write_text("id: broken\ntitle: Broken\nversion: 0\nsections: []\n")
    result = cli("list")
    assert result.exit_code == 2
    assert error_line(result) == (f"Error: {project / 'checklists' / 'broken.yaml'}:3:10: "
                                  "checklist 'version' must be at least 1 (got 0)")
    assert "  Hint: run 'playbook validate' to see every problem" in result.stderr.splitlines()
    assert re.search(r"^mini +Mini readiness +4$", result.stdout, re.M)


# -- show -------------------------------------------------------------------------

def test_show_text(cli):
    result = cli("show", "mini")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Mini readiness  (mini, version 2, 4 questions)"
    assert "Bands: Ready (ready) >= 80, At risk (at-risk) >= 60, Not ready (not-ready) >= 0" in lines
    assert "  1. Is there one owner? [weight 3, CRITICAL]" in lines
    assert "     id: owner   play: plays/a.md" in lines
    assert "  4. Are roles clear? [weight 2]" in lines


def test_show_markdown_is_the_site_page_body(cli):
    result = cli("show", "mini", "--format", "markdown")
    assert result.exit_code == 0
    md = result.stdout
    for number, question in enumerate(["Is there one owner?", "Is there a sponsor?", "Is the metric agreed?",
                                       "Are roles clear?"], start=1):
        assert f"**{number}. {question}**" in md
    assert "**4 questions** in 2 sections, 1 of them critical. Version 2." in md
    # The play's title comes from its front matter (a.md) or its first heading (b.md).
    assert "Weight 3 · **Critical** · id `owner` · Play: [Play A](../plays/a.md)" in md
    assert "Weight 2 · id `metric` · Play: [Play B](../plays/b.md)" in md
    assert md.count("**Critical**") == 1
    assert "| Ready (`ready`) | 80–100 |" in md


def test_show_json(cli):
    result = cli("show", "mini", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert (data["id"], data["title"], data["version"]) == ("mini", "Mini readiness", 2)
    assert data["bands"][-1] == {"id": "not-ready", "label": "Not ready", "min": 0}
    assert data["sections"][0]["items"][0] == {
        "id": "owner", "question": "Is there one owner?", "why": "Someone must decide.",
        "weight": 3, "critical": True, "play": "plays/a.md"}
    assert [i["id"] for s in data["sections"] for i in s["items"]] == ["owner", "sponsor", "metric", "roles"]


@pytest.fixture
def xss_checklist(project):
    (project / "checklists" / "xss.yaml").write_text(
        tiny_checklist("xss", "Safe & sound", question=f"{XSS} Is it escaped?"), encoding="utf-8")
    return "xss"


def test_show_html_escapes_questions(cli, xss_checklist):
    result = cli("show", xss_checklist, "--format", "html")
    assert result.exit_code == 0
    html = result.stdout
    assert html.startswith("<!DOCTYPE html>")
    assert f"<strong>{XSS_HTML} Is it escaped?</strong>" in html
    assert "<h1>Safe &amp; sound</h1>" in html
    assert "<script" not in html


def test_show_markdown_escapes_questions(cli, xss_checklist):
    result = cli("show", xss_checklist, "--format", "markdown")
    assert result.exit_code == 0
    assert f"**1. {XSS_MD} Is it escaped?**" in result.stdout
    assert "<script" not in result.stdout


def test_show_unknown_id(cli):
    result = cli("show", "nope")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == "Error: nope: no such checklist"
    assert lines[1].startswith("  Hint: checklists found: " + ", ".join(sorted(["mini", *PACKAGED])[:3]))
    assert result.stdout == ""


@pytest.mark.parametrize("fmt", FORMATS)
def test_show_output_file(cli, workdir, fmt):
    expected = cli("show", "mini", "--format", fmt).stdout
    result = cli("show", "mini", "--format", fmt, "-o", "page.out")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert (workdir / "page.out").read_text(encoding="utf-8") == expected


# -- score ------------------------------------------------------------------------

@pytest.mark.parametrize("fmt, marker", [
    ("text", "Score 56/100  Not ready"),
    ("markdown", "## Mini readiness: 56/100, Not ready"),
    ("json", '"score": 56,'),
    ("html", '<p class="verdict">Score 56/100: <span class="band-low">Not ready</span></p>'),
])
def test_score_formats(cli, workdir, fmt, marker):
    write_answers(workdir / "a.yaml", ANSWERS_56, team="Payments", respondent="Dana")
    result = cli("score", "a.yaml", "--format", fmt)
    assert result.exit_code == 0
    assert marker in result.stdout
    assert result.stderr == ""
    if fmt == "json":
        assert json.loads(result.stdout)["band"] == "not-ready"
    if fmt == "html":
        assert result.stdout.startswith("<!DOCTYPE html>") and result.stdout.rstrip().endswith("</html>")


@pytest.mark.parametrize("fmt", FORMATS)
def test_score_output_file_equals_stdout(cli, workdir, fmt):
    write_answers(workdir / "a.yaml", ANSWERS_56, team="Payments")
    expected = cli("score", "a.yaml", "--format", fmt).stdout
    result = cli("score", "a.yaml", "--format", fmt, "-o", "report.md")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "Wrote report.md\n"
    assert (workdir / "report.md").read_text(encoding="utf-8") == expected
    assert [p.name for p in workdir.iterdir() if p.name.startswith(".")] == []  # no temp file left


def test_score_output_into_missing_dir_is_an_error(cli, workdir):
    write_answers(workdir / "a.yaml", ANSWERS_56)
    result = cli("score", "a.yaml", "-o", "no/such/dir/report.md")
    assert result.exit_code == 2
    assert error_line(result).startswith("Error: no/such/dir/report.md: cannot write: ")


@pytest.mark.parametrize("fmt, escaped", [("markdown", XSS_MD), ("html", XSS_HTML)])
def test_score_escapes_team_and_questions(cli, workdir, xss_checklist, fmt, escaped):
    (workdir / "a.yaml").write_text(
        f'checklist: xss\nteam: "{XSS}"\nrespondent: "{XSS}"\nanswers:\n  owner: "no"\n', encoding="utf-8")
    result = cli("score", "a.yaml", "--format", fmt)
    assert result.exit_code == 0
    out = result.stdout
    assert "<script" not in out
    if fmt == "markdown":
        assert f"**Team:** {escaped}" in out
        assert f"- **{escaped} Is it escaped?** (`owner`)" in out  # the blocker
    else:
        assert f"Team {escaped}" in out
        assert f"<li>{escaped} Is it escaped? (<code>owner</code>)</li>" in out


# -- colour -----------------------------------------------------------------------

def _run_on_tty(args, cwd, env) -> tuple[int, str]:
    """Run `python -m playbook_cli ARGS` with stdout on a pseudo-terminal."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "playbook_cli", *args], cwd=cwd, env=env,
                            stdin=subprocess.DEVNULL, stdout=slave, stderr=subprocess.DEVNULL)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return proc.wait(timeout=60), b"".join(chunks).decode("utf-8")


@pytest.fixture
def score_args(workdir, project):
    write_answers(workdir / "a.yaml", ANSWERS_56)
    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "PLAYBOOK_CHECKLISTS"}}
    env["TERM"] = "xterm"  # a terminal with colour, whatever the machine running the tests has (TERM=dumb has none)
    return ["score", "a.yaml", "--checklists", str(project / "checklists")], env


def test_colour_on_a_terminal(workdir, score_args):
    # The control for the two tests below: on a terminal, the band is coloured.
    args, env = score_args
    status, out = _run_on_tty(args, workdir, env)
    assert status == 0
    assert "\x1b[" in out


def test_no_colour_with_no_color_even_on_a_terminal(workdir, score_args):
    args, env = score_args
    status, out = _run_on_tty(args, workdir, {**env, "NO_COLOR": "1"})
    assert status == 0
    assert "Score 56/100  Not ready" in out
    assert "\x1b" not in out


def test_no_colour_when_piped(workdir, score_args):
    args, env = score_args
    proc = subprocess.run([sys.executable, "-m", "playbook_cli", *args], cwd=workdir, env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0
    assert "Score 56/100  Not ready" in proc.stdout
    assert "\x1b" not in proc.stdout + proc.stderr


def test_no_colour_in_cli_runner_with_no_color(cli, workdir):
    write_answers(workdir / "a.yaml", ANSWERS_56)
    result = cli("score", "a.yaml", env={"NO_COLOR": "1"})
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout + result.stderr


# -- discovery --------------------------------------------------------------------

def _title_of_kickoff(cli, *args, env=None) -> str:
    result = cli("show", SHIPPED.stem, "--format", "json", *args, env=env, checklists=False)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["title"]


def test_discovery_order(cli, workdir, tmp_path):
    option_dir, env_dir, cwd_dir = tmp_path / "option", tmp_path / "env", workdir / "checklists"
    for directory, title in ((option_dir, "From option"), (env_dir, "From env"), (cwd_dir, "From cwd")):
        directory.mkdir()
        (directory / f"{SHIPPED.stem}.yaml").write_text(tiny_checklist(SHIPPED.stem, title))
    env = {"PLAYBOOK_CHECKLISTS": str(env_dir)}
    assert _title_of_kickoff(cli, "--checklists", str(option_dir), env=env) == "From option"
    assert _title_of_kickoff(cli, env=env) == "From env"
    assert _title_of_kickoff(cli) == "From cwd"
    (cwd_dir / f"{SHIPPED.stem}.yaml").unlink()
    assert _title_of_kickoff(cli) == load_checklist(SHIPPED).title  # packaged


def test_env_var_holds_several_dirs_first_wins(cli, workdir, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    for directory, title in ((first, "First"), (second, "Second")):
        directory.mkdir()
        (directory / f"{SHIPPED.stem}.yaml").write_text(tiny_checklist(SHIPPED.stem, title))
    (second / "only-second.yaml").write_text(tiny_checklist("only-second", "Only second"))
    env = {"PLAYBOOK_CHECKLISTS": os.pathsep.join([str(first), str(second)])}
    assert _title_of_kickoff(cli, env=env) == "First"
    result = cli("list", "--format", "json", env=env, checklists=False)
    assert "only-second" in [row["id"] for row in json.loads(result.stdout)]


def test_empty_cwd_lists_the_packaged_checklists(cli, workdir):
    assert list(workdir.iterdir()) == []
    result = cli("list", "--format", "json", checklists=False)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [row["id"] for row in data] == PACKAGED
    assert all(row["items"] > 0 for row in data)
    text = cli("list", checklists=False).stdout
    title = load_checklist(SHIPPED).title
    assert re.search(rf"^{re.escape(SHIPPED.stem)} +{re.escape(title)} +\d+$", text, re.M)


# -- new --------------------------------------------------------------------------

def test_new_creates_a_valid_checklist(cli, workdir):
    result = cli("new", "my-list")
    assert result.exit_code == 0
    path = workdir / "checklists" / "my-list.yaml"
    assert result.stderr == ("Created checklists/my-list.yaml. Edit it, then check it with: "
                             "playbook validate checklists/my-list.yaml\n")
    assert result.stdout == ""
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_LINE
    assert "id: my-list\n" in text
    check = cli("validate", "checklists/my-list.yaml", checklists=False)
    assert check.exit_code == 0
    assert check.stderr == ("1 file(s) checked: all valid.\n"
                            "Note: play links not checked in checklists (no docs/ beside the checklists).\n")
    shown = cli("show", "my-list", "--format", "json", checklists=False)  # found in ./checklists
    assert json.loads(shown.stdout)["title"] == "My list"


def test_new_title_with_yaml_syntax_round_trips(cli, workdir):
    title = 'Launch: "go" #1 <now> & {later}'
    assert cli("new", "launch", "--title", title).exit_code == 0
    assert cli("validate", "checklists/launch.yaml", checklists=False).exit_code == 0
    shown = cli("show", "launch", "--format", "json", checklists=False)
    assert json.loads(shown.stdout)["title"] == title


def test_new_refuses_to_overwrite(cli, workdir):
    (workdir / "checklists").mkdir()
    path = workdir / "checklists" / "my-list.yaml"
    path.write_text("mine: keep me\n")
    result = cli("new", "my-list")
    assert result.exit_code == 2
    assert error_line(result) == "Error: checklists/my-list.yaml: already exists; not overwriting it"
    assert path.read_text() == "mine: keep me\n"


@pytest.mark.parametrize("bad_id", ["My_List", "my list", "my--list", "-my-list", "../evil", "my-list.yaml", ""])
def test_new_rejects_non_kebab_ids(cli, workdir, bad_id):
    result = cli("new", "--", bad_id)  # "--" so that "-my-list" reaches the id check
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:2] == [
        f"Error: {bad_id}: checklist id must be kebab-case",
        "  Hint: lower-case letters, digits and single hyphens, e.g. launch-readiness",
    ]
    assert list(workdir.iterdir()) == []


def test_new_into_another_dir(cli, workdir):
    result = cli("new", "launch", "--checklists", "lists")
    assert result.exit_code == 0
    assert (workdir / "lists" / "launch.yaml").read_text(encoding="utf-8").startswith(SCHEMA_LINE + "\n")


def test_packaged_dir_is_the_repository_checklists_in_a_checkout():
    from playbook_cli.catalog import packaged_dir

    assert sorted(p.stem for p in Path(packaged_dir()).glob("*.yaml")) == [p.stem for p in checklist_files(REPO)]
    assert Path(packaged_dir()).resolve() == (REPO / "checklists").resolve()
