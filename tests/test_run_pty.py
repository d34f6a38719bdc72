"""`playbook run` in a real pseudo-terminal: Ctrl-C, resume, colour.

CliRunner cannot send a terminal interrupt; here the child has the pty as its
controlling terminal, so the byte \\x03 becomes SIGINT as it does for a user.
Every read has a deadline, so a misbehaving child fails the test, never hangs it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import select
import signal
import sys
import time

import pytest
import yaml

pty = pytest.importorskip("pty")

TIMEOUT = 20.0
PROMPT = "Answer [y/p/n/u/na ? b q]: "


class Terminal:
    """A child process on a pty, with expect-style reading."""

    def __init__(self, args, cwd, env):
        pid, fd = pty.fork()
        if pid == 0:  # the child: never return into pytest
            try:
                os.chdir(cwd)
                signal.signal(signal.SIGINT, signal.SIG_DFL)  # so Python installs KeyboardInterrupt
                os.execve(sys.executable, [sys.executable, *args], env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.buffer = ""
        self.pos = 0  # how much of the buffer earlier expects consumed
        self.eof = False
        self.status = None

    def _read(self, timeout: float) -> None:
        ready, _, _ = select.select([self.fd], [], [], max(timeout, 0))
        if not ready:
            return
        try:
            data = os.read(self.fd, 4096)
        except OSError:  # EIO on Linux once the child has gone
            data = b""
        if not data:
            self.eof = True
            return
        self.buffer += data.decode("utf-8", "replace").replace("\r\n", "\n")

    def expect(self, text: str) -> str:
        """Wait for text after the last match; return what came before it."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            found = self.buffer.find(text, self.pos)
            if found >= 0:
                before = self.buffer[self.pos:found]
                self.pos = found + len(text)
                return before
            if self.eof or time.monotonic() > deadline:
                pytest.fail(f"did not see {text!r}; output so far:\n{self.buffer}")
            self._read(deadline - time.monotonic())

    def send(self, text: str) -> None:
        os.write(self.fd, text.encode())

    def wait(self) -> int:
        """Read to the end and return the exit status."""
        deadline = time.monotonic() + TIMEOUT
        while self.status is None:
            if not self.eof:
                self._read(min(0.1, deadline - time.monotonic()))
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() > deadline:
                self.close()
                pytest.fail(f"child did not exit; output so far:\n{self.buffer}")
        while not self.eof:  # drain what is left
            before = len(self.buffer)
            self._read(0.2)
            if len(self.buffer) == before:
                break
        return self.status

    def close(self) -> None:
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.status = -9
        try:
            os.close(self.fd)
        except OSError:
            pass


@pytest.fixture
def terminal(project, tmp_path):
    """Start `python -m playbook_cli run mini ...` on a pty in a fresh directory."""
    work = tmp_path / "pty"
    work.mkdir()
    started = []

    def start(*args, colour=False):
        env = {key: value for key, value in os.environ.items()
               if key not in {"PLAYBOOK_CHECKLISTS", "NO_COLOR"}}
        env["TERM"] = "xterm"
        if not colour:
            env["NO_COLOR"] = "1"
        term = Terminal(["-m", "playbook_cli", "run", "mini", "--checklists", str(project / "checklists"),
                         "-o", "answers.yaml", *args], work, env)
        started.append(term)
        return term

    start.dir = work
    yield start
    for term in started:
        term.close()


def progress(text: str) -> list[str]:
    return re.findall(r"^(\d+/4 \S+)$", text, flags=re.M)


def test_ctrl_c_keeps_answers_and_the_next_run_resumes(terminal):
    path = terminal.dir / "answers.yaml"
    args = ("--team", "Payments", "--respondent", "Dana")

    term = terminal(*args)
    term.expect("1/4 Own")
    term.expect(PROMPT)
    term.send("y\n")
    term.expect("2/4 Own")
    term.expect(PROMPT)
    term.send("p\n")
    term.expect("3/4 Align")
    term.expect(PROMPT)
    term.send("\x03")  # Ctrl-C: the terminal sends SIGINT
    assert term.wait() == 130
    assert "Interrupted. Saved 2 of 4 answers to answers.yaml" in term.buffer
    assert "Traceback" not in term.buffer
    assert "\x1b[" not in term.buffer  # NO_COLOR
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["answers"] == {"owner": "yes", "sponsor": "partly"}
    assert (data["checklist"], data["team"], data["respondent"]) == ("mini", "Payments", "Dana")
    # No half-written temporary file and no stale lock file after the interrupt.
    assert sorted(p.name for p in terminal.dir.iterdir()) == ["answers.yaml"]

    term = terminal(*args)
    term.expect("Resuming: 2 of 4 answered.")
    shown = term.expect(PROMPT)
    term.send("n\n")
    shown += term.expect(PROMPT)
    term.send("u\n")
    assert progress(shown) == ["3/4 Align", "4/4 Align"]
    term.expect("Score 44/100")
    for _ in range(3):  # owners for metric, roles, sponsor: all skipped
        term.expect("Owner (Enter to skip, q to stop): ")
        term.send("\n")
    term.expect("Score it any time")
    assert term.wait() == 0
    assert "Traceback" not in term.buffer
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["answers"] == {"owner": "yes", "sponsor": "partly", "metric": "no", "roles": "unknown"}
    assert "actions" not in data


