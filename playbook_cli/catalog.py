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


def search_path(explicit: str | os.PathLike | None = None) -> list[Path]:
    """The directories to search, in order, without duplicates or missing ones."""
    candidates: list[Path] = []
    if explicit:
        candidates.append(Path(explicit))
    env = os.environ.get(ENV_VAR)
    if env:
        candidates.extend(Path(p) for p in env.split(os.pathsep) if p)
    candidates.append(Path("checklists"))
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
            for path in sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml")):
                catalog.files.setdefault(path.stem, path)
        return catalog

    def resolver(self, stack: tuple[str, ...] = ()):
        """A function that finds the checklist an overlay extends."""
        return lambda base_id: self.get(base_id, stack)

    def ids(self) -> list[str]:
        return sorted(self.files)

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
