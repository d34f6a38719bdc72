"""The `playbook` command: parse options, call the core, print, set the exit status.

No business logic lives here. The core raises PlaybookError; `PlaybookGroup`
turns it into one `Error: file:line:col: message` line and exit status 2.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import NoReturn

import click

from playbook_cli import __version__
from playbook_cli.errors import PlaybookError, Problem
from playbook_cli.render import FORMATS, LISTING_FORMATS, TREND_FORMATS
from playbook_cli.render.actions import ACTION_FORMATS, render_actions
from playbook_cli.render.overview import OVERVIEW_FORMATS

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

# Exit statuses (DESIGN.md); 0 is success.
EXIT_GATE, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 1, 2, 130


# -- output helpers ----------------------------------------------------------

def use_colour(stream=None) -> bool:
    """Colour only on a terminal that has it: never when NO_COLOR is set and not empty
    (no-color.org; an empty NO_COLOR= keeps colour; Click itself ignores it) or TERM is dumb."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)())


def message_lines(label: str, problem: Problem | str) -> list[str]:
    """`Label: file:line:col: message` and its hint, safe for a terminal: the ids, names
    and paths they quote from files are shown, never obeyed (see render.terminal)."""
    from playbook_cli.render.terminal import terminal_safe

    lines = [terminal_safe(f"{label}: {problem}")]
    if isinstance(problem, Problem) and problem.hint:
        lines.append(terminal_safe(f"  Hint: {problem.hint}"))
    return lines


def warn(problem: Problem | str) -> None:
    for line in message_lines("Warning", problem):
        click.echo(line, err=True)


def fail(problem: Problem, status: int = EXIT_BAD_INPUT) -> NoReturn:
    for line in message_lines("Error", problem):
        click.echo(line, err=True)
    sys.exit(status)


def emit(text: str, output: str | None, inputs=()) -> None:
    """Print data to stdout, or write it to -o FILE (`-` is stdout).

    The file is written atomically, through a symlink to its target; anything
    but a regular file, a read-only file and any of `inputs` (the files the
    command read: see `files_read`) are refused with FileWriteError.
    """
    if output is None or output == "-":
        click.echo(text, nl=not text.endswith("\n"))
        return
    from playbook_cli.files import write_atomic

    write_atomic(output, text, inputs=inputs)
    from playbook_cli.render.terminal import terminal_safe

    click.echo(terminal_safe(f"Wrote {output}"), err=True)


def files_read(catalog, answers_files=(), plays_of=None, extras=None) -> list:
    """The files a command read, which its -o must never replace.

    Answers files (`-` is standard input), every checklist loaded (an
    overlay's base too), with `plays_of` that checklist's play pages, and
    the project files behind the checklists searched: each project's
    playbook.toml (what it hides, its report templates) and mkdocs.yml (the
    site_url plays link to); with `extras` from report_extras, every file in
    the fork's report templates folder the render could load.
    """
    from playbook_cli.files import STDIN
    from playbook_cli.settings import FILENAME, project_root_of_checklists
    from playbook_cli.siteconfig import CONFIG_FILE

    read = [STDIN if f == "-" else f for f in answers_files] + catalog.loaded_files()
    if plays_of is not None:
        docs = catalog.docs_dir_of(catalog.files[plays_of.id])
        if docs is not None:
            read += [docs / item.play for item in plays_of.items if item.play]
    for directory in catalog.dirs:
        root = project_root_of_checklists(directory)
        read += [root / FILENAME, root / CONFIG_FILE]
    template_dir = (extras or {}).get("template_dir")
    if template_dir is not None:
        read += _files_under(Path(template_dir))
    return read


def _files_under(directory: Path) -> list[Path]:
    """Every file below `directory`, at any depth (without recursion: a deep tree is no traceback)."""
    found: list[Path] = []
    stack, seen = [directory], set()
    while stack:
        try:
            here = stack.pop()
            status = here.stat()
            if (status.st_dev, status.st_ino) in seen:  # a link back up: Jinja may follow it, once is enough
                continue
            seen.add((status.st_dev, status.st_ino))
            with os.scandir(here) as entries:
                for entry in entries:
                    (stack if entry.is_dir() else found).append(Path(entry.path))
        except OSError:
            continue
    return found


# -- shared options ------------------------------------------------------------

