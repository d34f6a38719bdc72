"""Files are never damaged (DESIGN.md): `-o` through symlinks, refusals, inputs kept, clean-up.

Every command that writes (`list`, `show`, `score`, `trend` with `-o`, `run`,
`new`) writes through a symlink to its target, atomically, and refuses a
target that is not a regular file, is read-only, or is one of the command's
own inputs. Inputs that are not regular files are refused at once.

Cases that need another process (a FIFO that would block, SIGKILL, a lock
held elsewhere, another user) run the real command in a subprocess with a
timeout, so a regression fails instead of hanging.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from playbook_cli.errors import PlaybookError
from tests.conftest import MINI, REPO, error_line, write_answers
from tests.unprivileged import SKIP_REASON, unprivileged

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symlinks, FIFOs, flock and file modes are POSIX")

ANSWERS = {"owner": '"yes"', "sponsor": '"no"', "metric": '"partly"', "roles": '"unknown"'}
WRITERS = ["list", "show", "score", "trend"]
LOCKED = "another 'playbook run' is writing this answers file"
TIMEOUT = 30  # seconds; a blocking read of a FIFO would wait forever


def writer_args(name: str, workdir: Path) -> list[str]:
    """A command that writes with -o, with its answers file in workdir."""
    write_answers(workdir / "a.yaml", ANSWERS, team="Payments", respondent="Dana", date="2026-11-23")
    return {"list": ["list"], "show": ["show", "mini"], "score": ["score", "a.yaml"],
            "trend": ["trend", "a.yaml"]}[name]


def listing(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def env(**extra) -> dict:
    out = dict(os.environ, PYTHONPATH=str(REPO), PYTHONDONTWRITEBYTECODE="1", **extra)
    for name in ("NO_COLOR", "PLAYBOOK_CHECKLISTS"):
        out.pop(name, None)
    return out


def playbook(*args: str, cwd: Path, input: str | None = None, stdin=None, prefix=(), timeout=TIMEOUT):
    """The real command in a subprocess; a hang fails the test after `timeout` seconds."""
    return subprocess.run([*prefix, sys.executable, "-m", "playbook_cli", *args], cwd=cwd, env=env(),
                          input=input, stdin=stdin, capture_output=True, text=True, timeout=timeout)


def first_line(stderr: str) -> str:
    return stderr.splitlines()[0] if stderr else ""


# -- 1. -o writes through a symlink, atomically ----------------------------------------------

@pytest.mark.parametrize("name", WRITERS)
def test_o_writes_through_a_symlink_and_keeps_the_link(cli, workdir, tmp_path, name):
    args = writer_args(name, workdir)
    expected = cli(*args).stdout
    reports = tmp_path / "reports"
    reports.mkdir()
    target = reports / "report.out"
    target.write_text("last week's report\n", encoding="utf-8")
    target.chmod(0o640)
    (workdir / "link.out").symlink_to(target)

    result = cli(*args, "-o", "link.out")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1] == "Wrote link.out"
    assert os.readlink(workdir / "link.out") == str(target), "the symlink was replaced"
    assert target.read_text(encoding="utf-8") == expected
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the target keeps its mode
    assert listing(reports) == ["report.out"]  # the temporary file was beside the target, and is gone
    assert listing(workdir) == ["a.yaml", "link.out"]


def test_o_through_a_dangling_symlink_creates_its_target(cli, workdir, tmp_path):
    args = writer_args("score", workdir)
    target = tmp_path / "reports" / "new.md"
    target.parent.mkdir()
    (workdir / "link.md").symlink_to(target)
    result = cli(*args, "--format", "markdown", "-o", "link.md")
    assert result.exit_code == 0, result.stderr
    assert (workdir / "link.md").is_symlink()
    assert target.read_text(encoding="utf-8") == cli(*args, "--format", "markdown").stdout
    assert listing(target.parent) == ["new.md"]


def test_o_keeps_the_owner_of_a_file_root_rewrites(cli, workdir):
    if os.geteuid() != 0:
        pytest.skip("only root can write a file that another user owns")
    args = writer_args("score", workdir)
    report = workdir / "report.md"
    report.write_text("last week\n", encoding="utf-8")
    os.chown(report, 65534, 65534)
    assert cli(*args, "-o", "report.md").exit_code == 0
    assert (report.stat().st_uid, report.stat().st_gid) == (65534, 65534)
    assert report.read_text(encoding="utf-8") == cli(*args).stdout


def test_o_with_a_trailing_slash_is_refused(cli, workdir):
    args = writer_args("score", workdir)
    result = cli(*args, "-o", "reports/")
    assert result.exit_code == 2
    assert error_line(result) == "Error: reports/: cannot write: a path ending in / names a directory"
    assert listing(workdir) == ["a.yaml"]


def test_o_dash_is_still_standard_output(cli, workdir):
    args = writer_args("score", workdir)
    result = cli(*args, "-o", "-")
    assert result.exit_code == 0
    assert "Score " in result.stdout
    assert listing(workdir) == ["a.yaml"]


def test_run_saves_through_a_symlink_and_keeps_the_link(cli, workdir, tmp_path):
    target = tmp_path / "kept" / "dana.yaml"
    target.parent.mkdir()
    (workdir / "link.yaml").symlink_to(target)
    result = cli("run", "mini", "-o", "link.yaml", "--team", "Payments", "--respondent", "Dana",
                 input="y\nn\np\nu\n" + "\n" * 10)
    assert result.exit_code == 0, result.stderr
    assert (workdir / "link.yaml").is_symlink()
    from playbook_cli.answers import load_answers

    assert load_answers(target).answers == {"owner": "yes", "sponsor": "no", "metric": "partly", "roles": "unknown"}
    assert listing(target.parent) == ["dana.yaml"]  # no temporary file, no lock sidecar
    assert listing(workdir) == ["link.yaml"]


# -- 1. -o refuses anything that is not a regular file -----------------------------------------

def make_special(kind: str, path: Path):
    """Make a FIFO, directory, socket or character device at path; returns what must be closed."""
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "directory":
        path.mkdir()
    elif kind == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(path.name)  # relative to the working directory: a socket path has a short limit
        return sock
    elif kind == "device":
        try:  # a private copy of /dev/null: a regression must never replace the system's own
            os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        except (PermissionError, OSError) as exc:
            pytest.skip(f"cannot make a device node here: {exc}")
    return None


KIND_CHECK = {"fifo": stat.S_ISFIFO, "directory": stat.S_ISDIR, "socket": stat.S_ISSOCK, "device": stat.S_ISCHR}


# `run -o DIR` is refused by Click's own option check (`dir_okay=False`) before the command runs.
REFUSALS = [(name, kind) for name in WRITERS + ["run"] for kind in sorted(KIND_CHECK)
            if (name, kind) != ("run", "directory")]


@pytest.mark.parametrize("name, kind", REFUSALS)
def test_o_refuses_what_is_not_a_regular_file(cli, workdir, name, kind):
    args = writer_args(name, workdir) if name != "run" else ["run", "mini", "--team", "P", "--respondent", "D"]
    if name == "run":
        write_answers(workdir / "a.yaml", ANSWERS)  # the same listing as the other commands
    closer = make_special(kind, workdir / "out")
    try:
        before = listing(workdir)
        result = cli(*args, "-o", "out", input="y\n" * 5)
        assert result.exit_code == 2
        assert error_line(result).startswith("Error: out: cannot write: not a regular file"), result.stderr
        assert result.stdout == ""
        assert KIND_CHECK[kind](os.lstat(workdir / "out").st_mode), "the special file was replaced"
        assert listing(workdir) == before  # no temporary file, no lock sidecar
    finally:
        if closer is not None:
            closer.close()


def test_o_refuses_a_symlink_to_a_fifo(cli, workdir, tmp_path):
    args = writer_args("score", workdir)
    os.mkfifo(tmp_path / "pipe")
    (workdir / "out").symlink_to(tmp_path / "pipe")
    result = cli(*args, "-o", "out")
    assert result.exit_code == 2
    assert error_line(result).startswith("Error: out: cannot write: not a regular file")
    assert stat.S_ISFIFO(os.stat(workdir / "out").st_mode) and (workdir / "out").is_symlink()


# -- 2. -o never overwrites an input of the same command ------------------------------------------

def refused_as_input(result, shown: str) -> None:
    assert result.exit_code == 2, result.stderr
    assert error_line(result) == f"Error: {shown}: is an input of this command; not overwriting it"
    assert result.stdout == ""


@pytest.mark.parametrize("spelling", ["b.yaml", "./b.yaml", "sub/../b.yaml", "link-b.yaml", "hard-b.yaml"])
def test_score_never_overwrites_a_teammates_answers(cli, workdir, spelling):
    write_answers(workdir / "a.yaml", ANSWERS, team="Payments", respondent="Dana")
    b = write_answers(workdir / "b.yaml", {"owner": '"no"'}, team="Payments", respondent="Lee")
    (workdir / "sub").mkdir()
    (workdir / "link-b.yaml").symlink_to("b.yaml")
    os.link(b, workdir / "hard-b.yaml")
    before, files = b.read_bytes(), listing(workdir)
    refused_as_input(cli("score", "a.yaml", "b.yaml", "-o", spelling), spelling)
    assert b.read_bytes() == before
    assert (workdir / "link-b.yaml").is_symlink() and listing(workdir) == files


def test_score_never_overwrites_the_checklist_it_read(cli, workdir, project):
    writer_args("score", workdir)
    checklist = project / "checklists" / "mini.yaml"
    refused_as_input(cli("score", "a.yaml", "-o", str(checklist)), str(checklist))
    assert checklist.read_text(encoding="utf-8") == MINI


@pytest.mark.parametrize("via", ["absolute", "relative", "symlink"])
def test_show_never_overwrites_its_checklist(cli, workdir, project, via):
    checklist = project / "checklists" / "mini.yaml"
    out = {"absolute": str(checklist), "relative": os.path.relpath(checklist, workdir), "symlink": "page.md"}[via]
    if via == "symlink":
        (workdir / "page.md").symlink_to(checklist)
    refused_as_input(cli("show", "mini", "--format", "markdown", "-o", out), out)
    assert checklist.read_text(encoding="utf-8") == MINI
    assert listing(project / "checklists") == ["mini.yaml"]


def test_show_never_overwrites_the_base_of_an_overlay(cli, workdir, project):
    (project / "checklists" / "mini-more.yaml").write_text(
        "id: mini-more\nextends: mini\nversion: 1\ntitle: More\n", encoding="utf-8")
    assert cli("show", "mini-more").exit_code == 0
    checklist = project / "checklists" / "mini.yaml"
    refused_as_input(cli("show", "mini-more", "-o", str(checklist)), str(checklist))
    assert checklist.read_text(encoding="utf-8") == MINI


def test_list_never_overwrites_a_checklist(cli, workdir, project):
    checklist = project / "checklists" / "mini.yaml"
    refused_as_input(cli("list", "-o", str(checklist)), str(checklist))
    assert checklist.read_text(encoding="utf-8") == MINI


def test_trend_never_overwrites_one_of_its_inputs(cli, workdir):
    args = writer_args("trend", workdir)
    write_answers(workdir / "b.yaml", ANSWERS, team="Payments", date="2026-12-01")
    before = (workdir / "b.yaml").read_bytes()
    refused_as_input(cli(*args, "b.yaml", "-o", "b.yaml"), "b.yaml")
    assert (workdir / "b.yaml").read_bytes() == before


def test_score_from_stdin_never_overwrites_the_file_on_stdin(workdir, project):
    a = write_answers(workdir / "a.yaml", ANSWERS)
    before = a.read_bytes()
    with open(a, "rb") as stdin:
        result = playbook("score", "--checklists", str(project / "checklists"), "-", "-o", "a.yaml",
                          cwd=workdir, stdin=stdin)
    assert result.returncode == 2
    assert first_line(result.stderr) == "Error: a.yaml: is an input of this command; not overwriting it"
    assert a.read_bytes() == before


# -- 3. run locks the real file, not the name of a link ----------------------------------------------

def test_run_through_a_symlink_locks_the_real_file(workdir, project):
    from playbook_cli.answers import locked

    (workdir / "link.yaml").symlink_to("real.yaml")
    with locked(workdir / "real.yaml"):  # a run on real.yaml is under way
        result = playbook("run", "mini", "--checklists", str(project / "checklists"), "-o", "link.yaml",
                          "--team", "P", "--respondent", "D", cwd=workdir, input="y\n" * 10)
    assert result.returncode == 2, result.stderr
    assert first_line(result.stderr) == f"Error: link.yaml: {LOCKED}"
    assert not (workdir / "real.yaml").exists()
    assert listing(workdir) == ["link.yaml"]  # the holder removed its sidecar; the refused run left none


# -- 4. every write cleans what a killed write of the same target left behind ----------------------

KILL_AT_RENAME = """\
import os, signal, sys
os.replace = lambda *args, **kwargs: os.kill(os.getpid(), signal.SIGKILL)  # die between temp file and rename
from playbook_cli.cli import main
main(prog_name="playbook")
"""


def test_a_write_cleans_the_temp_file_a_killed_score_left(cli, workdir, project):
    args = writer_args("score", workdir)
    killed = subprocess.run([sys.executable, "-c", KILL_AT_RENAME, "score", "--checklists",
                             str(project / "checklists"), "a.yaml", "--format", "html", "-o", "report.html"],
                            cwd=workdir, env=env(), capture_output=True, text=True, timeout=TIMEOUT)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    leftovers = [name for name in listing(workdir) if name.endswith(".tmp")]
    assert len(leftovers) == 1 and leftovers[0].startswith(".report.html."), listing(workdir)
    assert not (workdir / "report.html").exists()

    result = cli(*args, "--format", "html", "-o", "report.html")
    assert result.exit_code == 0, result.stderr
    assert listing(workdir) == ["a.yaml", "report.html"]  # the leftover and the lock sidecar are gone


@pytest.mark.parametrize("name", WRITERS)
def test_every_write_cleans_leftovers_beside_the_real_target(cli, workdir, tmp_path, name):
    args = writer_args(name, workdir)
    reports = tmp_path / "reports"
    reports.mkdir()
    (workdir / "link.out").symlink_to(reports / "report.out")
    for leftover in (".report.out.k1ll3d_x.tmp", ".report.out.a2B_c9zQ.tmp"):
        (reports / leftover).write_text("half a report" * 1000, encoding="utf-8")
    (reports / ".report.out.notours.tmp").write_text("someone else's\n", encoding="utf-8")
    (reports / "other.out").write_text("keep\n", encoding="utf-8")
    assert cli(*args, "-o", "link.out").exit_code == 0
    assert listing(reports) == [".report.out.notours.tmp", "other.out", "report.out"]


def test_a_write_never_deletes_a_temp_file_of_a_writer_holding_the_lock(cli, workdir):
    import fcntl

    args = writer_args("score", workdir)
    (workdir / "report.md").write_text("old\n", encoding="utf-8")
    busy = workdir / ".report.md.Zz9_busy.tmp"  # another process's write in progress
    busy.write_text("in progress\n", encoding="utf-8")
    fd = os.open(workdir / ".report.md.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = cli(*args, "-o", "report.md")
        assert result.exit_code == 2
        assert error_line(result).startswith("Error: report.md: cannot write: another playbook command")
        assert busy.exists() and (workdir / "report.md").read_text(encoding="utf-8") == "old\n"
    finally:
        os.close(fd)
    assert cli(*args, "-o", "report.md").exit_code == 0  # once the other writer is done
    assert listing(workdir) == ["a.yaml", "report.md"]


# -- 5. a read-only file is never replaced, also as root ---------------------------------------------

@pytest.mark.parametrize("name", WRITERS + ["run"])
def test_a_read_only_file_is_never_replaced(cli, workdir, name):
    args = writer_args(name, workdir) if name != "run" else ["run", "mini", "--team", "P", "--respondent", "D"]
    out = write_answers(workdir / "out.yaml", {"owner": '"no"'}, team="Payments")  # run would resume it
    out.chmod(0o444)
    before, files = out.read_bytes(), listing(workdir)
    result = cli(*args, "-o", "out.yaml", input="y\n" * 10)
    assert result.exit_code == 2, result.stderr
    assert error_line(result) == "Error: out.yaml: cannot write: the file is read-only"
    assert out.read_bytes() == before and stat.S_IMODE(out.stat().st_mode) == 0o444
    assert listing(workdir) == files  # no temporary file, no lock sidecar


# A file the user may not write (someone else's), in a directory they may write to.

@pytest.fixture(scope="module")
def nobody():
    """Run the command as a user that permissions apply to (see tests/unprivileged.py)."""
    way = unprivileged()
    if way is None:
        pytest.skip(SKIP_REASON)

    def run(*args: str, cwd: Path, input: str = ""):
        command = way.command([sys.executable, "-m", "playbook_cli", *args], env())
        return subprocess.run(command, cwd=cwd, env=env(), input=input, capture_output=True, text=True,
                              timeout=TIMEOUT)

    run.other_uid = way.other_uid
    return run


@pytest.fixture
def shared_dir():
    """A directory another user can enter (pytest's tmp_path is private to root)."""
    directory = Path(tempfile.mkdtemp(prefix="playbook-file-safety-"))
    directory.chmod(0o777)
    (directory / "checklists").mkdir()
    (directory / "checklists" / "mini.yaml").write_text(MINI, encoding="utf-8")
    (directory / "checklists").chmod(0o755)
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


@pytest.mark.parametrize("name", ["score", "run"])
def test_a_file_the_user_may_not_write_is_refused(nobody, shared_dir, name):
    a = write_answers(shared_dir / "a.yaml", ANSWERS, team="Payments")
    a.chmod(0o644)
    out = write_answers(shared_dir / "out.yaml", {"owner": '"no"'}, team="Payments")
    out.chmod(0o644)
    if os.geteuid() != 0:
        pytest.skip("giving a file to another user needs root")
    os.chown(out, nobody.other_uid, nobody.other_uid)  # someone else's file, in a directory anyone may write to
    before = out.read_bytes()
    args = ["score", "a.yaml"] if name == "score" else ["run", "mini", "--team", "P", "--respondent", "D"]
    result = nobody(args[0], "--checklists", "checklists", *args[1:], "-o", "out.yaml", cwd=shared_dir,
                    input="y\n" * 10)
    assert result.returncode == 2, result.stderr
    assert first_line(result.stderr).startswith("Error: out.yaml: cannot write: "), result.stderr
    assert out.read_bytes() == before
    assert sorted(p.name for p in shared_dir.iterdir()) == ["a.yaml", "checklists", "out.yaml"]


# -- 6. a failed write is one Error line, never a traceback -------------------------------------------

@pytest.fixture
def disk_full(monkeypatch):
    def fsync(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", fsync)


def test_write_atomic_raises_a_playbook_error_with_the_reason(workdir, disk_full):
    from playbook_cli.files import write_atomic

    with pytest.raises(PlaybookError) as caught:
        write_atomic(workdir / "report.md", "text\n")
    problem = caught.value.first
    assert problem.path.endswith("report.md") and problem.message == f"cannot write: {os.strerror(errno.ENOSPC)}"
    assert listing(workdir) == []


@pytest.mark.parametrize("name", WRITERS + ["run", "new"])
def test_a_full_disk_is_one_error_line(cli, workdir, disk_full, name):
    args = {"run": ["run", "mini", "--team", "P", "--respondent", "D"], "new": ["new", "out"]}.get(name) \
        or writer_args(name, workdir)
    out = "checklists/out.yaml" if name == "new" else "out.yaml"
    if name == "new":
        (workdir / "checklists").mkdir()
    result = cli(*args, "-o", out, input="y\n" * 10)
    assert result.exit_code == 2
    assert error_line(result) == f"Error: {out}: cannot write: {os.strerror(errno.ENOSPC)}"
    assert not (workdir / out).exists()
    assert [n for n in listing(workdir / Path(out).parent) if n.startswith(".")] == []


# -- 7. inputs that are not regular files are refused at once -------------------------------------------

@pytest.mark.parametrize("command", ["score", "trend", "validate"])
def test_a_fifo_as_input_is_refused_at_once(workdir, project, command):
    os.mkfifo(workdir / "pipe.yaml")
    result = playbook(command, "--checklists", str(project / "checklists"), "pipe.yaml", cwd=workdir)
    if command == "validate":  # a problem in the list, like any other
        assert result.returncode == 1
        assert result.stdout.splitlines() == ["pipe.yaml: cannot read: not a regular file (a FIFO)"]
    else:
        assert result.returncode == 2
        assert first_line(result.stderr) == "Error: pipe.yaml: cannot read: not a regular file (a FIFO)"
    assert stat.S_ISFIFO(os.lstat(workdir / "pipe.yaml").st_mode)


def test_validate_lists_a_fifo_found_in_a_directory_and_checks_the_rest(workdir, project):
    scanned = workdir / "answers"
    scanned.mkdir()
    write_answers(scanned / "a.yaml", ANSWERS)
    write_answers(scanned / "b.yaml", {"owner": "maybe"})
    os.mkfifo(scanned / "c.yaml")
    result = playbook("validate", "--checklists", str(project / "checklists"), "answers", cwd=workdir)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("answers/b.yaml:3:")
    assert lines[1] == "answers/c.yaml: cannot read: not a regular file (a FIFO)"
    assert "2 problem(s) in 2 of 3 file(s)." in result.stderr


def test_list_with_a_fifo_among_the_checklists_does_not_hang(workdir, project):
    os.mkfifo(project / "checklists" / "pipe.yaml")
    result = playbook("list", "--checklists", str(project / "checklists"), cwd=workdir)
    assert result.returncode == 2
    assert "mini" in result.stdout
    assert first_line(result.stderr).endswith("pipe.yaml: cannot read: not a regular file (a FIFO)")


def test_a_device_as_input_is_refused_without_reading_it(cli, workdir):
    result = cli("score", "/dev/zero")
    assert result.exit_code == 2
    assert error_line(result) == "Error: /dev/zero: cannot read: not a regular file (a character device)"


def test_score_reads_one_answers_file_from_stdin(cli, workdir):
    writer_args("score", workdir)
    text = (workdir / "a.yaml").read_text(encoding="utf-8")
    result = cli("score", "-", "--format", "json", input=text)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == cli("score", "a.yaml", "--format", "json").stdout


def test_score_stdin_is_named_in_messages(cli, workdir):
    result = cli("score", "-", input="checklist: mini\nanswers:\n  owner: maybe\n")
    assert result.exit_code == 2
    assert error_line(result).startswith("Error: <stdin>:3:")


def test_score_stdin_must_be_the_only_input(cli, workdir):
    writer_args("score", workdir)
    result = cli("score", "-", "a.yaml", input="")
    assert result.exit_code == 2
    assert error_line(result) == "Error: -: standard input can only be read as the one answers file"


def test_score_from_a_real_pipe(workdir, project):
    text = write_answers(workdir / "a.yaml", ANSWERS).read_text(encoding="utf-8")
    result = playbook("score", "--checklists", str(project / "checklists"), "-", "--format", "json",
                      cwd=workdir, input=text)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["score"], report["respondents"]) == (50, ["<stdin>"])  # 100 x (3 + 0.5 x 2) / 8


# -- 8. `new` where it cannot write: one Error line ---------------------------------------------------------

def test_new_under_a_regular_file(cli, workdir):
    (workdir / "somefile").write_text("keep\n", encoding="utf-8")
    result = cli("new", "launch", "--checklists", "somefile/sub")
    assert result.exit_code == 2
    assert error_line(result).startswith("Error: somefile/sub: cannot create the directory: ")
    assert (workdir / "somefile").read_text(encoding="utf-8") == "keep\n"
    assert listing(workdir) == ["somefile"]


def test_new_with_an_id_too_long_for_a_file_name(cli, workdir):
    long_id = "-".join(["abcdefghi"] * 30)  # 299 characters, valid kebab-case
    result = cli("new", long_id)
    assert result.exit_code == 2
    assert error_line(result).startswith(f"Error: checklists/{long_id}.yaml: cannot write: ")
    assert listing(workdir) == []  # not even an empty checklists/ directory


def test_new_in_a_read_only_directory(nobody, shared_dir):
    read_only = shared_dir / "locked-down"
    read_only.mkdir()
    read_only.chmod(0o555)
    result = nobody("new", "launch", "--checklists", "locked-down", cwd=shared_dir)
    assert result.returncode == 2, result.stderr
    assert first_line(result.stderr).startswith("Error: locked-down/launch.yaml: cannot write: "), result.stderr
    assert "Traceback" not in result.stderr
    assert list(read_only.iterdir()) == []