def test_prompts_for_team_and_name_on_a_terminal(terminal):
    term = terminal()
    term.expect("Team name (Enter to skip): ")
    term.send("Payments\n")
    term.expect("Your name (Enter to skip): ")
    term.send("Dana\n")
    term.expect(PROMPT)
    term.send("q\n")
    assert term.wait() == 0
    assert "Stopped. Saved 0 of 4 answers" in term.buffer
    data = yaml.safe_load((terminal.dir / "answers.yaml").read_text(encoding="utf-8"))
    assert (data["team"], data["respondent"], data["answers"]) == ("Payments", "Dana", {})


def test_colour_on_a_terminal_without_no_color(terminal):
    term = terminal("--team", "T", "--respondent", "R", colour=True)
    before = term.expect(PROMPT)
    term.send("q\n")
    assert term.wait() == 0
    assert "\x1b[" in before  # progress and question are styled on a terminal


def answer_all(term) -> None:
    """Answer the four questions y, p, n, u: the gaps are metric, roles, sponsor."""
    for key in "ypnu":
        term.expect(PROMPT)
        term.send(f"{key}\n")
    term.expect("Score 44/100")


def test_ctrl_c_at_the_due_date_keeps_the_owner_just_typed(terminal):
    term = terminal("--team", "Payments", "--respondent", "Dana")
    answer_all(term)
    term.expect("Owner (Enter to skip, q to stop): ")
    term.send("Ann\n")
    term.expect("Due date YYYY-MM-DD (Enter to skip): ")
    term.send("\x03")
    assert term.wait() == 130
    assert "Traceback" not in term.buffer
    data = yaml.safe_load((terminal.dir / "answers.yaml").read_text(encoding="utf-8"))
    assert data["actions"] == {"metric": {"owner": "Ann"}}


def test_end_of_input_on_a_terminal_stops_like_q(terminal):
    """Ctrl-D before the last question is the person's choice: exit 0, as q (a pipe gets 1)."""
    term = terminal("--team", "Payments", "--respondent", "Dana")
    term.expect(PROMPT)
    term.send("y\n")
    term.expect(PROMPT)
    term.send("\x04")  # Ctrl-D on an empty line: end of input
    assert term.wait() == 0
    assert "Stopped. Saved 1 of 4 answers to answers.yaml" in term.buffer


def test_bytes_that_are_not_utf8_at_the_name_prompt_are_asked_again(terminal):
    term = terminal()
    term.expect("Team name (Enter to skip): ")
    os.write(term.fd, b"\xff\xfe\n")
    term.expect("not readable text")
    term.expect("Team name (Enter to skip): ")
    term.send("Payments\n")
    term.expect("Your name (Enter to skip): ")
    term.send("Dana\n")
    term.expect(PROMPT)
    term.send("q\n")
    assert term.wait() == 0
    assert "Traceback" not in term.buffer
    data = yaml.safe_load((terminal.dir / "answers.yaml").read_text(encoding="utf-8"))
    assert (data["team"], data["respondent"]) == ("Payments", "Dana")


def test_since_asks_about_last_checkpoints_actions_on_a_terminal(terminal):
    (terminal.dir / "q3.yaml").write_text(
        "checklist: mini\nteam: Payments\ndate: 2026-09-01\n"
        "actions:\n  metric: {owner: Ann, due: 2026-10-01}\n  roles: {owner: Bob}\n", encoding="utf-8")
    term = terminal("--since", "q3.yaml")
    term.expect("Your name (Enter to skip): ")  # the team comes from q3.yaml: not asked
    term.send("Dana\n")
    term.expect("Action 1/2: Is the metric agreed? (metric)")
    term.expect("Done (d), still open (o) or dropped (x)? ")
    term.send("o\n")
    term.expect("New due date YYYY-MM-DD (Enter keeps 2026-10-01): ")
    term.send("2026-12-01\n")
    term.expect("Action 2/2: Are roles clear? (roles)")
    term.expect("Done (d), still open (o) or dropped (x)? ")
    term.send("x\n")
    term.expect("Why dropped? Note (Enter to skip): ")
    term.send("Reorg\n")
    term.expect(PROMPT)
    term.send("q\n")
    assert term.wait() == 0
    assert "Traceback" not in term.buffer
    data = yaml.safe_load((terminal.dir / "answers.yaml").read_text(encoding="utf-8"))
    assert (data["team"], data["respondent"]) == ("Payments", "Dana")
    assert data["actions"] == {"metric": {"owner": "Ann", "due": dt.date(2026, 12, 1)},
                               "roles": {"owner": "Bob", "status": "dropped", "note": "Reorg"}}
