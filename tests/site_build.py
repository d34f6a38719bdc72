"""Build the real site with each engine (shared by the site and browser tests).

MkDocs and ProperDocs run docs/hooks/checklists.py, which generates the
pages; Zensical runs no hooks, so its build is `python -m playbook_cli.site
generate` and then `zensical build --strict`, as the README says. An engine
runs from the Python that has it: this one, or the one named by
PLAYBOOK_PROPERDOCS_PYTHON / PLAYBOOK_ZENSICAL_PYTHON (a venv of its own, for
engines whose pins do not fit beside the others). Every build gets the
checkout on PYTHONPATH, so the hook and the Markdown extensions import this
playbook_cli.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ENGINES = ("mkdocs", "properdocs", "zensical")


_PYTHONS: dict[str, str] = {}


def engine_python(engine: str) -> str:
    return _PYTHONS.get(engine) or os.environ.get(f"PLAYBOOK_{engine.upper()}_PYTHON") or sys.executable


def use_python(engine: str, python: str) -> None:
    """Run `engine` from this Python from now on (a venv made for it)."""
    _PYTHONS[engine] = python


def engine_missing(engine: str) -> str | None:
    """Why the engine cannot run here, or None."""
    python = engine_python(engine)
    check = subprocess.run([python, "-c", f"import {engine}"], capture_output=True, text=True, timeout=120)
    if check.returncode != 0:
        hint = {"mkdocs": 'pip install -e ".[docs]"', "properdocs": 'pip install -e ".[docs]"',
                "zensical": "pip install zensical (or set PLAYBOOK_ZENSICAL_PYTHON to a Python that has it)"}[engine]
        return f"{engine} cannot be imported by {python}: {hint}"
    return None


def _env() -> dict[str, str]:
    # Material prints an end-of-life notice on every MkDocs build; this mutes it (a notice, not a warning).
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    return env


def build_site(root: Path, out: Path, engine: str = "mkdocs") -> subprocess.CompletedProcess:
    """A strict build of the project at root into out, with the given engine."""
    python = engine_python(engine)
    if engine == "mkdocs":
        command = [python, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)]
    elif engine == "properdocs":
        command = [python, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml", "--site-dir", str(out)]
    elif engine == "zensical":
        generate = subprocess.run([sys.executable, "-m", "playbook_cli.site", "generate"], cwd=root, env=_env(),
                                  capture_output=True, text=True, timeout=600)
        if generate.returncode != 0:
            return generate
        # Zensical writes to site_dir (site/ beside mkdocs.yml); move it where it was asked for.
        result = subprocess.run([python, "-m", "zensical", "build", "--strict", "--clean"], cwd=root, env=_env(),
                                capture_output=True, text=True, timeout=600)
        if result.returncode == 0 and (root / "site").resolve() != out.resolve():
            shutil.rmtree(out, ignore_errors=True)
            shutil.move(str(root / "site"), out)
        return result
    else:
        raise ValueError(f"unknown engine {engine!r}")
    return subprocess.run(command, cwd=root, env=_env(), capture_output=True, text=True, timeout=600)


def copy_project(dest: Path) -> Path:
    """The files a fork owns, plus the hooks: enough to build the site (not what an earlier build generated)."""
    for name in ("docs", "checklists", "overrides"):
        shutil.copytree(REPO / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("checklists", "schemas"):  # the repository's docs/ may hold pages an earlier build generated
        shutil.rmtree(dest / "docs" / name, ignore_errors=True)
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def install_zensical(where: Path) -> str | None:
    """A venv with the newest Zensical that installs here; its Python, or None if pip cannot install it."""
    venv = where / "venv-zensical"
    python = venv / "bin" / "python"
    if not python.exists():
        made = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True, timeout=300)
        if made.returncode != 0:
            return None
    pip = subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", "zensical"],
                         capture_output=True, text=True, timeout=900)
    return str(python) if pip.returncode == 0 else None


_BUILT: dict[str, tuple[Path, subprocess.CompletedProcess]] = {}


def built_copy(engine: str, scratch: Path) -> tuple[Path, subprocess.CompletedProcess]:
    """The site built by `engine` from a copy of the project, once per test session: (site dir, build result)."""
    if engine not in _BUILT:
        root = copy_project(scratch / f"project-{engine}")
        out = scratch / f"site-{engine}"
        _BUILT[engine] = (out, build_site(root, out, engine))
    return _BUILT[engine]
