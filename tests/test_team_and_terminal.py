"""Team mode counts each file once and tells every respondent apart; terminals get text, never commands.

Scores are worked out by hand from DESIGN.md's rules on the mini checklist
(tests/conftest.py): owner 3 (critical), sponsor 1 | metric 2, roles 2; total 8.
"""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
import unicodedata
from html.parser import HTMLParser
from itertools import takewhile

import markdown
import pytest

from tests.conftest import error_line, write_answers

# -- one file, one vote --------------------------------------------------------------

# a: owner yes, sponsor partly, metric partly, roles no; b: owner no, sponsor yes, metric yes, roles yes.
A = {"owner": '"yes"', "sponsor": "partly", "metric": "partly", "roles": '"no"'}
B = {"owner": '"no"', "sponsor": '"yes"', "metric": '"yes"', "roles": '"yes"'}
# Each once: owner 1/2, sponsor 3/4, metric 3/4, roles 1/2.
#   num = 3*(1/2) + 1*(3/4) + 2*(3/4) + 2*(1/2) = 4.75; 4.75/8 = 59.375 -> 59
# a twice: owner 2/3, sponsor (0.5+0.5+1)/3 = 2/3, metric 2/3, roles 1/3.
#   num = 3*(2/3) + 2/3 + 2*(2/3) + 2*(1/3) = 4.667; 4.667/8 = 58.33 -> 58
ONCE, A_TWICE = 59, 58
DUPLICATE = "the same file was given twice; counted once"


def score_json(cli, *files, extra=()):
    result = cli("score", *map(str, files), "--format", "json", *extra)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout), result.stderr.splitlines()


def test_two_different_files_are_two_votes(cli, workdir):
    # The control for the tests below: no warning, both counted.
    a, b = write_answers(workdir / "a.yaml", A), write_answers(workdir / "b.yaml", B)
    data, stderr = score_json(cli, a.name, b.name)
    assert (data["score"], data["respondents"], stderr) == (ONCE, ["a", "b"], [])


@pytest.mark.parametrize("header_a, header_b, line, what", [
    ({"team": "Bears", "date": "2026-09-01"}, {"team": "Bears", "date": "2026-06-01"}, 3, "dates"),
    ({"team": "Bears", "date": "2026-09-01"}, {"team": "Owls", "date": "2026-09-01"}, 2, "teams"),
    ({"team": "Bears"}, {"date": "2026-09-01"}, 1, "teams"),  # no team: the mapping, line 1
])
def test_files_of_two_checkpoints_are_refused_not_mixed(cli, workdir, header_a, header_b, line, what):
    """An old checkpoint left in the folder would be one more respondent and move a gate's score."""
    a = write_answers(workdir / "a.yaml", A, **header_a)
    b = write_answers(workdir / "b.yaml", B, **header_b)
    result = cli("score", a.name, b.name)
    assert result.exit_code == 2 and result.stdout == ""
    assert error_line(result).startswith(f"Error: b.yaml:{line}:"), result.stderr
    assert f"different {what}" in error_line(result)
    assert "Traceback" not in result.stderr


def test_team_names_of_one_checkpoint_match_ignoring_case_and_spaces(cli, workdir):
    a = write_answers(workdir / "a.yaml", A, team="Bears", date="2026-09-01")
    b = write_answers(workdir / "b.yaml", B, team=" bears ", date="2026-09-01")
    data, stderr = score_json(cli, a.name, b.name)
    assert (data["score"], stderr) == (ONCE, [])