def format_option(registry: dict, default: str = "text"):
    """--format, its choices the keys of the command's registry of renderers (see render/__init__.py)."""
    return click.option("--format", "fmt", type=click.Choice(list(registry)), default=default,
                        show_default=True, help="Output format.")


def output_option(help_text: str = "Write to FILE instead of stdout (atomically)."):
    # No checks by Click: `emit` (files.write_atomic) refuses what it must, with one `Error:` line.
    return click.option("-o", "--output", type=click.Path(readable=False), help=help_text)


def utf8_text(ctx, param, value):
    """Click callback: refuse a text option that is not valid UTF-8, naming the option.

    On POSIX, Click hands undecodable bytes of argv over as lone surrogates,
    which crash later, when the text is written or printed.
    """
    for text in value if isinstance(value, tuple) else (value,):
        if isinstance(text, str):
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                name = param.opts[0] if param.opts else param.human_readable_name
                fail(Problem(name, None, None, "is not valid UTF-8 text",
                             "type it again, or set your terminal or script to UTF-8"))
    return value


def text_option(*decls, **attrs):
    """A click.option for free text (names, titles, notes), checked by `utf8_text`."""
    return click.option(*decls, callback=utf8_text, **attrs)


def checklists_option(func):
    """--checklists DIR, also read from PLAYBOOK_CHECKLISTS."""
    @click.option("--checklists", "checklists_dir", type=click.Path(file_okay=False),
                  help="Directory of checklists searched first (also PLAYBOOK_CHECKLISTS).")
    @wraps(func)
    def wrapper(*args, checklists_dir=None, **kwargs):
        from playbook_cli.catalog import Catalog

        return func(*args, catalog=Catalog.discover(checklists_dir), **kwargs)

    return wrapper


