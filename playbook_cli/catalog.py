"""Where checklists are found, looking them up by id, and the one `extends:` resolver.

Search order (earlier wins when two directories hold the same id):
`--checklists DIR`, then `PLAYBOOK_CHECKLISTS` (one or more directories,
separated like PATH), then `./checklists`, then the checklists packaged with
the tool, so that `pip install` alone gives a working `playbook list`.

The checklist an overlay `extends:` is found here, by id, in the same search
path, and nowhere else: `validate`, `show`, `score`, `list` and the site's
generation all load checklists through a Catalog, so they accept and refuse
the same files with the same messages.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playbook_cli.errors import ChecklistError, ChecklistNotFound, PlaybookError, Problem
from playbook_cli.loader import docs_dir_for
from playbook_cli.model import Answers, Checklist
from playbook_cli.overlay import Resolver, build_checklist
from playbook_cli.yamlsource import display_path, load_yaml

ENV_VAR = "PLAYBOOK_CHECKLISTS"


def packaged_dir() -> Path:
    """The checklists shipped with the tool.

    In a wheel they live in playbook_cli/_data/checklists; in a source
    checkout (or an editable install) they are the repository's checklists/.
    """
    inside = Path(__file__).resolve().parent / "_data" / "checklists"
    if inside.is_dir():
        return inside
    return Path(__file__).resolve().parent.parent / "checklists"


def yaml_files(directory: Path) -> list[Path]:
    """The checklist or answers files in a directory: *.yaml, then *.yml, each sorted."""
    return sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml"))


def search_path(explicit: str | os.PathLike | None = None) -> list[Path]:
    """The directories to search, in order, without duplicates.

    A directory the user named (--checklists or PLAYBOOK_CHECKLISTS) must
    exist; ./checklists and the packaged ones are used only if they do.
    """
    named: list[tuple[Path, str | None]] = [(Path(explicit), None)] if explicit else []
    named += [(Path(p), f"fix or unset {ENV_VAR}") for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p]
    for directory, hint in named:
        if not directory.is_dir():
            raise ChecklistNotFound(Problem(str(directory), None, None, "checklists directory does not exist", hint))
    candidates = [directory for directory, _ in named] + [Path("checklists")]
    candidates.append(packaged_dir())
    seen: set[Path] = set()
    out: list[Path] = []
    for candidate in candidates:
        try:
            resolved = candidate.resolve()
        except OSError:
            continue
        if resolved in seen or not resolved.is_dir():
            continue
        seen.add(resolved)
        out.append(candidate)
    return out


# The checklists being loaded, outermost first, as (id, resolved file): a base already here is a loop.
Chain = tuple[tuple[str, Path], ...]

_UNREAD: Any = object()


@dataclass
class Catalog:
    """The checklists visible from here, by id. Files are parsed on demand.

    `docs` maps a checklists directory (resolved) to the docs/ its `play:`
    links are checked against, where that is not the docs/ beside it (the
    site's engine may keep its pages elsewhere).
    """

    dirs: list[Path]
    files: dict[str, Path] = field(default_factory=dict)
    docs: dict[Path, Path] = field(default_factory=dict)
    _cache: dict[str, Checklist] = field(default_factory=dict, repr=False)

    @classmethod
    def discover(cls, explicit: str | os.PathLike | None = None, docs_dir: Path | None = None) -> Catalog:
        """The catalog of the search path.

        `docs_dir`, if given, is where the play pages of the checklists in `explicit` are.
        """
        dirs = search_path(explicit)
        catalog = cls(dirs)
        if explicit is not None and docs_dir is not None:
            catalog.docs[Path(explicit).resolve()] = Path(docs_dir)
        for directory in dirs:
            for path in yaml_files(directory):
                catalog.files.setdefault(path.stem, path)
        return catalog

    def docs_dir_of(self, path: Path) -> Path | None:
        """The docs/ a checklist file's `play:` links are checked against (None: not checked)."""
        return self.docs.get(Path(path).resolve().parent) or docs_dir_for(Path(path))

    def play_titles(self, checklist: Checklist) -> dict[str, str]:
        """Titles of the checklist's plays, from the docs/ beside its file (if any)."""
        from playbook_cli.site.docs_pages import play_titles

        plays = {item.play for item in checklist.items if item.play}
        return play_titles(self.docs_dir_of(self.files[checklist.id]), plays)

    def ids(self) -> list[str]:
        return sorted(self.files)

    def listing(self) -> tuple[list[tuple[Checklist, Path]], list[Problem]]:
        """What `playbook list` shows: every checklist found but those the fork's playbook.toml hides,
        loaded, with its file; and the first problem of each that does not load."""
        from playbook_cli.settings import hidden_checklist

        loaded, broken = [], []
        for checklist_id in self.ids():
            if hidden_checklist(self.files[checklist_id]):
                continue
            try:
                loaded.append((self.get(checklist_id), self.files[checklist_id]))
            except PlaybookError as exc:
                broken.append(exc.first)
        return loaded, broken

    def runnable(self, checklist_id: str) -> Checklist:
        """A checklist to run: as `get`, but one the fork's playbook.toml hides is refused (SettingsError)."""
        from playbook_cli.settings import refuse_hidden

        if checklist_id in self.files:
            refuse_hidden(self.files[checklist_id])
        return self.get(checklist_id)

    def loaded_files(self) -> list[Path]:
        """The files of every checklist loaded so far, the bases of overlays included."""
        return [self.files[checklist_id] for checklist_id in self._cache]

    def get(self, checklist_id: str) -> Checklist:
        """Load a checklist by id; raises ChecklistNotFound or ChecklistError.

        A checklist that `extends:` another finds it here too, so an overlay
        in ./checklists can extend one packaged with the tool.
        """
        return self._get(checklist_id, ())

    def checklist_for(self, answers: Answers) -> Checklist:
        """The checklist an answers file names; an unknown id is an error at the file's `checklist:`."""
        try:
            return self.get(answers.checklist)
        except ChecklistNotFound as exc:
            line, column = answers.checklist_pos
            raise ChecklistNotFound(Problem(answers.path, line, column, f"no checklist '{answers.checklist}' found",
                                            exc.first.hint)) from None

    def load(self, path: Path | str, data: Any = _UNREAD) -> Checklist:
        """Load any checklist file, in the search path or not; the base of an overlay is found by id here.

        `data` is the file as load_yaml already read it, if it was (validate
        reads it first, collecting the problems YAML itself has).
        """
        path = Path(path)
        if data is _UNREAD:
            if self.files.get(path.stem) == path:
                return self.get(path.stem)
            data = load_yaml(path)
        return self._build(path, data, ((path.stem, path.resolve()),))

    def _get(self, checklist_id: str, chain: Chain) -> Checklist:
        if checklist_id in self._cache:
            return self._cache[checklist_id]
        path = self.files.get(checklist_id)
        if path is None:
            known = ", ".join(self.ids()) or "none"
            raise ChecklistNotFound(
                Problem(checklist_id, None, None, "no such checklist",
                        f"checklists found: {known} (searched {', '.join(str(d) for d in self.dirs) or 'nowhere'})")
            )
        checklist = self._build(path, load_yaml(path), chain + ((checklist_id, path.resolve()),))
        self._cache[checklist_id] = checklist
        return checklist

    def _build(self, path: Path, data: Any, chain: Chain) -> Checklist:
        return build_checklist(path, data, self.docs_dir_of(path), self._resolver(path, chain))

    def _resolver(self, path: Path, chain: Chain) -> Resolver:
        """What finds the checklist that `path` (the last of `chain`) extends: the one `extends:` resolver."""

        def resolve(base_id: str) -> Checklist:
            base = self.files.get(base_id)
            if base is not None and base.resolve() in {file for _, file in chain}:
                raise ChecklistError(Problem(display_path(path), None, None, "'extends' makes a loop: "
                                             + " -> ".join([checklist_id for checklist_id, _ in chain] + [base_id])))
            return self._get(base_id, chain)

        return resolve