def test_a_backup_copy_in_the_folder_is_not_one_more_respondent_anywhere(cli, workdir, project):
    """overview, trend and actions count a byte-for-byte copy once, as score does, and say so."""
    team = workdir / "answers"
    (team / "old").mkdir(parents=True)
    a = write_answers(team / "a.yaml", A, team="Bears", date="2026-09-01")
    write_answers(team / "b.yaml", B, team="Bears", date="2026-09-01")
    (team / "old" / "a-backup.yaml").write_bytes(a.read_bytes())
    (team / "a.yaml").write_text(a.read_text(encoding="utf-8") + "actions:\n  roles: {owner: Bo}\n",
                                 encoding="utf-8")
    (team / "old" / "a-backup.yaml").write_bytes((team / "a.yaml").read_bytes())
    files = [str(p.relative_to(workdir)) for p in sorted(team.rglob("*.yaml"))]

    checklists = ("--checklists", str(project / "checklists"))
    overview = cli("overview", "answers", "--format", "json", *checklists)
    assert overview.exit_code == 0, overview.stderr
    row = json.loads(overview.stdout)["checklists"][0]["teams"][0]
    assert (row["respondents"], row["score"]) == (2, ONCE)
    assert any("copy of" in line for line in overview.stderr.splitlines())

    trend = cli("trend", *files, "--format", "json")
    assert trend.exit_code == 0, trend.stderr
    assert json.loads(trend.stdout)[0]["checkpoints"][0]["score"] == ONCE
    assert any("copy of" in line for line in trend.stderr.splitlines())

    listed = cli("actions", "answers", "--format", "json", *checklists)
    assert [entry["item"] for entry in json.loads(listed.stdout)] == ["roles"]  # listed once


@pytest.mark.parametrize("how", ["same path", "two paths", "symlink", "copy"])
def test_the_same_file_given_twice_counts_once(cli, workdir, how):
    a = write_answers(workdir / "a.yaml", A)
    write_answers(workdir / "b.yaml", B)
    (workdir / "sub").mkdir()
    again = {"same path": "a.yaml", "two paths": "sub/../a.yaml", "symlink": "link.yaml", "copy": "copy.yaml"}[how]
    if how == "symlink":
        (workdir / "link.yaml").symlink_to(a)
    elif how == "copy":
        (workdir / "copy.yaml").write_bytes(a.read_bytes())
    data, stderr = score_json(cli, "a.yaml", "b.yaml", again)
    assert data["score"] == ONCE
    assert data["respondents"] == ["a", "b"]
    assert stderr[0] == f"Warning: {again}: {DUPLICATE}"
    if how != "same path":
        assert stderr[1] == f"  Hint: {again} is {'a copy of' if how == 'copy' else 'the same file as'} a.yaml"


def test_the_same_answers_in_different_bytes_are_two_votes(cli, workdir):
    # Only byte-identical files are one: a comment makes it another file (the site compares bytes too).
    write_answers(workdir / "a.yaml", A)
    write_answers(workdir / "b.yaml", B)
    (workdir / "a2.yaml").write_text((workdir / "a.yaml").read_text() + "# my own copy\n", encoding="utf-8")
    data, stderr = score_json(cli, "a.yaml", "b.yaml", "a2.yaml")
    assert data["score"] == A_TWICE
    assert not any(DUPLICATE in line for line in stderr)


def test_a_duplicate_is_named_by_respondent_number_when_anonymous(cli, workdir):
    write_answers(workdir / "dana.yaml", A)
    write_answers(workdir / "lee.yaml", B)
    data, stderr = score_json(cli, "dana.yaml", "lee.yaml", "lee.yaml", extra=["--anonymous"])
    assert data["score"] == ONCE
    assert data["respondents"] == 2  # anonymous: a count
    assert stderr == [f"Warning: respondent 2: {DUPLICATE}"]


def test_a_duplicate_is_left_out_before_its_warnings(cli, workdir):
    # Its own warnings (an unknown item) are given once, not once per copy.
    write_answers(workdir / "a.yaml", {**A, "onwer": '"no"'})
    write_answers(workdir / "b.yaml", B)
    _, stderr = score_json(cli, "a.yaml", "b.yaml", "a.yaml")
    assert sum("unknown item 'onwer'" in line for line in stderr) == 1


# -- every respondent once, told apart -------------------------------------------------

