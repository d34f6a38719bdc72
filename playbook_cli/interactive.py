"""`playbook run`: ask a checklist's questions one by one, saving after each.

This is part of the command-line layer (it prompts and prints); the answers
file format, scoring and rendering stay in the core modules it calls.
"""

from __future__ import annotations

import datetime as _dt
import sys
import textwrap
from pathlib import Path

import click

from playbook_cli.answers import load_answers, save_answers
from playbook_cli.cli import EXIT_INTERRUPTED
from playbook_cli.errors import AnswersError, Problem
from playbook_cli.model import Action, Answers, Checklist, Item
from playbook_cli.yamlsource import parse_date

# What a respondent may type at a question.
ANSWER_KEYS = {
    "y": "yes", "yes": "yes",
    "p": "partly", "partly": "partly",
    "n": "no", "no": "no",
    "u": "unknown", "unknown": "unknown",
    "na": "n/a", "n/a": "n/a",
}
HINT = "Type y (yes), p (partly), n (no), u (unknown), na (n/a), ? (why), b (back) or q (save and stop)."
TOP_GAPS = 5


class _Quit(Exception):
    """The respondent typed q, or input ended."""


class RunSession:
    """One interactive run over one answers file."""

    def __init__(self, checklist: Checklist, path: Path, *, team=None, respondent=None, colour=False,
                 play_titles: dict[str, str] | None = None):
        self.checklist = checklist
        self.play_titles = play_titles or {}
        self.path = path
        self.colour = colour
        self.team = team
        self.respondent = respondent
        self.answers: Answers | None = None
        self.saved = False

    # -- I/O ----------------------------------------------------------------
    def say(self, text: str = "", **style) -> None:
        click.echo(click.style(text, **style) if (style and self.colour) else text)

    def ask(self, prompt: str) -> str:
        """Read one line; raise _Quit at end of input."""
        click.echo(prompt, nl=False)
        # sys.stdin, not a new click text stream per call: each would buffer ahead
        # and swallow the lines meant for the next prompt.
        line = sys.stdin.readline()
        if line == "":
            click.echo()
            raise _Quit
        return line.strip()

    def save(self) -> None:
        save_answers(self.path, self.answers, self.checklist)
        self.saved = True

    # -- flow -----------------------------------------------------------------
    def run(self) -> int:
        try:
            self.start()
            self.questions()
            self.finish()
        except _Quit:
            self.stopped("Stopped")
            return 0
        except KeyboardInterrupt:
            click.echo()
            self.stopped("Interrupted")
            return EXIT_INTERRUPTED
        return 0

    def answered_count(self) -> int:
        return sum(1 for item in self.checklist.items if item.id in self.answers.answers)

    def stopped(self, how: str) -> None:
        if self.answers is None or not self.saved:
            click.echo(f"{how}. Nothing was saved.", err=True)
            return
        total = len(self.checklist.items)
        click.echo(f"{how}. Saved {self.answered_count()} of {total} answers to {self.path}. "
                   f"Run the same command to resume.", err=True)

    def start(self) -> None:
        c = self.checklist
        # An empty file (say, made with `touch`) holds no answers yet: start afresh.
        if self.path.exists() and self.path.stat().st_size > 0:
            existing = load_answers(self.path)
            if existing.checklist != c.id:
                raise AnswersError(Problem(str(self.path), None, None,
                                           f"holds answers for '{existing.checklist}', not '{c.id}'",
                                           "choose another file with -o"))
            self.answers = existing
            self.saved = True
            if existing.checklist_version not in (None, c.version):
                click.echo(f"Warning: {self.path} was answered against version {existing.checklist_version}; "
                           f"the checklist is now version {c.version}.", err=True)
            existing.checklist_version = c.version
            self.say(f"Resuming: {self.answered_count()} of {len(c.items)} answered.", bold=True)
        else:
            self.answers = Answers(checklist=c.id, checklist_version=c.version, date=_dt.date.today())
            self.say(f"{c.title} ({len(c.items)} questions).", bold=True)
            self.say(HINT)
        if self.team:
            self.answers.team = self.team
        elif self.answers.team is None:
            self.answers.team = self.ask("Team name (Enter to skip): ") or None
        if self.respondent:
            self.answers.respondent = self.respondent
        elif self.answers.respondent is None:
            self.answers.respondent = self.ask("Your name (Enter to skip): ") or None
        self.save()

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
            raw = self.ask(prompt).lower()
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
                raise _Quit
            self.say(HINT if raw else "Please answer. " + HINT, fg="yellow")

    def finish(self) -> None:
        from playbook_cli.render import render_result
        from playbook_cli.scoring import score

        result = score(self.checklist, [self.answers])
        self.say()
        click.echo(render_result(result, "text", color=self.colour, top=TOP_GAPS,
                                 play_titles=self.play_titles), nl=False)
        unowned = [gap for gap in result.gaps[:TOP_GAPS] if gap.owner is None]
        if unowned:
            self.say()
            self.say("Name an owner for each top gap: a gap that everyone owns is owned by no one.", bold=True)
        for gap in unowned:
            self.say()
            self.say(f"Gap: {gap.item.question}")
            owner = self.ask("  Owner (Enter to skip): ")
            if not owner:
                continue
            due = self.ask_date("  Due date YYYY-MM-DD (Enter to skip): ")
            self.answers.actions[gap.item.id] = Action(owner, due)
            self.save()
        self.say()
        self.say(f"Saved {self.path}. Score it any time: playbook score {self.path}")

    def ask_date(self, prompt: str) -> _dt.date | None:
        while True:
            raw = self.ask(prompt)
            if not raw:
                return None
            date = parse_date(raw)
            if date is not None:
                return date
            self.say("Please type a date like 2026-12-01, or press Enter to skip.", fg="yellow")