class PlaybookGroup(click.Group):
    """Turns core errors into one `Error:` line and exit 2, never a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except PlaybookError as exc:
            fail(exc.first)
        except click.UsageError as exc:
            bad_usage(exc, ctx)
        except KeyboardInterrupt:
            click.echo("\nInterrupted.", err=True)
            sys.exit(EXIT_INTERRUPTED)

    def parse_args(self, ctx, args):
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:  # an option of `playbook` itself
            bad_usage(exc, ctx)


def bad_usage(exc: click.UsageError, ctx: click.Context) -> NoReturn:
    """A wrong option or argument: one `Error:` line like any other, with where to read the usage as a hint."""
    from playbook_cli.render.terminal import terminal_safe

    command = (exc.ctx or ctx).command_path
    click.echo(terminal_safe(f"Error: {exc.format_message()}"), err=True)
    click.echo(terminal_safe(f"  Hint: see '{command} --help'"), err=True)
    sys.exit(EXIT_BAD_INPUT)


@click.group(cls=PlaybookGroup, context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="playbook", message="%(prog)s %(version)s")
def main():
    """Score how ready your team is to kick off, and who owns each gap.

    Run a checklist in the terminal, score one answers file or a whole
    team's, and get the blockers, the unknowns, where people disagree and an
    action plan with a named owner and a play for every gap.

    \b
    Examples:
      playbook list
      playbook run kickoff-readiness -o answers.yaml
      playbook score answers.yaml
      playbook score dana.yaml lee.yaml sam.yaml --format markdown
      playbook score answers.yaml --fail-under 80
    """


# -- commands --------------------------------------------------------------------

@main.command("list")
@format_option(LISTING_FORMATS)
@output_option()
@checklists_option
def list_command(fmt, output, catalog):
    """List the checklists found, with id, title and number of questions.

    \b
    Examples:
      playbook list
      playbook list --format json
      playbook list --checklists ./our-checklists
    """
    from playbook_cli.render import render_listing

    loaded, broken = catalog.listing()
    extras = report_extras(fmt, None, checklists_dir=catalog.dirs[0] if catalog.dirs else None)
    emit(render_listing(loaded, fmt, **extras), output, files_read(catalog, extras=extras))
    if broken:
        for problem in broken[1:]:
            warn(problem)
        fail(Problem(broken[0].path, broken[0].line, broken[0].column,
                     broken[0].message, "run 'playbook validate' to see every problem"))


@main.command()
@click.argument("checklist_id", metavar="ID")
@format_option(FORMATS)
@output_option()
@checklists_option
def show(checklist_id, fmt, output, catalog):
    """Show one checklist: its sections, questions, why each matters, and its plays.

    `--format markdown` prints the body of the checklist's page on the site.

    \b
    Examples:
      playbook show kickoff-readiness
      playbook show kickoff-readiness --format markdown -o page.md
    """
    from playbook_cli.render import render_checklist

    checklist = catalog.get(checklist_id)
    extras = report_extras(fmt, catalog.files.get(checklist.id), checklist)
    text = render_checklist(checklist, fmt, play_titles=catalog.play_titles(checklist),
                            color=use_colour() and output is None, **extras)
    emit(text, output, files_read(catalog, plays_of=checklist, extras=extras))


@main.command()
@click.argument("checklist_id", metavar="ID")
@click.option("-o", "--output", "answers_file", type=click.Path(dir_okay=False),
              help="Answers file to write after every answer (and to resume from). "
                   "Default: ID-answers.yaml.")
@text_option("--team", help="Team name for the answers file (asked if missing, on a terminal only).")
@text_option("--respondent", help="Your name for the answers file (asked if missing, on a terminal only).")
@click.option("--since", "since_files", multiple=True, type=click.Path(dir_okay=False), metavar="OLD",
              help="The previous checkpoint's answers file (repeat for a team's files): first ask about its "
                   "open actions, and carry all its actions into this file.")
@checklists_option
def run(checklist_id, answers_file, team, respondent, since_files, catalog):
    """Answer a checklist question by question; every answer is saved at once.

    At each question type y(es), p(artly), n(o), u(nknown) or na (n/a);
    ? shows why it matters and the play that fixes a gap; b goes back one
    question; q saves and stops. Run the same command again to resume.
    At the end you see the result and name an owner for each top gap.

    With --since OLD, it first asks about each open action of that earlier
    checkpoint: d (done), o (still open, with a new due date) or x (dropped),
    and carries all of OLD's actions into the new file.

    Without a terminal (input from a pipe or a file) each line is one
    answer, the header comes only from --team and --respondent (or the
    team of --since), and the exit status is 1 if input ends before the
    last question.

    \b
    Examples:
      playbook run kickoff-readiness -o answers.yaml
      playbook run kickoff-readiness -o dana.yaml --team Payments --respondent Dana
      playbook run team-health -o q4/dana.yaml --since q3/dana.yaml
      printf 'y\\np\\nn\\n' | playbook run kickoff-readiness -o dana.yaml --team Payments
    """
    from playbook_cli.answers import locked
    from playbook_cli.interactive import RunOutcome, RunSession

    checklist = catalog.runnable(checklist_id)
    path = Path(answers_file or f"{checklist.id}-answers.yaml")
    terminal = sys.stdin is not None and sys.stdin.isatty()
    since = previous_checkpoint(since_files, checklist) if since_files else None
    with locked(path):
        outcome = RunSession(checklist, path, team=team, respondent=respondent, terminal=terminal,
                             colour=use_colour(), play_titles=catalog.play_titles(checklist), since=since).run()
    # q, or the end of input after the last question, is a normal stop.
    sys.exit({RunOutcome.INPUT_ENDED: EXIT_GATE, RunOutcome.INTERRUPTED: EXIT_INTERRUPTED}.get(outcome, 0))


def previous_checkpoint(files, checklist, anonymous=False):
    """The checkpoint of --since OLD..., its warnings shown (team.load_previous)."""
    from playbook_cli.team import load_previous

    previous, warnings = load_previous(files, checklist, anonymous)
    for problem in warnings:
        warn(problem)
    return previous


@contextmanager
def collector_paused():
    """Pause the cyclic garbage collector while loading and scoring many files.

    Loading and scoring create no reference cycles, and with thousands of
    files (a trend) the collector's passes over everything loaded so far
    would take as long as the work itself. Reference counting still frees
    memory as usual.
    """
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()  # what was loaded is kept for the command's life: never rescan it
            gc.enable()


def report_extras(fmt: str, checklist_file, checklist=None, checklists_dir=None) -> dict:
    """What a report takes from the project holding its checklist (or checklists_dir): for html and markdown,
    the plays' addresses on the site its mkdocs.yml publishes (site_url); for html, the fork's templates."""
    from playbook_cli.render import PROJECT_OPTIONS

    wanted = PROJECT_OPTIONS.get(fmt, frozenset())
    extras: dict = {}
    if "play_urls" in wanted and checklist is not None and checklist_file is not None:
        from playbook_cli.siteconfig import site_play_urls

        extras["play_urls"] = site_play_urls(checklist_file, sorted({i.play for i in checklist.items if i.play}))
    directory = checklists_dir or (Path(checklist_file).parent if checklist_file is not None else None)
    if "template_dir" in wanted and directory is not None:
        from playbook_cli.settings import report_templates

        extras["template_dir"] = report_templates(directory)
    return extras


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@format_option(FORMATS)
@output_option()
@click.option("--fail-under", type=click.IntRange(0, 100), metavar="N",
              help="Gate: exit 1 if the score is below N or any blocker remains.")
@click.option("--anonymous", is_flag=True,
              help="Never show who answered what, as on an anonymous checklist: a count of respondents, how many "
                   "chose each answer, notes without names.")
@click.option("--names", is_flag=True,
              help="Show who answered what even on an anonymous checklist, for a team that agreed to be named.")
@click.option("--since", "since_files", multiple=True, type=click.Path(dir_okay=False), metavar="OLD",
              help="The previous checkpoint's answers file (repeat for a team's files): add a follow-up of "
                   "its actions.")
@checklists_option
def score(files, fmt, output, fail_under, anonymous, names, since_files, catalog):
    """Score one answers file, or several (one per respondent) as a team.

    With several files you also get the team's alignment and the items on
    which people answered far apart. With --since, a follow-up of the
    previous checkpoint's actions: owner, status and the item then and now.
    On an anonymous checklist (team-health) nobody's answers carry a name;
    below 3 respondents not even how many chose each answer, nor notes.

    \b
    Examples:
      playbook score answers.yaml
      playbook score answers.yaml --format json
      playbook score dana.yaml lee.yaml sam.yaml --format markdown -o report.md
      playbook score answers.yaml --fail-under 80     # CI gate
      playbook score q4/*.yaml --since q3/dana.yaml --since q3/lee.yaml
      playbook score health/*.yaml --names     # the team agreed to be named
    """
    if anonymous and names:
        fail(Problem("--names", None, None, "cannot be combined with --anonymous", "choose one"))
    from playbook_cli.render import render_result
    from playbook_cli.scoring import gate
    from playbook_cli.scoring import score as score_answers
    from playbook_cli.team import follow_up_since, load_team

    with collector_paused():
        team = load_team(files, catalog, anonymous, names)
        from playbook_cli.overlay import base_drift

        for problem in [*team.warnings, *filter(None, [base_drift(team.checklist)])]:
            warn(problem)
        checklist, answer_sets = team.checklist, team.answer_sets
        result = score_answers(checklist, answer_sets, team.anonymous)
        follow_up = None
        if since_files:
            follow_up = follow_up_since(previous_checkpoint(since_files, checklist, team.anonymous), team, result)
    extras = report_extras(fmt, catalog.files.get(checklist.id), checklist)
    emit(render_result(result, fmt, play_titles=catalog.play_titles(checklist),
                       color=use_colour() and output is None, follow_up=follow_up, **extras), output,
         files_read(catalog, files + since_files, checklist, extras))
    if fail_under is not None:
        verdict = gate(result, fail_under)
        click.echo(f"Gate {'passed' if verdict.passed else 'failed'}: {verdict.reason}.", err=True)
        if not verdict.passed:
            sys.exit(EXIT_GATE)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@format_option(TREND_FORMATS)
@output_option()
@checklists_option
def trend(files, fmt, output, catalog):
    """Show the score over time (by date), per team.

    Each file is one checkpoint; files of the same team and date are scored
    together as a team.

    \b
    Examples:
      playbook trend history/*.yaml
      playbook trend history/*.yaml --format json
    """
    from playbook_cli.render import render_trend
    from playbook_cli.team import load_answer_files, one_vote_per_file
    from playbook_cli.trend import build_trends

    with collector_paused():
        answer_sets = load_answer_files(files, positions=False)  # trend gives no per-answer warnings
        answer_sets, copies = one_vote_per_file(files, answer_sets)  # a backup copy is not one more respondent
        for copy in copies:
            warn(copy)
        checklists = {}
        for answers in answer_sets:
            if answers.checklist not in checklists:
                checklists[answers.checklist] = catalog.checklist_for(answers)
        trends = build_trends(answer_sets, checklists)
    extras = report_extras(fmt, catalog.files.get(trends[0].checklist.id) if trends else None)
    emit(render_trend(trends, fmt, color=use_colour() and output is None, **extras), output,
         files_read(catalog, files, extras=extras))


def date_value(ctx, param, value):
    """Click callback: a YYYY-MM-DD option as a date, or one `Error:` line naming the option."""
    if value is None:
        return None
    from playbook_cli.yamlsource import parse_date, show_value

    date = parse_date(value.strip())
    if date is None:
        fail(Problem(param.opts[0], None, None, f"must be a date like 2026-11-23 (got {show_value(value)})"))
    return date


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(), metavar="PATH...")
@text_option("--owner", metavar="NAME", help="Only this person's actions (ignoring case).")
@click.option("--overdue", "overdue_only", is_flag=True, help="Only the overdue actions.")
@click.option("--as-of", metavar="YYYY-MM-DD", callback=date_value,
              help="List as the organisation stood on this day: later checkpoints left out, overdue if due "
                   "before it. Default: today.")
@click.option("--fail-on-overdue", is_flag=True, help="Gate: exit 1 if any action listed is overdue.")
@format_option(ACTION_FORMATS)
@output_option()
@text_option("--done", "done_item", metavar="ITEM", help="Mark the action for ITEM in FILE done (as of --as-of).")
@text_option("--note", help="With --done: a note on how it was closed.")
@checklists_option
def actions(paths, owner, overdue_only, as_of, fail_on_overdue, fmt, output, done_item, note, catalog):
    """List the open actions of every team's latest checkpoint, by due date; or close one.

    PATH is an answers file or a directory of them (read recursively; other
    YAML files are skipped). Files of one team and date are one checkpoint,
    and only each team's latest checkpoint per checklist counts.

    \b
    Examples:
      playbook actions answers/
      playbook actions answers/ --owner Priya --format markdown
      playbook actions answers/ --overdue --fail-on-overdue     # weekly CI gate
      playbook actions answers/ --format csv -o actions.csv     # for a tracker's import
      playbook actions answers/payments/2026-11-23-dana.yaml --done success-metric-agreed --note "Signed off"
    """
    import datetime as dt

    from playbook_cli import actions as core
    from playbook_cli.answers import answers_paths, read_answers_files
    from playbook_cli.closing import close_action
    from playbook_cli.siteconfig import site_play_url

    as_of = as_of or dt.date.today()

    def checklist_of(answers):
        return catalog.checklist_for(answers)

    if done_item is not None:
        used = [name for name, given in (("--owner", owner is not None), ("--overdue", overdue_only),
                                         ("--fail-on-overdue", fail_on_overdue), ("--format", fmt != "text"),
                                         ("-o", output is not None)) if given]
        if used:
            fail(Problem(used[0], None, None, "cannot be combined with --done", "close the action, then list"))
        if len(paths) != 1 or paths[0] == "-" or os.path.isdir(paths[0]):
            fail(Problem("--done", None, None, "needs exactly one answers file",
                         "e.g. playbook actions answers/q3.yaml --done ITEM"))
        closed = close_action(paths[0], done_item, as_of, note, checklist_of)
        if closed.was is None:
            from playbook_cli.render.terminal import terminal_safe

            click.echo(terminal_safe(f"Nothing changed: the action for '{done_item}' in {closed.path} was already "
                                     f"done{' on ' + closed.action.done.isoformat() if closed.action.done else ''}"
                                     + (" (the note was not recorded)." if note else ".")))
            return
        if closed.comments_dropped:
            warn(Problem(closed.path, None, None, "its comments were not kept: the file was rewritten in the tool's "
                                                  "own layout"))
        for line in _closed_lines(closed):
            click.echo(line)
        return
    if note is not None:
        fail(Problem("--note", None, None, "goes with --done", "e.g. --done ITEM --note TEXT"))
    found = answers_paths(paths)
    with collector_paused():
        copies: list[Problem] = []
        skipped: list[Problem] = []  # files that look like answers but name no checklist
        answer_sets = read_answers_files(found, copies=copies, skipped=skipped)  # a copy's actions: listed once
        for problem in [*skipped, *copies]:
            warn(problem)
        if not answer_sets:
            fail(Problem(", ".join(paths), None, None, "no answers files found",
                         "an answers file is a .yaml or .yml file with a 'checklist:' key"))
        listed = core.open_actions(answer_sets, checklist_of, as_of, owner, overdue_only,
                                   lambda checklist, play: site_play_url(catalog.files[checklist.id], play))
    for problem in listed.warnings:
        warn(problem)
    emit(render_actions(listed, fmt, color=use_colour() and output is None), output,
         files_read(catalog, [str(path) for path in found]))
    if fail_on_overdue:
        late = len(listed.overdue)
        if late:
            click.echo(f"Gate failed: {late} overdue action{'s' if late != 1 else ''}.", err=True)
            sys.exit(EXIT_GATE)
        click.echo("Gate passed: no overdue actions.", err=True)


def _closed_lines(closed) -> list[str]:
    """What `actions --done` changed, for a person to read."""
    from playbook_cli.render.terminal import terminal_safe

    was = closed.was
    lines = [f"{closed.path}: {closed.item.id}: {was.status} -> done on {closed.action.done.isoformat()} "
             f"(owner {closed.action.owner}" + (f", due {was.due.isoformat()}" if was.due else "") + ")"]
    if closed.action.note != was.note:
        lines.append(f"  note: {closed.action.note}")
    if closed.updated is not None:
        lines.append(f"  updated: {closed.updated.isoformat()} (the file's checkpoint date stays as it was)")
    return [terminal_safe(line) for line in lines]


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(), metavar="PATH...")
@click.option("--items", "show_items", is_flag=True, help="One column per item instead of per section (a heatmap).")
@click.option("--as-of", metavar="YYYY-MM-DD", callback=date_value,
              help="Show the organisation as it stood on this day: later checkpoints left out; overdue and "
                   "stale judged by it. Default: today.")
@click.option("--stale-after", type=click.IntRange(min=0), default=90, show_default=True, metavar="DAYS",
              help="Mark a team stale when its latest checkpoint is more than DAYS old.")
@click.option("--checklist", "checklist_id", metavar="ID", help="Only this checklist's answers.")
@format_option(OVERVIEW_FORMATS)
@output_option()
@checklists_option
def overview(paths, show_items, as_of, stale_after, checklist_id, fmt, output, catalog):
    """Every team's latest checkpoint side by side, per checklist: listed by name, never ranked.

    PATH is an answers file or a directory of them (read recursively; other
    YAML files are skipped). Files of one team and date are one checkpoint,
    scored as a team; the checkpoint before it gives each cell's movement.

    \b
    Examples:
      playbook overview answers/
      playbook overview answers/ --items --checklist team-health
      playbook overview answers/ --format html -o overview.html
      playbook overview answers/ --format json --as-of 2026-12-01 --stale-after 120
    """
    import datetime as dt

    from playbook_cli.answers import answers_paths, read_answers_files
    from playbook_cli.overview import build_overview
    from playbook_cli.render.overview import render_overview

    found = answers_paths(paths)
    with collector_paused():
        copies: list[Problem] = []
        skipped: list[Problem] = []  # files that look like answers but name no checklist
        # positions=False: no per-answer warnings
        answer_sets = read_answers_files(found, positions=False, copies=copies, skipped=skipped)
        for problem in [*skipped, *copies]:
            warn(problem)
        if checklist_id is not None:
            catalog.get(checklist_id)  # an unknown id: one `Error:` line with the checklists found
            answer_sets = [a for a in answer_sets if a.checklist == checklist_id]
        if not answer_sets:
            fail(Problem(", ".join(paths), None, None,
                         "no answers files found" + (f" for checklist '{checklist_id}'" if checklist_id else ""),
                         "an answers file is a .yaml or .yml file with a 'checklist:' key"))
        as_of = as_of or dt.date.today()
        result = build_overview(answer_sets, catalog.checklist_for, as_of, stale_after, show_items)
        if not result.checklists:  # every checkpoint is dated after --as-of
            first = min(a.date for a in answer_sets if a.date is not None)
            fail(Problem("--as-of", None, None, f"no checkpoint is dated on or before {as_of.isoformat()}",
                         f"the earliest is dated {first.isoformat()}"))
    extras = report_extras(fmt, None, checklists_dir=catalog.dirs[0] if catalog.dirs else None)  # templates
    emit(render_overview(result, fmt, **extras), output,
         files_read(catalog, [str(path) for path in found], extras=extras))


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@checklists_option
def validate(paths, catalog):
    """Check checklists and answers files; list every problem, not only the first.

    With no PATH, checks every checklist found. A directory means every
    .yaml file in it. Exit status 1 if any file has a problem.

    \b
    Examples:
      playbook validate
      playbook validate checklists/ answers.yaml
    """
    from playbook_cli.catalog import yaml_files
    from playbook_cli.validation import validate_paths
    from playbook_cli.yamlsource import display_path

    targets: list[Path] = []
    if paths:
        for raw in paths:
            p = Path(raw)
            if p.is_dir():
                targets += yaml_files(p)
            elif p.exists():
                targets.append(p)
            else:
                fail(Problem(raw, None, None, "no such file or directory"))
    else:
        for directory in catalog.dirs:
            targets += yaml_files(directory)
    if not targets:
        fail(Problem(", ".join(paths) or "checklists", None, None, "no .yaml files to check"))
    report = validate_paths(targets, catalog)
    from playbook_cli.render.terminal import terminal_safe

    for problem in report.problems:  # names and ids quoted from files: shown, never obeyed
        click.echo(terminal_safe(f"{problem}" + (f" (hint: {problem.hint})" if problem.hint else "")))
    for problem in report.warnings:
        warn(problem)
    for problem in report.notes:
        click.echo(terminal_safe(f"Note: {problem}" + (f" (hint: {problem.hint})" if problem.hint else "")), err=True)
    bad = len(report.files_with_problems)
    # playbook.toml beside the checklists is checked too; any file with a problem was checked, whatever it is.
    checked = len({display_path(target) for target in targets} | report.settings_files | report.files_with_problems)
    if report.problems:
        click.echo(f"{len(report.problems)} problem(s) in {bad} of {checked} file(s).", err=True)
        sys.exit(EXIT_GATE)
    click.echo(f"{checked} file(s) checked: all valid.", err=True)
    if report.unchecked_plays:
        click.echo(terminal_safe("Note: play links not checked in " + ", ".join(sorted(report.unchecked_plays))
                                 + " (no docs/ beside the checklists)."), err=True)


@main.command()
@click.argument("checklist_id", metavar="ID")
@click.option("--title", help="Title of the new checklist (default: from the id).")
@output_option("Write the new checklist here (default: DIR/ID.yaml).")
@click.option("--checklists", "checklists_dir", type=click.Path(file_okay=False), metavar="DIR",
              help="Directory to create the checklist in. Default: the first directory in PLAYBOOK_CHECKLISTS, "
                   "else ./checklists.")
@click.option("--extends", "base_id", metavar="BASE",
              help="Create an overlay of checklist BASE instead: it records BASE's version as base_version.")
def new(checklist_id, title, output, checklists_dir, base_id):
    """Create a new checklist, or an overlay of another, from a commented template that validates as is.

    \b
    Examples:
      playbook new launch-readiness
      playbook new launch-readiness --title "Launch readiness"
      playbook new acme-kickoff --extends kickoff-readiness
    """
    from playbook_cli.catalog import ENV_VAR, Catalog, search_path
    from playbook_cli.scaffold import create_checklist
    from playbook_cli.siteconfig import checklist_schema_location

    given = checklists_dir
    if checklists_dir is None:  # where every other command looks first: --checklists, then PLAYBOOK_CHECKLISTS
        named = [directory for directory in os.environ.get(ENV_VAR, "").split(os.pathsep) if directory]
        if named and output is None:
            search_path()  # a directory PLAYBOOK_CHECKLISTS names must exist: one `Error:` line, as elsewhere
        checklists_dir = named[0] if named else "checklists"
    path = Path(output) if output else Path(checklists_dir) / f"{checklist_id}.yaml"
    base = None
    if base_id is not None:
        base = Catalog.discover(given if given is not None and Path(given).is_dir() else None).get(base_id)
    create_checklist(path, checklist_id, title, checklist_schema_location(Path.cwd()), base)
    from playbook_cli.render.terminal import terminal_safe

    click.echo(terminal_safe(f"Created {path}. Edit it, then check it with: playbook validate {path}"), err=True)


if __name__ == "__main__":  # pragma: no cover
    main()