# Dana: all yes; another Dana: owner no, sponsor yes, metric partly, roles no; Lee: yes, no, yes, partly.
DANA = {"owner": '"yes"', "sponsor": '"yes"', "metric": '"yes"', "roles": '"yes"'}
DANA_2 = {"owner": '"no"', "sponsor": '"yes"', "metric": "partly", "roles": '"no"'}
LEE = {"owner": '"yes"', "sponsor": '"no"', "metric": '"yes"', "roles": "partly"}
# Team values: owner 2/3, sponsor 2/3, metric 5/6, roles 1/2.
#   num = 3*(2/3) + 2/3 + 2*(5/6) + 2*(1/2) = 16/3; (16/3)/8 = 66.67 -> 67, at-risk (60..79), no blocker.
# Spreads: owner 1, sponsor 1, metric 1/2, roles 1: all misaligned; alignment 100*(1 - 3.5/4) = 12.5 -> 13.


@pytest.fixture
def two_danas(workdir):
    return [str(write_answers(workdir / f"{stem}.yaml", answers, team="Payments", respondent=name))
            for stem, name, answers in [("d1", "Dana", DANA), ("d2", "Dana", DANA_2), ("lee", "Lee", LEE)]]


def test_two_people_of_the_same_name_are_two_respondents(cli, two_danas):
    data, _ = score_json(cli, *two_danas)
    assert (data["score"], data["band"], data["alignment"]) == (67, "at-risk", 13)
    assert data["respondents"] == ["Dana", "Dana (2)", "Lee"]
    assert [m["item"] for m in data["misaligned"]] == ["owner", "sponsor", "metric", "roles"]
    assert data["misaligned"][0]["answers"] == [
        {"respondent": "Dana", "answer": "yes"}, {"respondent": "Dana (2)", "answer": "no"},
        {"respondent": "Lee", "answer": "yes"}]


def test_anonymous_counts_every_file_once(cli, two_danas):
    data, _ = score_json(cli, *two_danas, extra=["--anonymous"])
    assert data["respondents"] == 3  # two Danas are two respondents, counted, never named
    assert data["misaligned"][0]["counts"] == {"yes": 2, "no": 1} and "answers" not in data["misaligned"][0]
    text = cli("score", *two_danas, "--anonymous").stdout
    assert "Respondents: 3 (anonymous)" in text and "Dana" not in text and "Lee" not in text
    assert "yes 2, no 1" in text


