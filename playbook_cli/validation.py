"""`playbook validate`: check many files and collect every problem."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from playbook_cli.answers import check_answers, load_answers
from playbook_cli.catalog import Catalog
from playbook_cli.errors import PlaybookError, Problem
from playbook_cli.loader import ChecklistValidator, docs_dir_for
from playbook_cli.yamlsource import Mapping, display_path, load_yaml

# Keys that only an answers file has; anything else is checked as a checklist.
ANSWERS_MARKERS = {"answers", "respondent", "checklist_version", "actions"}


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    files_with_problems: set[str] = field(default_factory=set)

    def add(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)
        self.files_with_problems.update(p.path for p in problems)


def is_answers_document(data) -> bool:
    return isinstance(data, Mapping) and (bool(ANSWERS_MARKERS & set(data)) or
                                          ("checklist" in data and "sections" not in data))


def validate_paths(paths: list[Path], catalog: Catalog) -> Report:
    """Validate checklists and answers files; never raises for bad input."""
    report = Report()
    for path in paths:
        try:
            data = load_yaml(path)
            if is_answers_document(data):
                answers = load_answers(path)
                try:
                    checklist = catalog.get(answers.checklist)
                except PlaybookError:
                    report.warnings.append(Problem(display_path(path), None, None,
                                                   f"checklist '{answers.checklist}' not found; answers not checked against it"))
                    continue
                report.warnings.extend(check_answers(answers, checklist))
            else:
                stem = path.stem
                resolver = catalog.resolver((stem,)) if stem in catalog.files else None
                ChecklistValidator(path, docs_dir_for(path), resolver).build(data)
        except PlaybookError as exc:
            report.add(exc.problems)
    return report
