"""`playbook run`: the interactive questionnaire, driven through CliRunner input.

The mini checklist: owner (weight 3, critical), sponsor (1) in section Own;
metric (2), roles (2) in section Align. Total weight 8.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import textwrap

import pytest
import yaml
from click.testing import CliRunner

from playbook_cli import interactive
from playbook_cli.cli import main
from tests.conftest import error_line

PROMPT = "Answer [y/p/n/u/na ? b q]: "
HINT = "Type y (yes), p (partly), n (no), u (unknown), na (n/a), ? (why), b (back) or q (save and stop)."
NAMED = ("--team", "Payments", "--respondent", "Dana")


def run(cli, path, *extra, input=""):
    return cli("run", "mini", "-o", str(path), *extra, input=input)


def progress(stdout: str) -> list[str]:
    """The progress lines (`3/4 Align`), in the order they were shown."""
    return [line for line in stdout.splitlines() if re.fullmatch(r"\d+/4 \S.*", line)]


def load(path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# -- a whole run ---------------------------------------------------------------

def test_full_run_asks_everything_saves_scores_and_records_owners(cli, workdir):
    path = workdir / "dana.yaml"
    keys = [
        "y", "p", "n", "u",                      # owner, sponsor, metric, roles
        "Ann", "2026-13-01", "soon", "2026-12-01",  # metric: owner, two bad dates, a good one
        "Bob", "",                               # roles: owner, no due date
        "",                                      # sponsor: no owner
    ]
    result = run(cli, path, *NAMED, input="\n".join(keys) + "\n")
    assert result.exit_code == 0, result.stderr
    out = result.stdout

    # Input is not a terminal: the header comes from the options, never from an answer line.
    assert "Team name" not in out and "Your name" not in out
    assert progress(out) == ["1/4 Own", "2/4 Own", "3/4 Align", "4/4 Align"]
    assert "Is there one owner?  [weight 3, critical]" in out
    assert "Is there a sponsor?  [weight 1]" in out

    # The result: 3*1 + 1*0.5 + 2*0 + 2*0 = 3.5 of 8 = 43.75 -> 44; no blocker (owner is yes).
    assert "Score 44/100  Not ready" in out
    # Owners are asked after the result, for the top gaps in priority order:
    # metric 2*(1-0)=2 and roles 2 (file order breaks the tie), then sponsor 1*0.5.
    gaps = [line for line in out.splitlines() if line.startswith("Gap: ")]
    assert gaps == ["Gap: Is the metric agreed?", "Gap: Are roles clear?", "Gap: Is there a sponsor?"]
    assert out.index("Score 44/100") < out.index("Gap: ")
    # Both bad dates are refused and the date is asked again each time.
    assert out.count("Please type a date like 2026-12-01, or press Enter to skip.") == 2
    assert out.count("Due date YYYY-MM-DD (Enter to skip): ") == 4
    assert f"Saved {path}. Score it any time: playbook score {path}" in out

    assert load(path) == {
        "checklist": "mini",
        "checklist_version": 2,
        "team": "Payments",
        "respondent": "Dana",
        "date": dt.date.today(),
        "answers": {"owner": "yes", "sponsor": "partly", "metric": "no", "roles": "unknown"},
        "actions": {"metric": {"owner": "Ann", "due": dt.date(2026, 12, 1)}, "roles": {"owner": "Bob"}},
    }
    raw = path.read_text(encoding="utf-8")
    # Quoted, so YAML 1.1 readers do not turn them into booleans.
    for line in ('owner: "yes"', 'sponsor: "partly"', 'metric: "no"', 'roles: "unknown"'):
        assert f"  {line}\n" in raw

    # The recorded owners reach the action plan of `playbook score`.
    scored = cli("score", str(path), "--format", "json")
    assert scored.exit_code == 0, scored.stderr
    owners = {gap["item"]: gap["owner"] for gap in json.loads(scored.stdout)["gaps"]}
    assert owners == {"metric": "Ann", "roles": "Bob", "sponsor": None}


def test_without_options_or_a_terminal_team_and_name_are_left_out(cli, workdir):
    path = workdir / "a.yaml"
    result = run(cli, path, input="y\nq\n")
    assert result.exit_code == 0, result.stderr
    assert "Team name" not in result.stdout and "Your name" not in result.stdout
    data = load(path)
    assert "team" not in data and "respondent" not in data
    assert data["answers"] == {"owner": "yes"}


def test_team_and_respondent_options_skip_the_prompts(cli, workdir):
    path = workdir / "a.yaml"
    result = run(cli, path, *NAMED, input="y\nq\n")
    assert result.exit_code == 0, result.stderr
    assert "Team name" not in result.stdout
    assert "Your name" not in result.stdout
    data = load(path)
    assert (data["team"], data["respondent"]) == ("Payments", "Dana")
    assert data["answers"] == {"owner": "yes"}


# -- what a question accepts ---------------------------------------------------

@pytest.mark.parametrize("typed, stored", [
    ("y", "yes"), ("yes", "yes"), ("Y", "yes"),
    ("p", "partly"), ("partly", "partly"),
    ("n", "no"), ("no", "no"),
    ("u", "unknown"), ("unknown", "unknown"),
    ("na", "n/a"), ("n/a", "n/a"), ("NA", "n/a"), ("N/A", "n/a"),
])
def test_answer_words(cli, workdir, typed, stored):
    path = workdir / "a.yaml"
    result = run(cli, path, *NAMED, input=f"{typed}\nq\n")
    assert result.exit_code == 0, result.stderr
    assert load(path)["answers"] == {"owner": stored}
    assert f'  owner: "{stored}"\n' in path.read_text(encoding="utf-8")


def test_question_mark_shows_why_and_play_then_asks_again(cli, workdir):
    path = workdir / "a.yaml"
    result = run(cli, path, *NAMED, input="?\ny\n?\np\nq\n")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    first, second = out.split("2/4 Own")
    assert "  Someone must decide.\n  Play: Play A (plays/a.md)\n" in first
    # sponsor has no play: only the why.
    assert "  Someone must unblock.\n" in second
    assert "Play:" not in second.split("3/4 Align")[0]
    # `?` is not an answer: the same question is asked again, no new progress line.
    assert first.count(PROMPT) == 2
    assert progress(out) == ["1/4 Own", "2/4 Own", "3/4 Align"]
    assert load(path)["answers"] == {"owner": "yes", "sponsor": "partly"}


def test_back_reasks_previous_question_and_replaces_the_answer(cli, workdir):
    path = workdir / "a.yaml"
    result = run(cli, path, *NAMED, input="y\nb\nn\np\nq\n")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert progress(out) == ["1/4 Own", "2/4 Own", "1/4 Own", "2/4 Own", "3/4 Align"]
    # The re-asked question shows the answer it has now.
    assert "Answer (now: yes) [y/p/n/u/na ? b q]: " in out
    assert load(path)["answers"] == {"owner": "no", "sponsor": "partly"}


def test_back_then_forward_continues_where_it_left_off(cli, workdir):
    path = workdir / "a.yaml"
    # owner y, sponsor p; at metric go back to sponsor (now: partly), change it
    # to y, then continue with metric.
    result = run(cli, path, *NAMED, input="y\np\nb\ny\nn\nq\n")
    assert result.exit_code == 0, result.stderr
    assert progress(result.stdout) == ["1/4 Own", "2/4 Own", "3/4 Align", "2/4 Own", "3/4 Align", "4/4 Align"]
    assert "Answer (now: partly) [y/p/n/u/na ? b q]: " in result.stdout
    assert load(path)["answers"] == {"owner": "yes", "sponsor": "yes", "metric": "no"}


def test_back_at_first_question_says_there_is_nothing_to_go_back_to(cli, workdir):
    path = workdir / "a.yaml"
    result = run(cli, path, *NAMED, input="b\ny\nq\n")
    assert result.exit_code == 0, result.stderr
    assert "This is the first question; there is nothing to go back to." in result.stdout
    assert progress(result.stdout)[:2] == ["1/4 Own", "1/4 Own"]
    assert load(path)["answers"] == {"owner": "yes"}


def test_invalid_input_reasks_with_the_hint(cli, workdir):
    path = workdir / "a.yaml"
    result = run(cli, path, *NAMED, input="maybe\n\nyess\ny\nq\n")
    assert result.exit_code == 0, result.stderr
    first = result.stdout.split("2/4 Own")[0]
    lines = first.split(PROMPT)[1:]
    # Each refused input is followed by the hint, then the same prompt again.
    assert [line.splitlines()[0] for line in lines[:3]] == [HINT, "Please answer. " + HINT, HINT]
    assert first.count(PROMPT) == 4
    assert progress(result.stdout) == ["1/4 Own", "2/4 Own"]
    assert load(path)["answers"] == {"owner": "yes"}


# -- stopping and resuming -----------------------------------------------------

def test_quit_saves_and_a_second_run_resumes(cli, workdir):
    path = workdir / "a.yaml"
    result = run(cli, path, *NAMED, input="y\np\nq\n")
    assert result.exit_code == 0, result.stderr
    assert f"Saved 2 of 4 answers to {path}" in result.stderr
    assert "Score" not in result.stdout  # stopped: no result, no owner questions
    assert progress(result.stdout) == ["1/4 Own", "2/4 Own", "3/4 Align"]
    assert load(path)["answers"] == {"owner": "yes", "sponsor": "partly"}

    # Three owner prompts at the end (metric, roles, sponsor), each skipped.
    again = run(cli, path, input="n\nu\n\n\n\n")
    assert again.exit_code == 0, again.stderr
    assert "Resuming: 2 of 4 answered." in again.stdout
    assert progress(again.stdout) == ["3/4 Align", "4/4 Align"]
    assert "Team name" not in again.stdout and "Your name" not in again.stdout
    assert again.stdout.count("Owner (Enter to skip, q to stop): ") == 3
    data = load(path)
    assert data["answers"] == {"owner": "yes", "sponsor": "partly", "metric": "no", "roles": "unknown"}
    assert (data["team"], data["respondent"]) == ("Payments", "Dana")
    assert "actions" not in data


def test_end_of_input_midway_keeps_the_answers_and_exits_1(cli, workdir):
    path = workdir / "a.yaml"
    result = run(cli, path, *NAMED, input="y\n")  # input ends at question 2
    assert result.exit_code == 1, result.stderr
    assert "1 of 4 answered" in result.stderr
    assert load(path) == {
        "checklist": "mini", "checklist_version": 2, "team": "Payments", "respondent": "Dana",
        "date": dt.date.today(), "answers": {"owner": "yes"},
    }


def test_quit_at_an_owner_prompt_keeps_the_owners_already_named(cli, workdir):
    path = workdir / "a.yaml"
    result = run(cli, path, *NAMED, input="y\np\nn\nu\nAnn\n2026-12-01\nq\n")
    assert result.exit_code == 0, result.stderr
    assert "Saved 4 of 4 answers" in result.stderr
    assert load(path)["actions"] == {"metric": {"owner": "Ann", "due": dt.date(2026, 12, 1)}}


def test_file_is_written_after_every_answer(cli, workdir, monkeypatch):
    path = workdir / "a.yaml"
    snapshots = []
    real_save = interactive.save_answers

    def save_and_look(*args, **kwargs):
        real_save(*args, **kwargs)
        snapshots.append(load(path)["answers"])

    monkeypatch.setattr(interactive, "save_answers", save_and_look)
    result = run(cli, path, *NAMED, input="y\np\nn\n")  # then end of input at roles
    assert result.exit_code == 1, result.stderr
    assert snapshots == [
        {},  # the header, before the first question
        {"owner": "yes"},
        {"owner": "yes", "sponsor": "partly"},
        {"owner": "yes", "sponsor": "partly", "metric": "no"},
    ]
    assert load(path)["answers"] == snapshots[-1]
    # Atomic writes leave no temporary file behind, and the lock file is gone.
    assert sorted(p.name for p in workdir.iterdir()) == ["a.yaml"]


def test_resume_warns_about_an_older_checklist_version(cli, workdir):
    path = workdir / "a.yaml"
    path.write_text('checklist: mini\nchecklist_version: 1\nteam: "T"\nrespondent: "R"\n'
                    'answers:\n  owner: "yes"\n', encoding="utf-8")
    result = run(cli, path, input="q\n")
    assert result.exit_code == 0, result.stderr
    assert "answered against version 1; the checklist is now version 2" in result.stderr
    assert "Resuming: 1 of 4 answered." in result.stdout
    assert progress(result.stdout) == ["2/4 Own"]
    assert load(path)["checklist_version"] == 1  # never claims the old answers fit the new wording


@pytest.mark.parametrize("option, value, line", [("--team", "Payments", 2), ("--respondent", "Dana", 3)])
def test_resuming_someone_elses_file_is_refused_untouched(cli, workdir, option, value, line):
    """--team and --respondent fill a new file's header; on a file someone began they may only repeat it."""
    path = workdir / "lee.yaml"
    path.write_text('checklist: mini\nteam: Core\nrespondent: Lee\nanswers:\n  owner: "no"\n', encoding="utf-8")
    before = path.read_bytes()
    result = run(cli, "lee.yaml", option, value, input="y\ny\ny\n")
    assert result.exit_code == 2
    assert error_line(result).startswith(f"Error: lee.yaml:{line}:")
    assert option in error_line(result) and ("'Core'" if option == "--team" else "'Lee'") in error_line(result)
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == before
    assert sorted(p.name for p in workdir.iterdir()) == ["lee.yaml"]