class _Text(HTMLParser):
    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.feed(html)

    def handle_data(self, data):
        self.chunks.append(data)

    @property
    def text(self) -> str:
        return " ".join("".join(self.chunks).split())


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_every_format_lists_both_danas(cli, two_danas, fmt):
    result = cli("score", *two_danas, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    shown = {"text": lambda out: " ".join(out.split()),
             "markdown": lambda out: _Text(markdown.markdown(out, extensions=["tables"])).text,
             "html": lambda out: _Text(out).text}[fmt](result.stdout)
    assert re.search(r"respondents?:? Dana, Dana \(2\), Lee", shown, re.I)
    assert "Dana: yes, Dana (2): no, Lee: yes" in shown  # the owner item's answers, one per person


def test_the_same_file_name_in_two_folders_is_two_respondents(cli, workdir):
    (workdir / "payments").mkdir()
    (workdir / "search").mkdir()
    write_answers(workdir / "payments" / "dana.yaml", A)
    write_answers(workdir / "search" / "dana.yaml", B)
    data, _ = score_json(cli, "payments/dana.yaml", "search/dana.yaml")
    assert data["score"] == ONCE
    assert data["respondents"] == ["dana", "dana (2)"]


@pytest.mark.parametrize("names, labels", [
    (["Dana", "Dana", "Dana (2)"], ["Dana", "Dana (3)", "Dana (2)"]),  # a real "Dana (2)" keeps her name
    (["Dana", "Dana ", "DANA"], ["Dana", "Dana (2)", "DANA (3)"]),  # names a reader cannot tell apart
])
def test_labels_never_repeat(cli, workdir, names, labels):
    files = [str(write_answers(workdir / f"r{n}.yaml", A if n % 2 else B, respondent=name))
             for n, name in enumerate(names)]
    data, _ = score_json(cli, *files)
    assert data["respondents"] == labels


# -- terminals get text, never commands --------------------------------------------------

TITLE_SEQ = "\x1b]0;pwned\x07"  # sets the terminal's title
CLEAR = "\x1b[2J"  # clears the screen
C1 = "\x9b31m"  # an 8-bit CSI
OTHERS = "\r\x08\x7f\x00"
HOSTILE = f"{TITLE_SEQ}{CLEAR}{C1}{OTHERS}"
# Any control character but the line break a renderer puts between its lines.
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


@pytest.fixture
def hostile(tmp_path, workdir):
    """A checklist and a team whose every free text carries control sequences."""
    root = tmp_path / "hostile"
    (root / "checklists").mkdir(parents=True)
    item = {"question": f"Question {HOSTILE}", "why": f"Why {HOSTILE}", "weight": 2}
    checklist = {"id": "evil", "title": f"Title {HOSTILE}", "version": 1, "summary": f"Summary {HOSTILE}",
                 "bands": [{"id": "top", "label": f"Top {HOSTILE}", "min": 50},
                           {"id": "low", "label": "Low", "min": 0}],
                 "sections": [{"id": "one", "title": f"Section {HOSTILE}",
                               "items": [dict(item, id="a", critical=True), dict(item, id="b")]}]}
    (root / "checklists" / "evil.yaml").write_text(json.dumps(checklist), encoding="utf-8")
    files = []
    for n, said in enumerate([{"a": "yes", "b": "no"}, {"a": "no", "b": "yes"}]):
        answers = {"checklist": "evil", "team": f"Team {HOSTILE}", "respondent": f"Dana {n} {HOSTILE}",
                   "date": "2026-11-01", "answers": {**said, f"x{CLEAR}": "yes"},  # an unknown id: a warning
                   "notes": {"a": f"Note {HOSTILE}", "b": f"Note {HOSTILE}"},
                   "actions": {"a": {"owner": f"Owner {HOSTILE}"}, "b": {"owner": f"Owner {HOSTILE}"}}}
        path = workdir / f"answers-{n}.yaml"
        path.write_text(json.dumps(answers), encoding="utf-8")
        files.append(path.name)
    return {"checklists": str(root / "checklists"), "files": files}


def run(cli, hostile, *args):
    result = cli(args[0], "--checklists", hostile["checklists"], *args[1:], checklists=False)
    assert result.exit_code == 0, result.stderr
    return result


@pytest.mark.parametrize("command", ["score", "show", "list", "trend"])
def test_text_output_shows_control_characters_and_obeys_none(cli, hostile, command):
    args = {"score": ["score", *hostile["files"]], "show": ["show", "evil"], "list": ["list"],
            "trend": ["trend", *hostile["files"]]}[command]
    result = run(cli, hostile, *args)
    for stream in (result.stdout, result.stderr):
        assert not RAW_CONTROL.search(stream), RAW_CONTROL.search(stream)
    # Shown, as escapes a reader can see; a tab is a space.
    assert r"Title \x1b]0;pwned\x07\x1b[2J\x9b31m" in result.stdout
    if command == "score":
        shown = " ".join(result.stdout.split())  # wrapped lines joined
        for field in ("Team", "Dana 0", "Owner", "Note", "Section"):
            assert f"{field} " + r"\x1b]0;pwned\x07" in shown, field
        # The warning quoting the unknown id from the file, on stderr, escaped (whatever the quotes).
        assert re.search(r"answer for unknown item .x\\x1b\[2J.", result.stderr), result.stderr


@pytest.mark.parametrize("fmt", ["markdown", "html", "json"])
@pytest.mark.parametrize("command", ["score", "show", "list"])
def test_other_formats_carry_no_raw_control_character(cli, hostile, command, fmt):
    args = {"score": ["score", *hostile["files"]], "show": ["show", "evil"], "list": ["list"]}[command]
    result = run(cli, hostile, *args, "--format", fmt)
    assert not RAW_CONTROL.search(result.stdout), RAW_CONTROL.search(result.stdout)
    if fmt == "json" and command == "score":
        assert json.loads(result.stdout)["team"] == f"Team {HOSTILE}"  # JSON escapes, and keeps the text exact


def test_a_line_break_in_a_name_cannot_forge_a_line(cli, workdir):
    forged = "\nScore 100/100  Ready"
    write_answers(workdir / "a.yaml", A, team=f"Payments{forged}", respondent=f"Dana{forged}")
    (workdir / "a.yaml").write_text((workdir / "a.yaml").read_text()
                                    + f"actions:\n  roles: {{owner: {json.dumps('Priya' + forged)}}}\n")
    out = cli("score", "a.yaml").stdout
    assert [line for line in out.splitlines() if line.startswith("Score")] == ["Score 56/100  Not ready"]
    assert r"owner: Priya\nScore 100/100  Ready" in out  # 4.5/8 = 56; the owner is shown, escaped


def test_error_and_warning_lines_escape_paths(cli, workdir):
    bad = workdir / f"a{CLEAR}.yaml"
    bad.write_text("checklist: mini\nanswers: [\n", encoding="utf-8")
    result = cli("score", bad.name)
    assert result.exit_code == 2
    assert result.stderr.startswith(r"Error: a\x1b[2J.yaml:")
    assert not RAW_CONTROL.search(result.stderr)


# -- colour, width, wide characters ----------------------------------------------------------

def _run_on_tty(args, cwd, env) -> str:
    """`python -m playbook_cli ARGS` with stdout on a pseudo-terminal: what it shows."""
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
    assert proc.wait(timeout=60) == 0
    return b"".join(chunks).decode("utf-8")


@pytest.mark.parametrize("setting, coloured", [
    ({"TERM": "xterm"}, True),  # the control: a terminal with colour
    ({"TERM": "dumb"}, False),
    ({"TERM": "xterm", "NO_COLOR": "0"}, False),  # any non-empty value
])
def test_colour_only_where_the_terminal_has_it(workdir, project, setting, coloured):
    write_answers(workdir / "a.yaml", A)
    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "TERM", "PLAYBOOK_CHECKLISTS"}}
    out = _run_on_tty(["score", "a.yaml", "--checklists", str(project / "checklists")], workdir, {**env, **setting})
    assert ("\x1b[" in out) == coloured
    assert "Not ready" in out


