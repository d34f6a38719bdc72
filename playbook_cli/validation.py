"""`playbook validate`: check many files and collect every problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from playbook_cli.answers import check_answers, load_answers
from playbook_cli.catalog import Catalog, packaged_dir
from playbook_cli.errors import PlaybookError, Problem
from playbook_cli.overlay import base_drift, missing_base_version
from playbook_cli.settings import project_root_of_checklists, settings_path, unknown_hidden
from playbook_cli.yamlsource import Mapping, display_path, load_yaml

# Keys that only an answers file has; anything else is checked as a checklist.
ANSWERS_MARKERS = {"answers", "respondent", "checklist_version", "actions"}


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    files_with_problems: set[str] = field(default_factory=set)
    # Checklist directories with no docs/ beside them, so `play:` links went unchecked.
    unchecked_plays: set[str] = field(default_factory=set)
    # Suggestions that change nothing (an overlay that records no base_version).
    notes: list[Problem] = field(default_factory=list)
    # The projects' playbook.toml files checked beside their checklists, as shown.
    settings_files: set[str] = field(default_factory=set)

    def add(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)
        self.files_with_problems.update(p.path for p in problems)


def is_answers_document(data) -> bool:
    return isinstance(data, Mapping) and (bool(ANSWERS_MARKERS & set(data)) or
                                          ("checklist" in data and "sections" not in data))


def validate_paths(paths: list[Path], catalog: Catalog) -> Report:
    """Validate checklists and answers files; never raises for bad input.

    YAML's own problems (a duplicate key, a tag) are listed with the others
    in the file, merged in by their place.
    """
    report = Report()
    roots: dict[Path, None] = {}  # the projects whose checklists were checked: their playbook.toml is checked too
    for path in paths:
        found: list[Problem] = []  # what YAML itself finds wrong, collected while reading goes on
        later: list[Problem] = []
        try:
            data = load_yaml(path, problems=found)
            if is_answers_document(data):
                answers = load_answers(path, data=data)  # an unknown checklist is a problem at its `checklist:`
                report.warnings.extend(check_answers(answers, catalog.checklist_for(answers)))
            else:
                if catalog.docs_dir_of(path) is None and path.resolve().parent != packaged_dir():
                    report.unchecked_plays.add(display_path(path.parent))
                roots.setdefault(project_root_of_checklists(path.parent))
                checklist = catalog.load(path, data)
                drift = base_drift(checklist)
                report.warnings += [drift] if drift else []
                missing = missing_base_version(checklist)
                report.notes += [missing] if missing else []
                report.notes += checklist.notices
        except PlaybookError as exc:
            later = exc.problems
        report.add(in_file_order(found, later))
    for root in roots:
        if settings_path(root).exists():
            report.settings_files.add(display_path(settings_path(root)))
        try:
            report.add(unknown_hidden(root))
        except PlaybookError as exc:  # an unreadable or invalid playbook.toml: each of its problems, once
            report.add([p for p in exc.problems if p not in report.problems])
    return report


def in_file_order(found: list[Problem], later: list[Problem]) -> list[Problem]:
    """YAML's problems merged by place into the ones found after, whose order is kept.

    (The checks' own order puts a cause first: "unknown key 'titel'" before
    "missing required key 'title'", though the mapping starts before the key.)
    A value YAML refused (a tag, an impossible date) is read on as its text,
    so the check of that value may complain again at the same place: YAML's
    message, the cause, is the one kept.
    """
    places = {(p.line, p.column) for p in found if p.line is not None}
    later = [p for p in later if (p.line, p.column) not in places]
    merged: list[Problem] = []
    taken = 0
    for problem in sorted(found, key=_place):
        while taken < len(later) and _place(later[taken]) <= _place(problem):
            merged.append(later[taken])
            taken += 1
        merged.append(problem)
    return merged + later[taken:]


def _place(problem: Problem) -> tuple[int, int]:
    return problem.line or 0, problem.column or 0
