"""`playbook run` under hostile or unusual use (issue 11): no terminal, failed saves,
hand-edited files, a newer checklist, bytes that are not text.

The mini checklist (tests/conftest.py): owner (weight 3, critical), sponsor (1),
metric (2), roles (2). CliRunner's input is never a terminal; the terminal
cases are in tests/test_run_pty.py.
"""

from __future__ import annotations

import errno
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import yaml

from playbook_cli import interactive
from playbook_cli.errors import FileWriteError, Problem
from tests.conftest import MINI, REPO, error_line, write_answers
from tests.unprivileged import SKIP_REASON, unprivileged

NAMED = ("--team", "Payments", "--respondent", "Dana")
ALL_FOUR = "y\np\nn\nu\n"  # owner, sponsor, metric, roles; then the gaps are metric, roles, sponsor


def run(cli, path, *extra, input=""):
    return cli("run", "mini", "-o", str(path), *extra, input=input)


def load(path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# -- 1. without a terminal ----------------------------------------------------------------

def test_without_a_terminal_answer_lines_never_become_the_header(cli, workdir):
    """`printf 'y\\ny\\n' | playbook run ...` used to store "y" as the team and the name."""
    path = workdir / "a.yaml"
    result = run(cli, path, input="y\ny\n")
    assert "Team name" not in result.stdout and "Your name" not in result.stdout
    data = load(path)
    assert "team" not in data and "respondent" not in data
    assert data["answers"] == {"owner": "yes", "sponsor": "yes"}


def test_without_a_terminal_the_options_fill_the_header(cli, workdir):
    path = workdir / "a.yaml"
    result = run(cli, path, *NAMED, input="y\ny\n")
    data = load(path)
    assert (data["team"], data["respondent"]) == ("Payments", "Dana")
    assert data["answers"] == {"owner": "yes", "sponsor": "yes"}
    assert result.exit_code == 1


@pytest.mark.parametrize("before, typed, answered", [
    ({}, "y\ny\n", 2),
    ({"owner": '"yes"'}, "p\n", 2),  # a resumed file: what it held counts too
    ({}, "", 0),
], ids=["new", "resumed", "nothing-typed"])
def test_input_ending_before_the_last_question_exits_1_and_says_how_many(cli, workdir, before, typed, answered):
    path = workdir / "a.yaml"
    if before:
        write_answers(path, before, team="Payments", respondent="Dana")
    result = run(cli, path, *NAMED, input=typed)
    assert result.exit_code == 1
    assert f"{answered} of 4 answered" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(load(path)["answers"]) == answered  # the file keeps what was answered


def test_input_ending_at_the_owner_prompts_is_a_complete_run(cli, workdir):
    path = workdir / "a.yaml"
    result = run(cli, path, *NAMED, input=ALL_FOUR)
    assert result.exit_code == 0, result.stderr
    assert "Score 44/100" in result.stdout
    assert len(load(path)["answers"]) == 4


def test_without_a_terminal_owner_lines_follow_the_answers(cli, workdir):
    path = workdir / "a.yaml"
    result = run(cli, path, *NAMED, input=ALL_FOUR + "Ann\n2026-12-01\n\nBob\n\n")
    assert result.exit_code == 0, result.stderr
    assert load(path)["actions"] == {"metric": {"owner": "Ann", "due": yaml.safe_load("2026-12-01")},
                                     "sponsor": {"owner": "Bob"}}


def test_q_without_a_terminal_is_a_deliberate_stop(cli, workdir):
    path = workdir / "a.yaml"
    result = run(cli, path, *NAMED, input="y\nq\n")
    assert result.exit_code == 0, result.stderr
    assert "Saved 1 of 4 answers" in result.stderr


# -- 2. an owner is saved before its due date is asked ---------------------------------------

def test_end_of_input_at_the_due_date_keeps_the_owner(cli, workdir):
    path = workdir / "a.yaml"
    result = run(cli, path, *NAMED, input=ALL_FOUR + "Ann\n")
    assert result.exit_code == 0, result.stderr
    assert load(path)["actions"] == {"metric": {"owner": "Ann"}}


def test_ctrl_c_at_the_due_date_keeps_the_owner(cli, workdir, monkeypatch):
    def interrupted(self, prompt):
        raise KeyboardInterrupt

    monkeypatch.setattr(interactive.RunSession, "ask_date", interrupted)
    path = workdir / "a.yaml"
    result = run(cli, path, *NAMED, input=ALL_FOUR + "Ann\n")
    assert result.exit_code == 130
    assert "Interrupted. Saved 4 of 4 answers" in result.stderr
    assert load(path)["actions"] == {"metric": {"owner": "Ann"}}


# -- 3. a hand-edited file is never rewritten for nothing -------------------------------------

HAND_EDITED = """\
# Dana's answers for the Payments kickoff; reviewed with Lee.
checklist: mini
checklist_version: 2
team: Payments   # the squad, not the department
respondent: Dana
answers:
  owner: yes     # Priya, since Monday
notes:
  owner: "see ticket #12"
"""


@pytest.mark.parametrize("extra", [(), NAMED], ids=["no-options", "same-header-options"])
def test_q_at_once_leaves_a_hand_edited_file_byte_identical(cli, workdir, extra):
    path = workdir / "a.yaml"
    path.write_text(HAND_EDITED, encoding="utf-8")
    before = path.read_bytes()
    result = run(cli, path, *extra, input="q\n")
    assert result.exit_code == 0, result.stderr
    assert path.read_bytes() == before
    assert "Warning" not in result.stderr
    assert "Saved 1 of 4 answers" in result.stderr


def test_answering_the_same_again_leaves_the_file_byte_identical(cli, workdir):
    path = workdir / "a.yaml"
    path.write_text(HAND_EDITED, encoding="utf-8")
    before = path.read_bytes()
    # At sponsor, go back to owner and give the answer it already has.
    result = run(cli, path, input="b\ny\nq\n")
    assert result.exit_code == 0, result.stderr
    assert path.read_bytes() == before


def test_a_change_to_a_file_with_comments_warns_once_naming_the_file(cli, workdir):
    path = workdir / "a.yaml"
    path.write_text(HAND_EDITED, encoding="utf-8")
    result = run(cli, path, "--team", "payments", input="y\np\nq\n")  # two answers change it
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning")]
    assert len(warnings) == 1 and str(path) in warnings[0] and "comment" in warnings[0]
    data = load(path)
    assert data["team"] == "Payments"  # --team may repeat a resumed file's team, never change it
    assert data["answers"] == {"owner": "yes", "sponsor": "yes", "metric": "partly"}
    assert data["notes"] == {"owner": "see ticket #12"}


def test_a_change_to_a_file_without_comments_does_not_warn(cli, workdir):
    path = workdir / "a.yaml"
    # A '#' inside a value is not a comment.
    path.write_text('checklist: mini\nchecklist_version: 2\nanswers:\n  owner: "yes"\n'
                    'notes:\n  owner: "see ticket #12"\n', encoding="utf-8")
    result = run(cli, path, *NAMED, input="y\nq\n")
    assert result.exit_code == 0, result.stderr
    assert "Warning" not in result.stderr
    assert load(path)["answers"] == {"owner": "yes", "sponsor": "yes"}


# -- 4. the file keeps the version its answers were given against ------------------------------

def test_resuming_against_a_newer_version_keeps_the_old_version_and_score_keeps_warning(cli, workdir):
    path = workdir / "a.yaml"
    path.write_text('checklist: mini\nchecklist_version: 1\nteam: "T"\nrespondent: "R"\n'
                    'answers:\n  owner: "yes"\n', encoding="utf-8")
    result = run(cli, path, input="p\nq\n")  # one more answer, to the version 2 wording
    assert result.exit_code == 0, result.stderr
    data = load(path)
    assert data["answers"] == {"owner": "yes", "sponsor": "partly"}
    assert data["checklist_version"] == 1

    scored = cli("score", str(path))
    assert scored.exit_code == 0, scored.stderr
    warnings = [line for line in scored.stderr.splitlines() if line.startswith("Warning")]
    assert any("version 1" in line for line in warnings), scored.stderr


# -- 5. no tracebacks -----------------------------------------------------------------------

@pytest.mark.parametrize("failure", [
    OSError(errno.ENOSPC, "No space left on device"),
    FileWriteError(Problem("a.yaml", None, None, "cannot write: No space left on device")),
], ids=["OSError", "FileWriteError"])
def test_a_failed_save_is_one_error_line_that_says_what_was_saved(cli, workdir, monkeypatch, failure):
    real_save = interactive.save_answers
    calls = []

    def save_until_the_disk_fills(*args, **kwargs):
        calls.append(1)
        if len(calls) == 4:  # the header, owner, sponsor are saved; metric is not
            raise failure
        real_save(*args, **kwargs)

    monkeypatch.setattr(interactive, "save_answers", save_until_the_disk_fills)
    path = workdir / "a.yaml"
    result = run(cli, path, *NAMED, input="y\np\nn\nu\n")
    assert result.exit_code == 2
    assert error_line(result).startswith("Error: ") and "a.yaml" in error_line(result)
    assert [line for line in result.stderr.splitlines() if line.startswith("Error")] == [error_line(result)]
    assert "2 of 4 answers were saved" in result.stderr
    assert "Traceback" not in result.stderr
    assert load(path)["answers"] == {"owner": "yes", "sponsor": "partly"}


@pytest.mark.parametrize("typed", [b"\xff\n", b"\xc3\x28\n", b"\xed\xa0\x80\n"],
                         ids=["ff", "bad-continuation", "surrogate"])
def test_bytes_that_are_not_utf8_at_a_question_are_asked_again(cli, workdir, typed):
    path = workdir / "a.yaml"
    result = run(cli, path, *NAMED, input=typed + b"y\nq\n")
    assert result.exit_code == 0, result.stderr
    assert "not readable text" in result.stdout
    assert result.stdout.count("Answer [y/p/n/u/na ? b q]: ") == 3  # owner twice, then sponsor
    assert load(path)["answers"] == {"owner": "yes"}


def test_bytes_that_are_not_utf8_at_an_owner_prompt_are_asked_again(cli, workdir):
    path = workdir / "a.yaml"
    result = run(cli, path, *NAMED, input=ALL_FOUR.encode() + b"\xffAnn\nAnn\n\n")
    assert result.exit_code == 0, result.stderr
    assert load(path)["actions"] == {"metric": {"owner": "Ann"}}


def surrogate_escaped(raw: bytes) -> str:
    """What Click hands over on Linux for argv bytes that are not UTF-8."""
    return raw.decode("utf-8", "surrogateescape")


@pytest.mark.parametrize("option", ["--team", "--respondent"])
def test_option_that_is_not_utf8_is_one_error_line_naming_it(cli, workdir, option):
    path = workdir / "a.yaml"
    result = run(cli, path, option, surrogate_escaped(b"Pay\xffments"), input="y\n")
    assert result.exit_code == 2
    assert error_line(result).startswith(f"Error: {option}: ")
    assert [line for line in result.stderr.splitlines() if line.startswith("Error")] == [error_line(result)]
    assert result.stdout == ""
    assert not path.exists()


def test_option_that_is_not_utf8_in_a_real_process(project, tmp_path):
    """The same through a real argv, where the bytes come from the operating system."""
    env = dict(os.environ, PYTHONPATH=str(REPO), LC_ALL="C.UTF-8")
    result = subprocess.run(
        [sys.executable, "-m", "playbook_cli", "run", "mini", "--checklists", str(project / "checklists"),
         "-o", "a.yaml", b"--team", b"Pay\xffments"],
        cwd=tmp_path, env=env, input=b"y\n", capture_output=True, timeout=60)
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2, stderr
    assert stderr.splitlines()[0].startswith("Error: --team: ")
    assert "Traceback" not in stderr


# -- a save that fails for real: the directory becomes read-only midway ---------------------

WAY = unprivileged()


@pytest.mark.skipif(WAY is None, reason=SKIP_REASON)
def test_directory_becoming_read_only_midway_is_one_error_line(tmp_path):
    arena = Path(tempfile.mkdtemp(prefix="playbook-ro-"))  # pytest's tmp_path is closed to other users
    try:
        (arena / "checklists").mkdir()
        (arena / "checklists" / "mini.yaml").write_text(MINI, encoding="utf-8")
        work = arena / "work"
        work.mkdir()
        for path in (arena, arena / "checklists", arena / "checklists" / "mini.yaml", work):
            os.chown(path, WAY.uid, WAY.uid)
        env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONUNBUFFERED="1", NO_COLOR="1")
        proc = subprocess.Popen(
            WAY.command([sys.executable, "-m", "playbook_cli", "run", "mini", "--checklists",
                         str(arena / "checklists"), "-o", "a.yaml", *NAMED], env),
            cwd=work, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        try:
            seen = b""

            def until_prompt(count: int) -> None:
                nonlocal seen
                deadline = time.monotonic() + 30
                while seen.count(b"Answer [") < count:
                    ready, _, _ = select.select([proc.stdout], [], [], max(deadline - time.monotonic(), 0))
                    assert ready, f"no prompt; output so far: {seen!r}"
                    chunk = os.read(proc.stdout.fileno(), 4096)
                    assert chunk, f"the run ended early: {seen!r} {proc.communicate(timeout=30)[1]!r}"
                    seen += chunk

            until_prompt(1)
            proc.stdin.write(b"y\n")
            proc.stdin.flush()
            until_prompt(2)  # owner is saved
            work.chmod(0o555)
            proc.stdin.write(b"p\n")  # its save fails
            proc.stdin.flush()
            _, err = proc.communicate(b"", timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        stderr = err.decode("utf-8", "replace")
        assert proc.returncode == 2, stderr
        assert stderr.splitlines()[0].startswith("Error: a.yaml"), stderr
        assert "1 of 4 answers were saved" in stderr
        assert "Traceback" not in stderr
        assert load(work / "a.yaml")["answers"] == {"owner": "yes"}
    finally:
        (arena / "work").chmod(0o755)
        shutil.rmtree(arena)


def test_control_characters_in_what_run_prints_are_shown_not_obeyed(cli, workdir):
    name = "\x1b]0;owned\x07\x1b[2J.yaml"  # sets the window title, clears the screen
    result = run(cli, workdir / name, *NAMED, input="q\n")
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "\\x1b[2J.yaml" in result.stderr
