"""`playbook run`: ask a checklist's questions one by one, saving after each.

This is part of the command-line layer (it prompts and prints); the answers
file format, scoring and rendering stay in the core modules it calls. How a
run ended is returned as a `RunOutcome`; `cli.py` turns it into an exit status.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import enum
import sys
import textwrap
from pathlib import Path

import click

from playbook_cli.actions import actions_to_carry, carry, check_previous, record_carried, team_key
from playbook_cli.answers import dump_answers, has_comments, load_answers, save_answers
from playbook_cli.errors import AnswersError, PlaybookError, Problem
from playbook_cli.model import Action, Answers, Checklist, Item
from playbook_cli.render.terminal import terminal_safe
from playbook_cli.yamlsource import display_path, parse_date, show_value

# What a respondent may type at a question.
ANSWER_KEYS = {
    "y": "yes", "yes": "yes",
    "p": "partly", "partly": "partly",
    "n": "no", "no": "no",
    "u": "unknown", "unknown": "unknown",
    "na": "n/a", "n/a": "n/a",
}
HINT = "Type y (yes), p (partly), n (no), u (unknown), na (n/a), ? (why), b (back) or q (save and stop)."
# What an owner may type about an open action of the previous checkpoint.
STATUS_KEYS = {"d": "done", "done": "done", "o": "open", "open": "open",
               "x": "dropped", "drop": "dropped", "dropped": "dropped"}
STATUS_HINT = "Type d (done), o (still open) or x (dropped), or q to save and stop."
TOP_GAPS = 5


class RunOutcome(enum.Enum):
    """How a run ended."""

    COMPLETE = "complete"        # every question answered and every owner prompt seen
    STOPPED = "stopped"          # q typed, or input ended on a terminal or after the last question
    INPUT_ENDED = "input-ended"  # no terminal, and input ended before the last question
    INTERRUPTED = "interrupted"  # Ctrl-C


class SaveFailed(PlaybookError):
    """Saving the answers file failed midway through a run (read-only, disk full...)."""


class _Quit(Exception):
    """The respondent typed q (`typed`), or input ended."""

    def __init__(self, typed: bool):
        super().__init__()
        self.typed = typed


class RunSession:
    """One interactive run over one answers file.

    `terminal` says whether a person is typing: only then are missing team
    and respondent names asked for. Without one, every line is an answer.
    """

    def __init__(self, checklist: Checklist, path: Path, *, team=None, respondent=None, colour=False,
                 terminal=False, play_titles: dict[str, str] | None = None, since=None):
        self.checklist = checklist
        self.since = since  # the previous checkpoint (actions.Checkpoint), whose actions are carried
        self.play_titles = play_titles or {}
        self.path = path
        self.colour = colour
        self.terminal = terminal
        self.team = team
        self.respondent = respondent
        self._answers: Answers | None = None  # from start() on
        self.saved = False        # the file holds answers for this checklist (resumed or written)
        self.saved_count = 0      # how many questions the file on disk has answered
        self.written: str | None = None   # the file's content as this tool would write it
        self.loaded_text: str | None = None  # a resumed file's own text, until it is first rewritten

    @property
    def answers(self) -> Answers:
        """The answers being given: the resumed file's, or new ones (set by start())."""
        if self._answers is None:
            raise RuntimeError("the run has not started")
        return self._answers

    @answers.setter
    def answers(self, answers: Answers) -> None:
        self._answers = answers

    # -- I/O ----------------------------------------------------------------
    def say(self, text: str = "", **style) -> None:
        """One line to stdout; what it quotes from files is shown, never obeyed by the terminal."""
        text = terminal_safe(text)
        click.echo(click.style(text, **style) if (style and self.colour) else text)

    @staticmethod
    def tell(text: str) -> None:
        """One message line to stderr."""
        click.echo(terminal_safe(text), err=True)

    def ask(self, prompt: str, hint: str = "Please type it again.") -> str:
        """Read one line; raise _Quit at end of input. Bytes that are not text are asked again."""
        while True:
            click.echo(prompt, nl=False)
            line = self.read_line()
            if line is None:
                click.echo()
                raise _Quit(typed=False)
            try:
                return line.decode(getattr(sys.stdin, "encoding", None) or "utf-8").strip()
            except (UnicodeDecodeError, LookupError):
                self.say("That was not readable text. " + hint, fg="yellow")

    @staticmethod
    def read_line() -> bytes | None:
        """One line of standard input as bytes, or None at its end."""
        stdin = sys.stdin
        if stdin is None:  # started with standard input closed
            return None
        # Bytes from one buffered stream for the whole run: a new text stream per call
        # would buffer ahead and swallow the lines meant for the next prompt, and a
        # decoding error must not lose the line or end the run.
        buffer = getattr(stdin, "buffer", None)
        line = buffer.readline() if buffer is not None else stdin.readline().encode("utf-8", "surrogateescape")
        return line or None

    def save(self) -> None:
        """Write the answers file, unless it already holds exactly these answers."""
        text = dump_answers(self.answers, self.checklist)
        if text == self.written:
            return  # nothing changed: a hand-edited file keeps its comments and layout
        if self.loaded_text is not None:
            if has_comments(self.loaded_text):
                self.tell(f"Warning: {self.path}: its comments will not be kept; "
                          f"saving rewrites the file in the tool's own layout.")
            self.loaded_text = None
        try:
            save_answers(self.path, self.answers, self.checklist)
        except (PlaybookError, OSError) as exc:
            raise self.save_failed(exc) from None
        self.written = text
        self.saved = True
        self.saved_count = self.answered_count()

    def save_failed(self, exc: PlaybookError | OSError) -> SaveFailed:
        """One error for a failed save, saying what the file still holds."""
        total = len(self.checklist.items)
        kept = f"{self.saved_count} of {total} answers were saved before this" if self.saved \
            else "nothing was saved"
        if isinstance(exc, PlaybookError):
            hint = f"{kept}; {exc.first.hint}" if exc.first.hint else \
                f"{kept}; run the same command to resume once the file can be written"
            return SaveFailed(dataclasses.replace(exc.first, hint=hint))
        return SaveFailed(Problem(str(self.path), None, None, f"cannot save: {exc.strerror or exc}",
                                  f"{kept}; run the same command to resume once the file can be written"))

    # -- flow -----------------------------------------------------------------
    def run(self) -> RunOutcome:
        try:
            self.start()
            self.review_actions()
            self.questions()
            self.finish()
        except _Quit as quit:
            total = len(self.checklist.items)
            if not quit.typed and not self.terminal and self._answers is not None \
                    and self.answered_count() < total:
                where = f"Saved to {self.path}; run the same command to resume." if self.saved \
                    else "Nothing was saved."
                self.tell(f"Input ended before the last question: {self.saved_count} of {total} answered. {where}")
                return RunOutcome.INPUT_ENDED
            self.stopped("Stopped")
            return RunOutcome.STOPPED
        except KeyboardInterrupt:
            click.echo()
            self.stopped("Interrupted")
            return RunOutcome.INTERRUPTED
        return RunOutcome.COMPLETE

    def answered_count(self) -> int:
        return sum(1 for item in self.checklist.items if item.id in self.answers.answers)

    def stopped(self, how: str) -> None:
        if self._answers is None or not self.saved:
            self.tell(f"{how}. Nothing was saved.")
            return
        total = len(self.checklist.items)
        self.tell(f"{how}. Saved {self.saved_count} of {total} answers to {self.path}. "
                  f"Run the same command to resume.")

    def start(self) -> None:
        c = self.checklist
        # An empty file (say, made with `touch`) holds no answers yet: start afresh.
        if self.path.exists() and self.path.stat().st_size > 0:
            existing = load_answers(self.path)
            if existing.checklist != c.id:
                raise AnswersError(Problem(str(self.path), None, None,
                                           f"holds answers for '{existing.checklist}', not '{c.id}'",
                                           "choose another file with -o"))
            self.refuse_another_header(existing)
            self.answers = existing
            self.saved = True
            self.saved_count = self.answered_count()
            self.written = dump_answers(existing, c)
            self.loaded_text = self.path.read_text(encoding="utf-8")
            # The file keeps the version its answers were given against, even as new
            # answers join them: claiming the new version would tell `score` that old
            # answers were given to the new wording, and silence its warning.
            if existing.checklist_version not in (None, c.version):
                self.tell(f"Warning: {self.path} was answered against version {existing.checklist_version}; "
                          f"the checklist is now version {c.version}. The file keeps saying version "
                          f"{existing.checklist_version}; to answer the new version afresh, use a new file.")
            self.say(f"Resuming: {self.answered_count()} of {len(c.items)} answered.", bold=True)
        else:
            self.answers = Answers(checklist=c.id, checklist_version=c.version, date=_dt.date.today())
            self.say(f"{c.title} ({len(c.items)} questions).", bold=True)
            self.say(HINT)
        # A resumed file's own names stay (refuse_another_header let through only the same ones).
        if self.team and not (self.answers.team or "").strip():
            self.answers.team = self.team
        elif self.answers.team is None and self.since is not None and self.since.files[0].team:
            self.answers.team = self.since.files[0].team  # the same team as last time
        elif self.answers.team is None and self.terminal:
            self.answers.team = self.ask("Team name (Enter to skip): ") or None
        if self.respondent and not (self.answers.respondent or "").strip():
            self.answers.respondent = self.respondent
        elif self.answers.respondent is None and self.terminal:
            self.answers.respondent = self.ask("Your name (Enter to skip): ") or None
        if self.since is not None:
            check_previous(self.since, self.answers, display_path(self.path))
        self.save()  # a new file, or a changed header; an unchanged file is left as it is

    def refuse_another_header(self, existing: Answers) -> None:
        """Resuming a file, --team and --respondent may repeat what it says, never change it: with a
        teammate's file path pasted from a guide, they would turn that person's answers into yours."""
        for option, what, given, recorded, pos in (
                ("--team", "team", self.team, existing.team, existing.team_pos),
                ("--respondent", "respondent", self.respondent, existing.respondent, existing.respondent_pos)):
            if given and recorded and recorded.strip() and team_key(given) != team_key(recorded):
                raise AnswersError(Problem(
                    str(self.path), *pos,
                    f"holds the answers of {what} {show_value(recorded.strip())}; {option} says "
                    f"{show_value(given.strip())}",
                    f"leave out {option} to resume this file (to rename, edit its '{what}:' line), "
                    "or choose another file with -o"))

    def review_actions(self) -> None:
        """Carry the previous checkpoint's actions, asking about each open one: done, open or dropped.

        Closed ones are carried as they are. An action already in this file
        (a resumed run) is not asked again. The rule is `actions.carry`.
        """
        if self.since is None:
            return
        on = self.answers.date or _dt.date.today()
        pending = {item_id: action for item_id, action in actions_to_carry(self.since, self.checklist).items()
                   if item_id not in self.answers.actions}
        for item_id, action in pending.items():
            if not action.is_open:
                record_carried(self.answers, item_id, carry(action, on))
        self.save()
        still = [(item_id, action) for item_id, action in pending.items() if action.is_open]
        if not still:
            return
        self.say()
        self.say(f"Open actions from {self.since.date.isoformat()}: {len(still)}. Is each done, still open or dropped?",
                 bold=True)
        items = {item.id: item for item in self.checklist.items}  # actions_to_carry keeps the checklist's items only
        for number, (item_id, action) in enumerate(still, start=1):
            item = items[item_id]
            self.say()
            self.say(f"Action {number}/{len(still)}: {item.question} ({item_id})")
            self.say(f"  Owner: {action.owner}" + (f", due {action.due.isoformat()}" if action.due else ""))
            status = self.ask_status()
            due = note = None
            if status == "open":
                keep = action.due.isoformat() if action.due else "no due date"
                due = self.ask_date(f"  New due date YYYY-MM-DD (Enter keeps {keep}): ")
            elif status == "dropped":
                note = self.ask("  Why dropped? Note (Enter to skip): ") or None
            record_carried(self.answers, item_id, carry(action, on, status, due, note))
            self.save()

    def ask_status(self) -> str:
        while True:
            raw = self.ask("  Done (d), still open (o) or dropped (x)? ", STATUS_HINT).lower()
            if raw in STATUS_KEYS:
                return STATUS_KEYS[raw]
            if raw == "q":
                raise _Quit(typed=True)
            self.say(STATUS_HINT, fg="yellow")

    def next_unanswered(self, after: int) -> int | None:
        items = self.checklist.items
        for index in range(after + 1, len(items)):
            if items[index].id not in self.answers.answers:
                return index
        return None

    def questions(self) -> None:
        items = self.checklist.items
        cursor = self.next_unanswered(-1)
        while cursor is not None:
            item = items[cursor]
            answer = self.question(item, cursor)
            if answer == "back":
                if cursor == 0:
                    self.say("This is the first question; there is nothing to go back to.")
                else:
                    cursor -= 1
                continue
            self.answers.answers[item.id] = answer
            self.save()
            cursor = self.next_unanswered(cursor)

    def question(self, item: Item, index: int) -> str:
        c = self.checklist
        section = c.section(item.section_id)
        self.say()
        self.say(f"{index + 1}/{len(c.items)} {section.title if section else ''}", fg="cyan")
        marks = f"weight {item.weight}" + (", critical" if item.critical else "")
        self.say(f"{item.question}  [{marks}]", bold=True)
        current = self.answers.answers.get(item.id)
        prompt = f"Answer{f' (now: {current})' if current else ''} [y/p/n/u/na ? b q]: "
        while True:
            raw = self.ask(prompt, HINT).lower()
            if raw in ANSWER_KEYS:
                return ANSWER_KEYS[raw]
            if raw == "?":
                for line in textwrap.wrap(" ".join(item.why.split()), 76):
                    self.say(f"  {line}")
                if item.play:
                    title = self.play_titles.get(item.play)
                    self.say(f"  Play: {title} ({item.play})" if title else f"  Play: {item.play}")
                continue
            if raw == "b":
                return "back"
            if raw == "q":
                raise _Quit(typed=True)
            self.say(HINT if raw else "Please answer. " + HINT, fg="yellow")

    def finish(self) -> None:
        from playbook_cli.render import render_result
        from playbook_cli.scoring import score

        result = score(self.checklist, [self.answers])
        self.say()
        click.echo(render_result(result, "text", color=self.colour, top=TOP_GAPS,
                                 play_titles=self.play_titles), nl=False)
        # Every top gap without an open action is asked, also one whose carried action is done or
        # dropped: the gap is still there, so it needs an owner again (the report lists it unowned).
        unowned = [gap for gap in result.gaps[:TOP_GAPS]
                   if gap.item.id not in self.answers.actions or not self.answers.actions[gap.item.id].is_open]
        if unowned:
            self.say()
            self.say("Name an owner for each top gap: a gap that everyone owns is owned by no one.", bold=True)
        for gap in unowned:
            self.say()
            self.say(f"Gap: {gap.item.question}")
            last = self.answers.actions.get(gap.item.id)
            if last is not None:
                self.say(f"  Last action: {_ended(last)}; the gap is still here.")
            owner = self.ask("  Owner (Enter to skip, q to stop): ")
            if owner.lower() == "q":
                raise _Quit(typed=True)
            if not owner:
                continue
            # A new action replaces the ended one in this file (the previous file keeps its history);
            # its note says what it follows. Saved before the due date is asked: Ctrl-C or the end of
            # input there keeps the owner.
            note = f"Follows {_ended(last)}." if last is not None else None
            self.answers.actions[gap.item.id] = Action(owner, note=note)
            self.save()
            due = self.ask_date("  Due date YYYY-MM-DD (Enter to skip): ")
            if due is not None:
                self.answers.actions[gap.item.id] = Action(owner, due, note=note)
                self.save()
        self.say()
        self.say(f"Saved {self.path}. Score it any time: playbook score {self.path}")

    def ask_date(self, prompt: str) -> _dt.date | None:
        hint = "Please type a date like 2026-12-01, or press Enter to skip."
        while True:
            raw = self.ask(prompt, hint)
            if not raw:
                return None
            if raw.lower() == "q":
                raise _Quit(typed=True)
            date = parse_date(raw)
            if date is not None:
                return date
            self.say(hint, fg="yellow")


def _ended(action: Action) -> str:
    """A done or dropped action in a few words: "Bo's action, done 2026-10-25"."""
    when = f" {action.done.isoformat()}" if action.status == "done" and action.done else ""
    return f"{action.owner}'s action, {action.status}{when}"
