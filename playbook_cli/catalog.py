"""Where checklists are found, and looking them up by id.

Search order (earlier wins when two directories hold the same id):
`--checklists DIR`, then `PLAYBOOK_CHECKLISTS` (one or more directories,
separated like PATH), then `./checklists`, then the checklists packaged with
the tool, so that `pip install` alone gives a working `playbook list`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from playbook_cli.errors import ChecklistError, ChecklistNotFound, Problem
from playbook_cli.loader import load_checklist
from playbook_cli.model import Checklist

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
    named = [(Path(explicit), None)] if explicit else []
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


@dataclass
class Catalog:
    """The checklists visible from here, by id. Files are parsed on demand."""

    dirs: list[Path]
    files: dict[str, Path] = field(default_factory=dict)
    _cache: dict[str, Checklist] = field(default_factory=dict, repr=False)

    @classmethod
    def discover(cls, explicit: str | os.PathLike | None = None) -> "Catalog":
        dirs = search_path(explicit)
        catalog = cls(dirs)
        for directory in dirs:
            for path in yaml_files(directory):
                catalog.files.setdefault(path.stem, path)
        return catalog

    def play_titles(self, checklist: Checklist) -> dict[str, str]:
        """Titles of the checklist's plays, from the docs/ beside its file (if any)."""
        from playbook_cli.site.docs_pages import play_titles
        from playbook_cli.loader import docs_dir_for

        plays = {item.play for item in checklist.items if item.play}
        return play_titles(docs_dir_for(self.files[checklist.id]), plays)

    def resolver(self, stack: tuple[str, ...] = ()):
        """A function that finds the checklist an overlay extends."""
        return lambda base_id: self.get(base_id, stack)

    def ids(self) -> list[str]:
        return sorted(self.files)

    def loaded_files(self) -> list[Path]:
        """The files of every checklist loaded so far, the bases of overlays included."""
        return [self.files[checklist_id] for checklist_id in self._cache]

    def get(self, checklist_id: str, _stack: tuple[str, ...] = ()) -> Checklist:
        """Load a checklist by id; raises ChecklistNotFound or ChecklistError.

        A checklist that `extends:` another finds it here too, so an overlay
        in ./checklists can extend one packaged with the tool.
        """
        if checklist_id in self._cache:
            return self._cache[checklist_id]
        if checklist_id in _stack:
            raise ChecklistError(Problem(str(self.files.get(_stack[-1], _stack[-1])), None, None,
                                         "'extends' makes a loop: " + " -> ".join(_stack + (checklist_id,))))
        path = self.files.get(checklist_id)
        if path is None:
            known = ", ".join(self.ids()) or "none"
            raise ChecklistNotFound(
                Problem(checklist_id, None, None, "no such checklist",
                        f"checklists found: {known} (searched {', '.join(str(d) for d in self.dirs) or 'nowhere'})")
            )
        checklist = load_checklist(path, resolver=self.resolver(_stack + (checklist_id,)))
        self._cache[checklist_id] = checklist
        return checklist
