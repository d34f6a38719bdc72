"""A team's answers files, loaded for scoring: one file, one vote, one checklist.

The rules `playbook score` applies before it scores: standard input only as
the one file; every file for the same checklist; a file given twice (by two
names, through a symlink, or as a byte-for-byte copy) counted once; and a
warning for each file left out and for each answer that does not fit the
checklist. Then the previous checkpoint of `--since` (for `score` and `run`)
and its follow-up. Nothing here prints: warnings are returned as Problems,
and what cannot be scored raises a PlaybookError.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import stat
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from playbook_cli.actions import Checkpoint, FollowUp, check_previous, follow_up, one_checkpoint, team_key
from playbook_cli.answers import check_answers, load_answers, reading
from playbook_cli.catalog import Catalog
from playbook_cli.errors import AnswersError, Problem
from playbook_cli.files import STDIN
from playbook_cli.model import Answers, Checklist, Result
from playbook_cli.scoring import score


@dataclass
class Team:
    """The answers to score together, their checklist, and what to warn about."""

    checklist: Checklist
    answer_sets: list[Answers]
    warnings: list[Problem] = field(default_factory=list)
    # Whether the result must hide who answered what: see hides_respondents.
    anonymous: bool = False


def hides_respondents(checklist: Checklist, anonymous: bool = False, names: bool = False) -> bool:
    """Whether a team result hides who answered what: the checklist's `anonymous`, or `--anonymous`
    for any checklist; `--names` (a team that agreed to be named) overrides both."""
    return not names and (anonymous or checklist.anonymous)


def load_answer_files(files: Sequence[str], positions: bool = True) -> list[Answers]:
    """Load answers files, raising on the first bad one.

    `-` reads standard input (named `<stdin>` in messages), only as the one file.
    With `positions=False` no answer keeps its place for warnings (`trend` loads thousands).
    """
    if "-" in files and len(files) > 1:
        raise AnswersError(Problem("-", None, None, "standard input can only be read as the one answers file",
                                   "give the files by name, or pipe one file in"))
    return [load_answers(STDIN if f == "-" else f, positions) for f in files]


def one_vote_per_file(files: Sequence[str], answer_sets: list[Answers],
                      anonymous: bool = False) -> tuple[list[Answers], list[Problem]]:
    """The answers with each file once (one file, one vote), and a warning for each file left out.

    A file counts once however it is named (twice, by two paths, through a
    symlink), and so does a copy of it, byte for byte (the site's team view
    also compares content). The first in argument order is kept. With
    `anonymous`, a warning names "respondent N", not the file.
    """
    kept: list[Answers] = []
    warnings: list[Problem] = []
    seen: dict[tuple, int] = {}
    # Two names of one file, or two copies, read the same: only files that read the same as
    # another are stat'ed and hashed (trend and overview read thousands, nearly all different).
    reads = Counter(reading(answers) for answers in answer_sets)
    for path, answers in zip(files, answer_sets):
        if reads[reading(answers)] == 1:
            kept.append(answers)
            continue
        keys = [] if path == "-" else _identities(path)  # standard input has no identity to compare
        first = next((seen[key] for key in keys if key in seen), None)
        if first is None:
            kept.append(answers)
            for key in keys:
                seen[key] = len(kept)
            continue
        if anonymous:
            where, hint = f"respondent {first}", None
        else:
            where, same = answers.path, kept[first - 1].path
            how = "the same file as" if keys[0] in seen else "a copy of"
            hint = None if same == where else f"{where} is {how} {same}"
        warnings.append(Problem(where, None, None, "the same file was given twice; counted once", hint))
    return kept, warnings


def _identities(path: str) -> list[tuple]:
    """What makes two names one file: its device and inode, then its content."""
    try:
        info = os.stat(path)
    except OSError:
        return []
    if not stat.S_ISREG(info.st_mode):  # only a regular file is read again: a FIFO read twice would block
        return []
    keys: list[tuple] = [("file", info.st_dev, info.st_ino)]
    try:
        keys.append(("content", hashlib.sha256(Path(path).read_bytes()).digest()))
    except OSError:
        pass
    return keys


def load_team(files: Sequence[str], catalog: Catalog, anonymous: bool = False, names: bool = False) -> Team:
    """Load answers files (one or a team's) and their common checklist, with the warnings to show.

    Raises AnswersError when the files are for different checklists, and
    ChecklistNotFound (at the file's `checklist:`) when theirs is not found.
    When the result hides who answered what (`anonymous`, `names` and the
    checklist's own flag: hides_respondents), warnings name "respondent N"
    instead of the file, whose name is often the person's.
    """
    answer_sets = load_answer_files(files)
    if len({a.checklist for a in answer_sets}) > 1:
        detail = ", ".join(f"{a.path} is for '{a.checklist}'" for a in answer_sets)
        raise AnswersError(Problem(answer_sets[0].path, None, None,
                                   f"answers files are for different checklists: {detail}",
                                   "score one checklist at a time"))
    one_team_and_date(answer_sets)
    checklist = catalog.checklist_for(answer_sets[0])
    anonymous = hides_respondents(checklist, anonymous, names)
    answer_sets, warnings = one_vote_per_file(files, answer_sets, anonymous)
    for number, answers in enumerate(answer_sets, start=1):
        for problem in check_answers(answers, checklist):
            warnings.append(dataclasses.replace(problem, path=f"respondent {number}") if anonymous else problem)
    return Team(checklist, answer_sets, warnings, anonymous)


def one_team_and_date(answer_sets: Sequence[Answers]) -> None:
    """Raise unless the files are one checkpoint: a team's answers of one day (DESIGN.md, "Actions").

    An old checkpoint left in the folder would otherwise count as one more
    respondent and move a gate's score without a word. Team names match as
    everywhere: trimmed, ignoring case.
    """
    first = answer_sets[0]
    for answers in answer_sets[1:]:
        for what, same, was, now, (line, column) in (
                ("team", team_key(answers.team) == team_key(first.team), first.team, answers.team, answers.team_pos),
                ("date", answers.date == first.date, first.date, answers.date, answers.date_pos)):
            if not same:
                raise AnswersError(Problem(
                    answers.path, line, column,
                    f"answers files are for different {what}s: {_show(was)} in {first.path}, {_show(now)} here",
                    "score one checkpoint (a team's files of one date) at a time, "
                    "or see every team with `playbook overview`"))


def _show(value: object) -> str:
    return "none" if value is None or value == "" else f"'{value}'" if isinstance(value, str) else str(value)


def load_previous(files: Sequence[str], checklist: Checklist,
                  anonymous: bool = False) -> tuple[Checkpoint, list[Problem]]:
    """The files of `--since OLD...`: one checkpoint (one team, date and checklist), and the warnings to show.

    Standard input is refused (the files are named, to be read again later).
    A checkpoint for another checklist is returned without warnings: the
    caller's check_previous says what is wrong with it. When the result hides
    who answered (`anonymous`), a warning names "earlier respondent N", as
    load_team does for this checkpoint's files: file names are often people's.
    """
    if "-" in files:
        raise AnswersError(Problem("--since", None, None, "cannot read the previous checkpoint from standard input",
                                   "give its answers files by name"))
    previous = one_checkpoint([load_answers(f) for f in files])
    warnings: list[Problem] = []
    if previous.checklist == checklist.id:
        for number, answers in enumerate(previous.files, 1):
            warnings += [dataclasses.replace(problem, path=f"earlier respondent {number}") if anonymous else problem
                         for problem in check_answers(answers, checklist)]
    return previous, warnings


def follow_up_since(previous: Checkpoint, team: Team, result: Result) -> list[FollowUp]:
    """The follow-up of `score --since`: every action of the previous checkpoint, its item then and now.

    Raises AnswersError unless the previous checkpoint can come before this one.
    """
    check_previous(previous, team.answer_sets[0])
    before = score(team.checklist, previous.files, team.anonymous)
    return follow_up(team.checklist, previous.files, team.answer_sets, before.values, result.values,
                     withheld=before.details_withheld or result.details_withheld)