def width(text: str) -> int:
    """Columns on a terminal: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if c == "\ufe0f" else 1 for c in text) \
        + text.count("\u2714\ufe0f")  # a heavy check mark in emoji presentation takes two


LONG = ("Has every person who will build, sell or support this project read the one-page brief, "
        "and can each of them say in one sentence who the customer is and what changes for them?")


@pytest.fixture
def wordy(project):
    checklist = (project / "checklists" / "mini.yaml").read_text(encoding="utf-8")
    (project / "checklists" / "mini.yaml").write_text(
        checklist.replace('"Is there a sponsor?"', json.dumps(LONG)), encoding="utf-8")


@pytest.mark.parametrize("columns, widest", [("60", 60), ("200", 200), ("5", 40)])  # 40: the minimum
def test_show_wraps_to_the_terminals_width(cli, wordy, columns, widest):
    out = cli("show", "mini", env={"COLUMNS": columns}).stdout
    lines = out.splitlines()
    assert max(map(width, lines)) <= widest
    assert " ".join(out.split()).count(LONG) == 1  # every word, in order
    assert any(LONG in line for line in lines) == (columns == "200")


def test_show_wraps_to_80_columns_when_not_a_terminal(wordy, project, workdir):
    env = {k: v for k, v in os.environ.items() if k not in {"COLUMNS", "PLAYBOOK_CHECKLISTS"}}
    proc = subprocess.run([sys.executable, "-m", "playbook_cli", "show", "mini", "--checklists",
                           str(project / "checklists")], cwd=workdir, env=env, capture_output=True, text=True,
                          timeout=60)
    lines = proc.stdout.splitlines()
    assert proc.returncode == 0
    assert 70 < max(map(width, lines)) <= 80


def test_score_wraps_to_the_terminals_width(cli, wordy, workdir):
    write_answers(workdir / "a.yaml", A, team="Payments and partner integrations", respondent="Dana")
    (workdir / "a.yaml").write_text((workdir / "a.yaml").read_text() + f"notes:\n  sponsor: {json.dumps(LONG)}\n")
    out = cli("score", "a.yaml", env={"COLUMNS": "50"}).stdout
    assert max(map(width, out.splitlines())) <= 50
    assert " ".join(out.split()).count(LONG) == 2  # the question and the note


def test_japanese_text_wraps_by_its_width(cli, project):
    question = "このプロジェクトの成功指標について、営業、開発、サポートの全員が同じ一文で説明できますか？" * 2
    checklist = (project / "checklists" / "mini.yaml").read_text(encoding="utf-8")
    (project / "checklists" / "mini.yaml").write_text(
        checklist.replace('"Is there a sponsor?"', json.dumps(question)), encoding="utf-8")
    out = cli("show", "mini", env={"COLUMNS": "60"}).stdout
    assert max(map(width, out.splitlines())) <= 60
    assert question in "".join(line.strip() for line in out.splitlines())


@pytest.fixture
def wide_titles(project):
    checklists = project / "checklists"
    for checklist_id, title in [("nihongo", "プロジェクト開始の準備"), ("launch", "🚀 Launch readiness"),
                                ("done", "\u2714\ufe0f Done definition")]:
        mini = (checklists / "mini.yaml").read_text(encoding="utf-8")
        (checklists / f"{checklist_id}.yaml").write_text(
            mini.replace("id: mini", f"id: {checklist_id}")
            .replace("title: Mini readiness", f"title: {json.dumps(title, ensure_ascii=False)}"),
            encoding="utf-8")
    return checklists


def test_list_aligns_wide_titles(cli, wide_titles):
    result = cli("list", "--checklists", str(wide_titles), checklists=False)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    rows = [line for line in lines if re.match(r"(nihongo|launch|done|mini) ", line)]
    assert len(rows) == 4
    # The ITEMS column ends in the same place on every line, header included.
    assert {width(line) for line in [lines[0], *rows]} == {width(lines[0])}
    assert lines[0].endswith("ITEMS")


def test_list_wraps_a_long_title_in_its_column(cli, project):
    title = "Readiness for a product launch across sales, marketing, support and engineering teams"
    mini = (project / "checklists" / "mini.yaml").read_text(encoding="utf-8")
    (project / "checklists" / "mini.yaml").write_text(mini.replace("title: Mini readiness", f"title: {title}"),
                                                      encoding="utf-8")
    out = cli("list", env={"COLUMNS": "60"}).stdout
    lines = out.splitlines()
    assert max(map(width, lines)) <= 60
    start = lines[0].index("TITLE")
    mini_at = next(i for i, line in enumerate(lines) if line.startswith("mini "))
    assert re.search(r" 4$", lines[mini_at])
    following = [line[start:] for line in takewhile(lambda line: not line[:start].strip(), lines[mini_at + 1:])]
    assert " ".join([lines[mini_at][start:].rsplit(None, 1)[0], *following]).split() == title.split()


def test_validate_and_write_messages_show_control_characters_from_file_names(cli, workdir):
    # A file name is text from outside too: validate's problem lines and "Wrote ..." quote it.
    evil = workdir / "bad\x1b[2J.yaml"
    evil.write_text("id: x\n", encoding="utf-8")
    result = cli("validate", str(evil.name))
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout + result.stderr
    assert r"bad\x1b[2J.yaml" in result.stdout
    answers = write_answers(workdir / "a.yaml", {"owner": '"yes"'})
    wrote = cli("score", str(answers), "-o", "out\x1b]0;x\x07.md", "--format", "markdown")
    assert wrote.exit_code == 0, wrote.stderr
    assert "\x1b" not in wrote.stderr and r"out\x1b]0;x\x07.md" in wrote.stderr