def test_resuming_with_the_same_names_in_another_case_goes_on(cli, workdir):
    path = workdir / "lee.yaml"
    path.write_text('checklist: mini\nteam: Core\nrespondent: Lee\nanswers:\n  owner: "no"\n', encoding="utf-8")
    result = run(cli, path, "--team", " core ", "--respondent", "LEE", input="y\ny\ny\n")
    assert result.exit_code == 0, result.stderr
    assert "Resuming: 1 of 4 answered." in result.stdout
    assert (load(path)["team"], load(path)["respondent"]) == ("Core", "Lee")


# -- bad answers files ---------------------------------------------------------

def test_answers_file_for_another_checklist_is_refused_untouched(cli, workdir):
    path = workdir / "a.yaml"
    path.write_text('checklist: other\nanswers:\n  x: "yes"\n', encoding="utf-8")
    before = path.read_bytes()
    result = run(cli, "a.yaml", *NAMED, input="y\ny\ny\ny\n")
    assert result.exit_code == 2
    assert error_line(result) == "Error: a.yaml: holds answers for 'other', not 'mini'"
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize("text, message", [
    ("checklist: mini\nanswers:\n  owner: [yes\n", r"a\.yaml:3:14: invalid YAML"),
    ("checklist: mini\nanswers:\n  owner: maybe\n", r"a\.yaml:3:10: answer for 'owner' must be"),
    ("checklist: mini\nanswers:\n  owner: yes\n  owner: no\n", r"a\.yaml:4:3: duplicate key 'owner'"),
], ids=["syntax", "bad-answer", "duplicate-key"])
def test_malformed_answers_file_is_refused_untouched(cli, workdir, text, message):
    path = workdir / "a.yaml"
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()
    result = run(cli, "a.yaml", *NAMED, input="y\ny\ny\ny\n")
    assert result.exit_code == 2
    assert re.match(r"Error: " + message, error_line(result)), result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""  # no question was asked
    assert path.read_bytes() == before


def test_answers_file_in_missing_directory_is_a_clean_error(project, workdir):
    result = CliRunner().invoke(main, ["run", "--checklists", str(project / "checklists"), "mini",
                                       "-o", "nodir/a.yaml", *NAMED], input="y\n")
    assert result.exit_code == 2
    assert error_line(result).startswith("Error: nodir/a.yaml")
    assert not isinstance(result.exception, FileNotFoundError)


def test_end_of_input_before_any_save_does_not_claim_a_save(cli, workdir):
    path = workdir / "a.yaml"
    result = run(cli, path, input="")
    assert result.exit_code == 1  # no terminal, and input ended before the last question
    assert "0 of 4 answered" in result.stderr
    assert path.exists() or "Saved" not in result.stderr


# -- the lock --------------------------------------------------------------------

HOLD = textwrap.dedent("""\
    import fcntl, os, sys, time
    fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX)
    print("locked", flush=True)
    sys.stdin.read()  # hold the lock until the test closes our stdin
""")


@pytest.fixture
def lock_holder(workdir):
    """Another process holding the flock on the sidecar lock file of a.yaml."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(workdir / ".a.yaml.lock")],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline() == "locked\n"
        yield proc
    finally:
        proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def release(proc) -> None:
    proc.stdin.close()
    proc.wait(timeout=10)


def test_locked_answers_file_is_refused(cli, workdir, lock_holder):
    path = workdir / "a.yaml"
    path.write_text('checklist: mini\nanswers:\n  owner: "yes"\n', encoding="utf-8")
    before = path.read_bytes()
    result = run(cli, "a.yaml", *NAMED, input="y\ny\ny\ny\n")
    assert result.exit_code == 2
    assert error_line(result) == "Error: a.yaml: another 'playbook run' is writing this answers file"
    assert result.stdout == ""
    assert path.read_bytes() == before

    # Once the other run has finished, the file can be answered again.
    release(lock_holder)
    result = run(cli, "a.yaml", *NAMED, input="q\n")
    assert result.exit_code == 0, result.stderr
    assert "Resuming: 1 of 4 answered." in result.stdout


def test_refused_run_does_not_break_the_holders_lock(cli, workdir, lock_holder):
    first = run(cli, "a.yaml", *NAMED, input="q\n")
    assert first.exit_code == 2
    # The holder is still writing: a second run must be refused too.
    second = run(cli, "a.yaml", *NAMED, input="q\n")
    assert second.exit_code == 2, second.stderr
    assert (workdir / ".a.yaml.lock").exists()
